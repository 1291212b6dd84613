//! `mileston-config scan`: finds Mileston keys in source trees and build
//! artifacts, text or binary, and judges each by where it was found.
//!
//! Keys are matched on bytes, so that `.wasm`, `.js` bundles and native
//! binaries are searched like source files. Only redacted forms are printed.

use std::fs::File;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use clap::Args;
use ignore::{WalkBuilder, WalkState};
use mileston_config_core::key::{self, KeyKind};
use regex::bytes::Regex;
use serde::Serialize;

use crate::{EXIT_PROBLEMS, Format, usage_error};

/// The pattern of a Mileston key, normal or checkout, as the scanner (and the
/// shipped gitleaks and GitHub rules) match it. The body is greedy, so a match
/// always ends at a character that is not an ASCII letter or digit; in text
/// files the scanner additionally refuses a match preceded by an ASCII letter
/// or digit (not in binary files: see [`KeyFinder::find_iter_in`]).
pub const KEY_PATTERN: &str = r"Mileston_(?:TEST|LIVE|PROD)_(?:CHECKOUTKEY_)?[A-Za-z0-9]{16,}";

/// Files larger than this are skipped (and said so).
pub const MAX_FILE_SIZE: u64 = 1 << 30;
/// Files up to this size are read into memory; larger ones are mapped.
const READ_LIMIT: u64 = 4 << 20;
/// A file with a NUL byte in this many first bytes is binary.
const BINARY_SNIFF: usize = 8 << 10;

/// Find Mileston keys in source trees and build artifacts.
///
/// Walks every PATH (git-ignore rules are NOT applied: build artifacts are
/// usually ignored; hidden files are included; `.git/` is skipped) and reports
/// each key found, redacted, with its place and class. Fails on a key in a
/// source file, and on a normal API key in a frontend artifact (`.wasm`,
/// `.js`/`.mjs` under `pkg/`, `dist/` or `target/`, anything under `wasm32-*`);
/// a normal key in a native artifact is a warning; checkout keys in
/// artifacts are expected.
#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 no leak found, 1 a key in source or a normal key in a \
                        frontend artifact, 2 usage error."
)]
pub struct ScanArgs {
    /// Allow-list: one entry a line, a full key or a prefix ending with `*`;
    /// `#` starts a comment. Allowed findings never fail the scan.
    #[arg(long, value_name = "FILE")]
    pub allow: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Files and directories to scan
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
}

/// Finds keys in bytes.
#[derive(Clone, Debug)]
pub struct KeyFinder {
    re: Regex,
}

impl Default for KeyFinder {
    fn default() -> Self {
        KeyFinder::new()
    }
}

impl KeyFinder {
    /// The finder for [`KEY_PATTERN`].
    pub fn new() -> KeyFinder {
        KeyFinder {
            re: Regex::new(KEY_PATTERN).expect("KEY_PATTERN is a valid regex"),
        }
    }

    /// The byte ranges of the keys in text `hay`, in order: greedy matches of
    /// [`KEY_PATTERN`] not preceded by an ASCII letter or digit.
    pub fn find_iter<'h>(&'h self, hay: &'h [u8]) -> impl Iterator<Item = Range<usize>> + 'h {
        self.find_iter_in(hay, false)
    }

    /// The byte ranges of the keys in `hay`, in order. In text (`binary` is
    /// false) a match preceded by an ASCII letter or digit is part of a longer
    /// word and skipped, as by [`find_iter`](Self::find_iter). In a binary
    /// file strings are stored back to back, so a key often directly follows
    /// another string (`…biz_shop01Mileston_TEST_…` in a native binary's
    /// read-only data): there every match counts.
    pub fn find_iter_in<'h>(
        &'h self,
        hay: &'h [u8],
        binary: bool,
    ) -> impl Iterator<Item = Range<usize>> + 'h {
        let mut at = 0;
        std::iter::from_fn(move || {
            while at <= hay.len() {
                let m = self.re.find_at(hay, at)?;
                if !binary && m.start() > 0 && hay[m.start() - 1].is_ascii_alphanumeric() {
                    // Part of a longer word: look again just after its start.
                    at = m.start() + 1;
                    continue;
                }
                at = m.end();
                return Some(m.range());
            }
            None
        })
    }

    /// The keys in `s`, as strings (for tests and tools).
    pub fn find_strs<'h>(&'h self, s: &'h str) -> impl Iterator<Item = &'h str> + 'h {
        self.find_iter(s.as_bytes()).map(move |r| &s[r])
    }
}

/// Where a file stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Class {
    /// Source code, configuration, documentation: keys never belong there.
    #[serde(rename = "source")]
    Source,
    /// Other text files outside build outputs (treated like source).
    #[serde(rename = "other text")]
    OtherText,
    /// Shipped to browsers: `.wasm`, bundled `.js`.
    #[serde(rename = "frontend artifact")]
    Frontend,
    /// Native build output: `target/`, binary files.
    #[serde(rename = "native artifact")]
    Native,
}

impl Class {
    fn describe(self) -> &'static str {
        match self {
            Class::Source => "a source file",
            Class::OtherText => "a text file",
            Class::Frontend => "a frontend artifact",
            Class::Native => "a native artifact",
        }
    }
}

const SOURCE_EXTENSIONS: &[&str] = &[
    "rs", "toml", "env", "json", "yaml", "yml", "js", "ts", "jsx", "tsx", "html", "md", "txt",
    "sh", "py", "go",
];

/// Classifies a file by its path (as walked) and whether it is binary.
pub fn classify(path: &Path, binary: bool) -> Class {
    let dirs: Vec<&str> = path
        .parent()
        .map(|p| {
            p.components()
                .filter_map(|c| match c {
                    std::path::Component::Normal(s) => s.to_str(),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let under = |names: &[&str]| dirs.iter().any(|d| names.contains(d));
    let under_wasm_target = dirs
        .iter()
        .any(|d| d.starts_with("wasm32-") || d.starts_with("wasm64-"));

    if ext == "wasm"
        || (matches!(ext.as_str(), "js" | "mjs" | "cjs") && under(&["pkg", "dist", "target"]))
        || under_wasm_target
    {
        Class::Frontend
    } else if under(&["target"]) || binary {
        Class::Native
    } else if SOURCE_EXTENSIONS.contains(&ext.as_str()) || name.starts_with(".env") {
        Class::Source
    } else {
        Class::OtherText
    }
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

/// The allow-list of `--allow`.
#[derive(Debug, Default)]
pub struct AllowList {
    keys: Vec<String>,
    prefixes: Vec<String>,
}

impl AllowList {
    /// Parses an allow-list; `Err` names the bad line (never its content).
    pub fn parse(text: &str) -> Result<AllowList, String> {
        let mut list = AllowList::default();
        for (i, line) in text.lines().enumerate() {
            let entry = line.split('#').next().unwrap_or("").trim();
            if entry.is_empty() {
                continue;
            }
            let line = i + 1;
            if let Some(prefix) = entry.strip_suffix('*') {
                if !prefix.starts_with(key::PREFIX) || prefix.contains('*') {
                    return Err(format!(
                        "line {line}: a prefix entry starts with `{}` and ends with one `*`",
                        key::PREFIX
                    ));
                }
                list.prefixes.push(prefix.to_owned());
            } else {
                key::parse(entry).map_err(|e| format!("line {line}: {e}"))?;
                list.keys.push(entry.to_owned());
            }
        }
        Ok(list)
    }

    /// Whether `found` is allowed. In binary files strings are stored back to
    /// back, so the match may run on into the next string: there a finding
    /// that starts with a listed key is allowed too.
    pub fn allows(&self, found: &str, binary: bool) -> bool {
        self.prefixes.iter().any(|p| found.starts_with(p.as_str()))
            || self
                .keys
                .iter()
                .any(|k| found == k || (binary && found.starts_with(k.as_str())))
    }
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
    kind_enum: Option<KeyKind>,
    #[serde(skip)]
    pos: u64,
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
struct JsonReport<'a> {
    findings: &'a [Finding],
    failed: bool,
}

/// Runs `scan`.
pub fn run(args: ScanArgs) -> ExitCode {
    let allow = match &args.allow {
        None => AllowList::default(),
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => match AllowList::parse(&text) {
                Ok(list) => list,
                Err(e) => return usage_error(format_args!("{}: {e}", path.display())),
            },
            Err(e) => return usage_error(format_args!("cannot read {}: {e}", path.display())),
        },
    };
    for p in &args.paths {
        if std::fs::symlink_metadata(p).is_err() {
            return usage_error(format_args!("{}: no such file or directory", p.display()));
        }
    }

    let outcome = scan_paths(&args.paths, &allow);
    for w in &outcome.notes {
        eprintln!("warning: {w}");
    }
    let failed = outcome
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error);
    match args.format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&JsonReport {
                findings: &outcome.findings,
                failed
            })
            .expect("serialising plain data")
        ),
        Format::Text => print_text(&outcome, failed),
    }
    if failed {
        ExitCode::from(EXIT_PROBLEMS)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_text(outcome: &Outcome, failed: bool) {
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

/// What a scan found.
pub struct Outcome {
    /// Every key found, sorted by path and position.
    pub findings: Vec<Finding>,
    /// Files scanned.
    pub files: u64,
    /// Files skipped or unreadable.
    pub notes: Vec<String>,
}

/// Scans files and directories in parallel.
pub fn scan_paths(paths: &[PathBuf], allow: &AllowList) -> Outcome {
    let mut builder = WalkBuilder::new(&paths[0]);
    for p in &paths[1..] {
        builder.add(p);
    }
    builder
        .standard_filters(false)
        .hidden(false)
        .follow_links(false)
        .filter_entry(|e| e.file_name() != ".git")
        .threads(std::thread::available_parallelism().map_or(2, |n| n.get()));

    let finder = KeyFinder::new();
    let findings = Mutex::new(Vec::new());
    let notes = Mutex::new(Vec::new());
    let files = AtomicU64::new(0);
    builder.build_parallel().run(|| {
        let finder = finder.clone();
        let findings = &findings;
        let notes = &notes;
        let files = &files;
        let mut buf = Vec::new();
        Box::new(move |entry| {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    notes.lock().unwrap().push(e.to_string());
                    return WalkState::Continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                return WalkState::Continue;
            }
            match scan_file(entry.path(), &finder, allow, &mut buf) {
                Ok(Some(mut found)) => {
                    files.fetch_add(1, Ordering::Relaxed);
                    if !found.is_empty() {
                        findings.lock().unwrap().append(&mut found);
                    }
                }
                Ok(None) => notes.lock().unwrap().push(format!(
                    "{}: skipped, larger than {} bytes",
                    entry.path().display(),
                    MAX_FILE_SIZE
                )),
                Err(e) => notes
                    .lock()
                    .unwrap()
                    .push(format!("{}: cannot read: {e}", entry.path().display())),
            }
            WalkState::Continue
        })
    });

    let mut findings = findings.into_inner().unwrap();
    findings.sort_by(|a, b| a.path.cmp(&b.path).then(a.pos.cmp(&b.pos)));
    let mut notes = notes.into_inner().unwrap();
    notes.sort();
    Outcome {
        findings,
        files: files.into_inner(),
        notes,
    }
}

/// The bytes of a file: read when small, mapped when large.
enum Contents<'b> {
    Read(&'b [u8]),
    Mapped(memmap2::Mmap),
}

impl std::ops::Deref for Contents<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Contents::Read(b) => b,
            Contents::Mapped(m) => m,
        }
    }
}

/// Scans one file. `Ok(None)` when it is too large to scan.
fn scan_file(
    path: &Path,
    finder: &KeyFinder,
    allow: &AllowList,
    buf: &mut Vec<u8>,
) -> std::io::Result<Option<Vec<Finding>>> {
    let mut file = File::open(path)?;
    let len = file.metadata()?.len();
    if len > MAX_FILE_SIZE {
        return Ok(None);
    }
    let contents = if len <= READ_LIMIT {
        buf.clear();
        file.read_to_end(buf)?;
        Contents::Read(buf.as_slice())
    } else {
        // SAFETY: the map is only read, and only while this function runs; a
        // file truncated meanwhile by another process is the accepted risk of
        // every mapping scanner (the walk does not scan files being written).
        let map = unsafe { memmap2::Mmap::map(&file)? };
        #[cfg(unix)]
        let _ = map.advise(memmap2::Advice::Sequential);
        Contents::Mapped(map)
    };
    let bytes: &[u8] = &contents;
    let binary = bytes[..bytes.len().min(BINARY_SNIFF)].contains(&0);

    let mut out = Vec::new();
    let mut class = None;
    let (mut line, mut line_counted_to) = (1u64, 0usize);
    for range in finder.find_iter_in(bytes, binary) {
        let class = *class.get_or_insert_with(|| classify(path, binary));
        let raw = std::str::from_utf8(&bytes[range.clone()]).expect("the pattern is ASCII");
        let Ok(shape) = key::parse(raw) else { continue };
        let mut redacted = String::new();
        key::write_redacted(&mut redacted, raw, &shape).expect("writing to a String");
        let allowed = allow.allows(raw, binary);
        let severity = if allowed {
            Severity::Allowed
        } else {
            match (class, shape.kind) {
                (Class::Source | Class::OtherText, _) => Severity::Error,
                (Class::Frontend, KeyKind::Normal) => Severity::Error,
                (Class::Native, KeyKind::Normal) => Severity::Warning,
                (_, KeyKind::Checkout) => Severity::Ok,
            }
        };
        let (line_no, offset) = if binary {
            (None, Some(range.start as u64))
        } else {
            line += bytes[line_counted_to..range.start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            line_counted_to = range.start;
            (Some(line), None)
        };
        out.push(Finding {
            path: path.display().to_string(),
            line: line_no,
            offset,
            kind: match shape.kind {
                KeyKind::Normal => "normal",
                KeyKind::Checkout => "checkout",
            },
            mode: shape.mode.as_str(),
            redacted,
            class,
            allowed,
            severity,
            kind_enum: Some(shape.kind),
            pos: range.start as u64,
        });
    }
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        let c = |p: &str, binary: bool| classify(Path::new(p), binary);
        assert_eq!(c("src/main.rs", false), Class::Source);
        assert_eq!(c("./.env.production", false), Class::Source);
        assert_eq!(c("web/app.js", false), Class::Source);
        assert_eq!(c("README", false), Class::OtherText);
        assert_eq!(c("pkg/app_bg.wasm", true), Class::Frontend);
        assert_eq!(c("assets/app.wasm", true), Class::Frontend);
        assert_eq!(c("pkg/app.js", false), Class::Frontend);
        assert_eq!(c("web/dist/index-1a2b.mjs", false), Class::Frontend);
        assert_eq!(c("target/site/pkg/app.js", false), Class::Frontend);
        assert_eq!(
            c("target/wasm32-unknown-unknown/release/app.d", false),
            Class::Frontend
        );
        assert_eq!(c("target/release/server", true), Class::Native);
        assert_eq!(c("target/debug/build/x/out/gen.rs", false), Class::Native);
        assert_eq!(c("bin/server", true), Class::Native);
        assert_eq!(c("dist/index.html", false), Class::Source);
    }

    #[test]
    fn finder_skips_matches_inside_words() {
        let f = KeyFinder::new();
        let hay = "aMileston_TEST_FAKEfake0000000000a1 _Mileston_TEST_FAKEfake0000000000a2";
        let found: Vec<&str> = f.find_strs(hay).collect();
        assert_eq!(found, ["Mileston_TEST_FAKEfake0000000000a2"]);
    }

    #[test]
    fn finder_in_binary_takes_keys_packed_after_other_strings() {
        let f = KeyFinder::new();
        // As in a native binary's read-only data: key, business ID, key.
        let hay =
            b"\0\x01Mileston_TEST_FAKEfake0000000000a1biz_shop01Mileston_TEST_CHECKOUTKEY_FAKEfake00000000b2\0";
        let found: Vec<&[u8]> = f.find_iter_in(hay, true).map(|r| &hay[r]).collect();
        assert_eq!(
            found,
            [
                &b"Mileston_TEST_FAKEfake0000000000a1biz"[..],
                &b"Mileston_TEST_CHECKOUTKEY_FAKEfake00000000b2"[..],
            ]
        );
        let text: Vec<Range<usize>> = f.find_iter_in(hay, false).collect();
        assert_eq!(text.len(), 1, "in text the second is inside a word");
    }
}
