//! Business IDs: opaque, not secret, sent as the `businessid` header.

use core::fmt;

use crate::header::{self, BadChar, Flaw};

/// Why a string cannot be a business ID. Holds no character of the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BusinessIdError {
    /// The value is empty.
    Empty,
    /// A character an HTTP header cannot carry (whitespace, a control
    /// character, a non-ASCII one), with its position.
    Character(BadChar),
    /// The value looks like an API key or a key's body (a run of 16 or more
    /// letters and digits mixing upper and lower case). Business IDs are not
    /// treated as secrets (they are printed, logged, shipped to browsers), so
    /// a key there would leak.
    LooksLikeKey,
}

impl BusinessIdError {
    /// What is wrong and how to fix it; never contains the value.
    pub fn reason(&self) -> String {
        match *self {
            BusinessIdError::Empty => "it is empty (a CI secret that is not defined expands \
                 to an empty string): copy the business ID from the dashboard"
                .into(),
            BusinessIdError::Character(bad) => bad.reason(),
            BusinessIdError::LooksLikeKey => "it looks like an API key, not a business ID: \
                 business IDs are not treated as secrets, so a key there would leak; put the \
                 business ID from the dashboard there and keep keys in their own variables"
                .into(),
        }
    }
}

impl fmt::Display for BusinessIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a valid business ID: {}", self.reason())
    }
}

impl std::error::Error for BusinessIdError {}

/// Checks a business ID: not empty, no key (or a key's body, or anything
/// that may be one: a business ID is printed and shipped to browsers), no
/// character a header cannot carry.
pub fn check(raw: &str) -> Result<(), BusinessIdError> {
    match header::flaw(raw) {
        None => Ok(()),
        Some(Flaw::Empty) => Err(BusinessIdError::Empty),
        Some(Flaw::Key) => Err(BusinessIdError::LooksLikeKey),
        Some(Flaw::Char(bad)) => Err(BusinessIdError::Character(bad)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use BadChar::{Control, NonAscii, Whitespace};
    use BusinessIdError::{Character, Empty, LooksLikeKey};

    #[test]
    fn business_ids() {
        for (raw, want) in [
            ("biz_sandbox_0001", Ok(())),
            ("6650f1e2a3b4c5d6e7f80912", Ok(())),
            ("", Err(Empty)),
            ("biz 1", Err(Character(Whitespace(4)))),
            ("biz1\n", Err(Character(Whitespace(5)))),
            ("biz\u{0}1", Err(Character(Control(4)))),
            ("bïz", Err(Character(NonAscii(2)))),
            ("Mileston_TEST_FAKEfake0000000000a1", Err(LooksLikeKey)),
            // A key's body without its prefix.
            ("FAKEfake0000000000a1", Err(LooksLikeKey)),
            // A key with a newline: still the key it is, first.
            ("Mileston_TEST_FAKEfake0000000000a1\n", Err(LooksLikeKey)),
        ] {
            assert_eq!(check(raw), want, "{raw:?}");
        }
    }
}
