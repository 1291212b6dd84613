//! The shop (`examples/shop`) as two replicas on one Postgres database: each
//! payment is applied exactly once, whichever replica Mileston reaches, how
//! often, and even when a replica stops in the middle of applying one.
//!
//! Real parts throughout: a throwaway Postgres server (`support/postgres.rs`),
//! two shop servers on it, each on a runtime of its own
//! (`support/shop.rs`), and the sandbox, with both registered as webhooks of
//! one business, so that it delivers every payment to both at once. Between
//! the sandbox and each replica is a [`Link`] that loses the replica's first
//! answer to each delivery, as a load balancer that gave up waiting would:
//! the sandbox retries, so every delivery is repeated on a replica that has
//! seen it. Asserted from what the replicas answered, the sandbox's delivery
//! log and the tables, never from time. Every key here is the sandbox's fake.

#[path = "support/postgres.rs"]
mod postgres;
#[path = "support/shop.rs"]
mod shop;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use mileston_sandbox::Sandbox;
use mileston_shop::{ITEMS, status};
use postgres::Cluster;
use serde_json::Value;
use shop::{Server, new_order, order_status, register_webhook, replica, settled};
use sqlx::PgPool;

/// Payments made while both replicas run.
const BOTH_UP: usize = 24;
/// Payments made once one replica has stopped.
const ONE_DOWN: usize = 8;

/// The replicas' names in `pg_stat_activity` (their `application_name`).
const NAMES: [&str; 2] = ["shop-a", "shop-b"];

// ---- the link between the sandbox and a replica ------------------------------

/// What a replica answered to one request that a [`Link`] passed on.
#[derive(Clone, Debug)]
struct Heard {
    /// The delivery's invoice.
    invoice: String,
    /// The answer's `outcome` ("applied", "already applied", ...), or `None`
    /// when the replica gave no answer (stopped) or not one with an outcome.
    outcome: Option<String>,
}

struct LinkState {
    replica: String,
    client: Client<HttpConnector, Body>,
    /// The deliveries (by body) the replica has answered once.
    answered: Mutex<HashSet<Bytes>>,
    heard: Mutex<Vec<Heard>>,
}

/// The network between the sandbox and one replica: passes each request on
/// to the replica's webhook and its answer back, except the first answer
/// the replica gives to each delivery, which becomes a 504 (the answer lost,
/// as by a load balancer that gave up waiting), so that the sandbox retries
/// a delivery the replica has already processed. A stopped replica is a 502.
struct Link {
    server: Server,
    state: Arc<LinkState>,
}

impl Link {
    async fn start(replica: String) -> Link {
        let state = Arc::new(LinkState {
            replica,
            client: Client::builder(TokioExecutor::new()).build_http(),
            answered: Mutex::default(),
            heard: Mutex::default(),
        });
        let shared = state.clone();
        let server =
            Server::start(move || async move { Router::new().fallback(pass).with_state(shared) })
                .await;
        Link { server, state }
    }

    /// Everything the replica answered through this link, in order.
    fn heard(&self) -> Vec<Heard> {
        lock(&self.state.heard).clone()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

async fn pass(State(link): State<Arc<LinkState>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, 1 << 20).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let mut out = Request::post(&link.replica);
    for (name, value) in &parts.headers {
        if name != header::HOST {
            out = out.header(name, value);
        }
    }
    let answer = match link
        .client
        .request(out.body(Body::from(body.clone())).unwrap())
        .await
    {
        Ok(response) => {
            let status = response.status();
            let bytes = axum::body::to_bytes(Body::new(response.into_body()), 1 << 20).await;
            bytes.ok().map(|bytes| (status, bytes))
        }
        Err(_) => None,
    };
    let delivery: Value = serde_json::from_slice(&body).unwrap_or_default();
    let outcome = answer.as_ref().and_then(|(_, bytes)| {
        let json: Value = serde_json::from_slice(bytes).ok()?;
        Some(json["outcome"].as_str()?.to_owned())
    });
    lock(&link.heard).push(Heard {
        invoice: delivery["payload"]["paymentLinkId"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        outcome,
    });
    match answer {
        None => (StatusCode::BAD_GATEWAY, "the replica did not answer").into_response(),
        Some(_) if lock(&link.answered).insert(body) => {
            (StatusCode::GATEWAY_TIMEOUT, "the replica's answer was lost").into_response()
        }
        Some((status, bytes)) => (status, bytes).into_response(),
    }
}

// ---- what the test reads -----------------------------------------------------

/// Marks `invoice` paid in the sandbox, as the customer's transfer would:
/// the sandbox delivers `invoice-paid` to both links.
fn pay(sandbox: &str, invoice: &str) {
    let (status, answer) = shop::post(
        &format!("{sandbox}/__sandbox/pay/invoice/{invoice}"),
        &[],
        "",
    );
    assert_eq!(status, 200, "{answer}");
}

/// How many times each invoice's deliveries were answered `outcome`, over
/// every link.
fn count(links: &[&Link], outcome: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for heard in links.iter().flat_map(|l| l.heard()) {
        if heard.outcome.as_deref() == Some(outcome) {
            *counts.entry(heard.invoice).or_default() += 1;
        }
    }
    counts
}

/// The processed-deliveries rows, and how many invoices they cover.
async fn processed(db: &PgPool) -> (i64, i64) {
    sqlx::query_as("SELECT COUNT(*), COUNT(DISTINCT invoice) FROM processed_deliveries")
        .fetch_one(db)
        .await
        .unwrap()
}

/// The orders, and how many of them are paid.
async fn orders(db: &PgPool) -> (i64, i64) {
    sqlx::query_as("SELECT COUNT(*), COUNT(*) FILTER (WHERE status = $1) FROM orders")
        .bind(status::PAID)
        .fetch_one(db)
        .await
        .unwrap()
}

/// The replicas' sessions waiting for a lock: their names and statements.
async fn waiting(db: &PgPool) -> Vec<(String, String)> {
    sqlx::query_as(
        "SELECT application_name, query FROM pg_stat_activity \
         WHERE wait_event_type = 'Lock' AND application_name LIKE 'shop-%' \
         ORDER BY application_name",
    )
    .fetch_all(db)
    .await
    .unwrap()
}

/// The deliveries of `invoices` in `log` that went to `link`.
fn deliveries_of<'l>(log: &'l Value, link: &Link, invoices: &[String]) -> Vec<&'l Value> {
    let url = link.server.webhook();
    log["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            d["url"] == url.as_str() && invoices.iter().any(|i| d["paymentId"] == i.as_str())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_on_postgres_apply_each_payment_exactly_once() {
    let cluster = Cluster::start().await;
    let db = PgPool::connect(&cluster.url("test")).await.unwrap();
    let sandbox = Sandbox::start().unwrap();
    let api = sandbox.url();
    // No page: these replicas take orders and webhooks only.
    let dist = std::env::temp_dir().join("mileston-shop-replicas-no-page");
    let mut replicas = Vec::new();
    let mut links = Vec::new();
    for name in NAMES {
        let r = replica(&cluster.url(name), &api, dist.clone()).await;
        let link = Link::start(r.webhook()).await;
        register_webhook(&api, &link.server.webhook());
        replicas.push(Some(r));
        links.push(link);
    }
    let url =
        |i: usize, replicas: &[Option<Server>]| replicas[i].as_ref().unwrap().url().to_owned();

    // Both up: orders taken by either, every payment delivered to both at
    // once, and again as the sandbox's retries.
    let first: Vec<(String, String)> = (0..BOTH_UP)
        .map(|i| new_order(&url(i % 2, &replicas), ITEMS[i % ITEMS.len()].id))
        .collect();
    for (_, invoice) in &first {
        pay(&api, invoice);
    }
    let log = settled(&api);
    let invoices: Vec<String> = first.iter().map(|(_, i)| i.clone()).collect();
    for link in &links {
        let mine = deliveries_of(&log, link, &invoices);
        assert_eq!(mine.len(), BOTH_UP, "{log}");
        for d in mine {
            let attempts = d["attempts"].as_array().unwrap();
            let last = attempts.last().unwrap();
            assert_eq!(d["state"], "delivered", "{d}");
            assert_eq!(attempts[0]["status"], 504, "the first answer is lost: {d}");
            assert_eq!(last["status"], 200, "{d}");
            assert_eq!(
                last["answer"], r#"{"event":"invoice-paid","outcome":"already applied"}"#,
                "{d}"
            );
        }
    }
    let both = [&links[0], &links[1]];
    let applied = count(&both, "applied");
    for invoice in &invoices {
        assert_eq!(
            applied.get(invoice),
            Some(&1),
            "{invoice} applied once: {applied:?}"
        );
    }
    assert_eq!(applied.len(), BOTH_UP);
    let repeats = count(&both, "already applied");
    // Each replica saw each delivery twice at least; one of those applied it.
    assert!(
        invoices.iter().all(|i| repeats.get(i) >= Some(&3)),
        "{repeats:?}"
    );
    let n = i64::try_from(BOTH_UP).unwrap();
    assert_eq!(processed(&db).await, (n, n));
    assert_eq!(orders(&db).await, (n, n));
    for (order, _) in &first {
        for i in 0..2 {
            assert_eq!(order_status(&url(i, &replicas), order), status::PAID);
        }
    }

    // A replica stops between inserting a delivery's key and marking the
    // order paid: the test holds the order's row, so the replica that gets
    // there first waits at its update, and the other waits for its key.
    let (order, invoice) = new_order(&url(0, &replicas), "mug");
    let mut row = db.begin().await.unwrap();
    sqlx::query("SELECT status FROM orders WHERE invoice = $1 FOR UPDATE")
        .bind(&invoice)
        .execute(&mut *row)
        .await
        .unwrap();
    pay(&api, &invoice);
    let mut sessions = Vec::new();
    for _ in 0..1_000 {
        sessions = waiting(&db).await;
        if sessions.len() == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(sessions.len(), 2, "both replicas should wait: {sessions:?}");
    let at_update =
        |s: &(String, String)| s.1.trim_start().to_ascii_uppercase().starts_with("UPDATE");
    let holder = sessions
        .iter()
        .find(|s| at_update(s))
        .unwrap_or_else(|| panic!("{sessions:?}"));
    let (stopped, survivor) = if holder.0 == NAMES[0] { (0, 1) } else { (1, 0) };
    assert!(!at_update(&sessions[survivor]), "{sessions:?}");
    replicas[stopped].take().unwrap().stop();
    row.rollback().await.unwrap();
    settled(&api);
    // Its key went with its transaction: the survivor applied the payment.
    // (Had the key outlived the replica, the survivor would have answered
    // "already applied" and the order would be pending for good.)
    assert_eq!(
        count(&[&links[survivor]], "applied").get(&invoice),
        Some(&1)
    );
    assert_eq!(count(&[&links[stopped]], "applied").get(&invoice), None);
    assert_eq!(
        order_status(&url(survivor, &replicas), &order),
        status::PAID
    );
    assert_eq!(processed(&db).await, (n + 1, n + 1));

    // One replica down: no payment is lost, each applied once by the other.
    let rest: Vec<(String, String)> = (0..ONE_DOWN)
        .map(|i| new_order(&url(survivor, &replicas), ITEMS[i % ITEMS.len()].id))
        .collect();
    for (_, invoice) in &rest {
        pay(&api, invoice);
    }
    let log = settled(&api);
    let invoices: Vec<String> = rest.iter().map(|(_, i)| i.clone()).collect();
    let refused = deliveries_of(&log, &links[stopped], &invoices);
    assert_eq!(refused.len(), ONE_DOWN, "{log}");
    for d in refused {
        assert_eq!(d["state"], "failed", "{d}");
        assert!(
            d["attempts"]
                .as_array()
                .unwrap()
                .iter()
                .all(|a| a["status"] == 502),
            "{d}"
        );
    }
    let taken = deliveries_of(&log, &links[survivor], &invoices);
    assert_eq!(taken.len(), ONE_DOWN, "{log}");
    for d in taken {
        assert_eq!(d["state"], "delivered", "{d}");
    }
    let applied = count(&[&links[survivor]], "applied");
    for (order, invoice) in &rest {
        assert_eq!(applied.get(invoice), Some(&1), "{invoice}: {applied:?}");
        assert_eq!(order_status(&url(survivor, &replicas), order), status::PAID);
    }
    let all = n + 1 + i64::try_from(ONE_DOWN).unwrap();
    assert_eq!(processed(&db).await, (all, all));
    assert_eq!(orders(&db).await, (all, all));
    db.close().await;
}
