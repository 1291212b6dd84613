//! `GET /__sandbox/deliveries[?since=SEQ]`: the caller's business's part of
//! the delivery log (`state/deliveries.rs`), counts since start and the
//! logged deliveries, oldest first (at most the last 10,000 of all). It
//! takes the normal key, as the webhooks' registration does: what a
//! receiver was sent and answered is the business's, not any page's.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

use super::answer::json_response;
use super::app::App;
use super::extract::LogRead;

pub(crate) fn routes(router: Router<App>) -> Router<App> {
    router.route("/__sandbox/deliveries", get(list))
}

async fn list(State(app): State<App>, read: LogRead) -> Response {
    let store = app.lock();
    json_response(
        StatusCode::OK,
        &store.deliveries.view(read.business, read.since),
    )
}
