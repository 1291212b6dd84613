//! One call as the transports send it, and the answer they give back: bytes
//! in, bytes out. The API layer builds a [`Request`] (endpoint, URL, identity
//! headers, extra headers, body, retry policy); `retry.rs` sends it.

use core::fmt;
use core::time::Duration;
use std::borrow::Cow;

use serde::Serialize;

use super::error::Error;
use crate::endpoints::Service;
use crate::handle::{Credentials, Secret};

/// Largest answer body read.
pub(crate) const MAX_BODY: usize = 4 << 20;

/// The error for an answer over [`MAX_BODY`], found by a transport.
pub(crate) fn too_big(status: u16) -> Error {
    Error::Decode {
        status,
        message: format!("the answer is larger than {} MiB", MAX_BODY >> 20),
    }
}

/// HTTP methods the API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

impl Method {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// An endpoint as docs/wire-protocol.md names it (`GET /invoice/{id}`): what
/// a message about its answer calls it; and, with the feature `tracing`, the
/// service and the handle's call that sends it, which a request's span names
/// (`trace.rs`). Without the feature they are not kept: the wasm page would
/// carry every call's name for nothing.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Endpoint {
    pub(crate) method: Method,
    /// The service's prefix (`/invoice`), empty for `/status`.
    pub(crate) prefix: &'static str,
    /// The rest, with placeholders (`/{id}`).
    pub(crate) path: &'static str,
    /// The service it is sent to.
    #[cfg(feature = "tracing")]
    pub(crate) service: Service,
    /// The handle's method that sends it (`get_invoice`).
    #[cfg(feature = "tracing")]
    pub(crate) operation: &'static str,
}

impl Endpoint {
    /// The handle's `operation`: `method` on `service`'s `prefix` and `path`.
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) const fn new(
        operation: &'static str,
        service: Service,
        method: Method,
        prefix: &'static str,
        path: &'static str,
    ) -> Endpoint {
        Endpoint {
            method,
            prefix,
            path,
            #[cfg(feature = "tracing")]
            service,
            #[cfg(feature = "tracing")]
            operation,
        }
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}{}", self.method.as_str(), self.prefix, self.path)
    }
}

/// The two identity headers. Borrowed from the handle for one call, never
/// stored, never printed (no `Debug`).
#[derive(Clone, Copy)]
pub(crate) struct Auth<'a> {
    pub(crate) key: &'a str,
    pub(crate) business_id: &'a str,
}

impl<'a> Auth<'a> {
    /// A handle's credentials, or [`Error::NoKeys`] for a handle built
    /// without keys, before anything is sent.
    pub(crate) fn of<K: Secret>(credentials: &'a Credentials<K>) -> Result<Auth<'a>, Error> {
        let (key, business_id) = credentials.expose().ok_or(Error::NoKeys)?;
        Ok(Auth { key, business_id })
    }
}

/// Whether a call may be sent again after a failure that may be transient
/// (no answer, 429, 5xx).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Retry {
    /// Sending it twice does what sending it once does (reads): retried per
    /// the handle's settings.
    Idempotent,
    /// Never sent twice (anything that creates, changes or moves money): a
    /// lost answer is reported, not guessed at.
    Never,
}

/// The one content type the API speaks.
const JSON: &str = "application/json";

/// One call.
pub(crate) struct Request<'a> {
    pub(crate) endpoint: Endpoint,
    pub(crate) url: String,
    /// `None` for `GET /status`, which needs no key.
    pub(crate) auth: Option<Auth<'a>>,
    /// Headers beyond the identity ones (a request signature, ...).
    pub(crate) headers: &'a [(&'static str, &'a str)],
    /// The `Content-Type` header, with or without a body.
    pub(crate) content_type: Option<&'static str>,
    /// The body's bytes; `None` for no body.
    pub(crate) body: Option<Cow<'static, [u8]>>,
    pub(crate) retry: Retry,
    /// The secret the body is signed with (the wallet API's): never sent,
    /// kept only to scrub it from the server's messages.
    pub(crate) signed_with: Option<&'a str>,
}

impl<'a> Request<'a> {
    /// A call without key or body; retried only if it is a `GET`.
    pub(crate) fn new(endpoint: Endpoint, url: String) -> Request<'a> {
        Request {
            endpoint,
            url,
            auth: None,
            headers: &[],
            content_type: None,
            body: None,
            retry: match endpoint.method {
                Method::Get => Retry::Idempotent,
                _ => Retry::Never,
            },
            signed_with: None,
        }
    }

    /// With the handle's identity headers, and `Content-Type:
    /// application/json`, which Mileston's SDKs send on every request, a
    /// `GET` without a body included.
    pub(crate) fn auth(mut self, auth: Auth<'a>) -> Request<'a> {
        self.auth = Some(auth);
        self.content_type = Some(JSON);
        self
    }

    /// With extra headers (`env`, ...).
    pub(crate) fn headers(mut self, headers: &'a [(&'static str, &'a str)]) -> Request<'a> {
        self.headers = headers;
        self
    }

    /// With `value` as its JSON body.
    pub(crate) fn json(mut self, value: &impl Serialize) -> Result<Request<'a>, Error> {
        let bytes = serde_json::to_vec(value).map_err(|_| Error::UNWRITABLE_BODY)?;
        self.content_type = Some(JSON);
        self.body = Some(Cow::Owned(bytes));
        Ok(self)
    }

    /// With the JSON body `{}`: what Mileston's backend SDK (axios, sending
    /// `{...data}`) sends on a `GET` or `DELETE`.
    pub(crate) fn empty_json(mut self) -> Request<'a> {
        self.content_type = Some(JSON);
        self.body = Some(Cow::Borrowed(b"{}"));
        self
    }

    /// The secrets it carries or is signed with, to scrub from the server's
    /// messages.
    pub(crate) fn secrets(&self) -> Secrets<'a> {
        let mut secrets = Secrets {
            all: ["", ""],
            len: 0,
        };
        if let Some(auth) = self.auth {
            secrets.all[0] = auth.key;
            secrets.len = 1;
        }
        if let Some(secret) = self.signed_with {
            secrets.all[secrets.len] = secret;
            secrets.len += 1;
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

/// `Retry-After` in seconds (an HTTP date is ignored: the computed backoff is
/// used instead).
pub(crate) fn parse_retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if v.is_empty() || v.len() > 9 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok().map(Duration::from_secs)
}

/// An ID that can be one path segment or a body member: not empty, not `.`
/// or `..` (which would change the path).
pub(crate) fn check_id(id: &str) -> Result<&str, Error> {
    let reason = match id {
        "" => "it is empty",
        "." | ".." => "`.` and `..` are not IDs",
        _ => return Ok(id),
    };
    Err(Error::InvalidInput {
        field: "id",
        reason,
    })
}

/// Checks an ID and writes it as one path segment (`/` + percent-encoded).
pub(crate) fn push_id(url: &mut String, id: &str) -> Result<(), Error> {
    let id = check_id(id)?;
    url.push('/');
    percent_encode(url, id);
    Ok(())
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
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
    fn ids_in_paths() {
        let mut u = String::new();
        push_id(&mut u, "a b/c?d").unwrap();
        assert_eq!(u, "/a%20b%2Fc%3Fd");
        for (id, reason) in [("..", "`.` and `..` are not IDs"), ("", "it is empty")] {
            let mut u = String::from("/x");
            assert_eq!(
                push_id(&mut u, id),
                Err(Error::InvalidInput {
                    field: "id",
                    reason
                })
            );
            assert_eq!(
                check_id(id),
                Err(Error::InvalidInput {
                    field: "id",
                    reason
                })
            );
        }
        assert_eq!(check_id("..."), Ok("..."));
    }

    #[test]
    fn retry_after() {
        assert_eq!(parse_retry_after(" 3 "), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("1234567890"), None);
    }

    #[test]
    fn endpoints_read_as_documented() {
        let e = Endpoint::new(
            "get_invoice",
            Service::Invoices,
            Method::Get,
            "/invoice",
            "/{id}",
        );
        assert_eq!(e.to_string(), "GET /invoice/{id}");
    }

    #[test]
    fn only_gets_are_retried_by_default() {
        let at = |method| {
            let endpoint = Endpoint::new("", Service::Checkout, method, "", "");
            Request::new(endpoint, String::new()).retry
        };
        assert_eq!(at(Method::Get), Retry::Idempotent);
        for m in [Method::Post, Method::Patch, Method::Delete] {
            assert_eq!(at(m), Retry::Never);
        }
    }
}
