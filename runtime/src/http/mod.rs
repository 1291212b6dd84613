//! The HTTP client behind the handles: settings, the one error type, the
//! retry loop, and the two transports (reqwest natively, `fetch` on wasm).

use core::fmt;
use core::time::Duration;
use std::sync::Arc;

// What an answer is read into: serde natively (its errors say which member
// did not match), miniserde on wasm (its errors say nothing, so no
// formatting code comes with them: the page stays under 50 KB; see `wire.rs`,
// tested against the serde impls, and BENCHMARKS.md).
#[cfg(target_arch = "wasm32")]
pub(crate) use miniserde::Deserialize as Wire;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use serde::de::DeserializeOwned as Wire;
// Any JSON answer, read and dropped.
#[cfg(not(target_arch = "wasm32"))]
type Ignored = serde::de::IgnoredAny;
#[cfg(target_arch = "wasm32")]
type Ignored = miniserde::json::Value;

use crate::endpoints::Service;

mod backend;
mod checkout;
pub(crate) mod types;

#[cfg(not(target_arch = "wasm32"))]
#[path = "native.rs"]
mod transport;
#[cfg(target_arch = "wasm32")]
#[path = "wasm.rs"]
mod transport;
// Compiled for the tests too: they check it against the serde impls.
#[cfg(any(target_arch = "wasm32", test))]
mod wire;

use mileston_config_core::url::BaseUrlError;
use types::{AmountError, DateError};

/// Default timeout of one attempt.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default number of retries of a failed `GET`.
pub(crate) const DEFAULT_RETRIES: u32 = 2;
/// Default delay before the first retry.
pub(crate) const DEFAULT_BACKOFF: Duration = Duration::from_millis(200);
/// Longest computed backoff.
const MAX_BACKOFF: Duration = Duration::from_secs(2);
/// Longest `Retry-After` honoured; a longer one ends the retries.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(10);
/// Largest response body read.
pub(crate) const MAX_BODY: usize = 4 << 20;

/// A handle's connection settings.
#[derive(Clone, Debug)]
pub(crate) struct Config {
    /// One origin for every service, or `None` for the production origins.
    base: Option<Origin>,
    pub(crate) timeout: Duration,
    pub(crate) retries: u32,
    pub(crate) backoff: Duration,
}

/// A base origin: from the attribute (in the binary, no allocation) or set at
/// run time (shared by clones).
#[derive(Clone, Debug)]
enum Origin {
    Static(&'static str),
    Shared(Arc<str>),
}

impl core::ops::Deref for Origin {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Origin::Static(s) => s,
            Origin::Shared(s) => s,
        }
    }
}

impl Config {
    /// Sets an origin that was checked and normalised at build time.
    pub(crate) fn with_validated_base_url(mut self, url: &'static str) -> Config {
        self.base = Some(Origin::Static(url));
        self
    }

    pub(crate) const DEFAULT: Config = Config {
        base: None,
        timeout: DEFAULT_TIMEOUT,
        retries: DEFAULT_RETRIES,
        backoff: DEFAULT_BACKOFF,
    };

    pub(crate) fn with_base_url(mut self, url: &str) -> Result<Config, Error> {
        mileston_config_core::url::check_base_url(url).map_err(Error::BaseUrl)?;
        let trimmed = url.trim_end_matches('/');
        // The scheme in lower case (it is ASCII, checked above).
        let (scheme, rest) = trimmed
            .split_once("://")
            .ok_or(Error::BaseUrl(BaseUrlError::MissingScheme))?;
        let mut s = String::with_capacity(trimmed.len());
        s.push_str(&scheme.to_ascii_lowercase());
        s.push_str("://");
        s.push_str(rest);
        self.base = Some(Origin::Shared(Arc::from(s)));
        Ok(self)
    }

    pub(crate) fn base_url(&self) -> Option<&str> {
        self.base.as_deref()
    }

    fn origin(&self, service: Service) -> &str {
        match &self.base {
            Some(b) => b,
            None => service.production_origin(),
        }
    }

    /// `origin + prefix + path`.
    pub(crate) fn url(&self, service: Service, path: &str) -> String {
        let origin = self.origin(service);
        let prefix = service.path_prefix();
        let mut s = String::with_capacity(origin.len() + prefix.len() + path.len());
        s.push_str(origin);
        s.push_str(prefix);
        s.push_str(path);
        s
    }

    /// `origin + /status`.
    pub(crate) fn status_url(&self, service: Service) -> String {
        let mut s = String::from(self.origin(service));
        s.push_str("/status");
        s
    }
}

/// Everything that can go wrong with a request. Never contains a key: no
/// header value is kept, and an API message that happens to quote the key has
/// it replaced by `<redacted>`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status (after retries, for a `GET`).
    Status {
        /// The HTTP status, e.g. 400, 401, 403, 404, 429, 503.
        status: u16,
        /// The API's `message` (several joined with `; `), or, without one,
        /// its `error` or `status` field, or the empty string.
        message: String,
    },
    /// No answer: the connection could not be made or was lost, or a
    /// redirect was refused (redirects are never followed: they would carry
    /// the key elsewhere).
    Transport {
        /// What the transport reported (no URL, no header).
        message: String,
    },
    /// No complete answer within the handle's timeout.
    Timeout {
        /// The timeout of one attempt.
        after: Duration,
    },
    /// An answer that is not what the protocol says (not JSON, a missing
    /// field, a body over 4 MiB, ...).
    Decode {
        /// The HTTP status of the answer.
        status: u16,
        /// What did not match.
        message: String,
    },
    /// A base URL was refused (see [`BaseUrlError`]).
    BaseUrl(BaseUrlError),
    /// An amount was refused before sending.
    InvalidAmount(AmountError),
    /// A date was refused before sending.
    InvalidDate(DateError),
    /// The handle was built without keys (a docs.rs build, or one with
    /// `MILESTON_ALLOW_MISSING_KEYS=1`): nothing is sent.
    NoKeys,
    /// Another input was refused before sending (an empty ID, a list limit
    /// outside 1..=100, a recurring interval outside 1..=3650, ...).
    InvalidInput {
        /// The field, as named on the wire (`limit`, `id`, `recurringInterval`...).
        field: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
}

impl Error {
    /// The HTTP status, for [`Error::Status`] and [`Error::Decode`].
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Status { status, .. } | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether this is an [`Error::Timeout`].
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// Whether the request was refused before anything was sent
    /// ([`Error::BaseUrl`], [`Error::InvalidAmount`], [`Error::InvalidDate`],
    /// [`Error::InvalidInput`]).
    pub fn is_invalid_input(&self) -> bool {
        matches!(
            self,
            Error::BaseUrl(_)
                | Error::InvalidAmount(_)
                | Error::InvalidDate(_)
                | Error::InvalidInput { .. }
                | Error::NoKeys
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Status { status, message } if message.is_empty() => {
                write!(f, "the Mileston API answered HTTP {status}")
            }
            Error::Status { status, message } => {
                write!(f, "the Mileston API answered HTTP {status}: {message}")
            }
            Error::Transport { message } => {
                write!(f, "could not reach the Mileston API: {message}")
            }
            // In whole milliseconds: `Duration`'s `Debug` would add ~2 KB to a
            // wasm page (BENCHMARKS.md).
            Error::Timeout { after } => {
                let ms = u64::try_from(after.as_millis()).unwrap_or(u64::MAX);
                write!(f, "the Mileston API did not answer within {ms} ms")
            }
            Error::Decode { status, message } => write!(
                f,
                "unexpected answer from the Mileston API (HTTP {status}): {message}"
            ),
            Error::BaseUrl(e) => e.fmt(f),
            Error::InvalidAmount(e) => write!(f, "invalid amount: {e}"),
            Error::InvalidDate(e) => write!(f, "invalid date: {e}"),
            Error::InvalidInput { field, reason } => write!(f, "invalid `{field}`: {reason}"),
            Error::NoKeys => f.write_str(
                "this handle was built without Mileston keys (a docs.rs build, or \
                 MILESTON_ALLOW_MISSING_KEYS=1): it cannot make requests; build with the keys set",
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::BaseUrl(e) => Some(e),
            Error::InvalidAmount(e) => Some(e),
            Error::InvalidDate(e) => Some(e),
            _ => None,
        }
    }
}

impl From<BaseUrlError> for Error {
    fn from(e: BaseUrlError) -> Self {
        Error::BaseUrl(e)
    }
}

impl From<AmountError> for Error {
    fn from(e: AmountError) -> Self {
        Error::InvalidAmount(e)
    }
}

impl From<DateError> for Error {
    fn from(e: DateError) -> Self {
        Error::InvalidDate(e)
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
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// The two identity headers. Borrowed from the handle for one call, never
/// stored.
#[derive(Clone, Copy)]
pub(crate) struct Auth<'a> {
    pub(crate) key: &'a str,
    pub(crate) business_id: &'a str,
}

impl<'a> Auth<'a> {
    /// A handle's credentials, or [`Error::NoKeys`] for a handle built
    /// without keys, before anything is sent. `key` is only called for a real
    /// key (a placeholder's `expose_secret` panics).
    pub(crate) fn of(
        placeholder: bool,
        key: impl FnOnce() -> &'a str,
        business_id: &'a crate::BusinessId,
    ) -> Result<Auth<'a>, Error> {
        if placeholder {
            return Err(Error::NoKeys);
        }
        Ok(Auth {
            key: key(),
            business_id: business_id.as_str(),
        })
    }
}

/// One request, as the transports send it.
pub(crate) struct Call<'a> {
    pub(crate) method: Method,
    pub(crate) url: String,
    /// JSON.
    pub(crate) body: Option<String>,
    /// `None` for `GET /status`, which needs no key.
    pub(crate) auth: Option<Auth<'a>>,
}

/// An answer, whatever its status.
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) body: Vec<u8>,
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

fn backoff(base: Duration, retry: u32) -> Duration {
    let d = base
        .checked_mul(1u32 << retry.min(16))
        .unwrap_or(MAX_BACKOFF)
        .min(MAX_BACKOFF);
    // Jitter: between half and all of it (in whole nanoseconds: `mul_f64`
    // would link float-to-`Duration` conversion and its panics in).
    let half = (d.as_nanos() / 2) as u64;
    Duration::from_nanos(half + (half as f64 * transport::random_unit()) as u64)
}

/// Sends `call`, retrying `GET`s per the handle's policy. Returns the last
/// answer whatever its status.
pub(crate) async fn execute(config: &Config, call: &Call<'_>) -> Result<Reply, Error> {
    let idempotent = call.method == Method::Get;
    let mut retry = 0;
    loop {
        let may_retry = idempotent && retry < config.retries;
        let delay = match transport::send(call, config.timeout).await {
            Ok(reply) => {
                let transient = reply.status == 429 || (500..=599).contains(&reply.status);
                if !(transient && may_retry) {
                    return Ok(reply);
                }
                match reply.retry_after {
                    Some(d) if d > MAX_RETRY_AFTER => return Ok(reply),
                    Some(d) => d,
                    None => backoff(config.backoff, retry),
                }
            }
            Err(Error::Transport { .. }) if may_retry => backoff(config.backoff, retry),
            Err(e) => return Err(e),
        };
        transport::sleep(delay).await;
        retry += 1;
    }
}

/// Replaces every occurrence of the key in `s` (API messages are the server's
/// text; this keeps the promise that an [`Error`] never holds a key).
fn scrub(mut s: String, secret: Option<&str>) -> String {
    if let Some(secret) = secret.filter(|k| !k.is_empty()) {
        if s.contains(secret) {
            s = s.replace(secret, "<redacted>");
        }
    }
    s
}

/// An error body: its message is `message`, else `error`, else `status`.
#[derive(serde::Deserialize)]
#[cfg_attr(any(target_arch = "wasm32", test), derive(miniserde::Deserialize))]
struct ErrorBody {
    message: Option<MessageText>,
    error: Option<MessageText>,
    status: Option<MessageText>,
}

impl ErrorBody {
    fn message(self) -> Option<String> {
        let text = |m: Option<MessageText>| m.and_then(|m| m.0);
        text(self.message)
            .or(text(self.error))
            .or(text(self.status))
    }
}

/// The error for a non-2xx answer.
fn status_error(reply: &Reply, secret: Option<&str>) -> Error {
    let message = transport::from_json::<ErrorBody>(&reply.body)
        .ok()
        .and_then(ErrorBody::message)
        .unwrap_or_default();
    Error::Status {
        status: reply.status,
        message: scrub(message, secret),
    }
}

/// A member of an error body: a string, or a list whose strings are joined
/// with `; ` (validation errors may come as a list of messages); `None` for
/// anything else (`null`, a number, an object, a list without strings).
struct MessageText(Option<String>);

impl<'de> serde::Deserialize<'de> for MessageText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextVisitor { list: true })
            .map(MessageText)
    }
}

/// Reads a string (`Some`), and at the top level a list of values (their
/// strings joined); any other value is read through and gives `None`.
struct TextVisitor {
    list: bool,
}

/// One item of a message list: its text if it is a string.
struct ListItem(Option<String>);

impl<'de> serde::Deserialize<'de> for ListItem {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextVisitor { list: false }).map(ListItem)
    }
}

impl<'de> serde::de::Visitor<'de> for TextVisitor {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut joined: Option<String> = None;
        if !self.list {
            while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
            return Ok(None);
        }
        while let Some(ListItem(item)) = seq.next_element()? {
            let Some(part) = item else { continue };
            match &mut joined {
                None => joined = Some(part),
                Some(j) => {
                    j.push_str("; ");
                    j.push_str(&part);
                }
            }
        }
        Ok(joined)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        Ok(None)
    }
}

/// A 2xx answer's JSON as `T`; any other answer as [`Error::Status`].
pub(crate) fn decode<T: Wire>(reply: &Reply, secret: Option<&str>) -> Result<T, Error> {
    if !(200..=299).contains(&reply.status) {
        return Err(status_error(reply, secret));
    }
    transport::from_json(&reply.body).map_err(|message| Error::Decode {
        status: reply.status,
        message: scrub(message, secret),
    })
}

/// Sends and decodes, with the handle's key and business ID.
pub(crate) async fn call_json<T: Wire>(
    config: &Config,
    auth: Auth<'_>,
    method: Method,
    url: String,
    body: Option<String>,
) -> Result<T, Error> {
    let call = Call {
        method,
        url,
        body,
        auth: Some(auth),
    };
    let reply = execute(config, &call).await?;
    decode(&reply, Some(auth.key))
}

/// JSON text of a request body.
pub(crate) fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|_| Error::InvalidInput {
        field: "body",
        reason: "cannot be written as JSON",
    })
}

/// The health of one service (`GET /status`, no key sent).
pub(crate) async fn health(config: &Config, service: Service) -> Result<types::Health, Error> {
    let call = Call {
        method: Method::Get,
        url: config.status_url(service),
        body: None,
        auth: None,
    };
    let reply = execute(config, &call).await?;
    decode(&reply, None)
}

/// Checks an ID and writes it as one path segment (`/` + percent-encoded).
pub(crate) fn push_id(url: &mut String, id: &str) -> Result<(), Error> {
    if id.is_empty() {
        return Err(Error::InvalidInput {
            field: "id",
            reason: "it is empty",
        });
    }
    if id == "." || id == ".." {
        return Err(Error::InvalidInput {
            field: "id",
            reason: "`.` and `..` are not IDs",
        });
    }
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
    fn urls() {
        let c = Config::DEFAULT;
        assert_eq!(
            c.url(Service::Invoices, "/create"),
            "https://invoice-service.mileston.co/invoice/create"
        );
        let c = c.with_base_url("HTTP://127.0.0.1:8080//").unwrap();
        assert_eq!(c.base_url(), Some("http://127.0.0.1:8080"));
        assert_eq!(
            c.status_url(Service::Checkout),
            "http://127.0.0.1:8080/status"
        );
        let mut u = String::new();
        push_id(&mut u, "a b/c?d").unwrap();
        assert_eq!(u, "/a%20b%2Fc%3Fd");
        assert!(push_id(&mut u, "..").is_err());
        assert!(push_id(&mut u, "").is_err());
    }

    #[test]
    fn scrub_replaces_every_occurrence() {
        for (s, k) in [
            ("", "k"),
            ("kk", "k"),
            ("akbk", "k"),
            ("é k é k", "k"),
            ("kkk", "kk"),
            ("abc", "abcd"),
            ("xabcx", "abc"),
            ("ab", "é"),
        ] {
            assert_eq!(scrub(s.to_owned(), Some(k)), s.replace(k, "<redacted>"));
        }
        assert_eq!(scrub("abc".to_owned(), Some("")), "abc");
        assert_eq!(scrub("abc".to_owned(), None), "abc");
    }

    /// An error body's message as the `serde_json::Value`-based code had it,
    /// for comparison with `MessageText`.
    fn old_api_message(body: &[u8]) -> Option<String> {
        #[derive(serde::Deserialize)]
        struct Body {
            #[serde(default)]
            message: Option<serde_json::Value>,
            #[serde(default)]
            error: Option<serde_json::Value>,
            #[serde(default)]
            status: Option<serde_json::Value>,
        }
        let text = |v: &serde_json::Value| -> Option<String> {
            match v {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Array(items) => {
                    let parts: Vec<&str> = items.iter().filter_map(|i| i.as_str()).collect();
                    (!parts.is_empty()).then(|| parts.join("; "))
                }
                _ => None,
            }
        };
        // Only an object is an error body. (The old code also took a list's
        // first string as `message`: serde reads a struct from a list by
        // position. The wasm decoder does not, so neither does the new code.)
        if !body.trim_ascii_start().starts_with(b"{") {
            return None;
        }
        serde_json::from_slice::<Body>(body).ok().and_then(|b| {
            b.message
                .as_ref()
                .and_then(text)
                .or_else(|| b.error.as_ref().and_then(text))
                .or_else(|| b.status.as_ref().and_then(text))
        })
    }

    #[test]
    fn api_messages_as_before() {
        for body in [
            r#"{"statusCode":400,"error":"Bad Request","message":"m"}"#,
            r#"{"message":["a",1,"b",null,["c"],{"d":"e"},"d"]}"#,
            r#"{"message":[1,2],"error":"e"}"#,
            r#"{"message":[],"error":["x"],"status":"s"}"#,
            r#"{"message":null,"status":"unhealthy"}"#,
            r#"{"message":5.5,"error":{"a":"b"},"status":"s\u00e9\n"}"#,
            r#"{"message":true,"error":-3,"status":"s"}"#,
            r#"{"message":"a","message":"b"}"#,
            r#"{"message":null,"message":"b"}"#,
            r#"{"other":{"message":"x"},"error":"e"}"#,
            r#"{"message":"m"} trailing"#,
            r#"{"message":"m","x":[1,]}"#,
            r#"{"message":"m""#,
            r#"{"message":"a\"b\\c\ud83d\ude00"}"#,
            r#"{}"#,
            r#"[]"#,
            r#"["message"]"#,
            r#""message""#,
            "",
            "<html>",
            " \n{\"message\" : \"spaced\" }\n",
        ] {
            let reply = Reply {
                status: 400,
                retry_after: None,
                body: body.as_bytes().to_vec(),
            };
            assert_eq!(
                status_error(&reply, None),
                Error::Status {
                    status: 400,
                    message: old_api_message(body.as_bytes()).unwrap_or_default(),
                },
                "{body}"
            );
        }
    }

    #[test]
    fn timeout_reads_in_milliseconds() {
        let e = |after| Error::Timeout { after }.to_string();
        assert_eq!(
            e(Duration::from_millis(1500)),
            "the Mileston API did not answer within 1500 ms"
        );
        assert_eq!(
            e(Duration::from_secs(30)),
            "the Mileston API did not answer within 30000 ms"
        );
        assert_eq!(
            e(Duration::MAX),
            format!("the Mileston API did not answer within {} ms", u64::MAX)
        );
    }

    #[test]
    fn retry_after_and_backoff() {
        assert_eq!(parse_retry_after(" 3 "), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after("-1"), None);
        for retry in 0..40 {
            let d = backoff(DEFAULT_BACKOFF, retry);
            assert!(d <= MAX_BACKOFF, "{d:?}");
            assert!(d >= DEFAULT_BACKOFF / 2, "{d:?}");
        }
    }

    #[test]
    fn status_messages() {
        let reply = |body: &str| Reply {
            status: 400,
            retry_after: None,
            body: body.as_bytes().to_vec(),
        };
        let key = "Mileston_TEST_FAKEfake0000000000a1";
        let e = status_error(
            &reply(
                r#"{"statusCode":400,"error":"Bad Request","message":"bad key Mileston_TEST_FAKEfake0000000000a1"}"#,
            ),
            Some(key),
        );
        assert_eq!(
            e,
            Error::Status {
                status: 400,
                message: "bad key <redacted>".into()
            }
        );
        let e = status_error(&reply(r#"{"message":["a","b"]}"#), Some(key));
        assert_eq!(e.to_string(), "the Mileston API answered HTTP 400: a; b");
        let e = status_error(&reply("<html>"), Some(key));
        assert_eq!(e.to_string(), "the Mileston API answered HTTP 400");
        let e = status_error(&reply(r#"{"status":"unhealthy"}"#), None);
        assert_eq!(
            e.to_string(),
            "the Mileston API answered HTTP 400: unhealthy"
        );
    }
}
