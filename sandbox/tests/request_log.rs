//! The request log (`GET /__sandbox/requests/log`): what each request looked
//! like on the wire, for comparing the bytes two clients send; never a key.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::*;
use mileston_sandbox::keys::{API_KEY, BUSINESS_ID, CHECKOUT_KEY};
use serde_json::json;

#[test]
fn each_request_is_logged_as_sent_with_its_answer_status() {
    let c = Client::new();
    let body = r#"{"title":"Tea","amount":"2.50"}"#;
    let created = c.post("/payment-link/create?x=1", NORMAL, body);
    assert_eq!(created.status, 201);
    c.send(
        "GET",
        "/checkout/sub-wallets/sandbox-subwallet-0001",
        CHECKOUT,
        None,
        &[("env", "test")],
    );
    c.get("/status", NONE);
    c.get("/payment-link/nope", NORMAL);

    let log = c.log_since(0);
    assert_eq!(log.len(), 4, "{log:?}");
    let e = &log[0];
    assert_eq!(e["seq"], 1);
    assert_eq!(e["method"], "POST");
    assert_eq!(e["path"], "/payment-link/create");
    assert_eq!(e["query"], "x=1");
    assert_eq!(e["apikey"], "normal");
    assert_eq!(e["businessid"], BUSINESS_ID);
    assert_eq!(e["contentType"], "application/json");
    assert_eq!(e["env"], json!(null));
    // The bytes as sent, and the member order they had.
    assert_eq!(e["body"], body);
    assert_eq!(e["members"], json!(["title", "amount"]));
    assert_eq!(e["json"], json!({"title": "Tea", "amount": "2.50"}));
    assert_eq!(e["withheld"], json!(null));
    assert_eq!(e["status"], 201);
    let headers: Vec<&str> = e["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap())
        .collect();
    for h in ["apikey", "businessid", "content-type"] {
        assert!(headers.contains(&h), "{headers:?}");
    }
    assert!(headers.is_sorted(), "{headers:?}");
    // The key's value is nowhere in the log.
    let text = c.get("/__sandbox/requests/log", NORMAL).text;
    assert!(!text.contains(API_KEY) && !text.contains(CHECKOUT_KEY));

    assert_eq!(log[1]["apikey"], "checkout");
    assert_eq!(log[1]["env"], "test");
    assert_eq!(log[1]["body"], json!(null));
    assert_eq!(log[1]["members"], json!(null));
    assert_eq!(log[2]["apikey"], "absent");
    assert_eq!(log[3]["status"], 404);

    // `since` skips what was already read; control calls are not logged.
    assert_eq!(c.log_since(3).len(), 1);
    assert_eq!(c.requests_total(), 4);
}

#[test]
fn keys_are_classified_never_recorded() {
    let c = Client::new();
    for (key, label) in [
        ("Mileston_TEST_FAKEabcd-1234567890", "malformed"),
        ("Mileston_LIVE_FAKEabcd1234567890", "live"),
        ("Mileston_TEST_FAKEabcd1234567890", "unknown"),
    ] {
        c.get("/payment-link", auth(key, BUSINESS_ID));
        let e = c.log_since(c.requests_total() - 1).remove(0);
        assert_eq!(e["apikey"], label, "{key}");
    }
    // A key in the body, the path, the query or a header is withheld.
    c.post(
        "/payment-link/create",
        NORMAL,
        &json!({ "amount": "1", "title": API_KEY }).to_string(),
    );
    c.get(&format!("/payment-link/{API_KEY}?limit={API_KEY}"), NORMAL);
    c.get("/payment-link", auth(API_KEY, API_KEY));
    let log = c.log_since(3);
    assert_eq!(log[0]["body"], json!(null));
    assert_eq!(log[0]["json"], json!(null));
    assert_eq!(
        log[0]["withheld"],
        "the body contains something that looks like an API key"
    );
    assert_eq!(log[1]["path"], "<withheld: it looks like an API key>");
    assert_eq!(log[1]["query"], "<withheld: it looks like an API key>");
    assert_eq!(log[2]["businessid"], "<withheld: it looks like an API key>");
    let text = c.get("/__sandbox/requests/log", NORMAL).text;
    assert!(!text.contains("sandboxFAKE"), "{text}");
}

#[test]
fn an_oversize_body_is_413_on_any_endpoint_and_closes_the_connection() {
    let c = Client::new();
    let big = "x".repeat(70 * 1024);
    let r = c.send(
        "GET",
        "/status",
        NONE,
        Some(&big),
        &[("content-type", "text/plain")],
    );
    assert!(r.error(413).contains("64 KiB"));
    assert_eq!(r.header("connection"), Some("close"));
    let e = c.log_since(0).remove(0);
    assert_eq!(e["status"], 413);
    assert_eq!(
        e["withheld"],
        "the body is larger than the sandbox's 64 KiB limit"
    );
}

#[test]
fn a_dropped_request_is_logged_without_a_status() {
    let c = Client::new();
    c.set_faults(r#"{"dropNext":1}"#);
    let mut s = TcpStream::connect(c.sandbox.addr()).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(b"GET /status HTTP/1.1\r\nhost: s\r\nconnection: close\r\n\r\n")
        .unwrap();
    let mut got = Vec::new();
    let _ = s.read_to_end(&mut got);
    assert!(got.is_empty());
    let e = c.log_since(0).remove(0);
    assert_eq!(e["path"], "/status");
    assert_eq!(e["status"], json!(null));
}

#[test]
fn the_log_keeps_the_last_thousand_requests() {
    let c = Client::new();
    for _ in 0..1005 {
        c.get("/status", NONE);
    }
    let r = c.get("/__sandbox/requests/log", NORMAL);
    assert_eq!(r.json()["total"], 1005);
    let requests = r.json()["requests"].as_array().unwrap().clone();
    assert_eq!(requests.len(), 1000);
    assert_eq!(requests[0]["seq"], 6);
}
