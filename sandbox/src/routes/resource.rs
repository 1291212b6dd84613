//! The one generic set of backend handlers (create, get, list, update,
//! delete) for every [`Resource`] kind, routed at the paths the protocol's
//! table gives its service.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use mileston_config_core::protocol::backend;
use serde::Deserialize;

use super::answer::{answer, answer_data, answer_one};
use super::app::App;
use super::at::{At, path_of};
use super::extract::{Backend, Caller, JsonBody, PathArgs, QueryArgs};
use crate::state::business::Kept;
use crate::state::error::ApiError;
use crate::state::record::{Record, UpdateBody, not_found};
use crate::state::rules::check_text;

/// The backend routes of `R`. The list answers with and without a trailing
/// slash: Mileston's SDK asks for `/payment-link/?limit=N` (axios joins its
/// base URL and `?limit=N` with a `/`), a person types `/payment-link`.
pub(crate) fn routes<R: Kept>(router: Router<App>) -> Router<App> {
    let list = backend::list(R::KIND);
    router
        .route(path_of(list).trim_end_matches('/'), get(list_of::<R>))
        .at(list, list_of::<R>)
        .at(backend::create(R::KIND), create::<R>)
        .at(backend::update(R::KIND), update::<R>)
        .at(backend::delete(R::KIND), remove::<R>)
        .at(backend::get(R::KIND), get_one::<R>)
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

async fn create<R: Kept>(
    State(app): State<App>,
    Backend(c): Backend,
    QueryArgs(q): QueryArgs<BusinessNameQuery>,
    JsonBody(mut b): JsonBody<R::New>,
) -> Result<Response, ApiError> {
    let business_name = if R::ROW.create_names_business {
        business_name(q)?
    } else {
        String::new()
    };
    let sub_wallet = Record::<R>::check_new(&mut b, c.business)?;
    let mut store = app.lock();
    let id = store.new_id(R::ROW.sandbox_id_prefix);
    let resource = Record::<R>::new(b, id, business_name, sub_wallet);
    let response = answer_one(StatusCode::CREATED, &said::<R>(" created"), &resource);
    R::all(store.business(c.business)).push(resource);
    Ok(response)
}

async fn get_one<R: Kept>(
    State(app): State<App>,
    Backend(c): Backend,
    PathArgs(id): PathArgs<String>,
) -> Result<Response, ApiError> {
    answer_found::<R>(&app, c, &id, &said::<R>(" retrieved"))
}

/// The 200 answer about the resource `id` of the caller's business, or 404:
/// the backend's read and the checkout's differ in their message only.
pub(crate) fn answer_found<R: Kept>(
    app: &App,
    c: Caller,
    id: &str,
    message: &str,
) -> Result<Response, ApiError> {
    Ok(answer_one(
        StatusCode::OK,
        message,
        app.lock().find::<R>(c.business, id)?,
    ))
}

async fn list_of<R: Kept>(
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
    let newest: Vec<&Record<R>> = all.iter().rev().take(limit).collect();
    Ok(answer_data(
        StatusCode::OK,
        &said::<R>("s retrieved"),
        R::ROW.data_member,
        newest,
    ))
}

async fn update<R: Kept>(
    State(app): State<App>,
    Backend(c): Backend,
    JsonBody(mut b): JsonBody<R::Update>,
) -> Result<Response, ApiError> {
    let sub_wallet = Record::<R>::check_update(&mut b, c.business)?;
    let mut store = app.lock();
    let r = store.find::<R>(c.business, b.common().0)?;
    r.update(b, sub_wallet);
    Ok(answer_one(StatusCode::OK, &said::<R>(" updated"), &*r))
}

async fn remove<R: Kept>(
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
    Ok(answer::<()>(
        StatusCode::OK,
        &said::<R>(" deleted"),
        None,
        None,
    ))
}

/// An answer's message about kind `R`: its title, then `rest`
/// (`Invoice updated`, `Invoices retrieved`).
fn said<R: Kept>(rest: &str) -> String {
    R::title() + rest
}
