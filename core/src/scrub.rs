//! A server's words made safe to keep in an error: the handle's own
//! secrets, in the forms a server may write them, and any key-shaped text
//! taken out. What the client, the sandbox's outbox and the CLI's `webhook
//! send` apply to what a server says (feature `wire`: the attribute, which
//! quotes no server, does not compile it).

use crate::key;
use crate::secret::{PIECE, REDACTED, looks_like_key, plain};

/// A server's words made safe to keep in an error, and nothing more taken
/// out: the handle's own `secrets` (of a key, its body: the prefix is no
/// secret) in any form a server may write them, and any key-shaped text.
/// Addresses, hashes and member names stay.
///
/// A secret is found as written, in any letter case, with separators put
/// into it (a secret sent back in pieces), through percent-encoding, HTML
/// character references and JSON's `\u` (and `\x`) escapes, and as
/// hexadecimal. Every piece of [`PIECE`] or more of its letters and digits
/// (`SPLIT_PIECE`, 12, when the piece runs over a separator) is replaced by
/// [`REDACTED`]; so is every word that is a Mileston key with at least one
/// character of body (`holds_key`), so a server quoting another key
/// leaks it neither. Base64 and other encodings are not looked for.
pub fn scrub(text: &str, secrets: &[&str]) -> String {
    let view = Decoded::of(text);
    let mut spans: Vec<(usize, usize)> = Vec::new();
    // Each secret's forms, as the letters and digits they are made of.
    let mut forms: Vec<Vec<u8>> = Vec::new();
    for secret in secrets {
        let secret = match key::parse(secret) {
            Ok(shape) => secret.get(shape.body_start..).unwrap_or(secret),
            Err(_) => secret,
        };
        // Loops that push, not `collect`s: each collect of another iterator
        // type is its own copy of `Vec`'s filling code in the checkout page.
        let mut plain: Vec<u8> = Vec::with_capacity(secret.len());
        let mut hex: Vec<u8> = Vec::with_capacity(2 * secret.len());
        for c in secret.chars() {
            if c.is_ascii_alphanumeric() {
                plain.push(c.to_ascii_lowercase() as u8);
            }
        }
        for b in secret.bytes() {
            hex.push(HEX[usize::from(b >> 4)]);
            hex.push(HEX[usize::from(b & 15)]);
        }
        forms.push(plain);
        forms.push(hex);
    }
    let letters = skeleton(&view.chars);
    for form in &forms {
        let mut i = 0;
        while i < letters.len() {
            let mut n = longest_piece_at(&letters[i..], form);
            let whole = n == form.len();
            let first = letters[i].1;
            let split = |n: usize| letters[i + n - 1].1 - first + 1 > n;
            // Over a separator and too short to count there: its part in
            // the first word may still be a piece.
            if n >= PIECE && split(n) && n < SPLIT_PIECE && !whole {
                n = (0..n).take_while(|k| letters[i + k].1 == first + k).count();
            }
            if n >= PIECE {
                insert_sorted(&mut spans, view.span(first, letters[i + n - 1].1));
                i += n;
                continue;
            }
            i += 1;
        }
    }
    // Words that are keys, in the decoded text.
    // `matches!`, not `str::contains`: for a char that may be multi-byte,
    // that links a substring searcher into the checkout page.
    let is_separator = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '\'' | '"' | '`' | ',' | ';' | '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>'
            )
    };
    let mut start = 0;
    for end in 0..=view.chars.len() {
        if view.chars.get(end).is_some_and(|(c, _)| !is_separator(*c)) {
            continue;
        }
        if end > start {
            let mut word = String::with_capacity(end - start);
            for (c, _) in view.chars.get(start..end).unwrap_or_default() {
                word.push(*c);
            }
            if holds_key(&word) {
                insert_sorted(&mut spans, view.span(start, end - 1));
            }
        }
        start = end + 1;
    }
    replace_spans(text, spans)
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A piece of a known secret that runs over separators (a secret written in
/// chunks, or over the items of a list) counts from this many characters, or
/// when it is the whole secret; within one word, from [`PIECE`].
const SPLIT_PIECE: usize = 12;

/// Whether `word` is a Mileston key with at least one character of body, in
/// any spelling [`looks_like_key`] knows: `Mileston_TEST_FAKEfa` (a key cut
/// short) is one; `Mileston_TEST_CHECKOUTKEY_` (a prefix named in a
/// message) is not.
fn holds_key(word: &str) -> bool {
    looks_like_key(word) && (0..word.len()).any(|at| body_follows(word, at))
}

/// Whether a key's prefix starts at byte `at` of `s` and a body follows it.
fn body_follows(s: &str, at: usize) -> bool {
    let Some(from) = s.get(at..) else {
        return false;
    };
    let mut letters = String::with_capacity(from.len());
    for c in from.chars() {
        if let Some(c) = plain(c) {
            letters.push(c.to_ascii_lowercase());
        }
    }
    let Some(rest) = letters.strip_prefix("mileston_") else {
        return false;
    };
    let mut segments = crate::ascii::split(rest, b'_');
    let _mode = segments.next();
    let mut next = segments.next();
    if next == Some("checkoutkey") {
        next = segments.next();
    }
    next.is_some_and(|body| body.starts_with(|c: char| c.is_ascii_alphanumeric()))
}

/// The ASCII letters (lower-cased) and digits of `chars`, each with its
/// index among `chars`.
fn skeleton(chars: &[(char, core::ops::Range<usize>)]) -> Vec<(u8, usize)> {
    let mut out = Vec::with_capacity(chars.len());
    for (i, (c, _)) in chars.iter().enumerate() {
        if c.is_ascii_alphanumeric() {
            out.push((c.to_ascii_lowercase() as u8, i));
        }
    }
    out
}

/// The longest run at the start of `letters` that stands somewhere in
/// `form`.
fn longest_piece_at(letters: &[(u8, usize)], form: &[u8]) -> usize {
    (0..form.len())
        .map(|j| {
            letters
                .iter()
                .zip(&form[j..])
                .take_while(|((a, _), b)| a == *b)
                .count()
        })
        .max()
        .unwrap_or(0)
}

/// Adds `span` to `spans`, kept in order: a text holds a few spans, and
/// std's sort would add about 4 KB to the checkout page (BENCHMARKS.md).
fn insert_sorted(spans: &mut Vec<(usize, usize)>, span: (usize, usize)) {
    let at = spans.partition_point(|s| *s <= span);
    spans.insert(at, span);
}

/// `text` with the byte ranges `spans` (in order; they may overlap)
/// replaced by [`REDACTED`], one for each group of overlapping or touching
/// spans.
fn replace_spans(text: &str, spans: Vec<(usize, usize)>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut kept = 0;
    for (start, end) in spans {
        if start < kept {
            kept = kept.max(end);
            continue;
        }
        out.push_str(text.get(kept..start).unwrap_or_default());
        out.push_str(REDACTED);
        kept = end;
    }
    out.push_str(text.get(kept..).unwrap_or_default());
    out
}

/// A text with its escapes read: each character it stands for, with the
/// byte range of `text` that wrote it.
struct Decoded {
    chars: Vec<(char, core::ops::Range<usize>)>,
}

impl Decoded {
    fn of(text: &str) -> Decoded {
        let mut chars = Vec::with_capacity(text.len());
        let mut i = 0;
        while let Some(c) = text.get(i..).and_then(|t| t.chars().next()) {
            let (decoded, len) =
                escape_at(text.get(i..).unwrap_or_default()).unwrap_or((c, c.len_utf8()));
            chars.push((decoded, i..i + len));
            i += len;
        }
        Decoded { chars }
    }

    /// The byte range of the original text from decoded character `first`
    /// to `last`, both included.
    fn span(&self, first: usize, last: usize) -> (usize, usize) {
        (self.chars[first].1.start, self.chars[last].1.end)
    }
}

/// The character an escape at the start of `s` stands for, and the escape's
/// length: `%41`, `&#65;`, `&#x41;`, `&amp;` and its four siblings, `\u0041`,
/// `\x41`.
fn escape_at(s: &str) -> Option<(char, usize)> {
    let hex = |t: &str| crate::ascii::number(t, 16);
    let b = s.as_bytes();
    let (code, len) = match *b.first()? {
        b'%' => (hex(s.get(1..3)?)?, 3),
        b'\\' => match *b.get(1)? {
            b'u' => (hex(s.get(2..6)?)?, 6),
            b'x' => (hex(s.get(2..4)?)?, 4),
            _ => return None,
        },
        b'&' => {
            let end = s.bytes().take(12).position(|b| b == b';')?;
            let name = s.get(1..end)?;
            let code = if let Some(h) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
            {
                hex(h)?
            } else if let Some(d) = name.strip_prefix('#') {
                crate::ascii::number(d, 10)?
            } else {
                u32::from(match name {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    _ => return None,
                })
            };
            (code, end + 1)
        }
        _ => return None,
    };
    // Only what is plainly one byte or character: a sign that the hex was
    // not an escape (`%zz`) refuses it above.
    Some((char::from_u32(code)?, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_servers_words_lose_every_piece_of_a_secret() {
        let key = "Mileston_TEST_FAKEfake0000000000a1";
        for (said, kept) in [
            (
                "bad key Mileston_TEST_FAKEfake0000000000a1",
                "bad key <redacted>",
            ),
            (
                "bad key mileston_test_fakefake0000000000a1!",
                "bad key <redacted>",
            ),
            (
                "body FAKEfake0000000000a1 refused",
                "body <redacted> refused",
            ),
            ("cut: Mileston_TEST_FAKEf…", "cut: <redacted>"),
            ("a Mileston API error", "a Mileston API error"),
            ("tail 0000000000a1 and é", "tail <redacted> and é"),
            ("short 0000a1 stays", "short 0000a1 stays"),
            (
                "another key Mileston_LIVE_CHECKOUTKEY_FAKEother000000c3",
                "another key <redacted>",
            ),
            ("nothing", "nothing"),
        ] {
            assert_eq!(scrub(said, &[key]), kept, "{said}");
        }
        assert_eq!(
            scrub("secret FAKE-wallet-secret", &["FAKE-wallet-secret"]),
            "secret <redacted>"
        );
    }

    /// A server may write a secret back in another form: each is found.
    #[test]
    fn a_secret_is_found_in_the_forms_a_server_writes() {
        let wallet = "FAKE-wallet-secret-7f3a9c";
        let key = "Mileston_TEST_FAKEfake0000000000a1";
        let hex: String = wallet.bytes().map(|b| format!("{b:02x}")).collect();
        let percent: String = wallet.bytes().map(|b| format!("%{b:02X}")).collect();
        let entities: String = wallet.bytes().map(|b| format!("&#{b};")).collect();
        let hex_entities: String = wallet.bytes().map(|b| format!("&#x{b:x};")).collect();
        let json: String = wallet.bytes().map(|b| format!("\\u{b:04x}")).collect();
        let chunks: Vec<String> = wallet
            .as_bytes()
            .chunks(7)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        for said in [
            format!("bad signature by {}", wallet.to_uppercase()),
            format!("bad signature by {hex}"),
            format!("bad signature by {}", hex.to_uppercase()),
            format!("bad signature by {percent}"),
            format!("bad signature by {entities}"),
            format!("bad signature by {hex_entities}"),
            format!("bad signature by {json}"),
            format!("bad signature by {}", chunks.join(" ")),
            format!("bad signature by {}", chunks.join("; ")),
            "bad key Mileston%5FTEST%5FFAKEfake0000000000a1".to_string(),
            format!("bad key {}", "FAKEfake0000000000a1".to_lowercase()),
        ] {
            let kept = scrub(&said, &[key, wallet]);
            assert!(kept.ends_with(REDACTED), "{said} -> {kept}");
            assert!(
                !kept.contains("7f3a") && !kept.contains("0000a1"),
                "{said} -> {kept}"
            );
        }
    }

    /// What is not the handle's secret nor a key stays: addresses, hashes,
    /// member names, a prefix named in a message.
    #[test]
    fn a_servers_words_keep_what_is_not_a_secret() {
        let secrets = [
            "Mileston_TEST_FAKEfake0000000000a1",
            "FAKE-wallet-secret-7f3a9c",
        ];
        for said in [
            "insufficient balance on 0x742d35Cc6634C0532925a3b8D4C9db96C4b4d8b6 (eth)",
            "no account 7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV (solana)",
            "transaction 5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW failed",
            "`recipientWalletAddress` is required",
            "expected Mileston_TEST_CHECKOUTKEY_ prefix",
            "the wallet signing secret does not match",
            "amount 100.00 on 2026-12-31",
        ] {
            assert_eq!(scrub(said, &secrets), said);
        }
        // Another key, whole or cut, is taken out all the same.
        assert_eq!(
            scrub("other Mileston_LIVE_FAKEother000000c3 there", &secrets),
            "other <redacted> there"
        );
    }
    #[test]
    fn a_piece_over_separators_must_be_long() {
        let secret = "FAKE-wallet-secret-7f3a9c";
        // Seven letters of it within a word, or "wallet secret" (12 over a
        // space) in a sentence: the first is kept, the second is a piece.
        assert_eq!(scrub("a wallets b", &[secret]), "a wallets b");
        assert_eq!(scrub("no wallet secret", &[secret]), "no <redacted>");
        assert_eq!(scrub("secret7f zz", &[secret]), "<redacted> zz");
        // A piece in one word stays a piece when the match runs on over a
        // separator too short to count (found by fuzz/api_answers: the
        // first 10 characters of a key's body, then a list item starting
        // with its 11th, were kept whole).
        let key = "Mileston_TEST_FAKEq7Zx3Kp9Wm2Rt5Yv8Bn4Hj6";
        for (said, kept) in [
            ("key FAKEq7Zx3K; p5", "key <redacted>; p5"),
            ("FAKEq7Zx3K;p553545f", "<redacted>;p553545f"),
            ("y 3Kp9Wm2Rt; 5Y", "y <redacted>; 5Y"),
        ] {
            assert_eq!(scrub(said, &[key]), kept, "{said}");
        }
    }
}
