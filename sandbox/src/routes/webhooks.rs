//! Webhook registration, which Mileston offers in its dashboard only: here
//! `POST`, `GET` and `DELETE` under `/__sandbox/webhooks`, authenticated like
//! any backend call (the normal key and its business ID), each business
//! seeing its own. The webhooks and their rules are `state/webhooks.rs`.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{delete, get};
use serde::Serialize;
use serde_json::Value;

use super::answer::{answer, answer_data};
use super::app::App;
use super::extract::{Backend, JsonBody, PathArgs};
use crate::state::error::{ApiError, choices, echo};
use crate::state::webhooks::{EVENTS, Endpoint};

pub(crate) fn routes(router: Router<App>) -> Router<App> {
    router
        .route("/__sandbox/webhooks", get(list).post(register))
        .route("/__sandbox/webhooks/{id}", delete(remove))
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
                        "`events`: unknown event {}: use {}",
                        n.as_str()
                            .map_or("(not a string)".into(), |s| format!("`{}`", echo(s))),
                        choices(&EVENTS)
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
    let added = store.add_webhook(c.business, &url, token.as_deref(), events)?;
    Ok(answer_data(
        StatusCode::CREATED,
        "Webhook registered",
        "webhook",
        Listed::from(added),
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
    answer_data(StatusCode::OK, "Webhooks retrieved", "webhooks", mine)
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
