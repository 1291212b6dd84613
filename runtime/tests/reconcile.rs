//! Reconciling payouts whose outcome is unknown, as README's recipe does it
//! ("Reconciling a payout"), against the sandbox's faults: a connection
//! dropped before the payout is made, an answer cut after it was made. With
//! concurrent payouts (one worker per chain of the main wallet, each worker's
//! payouts one at a time), every payout is made exactly once: each chain's
//! final balance is its start less the sum of its payouts. The error carries
//! what was asked.

use std::time::Duration;

use mileston_config::credentials::{BusinessId, NormalKey, WalletSecret};
use mileston_config::types::{Amount, Balance, Chain};
use mileston_config::wallet::{Payout, Source};
use mileston_config::{Error, Test, WalletClient};
use mileston_sandbox::{Sandbox, keys};

fn wallet(sandbox: &Sandbox) -> WalletClient<Test> {
    WalletClient::new(
        NormalKey::parse(keys::API_KEY).unwrap(),
        BusinessId::new(keys::BUSINESS_ID).unwrap(),
        WalletSecret::new(keys::WALLET_SECRET).unwrap(),
    )
    .with_base_url(&sandbox.url())
    .unwrap()
    .with_retry_delay(Duration::from_millis(1))
}

fn faults(sandbox: &Sandbox, body: &str) {
    ureq::post(format!("{}/__sandbox/faults", sandbox.url()))
        .header("content-type", "application/json")
        .send(body)
        .unwrap();
}

/// The main wallet's balance on `chain` (read again after an answer that
/// cannot be read: a fault may cut a read's answer too).
async fn balance(wallet: &WalletClient<Test>, chain: Chain) -> Balance {
    for _ in 0..20 {
        if let Ok(wallets) = wallet.get_all_wallets().await {
            let w = wallets.iter().find(|w| w.blockchain == chain.as_str());
            return w.expect("a wallet on every chain").balance;
        }
    }
    panic!("the balance of {chain} could not be read")
}

/// What reconciling found.
#[derive(Debug, PartialEq, Eq)]
enum Paid {
    /// Answered: sent.
    Sent,
    /// Unknown, and the balance showed it went through.
    WentThrough,
    /// Unknown, the balance showed nothing moved, and it was sent again.
    SentAgain,
}

/// README's recipe: `before` is the source's balance on the payout's chain,
/// read before sending, with no other payout from that wallet and chain
/// running meanwhile.
async fn pay_once(wallet: &WalletClient<Test>, payout: &Payout, before: Balance) -> Paid {
    let chain = Chain::ALL
        .into_iter()
        .find(|c| c.as_str() == payout.wallet_type.as_str())
        .unwrap();
    let amount = Balance::of(&payout.amount).unwrap();
    let mut again = false;
    loop {
        match wallet.send_payment(payout).await {
            Ok(_) if again => return Paid::SentAgain,
            Ok(_) => return Paid::Sent,
            Err(Error::OutcomeUnknown { asked, .. }) => {
                let asked = asked.expect("what was asked");
                assert_eq!(asked.from, Source::MainWallet);
                assert_eq!(
                    asked.payouts,
                    [(payout.recipient_address.clone(), payout.amount.clone())]
                );
                assert!(asked.sent_at.is_some());
                let after = balance(wallet, chain).await;
                if after == before {
                    again = true;
                } else {
                    assert_eq!(before.checked_sub(amount), Some(after), "{chain}");
                    return Paid::WentThrough;
                }
            }
            Err(e) => panic!("{e}"),
        }
    }
}

#[tokio::test]
async fn an_unknown_outcome_is_reconciled_by_the_balance() {
    let sandbox = Sandbox::start().unwrap();
    let w = wallet(&sandbox);
    let payout = Payout::new(
        Amount::new("25.50").unwrap(),
        "0xFAKErecipient01",
        Chain::Base,
    );
    // Dropped before the sandbox made it: nothing moved, sent again.
    let before = balance(&w, Chain::Base).await;
    faults(&sandbox, r#"{"dropNext": 1}"#);
    assert_eq!(pay_once(&w, &payout, before).await, Paid::SentAgain);
    // Cut after the sandbox made it: it went through.
    let before = balance(&w, Chain::Base).await;
    faults(&sandbox, r#"{"truncateNext": 1}"#);
    assert_eq!(pay_once(&w, &payout, before).await, Paid::WentThrough);
    // A gateway's 502 after it: the same.
    let before = balance(&w, Chain::Base).await;
    faults(&sandbox, r#"{"failNext": 1, "failStatus": 502}"#);
    assert_eq!(pay_once(&w, &payout, before).await, Paid::SentAgain);
    assert_eq!(balance(&w, Chain::Base).await.to_string(), "923.5");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_payouts_are_each_made_once() {
    let sandbox = Sandbox::start().unwrap();
    let w = wallet(&sandbox);
    let start = balance(&w, Chain::Eth).await;
    // One worker per chain; each one's payouts one at a time, so that its
    // chain's balance says what its own payout did.
    let amounts = ["10.10", "0.01", "7.5", "100", "3.333333"];
    let mut workers = Vec::new();
    for (i, chain) in Chain::ALL.into_iter().enumerate() {
        let w = w.clone();
        let url = sandbox.url();
        workers.push(tokio::spawn(async move {
            let mut outcomes = Vec::new();
            for (k, amount) in amounts.iter().enumerate() {
                let payout = Payout::new(
                    Amount::new(amount).unwrap(),
                    format!("0xFAKErecipient{i}{k}"),
                    chain,
                );
                let before = balance(&w, chain).await;
                // Faults for whoever sends next: this payout, another
                // worker's, or a balance read.
                let fault = match (i + k) % 3 {
                    0 => r#"{"dropNext": 1}"#,
                    1 => r#"{"truncateNext": 1}"#,
                    _ => "{}",
                };
                if fault != "{}" {
                    let url = url.clone();
                    tokio::task::spawn_blocking(move || {
                        ureq::post(format!("{url}/__sandbox/faults"))
                            .header("content-type", "application/json")
                            .send(fault)
                            .unwrap();
                    })
                    .await
                    .unwrap();
                }
                outcomes.push(pay_once(&w, &payout, before).await);
            }
            (chain, outcomes)
        }));
    }
    let mut unknown = 0;
    let spent = amounts
        .iter()
        .map(|a| Balance::new(a).unwrap())
        .fold(Balance::ZERO, |sum, a| sum.checked_add(a).unwrap());
    for worker in workers {
        let (chain, outcomes) = worker.await.unwrap();
        assert_eq!(outcomes.len(), amounts.len());
        unknown += outcomes.iter().filter(|o| **o != Paid::Sent).count();
        assert_eq!(
            balance(&w, chain).await,
            start.checked_sub(spent).unwrap(),
            "{chain}: every payout once"
        );
    }
    faults(&sandbox, "{}");
    eprintln!("{unknown} of {} payouts reconciled", 7 * amounts.len());
}
