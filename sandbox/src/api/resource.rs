//! What payment links, invoices and recurring payments have in common: the
//! [`Resource`] trait (each kind's names, envelope keys and rules) and the one
//! generic set of backend handlers (create, get, list, update, delete) and
//! routes built from it.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{delete, get, patch, post};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::store::{App, Business};
use crate::extract::{Backend, Caller, JsonBody, PathArgs, QueryArgs};
use crate::util::{ApiError, check_text, echo, json_response, now_iso};

/// Where the hosted payment pages live (the links the create endpoints return).
pub(crate) const CHECKOUT_ORIGIN: &str = "https://checkout.mileston.co";

pub(crate) const PENDING: &str = "pending";
pub(crate) const PAID: &str = "paid";
pub(crate) const UNPAID: &str = "unpaid";
pub(crate) const ENV: &str = "test";

/// A kind of payment the sandbox stores, with everything the generic
/// handlers need to know about it.
pub(crate) trait Resource: Serialize + Send + Sized + 'static {
    /// For error messages: `"payment link"`.
    const NOUN: &'static str;
    /// For answers' messages: `"Payment link"` (`"… created"`, `"…s retrieved"`).
    const TITLE: &'static str;
    /// The backend path prefix: `/payment-link`.
    const PREFIX: &'static str;
    /// IDs are `<ID_PREFIX>_000001`.
    const ID_PREFIX: &'static str;
    /// The envelope member that holds the resource (or the list of them).
    const DATA_KEY: &'static str;
    /// The create answer's member with the hosted page's URL.
    const LINK_KEY: &'static str;
    /// The hosted page's path segment: `<CHECKOUT_ORIGIN>/<HOSTED_PATH>/<id>`.
    const HOSTED_PATH: &'static str;
    /// The payment kind in checkout paths: `/checkout/data/<PATTERN>.get/{id}`.
    const PATTERN: &'static str;
    /// Whether create needs the `?businessName=` query parameter.
    const NEEDS_BUSINESS_NAME: bool;

    /// The create body.
    type New: DeserializeOwned + Send;
    /// The update body (the resource's ID and the fields to change).
    type Update: DeserializeOwned + Send;

    /// Refuses a create body with a bad value (400).
    fn check_new(new: &Self::New) -> Result<(), ApiError>;
    /// The new resource, from a checked body.
    fn build(id: String, new: Self::New, business_name: Option<String>, now: String) -> Self;
    /// Refuses an update body with a bad value (400).
    fn check_update(update: &Self::Update) -> Result<(), ApiError>;
    /// The ID an update body names.
    fn update_id(update: &Self::Update) -> &str;
    /// Applies a checked update body.
    fn apply(&mut self, update: Self::Update);

    fn id(&self) -> &str;
    fn is_paid(&self) -> bool;
    fn mark_paid(&mut self);
    fn touch(&mut self, now: String);
    /// This kind's resources of one business, oldest first.
    fn all(b: &mut Business) -> &mut Vec<Self>;
}

/// The backend routes of `R` under its prefix.
pub(crate) fn routes<R: Resource>(router: Router<App>) -> Router<App> {
    let p = R::PREFIX;
    router
        .route(p, get(list::<R>))
        .route(&format!("{p}/create"), post(create::<R>))
        .route(&format!("{p}/update"), patch(update::<R>))
        .route(&format!("{p}/delete/{{id}}"), delete(remove::<R>))
        .route(&format!("{p}/{{id}}"), get(get_one::<R>))
}

pub(crate) fn not_found<R: Resource>(id: &str) -> ApiError {
    ApiError::not_found(format!("{} {} not found", R::NOUN, echo(id)))
}

/// The resource `id` of `business`, or 404 (also when it belongs to another business).
pub(crate) fn find<'a, R: Resource>(b: &'a mut Business, id: &str) -> Result<&'a mut R, ApiError> {
    R::all(b)
        .iter_mut()
        .find(|r| r.id() == id)
        .ok_or_else(|| not_found::<R>(id))
}

pub(crate) fn to_value<R: Serialize>(r: &R) -> Value {
    serde_json::to_value(r).unwrap_or(Value::Null)
}

/// A success answer: `body` with `statusCode` added.
pub(crate) fn ok(status: StatusCode, mut body: Value) -> Result<Response, ApiError> {
    if let Value::Object(map) = &mut body {
        map.insert("statusCode".into(), json!(status.as_u16()));
    }
    Ok(json_response(status, &body))
}

/// `{"message": …, <DATA_KEY>: data}`.
fn with_data<R: Resource>(message: String, data: Value) -> Value {
    let mut map = serde_json::Map::new();
    map.insert("message".into(), Value::String(message));
    map.insert(R::DATA_KEY.into(), data);
    Value::Object(map)
}

/// `?limit=N`.
#[derive(Deserialize)]
pub(crate) struct ListQuery {
    limit: Option<String>,
}

/// `?businessName=NAME`.
#[derive(Deserialize)]
pub(crate) struct BusinessNameQuery {
    #[serde(rename = "businessName")]
    business_name: Option<String>,
}

fn business_name(q: BusinessNameQuery) -> Result<String, ApiError> {
    match q.business_name {
        Some(n) if !n.trim().is_empty() => {
            check_text("businessName", &n)?;
            Ok(n)
        }
        _ => Err(ApiError::bad_request(
            "the `businessName` query parameter is required",
        )),
    }
}

pub(crate) fn check_opt_text(field: &str, value: &Option<String>) -> Result<(), ApiError> {
    value.as_deref().map_or(Ok(()), |v| check_text(field, v))
}

/// Replaces `slot` when an update body carries a value for it.
pub(crate) fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

async fn create<R: Resource>(
    State(app): State<App>,
    Backend(c): Backend,
    QueryArgs(q): QueryArgs<BusinessNameQuery>,
    JsonBody(b): JsonBody<R::New>,
) -> Result<Response, ApiError> {
    let name = if R::NEEDS_BUSINESS_NAME {
        Some(business_name(q)?)
    } else {
        None
    };
    R::check_new(&b)?;
    let mut store = app.lock();
    let id = store.new_id(R::ID_PREFIX);
    let resource = R::build(id.clone(), b, name, now_iso());
    let mut body = with_data::<R>(format!("{} created", R::TITLE), to_value(&resource));
    body[R::LINK_KEY] = json!(format!("{CHECKOUT_ORIGIN}/{}/{id}", R::HOSTED_PATH));
    R::all(store.business(c.business)).push(resource);
    ok(StatusCode::CREATED, body)
}

async fn get_one<R: Resource>(
    State(app): State<App>,
    Backend(c): Backend,
    PathArgs(id): PathArgs<String>,
) -> Result<Response, ApiError> {
    let data = read::<R>(&app, c, &id)?;
    ok(
        StatusCode::OK,
        with_data::<R>(format!("{} retrieved", R::TITLE), data),
    )
}

async fn list<R: Resource>(
    State(app): State<App>,
    Backend(c): Backend,
    QueryArgs(q): QueryArgs<ListQuery>,
) -> Result<Response, ApiError> {
    let limit = match q.limit.as_deref() {
        None => 10,
        Some(s) => match s.parse::<usize>() {
            Ok(n) if (1..=100).contains(&n) => n,
            _ => {
                return Err(ApiError::bad_request(
                    "`limit` must be an integer from 1 to 100",
                ));
            }
        },
    };
    let mut store = app.lock();
    let all = R::all(store.business(c.business));
    let data = Value::Array(all.iter().rev().take(limit).map(to_value).collect());
    ok(
        StatusCode::OK,
        with_data::<R>(format!("{}s retrieved", R::TITLE), data),
    )
}

async fn update<R: Resource>(
    State(app): State<App>,
    Backend(c): Backend,
    JsonBody(b): JsonBody<R::Update>,
) -> Result<Response, ApiError> {
    R::check_update(&b)?;
    let mut store = app.lock();
    let r = find::<R>(store.business(c.business), R::update_id(&b))?;
    r.apply(b);
    r.touch(now_iso());
    let data = to_value(&*r);
    ok(
        StatusCode::OK,
        with_data::<R>(format!("{} updated", R::TITLE), data),
    )
}

async fn remove<R: Resource>(
    State(app): State<App>,
    Backend(c): Backend,
    PathArgs(id): PathArgs<String>,
) -> Result<Response, ApiError> {
    let mut store = app.lock();
    let all = R::all(store.business(c.business));
    let at = all
        .iter()
        .position(|r| r.id() == id)
        .ok_or_else(|| not_found::<R>(&id))?;
    all.remove(at);
    ok(
        StatusCode::OK,
        json!({ "message": format!("{} deleted", R::TITLE) }),
    )
}

/// The resource `id` of the caller's business, as JSON.
pub(crate) fn read<R: Resource>(app: &App, c: Caller, id: &str) -> Result<Value, ApiError> {
    let mut store = app.lock();
    find::<R>(store.business(c.business), id).map(|r| to_value(&*r))
}
