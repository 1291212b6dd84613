//! Where values come from: the process environment (with cargo's `[env]`
//! tables, which cargo puts there), then `.env` files from the crate's
//! directory up to the workspace root (nearest wins). Read on demand, never
//! into the process environment, and never printed.

use std::path::{Path, PathBuf};

use super::origin::{Found, Origin};

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
    manifest_dir: PathBuf,
    cargo_env: Option<Vec<super::cargo_config::ConfigVar>>,
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
            manifest_dir: manifest_dir.to_path_buf(),
            cargo_env: None,
        }
    }

    /// A variable of the process environment alone, not `.env` files: for
    /// switches (`DOCS_RS`, the opt-in), never for keys.
    pub fn env_only(&self, name: &str) -> Option<std::ffi::OsString> {
        (self.env)(name)
    }

    /// The `.env` files that exist (absolute paths), nearest first: what a
    /// build must be re-run for when it changes.
    pub fn dotenv_files(&self) -> impl Iterator<Item = &Path> {
        self.files.iter().map(|f| f.path.as_path())
    }

    /// Looks `name` up: the environment first, then the `.env` files, nearest
    /// first. `Err` says why a value could not be read (never the value).
    pub fn lookup(&mut self, name: &str) -> Result<Option<Found>, String> {
        let env = (self.env)(name);
        let cargo_home = || {
            (self.env)("CARGO_HOME")
                .map(PathBuf::from)
                .or_else(|| (self.env)("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        };
        let cargo_env = self
            .cargo_env
            .get_or_insert_with(|| super::cargo_config::env_vars(&self.manifest_dir, cargo_home()));
        let config = cargo_env.iter().find(|v| v.name == name);
        // Cargo puts an `[env]` value in the compiler's environment unless the
        // environment already has the variable (or `force` says to anyway):
        // name the file when that is where the value comes from.
        if let Some(c) = config {
            let from_config = match &env {
                None => true,
                Some(v) => c.force || v.to_str() == Some(c.value.as_str()),
            };
            if from_config {
                return Ok(Some(Found {
                    value: c.value.clone(),
                    origin: Origin::CargoConfig {
                        path: c.shown.clone(),
                    },
                }));
            }
        }
        if let Some(value) = env {
            return match value.into_string() {
                Ok(value) => Ok(Some(Found {
                    value,
                    origin: Origin::Env,
                })),
                Err(_) => Err(super::messages::not_utf8(name, &Origin::Env)),
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
    let shown = shown.display();
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {shown}: {}", e.kind()))?;
    // Windows editors save "Unicode" text as UTF-16: say so, not "invalid data".
    let utf16 = bytes.starts_with(&[0xff, 0xfe])
        || bytes.starts_with(&[0xfe, 0xff])
        || (bytes.len() >= 4 && (bytes[1] == 0 && bytes[3] == 0 || bytes[0] == 0 && bytes[2] == 0));
    if utf16 {
        return Err(format!(
            "{shown} is saved as UTF-16 (a Windows editor's \"Unicode\"): save it as UTF-8"
        ));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("{shown} is not UTF-8 text: save it as UTF-8"))?;
    if text.starts_with('\u{feff}') {
        return Err(format!(
            "{shown} starts with a byte-order mark (saved by a Windows editor?): save it as UTF-8 \
             without BOM"
        ));
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    // Lines read up to the end of the last entry: a quoted value may span
    // several, and what follows is looked for after it, not inside it.
    let mut consumed = 0;
    for item in dotenvy::from_read_iter(text.as_bytes()) {
        match item {
            Ok((name, value)) => {
                let line = definition_line(&text, &name, consumed);
                let mut end = line.max(consumed + 1);
                while end < lines.len() && entries_in(&lines[..end]) <= out.len() {
                    end += 1;
                }
                consumed = end;
                out.push((name, value, line));
            }
            Err(dotenvy::Error::LineParse(..)) => {
                // The bad line may hold a key: say where, not what. It is the
                // first line after the last entry that is neither blank nor
                // a comment.
                let line = lines
                    .iter()
                    .enumerate()
                    .skip(consumed)
                    .find(|(_, l)| {
                        let l = l.trim();
                        !l.is_empty() && !l.starts_with('#')
                    })
                    .map_or(consumed + 1, |(i, _)| i + 1);
                return Err(format!(
                    "{shown} has a syntax error at line {line}: expected `NAME=value`"
                ));
            }
            Err(_) => return Err(format!("cannot read {shown}")),
        }
    }
    Ok(out)
}

/// How many entries dotenvy reads from these lines before it stops (at
/// their end, or at an error such as a quote still open).
fn entries_in(lines: &[&str]) -> usize {
    let mut text = lines.join("\n");
    text.push('\n');
    dotenvy::from_read_iter(text.as_bytes())
        .take_while(Result::is_ok)
        .count()
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
