//! The backend handle end to end over real HTTP on loopback, against the
//! embedded sandbox (`support/sandbox.rs`): every operation, every refusal,
//! timeouts and retries against a sandbox made slow or failing, and handles
//! built without keys. The checkout flows are in `end_to_end_checkout.rs`.
#![cfg(all(feature = "http", not(target_arch = "wasm32")))]

#[path = "support/sandbox.rs"]
#[allow(dead_code)] // Each test file uses its part.
mod support;

use std::time::Duration;

use mileston_config::backend::{
    InvoiceUpdate, NewInvoice, NewPaymentLink, PaymentLinkUpdate, RecurringPaymentUpdate,
};
use mileston_config::checkout::{SavePayment, VerifyPayment};
use mileston_config::credentials::{BusinessId, NormalKey};
use mileston_config::types::{Amount, Asset, Chain, IsoDate, PaymentKind, PaymentStatus};
use mileston_config::{BackendClient, Error, Live, Test};
use mileston_sandbox::{Sandbox, keys};
use support::{amount, assert_no_key, backend, control, recurring, requests, status};

#[tokio::test]
async fn backend_operations_on_every_resource() {
    let sandbox = Sandbox::start().unwrap();
    let b = backend(&sandbox);
    let h = b.health().await.unwrap();
    assert!(h.is_healthy());
    // The members Mileston documents, as the sandbox fills them (its version
    // is the workspace's, as this crate's).
    assert_eq!(
        (
            h.service.as_str(),
            h.environment.as_str(),
            h.version.as_str()
        ),
        ("mileston-sandbox", "sandbox", env!("CARGO_PKG_VERSION"))
    );
    assert!(h.memory_used.is_some() && h.memory_total.is_some(), "{h:?}");

    let mut new = NewPaymentLink::new(amount("25.00"));
    new.title = Some("T-shirt".into());
    let link = b.create_payment_link(&new).await.unwrap();
    let id = link.data.payment_link_id.clone();
    assert_eq!(
        link.url,
        Some(format!("https://checkout.mileston.co/payment-link/{id}"))
    );
    assert_eq!(
        b.get_payment_link(&id).await.unwrap().title.as_deref(),
        Some("T-shirt")
    );
    let changes = PaymentLinkUpdate {
        title: Some("Hoodie".into()),
        ..Default::default()
    };
    assert_eq!(
        b.update_payment_link(&id, &changes)
            .await
            .unwrap()
            .title
            .as_deref(),
        Some("Hoodie")
    );
    assert_eq!(b.list_payment_links(10).await.unwrap().len(), 1);
    b.delete_payment_link(&id).await.unwrap();
    assert_eq!(status(&b.get_payment_link(&id).await.unwrap_err()).0, 404);

    let new = NewInvoice::new(
        amount("120.50"),
        "Consulting",
        "c@example.com",
        IsoDate::new("2026-12-31").unwrap(),
    );
    let inv = b.create_invoice("Acme", &new).await.unwrap();
    let id = inv.data.invoice_id.clone();
    assert_eq!(inv.data.amount.as_str(), "120.50");
    assert_eq!(inv.data.business_name.as_deref(), Some("Acme"));
    assert_eq!(
        inv.url,
        Some(format!("https://checkout.mileston.co/invoice/{id}"))
    );
    // The date went out as a JavaScript `Date` does, and comes back so.
    assert_eq!(inv.data.due_date.as_str(), "2026-12-31T00:00:00.000Z");
    assert_eq!(inv.data.due_date, IsoDate::new("2026-12-31").unwrap());
    let changes = InvoiceUpdate {
        amount: Some(amount("99.00")),
        ..Default::default()
    };
    assert_eq!(
        b.update_invoice(&id, &changes)
            .await
            .unwrap()
            .amount
            .as_str(),
        "99.00"
    );
    assert_eq!(b.get_invoice(&id).await.unwrap().amount.as_str(), "99.00");
    assert_eq!(b.list_invoices(1).await.unwrap()[0].invoice_id, id);
    b.delete_invoice(&id).await.unwrap();
    assert_eq!(status(&b.get_invoice(&id).await.unwrap_err()).0, 404);

    let mut new = recurring();
    new.subscriber_wallet_address = Some("0x00000000000000000000000000000000005a0001".into());
    new.sub_wallet_uuid = Some("sandbox-subwallet-0001".into());
    let rec = b.create_recurring_payment("Acme", &new).await.unwrap();
    let id = rec.data.recurring_payment_id.clone();
    // Mileston's recurring answers carry no link; none is made up.
    assert_eq!(rec.url, None);
    assert_eq!(rec.data.status, PaymentStatus::Pending);
    assert_eq!(
        (
            rec.data.subscriber_wallet_address.as_deref(),
            rec.data.sub_wallet_uuid.as_deref(),
            rec.data.sub_wallet_user_name.as_deref(),
            rec.data.add_pdf,
        ),
        (
            Some("0x00000000000000000000000000000000005a0001"),
            Some("sandbox-subwallet-0001"),
            Some("sandbox-customer-1"),
            Some(true),
        )
    );
    let changes = RecurringPaymentUpdate {
        recurring_interval: Some(7),
        current_payment_status: Some(PaymentStatus::Paid),
        ..Default::default()
    };
    let updated = b.update_recurring_payment(&id, &changes).await.unwrap();
    assert_eq!(
        (updated.recurring_interval, updated.status),
        (7, PaymentStatus::Paid)
    );
    assert_eq!(
        b.get_recurring_payment(&id)
            .await
            .unwrap()
            .recurring_interval,
        7
    );
    assert_eq!(b.list_recurring_payments(5).await.unwrap().len(), 1);
    b.delete_recurring_payment(&id).await.unwrap();
    assert_eq!(
        status(&b.get_recurring_payment(&id).await.unwrap_err()).0,
        404
    );
}

#[tokio::test]
async fn the_sandbox_refusals_reach_the_caller_as_typed_errors_without_keys() {
    let sandbox = Sandbox::start().unwrap();
    let url = sandbox.url();
    let new = NewPaymentLink::new(amount("1.00"));

    // A business ID that does not own the key: 403.
    let wrong_business = BackendClient::<Test>::new(
        NormalKey::parse(keys::API_KEY).unwrap(),
        BusinessId::new(keys::OTHER_BUSINESS_ID).unwrap(),
    )
    .with_base_url(&url)
    .unwrap();
    let (code, message) = status(&wrong_business.create_payment_link(&new).await.unwrap_err());
    assert_eq!(
        (code, message.as_str()),
        (
            403,
            "this API key does not belong to business biz_sandbox_0002"
        )
    );

    // A well-formed test key the platform never issued: 401.
    let unknown = BackendClient::<Test>::new(
        NormalKey::parse("Mileston_TEST_FAKEneverIssued000000001").unwrap(),
        BusinessId::new(keys::BUSINESS_ID).unwrap(),
    )
    .with_base_url(&url)
    .unwrap();
    assert_eq!(
        status(&unknown.list_invoices(5).await.unwrap_err()),
        (401, "unknown API key".into())
    );

    // Live keys are refused by the test-mode sandbox, with a message saying
    // so (a live handle sends them to a base URL only when told to).
    let live = BackendClient::<Live>::new(
        NormalKey::parse("Mileston_LIVE_FAKEliveKey00000000001").unwrap(),
        BusinessId::new(keys::BUSINESS_ID).unwrap(),
    )
    .allow_live_base_url()
    .with_base_url(&url)
    .unwrap();
    assert_eq!(
        status(&live.create_payment_link(&new).await.unwrap_err()),
        (
            401,
            "the sandbox is test mode only: live keys are refused, use a test key".into()
        )
    );

    // Another business's resource is not found.
    let id = backend(&sandbox)
        .create_payment_link(&new)
        .await
        .unwrap()
        .data
        .payment_link_id;
    let other = BackendClient::<Test>::new(
        NormalKey::parse(keys::OTHER_API_KEY).unwrap(),
        BusinessId::new(keys::OTHER_BUSINESS_ID).unwrap(),
    )
    .with_base_url(&url)
    .unwrap();
    assert_eq!(
        status(&other.get_payment_link(&id).await.unwrap_err()).0,
        404
    );

    // Refused before anything is sent: a bad base URL, a bad amount, a bad limit.
    let before = requests(&sandbox);
    let e = backend(&sandbox)
        .with_base_url("http://example.com")
        .unwrap_err();
    assert!(matches!(e, Error::BaseUrl(_)), "{e:?}");
    assert!(Amount::new("1.").is_err() && Amount::new("-1").is_err() && Amount::new("0").is_err());
    let e = backend(&sandbox).list_payment_links(0).await.unwrap_err();
    assert!(e.is_invalid_input(), "{e:?}");
    assert_eq!(requests(&sandbox), before);
}

#[tokio::test]
async fn timeouts_and_retries_against_a_slow_or_failing_sandbox() {
    let sandbox = Sandbox::start().unwrap();
    let b = backend(&sandbox).with_retry_delay(Duration::from_millis(10));
    let id = b
        .create_payment_link(&NewPaymentLink::new(amount("1.00")))
        .await
        .unwrap()
        .data
        .payment_link_id;

    // A GET is retried on 503 and 429, then succeeds.
    control(
        &sandbox,
        "faults",
        Some(r#"{"failNext": 2, "failStatus": 503}"#),
    );
    let before = requests(&sandbox);
    b.get_payment_link(&id).await.unwrap();
    assert_eq!(requests(&sandbox) - before, 3);
    control(
        &sandbox,
        "faults",
        Some(r#"{"failNext": 1, "failStatus": 429}"#),
    );
    b.get_payment_link(&id).await.unwrap();

    // Out of retries: the last status comes back.
    control(
        &sandbox,
        "faults",
        Some(r#"{"failNext": 5, "failStatus": 503}"#),
    );
    let before = requests(&sandbox);
    assert_eq!(status(&b.get_payment_link(&id).await.unwrap_err()).0, 503);
    assert_eq!(
        requests(&sandbox) - before,
        3,
        "one attempt and two retries"
    );
    control(&sandbox, "faults", Some("{}"));

    // A POST is never retried blindly.
    control(
        &sandbox,
        "faults",
        Some(r#"{"failNext": 1, "failStatus": 503}"#),
    );
    let before = requests(&sandbox);
    assert_eq!(
        status(
            &b.create_payment_link(&NewPaymentLink::new(amount("2.00")))
                .await
                .unwrap_err()
        )
        .0,
        503
    );
    assert_eq!(requests(&sandbox) - before, 1);

    // A dropped connection: a GET is retried and succeeds; a POST reports a transport error.
    control(&sandbox, "faults", Some(r#"{"dropNext": 1}"#));
    b.get_payment_link(&id).await.unwrap();
    control(&sandbox, "faults", Some(r#"{"dropNext": 1}"#));
    let e = b
        .create_payment_link(&NewPaymentLink::new(amount("2.00")))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Transport { .. }), "{e:?}");
    assert_no_key(&e);

    // Truncated JSON is a decode error.
    control(&sandbox, "faults", Some(r#"{"truncateNext": 1}"#));
    let e = b.get_payment_link(&id).await.unwrap_err();
    assert!(matches!(e, Error::Decode { status: 200, .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        "unexpected answer from the Mileston API (HTTP 200): the answer to \
         GET /payment-link/{id} is not JSON of the expected shape"
    );

    // A stalled answer ends with a timeout error, long before the answer
    // would come (the margin is wide so that a loaded machine cannot fail it).
    control(&sandbox, "faults", Some(r#"{"delayMs": 20000}"#));
    let started = std::time::Instant::now();
    let e = b
        .clone()
        .with_timeout(Duration::from_millis(200))
        .with_retries(0)
        .get_payment_link(&id)
        .await
        .unwrap_err();
    assert!(e.is_timeout(), "{e:?}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    control(&sandbox, "faults", Some("{}"));
}

/// A handle from a build without keys (docs.rs, `MILESTON_ALLOW_MISSING_KEYS=1`)
/// fails every request with a clear error, before anything is sent.
#[tokio::test]
async fn placeholder_handles_never_send_a_request() {
    let sandbox = Sandbox::start().unwrap();
    // What the attribute generates for such a build.
    use mileston_config::__private::{Injected, Slot, Value, build};
    let placeholders = Injected {
        business_id: Value::Placeholder,
        base_url: None,
        allow_live_base_url: false,
        secrets: &[
            (Slot::Backend, Value::Placeholder),
            (Slot::Checkout, Value::Placeholder),
        ],
    };
    let b = build::<BackendClient<Test>>(&placeholders)
        .with_base_url(&sandbox.url())
        .unwrap();
    let c = build::<mileston_config::CheckoutClient<Test>>(&placeholders)
        .with_base_url(&sandbox.url())
        .unwrap();
    let before = requests(&sandbox);
    let e = b
        .create_payment_link(&NewPaymentLink::new(amount("1.00")))
        .await
        .unwrap_err();
    assert_eq!(e, Error::NoKeys);
    assert_eq!(
        e.to_string(),
        "this handle was built without Mileston keys (a docs.rs build, or \
         MILESTON_ALLOW_MISSING_KEYS=1): it cannot make requests; build with the keys set"
    );
    assert_eq!(b.list_invoices(5).await.unwrap_err(), Error::NoKeys);
    assert_eq!(
        c.get_payment(PaymentKind::Invoice, "inv_1")
            .await
            .unwrap_err(),
        Error::NoKeys
    );
    let verify = VerifyPayment::new("inv_1", "0x1", amount("1"), "0x2", Chain::Eth, Asset::Usdc);
    assert_eq!(
        c.verify_payment(PaymentKind::Invoice, &verify)
            .await
            .unwrap_err(),
        Error::NoKeys
    );
    let save = SavePayment::new(
        "inv_1",
        "0x1",
        "0x2",
        amount("1"),
        "0x3",
        Chain::Eth,
        Asset::Usdc,
    );
    assert_eq!(
        c.save_payment(PaymentKind::Invoice, &save)
            .await
            .unwrap_err(),
        Error::NoKeys
    );
    assert_eq!(c.sub_wallet("sw").await.unwrap_err(), Error::NoKeys);
    assert_eq!(
        c.payment_wallet(Chain::Sui, None).await.unwrap_err(),
        Error::NoKeys
    );
    assert_eq!(requests(&sandbox), before);
}
