//! `mileston-config check`: what the current environment would inject into a
//! crate, judged by the plan the attribute renders
//! (`mileston_config_core::resolve`). The flags are read into a request for
//! that plan and the plan is printed; no rule is written here.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgMatches, Args, ValueEnum};
use mileston_config_core::key::{KeyKind, KeyMode};
use mileston_config_core::resolve::{
    self, Accepted, Front, Given, Load, PartialSettings, Plan, Problem, Request, Setting, Syntax,
    Target, slots,
};
use serde::Serialize;

use crate::{EXIT_PROBLEMS, Format, usage_error};

/// Validate the keys the current environment would inject into a crate.
///
/// Reads `[package.metadata.mileston]` from the crate's Cargo.toml, then the
/// declared variables from the process environment and the `.env` files from
/// the crate's directory up to the workspace root, and applies the rules of
/// `#[mileston_config]`. With `--load start` (or `load = "start"` in
/// Cargo.toml), reads them as the started service will: each from exactly
/// one of the variable, the file `VAR_FILE` names, or
/// `$CREDENTIALS_DIRECTORY/VAR`. Prints only redacted keys.
#[derive(Debug, Args)]
#[command(after_help = "Exit status: 0 all keys valid, 1 problems found, 2 usage error.")]
pub struct CheckArgs {
    /// The crate's directory (must contain Cargo.toml) [default: .]
    #[arg(long, value_name = "DIR")]
    pub manifest_dir: Option<PathBuf>,
    /// The target triple of the build; wasm targets may not declare backend-only secrets
    #[arg(long, value_name = "TRIPLE")]
    pub target: Option<String>,
    /// The mode the deployment expects: keys of the other mode are refused
    #[arg(long, value_enum, value_name = "MODE")]
    pub expect: Option<Expect>,
    /// When the crate reads its values: `start` checks a deployment's
    /// environment as the started service reads it (the variable, VAR_FILE,
    /// $CREDENTIALS_DIRECTORY/VAR) [default: Cargo.toml's `load`, else build]
    #[arg(long, value_enum, value_name = "WHEN")]
    pub load: Option<LoadFlag>,
    // (The flags of the values, one per row of the table.)
    #[allow(missing_docs)]
    #[command(flatten)]
    pub vars: VarFlags,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// One flag per value the attribute can read, from the table of slots:
/// `--backend [VAR]`, `--checkout [VAR]` declare a key as the attribute would
/// (for crates that declare their keys in `#[mileston_config(...)]` rather
/// than in Cargo.toml); `--business-id VAR` names the business ID's variable.
#[derive(Debug, Default)]
pub struct VarFlags {
    /// Each flag given, with its value (`""` for a key flag given alone).
    given: Vec<(&'static slots::Var, String)>,
}

impl clap::FromArgMatches for VarFlags {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut flags = VarFlags::default();
        flags.update_from_arg_matches(matches)?;
        Ok(flags)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        for var in slots::VARS {
            if let Some(value) = matches.get_one::<String>(var.setting) {
                self.given.retain(|(v, _)| v.slot != var.slot);
                self.given.push((var, value.clone()));
            }
        }
        Ok(())
    }
}

impl Args for VarFlags {
    fn augment_args(mut cmd: clap::Command) -> clap::Command {
        for var in slots::VARS {
            let arg = clap::Arg::new(var.setting)
                .long(var.flag().trim_start_matches('-').to_owned())
                .value_name("VAR");
            let arg = match var.declaration {
                slots::Declaration::Optional => {
                    arg.num_args(0..=1).default_missing_value("").help(format!(
                        "Declare `{}` ({}) as the attribute would, optionally reading VAR",
                        var.setting, var.purpose
                    ))
                }
                slots::Declaration::Always => arg.help(format!(
                    "The variable of {}, as the attribute's `{} = \"VAR\"`",
                    var.what, var.setting
                )),
            };
            cmd = cmd.arg(arg);
        }
        cmd
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

/// `--expect test|live`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Expect {
    /// Test keys.
    Test,
    /// Live keys (`LIVE` or `PROD`).
    Live,
}

/// `--load build|start`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LoadFlag {
    /// At build time: the environment and `.env` files of the build.
    Build,
    /// At start: the variable, `VAR_FILE` or `$CREDENTIALS_DIRECTORY/VAR`.
    Start,
}

impl From<LoadFlag> for Load {
    fn from(l: LoadFlag) -> Load {
        match l {
            LoadFlag::Build => Load::Build,
            LoadFlag::Start => Load::Start,
        }
    }
}

impl From<Expect> for KeyMode {
    fn from(e: Expect) -> KeyMode {
        match e {
            Expect::Test => KeyMode::Test,
            Expect::Live => KeyMode::Live,
        }
    }
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

    // The flags, read as the attribute reads its arguments.
    let mut settings = PartialSettings::default();
    let mut problems = Vec::new();
    for (var, value) in &args.vars.given {
        let given = match value.as_str() {
            "" if var.declaration == slots::Declaration::Optional => Given::Flag,
            _ => Given::Text(value.clone()),
        };
        if let Err(message) = settings.set(Setting::Var(var), given, Syntax::Flag) {
            problems.push(Problem::new(var.slot, format!("{}: {message}", var.flag())));
        }
    }
    if let Some(expect) = args.expect {
        settings.set_mode(expect.into());
    }
    if let Some(load) = args.load {
        settings.set_load(load.into());
    }
    let plan = resolve::plan(Request {
        front: Front::Cli,
        manifest_dir: &dir,
        settings,
        target: match &args.target {
            Some(triple) => Target::from_triple(triple, false),
            None => Target::Unknown,
        },
        read_values: problems.is_empty(),
    });
    problems.extend(plan.problems.iter().cloned());

    if problems.is_empty() {
        match args.format {
            Format::Text => print_text(&plan, args.target.as_deref()),
            Format::Json => print_json(&JsonOk::new(&plan, args.target.as_deref())),
        }
        return ExitCode::SUCCESS;
    }
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
                    setting: p.slot.setting().unwrap_or("mileston_config"),
                    message: &p.message,
                })
                .collect(),
        }),
    }
    ExitCode::from(EXIT_PROBLEMS)
}

fn kind_name(kind: KeyKind) -> &'static str {
    match kind {
        KeyKind::Normal => "normal",
        KeyKind::Checkout => "checkout",
    }
}

/// The accepted keys.
fn keys(plan: &Plan) -> impl Iterator<Item = &Accepted> {
    plan.values.iter().filter(|v| v.shape.is_some())
}

/// The accepted secrets that are not keys (the wallet secret, the webhook
/// token): shown by name and origin only.
fn secrets(plan: &Plan) -> impl Iterator<Item = &Accepted> {
    plan.values
        .iter()
        .filter(|v| v.shape.is_none() && v.var.is_secret())
}

fn print_text(plan: &Plan, target: Option<&str>) {
    for k in keys(plan) {
        let shape = k.shape.expect("a key");
        println!(
            "{}: {}, {}, {}, from {}",
            k.name,
            shape.kind.describe(),
            shape.mode,
            k.shown(),
            k.origin
        );
    }
    for s in secrets(plan) {
        println!("{}: {}, <redacted>, from {}", s.name, s.var.what, s.origin);
    }
    if let Some(id) = plan.value(resolve::Slot::BusinessId) {
        println!(
            "{}: business ID `{}`, from {}",
            id.name, id.value, id.origin
        );
    }
    match target {
        Some(t) => println!("ok: valid {} keys for target {t}", plan.mode),
        None => println!("ok: valid {} keys", plan.mode),
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
    origin: String,
}

#[derive(Serialize)]
struct JsonSecret<'a> {
    setting: &'static str,
    variable: &'a str,
    origin: String,
}

#[derive(Serialize)]
struct JsonBusinessId<'a> {
    variable: &'a str,
    value: &'a str,
    origin: String,
}

#[derive(Serialize)]
struct JsonOk<'a> {
    ok: bool,
    mode: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<&'a str>,
    keys: Vec<JsonKey<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    secrets: Vec<JsonSecret<'a>>,
    business_id: Option<JsonBusinessId<'a>>,
}

impl<'a> JsonOk<'a> {
    fn new(plan: &'a Plan, target: Option<&'a str>) -> JsonOk<'a> {
        JsonOk {
            ok: true,
            mode: plan.mode.as_str(),
            target,
            keys: keys(plan)
                .map(|k| {
                    let shape = k.shape.expect("a key");
                    JsonKey {
                        setting: k.var.setting,
                        variable: &k.name,
                        kind: kind_name(shape.kind),
                        mode: shape.mode.as_str(),
                        redacted: k.shown(),
                        origin: k.origin.to_string(),
                    }
                })
                .collect(),
            secrets: secrets(plan)
                .map(|s| JsonSecret {
                    setting: s.var.setting,
                    variable: &s.name,
                    origin: s.origin.to_string(),
                })
                .collect(),
            business_id: plan
                .value(resolve::Slot::BusinessId)
                .map(|id| JsonBusinessId {
                    variable: &id.name,
                    value: &id.value,
                    origin: id.origin.to_string(),
                }),
        }
    }
}
