//! Mileston's backend SDK's `Wallet` class (`mileston-payments@0.2.3`,
//! unchanged, installed as `tests/test_sdk.rs` installs it) against the
//! sandbox's wallet API: every method succeeds with the tenant's signing
//! secret, another tenant's secret is refused, and the sandbox's refusals
//! reach the SDK's caller as its `message`. Then this crate's `WalletClient`
//! makes the same calls against a fresh sandbox and must put the same bytes
//! on the wire (method, path, body, the headers that matter), which, the
//! signature being an HMAC of those bytes that the sandbox checks, means the
//! same signatures.
//!
//! Needs Node.js (18 or later) and npm (10 or later): without them it fails,
//! it does not skip.

#[path = "sdk/harness.rs"]
mod harness;

use harness::{keys, run};
use mileston_config::credentials::{BusinessId, NormalKey, WalletSecret};
use mileston_config::types::{Amount, Chain};
use mileston_config::wallet::{BatchPayout, NewSubWallet, Payout};
use mileston_config::{Test, WalletClient};
use mileston_sandbox::{Sandbox, keys as tenants};
use serde_json::{Value, json};

/// What the sandbox answers when the signature was made with another secret.
const WRONG_SECRET: &str = "invalid `x-request-signature`: it is not the HMAC-SHA256 of this \
     request's body keyed with this business's wallet signing secret; sign the exact bytes you \
     send, with the secret issued with this API key";

/// The SDK's calls that succeed, in the order `tests/sdk/wallet.mjs` makes them.
const CALLS: [&str; 12] = [
    "getAllWallets",
    "sendPayment",
    "getTransactionStatus pending",
    "getTransactionStatus completed",
    "createSubWallet",
    "createNewSubWallet",
    "getSubWallet",
    "getAllSubWallets",
    "sendFunds",
    "batchPayment",
    "deleteSubWallet",
    "getAllWallets after",
];

#[test]
fn the_wallet_class_makes_every_call_with_the_tenants_secret() {
    let sandbox = Sandbox::start().expect("sandbox");
    let r = run("wallet.mjs", &sandbox);
    // The script ran to its end: the twelve calls and five refusals.
    assert_eq!(r.all["calls"].as_array().unwrap().len(), 17);

    let wallets = r.ok("getAllWallets");
    assert_eq!(keys(wallets), ["message", "statusCode", "walletData"]);
    assert_eq!(wallets["walletData"][1]["blockchain"], "eth");
    assert_eq!(wallets["walletData"][1]["balance"], 1000);
    let sent = r.ok("sendPayment");
    let tx = sent["transactionUUID"].as_str().unwrap();
    assert_eq!(
        *sent,
        json!({"statusCode": 200, "message": "Payment sent successfully", "transactionUUID": tx})
    );
    let pending = &r.ok("getTransactionStatus pending")["data"];
    assert_eq!(pending["status"], "pending");
    assert_eq!(pending["amount"], "100.00");
    assert_eq!(
        pending["recipientAddress"],
        "0x742d35Cc6634C0532925a3b8D4C9db96C4b4d8b6"
    );
    let completed = &r.ok("getTransactionStatus completed")["data"];
    assert_eq!(completed["status"], "completed");
    assert!(completed["signature"].as_str().unwrap().starts_with("0x"));
    assert_eq!(
        keys(r.ok("createSubWallet")),
        ["publicKey", "recoveryPhrase", "uuid"]
    );
    let created = r.ok("createNewSubWallet");
    assert_eq!(keys(created), ["address", "balance", "type"]);
    assert_eq!(created["type"], "sui");
    let one = r.ok("getSubWallet");
    assert_eq!(one["type"], "all");
    assert_eq!(one["address"]["sui"], created["address"]);
    let all = r.ok("getAllSubWallets");
    assert_eq!(keys(all), ["data", "message", "statusCode"]);
    assert_eq!(all["data"]["balance"], "700.00");
    assert_eq!(r.ok("sendFunds")["message"], "Funds sent successfully");
    let batch = r.ok("batchPayment");
    assert_eq!(batch["message"], "Batch payment processed successfully");
    assert_eq!(
        batch["data"]["transactionUUIDs"].as_array().unwrap().len(),
        2
    );
    assert_eq!(
        *r.ok("deleteSubWallet"),
        json!({"statusCode": 200, "message": "Sub-wallet deleted successfully", "data": {}})
    );
    assert_eq!(r.ok("getAllWallets after")["walletData"][1]["balance"], 897);

    // Refusals, as the SDK's caller sees them.
    assert_eq!(
        r.refused("sendPayment with another tenant's secret"),
        WRONG_SECRET
    );
    assert_eq!(
        r.refused("getAllWallets with another tenant's secret"),
        WRONG_SECRET
    );
    assert_eq!(
        r.refused("batchPayment with fewer amounts"),
        "`amounts` must have one amount for each of `recipients`: 2 recipients, 1 amounts"
    );
    assert_eq!(
        r.refused("sendPayment over the balance"),
        "insufficient funds: the main wallet holds 897.00 on eth, 5000.00 requested"
    );
    assert_eq!(
        r.refused("getSubWallet deleted"),
        "sub-wallet custom-uuid-123 not found"
    );
    assert_eq!(
        r.request("sendPayment with another tenant's secret")["status"],
        401
    );

    // Every call is one signed request; `{}` where there is no payload.
    for name in CALLS {
        let req = r.request(name);
        assert!(
            req["headers"]
                .as_array()
                .unwrap()
                .iter()
                .any(|h| h == "x-request-signature"),
            "{name}: {req}"
        );
        assert!(req["path"].as_str().unwrap().starts_with("/user/"), "{req}");
    }
    assert_eq!(r.request("createSubWallet")["body"], "{}");
    assert_eq!(r.request("getAllSubWallets")["body"], "{}");
    assert_eq!(r.request("deleteSubWallet")["body"], "{}");
    assert_eq!(
        r.request("sendPayment")["body"],
        r#"{"amount":"100.00","recipientAddress":"0x742d35Cc6634C0532925a3b8D4C9db96C4b4d8b6","walletType":"eth"}"#
    );
}

/// What two clients' requests must share: everything but transport details
/// (`user-agent`, `accept`, `connection`, ...).
fn essentials(entry: &Value) -> Value {
    let header = |name: &str| {
        entry["headers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h == name)
    };
    json!({
        "method": entry["method"],
        "path": entry["path"],
        "query": entry["query"],
        "body": entry["body"],
        "contentType": entry["contentType"],
        "apikey": entry["apikey"],
        "businessid": entry["businessid"],
        "signed": header("x-request-signature"),
        "status": entry["status"],
    })
}

#[test]
fn our_client_sends_the_bytes_the_wallet_class_sends() {
    let sdk_sandbox = Sandbox::start().expect("sandbox");
    let sdk = run("wallet.mjs", &sdk_sandbox);

    let sandbox = Sandbox::start().expect("sandbox");
    let w = WalletClient::<Test>::new(
        NormalKey::parse(tenants::API_KEY).unwrap(),
        BusinessId::new(tenants::BUSINESS_ID).unwrap(),
        WalletSecret::new(tenants::WALLET_SECRET).unwrap(),
    )
    .with_base_url(&sandbox.url())
    .unwrap();
    let amount = |s: &str| Amount::new(s).unwrap();
    let payout = |a: &str| {
        Payout::new(
            amount(a),
            "0x742d35Cc6634C0532925a3b8D4C9db96C4b4d8b6",
            Chain::Eth,
        )
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        w.get_all_wallets().await.unwrap();
        let tx = w.send_payment(&payout("100.00")).await.unwrap();
        let tx = tx.transaction_uuid.unwrap();
        w.get_transaction_status(&tx).await.unwrap();
        let settle = format!("{}/__sandbox/transactions/{tx}/complete", sandbox.url());
        ureq::post(settle).send_empty().unwrap();
        w.get_transaction_status(&tx).await.unwrap();
        w.create_sub_wallet().await.unwrap();
        let new = NewSubWallet::new("custom-uuid-123", Chain::Sui);
        w.create_new_sub_wallet(&new).await.unwrap();
        w.get_sub_wallet("custom-uuid-123").await.unwrap();
        w.get_all_sub_wallets().await.unwrap();
        w.send_funds("sandbox-subwallet-0001", &payout("25.00"))
            .await
            .unwrap();
        let mut batch = BatchPayout::new(Chain::Eth);
        batch
            .push("0xa", amount("1.00"))
            .push("0xb", amount("2.00"));
        w.batch_payment(&batch).await.unwrap();
        w.delete_sub_wallet("custom-uuid-123").await.unwrap();
        w.get_all_wallets().await.unwrap();
    });
    let text = ureq::get(format!("{}/__sandbox/requests/log", sandbox.url()))
        .header("apikey", tenants::API_KEY)
        .header("businessid", tenants::BUSINESS_ID)
        .call()
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap();
    let ours: Value = serde_json::from_str(&text).unwrap();
    let ours = ours["requests"].as_array().unwrap();
    assert_eq!(ours.len(), CALLS.len());
    for (name, mine) in CALLS.iter().zip(ours) {
        assert_eq!(
            essentials(mine),
            essentials(sdk.request(name)),
            "{name}: our request differs from Mileston's SDK's"
        );
    }
}
