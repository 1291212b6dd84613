//! `Mileston::load()`: with `load = "start"`, the values read when the
//! process starts and kept for its lifetime; with `load = "build"`, a check
//! that no declared variable says otherwise at run time (a value built in
//! wins, which would silently ignore a rotated one). Where the values are
//! read, every rule and every word are the core's
//! (`mileston_config_core::resolve::start` and `messages`); this file keeps
//! what was read and hands it to the handles.

use std::fmt;
use std::sync::{Once, OnceLock};

use mileston_config_core::key::KeyMode;
use mileston_config_core::resolve::start::{self, Row};
use mileston_config_core::resolve::{Pin, Syntax, messages};
use mileston_config_core::slots::{self, Slot};

use crate::injected::{Injected, Value};

/// Why `load()` refused: every problem, each naming its variable and where
/// it was looked for. Never holds a byte of a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    message: String,
    problems: Vec<String>,
}

impl LoadError {
    fn new(item: &str, problems: Vec<String>) -> LoadError {
        let lines: Vec<&str> = problems.iter().map(String::as_str).collect();
        LoadError {
            message: messages::load_failed(item, &lines),
            problems,
        }
    }

    /// Each problem on its own, in the order of the attribute's table.
    pub fn problems(&self) -> impl Iterator<Item = &str> {
        self.problems.iter().map(String::as_str)
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LoadError {}

/// What `#[mileston_config(load = "start", …)]` declared, as generated code
/// writes it.
#[derive(Debug)]
pub struct AtStart {
    /// The struct the attribute is on, for messages (`Mileston::load()`).
    pub item: &'static str,
    /// The pinned mode.
    pub mode: KeyMode,
    /// Each value to read: its slot, its variable, and the slot that needs
    /// it when it was not declared itself; the business ID among them.
    pub rows: &'static [(Slot, &'static str, Option<Slot>)],
    /// The attribute's `base_url`, if any.
    pub base_url: Option<&'static str>,
    /// The attribute's `allow_live_base_url`.
    pub allow_live_base_url: bool,
}

/// The values of one struct, read once at start. (No `Debug`: it holds them.)
pub struct Start {
    at: AtStart,
    loaded: OnceLock<Injected>,
}

impl Start {
    /// Nothing read yet.
    pub const fn new(at: AtStart) -> Start {
        Start {
            at,
            loaded: OnceLock::new(),
        }
    }

    /// Reads every value, applies the build's rules, and keeps them for the
    /// process's lifetime; once they are kept, it reads nothing again.
    pub fn load(&self) -> Result<(), LoadError> {
        if self.loaded.get().is_some() {
            return Ok(());
        }
        let rows: Vec<Row<'_>> = self
            .at
            .rows
            .iter()
            .map(|&(slot, name, required_by)| Row {
                var: slots::var(slot).expect("the attribute writes rows of the table"),
                name,
                required_by: required_by.and_then(slots::var),
            })
            .collect();
        let pin = Pin {
            mode: self.at.mode,
            written: Syntax::Attribute,
        };
        let values = start::read(&rows, pin, &|name| std::env::var_os(name)).map_err(|p| {
            LoadError::new(self.at.item, p.into_iter().map(|p| p.message).collect())
        })?;
        // Kept until the process ends, as a built-in value is: leaked once,
        // so that handles borrow them as they borrow built-in text.
        let keep = |value: String| Value::Static(Box::leak(value.into_boxed_str()));
        let mut business_id = Value::Placeholder;
        let mut secrets = Vec::with_capacity(values.len());
        for v in values {
            if v.var.slot == Slot::BusinessId {
                business_id = keep(v.value);
            } else {
                secrets.push((v.var.slot, keep(v.value)));
            }
        }
        // Two threads loading at once both read; the first one's values stay.
        let _ = self.loaded.set(Injected {
            business_id,
            base_url: self.at.base_url,
            allow_live_base_url: self.at.allow_live_base_url,
            secrets: Box::leak(secrets.into_boxed_slice()),
        });
        Ok(())
    }

    /// What was read, for the accessor `accessor`.
    ///
    /// # Panics
    /// Before a successful [`load`](Self::load), with a message that says
    /// to call it.
    #[track_caller]
    pub fn injected(&self, accessor: &str) -> &Injected {
        match self.loaded.get() {
            Some(injected) => injected,
            None => panic!("{}", messages::not_loaded(self.at.item, accessor)),
        }
    }
}

/// The values built into a binary (`load = "build"`), by variable, to
/// notice a run-time variable that says otherwise. Its `Debug` names the
/// variables only.
pub struct BuiltIn {
    values: &'static [(&'static str, &'static str)],
    item: &'static str,
    warned: Once,
}

impl fmt::Debug for BuiltIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BuiltIn")
            .field("item", &self.item)
            .field(
                "variables",
                &self.values.iter().map(|(name, _)| name).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl BuiltIn {
    /// The values of `item`, by variable.
    pub const fn new(item: &'static str, values: &'static [(&'static str, &'static str)]) -> Self {
        BuiltIn {
            values,
            item,
            warned: Once::new(),
        }
    }

    /// The variables given to this process in any place `load = "start"`
    /// reads (the variable, its `_FILE`, the systemd credential) with a value
    /// other than the one built in, or given so that it cannot be read (two
    /// places, an unreadable file): each would be ignored.
    fn overridden(&self) -> Vec<&'static str> {
        let env = |name: &str| std::env::var_os(name);
        self.values
            .iter()
            .filter(|(name, value)| match start::lookup(name, &env) {
                Ok(found) => found.is_some_and(|f| f.value != *value),
                Err(_) => true,
            })
            .map(|(name, _)| *name)
            .collect()
    }

    /// `Err` naming every variable given another value than the one built
    /// in (never a value).
    pub fn check(&self) -> Result<(), LoadError> {
        let names = self.overridden();
        if names.is_empty() {
            return Ok(());
        }
        Err(LoadError::new(
            self.item,
            vec![messages::overridden_at_run_time(&names)],
        ))
    }

    /// The same, as a warning on stderr, at most once per process: for the
    /// accessors' first use, since code that never calls `load()` must not
    /// miss it either.
    pub fn warn_once(&self) {
        self.warned.call_once(|| {
            let names = self.overridden();
            if !names.is_empty() {
                eprintln!(
                    "warning: {}: {}",
                    self.item,
                    messages::overridden_at_run_time(&names)
                );
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::BuiltIn;

    #[test]
    fn a_built_in_value_never_shows_in_debug() {
        static VALUES: [(&str, &str); 2] = [
            ("MILESTON_API_KEY", "Mileston_TEST_FAKEloadDebug0000001"),
            ("MILESTON_WEBHOOK_TOKEN", "FAKEloadDebugToken0001"),
        ];
        let built_in = BuiltIn::new("Mileston", &VALUES);
        assert_eq!(
            format!("{built_in:?}"),
            r#"BuiltIn { item: "Mileston", variables: ["MILESTON_API_KEY", "MILESTON_WEBHOOK_TOKEN"] }"#
        );
    }
}
