//! The backend handle against a tiny scripted HTTP/1.1 server on loopback
//! (`support/scripted.rs`): the exact request lines, headers and bodies,
//! JSON shapes, retries, timeouts, what a server's words may hold. The
//! checkout handle's are in `loopback_checkout.rs`; end-to-end tests against
//! the real sandbox in `end_to_end*.rs`; the comparison with Mileston's SDKs'
//! bytes in the workspace's `tests/test_sdk_bytes.rs`.
#![cfg(all(feature = "http", not(target_arch = "wasm32")))]

#[path = "support/scripted.rs"]
#[allow(dead_code)] // Each test file uses its part.
mod scripted;

use std::time::Duration;

use mileston_config::Error;
use mileston_config::backend::{NewInvoice, NewPaymentLink, PaymentLinkUpdate};
use mileston_config::checkout::{SavePayment, VerifyPayment};
use mileston_config::types::{Amount, Asset, Chain, IsoDate, PaymentKind, PaymentStatus};
use scripted::{NORMAL, backend, checkout, serve};

const LINK: &str = r#"{"paymentLinkId":"pl_1","amount":"10.00","title":"T","env":"test","status":"pending","createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z"}"#;

#[tokio::test(flavor = "current_thread")]
async fn create_sends_headers_and_camel_case() {
    let body: &'static str = Box::leak(
        format!(r#"{{"statusCode":201,"message":"created","paymentLink":"https://checkout.mileston.co/payment-link/pl_1","paymentData":{LINK}}}"#)
            .into_boxed_str(),
    );
    let (url, seen) = serve(vec![(201, "", body, 0)]);
    let mut link = NewPaymentLink::new(Amount::new("10.00").unwrap());
    link.redirect_url = Some("https://shop.example/done".into());
    let created = backend(&url).create_payment_link(&link).await.unwrap();
    assert_eq!(
        created.url.as_deref(),
        Some("https://checkout.mileston.co/payment-link/pl_1")
    );
    assert_eq!(created.data.payment_link_id, "pl_1");
    assert_eq!(created.data.status, Some(PaymentStatus::Pending));
    let s = seen.lock().unwrap()[0].clone();
    assert_eq!(s.request_line, "POST /payment-link/create HTTP/1.1");
    assert_eq!(s.header("apikey"), Some(NORMAL));
    assert_eq!(s.header("businessid"), Some("biz_1"));
    assert_eq!(s.header("content-type"), Some("application/json"));
    assert_eq!(
        s.body,
        r#"{"amount":"10.00","redirectUrl":"https://shop.example/done"}"#
    );
}

#[tokio::test(flavor = "current_thread")]
async fn invoice_query_update_body_and_delete() {
    let invoice = r#"{"statusCode":201,"message":"ok","invoiceLink":"https://checkout.mileston.co/invoice/in_1","invoiceData":{"invoiceId":"in_1","amount":"5","itemName":"Tea","customerEmail":"a@b.c","dueDate":"2026-12-31T00:00:00.000Z","status":"paid","env":"test"}}"#;
    let link: &'static str = Box::leak(
        format!(r#"{{"statusCode":200,"message":"ok","paymentLink":"https://checkout.mileston.co/payment-link/pl_1","paymentData":{LINK}}}"#).into_boxed_str(),
    );
    let (url, seen) = serve(vec![
        (201, "", invoice, 0),
        (200, "", link, 0),
        (200, "", r#"{"statusCode":200,"message":"deleted"}"#, 0),
        (
            404,
            "",
            r#"{"statusCode":404,"error":"Not Found","message":"payment link not found"}"#,
            0,
        ),
    ]);
    let b = backend(&url);
    let new = NewInvoice::new(
        Amount::new("5").unwrap(),
        "Tea",
        "a@b.c",
        IsoDate::new("2026-12-31").unwrap(),
    );
    let created = b.create_invoice("Acme & Co", &new).await.unwrap();
    assert_eq!(created.data.status, PaymentStatus::Paid);
    assert_eq!(created.data.business_name, None);
    let changes = PaymentLinkUpdate {
        title: Some("New".into()),
        ..Default::default()
    };
    b.update_payment_link("pl_1", &changes).await.unwrap();
    b.delete_payment_link("pl 1").await.unwrap();
    let e = b.get_payment_link("pl_9").await.unwrap_err();
    assert_eq!(
        e,
        Error::Status {
            status: 404,
            message: "payment link not found".into()
        }
    );
    let seen = seen.lock().unwrap();
    assert_eq!(
        seen[0].request_line,
        "POST /invoice/create?businessName=Acme%20%26%20Co HTTP/1.1"
    );
    assert_eq!(
        seen[0].body,
        r#"{"amount":"5","itemName":"Tea","customerEmail":"a@b.c","dueDate":"2026-12-31T00:00:00.000Z"}"#
    );
    assert_eq!(seen[1].request_line, "PATCH /payment-link/update HTTP/1.1");
    assert_eq!(seen[1].body, r#"{"paymentLinkId":"pl_1","title":"New"}"#);
    // As Mileston's backend SDK (axios) sends them: `{}` on DELETE and GET,
    // and `Content-Type` on every request.
    assert_eq!(
        seen[2].request_line,
        "DELETE /payment-link/delete/pl%201 HTTP/1.1"
    );
    assert_eq!(seen[3].request_line, "GET /payment-link/pl_9 HTTP/1.1");
    for s in &seen[2..] {
        assert_eq!(s.body, "{}");
        assert_eq!(s.header("content-length"), Some("2"));
    }
    for s in seen.iter() {
        assert_eq!(s.header("content-type"), Some("application/json"));
    }
}

#[tokio::test(flavor = "current_thread")]
async fn gets_are_retried_posts_are_not() {
    let list: &'static str = Box::leak(
        format!(r#"{{"statusCode":200,"message":"ok","paymentData":[{LINK}]}}"#).into_boxed_str(),
    );
    let (url, seen) = serve(vec![
        (503, "", r#"{"message":"busy"}"#, 0),
        (429, "retry-after: 0\r\n", r#"{"message":"slow down"}"#, 0),
        (200, "", list, 0),
        (503, "", r#"{"message":"busy"}"#, 0),
    ]);
    let b = backend(&url);
    let links = b.list_payment_links(10).await.unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(seen.lock().unwrap().len(), 3);
    assert_eq!(
        seen.lock().unwrap()[0].request_line,
        "GET /payment-link/?limit=10 HTTP/1.1"
    );
    let e = b
        .create_payment_link(&NewPaymentLink::new(Amount::new("1").unwrap()))
        .await
        .unwrap_err();
    assert_eq!(
        e,
        Error::Status {
            status: 503,
            message: "busy".into()
        }
    );
    assert_eq!(seen.lock().unwrap().len(), 4);
}

#[tokio::test(flavor = "current_thread")]
async fn retries_give_up_and_timeout() {
    let (url, seen) = serve(vec![
        (500, "", r#"{"message":"a"}"#, 0),
        (500, "", r#"{"message":"b"}"#, 0),
        (500, "", r#"{"message":"c"}"#, 0),
        (200, "", "{}", 2_000),
    ]);
    let b = backend(&url);
    let e = b.get_invoice("in_1").await.unwrap_err();
    assert_eq!(
        e,
        Error::Status {
            status: 500,
            message: "c".into()
        }
    );
    assert_eq!(seen.lock().unwrap().len(), 3);
    let e = b
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

/// A refused answer names the member and the rule, as the user reads it;
/// the text is the client's own, so a key echoed by the server is not in it.
#[tokio::test(flavor = "current_thread")]
async fn decode_errors_name_the_member() {
    let (url, _) = serve(vec![
        (
            200,
            "",
            r#"{"statusCode":200,"invoiceData":{"amount":"5","itemName":"Tea","customerEmail":"a@b.c","dueDate":"2026-12-31T00:00:00.000Z","status":"paid","env":"test"}}"#,
            0,
        ),
        (
            201,
            "",
            r#"{"statusCode":201,"paymentLink":"https://checkout.mileston.co/payment-link/pl_1","paymentData":{"paymentLinkId":"pl_1","amount":"Mileston_TEST_FAKEfake0000000000a1","env":"test"}}"#,
            0,
        ),
        (200, "", r#"{"statusCode":200,"message":"ok"}"#, 0),
        (200, "", r#"{"service":"sandbox"}"#, 0),
    ]);
    let b = backend(&url);
    let e = b.get_invoice("in_1").await.unwrap_err();
    assert_eq!(
        e,
        Error::Decode {
            status: 200,
            message: "missing member `invoiceId`".into()
        }
    );
    assert_eq!(
        e.to_string(),
        "unexpected answer from the Mileston API (HTTP 200): missing member `invoiceId`"
    );
    let e = b
        .create_payment_link(&NewPaymentLink::new(Amount::new("1").unwrap()))
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "unexpected answer from the Mileston API (HTTP 201): `amount`: it is not a decimal \
         number written as digits, optionally a `.` and more digits (e.g. `100.00`, `1`, `0.5`)"
    );
    assert!(!format!("{e:?}").contains("FAKEfake"));
    let e = b.list_payment_links(5).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "unexpected answer from the Mileston API (HTTP 200): missing member `paymentData` (or \
         `invoiceData`, `recurringPaymentData`)"
    );
    let e = checkout(&url).health().await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "unexpected answer from the Mileston API (HTTP 200): missing member `status`"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn health_sends_no_key() {
    let (url, seen) = serve(vec![(
        200,
        "",
        r#"{"status":"healthy","service":"sandbox","timestamp":"2026-01-01T00:00:00Z","uptime":12.5}"#,
        0,
    )]);
    let h = checkout(&url).health().await.unwrap();
    assert!(h.is_healthy());
    let s = seen.lock().unwrap()[0].clone();
    assert_eq!(s.request_line, "GET /status HTTP/1.1");
    assert_eq!(s.header("apikey"), None);
}

#[test]
fn futures_are_send() {
    fn send<T: Send>(_: T) {}
    let b = backend("http://127.0.0.1:1");
    send(b.list_invoices(1));
    let c = checkout("http://127.0.0.1:1");
    send(c.get_payment(PaymentKind::Invoice, "x"));
    send(c.sub_wallet("x"));
    send(c.payment_wallet(Chain::Eth, None));
    let verify = VerifyPayment::new(
        "x",
        "0x1",
        Amount::new("1").unwrap(),
        "0x2",
        Chain::Eth,
        Asset::Usdc,
    );
    send(c.verify_payment(PaymentKind::Invoice, &verify));
    let save = SavePayment::new(
        "x",
        "0x1",
        "0x2",
        Amount::new("1").unwrap(),
        "0x3",
        Chain::Eth,
        Asset::Usdc,
    );
    send(c.save_payment(PaymentKind::Invoice, &save));
}

/// What a server says back is scrubbed of the handle's key however it is
/// echoed (whole, lower-cased, the body alone, cut short) and of anything
/// key-shaped, in `Display` and in `Debug`.
#[tokio::test]
async fn a_servers_echo_of_a_key_never_reaches_an_error() {
    let script = [
        r#"{"message":"bad key Mileston_TEST_FAKEfake0000000000a1"}"#,
        r#"{"message":"bad key mileston_test_fakefake0000000000a1"}"#,
        r#"{"message":"body FAKEfake0000000000a1 unknown"}"#,
        r#"{"message":"key Mileston_TEST_FAKEfake00 cut"}"#,
        r#"{"message":["tail 0000000000a1", "and FAKEFAKE0000"]}"#,
        r#"{"error":"another Mileston_DEV_FAKEotherKey000000c3"}"#,
        r#"{"message":"upper MILESTON_TEST_FAKEFAKE0000000000A1"}"#,
    ];
    let (url, _) = serve(script.iter().map(|body| (400, "", *body, 0)).collect());
    let b = backend(&url).with_retries(0);
    for _ in script {
        let e = b.get_invoice("inv_1").await.unwrap_err();
        let shown = format!("{e} {e:?}");
        for piece in ["FAKEfake", "fakefake", "00000000", "FAKEFAKE", "otherKey"] {
            assert!(!shown.contains(piece), "{shown}");
        }
        assert!(shown.contains("<redacted>"), "{shown}");
    }
}

/// A base URL that holds a key is refused at run time as the attribute
/// refuses it, so a handle's `Debug` never shows one.
#[test]
fn a_base_url_holding_a_key_is_refused() {
    for url in [
        "https://proxy.example/Mileston_TEST_FAKEfake0000000000a1",
        "https://proxy.example/k/FAKEfake0000000000a1",
        "https://proxy.example/mileston-test-FAKEfake0000000000a1",
    ] {
        let e = backend("http://127.0.0.1:9")
            .with_base_url(url)
            .unwrap_err();
        assert_eq!(
            e,
            Error::BaseUrl(mileston_config::BaseUrlError::LooksLikeKey),
            "{url}"
        );
        assert!(!format!("{e} {e:?}").contains("FAKEfake"), "{e}");
    }
}
