//! A browser page holding the normal key is refused and told why: a request
//! with the normal key (or a wallet API signature) and an `Origin` header is
//! answered 403 with the rule, readable by the page (CORS), and logged as
//! refused; the checkout key from a page is served; servers (no `Origin`)
//! are served as ever. `--allow-normal-key-from-browsers` (and its
//! `Options`) serves such a request with a warning. (A real page in
//! headless Chromium: `tests/test_sandbox_browser.rs` at the workspace root.)

mod common;

use common::binary::Binary;
use common::*;
use mileston_sandbox::keys::{API_KEY, BUSINESS_ID};
use mileston_sandbox::{Options, Sandbox};
use serde_json::{Value, json};

/// A page served on another loopback origin, as a dev server serves one.
const PAGE: &str = "http://127.0.0.1:5173";

const REFUSAL: &str = "the normal API key must never be in a frontend: this request came from a \
     browser page (it has an `Origin` header) with the normal key in `apikey`; the checkout key \
     is the one for pages: keep the normal key on your server";

const SIGNED_REFUSAL: &str = "the normal API key must never be in a frontend: this request came \
     from a browser page (it has an `Origin` header) with a wallet API signature in \
     `x-request-signature`, made with the wallet signing secret; the checkout key is the one for \
     pages: keep the normal key and the wallet signing secret on your server";

const LINK: &str = r#"{"amount":"2.50"}"#;

/// The request log's entry for the last request.
fn last_logged(c: &Client) -> Value {
    c.log_since(c.requests_total() - 1).remove(0)
}

#[test]
fn a_page_sending_the_normal_key_is_refused_and_told_why() {
    let c = Client::new();
    // The preflight names the headers, not their values: answered as ever,
    // so that the page gets to send the request and read the refusal.
    let preflight = c.send(
        "OPTIONS",
        "/payment-link/create",
        NONE,
        None,
        &[
            ("origin", PAGE),
            ("access-control-request-method", "POST"),
            (
                "access-control-request-headers",
                "apikey, businessid, content-type",
            ),
        ],
    );
    assert_eq!(preflight.status, 204);

    let from_page = [("origin", PAGE)];
    let r = c.send(
        "POST",
        "/payment-link/create",
        NORMAL,
        Some(LINK),
        &from_page,
    );
    assert_eq!(r.error(403), REFUSAL);
    assert_eq!(r.header("access-control-allow-origin"), Some(PAGE));
    let e = last_logged(&c);
    assert_eq!(
        (&e["path"], &e["apikey"], &e["origin"], &e["status"]),
        (
            &json!("/payment-link/create"),
            &json!("normal"),
            &json!(PAGE),
            &json!(403)
        )
    );
    assert_eq!(e["normalKeyFromBrowser"], "refused");
    // Refused before anything ran: nothing was created.
    let listed = c.get("/payment-link", NORMAL).json();
    assert_eq!(listed["paymentData"], json!([]));

    // Any call, any normal key (one the sandbox does not know is refused
    // for the same reason first), and the sandbox's logs too.
    let unknown = auth("Mileston_TEST_FAKEnotatenant000000001", BUSINESS_ID);
    for (path, who) in [
        ("/payment-link", NORMAL),
        ("/payment-link", unknown),
        ("/checkout/data/invoice.get/inv_000001", NORMAL),
        ("/__sandbox/deliveries", NORMAL),
        ("/__sandbox/requests/log", NORMAL),
    ] {
        let r = c.send("GET", path, who, None, &from_page);
        assert_eq!(r.error(403), REFUSAL, "{path}");
    }
    // A server's call, with no `Origin`, is served as ever.
    let r = c.post("/payment-link/create", NORMAL, LINK);
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(last_logged(&c)["normalKeyFromBrowser"], json!(null));
}

#[test]
fn a_page_sending_a_wallet_signature_is_refused() {
    let c = Client::new();
    let signed = [
        ("origin", PAGE),
        (
            "x-request-signature",
            "2f59040b63b7200598444239da2c9a4f3abc5c434259b23126d72514dab8cd09",
        ),
    ];
    for who in [NORMAL, CHECKOUT, NONE] {
        let r = c.send("GET", "/user/all-wallets", who, None, &signed);
        assert_eq!(r.error(403), SIGNED_REFUSAL);
    }
    assert_eq!(last_logged(&c)["normalKeyFromBrowser"], "refused");
}

#[test]
fn the_checkout_key_from_a_page_is_served() {
    let c = Client::new();
    let id = c.new_invoice(NORMAL);
    let r = c.send(
        "GET",
        &format!("/checkout/data/invoice.get/{id}"),
        CHECKOUT,
        None,
        &[("origin", PAGE)],
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["invoiceData"]["invoiceId"], id.as_str());
    assert_eq!(r.header("access-control-allow-origin"), Some(PAGE));
    let e = last_logged(&c);
    assert_eq!(
        (&e["apikey"], &e["origin"], &e["normalKeyFromBrowser"]),
        (&json!("checkout"), &json!(PAGE), &json!(null))
    );
}

#[test]
fn allowed_by_the_options_a_page_is_served_and_logged_as_allowed() {
    let options = Options::default().allow_normal_key_from_browsers();
    assert!(format!("{options:?}").contains("allow_normal_key_from_browsers: true"));
    let c = Client::with(Sandbox::start_with(options).unwrap());
    let r = c.send(
        "POST",
        "/payment-link/create",
        NORMAL,
        Some(LINK),
        &[("origin", PAGE)],
    );
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.header("access-control-allow-origin"), Some(PAGE));
    let e = last_logged(&c);
    assert_eq!(
        (&e["status"], &e["normalKeyFromBrowser"]),
        (&json!(201), &json!("allowed"))
    );
}

#[test]
fn the_binary_flag_serves_a_page_and_warns_on_stderr() {
    let bin = Binary::start(
        &["--addr", "127.0.0.1:0", "--allow-normal-key-from-browsers"],
        &[],
    );
    assert!(
        bin.out.contains(
            "Browser pages sending the normal key are served, with a warning on stderr \
             (--allow-normal-key-from-browsers)"
        ),
        "{}",
        bin.out
    );
    let r = ureq::get(format!("{}/payment-link", bin.url()))
        .header("apikey", API_KEY)
        .header("businessid", BUSINESS_ID)
        .header("origin", PAGE)
        .call();
    assert_eq!(r.map(|r| r.status().as_u16()).ok(), Some(200));
    let err = bin.stop();
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [format!(
            "mileston-sandbox: warning: GET /payment-link: {REFUSAL}; allowed by \
             --allow-normal-key-from-browsers"
        )]
    );
    assert!(!err.contains(API_KEY));
}
