//! Where keys come from, and the rules they must pass before they are
//! injected: shared by the attribute and the build-script helper so that both
//! read the same sources and refuse with the same words.
//!
//! Sources, highest first: the process environment, then `.env` files from the
//! crate's directory up to the workspace root (nearest wins). Settings come
//! from the attribute and from `[package.metadata.mileston]` in the crate's
//! `Cargo.toml` (the attribute wins).

use std::fmt;
use std::path::{Path, PathBuf};

use crate::business;
use crate::key::{self, KeyKind, KeyMode, KeyShape};

/// Default variable of the normal (backend) key.
pub const DEFAULT_BACKEND_VAR: &str = "MILESTON_API_KEY";
/// Default variable of the checkout key.
pub const DEFAULT_CHECKOUT_VAR: &str = "MILESTON_CHECKOUT_KEY";
/// Default variable of the business ID.
pub const DEFAULT_BUSINESS_ID_VAR: &str = "MILESTON_BUSINESS_ID";

/// The settings a user can write, in the attribute or in Cargo.toml.
pub const SETTING_NAMES: &[&str] = &["backend", "checkout", "business_id", "mode", "base_url"];

/// Which setting a problem is about, so that the attribute can point at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Slot {
    /// `backend` (the normal key).
    Backend,
    /// `checkout` (the checkout key).
    Checkout,
    /// `business_id`.
    BusinessId,
    /// `mode`.
    Mode,
    /// `base_url`.
    BaseUrl,
    /// The settings as a whole (nothing declared, Cargo.toml unreadable).
    Settings,
}

impl Slot {
    /// The setting's name as written.
    pub const fn name(self) -> &'static str {
        match self {
            Slot::Backend => "backend",
            Slot::Checkout => "checkout",
            Slot::BusinessId => "business_id",
            Slot::Mode => "mode",
            Slot::BaseUrl => "base_url",
            Slot::Settings => "mileston_config",
        }
    }
}

/// One refusal: which setting it concerns, and the message. Messages never
/// contain a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The setting the problem is about.
    pub slot: Slot,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl Problem {
    fn new(slot: Slot, message: impl Into<String>) -> Problem {
        Problem {
            slot,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// How a key slot was declared: `backend` (default variable), `backend = "VAR"`,
/// or `backend = false` in Cargo.toml.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Declared {
    /// Declared, with the default variable.
    Default,
    /// Declared, reading this variable.
    Var(String),
    /// Explicitly not wanted (`false` in Cargo.toml).
    Off,
}

/// Settings from one place (the attribute or Cargo.toml); `None` where that
/// place says nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PartialSettings {
    /// `backend`.
    pub backend: Option<Declared>,
    /// `checkout`.
    pub checkout: Option<Declared>,
    /// `business_id = "VAR"`.
    pub business_id: Option<String>,
    /// `mode = "test" | "live"`.
    pub mode: Option<KeyMode>,
    /// `base_url = "https://…"`: one origin for every service (a sandbox).
    pub base_url: Option<String>,
}

/// The settings in force: which variables to read, and the mode pin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Variable of the normal key, if `backend` is declared.
    pub backend: Option<String>,
    /// Variable of the checkout key, if `checkout` is declared.
    pub checkout: Option<String>,
    /// Variable of the business ID.
    pub business_id: String,
    /// The mode pin, if any.
    pub mode: Option<KeyMode>,
    /// One origin for every service, normalised (no trailing `/`, scheme in
    /// lower case); `None` for Mileston's production origins.
    pub base_url: Option<String>,
}

impl PartialSettings {
    /// These settings, with `fallback` filling what they leave out (the
    /// attribute over Cargo.toml).
    pub fn over(self, fallback: PartialSettings) -> Result<Settings, Problem> {
        let pick = |d: Option<Declared>, f: Option<Declared>, default: &str| match d.or(f) {
            Some(Declared::Default) => Some(default.to_owned()),
            Some(Declared::Var(v)) => Some(v),
            Some(Declared::Off) | None => None,
        };
        let settings = Settings {
            backend: pick(self.backend, fallback.backend, DEFAULT_BACKEND_VAR),
            checkout: pick(self.checkout, fallback.checkout, DEFAULT_CHECKOUT_VAR),
            business_id: self
                .business_id
                .or(fallback.business_id)
                .unwrap_or_else(|| DEFAULT_BUSINESS_ID_VAR.to_owned()),
            mode: self.mode.or(fallback.mode),
            base_url: self.base_url.or(fallback.base_url),
        };
        if settings.backend.is_none() && settings.checkout.is_none() {
            return Err(Problem::new(
                Slot::Settings,
                "declare the keys this crate needs: `backend` (normal API key, servers only), \
                 `checkout` (checkout key, safe for frontends), or both, e.g. \
                 `#[mileston_config(checkout)]` or `[package.metadata.mileston] checkout = true`",
            ));
        }
        Ok(settings)
    }
}

/// The message for a key written literally where a variable name belongs.
pub fn literal_key_message(setting: &str) -> String {
    let example = match setting {
        "backend" => DEFAULT_BACKEND_VAR,
        "checkout" => DEFAULT_CHECKOUT_VAR,
        _ => DEFAULT_BUSINESS_ID_VAR,
    };
    format!(
        "this looks like a Mileston key written in source: keys are never written in source, \
         where they end up in version control; put the key in an environment variable (or a \
         .env file that git ignores) and name the variable here, e.g. `{setting} = \"{example}\"`"
    )
}

/// The message for `backend` in a wasm build.
pub fn wasm_backend_message() -> String {
    "`backend` cannot be declared in a wasm build: a normal Mileston API key is a backend \
     secret and must never be compiled into a wasm/frontend artifact, where anyone can read it; \
     a frontend declares only `checkout`. In a full-stack crate, declare the backend for native \
     builds only:\n    \
     #[cfg_attr(not(target_family = \"wasm\"), mileston_config(backend, checkout))]\n    \
     #[cfg_attr(target_family = \"wasm\", mileston_config(checkout))]\n    \
     pub struct Mileston;"
        .to_owned()
}

/// Checks a `base_url` setting and normalises it (no trailing `/`, scheme in
/// lower case). The message says why a URL is refused.
pub fn check_base_url(url: &str) -> Result<String, String> {
    if key::looks_like_key(url) {
        return Err(
            "`base_url` looks like it holds a Mileston key, not a URL: keys are never \
                    written in source"
                .to_owned(),
        );
    }
    crate::url::check_base_url(url)
        .map_err(|e| format!("`base_url` is refused: {}", e.reason()))?;
    let trimmed = url.trim_end_matches('/');
    let (scheme, rest) = trimmed.split_once("://").unwrap_or(("", trimmed));
    Ok(format!("{}://{rest}", scheme.to_ascii_lowercase()))
}

/// The opt-in variable for builds without keys (`cargo check`, clippy, forks' CI).
pub const ALLOW_MISSING_KEYS_VAR: &str = "MILESTON_ALLOW_MISSING_KEYS";

/// Why a build goes without keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WithoutKeys {
    /// docs.rs (`DOCS_RS` is set).
    DocsRs,
    /// `MILESTON_ALLOW_MISSING_KEYS=1`.
    OptIn,
}

/// Whether this build is one without keys, from the process environment.
/// `Err` for an opt-in value that is neither on nor off.
pub fn build_without_keys() -> Result<Option<WithoutKeys>, String> {
    if std::env::var_os("DOCS_RS").is_some() {
        return Ok(Some(WithoutKeys::DocsRs));
    }
    match std::env::var(ALLOW_MISSING_KEYS_VAR).as_deref() {
        Err(_) | Ok("" | "0" | "false") => Ok(None),
        Ok("1" | "true") => Ok(Some(WithoutKeys::OptIn)),
        Ok(_) => Err(format!(
            "{ALLOW_MISSING_KEYS_VAR} must be `1` (build placeholder handles whose requests fail, \
             for `cargo check`, clippy or CI without secrets) or `0`"
        )),
    }
}

/// The message for the opt-in in a release wasm build.
pub fn placeholder_release_wasm_message() -> String {
    format!(
        "{ALLOW_MISSING_KEYS_VAR} is set in a release wasm build: placeholder handles are for \
         `cargo check`, clippy and CI without secrets, never for a frontend you ship; unset it \
         and provide the checkout key"
    )
}

/// Whether a variable name is one an environment and a `.env` file can hold.
pub fn check_var_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(
            "a variable name has ASCII letters, digits and `_` and does not start with a digit"
                .to_owned(),
        )
    }
}

// ---------------------------------------------------------------------------
// Cargo.toml metadata

/// `[package.metadata.mileston]` of a crate, with the manifest's path.
#[derive(Clone, Debug, Default)]
pub struct Metadata {
    /// The settings found there (all `None` when the table is absent).
    pub settings: PartialSettings,
}

/// Reads `[package.metadata.mileston]` from `manifest_dir/Cargo.toml`.
/// Every malformed entry is reported, with its line.
pub fn read_metadata(manifest_dir: &Path) -> Result<Metadata, Vec<Problem>> {
    let path = manifest_dir.join("Cargo.toml");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(_) => return Ok(Metadata::default()),
    };
    parse_metadata(&text)
}

/// Parses `[package.metadata.mileston]` out of a manifest's text.
pub fn parse_metadata(text: &str) -> Result<Metadata, Vec<Problem>> {
    use toml::de::{DeTable, DeValue};

    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let doc = match DeTable::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let line = e.span().map_or(1, |s| line_of(s.start));
            return Err(vec![Problem::new(
                Slot::Settings,
                format!("Cargo.toml line {line} is not valid TOML: {}", e.message()),
            )]);
        }
    };
    fn table<'a, 'i>(v: &'a DeValue<'i>) -> Option<&'a DeTable<'i>> {
        match v {
            DeValue::Table(t) => Some(t),
            _ => None,
        }
    }
    let Some(mileston) = doc
        .get_ref()
        .get("package")
        .and_then(|p| table(p.get_ref()))
        .and_then(|p| p.get("metadata").and_then(|m| table(m.get_ref())))
        .and_then(|m| m.get("mileston"))
    else {
        return Ok(Metadata::default());
    };
    let here = |span: std::ops::Range<usize>| format!("Cargo.toml line {}", line_of(span.start));
    let DeValue::Table(entries) = mileston.get_ref() else {
        return Err(vec![Problem::new(
            Slot::Settings,
            format!(
                "{}: `package.metadata.mileston` must be a table",
                here(mileston.span())
            ),
        )]);
    };

    let mut problems = Vec::new();
    let mut settings = PartialSettings::default();
    for (k, v) in entries.iter() {
        let name: &str = k.get_ref();
        let at = here(k.span());
        let string = match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => None,
        };
        let var = |slot: Slot, problems: &mut Vec<Problem>| -> Option<String> {
            let s = string.clone()?;
            if key::looks_like_key(&s) {
                problems.push(Problem::new(
                    slot,
                    format!("{at}: {}", literal_key_message(slot.name())),
                ));
                return None;
            }
            if let Err(e) = check_var_name(&s) {
                problems.push(Problem::new(
                    slot,
                    format!("{at}: `{}` is not a variable name: {e}", slot.name()),
                ));
                return None;
            }
            Some(s)
        };
        match name {
            "backend" | "checkout" => {
                let slot = if name == "backend" {
                    Slot::Backend
                } else {
                    Slot::Checkout
                };
                let declared = match v.get_ref() {
                    DeValue::Boolean(true) => Some(Declared::Default),
                    DeValue::Boolean(false) => Some(Declared::Off),
                    DeValue::String(_) => var(slot, &mut problems).map(Declared::Var),
                    _ => {
                        problems.push(Problem::new(
                            slot,
                            format!(
                                "{at}: `{name}` must be `true`, `false` or the name of an \
                                 environment variable"
                            ),
                        ));
                        None
                    }
                };
                if slot == Slot::Backend {
                    settings.backend = declared;
                } else {
                    settings.checkout = declared;
                }
            }
            "business_id" => {
                if string.is_some() {
                    settings.business_id = var(Slot::BusinessId, &mut problems);
                } else {
                    problems.push(Problem::new(
                        Slot::BusinessId,
                        format!("{at}: `business_id` must be the name of an environment variable"),
                    ));
                }
            }
            "base_url" => match string.as_deref().map(check_base_url) {
                Some(Ok(url)) => settings.base_url = Some(url),
                Some(Err(why)) => {
                    problems.push(Problem::new(Slot::BaseUrl, format!("{at}: {why}")))
                }
                None => problems.push(Problem::new(
                    Slot::BaseUrl,
                    format!("{at}: `base_url` must be a string such as \"http://127.0.0.1:4010\""),
                )),
            },
            "mode" => match string.as_deref().and_then(KeyMode::from_setting) {
                Some(mode) => settings.mode = Some(mode),
                None => problems.push(Problem::new(
                    Slot::Mode,
                    format!("{at}: `mode` must be \"test\" or \"live\""),
                )),
            },
            // A key where a setting's name goes: say so without repeating it.
            other if key::looks_like_key(other) => problems.push(Problem::new(
                Slot::Settings,
                format!(
                    "{at}: a setting's name in [package.metadata.mileston] looks like a Mileston \
                     key: keys are never written in Cargo.toml; remove it (and rotate the key if \
                     it was committed)"
                ),
            )),
            other => problems.push(Problem::new(
                Slot::Settings,
                format!(
                    "{at}: unknown setting `{other}` in [package.metadata.mileston]; expected one \
                     of {}",
                    list(SETTING_NAMES)
                ),
            )),
        }
    }
    if problems.is_empty() {
        Ok(Metadata { settings })
    } else {
        Err(problems)
    }
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

// ---------------------------------------------------------------------------
// Variables: the environment and .env files

/// Where a value was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The process environment.
    Env,
    /// A `.env` file, at this line.
    DotEnv {
        /// The file, relative to the crate's directory where possible.
        path: PathBuf,
        /// 1-based line.
        line: usize,
    },
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Env => f.write_str("the process environment"),
            Origin::DotEnv { path, line } => write!(f, "{} line {line}", path.display()),
        }
    }
}

/// A variable's value and where it came from. Its `Debug` hides the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Found {
    /// The value. May be a secret: never print it.
    pub value: String,
    /// Where it was found.
    pub origin: Origin,
}

impl fmt::Debug for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Found")
            .field("value", &"<hidden>")
            .field("origin", &self.origin)
            .finish()
    }
}

/// A `.env` entry: name, value, 1-based line.
type Entry = (String, String, usize);

/// Reads a variable from an environment.
type EnvReader = Box<dyn Fn(&str) -> Option<std::ffi::OsString>>;

struct DotEnvFile {
    /// Absolute path.
    path: PathBuf,
    /// As shown in messages.
    shown: PathBuf,
    /// Parsed entries `(name, value, line)`, or the reason the file is unusable.
    entries: Option<Result<Vec<Entry>, String>>,
}

/// The environment and the `.env` files of one crate, read on demand.
pub struct Sources {
    files: Vec<DotEnvFile>,
    env: EnvReader,
}

impl Sources {
    /// The sources of the crate in `manifest_dir`: the process environment, and
    /// the `.env` files that exist from that directory up to the workspace root.
    pub fn new(manifest_dir: &Path) -> Sources {
        Sources::with_env(manifest_dir, |name| std::env::var_os(name))
    }

    /// As [`Sources::new`], with another environment (for tests).
    pub fn with_env(
        manifest_dir: &Path,
        env: impl Fn(&str) -> Option<std::ffi::OsString> + 'static,
    ) -> Sources {
        // A crate outside any workspace is its own root.
        let root = manifest_dir
            .ancestors()
            .find(|dir| is_workspace_root(dir))
            .unwrap_or(manifest_dir);
        let mut files = Vec::new();
        let mut shown = PathBuf::new();
        for dir in manifest_dir.ancestors() {
            let path = dir.join(".env");
            if path.is_file() {
                files.push(DotEnvFile {
                    shown: shown.join(".env"),
                    path,
                    entries: None,
                });
            }
            if dir == root {
                break;
            }
            shown.push("..");
        }
        Sources {
            files,
            env: Box::new(env),
        }
    }

    /// The `.env` files that exist (absolute paths), nearest first: what a
    /// build must be re-run for when it changes.
    pub fn dotenv_files(&self) -> impl Iterator<Item = &Path> {
        self.files.iter().map(|f| f.path.as_path())
    }

    /// Looks `name` up: the environment first, then the `.env` files, nearest
    /// first. `Err` says why a value could not be read (never the value).
    pub fn lookup(&mut self, name: &str) -> Result<Option<Found>, String> {
        if let Some(value) = (self.env)(name) {
            return match value.into_string() {
                Ok(value) => Ok(Some(Found {
                    value,
                    origin: Origin::Env,
                })),
                Err(_) => Err(format!(
                    "{name} in the process environment is not valid UTF-8, so it cannot be a \
                     Mileston key or business ID"
                )),
            };
        }
        for file in &mut self.files {
            let entries = file
                .entries
                .get_or_insert_with(|| parse_dotenv(&file.path, &file.shown));
            let entries = entries.as_ref().map_err(Clone::clone)?;
            let mut hits = entries.iter().filter(|(k, _, _)| k == name);
            if let Some((_, value, line)) = hits.next() {
                if let Some((_, _, again)) = hits.next() {
                    return Err(format!(
                        "{name} is set twice in {} (lines {line} and {again}): keep one, so \
                         there is no doubt which key is injected",
                        file.shown.display()
                    ));
                }
                return Ok(Some(Found {
                    value: value.clone(),
                    origin: Origin::DotEnv {
                        path: file.shown.clone(),
                        line: *line,
                    },
                }));
            }
        }
        Ok(None)
    }
}

fn is_workspace_root(dir: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(dir.join("Cargo.toml")) else {
        return false;
    };
    // A cheap test first: most manifests on the way up have no workspace.
    text.contains("workspace")
        && toml::de::DeTable::parse(&text).is_ok_and(|doc| doc.get_ref().contains_key("workspace"))
}

/// Parses a `.env` file with dotenvy, without touching the process
/// environment, and finds the line of each entry.
fn parse_dotenv(path: &Path, shown: &Path) -> Result<Vec<Entry>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {}", shown.display(), e.kind()))?;
    if text.starts_with('\u{feff}') {
        return Err(format!(
            "{} starts with a byte-order mark (saved by a Windows editor?): save it as UTF-8 \
             without BOM",
            shown.display()
        ));
    }
    let mut out = Vec::new();
    let mut search_from = 0;
    for item in dotenvy::from_read_iter(text.as_bytes()) {
        match item {
            Ok((name, value)) => {
                let line = definition_line(&text, &name, search_from);
                search_from = line;
                out.push((name, value, line));
            }
            Err(dotenvy::Error::LineParse(bad, _)) => {
                // The bad line itself may hold a key: say where, not what.
                // It comes after the last entry read: look there, for the
                // line itself first, then for a line holding it.
                let first = bad.lines().next().unwrap_or("").trim();
                let after = || text.lines().enumerate().skip(search_from);
                let line = after()
                    .find(|(_, l)| !first.is_empty() && l.trim() == first)
                    .or_else(|| after().find(|(_, l)| !first.is_empty() && l.contains(first)))
                    .map_or(search_from + 1, |(i, _)| i + 1);
                return Err(format!(
                    "{} has a syntax error at line {line}: expected `NAME=value`",
                    shown.display()
                ));
            }
            Err(_) => return Err(format!("cannot read {}", shown.display())),
        }
    }
    Ok(out)
}

/// The line (1-based) at or after line `after` that defines `name`.
fn definition_line(text: &str, name: &str, after: usize) -> usize {
    text.lines()
        .enumerate()
        .skip(after)
        .find(|(_, l)| {
            let l = l.trim_start();
            let l = l.strip_prefix("export ").map_or(l, str::trim_start);
            l.strip_prefix(name)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(after + 1, |(i, _)| i + 1)
}

// ---------------------------------------------------------------------------
// The rules

/// A key that passed every rule. Its `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct ValidKey {
    /// The key. A secret: never print it.
    pub raw: String,
    /// What kind and mode it is.
    pub shape: KeyShape,
    /// The variable it came from.
    pub var: String,
}

impl fmt::Debug for ValidKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut redacted = String::new();
        key::write_redacted(&mut redacted, &self.raw, &self.shape)?;
        f.debug_struct("ValidKey")
            .field("key", &redacted)
            .field("var", &self.var)
            .finish()
    }
}

/// What the rules let through: ready to inject.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    /// The normal key, if `backend` is declared.
    pub backend: Option<ValidKey>,
    /// The checkout key, if `checkout` is declared.
    pub checkout: Option<ValidKey>,
    /// The business ID.
    pub business_id: String,
    /// The mode of the keys (and of the pin, when there is one).
    pub mode: KeyMode,
}

/// Reads every declared variable and applies every rule, collecting all
/// problems rather than stopping at the first.
pub fn resolve(settings: &Settings, sources: &mut Sources) -> Result<Resolved, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut read = |slot: Slot, var: &str, what: &str, problems: &mut Vec<Problem>| match sources
        .lookup(var)
    {
        Ok(Some(found)) => Some(found),
        Ok(None) => {
            problems.push(Problem::new(
                slot,
                format!(
                    "{var} is not set: `{}` needs {what}; set it in the environment or in a \
                         .env file (found in neither the process environment nor a .env file \
                         from the crate's directory up to the workspace root)",
                    slot.name()
                ),
            ));
            None
        }
        Err(message) => {
            problems.push(Problem::new(slot, message));
            None
        }
    };

    let mut key_in =
        |slot: Slot, var: Option<&String>, want: KeyKind, problems: &mut Vec<Problem>| {
            let var = var?;
            let what = match want {
                KeyKind::Normal => "the normal API key",
                KeyKind::Checkout => "the checkout key",
            };
            let found = read(slot, var, what, problems)?;
            let origin = &found.origin;
            match key::parse(&found.value) {
                Err(e) => {
                    problems.push(Problem::new(
                        slot,
                        format!(
                            "{var} (from {origin}) is not a valid Mileston key: {}",
                            e.reason()
                        ),
                    ));
                    None
                }
                Ok(shape) if shape.kind != want => {
                    let message = match want {
                        KeyKind::Normal => format!(
                            "{var} (from {origin}) holds a checkout key, but `backend` needs the \
                         normal API key (`Mileston_{}_…`): checkout keys cannot create payments",
                            shape.mode_marker
                        ),
                        KeyKind::Checkout => format!(
                            "{var} (from {origin}) holds a normal API key, but `checkout` needs a \
                         checkout key (`Mileston_{}_CHECKOUTKEY_…`): the normal key is a backend \
                         secret and must never be used where a checkout key goes",
                            shape.mode_marker
                        ),
                    };
                    problems.push(Problem::new(slot, message));
                    None
                }
                Ok(shape) => Some((
                    ValidKey {
                        raw: found.value,
                        shape,
                        var: var.clone(),
                    },
                    found.origin,
                )),
            }
        };
    let backend = key_in(
        Slot::Backend,
        settings.backend.as_ref(),
        KeyKind::Normal,
        &mut problems,
    );
    let checkout = key_in(
        Slot::Checkout,
        settings.checkout.as_ref(),
        KeyKind::Checkout,
        &mut problems,
    );

    let business_id = match sources.lookup(&settings.business_id) {
        Ok(Some(found)) => match business::check(&found.value) {
            Ok(()) => Some(found.value),
            Err(e) => {
                problems.push(Problem::new(
                    Slot::BusinessId,
                    format!(
                        "{} (from {}) is not a valid business ID: {}",
                        settings.business_id,
                        found.origin,
                        e.reason()
                    ),
                ));
                None
            }
        },
        Ok(None) => {
            problems.push(Problem::new(
                Slot::BusinessId,
                format!(
                    "{} is not set: every request carries the business ID; copy it from the \
                     dashboard into the environment or a .env file (found in neither the process \
                     environment nor a .env file from the crate's directory up to the workspace \
                     root)",
                    settings.business_id
                ),
            ));
            None
        }
        Err(message) => {
            problems.push(Problem::new(Slot::BusinessId, message));
            None
        }
    };

    // Modes: against the pin, then against each other.
    let mut mode = settings.mode;
    for (slot, k) in [(Slot::Backend, &backend), (Slot::Checkout, &checkout)] {
        let Some((k, origin)) = k else { continue };
        if let Some(pin) = settings.mode {
            if k.shape.mode != pin {
                problems.push(Problem::new(
                    slot,
                    format!(
                        "{} (from {origin}) is a {} key, but `mode = \"{pin}\"` is pinned: use \
                         the {pin} key, or change the pin",
                        k.var, k.shape.mode
                    ),
                ));
            }
            continue;
        }
        match mode {
            None => mode = Some(k.shape.mode),
            Some(m) if m != k.shape.mode => {
                let (other, _) = backend.as_ref().expect("backend key set the mode");
                problems.push(Problem::new(
                    slot,
                    format!(
                        "{} (from {origin}) is a {} key but {} is a {} key: test and live keys \
                         cannot be mixed; use keys of one mode",
                        k.var, k.shape.mode, other.var, other.shape.mode
                    ),
                ));
            }
            Some(_) => {}
        }
    }

    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Resolved {
        backend: backend.map(|(k, _)| k),
        checkout: checkout.map(|(k, _)| k),
        business_id: business_id.expect("no problem means a business ID"),
        mode: mode.expect("at least one key is declared"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    // Recognisably fake keys, never issued by Mileston.
    const NORMAL: &str = "Mileston_TEST_FAKEfake0000000000a1";
    const CHECKOUT: &str = "Mileston_TEST_CHECKOUTKEY_FAKEfake00000000b2";
    const LIVE_CHECKOUT: &str = "Mileston_LIVE_CHECKOUTKEY_FAKEfake00000000c3";

    fn sources(dir: &Path, vars: &[(&str, &str)]) -> Sources {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Sources::with_env(dir, move |k| vars.get(k).map(Into::into))
    }

    fn both() -> Settings {
        PartialSettings {
            backend: Some(Declared::Default),
            checkout: Some(Declared::Default),
            ..Default::default()
        }
        .over(PartialSettings::default())
        .unwrap()
    }

    fn tempdir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("mileston-core-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn resolves_from_env() {
        let dir = tempdir("env");
        let mut s = sources(
            &dir,
            &[
                (DEFAULT_BACKEND_VAR, NORMAL),
                (DEFAULT_CHECKOUT_VAR, CHECKOUT),
                (DEFAULT_BUSINESS_ID_VAR, "biz_1"),
            ],
        );
        let r = resolve(&both(), &mut s).unwrap();
        assert_eq!(r.mode, KeyMode::Test);
        assert_eq!(r.backend.unwrap().raw, NORMAL);
        assert!(!format!("{:?}", r.checkout).contains(CHECKOUT));
    }

    #[test]
    fn collects_every_problem_without_the_keys() {
        let dir = tempdir("problems");
        let mut s = sources(
            &dir,
            &[
                (DEFAULT_BACKEND_VAR, CHECKOUT),
                (DEFAULT_CHECKOUT_VAR, LIVE_CHECKOUT),
                (DEFAULT_BUSINESS_ID_VAR, NORMAL),
            ],
        );
        let problems = resolve(&both(), &mut s).unwrap_err();
        let slots: Vec<Slot> = problems.iter().map(|p| p.slot).collect();
        assert_eq!(slots, [Slot::Backend, Slot::BusinessId]);
        assert!(problems[0].message.contains("holds a checkout key"));
        for p in &problems {
            for k in [NORMAL, CHECKOUT, LIVE_CHECKOUT] {
                assert!(!p.message.contains(&k[14..]), "{}", p.message);
            }
        }
    }

    #[test]
    fn mixed_modes_and_pins() {
        let dir = tempdir("modes");
        let vars = [
            (DEFAULT_BACKEND_VAR, NORMAL),
            (DEFAULT_CHECKOUT_VAR, LIVE_CHECKOUT),
            (DEFAULT_BUSINESS_ID_VAR, "biz_1"),
        ];
        let problems = resolve(&both(), &mut sources(&dir, &vars)).unwrap_err();
        assert_eq!(
            problems[0].message,
            "MILESTON_CHECKOUT_KEY (from the process environment) is a live key but \
             MILESTON_API_KEY is a test key: test and live keys cannot be mixed; use keys of one \
             mode"
        );
        let mut pinned = both();
        pinned.mode = Some(KeyMode::Live);
        let problems = resolve(&pinned, &mut sources(&dir, &vars)).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].slot, Slot::Backend);
        assert!(
            problems[0]
                .message
                .contains("is a test key, but `mode = \"live\"` is pinned")
        );
    }

    #[test]
    fn dotenv_nearest_wins_env_overrides_and_lines_are_reported() {
        let root = tempdir("dotenv");
        let member = root.join("app");
        std::fs::create_dir_all(&member).unwrap();
        std::fs::write(
            root.join("Cargo.toml"),
            "[workspace]\nmembers = [\"app\"]\n",
        )
        .unwrap();
        std::fs::write(member.join("Cargo.toml"), "[package]\nname = \"app\"\n").unwrap();
        std::fs::write(
            root.join(".env"),
            format!("# shared\nMILESTON_BUSINESS_ID=biz_root\nMILESTON_CHECKOUT_KEY={CHECKOUT}\n"),
        )
        .unwrap();
        std::fs::write(
            member.join(".env"),
            "\n\nexport MILESTON_BUSINESS_ID=biz_app\n",
        )
        .unwrap();

        let mut s = sources(&member, &[]);
        let found = s.lookup("MILESTON_BUSINESS_ID").unwrap().unwrap();
        assert_eq!(found.value, "biz_app");
        assert_eq!(found.origin.to_string(), ".env line 3");
        let found = s.lookup("MILESTON_CHECKOUT_KEY").unwrap().unwrap();
        assert_eq!(found.origin.to_string(), "../.env line 3");

        let mut s = sources(&member, &[("MILESTON_BUSINESS_ID", "biz_env")]);
        assert_eq!(
            s.lookup("MILESTON_BUSINESS_ID").unwrap().unwrap().value,
            "biz_env"
        );

        std::fs::write(
            member.join(".env"),
            "A=1\nMILESTON_BUSINESS_ID=x\nMILESTON_BUSINESS_ID=y\n",
        )
        .unwrap();
        let err = sources(&member, &[])
            .lookup("MILESTON_BUSINESS_ID")
            .unwrap_err();
        assert_eq!(
            err,
            "MILESTON_BUSINESS_ID is set twice in .env (lines 2 and 3): keep one, so there is no \
             doubt which key is injected"
        );

        std::fs::write(member.join(".env"), format!("A=1\nB {NORMAL}\n")).unwrap();
        let err = sources(&member, &[]).lookup("B").unwrap_err();
        assert_eq!(
            err,
            ".env has a syntax error at line 2: expected `NAME=value`"
        );
    }

    #[test]
    fn metadata_settings_and_errors() {
        let m = parse_metadata(
            "[package]\nname = \"x\"\n[package.metadata.mileston]\ncheckout = \"SHOP_KEY\"\nbackend = true\nmode = \"test\"\n",
        )
        .unwrap();
        assert_eq!(m.settings.checkout, Some(Declared::Var("SHOP_KEY".into())));
        assert_eq!(m.settings.backend, Some(Declared::Default));
        assert_eq!(m.settings.mode, Some(KeyMode::Test));

        let problems = parse_metadata(&format!(
            "[package.metadata.mileston]\nbackend = 1\ncheckout = \"{CHECKOUT}\"\ncolour = \"red\"\n"
        ))
        .unwrap_err();
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), 3);
        assert!(messages[0].starts_with("Cargo.toml line 2: `backend` must be `true`"));
        assert!(messages[1].starts_with("Cargo.toml line 3: this looks like a Mileston key"));
        assert!(messages[2].starts_with("Cargo.toml line 4: unknown setting `colour`"));
        assert!(!messages.concat().contains(&CHECKOUT[14..]));

        let m =
            parse_metadata("[package.metadata.mileston]\nbase_url = \"http://localhost:4010/\"\n")
                .unwrap();
        assert_eq!(
            m.settings.base_url.as_deref(),
            Some("http://localhost:4010")
        );
        let problems =
            parse_metadata("[package.metadata.mileston]\nbase_url = \"http://10.0.0.8\"\n")
                .unwrap_err();
        assert_eq!(problems[0].slot, Slot::BaseUrl);
        assert!(
            problems[0].message.starts_with(
                "Cargo.toml line 2: `base_url` is refused: keys would travel in clear text"
            ),
            "{}",
            problems[0].message
        );

        let problems = parse_metadata("[package\n").unwrap_err();
        assert!(
            problems[0]
                .message
                .starts_with("Cargo.toml line 1 is not valid TOML")
        );
    }

    #[test]
    fn attribute_wins_over_metadata() {
        let attr = PartialSettings {
            checkout: Some(Declared::Var("SHOP".into())),
            ..Default::default()
        };
        let meta = PartialSettings {
            checkout: Some(Declared::Default),
            backend: Some(Declared::Default),
            business_id: Some("BIZ".into()),
            ..Default::default()
        };
        let s = attr.over(meta).unwrap();
        assert_eq!(s.checkout.as_deref(), Some("SHOP"));
        assert_eq!(s.backend.as_deref(), Some(DEFAULT_BACKEND_VAR));
        assert_eq!(s.business_id, "BIZ");
        assert!(
            PartialSettings::default()
                .over(PartialSettings::default())
                .is_err()
        );
    }
}
