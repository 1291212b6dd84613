//! Secrets with no format of their own (the wallet signing secret, the
//! webhook verification token), found by the names they are assigned to: the
//! default variables of the table of slots' opaque rows, and the variables a
//! project declares for them in `[package.metadata.mileston]`. Such a secret
//! with no name next to it (a bare string in a binary) cannot be told from
//! any other string: README, "Limits".

use std::ops::Range;
use std::path::{Path, PathBuf};

use mileston_config_core::opaque;
use mileston_config_core::resolve::metadata;
use mileston_config_core::resolve::settings::Declared;
use mileston_config_core::resolve::slots::{self, Rule, Var};
use regex::bytes::Regex;

/// A secret's name, what follows it when a value is assigned to it, then the
/// value; matched where a name starts. `{NAMES}` is replaced by the names,
/// longest first.
const ASSIGNMENT_PATTERN: &str = r##"(?x-u)
    ^ (?P<name>{NAMES}) \b
    ["']? [\ \t]*                                   # a quoted name's quote
    (?:
        (?P<typed> : [\ \t]* &? (?:'static [\ \t]+)? [A-Za-z_][A-Za-z0-9_<>]* [\ \t]+ = )
                                                    # const NAME: &str = "…" (Rust, TypeScript)
      | = [\ \t]* \{ [\ \t]* value [\ \t]* =        # cargo's [env]: NAME = { value = "…" }
      | =>? | (?P<colon>:)                          # NAME=…, NAME => …, NAME: …
      | (?P<comma>, [\ \t]* (?: ["']? val(?:ue)? ["']? [\ \t]* : )? )
                                                    # ("NAME", "…"), "var":"NAME","val":"…"
      | \r?\n [\ \t]* value [\ \t]* :               # - name: NAME ⏎ value: …
      | (?P<space>[\ \t]+)                          # ENV NAME value (Dockerfile)
    )
    [\ \t]*
    (?:
        " (?P<dq>[^"\x00-\x20\x7f-\xff]*) "
      | ' (?P<sq>[^'\x00-\x20\x7f-\xff]*) '
      | ` (?P<bq>[^`\x00-\x20\x7f-\xff]*) `
      | (?P<bare>[^"'`,;()<>\[\]{}\\|&\x00-\x20\x7f-\xff]+)
    )
"##;

/// Parts of values written where a secret is not given but described
/// (`your-wallet-secret`, `<redacted>`, `whsec_xxxx`), compared lower-cased.
const PLACEHOLDERS: &[&str] = &[
    "your",
    "example",
    "placeholder",
    "changeme",
    "change_me",
    "change-me",
    "redacted",
    "xxxx",
    "...",
];

/// The shortest value taken for a secret, the shortest a build accepts:
/// shorter ones are placeholders (`abc`, `secret`) or words of prose
/// (`MILESTON_SECRET_KEY: unset`).
const MIN_LEN: usize = opaque::MIN_LEN;

/// A secret found by the name it is assigned to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assigned {
    /// Where its value is written.
    pub at: Range<usize>,
    /// The table's row of the secret.
    pub var: &'static Var,
    /// The name as the table or the project spells it (a name found with a
    /// prefix, `VITE_MILESTON_SECRET_KEY`, is reported as the name it ends with).
    pub name: String,
}

/// Finds secrets by the names they are assigned to.
#[derive(Clone, Debug)]
pub struct Names {
    /// Any of the names, found by the regex's literal search.
    start: Regex,
    /// [`ASSIGNMENT_PATTERN`], where a name starts.
    at_start: Regex,
    names: Vec<(String, &'static Var)>,
}

impl Default for Names {
    fn default() -> Self {
        Names::new(Vec::new())
    }
}

impl Names {
    /// The table's default variables of the opaque rows, and `project`'s
    /// names for them.
    pub fn new(project: Vec<(String, &'static Var)>) -> Names {
        let mut names: Vec<(String, &'static Var)> = slots::VARS
            .iter()
            .filter(|v| v.rule == Rule::Opaque)
            .map(|v| (v.default_var.to_owned(), *v))
            .collect();
        for (name, var) in project {
            if !names.iter().any(|(n, _)| *n == name) {
                names.push((name, var));
            }
        }
        let mut alternatives: Vec<&str> = names.iter().map(|(n, _)| n.as_str()).collect();
        alternatives.sort_by_key(|n| std::cmp::Reverse(n.len()));
        let alternatives = alternatives
            .into_iter()
            .map(regex::escape)
            .collect::<Vec<String>>()
            .join("|");
        Names {
            start: Regex::new(&alternatives).expect("escaped literals"),
            at_start: Regex::new(&ASSIGNMENT_PATTERN.replace("{NAMES}", &alternatives))
                .expect("ASSIGNMENT_PATTERN is a valid regex"),
            names,
        }
    }

    /// The names looked for.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(|(n, _)| n.as_str())
    }

    /// The table's names, and those declared in `[package.metadata.mileston]`
    /// of the crate nearest each path (its own `Cargo.toml`, or the first one
    /// above it).
    pub fn for_paths(paths: &[PathBuf]) -> Names {
        let mut project = Vec::new();
        let mut read: Vec<PathBuf> = Vec::new();
        for dir in paths.iter().filter_map(|p| manifest_dir(p)) {
            if read.contains(&dir) {
                continue;
            }
            let manifest = metadata::read(&dir);
            read.push(dir);
            for var in slots::VARS.iter().filter(|v| v.rule == Rule::Opaque) {
                if let Some(Declared::Var(name)) = manifest.settings.declared(var.slot) {
                    project.push((name.clone(), *var));
                }
            }
        }
        Names::new(project)
    }

    /// The secrets assigned to a known name in `hay`, in order.
    pub fn find(&self, hay: &[u8]) -> Vec<Assigned> {
        self.start
            .find_iter(hay)
            .filter_map(|m| self.assigned_at(hay, m.start()))
            .collect()
    }

    /// The secret assigned to the name that starts at `start` in `hay`, if
    /// that is an assignment of a secret.
    pub fn assigned_at(&self, hay: &[u8], start: usize) -> Option<Assigned> {
        // A name ends another (`VITE_MILESTON_SECRET_KEY`) only after `_`;
        // after `$` it is read (`$NAME`, `${NAME:-…}`), not assigned.
        let before = hay[..start].last().copied();
        let reads = before == Some(b'$') || hay[..start].ends_with(b"${");
        if before.is_some_and(|b| b.is_ascii_alphanumeric()) || reads {
            return None;
        }
        let rest = &hay[start..];
        let c = self.at_start.captures(rest)?;
        let name = c.name("name")?;
        let value = ["dq", "sq", "bq", "bare"].iter().find_map(|g| c.name(g))?;
        let bare = c.name("bare").is_some();
        // `("NAME", value)` and `NAME: &str = value` take a variable or an
        // expression; `NAME: word more words` is prose; `NAME value` assigns
        // only after `ENV` (a Dockerfile's old form).
        if (bare && (c.name("comma").is_some() || c.name("typed").is_some()))
            || (bare && c.name("colon").is_some() && !ends_line(&rest[value.end()..]))
            || (c.name("space").is_some() && !after_env(&hay[..start]))
        {
            return None;
        }
        if !plausible(value.as_bytes()) {
            return None;
        }
        let (name, var) = self
            .names
            .iter()
            .find(|(n, _)| n.as_bytes() == name.as_bytes())?;
        Some(Assigned {
            at: start + value.start()..start + value.end(),
            var,
            name: name.clone(),
        })
    }
}

/// Whether a value may be a secret rather than a reference, a template or
/// a placeholder: the one place this is decided.
fn plausible(value: &[u8]) -> bool {
    let Ok(value) = std::str::from_utf8(value) else {
        return false;
    };
    let lower = value.to_ascii_lowercase();
    // Not a key (the key pattern reports those), no whitespace, ASCII.
    opaque::check(value).is_ok()
        && value.len() >= MIN_LEN
        // `$VAR`, `${{ secrets.X }}`, `%VAR%`, `<secret>`, `{{ x }}`, `@ref`.
        && !value.starts_with(['$', '%', '<', '{', '[', '(', '*', '@', '='])
        && !value.bytes().all(|b| b == value.as_bytes()[0])
        && !PLACEHOLDERS.iter().any(|p| lower.contains(p))
}

/// Whether the rest of a line is empty or a comment: a YAML value ends there.
fn ends_line(rest: &[u8]) -> bool {
    let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
    let line = rest[..end].trim_ascii();
    line.is_empty() || line.starts_with(b"#")
}

/// Whether the text before a name on its line is a Dockerfile's `ENV`.
fn after_env(before: &[u8]) -> bool {
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    before[start..].trim_ascii().eq_ignore_ascii_case(b"ENV")
}

/// The directory of the `Cargo.toml` nearest `path`: its own, or the first
/// one above it.
fn manifest_dir(path: &Path) -> Option<PathBuf> {
    let path = std::fs::canonicalize(path).ok()?;
    path.ancestors()
        .find(|dir| dir.join("Cargo.toml").is_file())
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_not_secrets() {
        for value in [
            "${MILESTON_SECRET_KEY}",
            "${{ secrets.MILESTON_SECRET_KEY }}",
            "%WALLET_SECRET%",
            "<your-wallet-secret>",
            "your-wallet-secret",
            "whsec_xxxxxxxxxxxx",
            "CHANGEME-NOW",
            "********",
            "short",
            "wallet secret",
            "Mileston_TEST_FAKEfake0000000000a1",
            "abc...xyz",
        ] {
            assert!(!plausible(value.as_bytes()), "{value}");
        }
        for value in [
            "whsecFAKE7f3a9c",
            "7f3a9c0e1d2b4a6f",
            "sandboxFAKE-wallet-secret-0001",
            "FAKE+/base64==",
            "FAKEFAKEFAKE",
        ] {
            assert!(plausible(value.as_bytes()), "{value}");
        }
    }
}
