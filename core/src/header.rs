//! The characters a value sent in an HTTP header may hold: the one rule the
//! business ID, the wallet signing secret and the webhook token share (keys
//! have their own, stricter format).

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
