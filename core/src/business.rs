//! Business IDs: opaque, not secret, sent as the `businessid` header.

use core::fmt;

use crate::header::{self, BadChar, Flaw};

/// Why a string cannot be a business ID. Holds no character of the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BusinessIdError {
    /// The value is empty.
    Empty,
    /// Whitespace (a space, a tab, a newline) at this character position.
    Whitespace {
        /// 1-based character position.
        position: usize,
    },
    /// A control character at this character position.
    ControlCharacter {
        /// 1-based character position.
        position: usize,
    },
    /// A non-ASCII character at this character position: it cannot travel in an HTTP header.
    NonAscii {
        /// 1-based character position.
        position: usize,
    },
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
            BusinessIdError::Whitespace { position } => {
                format!("it has whitespace at position {position}: trim the value where it is set")
            }
            BusinessIdError::ControlCharacter { position } => {
                format!("it has a control character at position {position}")
            }
            BusinessIdError::NonAscii { position } => format!(
                "it has a non-ASCII character at position {position}, which an HTTP header \
                 cannot carry"
            ),
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
        Some(Flaw::Char(BadChar::Whitespace(position))) => {
            Err(BusinessIdError::Whitespace { position })
        }
        Some(Flaw::Char(BadChar::Control(position))) => {
            Err(BusinessIdError::ControlCharacter { position })
        }
        Some(Flaw::Char(BadChar::NonAscii(position))) => {
            Err(BusinessIdError::NonAscii { position })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn business_ids() {
        assert_eq!(check("biz_sandbox_0001"), Ok(()));
        assert_eq!(check("6650f1e2a3b4c5d6e7f80912"), Ok(()));
        assert_eq!(check(""), Err(BusinessIdError::Empty));
        assert_eq!(
            check("biz 1"),
            Err(BusinessIdError::Whitespace { position: 4 })
        );
        assert_eq!(
            check("biz1\n"),
            Err(BusinessIdError::Whitespace { position: 5 })
        );
        assert_eq!(
            check("biz\u{0}1"),
            Err(BusinessIdError::ControlCharacter { position: 4 })
        );
        assert_eq!(check("bïz"), Err(BusinessIdError::NonAscii { position: 2 }));
        for key in [
            "Mileston_TEST_FAKEfake0000000000a1",
            // A key's body without its prefix.
            "FAKEfake0000000000a1",
            // A key with a newline: still the key it is, first.
            "Mileston_TEST_FAKEfake0000000000a1\n",
        ] {
            assert_eq!(check(key), Err(BusinessIdError::LooksLikeKey), "{key:?}");
        }
    }
}
