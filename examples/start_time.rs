//! Build once, deploy anywhere: the values are read when the process starts,
//! not built in. Against the embedded sandbox, with no setup:
//!
//! ```sh
//! cargo run --example start_time
//! ```
//!
//! With `load = "start"` the attribute reads no value at build time (it still
//! checks the settings: which values, which variables, the pinned mode), so
//! the binary and `target/` hold none. `Mileston::load()` reads them at start,
//! each from exactly one of the variable, the file `VAR_FILE` names, or the
//! systemd credential `$CREDENTIALS_DIRECTORY/VAR`, with the build's rules.
//! Here they are the sandbox's documented fakes, which `.cargo/config.toml`
//! sets as `SANDBOX_*` for `cargo run` too; a server of yours would read
//! `MILESTON_API_KEY` and its siblings from its deployment's secrets.

use std::error::Error;
use std::process::ExitCode;

use mileston_config::backend::NewPaymentLink;
use mileston_config::types::{Amount, PaymentKind};
use mileston_config::webhook::{Event, VerifiedEvent};
use mileston_config::{BackendOf, Configured, mileston_config};
use mileston_sandbox::{Options, Sandbox};

#[mileston_config(
    backend = "SANDBOX_API_KEY",
    checkout = "SANDBOX_CHECKOUT_KEY",
    wallet = "SANDBOX_WALLET_SECRET",
    webhook = "SANDBOX_WEBHOOK_TOKEN",
    business_id = "SANDBOX_BUSINESS_ID",
    load = "start",
    mode = "test"
)]
pub struct Mileston;
type M = <Mileston as Configured>::Mode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    // Once, first: a deployment with a missing, doubled or wrong value stops
    // here, with every problem named (never a value).
    if let Err(e) = Mileston::load() {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn Error>> {
    // A receiver for the sandbox's deliveries, verified with the token read
    // at start (the extractor takes it from the router's state).
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let hook = format!("http://{}/webhooks/mileston", listener.local_addr()?);
    let (delivered, mut deliveries) = tokio::sync::mpsc::unbounded_channel();
    let receiver = axum::Router::new()
        .route(
            "/webhooks/mileston",
            axum::routing::post(move |delivery: VerifiedEvent<M>| async move {
                let _ = delivered.send(delivery.event);
                "ok"
            }),
        )
        .with_state(Mileston::webhook());
    tokio::spawn(async move { axum::serve(listener, receiver).await });

    let sandbox = Sandbox::start_with(Options::default().webhook(&hook, None)?)?;
    println!("sandbox   {} (test mode, in memory)", sandbox.url());
    println!(
        "loaded    {} (mode {})",
        Mileston::business_id(),
        Mileston::MODE
    );

    let backend: BackendOf<Mileston> = Mileston::backend().with_base_url(&sandbox.url())?;
    let link = backend
        .create_payment_link(&NewPaymentLink::new(Amount::new("25.00")?))
        .await?;
    let id = &link.data.payment_link_id;
    println!("backend   {:?} created payment link {id}", backend.key());

    let checkout = Mileston::checkout().with_base_url(&sandbox.url())?;
    let payment = checkout.get_payment(PaymentKind::PaymentLink, id).await?;
    println!(
        "checkout  {:?} read it: {} USD, {}",
        checkout.key(),
        payment.amount(),
        payment.status().map_or("unknown", |s| s.as_str())
    );

    let wallet = Mileston::wallet().with_base_url(&sandbox.url())?;
    let wallets = wallet.get_all_wallets().await?;
    println!("wallet    signed a request: {} wallets", wallets.len());

    // The customer pays; the sandbox delivers `paymentlink-paid`.
    ureq::post(format!("{}/__sandbox/pay/paymentlink/{id}", sandbox.url())).send_empty()?;
    // Bounded: a refused delivery (Mileston retries it) must fail the run, not hang it.
    let delivery = tokio::time::timeout(std::time::Duration::from_secs(30), deliveries.recv())
        .await
        .map_err(|_| "no verified delivery within 30 s")?;
    match delivery {
        Some(Event::PaymentLinkPaid(paid)) => println!(
            "webhook   {:?} verified paymentlink-paid for {}",
            Mileston::webhook(),
            paid.payment_id.as_deref().unwrap_or("?")
        ),
        other => return Err(format!("unexpected delivery: {other:?}").into()),
    }
    Ok(())
}
