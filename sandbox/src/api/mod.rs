//! The sandbox's endpoints (see `docs/wire-protocol.md`), one concern a file:
//! the state ([`store`]), what the three kinds of payment share
//! ([`resource`]) and each kind's own fields and rules ([`links`],
//! [`invoices`], [`recurring`]), the checkout service ([`checkout`]), the
//! wallet API ([`wallet_api`], its state in [`wallet_book`]), health
//! ([`health`]), the sandbox's own controls ([`control`]), and webhooks:
//! their registration ([`webhooks`]), what a payment becoming paid sends
//! ([`events`]) and the delivery log ([`deliveries`]).

mod checkout;
mod control;
pub(crate) mod deliveries;
pub(crate) mod events;
mod health;
mod invoices;
mod links;
mod recurring;
mod resource;
mod store;
mod wallet_api;
mod wallet_book;
mod wallets;
pub(crate) mod webhooks;

use axum::Router;
use axum::routing::get;

pub(crate) use store::{App, Store};

/// Every endpoint, on `app`'s state; unknown routes are a JSON 404.
pub(crate) fn routes(app: App) -> Router {
    let router = Router::new().route("/status", get(health::status));
    let router = resource::routes::<links::PaymentLink>(router);
    let router = resource::routes::<invoices::Invoice>(router);
    let router = resource::routes::<recurring::Recurring>(router);
    let router = checkout::routes(router);
    let router = wallet_api::routes(router);
    let router = webhooks::routes(router);
    control::routes(router)
        .fallback(control::fallback)
        .with_state(app)
}
