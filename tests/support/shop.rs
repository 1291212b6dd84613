//! The shop (`examples/shop`) as its tests run it: servers on runtimes of
//! their own (a replica of the shop, or anything a test puts between it and
//! the sandbox), each stopped at once as a killed process would be; and the
//! calls a test makes to a shop and to the sandbox (plain HTTP on loopback).
//! Included with `#[path]` by the shop's tests.
#![allow(dead_code)]

use std::future::Future;
use std::path::PathBuf;
use std::time::Duration;

use axum::Router;
use mileston_sandbox::keys;
use mileston_shop::routes;
use mileston_shop::server::{Options, router};
use mileston_shop::store::Store;
use tokio::runtime::Runtime;

/// A server on loopback, on a runtime of its own: the test's blocking calls
/// never hold it up, and stopping it stops nothing else.
pub struct Server {
    url: String,
    runtime: Option<Runtime>,
}

impl Server {
    /// Serves the router that `make` builds (on the server's runtime, so
    /// that what it opens, connections included, belongs to the server).
    /// Takes requests when this returns; a panic in `make` is the caller's.
    pub async fn start<F, Fut>(make: F) -> Server
    where
        F: FnOnce() -> Fut + Send + 'static,
        Fut: Future<Output = Router> + Send + 'static,
    {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let router = match runtime.spawn(async move { make().await }).await {
            Ok(router) => router,
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        };
        runtime.spawn(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, router).await.unwrap();
        });
        Server {
            url,
            runtime: Some(runtime),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Where Mileston delivers to this server: the shop's webhook route.
    pub fn webhook(&self) -> String {
        format!("{}{}", self.url, routes::WEBHOOK)
    }

    /// Stops the server at once, as a killed process stops: every task it
    /// runs is dropped where it waits, its connections close (a database
    /// rolls back a transaction left open), its port refuses.
    pub fn stop(self) {
        drop(self);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            // Not a wait: the caller may be async.
            runtime.shutdown_background();
        }
    }
}

/// A replica of the shop on the database `database`, using the sandbox at
/// `api`, serving the page's files from `dist`; its schema is migrated when
/// this returns.
pub async fn replica(database: &str, api: &str, dist: PathBuf) -> Server {
    let (database, api) = (database.to_owned(), api.to_owned());
    Server::start(move || async move {
        let store = Store::open(&database)
            .await
            .unwrap_or_else(|e| panic!("the shop's database: {e}"));
        let options = Options {
            api: Some(api),
            dist,
            store,
        };
        router(options).unwrap()
    })
    .await
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent()
}

/// `GET url` with `headers`: the status and the body.
pub fn get_with(url: &str, headers: &[(&str, &str)]) -> (u16, Vec<u8>) {
    let mut request = agent().get(url);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let mut response = request.call().unwrap();
    let body = response
        .body_mut()
        .with_config()
        .limit(64 << 20)
        .read_to_vec()
        .unwrap();
    (response.status().as_u16(), body)
}

/// `GET url`'s body, which must come with 200.
pub fn get(url: &str) -> Vec<u8> {
    let (status, body) = get_with(url, &[]);
    assert_eq!(status, 200, "GET {url}: {}", String::from_utf8_lossy(&body));
    body
}

/// `POST url` with the JSON `body` and `headers`: the status and the body.
pub fn post(url: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
    let mut request = agent().post(url).header("content-type", "application/json");
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let mut response = request.send(body).unwrap();
    let text = response.body_mut().read_to_string().unwrap();
    (response.status().as_u16(), text)
}

/// The order and the invoice of a new order of `item` at `shop`.
pub fn new_order(shop: &str, item: &str) -> (String, String) {
    let body = serde_json::json!({ "item": item }).to_string();
    let (status, created) = post(&format!("{shop}{}", routes::ORDERS), &[], &body);
    assert_eq!(status, 201, "{created}");
    let created: serde_json::Value = serde_json::from_str(&created).unwrap();
    let field = |name: &str| created[name].as_str().unwrap().to_owned();
    (field("order"), field("invoice"))
}

/// The order's status, as `shop` reports it.
pub fn order_status(shop: &str, order: &str) -> String {
    let body = get(&format!("{shop}{}/{order}", routes::ORDERS));
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    json["status"].as_str().unwrap().to_owned()
}

/// The first tenant's normal key, as the sandbox's backend and log
/// endpoints take it.
const AS_THE_BUSINESS: [(&str, &str); 2] =
    [("apikey", keys::API_KEY), ("businessid", keys::BUSINESS_ID)];

/// Registers `url` as a webhook of the first tenant (with its token), as
/// Mileston's dashboard would.
pub fn register_webhook(sandbox: &str, url: &str) {
    let body = serde_json::json!({ "url": url }).to_string();
    let (status, answer) = post(
        &format!("{sandbox}/__sandbox/webhooks"),
        &AS_THE_BUSINESS,
        &body,
    );
    assert_eq!(status, 201, "{answer}");
}

/// The sandbox's delivery log: every delivery, each attempt's status and
/// the start of its answer.
pub fn deliveries(sandbox: &str) -> serde_json::Value {
    let url = format!("{sandbox}/__sandbox/deliveries");
    let (status, body) = get_with(&url, &AS_THE_BUSINESS);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    serde_json::from_slice(&body).unwrap()
}

/// The sandbox's delivery log once no delivery is pending (a delivery ends
/// after 5 attempts at most: 3.75 s of waits, and 5 s for each).
pub fn settled(sandbox: &str) -> serde_json::Value {
    for _ in 0..2_000 {
        let log = deliveries(sandbox);
        if log["pending"] == 0 {
            return log;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("deliveries still pending: {}", deliveries(sandbox));
}
