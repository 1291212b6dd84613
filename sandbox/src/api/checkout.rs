//! The checkout service: reading a payment, saving a payment the customer
//! started, and verifying it, for each kind of payment (`/checkout/...`).

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;

use super::invoices::Invoice;
use super::links::PaymentLink;
use super::recurring::Recurring;
use super::resource::{Resource, check_opt_text, find, ok, read, to_value};
use super::store::App;
use crate::extract::{Checkout, JsonBody, PathArgs};
use crate::util::{ApiError, check_amount, echo};

/// The checkout routes of the three kinds, and the answer for any other kind.
pub(crate) fn routes(router: Router<App>) -> Router<App> {
    let router = kind::<PaymentLink>(kind::<Invoice>(kind::<Recurring>(router)));
    router
        .route("/checkout/data/{segment}/{id}", get(unknown_read))
        .route("/checkout/save-payment/{segment}", post(unknown_save))
        .route("/checkout/verify-payment/{segment}", post(unknown_verify))
}

fn kind<R: Resource>(router: Router<App>) -> Router<App> {
    let p = R::PATTERN;
    router
        .route(&format!("/checkout/data/{p}.get/{{id}}"), get(data::<R>))
        .route(&format!("/checkout/save-payment/{p}.save"), post(save::<R>))
        .route(
            &format!("/checkout/verify-payment/{p}.save"),
            post(verify::<R>),
        )
}

/// 404 for a payment kind the checkout paths do not know (`coffee.get`).
pub(crate) fn unknown_pattern(segment: &str) -> ApiError {
    ApiError::not_found(format!(
        "unknown payment kind `{}`: use `invoice`, `paymentlink` or `recurring`",
        echo(segment)
    ))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct SavePayment {
    id: String,
    amount: String,
    payer_address: Option<String>,
    transaction_hash: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct VerifyPayment {
    id: String,
}

async fn data<R: Resource>(
    State(app): State<App>,
    Checkout(c): Checkout,
    PathArgs(id): PathArgs<String>,
) -> Result<Response, ApiError> {
    let data = read::<R>(&app, c, &id)?;
    ok(
        StatusCode::OK,
        json!({"message": "Payment data retrieved", "data": data}),
    )
}

async fn save<R: Resource>(
    State(app): State<App>,
    Checkout(c): Checkout,
    JsonBody(b): JsonBody<SavePayment>,
) -> Result<Response, ApiError> {
    check_amount("amount", &b.amount)?;
    check_opt_text("payerAddress", &b.payer_address)?;
    check_opt_text("transactionHash", &b.transaction_hash)?;
    let data = read::<R>(&app, c, &b.id)?;
    ok(
        StatusCode::CREATED,
        json!({"message": "Payment recorded", "data": data}),
    )
}

async fn verify<R: Resource>(
    State(app): State<App>,
    Checkout(c): Checkout,
    JsonBody(b): JsonBody<VerifyPayment>,
) -> Result<Response, ApiError> {
    let (paid, data) = {
        let mut store = app.lock();
        let r = find::<R>(store.business(c.business), &b.id)?;
        (r.is_paid(), to_value(&*r))
    };
    if !paid {
        return Err(ApiError::bad_request("Still awaiting payment"));
    }
    ok(
        StatusCode::OK,
        json!({"message": "Payment verified", "data": data}),
    )
}

async fn unknown_read(
    Checkout(_): Checkout,
    PathArgs((segment, _id)): PathArgs<(String, String)>,
) -> ApiError {
    unknown_pattern(&segment)
}

async fn unknown_save(
    Checkout(_): Checkout,
    PathArgs(segment): PathArgs<String>,
    JsonBody(_): JsonBody<SavePayment>,
) -> ApiError {
    unknown_pattern(&segment)
}

async fn unknown_verify(
    Checkout(_): Checkout,
    PathArgs(segment): PathArgs<String>,
    JsonBody(_): JsonBody<VerifyPayment>,
) -> ApiError {
    unknown_pattern(&segment)
}
