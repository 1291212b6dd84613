//! The build-time decision, made once for the three front ends: the
//! attribute, the build-script helper and `mileston-config check` each turn
//! their input into a [`Request`], call [`plan`], and render the [`Plan`]
//! (spanned errors and generated code, `cargo::` lines, text or JSON).
//!
//! Sources, highest first: the process environment, then `.env` files from the
//! crate's directory up to the workspace root (nearest wins). Settings come
//! from the front end (the attribute's arguments, the CLI's flags) and from
//! `[package.metadata.mileston]` in the crate's `Cargo.toml` (the front end
//! wins). What may be read for which target, and what is watched for a
//! rebuild, is decided here too.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::key::KeyMode;

#[cfg(feature = "resolve")]
pub mod cargo_config;
pub mod messages;
#[cfg(feature = "resolve")]
pub mod metadata;
pub mod origin;
pub mod rules;
pub mod settings;
pub use crate::slots;
#[cfg(feature = "resolve")]
pub mod sources;
pub mod start;

pub use messages::{ALLOW_MISSING_KEYS_VAR, Front, Syntax};
pub use origin::{Found, Origin};
pub use rules::Accepted;
pub use settings::{Declared, Given, Load, PartialSettings, Pin, Settings};
pub use slots::{Setting, Slot, Var};
#[cfg(feature = "resolve")]
pub use sources::Sources;

/// One refusal: which setting it concerns, and the message. Messages never
/// contain a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The setting the problem is about.
    pub slot: Slot,
    /// What is wrong and how to fix it.
    pub message: String,
    /// Whether it is about an entry of `[package.metadata.mileston]` (the
    /// message then starts with `Cargo.toml line N: `), so a front end does
    /// not point it at its own arguments.
    pub in_manifest: bool,
}

impl Problem {
    /// A problem about `slot` that is not in the manifest.
    pub fn new(slot: Slot, message: impl Into<String>) -> Problem {
        Problem {
            slot,
            message: message.into(),
            in_manifest: false,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The build's target, as far as the front end knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// The attribute: a proc macro cannot see the target, so what depends on
    /// it is decided by `cfg` in the generated code ([`Deferred`]).
    Unknown,
    /// The build script (from cargo's variables) or the CLI (`--target`).
    Known {
        /// The target triple.
        triple: String,
        /// Whether the target family is wasm.
        wasm: bool,
        /// Whether it is a release build (the build script knows; the CLI
        /// does not, and says `false`).
        release: bool,
    },
}

impl Target {
    /// A target from its triple: wasm when its architecture is `wasm32` or
    /// `wasm64`.
    pub fn from_triple(triple: &str, release: bool) -> Target {
        Target::Known {
            triple: triple.to_owned(),
            wasm: triple.starts_with("wasm32") || triple.starts_with("wasm64"),
            release,
        }
    }
}

/// Why a build goes without keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WithoutKeys {
    /// docs.rs (`DOCS_RS` is set).
    DocsRs,
    /// `MILESTON_ALLOW_MISSING_KEYS=1`.
    OptIn,
}

/// What a front end gives the plan.
#[derive(Clone, Debug)]
pub struct Request<'a> {
    /// Which front end asks (it decides how some messages are worded).
    pub front: Front,
    /// The crate's directory (`CARGO_MANIFEST_DIR`).
    pub manifest_dir: &'a Path,
    /// The front end's own settings (none for the build script).
    pub settings: PartialSettings,
    /// The target, when known.
    pub target: Target,
    /// Whether values may be read: `false` when the front end's own settings
    /// already have a problem (reading keys for a half-understood request
    /// would only add noise).
    pub read_values: bool,
}

/// Something a rebuild must be triggered by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Watch {
    /// A variable of the environment.
    Var {
        /// Its name.
        name: String,
        /// Whether it may be named only in native builds (a backend-only
        /// value when the target is unknown: naming it makes the compiler
        /// record its value).
        native_only: bool,
    },
    /// A file (a `.env` file that was read, or the manifest).
    File(PathBuf),
}

/// When a refusal the plan cannot decide applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// In a wasm build (`cfg(target_family = "wasm")`).
    Wasm,
    /// In a release wasm build (`cfg(all(target_family = "wasm", not(debug_assertions)))`).
    ReleaseWasm,
    /// In a release native build (`cfg(all(not(target_family = "wasm"),
    /// not(debug_assertions)))`).
    ReleaseNative,
}

/// A refusal for a target only the compiler knows: the attribute emits it
/// under `cfg`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deferred {
    /// When it applies.
    pub when: When,
    /// The setting it is about.
    pub slot: Slot,
    /// The message.
    pub message: String,
}

/// The decision: what to inject, what to refuse, what to watch.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The settings in force.
    pub settings: Settings,
    /// The values that passed their rules, in table order; complete only when
    /// there are no problems and the build has keys.
    pub values: Vec<Accepted>,
    /// The mode of the handles: the keys', or the pin, or test.
    pub mode: KeyMode,
    /// Set when the build goes without keys (placeholder handles).
    pub without_keys: Option<WithoutKeys>,
    /// Every problem, in the order they should be reported.
    pub problems: Vec<Problem>,
    /// What a rebuild must follow. A variable is listed only when its value
    /// was accepted or it is unset: a failed build is never fresh, and a
    /// refused value must not be recorded anywhere.
    pub watch: Vec<Watch>,
    /// Refusals for a target only the compiler knows.
    pub deferred: Vec<Deferred>,
    /// Warnings: for a known target, those that apply to it; for the
    /// attribute, each under its `when`.
    pub warnings: Vec<Deferred>,
}

impl Plan {
    /// The accepted value of `slot`, if any.
    pub fn value(&self, slot: Slot) -> Option<&Accepted> {
        self.values.iter().find(|v| v.var.slot == slot)
    }
}

/// Makes the plan, reading the process environment and the crate's `.env`
/// files.
#[cfg(feature = "resolve")]
pub fn plan(request: Request<'_>) -> Plan {
    let sources = Sources::new(request.manifest_dir);
    plan_with(request, sources)
}

/// As [`plan`], with the given sources (tests use another environment).
#[cfg(feature = "resolve")]
pub fn plan_with(request: Request<'_>, mut sources: Sources) -> Plan {
    let manifest = metadata::read(request.manifest_dir);
    let mut problems = manifest.problems;
    let mut settings = Settings::merge(
        &request.settings,
        request.front.syntax(),
        &manifest.settings,
    );
    if !settings.declares_a_key() {
        problems.push(Problem::new(
            Slot::Settings,
            messages::nothing_declared(request.front),
        ));
    }
    // `load = "start"`: a native build reads no value (start.rs).
    if start::at_start(&settings, &request.target) {
        let env = |name: &str| sources.env_only(name);
        return start::plan(&request, settings, &manifest.settings, problems, &env);
    }
    let without_keys = match without_keys(&sources) {
        Ok(w) => w,
        Err(message) => {
            problems.push(Problem::new(Slot::Settings, message));
            None
        }
    };
    // Only a key decides a mode: with none declared, the mode is pinned.
    let declared: Vec<&'static Var> = settings
        .vars()
        .map(|(v, _)| v)
        .filter(|v| v.is_secret())
        .collect();
    if !declared.is_empty()
        && settings.mode.is_none()
        && !declared
            .iter()
            .any(|v| matches!(v.rule, slots::Rule::Key(_)))
    {
        problems.push(Problem::new(
            Slot::Mode,
            messages::mode_required(&declared, request.front.syntax()),
        ));
    }
    problems.extend(rules::business_id_variable(&settings));
    let settings_ok = request.read_values && problems.is_empty();

    // The CLI's expected mode against the crate's own pin.
    problems.extend(rules::expect_against_manifest(
        request.front,
        &request.settings,
        &manifest.settings,
    ));

    // Declared for native builds only: a wasm build does without them.
    let native_declared: Vec<Slot> = settings
        .vars()
        .map(|(v, _)| v.slot)
        .filter(|slot| settings.native(*slot))
        .collect();
    if let Target::Known { wasm: true, .. } = request.target {
        for slot in &native_declared {
            settings.drop(*slot);
        }
    }
    // Backend-only values declared for every build: refused for a wasm
    // target, and then never read.
    let mut deferred = Vec::new();
    let native_only: Vec<&'static Var> = settings
        .vars()
        .filter(|(v, _)| v.targets == slots::Targets::NativeOnly && !settings.native(v.slot))
        .map(|(v, _)| v)
        .collect();
    for var in native_only {
        let message = messages::wasm_refusal(var);
        match &request.target {
            Target::Unknown => deferred.push(Deferred {
                when: When::Wasm,
                slot: var.slot,
                message,
            }),
            Target::Known {
                triple, wasm: true, ..
            } => {
                problems.push(Problem::new(
                    var.slot,
                    format!("target {triple}: {message}"),
                ));
                settings.drop(var.slot);
            }
            Target::Known { .. } => {}
        }
    }
    let mut warnings = Vec::new();
    if without_keys == Some(WithoutKeys::OptIn) {
        let message = messages::placeholder_release_wasm();
        let warning = Deferred {
            when: When::ReleaseNative,
            slot: Slot::Settings,
            message: messages::placeholder_release_native(),
        };
        match &request.target {
            Target::Unknown => {
                deferred.push(Deferred {
                    when: When::ReleaseWasm,
                    slot: Slot::Settings,
                    message,
                });
                warnings.push(warning);
            }
            Target::Known {
                wasm: true,
                release: true,
                ..
            } => problems.push(Problem::new(Slot::Settings, message)),
            Target::Known {
                wasm: false,
                release: true,
                ..
            } => warnings.push(warning),
            Target::Known { .. } => {}
        }
    }

    let mut values = Vec::new();
    let mut mode = None;
    if settings_ok && without_keys.is_none() {
        values = rules::read(
            settings
                .vars()
                .map(|(var, name)| (var, name, settings.required_by(var.slot))),
            |name| sources.lookup(name),
            messages::not_set,
            &mut problems,
        );
        rules::business_id_value(&values, &settings, &mut sources, &mut problems);
        mode = rules::mode(&values, settings.mode, &mut problems);
        if let Some(mode) = mode {
            problems.extend(rules::live_base_url(mode, &settings));
        }
    }

    // One unreadable `.env` file fails the lookup of every variable: say it once.
    // (A handful of problems: a scan; a hash set would add its whole
    // implementation to the build of every crate using the attribute.)
    let mut said: Vec<Problem> = Vec::with_capacity(problems.len());
    for p in problems {
        if !said.iter().any(|q| q.message == p.message) {
            said.push(p);
        }
    }
    let problems = said;

    let mut watch: Vec<Watch> = ["DOCS_RS", ALLOW_MISSING_KEYS_VAR]
        .into_iter()
        .map(|name| Watch::Var {
            name: name.to_owned(),
            native_only: false,
        })
        .collect();
    if problems.is_empty() && without_keys.is_none() {
        watch.extend(settings.vars().map(|(var, name)| Watch::Var {
            name: name.to_owned(),
            native_only: request.target == Target::Unknown
                && (var.targets == slots::Targets::NativeOnly || settings.native(var.slot)),
        }));
    }
    let manifest_file = request.manifest_dir.join("Cargo.toml");
    watch.extend(
        sources
            .dotenv_files()
            .map(Path::to_path_buf)
            .chain(manifest_file.is_file().then_some(manifest_file))
            .map(Watch::File),
    );

    Plan {
        mode: mode
            .or(settings.mode.map(|p| p.mode))
            .unwrap_or(KeyMode::Test),
        settings,
        values,
        without_keys,
        problems,
        watch,
        deferred,
        warnings,
    }
}

/// Whether this build is one without keys, from the process environment.
/// `Err` for an opt-in value that is neither on nor off.
#[cfg(feature = "resolve")]
fn without_keys(sources: &Sources) -> Result<Option<WithoutKeys>, String> {
    if sources.env_only("DOCS_RS").is_some() {
        return Ok(Some(WithoutKeys::DocsRs));
    }
    match sources
        .env_only(ALLOW_MISSING_KEYS_VAR)
        .map(|v| v.into_string())
    {
        None => Ok(None),
        Some(Ok(v)) if matches!(v.as_str(), "" | "0" | "false") => Ok(None),
        Some(Ok(v)) if matches!(v.as_str(), "1" | "true") => Ok(Some(WithoutKeys::OptIn)),
        Some(_) => Err(messages::bad_opt_in()),
    }
}

#[cfg(test)]
mod tests;
