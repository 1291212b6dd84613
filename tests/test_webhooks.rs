//! Webhooks end to end: the sandbox's real deliveries (HTTP on loopback) to
//! an axum receiver written as the README shows one (`VerifiedEvent<Test>`,
//! and a set of `Event::dedup_key()`s so that a retried event is processed
//! once), and the CLI's `webhook send` against the same receiver. Asserted:
//! each delivery's attempts and their statuses in the sandbox's log, the
//! exact count of events processed, what the receiver answered, and that no
//! answer or log of the sandbox ever shows a token. Every token is fake.

#[path = "webhooks/receiver.rs"]
mod receiver;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use mileston_config::webhook::{DeliveryError, Event};
use mileston_config::{KeyMode, Live, Test};
use mileston_config_cli::webhook::{EventName, send};
use mileston_sandbox::Sandbox;
use mileston_sandbox::keys::{
    API_KEY, BUSINESS_ID, CHECKOUT_KEY, OTHER_WEBHOOK_TOKEN, WEBHOOK_TOKEN,
};
use receiver::{Fails, Receiver};
use serde_json::{Value, json};

/// A token registered for some webhooks here (as fake as the tenants').
const CUSTOM_TOKEN: &str = "sandboxFAKE-webhook-token-receiver-42";
/// Every token a test uses: none may appear in anything the sandbox says.
const TOKENS: [&str; 3] = [WEBHOOK_TOKEN, OTHER_WEBHOOK_TOKEN, CUSTOM_TOKEN];

// ---- the sandbox, over HTTP --------------------------------------------------

#[derive(Clone, Copy)]
enum Who {
    Nobody,
    Normal,
    Checkout,
}

struct Api {
    sandbox: Sandbox,
    agent: ureq::Agent,
}

impl Api {
    fn start() -> Api {
        Api {
            sandbox: Sandbox::start().unwrap(),
            agent: ureq::Agent::config_builder()
                .http_status_as_error(false)
                .build()
                .new_agent(),
        }
    }

    /// A request; its answer's status and JSON, after checking that the
    /// answer holds no token.
    fn call(&self, method: &str, path: &str, who: Who, body: Option<Value>) -> (u16, Value) {
        let mut req = ureq::http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.sandbox.url()));
        let key = match who {
            Who::Nobody => None,
            Who::Normal => Some(API_KEY),
            Who::Checkout => Some(CHECKOUT_KEY),
        };
        if let Some(k) = key {
            req = req.header("apikey", k).header("businessid", BUSINESS_ID);
        }
        let sent = match body {
            Some(b) => self.agent.run(
                req.header("content-type", "application/json")
                    .body(b.to_string())
                    .unwrap(),
            ),
            // A bodiless POST as `content-length: 0`: ureq would send an empty
            // chunked body, which the sandbox's controls do not read, and
            // hyper then closes the connection, racing the next request.
            None if method == "POST" => self.agent.run(req.body("").unwrap()),
            None => self.agent.run(req.body(()).unwrap()),
        };
        let mut answer = sent.unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let text = answer
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_string()
            .unwrap();
        for token in TOKENS {
            assert!(
                !text.contains(token),
                "{method} {path} shows a webhook token"
            );
        }
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        (answer.status().as_u16(), json)
    }

    fn register(&self, url: &str, token: Option<&str>) {
        let mut body = json!({ "url": url });
        if let Some(t) = token {
            body["token"] = json!(t);
        }
        let (status, answer) = self.call("POST", "/__sandbox/webhooks", Who::Normal, Some(body));
        assert_eq!(status, 201, "{answer}");
        assert_eq!(answer["webhook"]["tokenSet"], true);
    }

    /// A new payment of `kind` (`paymentlink`, `invoice`, `recurring`): its ID.
    fn create(&self, kind: &str) -> String {
        let (path, body, data, id) = match kind {
            "paymentlink" => (
                "/payment-link/create",
                json!({"amount": "25.00"}),
                "paymentData",
                "paymentLinkId",
            ),
            "invoice" => (
                "/invoice/create?businessName=Shop",
                json!({"amount": "99.99", "itemName": "Widget", "customerEmail": "c@example.com", "dueDate": "2026-12-31"}),
                "invoiceData",
                "invoiceId",
            ),
            _ => (
                "/recurring-payment/create?businessName=Shop",
                json!({"amount": "5.00", "subscriptionName": "Pro", "subscriberFullName": "Ada Lovelace", "subscriberEmail": "ada@example.com", "recurringDate": "2026-07-01", "recurringInterval": 30}),
                "recurringPaymentData",
                "recurringPaymentId",
            ),
        };
        let (status, answer) = self.call("POST", path, Who::Normal, Some(body));
        assert_eq!(status, 201, "{answer}");
        answer[data][id].as_str().unwrap().to_owned()
    }

    /// Marks a payment paid as the customer's transfer arriving would.
    fn pay(&self, kind: &str, id: &str) {
        let (status, answer) = self.call(
            "POST",
            &format!("/__sandbox/pay/{kind}/{id}"),
            Who::Nobody,
            None,
        );
        assert_eq!(status, 200, "{answer}");
    }

    /// Saves a settled payment as Mileston's checkout SDK does; `tx` is its
    /// transaction signature.
    fn save(&self, kind: &str, id: &str, tx: &str) {
        let body = json!({
            "paymentLinkId": id,
            "payer": "0x2a6f4e8b1c3d5f7a9b0c2d4e6f8a1b3c5d7e9f0a",
            "recipientWalletAddress": "0x4b7c9d1e3f5a7b9c0d2e4f6a8b1c3d5e7f9a0b2c",
            "amount": "1.50",
            "userUUID": BUSINESS_ID,
            "transactionSignature": tx,
            "chain": "base",
            "env": "test"
        });
        let path = format!("/checkout/save-payment/{kind}.save");
        let (status, answer) = self.call("POST", &path, Who::Checkout, Some(body));
        assert_eq!(status, 201, "{answer}");
    }

    /// The delivery log once nothing is pending.
    fn settled(&self) -> Value {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let (_, log) = self.call("GET", "/__sandbox/deliveries", Who::Normal, None);
            if log["pending"] == 0 {
                // The request log is the sandbox's other output: no token there either.
                self.call("GET", "/__sandbox/requests/log", Who::Normal, None);
                return log;
            }
            assert!(Instant::now() < deadline, "deliveries still pending: {log}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Each delivery's attempts' statuses, in the log's order.
fn statuses(log: &Value) -> Vec<Vec<u64>> {
    log["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            d["attempts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["status"].as_u64().unwrap())
                .collect()
        })
        .collect()
}

/// What the runtime's extractor answers for `e`.
fn refusal(e: DeliveryError) -> String {
    json!({ "message": e.to_string() }).to_string()
}

// ---- the tests ---------------------------------------------------------------

#[test]
fn deliveries_with_the_right_token_are_processed_once_each() {
    let api = Api::start();
    let tenant = Receiver::start::<Test>(WEBHOOK_TOKEN, Fails::Never);
    let custom = Receiver::start::<Test>(CUSTOM_TOKEN, Fails::Never);
    api.register(&tenant.url(), None);
    api.register(&custom.url(), Some(CUSTOM_TOKEN));

    let link = api.create("paymentlink");
    api.pay("paymentlink", &link);
    let invoice = api.create("invoice");
    let tx = "0x5a7e0000000000000000000000000000000000000000000000000000000000a1";
    api.save("invoice", &invoice, tx);

    let log = api.settled();
    assert_eq!(
        (&log["total"], &log["delivered"]),
        (&json!(4), &json!(4)),
        "{log}"
    );
    assert_eq!(statuses(&log), [[200], [200], [200], [200]]);
    for r in [&tenant, &custom] {
        assert_eq!(r.counts(), (2, 2, 0));
        // Deliveries keep no order between them (nor does Mileston promise one).
        let mut events = r.processed();
        events.sort_by_key(|e| e.name().to_owned());
        let (saved, paid) = match (&events[0], &events[1]) {
            (Event::InvoicePaid(a), Event::PaymentLinkPaid(b)) => (a, b),
            other => panic!("{other:?}"),
        };
        assert_eq!(paid.payment_id.as_deref(), Some(link.as_str()));
        assert_eq!(paid.amount.as_deref(), Some("25.00"));
        assert!(
            paid.transaction_signature.starts_with("0xfa4e5a"),
            "made up, and marked"
        );
        assert_eq!(saved.payment_id.as_deref(), Some(invoice.as_str()));
        assert_eq!(saved.transaction_signature, tx);
        assert_eq!(saved.amount.as_deref(), Some("1.50"));
        assert_eq!(saved.chain.as_deref(), Some("base"));
        assert_eq!(
            (saved.env.as_str(), saved.status.as_deref()),
            ("test", Some("paid"))
        );
        assert_eq!(events[0].dedup_key(), format!("invoice-paid:{tx}"));
    }
}

#[test]
fn a_wrong_token_is_refused_with_401_and_retried() {
    let api = Api::start();
    let rx = Receiver::start::<Test>(CUSTOM_TOKEN, Fails::Never);
    api.register(&rx.url(), None); // the tenant's token, not the receiver's
    let id = api.create("recurring");
    api.pay("recurring", &id);
    let log = api.settled();
    assert_eq!(
        (&log["failed"], &log["delivered"]),
        (&json!(1), &json!(0)),
        "{log}"
    );
    assert_eq!(statuses(&log), [[401, 401, 401, 401, 401]]);
    let d = &log["deliveries"][0];
    assert_eq!(d["state"], "failed");
    for a in d["attempts"].as_array().unwrap() {
        assert_eq!(a["answer"], refusal(DeliveryError::BadSignature));
    }
    assert_eq!(rx.counts(), (0, 0, 0), "the handler never ran");
}

#[test]
fn a_receiver_that_fails_twice_processes_the_event_once() {
    let api = Api::start();
    let rx = Receiver::start::<Test>(WEBHOOK_TOKEN, Fails::First(2));
    api.register(&rx.url(), None);
    let id = api.create("invoice");
    api.pay("invoice", &id);
    let log = api.settled();
    assert_eq!(statuses(&log), [[503, 503, 200]]);
    assert_eq!(log["deliveries"][0]["state"], "delivered");
    assert_eq!(
        rx.counts(),
        (3, 1, 2),
        "three deliveries, one event, two duplicates"
    );
    assert_eq!(rx.processed()[0].name(), "invoice-paid");
}

#[test]
fn a_live_receiver_refuses_the_sandbox_test_deliveries() {
    let api = Api::start();
    let rx = Receiver::start::<Live>(WEBHOOK_TOKEN, Fails::Never);
    api.register(&rx.url(), None);
    let id = api.create("paymentlink");
    api.pay("paymentlink", &id);
    let log = api.settled();
    assert_eq!(statuses(&log), [[400, 400, 400, 400, 400]]);
    let expected = refusal(DeliveryError::WrongMode {
        expected: KeyMode::Live,
    });
    assert_eq!(
        expected,
        r#"{"message":"the event is not a live event: a live receiver takes only live deliveries"}"#
    );
    for a in log["deliveries"][0]["attempts"].as_array().unwrap() {
        assert_eq!(a["answer"], expected);
    }
    assert_eq!(rx.counts(), (0, 0, 0));
}

#[test]
fn a_thousand_payments_give_a_thousand_events_none_lost_none_twice() {
    let started = Instant::now();
    let api = Api::start();
    let rx = Receiver::start::<Test>(WEBHOOK_TOKEN, Fails::FirstOfEveryTenth);
    api.register(&rx.url(), None);
    let mut ids = HashSet::new();
    for i in 0..1000_usize {
        let kind = ["paymentlink", "invoice", "recurring"][i % 3];
        let id = api.create(kind);
        // Half paid by a save (its transaction), half by the sandbox's control.
        if i % 2 == 0 {
            api.save(kind, &id, &format!("0x{:064x}", i + 1));
        } else {
            api.pay(kind, &id);
        }
        ids.insert(id);
    }
    let failing = ids.iter().filter(|id| id.ends_with('0')).count();
    assert!(failing >= 50, "{failing}");

    let log = api.settled();
    assert_eq!(
        (&log["total"], &log["delivered"], &log["failed"]),
        (&json!(1000), &json!(1000), &json!(0))
    );
    let attempts = statuses(&log);
    assert_eq!(attempts.iter().map(Vec::len).sum::<usize>(), 1000 + failing);
    assert_eq!(
        attempts.iter().filter(|a| **a == [503, 200]).count(),
        failing
    );
    assert_eq!(
        attempts.iter().filter(|a| **a == [200]).count(),
        1000 - failing
    );

    assert_eq!(rx.counts(), (1000 + failing, 1000, failing));
    let processed: HashSet<String> = rx
        .processed()
        .iter()
        .map(|e| e.paid().unwrap().payment_id.clone().unwrap())
        .collect();
    assert_eq!(processed, ids, "every payment, once");
    eprintln!("1,000 payments, {failing} retried: {:?}", started.elapsed());
}

#[test]
fn the_cli_sends_a_test_delivery_to_the_same_receiver() {
    let rx = Receiver::start::<Test>(CUSTOM_TOKEN, Fails::Never);
    let (status, answer) = send(
        &rx.url(),
        EventName::InvoicePaid,
        "inv_cli_000001",
        None,
        CUSTOM_TOKEN,
    )
    .expect("the receiver answers");
    assert_eq!((status, answer.as_str()), (200, ""));
    assert_eq!(rx.counts(), (1, 1, 0));
    let paid = rx.processed()[0].paid().cloned().unwrap();
    assert_eq!(paid.payment_id.as_deref(), Some("inv_cli_000001"));
    assert_eq!(paid.env, "test");

    let (status, answer) = send(
        &rx.url(),
        EventName::RecurringPaid,
        "rec_cli_1",
        None,
        WEBHOOK_TOKEN,
    )
    .expect("the receiver answers");
    assert_eq!(status, 401);
    // The receiver's refusal, as the CLI shows a server's words: scrubbed of
    // every piece of the token it sent (which takes `-Webhook-` out too).
    let shown =
        mileston_config_core::scrub::scrub(&refusal(DeliveryError::BadSignature), &[WEBHOOK_TOKEN]);
    assert_eq!(answer, shown);
    assert!(!answer.contains(WEBHOOK_TOKEN) && !answer.contains(CUSTOM_TOKEN));
    assert_eq!(rx.counts(), (1, 1, 0), "refused before the handler");

    // Each send is a new event (a transaction of its own): processed too.
    let (status, _) = send(
        &rx.url(),
        EventName::InvoicePaid,
        "inv_cli_000001",
        None,
        CUSTOM_TOKEN,
    )
    .unwrap();
    assert_eq!(status, 200);
    assert_eq!(rx.counts(), (2, 2, 0));

    // With a signature given, a send is a replay of the same delivery, as
    // Mileston's retries are: verified, answered 200, skipped as a duplicate.
    for _ in 0..2 {
        let (status, _) = send(
            &rx.url(),
            EventName::InvoicePaid,
            "inv_cli_000002",
            Some("0xFEED02"),
            CUSTOM_TOKEN,
        )
        .unwrap();
        assert_eq!(status, 200);
    }
    assert_eq!(rx.counts(), (4, 3, 1));
    assert_eq!(
        rx.processed()[2].dedup_key(),
        "invoice-paid:0xfeed02",
        "the replayed event, processed once"
    );
}
