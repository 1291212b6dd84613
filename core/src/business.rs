//! Business IDs: opaque, not secret, sent as the `businessid` header.

use core::fmt;

use crate::header::BadChar;

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
    /// The value looks like an API key. Business IDs are not treated as
    /// secrets (they are printed, logged, shipped to browsers), so a key
    /// there would leak.
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

/// Checks a business ID.
pub fn check(raw: &str) -> Result<(), BusinessIdError> {
    if raw.is_empty() {
        return Err(BusinessIdError::Empty);
    }
    if crate::key::looks_like_key(raw) {
        return Err(BusinessIdError::LooksLikeKey);
    }
    match crate::header::bad_char(raw) {
        None => Ok(()),
        Some(BadChar::Whitespace(position)) => Err(BusinessIdError::Whitespace { position }),
        Some(BadChar::Control(position)) => Err(BusinessIdError::ControlCharacter { position }),
        Some(BadChar::NonAscii(position)) => Err(BusinessIdError::NonAscii { position }),
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
        assert_eq!(
            check("Mileston_TEST_FAKEfake0000000000a1"),
            Err(BusinessIdError::LooksLikeKey)
        );
    }
}
