//! Extractors: authentication (the spec's rules 1–6) and request parsing whose
//! every failure is a JSON error.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::{HeaderMap, StatusCode, header, request::Parts};
use mileston_config_core::key::{self, KeyKind, KeyMode};
use mileston_config_core::protocol::header::{API_KEY, BUSINESS_ID};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::keys::{TENANTS, Tenant};
use crate::state::error::{ApiError, echo};

/// Request bodies larger than this are refused with 413.
pub(crate) const BODY_LIMIT: usize = 64 * 1024;

/// Who is calling: a known business and the kind of key it used. Holds no key.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Caller {
    pub(crate) business: &'static str,
    pub(crate) kind: KeyKind,
}

/// What the `apikey` header holds, before the business is checked.
pub(crate) enum KeyCheck {
    Absent,
    /// Not a well-formed Mileston key; the reason names no part of it.
    Malformed(String),
    /// A live key, of this kind.
    Live(KeyKind),
    /// A test key no tenant has, of this kind.
    Unknown(KeyKind),
    Known(&'static Tenant, KeyKind),
}

impl KeyCheck {
    pub(crate) fn of(headers: &HeaderMap) -> KeyCheck {
        let Some(apikey) = headers.get(API_KEY) else {
            return KeyCheck::Absent;
        };
        // A value that is not UTF-8 becomes U+FFFD, which `parse` reports as a
        // non-ASCII character: the reason names its position, never the value.
        let apikey = String::from_utf8_lossy(apikey.as_bytes());
        let shape = match key::parse(&apikey) {
            Ok(shape) => shape,
            Err(e) => return KeyCheck::Malformed(e.reason()),
        };
        if shape.mode == KeyMode::Live {
            return KeyCheck::Live(shape.kind);
        }
        TENANTS
            .iter()
            .find_map(|t| {
                if t.api_key == apikey {
                    Some(KeyCheck::Known(t, KeyKind::Normal))
                } else if t.checkout_key == apikey {
                    Some(KeyCheck::Known(t, KeyKind::Checkout))
                } else {
                    None
                }
            })
            .unwrap_or(KeyCheck::Unknown(shape.kind))
    }

    /// The kind of a well-formed key, whoever's it is.
    pub(crate) fn kind(&self) -> Option<KeyKind> {
        match self {
            KeyCheck::Live(kind) | KeyCheck::Unknown(kind) | KeyCheck::Known(_, kind) => {
                Some(*kind)
            }
            KeyCheck::Absent | KeyCheck::Malformed(_) => None,
        }
    }

    /// The tenant a request speaks for: its key's, or, when the sandbox
    /// knows no such key, the tenant whose business ID it names.
    pub(crate) fn tenant(&self, headers: &HeaderMap) -> Option<&'static str> {
        if let KeyCheck::Known(t, _) = self {
            return Some(t.business_id);
        }
        let named = headers.get(BUSINESS_ID)?.as_bytes();
        TENANTS
            .iter()
            .map(|t| t.business_id)
            .find(|b| b.as_bytes() == named)
    }

    /// For the request log: `absent`, `malformed`, `live`, `unknown`,
    /// `normal` or `checkout`.
    pub(crate) fn label(&self) -> &'static str {
        match self {
            KeyCheck::Absent => "absent",
            KeyCheck::Malformed(_) => "malformed",
            KeyCheck::Live(_) => "live",
            KeyCheck::Unknown(_) => "unknown",
            KeyCheck::Known(_, KeyKind::Normal) => "normal",
            KeyCheck::Known(_, KeyKind::Checkout) => "checkout",
        }
    }
}

/// Rules 1–5 of "Sandbox authentication rules".
fn authenticate(headers: &HeaderMap) -> Result<Caller, ApiError> {
    let unauthorized = |m: &str| ApiError::new(StatusCode::UNAUTHORIZED, m);
    let key = KeyCheck::of(headers);
    if matches!(key, KeyCheck::Absent) {
        return Err(unauthorized(
            "missing `apikey` header: send your Mileston API key in the `apikey` header",
        ));
    }
    let Some(business) = headers.get(BUSINESS_ID) else {
        return Err(unauthorized(
            "missing `businessid` header: send your business ID in the `businessid` header",
        ));
    };
    let (tenant, kind) = match key {
        KeyCheck::Known(tenant, kind) => (tenant, kind),
        KeyCheck::Malformed(reason) => {
            return Err(unauthorized(&format!("malformed API key: {reason}")));
        }
        KeyCheck::Live(_) => {
            return Err(unauthorized(
                "the sandbox is test mode only: live keys are refused, use a test key",
            ));
        }
        KeyCheck::Absent | KeyCheck::Unknown(_) => return Err(unauthorized("unknown API key")),
    };
    let business = String::from_utf8_lossy(business.as_bytes());
    if business != tenant.business_id {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            format!(
                "this API key does not belong to business {}",
                echo(&business)
            ),
        ));
    }
    Ok(Caller {
        business: tenant.business_id,
        kind,
    })
}

/// A caller allowed on backend endpoints: the normal key only (rule 6).
pub(crate) struct Backend(pub(crate) Caller);

impl<S: Send + Sync> FromRequestParts<S> for Backend {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let caller = authenticate(&parts.headers)?;
        if caller.kind == KeyKind::Checkout {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "a checkout key cannot call backend endpoints: create payments on your server \
                 with the normal API key",
            ));
        }
        Ok(Backend(caller))
    }
}

/// A caller allowed on checkout endpoints: the checkout key or the normal key.
pub(crate) struct Checkout(pub(crate) Caller);

impl<S: Send + Sync> FromRequestParts<S> for Checkout {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        authenticate(&parts.headers).map(Checkout)
    }
}

/// A JSON body: `content-type: application/json`, at most [`BODY_LIMIT`]
/// bytes, parsed into `T`; every failure is a JSON 4xx.
pub(crate) struct JsonBody<T>(pub(crate) T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let mime = content_type.split(';').next().unwrap_or("").trim();
        if !mime.eq_ignore_ascii_case("application/json") {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "expected a JSON body with `content-type: application/json`",
            ));
        }
        let apikey = req
            .headers()
            .get(API_KEY)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let bytes = Bytes::from_request(req, state).await.map_err(|r| {
            if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
                too_large()
            } else {
                ApiError::bad_request("could not read the request body")
            }
        })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::bad_request(
                "the request body is empty: expected a JSON object",
            ));
        }
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|e| ApiError::bad_request(json_error_message(&e, apikey.as_deref())))
    }
}

/// The 413 answer.
pub(crate) fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("the request body is larger than {} KiB", BODY_LIMIT / 1024),
    )
}

/// serde_json's message, unless it quotes something that looks like a key.
fn json_error_message(e: &serde_json::Error, apikey: Option<&str>) -> String {
    let what = match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => "malformed JSON",
        _ => "invalid request body",
    };
    let detail = e.to_string();
    let leaks = key::looks_like_key(&detail) || apikey.is_some_and(|k| detail.contains(k));
    if leaks {
        format!(
            "{what}: a value has the wrong type or form (line {}, column {})",
            e.line(),
            e.column()
        )
    } else {
        format!("{what}: {detail}")
    }
}

/// A read of one of the sandbox's logs: whose (the logs answer a tenant's
/// normal key only, as a backend call) and `?since=SEQ`, only the entries
/// after that one.
pub(crate) struct LogRead {
    pub(crate) business: &'static str,
    pub(crate) since: u64,
}

#[derive(Deserialize)]
struct Since {
    since: Option<u64>,
}

impl<S: Send + Sync> FromRequestParts<S> for LogRead {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let Backend(caller) = Backend::from_request_parts(parts, state).await?;
        let QueryArgs(q) = QueryArgs::<Since>::from_request_parts(parts, state).await?;
        Ok(LogRead {
            business: caller.business,
            since: q.since.unwrap_or(0),
        })
    }
}

/// Declares an extractor of what axum's `$axum` reads (path parameters, a
/// query string), every failure of which is a JSON 400 saying `$refusal`:
/// the two differ in nothing else.
macro_rules! args_extractor {
    ($(#[$doc:meta])* $name:ident reads $axum:ident, refused with $refusal:literal) => {
        $(#[$doc])*
        pub(crate) struct $name<T>(pub(crate) T);

        impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for $name<T> {
            type Rejection = ApiError;

            async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
                $axum::<T>::from_request_parts(parts, state)
                    .await
                    .map(|$axum(t)| $name(t))
                    .map_err(|_| ApiError::bad_request($refusal))
            }
        }
    };
}

args_extractor! {
    /// Path parameters; a failure is a JSON 400.
    PathArgs reads Path, refused with "invalid path: an id is not valid UTF-8"
}

args_extractor! {
    /// Query parameters; a failure is a JSON 400.
    QueryArgs reads Query, refused with "invalid query string"
}
