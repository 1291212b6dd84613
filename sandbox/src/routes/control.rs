//! The sandbox's own controls under `/__sandbox` (no key needed): mark a
//! payment paid (which tells the business's webhooks) and set faults; and
//! the JSON 404 for any route the sandbox does not serve.

use axum::Router;
use axum::extract::State;
use axum::http::{Method, StatusCode, Uri};
use axum::response::Response;
use axum::routing::post;
use serde::Deserialize;

use super::answer::answer_data;
use super::app::App;
use super::checkout::unknown_pattern;
use super::extract::{JsonBody, PathArgs};
use crate::state::Faults;
use crate::state::business::{Kept, find};
use crate::state::error::{ApiError, echo};
use crate::state::events::{Paid, Transfer};
use crate::state::invoices::Invoice;
use crate::state::links::PaymentLink;
use crate::state::record::not_found;
use crate::state::recurring::Recurring;

pub(crate) fn routes(router: Router<App>) -> Router<App> {
    pay::<PaymentLink>(pay::<Invoice>(pay::<Recurring>(router)))
        .route("/__sandbox/pay/{pattern}/{id}", post(unknown_pay))
        .route("/__sandbox/faults", post(set_faults))
}

fn pay<R: Kept>(router: Router<App>) -> Router<App> {
    router.route(
        &format!("/__sandbox/pay/{}/{{id}}", R::ROW.checkout_pattern),
        post(sandbox_pay::<R>),
    )
}

/// Marks the payment `id` of kind `R` paid, whichever business owns it, as
/// the customer's transfer arriving would; the first time, its business's
/// webhooks are told, with a made-up transfer.
async fn sandbox_pay<R: Kept>(
    State(app): State<App>,
    PathArgs(id): PathArgs<String>,
) -> Result<Response, ApiError> {
    let mut store = app.lock();
    let (business, r) = store
        .businesses
        .iter_mut()
        .find_map(|(name, b)| find::<R>(b, &id).ok().map(|r| (*name, r)))
        .ok_or_else(|| not_found::<R>(&id))?;
    let newly_paid = r.pay();
    let response = answer_data(StatusCode::OK, "Payment marked as paid", "data", &*r);
    if newly_paid {
        let amount = r.amount().to_owned();
        let n = store.next_transfer();
        let transfer = Transfer::made_up(app.instance, n, business, &amount);
        app.announce(
            &mut store,
            business,
            R::ROW.paid_event,
            Paid::new(&id, transfer),
        );
    }
    Ok(response)
}

async fn unknown_pay(PathArgs((pattern, _id)): PathArgs<(String, String)>) -> ApiError {
    unknown_pattern(&pattern)
}

/// The body of `POST /__sandbox/faults`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct FaultsBody {
    delay_ms: Option<u64>,
    fail_next: Option<u32>,
    fail_status: Option<u16>,
    drop_next: Option<u32>,
    truncate_next: Option<u32>,
}

/// The longest `delayMs` accepted, so that a typo cannot hang a test run.
const MAX_DELAY_MS: u64 = 60_000;

async fn set_faults(
    State(app): State<App>,
    JsonBody(b): JsonBody<FaultsBody>,
) -> Result<Response, ApiError> {
    let delay_ms = b.delay_ms.unwrap_or(0);
    if delay_ms > MAX_DELAY_MS {
        return Err(ApiError::bad_request(format!(
            "`delayMs` must be at most {MAX_DELAY_MS}"
        )));
    }
    let fail_status = b.fail_status.unwrap_or(503);
    if !(400..=599).contains(&fail_status) {
        return Err(ApiError::bad_request(
            "`failStatus` must be an HTTP error status from 400 to 599",
        ));
    }
    let faults = Faults {
        delay_ms,
        fail_next: b.fail_next.unwrap_or(0),
        fail_status,
        drop_next: b.drop_next.unwrap_or(0),
        truncate_next: b.truncate_next.unwrap_or(0),
    };
    app.lock().faults = faults;
    let none = faults.delay_ms == 0
        && faults.fail_next == 0
        && faults.drop_next == 0
        && faults.truncate_next == 0;
    Ok(answer_data(
        StatusCode::OK,
        if none { "Faults reset" } else { "Faults set" },
        "faults",
        faults,
    ))
}

/// Any route the sandbox does not serve.
pub(crate) async fn fallback(method: Method, uri: Uri) -> ApiError {
    ApiError::not_found(format!("no such endpoint: {method} {}", echo(uri.path())))
}
