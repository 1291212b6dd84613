//! Property tests of the scanner's matcher (`KeyFinder`, `KEY_PATTERN`): it
//! never panics on any bytes, everything it reports is a valid key, and a key
//! is found whole whatever precedes it (escapes, percent-encoding, packed
//! strings, another key) and whatever non-alphanumeric byte follows it; in
//! UTF-16 text as well; and written with escapes of its own characters
//! (`Searcher`). Secrets with no format are found by the names they are
//! assigned to (`Names`), whatever the syntax of the assignment. Every
//! generated key and secret is fake.

use mileston_config_cli::scan::{
    KEY_PATTERN, KeyFinder, Names, Searcher, Utf16, decode_utf16, key_text, kind,
};
use mileston_config_core::key;
use mileston_config_core::opaque;
use mileston_config_core::resolve::slots::{self, Rule};
use proptest::prelude::*;
use proptest::sample::select;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn valid_key() -> impl Strategy<Value = String> {
    (
        select(vec!["TEST", "LIVE", "PROD"]),
        any::<bool>(),
        "FAKE[A-Za-z0-9]{12,60}",
    )
        .prop_map(|(mode, checkout, body)| {
            format!(
                "Mileston_{mode}_{}{body}",
                if checkout { "CHECKOUTKEY_" } else { "" }
            )
        })
}

/// A valid key as written in a file: plain, or with some `_` percent-encoded.
fn written_key() -> impl Strategy<Value = (String, String)> {
    (
        valid_key(),
        prop::collection::vec(select(vec!["_", "%5F", "%5f"]), 3),
    )
        .prop_map(|(key, seps)| {
            let mut seps = seps.into_iter();
            let written = key
                .split_inclusive('_')
                .map(|part| match part.strip_suffix('_') {
                    Some(p) => format!("{p}{}", seps.next().unwrap()),
                    None => part.to_owned(),
                })
                .collect();
            (key, written)
        })
}

/// What precedes keys in files: escapes in JSON, YAML, TOML, shell, C and
/// JavaScript strings, percent-encoding in URLs and form bodies,
/// quoted-printable, separators, and the end of another string packed
/// against the key (letters, digits, another key).
fn before_key() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        select(vec![
            "\\n",
            "\\t",
            "\\r",
            "\\\\",
            "\\\"",
            "\\'",
            "\\0",
            "\\u0022",
            "\\u000A",
            "\\u003d",
            "\\x22",
            "\\x3D",
            "\\042",
            "\\u{22}",
            "\\U0000000A",
            "%0A",
            "%0d%0a",
            "%3D",
            "%22",
            "%2C",
            "%20",
            "%26key%3D",
            "=3D",
            "&#34;",
            "&quot;",
            "+",
            "=",
            ":",
            " ",
            "\"",
            "'",
            "`",
            "\n",
            "\t",
            "(",
            "[",
            ",",
            ";",
            "\0",
            "\u{feff}",
            "/",
            "?key=",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
        "%[0-9A-Fa-f]{2}".prop_map(String::into_bytes),
        "\\\\[a-z]".prop_map(String::into_bytes),
        "[A-Za-z0-9]{1,12}".prop_map(String::into_bytes),
        valid_key().prop_map(String::into_bytes),
        any::<u8>().prop_map(|b| vec![b]),
    ]
}

/// What follows keys in files: anything but a letter or digit (which the
/// body would take), escapes, another key right away.
fn after_key() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        select(vec![
            "", "\\n", "\\u0022", "\\x22", "%26", "%0A", "%22", "&", "\"", "'", ";", ",", "\n",
            "\r\n", "\0", " ", "-", "_", ".", "}", "\u{a0}",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
        valid_key().prop_map(String::into_bytes),
        any::<u8>()
            .prop_filter("not a letter or digit", |b| !b.is_ascii_alphanumeric())
            .prop_map(|b| vec![b]),
    ]
}

/// Bytes around keys: anything, and bytes often found next to them.
fn noise() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..64),
        "[ -~\n\t]{0,40}".prop_map(String::into_bytes),
        select(vec![
            b"Mileston_".to_vec(),
            b"Mileston_TEST_".to_vec(),
            b"Mileston_TEST_CHECKOUTKEY_".to_vec(),
            b"MILESTON_TEST_".to_vec(),
            b"\0\0".to_vec(),
            "\u{feff}".as_bytes().to_vec(),
        ]),
    ]
}

/// [`KEY_PATTERN`] anchored at the start.
fn key_at_start() -> &'static regex::bytes::Regex {
    static RE: std::sync::LazyLock<regex::bytes::Regex> = std::sync::LazyLock::new(|| {
        regex::bytes::Regex::new(&format!("^(?:{KEY_PATTERN})")).unwrap()
    });
    &RE
}

/// One finder for all cases: building one compiles its regexes.
fn finder() -> &'static KeyFinder {
    static FINDER: std::sync::LazyLock<KeyFinder> = std::sync::LazyLock::new(KeyFinder::new);
    &FINDER
}

/// One searcher for all cases.
fn searcher() -> &'static Searcher {
    static SEARCHER: std::sync::LazyLock<Searcher> = std::sync::LazyLock::new(Searcher::new);
    &SEARCHER
}

/// `c` written as escape number `style` (0: as itself), in one of the
/// families the scanner decodes.
fn escape_char(c: u8, style: u8) -> String {
    match style {
        1 => format!("\\u{c:04x}"),
        2 => format!("\\u{{{c:X}}}"),
        3 => format!("\\U{c:08x}"),
        4 => format!("\\x{c:02X}"),
        5 => format!("&#{c};"),
        6 => format!("&#x{c:x};"),
        7 => format!("%{c:02x}"),
        8 if c == b'_' => "&lowbar;".to_owned(),
        _ => (c as char).to_string(),
    }
}

/// Bytes with escapes in them, of key characters and others.
fn escapes_and_noise() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            noise(),
            (any::<u8>(), 1u8..9).prop_map(|(c, style)| escape_char(c, style).into_bytes()),
            select(vec![
                "\\u00", "&#", "%5F", "%", "\\", "&lowbar;", "Mileston"
            ])
            .prop_map(|s| s.as_bytes().to_vec()),
            valid_key().prop_map(String::into_bytes),
        ],
        0..12,
    )
    .prop_map(|parts| parts.concat())
}

/// `written` between what precedes and follows it, and where it is.
fn around(
    noise_before: Vec<u8>,
    before: &[u8],
    written: &str,
    after: &[u8],
    noise_after: &[u8],
) -> (Vec<u8>, usize, usize) {
    let mut hay = noise_before;
    hay.extend_from_slice(before);
    let start = hay.len();
    hay.extend_from_slice(written.as_bytes());
    let end = hay.len();
    hay.extend_from_slice(after);
    if !after.is_empty() {
        // (After nothing, the key ends the haystack: a letter would lengthen it.)
        hay.extend_from_slice(noise_after);
    }
    (hay, start, end)
}

fn check_matches(hay: &[u8]) -> Result<Vec<std::ops::Range<usize>>, TestCaseError> {
    let finder = finder();
    let found: Vec<_> = finder.find_iter(hay).collect();
    let mut last_end = 0;
    for r in &found {
        prop_assert!(r.start >= last_end && r.end <= hay.len() && r.start < r.end);
        last_end = r.end;
        let (text, _) = key_text(&hay[r.clone()]);
        prop_assert!(key::parse(&text).is_ok(), "a match is not a valid key");
        // The body is greedy: a key ends at a byte that is not a letter or
        // digit, or where a packed key's pattern starts (which may be too
        // short to report once split in turn).
        prop_assert!(
            r.end == hay.len()
                || !hay[r.end].is_ascii_alphanumeric()
                || key_at_start().is_match(&hay[r.end..])
        );
    }
    Ok(found)
}

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn never_panics_and_only_reports_valid_keys(hay in prop::collection::vec(any::<u8>(), 0..512)) {
        check_matches(&hay)?;
    }

    #[test]
    fn keys_among_noise(parts in prop::collection::vec((noise(), valid_key()), 0..6), tail in noise()) {
        let mut hay = Vec::new();
        for (n, k) in &parts {
            hay.extend_from_slice(n);
            hay.extend_from_slice(k.as_bytes());
        }
        hay.extend_from_slice(&tail);
        check_matches(&hay)?;
    }

    /// A key is found whole, as the key it spells, whatever precedes it and
    /// whatever non-alphanumeric byte (or next key) follows it.
    #[test]
    fn a_key_is_found_whole_wherever_it_sits(
        noise_before in noise(),
        before in before_key(),
        (key, written) in written_key(),
        after in after_key(),
        noise_after in noise(),
    ) {
        let (hay, start, end) = around(noise_before, &before, &written, &after, &noise_after);
        let found = check_matches(&hay)?;
        prop_assert!(found.contains(&(start..end)), "the key was not found whole");
        let (text, percent) = key_text(&hay[start..end]);
        prop_assert_eq!(&*text, key.as_str());
        prop_assert_eq!(percent, written.contains('%'));
    }

    /// Keys packed back to back (strings in a binary's data) are found apart,
    /// each with its own kind: a normal key behind a checkout key is not
    /// taken for part of the checkout key's body.
    #[test]
    fn packed_keys_are_found_apart(keys in prop::collection::vec(valid_key(), 1..5), sep in "[A-Za-z0-9]{0,3}") {
        let hay = keys.join(&sep);
        let found: Vec<String> = finder().find_strs(&hay).map(str::to_owned).collect();
        if sep.is_empty() {
            prop_assert_eq!(found, keys);
        } else {
            // Each key but the last takes the letters after it.
            prop_assert_eq!(found.len(), keys.len());
            for (f, k) in found.iter().zip(&keys) {
                prop_assert!(f.starts_with(k.as_str()));
                prop_assert_eq!(key::parse(f).unwrap().kind, key::parse(k).unwrap().kind);
            }
        }
    }

    /// The pattern agrees with the key rules: a string that is exactly one
    /// match spells a valid key, and a valid key (separators encoded or not)
    /// is exactly one match.
    #[test]
    fn pattern_agrees_with_the_rules(
        (_, k) in written_key(),
        s in "Mileston(_|%5F)[A-Z_]{0,20}(%5F)?[A-Za-z0-9]{0,20}",
    ) {
        static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(&format!("^(?:{KEY_PATTERN})$")).unwrap()
        });
        let re = &*RE;
        prop_assert!(re.is_match(&k));
        let spelt = key_text(s.as_bytes()).0;
        prop_assert_eq!(re.is_match(&s), key::parse(&spelt).is_ok(), "{:?}", s);
    }

    /// Reading a file's kind and decoding UTF-16 never panic, whatever the
    /// name and bytes.
    #[test]
    fn kind_and_decoding_never_panic(
        name in select(vec!["x", ".env", "a.wasm", "a.json", "README", "libx.so.3"]),
        head in prop::collection::vec(any::<u8>(), 0..256),
    ) {
        let k = kind(std::path::Path::new(name), &head);
        prop_assert!(!(k.binary && k.utf16.is_some()));
        decode_utf16(&head, Utf16::Le);
        decode_utf16(&head, Utf16::Be);
    }

    /// A key in UTF-16 text (any text around it, a byte-order mark, either
    /// order) is found in the decoded text, on its line.
    #[test]
    fn a_key_in_utf16_text_is_found(
        before in "[^\\x00]{0,40}",
        (key, written) in written_key(),
        after in select(vec!["", "\n", "\r\n", "\"", " # x", "\u{e9}"]),
        big_endian in any::<bool>(),
        name in select(vec![".env", "settings.json", "keys"]),
    ) {
        let text = format!("\u{feff}{before}\n{written}{after}");
        let (order, bytes): (Utf16, Vec<u8>) = if big_endian {
            (Utf16::Be, text.encode_utf16().flat_map(u16::to_be_bytes).collect())
        } else {
            (Utf16::Le, text.encode_utf16().flat_map(u16::to_le_bytes).collect())
        };
        let k = kind(std::path::Path::new(name), &bytes[..bytes.len().min(8192)]);
        prop_assert_eq!(k.utf16, Some(order));
        prop_assert!(!k.binary);
        let decoded = decode_utf16(&bytes, order);
        let found: Vec<_> = finder().find_iter(decoded.as_bytes()).collect();
        let at = decoded.rfind(written.as_str()).unwrap();
        prop_assert!(found.contains(&(at..at + written.len())), "the key was not found whole");
        prop_assert_eq!(&*key_text(&decoded.as_bytes()[at..at + written.len()]).0, key.as_str());
        let line = decoded[..at].matches('\n').count();
        prop_assert_eq!(line, before.matches('\n').count() + 1);
    }

    /// Candidates packed back to back, some too short once split (found by
    /// the fuzzer): every match is still a valid key ending where it should.
    #[test]
    fn packed_candidates_too_short_once_split(
        parts in prop::collection::vec(
            (
                select(vec!["Mileston_", "Mileston%5f", "Mileston%5F"]),
                select(vec!["TEST", "LIVE", "PROD"]),
                select(vec!["_", "%5f", ""]),
                select(vec!["", "CHECKOUTKEY_", "CHECKOUTKEY%5f", "CHECKOUTKEY"]),
                "[A-Za-z0-9]{0,24}",
            ),
            1..6,
        ),
        tail in "[ -~]{0,8}",
    ) {
        let mut hay = String::new();
        for (prefix, mode, sep, marker, body) in &parts {
            hay.push_str(&format!("{prefix}{mode}{sep}{marker}{body}"));
        }
        hay.push_str(&tail);
        check_matches(hay.as_bytes())?;
    }

    /// Whatever the bytes, escapes among them or not, the searcher only
    /// reports valid keys, in order and in bounds, each at least as long as
    /// written as the key it spells.
    #[test]
    fn the_searcher_only_reports_valid_keys(hay in escapes_and_noise()) {
        let hits = searcher().find(&hay);
        let mut last = 0;
        for h in &hits {
            prop_assert!(h.at.start >= last && h.at.start < h.at.end && h.at.end <= hay.len());
            last = h.at.end;
            prop_assert!(key::parse(&h.text).is_ok(), "{:?}", h.text);
            prop_assert!(h.at.len() >= h.text.len());
        }
    }

    /// A key with any of its characters escaped, in any family the scanner
    /// decodes (mixed within one key), is found whole as the key it spells,
    /// at the bytes it is written in, whatever precedes and follows it.
    #[test]
    fn a_key_spelt_with_escapes_is_found_whole(
        noise_before in noise(),
        before in before_key(),
        key in valid_key(),
        styles in prop::collection::vec(0u8..9, 100),
        after in after_key(),
        noise_after in noise(),
    ) {
        let written: String = key
            .bytes()
            .zip(&styles)
            .map(|(c, &style)| escape_char(c, style))
            .collect();
        let (hay, start, end) = around(noise_before, &before, &written, &after, &noise_after);
        let hits = searcher().find(&hay);
        prop_assert!(
            hits.iter().any(|h| h.at == (start..end) && h.text == key),
            "{:?} not found whole in {:?}: {:?}",
            key,
            String::from_utf8_lossy(&hay),
            hits
        );
    }

    /// Whatever the bytes, a secret found by its name is in bounds, in
    /// order, and something an opaque secret can be.
    #[test]
    fn names_only_report_possible_secrets(
        parts in prop::collection::vec(
            prop_oneof![
                noise(),
                select(vec![
                    "MILESTON_SECRET_KEY", "MILESTON_WEBHOOK_TOKEN", "=", ": ", "\"", "'", ",",
                    "\n", " value: ", "ENV ", "${", "{ value = ",
                ])
                .prop_map(|s| s.as_bytes().to_vec()),
            ],
            0..16,
        ),
    ) {
        let hay = parts.concat();
        let mut last = 0;
        for found in names().find(&hay) {
            prop_assert!(found.at.start >= last && found.at.end <= hay.len());
            last = found.at.end;
            let value = std::str::from_utf8(&hay[found.at.clone()]).unwrap();
            prop_assert!(opaque::check(value).is_ok(), "{:?}", value);
        }
    }

    /// A secret assigned to its variable is found, at its value, whatever
    /// the assignment's syntax (env file, shell, YAML, JSON, TOML, cargo's
    /// `[env]`, Rust, Kubernetes, Dockerfile) and whatever the lines around.
    #[test]
    fn a_secret_assigned_to_its_name_is_found(
        before in "[ -~\n]{0,40}",
        form in select(vec![
            "{N}={V}", "export {N}=\"{V}\"", "{N}: {V}", "{N}: '{V}'  # c", "\"{N}\": \"{V}\",",
            "{N} = \"{V}\"", "  - {N}={V}", "{N} = { value = \"{V}\" }",
            "set_var(\"{N}\", \"{V}\");", "- name: {N}\n  value: {V}", "ENV {N} {V}",
            "VITE_{N}={V}", "$env:{N} = '{V}'", "const {N}: &str = \"{V}\";",
        ]),
        row in select(
            slots::VARS.iter().filter(|v| v.rule == Rule::Opaque).collect::<Vec<_>>()
        ),
        value in "FAKE[0-9a-fA-F_+/=-]{4,40}",
        after in select(vec!["", "\n", "\r\n", "\nNEXT=1\n"]),
    ) {
        let line = form.replace("{N}", row.default_var).replace("{V}", &value);
        let hay = format!("{before}\n{line}{after}");
        let at = hay.rfind(value.as_str()).unwrap();
        let found = names().find(hay.as_bytes());
        prop_assert!(
            found.iter().any(|f| f.at == (at..at + value.len())
                && f.var.slot == row.slot
                && f.name == row.default_var),
            "{:?}: {:?}",
            hay,
            found
        );
    }
}

/// The names of the table alone.
fn names() -> &'static Names {
    static NAMES: std::sync::LazyLock<Names> = std::sync::LazyLock::new(Names::default);
    &NAMES
}
