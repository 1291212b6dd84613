//! The wallet models without the network: the exact bytes each body is
//! written as (the reference's signed examples), the checks before sending
//! with their texts, and the reading of every answer form the docs show.

use super::answers::{
    BatchSent, ChainWallet, CreatedSubWallet, Sent, SubWallet, SubWallets, Transaction,
    TransactionStatus, bare_or_in_data, in_data_or_bare, wallets,
};
use super::requests::{BatchPayout, NewSubWallet, Payout};
use super::{Chain, WalletType};
use crate::models::decode::{Context, Invalid};
use crate::models::input::{Body, InputError};
use crate::models::values::Amount;

fn amount(s: &str) -> Amount {
    Amount::new(s).unwrap()
}

pub(crate) fn bytes(body: &impl serde::Serialize) -> String {
    String::from_utf8(serde_json::to_vec(body).unwrap()).unwrap()
}

fn cx() -> Context {
    Context::default()
}

#[test]
fn bodies_are_written_in_the_sdks_member_order() {
    let all = Payout::new(amount("1"), "0xa", WalletType::All);
    assert_eq!(
        bytes(&all),
        r#"{"amount":"1","recipientAddress":"0xa","walletType":"all"}"#
    );
    let names: Vec<&str> = Chain::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(
        names,
        ["sui", "eth", "avax", "pol", "base", "arb", "solana"]
    );
    for c in Chain::ALL {
        assert_eq!(bytes(&c), format!("\"{c}\""));
        assert_eq!(bytes(&WalletType::from(c)), format!("\"{c}\""));
    }
}

#[test]
fn refused_before_sending_with_these_texts() {
    let mut batch = BatchPayout::new(Chain::Pol);
    batch.push("0xa", amount("1.00"));
    batch.recipients.push("0xb".into());
    let e = batch.check().unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid `amounts`: it must have exactly one amount for each of `recipients`, in the \
         same order"
    );
    batch.amounts.push(amount("2"));
    batch.amounts.push(amount("3"));
    assert_eq!(
        batch.check().unwrap_err().to_string(),
        "invalid `amounts`: it must have exactly one amount for each of `recipients`, in the \
         same order"
    );
    batch.amounts.pop();
    assert_eq!(batch.check(), Ok(()));
    assert_eq!(
        BatchPayout::new(Chain::Eth)
            .check()
            .unwrap_err()
            .to_string(),
        "invalid `recipients`: it is empty: a batch pays at least one recipient"
    );
    batch.recipients[1] = "0xb\n".into();
    assert_eq!(
        batch.check().unwrap_err().to_string(),
        "invalid `recipients`: it has whitespace or a control character (copied with a newline?)"
    );
    assert_eq!(
        Payout::new(amount("1"), "", Chain::Eth).check(),
        Err(InputError::new("recipientAddress", "it is empty"))
    );
    assert_eq!(
        NewSubWallet::new("..", Chain::Sui)
            .check()
            .unwrap_err()
            .to_string(),
        "invalid `subWalletUuid`: it is empty, `.` or `..`, which cannot name a sub-wallet in a \
         path"
    );
}

#[test]
fn answers_are_read_bare_or_enveloped() {
    let bare = r#"{"type":"all","address":{"sui":"0xs","eth":"0xe","btc":"x"},"balance":"150.50","balances":{"sui":"50.00","eth":"100.50"}}"#;
    let enveloped = format!(r#"{{"statusCode":200,"message":"ok","data":{bare}}}"#);
    for json in [bare, &enveloped] {
        let w: SubWallet = bare_or_in_data(json.as_bytes(), &mut cx()).unwrap();
        assert_eq!(w.balance.to_string(), "150.5");
        assert_eq!(w.addresses.len(), 2, "an unknown chain is skipped");
        assert_eq!(w.addresses[&Chain::Eth], "0xe");
        assert_eq!(w.balances[&Chain::Sui].to_string(), "50");
    }

    let all = r#"{"type":"all","address":{"u1":{"eth":"0x1"},"u2":{"sui":"0x2"}},"balance":"3","balances":{"u1":{"eth":"1"},"u2":{"sui":"2"}}}"#;
    let all_enveloped = format!(r#"{{"statusCode":200,"message":"ok","data":{all}}}"#);
    for json in [all, &all_enveloped] {
        let w: SubWallets = in_data_or_bare(json.as_bytes(), &mut cx()).unwrap();
        assert_eq!(w.balance.to_string(), "3");
        assert_eq!(w.addresses["u2"][&Chain::Sui], "0x2");
        assert_eq!(w.balances["u1"][&Chain::Eth].to_string(), "1");
    }

    let created = r#"{"publicKey":"0xp","uuid":"u","recoveryPhrase":"sandbox fake words"}"#;
    let c: CreatedSubWallet = bare_or_in_data(created.as_bytes(), &mut cx()).unwrap();
    assert_eq!(c.recovery_phrase.expose_secret(), "sandbox fake words");
    let shown = format!("{c:?} {}", c.recovery_phrase);
    assert!(!shown.contains("fake words"), "{shown}");
    assert!(shown.contains("RecoveryPhrase(<redacted>)"), "{shown}");

    let chain: ChainWallet = bare_or_in_data(
        br#"{"type":"sui","address":"0xs","balance":"0"}"#,
        &mut cx(),
    )
    .unwrap();
    assert_eq!(chain.wallet_type, WalletType::Chain(Chain::Sui));

    // `GET /all-wallets`: `walletData`, balances and IDs as numbers.
    let w = wallets(
        br#"{"statusCode":200,"message":"m","walletData":[{"id":1,"blockchain":"eth","address":"0xe","balance":1000.5},{"id":"2","blockchain":"sui","address":"0xs","balance":"0"}]}"#,
        &mut cx(),
    )
    .unwrap();
    assert_eq!(
        (w[0].id.as_str(), w[0].balance.to_string()),
        ("1", "1000.5".into())
    );
    assert_eq!(
        (w[1].id.as_str(), w[1].balance.to_string()),
        ("2", "0".into())
    );
}

#[test]
fn missing_and_bad_members_are_named() {
    for json in [
        r#"{"statusCode":200,"data":{"balance":"1"}}"#,
        r#"{"statusCode":200,"balance":"1"}"#,
    ] {
        let e = bare_or_in_data::<SubWallet>(json.as_bytes(), &mut cx());
        assert_eq!(
            e.err().map(|e| e.to_string()).as_deref(),
            Some("missing member `address`"),
            "{json}"
        );
    }
    let e = wallets(br#"{"statusCode":200}"#, &mut cx());
    assert_eq!(
        e.err().map(|e| e.to_string()).as_deref(),
        Some("missing member `walletData` (or `data`)")
    );
    for odd in [r#"{"id":true}"#, r#"{"balance":-1}"#] {
        let json = format!(r#"{{"walletData":[{odd}]}}"#);
        let e = wallets(json.as_bytes(), &mut cx());
        assert_eq!(e.err(), Some(Invalid::Shape), "{odd}");
    }
    let tx = |status: &str, wallet: &str| {
        format!(
            r#"{{"statusCode":200,"message":"m","data":{{"transactionUUID":"tx_1","status":"{status}","amount":"5.00","recipientAddress":"0xa","walletType":"{wallet}","createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z"}}}}"#
        )
    };
    let t: Transaction = in_data_or_bare(tx("Completed", "eth").as_bytes(), &mut cx()).unwrap();
    // The same transaction without the envelope.
    let bare = tx("completed", "eth");
    let bare = &bare[bare.find(r#""data":"#).unwrap() + 7..bare.len() - 1];
    assert_eq!(
        in_data_or_bare::<Transaction>(bare.as_bytes(), &mut cx()),
        Ok(t.clone())
    );
    assert_eq!(t.status, TransactionStatus::Completed);
    assert!(t.status.is_final());
    assert_eq!(t.signature, None);
    for (status, wallet, message) in [
        (
            "settled",
            "eth",
            "`status`: it is not `pending`, `completed`, `failed` or `cancelled`",
        ),
        (
            "pending",
            "btc",
            "`walletType`: it is not one of `sui`, `eth`, `avax`, `pol`, `base`, `arb`, \
             `solana`, `all`",
        ),
    ] {
        let e = in_data_or_bare::<Transaction>(tx(status, wallet).as_bytes(), &mut cx());
        assert_eq!(e.err().map(|e| e.to_string()).as_deref(), Some(message));
    }
}

#[test]
fn sends_are_read_whatever_else_the_answer_holds() {
    for (json, message, uuid) in [
        (
            r#"{"statusCode":200,"message":"Payment sent successfully"}"#,
            "Payment sent successfully",
            None,
        ),
        (
            r#"{"statusCode":200,"message":"m","transactionUUID":"tx_1"}"#,
            "m",
            Some("tx_1"),
        ),
        (
            r#"{"statusCode":200,"message":"m","data":{"transactionUUID":"tx_2"}}"#,
            "m",
            Some("tx_2"),
        ),
        (
            r#"{"message":5,"data":"odd","transactionUUID":null}"#,
            "",
            None,
        ),
        ("{}", "", None),
    ] {
        let sent = Sent::from_json(json.as_bytes(), &mut cx()).unwrap();
        assert_eq!(
            (sent.message.as_str(), sent.transaction_uuid.as_deref()),
            (message, uuid),
            "{json}"
        );
    }
    let batch = BatchSent::from_json(
        br#"{"statusCode":200,"message":"b","data":{"transactionUUIDs":["t1","t2"]}}"#,
        &mut cx(),
    )
    .unwrap();
    assert_eq!(batch.transaction_uuids, ["t1", "t2"]);
    let batch =
        BatchSent::from_json(br#"{"statusCode":200,"message":"b","data":{}}"#, &mut cx()).unwrap();
    assert!(batch.transaction_uuids.is_empty());
    assert_eq!(Sent::from_json(b"not json", &mut cx()), Err(Invalid::Shape));
}
