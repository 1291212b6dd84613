//! What a scan reports: findings, their severity, and the text and JSON forms.
//! Only redacted keys ever reach a report.

use mileston_config_core::key::KeyKind;
use serde::Serialize;

use super::classify::Class;
use super::walk::Outcome;

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

/// One key found.
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
    /// `normal` or `checkout`.
    pub kind: &'static str,
    /// `test` or `live`.
    pub mode: &'static str,
    /// The key, redacted.
    pub redacted: String,
    /// Where the file stands.
    pub class: Class,
    /// On the allow-list.
    pub allowed: bool,
    /// What it means for the scan.
    pub severity: Severity,
    #[serde(skip)]
    pub(super) kind_enum: Option<KeyKind>,
    #[serde(skip)]
    pub(super) pos: u64,
}

impl Finding {
    fn explain(&self) -> &'static str {
        match (self.severity, self.class, self.kind_enum) {
            (Severity::Allowed, ..) => "on the allow-list",
            (Severity::Error, Class::Frontend, _) => {
                "a normal API key is a backend secret and anyone can read it from a frontend \
                 artifact: build the frontend with `checkout` only, and rotate the key"
            }
            (Severity::Error, ..) => {
                "keys never belong in files that can be committed: move it to an environment \
                 variable or a git-ignored .env file, and rotate it if it was ever committed"
            }
            (Severity::Warning, ..) => {
                "expected in a server binary built with `backend`; never ship this file to users"
            }
            (Severity::Ok, Class::Frontend, _) => "checkout keys are meant for frontends",
            (Severity::Ok, ..) => "checkout keys may be shipped",
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
        let kind = match f.kind_enum {
            Some(k) => k.describe(),
            None => f.kind,
        };
        println!(
            "{label}: {place}: {kind} ({}) {} in {}: {}",
            f.mode,
            f.redacted,
            f.class.describe(),
            f.explain()
        );
    }
    let count = |s: Severity| outcome.findings.iter().filter(|f| f.severity == s).count();
    println!(
        "{} files scanned, {} keys found: {} errors, {} warnings, {} expected, {} allowed{}",
        outcome.files,
        outcome.findings.len(),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Ok),
        count(Severity::Allowed),
        if failed { "; scan failed" } else { "" }
    );
}
