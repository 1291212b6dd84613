//! Cargo's own `[env]` tables (`.cargo/config.toml` from the crate's
//! directory up, then `$CARGO_HOME/config.toml`): cargo sets these variables
//! for the compiler, so a value there reaches the attribute as if it came from
//! the environment. Reading them lets every front end name the file, and lets
//! the CLI, which cargo does not run, see what a build would see.

use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

/// One variable of an `[env]` table.
#[derive(Clone, PartialEq, Eq)]
pub struct ConfigVar {
    /// Its name.
    pub name: String,
    /// Its value. May be a secret: never print it.
    pub value: String,
    /// `force = true`: cargo sets it even over the environment.
    pub force: bool,
    /// The file, as shown in messages.
    pub shown: PathBuf,
}

/// The `[env]` variables cargo would set for a build started in
/// `manifest_dir`, nearest file first (cargo lets the nearest win).
pub fn env_vars(manifest_dir: &Path, cargo_home: Option<PathBuf>) -> Vec<ConfigVar> {
    let mut files = Vec::new();
    let mut shown = PathBuf::new();
    for dir in manifest_dir.ancestors() {
        for name in ["config.toml", "config"] {
            let path = dir.join(".cargo").join(name);
            if path.is_file() {
                files.push((path, shown.join(".cargo").join(name)));
                break;
            }
        }
        shown.push("..");
    }
    if let Some(home) = cargo_home {
        let path = home.join("config.toml");
        if path.is_file() && !files.iter().any(|(p, _)| p == &path) {
            files.push((path.clone(), path));
        }
    }
    let mut vars = Vec::new();
    for (path, shown) in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        // A file cargo cannot read fails the build on its own.
        let Ok(doc) = DeTable::parse(&text) else {
            continue;
        };
        let Some(DeValue::Table(env)) = doc.get_ref().get("env").map(|v| v.get_ref()) else {
            continue;
        };
        for (name, value) in env.iter() {
            let (value, force) = match value.get_ref() {
                DeValue::String(s) => (s.to_string(), false),
                DeValue::Table(t) => {
                    let Some(DeValue::String(s)) = t.get("value").map(|v| v.get_ref()) else {
                        continue;
                    };
                    let force = matches!(
                        t.get("force").map(|v| v.get_ref()),
                        Some(DeValue::Boolean(true))
                    );
                    (s.to_string(), force)
                }
                _ => continue,
            };
            let name: &str = name.get_ref();
            if !vars.iter().any(|v: &ConfigVar| v.name == name) {
                vars.push(ConfigVar {
                    name: name.to_owned(),
                    value,
                    force,
                    shown: shown.clone(),
                });
            }
        }
    }
    vars
}
