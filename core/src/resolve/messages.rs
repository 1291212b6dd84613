//! Every message the checks give, at build time and at start (`load =
//! "start"`), worded once. Front ends only add where a message points (a
//! span, `Cargo.toml line N: `, a flag).
//!
//! No message holds a value read from a variable; the only user text ever
//! quoted is a setting's or variable's name, and only when it cannot be a key
//! ([`quote_name`]).

// Without `resolve` (the runtime's feature `start`) the build-only items
// are left out, and some of these imports with them.
#![cfg_attr(not(feature = "resolve"), allow(unused_imports))]

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::key::{KeyKind, KeyMode};

use super::origin::Origin;
use super::slots::{self, Declaration, Setting, Var};

/// Where a setting was written, which decides how examples in messages are
/// spelt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// `#[mileston_config(checkout = "VAR")]`.
    Attribute,
    /// `[package.metadata.mileston] checkout = "VAR"`.
    Manifest,
    /// `mileston-config check --checkout VAR`.
    Flag,
}

/// The front end a plan is made for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Front {
    /// `#[mileston_config]`: its arguments, then Cargo.toml.
    Attribute,
    /// `mileston_config::build::check()`: Cargo.toml only.
    BuildScript,
    /// `mileston-config check`: its flags, then Cargo.toml.
    Cli,
}

impl Front {
    /// How the front end's own settings are written.
    pub fn syntax(self) -> Syntax {
        match self {
            Front::Attribute | Front::BuildScript => Syntax::Attribute,
            Front::Cli => Syntax::Flag,
        }
    }
}

/// Whether a text given where a variable's name goes may be a value
/// instead (a secret pasted in the wrong place). A name is repeated in a
/// message only when it reads like one: upper-case letters, digits, `_` (and
/// `-`, a common slip), at most 64 characters, and a separator when it has
/// 16 or more. Anything else (lower case, hex, a hyphenated token, what may
/// be a key) may be a secret, and is never repeated.
pub fn may_be_a_value(name: &str) -> bool {
    let name_like = !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
        && name.bytes().any(|b| b.is_ascii_uppercase())
        && (name.len() < 16 || name.contains(['_', '-']));
    !name_like || crate::secret::may_be_secret(name)
}

/// A variable's name as messages show it: as written, unless it may be a
/// value ([`may_be_a_value`]).
pub fn shown(name: &str) -> Cow<'_, str> {
    if may_be_a_value(name) {
        Cow::Borrowed("(a variable name given here, not repeated: it may be a secret)")
    } else {
        Cow::Borrowed(name)
    }
}

/// Where a value was found, in messages' words.
impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Env => f.write_str("the process environment"),
            Origin::CargoConfig { path } => write!(f, "{} [env]", path.display()),
            Origin::DotEnv { path, line } => write!(f, "{} line {line}", path.display()),
            Origin::File { var } => write!(f, "the file named by {}", shown(var)),
            Origin::Credential { id } => write!(
                f,
                "the systemd credential $CREDENTIALS_DIRECTORY/{}",
                shown(id)
            ),
        }
    }
}

#[cfg(feature = "resolve")]
/// `name` in backquotes, or, when it may be a value, words that do not
/// repeat it.
pub fn quote_name(name: &str) -> String {
    if may_be_a_value(name) {
        shown(name).into_owned()
    } else {
        format!("`{name}`")
    }
}

#[cfg(feature = "resolve")]
/// `setting = "VAR"` as the syntax spells it.
fn example(setting: Setting, syntax: Syntax) -> String {
    let value = match setting {
        Setting::Var(v) => v.default_var,
        Setting::Mode => "test",
        Setting::BaseUrl => "http://127.0.0.1:4010",
        Setting::AllowLiveBaseUrl => "true",
        Setting::Load => "start",
    };
    match syntax {
        Syntax::Flag => match setting {
            Setting::Var(v) => format!("`{} {value}`", v.flag()),
            Setting::Mode => "`--expect test`".to_owned(),
            Setting::BaseUrl => format!("`{} = \"{value}\"`", setting.name()),
            Setting::AllowLiveBaseUrl => format!("`{}`", setting.name()),
            Setting::Load => format!("`--load {value}`"),
        },
        _ => format!("`{} = \"{value}\"`", setting.name()),
    }
}

#[cfg(feature = "resolve")]
/// A key written where a setting's value goes: in the attribute, in
/// Cargo.toml, on a command line.
pub fn literal_key(setting: Setting, syntax: Syntax) -> String {
    let place = match syntax {
        Syntax::Flag => "on a command line, where they end up in shell history and CI logs",
        _ => "in source, where they end up in version control",
    };
    let fix = match setting {
        Setting::Var(_) => format!(
            "put the key in an environment variable (or a .env file that git ignores) and name \
             the variable here, e.g. {}",
            example(setting, syntax)
        ),
        Setting::Mode | Setting::Load => format!("write {}", example(setting, syntax)),
        Setting::BaseUrl => format!("write the origin only, e.g. {}", example(setting, syntax)),
        Setting::AllowLiveBaseUrl => format!("write `{}` alone", setting.name()),
    };
    let what = match (setting, syntax) {
        (Setting::Var(_), Syntax::Flag) => "this looks like a Mileston key".to_owned(),
        (Setting::Var(_), _) => "this looks like a Mileston key written in source".to_owned(),
        _ => format!("`{}` holds what looks like a Mileston key", setting.name()),
    };
    format!("{what}: keys are never written {place}; {fix}; if it was ever committed, rotate it")
}

#[cfg(feature = "resolve")]
/// A string with escape sequences in the attribute, which reads strings as
/// written (what is checked is what is written).
pub fn escaped(setting: Setting) -> String {
    format!(
        "`{}` is read as written: write it without escape sequences (`\\`), e.g. {}",
        setting.name(),
        example(setting, Syntax::Attribute)
    )
}

#[cfg(feature = "resolve")]
/// A variable setting whose value is not a variable name. A flag's value is
/// quoted (the command line gives no place to point at), unless it may be a key.
pub fn not_var_name(setting: Setting, syntax: Syntax, written: &str) -> String {
    let rule = "a variable name has ASCII letters, digits and `_` and does not start with a digit";
    let message = match syntax {
        Syntax::Flag => format!("{} is not a variable name: {rule}", quote_name(written)),
        _ => format!("`{}` is not a variable name: {rule}", setting.name()),
    };
    message + value_hint(written)
}

/// For a name that may be a value: that such a value is to be rotated.
fn value_hint(name: &str) -> &'static str {
    if may_be_a_value(name) {
        "; if it is a secret, it was written where a variable's name goes: put it in the \
         variable and rotate it"
    } else {
        ""
    }
}

#[cfg(feature = "resolve")]
/// A variable setting given without a string (`backend = X`, `backend = 1`),
/// or a flag where a value is needed (`business_id`, `mode`, `base_url`).
pub fn wrong_value(setting: Setting, syntax: Syntax, bare: bool) -> String {
    let name = setting.name();
    match (syntax, setting) {
        (Syntax::Manifest, Setting::Var(v)) if v.declaration == Declaration::Optional => {
            format!("`{name}` must be `true`, `false` or the name of an environment variable")
        }
        (Syntax::Manifest, Setting::Var(_)) => {
            format!("`{name}` must be the name of an environment variable")
        }
        (_, Setting::Mode) if !bare => mode_values(syntax),
        (_, Setting::Mode) => "`mode` takes a value: `mode = \"test\"` or `mode = \"live\"`".into(),
        (Syntax::Manifest, Setting::BaseUrl) => {
            "`base_url` must be a string such as \"http://127.0.0.1:4010\"".to_owned()
        }
        (_, Setting::BaseUrl) if bare => format!(
            "`base_url` takes a value, e.g. {}",
            example(setting, Syntax::Attribute)
        ),
        (_, Setting::BaseUrl) => format!(
            "`base_url` takes a string, e.g. {}",
            example(setting, Syntax::Attribute)
        ),
        (Syntax::Manifest, Setting::AllowLiveBaseUrl) => {
            "`allow_live_base_url` must be `true` or `false`".to_owned()
        }
        (_, Setting::AllowLiveBaseUrl) => {
            "`allow_live_base_url` takes no value: write `allow_live_base_url`".to_owned()
        }
        (Syntax::Attribute, Setting::Load) if !bare => {
            "`load` takes a string: `load = \"build\"` or `load = \"start\"`".to_owned()
        }
        (_, Setting::Load) if bare => {
            "`load` takes a value: `load = \"build\"` or `load = \"start\"`".to_owned()
        }
        (_, Setting::Load) => bad_load(),
        (_, Setting::Var(v)) if bare => format!(
            "`{name}` takes the name of an environment variable, e.g. {}",
            example(Setting::Var(v), Syntax::Attribute)
        ),
        (_, Setting::Var(_)) => format!(
            "`{name}` takes the name of an environment variable as a string, e.g. `{name} = \"MY_VAR\"`"
        ),
    }
}

#[cfg(feature = "resolve")]
fn mode_values(syntax: Syntax) -> String {
    match syntax {
        Syntax::Attribute => "`mode` takes a string: `mode = \"test\"` or `mode = \"live\"`".into(),
        _ => "`mode` must be \"test\" or \"live\"".into(),
    }
}

#[cfg(feature = "resolve")]
/// Only secrets without a mode are declared (a webhook token, say), and no
/// `mode` pins one: the handles' mode would be a guess, and a test receiver
/// in production refuses every real delivery.
pub fn mode_required(declared: &[&Var], syntax: Syntax) -> String {
    let names = list(declared.iter().map(|v| v.setting));
    let carry = if declared.len() == 1 {
        "carries"
    } else {
        "carry"
    };
    let test = example(Setting::Mode, syntax);
    let live = test.replace("test", "live");
    format!(
        "nothing here decides the mode: {names} {carry} none (only a key is test or live); pin \
         it with {test} or {live}: a test receiver refuses every live delivery, and the reverse"
    )
}

#[cfg(feature = "resolve")]
/// `load = "start"` without a mode pin: the handles' type carries the mode,
/// and no key is read at build time to decide it.
pub fn mode_required_at_start(syntax: Syntax) -> String {
    let pin = match syntax {
        Syntax::Flag => "give `--expect test` or `--expect live` (or pin `mode` in \
                         [package.metadata.mileston])"
            .to_owned(),
        _ => format!(
            "pin it with {} or {}",
            example(Setting::Mode, syntax),
            example(Setting::Mode, syntax).replace("test", "live")
        ),
    };
    format!(
        "`load = \"start\"` needs `mode`: no key is read at build time to decide it, and the \
         handles' type carries it; {pin}, the mode of the keys this build is deployed with (a \
         test build refuses live keys when it starts, and the reverse)"
    )
}

#[cfg(feature = "resolve")]
/// A `load` that is neither `"build"` nor `"start"`.
pub fn bad_load() -> String {
    "`load` must be \"build\" or \"start\"".to_owned()
}

#[cfg(feature = "resolve")]
/// A `mode` that is neither `"test"` nor `"live"`.
pub fn bad_mode() -> String {
    "`mode` must be \"test\" or \"live\"".to_owned()
}

#[cfg(feature = "resolve")]
/// A refused `base_url`.
pub fn bad_base_url(reason: &str) -> String {
    format!("`base_url` is refused: {reason}")
}

#[cfg(feature = "resolve")]
/// A setting the syntax does not know.
pub fn unknown_setting(name: &str, syntax: Syntax) -> String {
    if crate::secret::may_be_secret(name) {
        let place = match syntax {
            Syntax::Manifest => "a setting's name in [package.metadata.mileston]",
            _ => "an argument's name",
        };
        let file = match syntax {
            Syntax::Manifest => "Cargo.toml",
            _ => "source",
        };
        return format!(
            "{place} looks like a Mileston key: keys are never written in {file}; remove it (and \
             rotate the key if it was committed)"
        );
    }
    match syntax {
        Syntax::Manifest => format!(
            "unknown setting `{name}` in [package.metadata.mileston]; expected one of {}",
            list(slots::settings().map(Setting::name))
        ),
        _ => format!(
            "unknown argument `{name}`: expected {}",
            attribute_arguments()
        ),
    }
}

#[cfg(feature = "resolve")]
/// The arguments the attribute takes, for messages.
fn attribute_arguments() -> String {
    let mut forms = Vec::new();
    let optional = || {
        slots::VARS
            .iter()
            .filter(|v| v.declaration == Declaration::Optional)
    };
    forms.extend(optional().map(|v| format!("`{}`", v.setting)));
    forms.extend(optional().map(|v| format!("`{} = \"VAR\"`", v.setting)));
    forms.extend(
        slots::VARS
            .iter()
            .filter(|v| v.declaration == Declaration::Always)
            .map(|v| format!("`{} = \"VAR\"`", v.setting)),
    );
    forms.push("`mode = \"test\" | \"live\"`".to_owned());
    forms.push("`base_url = \"https://…\"`".to_owned());
    forms.push("`allow_live_base_url`".to_owned());
    forms.push("`load = \"build\" | \"start\"`".to_owned());
    forms.push("`crate = \"path\"`".to_owned());
    let last = forms.pop().unwrap_or_default();
    format!("{} or {last}", forms.join(", "))
}

#[cfg(feature = "resolve")]
/// `` `a`, `b`, `c` ``.
fn list<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(feature = "resolve")]
/// `[package.metadata.mileston] native = …` that is not a table.
pub fn native_not_a_table() -> String {
    "`native` must be a table, `[package.metadata.mileston.native]`, of the keys and secrets \
     that only native builds read (e.g. `backend = true`)"
        .to_owned()
}

#[cfg(feature = "resolve")]
/// A setting in the native table that is not a key or a secret.
pub fn not_native(name: &str) -> String {
    format!(
        "`{name}` cannot go in [package.metadata.mileston.native]: only keys and secrets do ({}); \
         put it in [package.metadata.mileston]",
        list(
            slots::VARS
                .iter()
                .filter(|v| v.declaration == Declaration::Optional)
                .map(|v| v.setting)
        )
    )
}

#[cfg(feature = "resolve")]
/// A key declared in both the main table and the native one.
pub fn declared_twice(name: &str) -> String {
    format!(
        "`{name}` is declared both in [package.metadata.mileston] and in its native table: \
         keep the one that says which builds read it"
    )
}

#[cfg(feature = "resolve")]
/// An argument written twice.
pub fn duplicate(name: &str) -> String {
    format!("duplicate argument `{name}`: each setting may appear once")
}

#[cfg(feature = "resolve")]
/// `backend(...)`.
pub fn parentheses(name: &str) -> String {
    format!("`{name}` takes no parentheses: write `{name}` or `{name} = \"...\"`")
}

#[cfg(feature = "resolve")]
/// Nothing declared.
pub fn nothing_declared(front: Front) -> String {
    let optional: Vec<&Var> = slots::VARS
        .iter()
        .copied()
        .filter(|v| v.declaration == Declaration::Optional)
        .collect();
    if front == Front::BuildScript {
        return "declare the keys in [package.metadata.mileston] (e.g. `checkout = true`): the \
                build-script helper reads its settings from Cargo.toml"
            .to_owned();
    }
    let mut out = String::from("declare the keys this crate needs: ");
    for v in &optional {
        let _ = write!(out, "`{}` ({}), ", v.setting, v.purpose);
    }
    out.push_str(if optional.len() == 2 {
        "or both"
    } else {
        "or several"
    });
    out.push_str(
        ", e.g. `#[mileston_config(checkout)]` or `[package.metadata.mileston] checkout = true`",
    );
    out
}

#[cfg(feature = "resolve")]
/// A value that is not set anywhere; `for_setting` when it is read because
/// another setting needs it.
pub fn not_set(var: &Var, name: &str, for_setting: Option<&Var>) -> String {
    let raw = name;
    let name = shown(name);
    let fix = match (var.declaration, for_setting) {
        (Declaration::Always, None) => {
            "copy it from the dashboard into the environment or a .env file"
        }
        _ => "set it in the environment or in a .env file",
    };
    format!(
        "{name} is not set: {}; {fix} (found in neither the process environment nor a .env file \
         from the crate's directory up to the workspace root){}",
        needs(var, for_setting),
        value_hint(raw)
    )
}

/// Why a value is needed: "`backend` needs the normal API key".
fn needs(var: &Var, for_setting: Option<&Var>) -> String {
    match (var.declaration, for_setting) {
        (_, Some(by)) => format!("`{}` needs {} too", by.setting, var.what),
        (Declaration::Always, None) => format!("every request carries {}", var.what),
        (Declaration::Optional, None) => format!("`{}` needs {}", var.setting, var.what),
    }
}

/// A value that none of the three places read at start holds.
/// `credentials` is whether `CREDENTIALS_DIRECTORY` is set.
pub fn not_set_at_start(
    var: &Var,
    name: &str,
    for_setting: Option<&Var>,
    credentials: bool,
) -> String {
    let raw = name;
    let name = shown(name);
    let credentials = if credentials {
        ""
    } else {
        "; CREDENTIALS_DIRECTORY is not set"
    };
    format!(
        "{name} is not set: {}; give the process exactly one of the variable {name}, a file \
         named by {name}_FILE, or the systemd credential $CREDENTIALS_DIRECTORY/{name} (found \
         none of them{credentials}){}",
        needs(var, for_setting),
        value_hint(raw)
    )
}

/// A value given in more than one of the places read at start.
pub fn given_twice(name: &str, origins: &[Origin]) -> String {
    let name = shown(name);
    let mut places: Vec<String> = origins.iter().map(ToString::to_string).collect();
    let last = places.pop().unwrap_or_default();
    format!(
        "{name} is given more than once, by {} and by {last}: keep exactly one, so that there is \
         no doubt which value is used",
        places.join(", by ")
    )
}

/// A file read at start that cannot be read; `reason` never holds a value.
pub fn unreadable(name: &str, origin: &Origin, reason: &str) -> String {
    format!("{} cannot be read from {origin}: {reason}", shown(name))
}

/// A file read at start that is too large to hold a key or a secret.
pub fn too_large(limit: usize) -> String {
    format!(
        "the file is larger than {} KiB, so it holds no key or secret: is it the right file?",
        limit / 1024
    )
}

/// `VAR_FILE` set to nothing.
pub fn empty_file_var(name: &str) -> String {
    let name = shown(name);
    format!("{name}_FILE is empty: it must name the file that holds {name}, or be unset")
}

/// A value that is not text.
pub fn not_utf8(name: &str, origin: &Origin) -> String {
    format!(
        "{} in {origin} is not valid UTF-8, so it cannot be a Mileston key or business ID",
        shown(name)
    )
}

/// `load = "build"`: declared variables given when the process runs with
/// values other than those built in, or so that they cannot be read (two
/// places, an unreadable file); the values built in are the ones used.
pub fn overridden_at_run_time(names: &[&str]) -> String {
    let mut names: Vec<String> = names.iter().map(|n| shown(n).into_owned()).collect();
    let last = names.pop().unwrap_or_default();
    let (names, what) = if names.is_empty() {
        (
            last,
            "is given to this process (as the variable, by its `_FILE` or as a systemd \
             credential) with a value other than the one built into this binary, or so that it \
             cannot be read; the value built in is the one used",
        )
    } else {
        (
            format!("{} and {last}", names.join(", ")),
            "are given to this process (as variables, by their `_FILE`s or as systemd \
             credentials) with values other than those built into this binary, or so that they \
             cannot be read; the values built in are the ones used",
        )
    };
    format!(
        "{names} {what}: this crate reads its values at build time (`load = \"build\"`, the \
         default); rebuild it with the new value, or build it with `load = \"start\"` to read \
         the values when the process starts"
    )
}

/// A handle asked for before the values were read at start.
pub fn not_loaded(item: &str, accessor: &str) -> String {
    format!(
        "{item}::{accessor}() was called before {item}::load() succeeded: with `load = \
         \"start\"` the values are read when the process starts; call {item}::load() once at \
         start, and stop on its error, before any handle is used"
    )
}

/// What `load()` says when it fails: every problem, one a line.
pub fn load_failed(item: &str, problems: &[&str]) -> String {
    match problems {
        [one] => format!("{item}::load(): {one}"),
        _ => {
            let mut out = format!("{item}::load(): {} problems:", problems.len());
            for p in problems {
                let _ = write!(out, "\n- {p}");
            }
            out
        }
    }
}

/// Two secrets with one value: one of them is in the wrong variable.
pub fn same_secret(var: &Var, name: &str, origin: &Origin, other: (&Var, &str)) -> String {
    let (other_var, other) = other;
    let (name, other) = (shown(name), shown(other));
    if other == name {
        return format!(
            "{name} is read for both `{}` and `{}`: {} is a secret of its own; give it its own \
             variable",
            other_var.setting, var.setting, var.what
        );
    }
    format!(
        "{name} (from {origin}) holds the same value as {other}: {} is a secret of its own; \
         copy it from the dashboard into its own variable",
        var.what
    )
}

#[cfg(feature = "resolve")]
/// The business ID's variable is a secret's: declared for one, or the
/// variable a secret is read from by default.
pub fn business_id_reads_a_secret(name: &str, secret: &Var, declared: bool) -> String {
    let name = shown(name);
    let whose = if declared {
        format!("the variable `{}` reads ({})", secret.setting, secret.what)
    } else {
        format!(
            "the default variable of {} (`{}`)",
            secret.what, secret.setting
        )
    };
    format!(
        "`business_id` reads {name}, {whose}: the business ID is not a secret (it is printed, \
         logged and shipped to frontends), so a secret there would leak; name the variable that \
         holds the business ID from the dashboard"
    )
}

/// The business ID's value is a secret's: one this build reads, or the one
/// a backend secret's variable holds in this build's environment.
pub fn business_id_is_a_secret(name: &str, origin: &Origin, secret: &Var, other: &str) -> String {
    let (name, other) = (shown(name), shown(other));
    format!(
        "{name} (from {origin}) holds the value of {other}, {}: the business ID is not a secret \
         (it is printed, logged and shipped to frontends), so that secret would leak; put the \
         business ID from the dashboard in {name}",
        secret.what
    )
}

/// A value refused by its row's rule.
pub fn invalid(var: &Var, name: &str, origin: &Origin, reason: &str) -> String {
    let name = shown(name);
    let what = match var.rule {
        slots::Rule::Key(_) => "a valid Mileston key",
        _ => var.what.trim_start_matches("the "),
    };
    let article = if matches!(var.rule, slots::Rule::Key(_)) {
        ""
    } else {
        "a valid "
    };
    format!("{name} (from {origin}) is not {article}{what}: {reason}")
}

/// A well-formed key of the other kind.
pub fn wrong_kind(var: &Var, name: &str, origin: &Origin, marker: &str) -> String {
    let name = shown(name);
    let setting = var.setting;
    match var.rule {
        slots::Rule::Key(KeyKind::Checkout) => format!(
            "{name} (from {origin}) holds a normal API key, but `{setting}` needs a checkout key \
             (`Mileston_{marker}_CHECKOUTKEY_…`): the normal key is a backend secret and must \
             never be used where a checkout key goes"
        ),
        _ => format!(
            "{name} (from {origin}) holds a checkout key, but `{setting}` needs the normal API \
             key (`Mileston_{marker}_…`): checkout keys cannot create payments"
        ),
    }
}

/// A key against the `mode` pin.
pub fn against_pin(name: &str, origin: &Origin, found: KeyMode, pin: KeyMode) -> String {
    let name = shown(name);
    format!(
        "{name} (from {origin}) is a {found} key, but `mode = \"{pin}\"` is pinned: use the \
         {pin} key, or change the pin"
    )
}

/// A key against the mode the CLI was told to expect (`--expect`).
pub fn against_expect(name: &str, origin: &Origin, found: KeyMode, want: KeyMode) -> String {
    let name = shown(name);
    format!(
        "{name} (from {origin}) is a {found} key, but --expect {want} was given: deploy the \
         {want} key here, or expect {found}"
    )
}

/// Test and live keys together.
pub fn mixed_modes(
    (name, origin, mode): (&str, &Origin, KeyMode),
    (other, other_origin, other_mode): (&str, &Origin, KeyMode),
) -> String {
    let (name, other) = (shown(name), shown(other));
    format!(
        "{name} (from {origin}) is a {mode} key but {other} (from {other_origin}) is a \
         {other_mode} key: test and live keys cannot be mixed; use keys of one mode"
    )
}

#[cfg(feature = "resolve")]
/// Live keys sent to an origin other than Mileston's, without saying so
/// (the run-time rule's words: [`crate::url::BaseUrlError::LiveKey`]).
pub fn live_base_url() -> String {
    crate::url::BaseUrlError::LiveKey.reason()
}

#[cfg(feature = "resolve")]
/// `--expect` against the crate's own pin.
pub fn expect_against_manifest_pin(want: KeyMode, pinned: KeyMode) -> String {
    format!(
        "--expect {want}, but Cargo.toml pins `mode = \"{pinned}\"` in \
         [package.metadata.mileston]: this crate is built with {pinned} keys only; deploy it \
         where {pinned} keys are expected, or change the pin"
    )
}

#[cfg(feature = "resolve")]
/// A backend-only value declared for a wasm build.
pub fn wasm_refusal(var: &Var) -> String {
    let setting = var.setting;
    let frontend: Vec<&str> = slots::VARS
        .iter()
        .filter(|v| v.declaration == Declaration::Optional && v.targets == slots::Targets::Any)
        .map(|v| v.setting)
        .collect();
    let native: Vec<&str> = [setting]
        .into_iter()
        .chain(frontend.iter().copied())
        .collect();
    format!(
        "`{setting}` cannot be declared in a wasm build: {} and must never be compiled into a \
         wasm/frontend artifact, where anyone can read it; a frontend declares only {}. In a \
         full-stack crate, declare the {setting} for native builds only:\n    \
         #[cfg_attr(not(target_family = \"wasm\"), mileston_config({}))]\n    \
         #[cfg_attr(target_family = \"wasm\", mileston_config({}))]\n    \
         pub struct Mileston;",
        var.secret_because,
        list(frontend.iter().copied()),
        native.join(", "),
        frontend.join(", "),
    )
}

/// The opt-in variable for builds without keys.
pub const ALLOW_MISSING_KEYS_VAR: &str = "MILESTON_ALLOW_MISSING_KEYS";

#[cfg(feature = "resolve")]
/// The opt-in set to something other than on or off.
pub fn bad_opt_in() -> String {
    format!(
        "{ALLOW_MISSING_KEYS_VAR} must be `1` (build placeholder handles whose requests fail, \
         for `cargo check`, clippy or CI without secrets) or `0`"
    )
}

#[cfg(feature = "resolve")]
/// The opt-in in a release wasm build.
pub fn placeholder_release_wasm() -> String {
    format!(
        "{ALLOW_MISSING_KEYS_VAR} is set in a release wasm build: placeholder handles are for \
         `cargo check`, clippy and CI without secrets, never for a frontend you ship; unset it \
         and provide the checkout key"
    )
}

#[cfg(feature = "resolve")]
/// The opt-in in a release native build: a warning, since a server may be
/// built for a check, but whatever it ships answers nothing and refuses
/// every delivery.
pub fn placeholder_release_native() -> String {
    format!(
        "{ALLOW_MISSING_KEYS_VAR} is set in a release build: its handles are placeholders: \
         every request that needs a key fails and a webhook receiver answers every delivery 503; \
         unset it and provide the keys before shipping this build"
    )
}

#[cfg(feature = "resolve")]
/// No `CARGO_MANIFEST_DIR`.
pub fn no_manifest_dir(front: Front) -> String {
    match front {
        Front::BuildScript => "CARGO_MANIFEST_DIR is not set: mileston_config::build::check() \
                               runs in a build script"
            .to_owned(),
        _ => "CARGO_MANIFEST_DIR is not set: #[mileston_config] reads its settings and keys when \
              built by cargo"
            .to_owned(),
    }
}
