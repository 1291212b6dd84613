//! Property tests of the scanner's matcher (`KeyFinder`, `KEY_PATTERN`): it
//! never panics on any bytes, everything it reports is a valid key, and a key
//! between separators is always found whole. Every generated key is fake.

use mileston_config_cli::scan::{KEY_PATTERN, KeyFinder};
use mileston_config_core::key;
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

fn check_matches(hay: &[u8]) -> Result<Vec<std::ops::Range<usize>>, TestCaseError> {
    let finder = KeyFinder::new();
    let found: Vec<_> = finder.find_iter(hay).collect();
    let mut last_end = 0;
    for r in &found {
        prop_assert!(r.start >= last_end && r.end <= hay.len() && r.start < r.end);
        last_end = r.end;
        let s = std::str::from_utf8(&hay[r.clone()]).expect("matches are ASCII");
        prop_assert!(key::parse(s).is_ok(), "a match is not a valid key");
        prop_assert!(r.start == 0 || !hay[r.start - 1].is_ascii_alphanumeric());
        prop_assert!(r.end == hay.len() || !hay[r.end].is_ascii_alphanumeric());
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

    /// A key with a separator on each side is found exactly, whatever surrounds it.
    #[test]
    fn a_separated_key_is_found_whole(
        before in noise(),
        sep1 in select(vec![b' ', b'"', b'\'', b'=', b'\n', b'\0', b':', b'(', b'`']),
        k in valid_key(),
        sep2 in select(vec![b' ', b'"', b'\'', b';', b'\n', b'\0', b',', b')', b'`', b'-', b'_']),
        after in noise(),
    ) {
        let mut hay = before.clone();
        hay.push(sep1);
        let start = hay.len();
        hay.extend_from_slice(k.as_bytes());
        let end = hay.len();
        hay.push(sep2);
        hay.extend_from_slice(&after);
        let found = check_matches(&hay)?;
        prop_assert!(found.contains(&(start..end)), "the key was not found whole");
    }

    /// In binary mode (strings stored back to back) a key right after a letter
    /// or digit is found too, and every match is still a valid key.
    #[test]
    fn binary_mode_finds_packed_keys(
        before in "[A-Za-z0-9]{0,12}",
        k in valid_key(),
        after in select(vec![&b""[..], b"\0", b"_x", b" ", b"\xff"]),
        noise in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let mut hay = noise.clone();
        hay.push(0);
        hay.extend_from_slice(before.as_bytes());
        let start = hay.len();
        hay.extend_from_slice(k.as_bytes());
        let end = hay.len();
        hay.extend_from_slice(after);
        let found: Vec<_> = KeyFinder::new().find_iter_in(&hay, true).collect();
        let mut last_end = 0;
        for r in &found {
            prop_assert!(r.start >= last_end && r.end <= hay.len());
            last_end = r.end;
            let s = std::str::from_utf8(&hay[r.clone()]).unwrap();
            prop_assert!(key::parse(s).is_ok());
        }
        prop_assert!(found.contains(&(start..end)), "the packed key was not found whole");
    }

    /// The pattern agrees with the key rules: a string that is exactly one
    /// match is a valid key, and a valid key is exactly one match.
    #[test]
    fn pattern_agrees_with_the_rules(k in valid_key(), s in "Mileston_[A-Z_]{0,20}[A-Za-z0-9]{0,20}") {
        static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(&format!("^(?:{KEY_PATTERN})$")).unwrap()
        });
        let re = &*RE;
        prop_assert!(re.is_match(&k));
        prop_assert_eq!(re.is_match(&s), key::parse(&s).is_ok(), "{:?}", s);
    }
}
