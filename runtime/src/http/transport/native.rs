//! Native transport: one `reqwest::Client` for the whole process, rustls with
//! the *ring* provider and the platform's certificate verifier, or the
//! client a user gave the handle (`with_http_client`).

use core::time::Duration;
use std::borrow::Cow;
use std::sync::OnceLock;

use reqwest::header::{CONTENT_TYPE, HeaderValue, USER_AGENT};

use crate::http::config::Config;
use crate::http::error::Error;
use crate::http::request::{MAX_BODY, Method, Reply, Request, parse_retry_after, too_big};

/// Connecting alone may take this long.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Every native request's `User-Agent`. Set on each request rather than on
/// the default client, so that a user's client sends it too (a request's
/// header wins over a client's default in reqwest).
const AGENT: &str = concat!("mileston-config/", env!("CARGO_PKG_VERSION"));

/// The process-wide client, built at the first request (never per handle or
/// per request). A failure to build it is kept and reported by every request.
fn client() -> Result<&'static reqwest::Client, Error> {
    static CLIENT: OnceLock<Result<reqwest::Client, String>> = OnceLock::new();
    CLIENT
        .get_or_init(build)
        .as_ref()
        .map_err(|message| Error::Transport {
            message: message.clone(),
        })
}

fn build() -> Result<reqwest::Client, String> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let mut tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS setup failed: {e}"))?
        .with_platform_verifier()
        .map_err(|e| format!("TLS setup failed: {e}"))?
        .with_no_client_auth();
    tls.alpn_protocols = vec![b"http/1.1".to_vec()];
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .connect_timeout(CONNECT_TIMEOUT)
        // A redirect would carry the `apikey` header to wherever it points.
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| describe(&e))
}

/// The error and its causes, without the URL (no header is ever in them).
fn describe(e: &reqwest::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let text = s.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = s.source();
    }
    message
}

fn map_err(e: reqwest::Error, timeout: Duration) -> Error {
    if e.is_timeout() {
        return Error::Timeout { after: timeout };
    }
    Error::Transport {
        message: describe(&e.without_url()),
    }
}

/// A header value kept out of `Debug` output (reqwest and hyper honour it).
fn sensitive(value: &str) -> Result<HeaderValue, Error> {
    let mut v = HeaderValue::from_str(value).map_err(|_| Error::InvalidInput {
        field: "header",
        reason: "a key or business ID cannot be sent as a header",
    })?;
    v.set_sensitive(true);
    Ok(v)
}

pub(crate) async fn send(call: &Request<'_>, config: &Config) -> Result<Reply, Error> {
    let timeout = config.timeout();
    let client = match config.http_client() {
        Some(client) => client,
        None => client()?,
    };
    let method = match call.endpoint.method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Patch => reqwest::Method::PATCH,
        Method::Delete => reqwest::Method::DELETE,
    };
    // The handle's timeout, whatever the client's own.
    let mut request = client.request(method, call.url.as_str()).timeout(timeout);
    if let Some(auth) = call.auth {
        request = request
            .header("apikey", sensitive(auth.key)?)
            .header("businessid", sensitive(auth.business_id)?);
    }
    // Extra headers (a request signature, ...) are kept out of `Debug` too.
    for &(name, value) in call.headers {
        request = request.header(name, sensitive(value)?);
    }
    if let Some(content_type) = call.content_type {
        request = request.header(CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    // Last, where the default client's own `user_agent` put it before.
    request = request.header(USER_AGENT, HeaderValue::from_static(AGENT));
    match &call.body {
        Some(Cow::Borrowed(bytes)) => request = request.body(*bytes),
        // A copy per attempt: the request is kept for a retry, and reqwest
        // takes its body by value.
        Some(Cow::Owned(bytes)) => request = request.body(bytes.clone()),
        None => {}
    }
    let mut response = request.send().await.map_err(|e| map_err(e, timeout))?;
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_retry_after);
    if response
        .content_length()
        .is_some_and(|n| n > MAX_BODY as u64)
    {
        return Err(too_big(status));
    }
    // Sized from `Content-Length` when there is one (checked above), so a
    // one-chunk answer is copied once, without reallocation.
    let mut body = Vec::with_capacity(response.content_length().map_or(0, |n| n as usize));
    while let Some(chunk) = response.chunk().await.map_err(|e| map_err(e, timeout))? {
        if body.len() + chunk.len() > MAX_BODY {
            return Err(too_big(status));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Reply {
        status,
        retry_after,
        body,
    })
}

pub(crate) async fn sleep(d: Duration) {
    tokio::time::sleep(d).await;
}

/// A number in [0, 1) for backoff jitter; not cryptographic.
pub(crate) fn random_unit() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    // `RandomState` is seeded randomly per process and per instance.
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64),
    );
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// Milliseconds since a fixed instant of this process, for a request's
/// latency (feature `tracing`).
#[cfg(feature = "tracing")]
pub(crate) fn now_ms() -> f64 {
    static ORIGIN: OnceLock<std::time::Instant> = OnceLock::new();
    ORIGIN
        .get_or_init(std::time::Instant::now)
        .elapsed()
        .as_secs_f64()
        * 1000.0
}
