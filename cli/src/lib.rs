//! The `mileston-config` command line: `check`, `scan` and `webhook send`.
//!
//! Exit codes: 0 when all is well, 1 when a problem or a leaked key was found,
//! 2 for usage errors (bad arguments, missing files).
#![warn(missing_docs)]

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use mileston_config_core::secret;

pub mod check;
pub mod scan;
pub mod webhook;

/// Exit code for "the command ran and found problems".
pub const EXIT_PROBLEMS: u8 = 1;
/// Exit code for usage errors (the same clap uses).
pub const EXIT_USAGE: u8 = 2;

/// Safe handling of Mileston API keys in deployment pipelines.
#[derive(Debug, Parser)]
#[command(name = "mileston-config", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Check(check::CheckArgs),
    Scan(scan::ScanArgs),
    Webhook(webhook::WebhookArgs),
}

/// Output format of both commands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Lines for people.
    #[default]
    Text,
    /// One JSON object on stdout.
    Json,
}

/// Parses the command line and runs the command.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_error(&e),
    };
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Scan(args) => scan::run(args),
        Command::Webhook(args) => webhook::run(args),
    }
}

/// Prints a usage error and returns exit code 2. The message may quote what
/// was typed (a path): anything in it that may be a key is redacted.
pub(crate) fn usage_error(message: impl std::fmt::Display) -> ExitCode {
    let message = message.to_string();
    eprintln!("error: {}", secret::redact(&message));
    ExitCode::from(EXIT_USAGE)
}

/// clap's own message (a usage error, or `--help`/`--version`), with what may
/// be a key redacted: clap repeats the values it refuses, and a key pasted
/// where a flag goes must not reach a CI log.
fn clap_error(e: &clap::Error) -> ExitCode {
    let text = e.render().to_string();
    let text = secret::redact(&text);
    if e.use_stderr() {
        eprint!("{text}");
    } else {
        print!("{text}");
    }
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(EXIT_USAGE))
}
