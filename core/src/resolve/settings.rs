//! Settings as written (by the attribute, in Cargo.toml, as CLI flags) and
//! the settings in force once they are merged. Every setting's value is read
//! here, whatever the syntax it came in, so the rules and their words are the
//! same everywhere.

// Without `resolve` (the runtime's feature `start`) the build-only items
// are left out, and some of these imports (and fields read) with them.
#![cfg_attr(not(feature = "resolve"), allow(unused_imports, dead_code))]

use crate::key::KeyMode;

use super::messages::{self, Syntax};
use super::slots::{self, Declaration, Setting, Slot, Var};

/// How a variable setting was declared: `backend` (default variable),
/// `backend = "VAR"`, or `backend = false` in Cargo.toml.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Declared {
    /// Declared, with the default variable.
    Default,
    /// Declared, reading this variable.
    Var(String),
    /// Explicitly not wanted (`false` in Cargo.toml).
    Off,
}

/// A setting's value as written, before it is understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Given {
    /// The name alone (`backend`), or `true` in Cargo.toml.
    Flag,
    /// `false` in Cargo.toml.
    Off,
    /// A string.
    Text(String),
    /// A value that is not a string, as written (`backend = Mileston_TEST_…`
    /// in the attribute): refused, and called a key when it looks like one.
    Unquoted(String),
    /// A string with escape sequences (`\`) in the attribute, as written: the
    /// attribute reads strings as written, so it is refused, and called a key
    /// when it looks like one.
    Escaped(String),
    /// Anything else (a number, an array, a table).
    Other,
}

/// Settings from one place; `None` where that place says nothing.
#[derive(Clone, Debug, Default)]
pub struct PartialSettings {
    /// How each slot is declared here (a handful of rows: a list, which
    /// also compiles to far less code than a map).
    vars: Vec<(Slot, Declared)>,
    /// Rows declared for native builds only (`[package.metadata.mileston.native]`).
    native: Vec<Slot>,
    mode: Option<KeyMode>,
    base_url: Option<String>,
    allow_live_base_url: Option<bool>,
    load: Option<Load>,
}

/// The text a setting that takes one (`mode`, `base_url`, `load`) was given.
#[cfg(feature = "resolve")]
fn text(given: Given, setting: Setting, syntax: Syntax) -> Result<String, String> {
    match given {
        Given::Text(s) => Ok(s),
        Given::Flag => Err(messages::wrong_value(setting, syntax, true)),
        _ => Err(messages::wrong_value(setting, syntax, false)),
    }
}

/// The word of a setting that takes one of a few (`mode`, `load`), read by
/// `read` (`bad`: the message for another word); a key written there
/// instead is refused as a key in source.
#[cfg(feature = "resolve")]
fn word<T>(
    given: Given,
    setting: Setting,
    syntax: Syntax,
    read: fn(&str) -> Option<T>,
    bad: fn() -> String,
) -> Result<T, String> {
    let s = text(given, setting, syntax)?;
    if crate::secret::may_be_secret(&s) {
        return Err(messages::literal_key(setting, syntax));
    }
    read(&s).ok_or_else(bad)
}

#[cfg(feature = "resolve")]
impl PartialSettings {
    /// Reads one setting as written. `Err` is the message (the caller adds
    /// where it points); the setting is then left as it was, except that a key
    /// slot whose variable is wrong stays declared (the key is still needed).
    pub fn set(&mut self, setting: Setting, given: Given, syntax: Syntax) -> Result<(), String> {
        let refused = match &given {
            Given::Unquoted(text) | Given::Escaped(text) if crate::secret::may_be_secret(text) => {
                Some(messages::literal_key(setting, syntax))
            }
            // A flag takes no string at all: the usual message says so.
            Given::Escaped(_) if setting != Setting::AllowLiveBaseUrl => {
                Some(messages::escaped(setting))
            }
            _ => None,
        };
        if let Some(message) = refused {
            if let Setting::Var(var) = setting {
                // Still declared: the key is needed, only how it is named is wrong.
                if var.declaration == Declaration::Optional {
                    self.declare_default(var.slot);
                }
            }
            return Err(message);
        }
        let given = match given {
            Given::Unquoted(_) | Given::Escaped(_) => Given::Other,
            given => given,
        };
        match setting {
            Setting::Var(var) => self.set_var(var, given, syntax),
            Setting::Mode => {
                self.mode = Some(word(
                    given,
                    setting,
                    syntax,
                    KeyMode::from_setting,
                    messages::bad_mode,
                )?);
                Ok(())
            }
            Setting::AllowLiveBaseUrl => match given {
                Given::Flag => {
                    self.allow_live_base_url = Some(true);
                    Ok(())
                }
                Given::Off => {
                    self.allow_live_base_url = Some(false);
                    Ok(())
                }
                _ => Err(messages::wrong_value(setting, syntax, false)),
            },
            Setting::BaseUrl => {
                self.base_url = Some(check_base_url(&text(given, setting, syntax)?)?);
                Ok(())
            }
            Setting::Load => {
                self.load = Some(word(
                    given,
                    setting,
                    syntax,
                    Load::from_setting,
                    messages::bad_load,
                )?);
                Ok(())
            }
        }
    }

    fn set_var(&mut self, var: &'static Var, given: Given, syntax: Syntax) -> Result<(), String> {
        let setting = Setting::Var(var);
        let optional = var.declaration == Declaration::Optional;
        let declared = match given {
            Given::Flag if optional => Ok(Declared::Default),
            Given::Off if optional => Ok(Declared::Off),
            Given::Text(s) => var_name(setting, &s, syntax).map(Declared::Var),
            Given::Flag => Err(messages::wrong_value(setting, syntax, true)),
            Given::Off | Given::Other | Given::Unquoted(_) | Given::Escaped(_) => {
                Err(messages::wrong_value(setting, syntax, false))
            }
        };
        match declared {
            Ok(declared) => {
                self.declare(var.slot, declared);
                Ok(())
            }
            Err(e) => {
                // Still declared: the key is needed, only how it is named is
                // wrong (so no "declare the keys" on top of this message).
                if optional {
                    self.declare_default(var.slot);
                }
                Err(e)
            }
        }
    }

    /// Marks `slot` as declared for native builds only: a wasm build neither
    /// reads it nor refuses it.
    pub fn set_native(&mut self, slot: Slot) {
        if !self.native.contains(&slot) {
            self.native.push(slot);
        }
    }

    /// Sets the mode pin (the CLI's `--expect`).
    pub fn set_mode(&mut self, mode: KeyMode) {
        self.mode = Some(mode);
    }

    /// The mode pin, if these settings have one.
    pub fn mode(&self) -> Option<KeyMode> {
        self.mode
    }

    /// Sets when the values are read (the CLI's `--load`; the second stage
    /// of the attribute in a wasm build, which reads them at build time).
    pub fn set_load(&mut self, load: Load) {
        self.load = Some(load);
    }

    /// How `slot` is declared here, if it is.
    pub fn declared(&self, slot: Slot) -> Option<&Declared> {
        self.vars.iter().find(|(s, _)| *s == slot).map(|(_, d)| d)
    }

    /// Declares `slot` as `declared`, in place of what was said before.
    fn declare(&mut self, slot: Slot, declared: Declared) {
        match self.vars.iter_mut().find(|(s, _)| *s == slot) {
            Some((_, old)) => *old = declared,
            None => self.vars.push((slot, declared)),
        }
    }

    /// Declares `slot` with its default variable unless it is declared already.
    fn declare_default(&mut self, slot: Slot) {
        if self.declared(slot).is_none() {
            self.vars.push((slot, Declared::Default));
        }
    }
}

#[cfg(feature = "resolve")]
/// A variable's name as a setting gives it: refused when it looks like a key
/// (never repeated) or is not a name an environment can hold.
pub fn var_name(setting: Setting, text: &str, syntax: Syntax) -> Result<String, String> {
    if crate::secret::may_be_secret(text) {
        return Err(messages::literal_key(setting, syntax));
    }
    let ok = !text.is_empty()
        && !text.starts_with(|c: char| c.is_ascii_digit())
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if ok {
        Ok(text.to_owned())
    } else {
        Err(messages::not_var_name(setting, syntax, text))
    }
}

#[cfg(feature = "resolve")]
/// Checks a `base_url` setting and normalises it (no trailing `/`, scheme in
/// lower case). The message says why a URL is refused.
pub fn check_base_url(url: &str) -> Result<String, String> {
    crate::url::normalize(url).map_err(|e| messages::bad_base_url(&e.reason()))
}

/// When the values are read: `load = "build"` (the default) or `"start"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Load {
    /// At build time: read, checked and built into the binary.
    #[default]
    Build,
    /// When the process starts (`Mileston::load()`): a native build reads
    /// none, and holds none.
    Start,
}

impl Load {
    /// Parses `"build"` or `"start"` (the spelling of the setting).
    pub fn from_setting(s: &str) -> Option<Load> {
        match s {
            "build" => Some(Load::Build),
            "start" => Some(Load::Start),
            _ => None,
        }
    }
}

/// Where the mode pin in force was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pin {
    /// The mode keys must have.
    pub mode: KeyMode,
    /// Where it was written.
    pub written: Syntax,
}

/// A row to read: its variable, the row that made it needed (when it was not
/// declared itself), and whether it is for native builds only.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Row {
    var: &'static Var,
    name: String,
    required_by: Option<&'static Var>,
    native: bool,
}

/// The settings in force: which variables to read, the mode pin, the origin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The rows to read, in table order, with their variables and, for a row
    /// read because another needs it, that row.
    vars: Vec<Row>,
    /// The mode pin, if any.
    pub mode: Option<Pin>,
    /// One origin for every service, normalised (no trailing `/`, scheme in
    /// lower case); `None` for Mileston's production origins.
    pub base_url: Option<String>,
    /// Whether live keys may go to `base_url` (`allow_live_base_url`).
    pub allow_live_base_url: bool,
    /// When the values are read.
    pub load: Load,
}

#[cfg(feature = "resolve")]
impl Settings {
    /// `front` over `manifest`: what the front end says wins.
    pub fn merge(front: &PartialSettings, syntax: Syntax, manifest: &PartialSettings) -> Settings {
        let declared = |slot: Slot| front.declared(slot).or_else(|| manifest.declared(slot));
        // Declared for native builds only: in the manifest's native table, and
        // not by the front end itself.
        let native = |slot: Slot| front.declared(slot).is_none() && manifest.native.contains(&slot);
        // The business ID goes with requests: a crate that only receives
        // webhooks has no use for it unless it names its variable.
        let sends_requests = slots::VARS.iter().any(|v| {
            v.sends_requests
                && matches!(declared(v.slot), Some(Declared::Default | Declared::Var(_)))
        });
        let mut vars = Vec::new();
        for var in slots::VARS {
            // A row another declared row requires is read too.
            let required_by = slots::VARS.iter().copied().find(|other| {
                other.requires.contains(&var.slot)
                    && matches!(
                        declared(other.slot),
                        Some(Declared::Default | Declared::Var(_))
                    )
            });
            let name = match (declared(var.slot), var.declaration, required_by) {
                (Some(Declared::Var(v)), _, _) => v.clone(),
                (Some(Declared::Default), _, _) | (Some(Declared::Off) | None, _, Some(_)) => {
                    var.default_var.to_owned()
                }
                (None, Declaration::Always, None) if sends_requests => var.default_var.to_owned(),
                (Some(Declared::Off) | None, _, None) => continue,
            };
            let implied = match declared(var.slot) {
                Some(Declared::Default | Declared::Var(_)) => None,
                _ => required_by,
            };
            let native = native(implied.map_or(var.slot, |by| by.slot));
            vars.push(Row {
                var,
                name,
                required_by: implied,
                native,
            });
        }
        let mode = match (front.mode, manifest.mode) {
            (Some(mode), _) => Some(Pin {
                mode,
                written: syntax,
            }),
            (None, Some(mode)) => Some(Pin {
                mode,
                written: Syntax::Manifest,
            }),
            (None, None) => None,
        };
        Settings {
            vars,
            mode,
            base_url: front.base_url.clone().or_else(|| manifest.base_url.clone()),
            allow_live_base_url: front
                .allow_live_base_url
                .or(manifest.allow_live_base_url)
                .unwrap_or(false),
            load: front.load.or(manifest.load).unwrap_or_default(),
        }
    }

    /// The rows to read and their variables, in table order.
    pub fn vars(&self) -> impl Iterator<Item = (&'static Var, &str)> {
        self.vars.iter().map(|r| (r.var, r.name.as_str()))
    }

    /// Whether `slot` is declared for native builds only.
    pub fn native(&self, slot: Slot) -> bool {
        self.vars.iter().any(|r| r.var.slot == slot && r.native)
    }

    /// The row that made `slot` be read when it was not declared itself
    /// (`wallet` reads the normal key).
    pub fn required_by(&self, slot: Slot) -> Option<&'static Var> {
        self.vars
            .iter()
            .find(|r| r.var.slot == slot)
            .and_then(|r| r.required_by)
    }

    /// The variable of `slot`, if it is read.
    pub fn var(&self, slot: Slot) -> Option<&str> {
        self.vars().find(|(v, _)| v.slot == slot).map(|(_, n)| n)
    }

    /// Whether any optional row (a key) is declared.
    pub fn declares_a_key(&self) -> bool {
        self.vars()
            .any(|(v, _)| v.declaration == Declaration::Optional)
    }

    /// Leaves `slot` out (a backend-only value in a build known to be wasm:
    /// it is refused, and never read).
    pub fn drop(&mut self, slot: Slot) {
        self.vars.retain(|r| r.var.slot != slot);
    }
}
