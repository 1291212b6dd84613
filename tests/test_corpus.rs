//! The corpus of bad inputs in `tests/corpus/`, each compiled in a real
//! fixture crate: the build must fail with a clear error that names the
//! variable (or the `.env` / `Cargo.toml` line) at the right attribute, and no
//! piece of any value may appear in the compiler's output.
//!
//! Cases are data, so the corpus can grow without code:
//! - `keys.tsv`: key and business-ID values, all in ONE fixture crate (one
//!   `#[mileston_config]` per case, each reading its own `CORPUS_<NAME>`): rustc
//!   reports every attribute's errors in one build;
//! - `dotenv/NAME.env` and `metadata/NAME.toml`, each with `NAME.expected`:
//!   one member crate per case in ONE fixture workspace, built with
//!   `--keep-going`; cases that cargo itself refuses build alone;
//! - `attributes.txt`: misuses of the attribute, in one fixture crate;
//! - `start.tsv`: values read at start (`load = "start"`) from the variable,
//!   `VAR_FILE` or a systemd credential, by one fixture binary built without
//!   any value and run once per case: its `load()` must refuse with an error
//!   naming the variable, and print no piece of any value.
//!
//! `NAME.expected` lines: `error: FRAGMENT` (each must appear in an error of the
//! case), `not: FRAGMENT` (no error of the case may say it), `args: ...` (the attribute's arguments, default `checkout`),
//! `alone: why` (build in its own fixture), `leaks: why` (the output shows the
//! case's value, as a tool before the attribute prints it: checked to be
//! there, so that the case is rewritten the day it is not), `# comment`.
//!
//! Every value is fake (bodies say FAKE); Mileston never issued them.
#![cfg(unix)]

mod support;

use std::collections::HashSet;
use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::{Fixture, stderr, target_dir, workspace};

fn corpus() -> PathBuf {
    workspace().join("tests/corpus")
}

/// Valid fake values that cases may name in their extra arguments.
const OK_VARS: &[(&str, &str)] = &[
    ("CORPUS_BIZ", "biz_corpus_0001"),
    (
        "CORPUS_OK_CHECKOUT",
        "Mileston_TEST_CHECKOUTKEY_FAKEcorpusOkCheckout01",
    ),
    ("CORPUS_OK_NORMAL", "Mileston_TEST_FAKEcorpusOkNormal0001"),
    (
        "CORPUS_OK_LIVE_NORMAL",
        "Mileston_LIVE_FAKEcorpusOkLiveNormal1",
    ),
    ("MILESTON_API_KEY", "Mileston_TEST_FAKEcorpusDefaultKey01"),
    (
        "MILESTON_CHECKOUT_KEY",
        "Mileston_TEST_CHECKOUTKEY_FAKEcorpusDefaultCo01",
    ),
    ("MILESTON_BUSINESS_ID", "biz_corpus_default"),
];

// ---------------------------------------------------------------------------
// Building and reading the compiler's output

/// `cargo build` in `root` with exactly these `MILESTON_*`/`CORPUS_*`
/// variables (values may be any bytes but NUL, which no variable can hold).
fn build(root: &Path, extra: &[&str], env: &[(String, OsString)]) -> Output {
    let mut cmd = Command::new(env!("CARGO"));
    cmd.arg("build").args(extra).current_dir(root);
    cmd.env("CARGO_TARGET_DIR", target_dir())
        .env("CARGO_TERM_COLOR", "never");
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy();
        if k.starts_with("MILESTON_")
            || k.starts_with("CORPUS_")
            || k.starts_with("FX_")
            || k == "RUSTFLAGS"
        {
            cmd.env_remove(&*k);
        }
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// Keeps the compiler's output next to the fixtures, for reading after a failure.
fn keep(name: &str, err: &str) {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}.stderr"));
    let _ = std::fs::write(path, err);
}

fn ok_env() -> Vec<(String, OsString)> {
    OK_VARS
        .iter()
        .map(|(k, v)| (k.to_string(), OsString::from(v)))
        .collect()
}

/// One error of the compiler's output.
#[derive(Debug)]
struct Diag {
    message: String,
    /// `path:line` of the first `-->` after it, if any.
    file: String,
    line: usize,
}

/// The errors (not warnings) in `stderr`, with where they point.
fn errors(stderr: &str) -> Vec<Diag> {
    let mut out: Vec<Diag> = Vec::new();
    let mut open = false;
    for l in stderr.lines() {
        if let Some(rest) = l.strip_prefix("error") {
            let message = rest.split_once(": ").map_or("", |(_, m)| m);
            out.push(Diag {
                message: message.to_owned(),
                file: String::new(),
                line: 0,
            });
            open = true;
        } else if l.starts_with("warning") {
            open = false;
        } else if open {
            let t = l.trim_start();
            if let Some(place) = t.strip_prefix("--> ") {
                let d = out.last_mut().unwrap();
                let mut parts = place.rsplitn(3, ':');
                let _col = parts.next();
                d.line = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
                d.file = parts.next().unwrap_or("").to_owned();
                open = false;
            } else if !t.starts_with('|') && !t.is_empty() && !t.starts_with('=') {
                // A message over several lines.
                let d = out.last_mut().unwrap();
                d.message.push('\n');
                d.message.push_str(l);
            }
        }
    }
    out
}

/// Pieces of a secret that must never be printed: the value (trimmed of what
/// a message could legitimately not contain), its body from `FAKE` on, and
/// every 8-character window of that body's runs of letters and digits.
fn secret_pieces(value: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let trimmed = value.trim_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'');
    if value.contains("FAKE") && trimmed.chars().count() >= 10 {
        pieces.push(trimmed.to_owned());
    }
    if let Some(at) = value.find("FAKE") {
        let body = value[at..].trim_end_matches(|c: char| c.is_whitespace() || c == '"');
        pieces.push(body.to_owned());
        // Windows within the body's runs of letters and digits (a body has
        // nothing else), cut where a second key's prefix starts: a window
        // across a separator or a prefix could be fixed text of a message.
        let mut windows = HashSet::new();
        for run in body
            .split(|c: char| !c.is_ascii_alphanumeric())
            .flat_map(|run| run.split("Mileston"))
        {
            let chars: Vec<char> = run.chars().collect();
            windows.extend(chars.windows(8).map(|w| w.iter().collect::<String>()));
        }
        pieces.extend(windows);
    }
    pieces
}

/// The pieces of `values` found in `text`, described without repeating them.
fn leaks(text: &str, what: &str, values: &[(String, String)]) -> Vec<String> {
    let mut found = Vec::new();
    if text.contains("FAKE") {
        found.push(format!("{what}: the output contains `FAKE`"));
    }
    for (name, value) in values {
        for piece in secret_pieces(value) {
            if text.contains(&piece) {
                found.push(format!(
                    "{what}: the output contains {} characters of {name}'s value",
                    piece.chars().count()
                ));
                break;
            }
        }
    }
    found
}

/// Whether `text` names `var` as a whole word.
fn names(text: &str, var: &str) -> bool {
    text.match_indices(var).any(|(i, _)| {
        let next = text[i + var.len()..].chars().next();
        let prev = text[..i].chars().next_back();
        !next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            && !prev.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

fn tsv_lines(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

// ---------------------------------------------------------------------------
// keys.tsv

/// Undoes the escapes of `keys.tsv` (see its header) into bytes.
fn unescape(s: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("{{") {
            let end = r.find("}}").expect("unclosed {{");
            let (text, n) = r[..end].rsplit_once('*').expect("{{TEXT*N}}");
            let one = unescape(text);
            for _ in 0..n.parse::<usize>().unwrap() {
                out.extend_from_slice(&one);
            }
            rest = &r[end + 2..];
        } else if let Some(r) = rest.strip_prefix('\\') {
            let mut chars = r.chars();
            let c = chars.next().expect("a lone \\ at the end");
            rest = chars.as_str();
            match c {
                's' => out.push(b' '),
                't' => out.push(b'\t'),
                'n' => out.push(b'\n'),
                'r' => out.push(b'\r'),
                '0' => out.push(0),
                '\\' => out.push(b'\\'),
                'u' => {
                    let end = rest.find('}').unwrap();
                    let code = u32::from_str_radix(&rest[1..end], 16).unwrap();
                    let mut buf = [0; 4];
                    out.extend_from_slice(
                        char::from_u32(code)
                            .unwrap()
                            .encode_utf8(&mut buf)
                            .as_bytes(),
                    );
                    rest = &rest[end + 1..];
                }
                'x' => {
                    out.push(u8::from_str_radix(&rest[..2], 16).unwrap());
                    rest = &rest[2..];
                }
                other => panic!("unknown escape \\{other}"),
            }
        } else {
            let c = rest.chars().next().unwrap();
            let mut buf = [0; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

struct KeyCase {
    name: String,
    var: String,
    slot: String,
    value: Vec<u8>,
    expect: String,
    extra: String,
}

fn key_cases() -> Vec<KeyCase> {
    let text = std::fs::read_to_string(corpus().join("keys.tsv")).unwrap();
    let mut seen = HashSet::new();
    tsv_lines(&text)
        .map(|cols| {
            assert!(
                (4..=5).contains(&cols.len()),
                "keys.tsv: 4 or 5 columns: {cols:?}"
            );
            let name = cols[0].to_owned();
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'),
                "keys.tsv: {name}: names are upper-case"
            );
            assert!(seen.insert(name.clone()), "keys.tsv: {name} twice");
            assert!(
                ["backend", "checkout", "business_id"].contains(&cols[1]),
                "keys.tsv: {name}: unknown slot {}",
                cols[1]
            );
            KeyCase {
                var: format!("CORPUS_{name}"),
                name,
                slot: cols[1].to_owned(),
                value: unescape(cols[2]),
                expect: cols[3].to_owned(),
                extra: cols.get(4).copied().unwrap_or("").to_owned(),
            }
        })
        .collect()
}

#[test]
fn corpus_of_bad_keys_and_business_ids() {
    let cases = key_cases();
    assert!(cases.len() >= 60, "only {} cases in keys.tsv", cases.len());

    let mut main = String::from("#![allow(dead_code)]\nuse mileston_config::mileston_config;\n");
    let mut dotenv = String::new();
    let mut env = ok_env();
    let mut lines = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let mut args = match c.slot.as_str() {
            "business_id" => format!(
                "checkout = \"CORPUS_OK_CHECKOUT\", business_id = \"{}\"",
                c.var
            ),
            slot => format!("{slot} = \"{}\", business_id = \"CORPUS_BIZ\"", c.var),
        };
        if !c.extra.is_empty() {
            args.push_str(", ");
            args.push_str(&c.extra);
        }
        lines.push(main.lines().count() + 1);
        main.push_str(&format!("#[mileston_config({args})]\npub struct S{i};\n"));
        if c.value.contains(&0) {
            // No environment variable can hold a NUL: through .env instead.
            let v = String::from_utf8(c.value.clone()).unwrap();
            assert!(!v.contains(char::is_whitespace) && !v.contains(['"', '\'', '#', '$', '\\']));
            dotenv.push_str(&format!("{}={v}\n", c.var));
        } else {
            env.push((c.var.clone(), OsString::from_vec(c.value.clone())));
        }
    }
    main.push_str("fn main() {}\n");
    let fx = Fixture::new("corpus-keys", &main, "");
    fx.write(".env", &dotenv);

    let out = build(&fx.root, &[], &env);
    let err = stderr(&out);
    keep("corpus-keys", &err);
    assert!(!out.status.success(), "the corpus built:\n{err}");
    let diags = errors(&err);

    let mut failures = Vec::new();
    for (c, line) in cases.iter().zip(&lines) {
        let mine: Vec<&Diag> = diags.iter().filter(|d| names(&d.message, &c.var)).collect();
        let ok = mine.iter().any(|d| {
            d.message.contains(&c.expect) && d.line == *line && d.file.ends_with("src/main.rs")
        });
        if !ok {
            failures.push(format!(
                "{} (line {line}): want an error naming {} with {:?}, got {:#?}",
                c.name, c.var, c.expect, mine
            ));
        }
    }
    let values: Vec<(String, String)> = cases
        .iter()
        .map(|c| {
            (
                c.var.clone(),
                String::from_utf8_lossy(&c.value).into_owned(),
            )
        })
        .chain(OK_VARS.iter().map(|(k, v)| (k.to_string(), v.to_string())))
        .collect();
    failures.extend(leaks(&err, "keys.tsv", &values));
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------
// dotenv/ and metadata/

#[derive(Default)]
struct FileCase {
    name: String,
    /// `d-NAME` or `m-NAME`: the member's directory.
    dir: String,
    dotenv: Option<String>,
    metadata: String,
    args: Option<String>,
    expect: Vec<String>,
    /// Fragments no error of the case may hold.
    refuse: Vec<String>,
    alone: bool,
    /// Why the output shows the case's value (`leaks: why`).
    leaks: Option<String>,
}

fn file_cases(sub: &str, ext: &str) -> Vec<FileCase> {
    let mut cases = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(corpus().join(sub))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    paths.sort();
    for path in paths {
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let content = std::fs::read(&path).unwrap();
        let expected = std::fs::read_to_string(path.with_extension("expected"))
            .unwrap_or_else(|_| panic!("{sub}/{name}.expected is missing"));
        let mut c = FileCase {
            dir: format!("{}-{name}", &sub[..1]),
            name: format!("{sub}/{name}.{ext}"),
            ..Default::default()
        };
        // A .env may hold any bytes; a manifest is text.
        if ext == "env" {
            c.dotenv = Some(String::from_utf8_lossy(&content).into_owned());
        } else {
            c.metadata = String::from_utf8(content).unwrap();
        }
        for l in expected.lines() {
            if let Some(e) = l.strip_prefix("error: ") {
                c.expect.push(e.to_owned());
            } else if let Some(e) = l.strip_prefix("not: ") {
                c.refuse.push(e.to_owned());
            } else if let Some(a) = l.strip_prefix("args: ") {
                c.args = Some(a.to_owned());
            } else if l.starts_with("alone:") {
                c.alone = true;
            } else if let Some(why) = l.strip_prefix("leaks: ") {
                c.leaks = Some(why.to_owned());
            } else {
                assert!(
                    l.starts_with('#') || l.trim().is_empty(),
                    "{sub}/{name}.expected: {l}"
                );
            }
        }
        assert!(
            !c.expect.is_empty(),
            "{sub}/{name}.expected expects nothing"
        );
        // A batch's output is checked for every case's values at once.
        assert!(
            c.leaks.is_none() || c.alone,
            "{sub}/{name}.expected: a case that leaks builds alone"
        );
        cases.push(c);
    }
    cases
}

fn main_rs(c: &FileCase) -> String {
    let attr = match &c.args {
        Some(a) => format!("#[mileston_config({a})]"),
        None if c.dotenv.is_none() => "#[mileston_config]".to_owned(),
        None => "#[mileston_config(checkout)]".to_owned(),
    };
    format!(
        "use mileston_config::mileston_config;\n\n{attr}\npub struct Mileston;\n\nfn main() {{}}\n"
    )
}

/// The secrets of a case: every value in its `.env`, and every string in its
/// manifest section that holds FAKE.
fn file_secrets(c: &FileCase) -> Vec<(String, String)> {
    let text = c.dotenv.as_deref().unwrap_or(&c.metadata);
    text.split(|ch: char| {
        ch.is_whitespace() || matches!(ch, '=' | '"' | '\'' | '[' | ']' | '{' | '}' | ',' | '.')
    })
    .filter(|w| w.contains("FAKE"))
    .map(|w| (c.name.clone(), w.to_owned()))
    .collect()
}

/// Checks one case against the errors that belong to it; returns failures.
fn check_file_case(c: &FileCase, out: &Output, diags: &[&Diag], whole: &str) -> Vec<String> {
    let mut failures = Vec::new();
    if out.status.success() {
        failures.push(format!("{}: the build succeeded", c.name));
    }
    for e in &c.expect {
        let hit = if c.alone {
            // Refused by cargo before any attribute runs: cargo's own words.
            whole.contains(e.as_str())
        } else {
            diags.iter().any(|d| d.message.contains(e.as_str()))
        };
        if !hit {
            let got: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
            failures.push(format!("{}: no error with {e:?}; got {got:#?}", c.name));
        }
    }
    for e in &c.refuse {
        if diags.iter().any(|d| d.message.contains(e.as_str())) {
            failures.push(format!("{}: an error says {e:?}", c.name));
        }
    }
    let secrets = file_secrets(c);
    match &c.leaks {
        None => failures.extend(leaks(whole, &c.name, &secrets)),
        // What happens today, asserted as it is: the value in full.
        Some(why) => {
            for (_, value) in &secrets {
                if !whole.contains(value.as_str()) {
                    failures.push(format!(
                        "{}: the output no longer shows the value ({why}): make the case \
                         expect no leak, and update README's note on cargo's own errors",
                        c.name
                    ));
                }
            }
        }
    }
    failures
}

const MEMBER_HEADER: &str = "# one case of tests/corpus";

/// A member's manifest, laid out like `Fixture::manifest` so that the metadata
/// starts at line 12 either way.
fn member_manifest(package: &str, metadata: &str) -> String {
    let runtime = workspace().join("runtime");
    format!(
        "[package]\nname = \"{package}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nmileston-config = {{ path = {:?}, default-features = false }}\n\n\
         {MEMBER_HEADER}\n\n{metadata}\n",
        runtime.display().to_string()
    )
}

#[test]
fn corpus_of_dotenv_files_and_cargo_metadata() {
    let mut cases = file_cases("dotenv", "env");
    let dotenv_count = cases.len();
    cases.extend(file_cases("metadata", "toml"));
    assert!(
        dotenv_count >= 10 && cases.len() - dotenv_count >= 10,
        "too few cases"
    );

    // Everything but cargo's own refusals: one workspace.
    let batch: Vec<&FileCase> = cases.iter().filter(|c| !c.alone).collect();
    let fx = Fixture::new("corpus-files", "", "");
    let members: Vec<String> = batch.iter().map(|c| format!("\"{}\"", c.dir)).collect();
    fx.write(
        "Cargo.toml",
        &format!(
            "[workspace]\nmembers = [{}]\nresolver = \"3\"\n",
            members.join(", ")
        ),
    );
    std::fs::remove_dir_all(fx.root.join("src")).unwrap();
    for c in &batch {
        let package = format!("fx-corpus-{}", c.dir);
        fx.write(
            &format!("{}/Cargo.toml", c.dir),
            &member_manifest(&package, &c.metadata),
        );
        fx.write(&format!("{}/src/main.rs", c.dir), &main_rs(c));
        if c.dotenv.is_some() {
            // Byte for byte (a .env may not be UTF-8).
            std::fs::copy(corpus().join(&c.name), fx.root.join(&c.dir).join(".env")).unwrap();
        }
    }
    let out = build(&fx.root, &["--keep-going"], &[]);
    let err = stderr(&out);
    keep("corpus-files", &err);
    let diags = errors(&err);
    let mut failures = Vec::new();
    for c in &batch {
        let prefix = format!("{}/", c.dir);
        let mine: Vec<&Diag> = diags
            .iter()
            .filter(|d| d.file.starts_with(&prefix))
            .collect();
        failures.extend(check_file_case(c, &out, &mine, &err));
    }
    // The batch as a whole shows no value of any case.
    let all: Vec<(String, String)> = batch.iter().flat_map(|c| file_secrets(c)).collect();
    failures.extend(leaks(&err, "the dotenv/metadata batch", &all));

    // Alone: cargo's own refusals.
    for c in cases.iter().filter(|c| c.alone) {
        let fx = Fixture::new(&format!("corpus-{}", c.dir), &main_rs(c), &c.metadata);
        if c.dotenv.is_some() {
            std::fs::copy(corpus().join(&c.name), fx.root.join(".env")).unwrap();
        }
        let out = build(&fx.root, &[], &[]);
        let err = stderr(&out);
        let diags = errors(&err);
        let mine: Vec<&Diag> = diags.iter().collect();
        failures.extend(check_file_case(c, &out, &mine, &err));
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------
// attributes.txt

#[test]
fn corpus_of_attribute_misuse() {
    let text = std::fs::read_to_string(corpus().join("attributes.txt")).unwrap();
    let mut main = String::from("#![allow(dead_code)]\nuse mileston_config::mileston_config;\n");
    let mut cases = Vec::new();
    for (i, cols) in tsv_lines(&text).enumerate() {
        assert!((3..=4).contains(&cols.len()), "attributes.txt: {cols:?}");
        let attr = if cols[1].starts_with("#[") {
            cols[1].to_owned()
        } else {
            format!("#[mileston_config({})]", cols[1])
        };
        let item = cols
            .get(3)
            .copied()
            .unwrap_or("pub struct {S};")
            .replace("{S}", &format!("A{i}"));
        let first = main.lines().count() + 1;
        main.push_str(&format!("{attr}\n{item}\n"));
        cases.push((cols[0], cols[2], first..=first + 1));
    }
    main.push_str("fn main() {}\n");
    assert!(cases.len() >= 20, "only {} cases", cases.len());
    let fx = Fixture::new("corpus-attributes", &main, "");
    let out = build(&fx.root, &[], &ok_env());
    let err = stderr(&out);
    keep("corpus-attributes", &err);
    assert!(!out.status.success(), "the corpus built:\n{err}");
    let diags = errors(&err);
    let mut failures = Vec::new();
    for (name, expect, lines) in &cases {
        let mine: Vec<&Diag> = diags.iter().filter(|d| lines.contains(&d.line)).collect();
        if !mine.iter().any(|d| d.message.contains(expect)) {
            failures.push(format!(
                "{name}: no error with {expect:?} at lines {lines:?}: {mine:#?}"
            ));
        }
    }
    // Keys written in the attribute are shown in rustc's snippet of the source
    // (they are in the source already); the messages themselves never hold one.
    for d in &diags {
        if d.message.contains("FAKE") || d.message.contains("Mileston_TEST_F") {
            failures.push(format!(
                "a message repeats a literal key at line {}",
                d.line
            ));
        }
    }
    let ok: Vec<(String, String)> = OK_VARS
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let snippet_free: String = err
        .lines()
        .filter(|l| {
            !l.trim_start()
                .starts_with(|c: char| c.is_ascii_digit() || c == '|')
        })
        .collect::<Vec<_>>()
        .join("\n");
    failures.extend(leaks(&snippet_free, "attributes.txt", &ok));
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------
// start.tsv

/// The valid fakes a started process gets for every variable but the case's.
const START_OK: &[(&str, &str)] = &[
    ("MILESTON_API_KEY", "Mileston_TEST_FAKEf3Kw8Nq2Zr6Tj1"),
    (
        "MILESTON_CHECKOUT_KEY",
        "Mileston_TEST_CHECKOUTKEY_FAKEl9Dv4Mc7Xp2Bh5",
    ),
    ("MILESTON_SECRET_KEY", "FAKEk2Xm-9qW7tb3z-Lp4vR8"),
    ("MILESTON_WEBHOOK_TOKEN", "FAKE-startCorpusWebhook-r7Qt4"),
    ("MILESTON_BUSINESS_ID", "biz_start_corpus_0001"),
];

const START_MAIN: &str = r#"
use mileston_config::mileston_config;

#[mileston_config(backend, checkout, wallet, webhook, load = "start", mode = "test")]
pub struct Mileston;

fn main() {
    match Mileston::load() {
        Ok(()) => println!("loaded"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
"#;

#[test]
fn corpus_of_values_read_at_start() {
    let text = std::fs::read_to_string(corpus().join("start.tsv")).unwrap();
    let fx = Fixture::new("corpus-start", START_MAIN, "");
    // Built with no value anywhere: none is read.
    let out = build(&fx.root, &[], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bin = target_dir().join("debug").join(&fx.name);
    let ok_values = || START_OK.iter().map(|(k, v)| (k.to_string(), v.to_string()));

    // The fakes pass: what each case changes is what is refused.
    let run = |env: &[(String, OsString)]| {
        Command::new(&bin)
            .env_clear()
            .envs(env.iter().map(|(k, v)| (k, v)))
            .output()
            .unwrap()
    };
    let good: Vec<(String, OsString)> = ok_values().map(|(k, v)| (k, v.into())).collect();
    let out = run(&good);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "loaded\n",
        "{}",
        stderr(&out)
    );

    let mut seen = HashSet::new();
    let mut failures = Vec::new();
    let mut cases = 0;
    for cols in tsv_lines(&text) {
        assert_eq!(cols.len(), 5, "start.tsv: 5 columns: {cols:?}");
        let (name, var, place, value, expect) = (cols[0], cols[1], cols[2], cols[3], cols[4]);
        assert!(seen.insert(name), "start.tsv: {name} twice");
        cases += 1;
        let value = unescape(value);
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("corpus-start")
            .join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("credentials")).unwrap();
        let mut env: Vec<(String, OsString)> =
            good.iter().filter(|(k, _)| k != var).cloned().collect();
        let file_var = format!("{var}_FILE");
        for p in place.split('+') {
            match p {
                "var" => env.push((var.to_owned(), OsString::from_vec(value.clone()))),
                "file" => {
                    std::fs::write(dir.join("value"), &value).unwrap();
                    env.push((file_var.clone(), dir.join("value").into()));
                }
                "credential" => {
                    std::fs::write(dir.join("credentials").join(var), &value).unwrap();
                    env.push((
                        "CREDENTIALS_DIRECTORY".into(),
                        dir.join("credentials").into(),
                    ));
                }
                "none" => {}
                "file-var-empty" => env.push((file_var.clone(), OsString::new())),
                "file-missing" => env.push((file_var.clone(), dir.join("missing").into())),
                "file-dir" => env.push((file_var.clone(), dir.join("credentials").into())),
                other => panic!("start.tsv: {name}: unknown place {other}"),
            }
        }
        let out = run(&env);
        let err = stderr(&out);
        if out.status.code() != Some(1) || !err.contains(expect) || !names(&err, var) {
            failures.push(format!(
                "{name}: want exit 1 and an error naming {var} with {expect:?}, got {:?}: {err}",
                out.status.code()
            ));
        }
        let values: Vec<(String, String)> = ok_values()
            .chain([(var.to_owned(), String::from_utf8_lossy(&value).into_owned())])
            .collect();
        let printed = format!("{}{err}", String::from_utf8_lossy(&out.stdout));
        failures.extend(leaks(&printed, name, &values));
    }
    assert!(cases >= 30, "only {cases} cases in start.tsv");
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
