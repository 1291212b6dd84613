//! The request log: what each request to the API looked like on the wire
//! (method, path, query, headers, body bytes, JSON member order, the answer's
//! status), kept so that a test can compare the bytes two clients send for
//! the same call (`GET /__sandbox/requests/log`). It never holds a key: the
//! `apikey` header is logged as what kind of key it was, and anything else
//! that looks like a key is withheld.

use std::collections::VecDeque;
use std::fmt;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use mileston_config_core::key::looks_like_key;
use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::api::App;
use crate::extract::{BODY_LIMIT, KeyCheck, too_large};
use crate::middleware::is_control;
use crate::util::json_response;

/// The most requests the log keeps (the oldest go first), so that a load
/// test of thousands of requests does not grow the sandbox without bound.
pub(crate) const CAPACITY: usize = 1000;

/// What stands in for a value that looks like a key.
const WITHHELD: &str = "<withheld: it looks like an API key>";

/// The log, and the count of every request since start (its sequence numbers).
#[derive(Default)]
pub(crate) struct RequestLog {
    pub(crate) total: u64,
    entries: VecDeque<Entry>,
}

/// One request, as the sandbox received it.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Entry {
    /// 1 for the first request since start.
    seq: u64,
    method: String,
    path: String,
    /// The raw query string, without `?`.
    query: Option<String>,
    /// Every header's name, lowercase, sorted.
    headers: Vec<String>,
    /// What the `apikey` header held: `absent`, `malformed`, `live`,
    /// `unknown`, `normal` or `checkout` (never its value).
    apikey: &'static str,
    businessid: Option<String>,
    content_type: Option<String>,
    env: Option<String>,
    /// The body as sent (UTF-8, lossy), `null` when empty.
    body: Option<String>,
    /// The top-level member names of a JSON object body, in the order sent.
    members: Option<Vec<String>>,
    /// The body parsed as JSON (member order: see `members`).
    json: Option<Value>,
    /// Why `body`, `members` and `json` are missing though a body was sent.
    withheld: Option<&'static str>,
    /// The answer's status; `null` while pending, or when the connection was
    /// dropped without an answer.
    status: Option<u16>,
}

impl RequestLog {
    fn push(&mut self, entry: Entry) {
        if self.entries.len() == CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }

    fn set_status(&mut self, seq: u64, status: StatusCode) {
        if let Some(e) = self.entries.iter_mut().rev().find(|e| e.seq == seq) {
            e.status = Some(status.as_u16());
        }
    }
}

/// The top-level member names of a JSON object, in order.
struct Members(Vec<String>);

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Members, D::Error> {
        struct Names;
        impl<'de> Visitor<'de> for Names {
            type Value = Members;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = map.next_key::<String>()? {
                    map.next_value::<IgnoredAny>()?;
                    names.push(name);
                }
                Ok(Members(names))
            }
        }
        d.deserialize_map(Names)
    }
}

/// A header's value, unless absent or key-like.
fn header_text(headers: &HeaderMap, name: &str, apikey: &[u8]) -> Option<String> {
    headers
        .get(name)
        .map(|v| safe(&String::from_utf8_lossy(v.as_bytes()), apikey))
}

/// `text`, or [`WITHHELD`] when it contains a key (or the request's `apikey`).
fn safe(text: &str, apikey: &[u8]) -> String {
    if holds_key(text.as_bytes(), apikey) {
        WITHHELD.to_string()
    } else {
        text.to_string()
    }
}

fn holds_key(bytes: &[u8], apikey: &[u8]) -> bool {
    // (Short values are not keys, and the empty one is in everything.)
    (apikey.len() >= 12 && bytes.windows(apikey.len()).any(|w| w == apikey))
        || looks_like_key(&String::from_utf8_lossy(bytes))
}

/// Logs every request to a non-`/__sandbox` path, then passes it on with its
/// body read in full (so an endpoint that reads no body leaves none unread on
/// the connection). A body over the limit is answered 413 here, and the
/// connection closed, since the rest of it was never read.
pub(crate) async fn record(State(app): State<App>, req: Request, next: Next) -> Response {
    if is_control(req.uri().path()) {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let apikey = parts
        .headers
        .get("apikey")
        .map(|v| v.as_bytes().to_vec())
        .unwrap_or_default();
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let bytes = match declared {
        Some(n) if n > BODY_LIMIT => None,
        // A read error is a body over the limit, or a client gone.
        _ => to_bytes(body, BODY_LIMIT).await.ok(),
    };
    let mut headers: Vec<String> = parts
        .headers
        .keys()
        .map(|n| n.as_str().to_owned())
        .collect();
    headers.sort();
    headers.dedup();
    let mut entry = Entry {
        seq: 0,
        method: parts.method.to_string(),
        path: safe(parts.uri.path(), &apikey),
        query: parts.uri.query().map(|q| safe(q, &apikey)),
        headers,
        apikey: KeyCheck::of(&parts.headers).label(),
        businessid: header_text(&parts.headers, "businessid", &apikey),
        content_type: header_text(&parts.headers, "content-type", &apikey),
        env: header_text(&parts.headers, "env", &apikey),
        body: None,
        members: None,
        json: None,
        withheld: None,
        status: None,
    };
    match &bytes {
        None => entry.withheld = Some("the body is larger than the sandbox's 64 KiB limit"),
        Some(b) if b.is_empty() => {}
        Some(b) if holds_key(b, &apikey) => {
            entry.withheld = Some("the body contains something that looks like an API key");
        }
        Some(b) => {
            entry.body = Some(String::from_utf8_lossy(b).into_owned());
            entry.members = serde_json::from_slice::<Members>(b).ok().map(|m| m.0);
            entry.json = serde_json::from_slice(b).ok();
        }
    }
    let seq = {
        let mut store = app.lock();
        store.log.total += 1;
        entry.seq = store.log.total;
        let seq = entry.seq;
        store.log.push(entry);
        seq
    };
    let response = match bytes {
        Some(b) => next.run(Request::from_parts(parts, Body::from(b))).await,
        None => {
            let mut r = too_large().into_response();
            r.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            r
        }
    };
    app.lock().log.set_status(seq, response.status());
    response
}

/// `?since=SEQ`: only the requests after that one.
#[derive(Deserialize)]
pub(crate) struct Since {
    since: Option<u64>,
}

#[derive(Serialize)]
struct LogAnswer {
    total: u64,
    requests: Vec<Entry>,
}

/// `GET /__sandbox/requests/log[?since=SEQ]`: the logged requests, oldest
/// first (at most the last [`CAPACITY`]), and the total since start.
pub(crate) async fn list(
    State(app): State<App>,
    crate::extract::QueryArgs(q): crate::extract::QueryArgs<Since>,
) -> Response {
    let store = app.lock();
    let since = q.since.unwrap_or(0);
    let answer = LogAnswer {
        total: store.log.total,
        requests: store
            .log
            .entries
            .iter()
            .filter(|e| e.seq > since)
            .cloned()
            .collect(),
    };
    json_response(StatusCode::OK, &answer)
}
