//! A frontend holding the normal key, caught by the sandbox in a real
//! browser: headless Chromium (through chromedriver, the harness of
//! `test_browser.rs`) loads a page from one loopback origin that calls the
//! sandbox on another. With the normal key the page sees 403 and the
//! message that teaches the rule, and the sandbox's request log records the
//! refusal; the same page with the checkout key reads the invoice. Node's
//! calls (Mileston's SDKs, `test_sdk*.rs`) send no `Origin` and are served
//! as ever.
//!
//! It needs `chromium`, `chromedriver` (and, as the harness checks for the
//! checkout page, `wasm-bindgen`): `bash scripts/install-browser-tools.sh`.
//! Every key here is fake.

#[path = "support/browser.rs"]
mod browser;
mod support;

use std::path::PathBuf;

use axum::Router;
use axum::response::Html;
use axum::routing::get;
use browser::{Browser, screenshot, text, wait_for_text};
use mileston_sandbox::{Sandbox, keys};
use serde_json::{Value, json};
use support::workspace;

const PAGE: &str = include_str!("sandbox_browser/page.html");

const REFUSAL: &str = "the normal API key must never be in a frontend: this request came from a \
     browser page (it has an `Origin` header) with the normal key in `apikey`; the checkout key \
     is the one for pages: keep the normal key on your server";

fn out_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("sandbox-browser")
}

/// `text` fit for a query string's value (what the page's URLs hold).
fn query_value(text: &str) -> String {
    text.replace('%', "%25")
        .replace(':', "%3A")
        .replace('/', "%2F")
}

/// Serves the page at `/` on a loopback port of its own: its base URL.
async fn serve_page() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let app = Router::new().route("/", get(|| async { Html(PAGE) }));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

/// A server's call to the sandbox (no `Origin`) with the first tenant's
/// normal key: the answer as JSON.
fn server_call(method: &str, url: &str, body: Option<&str>) -> Value {
    let agent = ureq::Agent::new_with_defaults();
    let request = ureq::http::Request::builder()
        .method(method)
        .uri(url)
        .header("apikey", keys::API_KEY)
        .header("businessid", keys::BUSINESS_ID)
        .header("content-type", "application/json");
    let mut answer = match body {
        Some(b) => agent.run(request.body(b.to_owned()).unwrap()),
        None => agent.run(request.body(()).unwrap()),
    }
    .unwrap();
    serde_json::from_slice(&answer.body_mut().read_to_vec().unwrap()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_with_the_normal_key_is_refused_and_one_with_the_checkout_key_served() {
    let tools = browser::tools(&workspace().join("examples/checkout-web/Cargo.lock"));
    let sandbox = Sandbox::start().unwrap();
    let api = sandbox.url();
    let created = server_call(
        "POST",
        &format!("{api}/invoice/create?businessName=Shop"),
        Some(
            r#"{"amount":"120.50","itemName":"Order","customerEmail":"c@example.com","dueDate":"2026-12-31"}"#,
        ),
    );
    let id = created["invoiceData"]["invoiceId"]
        .as_str()
        .unwrap()
        .to_owned();
    let site = serve_page().await;
    let page = |key: &str| {
        format!(
            "{site}/?api={}&path={}&key={key}&business={}",
            query_value(&api),
            query_value(&format!("/checkout/data/invoice.get/{id}")),
            keys::BUSINESS_ID
        )
    };
    let (with_normal, with_checkout) = (page(keys::API_KEY), page(keys::CHECKOUT_KEY));
    let before = server_call(
        "GET",
        &format!("{}/__sandbox/requests", sandbox.url()),
        None,
    )["total"]
        .as_u64()
        .unwrap();

    let browser = Browser::start(&tools, &out_dir()).await;
    browser
        .drive(|client| async move {
            let out = out_dir();
            client.goto(&with_normal).await.unwrap();
            wait_for_text(&client, &out, "status", "403").await;
            assert_eq!(text(&client, "message").await, REFUSAL);
            assert_eq!(text(&client, "amount").await, "");
            screenshot(&client, &out, "normal-key-refused").await;

            client.goto(&with_checkout).await.unwrap();
            wait_for_text(&client, &out, "status", "200").await;
            assert_eq!(text(&client, "message").await, "Payment retrieved");
            assert_eq!(text(&client, "amount").await, "120.50");
            screenshot(&client, &out, "checkout-key-served").await;
        })
        .await;

    // The sandbox logged the page's two calls (preflights are not logged):
    // the refusal as such, then the checkout key's answer.
    let log = server_call(
        "GET",
        &format!("{}/__sandbox/requests/log?since={before}", sandbox.url()),
        None,
    );
    let calls: Vec<Value> = log["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            json!([
                e["apikey"],
                e["status"],
                e["normalKeyFromBrowser"],
                e["origin"]
            ])
        })
        .collect();
    assert_eq!(
        calls,
        [
            json!(["normal", 403, "refused", site]),
            json!(["checkout", 200, null, site]),
        ],
        "{log}"
    );
}
