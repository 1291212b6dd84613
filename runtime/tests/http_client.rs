//! The native HTTP client under the handles: the `User-Agent` every request
//! carries, and a client of the user's own (`with_http_client`): what it
//! sends, what the handle still decides (timeout, headers), and what the
//! client decides (redirects). Against the scripted loopback server
//! (`support/scripted.rs`), which records each request as it came.
#![cfg(all(feature = "http", not(target_arch = "wasm32")))]

#[path = "support/scripted.rs"]
#[allow(dead_code)] // Each test file uses its part.
mod scripted;

use std::sync::Arc;
use std::time::Duration;

use mileston_config::credentials::WalletSecret;
use mileston_config::types::PaymentKind;
use mileston_config::{Error, WalletClient};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::redirect::Policy;
use scripted::{NORMAL, Seen, backend, checkout, serve};

const AGENT: &str = concat!("mileston-config/", env!("CARGO_PKG_VERSION"));
const INVOICE: &str = r#"{"invoiceData":{"invoiceId":"in_1","amount":"5","itemName":"Tea","customerEmail":"a@b.c","dueDate":"2026-12-31T00:00:00.000Z","status":"paid","env":"test"}}"#;
const TRANSACTION: &str = r#"{"data":{"transactionUUID":"tx_1","status":"pending","amount":"1.00","recipientAddress":"0xabc","walletType":"eth","createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z"}}"#;

/// Every value of the header `name` the request carried.
fn all<'a>(seen: &'a Seen, name: &str) -> Vec<&'a str> {
    seen.headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .collect()
}

fn wallet(url: &str) -> WalletClient<mileston_config::Test> {
    WalletClient::from_backend(
        backend(url),
        WalletSecret::new("FAKE-wallet-secret-for-tests").unwrap(),
    )
}

/// A user's client: its own roots (none: plain http on loopback), its own
/// user agent, and a default header of its own.
fn users_client(policy: Policy) -> reqwest::Client {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth();
    let mut headers = HeaderMap::new();
    headers.insert("x-proxy-tag", HeaderValue::from_static("shop-1"));
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .user_agent("shop/2.0")
        .default_headers(headers)
        .timeout(Duration::from_secs(60))
        .redirect(policy)
        .build()
        .unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn every_request_says_who_sends_it() {
    let (url, seen) = serve(vec![
        (200, "", INVOICE, 0),
        (200, "", INVOICE, 0),
        (200, "", TRANSACTION, 0),
        (200, "", r#"{"status":"healthy"}"#, 0),
    ]);
    backend(&url).get_invoice("in_1").await.unwrap();
    checkout(&url)
        .get_payment(PaymentKind::Invoice, "in_1")
        .await
        .unwrap();
    wallet(&url).get_transaction_status("tx_1").await.unwrap();
    backend(&url).health().await.unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 4);
    for s in seen.iter() {
        assert_eq!(all(s, "user-agent"), [AGENT], "{}", s.request_line);
    }
}

/// The handle sends through the user's client (its default header arrives)
/// and its clones do too; the `User-Agent` is still the crate's, once.
#[tokio::test(flavor = "current_thread")]
async fn a_users_client_carries_the_requests() {
    let (url, seen) = serve(vec![
        (200, "", INVOICE, 0),
        (200, "", INVOICE, 0),
        (200, "", TRANSACTION, 0),
    ]);
    let client = users_client(Policy::none());
    let b = backend(&url).with_http_client(client.clone());
    b.clone().get_invoice("in_1").await.unwrap();
    checkout(&url)
        .with_http_client(client.clone())
        .get_payment(PaymentKind::Invoice, "in_1")
        .await
        .unwrap();
    wallet(&url)
        .with_http_client(client)
        .get_transaction_status("tx_1")
        .await
        .unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 3);
    for s in seen.iter() {
        assert_eq!(all(s, "x-proxy-tag"), ["shop-1"], "{}", s.request_line);
        assert_eq!(all(s, "user-agent"), [AGENT]);
    }
    assert_eq!(seen[0].header("apikey"), Some(NORMAL));
    assert!(seen[2].header("x-request-signature").is_some());
    // The handle's `Debug` says nothing of the client's settings.
    let shown = format!("{b:?}");
    assert!(shown.contains("reqwest::Client { .. }"), "{shown}");
    assert!(!shown.contains("shop-1"), "{shown}");
}

/// The handle's timeout applies to each attempt, whatever the client's
/// (60 s here).
#[tokio::test(flavor = "current_thread")]
async fn the_handles_timeout_still_applies() {
    let (url, _seen) = serve(vec![(200, "", INVOICE, 1_500)]);
    let e = backend(&url)
        .with_http_client(users_client(Policy::none()))
        .with_timeout(Duration::from_millis(200))
        .with_retries(0)
        .get_invoice("in_1")
        .await
        .unwrap_err();
    assert_eq!(
        e,
        Error::Timeout {
            after: Duration::from_millis(200)
        }
    );
}

/// The default client refuses a redirect (the 3xx is the error) and sends
/// nothing to where it points; a user's client follows its own policy, and
/// with reqwest's default one the key goes along, which is why the
/// documentation asks for `Policy::none()`.
#[tokio::test(flavor = "current_thread")]
async fn redirects_follow_the_clients_policy() {
    let (elsewhere, reached) = serve(vec![(200, "", INVOICE, 0)]);
    let location: &'static str =
        Box::leak(format!("location: {elsewhere}/invoice/in_1\r\n").into_boxed_str());
    let (url, _seen) = serve(vec![
        (302, location, "{}", 0),
        (302, location, "{}", 0),
        (302, location, "{}", 0),
    ]);
    let e = backend(&url).get_invoice("in_1").await.unwrap_err();
    assert_eq!(
        e,
        Error::Status {
            status: 302,
            message: String::new()
        }
    );
    let e = backend(&url)
        .with_http_client(users_client(Policy::none()))
        .get_invoice("in_1")
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(302));
    assert!(reached.lock().unwrap().is_empty());

    let followed = backend(&url)
        .with_http_client(users_client(Policy::default()))
        .get_invoice("in_1")
        .await
        .unwrap();
    assert_eq!(followed.invoice_id, "in_1");
    let reached = reached.lock().unwrap();
    assert_eq!(reached.len(), 1);
    assert_eq!(reached[0].header("apikey"), Some(NORMAL));
}

/// A client started from `http_client_builder()` (no knowledge of rustls's
/// providers needed) keeps the handle's defaults, redirects refused among
/// them, and carries what the user added (a default header here).
#[tokio::test(flavor = "current_thread")]
async fn the_builder_starts_from_the_handles_defaults() {
    let (elsewhere, reached) = serve(vec![(200, "", INVOICE, 0)]);
    let location: &'static str =
        Box::leak(format!("location: {elsewhere}/invoice/in_1\r\n").into_boxed_str());
    let (url, seen) = serve(vec![(302, location, "{}", 0), (200, "", INVOICE, 0)]);
    let mut headers = HeaderMap::new();
    headers.insert("x-proxy-tag", HeaderValue::from_static("shop-2"));
    let client = mileston_config::http_client_builder()
        .unwrap()
        .default_headers(headers)
        .build()
        .unwrap();
    let b = backend(&url).with_http_client(client);
    assert_eq!(b.get_invoice("in_1").await.unwrap_err().status(), Some(302));
    assert!(
        reached.lock().unwrap().is_empty(),
        "the redirect is not followed"
    );
    assert_eq!(b.get_invoice("in_1").await.unwrap().invoice_id, "in_1");
    let seen = seen.lock().unwrap();
    for s in seen.iter() {
        assert_eq!(all(s, "x-proxy-tag"), ["shop-2"], "{}", s.request_line);
        assert_eq!(all(s, "user-agent"), [AGENT]);
    }
}
