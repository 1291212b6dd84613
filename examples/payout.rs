//! A payout through Mileston's wallet API, against the embedded sandbox, with
//! no setup:
//!
//! ```sh
//! cargo run --example payout
//! ```
//!
//! The normal key, the business ID and the wallet signing secret are the
//! sandbox's documented fakes (`.cargo/config.toml` sets `SANDBOX_*`), read
//! and checked at build time like real ones. An app of yours would declare
//! `#[mileston_config(wallet)]` and read `MILESTON_API_KEY`,
//! `MILESTON_BUSINESS_ID` and `MILESTON_SECRET_KEY`, on its server only: the
//! signing secret authorises payouts, so `wallet` is refused in a wasm build.

use std::error::Error;

use mileston_config::types::{Amount, Balance, Chain};
use mileston_config::wallet::{BatchPayout, Payout, TransactionStatus};
use mileston_config::{Test, WalletClient, mileston_config};
use mileston_sandbox::Sandbox;

#[mileston_config(
    backend = "SANDBOX_API_KEY",
    wallet = "SANDBOX_WALLET_SECRET",
    business_id = "SANDBOX_BUSINESS_ID"
)]
pub struct Mileston;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let sandbox = Sandbox::start()?;
    println!("sandbox      {} (test mode, in memory)", sandbox.url());
    let wallet: WalletClient<Test> = Mileston::wallet().with_base_url(&sandbox.url())?;
    println!("wallet       {wallet:?}");
    println!("base balance {} USDC", balance(&wallet, "base").await?);
    println!();

    // One payout: signed, sent once, followed by its transaction.
    let payout = Payout::new(
        Amount::new("25.00")?,
        "0x742d35Cc6634C0532925a3b8D4C9db96C4b4d8b6",
        Chain::Base,
    );
    let sent = wallet.send_payment(&payout).await?;
    let tx = sent
        .transaction_uuid
        .ok_or("the answer names no transaction")?;
    println!("payout       {} ({tx})", sent.message);
    println!(
        "status       {}",
        wallet.get_transaction_status(&tx).await?.status
    );
    settle(&sandbox, &tx)?; // the chain confirms it: the sandbox stands in
    let done = wallet.get_transaction_status(&tx).await?;
    assert_eq!(done.status, TransactionStatus::Completed);
    println!(
        "status       {} (signature {})",
        done.status,
        done.signature.unwrap_or_default()
    );
    println!("base balance {} USDC", balance(&wallet, "base").await?);
    println!();

    // A batch: recipients and amounts stay paired.
    let mut batch = BatchPayout::new(Chain::Base);
    batch
        .push(
            "0x00000000000000000000000000000000005a0001",
            Amount::new("10.00")?,
        )
        .push(
            "0x00000000000000000000000000000000005a0002",
            Amount::new("5.50")?,
        );
    let sent = wallet.batch_payment(&batch).await?;
    println!(
        "batch        {} ({} transactions)",
        sent.message,
        sent.transaction_uuids.len()
    );
    println!("base balance {} USDC", balance(&wallet, "base").await?);
    println!();

    // Money never moves twice. The connection drops before the payout is
    // made, then an answer is cut after it was made: each time the outcome
    // is unknown, the payout is not sent again, and the balance says what
    // happened (README: "Reconciling a payout").
    for fault in [r#"{"dropNext": 1}"#, r#"{"truncateNext": 1}"#] {
        let before = balance(&wallet, "base").await?;
        faults(&sandbox, fault)?;
        println!("payout       {}", pay_once(&wallet, &payout, before).await?);
    }
    println!("base balance {} USDC", balance(&wallet, "base").await?);
    Ok(())
}

/// Sends `payout` once, whatever happens to its answer. `before` is the
/// source wallet's balance on the payout's chain, read before sending (no
/// other payout from that wallet and chain runs meanwhile); when the outcome
/// is unknown it is read again: unchanged, nothing moved and the payout is
/// sent again; lower by the amount, it went through; anything else needs a
/// person.
async fn pay_once(
    wallet: &WalletClient<Test>,
    payout: &Payout,
    before: Balance,
) -> Result<String, Box<dyn Error>> {
    let chain = payout.wallet_type.as_str();
    let amount = Balance::of(&payout.amount).ok_or("an amount a balance can hold")?;
    loop {
        match wallet.send_payment(payout).await {
            Ok(sent) => return Ok(sent.message),
            Err(e) if e.is_outcome_unknown() => {
                println!("unknown      {e}");
                let after = balance(wallet, chain).await?;
                if after == before {
                    println!("reconciled   {chain} still {after}: nothing moved, sending it again");
                } else if before.checked_sub(amount) == Some(after) {
                    return Ok(format!(
                        "reconciled: {chain} {before} -> {after}, it went through"
                    ));
                } else {
                    return Err(format!("{chain} {before} -> {after}: look before paying").into());
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// The main wallet's balance on `chain`.
async fn balance(wallet: &WalletClient<Test>, chain: &str) -> Result<Balance, Box<dyn Error>> {
    let wallets = wallet.get_all_wallets().await?;
    let w = wallets.iter().find(|w| w.blockchain == chain);
    Ok(w.ok_or("no such wallet")?.balance)
}

/// The sandbox-only control that completes a pending transaction.
fn settle(sandbox: &Sandbox, tx: &str) -> Result<(), Box<dyn Error>> {
    ureq::post(format!(
        "{}/__sandbox/transactions/{tx}/complete",
        sandbox.url()
    ))
    .send_empty()?;
    Ok(())
}

/// The sandbox-only fault injection.
fn faults(sandbox: &Sandbox, body: &str) -> Result<(), Box<dyn Error>> {
    ureq::post(format!("{}/__sandbox/faults", sandbox.url()))
        .header("content-type", "application/json")
        .send(body)?;
    Ok(())
}
