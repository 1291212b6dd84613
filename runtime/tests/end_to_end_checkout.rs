//! The checkout handle end to end over real HTTP on loopback, against the
//! embedded sandbox (`support/sandbox.rs`): the flows of Mileston's checkout
//! SDK (a wallet payment saved once settled, a QR-code payment verified
//! before and after its transfer arrives), the addresses a checkout page
//! needs, and the SDK's EVM rule, checked before anything is sent.
#![cfg(all(feature = "http", not(target_arch = "wasm32")))]

#[path = "support/sandbox.rs"]
#[allow(dead_code)] // Each test file uses its part.
mod support;

use mileston_config::backend::{NewInvoice, NewPaymentLink};
use mileston_config::checkout::{SavePayment, Verification, VerifyPayment};
use mileston_config::types::{Amount, Asset, Chain, IsoDate, PaymentKind, PaymentStatus};
use mileston_config::{BackendClient, Error, Test};
use mileston_sandbox::Sandbox;
use support::{amount, backend, checkout, control, recurring, requests, status};

/// One payment of each kind, created by the backend handle.
async fn one_of_each(b: &BackendClient<Test>) -> [(PaymentKind, &'static str, String, Amount); 3] {
    let link = b
        .create_payment_link(&NewPaymentLink::new(amount("5.00")))
        .await
        .unwrap()
        .data
        .payment_link_id;
    let new = NewInvoice::new(
        amount("7.00"),
        "Item",
        "c@example.com",
        IsoDate::new("2026-12-31").unwrap(),
    );
    let invoice = b
        .create_invoice("Acme", &new)
        .await
        .unwrap()
        .data
        .invoice_id;
    let rec = b
        .create_recurring_payment("Acme", &recurring())
        .await
        .unwrap()
        .data
        .recurring_payment_id;
    [
        (
            PaymentKind::PaymentLink,
            "paymentlink",
            link,
            amount("5.00"),
        ),
        (PaymentKind::Invoice, "invoice", invoice, amount("7.00")),
        (PaymentKind::Recurring, "recurring", rec, amount("9.99")),
    ]
}

/// The checkout flows of Mileston's checkout SDK, through the handle: a
/// wallet payment saved once settled (a save marks it paid), and a QR-code
/// payment verified before and after the transfer arrives.
#[tokio::test]
async fn checkout_reads_saves_and_verifies_what_the_backend_created() {
    let sandbox = Sandbox::start().unwrap();
    let (b, c) = (backend(&sandbox), checkout(&sandbox));
    assert!(c.health().await.unwrap().is_healthy());
    let sub = c.sub_wallet("sandbox-subwallet-0001").await.unwrap();
    let to_eth = sub.address(Chain::Eth).unwrap().to_owned();
    let to_sol = sub.address(Chain::Solana).unwrap().to_owned();
    assert_eq!(sub.kind.as_deref(), Some("all"));

    // Wallet payments: read, save once settled, read again.
    for (kind, _, id, amt) in one_of_each(&b).await {
        let p = c.get_payment(kind, &id).await.unwrap();
        assert_eq!(
            (p.kind(), p.id(), p.amount(), p.status()),
            (kind, id.as_str(), &amt, Some(PaymentStatus::Pending))
        );
        let mut save = SavePayment::new(
            id.clone(),
            "0x00000000000000000000000000000000005a0c01",
            to_eth.clone(),
            amt,
            format!("0x{}", "ab".repeat(32)),
            Chain::Base,
            Asset::Usdc,
        );
        save.fee_signature = Some(format!("0x{}", "cd".repeat(32)));
        save.sub_wallet_uuid = Some("sandbox-subwallet-0001".into());
        c.save_payment(kind, &save).await.unwrap();
        assert!(c.get_payment(kind, &id).await.unwrap().is_paid(), "{kind}");
        // Saving again changes nothing.
        c.save_payment(kind, &save).await.unwrap();
    }

    // QR-code payments: the deposit address, verify before and after.
    for (kind, pattern, id, amt) in one_of_each(&b).await {
        let (chain, token) = match kind {
            PaymentKind::Invoice => (Chain::Pol, Asset::Usdc),
            PaymentKind::PaymentLink => (Chain::Sui, Asset::Usdc),
            _ => (Chain::Solana, Asset::Sol),
        };
        let merchant = chain.evm().map(|_| to_eth.as_str());
        let deposit = c.payment_wallet(chain, merchant).await.unwrap().public_key;
        let to = if chain == Chain::Solana {
            &to_sol
        } else {
            &to_eth
        };
        let verify = VerifyPayment::new(id.clone(), deposit, amt, to.clone(), chain, token);
        assert_eq!(
            c.verify_payment(kind, &verify).await.unwrap(),
            Verification::AwaitingPayment,
            "{kind}"
        );
        control(&sandbox, &format!("pay/{pattern}/{id}"), None);
        assert_eq!(
            c.verify_payment(kind, &verify).await.unwrap(),
            Verification::Paid,
            "{kind}"
        );
        assert_eq!(
            c.get_payment(kind, &id).await.unwrap().status(),
            Some(PaymentStatus::Paid)
        );
    }

    // Mileston's SDK's rule, before sending: an EVM verification names its
    // EVM chain and wallet address.
    let before = requests(&sandbox);
    let mut verify = VerifyPayment::new(
        "inv_000001",
        "0x1",
        amount("1"),
        to_eth.clone(),
        Chain::Arb,
        Asset::Usdt,
    );
    verify.evm_chain = None;
    let e = c
        .verify_payment(PaymentKind::Invoice, &verify)
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::InvalidInput {
                field: "evmChain",
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(requests(&sandbox), before, "nothing sent");

    assert_eq!(
        status(
            &c.get_payment(PaymentKind::Invoice, "inv_999999")
                .await
                .unwrap_err()
        ),
        (404, "invoice inv_999999 not found".into())
    );
    assert_eq!(
        status(&c.sub_wallet("sandbox-subwallet-0002").await.unwrap_err()),
        (404, "sub-wallet sandbox-subwallet-0002 not found".into())
    );
}
