//! The rules a value must pass before it is injected: its row's rule (key
//! format and kind, business ID), then the modes of the keys together
//! (against the pin, and test never mixed with live).

// Without `resolve` (the runtime's feature `start`) the build-only items
// are left out, and some of these imports with them.
#![cfg_attr(not(feature = "resolve"), allow(unused_imports))]

use std::fmt;

use crate::business;
use crate::key::{self, KeyMode, KeyShape};

use super::messages::{self, Front, Syntax};
use super::origin::{Found, Origin};
use super::settings::{Pin, Settings};
use super::slots::{self, Rule, Slot, Var};
#[cfg(feature = "resolve")]
use super::sources::Sources;
use super::{PartialSettings, Problem};

/// A value that passed its row's rule. Its `Debug` never shows a secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Accepted {
    /// Its row.
    pub var: &'static Var,
    /// The variable it was read from.
    pub name: String,
    /// The value. For every row but the business ID, a secret: never print it.
    pub value: String,
    /// Where it was found.
    pub origin: Origin,
    /// For keys, what kind and mode they are.
    pub shape: Option<KeyShape>,
}

impl Accepted {
    /// The value as it may be shown: a key redacted, a business ID as is.
    pub fn shown(&self) -> String {
        match &self.shape {
            Some(shape) => {
                let mut out = String::new();
                key::write_redacted(&mut out, &self.value, shape).expect("writing to a String");
                out
            }
            None if self.var.is_secret() => "<redacted>".to_owned(),
            None => self.value.clone(),
        }
    }
}

impl fmt::Debug for Accepted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Accepted")
            .field("setting", &self.var.setting)
            .field("name", &self.name)
            .field("value", &self.shown())
            .field("origin", &self.origin)
            .finish()
    }
}

/// Every declared variable looked up (`lookup`), each value checked by its
/// slot's rule ([`check`]) and then against the others ([`distinct`]): what a
/// build and a started process both read, each with its own places and its
/// own words (`not_set`) for a variable found in none. Each item is a row,
/// its variable, and the row that needs it when it was not declared itself.
pub fn read<'a>(
    declared: impl IntoIterator<Item = (&'static Var, &'a str, Option<&'static Var>)>,
    mut lookup: impl FnMut(&str) -> Result<Option<Found>, String>,
    not_set: impl Fn(&'static Var, &str, Option<&'static Var>) -> String,
    problems: &mut Vec<Problem>,
) -> Vec<Accepted> {
    let mut values = Vec::new();
    for (var, name, required_by) in declared {
        let problem = match lookup(name) {
            Ok(Some(found)) => match check(var, name, found) {
                Ok(accepted) => {
                    values.push(accepted);
                    continue;
                }
                Err(message) => message,
            },
            Ok(None) => not_set(var, name, required_by),
            Err(message) => message,
        };
        problems.push(Problem::new(var.slot, problem));
    }
    distinct(&values, problems);
    values
}

/// Applies `var`'s rule to the value found in variable `name`.
pub fn check(var: &'static Var, name: &str, found: Found) -> Result<Accepted, String> {
    let shape = match var.rule {
        Rule::Key(kind) => {
            let shape = key::parse(&found.value)
                .map_err(|e| messages::invalid(var, name, &found.origin, &e.reason()))?;
            if shape.kind != kind {
                return Err(messages::wrong_kind(
                    var,
                    name,
                    &found.origin,
                    shape.mode_marker,
                ));
            }
            Some(shape)
        }
        Rule::BusinessId => {
            business::check(&found.value)
                .map_err(|e| messages::invalid(var, name, &found.origin, &e.reason()))?;
            None
        }
        Rule::Opaque => {
            crate::opaque::check(&found.value)
                .map_err(|e| messages::invalid(var, name, &found.origin, &e.reason()))?;
            None
        }
    };
    Ok(Accepted {
        var,
        name: name.to_owned(),
        value: found.value,
        origin: found.origin,
        shape,
    })
}

/// Each secret in its own variable: a value given twice is refused where it
/// is read second.
pub fn distinct(values: &[Accepted], problems: &mut Vec<Problem>) {
    for (i, v) in values.iter().enumerate() {
        let earlier = values[..i]
            .iter()
            .find(|e| e.var.is_secret() && v.var.is_secret() && e.value == v.value);
        if let Some(e) = earlier {
            problems.push(Problem::new(
                v.var.slot,
                messages::same_secret(v.var, &v.name, &v.origin, (e.var, &e.name)),
            ));
        }
    }
}

/// The mode of the keys: against the pin when there is one, else the first
/// key's, with every key of another mode refused.
pub fn mode(keys: &[Accepted], pin: Option<Pin>, problems: &mut Vec<Problem>) -> Option<KeyMode> {
    let mut first: Option<&Accepted> = None;
    for k in keys {
        let Some(shape) = k.shape else { continue };
        let message = if let Some(pin) = pin {
            (shape.mode != pin.mode).then(|| match pin.written {
                Syntax::Flag => messages::against_expect(&k.name, &k.origin, shape.mode, pin.mode),
                _ => messages::against_pin(&k.name, &k.origin, shape.mode, pin.mode),
            })
        } else {
            match first.and_then(|f| f.shape.map(|s| (f, s.mode))) {
                None => {
                    first = Some(k);
                    None
                }
                Some((f, m)) if m != shape.mode => Some(messages::mixed_modes(
                    (&k.name, &k.origin, shape.mode),
                    (&f.name, &f.origin, m),
                )),
                Some(_) => None,
            }
        };
        if let Some(message) = message {
            problems.push(Problem::new(k.var.slot, message));
        }
    }
    pin.map(|p| p.mode)
        .or_else(|| first.and_then(|f| f.shape).map(|s| s.mode))
}

#[cfg(feature = "resolve")]
/// The business ID reads no secret's variable: neither one a declared
/// secret reads nor a secret's default variable. Checked with the settings,
/// before anything is read.
pub fn business_id_variable(settings: &Settings) -> Option<Problem> {
    let id = settings.var(Slot::BusinessId)?;
    let declared = settings
        .vars()
        .find(|(v, name)| v.is_secret() && *name == id)
        .map(|(v, _)| (v, true));
    let default = slots::VARS
        .iter()
        .find(|v| v.is_secret() && v.default_var == id)
        .map(|v| (*v, false));
    let (secret, declared) = declared.or(default)?;
    Some(Problem::new(
        Slot::BusinessId,
        messages::business_id_reads_a_secret(id, secret, declared),
    ))
}

/// The business ID's value is no secret's: not one this build read, nor
/// the value any backend secret's variable (declared or default) has in
/// `sources`. Those variables are looked up, never watched or recorded, so
/// that no byte of them lands in the build's files.
#[cfg(feature = "resolve")]
pub fn business_id_value(
    values: &[Accepted],
    settings: &Settings,
    sources: &mut Sources,
    problems: &mut Vec<Problem>,
) {
    business_id_value_with(
        values,
        |slot| settings.var(slot),
        |name| sources.lookup(name).ok().flatten().map(|f| f.value),
        problems,
    );
}

/// [`business_id_value`] with the variable each slot reads (`declared`)
/// and a way to look a variable's value up (`lookup`): the build's sources,
/// or those read at start.
pub fn business_id_value_with<'s>(
    values: &[Accepted],
    declared: impl Fn(Slot) -> Option<&'s str>,
    mut lookup: impl FnMut(&str) -> Option<String>,
    problems: &mut Vec<Problem>,
) {
    let Some(id) = values.iter().find(|v| v.var.slot == Slot::BusinessId) else {
        return;
    };
    let read = values
        .iter()
        .filter(|v| v.var.is_secret())
        .map(|v| (v.var, v.name.clone(), Some(v.value.clone())));
    let present = slots::VARS
        .iter()
        .filter(|v| v.targets == slots::Targets::NativeOnly)
        .flat_map(|v| {
            [Some(v.default_var), declared(v.slot)]
                .into_iter()
                .flatten()
                .map(move |n| (*v, n.to_owned()))
        })
        // What was read is compared above, not read a second time.
        .filter(|(_, name)| !values.iter().any(|v| v.name == *name))
        .map(|(v, name)| {
            let value = lookup(&name);
            (v, name, value)
        })
        .collect::<Vec<_>>();
    if let Some((secret, name, _)) = read
        .chain(present)
        .find(|(_, _, value)| value.as_deref() == Some(id.value.as_str()))
    {
        problems.push(Problem::new(
            Slot::BusinessId,
            messages::business_id_is_a_secret(&id.name, &id.origin, secret, &name),
        ));
    }
}

#[cfg(feature = "resolve")]
/// Keys of `mode` sent to `settings`' `base_url`, which only
/// `allow_live_base_url` lets live keys reach (the run-time rule too).
pub fn live_base_url(mode: KeyMode, settings: &Settings) -> Option<Problem> {
    (settings.base_url.is_some()
        && crate::url::check_mode(mode, settings.allow_live_base_url).is_err())
    .then(|| Problem::new(Slot::BaseUrl, messages::live_base_url()))
}

#[cfg(feature = "resolve")]
/// The CLI's expected mode (`--expect`) against the crate's own pin.
pub fn expect_against_manifest(
    front: Front,
    asked: &PartialSettings,
    manifest: &PartialSettings,
) -> Option<Problem> {
    match (front, asked.mode(), manifest.mode()) {
        (Front::Cli, Some(want), Some(pinned)) if want != pinned => Some(Problem::new(
            Slot::Mode,
            messages::expect_against_manifest_pin(want, pinned),
        )),
        _ => None,
    }
}
