//! The wallet handle end to end over real HTTP on loopback, against the
//! embedded sandbox (an independent implementation that checks every
//! signature over the raw body): every call, the bytes each put on the wire,
//! refusals before sending, and the rule that money never moves twice (no
//! retry of a payout after a dropped connection, a timeout or a 429; the
//! unknown-outcome error). Keys and secrets are the sandbox's documented
//! fakes.
#![cfg(all(feature = "http", not(target_arch = "wasm32")))]

use std::time::Duration;

use mileston_config::credentials::{BusinessId, NormalKey, WalletSecret};
use mileston_config::types::{Amount, Balance, Chain};
use mileston_config::wallet::{
    BatchPayout, NewSubWallet, Payout, Source, TransactionStatus, WalletType,
};
use mileston_config::{Error, Test, WalletClient};
use mileston_sandbox::{Sandbox, keys};
use serde_json::Value;

fn wallet_with(sandbox: &Sandbox, secret: &str) -> WalletClient<Test> {
    WalletClient::new(
        NormalKey::parse(keys::API_KEY).unwrap(),
        BusinessId::new(keys::BUSINESS_ID).unwrap(),
        WalletSecret::new(secret).unwrap(),
    )
    .with_base_url(&sandbox.url())
    .unwrap()
}

fn wallet(sandbox: &Sandbox) -> WalletClient<Test> {
    wallet_with(sandbox, keys::WALLET_SECRET)
}

fn amount(s: &str) -> Amount {
    Amount::new(s).unwrap()
}

/// The reference's example payout (its signed bytes are a test vector).
fn payout() -> Payout {
    Payout::new(
        amount("100.00"),
        "0x742d35Cc6634C0532925a3b8D4C9db96C4b4d8b6",
        Chain::Eth,
    )
}
const PAYOUT_BYTES: &str = r#"{"amount":"100.00","recipientAddress":"0x742d35Cc6634C0532925a3b8D4C9db96C4b4d8b6","walletType":"eth"}"#;

fn control(sandbox: &Sandbox, path: &str, body: Option<&str>) -> Value {
    let url = format!("{}/__sandbox/{path}", sandbox.url());
    let mut reply = match body {
        Some(b) => ureq::post(url)
            .header("content-type", "application/json")
            .send(b)
            .unwrap(),
        None if path.starts_with("transactions/") => ureq::post(url).send_empty().unwrap(),
        None => ureq::get(url)
            .header("apikey", keys::API_KEY)
            .header("businessid", keys::BUSINESS_ID)
            .call()
            .unwrap(),
    };
    serde_json::from_str(&reply.body_mut().read_to_string().unwrap()).unwrap()
}

fn requests(sandbox: &Sandbox) -> u64 {
    control(sandbox, "requests", None)["total"]
        .as_u64()
        .unwrap()
}

/// The request log's entries after `since`.
fn log_since(sandbox: &Sandbox, since: u64) -> Vec<Value> {
    control(sandbox, &format!("requests/log?since={since}"), None)["requests"]
        .as_array()
        .unwrap()
        .clone()
}

/// Neither the key's body nor any piece of the signing secret in what the
/// user sees of an error.
fn assert_no_secret(e: &Error) {
    for text in [e.to_string(), format!("{e:?}")] {
        for secret in [&keys::API_KEY[14..], "FAKE-wallet", "secret-0001"] {
            assert!(!text.contains(secret), "{text}");
        }
    }
}

async fn eth_balance(w: &WalletClient<Test>) -> String {
    let wallets = w.get_all_wallets().await.unwrap();
    let eth = wallets.iter().find(|w| w.blockchain == "eth").unwrap();
    eth.balance.to_string()
}

#[tokio::test]
async fn every_call_against_the_sandbox_with_the_bytes_it_sends() {
    let sandbox = Sandbox::start().unwrap();
    let w = wallet(&sandbox);
    let start = requests(&sandbox);

    // 1. The main wallet, then a payout from it.
    let wallets = w.get_all_wallets().await.unwrap();
    assert_eq!(wallets.len(), 7);
    assert_eq!(
        (wallets[1].id.as_str(), wallets[1].blockchain.as_str()),
        ("2", "eth")
    );
    assert_eq!(
        wallets[1].balance.to_string(),
        "1000",
        "a JSON number, read exactly"
    );
    let sent = w.send_payment(&payout()).await.unwrap();
    assert_eq!(sent.message, "Payment sent successfully");
    let tx = sent.transaction_uuid.clone().expect("the sandbox names it");
    assert_eq!(eth_balance(&w).await, "900");

    // 2. Its status, pending then completed.
    let status = w.get_transaction_status(&tx).await.unwrap();
    assert_eq!(status.status, TransactionStatus::Pending);
    assert_eq!(status.amount.as_str(), "100.00");
    assert_eq!(status.wallet_type, WalletType::Chain(Chain::Eth));
    assert_eq!(status.signature, None);
    control(&sandbox, &format!("transactions/{tx}/complete"), None);
    let status = w.get_transaction_status(&tx).await.unwrap();
    assert_eq!(status.status, TransactionStatus::Completed);
    assert!(status.signature.unwrap().starts_with("0x"));

    // 3. Sub-wallets: without and with a UUID, read, listed, spent from, deleted.
    let created = w.create_sub_wallet().await.unwrap();
    assert!(created.uuid.starts_with("sw_"), "{}", created.uuid);
    assert!(created.recovery_phrase.expose_secret().contains("fake"));
    assert!(!format!("{created:?}").contains("fake"));
    let chain = w
        .create_new_sub_wallet(&NewSubWallet::new("custom-uuid-123", Chain::Sui))
        .await
        .unwrap();
    assert_eq!(chain.wallet_type, WalletType::Chain(Chain::Sui));
    assert_eq!((chain.address.len(), chain.balance), (66, Balance::ZERO));
    let seeded = w.get_sub_wallet("sandbox-subwallet-0001").await.unwrap();
    assert_eq!(seeded.balance.to_string(), "700");
    assert_eq!(seeded.balances[&Chain::Base].to_string(), "100");
    assert_eq!(seeded.addresses.len(), 7);
    let all = w.get_all_sub_wallets().await.unwrap();
    let uuids: Vec<&str> = all.addresses.keys().map(String::as_str).collect();
    assert_eq!(
        uuids,
        [
            "custom-uuid-123",
            "sandbox-subwallet-0001",
            created.uuid.as_str()
        ]
    );
    assert_eq!(all.addresses["custom-uuid-123"][&Chain::Sui], chain.address);
    let from_sub = Payout::new(amount("40"), "0xc", Chain::Base);
    let sent = w
        .send_funds("sandbox-subwallet-0001", &from_sub)
        .await
        .unwrap();
    assert_eq!(sent.message, "Funds sent successfully");
    let after = w.get_sub_wallet("sandbox-subwallet-0001").await.unwrap();
    assert_eq!(after.balances[&Chain::Base].to_string(), "60");
    w.delete_sub_wallet("custom-uuid-123").await.unwrap();
    let gone = w.get_sub_wallet("custom-uuid-123").await.unwrap_err();
    assert_eq!(
        gone,
        Error::Status {
            status: 404,
            message: "sub-wallet custom-uuid-123 not found".into()
        }
    );

    // 4. A batch: one transaction per recipient.
    let mut batch = BatchPayout::new(Chain::Eth);
    batch
        .push("0xa", amount("1.00"))
        .push("0xb", amount("2.00"));
    let sent = w.batch_payment(&batch).await.unwrap();
    assert_eq!(sent.message, "Batch payment processed successfully");
    assert_eq!(sent.transaction_uuids.len(), 2);
    let second = w
        .get_transaction_status(&sent.transaction_uuids[1])
        .await
        .unwrap();
    assert_eq!(
        (second.recipient_address.as_str(), second.amount.as_str()),
        ("0xb", "2.00")
    );
    assert_eq!(eth_balance(&w).await, "897");

    // What went over the wire: each call once, its path, `{}` where there is
    // no payload, the payout as the reference's signed bytes, and a signature
    // header on every call (the sandbox refuses a wrong one with 401).
    let log = log_since(&sandbox, start);
    let seen: Vec<(String, String, String)> = log
        .iter()
        .map(|e| {
            let read_after_delete =
                e["path"] == "/user/sub-wallet/custom-uuid-123" && e["method"] == "GET";
            let expected: &[u64] = if read_after_delete {
                &[404]
            } else {
                &[200, 201]
            };
            assert!(expected.contains(&e["status"].as_u64().unwrap()), "{e}");
            assert!(
                e["headers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|h| h == "x-request-signature"),
                "{e}"
            );
            assert_eq!(e["contentType"], "application/json");
            assert_eq!(e["apikey"], "normal");
            (
                e["method"].as_str().unwrap().to_owned(),
                e["path"].as_str().unwrap().to_owned(),
                e["body"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let at = |method: &str, path: &str| -> Vec<&str> {
        seen.iter()
            .filter(|(m, p, _)| m == method && p == path)
            .map(|(_, _, b)| b.as_str())
            .collect()
    };
    assert_eq!(at("POST", "/user/send-payment"), [PAYOUT_BYTES]);
    assert_eq!(at("POST", "/user/sub-wallet"), ["{}"]);
    assert_eq!(
        at("POST", "/user/sub-wallet/create"),
        [r#"{"subWalletUuid":"custom-uuid-123","walletType":"sui"}"#]
    );
    assert_eq!(at("GET", "/user/all-wallets"), ["{}", "{}", "{}"]);
    assert_eq!(at("GET", "/user/sub-wallet/all"), ["{}"]);
    assert_eq!(at("DELETE", "/user/sub-wallet/custom-uuid-123"), ["{}"]);
    assert_eq!(at("GET", "/user/sub-wallet/custom-uuid-123"), ["{}"]);
    assert_eq!(
        at("POST", "/user/sub-wallet/sandbox-subwallet-0001/send"),
        [r#"{"amount":"40","recipientAddress":"0xc","walletType":"base"}"#]
    );
    assert_eq!(
        at("POST", "/user/batch-payment"),
        [r#"{"recipients":["0xa","0xb"],"amounts":["1.00","2.00"],"walletType":"eth"}"#]
    );
    assert_eq!(
        at("GET", &format!("/user/transaction-status/{tx}")),
        ["{}", "{}"]
    );
    assert_eq!(seen.len(), 16, "each call once: {seen:?}");
}

#[tokio::test]
async fn a_wrong_secret_is_refused_and_never_shown() {
    let sandbox = Sandbox::start().unwrap();
    let w = wallet_with(&sandbox, keys::OTHER_WALLET_SECRET);
    let e = w.send_payment(&payout()).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "the Mileston API answered HTTP 401: invalid `x-request-signature`: it is not the \
         HMAC-SHA256 of this request's body keyed with this business's wallet signing secret; \
         sign the exact bytes you send, with the secret issued with this API key"
    );
    assert!(!e.is_outcome_unknown());
    assert_no_secret(&e);
    assert!(!format!("{w:?}").contains("wallet-secret"), "{w:?}");
    // A read is refused the same way, and not retried (401 is not transient).
    let before = requests(&sandbox);
    let e = w.get_all_wallets().await.unwrap_err();
    assert_eq!(e.status(), Some(401));
    assert_eq!(requests(&sandbox), before + 1);
    assert_eq!(eth_balance(&wallet(&sandbox)).await, "1000");
}

#[tokio::test]
async fn a_payout_is_never_sent_twice() {
    let sandbox = Sandbox::start().unwrap();
    let w = wallet(&sandbox).with_retry_delay(Duration::from_millis(10));
    let unknown = |call: &str, cause: &str| {
        format!(
            "the outcome of `{call}` is unknown ({cause}): it was not sent again, so that funds \
             never move twice; find out from the source wallet's balance before sending it \
             again"
        )
    };
    let mut batch = BatchPayout::new(Chain::Eth);
    batch.push("0xa", amount("1.00"));
    let from_sub = Payout::new(amount("1"), "0xc", Chain::Eth);

    // A dropped connection: one request each, then the unknown outcome.
    for call in [
        "POST /user/send-payment",
        "POST /user/sub-wallet/{uuid}/send",
        "POST /user/batch-payment",
    ] {
        control(&sandbox, "faults", Some(r#"{"dropNext": 1}"#));
        let before = requests(&sandbox);
        let e = match call {
            "POST /user/send-payment" => w.send_payment(&payout()).await.map(drop),
            "POST /user/batch-payment" => w.batch_payment(&batch).await.map(drop),
            _ => w
                .send_funds("sandbox-subwallet-0001", &from_sub)
                .await
                .map(drop),
        }
        .unwrap_err();
        assert_eq!(requests(&sandbox), before + 1, "{call}: sent once");
        let Error::OutcomeUnknown {
            call: named,
            cause,
            asked,
        } = &e
        else {
            panic!("{call}: {e:?}");
        };
        assert_eq!(named, call);
        // What was asked, to reconcile by: the source, the chain, each
        // recipient and amount, and when (`send_funds` once carried none).
        let asked = asked.as_deref().expect("what was asked");
        let (from, chain, payouts) = match call {
            "POST /user/send-payment" => (
                Source::MainWallet,
                Chain::Eth,
                vec![(payout().recipient_address, amount("100.00"))],
            ),
            "POST /user/batch-payment" => (
                Source::MainWallet,
                Chain::Eth,
                vec![("0xa".to_owned(), amount("1.00"))],
            ),
            _ => (
                Source::SubWallet("sandbox-subwallet-0001".to_owned()),
                Chain::Eth,
                vec![("0xc".to_owned(), amount("1"))],
            ),
        };
        assert_eq!(asked.from, from, "{call}");
        assert_eq!(asked.wallet_type, WalletType::Chain(chain), "{call}");
        assert_eq!(asked.payouts, payouts, "{call}");
        assert!(asked.sent_at.is_some(), "{call}");
        let Error::Transport { message } = &**cause else {
            panic!("{call}: {cause:?}");
        };
        assert_eq!(
            e.to_string(),
            unknown(
                call,
                &format!("could not reach the Mileston API: {message}")
            )
        );
        assert!(e.is_outcome_unknown() && !e.is_timeout() && !e.is_invalid_input());
        assert!(
            std::error::Error::source(&e).is_none(),
            "the cause is in the message"
        );
        assert_no_secret(&e);
    }
    // A read after the same fault is retried, and succeeds.
    control(&sandbox, "faults", Some(r#"{"dropNext": 1}"#));
    let before = requests(&sandbox);
    assert_eq!(eth_balance(&w).await, "1000");
    assert_eq!(requests(&sandbox), before + 2);

    // The timeout: the answer comes too late, the payout may well have gone.
    control(&sandbox, "faults", Some(r#"{"delayMs": 400}"#));
    let before = requests(&sandbox);
    let slow = w.clone().with_timeout(Duration::from_millis(100));
    let e = slow.send_payment(&payout()).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        unknown(
            "POST /user/send-payment",
            "the Mileston API did not answer within 100 ms"
        )
    );
    control(&sandbox, "faults", Some("{}"));
    assert_eq!(requests(&sandbox), before + 1);

    // 429: refused, so nothing moved. A 408 or a 5xx (a gateway's timeout,
    // a server that failed after acting) proves nothing: unknown. Neither is
    // sent again.
    for (status, proven) in [
        (429, true),
        (408, false),
        (500, false),
        (503, false),
        (504, false),
    ] {
        let fault = format!(r#"{{"failNext": 1, "failStatus": {status}}}"#);
        control(&sandbox, "faults", Some(&fault));
        let before = requests(&sandbox);
        let e = w.send_payment(&payout()).await.unwrap_err();
        match (&e, proven) {
            (Error::Status { status: s, .. }, true) => assert_eq!(*s, status),
            (Error::OutcomeUnknown { call, cause, .. }, false) => {
                assert_eq!(call, "POST /user/send-payment");
                assert_eq!(cause.status(), Some(status));
            }
            _ => panic!("{status}: {e:?}"),
        }
        assert_eq!(requests(&sandbox), before + 1, "{status}: sent once");
        assert_no_secret(&e);
        // A read is retried past the same answer (but a 408's).
        control(&sandbox, "faults", Some(&fault));
        let before = requests(&sandbox);
        let read = w.get_all_sub_wallets().await;
        match status {
            408 => assert_eq!(
                (read.unwrap_err().status(), requests(&sandbox)),
                (Some(408), before + 1)
            ),
            _ => assert_eq!((read.is_ok(), requests(&sandbox)), (true, before + 2)),
        }
    }
}

#[tokio::test]
async fn refused_before_anything_is_sent() {
    let sandbox = Sandbox::start().unwrap();
    let w = wallet(&sandbox);
    let before = requests(&sandbox);
    let mut batch = BatchPayout::new(Chain::Eth);
    batch.recipients = vec!["0xa".into(), "0xb".into()];
    batch.amounts = vec![amount("1.00")];
    let e = w.batch_payment(&batch).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid `amounts`: it must have exactly one amount for each of `recipients`, in the \
         same order"
    );
    assert!(e.is_invalid_input());
    let e = w
        .send_payment(&Payout::new(amount("1"), "0xa ", Chain::Eth))
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid `recipientAddress`: it has whitespace or a control character (copied with a \
         newline?)"
    );
    for e in [
        w.get_sub_wallet("").await.unwrap_err(),
        w.send_funds("..", &payout()).await.unwrap_err(),
        w.get_transaction_status("").await.unwrap_err(),
    ] {
        assert!(e.is_invalid_input(), "{e}");
    }
    assert_eq!(requests(&sandbox), before, "nothing was sent");

    // What the sandbox says about the same mismatch, had it been sent.
    let e = w
        .send_payment(&Payout::new(amount("5000"), "0xa", Chain::Sui))
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "the Mileston API answered HTTP 400: insufficient funds: the main wallet holds 1000.00 \
         on sui, 5000.00 requested"
    );
}

#[tokio::test]
async fn a_handle_built_without_keys_sends_nothing() {
    use mileston_config::__private::{Injected, Slot, Value, build};
    let sandbox = Sandbox::start().unwrap();
    let base = Box::leak(sandbox.url().into_boxed_str());
    let w: WalletClient<Test> = build(&Injected {
        business_id: Value::Placeholder,
        base_url: Some(base),
        allow_live_base_url: false,
        secrets: &[
            (Slot::Backend, Value::Placeholder),
            (Slot::Wallet, Value::Placeholder),
        ],
    });
    let before = requests(&sandbox);
    assert_eq!(w.send_payment(&payout()).await.unwrap_err(), Error::NoKeys);
    assert_eq!(w.get_all_wallets().await.unwrap_err(), Error::NoKeys);
    assert_eq!(requests(&sandbox), before);
}
