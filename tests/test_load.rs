//! 10,000 requests at 64 in flight through the handles against the sandbox on
//! loopback: creates and reads of all three resources, then a check that
//! nothing was lost (every created resource readable with what was written,
//! the lists and the sandbox's request counter agree) and that no request
//! failed. No timing is asserted; the elapsed time is printed (`--nocapture`).
//!
//! The keys are the sandbox's fake test keys, set for every build under this
//! workspace by `.cargo/config.toml` (`SANDBOX_*`).

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use mileston_config::backend::{NewInvoice, NewPaymentLink, NewRecurringPayment};
use mileston_config::checkout::Payment;
use mileston_config::credentials::{BusinessId, NormalKey};
use mileston_config::types::{Amount, IsoDate, PaymentKind};
use mileston_config::{BackendClient, CheckoutClient, Test, mileston_config};
use mileston_sandbox::{Sandbox, keys};

#[mileston_config(
    backend = "SANDBOX_API_KEY",
    checkout = "SANDBOX_CHECKOUT_KEY",
    business_id = "SANDBOX_BUSINESS_ID"
)]
pub struct Mileston;

/// Requests in the load phase: one create and one read per resource.
const REQUESTS: usize = 10_000;
const RESOURCES: usize = REQUESTS / 2;
const IN_FLIGHT: usize = 64;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kind {
    Link,
    Invoice,
    Recurring,
}

impl Kind {
    fn of(i: usize) -> Kind {
        [Kind::Link, Kind::Invoice, Kind::Recurring][i % 3]
    }

    fn payment_kind(self) -> PaymentKind {
        match self {
            Kind::Link => PaymentKind::PaymentLink,
            Kind::Invoice => PaymentKind::Invoice,
            Kind::Recurring => PaymentKind::Recurring,
        }
    }
}

/// Resource number `i`: its amount and name carry `i`, so that a read can
/// tell whose data it got.
fn amount(i: usize) -> Amount {
    Amount::new(&format!("{}.{:02}", 1 + i / 100, i % 100)).unwrap()
}

fn name(i: usize) -> String {
    format!("load-{i}")
}

#[derive(Clone)]
struct Handles {
    backend: BackendClient<Test>,
    checkout: CheckoutClient<Test>,
}

/// Creates resource `i` and returns its ID.
async fn create(h: &Handles, i: usize) -> Result<String, String> {
    let e = |e: mileston_config::Error| format!("create {i}: {e}");
    Ok(match Kind::of(i) {
        Kind::Link => {
            let mut new = NewPaymentLink::new(amount(i));
            new.title = Some(name(i));
            h.backend
                .create_payment_link(&new)
                .await
                .map_err(e)?
                .data
                .payment_link_id
        }
        Kind::Invoice => {
            let new = NewInvoice::new(
                amount(i),
                name(i),
                "load@example.com",
                IsoDate::new("2026-12-31").unwrap(),
            );
            h.backend
                .create_invoice("Load Ltd", &new)
                .await
                .map_err(e)?
                .data
                .invoice_id
        }
        Kind::Recurring => {
            let new = NewRecurringPayment::new(
                amount(i),
                name(i),
                "Load Test",
                "load@example.com",
                IsoDate::new("2026-12-01").unwrap(),
                30,
            );
            h.backend
                .create_recurring_payment("Load Ltd", &new)
                .await
                .map_err(e)?
                .data
                .recurring_payment_id
        }
    })
}

/// Reads resource `i` back (through the backend handle when `via_backend`,
/// else through the checkout handle) and checks that it is resource `i`.
async fn read(h: &Handles, i: usize, id: &str, via_backend: bool) -> Result<(), String> {
    let e = |e: mileston_config::Error| format!("read {i} ({id}): {e}");
    let (got_id, got_amount, got_name) = if via_backend {
        match Kind::of(i) {
            Kind::Link => {
                let l = h.backend.get_payment_link(id).await.map_err(e)?;
                (l.payment_link_id, l.amount, l.title.unwrap_or_default())
            }
            Kind::Invoice => {
                let v = h.backend.get_invoice(id).await.map_err(e)?;
                (v.invoice_id, v.amount, v.item_name)
            }
            Kind::Recurring => {
                let r = h.backend.get_recurring_payment(id).await.map_err(e)?;
                (r.recurring_payment_id, r.amount, r.subscription_name)
            }
        }
    } else {
        match h
            .checkout
            .get_payment(Kind::of(i).payment_kind(), id)
            .await
            .map_err(e)?
        {
            Payment::PaymentLink(l) => (l.payment_link_id, l.amount, l.title.unwrap_or_default()),
            Payment::Invoice(v) => (v.invoice_id, v.amount, v.item_name),
            Payment::Recurring(r) => (r.recurring_payment_id, r.amount, r.subscription_name),
            other => {
                return Err(format!(
                    "read {i} ({id}): a payment of another kind: {other:?}"
                ));
            }
        }
    };
    if got_id != id || got_amount != amount(i) || got_name != name(i) {
        return Err(format!(
            "read {i} ({id}): got {got_id} {} {got_name}",
            got_amount.as_str()
        ));
    }
    Ok(())
}

/// Runs `work(i)` for every `i` in `0..n` with `IN_FLIGHT` tasks; returns the
/// errors.
async fn run<F, Fut>(n: usize, work: F) -> Vec<String>
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), String>> + Send,
{
    let next = Arc::new(AtomicUsize::new(0));
    let work = Arc::new(work);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..IN_FLIGHT {
        let (next, work) = (next.clone(), work.clone());
        tasks.spawn(async move {
            let mut errors = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    return errors;
                }
                if let Err(e) = work(i).await {
                    errors.push(e);
                }
            }
        });
    }
    let mut errors = Vec::new();
    while let Some(done) = tasks.join_next().await {
        errors.extend(done.expect("a load task panicked"));
    }
    errors
}

/// `GET /__sandbox/requests`: requests the sandbox received on its API paths.
fn sandbox_requests(sandbox: &Sandbox) -> u64 {
    let text = ureq::get(format!("{}/__sandbox/requests", sandbox.url()))
        .call()
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["total"].as_u64().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_requests_at_64_in_flight_lose_nothing() {
    let sandbox = Sandbox::start().unwrap();
    let url = sandbox.url();
    let handles = Handles {
        backend: Mileston::backend().with_base_url(&url).unwrap(),
        checkout: Mileston::checkout().with_base_url(&url).unwrap(),
    };
    let ids: Arc<Vec<std::sync::OnceLock<String>>> =
        Arc::new((0..RESOURCES).map(|_| std::sync::OnceLock::new()).collect());

    // Load: each task creates a resource and reads it back at once, half of
    // the reads through the checkout handle.
    let start = Instant::now();
    let (h, slots) = (handles.clone(), ids.clone());
    let errors = run(RESOURCES, move |i| {
        let (h, slots) = (h.clone(), slots.clone());
        async move {
            let id = create(&h, i).await?;
            read(&h, i, &id, i % 2 == 0).await?;
            slots[i]
                .set(id)
                .map_err(|_| format!("resource {i} created twice"))
        }
    })
    .await;
    let load = start.elapsed();
    assert!(
        errors.is_empty(),
        "{} errors, first: {:?}",
        errors.len(),
        &errors[..errors.len().min(5)]
    );
    assert_eq!(
        sandbox_requests(&sandbox),
        REQUESTS as u64,
        "requests lost or retried"
    );
    println!(
        "load: {REQUESTS} requests at {IN_FLIGHT} in flight in {:.2} s ({:.0} req/s)",
        load.as_secs_f64(),
        REQUESTS as f64 / load.as_secs_f64()
    );

    // Nothing lost: every resource is there, distinct, and readable afterwards
    // through the other handle.
    let ids: Vec<String> = ids
        .iter()
        .map(|s| s.get().cloned().expect("an ID"))
        .collect();
    let distinct: HashSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), RESOURCES, "duplicate IDs");
    let ids = Arc::new(ids);
    let (h, all) = (handles.clone(), ids.clone());
    let errors = run(RESOURCES, move |i| {
        let (h, all) = (h.clone(), all.clone());
        async move { read(&h, i, &all[i], i % 2 == 1).await }
    })
    .await;
    assert!(
        errors.is_empty(),
        "{} errors, first: {:?}",
        errors.len(),
        &errors[..errors.len().min(5)]
    );

    // The lists hold the newest 100 of each kind, all of them ours, in
    // creation order reversed as far as creation order is known: every listed
    // ID is one we created, of that kind.
    let created = |k: Kind| -> HashSet<String> {
        (0..RESOURCES)
            .filter(|&i| Kind::of(i) == k)
            .map(|i| ids[i].clone())
            .collect()
    };
    let b = &handles.backend;
    let links: Vec<String> = b
        .list_payment_links(100)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.payment_link_id)
        .collect();
    let invoices: Vec<String> = b
        .list_invoices(100)
        .await
        .unwrap()
        .into_iter()
        .map(|v| v.invoice_id)
        .collect();
    let recurring: Vec<String> = b
        .list_recurring_payments(100)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.recurring_payment_id)
        .collect();
    for (kind, listed) in [
        (Kind::Link, links),
        (Kind::Invoice, invoices),
        (Kind::Recurring, recurring),
    ] {
        let ours = created(kind);
        assert_eq!(
            ours.len(),
            (0..RESOURCES).filter(|&i| Kind::of(i) == kind).count()
        );
        assert_eq!(listed.len(), ours.len().min(100), "{kind:?} list");
        assert_eq!(
            listed.iter().collect::<HashSet<_>>().len(),
            listed.len(),
            "{kind:?} list repeats"
        );
        assert!(
            listed.iter().all(|id| ours.contains(id)),
            "{kind:?} list has an ID we did not create"
        );
    }

    // The other tenant sees none of it.
    let other = BackendClient::<Test>::new(
        NormalKey::parse(keys::OTHER_API_KEY).unwrap(),
        BusinessId::new(keys::OTHER_BUSINESS_ID).unwrap(),
    )
    .with_base_url(&url)
    .unwrap();
    assert!(other.list_payment_links(100).await.unwrap().is_empty());
    assert!(other.list_invoices(100).await.unwrap().is_empty());
    assert!(other.list_recurring_payments(100).await.unwrap().is_empty());

    // Every request reached the sandbox exactly once (no retry was needed).
    assert_eq!(
        sandbox_requests(&sandbox),
        (REQUESTS + RESOURCES + 6) as u64
    );
    println!("total: {:.2} s", start.elapsed().as_secs_f64());
}
