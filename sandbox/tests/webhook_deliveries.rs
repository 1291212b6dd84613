//! Webhook deliveries, as a receiver on loopback gets them: who is sent
//! what when a payment becomes paid, the retry schedule, the delivery log,
//! answers that do not wait for receivers, deletion cancelling retries. (The
//! binary's `--webhook` flags are `webhook_flags.rs`; the runtime's verifier
//! against these deliveries is `tests/test_webhooks.rs` at the workspace
//! root.)

mod common;

use std::time::Duration;

use common::receiver::Receiver;
use common::*;
use mileston_sandbox::keys::{API_KEY, BUSINESS_ID, WEBHOOK_TOKEN};
use serde_json::{Value, json};

/// A save of `id` as Mileston's checkout SDK sends it, EVM this time, with a
/// fee transaction.
fn evm_save(id: &str, env: &str) -> String {
    json!({
        "paymentLinkId": id,
        "payer": "0x2a6f4e8b1c3d5f7a9b0c2d4e6f8a1b3c5d7e9f0a",
        "recipientWalletAddress": "0x4b7c9d1e3f5a7b9c0d2e4f6a8b1c3d5e7f9a0b2c",
        "amount": "99.99",
        "userUUID": BUSINESS_ID,
        "transactionSignature": "0xc0ffee0000000000000000000000000000000000000000000000000000000001",
        "feeSignature": "0x1fee000000000000000000000000000000000000000000000000000000000001",
        "chain": "pol",
        "env": env
    })
    .to_string()
}

/// Milliseconds since the epoch of a `2026-05-01T12:34:56.789Z` timestamp
/// (within a day is all the tests need).
fn ms_of_day(at: &Value) -> u64 {
    let s = at.as_str().unwrap();
    let n = |r: std::ops::Range<usize>| s[r].parse::<u64>().unwrap();
    ((n(11..13) * 60 + n(14..16)) * 60 + n(17..19)) * 1000 + n(20..23)
}

#[test]
fn a_paid_payment_is_posted_to_each_webhook_of_its_business_that_takes_the_event() {
    let c = Client::new();
    let (every, invoices, other) = (
        Receiver::start(&[]),
        Receiver::start(&[]),
        Receiver::start(&[]),
    );
    let all_id = c.register_webhook(NORMAL, &json!({"url": every.url("/all")}));
    let inv_id = c.register_webhook(
        NORMAL,
        &json!({"url": invoices.url("/invoices"), "token": CUSTOM_TOKEN, "events": ["invoice-paid"]}),
    );
    c.register_webhook(OTHER, &json!({"url": other.url("/other")}));

    let link = c.new_link(NORMAL);
    let r = c.post(&format!("/__sandbox/pay/paymentlink/{link}"), NONE, "");
    assert_eq!(r.status, 200, "{}", r.text);
    let invoice = c.new_invoice(NORMAL);
    // A save that says `prod`: the sandbox is test mode only, and says so.
    let r = c.post(
        "/checkout/save-payment/invoice.save",
        CHECKOUT,
        &evm_save(&invoice, "prod"),
    );
    assert_eq!(r.status, 201, "{}", r.text);

    let log = c.deliveries();
    assert_eq!(
        (&log["total"], &log["delivered"], &log["failed"]),
        (&json!(3), &json!(3), &json!(0))
    );
    // Nothing is pending: each receiver has had every request it will get
    // (it records one before answering, and an attempt ends at the answer).
    let got = every.received();
    assert_eq!(got.len(), 2);
    assert_eq!(invoices.received().len(), 1);
    assert!(other.received().is_empty(), "another business's payment");
    for r in got.iter().chain(&invoices.received()) {
        assert_eq!(r.content_type.as_deref(), Some("application/json"));
    }
    assert_eq!(got[0].signature.as_deref(), Some(WEBHOOK_TOKEN));
    assert_eq!(
        invoices.received()[0].signature.as_deref(),
        Some(CUSTOM_TOKEN)
    );

    let mut bodies: Vec<&Value> = got.iter().map(|r| &r.body).collect();
    bodies.sort_by_key(|b| b["event"].as_str().unwrap().to_owned());
    let (saved, paid) = (bodies[0], bodies[1]);
    assert_eq!(keys_of(saved), ["event", "payload"]);
    assert_eq!(saved["event"], "invoice-paid");
    let p = &saved["payload"];
    let created_at = p["createdAt"].clone();
    assert!(is_timestamp(&created_at), "{p}");
    assert_eq!(
        *p,
        json!({
            "paymentLinkId": invoice,
            "payer": "0x2a6f4e8b1c3d5f7a9b0c2d4e6f8a1b3c5d7e9f0a",
            "recipientWalletAddress": "0x4b7c9d1e3f5a7b9c0d2e4f6a8b1c3d5e7f9a0b2c",
            "amount": "99.99",
            "userUUID": BUSINESS_ID,
            "transactionSignature": "0xc0ffee0000000000000000000000000000000000000000000000000000000001",
            "feeSignature": "0x1fee000000000000000000000000000000000000000000000000000000000001",
            "chain": "pol",
            "env": "test",
            "status": "paid",
            "createdAt": created_at,
        })
    );
    assert_eq!(
        invoices.received()[0].body,
        *saved,
        "the same body to each webhook"
    );

    assert_eq!(paid["event"], "paymentlink-paid");
    let p = &paid["payload"];
    assert_eq!(p["paymentLinkId"], link.as_str());
    assert_eq!(p["amount"], "25.00", "the amount asked");
    assert_eq!(p["userUUID"], BUSINESS_ID);
    assert_eq!(
        (&p["chain"], &p["env"], &p["status"]),
        (&json!("pol"), &json!("test"), &json!("paid"))
    );
    let deposit = c.get("/checkout/payment-wallet/evm", CHECKOUT).json()["publicKey"].clone();
    assert_eq!(p["recipientWalletAddress"], deposit);
    for (member, digits) in [
        ("payer", 40),
        ("transactionSignature", 64),
        ("feeSignature", 64),
    ] {
        let v = p[member].as_str().unwrap();
        assert!(
            v.starts_with("0xfa4e5a") && v.len() == 2 + digits,
            "{member}: {v}"
        );
        assert!(
            v[2..].bytes().all(|b| b.is_ascii_hexdigit()),
            "{member}: {v}"
        );
    }

    // The log: one entry per delivery, its one attempt, what was sent.
    let d: Vec<&Value> = log["deliveries"].as_array().unwrap().iter().collect();
    assert_eq!(d.len(), 3);
    assert_eq!(
        keys_of(d[0]),
        [
            "attempts",
            "businessId",
            "event",
            "payload",
            "paymentId",
            "seq",
            "state",
            "url",
            "webhookId"
        ]
    );
    let summary: Vec<(Value, Value, Value, Value)> = d
        .iter()
        .map(|d| {
            (
                d["seq"].clone(),
                d["webhookId"].clone(),
                d["event"].clone(),
                d["paymentId"].clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                json!(1),
                json!(all_id),
                json!("paymentlink-paid"),
                json!(link)
            ),
            (
                json!(2),
                json!(all_id),
                json!("invoice-paid"),
                json!(invoice)
            ),
            (
                json!(3),
                json!(inv_id),
                json!("invoice-paid"),
                json!(invoice)
            ),
        ]
    );
    assert_eq!(d[1]["payload"], saved["payload"]);
    assert_eq!(d[2]["url"], invoices.url("/invoices"));
    for d in &d {
        assert_eq!(d["state"], "delivered");
        assert_eq!(d["businessId"], BUSINESS_ID);
        let a = &d["attempts"][0];
        assert_eq!(d["attempts"].as_array().unwrap().len(), 1);
        assert_eq!(
            keys_of(a),
            ["answer", "at", "attempt", "durationMs", "error", "status"]
        );
        assert_eq!(
            (&a["attempt"], &a["status"], &a["error"]),
            (&json!(1), &json!(200), &json!(null))
        );
        assert!(is_timestamp(&a["at"]));
    }
    // Nothing of the deliveries reaches the request log.
    assert!(
        c.log_since(0)
            .iter()
            .all(|e| !e["path"].as_str().unwrap().contains("webhook"))
    );
}

#[test]
fn a_payment_is_sent_once_when_it_becomes_paid_only() {
    let c = Client::new();
    let rx = Receiver::start(&[]);
    // Paid before the webhook existed: nothing to send later.
    let before = c.new_link(NORMAL);
    assert_eq!(
        c.post(&format!("/__sandbox/pay/paymentlink/{before}"), NONE, "")
            .status,
        200
    );
    c.register_webhook(NORMAL, &json!({"url": rx.url("/hook")}));
    let id = c.new_recurring(NORMAL);
    for _ in 0..2 {
        assert_eq!(
            c.post(&format!("/__sandbox/pay/recurring/{id}"), NONE, "")
                .status,
            200
        );
    }
    let r = c.post(
        "/checkout/save-payment/recurring.save",
        CHECKOUT,
        &evm_save(&id, "test"),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    let log = c.deliveries();
    assert_eq!(log["total"], 1, "{log}");
    assert_eq!(log["deliveries"][0]["event"], "recurring-paid");
    assert_eq!(log["deliveries"][0]["paymentId"], id.as_str());
    // Nothing is pending: the receiver has had every request it will get.
    assert_eq!(rx.received().len(), 1);
}

#[test]
fn every_answer_but_2xx_is_retried_on_the_documented_schedule() {
    let c = Client::new();
    let rx = Receiver::start(&[500, 302, 404, 401, 503]);
    c.register_webhook(NORMAL, &json!({"url": rx.url("/hook")}));
    let id = c.new_invoice(NORMAL);
    c.post(&format!("/__sandbox/pay/invoice/{id}"), NONE, "");
    let log = c.deliveries();
    assert_eq!(
        (&log["failed"], &log["delivered"]),
        (&json!(1), &json!(0)),
        "{log}"
    );
    let d = &log["deliveries"][0];
    assert_eq!(d["state"], "failed");
    let attempts = d["attempts"].as_array().unwrap();
    let statuses: Vec<&Value> = attempts.iter().map(|a| &a["status"]).collect();
    assert_eq!(
        statuses,
        [500, 302, 404, 401, 503],
        "a redirect is not followed"
    );
    let numbers: Vec<&Value> = attempts.iter().map(|a| &a["attempt"]).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5]);
    // Never retried before its wait (250, 500, 1000, 2000 ms): a busy
    // machine makes the gaps longer, never shorter.
    let at: Vec<u64> = attempts.iter().map(|a| ms_of_day(&a["at"])).collect();
    for (i, wait) in [250, 500, 1000, 2000].into_iter().enumerate() {
        let gap = at[i + 1] - at[i];
        assert!(gap >= wait, "wait {i}: {gap} ms, {at:?}");
    }
    let got = rx.received();
    assert_eq!(got.len(), 5);
    assert!(
        got.iter().all(|r| r.body == got[0].body),
        "the same body each time"
    );
}

#[test]
fn any_2xx_ends_the_retries_and_one_not_200_is_noted() {
    let c = Client::new();
    let rx = Receiver::start(&[503, 204]);
    c.register_webhook(NORMAL, &json!({"url": rx.url("/hook")}));
    let id = c.new_link(NORMAL);
    c.post(&format!("/__sandbox/pay/paymentlink/{id}"), NONE, "");
    let log = c.deliveries();
    let d = &log["deliveries"][0];
    assert_eq!(d["state"], "delivered", "{d}");
    let a = d["attempts"].as_array().unwrap();
    assert_eq!(a.len(), 2);
    assert_eq!(
        (&a[0]["status"], &a[1]["status"]),
        (&json!(503), &json!(204))
    );
    assert_eq!(a[0].get("note"), None);
    assert_eq!(
        a[1]["note"],
        "delivered; Mileston's docs ask receivers for 200 and retry \"a non-200 status\", so \
         answer 200 to be safe"
    );
    // Nothing is pending: the receiver has had every request it will get.
    assert_eq!(rx.received().len(), 2, "nothing after the 2xx");
}

#[test]
fn answers_do_not_wait_for_receivers() {
    let c = Client::new();
    // It answers nothing until released, then each answer takes 1.5 s.
    let rx = Receiver::start_held(&[], Duration::from_millis(1500));
    c.register_webhook(NORMAL, &json!({"url": rx.url("/slow")}));
    let (link, invoice) = (c.new_link(NORMAL), c.new_invoice(NORMAL));
    assert_eq!(
        c.post(&format!("/__sandbox/pay/paymentlink/{link}"), NONE, "")
            .status,
        200
    );
    let r = c.post(
        "/checkout/save-payment/invoice.save",
        CHECKOUT,
        &save_body(&invoice, "1"),
    );
    assert_eq!(r.status, 201);
    // Both answered while the receiver answers nothing: no attempt has
    // ended (one that waited would have hit its time limit first).
    let now = c.get("/__sandbox/deliveries", NORMAL).json();
    assert_eq!(
        (&now["total"], &now["pending"]),
        (&json!(2), &json!(2)),
        "{now}"
    );
    assert_eq!(now["deliveries"][0]["state"], "pending");
    for d in now["deliveries"].as_array().unwrap() {
        assert_eq!(d["attempts"], json!([]), "{d}");
    }
    rx.release();
    let log = c.deliveries();
    assert_eq!(log["delivered"], 2);
    for d in log["deliveries"].as_array().unwrap() {
        assert!(
            d["attempts"][0]["durationMs"].as_u64().unwrap() >= 1500,
            "{d}"
        );
    }
}

#[test]
fn deleting_a_webhook_cancels_its_retries() {
    let c = Client::new();
    let rx = Receiver::start(&[500, 500, 500, 500, 500]);
    let id = c.register_webhook(NORMAL, &json!({"url": rx.url("/hook")}));
    let link = c.new_link(NORMAL);
    c.post(&format!("/__sandbox/pay/paymentlink/{link}"), NONE, "");
    assert_eq!(rx.wait_for(1).len(), 1);
    assert_eq!(
        c.delete(&format!("/__sandbox/webhooks/{id}"), NORMAL)
            .status,
        200
    );
    let log = c.deliveries();
    assert_eq!(
        (&log["cancelled"], &log["failed"]),
        (&json!(1), &json!(0)),
        "{log}"
    );
    let d = &log["deliveries"][0];
    assert_eq!(d["state"], "cancelled");
    // Cancelled: the receiver has had every request it will get.
    let sent = rx.received().len();
    assert!(sent < 5, "retries went on after the delete");
    assert_eq!(d["attempts"].as_array().unwrap().len(), sent);
}

/// What the delivery log keeps of `rx`'s answers to one payment, delivered
/// with [`CUSTOM_TOKEN`]. (The client fails any answer that holds a token.)
fn logged_answers(c: &Client, rx: &Receiver) -> Vec<Value> {
    c.register_webhook(
        NORMAL,
        &json!({"url": rx.url("/hook"), "token": CUSTOM_TOKEN}),
    );
    let id = c.new_link(NORMAL);
    c.post(&format!("/__sandbox/pay/paymentlink/{id}"), NONE, "");
    let log = c.deliveries();
    assert!(
        !log.to_string().to_lowercase().contains("sandboxfake"),
        "{log}"
    );
    log["deliveries"][0]["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["answer"].clone())
        .collect()
}

#[test]
fn a_receiver_quoting_the_token_does_not_put_it_in_the_log() {
    let c = Client::new();
    let rx = Receiver::start_echoing(&[401]);
    let answers = logged_answers(&c, &rx);
    assert_eq!(
        answers,
        [
            json!("the X-Webhook-Signature <redacted> is not ours"),
            json!(null)
        ]
    );
    assert_eq!(rx.received()[0].signature.as_deref(), Some(CUSTOM_TOKEN));
}

#[test]
fn every_form_of_the_business_secrets_in_an_answer_is_withheld() {
    let c = Client::new();
    // A receiver that quotes the token upper-cased, percent-encoded and in
    // hex, and its business's normal key lower-cased.
    let rx = Receiver::start_saying(&[401], |sig| {
        let percent: String = sig.bytes().map(|b| format!("%{b:02X}")).collect();
        let hex: String = sig.bytes().map(|b| format!("{b:02x}")).collect();
        let upper = sig.to_uppercase();
        let key = API_KEY.to_lowercase();
        format!("upper {upper} percent {percent} hex {hex} key {key}")
    });
    let answers = logged_answers(&c, &rx);
    assert_eq!(
        answers,
        [
            json!("upper <redacted> percent <redacted> hex <redacted> key <redacted>"),
            json!(null)
        ]
    );
}
