//! `mileston-config scan`: finds Mileston keys, and the secrets with no format
//! by the names they are assigned to, in source trees and build artifacts,
//! text or binary, and judges each by where it was found.
//!
//! Keys are matched on bytes, so that `.wasm`, `.js` bundles and native
//! binaries are searched like source files. Only redacted keys are printed,
//! and nothing of a secret's value.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::{EXIT_PROBLEMS, Format, usage_error};

mod allow;
mod classify;
mod escape;
mod file;
mod finder;
mod kind;
mod names;
mod report;
mod search;
mod walk;

pub use allow::AllowList;
pub use classify::{Class, classify};
pub use escape::{Escapes, Run};
pub use file::MAX_FILE_SIZE;
pub use finder::{KEY_PATTERN, KeyFinder, key_text};
pub use kind::{Kind, Named, Utf16, by_name, decode_utf16, kind};
pub use names::{Assigned, Names};
pub use report::{Encoding, Finding, Outcome, Policy, Severity};
pub use search::{Hit, Hits, Searcher};
pub use walk::{scan_paths, scan_paths_with};

use report::{JsonReport, print_text};

/// Find Mileston keys and secrets in source trees and build artifacts.
///
/// Walks every PATH (git-ignore rules are NOT applied: build artifacts are
/// usually ignored; hidden files are included; `.git/` is skipped; symbolic
/// links are followed, no directory twice) and reports each key found,
/// redacted, with its place and class, and each wallet signing secret or
/// webhook token assigned to its variable (`MILESTON_SECRET_KEY=…`, or a
/// name declared in `[package.metadata.mileston]`), naming the variable and
/// nothing of the value. Fails on a key or secret in a source file, and on
/// a backend secret (a normal key, a wallet secret, a webhook token) in a
/// frontend artifact (`.wasm`, `.js`/`.mjs` under `pkg/`, `dist/` or
/// `target/`, anything under `wasm32-*`, and what a web server serves: any
/// file in `site/`, `dist/`, `pkg/`, `public/`, `static/` or `www/` under
/// `target/`, binary files in them elsewhere); a backend secret in a native
/// artifact is a warning (an error with `--shipped`); checkout keys in
/// artifacts are expected.
#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 no leak found, 1 a key or secret in source, a backend secret \
                  in a frontend artifact, or (--shipped) in any artifact, 2 usage error."
)]
pub struct ScanArgs {
    /// Allow-list: one entry a line, a full key, a key prefix ending with
    /// `*`, or a secret's whole value; `#` starts a comment. Allowed findings
    /// never fail the scan.
    #[arg(long, value_name = "FILE")]
    pub allow: Option<PathBuf>,
    /// The paths are shipped as they are (a container image's files, a
    /// release archive): a backend secret fails the scan in native artifacts
    /// too, a server binary built with `backend` included. Checkout keys
    /// still pass.
    #[arg(long)]
    pub shipped: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Files and directories to scan
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
}

/// Runs `scan`.
pub fn run(args: ScanArgs) -> ExitCode {
    let allow = match &args.allow {
        None => AllowList::default(),
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => match AllowList::parse(&text) {
                Ok(list) => list,
                Err(e) => return usage_error(format_args!("{}: {e}", path.display())),
            },
            Err(e) => return usage_error(format_args!("cannot read {}: {e}", path.display())),
        },
    };
    for p in &args.paths {
        if std::fs::symlink_metadata(p).is_err() {
            return usage_error(format_args!("{}: no such file or directory", p.display()));
        }
    }

    let outcome = scan_paths_with(
        &args.paths,
        Policy {
            allow: &allow,
            shipped: args.shipped,
        },
    );
    for w in &outcome.notes {
        eprintln!("warning: {w}");
    }
    let failed = outcome
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error);
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&JsonReport {
                findings: &outcome.findings,
                failed
            })
            .expect("serialising plain data")
        ),
        Format::Text => print_text(&outcome, failed),
    }
    if failed {
        ExitCode::from(EXIT_PROBLEMS)
    } else {
        ExitCode::SUCCESS
    }
}
