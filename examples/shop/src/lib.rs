//! A shop on Mileston, one crate built twice.
//!
//! Natively it is the server ([`server`]): it holds the normal key (to create
//! invoices) and the webhook token (to check Mileston's deliveries), and keeps
//! its orders in a database ([`store`]: SQLite, or Postgres for replicas).
//! Built for wasm it is the page (`page.rs`): it holds the checkout key only,
//! which is made for frontends, and no database code. The `cfg_attr` split below is the whole difference; a
//! page that declared `backend` or `webhook` would not compile.
//!
//! The variables hold the sandbox's documented fake keys by default (the
//! workspace's `.cargo/config.toml`); set them in the environment to build
//! against your own business.

#[cfg(not(target_family = "wasm"))]
pub mod server;
#[cfg(not(target_family = "wasm"))]
pub mod store;

#[cfg(target_family = "wasm")]
mod page;

#[cfg_attr(
    not(target_family = "wasm"),
    mileston_config::mileston_config(
        backend = "SANDBOX_API_KEY",
        checkout = "SANDBOX_CHECKOUT_KEY",
        webhook = "SANDBOX_WEBHOOK_TOKEN",
        business_id = "SANDBOX_BUSINESS_ID"
    )
)]
#[cfg_attr(
    target_family = "wasm",
    mileston_config::mileston_config(
        checkout = "SANDBOX_CHECKOUT_KEY",
        business_id = "SANDBOX_BUSINESS_ID"
    )
)]
pub struct Mileston;

/// Something the shop sells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    /// Its ID in URLs and request bodies.
    pub id: &'static str,
    /// What the customer sees.
    pub name: &'static str,
    /// Its price in USDC, as Mileston's amounts are written.
    pub price: &'static str,
}

/// The catalogue: the server prices orders from it, the page shows it.
pub const ITEMS: [Item; 3] = [
    Item {
        id: "mug",
        name: "Mug",
        price: "12.00",
    },
    Item {
        id: "tshirt",
        name: "T-shirt",
        price: "25.50",
    },
    Item {
        id: "sticker",
        name: "Sticker",
        price: "2.00",
    },
];

/// The item called `id`.
pub fn item(id: &str) -> Option<&'static Item> {
    ITEMS.iter().find(|i| i.id == id)
}

/// The server's routes, which the page calls.
pub mod routes {
    /// `GET`: `{"api": URL}`, the Mileston base URL the page's checkout handle
    /// uses (the embedded sandbox's, or none for Mileston's own).
    pub const CONFIG: &str = "/api/config";
    /// `POST {"item": ID}`: a new order and its invoice,
    /// `{"order": ID, "invoice": ID, "status": "pending"}`.
    pub const ORDERS: &str = "/api/orders";
    /// `POST`: Mileston's webhook deliveries.
    pub const WEBHOOK: &str = "/webhooks/mileston";
    /// Where the page's built files are served (`shop.js`, `shop_bg.wasm`).
    pub const PKG: &str = "/pkg";
}

/// An order's status, as the server reports it: `paid` only once Mileston's
/// webhook said so.
pub mod status {
    /// Created, its invoice not paid yet.
    pub const PENDING: &str = "pending";
    /// Its invoice was paid, as a verified webhook told the server.
    pub const PAID: &str = "paid";
}
