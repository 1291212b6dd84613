//! What a request may not carry, refused before anything is sent: the rules
//! the bodies, the IDs and the names in paths and queries share, and the
//! refusal they give ([`InputError`], which the client's error takes as
//! `Error::InvalidInput`).

/// An input refused before sending: the field, as named on the wire, and
/// why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct InputError {
    pub(crate) field: &'static str,
    pub(crate) reason: &'static str,
}

impl InputError {
    pub(crate) const fn new(field: &'static str, reason: &'static str) -> InputError {
        InputError { field, reason }
    }
}

/// `` invalid `field`: reason ``, as `Error::InvalidInput` says it.
impl core::fmt::Display for InputError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "invalid `{}`: {}", self.field, self.reason)
    }
}

/// A body a handle sends: checked before it is written, so that a request
/// never carries what Mileston would refuse or misread.
pub(crate) trait Body: serde::Serialize {
    /// The checks made before anything is sent.
    fn check(&self) -> Result<(), InputError> {
        Ok(())
    }
}

/// A text that must say something.
pub(crate) fn not_blank(field: &'static str, s: &str) -> Result<(), InputError> {
    if s.trim().is_empty() {
        return Err(InputError::new(field, "it is empty"));
    }
    Ok(())
}

/// An optional text: unset, or not blank.
pub(crate) fn not_blank_if_set(field: &'static str, s: &Option<String>) -> Result<(), InputError> {
    s.as_deref().map_or(Ok(()), |s| not_blank(field, s))
}

/// A body's texts, each named as on the wire and checked in order: those
/// that must say something, then the optional ones (unset, or not blank).
pub(crate) fn texts(
    required: &[(&'static str, &String)],
    optional: &[(&'static str, &Option<String>)],
) -> Result<(), InputError> {
    required
        .iter()
        .try_for_each(|&(field, s)| not_blank(field, s))?;
    optional
        .iter()
        .try_for_each(|&(field, s)| not_blank_if_set(field, s))
}

/// An ID that can be one path segment or a body member: not empty, not `.`
/// or `..` (which would change the path).
pub(crate) fn check_id(field: &'static str, id: &str) -> Result<(), InputError> {
    let reason = match id {
        "" => "it is empty",
        "." | ".." => "`.` and `..` are not IDs",
        _ => return Ok(()),
    };
    Err(InputError::new(field, reason))
}

/// An address to send to: not empty, no whitespace or control characters
/// (which no chain's address has, and which a copy-paste often adds).
pub(crate) fn check_address(field: &'static str, address: &str) -> Result<(), InputError> {
    let reason = if address.is_empty() {
        "it is empty"
    } else if address.chars().any(|c| c.is_whitespace() || c.is_control()) {
        "it has whitespace or a control character (copied with a newline?)"
    } else {
        return Ok(());
    };
    Err(InputError::new(field, reason))
}

/// Percent-encodes everything but RFC 3986 unreserved characters: an ID as
/// one path segment, a value in a query.
pub(crate) fn percent_encode(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_encoding() {
        let mut u = String::new();
        percent_encode(&mut u, "a b/c?d");
        assert_eq!(u, "a%20b%2Fc%3Fd");
        for (id, reason) in [("..", "`.` and `..` are not IDs"), ("", "it is empty")] {
            assert_eq!(check_id("id", id), Err(InputError::new("id", reason)));
        }
        assert_eq!(check_id("id", "..."), Ok(()));
        assert_eq!(
            not_blank("itemName", " \t"),
            Err(InputError::new("itemName", "it is empty"))
        );
        assert_eq!(
            check_address("recipients", "0xabc\n"),
            Err(InputError::new(
                "recipients",
                "it has whitespace or a control character (copied with a newline?)"
            ))
        );
    }
}
