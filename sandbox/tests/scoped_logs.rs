//! The delivery log and the request log are each tenant's own: they answer
//! the normal key only (as the webhooks' registration does), and show a
//! tenant nothing of another's deliveries or requests. (What a receiver's
//! answer may keep is in `webhook_deliveries.rs`.)

mod common;

use common::receiver::Receiver;
use common::*;
use mileston_sandbox::keys::{BUSINESS_ID, OTHER_BUSINESS_ID};
use serde_json::{Value, json};

const LOGS: [&str; 2] = ["/__sandbox/deliveries", "/__sandbox/requests/log"];

#[test]
fn the_logs_answer_the_normal_key_only() {
    let c = Client::new();
    for log in LOGS {
        assert_eq!(
            c.get(log, NONE).error(401),
            "missing `apikey` header: send your Mileston API key in the `apikey` header",
            "{log}"
        );
        let no_business = Auth {
            business: None,
            ..NORMAL
        };
        assert_eq!(
            c.get(log, no_business).error(401),
            "missing `businessid` header: send your business ID in the `businessid` header",
            "{log}"
        );
        assert_eq!(
            c.get(log, CHECKOUT).error(403),
            "a checkout key cannot call backend endpoints: create payments on your server with \
             the normal API key",
            "{log}"
        );
        assert_eq!(c.get(log, NORMAL).status, 200, "{log}");
        assert_eq!(c.get(log, OTHER).status, 200, "{log}");
    }
}

#[test]
fn a_tenant_sees_none_of_another_tenants_deliveries() {
    let c = Client::new();
    let (mine, theirs) = (Receiver::start(&[]), Receiver::start(&[]));
    c.register_webhook(NORMAL, &json!({"url": mine.url("/mine")}));
    c.register_webhook(OTHER, &json!({"url": theirs.url("/theirs")}));
    let link = c.new_link(NORMAL);
    let invoice = c.new_invoice(OTHER);
    for paid in [
        format!("/__sandbox/pay/paymentlink/{link}"),
        format!("/__sandbox/pay/invoice/{invoice}"),
    ] {
        assert_eq!(c.post(&paid, NONE, "").status, 200);
    }

    for (who, business, payment, url, other_url) in [
        (
            NORMAL,
            BUSINESS_ID,
            &link,
            mine.url("/mine"),
            theirs.url("/theirs"),
        ),
        (
            OTHER,
            OTHER_BUSINESS_ID,
            &invoice,
            theirs.url("/theirs"),
            mine.url("/mine"),
        ),
    ] {
        let log = c.deliveries_of(who);
        assert_eq!(
            [&log["total"], &log["delivered"]],
            [&json!(1), &json!(1)],
            "{log}"
        );
        let seen: Vec<(&Value, &Value, &Value)> = log["deliveries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (&d["businessId"], &d["paymentId"], &d["url"]))
            .collect();
        assert_eq!(seen, [(&json!(business), &json!(payment), &json!(url))]);
        assert!(!log.to_string().contains(&other_url), "{log}");
    }
}

#[test]
fn a_tenant_sees_its_requests_and_those_of_no_tenant() {
    let c = Client::new();
    c.post(
        "/payment-link/create",
        NORMAL,
        r#"{"amount":"2.50","title":"Tea for the first tenant"}"#,
    );
    c.post(
        "/invoice/create?businessName=Second",
        OTHER,
        r#"{"amount":"9.00","itemName":"Widget for the second","customerEmail":"c@example.com","dueDate":"2026-12-31"}"#,
    );
    c.get("/status", NONE);
    // A key the sandbox does not know, naming the second tenant's business.
    c.get(
        "/payment-link",
        auth("Mileston_TEST_FAKEunknown0000000001", OTHER_BUSINESS_ID),
    );

    let seen = |who: Auth<'_>| -> (Value, Vec<(u64, String)>) {
        let r = c.get("/__sandbox/requests/log", who);
        let log = r.json();
        let entries = log["requests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let path = e["path"].as_str().unwrap().to_owned();
                (e["seq"].as_u64().unwrap(), path)
            })
            .collect();
        (log, entries)
    };
    let (first, entries) = seen(NORMAL);
    assert_eq!(
        entries,
        [(1, "/payment-link/create".into()), (3, "/status".into())]
    );
    assert!(!first.to_string().contains("the second"), "{first}");
    let (second, entries) = seen(OTHER);
    assert_eq!(
        entries,
        [
            (2, "/invoice/create".into()),
            (3, "/status".into()),
            (4, "/payment-link".into())
        ]
    );
    assert!(!second.to_string().contains("the first"), "{second}");
    // `total` numbers every tenant's requests: `since` counts in it.
    assert_eq!((&first["total"], &second["total"]), (&json!(4), &json!(4)));
    assert_eq!(c.log_since(1).len(), 1);
}
