//! What a scan reports: findings, what each means for the scan (the policy
//! and its one rule), and the text and JSON forms. Only redacted keys, and
//! nothing of a secret's value, ever reach a report.

use std::borrow::Cow;

use mileston_config_core::key::{self, KeyKind, KeyShape};
use mileston_config_core::resolve::slots::{self, Rule, Targets, Var};
use serde::Serialize;

use super::allow::AllowList;
use super::classify::Class;

/// What a scan found.
pub struct Outcome {
    /// Every key found, sorted by path and position.
    pub findings: Vec<Finding>,
    /// Files scanned.
    pub files: u64,
    /// Files skipped or unreadable.
    pub notes: Vec<String>,
}

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the scan.
    Error,
    /// Reported, does not fail.
    Warning,
    /// Where such a key is expected.
    Ok,
    /// On the allow-list.
    Allowed,
}

/// How a key was written, when it was not plain ASCII in the file's bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Encoding {
    /// In a file of UTF-16LE text (decoded by the scanner).
    #[serde(rename = "utf-16le")]
    Utf16Le,
    /// In a file of UTF-16BE text (decoded by the scanner).
    #[serde(rename = "utf-16be")]
    Utf16Be,
    /// Some of its characters were percent-encoded (`Mileston%5FTEST%5F…`,
    /// `%46AKE…`).
    #[serde(rename = "percent")]
    Percent,
    /// Some of its characters were written as backslash escapes (`\u0046`,
    /// `\x46`, `\u{46}`), as in JSON, JavaScript, YAML or TOML strings.
    #[serde(rename = "backslash")]
    Backslash,
    /// Some of its characters were written as HTML or XML character
    /// references (`&#70;`, `&#x46;`, `&lowbar;`).
    #[serde(rename = "html")]
    Html,
}

impl Encoding {
    fn describe(self) -> &'static str {
        match self {
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Percent => "percent-encoded",
            Encoding::Backslash => "backslash-escaped",
            Encoding::Html => "HTML-escaped",
        }
    }
}

/// One key or secret found.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    /// The file, as walked.
    pub path: String,
    /// 1-based line, in text files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// Byte offset, in binary files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    /// A key's kind, `normal` or `checkout`; for a secret found by its name,
    /// its setting: `wallet` or `webhook`.
    pub kind: &'static str,
    /// A key's mode, `test` or `live` (a secret's is not known).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<&'static str>,
    /// A key, redacted: its prefix, then `****` and, in a text file, the
    /// last four characters of its body; in a binary file none of them
    /// (strings are packed there, so where the key ends is not known).
    /// Empty for a secret found by its name: nothing of its value is shown.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub redacted: String,
    /// For a secret found by its name, that name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variable: Option<String>,
    /// How the key was written, outermost first, when the scanner decoded it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub encoding: Vec<Encoding>,
    /// Where the file stands.
    pub class: Class,
    /// On the allow-list.
    pub allowed: bool,
    /// What it means for the scan.
    pub severity: Severity,
    /// The table's row of what was found (its words, whether it is a
    /// backend secret).
    #[serde(skip)]
    var: &'static Var,
    /// What was found, as the text report says it.
    #[serde(skip)]
    subject: String,
    /// The line or offset, to sort by.
    #[serde(skip)]
    pub(super) pos: u64,
}

/// Where a key was found in its file.
#[derive(Clone, Copy, Debug)]
pub(super) enum Place {
    /// 1-based line of a text file.
    Line(u64),
    /// Byte offset in a binary file.
    Offset(u64),
}

/// What was found.
#[derive(Clone, Copy, Debug)]
pub(super) enum Found<'a> {
    /// A valid key, `text`, of the shape `shape`.
    Key {
        /// The key.
        text: &'a str,
        /// Its shape.
        shape: &'a KeyShape,
    },
    /// A secret of the row `var`, assigned to `name`.
    Secret {
        /// The secret's row.
        var: &'static Var,
        /// The name it is assigned to.
        name: &'a str,
        /// The value, only to compare with the allow-list.
        value: &'a str,
    },
}

/// How a scan judges what it finds.
#[derive(Clone, Copy, Debug)]
pub struct Policy<'a> {
    /// Findings on this list never fail the scan.
    pub allow: &'a AllowList,
    /// The paths are shipped as they are (a container image, a release
    /// archive): a backend secret fails the scan wherever it is, native
    /// artifacts included.
    pub shipped: bool,
}

/// What a finding means for the scan, by where it was found and what it is:
/// the one place these rules are written. Any key or secret fails in a file
/// that can be committed; a backend secret (the table's native-only rows)
/// fails in a frontend artifact, and in a native artifact is a warning, or
/// fails when the paths are shipped; what frontends may hold (a checkout
/// key) is expected in artifacts.
fn judge(class: Class, var: &Var, allowed: bool, policy: Policy<'_>) -> Severity {
    let backend_secret = var.targets == Targets::NativeOnly;
    match class {
        _ if allowed => Severity::Allowed,
        Class::Source | Class::OtherText => Severity::Error,
        Class::Frontend if backend_secret => Severity::Error,
        Class::Native if backend_secret && policy.shipped => Severity::Error,
        Class::Native if backend_secret => Severity::Warning,
        Class::Frontend | Class::Native => Severity::Ok,
    }
}

impl Finding {
    /// The finding for `found` in `path` at `place`, judged by where the
    /// file stands and by the policy.
    pub(super) fn new(
        path: &str,
        place: Place,
        class: Class,
        found: Found<'_>,
        encoding: Vec<Encoding>,
        policy: Policy<'_>,
    ) -> Finding {
        let binary = matches!(place, Place::Offset(_));
        let (var, kind, mode, redacted, variable, allowed, subject) = match found {
            Found::Key { text, shape } => {
                // In a binary file strings are stored back to back (Rust's
                // are not NUL-terminated), so the body found may run on into
                // the next string (a wallet secret, a business ID): where the
                // key ends is not known, and its "last four" may be someone
                // else's. Show none of its body.
                let shown = if binary {
                    &text[..shape.body_start]
                } else {
                    text
                };
                let mut redacted = String::new();
                key::write_redacted(&mut redacted, shown, shape).expect("writing to a String");
                let mode = shape.mode.as_str();
                let subject = format!("{} ({mode}) {redacted}", shape.kind.describe());
                let kind = match shape.kind {
                    KeyKind::Normal => "normal",
                    KeyKind::Checkout => "checkout",
                };
                (
                    slots::var_of(Rule::Key(shape.kind)),
                    kind,
                    Some(mode),
                    redacted,
                    None,
                    policy.allow.allows(text, binary),
                    subject,
                )
            }
            Found::Secret { var, name, value } => (
                var,
                var.setting,
                None,
                String::new(),
                Some(name.to_owned()),
                policy.allow.allows_secret(value, binary),
                format!("{} assigned to {name}", var.what),
            ),
        };
        let (line, offset, pos) = match place {
            Place::Line(l) => (Some(l), None, l),
            Place::Offset(o) => (None, Some(o), o),
        };
        Finding {
            path: path.to_owned(),
            line,
            offset,
            kind,
            mode,
            redacted,
            variable,
            encoding,
            class,
            allowed,
            severity: judge(class, var, allowed, policy),
            var,
            subject,
            pos,
        }
    }

    fn explain(&self) -> Cow<'static, str> {
        let is_key = matches!(self.var.rule, Rule::Key(_));
        match (self.severity, self.class) {
            (Severity::Allowed, _) => "on the allow-list".into(),
            (Severity::Error, Class::Frontend) if is_key => {
                "a normal API key is a backend secret and anyone can read it from a frontend \
                 artifact: build the frontend with `checkout` only, and rotate the key"
                    .into()
            }
            (Severity::Error, Class::Frontend) => format!(
                "{} and anyone can read it from a frontend artifact: keep it out of frontend \
                 builds, and rotate it",
                self.var.secret_because
            )
            .into(),
            (Severity::Error, Class::Native) => format!(
                "{}, and anyone who gets this file can read it (`--shipped`): keep it out of what \
                 is shipped (read it at run time), and rotate it",
                self.var.secret_because
            )
            .into(),
            (Severity::Error, _) => format!(
                "{} never belong in files that can be committed: move it to an environment \
                 variable or a git-ignored .env file, and rotate it if it was ever committed",
                if is_key { "keys" } else { "secrets" }
            )
            .into(),
            (Severity::Warning, _) => format!(
                "expected in a server binary built with `{}`; never ship this file to users",
                self.var.setting
            )
            .into(),
            (Severity::Ok, Class::Frontend) => "checkout keys are meant for frontends".into(),
            (Severity::Ok, _) => "checkout keys may be shipped".into(),
        }
    }
}

#[derive(Serialize)]
pub(super) struct JsonReport<'a> {
    pub(super) findings: &'a [Finding],
    pub(super) failed: bool,
}

pub(super) fn print_text(outcome: &Outcome, failed: bool) {
    for f in &outcome.findings {
        let place = match (f.line, f.offset) {
            (Some(line), _) => format!("{}:{line}", f.path),
            (_, Some(offset)) => format!("{} (offset {offset})", f.path),
            _ => f.path.clone(),
        };
        let label = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Ok => "ok",
            Severity::Allowed => "allowed",
        };
        let encoding = if f.encoding.is_empty() {
            String::new()
        } else {
            let how: Vec<&str> = f.encoding.iter().map(|e| e.describe()).collect();
            format!(" ({})", how.join(", "))
        };
        println!(
            "{label}: {place}: {}{encoding} in {}: {}",
            f.subject,
            f.class.describe(),
            f.explain()
        );
    }
    let count = |s: Severity| outcome.findings.iter().filter(|f| f.severity == s).count();
    let secrets = outcome
        .findings
        .iter()
        .filter(|f| f.var.rule == Rule::Opaque)
        .count();
    println!(
        "{} files scanned, {} keys found{}: {} errors, {} warnings, {} expected, {} allowed{}",
        outcome.files,
        outcome.findings.len() - secrets,
        match secrets {
            0 => String::new(),
            n => format!(", {n} secrets found by name"),
        },
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Ok),
        count(Severity::Allowed),
        if failed { "; scan failed" } else { "" }
    );
}
