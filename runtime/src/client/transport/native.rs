//! Native transport: one `reqwest::Client` for the whole process, rustls with
//! the *ring* provider and the platform's certificate verifier, or the
//! client a user gave the handle (`with_http_client`).

use core::time::Duration;
use std::borrow::Cow;
use std::sync::OnceLock;

use reqwest::header::{CONTENT_TYPE, HeaderValue, USER_AGENT};

use mileston_config_core::protocol::{Method, header};

use crate::client::error::Error;
use crate::client::request::{
    Lost, MAX_BODY, NoAnswer, Reply, Request, parse_retry_after, too_big,
};
use crate::client::settings::Settings;

/// Connecting alone may take this long.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Every native request's `User-Agent`. Set on each request rather than on
/// the default client, so that a user's client sends it too (a request's
/// header wins over a client's default in reqwest).
const AGENT: &str = concat!("mileston-config/", env!("CARGO_PKG_VERSION"));

/// The process-wide client, built at the first request (never per handle or
/// per request). A failure to build it is kept and reported by every request.
fn client() -> Result<&'static reqwest::Client, Error> {
    static CLIENT: OnceLock<Result<reqwest::Client, Error>> = OnceLock::new();
    CLIENT
        .get_or_init(|| http_client_builder()?.build().map_err(|e| transport(&e)))
        .as_ref()
        .map_err(Clone::clone)
}

/// A reqwest 0.13 client builder with this crate's defaults (rustls with the
/// *ring* provider and the platform's certificate verifier, HTTP/1.1, 10 s
/// to connect, redirects refused), which the process-wide client of every
/// handle is built from: add what you need (a proxy, your own root
/// certificates, a client certificate, pool settings), build it, and give it
/// to a handle's `with_http_client`. Native targets only.
///
/// Do not turn redirects back on (a followed redirect carries the `apikey`
/// header and the wallet API's signature to wherever it points), nor
/// reqwest's `connection_verbose` (it logs every request's headers, the key
/// and the signature among them, in clear).
///
/// ```no_run
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let client = mileston_config::http_client_builder()?
///     .proxy(reqwest::Proxy::https("http://proxy.internal:3128")?)
///     .build()?;
/// # let _ = client;
/// # Ok(())
/// # }
/// ```
///
/// # Errors
/// [`Error::Transport`] when the platform's certificate verifier cannot be
/// set up.
pub fn http_client_builder() -> Result<reqwest::ClientBuilder, Error> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let tls_failed = |e: rustls::Error| Error::Transport {
        message: format!("TLS setup failed: {e}"),
    };
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let mut tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(tls_failed)?
        .with_platform_verifier()
        .map_err(tls_failed)?
        .with_no_client_auth();
    tls.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .connect_timeout(CONNECT_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none()))
}

fn transport(e: &reqwest::Error) -> Error {
    Error::Transport {
        message: describe(e),
    }
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

/// What reqwest's error says about the request: never sent when no
/// connection was made (refused, no route, a failed TLS handshake, or the
/// time ran out while connecting), else perhaps sent.
fn no_answer(e: reqwest::Error, timeout: Duration) -> NoAnswer {
    let lost = match (e.is_connect(), e.is_timeout()) {
        (true, _) => Lost::NotSent,
        (false, true) => Lost::Timeout,
        (false, false) => Lost::Connection,
    };
    let error = if e.is_timeout() {
        Error::Timeout { after: timeout }
    } else {
        transport(&e.without_url())
    };
    NoAnswer { lost, error }
}

/// An answer that cannot be read whole: it came, but says nothing certain.
fn unreadable(error: Error) -> NoAnswer {
    NoAnswer {
        lost: Lost::Unreadable,
        error,
    }
}

/// A header value kept out of `Debug` output (reqwest and hyper honour it).
fn sensitive(value: &str) -> Result<HeaderValue, NoAnswer> {
    let mut v = HeaderValue::from_str(value).map_err(|_| NoAnswer {
        lost: Lost::NotSent,
        error: Error::InvalidInput {
            field: "header",
            reason: "a key or business ID cannot be sent as a header",
        },
    })?;
    v.set_sensitive(true);
    Ok(v)
}

pub(crate) async fn send(call: &Request<'_>, settings: &Settings) -> Result<Reply, NoAnswer> {
    let timeout = settings.timeout();
    let client = match settings.http_client() {
        Some(client) => client,
        None => client().map_err(|error| NoAnswer {
            lost: Lost::NotSent,
            error,
        })?,
    };
    let method = match call.method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Patch => reqwest::Method::PATCH,
        Method::Delete => reqwest::Method::DELETE,
    };
    // The handle's timeout, whatever the client's own.
    let mut request = client.request(method, call.url.as_str()).timeout(timeout);
    if let Some(id) = call.identity {
        request = request
            .header(header::API_KEY, sensitive(id.key)?)
            .header(header::BUSINESS_ID, sensitive(id.business_id)?);
    }
    // Extra headers (a request signature, ...) are kept out of `Debug` too.
    for (name, value) in &call.headers {
        request = request.header(*name, sensitive(value)?);
    }
    if call.json() {
        request = request.header(CONTENT_TYPE, HeaderValue::from_static(header::JSON));
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
    let mut response = request.send().await.map_err(|e| no_answer(e, timeout))?;
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
        return Err(unreadable(too_big(status)));
    }
    // Sized from `Content-Length` when there is one (checked above), so a
    // one-chunk answer is copied once, without reallocation.
    let mut body = Vec::with_capacity(response.content_length().map_or(0, |n| n as usize));
    while let Some(chunk) = response.chunk().await.map_err(|e| no_answer(e, timeout))? {
        if body.len() + chunk.len() > MAX_BODY {
            return Err(unreadable(too_big(status)));
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

/// Milliseconds since the Unix epoch, by this machine's clock.
pub(crate) fn unix_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
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
