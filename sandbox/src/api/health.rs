//! `GET /status`: the service's health, with no key needed.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use super::store::App;
use crate::util::{json_response, now_iso};

pub(crate) async fn status(State(app): State<App>) -> Response {
    json_response(
        StatusCode::OK,
        &json!({
            "status": "healthy",
            "service": "mileston-sandbox",
            "timestamp": now_iso(),
            "uptime": app.started.elapsed().as_secs(),
        }),
    )
}
