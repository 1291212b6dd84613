//! Base URLs a handle may send keys to.
//!
//! A key travels in a request header, so the origin a handle talks to must be
//! `https://`; the one exception is plain `http://` to this machine's loopback
//! interface (`127.0.0.0/8`, `[::1]`, `localhost`), where a local sandbox
//! listens. [`check_base_url`] decides, without any dependency, and errs on the
//! side of refusing: a URL it cannot read with certainty is refused.
//!
//! Accepted shape: `scheme://host[:port][/path]`, where
//! - the scheme is `https` or `http`, in any letter case;
//! - the host is a DNS name (ASCII letters, digits, `-`, `_`, dot-separated
//!   non-empty labels; IDNs must be given in their `xn--` form), an IPv4
//!   address in dotted-decimal form (four octets, no leading zeros), or an IPv6
//!   address in brackets (no zone identifier);
//! - the port, when present, is a decimal number from 1 to 65535;
//! - the path, when present, holds no `?` or `#` (no query, no fragment).
//!
//! Always refused: user information (`http://127.0.0.1@evil.example`),
//! whitespace, control characters, non-ASCII characters, backslashes (URL
//! parsers in browsers read `\` as `/`, so what is checked is not what is
//! fetched), percent-encoding in the host, and hosts that parsers read
//! differently (`127.1`, `0x7f.0.0.1`, `2130706433`, `127.0.0.1.` : a host
//! whose last label is numeric must be a plain dotted-decimal IPv4 address).
//!
//! A trailing `/` is accepted; removing it before appending paths is the
//! caller's job.

use core::fmt;

use crate::ascii;

/// Why a base URL was refused. Holds no character of the URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BaseUrlError {
    /// The URL is empty.
    Empty,
    /// A character that cannot appear in a base URL: whitespace, a control
    /// character, a non-ASCII character or a backslash.
    ForbiddenCharacter {
        /// 1-based byte position.
        position: usize,
    },
    /// No `scheme://` at the start.
    MissingScheme,
    /// A scheme other than `https` or `http`.
    UnsupportedScheme,
    /// `http://` to a host that is not loopback: keys would travel in clear
    /// text.
    InsecureScheme,
    /// User information (`user@` or `user:password@`) before the host.
    UserInfo,
    /// No host after `scheme://`.
    MissingHost,
    /// A host that is neither a well-formed DNS name, a dotted-decimal IPv4
    /// address, nor a bracketed IPv6 address.
    InvalidHost,
    /// A port that is empty, not decimal, 0 or above 65535.
    InvalidPort,
    /// A query (`?`) or a fragment (`#`).
    QueryOrFragment,
    /// It holds what may be a Mileston key ([`crate::secret::may_be_secret`]):
    /// a handle prints its base URL, and proxies and logs keep URLs.
    LooksLikeKey,
    /// The keys are live, and a base URL sends them to another origin than
    /// Mileston's services, without the opt-in `allow_live_base_url` (at
    /// build time an argument, at run time a handle's method).
    LiveKey,
}

impl BaseUrlError {
    /// What is wrong and how to fix it; never contains the URL.
    pub fn reason(&self) -> String {
        match *self {
            BaseUrlError::Empty => "it is empty".into(),
            BaseUrlError::ForbiddenCharacter { position } => format!(
                "it has whitespace, a control character, a non-ASCII character or a backslash \
                 at byte {position}"
            ),
            BaseUrlError::MissingScheme => "it does not start with `https://`".into(),
            BaseUrlError::UnsupportedScheme => "its scheme is not `https` (or `http` for \
                 loopback)"
                .into(),
            BaseUrlError::InsecureScheme => "keys would travel in clear text: use `https://`; \
                 plain `http://` is only accepted for loopback (127.0.0.0/8, [::1], localhost)"
                .into(),
            BaseUrlError::UserInfo => "it has user information (`…@`) before the host".into(),
            BaseUrlError::MissingHost => "it has no host".into(),
            BaseUrlError::InvalidHost => "its host is not a DNS name, a dotted-decimal IPv4 \
                 address or a bracketed IPv6 address"
                .into(),
            BaseUrlError::InvalidPort => "its port is not a number from 1 to 65535".into(),
            BaseUrlError::QueryOrFragment => "it has a query (`?`) or a fragment (`#`)".into(),
            BaseUrlError::LooksLikeKey => "it holds what looks like a Mileston key: a key is \
                 sent in a header, never in a URL, which handles print and proxies log; remove \
                 it (and rotate the key if it was written down)"
                .into(),
            BaseUrlError::LiveKey => "the keys are live but `base_url` sends them to another \
                 origin than Mileston's services: a live key belongs there only; if this origin \
                 is yours on purpose (a proxy, a gateway), say so with `allow_live_base_url`"
                .into(),
        }
    }
}

impl fmt::Display for BaseUrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "refused base URL: {}", self.reason())
    }
}

impl std::error::Error for BaseUrlError {}

/// Checks `url` ([`check_base_url`]) and gives the form handles keep: no
/// trailing `/`, the scheme in lower case. The attribute (at build time) and
/// `with_base_url` (at run time) both go through it.
pub fn normalize(url: &str) -> Result<String, BaseUrlError> {
    check_base_url(url)?;
    // By bytes: `trim_end_matches` links std's reverse character reading.
    let end = url.bytes().rposition(|b| b != b'/').map_or(0, |i| i + 1);
    let trimmed = url.get(..end).unwrap_or_default();
    let (scheme, rest) = split_scheme(trimmed).ok_or(BaseUrlError::MissingScheme)?;
    let mut out = String::with_capacity(trimmed.len());
    out.push_str(&scheme.to_ascii_lowercase());
    out.push_str("://");
    out.push_str(rest);
    Ok(out)
}

/// `scheme` and what follows `://`. (A search for one character and a
/// prefix test: a substring search costs a wasm frontend ~1 KB gzip.)
fn split_scheme(s: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = ascii::split_once(s, b':')?;
    Some((scheme, rest.strip_prefix("//")?))
}

/// Whether keys of `mode` may go to a base URL at all: test keys may; live
/// keys belong to Mileston's services, so only with `allow_live` (the
/// caller's word that the origin is its own proxy or gateway). The one rule
/// for the attribute's `base_url` and a handle's `with_base_url`.
pub fn check_mode(mode: crate::key::KeyMode, allow_live: bool) -> Result<(), BaseUrlError> {
    match mode {
        crate::key::KeyMode::Live if !allow_live => Err(BaseUrlError::LiveKey),
        _ => Ok(()),
    }
}

/// The host part of a base URL, as far as the loopback rule cares.
enum Host {
    Loopback,
    Other,
}

/// Checks that `s` is a base URL keys may be sent to: `https://` anywhere,
/// `http://` only to loopback. See the [module documentation](self) for the
/// exact shape accepted.
pub fn check_base_url(s: &str) -> Result<(), BaseUrlError> {
    if s.is_empty() {
        return Err(BaseUrlError::Empty);
    }
    if crate::secret::may_be_secret(s) {
        return Err(BaseUrlError::LooksLikeKey);
    }
    if let Some(i) = s.bytes().position(|b| {
        !b.is_ascii() || b.is_ascii_whitespace() || b.is_ascii_control() || b == b'\\'
    }) {
        return Err(BaseUrlError::ForbiddenCharacter { position: i + 1 });
    }
    let (scheme, rest) = split_scheme(s).ok_or(BaseUrlError::MissingScheme)?;
    let secure = if scheme.eq_ignore_ascii_case("https") {
        true
    } else if scheme.eq_ignore_ascii_case("http") {
        false
    } else if scheme.is_empty()
        || !scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        || !scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
    {
        return Err(BaseUrlError::MissingScheme);
    } else {
        return Err(BaseUrlError::UnsupportedScheme);
    };

    let end = rest
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let (authority, tail) = rest
        .split_at_checked(end)
        .ok_or(BaseUrlError::InvalidHost)?;
    if tail.bytes().any(|b| b == b'?' || b == b'#') {
        return Err(BaseUrlError::QueryOrFragment);
    }
    // Bytes: `str::contains` with a char links a substring searcher.
    if authority.bytes().any(|b| b == b'@') {
        return Err(BaseUrlError::UserInfo);
    }
    if authority.is_empty() {
        return Err(BaseUrlError::MissingHost);
    }

    let (host, port) = if let Some(after) = authority.strip_prefix('[') {
        let (inside, after) = ascii::split_once(after, b']').ok_or(BaseUrlError::InvalidHost)?;
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':').ok_or(BaseUrlError::InvalidHost)?),
        };
        (ipv6(inside)?, port)
    } else {
        let (name, port) = match ascii::split_once(authority, b':') {
            Some((name, port)) => (name, Some(port)),
            None => (authority, None),
        };
        (check_name(name)?, port)
    };

    if let Some(port) = port {
        if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
            return Err(BaseUrlError::InvalidPort);
        }
        if !matches!(ascii::number(port, 10), Some(1..=65535)) {
            return Err(BaseUrlError::InvalidPort);
        }
    }

    match (secure, host) {
        (true, _) | (false, Host::Loopback) => Ok(()),
        (false, Host::Other) => Err(BaseUrlError::InsecureScheme),
    }
}

// The two address forms below are read here rather than with `std::net`'s
// parsers: those weigh 3.8 KB gzip in a wasm frontend (the checkout page's
// budget is 50 KB, BENCHMARKS.md), and the forms accepted are narrower anyway.

/// A dotted-decimal IPv4 address: four decimal octets without leading zeros.
fn ipv4(name: &str) -> Result<Host, BaseUrlError> {
    let mut octets = [0u8; 4];
    let mut parts = ascii::split(name, b'.');
    for octet in &mut octets {
        let part = parts.next().ok_or(BaseUrlError::InvalidHost)?;
        let ok = (1..=3).contains(&part.len())
            && part.bytes().all(|b| b.is_ascii_digit())
            && (part == "0" || !part.starts_with('0'));
        *octet = ascii::number(part, 10)
            .and_then(|n| u8::try_from(n).ok())
            .filter(|_| ok)
            .ok_or(BaseUrlError::InvalidHost)?;
    }
    if parts.next().is_some() {
        return Err(BaseUrlError::InvalidHost);
    }
    Ok(if octets[0] == 127 {
        Host::Loopback
    } else {
        Host::Other
    })
}

/// An IPv6 address in its hexadecimal form (groups of 1 to 4 hex digits,
/// at most one `::`; no zone, no embedded IPv4): loopback when it is `::1`.
fn ipv6(text: &str) -> Result<Host, BaseUrlError> {
    let double = text.as_bytes().windows(2).position(|w| w == b"::");
    let (head, tail) = match double {
        Some(i) => (
            text.get(..i).ok_or(BaseUrlError::InvalidHost)?,
            text.get(i + 2..).ok_or(BaseUrlError::InvalidHost)?,
        ),
        None => (text, ""),
    };
    // Each side's groups in an array, not a `Vec`: collecting them cost
    // the checkout page ~0.5 KB gzip.
    let mut head_groups = [0u16; 8];
    let mut tail_groups = [0u16; 8];
    let heads = groups(head, &mut head_groups)?;
    let tails = groups(tail, &mut tail_groups)?;
    let count = heads + tails;
    let compressed = double.is_some();
    if compressed && count > 7 || !compressed && count != 8 {
        return Err(BaseUrlError::InvalidHost);
    }
    // The address: the head, zeros, the tail.
    let mut all = [0u16; 8];
    all[..heads].copy_from_slice(&head_groups[..heads]);
    all[8 - tails..].copy_from_slice(&tail_groups[..tails]);
    Ok(if all[..7].iter().all(|g| *g == 0) && all[7] == 1 {
        Host::Loopback
    } else {
        Host::Other
    })
}

/// The `:`-separated groups of `part` (none when it is empty) into `out`,
/// and how many there are; more than 8 is refused.
fn groups(part: &str, out: &mut [u16; 8]) -> Result<usize, BaseUrlError> {
    if part.is_empty() {
        return Ok(0);
    }
    let mut n = 0;
    for g in ascii::split(part, b':') {
        if !(1..=4).contains(&g.len()) || !g.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(BaseUrlError::InvalidHost);
        }
        let slot = out.get_mut(n).ok_or(BaseUrlError::InvalidHost)?;
        *slot = ascii::number(g, 16)
            .and_then(|n| u16::try_from(n).ok())
            .ok_or(BaseUrlError::InvalidHost)?;
        n += 1;
    }
    Ok(n)
}

/// A host that is not in brackets: a DNS name or a dotted-decimal IPv4 address.
fn check_name(name: &str) -> Result<Host, BaseUrlError> {
    if name.is_empty() {
        return Err(BaseUrlError::MissingHost);
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        // `%`, `[`, `]`, `!`, ... : nothing a plain host name needs.
        return Err(BaseUrlError::InvalidHost);
    }
    // By bytes: `rsplit_once` links std's reverse byte search.
    let last = match name.bytes().rposition(|b| b == b'.') {
        Some(dot) => name.get(dot + 1..).unwrap_or_default(),
        None => name,
    };
    let numeric_last = last.is_empty()
        || last.bytes().all(|b| b.is_ascii_digit())
        || last.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("0x"));
    if numeric_last {
        // URL parsers read such a host as an IPv4 address, in forms
        // (`127.1`, `0x7f.1`, `2130706433`, a trailing dot) that differ
        // between parsers: accept only the plain dotted-decimal form.
        // (An empty last label is a trailing dot: refused as well.)
        return ipv4(name);
    }
    if ascii::split(name, b'.').any(|label| label.is_empty() || label.len() > 63)
        || name.len() > 253
    {
        return Err(BaseUrlError::InvalidHost);
    }
    Ok(if name.eq_ignore_ascii_case("localhost") {
        Host::Loopback
    } else {
        Host::Other
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use BaseUrlError::*;

    /// Each URL is taken.
    fn ok(urls: &[&str]) {
        for url in urls {
            assert_eq!(check_base_url(url), Ok(()), "{url}");
        }
    }

    /// Each URL is refused, for its reason.
    fn err(cases: &[(&str, BaseUrlError)]) {
        for &(url, e) in cases {
            assert_eq!(check_base_url(url), Err(e), "{url}");
        }
    }

    #[test]
    fn https_anywhere() {
        ok(&[
            "https://payment-service.mileston.co",
            "https://payment-service.mileston.co/",
            "https://example.com:8443/api/v1",
            "https://93.184.216.34",
            "https://[2001:db8::1]:443",
            "HTTPS://EXAMPLE.COM",
            "hTtPs://example.com",
        ]);
    }

    #[test]
    fn addresses_as_read_here() {
        for (url, want) in [
            ("https://[2001:db8::1]", Ok(())),
            ("https://[2001:0db8:0000:0000:0000:ff00:0042:8329]", Ok(())),
            ("https://[::]", Ok(())),
            ("http://[0::1]", Ok(())),
            (
                "http://[0000:0000:0000:0000:0000:0000:0000:0001]:80",
                Ok(()),
            ),
            ("http://[::0:1]", Ok(())),
            ("http://[1::]", Err(InsecureScheme)),
            ("https://[1:2:3:4:5:6:7:8:9]", Err(InvalidHost)),
            ("https://[1:2:3:4:5:6:7]", Err(InvalidHost)),
            ("https://[1::2::3]", Err(InvalidHost)),
            ("https://[12345::1]", Err(InvalidHost)),
            ("https://[::g]", Err(InvalidHost)),
            ("https://[:1]", Err(InvalidHost)),
            ("https://[1:]", Err(InvalidHost)),
            ("https://[fe80::1%25eth0]", Err(InvalidHost)),
            ("https://[]", Err(InvalidHost)),
            ("http://127.255.255.255", Ok(())),
            ("https://255.255.255.255", Ok(())),
            ("https://1.2.3.4.5", Err(InvalidHost)),
            ("https://1.2.3", Err(InvalidHost)),
            ("https://1..3.4", Err(InvalidHost)),
            ("https://+1.2.3.4", Err(InvalidHost)),
        ] {
            assert_eq!(check_base_url(url), want, "{url}");
        }
    }

    #[test]
    fn http_only_loopback() {
        ok(&[
            "http://127.0.0.1:8080",
            "http://127.0.0.1:8080/",
            "http://127.1.2.3",
            "http://[::1]:3000",
            "http://[0:0:0:0:0:0:0:1]",
            "http://localhost:3000",
            "http://LOCALHOST",
            "HTTP://127.0.0.1:1",
            "http://127.0.0.1:65535/sandbox",
        ]);
        err(&[
            ("http://example.com", InsecureScheme),
            ("http://10.0.0.1", InsecureScheme),
            ("http://128.0.0.1", InsecureScheme),
            ("http://[::2]", InsecureScheme),
            // Mixed notation is not read (nor is it loopback).
            ("http://[::ffff:127.0.0.1]", InvalidHost),
            ("http://0.0.0.0", InsecureScheme),
        ]);
    }

    #[test]
    fn lookalikes_are_not_loopback() {
        err(&[
            ("http://127.0.0.1@evil.example", UserInfo),
            ("http://user:pw@127.0.0.1", UserInfo),
            ("https://user@example.com", UserInfo),
            ("http://127.0.0.1.evil.example", InsecureScheme),
            ("http://localhost.evil.example", InsecureScheme),
            ("http://evil-localhost", InsecureScheme),
            ("http://localhost.", InvalidHost),
            ("https://example.com.", InvalidHost),
            ("http://127.0.0.1.", InvalidHost),
            ("http://127.1", InvalidHost),
            ("http://2130706433", InvalidHost),
            ("http://0x7f.0.0.1", InvalidHost),
            ("http://0177.0.0.1", InvalidHost),
            ("http://127.0.0.01", InvalidHost),
            ("http://127.0.0.256", InvalidHost),
            (
                "http://127.0.0.1\\@evil.example",
                ForbiddenCharacter { position: 17 },
            ),
            ("http://127.0.0.1%2eevil.example", InvalidHost),
            ("http://[::1%25lo]", InvalidHost),
            ("http://[::1]evil.example", InvalidHost),
        ]);
    }

    #[test]
    fn malformed() {
        err(&[
            ("", Empty),
            ("127.0.0.1:8080", MissingScheme),
            ("localhost:8080", MissingScheme),
            ("//example.com", MissingScheme),
            ("ftp://example.com", UnsupportedScheme),
            ("ws://localhost", UnsupportedScheme),
            ("https:/example.com", MissingScheme),
            ("https://", MissingHost),
            ("https:///path", MissingHost),
            ("https://:443", MissingHost),
            ("https://example.com:", InvalidPort),
            ("https://example.com:0", InvalidPort),
            ("https://example.com:65536", InvalidPort),
            ("https://example.com:+80", InvalidPort),
            ("https://example.com:80:80", InvalidPort),
            ("https://example..com", InvalidHost),
            ("https://.example.com", InvalidHost),
            ("https://example.com?x=1", QueryOrFragment),
            ("https://example.com/a?x=1", QueryOrFragment),
            ("https://example.com#top", QueryOrFragment),
            ("https://exa mple.com", ForbiddenCharacter { position: 12 }),
            ("https://example.com\n", ForbiddenCharacter { position: 20 }),
            (" https://example.com", ForbiddenCharacter { position: 1 }),
            ("https://exämple.com", ForbiddenCharacter { position: 11 }),
            ("https://[::1", InvalidHost),
            ("https://[nope]", InvalidHost),
        ]);
    }

    #[test]
    fn messages_hold_no_url() {
        let e = check_base_url("http://secret-host.example").unwrap_err();
        assert!(!e.to_string().contains("secret-host"));
        assert!(e.to_string().starts_with("refused base URL: "));
    }
}
