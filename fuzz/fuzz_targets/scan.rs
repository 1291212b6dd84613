//! The scanner's matcher on any bytes, in text and binary mode: no panic,
//! matches in order, each a valid key, word-bounded (text mode: both sides).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mileston_config_cli::scan::KeyFinder;
use mileston_config_core::key;

fuzz_target!(|data: &[u8]| {
    thread_local! {
        static FINDER: KeyFinder = KeyFinder::new();
    }
    FINDER.with(|f| {
        let mut last = 0;
        for r in f.find_iter(data) {
            assert!(r.start >= last && r.end <= data.len());
            last = r.end;
            let s = std::str::from_utf8(&data[r.clone()]).unwrap();
            assert!(key::parse(s).is_ok());
            assert!(r.start == 0 || !data[r.start - 1].is_ascii_alphanumeric());
            assert!(r.end == data.len() || !data[r.end].is_ascii_alphanumeric());
        }
        // Binary mode: matches may follow a letter or digit.
        let mut last = 0;
        for r in f.find_iter_in(data, true) {
            assert!(r.start >= last && r.end <= data.len());
            last = r.end;
            let s = std::str::from_utf8(&data[r.clone()]).unwrap();
            assert!(key::parse(s).is_ok());
            assert!(r.end == data.len() || !data[r.end].is_ascii_alphanumeric());
        }
    });
});
