//! Property tests of the key rules, business IDs, `[package.metadata.mileston]`
//! and `.env` handling: no input makes them panic, and no message they produce
//! repeats a key's body.
//!
//! Every generated key is fake: Mileston never issued them.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use mileston_config_core::business;
use mileston_config_core::key::{self, KeyKind, KeyMode};
use mileston_config_core::resolve::{
    self, Front, PartialSettings, Request, Sources, Target, metadata,
};
use proptest::prelude::*;
use proptest::sample::select;

/// `cases` cases, without writing failures to a file next to this one.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------
// Generators

/// The modes as written and what they mean.
const MODES: &[(&str, KeyMode)] = &[
    ("TEST", KeyMode::Test),
    ("LIVE", KeyMode::Live),
    ("PROD", KeyMode::Live),
];

/// A valid key, split into the part before the body and the body.
#[derive(Clone, Debug)]
struct GenKey {
    head: String,
    body: String,
    kind: KeyKind,
    mode: KeyMode,
    marker: &'static str,
}

impl GenKey {
    fn raw(&self) -> String {
        format!("{}{}", self.head, self.body)
    }
}

fn gen_key_with(body: impl Strategy<Value = String>) -> impl Strategy<Value = GenKey> {
    (select(MODES), any::<bool>(), body).prop_map(|((marker, mode), checkout, body)| {
        let kind = if checkout {
            KeyKind::Checkout
        } else {
            KeyKind::Normal
        };
        let head = format!(
            "Mileston_{marker}_{}",
            if checkout { "CHECKOUTKEY_" } else { "" }
        );
        GenKey {
            head,
            body,
            kind,
            mode,
            marker,
        }
    })
}

/// Any valid body (16 to 80 ASCII letters and digits).
fn any_body() -> impl Strategy<Value = String> {
    "[A-Za-z0-9]{16,80}"
}

/// A body in which every run of 4 characters holds one of `Q`, `Z`, `X`, `J`:
/// no 5-character piece of it can occur by chance in the fixed text of a
/// message (which has none of these capitals), so finding one there means the
/// message repeats the value.
fn marked_body() -> impl Strategy<Value = String> {
    prop::collection::vec(("[A-Za-z0-9]{0,3}", "[QZXJ]"), 12..24).prop_map(|chunks| {
        let mut s = String::from("FAKE");
        for (a, b) in chunks {
            s.push_str(&a);
            s.push_str(&b);
        }
        s
    })
}

fn valid_key() -> impl Strategy<Value = GenKey> {
    gen_key_with(any_body())
}

fn marked_key() -> impl Strategy<Value = GenKey> {
    gen_key_with(marked_body())
}

/// Strings that are often near a key: a prefix in various spellings, then
/// anything.
fn keyish() -> impl Strategy<Value = String> {
    let head = select(vec![
        "",
        "Mileston_",
        "Mileston_TEST_",
        "Mileston_LIVE_",
        "Mileston_PROD_CHECKOUTKEY_",
        "mileston_test_",
        "MILESTON_TEST_",
        "Mileston_TEST_CHECKOUTKEY_",
        " Mileston_TEST_",
        "\"Mileston_LIVE_",
        "\u{feff}Mileston_TEST_",
    ]);
    (head, any::<String>(), "[A-Za-z0-9_\\-\\s\"']{0,40}")
        .prop_map(|(h, a, b)| format!("{h}{b}{a}"))
}

/// Characters other than ASCII letters and digits: punctuation, whitespace,
/// control characters, non-ASCII look-alikes and invisible ones.
fn non_alnum() -> impl Strategy<Value = char> {
    prop_oneof![
        select(vec![
            '_',
            '-',
            '.',
            ' ',
            '\t',
            '\n',
            '\r',
            '\0',
            '"',
            '\'',
            '/',
            '+',
            '=',
            '\u{7f}',
            '\u{200b}',
            '\u{200d}',
            '\u{feff}',
            '\u{a0}',
            '\u{430}',
            '\u{3bf}',
            '\u{ff21}',
            '\u{1d400}'
        ]),
        any::<char>().prop_filter("not an ASCII letter or digit", |c| !c
            .is_ascii_alphanumeric()),
    ]
}

// ---------------------------------------------------------------------------
// Leak checks

/// Pieces of `body` of `n` characters.
fn windows(body: &str, n: usize) -> Vec<String> {
    let chars: Vec<char> = body.chars().collect();
    if chars.len() < n {
        return Vec::new();
    }
    chars.windows(n).map(|w| w.iter().collect()).collect()
}

/// Runs of 12 or more ASCII letters and digits in `value`. The fixed text of
/// the messages has no run that long (the longest is `CHECKOUTKEY`, 11), so
/// such a run in a message was copied from the value.
fn long_runs(value: &str) -> Vec<&str> {
    value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|r| r.len() >= 12)
        .collect()
}

fn assert_no_run_of(message: &str, value: &str) -> Result<(), TestCaseError> {
    for run in long_runs(value) {
        // A run shorter than the message's own text could, in theory, be part
        // of a longer run there; compare whole runs of the message instead.
        let leaked = message
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|m| m.len() >= 12 && (m.contains(run) || run.contains(m)));
        prop_assert!(!leaked, "message repeats a run of the value: {message:?}");
    }
    Ok(())
}

fn assert_no_piece_of(message: &str, body: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        !message.contains(body),
        "message holds the body: {message:?}"
    );
    for w in windows(body, 5) {
        prop_assert!(
            !message.contains(&w),
            "message holds {w:?} of the body: {message:?}"
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// key::parse

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn parse_never_panics(s in any::<String>()) {
        let _ = key::parse(&s);
        let _ = key::looks_like_key(&s);
    }

    #[test]
    fn parse_never_panics_near_keys(s in keyish()) {
        if let Err(e) = key::parse(&s) {
            assert_no_run_of(&e.reason(), &s)?;
            assert_no_run_of(&e.to_string(), &s)?;
        }
        let _ = key::looks_like_key(&s);
    }

    #[test]
    fn accepted_keys_round_trip(k in valid_key()) {
        let raw = k.raw();
        let shape = key::parse(&raw).expect("a generated key is valid");
        prop_assert_eq!(shape.kind, k.kind);
        prop_assert_eq!(shape.mode, k.mode);
        prop_assert_eq!(shape.mode_marker, k.marker);
        prop_assert_eq!(shape.body_start, k.head.len());
        prop_assert_eq!(&raw[shape.body_start..], k.body.as_str());
        prop_assert!(key::looks_like_key(&raw));

        let mut red = String::new();
        key::write_redacted(&mut red, &raw, &shape).unwrap();
        let (before, tail) = red.split_once("****").expect("redacted form has ****");
        prop_assert_eq!(before, k.head.as_str(), "only the prefixes before ****");
        prop_assert!(tail.len() <= key::REDACTED_TAIL);
        prop_assert!(k.body.ends_with(tail));
        prop_assert!(!red.contains(&k.body));
    }

    #[test]
    fn redaction_shows_at_most_four_body_characters(k in marked_key()) {
        let raw = k.raw();
        let shape = key::parse(&raw).unwrap();
        let mut red = String::new();
        key::write_redacted(&mut red, &raw, &shape).unwrap();
        assert_no_piece_of(&red, &k.body)?;
    }

    /// Whatever is wrong with a value close to a key, the reason never holds a
    /// 5-character piece of its body.
    #[test]
    fn reasons_never_hold_a_piece_of_the_body(
        k in marked_key(),
        wrap in select(vec!["", " ", "\t", "\"", "'", "\n", "\r\n", "\u{feff}", "\0"]),
        at_end in any::<bool>(),
        cut in 0usize..40,
        bad in non_alnum(),
        bad_at in any::<prop::sample::Index>(),
    ) {
        let raw = k.raw();
        let mut variants = vec![
            if at_end { format!("{raw}{wrap}") } else { format!("{wrap}{raw}") },
            // A short body.
            format!("{}{}", k.head, &k.body[..k.body.len().min(cut % 16)]),
            // Other spellings of the prefix and mode.
            raw.replacen("Mileston_", "MILESTON_", 1),
            raw.replacen("Mileston_", "mileston_", 1),
            raw.replacen(k.marker, "STAGING", 1),
            raw.replacen(k.marker, &k.marker.to_ascii_lowercase(), 1),
            raw.replacen("Mileston_", "Stripe_", 1),
        ];
        let mut chars: Vec<char> = raw.chars().collect();
        let i = bad_at.index(chars.len());
        chars.insert(i, bad);
        variants.push(chars.into_iter().collect());
        for v in variants {
            if let Err(e) = key::parse(&v) {
                assert_no_piece_of(&e.reason(), &k.body)?;
                assert_no_piece_of(&e.to_string(), &k.body)?;
                assert_no_piece_of(&format!("{e:?}"), &k.body)?;
            }
        }
    }

    /// Inserting a character that is not an ASCII letter or digit anywhere, or
    /// replacing any character with one, makes a valid key invalid.
    #[test]
    fn any_non_alnum_edit_is_refused(
        k in valid_key(),
        c in non_alnum(),
        at in any::<prop::sample::Index>(),
        insert in any::<bool>(),
    ) {
        // A normal key whose body starts with `CHECKOUTKEY` would turn into a
        // checkout key with `_` inserted after it: valid, of the other kind.
        prop_assume!(!k.body.starts_with("CHECKOUTKEY"));
        let mut chars: Vec<char> = k.raw().chars().collect();
        if insert {
            let i = at.index(chars.len() + 1);
            chars.insert(i, c);
        } else {
            let i = at.index(chars.len());
            prop_assume!(chars[i] != c);
            chars[i] = c;
        }
        let edited: String = chars.into_iter().collect();
        prop_assert!(key::parse(&edited).is_err(), "accepted {:?}", edited);
    }

    #[test]
    fn every_valid_key_looks_like_a_key(k in valid_key(), before in "[ :=\"'(]{0,3}", after in "[ ;,\"')]{0,3}") {
        prop_assert!(key::looks_like_key(&k.raw()));
        let wrapped = format!("{before}{}{after}", k.raw());
        prop_assert!(key::looks_like_key(&wrapped));
    }
}

// ---------------------------------------------------------------------------
// business::check

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn business_check_never_panics(s in any::<String>()) {
        if let Err(e) = business::check(&s) {
            assert_no_run_of(&e.reason(), &s)?;
        }
    }

    #[test]
    fn business_check_never_panics_near_keys(s in keyish()) {
        if let Err(e) = business::check(&s) {
            assert_no_run_of(&e.to_string(), &s)?;
        }
    }

    #[test]
    fn a_key_is_never_a_business_id(k in valid_key(), before in "[a-z_]{0,4}") {
        prop_assert_eq!(
            business::check(&format!("{before}{}", k.raw())),
            Err(business::BusinessIdError::LooksLikeKey)
        );
    }
}

// ---------------------------------------------------------------------------
// [package.metadata.mileston]

/// TOML-ish text around `[package.metadata.mileston]`, with keys in values,
/// in broken strings and arrays, and in comments.
fn metadata_text(k: GenKey) -> impl Strategy<Value = (String, GenKey)> {
    let raw = k.raw();
    let name = select(vec![
        "backend",
        "checkout",
        "business_id",
        "mode",
        "colour",
        "\"backend\"",
        "backend.x",
        "",
    ]);
    let value = select(vec![
        "true".to_owned(),
        "false".to_owned(),
        "1".to_owned(),
        "1.5".to_owned(),
        "\"test\"".to_owned(),
        "\"live\"".to_owned(),
        "\"SHOP_KEY\"".to_owned(),
        "\"1BAD\"".to_owned(),
        "\"has space\"".to_owned(),
        format!("\"{raw}\""),
        format!("'{raw}'"),
        format!("\"\"\"{raw}\"\"\""),
        format!("[\"{raw}\"]"),
        format!("{{ var = \"{raw}\" }}"),
        format!("\"{raw}"),
        format!("{raw}"),
        format!("\"{raw}\\q\""),
        format!("2024-01-01T{raw}"),
        "[".to_owned(),
        "{".to_owned(),
        String::new(),
    ]);
    let line = prop_oneof![
        4 => (name, value).prop_map(|(n, v)| format!("{n} = {v}")),
        1 => select(vec![
            "[package]".to_owned(),
            "[package.metadata]".to_owned(),
            "[package.metadata.mileston]".to_owned(),
            "[package.metadata.mileston.extra]".to_owned(),
            "package.metadata.mileston = 3".to_owned(),
            "[package.metadata.mileston".to_owned(),
            "[[package.metadata.mileston]]".to_owned(),
            format!("# {raw}"),
            "name = \"x\"".to_owned(),
        ]),
        1 => any::<String>(),
    ];
    (
        prop::collection::vec(line, 0..10),
        select(vec!["\n", "\r\n"]),
    )
        .prop_map(move |(lines, nl)| {
            let mut text = String::from("[package]\nname = \"fx\"\n[package.metadata.mileston]\n");
            text.push_str(&lines.join(nl));
            text.push('\n');
            (text, k.clone())
        })
}

proptest! {
    #![proptest_config(config(1500))]

    #[test]
    fn metadata_never_panics(s in any::<String>()) {
        let _ = metadata::parse(&s);
        let _ = metadata::parse(&format!("[package.metadata.mileston]\n{s}"));
    }

    #[test]
    fn metadata_never_echoes_a_key((text, k) in marked_key().prop_flat_map(metadata_text)) {
        let problems = metadata::parse(&text).problems;
        {
            for p in &problems {
                assert_no_piece_of(&p.message, &k.body)?;
                prop_assert!(p.message.starts_with("Cargo.toml line "), "{}", p.message);
            }
        }
    }
}

/// A key written as a *setting name* in `[package.metadata.mileston]` is not
/// repeated by the message (a bug the corpus found, fixed).
#[test]
fn metadata_key_as_setting_name_is_not_echoed() {
    let body = "FAKEsettingNameQZXJ0001";
    let text = format!("[package.metadata.mileston]\nMileston_TEST_{body} = true\n");
    let problems = metadata::parse(&text).problems;
    assert!(!problems.is_empty());
    for p in problems {
        assert!(!p.message.contains(body), "{}", p.message);
    }
}

// ---------------------------------------------------------------------------
// .env files, through Sources and resolve

fn temp_crate() -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "mileston-core-props-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"fx\"\n[package.metadata.mileston]\nbackend = true\ncheckout = true\n",
    )
    .unwrap();
    dir
}

const VARS: &[&str] = &[
    "MILESTON_API_KEY",
    "MILESTON_CHECKOUT_KEY",
    "MILESTON_BUSINESS_ID",
    "B",
];

/// `.env` lines: well-formed and broken, with the key in every place a line
/// can hold it.
fn dotenv_text(k: GenKey) -> impl Strategy<Value = (String, GenKey)> {
    let raw = k.raw();
    let name = select(VARS.to_vec());
    let value = select(vec![
        raw.clone(),
        format!("\"{raw}\""),
        format!("'{raw}'"),
        format!("\"{raw}"),
        format!("'{raw}"),
        format!("{raw}\\"),
        format!("{raw} trailing"),
        format!("{raw} # comment"),
        format!("\"{raw}\\n\""),
        format!("${{{raw}}}"),
        format!("${{{raw}"),
        format!("$B{raw}"),
        format!("\u{feff}{raw}"),
        format!("{raw}\0"),
        "biz_1".to_owned(),
        String::new(),
    ]);
    let line = prop_oneof![
        5 => (select(vec!["", "export ", "  ", "export  "]), name, select(vec!["=", " = ", "=="]), value)
            .prop_map(|(e, n, eq, v)| format!("{e}{n}{eq}{v}")),
        1 => select(vec![
            format!("B {raw}"),
            format!("{raw}"),
            format!("{raw}=x"),
            format!("# {raw}"),
            format!("export {raw}"),
            format!("B=\"{raw}\nstill quoted\""),
            "MILESTON_API_KEY = = x".to_owned(),
            "=".to_owned(),
            String::new(),
        ]),
        1 => "[ -~\t]{0,30}",
    ];
    (
        prop::collection::vec(line, 0..8),
        select(vec!["\n", "\r\n"]),
    )
        .prop_map(move |(lines, nl)| {
            let mut text = lines.join(nl);
            text.push_str(nl);
            (text, k.clone())
        })
}

proptest! {
    // Each case writes a file: fewer cases.
    #![proptest_config(config(400))]

    #[test]
    fn dotenv_never_echoes_a_key((text, k) in marked_key().prop_flat_map(dotenv_text)) {
        let dir = temp_crate();
        std::fs::write(dir.join(".env"), &text).unwrap();
        let mut sources = Sources::with_env(&dir, |_| None);
        for var in VARS {
            match sources.lookup(var) {
                Ok(_) => {}
                Err(message) => assert_no_piece_of(&message, &k.body)?,
            }
        }
        let sources = Sources::with_env(&dir, |_| None);
        let plan = resolve::plan_with(
            Request {
                front: Front::BuildScript,
                manifest_dir: &dir,
                settings: PartialSettings::default(),
                target: Target::Unknown,
                read_values: true,
            },
            sources,
        );
        // Business IDs are not secret and print as they are (a `$VAR`
        // substitution can make one out of a key's tail); keys never print.
        let secrets: Vec<_> = plan.values.iter().filter(|v| v.var.is_secret()).collect();
        let shown = format!("{secrets:?} {:?}", plan.watch);
        prop_assert!(!shown.contains(&k.body));
        for p in plan.problems {
            assert_no_piece_of(&p.message, &k.body)?;
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn dotenv_arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let dir = temp_crate();
        std::fs::write(dir.join(".env"), &bytes).unwrap();
        let mut sources = Sources::with_env(&dir, |_| None);
        for var in VARS {
            let _ = sources.lookup(var);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
