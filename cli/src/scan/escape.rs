//! Escapes that spell a key's characters (`\u0066`, `\x66`, `\u{66}`,
//! `\U00000066`, `&#102;`, `&#x66;`, `&lowbar;`, `%66`): decoded where they
//! sit among a key's characters, so that a key written with them is found as
//! the key it spells. Nothing else in a file is decoded: an escape of any
//! other character cannot be part of a key, and ends the stretch it is in.

use std::ops::Range;

use regex::bytes::Regex;

use super::report::Encoding;

/// Escapes of one key character, of any family; `{K}` stands for the two
/// hexadecimal digits of a key character (`0-9`, `A-Z`, `_`, `a-z`). Only
/// these are matched (a file holds many escapes of other characters: `\n`,
/// `%20`, `&#34;`), so that the regex's literal prefilter skips the rest of
/// a file quickly. [`decode`] says which character each one spells.
const ESCAPE_PATTERN: &str = r"(?x-u)
      \\u00{K}                    # JSON, JavaScript, Java, C\#, Python, TOML, YAML
    | \\u\{0{0,4}{K}\}            # JavaScript, Rust, Swift
    | \\U000000{K}                # Python, C, TOML, YAML
    | \\x{K}                      # JavaScript, Python, C, Rust, YAML, shell printf
    | &\#0{0,5}(?:4[89]|5[0-7]|6[5-9]|[78][0-9]|9[05789]|1[01][0-9]|12[0-2]);
                                  # HTML and XML, decimal
    | &\#[xX]0{0,4}{K};            # HTML and XML, hexadecimal
    | &(?:lowbar|UnderBar);       # HTML's names for `_`
    | %{K}                        # URLs and form bodies
";

/// The two hexadecimal digits of a key character, for [`ESCAPE_PATTERN`].
const KEY_CHAR_HEX: &str = "(?:3[0-9]|[46][1-9A-Fa-f]|[57][0-9Aa]|5[Ff])";

/// Whether `b` can be in a key: its prefix, mode, marker, separators, body.
fn key_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The key character an escape spells, and its family; `None` when it spells
/// anything else.
fn decode(escape: &[u8]) -> Option<(u8, Encoding)> {
    let text = std::str::from_utf8(escape).ok()?;
    let (digits, radix, family) = match text.as_bytes() {
        [b'\\', b'u', b'{', ..] => (&text[3..text.len() - 1], 16, Encoding::Backslash),
        [b'\\', _, ..] => (&text[2..], 16, Encoding::Backslash),
        [b'&', b'#', b'x' | b'X', ..] => (&text[3..text.len() - 1], 16, Encoding::Html),
        [b'&', b'#', ..] => (&text[2..text.len() - 1], 10, Encoding::Html),
        [b'&', ..] => return Some((b'_', Encoding::Html)),
        _ => (&text[1..], 16, Encoding::Percent),
    };
    let code = u32::from_str_radix(digits, radix).ok()?;
    let byte = u8::try_from(code).ok().filter(|&b| key_char(b))?;
    Some((byte, family))
}

/// A stretch of bytes made of key characters and escapes of them, with at
/// least one escape that [`KEY_PATTERN`](super::finder::KEY_PATTERN) does not
/// read itself (it reads `%5F`), decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// Where the stretch is in the bytes searched.
    pub range: Range<usize>,
    /// What it spells: key characters only.
    pub text: Vec<u8>,
    /// Where each byte of `text` starts in the bytes searched, then where the
    /// stretch ends.
    starts: Vec<usize>,
    /// How each byte of `text` was written (`None`: as itself).
    written: Vec<Option<Encoding>>,
}

impl Run {
    /// Where the bytes `spelt` of [`text`](Run::text) are written, and the
    /// escapes used there, in the order they first appear.
    pub fn source(&self, spelt: Range<usize>) -> (Range<usize>, Vec<Encoding>) {
        let mut used = Vec::new();
        for e in self.written[spelt.clone()].iter().flatten() {
            if !used.contains(e) {
                used.push(*e);
            }
        }
        (self.starts[spelt.start]..self.starts[spelt.end], used)
    }
}

/// Finds the [`Run`]s in bytes.
#[derive(Clone, Debug)]
pub struct Escapes {
    re: Regex,
}

impl Default for Escapes {
    fn default() -> Self {
        Escapes::new()
    }
}

impl Escapes {
    /// The finder of escapes.
    pub fn new() -> Escapes {
        Escapes {
            re: Regex::new(&ESCAPE_PATTERN.replace("{K}", KEY_CHAR_HEX))
                .expect("ESCAPE_PATTERN is a valid regex"),
        }
    }

    /// The runs in `hay`, in order, apart from each other.
    pub fn runs(&self, hay: &[u8]) -> Vec<Run> {
        let mut runs = Vec::new();
        // The escapes of the stretch being read, as (where, byte, family).
        let mut escapes: Vec<(Range<usize>, u8, Encoding)> = Vec::new();
        // Where the last run ended: the next one does not reach back past it.
        let mut floor = 0;
        for m in self.re.find_iter(hay) {
            let Some((byte, family)) = decode(m.as_bytes()) else {
                continue;
            };
            let joins = escapes
                .last()
                .is_some_and(|(last, ..)| hay[last.end..m.start()].iter().all(|&b| key_char(b)));
            if !joins && !escapes.is_empty() {
                if let Some(run) = spell(hay, floor, &escapes) {
                    floor = run.range.end;
                    runs.push(run);
                }
                escapes.clear();
            }
            escapes.push((m.range(), byte, family));
        }
        if let Some(run) = spell(hay, floor, &escapes) {
            runs.push(run);
        }
        runs
    }
}

/// The run around `escapes` (one stretch, in order), reaching back no further
/// than `floor`; `None` when the pattern reads every escape itself (`%5F`) or
/// there are none. Reaching back over key characters may take in the end of
/// an escape of another character (`0022` of `\u0022`): harmless, as a key
/// is found wherever its `Mileston` starts.
fn spell(hay: &[u8], floor: usize, escapes: &[(Range<usize>, u8, Encoding)]) -> Option<Run> {
    let (first, last) = (escapes.first()?, escapes.last()?);
    if escapes
        .iter()
        .all(|(_, byte, family)| *byte == b'_' && *family == Encoding::Percent)
    {
        return None;
    }
    let start = hay[floor..first.0.start]
        .iter()
        .rposition(|&b| !key_char(b))
        .map_or(floor, |i| floor + i + 1);
    let end = hay[last.0.end..]
        .iter()
        .position(|&b| !key_char(b))
        .map_or(hay.len(), |i| last.0.end + i);
    let mut run = Run {
        range: start..end,
        text: Vec::with_capacity(end - start),
        starts: Vec::with_capacity(end - start + 1),
        written: Vec::with_capacity(end - start),
    };
    let mut at = start;
    let mut next = escapes.iter().peekable();
    while at < end {
        run.starts.push(at);
        match next.next_if(|(range, ..)| range.start == at) {
            Some((range, byte, family)) => {
                run.text.push(*byte);
                run.written.push(Some(*family));
                at = range.end;
            }
            None => {
                run.text.push(hay[at]);
                run.written.push(None);
                at += 1;
            }
        }
    }
    run.starts.push(end);
    Some(run)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_family_decodes_key_characters_only() {
        for (escape, want) in [
            (&br"\u0066"[..], Some((b'f', Encoding::Backslash))),
            (br"\u{66}", Some((b'f', Encoding::Backslash))),
            (br"\u{00004D}", Some((b'M', Encoding::Backslash))),
            (br"\U0000005f", Some((b'_', Encoding::Backslash))),
            (br"\x30", Some((b'0', Encoding::Backslash))),
            (b"&#102;", Some((b'f', Encoding::Html))),
            (b"&#0095;", Some((b'_', Encoding::Html))),
            (b"&#x4D;", Some((b'M', Encoding::Html))),
            (b"&lowbar;", Some((b'_', Encoding::Html))),
            (b"%5F", Some((b'_', Encoding::Percent))),
            (b"%7a", Some((b'z', Encoding::Percent))),
            // Not key characters.
            (br"\u0022", None),
            (br"\u000A", None),
            (br"\x2d", None),
            (b"&#34;", None),
            (b"&#x110000;", None),
            (b"%20", None),
            (br"\u00e9", None),
        ] {
            assert_eq!(decode(escape), want, "{}", String::from_utf8_lossy(escape));
        }
    }

    #[test]
    fn a_run_spans_key_characters_and_their_escapes() {
        let e = Escapes::new();
        let hay = br#"{"a": "x\u0041b", "k": "Mil\u0065ston_TEST_FAKE\u0066ake0000&#48;00000a1"}"#;
        let runs = e.runs(hay);
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].text, b"xAb");
        assert_eq!(runs[1].text, b"Mileston_TEST_FAKEfake0000000000a1");
        let start = hay.windows(3).position(|w| w == b"Mil").unwrap();
        let end = hay.len() - 2;
        assert_eq!(runs[1].range, start..end);
        // The body, `FAKEfake…`: two families, in the order they appear.
        let body = 14..runs[1].text.len();
        let (at, used) = runs[1].source(body);
        assert_eq!(&hay[at.clone()], &br"FAKE\u0066ake0000&#48;00000a1"[..]);
        assert_eq!(at.end, end);
        assert_eq!(used, [Encoding::Backslash, Encoding::Html]);
        // A stretch of letters without escapes says so.
        assert_eq!(runs[1].source(0..3), (start..start + 3, vec![]));
    }

    #[test]
    fn what_the_pattern_reads_itself_or_other_escapes_make_no_run() {
        let e = Escapes::new();
        // `%5F` only: the key pattern reads it.
        assert_eq!(e.runs(b"k=Mileston%5FTEST%5FFAKEfake0000000000a1&"), []);
        // Escapes of other characters end a stretch (their own digits are
        // key characters).
        let runs = e.runs(br"a\u0022b\x41c%20d");
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].text, b"u0022bAc");
        assert_eq!(e.runs(br"\u0022\x22&#34;&#x22;%20%2D\u{2d}\U0000002D"), []);
        assert_eq!(e.runs(b""), []);
    }
}
