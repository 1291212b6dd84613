//! The whole flow against the embedded sandbox, with no setup:
//!
//! ```sh
//! cargo run --example quickstart
//! ```
//!
//! The keys are the sandbox's documented fake test keys, which this workspace's
//! `.cargo/config.toml` puts in the build environment as `SANDBOX_*`. They are
//! checked and injected at build time like real ones would be.

use std::error::Error;

use mileston_config::{
    Amount, BackendClient, CheckoutClient, IsoDate, NewInvoice, NewPaymentLink,
    NewRecurringPayment, PaymentKind, Test, Verification, mileston_config,
};
use mileston_sandbox::Sandbox;

#[mileston_config(
    backend = "SANDBOX_API_KEY",
    checkout = "SANDBOX_CHECKOUT_KEY",
    business_id = "SANDBOX_BUSINESS_ID"
)]
pub struct Mileston;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let sandbox = Sandbox::start()?;
    println!("sandbox      {} (test mode, in memory)", sandbox.url());

    // Production base URLs are the default; point both handles at the sandbox.
    let backend: BackendClient<Test> = Mileston::backend().with_base_url(&sandbox.url())?;
    let checkout: CheckoutClient<Test> = Mileston::checkout().with_base_url(&sandbox.url())?;
    println!("backend      {:?}", backend.key());
    println!("checkout     {:?}", checkout.key());
    println!("business id  {}", Mileston::business_id());
    println!("health       {}", backend.health().await?.status);
    println!();

    // The backend handle creates payments.
    let mut link = NewPaymentLink::new(Amount::new("25.00")?);
    link.title = Some("Quickstart T-shirt".into());
    let link = backend.create_payment_link(&link).await?;
    let invoice = NewInvoice::new(
        Amount::new("120.50")?,
        "Consulting, November",
        "customer@example.com",
        IsoDate::new("2026-12-31")?,
    );
    let invoice = backend.create_invoice("Quickstart Ltd", &invoice).await?;
    let recurring = NewRecurringPayment {
        amount: Amount::new("9.99")?,
        subscription_name: "Quickstart Pro".into(),
        subscriber_full_name: "Ada Lovelace".into(),
        subscriber_email: "ada@example.com".into(),
        recurring_date: IsoDate::new("2026-12-01")?,
        recurring_interval: 30,
    };
    let recurring = backend
        .create_recurring_payment("Quickstart Ltd", &recurring)
        .await?;

    let payments = [
        (
            PaymentKind::PaymentLink,
            link.data.payment_link_id.clone(),
            link.url.clone(),
        ),
        (
            PaymentKind::Invoice,
            invoice.data.invoice_id.clone(),
            invoice.url.clone(),
        ),
        (
            PaymentKind::Recurring,
            recurring.data.recurring_payment_id.clone(),
            recurring.url.clone(),
        ),
    ];
    println!("created with the backend handle, read with the checkout handle:");
    for (kind, id, url) in &payments {
        let p = checkout.get_payment(*kind, id).await?;
        println!(
            "  {:<13} {:<11} {:>7} USDC  {:<8} {url}",
            format!("{kind:?}"),
            id,
            p.amount().as_str(),
            p.status().as_str()
        );
    }

    // The customer pays the invoice; the sandbox stands in for the blockchain.
    let (_, invoice_id, _) = &payments[1];
    let before = checkout
        .verify_payment(PaymentKind::Invoice, invoice_id)
        .await?;
    println!();
    println!("verify invoice before payment: {}", describe(&before));
    mark_paid(&sandbox, "invoice", invoice_id)?;
    let after = checkout
        .verify_payment(PaymentKind::Invoice, invoice_id)
        .await?;
    println!("verify invoice after payment:  {}", describe(&after));
    let p = checkout
        .get_payment(PaymentKind::Invoice, invoice_id)
        .await?;
    println!("invoice {invoice_id} is now {}", p.status().as_str());
    Ok(())
}

fn describe(v: &Verification) -> &'static str {
    match v {
        Verification::Paid(_) => "paid",
        Verification::AwaitingPayment => "still awaiting payment",
        // `Verification` may gain answers in a later version.
        _ => "another answer",
    }
}

/// The sandbox-only control endpoint that marks a payment paid.
fn mark_paid(sandbox: &Sandbox, pattern: &str, id: &str) -> Result<(), Box<dyn Error>> {
    let url = format!("{}/__sandbox/pay/{pattern}/{id}", sandbox.url());
    ureq::post(url).send_empty()?;
    Ok(())
}
