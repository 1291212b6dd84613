//! Splitting text at an ASCII byte. `str::split_once`, `split` and `find`
//! with a `char` go through std's character searcher and its `memchr`,
//! which a wasm frontend (the checkout page, whose budget is 50 KB gzip;
//! BENCHMARKS.md) carries only for them; these read bytes.

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

#[cfg(test)]
mod tests {
    use super::*;

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
