//! What a user does with an answer: send it on as JSON (an axum handler
//! that returns `Json<Invoice>`; the JSON is in the wire's shape, and the
//! client reads it back as the same value), and send the customer to its
//! hosted checkout page. Against the scripted loopback server
//! (`support/scripted.rs`), so every handle here has a base URL.
#![cfg(all(feature = "http", not(target_arch = "wasm32")))]

#[path = "support/scripted.rs"]
#[allow(dead_code)] // Each test file uses its part.
mod scripted;

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, StatusCode, header};
use axum::routing::get;
use mileston_config::backend::Invoice;
use mileston_config::types::PaymentKind;
use mileston_config::{BackendClient, Test};
use scripted::{backend, checkout, serve};
use tower::ServiceExt as _;

const INVOICE: &str = r#"{"invoiceId":"in_1","amount":"5","itemName":"Tea","customerEmail":"a@b.c","dueDate":"2026-12-31T00:00:00.000Z","status":"paid","env":"test","addPdf":false,"businessName":"Acme & Co","createdAt":"2026-01-01T10:00:00+02:00","updatedAt":"2026-01-02T00:00:00Z"}"#;
const INVOICE_LINK: &str = "https://checkout.mileston.co/invoice/in_1";
/// The invoice as it serializes: Mileston's members in its types' order,
/// the dates as the client holds them, and its hosted page.
const INVOICE_JSON: &str = r#"{"invoiceId":"in_1","amount":"5","itemName":"Tea","customerEmail":"a@b.c","dueDate":"2026-12-31T00:00:00.000Z","status":"paid","env":"test","addPdf":false,"businessName":"Acme & Co","createdAt":"2026-01-01T08:00:00.000Z","updatedAt":"2026-01-02T00:00:00.000Z","checkoutUrl":"https://checkout.mileston.co/invoice/in_1"}"#;
const RECURRING: &str = r#"{"recurringPaymentId":"rp_1","amount":"9.99","subscriptionName":"Pro","subscriberFullName":"Ada Lovelace","subscriberEmail":"ada@example.com","currentPaymentStatus":"unpaid","recurringDate":"2026-12-01T00:00:00.000Z","recurringInterval":30,"env":"staging"}"#;

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn answer(link: &str, data: &str) -> &'static str {
    leak(format!(
        r#"{{"statusCode":200,"message":"ok","invoiceLink":"{link}","invoiceData":{data}}}"#
    ))
}

/// The user's check: a handler that answers with `Json<Invoice>` compiles,
/// runs and answers the invoice's JSON.
#[tokio::test(flavor = "current_thread")]
async fn an_axum_handler_answers_json_of_an_invoice() {
    async fn invoice(
        State(backend): State<BackendClient<Test>>,
    ) -> Result<Json<Invoice>, StatusCode> {
        let invoice = backend.get_invoice("in_1").await;
        invoice.map(Json).map_err(|_| StatusCode::BAD_GATEWAY)
    }
    let (url, _seen) = serve(vec![(200, "", answer(INVOICE_LINK, INVOICE), 0)]);
    let app = axum::Router::new()
        .route("/invoice", get(invoice))
        .with_state(backend(&url));
    let request = Request::get("/invoice").body(Body::empty()).unwrap();
    let response = app.oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    let body = axum::body::to_bytes(response.into_body(), 1 << 16)
        .await
        .unwrap();
    assert_eq!(std::str::from_utf8(&body).unwrap(), INVOICE_JSON);
}

/// What is serialized is what the client reads: the JSON, answered back,
/// gives the same invoice and the same recurring payment.
#[tokio::test(flavor = "current_thread")]
async fn the_json_reads_back_as_the_same_value() {
    let recurring = leak(format!(r#"{{"recurringPaymentData":{RECURRING}}}"#));
    let (url, _seen) = serve(vec![
        (200, "", answer(INVOICE_LINK, INVOICE), 0),
        (200, "", recurring, 0),
    ]);
    let b = backend(&url);
    let invoice = b.get_invoice("in_1").await.unwrap();
    let json = serde_json::to_string(&invoice).unwrap();
    assert_eq!(json, INVOICE_JSON);
    let recurring = b.get_recurring_payment("rp_1").await.unwrap();
    let rjson = serde_json::to_string(&recurring).unwrap();
    // Its status as Mileston writes it; an unknown `env` as it came.
    assert_eq!(
        rjson,
        r#"{"recurringPaymentId":"rp_1","amount":"9.99","subscriptionName":"Pro","subscriberFullName":"Ada Lovelace","subscriberEmail":"ada@example.com","currentPaymentStatus":"unpaid","recurringDate":"2026-12-01T00:00:00.000Z","recurringInterval":30,"env":"staging"}"#
    );

    let link = invoice.checkout_url.clone().unwrap();
    let again = leak(format!(r#"{{"recurringPaymentData":{rjson}}}"#));
    let (url, _seen) = serve(vec![
        (200, "", answer(&link, &json), 0),
        (200, "", again, 0),
    ]);
    let b = backend(&url);
    assert_eq!(b.get_invoice("in_1").await.unwrap(), invoice);
    assert_eq!(b.get_recurring_payment("rp_1").await.unwrap(), recurring);
}

/// A checkout payment carries its kind; a creation its message, page and
/// resource.
#[tokio::test(flavor = "current_thread")]
async fn payments_and_creations_serialize_with_their_envelope() {
    let created = leak(format!(
        r#"{{"statusCode":201,"message":"Invoice created","invoiceLink":"{INVOICE_LINK}","invoiceData":{INVOICE}}}"#
    ));
    let (url, _seen) = serve(vec![
        (200, "", answer(INVOICE_LINK, INVOICE), 0),
        (201, "", created, 0),
    ]);
    let payment = checkout(&url)
        .get_payment(PaymentKind::Invoice, "in_1")
        .await
        .unwrap();
    assert_eq!(
        serde_json::to_string(&payment).unwrap(),
        format!(r#"{{"kind":"invoice",{}"#, &INVOICE_JSON[1..])
    );
    let new = mileston_config::backend::NewInvoice::new(
        mileston_config::types::Amount::new("5").unwrap(),
        "Tea",
        "a@b.c",
        mileston_config::types::IsoDate::from_ymd(2026, 12, 31).unwrap(),
    );
    let created = backend(&url).create_invoice("Acme", &new).await.unwrap();
    assert_eq!(
        serde_json::to_string(&created).unwrap(),
        format!(r#"{{"message":"Invoice created","url":"{INVOICE_LINK}","data":{INVOICE_JSON}}}"#)
    );
}

/// With a base URL the hosted page is the answer's link, or none: a list's
/// items and a recurring payment get none made up.
#[tokio::test(flavor = "current_thread")]
async fn hosted_pages_come_from_the_answer_with_a_base_url() {
    let list = leak(format!(
        r#"{{"statusCode":200,"message":"ok","invoiceData":[{INVOICE},{INVOICE}]}}"#
    ));
    let created = leak(format!(
        r#"{{"statusCode":201,"message":"created","recurringPaymentData":{RECURRING}}}"#
    ));
    let (url, _seen) = serve(vec![
        (200, "", answer(INVOICE_LINK, INVOICE), 0),
        (200, "", list, 0),
        (201, "", created, 0),
        (200, "", answer(INVOICE_LINK, INVOICE), 0),
    ]);
    let b = backend(&url);
    let invoice = b.get_invoice("in_1").await.unwrap();
    assert_eq!(invoice.checkout_url.as_deref(), Some(INVOICE_LINK));
    let listed = b.list_invoices(2).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert!(
        listed.iter().all(|i| i.checkout_url.is_none()),
        "{listed:?}"
    );
    let new = mileston_config::backend::NewRecurringPayment::new(
        mileston_config::types::Amount::new("9.99").unwrap(),
        "Pro",
        "Ada Lovelace",
        "ada@example.com",
        mileston_config::types::IsoDate::from_ymd(2026, 12, 1).unwrap(),
        30,
    );
    let created = b.create_recurring_payment("Acme", &new).await.unwrap();
    assert_eq!((created.url, created.data.checkout_url), (None, None));
    let payment = checkout(&url)
        .get_payment(PaymentKind::Invoice, "in_1")
        .await
        .unwrap();
    assert_eq!(payment.checkout_url(), Some(INVOICE_LINK));
}
