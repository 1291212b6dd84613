//! One request as the transports send it, and what came back: bytes in,
//! bytes out. `mod.rs` builds a [`Request`] from an operation and a call;
//! `retry.rs` sends it.

use core::time::Duration;
use std::borrow::Cow;

use mileston_config_core::protocol::Method;

use super::error::Error;

/// Largest answer body read.
pub(crate) const MAX_BODY: usize = 4 << 20;

/// The error for an answer over [`MAX_BODY`], found by a transport.
pub(crate) fn too_big(status: u16) -> Error {
    Error::Decode {
        status,
        message: format!("the answer is larger than {} MiB", MAX_BODY >> 20),
    }
}

/// What identifies a handle on a request: its key and business ID, and,
/// for the wallet API, the secret its bodies are signed with. Borrowed from
/// the handle for one call, never stored, never printed (no `Debug`).
#[derive(Clone, Copy)]
pub(crate) struct Identity<'a> {
    pub(crate) key: &'a str,
    pub(crate) business_id: &'a str,
    pub(crate) signing: Option<&'a str>,
}

/// One request.
pub(crate) struct Request<'a> {
    pub(crate) method: Method,
    pub(crate) url: String,
    /// `None` for `GET /status`, which needs no key.
    pub(crate) identity: Option<Identity<'a>>,
    /// Headers beyond the identity ones: the checkout's `env`, the wallet
    /// API's signature.
    pub(crate) headers: Vec<(&'static str, Cow<'a, str>)>,
    /// The body's bytes; `None` for no body.
    pub(crate) body: Option<Cow<'static, [u8]>>,
}

impl Request<'_> {
    /// Whether it carries `Content-Type: application/json`: Mileston's SDKs
    /// send it on every request with a key, a `GET` without a body included.
    pub(crate) fn json(&self) -> bool {
        self.identity.is_some()
    }

    /// The secrets it carries or is signed with, to scrub from the server's
    /// words.
    pub(crate) fn secrets(&self) -> Secrets<'_> {
        let mut secrets = Secrets {
            all: ["", ""],
            len: 0,
        };
        if let Some(id) = self.identity {
            secrets.all[0] = id.key;
            secrets.len = 1;
            if let Some(secret) = id.signing {
                secrets.all[1] = secret;
                secrets.len = 2;
            }
        }
        secrets
    }
}

/// A request's secrets (its key, and the wallet API's signing secret), as
/// a slice. On the stack: a `Vec` (and its growth code) cost the wasm
/// checkout page, which signs nothing, ~0.2 KB.
pub(crate) struct Secrets<'a> {
    all: [&'a str; 2],
    len: usize,
}

impl<'a> core::ops::Deref for Secrets<'a> {
    type Target = [&'a str];
    fn deref(&self) -> &[&'a str] {
        self.all.get(..self.len).unwrap_or_default()
    }
}

/// An answer, whatever its status.
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    pub(crate) fn is_success(&self) -> bool {
        (200..=299).contains(&self.status)
    }
}

/// Why no answer came, as far as money is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lost {
    /// The request never left: no connection could be made (refused, no
    /// route, a TLS handshake that failed). Nothing happened. (`fetch` never
    /// says so: on wasm every failure may have been sent.)
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    NotSent,
    /// It may have been sent: the connection failed after it was made.
    Connection,
    /// The attempt's time ran out.
    Timeout,
    /// An answer came but could not be read whole (larger than
    /// [`MAX_BODY`]): it proves nothing.
    Unreadable,
}

/// An attempt without an answer: why, and the error to report.
pub(crate) struct NoAnswer {
    pub(crate) lost: Lost,
    pub(crate) error: Error,
}

/// What a call's attempts came to: the last answer, no answer, or an
/// answer (or none) that leaves the outcome unknown.
pub(crate) enum Outcome {
    Reply(Reply),
    NoAnswer(NoAnswer),
    /// An answer or no answer after which funds may have moved.
    Unknown(Result<Reply, NoAnswer>),
}

/// `Retry-After` in seconds (an HTTP date is ignored: the computed backoff is
/// used instead).
pub(crate) fn parse_retry_after(v: &str) -> Option<Duration> {
    // ASCII trim, as HTTP's whitespace is: Unicode's would weigh on the page.
    let v = v.trim_ascii();
    if v.is_empty() || v.len() > 9 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // At most 9 digits: within a `u32`.
    let secs = mileston_config_core::ascii::number(v, 10)?;
    Some(Duration::from_secs(u64::from(secs)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after() {
        assert_eq!(parse_retry_after(" 3 "), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("1234567890"), None);
    }
}
