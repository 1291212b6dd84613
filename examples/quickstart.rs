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

use mileston_config::backend::{NewInvoice, NewPaymentLink, NewRecurringPayment};
use mileston_config::checkout::{SavePayment, Verification, VerifyPayment};
use mileston_config::types::{Amount, Asset, Chain, IsoDate, PaymentKind};
use mileston_config::{BackendClient, CheckoutClient, Test, mileston_config};
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
    let recurring = NewRecurringPayment::new(
        Amount::new("9.99")?,
        "Quickstart Pro",
        "Ada Lovelace",
        "ada@example.com",
        IsoDate::new("2026-12-01")?,
        30,
    );
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
            "  {:<13} {:<11} {:>7} {}  {:<8} {}",
            format!("{kind:?}"),
            id,
            p.amount(),
            Amount::CURRENCY,
            p.status().map_or("unknown", |s| s.as_str()),
            // Recurring answers carry no link, and with a base URL (this
            // sandbox) none is made up: Mileston's production services
            // would give `https://checkout.mileston.co/recurring-payment/<id>`.
            url.as_deref().unwrap_or("(no hosted page)")
        );
    }

    // Where the money goes: the business's sub-wallet, on each chain.
    let wallet = checkout.sub_wallet("sandbox-subwallet-0001").await?;
    let merchant = wallet.address(Chain::Pol).ok_or("no Polygon address")?;
    println!();
    println!("sub-wallet on Polygon: {merchant}");

    // A QR-code payment of the invoice: the customer is shown a deposit
    // address and sends the amount there; the sandbox stands in for the
    // blockchain.
    let (_, invoice_id, _) = &payments[1];
    let deposit = checkout.payment_wallet(Chain::Pol, Some(merchant)).await?;
    println!("deposit address for the invoice: {}", deposit.public_key);
    let verify = VerifyPayment::new(
        invoice_id,
        deposit.public_key,
        Amount::new("120.50")?,
        merchant,
        Chain::Pol,
        Asset::Usdc,
    );
    let before = checkout
        .verify_payment(PaymentKind::Invoice, &verify)
        .await?;
    println!("verify invoice before payment: {}", describe(&before));
    mark_paid(&sandbox, "invoice", invoice_id)?;
    let after = checkout
        .verify_payment(PaymentKind::Invoice, &verify)
        .await?;
    println!("verify invoice after payment:  {}", describe(&after));
    let p = checkout
        .get_payment(PaymentKind::Invoice, invoice_id)
        .await?;
    println!("invoice {invoice_id} is now {}", status(&p));

    // A wallet payment of the link, saved once its transfer is final: a
    // saved payment is paid.
    let (_, link_id, _) = &payments[0];
    let mut save = SavePayment::new(
        link_id,
        "0x00000000000000000000000000000000005a0c01",
        merchant,
        Amount::new("25.00")?,
        format!("0x{}", "ab".repeat(32)),
        Chain::Pol,
        Asset::Usdc,
    );
    save.fee_signature = Some(format!("0x{}", "cd".repeat(32)));
    checkout
        .save_payment(PaymentKind::PaymentLink, &save)
        .await?;
    let p = checkout
        .get_payment(PaymentKind::PaymentLink, link_id)
        .await?;
    println!("payment link {link_id}, saved, is now {}", status(&p));
    Ok(())
}

fn status(p: &mileston_config::checkout::Payment) -> &'static str {
    p.status().map_or("unknown", |s| s.as_str())
}

fn describe(v: &Verification) -> &'static str {
    match v {
        Verification::Paid => "paid",
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
