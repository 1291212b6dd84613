//! The scanner's matcher and searcher on any bytes: no panic, matches in
//! order and in bounds, each spelling a valid key, each ending where the body
//! does (at a byte that is not a letter or digit) or where a packed key's
//! `Mileston` starts (which may itself be too short to report); the searcher,
//! which also decodes escapes of key characters, likewise, each hit at least
//! as long as written as the key it spells.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mileston_config_cli::scan::{KeyFinder, Searcher, key_text};
use mileston_config_core::key;

fuzz_target!(|data: &[u8]| {
    thread_local! {
        static FINDER: KeyFinder = KeyFinder::new();
        static SEARCHER: Searcher = Searcher::new();
    }
    FINDER.with(|f| {
        let mut last = 0;
        for r in f.find_iter(data) {
            assert!(r.start >= last && r.start < r.end && r.end <= data.len());
            last = r.end;
            assert!(key::parse(&key_text(&data[r.clone()]).0).is_ok());
            assert!(
                r.end == data.len()
                    || !data[r.end].is_ascii_alphanumeric()
                    || [&b"Mileston_"[..], b"Mileston%5F", b"Mileston%5f"]
                        .iter()
                        .any(|p| data[r.end..].starts_with(p))
            );
        }
    });
    SEARCHER.with(|s| {
        let mut last = 0;
        for hit in s.find(data) {
            assert!(hit.at.start >= last && hit.at.start < hit.at.end && hit.at.end <= data.len());
            last = hit.at.end;
            assert!(key::parse(&hit.text).is_ok());
            assert!(hit.at.len() >= hit.text.len());
        }
    });
});
