//! What `load = "start"` changes. A native build reads no value: its plan
//! checks the settings alone (which values, which variables, the mode, which
//! must then be pinned) and watches the manifest alone. The process reads
//! the values when it starts (`Mileston::load()`, `mileston-config check
//! --load start`), each from exactly one of three places: the variable; the
//! file the variable `VAR_FILE` names (secrets mounted as files by Docker,
//! Compose and Kubernetes), one trailing newline trimmed; the systemd
//! credential `$CREDENTIALS_DIRECTORY/VAR`. Then the build's rules apply,
//! from the same code and with the same words ([`rules`]).

// Without `resolve` (the runtime's feature `start`) the build-only items
// are left out, and some of these imports with them.
#![cfg_attr(not(feature = "resolve"), allow(unused_imports))]

use std::ffi::OsString;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::key::KeyMode;

use super::messages;
use super::origin::{Found, Origin};
use super::rules::{self, Accepted};
use super::settings::{Load, PartialSettings, Pin, Settings};
use super::slots::{Slot, Var};
use super::{Front, Plan, Problem, Request, Target, Watch};

/// What follows a variable's name in the variable that names its file.
pub const FILE_SUFFIX: &str = "_FILE";
/// The variable systemd sets to the directory of a service's credentials.
pub const CREDENTIALS_DIRECTORY: &str = "CREDENTIALS_DIRECTORY";
/// The largest file read: a key or a secret is far shorter, and a variable
/// pointing at the wrong file (a log, `/dev/zero`) must not be read whole.
pub const MAX_FILE: usize = 64 * 1024;

/// Reads a variable of the process's environment (tests give another).
pub type Env<'a> = &'a dyn Fn(&str) -> Option<OsString>;

#[cfg(feature = "resolve")]
/// Whether a build with these settings reads its values at start: with
/// `load = "start"`, except for a target known to be wasm, which reads the
/// checkout key at build time as ever (a browser has no environment).
pub fn at_start(settings: &Settings, target: &Target) -> bool {
    settings.load == Load::Start && !matches!(target, Target::Known { wasm: true, .. })
}

#[cfg(feature = "resolve")]
/// The plan of a build that reads its values at start: the settings'
/// problems only, no value, and the manifest alone to watch (its settings
/// are all the build read). For the CLI, which checks a deployment, the
/// values are read as the started process will read them, from `env`.
pub fn plan(
    request: &Request<'_>,
    settings: Settings,
    manifest: &PartialSettings,
    mut problems: Vec<Problem>,
    env: Env,
) -> Plan {
    match settings.mode {
        // Pointed at `load`, which is what asks for it.
        None => problems.push(Problem::new(
            Slot::Load,
            messages::mode_required_at_start(request.front.syntax()),
        )),
        // Known at build time: the rule the build applies to keys' modes.
        Some(pin) => problems.extend(rules::live_base_url(pin.mode, &settings)),
    }
    problems.extend(rules::business_id_variable(&settings));
    problems.extend(rules::expect_against_manifest(
        request.front,
        &request.settings,
        manifest,
    ));
    let mut values = Vec::new();
    if let (Front::Cli, true, true, Some(pin)) = (
        request.front,
        request.read_values,
        problems.is_empty(),
        settings.mode,
    ) {
        match read(&rows(&settings), pin, env) {
            Ok(read) => values = read,
            Err(refused) => problems.extend(refused),
        }
    }
    let manifest_file = request.manifest_dir.join("Cargo.toml");
    Plan {
        mode: settings.mode.map_or(KeyMode::Test, |p| p.mode),
        values,
        without_keys: None,
        problems,
        watch: manifest_file
            .is_file()
            .then_some(Watch::File(manifest_file))
            .into_iter()
            .collect(),
        deferred: Vec::new(),
        warnings: Vec::new(),
        settings,
    }
}

/// A value to read at start: its row, its variable, and the row that made
/// it needed when it was not declared itself (`wallet` reads the normal key).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row<'a> {
    /// The row of the table.
    pub var: &'static Var,
    /// The variable.
    pub name: &'a str,
    /// The row that needs it, when it was not declared itself.
    pub required_by: Option<&'static Var>,
}

#[cfg(feature = "resolve")]
/// The rows `settings` read, in table order.
pub fn rows(settings: &Settings) -> Vec<Row<'_>> {
    settings
        .vars()
        .map(|(var, name)| Row {
            var,
            name,
            required_by: settings.required_by(var.slot),
        })
        .collect()
}

/// Reads `rows` as a process started with `env` finds them and applies the
/// build's rules: each value's own (format, kind), then the values together
/// (each secret its own, the business ID no secret), then the modes against
/// `pin`. `Err` holds every problem; no message holds a value.
pub fn read(rows: &[Row<'_>], pin: Pin, env: Env) -> Result<Vec<Accepted>, Vec<Problem>> {
    let mut problems = Vec::new();
    let credentials = env(CREDENTIALS_DIRECTORY).is_some();
    let values = rules::read(
        rows.iter().map(|r| (r.var, r.name, r.required_by)),
        |name| lookup(name, env),
        |var, name, required_by| messages::not_set_at_start(var, name, required_by, credentials),
        &mut problems,
    );
    rules::business_id_value_with(
        &values,
        |slot| rows.iter().find(|r| r.var.slot == slot).map(|r| r.name),
        |name| lookup(name, env).ok().flatten().map(|f| f.value),
        &mut problems,
    );
    rules::mode(&values, Some(pin), &mut problems);
    if problems.is_empty() {
        Ok(values)
    } else {
        Err(problems)
    }
}

/// Where a value was given: in the variable itself, or in a file.
enum Given {
    Value(OsString),
    File(PathBuf),
}

/// Looks `name` up in the three places, of which at most one may hold it.
/// `Ok(None)` when none does; `Err` says why it cannot be read (never a
/// value, nor the path a `VAR_FILE` holds).
pub fn lookup(name: &str, env: Env) -> Result<Option<Found>, String> {
    let mut given: Vec<(Origin, Given)> = Vec::new();
    if let Some(value) = env(name) {
        given.push((Origin::Env, Given::Value(value)));
    }
    let file_var = format!("{name}{FILE_SUFFIX}");
    if let Some(path) = env(&file_var) {
        if path.is_empty() {
            return Err(messages::empty_file_var(name));
        }
        given.push((Origin::File { var: file_var }, Given::File(path.into())));
    }
    // systemd sets it to an absolute path; anything else is not its.
    if let Some(dir) = env(CREDENTIALS_DIRECTORY).map(PathBuf::from)
        && dir.is_absolute()
    {
        let path = dir.join(name);
        if path.exists() {
            let id = name.to_owned();
            given.push((Origin::Credential { id }, Given::File(path)));
        }
    }
    if given.len() > 1 {
        let origins: Vec<Origin> = given.into_iter().map(|(o, _)| o).collect();
        return Err(messages::given_twice(name, &origins));
    }
    let Some((origin, given)) = given.pop() else {
        return Ok(None);
    };
    let value = match given {
        Given::Value(value) => value.into_string().ok(),
        Given::File(path) => {
            let mut bytes =
                read_file(&path).map_err(|e| messages::unreadable(name, &origin, &e))?;
            // `echo` ends a file with a newline, as Docker's official images
            // expect: one is not part of the value.
            if bytes.ends_with(b"\r\n") {
                bytes.truncate(bytes.len() - 2);
            } else if bytes.ends_with(b"\n") {
                bytes.pop();
            }
            String::from_utf8(bytes).ok()
        }
    };
    match value {
        Some(value) => Ok(Some(Found { value, origin })),
        None => Err(messages::not_utf8(name, &origin)),
    }
}

/// A file's bytes, at most [`MAX_FILE`] of them; the reason it cannot be
/// read otherwise.
fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| e.kind().to_string())?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.kind().to_string())?;
    if bytes.len() > MAX_FILE {
        return Err(messages::too_large(MAX_FILE));
    }
    Ok(bytes)
}
