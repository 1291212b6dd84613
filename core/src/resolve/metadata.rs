//! `[package.metadata.mileston]` in a crate's `Cargo.toml`: the settings of
//! the build script and the CLI, and the attribute's fallback. Every malformed
//! entry is reported with its line, and the others are kept.

use std::path::Path;

use toml::de::{DeTable, DeValue};

use super::Problem;
use super::messages::{self, Syntax};
use super::settings::{Given, PartialSettings};
use super::slots::{self, Slot};

/// The sub-table of settings for native builds only.
const NATIVE: &str = "native";

/// Reads the entries of `[package.metadata.mileston]` (or, `native`, of its
/// native table) into `manifest`.
fn read_entries(
    entries: &DeTable<'_>,
    native: bool,
    line_of: &dyn Fn(usize) -> usize,
    manifest: &mut Manifest,
) {
    for (k, v) in entries.iter() {
        let name: &str = k.get_ref();
        let line = line_of(k.span().start);
        if name == NATIVE && !native {
            continue;
        }
        let Some(setting) = slots::setting(name) else {
            manifest.problems.push(problem(
                Slot::Settings,
                line,
                messages::unknown_setting(name, Syntax::Manifest),
            ));
            continue;
        };
        // `true` and `false` declare keys (and allow live keys at a base URL);
        // anything else that is not a string is a value of the wrong type.
        let declares = matches!(setting, slots::Setting::Var(v) if v.declaration == slots::Declaration::Optional);
        if native && !declares {
            manifest
                .problems
                .push(problem(setting.slot(), line, messages::not_native(name)));
            continue;
        }
        if native && manifest.settings.declared(setting.slot()).is_some() {
            manifest.problems.push(problem(
                setting.slot(),
                line,
                messages::declared_twice(name),
            ));
            continue;
        }
        let takes_bool = declares || setting == slots::Setting::AllowLiveBaseUrl;
        let given = match v.get_ref() {
            DeValue::Boolean(true) if takes_bool => Given::Flag,
            DeValue::Boolean(false) if takes_bool => Given::Off,
            DeValue::String(s) => Given::Text(s.to_string()),
            _ => Given::Other,
        };
        if let Err(message) = manifest.settings.set(setting, given, Syntax::Manifest) {
            manifest
                .problems
                .push(problem(setting.slot(), line, message));
        }
        if native {
            manifest.settings.set_native(setting.slot());
        }
    }
}

/// What the manifest says: the settings read, and the entries refused.
#[derive(Clone, Debug, Default)]
pub struct Manifest {
    /// The settings found (all unset when the table is absent).
    pub settings: PartialSettings,
    /// Every malformed entry, with its line.
    pub problems: Vec<Problem>,
}

/// Reads `[package.metadata.mileston]` from `manifest_dir/Cargo.toml` (an
/// unreadable or absent manifest has no settings).
pub fn read(manifest_dir: &Path) -> Manifest {
    match std::fs::read_to_string(manifest_dir.join("Cargo.toml")) {
        Ok(text) => parse(&text),
        Err(_) => Manifest::default(),
    }
}

fn problem(slot: Slot, line: usize, message: impl std::fmt::Display) -> Problem {
    Problem {
        slot,
        message: format!("Cargo.toml line {line}: {message}"),
        in_manifest: true,
    }
}

/// Parses `[package.metadata.mileston]` out of a manifest's text.
pub fn parse(text: &str) -> Manifest {
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let mut manifest = Manifest::default();
    let doc = match DeTable::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let line = e.span().map_or(1, |s| line_of(s.start));
            manifest.problems.push(Problem {
                slot: Slot::Settings,
                message: format!("Cargo.toml line {line} is not valid TOML: {}", e.message()),
                in_manifest: true,
            });
            return manifest;
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
        return manifest;
    };
    let DeValue::Table(entries) = mileston.get_ref() else {
        manifest.problems.push(problem(
            Slot::Settings,
            line_of(mileston.span().start),
            "`package.metadata.mileston` must be a table",
        ));
        return manifest;
    };

    read_entries(entries, false, &line_of, &mut manifest);
    // `[package.metadata.mileston.native]`: keys and secrets for native builds
    // only (a full-stack crate's server), read alike by the attribute, the
    // build-script helper and the CLI.
    if let Some(native) = entries.get(NATIVE) {
        match native.get_ref() {
            DeValue::Table(native) => read_entries(native, true, &line_of, &mut manifest),
            _ => manifest.problems.push(problem(
                Slot::Settings,
                line_of(native.span().start),
                messages::native_not_a_table(),
            )),
        }
    }
    manifest
}
