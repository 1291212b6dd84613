//! The key pattern and the matcher: where keys are in a file's bytes.

use std::ops::Range;

use regex::bytes::Regex;

/// The pattern of a Mileston key, normal or checkout, as the scanner (and the
/// shipped gitleaks and GitHub rules) match it. The body is greedy, so a match
/// always ends at a character that is not an ASCII letter or digit; in text
/// files the scanner additionally refuses a match preceded by an ASCII letter
/// or digit (not in binary files: see [`KeyFinder::find_iter_in`]).
pub const KEY_PATTERN: &str = r"Mileston_(?:TEST|LIVE|PROD)_(?:CHECKOUTKEY_)?[A-Za-z0-9]{16,}";

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

#[cfg(test)]
mod tests {
    use super::*;

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
