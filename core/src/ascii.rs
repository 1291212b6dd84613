//! Reading ASCII text by its bytes: splitting at a byte, and a number in
//! digits. `str::split_once`, `split` and `find` with a `char` go through
//! std's character searcher and its `memchr`, and std's integer parsers are
//! one more copy per integer type: a wasm frontend (the checkout page, whose
//! budget is 50 KB gzip; BENCHMARKS.md) carries them only for these.

/// `s` before and after the first `sep`, as `str::split_once` with a
/// `char`. `sep` is ASCII, so both sides are whole characters.
pub fn split_once(s: &str, sep: u8) -> Option<(&str, &str)> {
    let i = s.bytes().position(|b| b == sep)?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

/// The pieces of `s` between the `sep`s, as `str::split` with a `char`:
/// an empty piece where two meet or at either end, one piece for an empty
/// `s`.
pub fn split(s: &str, sep: u8) -> impl Iterator<Item = &str> + Clone {
    let mut rest = Some(s);
    core::iter::from_fn(move || {
        let r = rest?;
        Some(match split_once(r, sep) {
            Some((piece, after)) => {
                rest = Some(after);
                piece
            }
            None => {
                rest = None;
                r
            }
        })
    })
}

/// `t` as a number in `radix` (2 to 36), as `u32::from_str_radix` reads it:
/// an optional `+`, then at least one digit, without overflow. Ports and
/// addresses (`url.rs`), the scrub's escapes and `Retry-After` share it.
pub fn number(t: &str, radix: u32) -> Option<u32> {
    let digits = t.strip_prefix('+').unwrap_or(t);
    if digits.is_empty() {
        return None;
    }
    let mut n: u32 = 0;
    for c in digits.chars() {
        n = n.checked_mul(radix)?.checked_add(c.to_digit(radix)?)?;
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_std_reads_them() {
        for t in [
            "0",
            "+7",
            "65535",
            "4294967295",
            "4294967296",
            "",
            "+",
            "-1",
            "1a",
            "٣",
        ] {
            assert_eq!(number(t, 10), t.parse::<u32>().ok(), "{t}");
        }
        for t in ["ff", "FF", "+10", "fffffffff", "g", "0x1"] {
            assert_eq!(number(t, 16), u32::from_str_radix(t, 16).ok(), "{t}");
        }
    }

    #[test]
    fn as_std_splits() {
        for s in ["", ".", "a", "a.b", ".a.", "a..b", "é.ü.", "127.0.0.1"] {
            assert_eq!(split_once(s, b'.'), s.split_once('.'), "{s}");
            assert_eq!(
                split(s, b'.').collect::<Vec<_>>(),
                s.split('.').collect::<Vec<_>>(),
                "{s}"
            );
        }
    }
}
