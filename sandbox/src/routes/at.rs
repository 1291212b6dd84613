//! Routing by the protocol's table: each endpoint at its service's prefix
//! and path, as `mileston_config_core::protocol` writes them.

use axum::Router;
use axum::handler::Handler;
use axum::routing::{MethodFilter, on};
use mileston_config_core::protocol::{Endpoint, Kind, Method};

use super::app::App;

/// An endpoint's route: its service's prefix and its path, whose `{id}`,
/// `{uuid}` and `{type}` are axum's parameters as they are written.
pub(crate) fn path_of(e: Endpoint) -> String {
    format!("{}{}", e.service.prefix(), e.path)
}

/// The segment of a checkout path that names the kind of payment
/// (`{pattern}.get`), which axum cannot match within a segment.
const PATTERN: &str = "{pattern}";

/// Routing by the protocol's table.
pub(crate) trait At: Sized {
    /// `handler` at endpoint `e`.
    fn at<H: Handler<T, App>, T: 'static>(self, e: Endpoint, handler: H) -> Self;
    /// `handler` at endpoint `e` for `kind`: its checkout pattern in the path.
    fn at_kind<H: Handler<T, App>, T: 'static>(self, e: Endpoint, kind: Kind, handler: H) -> Self;
    /// `handler` at endpoint `e` for any other kind: the segment that names
    /// the kind is a parameter.
    fn at_any_kind<H: Handler<T, App>, T: 'static>(self, e: Endpoint, handler: H) -> Self;
}

impl At for Router<App> {
    fn at<H: Handler<T, App>, T: 'static>(self, e: Endpoint, handler: H) -> Self {
        self.route(&path_of(e), on(filter(e.method), handler))
    }

    fn at_kind<H: Handler<T, App>, T: 'static>(self, e: Endpoint, kind: Kind, handler: H) -> Self {
        let path = path_of(e).replace(PATTERN, kind.row().checkout_pattern);
        self.route(&path, on(filter(e.method), handler))
    }

    fn at_any_kind<H: Handler<T, App>, T: 'static>(self, e: Endpoint, handler: H) -> Self {
        let full = path_of(e);
        let path: Vec<&str> = full
            .split('/')
            .map(|s| if s.contains(PATTERN) { "{segment}" } else { s })
            .collect();
        self.route(&path.join("/"), on(filter(e.method), handler))
    }
}

fn filter(method: Method) -> MethodFilter {
    match method {
        Method::Get => MethodFilter::GET,
        Method::Post => MethodFilter::POST,
        Method::Patch => MethodFilter::PATCH,
        Method::Delete => MethodFilter::DELETE,
    }
}
