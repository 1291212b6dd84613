//! The key pattern and the matcher: where keys are in a file's bytes.

use std::borrow::Cow;
use std::ops::Range;

use regex::bytes::Regex;

/// The pattern of a Mileston key, normal or checkout, as the scanner (and the
/// shipped gitleaks and GitHub rules) match it.
///
/// A match starts wherever `Mileston` does, whatever precedes it: the escapes
/// found before keys in files end in a letter or digit (`\n`, `\t`, `\u0022`,
/// `\x22`, `%0A`, `%3D`, quoted-printable `=3D`), and strings stored back to
/// back in binaries and minified bundles put the end of one string right
/// before the key. What precedes a match cannot make a key out of something
/// that is not one: the case-sensitive prefix, mode and 16-character body
/// are a whole key by themselves.
/// The body is greedy, so a match ends at the first byte that is not an ASCII
/// letter or digit (`\`, `%`, `&`, a quote, …).
///
/// The `_` separators may be percent-encoded (`%5F`): the body never needs
/// encoding, the separators are the only characters an encoder may change.
pub const KEY_PATTERN: &str = r"Mileston(?:_|%5[Ff])(?:TEST|LIVE|PROD)(?:_|%5[Ff])(?:CHECKOUTKEY(?:_|%5[Ff]))?[A-Za-z0-9]{16,}";

/// What every key starts with, so where a match may start.
pub(super) const KEY_START: &str = "Mileston";

/// Finds keys in bytes.
#[derive(Clone, Debug)]
pub struct KeyFinder {
    /// [`KEY_START`], found by the regex's literal search.
    start: Regex,
    /// [`KEY_PATTERN`] anchored at the start of the haystack.
    at_start: Regex,
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
            start: Regex::new(KEY_START).expect("a literal"),
            at_start: Regex::new(&format!("^(?:{KEY_PATTERN})")).expect("a valid regex"),
        }
    }

    /// The byte ranges of the keys in `hay`, in order: the leftmost, greedy,
    /// non-overlapping matches of [`KEY_PATTERN`], except that a key packed
    /// right before another one ends where the next one starts. [`key_text`]
    /// gives each one as the key it spells.
    pub fn find_iter<'h>(&'h self, hay: &'h [u8]) -> impl Iterator<Item = Range<usize>> + 'h {
        let mut at = 0;
        std::iter::from_fn(move || {
            loop {
                let start = self.start.find_at(hay, at)?.start();
                match self.key_at(hay, start) {
                    Some(key) => {
                        at = key.end;
                        return Some(key);
                    }
                    None => at = start + 1,
                }
            }
        })
    }

    /// The key that starts at `start` in `hay`, if one does: the greedy
    /// match of [`KEY_PATTERN`] there, except that a key packed right before
    /// another one ends where the next one starts.
    pub fn key_at(&self, hay: &[u8], start: usize) -> Option<Range<usize>> {
        const NEXT: &[u8] = KEY_START.as_bytes();
        let mut end = start + self.at_start.find(&hay[start..])?.end();
        // Strings stored back to back (a binary's data, a minified bundle)
        // can put a key right after another: the greedy body then takes the
        // next key's `Mileston` (and stops at its `_`), which would hide a
        // normal key behind a checkout key. Give it back.
        if hay[..end].ends_with(NEXT) && self.at_start.is_match(&hay[end - NEXT.len()..]) {
            end -= NEXT.len();
            // What is left before the next key may be too short (the body
            // runs to `end` if it is long enough).
            if !self.at_start.is_match(&hay[start..end]) {
                return None;
            }
        }
        Some(start..end)
    }

    /// The keys in `s`, as matched (for tests and tools).
    pub fn find_strs<'h>(&'h self, s: &'h str) -> impl Iterator<Item = &'h str> + 'h {
        self.find_iter(s.as_bytes()).map(move |r| &s[r])
    }
}

/// The key a match spells, with percent-encoded separators decoded, and
/// whether any were encoded. `matched` is a match of [`KEY_PATTERN`].
pub fn key_text(matched: &[u8]) -> (Cow<'_, str>, bool) {
    let s = std::str::from_utf8(matched).expect("the pattern is ASCII");
    if s.contains('%') {
        (Cow::Owned(s.replace("%5F", "_").replace("%5f", "_")), true)
    } else {
        (Cow::Borrowed(s), false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_or_digit_before_a_key_does_not_hide_it() {
        let f = KeyFinder::new();
        // As after a JSON `\n` escape, and as two strings packed back to back
        // in a native binary's read-only data or a minified bundle.
        let hay = b"\\nMileston_TEST_FAKEfake0000000000a1\0biz_shop01Mileston_TEST_CHECKOUTKEY_FAKEfake00000000b2\0";
        let found: Vec<&[u8]> = f.find_iter(hay).map(|r| &hay[r]).collect();
        assert_eq!(
            found,
            [
                &b"Mileston_TEST_FAKEfake0000000000a1"[..],
                &b"Mileston_TEST_CHECKOUTKEY_FAKEfake00000000b2"[..],
            ]
        );
    }

    #[test]
    fn keys_packed_back_to_back_are_found_apart() {
        let f = KeyFinder::new();
        let found: Vec<&str> = f
            .find_strs(
                "Mileston_TEST_CHECKOUTKEY_FAKEfake00000000b2Mileston_TEST_FAKEfake0000000000a1\
                 Mileston%5FLIVE%5FFAKEfake0000000000c3 Mileston_TEST_FAKEshortMileston_TEST_FAKEfake0000000000a4",
            )
            .collect();
        assert_eq!(
            found,
            [
                "Mileston_TEST_CHECKOUTKEY_FAKEfake00000000b2",
                "Mileston_TEST_FAKEfake0000000000a1",
                "Mileston%5FLIVE%5FFAKEfake0000000000c3",
                "Mileston_TEST_FAKEfake0000000000a4",
            ]
        );
    }

    #[test]
    fn the_body_ends_at_an_escape() {
        let f = KeyFinder::new();
        let hay = "Mileston_TEST_FAKEfake0000000000a1%26x Mileston_TEST_FAKEfake0000000000a2\\n";
        let found: Vec<&str> = f.find_strs(hay).collect();
        assert_eq!(
            found,
            [
                "Mileston_TEST_FAKEfake0000000000a1",
                "Mileston_TEST_FAKEfake0000000000a2"
            ]
        );
    }

    #[test]
    fn percent_encoded_separators_are_decoded() {
        let f = KeyFinder::new();
        let hay = b"k=Mileston%5FTEST%5fCHECKOUTKEY%5FFAKEfake00000000b2&";
        let r = f.find_iter(hay).next().unwrap();
        assert_eq!(
            key_text(&hay[r]),
            (
                Cow::Borrowed("Mileston_TEST_CHECKOUTKEY_FAKEfake00000000b2"),
                true
            )
        );
        assert_eq!(
            key_text(b"Mileston_TEST_FAKEfake0000000000a1"),
            (Cow::Borrowed("Mileston_TEST_FAKEfake0000000000a1"), false)
        );
    }
}
