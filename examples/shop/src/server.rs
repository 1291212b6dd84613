//! The shop's server (native builds): serves the page, creates one invoice per
//! order with the backend handle, and marks an order paid when a verified
//! webhook delivery says its invoice was paid, each delivery applied once
//! whichever replica receives it. Its state is in the database ([`Store`]),
//! so that replicas share it and a restart keeps it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::{FromRef, Path as UrlPath, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use mileston_config::backend::NewInvoice;
use mileston_config::types::{Amount, IsoDate};
use mileston_config::webhook::{Event, VerifiedEvent};
use mileston_config::{BackendOf, Configured, WebhookOf};
use serde::{Deserialize, Serialize};

use crate::store::{Applied, Order, Store};
use crate::{Mileston, item, routes};

/// The mode of the shop's keys, as the attribute chose it.
type M = <Mileston as Configured>::Mode;

/// The business name on the shop's invoices.
const BUSINESS_NAME: &str = "Mileston Sandbox Shop";
/// Invoices are due this many days after the order.
const DUE_IN_DAYS: i64 = 14;

/// How the server runs.
#[derive(Clone, Debug)]
pub struct Options {
    /// The Mileston base URL (the sandbox's), for the server's backend handle
    /// and the page's checkout handle; `None` for Mileston's own services.
    pub api: Option<String>,
    /// The page's built files: `index.html`, `shop.js`, `shop_bg.wasm`.
    pub dist: PathBuf,
    /// The orders and the deliveries applied ([`Store::open`]).
    pub store: Store,
}

/// What the handlers share.
#[derive(Clone)]
struct Shop {
    backend: BackendOf<Mileston>,
    webhooks: WebhookOf<Mileston>,
    api: Option<Arc<str>>,
    dist: Arc<Path>,
    store: Store,
}

impl FromRef<Shop> for WebhookOf<Mileston> {
    fn from_ref(shop: &Shop) -> Self {
        shop.webhooks.clone()
    }
}

/// An order as the page reads it.
#[derive(Serialize)]
struct OrderView<'a> {
    order: &'a str,
    invoice: &'a str,
    item: &'static str,
    amount: &'a str,
    status: &'static str,
}

impl<'a> OrderView<'a> {
    fn of(order: &'a Order) -> Self {
        OrderView {
            order: &order.id,
            invoice: &order.invoice,
            item: order.item.id,
            amount: &order.amount,
            status: order.status,
        }
    }
}

#[derive(Deserialize)]
struct NewOrder {
    item: String,
}

/// The shop's routes, for `axum::serve`.
///
/// # Errors
/// When `options.api` is not a base URL the handles accept.
pub fn router(options: Options) -> Result<Router, mileston_config::Error> {
    let backend = match &options.api {
        Some(url) => Mileston::backend().with_base_url(url)?,
        None => Mileston::backend(),
    };
    let shop = Shop {
        backend,
        webhooks: Mileston::webhook(),
        api: options.api.map(Arc::from),
        dist: Arc::from(options.dist),
        store: options.store,
    };
    Ok(Router::new()
        .route("/", get(index))
        .route(&format!("{}/{{file}}", routes::PKG), get(pkg))
        .route(routes::CONFIG, get(config))
        .route(routes::ORDERS, post(create_order))
        .route(&format!("{}/{{id}}", routes::ORDERS), get(read_order))
        .route(routes::WEBHOOK, post(webhook))
        .with_state(shop))
}

/// Serves the shop on `listener` until the process stops.
///
/// # Errors
/// When `options.api` is not a base URL the handles accept, or the listener
/// fails.
pub async fn serve(
    listener: tokio::net::TcpListener,
    options: Options,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    axum::serve(listener, router(options)?).await?;
    Ok(())
}

/// A JSON `{"message": ...}` answer with `status`.
fn refuse(status: StatusCode, message: impl Into<String>) -> Response {
    let body = serde_json::json!({ "message": message.into() });
    (status, Json(body)).into_response()
}

/// The answer when the database fails: 503, so that a caller (Mileston
/// among them) tries again. The error itself goes to the server's log only.
fn database_failed(e: &sqlx::Error) -> Response {
    eprintln!("error: the shop's database: {e}");
    refuse(
        StatusCode::SERVICE_UNAVAILABLE,
        "the shop's database failed: try again",
    )
}

/// `file` of the page's build, with its content type; 404 for any other name.
fn file(dist: &Path, name: &str) -> Response {
    let kind = match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        _ => return refuse(StatusCode::NOT_FOUND, "no such file"),
    };
    // A flat directory: no separators, no dot files.
    let plain = !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    match plain.then(|| std::fs::read(dist.join(name))) {
        Some(Ok(bytes)) => (
            [
                (header::CONTENT_TYPE, kind),
                (header::CACHE_CONTROL, "no-store"),
            ],
            bytes,
        )
            .into_response(),
        _ => refuse(StatusCode::NOT_FOUND, "no such file"),
    }
}

async fn index(State(shop): State<Shop>) -> Response {
    file(&shop.dist, "index.html")
}

async fn pkg(State(shop): State<Shop>, UrlPath(name): UrlPath<String>) -> Response {
    file(&shop.dist, &name)
}

async fn config(State(shop): State<Shop>) -> Response {
    Json(serde_json::json!({ "api": shop.api.as_deref() })).into_response()
}

/// Today plus [`DUE_IN_DAYS`], in UTC.
fn due_date() -> IsoDate {
    let due = time::OffsetDateTime::now_utc().date() + time::Duration::days(DUE_IN_DAYS);
    IsoDate::try_from(due).expect("a date two weeks from now is in 0000-9999")
}

async fn create_order(State(shop): State<Shop>, Json(new): Json<NewOrder>) -> Response {
    let Some(item) = item(&new.item) else {
        return refuse(StatusCode::NOT_FOUND, "no such item");
    };
    let amount = Amount::new(item.price).expect("the catalogue's prices are amounts");
    let invoice = NewInvoice::new(amount, item.name, "customer@example.com", due_date());
    let created = match shop.backend.create_invoice(BUSINESS_NAME, &invoice).await {
        Ok(created) => created,
        // The handle's errors never hold a key: they may be shown.
        Err(e) => return refuse(StatusCode::BAD_GATEWAY, e.to_string()),
    };
    match shop
        .store
        .create_order(item, &created.data.invoice_id)
        .await
    {
        Ok(order) => (StatusCode::CREATED, Json(OrderView::of(&order))).into_response(),
        Err(e) => database_failed(&e),
    }
}

async fn read_order(State(shop): State<Shop>, UrlPath(id): UrlPath<String>) -> Response {
    match shop.store.order(&id).await {
        Ok(Some(order)) => Json(OrderView::of(&order)).into_response(),
        Ok(None) => refuse(StatusCode::NOT_FOUND, "no such order"),
        Err(e) => database_failed(&e),
    }
}

/// A delivery that passed the verifier (any other was answered 401, 413 or
/// 400 by the extractor, and changed nothing). Answers 200 to every verified
/// delivery, applied now or before, so that Mileston stops retrying it; 503
/// when the database failed, so that it retries (nothing was recorded).
///
/// The one place the shop reads a delivery: [`Store::apply_payment`] takes
/// the invoice and [`Event::dedup_key`], and records the key with the
/// order's change in one transaction.
async fn webhook(State(shop): State<Shop>, delivery: VerifiedEvent<M>) -> Response {
    let event = delivery.event;
    let outcome = match &event {
        Event::InvoicePaid(paid) => match &paid.payment_id {
            Some(invoice) => match shop.store.apply_payment(&event.dedup_key(), invoice).await {
                Ok(applied) => applied.outcome(),
                Err(e) => return database_failed(&e),
            },
            None => Applied::NotOurs.outcome(),
        },
        _ => "not an event this shop acts on",
    };
    Json(serde_json::json!({ "event": event.name(), "outcome": outcome })).into_response()
}
