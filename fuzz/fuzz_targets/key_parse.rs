//! `key::parse`, `looks_like_key`, `business::check` and redaction on any
//! string: no panic, and no message repeats a run of the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mileston_config_core::{business, key};

/// Runs of 12+ ASCII letters and digits: the messages' own text (`Display`) has none, so
/// one found in a message was copied from the input.
fn assert_not_echoed(message: &str, input: &str) {
    for run in input
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|r| r.len() >= 12)
    {
        assert!(!message.contains(run), "message repeats the input");
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    match key::parse(s) {
        Ok(shape) => {
            assert!(key::looks_like_key(s));
            let mut red = String::new();
            key::write_redacted(&mut red, s, &shape).unwrap();
            let body = &s[shape.body_start..];
            assert!(!red.contains(body));
        }
        Err(e) => {
            // Display only: `Debug` spells variant names such as
            // `ControlCharacter`, runs the input may contain too.
            assert_not_echoed(&e.to_string(), s);
        }
    }
    if let Err(e) = business::check(s) {
        assert_not_echoed(&e.to_string(), s);
    }
});
