//! Secrets Mileston documents no format for: the wallet signing secret (its
//! docs' `MILESTON_SECRET_KEY`) and the webhook verification token. Only what
//! cannot be such a secret is refused: nothing else is known about them.

use core::fmt;

use crate::header::{self, BadChar, Flaw};

/// Why a string cannot be a wallet signing secret or a webhook token. Holds
/// no character of the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OpaqueError {
    /// The value is empty.
    Empty,
    /// A character an HTTP header cannot carry (whitespace, a control
    /// character, a non-ASCII one), with its position.
    Character(BadChar),
    /// A Mileston API key, of either kind: not this secret.
    ApiKey,
    /// Shorter than [`MIN_LEN`] characters.
    TooShort,
}

impl OpaqueError {
    /// What is wrong and how to fix it; never contains the value.
    pub fn reason(&self) -> String {
        match *self {
            OpaqueError::Empty => "it is empty (a CI secret that is not defined expands to an \
                 empty string)"
                .into(),
            OpaqueError::Character(bad) => bad.reason(),
            OpaqueError::ApiKey => "it is a Mileston API key, not this secret: copy the right \
                 secret from the dashboard, and keep each in its own variable"
                .into(),
            OpaqueError::TooShort => format!(
                "it is shorter than {MIN_LEN} characters: too short to be a secret; copy the \
                 whole secret from the dashboard"
            ),
        }
    }
}

impl fmt::Display for OpaqueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason())
    }
}

impl std::error::Error for OpaqueError {}

/// The shortest secret taken: a shorter one is too easily guessed, and too
/// short to be recognised when a server's words quote it
/// ([`crate::secret::PIECE`]).
pub const MIN_LEN: usize = crate::secret::PIECE;

/// Checks a wallet signing secret or a webhook token: not empty, not a
/// Mileston key, no character a header cannot carry, at least [`MIN_LEN`]
/// characters.
pub fn check(raw: &str) -> Result<(), OpaqueError> {
    match header::flaw(raw) {
        None => {}
        Some(Flaw::Empty) => return Err(OpaqueError::Empty),
        // A random secret may well hold a run a key's body could be: only a
        // key's prefix makes it a key here; its characters are checked next.
        Some(Flaw::Key) if crate::key::looks_like_key(raw) => return Err(OpaqueError::ApiKey),
        Some(Flaw::Key) | Some(Flaw::Char(_)) => {
            if let Some(bad) = header::bad_char(raw) {
                return Err(OpaqueError::Character(bad));
            }
        }
    }
    if raw.len() < MIN_LEN {
        return Err(OpaqueError::TooShort);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use BadChar::{Control, NonAscii, Whitespace};
    use OpaqueError::{ApiKey, Character, Empty, TooShort};

    #[test]
    fn opaque_secrets() {
        // A refusal's words hold no character of the value.
        assert!(!Character(Whitespace(7)).to_string().contains("s3cret"));
        for (raw, want) in [
            ("test-secret", Ok(())),
            ("12345678", Ok(())),
            ("1234567", Err(TooShort)),
            // Random secrets hold runs a key's body could be: they are taken.
            ("whsec_FAKEa8Kd93JfQ0zLm2PxV7", Ok(())),
            (
                "whsec_FAKEa8Kd93JfQ0zLm2PxV7\n",
                Err(Character(Whitespace(29))),
            ),
            // A key with a newline is a key first, as in the business ID slot.
            ("Mileston_TEST_FAKEfake0000000000a1\n", Err(ApiKey)),
            ("whsec_FAKE0123456789abcdef", Ok(())),
            ("", Err(Empty)),
            ("s3cret\n", Err(Character(Whitespace(7)))),
            ("a\u{7}b", Err(Character(Control(2)))),
            ("\u{feff}abc", Err(Character(NonAscii(1)))),
            ("Mileston_TEST_FAKEfake0000000000a1", Err(ApiKey)),
            ("Mileston_LIVE_CHECKOUTKEY_FAKEfake00000000b2", Err(ApiKey)),
        ] {
            assert_eq!(check(raw), want, "{raw:?}");
        }
    }
}
