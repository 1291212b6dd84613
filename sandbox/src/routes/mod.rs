//! The sandbox's HTTP face (see `docs/wire-protocol.md`), above the state
//! (`state/`), which it reads and changes: [`App`] ([`app`]), what every
//! handler shares; the generic handlers of the three kinds of payment
//! ([`resource`]), the checkout service ([`checkout`], [`wallets`]), the
//! wallet API ([`wallet_api`], signed: [`signature`]), health ([`health`]),
//! the sandbox's own controls ([`control`], [`webhooks`], [`deliveries`],
//! [`requests`]); how requests are read ([`extract`]) and answered
//! ([`answer`]), and the layers around them all ([`layers`], [`browser`]).
//!
//! The protocol's paths and header names come from its table
//! (`mileston_config_core::protocol`): each endpoint is routed at its
//! service's prefix and path ([`at`]). Submodules import each other and
//! `app`, never this file.

mod answer;
mod app;
mod at;
mod browser;
mod checkout;
mod control;
mod deliveries;
mod extract;
mod health;
pub(crate) mod layers;
mod requests;
mod resource;
mod signature;
mod wallet_api;
mod wallets;
mod webhooks;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use mileston_config_core::protocol::STATUS_PATH;

pub(crate) use app::App;

use crate::state::invoices::Invoice;
use crate::state::links::PaymentLink;
use crate::state::recurring::Recurring;

/// Every endpoint on `app`, inside the layers, outermost first: CORS, the
/// request log, the refusal of the normal key from browsers, faults, the
/// guard. Unknown routes are a JSON 404.
pub(crate) fn router(app: App) -> Router {
    let router = Router::new().route(STATUS_PATH, get(health::status));
    let router = resource::routes::<PaymentLink>(router);
    let router = resource::routes::<Invoice>(router);
    let router = resource::routes::<Recurring>(router);
    let router = checkout::routes(router);
    let router = wallet_api::routes(router);
    let router = webhooks::routes(router);
    let router = deliveries::routes(router);
    let router = requests::routes(router);
    let routes = control::routes(router)
        .fallback(control::fallback)
        .with_state(app.clone())
        .layer(DefaultBodyLimit::max(extract::BODY_LIMIT));
    // `Router::layer` wraps each route on its own, inside routing (axum's 405
    // and its `Allow` header come after it); wrapping the whole router as the
    // fallback of an empty one puts these layers around everything.
    Router::new()
        .fallback_service(routes)
        .layer(axum::middleware::from_fn(layers::guard))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            layers::faults,
        ))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            browser::refuse_normal_key,
        ))
        .layer(axum::middleware::from_fn_with_state(app, requests::record))
        .layer(axum::middleware::from_fn(layers::cors))
}
