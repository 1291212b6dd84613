//! `mileston-config check`: what the current environment would inject into a
//! crate, judged by the very rules the attribute applies
//! (`mileston_config_core::resolve`). No rule is written here: only the two
//! that exist because of the command line (`--expect` against the crate's own
//! pin, and `--target` for wasm builds), both worded through the core.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use mileston_config_core::key::{self, KeyKind, KeyMode};
use mileston_config_core::resolve::{
    self, Declared, PartialSettings, Problem, Resolved, Slot, Sources, ValidKey,
};
use serde::Serialize;

use crate::{EXIT_PROBLEMS, Format, usage_error};

/// Validate the keys the current environment would inject into a crate.
///
/// Reads `[package.metadata.mileston]` from the crate's Cargo.toml, then the
/// declared variables from the process environment and the `.env` files from
/// the crate's directory up to the workspace root, and applies the rules of
/// `#[mileston_config]`. Prints only redacted keys.
#[derive(Debug, Args)]
#[command(after_help = "Exit status: 0 all keys valid, 1 problems found, 2 usage error.")]
pub struct CheckArgs {
    /// The crate's directory (must contain Cargo.toml) [default: .]
    #[arg(long, value_name = "DIR")]
    pub manifest_dir: Option<PathBuf>,
    /// The target triple of the build; wasm targets may not declare `backend`
    #[arg(long, value_name = "TRIPLE")]
    pub target: Option<String>,
    /// The mode the deployment expects: acts as `mode = "..."` pin
    #[arg(long, value_enum, value_name = "MODE")]
    pub expect: Option<Expect>,
    /// Declare `backend` as the attribute would (optionally reading VAR), for
    /// crates that declare their keys in `#[mileston_config(...)]` rather
    /// than in Cargo.toml
    #[arg(long, value_name = "VAR", num_args = 0..=1, default_missing_value = "")]
    pub backend: Option<String>,
    /// Declare `checkout` as the attribute would (optionally reading VAR)
    #[arg(long, value_name = "VAR", num_args = 0..=1, default_missing_value = "")]
    pub checkout: Option<String>,
    /// The variable of the business ID, as the attribute's `business_id = "VAR"`
    #[arg(long, value_name = "VAR")]
    pub business_id: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// `--expect test|live`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Expect {
    /// Test keys.
    Test,
    /// Live keys (`LIVE` or `PROD`).
    Live,
}

impl From<Expect> for KeyMode {
    fn from(e: Expect) -> KeyMode {
        match e {
            Expect::Test => KeyMode::Test,
            Expect::Live => KeyMode::Live,
        }
    }
}

/// Whether a target triple builds wasm (`wasm32-*`, `wasm64-*`).
pub fn is_wasm_target(triple: &str) -> bool {
    triple.starts_with("wasm32") || triple.starts_with("wasm64")
}

/// Runs `check`.
pub fn run(args: CheckArgs) -> ExitCode {
    let dir = args
        .manifest_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from("."));
    if !dir.join("Cargo.toml").is_file() {
        return usage_error(format_args!(
            "{} has no Cargo.toml: run in the crate's directory or pass it with --manifest-dir",
            dir.display()
        ));
    }
    // Absolute, so that the `.env` files are searched up to the workspace root.
    let dir = match dir.canonicalize() {
        Ok(dir) => dir,
        Err(e) => return usage_error(format_args!("cannot read {}: {e}", dir.display())),
    };
    match evaluate(&args, &dir) {
        Ok(report) => {
            match args.format {
                Format::Text => print_text(&report),
                Format::Json => print_json(&JsonOk::from(&report)),
            }
            ExitCode::SUCCESS
        }
        Err(problems) => {
            match args.format {
                Format::Text => {
                    for p in &problems {
                        eprintln!("error: {}", p.message);
                    }
                }
                Format::Json => print_json(&JsonFailed {
                    ok: false,
                    problems: problems
                        .iter()
                        .map(|p| JsonProblem {
                            setting: p.slot.name(),
                            message: &p.message,
                        })
                        .collect(),
                }),
            }
            ExitCode::from(EXIT_PROBLEMS)
        }
    }
}

/// A key that passed, with where it came from.
struct Checked {
    setting: &'static str,
    key: ValidKey,
    origin: String,
}

struct Report {
    keys: Vec<Checked>,
    business_id_var: String,
    business_id: String,
    business_id_origin: String,
    mode: KeyMode,
    target: Option<String>,
}

/// A setting given on the command line, as the attribute would give it.
fn declared(slot: Slot, value: Option<&str>, problems: &mut Vec<Problem>) -> Option<Declared> {
    match value? {
        "" => Some(Declared::Default),
        var => var_name(slot, var, problems).map(Declared::Var),
    }
}

fn var_name(slot: Slot, var: &str, problems: &mut Vec<Problem>) -> Option<String> {
    let flag = format!("--{}", slot.name().replace('_', "-"));
    if key::looks_like_key(var) {
        problems.push(Problem {
            slot,
            message: format!("{flag}: {}", resolve::literal_key_message(slot.name())),
        });
        return None;
    }
    if let Err(e) = resolve::check_var_name(var) {
        problems.push(Problem {
            slot,
            message: format!("{flag} `{var}` is not a variable name: {e}"),
        });
        return None;
    }
    Some(var.to_owned())
}

fn evaluate(args: &CheckArgs, dir: &Path) -> Result<Report, Vec<Problem>> {
    let meta = resolve::read_metadata(dir)?.settings;

    let mut problems = Vec::new();
    let expect = args.expect.map(KeyMode::from);
    if let Some((want, pinned)) = expect.zip(meta.mode).filter(|(w, p)| w != p) {
        problems.push(Problem {
            slot: Slot::Mode,
            message: format!(
                "--expect {want}, but Cargo.toml pins `mode = \"{pinned}\"` in \
                 [package.metadata.mileston]: this crate is built with {pinned} keys only; \
                 deploy it where {pinned} keys are expected, or change the pin"
            ),
        });
    }
    let cli = PartialSettings {
        backend: declared(Slot::Backend, args.backend.as_deref(), &mut problems),
        checkout: declared(Slot::Checkout, args.checkout.as_deref(), &mut problems),
        business_id: args
            .business_id
            .as_deref()
            .and_then(|v| var_name(Slot::BusinessId, v, &mut problems)),
        mode: expect,
        // No command-line flag: Cargo.toml's `base_url` (checked by
        // `read_metadata`) applies as it does for the attribute.
        base_url: None,
    };
    let mut settings = match cli.over(meta) {
        Ok(settings) => settings,
        Err(p) => {
            problems.push(p);
            return Err(problems);
        }
    };

    let target = args.target.clone();
    if target.as_deref().is_some_and(is_wasm_target) && settings.backend.is_some() {
        problems.push(Problem {
            slot: Slot::Backend,
            message: resolve::wasm_backend_message(),
        });
        // The build stops there; what remains to judge is the checkout side.
        settings.backend = None;
    }
    if settings.backend.is_none() && settings.checkout.is_none() {
        return Err(problems);
    }

    let mut sources = Sources::new(dir);
    let resolved: Resolved = match resolve::resolve(&settings, &mut sources) {
        Ok(r) if problems.is_empty() => r,
        Ok(_) => return Err(problems),
        Err(more) => {
            problems.extend(more);
            return Err(problems);
        }
    };

    let mut origin_of = |var: &str| match sources.lookup(var) {
        Ok(Some(found)) => found.origin.to_string(),
        _ => "unknown origin".to_owned(),
    };
    let mut keys = Vec::new();
    for (setting, k) in [
        ("backend", resolved.backend),
        ("checkout", resolved.checkout),
    ] {
        if let Some(key) = k {
            let origin = origin_of(&key.var);
            keys.push(Checked {
                setting,
                key,
                origin,
            });
        }
    }
    let business_id_origin = origin_of(&settings.business_id);
    Ok(Report {
        keys,
        business_id_var: settings.business_id,
        business_id: resolved.business_id,
        business_id_origin,
        mode: resolved.mode,
        target,
    })
}

fn redacted(key: &ValidKey) -> String {
    let mut out = String::new();
    key::write_redacted(&mut out, &key.raw, &key.shape).expect("writing to a String");
    out
}

fn kind_name(kind: KeyKind) -> &'static str {
    match kind {
        KeyKind::Normal => "normal",
        KeyKind::Checkout => "checkout",
    }
}

fn print_text(report: &Report) {
    for c in &report.keys {
        println!(
            "{}: {}, {}, {}, from {}",
            c.key.var,
            c.key.shape.kind.describe(),
            c.key.shape.mode,
            redacted(&c.key),
            c.origin
        );
    }
    println!(
        "{}: business ID `{}`, from {}",
        report.business_id_var, report.business_id, report.business_id_origin
    );
    match &report.target {
        Some(t) => println!("ok: valid {} keys for target {t}", report.mode),
        None => println!("ok: valid {} keys", report.mode),
    }
}

fn print_json<T: Serialize>(value: &T) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).expect("serialising plain data")
    );
}

#[derive(Serialize)]
struct JsonProblem<'a> {
    setting: &'static str,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonFailed<'a> {
    ok: bool,
    problems: Vec<JsonProblem<'a>>,
}

#[derive(Serialize)]
struct JsonKey<'a> {
    setting: &'static str,
    variable: &'a str,
    kind: &'static str,
    mode: &'static str,
    redacted: String,
    origin: &'a str,
}

#[derive(Serialize)]
struct JsonBusinessId<'a> {
    variable: &'a str,
    value: &'a str,
    origin: &'a str,
}

#[derive(Serialize)]
struct JsonOk<'a> {
    ok: bool,
    mode: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<&'a str>,
    keys: Vec<JsonKey<'a>>,
    business_id: JsonBusinessId<'a>,
}

impl<'a> From<&'a Report> for JsonOk<'a> {
    fn from(r: &'a Report) -> JsonOk<'a> {
        JsonOk {
            ok: true,
            mode: r.mode.as_str(),
            target: r.target.as_deref(),
            keys: r
                .keys
                .iter()
                .map(|c| JsonKey {
                    setting: c.setting,
                    variable: &c.key.var,
                    kind: kind_name(c.key.shape.kind),
                    mode: c.key.shape.mode.as_str(),
                    redacted: redacted(&c.key),
                    origin: &c.origin,
                })
                .collect(),
            business_id: JsonBusinessId {
                variable: &r.business_id_var,
                value: &r.business_id,
                origin: &r.business_id_origin,
            },
        }
    }
}
