//! The request spans (feature `tracing`): one `mileston.request` span per
//! call of a handle's method, with exactly the documented fields, a `debug`
//! event per retry inside it, and nothing of a key, a business ID, a
//! signature, a URL or a body in any of them. A small subscriber records
//! every span and event as the user's subscriber would see them.
#![cfg(all(feature = "tracing", not(target_arch = "wasm32")))]

#[path = "support/scripted.rs"]
#[allow(dead_code)] // Each test file uses its part.
mod scripted;

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mileston_config::backend::NewInvoice;
use mileston_config::credentials::WalletSecret;
use mileston_config::types::{Amount, Chain, IsoDate};
use mileston_config::wallet::Payout;
use mileston_config::{Error, WalletClient};
use scripted::{NORMAL, backend, serve};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const SECRET: &str = "FAKE-wallet-secret-for-tests";
const INVOICE: &str = r#"{"invoiceData":{"invoiceId":"in_1","amount":"5","itemName":"Tea","customerEmail":"a@b.c","dueDate":"2026-12-31T00:00:00.000Z","status":"paid","env":"test"}}"#;

/// A span or an event as recorded: its name (an event's message), where it
/// comes from and its fields, each as text.
#[derive(Clone, Debug, Default)]
struct Seen {
    name: String,
    target: String,
    fields: BTreeMap<String, String>,
    /// An event's span.
    parent: Option<u64>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().into(), value.into());
    }
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.insert(field.name().into(), format!("{value:?}"));
    }
}

/// Records every span (by ID, from 1) and event.
#[derive(Clone, Default)]
struct Recorder {
    spans: Arc<Mutex<Vec<Seen>>>,
    events: Arc<Mutex<Vec<Seen>>>,
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, attrs: &Attributes<'_>) -> Id {
        let mut seen = Seen {
            name: attrs.metadata().name().into(),
            target: attrs.metadata().target().into(),
            ..Seen::default()
        };
        attrs.record(&mut Fields(&mut seen.fields));
        let mut spans = self.spans.lock().unwrap();
        spans.push(seen);
        Id::from_u64(spans.len() as u64)
    }
    fn record(&self, id: &Id, values: &Record<'_>) {
        let mut spans = self.spans.lock().unwrap();
        let seen = &mut spans[id.into_u64() as usize - 1];
        values.record(&mut Fields(&mut seen.fields));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut seen = Seen {
            parent: event.parent().map(Id::into_u64),
            target: event.metadata().target().into(),
            ..Seen::default()
        };
        event.record(&mut Fields(&mut seen.fields));
        seen.name = seen.fields.remove("message").unwrap_or_default();
        self.events.lock().unwrap().push(seen);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// Whether this crate made it (the HTTP stack underneath, hyper, logs its
/// connections as events too, inside the request's span).
fn ours(seen: &Seen) -> bool {
    seen.target.starts_with("mileston_config")
}

impl Recorder {
    fn spans(&self) -> Vec<Seen> {
        self.spans.lock().unwrap().clone()
    }
    /// This crate's events.
    fn events(&self) -> Vec<Seen> {
        let events = self.events.lock().unwrap();
        events.iter().filter(|e| ours(e)).cloned().collect()
    }

    /// No span or event, this crate's or the stack's, holds a secret, a
    /// header value or a body's words; none of this crate's holds a URL.
    fn assert_clean(&self) {
        let all = self.events.lock().unwrap().clone();
        for seen in self.spans().iter().chain(&all) {
            let text = format!("{} {:?}", seen.name, seen.fields);
            for never in NEVER {
                assert!(!text.contains(never), "{never} in {seen:?}");
            }
            assert!(!ours(seen) || !text.contains("127.0.0.1"), "{seen:?}");
        }
        assert!(!all.is_empty() && all.iter().any(|e| !ours(e)));
    }
}

/// The fields of `seen`, without `latency_ms` (checked apart).
fn fields(seen: &Seen) -> Vec<(&str, &str)> {
    seen.fields
        .iter()
        .filter(|(k, _)| *k != "latency_ms")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

fn latency(seen: &Seen) -> f64 {
    seen.fields["latency_ms"].parse().unwrap()
}

/// What no span or event may show: the key (whole, or its body), the
/// business ID, the wallet secret, a body's words.
const NEVER: &[&str] = &[NORMAL, "FAKEfake", "biz_1", SECRET, "Tea", "a@b.c", "0xabc"];

#[tokio::test(flavor = "current_thread")]
async fn a_retried_read_is_one_span_with_its_attempts() {
    let recorder = Recorder::default();
    let _default = tracing::subscriber::set_default(recorder.clone());
    let (url, _seen) = serve(vec![
        (503, "", r#"{"message":"busy"}"#, 0),
        (200, "", INVOICE, 0),
    ]);
    backend(&url).get_invoice("in_1").await.unwrap();
    let spans = recorder.spans();
    assert_eq!(spans.len(), 1, "{spans:?}");
    assert_eq!(spans[0].name, "mileston.request");
    assert_eq!(
        fields(&spans[0]),
        [
            ("attempt", "2"),
            ("method", "GET"),
            ("operation", "get_invoice"),
            ("service", "invoice"),
            ("status", "200"),
        ]
    );
    // From the first attempt to the answer, the backoff (5-10 ms) included.
    assert!(latency(&spans[0]) >= 5.0, "{spans:?}");
    let events = recorder.events();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].name, "retrying");
    assert_eq!(events[0].parent, Some(1));
    let delay: u64 = events[0].fields["delay_ms"].parse().unwrap();
    assert!((5..=10).contains(&delay), "{events:?}");
    assert_eq!(
        (
            &events[0].fields["attempt"][..],
            &events[0].fields["status"][..]
        ),
        ("1", "503")
    );
    recorder.assert_clean();
}

#[tokio::test(flavor = "current_thread")]
async fn each_call_is_named_and_failures_say_their_kind() {
    let recorder = Recorder::default();
    let _default = tracing::subscriber::set_default(recorder.clone());
    let created = r#"{"statusCode":201,"invoiceLink":"https://checkout.mileston.co/invoice/in_1","invoiceData":{"invoiceId":"in_1","amount":"5","itemName":"Tea","customerEmail":"a@b.c","dueDate":"2026-12-31T00:00:00.000Z","status":"pending","env":"test"}}"#;
    let (url, _seen) = serve(vec![
        (201, "", created, 0),
        (200, "", r#"{"statusCode":200,"message":"sent"}"#, 0),
        (200, "", INVOICE, 1_500),
    ]);
    let new = NewInvoice::new(
        Amount::new("5").unwrap(),
        "Tea",
        "a@b.c",
        IsoDate::from_ymd(2026, 12, 31).unwrap(),
    );
    backend(&url)
        .create_invoice("Tea & Co", &new)
        .await
        .unwrap();
    let wallet = WalletClient::from_backend(backend(&url), WalletSecret::new(SECRET).unwrap());
    let payout = Payout::new(Amount::new("1.00").unwrap(), "0xabc", Chain::Eth);
    wallet.send_payment(&payout).await.unwrap();
    let e = backend(&url)
        .with_timeout(Duration::from_millis(200))
        .with_retries(0)
        .get_invoice("in_1")
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Timeout { .. }));

    let spans = recorder.spans();
    let named: Vec<_> = spans.iter().map(fields).collect();
    assert_eq!(
        named,
        [
            vec![
                ("attempt", "1"),
                ("method", "POST"),
                ("operation", "create_invoice"),
                ("service", "invoice"),
                ("status", "201"),
            ],
            vec![
                ("attempt", "1"),
                ("method", "POST"),
                ("operation", "send_payment"),
                ("service", "wallet"),
                ("status", "200"),
            ],
            vec![
                ("attempt", "1"),
                ("error", "timeout"),
                ("method", "GET"),
                ("operation", "get_invoice"),
                ("service", "invoice"),
            ],
        ]
    );
    assert!(latency(&spans[2]) >= 200.0, "{spans:?}");
    assert!(recorder.events().is_empty());
    recorder.assert_clean();
}

/// A read with no answer is retried in the span; a payout is not sent
/// again: one attempt (and, since the connection was refused, nothing was
/// sent: its outcome is known, not unknown).
#[tokio::test(flavor = "current_thread")]
async fn health_and_unanswered_calls() {
    let recorder = Recorder::default();
    let _default = tracing::subscriber::set_default(recorder.clone());
    let (url, _seen) = serve(vec![(200, "", r#"{"status":"healthy"}"#, 0)]);
    backend(&url).health().await.unwrap();
    let spans = recorder.spans();
    assert_eq!(
        fields(&spans[0]),
        [
            ("attempt", "1"),
            ("method", "GET"),
            ("operation", "health"),
            ("service", "payment-link"),
            ("status", "200"),
        ]
    );
    // Nothing listens there any more: connecting fails.
    let wallet = WalletClient::from_backend(
        backend(&url).with_retries(1),
        WalletSecret::new(SECRET).unwrap(),
    );
    let payout = Payout::new(Amount::new("1.00").unwrap(), "0xabc", Chain::Eth);
    let refused = wallet.send_payment(&payout).await.unwrap_err();
    assert!(
        matches!(refused, Error::Transport { .. }) && !refused.is_outcome_unknown(),
        "{refused:?}"
    );
    wallet.get_transaction_status("tx_1").await.unwrap_err();
    let spans = recorder.spans();
    assert_eq!(
        fields(&spans[1]),
        [
            ("attempt", "1"),
            ("error", "transport"),
            ("method", "POST"),
            ("operation", "send_payment"),
            ("service", "wallet"),
        ]
    );
    assert_eq!(
        fields(&spans[2]),
        [
            ("attempt", "2"),
            ("error", "transport"),
            ("method", "GET"),
            ("operation", "get_transaction_status"),
            ("service", "wallet"),
        ]
    );
    let events = recorder.events();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(
        (
            events[0].name.as_str(),
            events[0].parent,
            events[0].fields.get("status")
        ),
        ("retrying", Some(3), None)
    );
    recorder.assert_clean();
}
