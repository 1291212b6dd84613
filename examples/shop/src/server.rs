//! The shop's server (native builds): serves the page, creates one invoice per
//! order with the backend handle, and marks an order paid when a verified
//! webhook delivery says its invoice was paid, each delivery applied once.
//!
//! State lives in memory: it is a demonstration. A real shop keeps its
//! orders, and the webhook keys it has processed, in its database, and
//! records both in one transaction.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

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

use crate::{Item, Mileston, item, routes, status};

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
}

/// What the handlers share.
#[derive(Clone)]
struct Shop {
    backend: BackendOf<Mileston>,
    webhooks: WebhookOf<Mileston>,
    api: Option<Arc<str>>,
    dist: Arc<Path>,
    book: Arc<Mutex<Book>>,
}

impl FromRef<Shop> for WebhookOf<Mileston> {
    fn from_ref(shop: &Shop) -> Self {
        shop.webhooks.clone()
    }
}

/// The orders, and the webhook deliveries already applied.
#[derive(Default)]
struct Book {
    next: u64,
    orders: HashMap<String, Order>,
    by_invoice: HashMap<String, String>,
    /// [`Event::dedup_key`] of every delivery applied: Mileston retries any
    /// answer but 200 and may deliver one event twice.
    applied: HashSet<String>,
}

#[derive(Clone)]
struct Order {
    item: &'static Item,
    invoice: String,
    status: &'static str,
}

/// An order as the page reads it.
#[derive(Serialize)]
struct OrderView {
    order: String,
    invoice: String,
    item: &'static str,
    amount: &'static str,
    status: &'static str,
}

impl OrderView {
    fn of(id: &str, order: &Order) -> Self {
        OrderView {
            order: id.to_owned(),
            invoice: order.invoice.clone(),
            item: order.item.id,
            amount: order.item.price,
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
        book: Arc::default(),
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
    let invoice = created.data.invoice_id;
    let mut book = shop.book.lock().unwrap_or_else(PoisonError::into_inner);
    book.next += 1;
    let id = format!("order-{}", book.next);
    let order = Order {
        item,
        invoice: invoice.clone(),
        status: status::PENDING,
    };
    let view = OrderView::of(&id, &order);
    book.by_invoice.insert(invoice, id.clone());
    book.orders.insert(id, order);
    (StatusCode::CREATED, Json(view)).into_response()
}

async fn read_order(State(shop): State<Shop>, UrlPath(id): UrlPath<String>) -> Response {
    let book = shop.book.lock().unwrap_or_else(PoisonError::into_inner);
    match book.orders.get(&id) {
        Some(order) => Json(OrderView::of(&id, order)).into_response(),
        None => refuse(StatusCode::NOT_FOUND, "no such order"),
    }
}

/// A delivery that passed the verifier (any other was answered 401, 413 or
/// 400 by the extractor, and changed nothing). Answers 200 to every verified
/// delivery, applied or not, so that Mileston stops retrying it.
async fn webhook(State(shop): State<Shop>, delivery: VerifiedEvent<M>) -> Response {
    let event = delivery.event;
    let outcome = match &event {
        Event::InvoicePaid(paid) => {
            let mut book = shop.book.lock().unwrap_or_else(PoisonError::into_inner);
            let order = paid
                .payment_id
                .as_ref()
                .and_then(|invoice| book.by_invoice.get(invoice))
                .cloned();
            let key = event.dedup_key();
            match order {
                None => "not an invoice of this shop",
                Some(_) if book.applied.contains(&key) => "already applied",
                Some(id) => {
                    if let Some(order) = book.orders.get_mut(&id) {
                        order.status = status::PAID;
                    }
                    book.applied.insert(key);
                    "applied"
                }
            }
        }
        _ => "not an event this shop acts on",
    };
    Json(serde_json::json!({ "event": event.name(), "outcome": outcome })).into_response()
}
