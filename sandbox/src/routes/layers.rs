//! The layers around the endpoints, outermost first: CORS, (the request log,
//! in `requests.rs`,) faults, and the guard that makes every error JSON and
//! never lets a response carry the caller's key.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use mileston_config_core::protocol::header as names;
use tokio::sync::Notify;

use super::answer::error_response;
use super::app::App;
use super::extract::too_large;
use crate::state::error::{ApiError, echo};

/// Put in each request's extensions by [`crate::serve`]: notifying it closes
/// the request's connection at once, without an answer.
#[derive(Clone)]
pub(crate) struct ConnectionKill(pub(crate) Arc<Notify>);

/// Whether `path` is one of the sandbox's own control paths.
pub(crate) fn is_control(path: &str) -> bool {
    path == "/__sandbox" || path.starts_with("/__sandbox/")
}

/// Whether a browser origin is on loopback: `http://127.0.0.1[:port]`,
/// `http://localhost[:port]` or `http://[::1][:port]`.
pub(crate) fn origin_allowed(origin: &str) -> bool {
    let Some(rest) = origin.strip_prefix("http://") else {
        return false;
    };
    let (host, port) = if let Some(h) = rest.strip_prefix("[::1]") {
        ("[::1]", h)
    } else {
        match rest.find(':') {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        }
    };
    let port_ok = port.is_empty()
        || port.strip_prefix(':').is_some_and(|p| {
            p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u16>().is_ok_and(|n| n > 0)
        });
    matches!(host, "127.0.0.1" | "localhost" | "[::1]") && port_ok
}

const ALLOW_METHODS: &str = "GET, POST, PATCH, DELETE, OPTIONS";
/// Every header Mileston's SDKs send: `env` goes with the checkout's
/// sub-wallet read, `x-request-signature` with the wallet API.
const ALLOW_HEADERS: [&str; 5] = [
    names::API_KEY,
    names::BUSINESS_ID,
    names::CONTENT_TYPE,
    names::ENV,
    names::REQUEST_SIGNATURE,
];

/// CORS for loopback origins; preflights are answered here with 204 (allowed)
/// or 403 (any other origin), and never reach the fault layer or the counter.
pub(crate) async fn cors(req: Request, next: Next) -> Response {
    let allowed = req
        .headers()
        .get(header::ORIGIN)
        .filter(|o| o.to_str().is_ok_and(origin_allowed))
        .cloned();
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut response = if preflight {
        match &allowed {
            Some(_) => {
                let mut r = Response::new(Body::empty());
                *r.status_mut() = StatusCode::NO_CONTENT;
                let h = r.headers_mut();
                h.insert(
                    header::ACCESS_CONTROL_ALLOW_METHODS,
                    HeaderValue::from_static(ALLOW_METHODS),
                );
                if let Ok(allowed) = HeaderValue::from_str(&ALLOW_HEADERS.join(", ")) {
                    h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, allowed);
                }
                h.insert(
                    header::ACCESS_CONTROL_MAX_AGE,
                    HeaderValue::from_static("600"),
                );
                r
            }
            None => error_response(
                StatusCode::FORBIDDEN,
                "CORS: this origin may not call the sandbox; it answers browser pages served \
                 from loopback only (http://127.0.0.1:*, http://localhost:*, http://[::1]:*)",
            ),
        }
    } else {
        next.run(req).await
    };
    let h = response.headers_mut();
    if let Some(origin) = allowed {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
    h.append(header::VARY, HeaderValue::from_static("origin"));
    response
}

/// What the fault layer does to one request.
enum Fault {
    None,
    Drop,
    Fail(StatusCode),
    Truncate,
}

/// Applies the faults in force to requests to non-`/__sandbox` paths: delay,
/// then (one at a time, in this order) drop, fail, truncate.
pub(crate) async fn faults(State(app): State<App>, req: Request, next: Next) -> Response {
    if is_control(req.uri().path()) {
        return next.run(req).await;
    }
    let (delay, fault) = {
        let mut store = app.lock();
        let f = &mut store.faults;
        let fault = if f.drop_next > 0 {
            f.drop_next -= 1;
            Fault::Drop
        } else if f.fail_next > 0 {
            f.fail_next -= 1;
            Fault::Fail(
                StatusCode::from_u16(f.fail_status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE),
            )
        } else if f.truncate_next > 0 {
            f.truncate_next -= 1;
            Fault::Truncate
        } else {
            Fault::None
        };
        (f.delay_ms, fault)
    };
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    match fault {
        Fault::None => next.run(req).await,
        Fault::Drop => match req.extensions().get::<ConnectionKill>() {
            Some(kill) => {
                // `serve` drops the connection, and this future with it.
                kill.0.notify_one();
                std::future::pending().await
            }
            // Served by something other than `serve` (the bare `router()`):
            // a response whose body fails at once makes hyper abort the
            // connection instead of finishing the answer.
            None => Response::new(Body::new(FailingBody)),
        },
        Fault::Fail(status) => error_response(
            status,
            &format!(
                "sandbox fault: this request was failed on purpose with {} (failNext)",
                status.as_u16()
            ),
        ),
        Fault::Truncate => {
            let response = next.run(req).await;
            let bytes = to_bytes(response.into_body(), usize::MAX)
                .await
                .unwrap_or_default();
            let cut = bytes.slice(..bytes.len() / 2);
            let mut r = Response::new(Body::from(cut));
            r.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(names::JSON));
            r
        }
    }
}

/// A body that fails on first poll (see [`faults`]).
struct FailingBody;

impl http_body::Body for FailingBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        Poll::Ready(Some(Err(std::io::Error::other(
            "sandbox fault: connection dropped on purpose (dropNext)",
        ))))
    }
}

/// Makes every error response JSON (axum's own 405, an oversize body, …) and
/// withholds any response whose body contains the request's `apikey` value.
pub(crate) async fn guard(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let apikey = req
        .headers()
        .get(names::API_KEY)
        .map(|v| v.as_bytes().to_vec())
        .filter(|k| k.len() >= 12);
    let response = next.run(req).await;
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, usize::MAX).await else {
        return error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the sandbox failed to produce a response",
        );
    };
    if let Some(key) = apikey
        && bytes.windows(key.len()).any(|w| w == key.as_slice())
    {
        return error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the sandbox withheld a response that would have contained your API key",
        );
    }
    let is_json = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let status = parts.status;
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        let message = match status {
            StatusCode::METHOD_NOT_ALLOWED => {
                let allow = parts
                    .headers
                    .get(header::ALLOW)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                format!(
                    "method {method} is not allowed on {} (allowed: {allow})",
                    echo(&path)
                )
            }
            StatusCode::PAYLOAD_TOO_LARGE => too_large().message,
            StatusCode::NOT_FOUND => format!("no such endpoint: {method} {}", echo(&path)),
            _ => status.canonical_reason().unwrap_or("error").to_string(),
        };
        let mut r = ApiError::new(status, message).into_response();
        // Keep headers such as `Allow`, but describe the new body.
        parts.headers.remove(header::CONTENT_LENGTH);
        for (name, value) in r
            .headers_mut()
            .drain()
            .filter_map(|(n, v)| n.map(|n| (n, v)))
        {
            parts.headers.insert(name, value);
        }
        return Response::from_parts(parts, r.into_body());
    }
    Response::from_parts(parts, Body::from(bytes))
}
