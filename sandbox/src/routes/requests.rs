//! The request log's routes: the layer that records every request to a
//! non-`/__sandbox` path as it arrives (`state/requests.rs` keeps them),
//! `GET /__sandbox/requests` (how many) and `GET /__sandbox/requests/log`.

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use mileston_config_core::protocol::header as names;
use serde::Serialize;
use serde_json::json;

use super::answer::json_response;
use super::app::App;
use super::extract::{BODY_LIMIT, KeyCheck, LogRead, too_large};
use super::layers::is_control;
use crate::state::requests::{Entry, FromBrowser, safe};

pub(crate) fn routes(router: Router<App>) -> Router<App> {
    router
        .route("/__sandbox/requests", get(count))
        .route("/__sandbox/requests/log", get(list))
}

/// A header's value, unless absent or key-like.
fn header_text(headers: &HeaderMap, name: &str, apikey: &[u8]) -> Option<String> {
    headers
        .get(name)
        .map(|v| safe(&String::from_utf8_lossy(v.as_bytes()), apikey))
}

/// Logs every request to a non-`/__sandbox` path, then passes every request
/// on with its body read in full (so an endpoint that answers without
/// reading the body, a refused `POST /__sandbox/webhooks` too, leaves none
/// unread on a connection the client may use again).
pub(crate) async fn record(State(app): State<App>, req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    let bytes = read_whole(&parts.headers, body).await;
    if is_control(parts.uri.path()) {
        return pass_on(next, parts, bytes).await;
    }
    let apikey = parts
        .headers
        .get(names::API_KEY)
        .map(|v| v.as_bytes().to_vec())
        .unwrap_or_default();
    let mut headers: Vec<String> = parts
        .headers
        .keys()
        .map(|n| n.as_str().to_owned())
        .collect();
    headers.sort();
    headers.dedup();
    let key = KeyCheck::of(&parts.headers);
    let mut entry = Entry {
        seq: 0,
        method: parts.method.to_string(),
        path: safe(parts.uri.path(), &apikey),
        query: parts.uri.query().map(|q| safe(q, &apikey)),
        headers,
        apikey: key.label(),
        businessid: header_text(&parts.headers, names::BUSINESS_ID, &apikey),
        content_type: header_text(&parts.headers, names::CONTENT_TYPE, &apikey),
        env: header_text(&parts.headers, names::ENV, &apikey),
        origin: header_text(&parts.headers, header::ORIGIN.as_str(), &apikey),
        body: None,
        members: None,
        json: None,
        withheld: None,
        status: None,
        normal_key_from_browser: None,
        owner: key.tenant(&parts.headers),
    };
    entry.set_body(bytes.as_deref(), &apikey);
    let seq = app.lock().log.record(entry);
    let response = pass_on(next, parts, bytes).await;
    let from_browser = response.extensions().get::<FromBrowser>().copied();
    app.lock()
        .log
        .answered(seq, response.status().as_u16(), from_browser);
    response
}

/// The whole body, or `None` when it is over the limit (or the client went
/// away while sending it).
async fn read_whole(headers: &HeaderMap, body: Body) -> Option<axum::body::Bytes> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    match declared {
        Some(n) if n > BODY_LIMIT => None,
        _ => to_bytes(body, BODY_LIMIT).await.ok(),
    }
}

/// The request, with the body read, to the endpoint; a body over the limit
/// is answered 413 here, and the connection closed, since the rest of it
/// was never read.
async fn pass_on(
    next: Next,
    parts: axum::http::request::Parts,
    bytes: Option<axum::body::Bytes>,
) -> Response {
    match bytes {
        Some(b) => next.run(Request::from_parts(parts, Body::from(b))).await,
        None => {
            let mut r = too_large().into_response();
            r.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            r
        }
    }
}

/// `GET /__sandbox/requests`: `{"total": n}`, requests received on
/// non-`/__sandbox` paths since start.
async fn count(State(app): State<App>) -> Response {
    let total = app.lock().log.total();
    json_response(StatusCode::OK, &json!({ "total": total }))
}

#[derive(Serialize)]
struct LogAnswer {
    total: u64,
    requests: Vec<Entry>,
}

/// `GET /__sandbox/requests/log[?since=SEQ]` with the normal key: the
/// caller's logged requests (and those that spoke for no tenant), oldest
/// first (at most the last 1,000 of all), and the total since start (every
/// tenant's: the sequence number `since` counts in).
async fn list(State(app): State<App>, read: LogRead) -> Response {
    let store = app.lock();
    let answer = LogAnswer {
        total: store.log.total(),
        requests: store.log.view(read.business, read.since),
    };
    json_response(StatusCode::OK, &answer)
}
