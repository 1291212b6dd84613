//! Whether a text may be a Mileston secret, and text with every such part
//! redacted: the one rule every message follows before it quotes user input
//! (attribute arguments, Cargo.toml entries, `.env` names, CLI flags and
//! clap's own errors); `crate::scrub` applies it, with the handle's own
//! secrets, before a server's words reach an error. When
//! unsure, it says "yes": a redacted name costs a reader little, a printed
//! key costs a rotation.
//!
//! Two ways a text may be a key:
//! - it looks like one ([`crate::key::looks_like_key`]): a `Mileston` prefix
//!   and a marker, in any letter case, with look-alike letters, invisible
//!   characters or hyphens, the mode known or not;
//! - it holds a run of 16 or more ASCII letters and digits with both upper-
//!   and lower-case letters: a key's body (random base-62) almost always does,
//!   while variable and setting names (`MILESTON_API_KEY`), hex IDs and words
//!   do not.

use std::borrow::Cow;

/// Whether a string looks like an attempt at a Mileston key, even a broken
/// or disguised one: `mileston`, a separator, then a mode marker (`TEST`,
/// `LIVE`, `PROD`, `CHECKOUTKEY`, or an unknown one followed by a body), in
/// any letter case, with look-alike letters (Cyrillic, Greek, fullwidth),
/// invisible characters or hyphens.
///
/// Used to refuse keys written where they do not belong (a literal in source,
/// a business ID) and, through [`crate::secret::may_be_secret`], before any
/// message quotes user input, so it errs on the side of "yes", while leaving
/// variable names such as `MILESTON_TEST_KEY` alone: a prefix written exactly
/// `MILESTON_` is a variable name's unless a run of 12 or more letters and
/// digits with a digit or a lower-case letter follows it.
///
/// Allocates nothing: business IDs are checked when handles are built.
pub fn looks_like_key(s: &str) -> bool {
    (0..s.len()).any(|at| key_at(s, at))
}

/// A character as the key rules read it: look-alikes as the ASCII letter they
/// imitate, `-` as `_`; `None` for characters that show nothing.
pub(crate) fn plain(c: char) -> Option<char> {
    Some(match c {
        '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' => return None,
        '-' => '_',
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        'А' | 'Α' => 'A',
        'В' | 'Β' => 'B',
        'Е' | 'Ε' => 'E',
        'Ζ' => 'Z',
        'Н' | 'Η' => 'H',
        'І' | 'Ι' => 'I',
        'Ј' => 'J',
        'К' | 'Κ' => 'K',
        'М' | 'Μ' => 'M',
        'Ν' => 'N',
        'О' | 'Ο' => 'O',
        'Р' | 'Ρ' => 'P',
        'Ѕ' => 'S',
        'С' => 'C',
        'Т' | 'Τ' => 'T',
        'Υ' => 'Y',
        'Х' | 'Χ' => 'X',
        'а' => 'a',
        'е' => 'e',
        'і' | 'ı' | 'ι' => 'i',
        'ј' => 'j',
        'ӏ' => 'l',
        'о' | 'ο' => 'o',
        'р' => 'p',
        'с' => 'c',
        'ѕ' => 's',
        'у' => 'y',
        'х' => 'x',
        'ν' => 'v',
        c => c,
    })
}

/// Whether a key-like text starts at byte `at` of `s`.
fn key_at(s: &str, at: usize) -> bool {
    let Some(from) = s.get(at..) else {
        return false;
    };
    let mut chars = from.chars().filter_map(plain);
    // `mileston` and a separator.
    for want in "mileston_".chars() {
        match chars.next() {
            Some(c) if c.eq_ignore_ascii_case(&want) => {}
            _ => return false,
        }
    }
    // The marker: the run of letters and digits after the separator.
    let rest = chars.clone();
    let marker = chars.clone().take_while(char::is_ascii_alphanumeric);
    let known = ["test", "live", "prod", "checkoutkey"].iter().any(|m| {
        let mut marker = marker.clone();
        m.chars()
            .all(|w| marker.next().is_some_and(|c| c.eq_ignore_ascii_case(&w)))
    });
    let marker_len = marker.clone().count();
    // An unknown mode counts when a body follows it (`Mileston_DEV_…`) or the
    // marker is one itself.
    let body_after = || {
        let mut after = rest.clone().skip(marker_len);
        after.next() == Some('_') && after.take_while(char::is_ascii_alphanumeric).count() >= 8
    };
    if marker_len == 0 || !(known || marker_len >= 12 || body_after()) {
        return false;
    }
    // A variable's name: written exactly `MILESTON_`, with no run that can be
    // a body after it.
    let written_as_name = from.starts_with("MILESTON_");
    let mut body_like = false;
    let mut run = (0usize, false);
    for c in rest {
        if c.is_ascii_alphanumeric() {
            run = (
                run.0 + 1,
                run.1 || c.is_ascii_digit() || c.is_ascii_lowercase(),
            );
            body_like |= run.0 >= 12 && run.1;
        } else {
            run = (0, false);
        }
    }
    !written_as_name || body_like
}

/// The shortest run that may be a key's body on its own.
pub const BODY_RUN: usize = 16;

/// What replaces a redacted part.
pub const REDACTED: &str = "<redacted>";

/// Whether `text` may be, or hold, a Mileston key.
pub fn may_be_secret(text: &str) -> bool {
    looks_like_key(text) || has_body_run(text)
}

/// Whether `text` holds a run that may be a key's body on its own.
fn has_body_run(text: &str) -> bool {
    text.as_bytes()
        .split(|b| !b.is_ascii_alphanumeric())
        .any(|run| {
            run.len() >= BODY_RUN
                && run.iter().any(u8::is_ascii_uppercase)
                && run.iter().any(u8::is_ascii_lowercase)
        })
}

/// The shortest piece of a known secret that is removed from a server's words
/// when it stands in one word (`crate::scrub`), and so the shortest opaque
/// secret accepted (`crate::opaque::MIN_LEN`).
pub const PIECE: usize = 8;

/// `text` with every word that may be a secret replaced by [`REDACTED`].
/// Words are split at whitespace and quotes (`'`, `"`, `` ` ``), which is
/// how messages quote values; the rest of the text is kept as is.
pub fn redact(text: &str) -> Cow<'_, str> {
    let is_separator = |c: char| c.is_whitespace() || matches!(c, '\'' | '"' | '`');
    if !text.split(is_separator).any(may_be_secret) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut word_start = 0;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        if i == text.len() || is_separator(c) {
            let word = text.get(word_start..i).unwrap_or_default();
            out.push_str(if may_be_secret(word) { REDACTED } else { word });
            if i < text.len() {
                out.push(c);
            }
            word_start = i + c.len_utf8();
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_and_names() {
        for secret in [
            "Mileston_TEST_FAKEfake0000000000a1",
            "Mileston_DEV_FAKEfake0000000000a1",
            "Mileston_SANDBOX_FAKEfake0000000000a1",
            "mileston-test-FAKEfake0000000000a1",
            "Mileston_TEST_CHECKOUTKEY_",
            "MILESTON_DEV_FAKEFAKE0000000000A1",
            // Cyrillic М and е, a zero-width space, fullwidth letters.
            "\u{41c}il\u{435}ston_TEST_FAKEfake0000000000a1",
            "Mile\u{200b}ston_TEST_FAKEfake0000000000a1",
            "\u{ff2d}\u{ff49}leston_TEST_FAKEfake0000000000a1",
            // A body alone.
            "FAKEfake0000000000a1",
            "x=FAKEfakeFAKEfake00",
        ] {
            assert!(may_be_secret(secret), "{secret:?}");
        }
        for name in [
            "MILESTON_API_KEY",
            "MILESTON_CHECKOUT_KEY",
            "MILESTON_BUSINESS_ID",
            "MILESTON_ALLOW_MISSING_KEYS",
            "MILESTON_DEV_KEY",
            "Mileston_api_key",
            "SHOP_CHECKOUT_KEY",
            "colour",
            "6650f1e2a3b4c5d6e7f80912",
            "biz_sandbox_0001",
            "",
        ] {
            assert!(!may_be_secret(name), "{name:?}");
        }
    }

    #[test]
    fn redaction_keeps_everything_else() {
        assert_eq!(
            redact(
                "error: invalid value 'Mileston_TEST_FAKEfake0000000000a1' for '--expect <MODE>'"
            ),
            "error: invalid value '<redacted>' for '--expect <MODE>'"
        );
        assert_eq!(
            redact("bad key mileston_test_FAKEfake0000000000a1\nand FAKEfake0000000000a1."),
            "bad key <redacted>\nand <redacted>"
        );
        assert!(matches!(
            redact("nothing here"),
            Cow::Borrowed("nothing here")
        ));
    }
}
