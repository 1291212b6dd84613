//! The characters a value sent in an HTTP header may hold, and the first
//! checks of a value that is not a key: the one rule the business ID, the
//! wallet signing secret and the webhook token share, in one order, so that
//! one input gets the same answer in every slot (keys have their own,
//! stricter format).

/// The first character a header value may not hold, with its 1-based
/// position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadChar {
    /// Whitespace (a space, a tab, a newline).
    Whitespace(usize),
    /// A control character.
    Control(usize),
    /// A non-ASCII character (it cannot travel in a header).
    NonAscii(usize),
}

impl BadChar {
    /// What is wrong and how to fix it, in every slot's words.
    pub fn reason(self) -> String {
        match self {
            BadChar::Whitespace(position) => format!(
                "it has whitespace at position {position} (a trailing newline from `echo`?): \
                 trim the value where it is set"
            ),
            BadChar::Control(position) => {
                format!("it has a control character at position {position}")
            }
            BadChar::NonAscii(position) => format!(
                "it has a non-ASCII character at position {position}, which an HTTP header \
                 cannot carry (a look-alike letter or a byte-order mark?): type or copy it again"
            ),
        }
    }
}

/// The first character of `raw` that a header value may not hold.
pub fn bad_char(raw: &str) -> Option<BadChar> {
    raw.chars().enumerate().find_map(|(i, c)| {
        let position = i + 1;
        if c.is_whitespace() {
            Some(BadChar::Whitespace(position))
        } else if c.is_control() {
            Some(BadChar::Control(position))
        } else if !c.is_ascii() {
            Some(BadChar::NonAscii(position))
        } else {
            None
        }
    })
}

/// What is wrong with a value that is not a key, in the order it is looked
/// for: empty, then a key written there, then a character a header cannot
/// carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flaw {
    /// The value is empty.
    Empty,
    /// It is (or holds) a Mileston key, or a key's body
    /// ([`crate::secret::may_be_secret`]).
    Key,
    /// A character it may not hold.
    Char(BadChar),
}

/// The first flaw of a value that is not a key.
pub fn flaw(raw: &str) -> Option<Flaw> {
    if raw.is_empty() {
        Some(Flaw::Empty)
    } else if crate::secret::may_be_secret(raw) {
        Some(Flaw::Key)
    } else {
        bad_char(raw).map(Flaw::Char)
    }
}
