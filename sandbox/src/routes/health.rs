//! `GET /status`: the service's health, with no key needed, in the shape of
//! Mileston's documented health answer.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;

use super::answer::json_response;
use super::app::App;
use crate::state::clock::now_iso;

#[derive(Serialize)]
struct Health {
    status: &'static str,
    service: &'static str,
    timestamp: String,
    environment: &'static str,
    version: &'static str,
    uptime: u64,
    memory: Memory,
}

/// Megabytes, as Mileston's answer has them.
#[derive(Serialize)]
struct Memory {
    used: u64,
    total: u64,
}

pub(crate) async fn status(State(app): State<App>) -> Response {
    json_response(
        StatusCode::OK,
        &Health {
            status: "healthy",
            service: "mileston-sandbox",
            timestamp: now_iso(),
            environment: "sandbox",
            version: env!("CARGO_PKG_VERSION"),
            uptime: app.started.elapsed().as_secs(),
            memory: memory(),
        },
    )
}

/// The process's resident and virtual size in MB, from `/proc/self/status`
/// (Linux); zeros elsewhere.
fn memory() -> Memory {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kilobytes = |field: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(field))
            .and_then(|rest| {
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
            .unwrap_or(0)
    };
    Memory {
        used: kilobytes("VmRSS:") / 1024,
        total: kilobytes("VmSize:") / 1024,
    }
}
