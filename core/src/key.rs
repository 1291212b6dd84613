//! The format of Mileston API keys: the one place these rules are written.
//!
//! A key is `Mileston_`, the mode (`TEST`, `LIVE`, or `PROD` as an alias of
//! live), `_`, then `CHECKOUTKEY_` for checkout keys, then a body of at least
//! [`MIN_BODY_LEN`] ASCII letters and digits.

use core::fmt;

/// The prefix every Mileston key starts with.
pub const PREFIX: &str = "Mileston_";
/// The marker that follows the mode in a checkout key.
pub const CHECKOUT_MARKER: &str = "CHECKOUTKEY_";
/// The shortest body (the part after the prefixes) a key may have.
pub const MIN_BODY_LEN: usize = 16;
/// How many characters of the body a redacted key shows.
pub const REDACTED_TAIL: usize = 4;

/// The two kinds of key Mileston issues.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyKind {
    /// The backend secret (`Mileston_TEST_…`): creates payment links, invoices,
    /// recurring payments. Never in a browser.
    Normal,
    /// The frontend key (`Mileston_TEST_CHECKOUTKEY_…`): starts a payment and
    /// reads its status, nothing else.
    Checkout,
}

impl KeyKind {
    /// `"normal API key"` or `"checkout key"`, for messages.
    pub const fn describe(self) -> &'static str {
        match self {
            KeyKind::Normal => "normal API key",
            KeyKind::Checkout => "checkout key",
        }
    }
}

/// Test or live. `PROD` keys are live keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyMode {
    /// Test mode: no real money moves.
    Test,
    /// Live mode (`LIVE` or `PROD` in the key).
    Live,
}

impl KeyMode {
    /// `"test"` or `"live"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            KeyMode::Test => "test",
            KeyMode::Live => "live",
        }
    }

    /// Parses `"test"` or `"live"` (the spelling of the `mode` setting).
    pub fn from_setting(s: &str) -> Option<KeyMode> {
        match s {
            "test" => Some(KeyMode::Test),
            "live" => Some(KeyMode::Live),
            _ => None,
        }
    }
}

impl fmt::Display for KeyMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a well-formed key is made of. Holds no part of the key itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyShape {
    /// Normal or checkout.
    pub kind: KeyKind,
    /// Test or live.
    pub mode: KeyMode,
    /// The mode as written: `"TEST"`, `"LIVE"` or `"PROD"`.
    pub mode_marker: &'static str,
    /// Byte offset where the body starts.
    pub body_start: usize,
}

/// Why a string is not a Mileston key. Carries positions and lengths, never
/// characters of the key, so it is always safe to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// The value is empty.
    Empty,
    /// The value ends with `\n` (or `\r\n`).
    TrailingNewline,
    /// Spaces or tabs before the key.
    LeadingWhitespace,
    /// Spaces or tabs after the key.
    TrailingWhitespace,
    /// The key is wrapped in `"` or `'`.
    Quoted,
    /// A control character (other than a trailing newline) at this character position.
    ControlCharacter {
        /// 1-based character position.
        position: usize,
    },
    /// A non-ASCII character (a look-alike letter, a BOM, …) at this character position.
    NonAscii {
        /// 1-based character position.
        position: usize,
    },
    /// The value does not start with `Mileston_`.
    MissingPrefix,
    /// It starts with `mileston_`/`MILESTON_` or another spelling of the prefix.
    PrefixCase,
    /// The mode after `Mileston_` is not `TEST`, `LIVE` or `PROD`.
    UnknownMode,
    /// The body is shorter than [`MIN_BODY_LEN`].
    ShortBody {
        /// The body's length in characters.
        len: usize,
    },
    /// The body has a character other than an ASCII letter or digit.
    BodyCharacter {
        /// 1-based character position in the whole key.
        position: usize,
    },
}

impl KeyError {
    /// What is wrong, with a hint at the usual cause and the fix. Never contains
    /// any character of the value.
    pub fn reason(&self) -> String {
        match *self {
            KeyError::Empty => "it is empty (a CI secret that is not defined expands to an \
                 empty string)"
                .into(),
            KeyError::TrailingNewline => "it ends with a newline: was the secret written with \
                 `echo`? write it with `printf '%s'` or trim it"
                .into(),
            KeyError::LeadingWhitespace => {
                "it starts with whitespace: trim the value where it is set".into()
            }
            KeyError::TrailingWhitespace => {
                "it ends with whitespace: trim the value where it is set".into()
            }
            KeyError::Quoted => "it is wrapped in quotes: the quotes became part of the value; \
                 remove them where it is set"
                .into(),
            KeyError::ControlCharacter { position } => format!(
                "it has a control character at position {position}: copy the key again from \
                 the dashboard"
            ),
            KeyError::NonAscii { position } => format!(
                "it has a non-ASCII character at position {position} (a look-alike letter or a \
                 byte-order mark?): type or copy the key again"
            ),
            KeyError::MissingPrefix => format!(
                "it does not start with `{PREFIX}`: Mileston keys look like \
                 `{PREFIX}TEST_…` or `{PREFIX}TEST_{CHECKOUT_MARKER}…`"
            ),
            KeyError::PrefixCase => format!(
                "its prefix is not spelt `{PREFIX}` with this letter case: keys are case-sensitive; \
                 copy the key again from the dashboard"
            ),
            KeyError::UnknownMode => {
                format!("the mode after `{PREFIX}` is not `TEST`, `LIVE` or `PROD`")
            }
            KeyError::ShortBody { len } => format!(
                "its body (after the prefix) is {len} characters long, Mileston keys have at least \
                 {MIN_BODY_LEN}: was it cut off?"
            ),
            KeyError::BodyCharacter { position } => format!(
                "it has a character other than an ASCII letter or digit at position {position}: \
                 the key was altered or is not a Mileston key"
            ),
        }
    }
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a valid Mileston key: {}", self.reason())
    }
}

impl std::error::Error for KeyError {}

/// Checks `raw` against the key format and says what kind of key it is.
///
/// Never trims or otherwise repairs the value: a key that needs repair is
/// reported, so that the place that stores it can be fixed.
pub fn parse(raw: &str) -> Result<KeyShape, KeyError> {
    if raw.is_empty() {
        return Err(KeyError::Empty);
    }
    if raw.ends_with('\n') {
        return Err(KeyError::TrailingNewline);
    }
    let first = raw.chars().next().unwrap_or(' ');
    let last = raw.chars().next_back().unwrap_or(' ');
    if first == ' ' || first == '\t' {
        return Err(KeyError::LeadingWhitespace);
    }
    if last == ' ' || last == '\t' {
        return Err(KeyError::TrailingWhitespace);
    }
    if matches!(first, '"' | '\'') || matches!(last, '"' | '\'') {
        return Err(KeyError::Quoted);
    }
    for (i, c) in raw.chars().enumerate() {
        if c.is_control() {
            return Err(KeyError::ControlCharacter { position: i + 1 });
        }
        if !c.is_ascii() {
            return Err(KeyError::NonAscii { position: i + 1 });
        }
    }
    // From here on the value is printable ASCII, so byte offsets are positions.
    if !raw.starts_with(PREFIX) {
        let head = &raw.as_bytes()[..raw.len().min(PREFIX.len())];
        return Err(
            if head.len() == PREFIX.len() && head.eq_ignore_ascii_case(PREFIX.as_bytes()) {
                KeyError::PrefixCase
            } else {
                KeyError::MissingPrefix
            },
        );
    }
    // Byte slices from here on: the value is ASCII, and a `str` slice would
    // link a panic path that formats strings (~2 KB gzip in a frontend).
    let bytes = raw.as_bytes();
    let rest = &bytes[PREFIX.len()..];
    let (mode, mode_marker) = if rest.starts_with(b"TEST_") {
        (KeyMode::Test, "TEST")
    } else if rest.starts_with(b"LIVE_") {
        (KeyMode::Live, "LIVE")
    } else if rest.starts_with(b"PROD_") {
        (KeyMode::Live, "PROD")
    } else {
        return Err(KeyError::UnknownMode);
    };
    let mut body_start = PREFIX.len() + mode_marker.len() + 1;
    let kind = if bytes[body_start..].starts_with(CHECKOUT_MARKER.as_bytes()) {
        body_start += CHECKOUT_MARKER.len();
        KeyKind::Checkout
    } else {
        KeyKind::Normal
    };
    let body = &bytes[body_start..];
    if let Some(i) = body.iter().position(|b| !b.is_ascii_alphanumeric()) {
        return Err(KeyError::BodyCharacter {
            position: body_start + i + 1,
        });
    }
    if body.len() < MIN_BODY_LEN {
        return Err(KeyError::ShortBody { len: body.len() });
    }
    Ok(KeyShape {
        kind,
        mode,
        mode_marker,
        body_start,
    })
}

pub use crate::secret::looks_like_key;

/// Writes the redacted form of a well-formed key: prefixes, then `****` and at
/// most the last [`REDACTED_TAIL`] characters of the body.
pub fn write_redacted(f: &mut dyn fmt::Write, raw: &str, shape: &KeyShape) -> fmt::Result {
    let body = &raw[shape.body_start..];
    let tail = &body[body.len().saturating_sub(REDACTED_TAIL)..];
    let marker = match shape.kind {
        KeyKind::Normal => "",
        KeyKind::Checkout => CHECKOUT_MARKER,
    };
    write!(f, "{PREFIX}{}_{marker}****{tail}", shape.mode_marker)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Recognisably fake: "FAKE" bodies, never issued by Mileston.
    const NORMAL: &str = "Mileston_TEST_FAKEfake0000000000a1";
    const CHECKOUT: &str = "Mileston_TEST_CHECKOUTKEY_FAKEfake00000000b2";

    #[test]
    fn accepts_each_kind_and_mode() {
        let s = parse(NORMAL).unwrap();
        assert_eq!(
            (s.kind, s.mode, s.mode_marker),
            (KeyKind::Normal, KeyMode::Test, "TEST")
        );
        let s = parse(CHECKOUT).unwrap();
        assert_eq!((s.kind, s.mode), (KeyKind::Checkout, KeyMode::Test));
        let s = parse("Mileston_LIVE_FAKEfake0000000000c3").unwrap();
        assert_eq!(
            (s.kind, s.mode, s.mode_marker),
            (KeyKind::Normal, KeyMode::Live, "LIVE")
        );
        let s = parse("Mileston_PROD_CHECKOUTKEY_FAKEfake000000d4").unwrap();
        assert_eq!(
            (s.kind, s.mode, s.mode_marker),
            (KeyKind::Checkout, KeyMode::Live, "PROD")
        );
        assert!(
            parse("Mileston_TEST_FAKEabcd12345678").is_ok(),
            "16 is enough"
        );
    }

    #[test]
    fn refuses_each_reason() {
        let cases: &[(&str, KeyError)] = &[
            ("", KeyError::Empty),
            (
                "Mileston_TEST_FAKEfake0000000000a1\n",
                KeyError::TrailingNewline,
            ),
            (
                "Mileston_TEST_FAKEfake0000000000a1\r\n",
                KeyError::TrailingNewline,
            ),
            (
                " Mileston_TEST_FAKEfake0000000000a1",
                KeyError::LeadingWhitespace,
            ),
            (
                "Mileston_TEST_FAKEfake0000000000a1\t",
                KeyError::TrailingWhitespace,
            ),
            ("\"Mileston_TEST_FAKEfake0000000000a1\"", KeyError::Quoted),
            ("'Mileston_TEST_FAKEfake0000000000a1'", KeyError::Quoted),
            (
                "Mileston_TEST_FAKE\u{7}fake000000000a1",
                KeyError::ControlCharacter { position: 19 },
            ),
            (
                "\u{feff}Mileston_TEST_FAKEfake0000000000a1",
                KeyError::NonAscii { position: 1 },
            ),
            (
                "Mileston_TEST_FAKEfаke0000000000a1",
                KeyError::NonAscii { position: 20 },
            ),
            ("Stripe_TEST_FAKEfake0000000000a1", KeyError::MissingPrefix),
            ("MILESTON_TEST_FAKEfake0000000000a1", KeyError::PrefixCase),
            ("mileston_TEST_FAKEfake0000000000a1", KeyError::PrefixCase),
            ("Mileston_test_FAKEfake0000000000a1", KeyError::UnknownMode),
            ("Mileston_DEV_FAKEfake0000000000a1", KeyError::UnknownMode),
            ("Mileston_TEST_FAKEfake00", KeyError::ShortBody { len: 10 }),
            ("Mileston_TEST_CHECKOUTKEY_", KeyError::ShortBody { len: 0 }),
            ("Mileston_TEST_", KeyError::ShortBody { len: 0 }),
            (
                "Mileston_TEST_FAKE-fake0000000000a1",
                KeyError::BodyCharacter { position: 19 },
            ),
            (
                "Mileston_TEST_CHECKOUTKEY_FAKE_fake0000000",
                KeyError::BodyCharacter { position: 31 },
            ),
        ];
        for (raw, want) in cases {
            assert_eq!(parse(raw), Err(*want), "{raw:?}");
        }
    }

    #[test]
    fn reasons_never_repeat_the_value() {
        let raw = "Mileston_TEST_FAKESECRETsecret99\n";
        let err = parse(raw).unwrap_err();
        assert!(err.reason().contains("echo"));
        assert!(!err.to_string().contains("SECRET"));
    }

    #[test]
    fn redaction_keeps_only_the_tail() {
        let mut out = String::new();
        write_redacted(&mut out, CHECKOUT, &parse(CHECKOUT).unwrap()).unwrap();
        assert_eq!(out, "Mileston_TEST_CHECKOUTKEY_****00b2");
        let mut out = String::new();
        let prod = "Mileston_PROD_FAKEfake0000000000c3";
        write_redacted(&mut out, prod, &parse(prod).unwrap()).unwrap();
        assert_eq!(out, "Mileston_PROD_****00c3");
    }

    #[test]
    fn key_lookalikes() {
        assert!(looks_like_key(NORMAL));
        assert!(looks_like_key("mileston_live_x"));
        assert!(looks_like_key("prefix Mileston_TEST_"));
        assert!(looks_like_key("MILESTON_TEST_FAKEFAKE00001111"));
        assert!(!looks_like_key("MILESTON_API_KEY"));
        assert!(!looks_like_key("MILESTON_TEST_KEY"));
        assert!(!looks_like_key("MILESTON_TEST_CHECKOUTKEY"));
        assert!(!looks_like_key("MILESTON_WEBHOOK_VERIFICATION"));
        assert!(!looks_like_key("biz_1234"));
        assert!(looks_like_key("Mileston_DEV_FAKEfake0000000000a1"));
        assert!(looks_like_key("Mileston-TEST-FAKEfake0000000000a1"));
        assert!(looks_like_key("\u{41c}ileston_TEST_FAKE"));
        assert!(!looks_like_key("Mileston_api_key"));
    }
}
