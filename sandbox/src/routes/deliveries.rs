//! `GET /__sandbox/deliveries[?since=SEQ]`: the delivery log
//! (`state/deliveries.rs`), counts since start and the logged deliveries,
//! oldest first (at most the last 10,000).

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

use super::answer::json_response;
use super::app::App;
use super::extract::{QueryArgs, Since};

pub(crate) fn routes(router: Router<App>) -> Router<App> {
    router.route("/__sandbox/deliveries", get(list))
}

async fn list(State(app): State<App>, QueryArgs(q): QueryArgs<Since>) -> Response {
    let store = app.lock();
    json_response(
        StatusCode::OK,
        &store.deliveries.view(None, q.since.unwrap_or(0)),
    )
}
