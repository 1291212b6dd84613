//! The authentication rules, in order, and bad input: each a JSON error with
//! the status and message a user sees.

mod common;

use common::*;
use mileston_sandbox::keys::{
    API_KEY, BUSINESS_ID, CHECKOUT_KEY, OTHER_BUSINESS_ID, OTHER_CHECKOUT_KEY,
};
use serde_json::json;

const LINK_BODY: &str = r#"{"amount":"10.00"}"#;

#[test]
fn missing_headers_are_401_naming_the_header() {
    let c = Client::new();
    let m = c.post("/payment-link/create", NONE, LINK_BODY).error(401);
    assert!(m.contains("apikey"), "{m}");
    let m = c
        .post(
            "/payment-link/create",
            Auth {
                key: Some(API_KEY),
                business: None,
            },
            LINK_BODY,
        )
        .error(401);
    assert!(m.contains("businessid"), "{m}");
    let m = c
        .get(
            "/checkout/data/invoice.get/inv_000001",
            Auth {
                key: None,
                business: Some(BUSINESS_ID),
            },
        )
        .error(401);
    assert!(m.contains("apikey"), "{m}");
}

#[test]
fn malformed_key_is_401_with_the_reason_and_without_the_key() {
    let c = Client::new();
    let cases = [
        ("mileston_TEST_FAKEabcd1234567890", "letter case"),
        ("Mileston_TEST_short", "characters long"),
        ("sk_test_FAKEabcd1234567890abcd", "does not start with"),
        ("Mileston_TEST_FAKEabcd-1234567890", "position"),
        ("Mileston_BETA_FAKEabcd1234567890", "mode"),
        ("", "empty"),
    ];
    for (key, reason) in cases {
        let r = c.post("/payment-link/create", auth(key, BUSINESS_ID), LINK_BODY);
        let m = r.error(401);
        assert!(m.starts_with("malformed API key: "), "{key}: {m}");
        assert!(m.contains(reason), "{key}: {m}");
        if !key.is_empty() {
            assert!(!r.text.contains(key), "{key} echoed");
        }
    }
}

#[test]
fn live_keys_are_refused() {
    let c = Client::new();
    for key in [
        "Mileston_LIVE_FAKEabcd1234567890",
        "Mileston_PROD_FAKEprodAlias000001",
        "Mileston_LIVE_CHECKOUTKEY_FAKEabcd1234567890",
    ] {
        let m = c.get("/payment-link", auth(key, BUSINESS_ID)).error(401);
        assert_eq!(
            m,
            "the sandbox is test mode only: live keys are refused, use a test key"
        );
    }
}

#[test]
fn unknown_test_key_is_401() {
    let c = Client::new();
    let m = c
        .get(
            "/payment-link",
            auth("Mileston_TEST_FAKEabcd1234567890", BUSINESS_ID),
        )
        .error(401);
    assert_eq!(m, "unknown API key");
    let m = c
        .get(
            "/checkout/data/paymentlink.get/pl_000001",
            auth("Mileston_TEST_CHECKOUTKEY_FAKEabcd1234567890", BUSINESS_ID),
        )
        .error(401);
    assert_eq!(m, "unknown API key");
}

#[test]
fn key_of_another_business_is_403() {
    let c = Client::new();
    let m = c
        .get("/payment-link", auth(API_KEY, OTHER_BUSINESS_ID))
        .error(403);
    assert_eq!(
        m,
        format!("this API key does not belong to business {OTHER_BUSINESS_ID}")
    );
    let m = c
        .get(
            "/checkout/data/paymentlink.get/pl_000001",
            auth(OTHER_CHECKOUT_KEY, BUSINESS_ID),
        )
        .error(403);
    assert_eq!(
        m,
        format!("this API key does not belong to business {BUSINESS_ID}")
    );
}

#[test]
fn checkout_key_on_backend_endpoints_is_403() {
    let c = Client::new();
    let expected = "a checkout key cannot call backend endpoints: create payments on your \
                    server with the normal API key";
    let id = c.new_link(NORMAL);
    let invoice = r#"{"amount":"1","itemName":"x","customerEmail":"a@b.c","dueDate":"2026-01-01"}"#;
    let replies = [
        c.post("/payment-link/create", CHECKOUT, LINK_BODY),
        c.get(&format!("/payment-link/{id}"), CHECKOUT),
        c.get("/payment-link", CHECKOUT),
        c.patch(
            "/payment-link/update",
            CHECKOUT,
            &json!({"paymentLinkId": id, "amount": "2"}).to_string(),
        ),
        c.delete(&format!("/payment-link/delete/{id}"), CHECKOUT),
        c.post("/invoice/create?businessName=A", CHECKOUT, invoice),
        c.get("/invoice", CHECKOUT),
        c.get("/recurring-payment", CHECKOUT),
    ];
    for r in replies {
        assert_eq!(r.error(403), expected);
    }
    // Nothing was deleted.
    assert_eq!(c.get(&format!("/payment-link/{id}"), NORMAL).status, 200);
}

#[test]
fn rules_apply_in_the_spec_order() {
    let c = Client::new();
    // A live key with a wrong business: rule 3 comes before rule 5.
    let m = c
        .get(
            "/payment-link",
            auth("Mileston_LIVE_FAKEabcd1234567890", "nobody"),
        )
        .error(401);
    assert!(m.contains("live keys are refused"), "{m}");
    // Auth comes before the body is read.
    c.post("/payment-link/create", NONE, "{not json").error(401);
    // A checkout key of another business on a backend endpoint: rule 5 first.
    c.get("/payment-link", auth(CHECKOUT_KEY, OTHER_BUSINESS_ID))
        .error(403);
}

#[test]
fn another_business_resources_are_404_like_missing_ones() {
    let c = Client::new();
    let link = c.new_link(NORMAL);
    let inv = c.new_invoice(NORMAL);
    let rec = c.new_recurring(NORMAL);
    let missing = c.get("/payment-link/pl_999999", OTHER).error(404);
    let theirs = c.get(&format!("/payment-link/{link}"), OTHER).error(404);
    assert_eq!(
        missing.replace("pl_999999", "ID"),
        theirs.replace(&link, "ID")
    );
    c.get(&format!("/invoice/{inv}"), OTHER).error(404);
    c.get(&format!("/recurring-payment/{rec}"), OTHER)
        .error(404);
    c.patch(
        "/payment-link/update",
        OTHER,
        &json!({"paymentLinkId": link, "amount": "1"}).to_string(),
    )
    .error(404);
    c.delete(&format!("/invoice/delete/{inv}"), OTHER)
        .error(404);
    let other_checkout = auth(OTHER_CHECKOUT_KEY, OTHER_BUSINESS_ID);
    c.get(
        &format!("/checkout/data/recurring.get/{rec}"),
        other_checkout,
    )
    .error(404);
    c.post(
        "/checkout/verify-payment/paymentlink.save",
        other_checkout,
        &verify_body(&link),
    )
    .error(404);
    c.post(
        "/checkout/save-payment/paymentlink.save",
        other_checkout,
        &save_body(&link, "25.00"),
    )
    .error(404);
    assert_eq!(
        c.get("/payment-link", OTHER).json()["paymentData"],
        json!([])
    );
    // Still there for its owner, untouched.
    let mine = c.get(&format!("/payment-link/{link}"), NORMAL);
    assert_eq!(mine.json()["paymentData"]["amount"], "25.00");
    assert_eq!(c.get(&format!("/invoice/{inv}"), NORMAL).status, 200);
}

#[test]
fn malformed_json_wrong_types_and_missing_fields_are_400() {
    let c = Client::new();
    for (body, hint) in [
        ("{\"amount\":", "malformed JSON"),
        ("not json at all", "malformed JSON"),
        (r#"{"amount":100}"#, "invalid type"),
        (r#"{"title":"no amount"}"#, "missing field `amount`"),
        (r#"["amount","1"]"#, "invalid"),
        (r#"{"amount":"1","colour":"red"}"#, "unknown field `colour`"),
        ("", "empty"),
    ] {
        let m = c.post("/payment-link/create", NORMAL, body).error(400);
        assert!(m.contains(hint), "{body}: {m}");
    }
    let m = c
        .post(
            "/recurring-payment/create?businessName=A",
            NORMAL,
            r#"{"amount":"1","subscriptionName":"s","subscriberFullName":"n","subscriberEmail":"a@b.c","recurringDate":"2026-01-01","recurringInterval":"30"}"#,
        )
        .error(400);
    assert!(m.contains("invalid type"), "{m}");
}

#[test]
fn bad_amounts_emails_dates_intervals_and_limits_are_400() {
    let c = Client::new();
    for amount in ["0", "0.00", "-5", "abc", "1e3", "", "1.", ".5", "1,00"] {
        let m = c
            .post(
                "/payment-link/create",
                NORMAL,
                &json!({ "amount": amount }).to_string(),
            )
            .error(400);
        assert!(m.contains("`amount`"), "{amount}: {m}");
    }
    let invoice = |email: &str, date: &str| {
        json!({"amount": "1", "itemName": "x", "customerEmail": email, "dueDate": date}).to_string()
    };
    let m = c
        .post(
            "/invoice/create?businessName=A",
            NORMAL,
            &invoice("not-an-email", "2026-12-31"),
        )
        .error(400);
    assert!(m.contains("customerEmail"), "{m}");
    let m = c
        .post(
            "/invoice/create?businessName=A",
            NORMAL,
            &invoice("a@b.c", "31/12/2026"),
        )
        .error(400);
    assert!(m.contains("dueDate"), "{m}");
    let m = c
        .post(
            "/invoice/create?businessName=A",
            NORMAL,
            &invoice("a@b.c", "2026-02-30"),
        )
        .error(400);
    assert!(m.contains("dueDate"), "{m}");
    let m = c
        .post("/invoice/create", NORMAL, &invoice("a@b.c", "2026-12-31"))
        .error(400);
    assert!(m.contains("businessName"), "{m}");

    for interval in [0, 3651, -1] {
        let m = c
            .post(
                "/recurring-payment/create?businessName=A",
                NORMAL,
                &json!({"amount":"1","subscriptionName":"s","subscriberFullName":"n",
                        "subscriberEmail":"a@b.c","recurringDate":"2026-01-01",
                        "recurringInterval": interval})
                .to_string(),
            )
            .error(400);
        assert!(m.contains("recurringInterval"), "{interval}: {m}");
    }
    for limit in ["0", "101", "abc", "-1", ""] {
        let m = c
            .get(&format!("/payment-link?limit={limit}"), NORMAL)
            .error(400);
        assert!(m.contains("limit"), "{limit}: {m}");
    }
    // An update validates too, and changes nothing when refused.
    let id = c.new_link(NORMAL);
    c.patch(
        "/payment-link/update",
        NORMAL,
        &json!({"paymentLinkId": id, "amount": "0"}).to_string(),
    )
    .error(400);
    assert_eq!(
        c.get(&format!("/payment-link/{id}"), NORMAL).json()["paymentData"]["amount"],
        "25.00"
    );
    // save-payment validates its amount.
    let m = c
        .post(
            "/checkout/save-payment/paymentlink.save",
            CHECKOUT,
            &save_body(&id, "free"),
        )
        .error(400);
    assert!(m.contains("`amount`"), "{m}");
}

#[test]
fn wrong_content_type_is_415_and_oversize_body_is_413() {
    let c = Client::new();
    let r = c.send(
        "POST",
        "/payment-link/create",
        NORMAL,
        Some(LINK_BODY),
        &[("content-type", "text/plain")],
    );
    assert!(r.error(415).contains("application/json"));

    let big = json!({ "amount": "1", "description": "x".repeat(70 * 1024) }).to_string();
    let m = c.post("/payment-link/create", NORMAL, &big).error(413);
    assert!(m.contains("64 KiB"), "{m}");
    // Just under the limit is read (and refused for its content, not its size).
    let under = json!({ "amount": "1", "description": "x".repeat(60 * 1024) }).to_string();
    let m = c.post("/payment-link/create", NORMAL, &under).error(400);
    assert!(m.contains("description"), "{m}");
}

#[test]
fn unknown_routes_are_404_and_wrong_methods_405_in_json() {
    let c = Client::new();
    let m = c.get("/nope", NORMAL).error(404);
    assert!(m.contains("/nope"), "{m}");
    c.get("/payment-link/pl_1/extra", NORMAL).error(404);
    c.get("/checkout/data/coffee.get/x", CHECKOUT).error(404);
    c.get("/checkout/data/invoice/x", CHECKOUT).error(404);
    c.post(
        "/checkout/verify-payment/invoice.get",
        CHECKOUT,
        r#"{"id":"x"}"#,
    )
    .error(404);
    let r = c.send("PUT", "/payment-link/create", NORMAL, Some(LINK_BODY), &[]);
    let m = r.error(405);
    assert!(m.contains("PUT"), "{m}");
    assert_eq!(r.header("allow"), Some("POST"));
    c.delete("/payment-link", NORMAL).error(405);
}

#[test]
fn no_response_ever_contains_the_apikey_even_when_the_request_repeats_it() {
    // `Client::send` asserts this for every reply; these requests put the key
    // where a careless server would echo it.
    let c = Client::new();
    let keys = [
        API_KEY,
        CHECKOUT_KEY,
        "Mileston_TEST_FAKEabcd1234567890",
        "Mileston_LIVE_FAKEabcd1234567890",
        "Mileston_TEST_FAKEabcd-1234567890",
    ];
    for key in keys {
        let who = auth(key, BUSINESS_ID);
        c.get(&format!("/payment-link/{key}"), who);
        c.get(&format!("/checkout/data/invoice.get/{key}"), who);
        c.get(&format!("/{key}"), who);
        c.get(&format!("/payment-link?limit={key}"), who);
        c.post(
            "/payment-link/create",
            who,
            &json!({ "amount": key }).to_string(),
        );
        c.post(
            "/payment-link/create",
            who,
            &json!({ "amount": 1, "title": key }).to_string(),
        );
        c.post(
            "/payment-link/create",
            who,
            &format!("{{\"amount\":\"{key}"),
        );
        c.post(
            "/payment-link/create",
            who,
            &json!({ "amount": "1", key: "x" }).to_string(),
        );
        c.post(
            "/checkout/verify-payment/paymentlink.save",
            who,
            &json!({ "id": key }).to_string(),
        );
        c.post(&format!("/__sandbox/pay/invoice/{key}"), who, "");
        // The key sent as the business ID too.
        let r = c.get("/payment-link", auth(key, key));
        assert!(r.status >= 400);
        c.send("PUT", &format!("/payment-link/{key}"), who, None, &[]);
    }
    // And a resource whose title is the key is withheld from that caller,
    // rather than sent back.
    let r = c.post(
        "/payment-link/create",
        NORMAL,
        &json!({ "amount": "1", "title": API_KEY }).to_string(),
    );
    assert_eq!(r.status, 500, "{}", r.text);
    assert!(r.message().contains("withheld"));
}
