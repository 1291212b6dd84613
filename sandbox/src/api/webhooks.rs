//! Webhook registration, which Mileston offers in its dashboard only: here
//! `POST`, `GET` and `DELETE` under `/__sandbox/webhooks`, authenticated like
//! any backend call (the normal key and its business ID), each business
//! seeing its own. A webhook is a receiver's URL (plain `http://` to
//! loopback only), its verification token (kept, never shown) and the
//! events it takes.

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::routing::{delete, get};
use mileston_config_core::{opaque, url};
use serde::Serialize;
use serde_json::Value;

use super::deliveries;
use super::resource::answer;
use super::store::{App, Store};
use crate::extract::{Backend, JsonBody, PathArgs};
use crate::keys::TENANTS;
use crate::outbox::Token;
use crate::util::{ApiError, echo, now_iso};

/// The events Mileston documents, in its docs' order.
pub(crate) const EVENTS: [&str; 3] = ["invoice-paid", "paymentlink-paid", "recurring-paid"];

/// The most webhooks a business may have (Mileston documents no limit): a
/// test that registers in a loop fails here rather than multiplying its
/// deliveries.
pub(crate) const MAX_PER_BUSINESS: usize = 10;

/// A registered webhook.
pub(crate) struct Endpoint {
    pub(crate) id: String,
    pub(crate) business: &'static str,
    pub(crate) url: String,
    pub(crate) uri: Uri,
    /// In [`EVENTS`]' order, each once.
    pub(crate) events: Vec<&'static str>,
    pub(crate) token: Token,
    /// Whether the token is the tenant's (the startup table's fifth column).
    default_token: bool,
    created_at: String,
}

impl Endpoint {
    pub(crate) fn takes(&self, event: &str) -> bool {
        self.events.contains(&event)
    }
}

/// A webhook as listed: everything but the token, of which only that it is
/// set, and whether it is the tenant's own (a fake, published value) or one
/// given at registration.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Listed<'a> {
    id: &'a str,
    url: &'a str,
    events: &'a [&'static str],
    token_set: bool,
    default_token: bool,
    created_at: &'a str,
}

impl<'a> From<&'a Endpoint> for Listed<'a> {
    fn from(e: &'a Endpoint) -> Listed<'a> {
        Listed {
            id: &e.id,
            url: &e.url,
            events: &e.events,
            token_set: true,
            default_token: e.default_token,
            created_at: &e.created_at,
        }
    }
}

pub(crate) fn routes(router: Router<App>) -> Router<App> {
    router
        .route("/__sandbox/webhooks", get(list).post(register))
        .route("/__sandbox/webhooks/{id}", delete(remove))
        .route("/__sandbox/deliveries", get(deliveries::list))
}

/// A webhook's receiver URL, parsed for the client. Only `http://` to
/// loopback: the sandbox runs on this machine, so does the receiver under
/// test, and its deliveries (and their token) never leave it. The URL may
/// not hold the token: URLs are listed and logged.
pub(crate) fn check_url(url: &str, token: &str) -> Result<Uri, String> {
    if !token.is_empty() && url.contains(token) {
        return Err(
            "`url` contains the verification token: the token travels in the \
             X-Webhook-Signature header, and URLs are listed and logged"
                .into(),
        );
    }
    let http = url
        .get(..7)
        .is_some_and(|s| s.eq_ignore_ascii_case("http://"));
    let loopback_only = "the sandbox delivers over plain `http://` to loopback only (127.0.0.0/8, \
                         [::1], localhost), where a receiver under test runs, so that its \
                         deliveries and their token never leave this machine";
    if !http {
        return Err(format!("`url` is refused: {loopback_only}"));
    }
    // The project's URL rules (no user information, well-formed host and
    // port, no query or fragment, nothing key-like); its `http://` rule is
    // the loopback rule.
    url::check_base_url(url).map_err(|e| match e {
        url::BaseUrlError::InsecureScheme => format!("`url` is refused: {loopback_only}"),
        e => format!("`url` is refused: {}", e.reason()),
    })?;
    let uri: Uri = url
        .parse()
        .map_err(|_| "`url` is refused: it is not a URL the sandbox can send to".to_string())?;
    let loopback = match uri.host() {
        Some(h) if h.eq_ignore_ascii_case("localhost") => true,
        Some(h) => h
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback()),
        None => false,
    };
    if !loopback {
        return Err(format!("`url` is refused: {loopback_only}"));
    }
    Ok(uri)
}

/// Registers a webhook for `business` after checking it: `token` `None` is
/// the tenant's, `events` empty is every event (as in Mileston's dashboard).
pub(crate) fn add<'s>(
    store: &'s mut Store,
    business: &'static str,
    url: &str,
    token: Option<&str>,
    events: Vec<&'static str>,
) -> Result<&'s Endpoint, ApiError> {
    let default = TENANTS
        .iter()
        .find(|t| t.business_id == business)
        .map_or("", |t| t.webhook_token);
    let token_text = token.unwrap_or(default);
    if let Some(t) = token {
        opaque::check(t).map_err(|e| {
            ApiError::bad_request(format!(
                "`token` is not a webhook verification token: {}",
                e.reason()
            ))
        })?;
    }
    let uri = check_url(url, token_text).map_err(ApiError::bad_request)?;
    let mine = || store.webhooks.iter().filter(|w| w.business == business);
    if let Some(same) = mine().find(|w| w.url == url) {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            format!(
                "a webhook to this URL is registered already ({}): delete it first to change it",
                same.id
            ),
        ));
    }
    if mine().count() >= MAX_PER_BUSINESS {
        return Err(ApiError::bad_request(format!(
            "a business has at most {MAX_PER_BUSINESS} webhooks in the sandbox: delete one first"
        )));
    }
    let events = if events.is_empty() {
        EVENTS.to_vec()
    } else {
        EVENTS.into_iter().filter(|e| events.contains(e)).collect()
    };
    let id = store.new_id("wh");
    store.webhooks.push(Endpoint {
        id,
        business,
        url: url.to_owned(),
        uri,
        events,
        token: Token::new(token_text),
        default_token: token.is_none(),
        created_at: now_iso(),
    });
    Ok(&store.webhooks[store.webhooks.len() - 1])
}

/// The members of a registration body. Read from a bare JSON value and
/// checked here, so that no refusal can quote what was sent (serde's
/// messages quote a value of the wrong type, which could be the token).
fn read_body(body: Value) -> Result<(String, Option<String>, Vec<&'static str>), ApiError> {
    let Value::Object(mut members) = body else {
        return Err(ApiError::bad_request(
            "the body must be a JSON object: {\"url\": ..., \"token\"?: ..., \"events\"?: [...]}",
        ));
    };
    if let Some(other) = members
        .keys()
        .find(|k| !matches!(k.as_str(), "url" | "token" | "events"))
    {
        return Err(ApiError::bad_request(format!(
            "unknown field `{}`, expected one of `url`, `token`, `events`",
            echo(other)
        )));
    }
    let url = match members.remove("url") {
        Some(Value::String(u)) => u,
        None | Some(Value::Null) => return Err(ApiError::bad_request("`url` is required")),
        Some(_) => return Err(ApiError::bad_request("`url` must be a string")),
    };
    let token = match members.remove("token") {
        Some(Value::String(t)) => Some(t),
        None | Some(Value::Null) => None,
        Some(_) => return Err(ApiError::bad_request("`token` must be a string")),
    };
    let events = match members.remove("events") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(names)) => names
            .iter()
            .map(|n| {
                let name = n.as_str().unwrap_or_default();
                EVENTS.into_iter().find(|e| *e == name).ok_or_else(|| {
                    ApiError::bad_request(format!(
                        "`events`: unknown event {}: use `invoice-paid`, `paymentlink-paid` or \
                         `recurring-paid`",
                        n.as_str()
                            .map_or("(not a string)".into(), |s| format!("`{}`", echo(s)))
                    ))
                })
            })
            .collect::<Result<_, _>>()?,
        Some(_) => {
            return Err(ApiError::bad_request(
                "`events` must be an array of event names",
            ));
        }
    };
    Ok((url, token, events))
}

/// `POST /__sandbox/webhooks`.
async fn register(
    State(app): State<App>,
    Backend(c): Backend,
    JsonBody(body): JsonBody<Value>,
) -> Result<Response, ApiError> {
    let (url, token, events) = read_body(body)?;
    let mut store = app.lock();
    let added = add(&mut store, c.business, &url, token.as_deref(), events)?;
    Ok(answer(
        StatusCode::CREATED,
        "Webhook registered",
        None,
        Some(("webhook", Listed::from(added))),
    ))
}

/// `GET /__sandbox/webhooks`: the caller's business's, oldest first.
async fn list(State(app): State<App>, Backend(c): Backend) -> Response {
    let store = app.lock();
    let mine: Vec<Listed<'_>> = store
        .webhooks
        .iter()
        .filter(|w| w.business == c.business)
        .map(Listed::from)
        .collect();
    answer(
        StatusCode::OK,
        "Webhooks retrieved",
        None,
        Some(("webhooks", mine)),
    )
}

/// `DELETE /__sandbox/webhooks/{id}`: its pending deliveries are cancelled
/// before their next attempt.
async fn remove(
    State(app): State<App>,
    Backend(c): Backend,
    PathArgs(id): PathArgs<String>,
) -> Result<Response, ApiError> {
    let mut store = app.lock();
    let at = store
        .webhooks
        .iter()
        .position(|w| w.id == id && w.business == c.business)
        .ok_or_else(|| ApiError::not_found(format!("webhook {} not found", echo(&id))))?;
    store.webhooks.remove(at);
    Ok(answer::<()>(StatusCode::OK, "Webhook deleted", None, None))
}

#[cfg(test)]
mod tests {
    use super::check_url;

    const TOKEN: &str = "sandboxFAKE-webhook-token-0001";

    #[test]
    fn receivers_on_loopback_over_http_only() {
        for ok in [
            "http://127.0.0.1:8080/webhooks/mileston",
            "http://127.0.0.1:8080",
            "http://127.9.9.9/",
            "HTTP://localhost:3000/hook",
            "http://LOCALHOST/hook",
            "http://[::1]:9000/hook",
        ] {
            assert!(check_url(ok, TOKEN).is_ok(), "{ok}");
        }
        let loopback_only = "`url` is refused: the sandbox delivers over plain `http://` to \
                             loopback only";
        for (refused, why) in [
            ("https://127.0.0.1:8443/hook", loopback_only),
            ("https://shop.example/hook", loopback_only),
            ("http://shop.example/hook", loopback_only),
            ("http://10.0.0.1/hook", loopback_only),
            ("http://[2001:db8::1]/hook", loopback_only),
            (
                "http://[::ffff:127.0.0.1]/hook",
                "`url` is refused: its host is not",
            ),
            ("http://localhost.shop.example/hook", loopback_only),
            ("ftp://127.0.0.1/hook", loopback_only),
            ("127.0.0.1:8080/hook", loopback_only),
            (
                "http://user@127.0.0.1/hook",
                "`url` is refused: it has user information",
            ),
            (
                "http://127.0.0.1/hook?x=1",
                "`url` is refused: it has a query",
            ),
            ("http://127.1/hook", "`url` is refused: its host is not"),
            (
                "http://127.0.0.1:0/hook",
                "`url` is refused: its port is not",
            ),
            (
                "http://127.0.0.1/sandboxFAKE-webhook-token-0001",
                "`url` contains the verification token",
            ),
        ] {
            let e = check_url(refused, TOKEN).unwrap_err();
            assert!(e.starts_with(why), "{refused}: {e}");
            assert!(!e.contains(TOKEN), "{e}");
        }
    }
}
