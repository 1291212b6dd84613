//! The wallet API (`/user`) over real HTTP: every endpoint's answer as bytes
//! or members, the balances that sends move, transactions from `pending` to
//! `completed` or `failed`, the refusals (400 insufficient funds or batch
//! mismatch, 404, 409), and the signature check (401) in its place among
//! the authentication rules. Requests are signed here with `hmac` directly.

mod common;

use common::*;
use hmac::{Hmac, Mac};
use mileston_sandbox::keys::{OTHER_WALLET_SECRET, WALLET_SECRET};
use serde_json::{Value, json};
use sha2::Sha256;

fn signature(secret: &str, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A wallet call as Mileston's SDK sends it: `body` (`{}` without a
/// payload), signed with `secret`.
fn wallet(c: &Client, method: &str, path: &str, who: Auth<'_>, secret: &str, body: &str) -> Reply {
    let sig = signature(secret, body);
    c.send(
        method,
        path,
        who,
        Some(body),
        &[("x-request-signature", &sig)],
    )
}

fn call(c: &Client, method: &str, path: &str, body: &str) -> Reply {
    wallet(c, method, path, NORMAL, WALLET_SECRET, body)
}

fn ok(r: Reply, status: u16) -> Value {
    assert_eq!(r.status, status, "{}", r.text);
    r.json()
}

fn main_balance(c: &Client, chain: &str) -> Value {
    let all = ok(call(c, "GET", "/user/all-wallets", "{}"), 200);
    all["walletData"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["blockchain"] == chain)
        .unwrap()["balance"]
        .clone()
}

fn settle(c: &Client, uuid: &str, outcome: &str) -> Reply {
    c.post(
        &format!("/__sandbox/transactions/{uuid}/{outcome}"),
        NONE,
        "",
    )
}

const PAYOUT: &str = r#"{"amount":"100.00","recipientAddress":"0x742d35Cc6634C0532925a3b8D4C9db96C4b4d8b6","walletType":"eth"}"#;

#[test]
fn a_payout_debits_the_main_wallet_and_settles_through_the_control() {
    let c = Client::new();
    let all = call(&c, "GET", "/user/all-wallets", "{}");
    assert_eq!(all.status, 200, "{}", all.text);
    let first = &all.json()["walletData"][0];
    assert_eq!(
        first.to_string(),
        format!(
            r#"{{"address":"{}","balance":1000,"blockchain":"sui","id":1}}"#,
            first["address"].as_str().unwrap()
        )
    );
    assert!(all.text.starts_with(
        r#"{"statusCode":200,"message":"Wallets retrieved successfully","walletData":[{"id":1,"blockchain":"sui","address":"0x"#
    ));
    assert_eq!(all.json()["walletData"].as_array().unwrap().len(), 7);

    let sent = call(&c, "POST", "/user/send-payment", PAYOUT);
    assert_eq!(sent.status, 200, "{}", sent.text);
    let uuid = sent.json()["transactionUUID"].as_str().unwrap().to_string();
    assert_eq!(
        sent.text,
        format!(
            r#"{{"statusCode":200,"message":"Payment sent successfully","transactionUUID":"{uuid}"}}"#
        )
    );
    assert_eq!(main_balance(&c, "eth"), json!(900));
    assert_eq!(main_balance(&c, "sui"), json!(1000));

    let path = format!("/user/transaction-status/{uuid}");
    let status = ok(call(&c, "GET", &path, "{}"), 200);
    assert_eq!(
        status["message"],
        "Transaction status retrieved successfully"
    );
    let data = &status["data"];
    assert_eq!(
        keys_of(data),
        [
            "amount",
            "createdAt",
            "recipientAddress",
            "status",
            "transactionUUID",
            "updatedAt",
            "walletType"
        ]
    );
    assert_eq!(data["status"], "pending");
    assert_eq!(data["amount"], "100.00");
    assert_eq!(data["walletType"], "eth");
    assert!(is_timestamp(&data["createdAt"]));

    let done = ok(settle(&c, &uuid, "complete"), 200);
    assert_eq!(done["message"], "Transaction completed");
    let data = &ok(call(&c, "GET", &path, "{}"), 200)["data"];
    assert_eq!(data["status"], "completed");
    let hash = data["signature"].as_str().unwrap();
    assert!(hash.starts_with("0x") && hash.len() == 66, "{hash}");
    assert_eq!(main_balance(&c, "eth"), json!(900), "completed: spent");
    assert_eq!(
        settle(&c, &uuid, "fail").error(409),
        format!("transaction {uuid} is already completed")
    );

    // A failed transaction gives the funds back.
    let half = r#"{"amount":"24.5","recipientAddress":"0xb","walletType":"eth"}"#;
    let sent = ok(call(&c, "POST", "/user/send-payment", half), 200);
    assert_eq!(main_balance(&c, "eth"), json!(875.5));
    let uuid = sent["transactionUUID"].as_str().unwrap();
    assert_eq!(
        ok(settle(&c, uuid, "fail"), 200)["data"]["status"],
        "failed"
    );
    assert_eq!(main_balance(&c, "eth"), json!(900));

    assert_eq!(
        settle(&c, "tx_999999", "complete").error(404),
        "transaction tx_999999 not found"
    );
    assert_eq!(
        settle(&c, uuid, "undo").error(404),
        "unknown outcome `undo`: use `complete` or `fail`"
    );
}

#[test]
fn refusals_name_what_is_wrong() {
    let c = Client::new();
    let too_much = r#"{"amount":"1000.01","recipientAddress":"0xb","walletType":"avax"}"#;
    assert_eq!(
        call(&c, "POST", "/user/send-payment", too_much).error(400),
        "insufficient funds: the main wallet holds 1000.00 on avax, 1000.01 requested"
    );
    let all = r#"{"amount":"1","recipientAddress":"0xb","walletType":"all"}"#;
    assert_eq!(
        call(&c, "POST", "/user/send-payment", all).error(400),
        "`walletType` `all` names no chain to pay from: use one of `sui`, `eth`, `avax`, `pol`, \
         `base`, `arb`, `solana`"
    );
    let btc = r#"{"amount":"1","recipientAddress":"0xb","walletType":"btc"}"#;
    assert_eq!(
        call(&c, "POST", "/user/send-payment", btc).error(400),
        "`walletType` must be one of `sui`, `eth`, `avax`, `pol`, `base`, `arb`, `solana`"
    );
    let extra = r#"{"amount":"1","recipientAddress":"0xb","walletType":"eth","memo":"x"}"#;
    assert!(
        call(&c, "POST", "/user/send-payment", extra)
            .error(400)
            .contains("unknown field `memo`")
    );
    let mismatch = r#"{"recipients":["0xa","0xb"],"amounts":["1.00"],"walletType":"eth"}"#;
    assert_eq!(
        call(&c, "POST", "/user/batch-payment", mismatch).error(400),
        "`amounts` must have one amount for each of `recipients`: 2 recipients, 1 amounts"
    );
    let empty = r#"{"recipients":[],"amounts":[],"walletType":"eth"}"#;
    assert_eq!(
        call(&c, "POST", "/user/batch-payment", empty).error(400),
        "`recipients` must not be empty"
    );
    let bad = r#"{"recipients":["0xa","0xb"],"amounts":["1.00","-2"],"walletType":"eth"}"#;
    assert_eq!(
        call(&c, "POST", "/user/batch-payment", bad).error(400),
        r#"`amounts[1]` must be a decimal string like "100.00", "1" or "0.5""#
    );
    // All or none: a batch over the balance moves nothing.
    let over = r#"{"recipients":["0xa","0xb"],"amounts":["600","600"],"walletType":"pol"}"#;
    assert_eq!(
        call(&c, "POST", "/user/batch-payment", over).error(400),
        "insufficient funds: the main wallet holds 1000.00 on pol, 1200.00 requested"
    );
    assert_eq!(main_balance(&c, "pol"), json!(1000));
    assert_eq!(
        call(&c, "GET", "/user/transaction-status/tx_000404", "{}").error(404),
        "transaction tx_000404 not found"
    );
    assert_eq!(
        call(&c, "GET", "/user/sub-wallet/nope", "{}").error(404),
        "sub-wallet nope not found"
    );
}

#[test]
fn a_batch_pays_each_recipient_as_its_own_transaction() {
    let c = Client::new();
    let batch = r#"{"recipients":["0xa","0xb"],"amounts":["1.00","2.00"],"walletType":"eth"}"#;
    let r = call(&c, "POST", "/user/batch-payment", batch);
    assert_eq!(r.status, 200, "{}", r.text);
    let uuids = r.json()["data"]["transactionUUIDs"].clone();
    assert_eq!(
        r.text,
        format!(
            r#"{{"statusCode":200,"message":"Batch payment processed successfully","data":{{"transactionUUIDs":{uuids}}}}}"#
        )
    );
    assert_eq!(main_balance(&c, "eth"), json!(997));
    for (uuid, (to, amount)) in uuids
        .as_array()
        .unwrap()
        .iter()
        .zip([("0xa", "1.00"), ("0xb", "2.00")])
    {
        let path = format!("/user/transaction-status/{}", uuid.as_str().unwrap());
        let data = &ok(call(&c, "GET", &path, "{}"), 200)["data"];
        assert_eq!(
            (data["recipientAddress"].as_str(), data["amount"].as_str()),
            (Some(to), Some(amount))
        );
        assert_eq!(data["status"], "pending");
    }
}

#[test]
fn sub_wallets_are_created_read_listed_spent_from_and_deleted() {
    let c = Client::new();
    // The tenant's seeded sub-wallet, the checkout service's.
    let r = call(&c, "GET", "/user/sub-wallet/sandbox-subwallet-0001", "{}");
    // Members in the order of Mileston's types, chains in `WalletApiType`'s.
    assert!(
        r.text.starts_with(r#"{"type":"all","address":{"sui":"0x"#),
        "{}",
        r.text
    );
    assert!(r.text.ends_with(r#""balance":"700.00","balances":{"sui":"100.00","eth":"100.00","avax":"100.00","pol":"100.00","base":"100.00","arb":"100.00","solana":"100.00"}}"#), "{}", r.text);
    let seeded = ok(r, 200);
    assert_eq!(keys_of(&seeded), ["address", "balance", "balances", "type"]);
    assert_eq!(seeded["type"], "all");
    assert_eq!(seeded["balance"], "700.00");
    assert_eq!(seeded["balances"]["eth"], "100.00");
    let checkout = c.send(
        "GET",
        "/checkout/sub-wallets/sandbox-subwallet-0001",
        CHECKOUT,
        None,
        &[("env", "test")],
    );
    assert_eq!(checkout.json()["data"]["address"], seeded["address"]);

    // Without a type: the sandbox picks the UUID.
    let r = call(&c, "POST", "/user/sub-wallet", "{}");
    let created = ok(r, 201);
    assert_eq!(keys_of(&created), ["publicKey", "recoveryPhrase", "uuid"]);
    let uuid = created["uuid"].as_str().unwrap().to_string();
    assert!(uuid.starts_with("sw_"), "{uuid}");
    assert!(created["recoveryPhrase"].as_str().unwrap().contains("fake"));

    // With the caller's UUID and a chain.
    let body = r#"{"subWalletUuid":"custom-uuid-123","walletType":"sui"}"#;
    let r = call(&c, "POST", "/user/sub-wallet/create", body);
    assert_eq!(r.status, 201, "{}", r.text);
    let address = r.json()["address"].as_str().unwrap().to_string();
    assert_eq!(address.len(), 66);
    assert_eq!(
        r.text,
        format!(r#"{{"type":"sui","address":"{address}","balance":"0.00"}}"#)
    );
    assert_eq!(
        call(&c, "POST", "/user/sub-wallet/create", body).error(409),
        "sub-wallet custom-uuid-123 already exists"
    );
    let reserved = r#"{"subWalletUuid":"all","walletType":"sui"}"#;
    assert!(
        call(&c, "POST", "/user/sub-wallet/create", reserved)
            .error(400)
            .contains("must not contain `/` nor be `.`, `..`, `all` or `create`")
    );

    // The list is in the envelope, by UUID.
    let list = ok(call(&c, "GET", "/user/sub-wallet/all", "{}"), 200);
    assert_eq!(list["message"], "Sub-wallets retrieved successfully");
    let data = &list["data"];
    assert_eq!(
        keys_of(&data["address"]),
        ["custom-uuid-123", "sandbox-subwallet-0001", uuid.as_str()]
    );
    assert_eq!(data["address"]["custom-uuid-123"]["sui"], address.as_str());
    assert_eq!(data["balance"], "700.00");

    // Spending: from the seeded one; the new ones are empty.
    let send = r#"{"amount":"40","recipientAddress":"0xc","walletType":"base"}"#;
    let sent = ok(
        call(
            &c,
            "POST",
            "/user/sub-wallet/sandbox-subwallet-0001/send",
            send,
        ),
        200,
    );
    assert_eq!(sent["message"], "Funds sent successfully");
    let after = ok(
        call(&c, "GET", "/user/sub-wallet/sandbox-subwallet-0001", "{}"),
        200,
    );
    assert_eq!(after["balances"]["base"], "60.00");
    assert_eq!(after["balance"], "660.00");
    assert_eq!(
        main_balance(&c, "base"),
        json!(1000),
        "the main wallet is untouched"
    );
    assert_eq!(
        call(&c, "POST", "/user/sub-wallet/custom-uuid-123/send", send).error(400),
        "insufficient funds: sub-wallet custom-uuid-123 holds 0.00 on base, 40.00 requested"
    );
    assert_eq!(
        call(&c, "POST", "/user/sub-wallet/missing/send", send).error(404),
        "sub-wallet missing not found"
    );

    // Deleting.
    let path = "/user/sub-wallet/custom-uuid-123";
    let r = call(&c, "DELETE", path, "{}");
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.text,
        r#"{"statusCode":200,"message":"Sub-wallet deleted successfully","data":{}}"#
    );
    assert_eq!(
        call(&c, "GET", path, "{}").error(404),
        "sub-wallet custom-uuid-123 not found"
    );
    assert_eq!(
        call(&c, "DELETE", path, "{}").error(404),
        "sub-wallet custom-uuid-123 not found"
    );

    // Another business sees none of it.
    let other = |path: &str| wallet(&c, "GET", path, OTHER, OTHER_WALLET_SECRET, "{}");
    assert_eq!(other(&format!("/user/sub-wallet/{uuid}")).status, 404);
    let tx = sent["transactionUUID"].as_str().unwrap();
    assert_eq!(other(&format!("/user/transaction-status/{tx}")).status, 404);
    let theirs = ok(other("/user/sub-wallet/all"), 200);
    assert_eq!(
        keys_of(&theirs["data"]["address"]),
        ["sandbox-subwallet-0002"]
    );
}

#[test]
fn the_signature_is_checked_after_the_key_and_before_the_body() {
    let c = Client::new();
    let missing = c.post("/user/send-payment", NORMAL, PAYOUT);
    assert_eq!(
        missing.error(401),
        "missing `x-request-signature` header: the wallet API signs every request with the \
         lowercase hex HMAC-SHA256 of its body (`{}` when there is no payload), keyed with your \
         wallet signing secret"
    );
    let wrong = "invalid `x-request-signature`: it is not the HMAC-SHA256 of this request's \
                 body keyed with this business's wallet signing secret; sign the exact bytes you \
                 send, with the secret issued with this API key";
    // Another tenant's secret, a near miss, other bytes than those sent,
    // upper-case hex, nothing.
    for (secret, signed, sent) in [
        (OTHER_WALLET_SECRET, PAYOUT, PAYOUT),
        ("sandboxFAKE-wallet-secret-000", PAYOUT, PAYOUT),
        (WALLET_SECRET, "{}", PAYOUT),
        (
            WALLET_SECRET,
            &PAYOUT.replace(":\"100.00\"", ": \"100.00\""),
            PAYOUT,
        ),
    ] {
        let sig = signature(secret, signed);
        let r = c.send(
            "POST",
            "/user/send-payment",
            NORMAL,
            Some(sent),
            &[("x-request-signature", &sig)],
        );
        assert_eq!(r.error(401), wrong);
    }
    let upper = signature(WALLET_SECRET, PAYOUT).to_ascii_uppercase();
    for sig in [upper.as_str(), ""] {
        let r = c.send(
            "POST",
            "/user/send-payment",
            NORMAL,
            Some(PAYOUT),
            &[("x-request-signature", sig)],
        );
        assert_eq!(r.error(401), wrong);
    }
    assert_eq!(
        main_balance(&c, "eth"),
        json!(1000),
        "nothing refused moved funds"
    );

    // A body-less GET is signed as `{}`; a bad body is a 400 only once signed.
    let sig = signature(WALLET_SECRET, "{}");
    let r = c.send(
        "GET",
        "/user/all-wallets",
        NORMAL,
        None,
        &[("x-request-signature", &sig)],
    );
    assert_eq!(r.status, 200, "{}", r.text);
    let r = call(&c, "POST", "/user/send-payment", "{\"amount\":");
    assert!(r.error(400).starts_with("malformed JSON"), "{}", r.text);

    // The key's rules come first: a checkout key, another business's ID.
    let r = wallet(
        &c,
        "GET",
        "/user/all-wallets",
        CHECKOUT,
        WALLET_SECRET,
        "{}",
    );
    assert!(
        r.error(403)
            .starts_with("a checkout key cannot call backend endpoints")
    );
    let mixed = auth(keys_api_key(), "biz_sandbox_0002");
    assert_eq!(
        wallet(&c, "GET", "/user/all-wallets", mixed, WALLET_SECRET, "{}").error(403),
        "this API key does not belong to business biz_sandbox_0002"
    );
    let r = c.get("/user/all-wallets", NONE);
    assert!(r.error(401).starts_with("missing `apikey` header"));

    // What the log saw: the header's name only.
    let log = c.log_since(0);
    let last = log.last().unwrap();
    assert_eq!(last["path"], "/user/all-wallets");
    let signed = log.iter().find(|e| e["status"] == 200).unwrap();
    assert!(
        signed["headers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h == "x-request-signature")
    );
}

fn keys_api_key() -> &'static str {
    mileston_sandbox::keys::API_KEY
}

#[test]
fn faults_apply_to_the_wallet_api() {
    let c = Client::new();
    c.set_faults(r#"{"failNext":1,"failStatus":429}"#);
    let r = call(&c, "POST", "/user/send-payment", PAYOUT);
    assert_eq!(
        r.error(429),
        "sandbox fault: this request was failed on purpose with 429 (failNext)"
    );
    assert_eq!(
        main_balance(&c, "eth"),
        json!(1000),
        "a failed request moves nothing"
    );
}

#[test]
fn the_binary_prints_one_line_per_tenant() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_mileston-sandbox"))
        .args(["--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the sandbox binary starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut table = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if line.starts_with("  biz_") {
            table.push(
                line.split_whitespace()
                    .map(str::to_owned)
                    .collect::<Vec<_>>(),
            );
        }
        if line.starts_with("Control:") {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let expected: Vec<Vec<String>> = mileston_sandbox::keys::TENANTS
        .iter()
        .map(|t| {
            [
                t.business_id,
                t.api_key,
                t.checkout_key,
                t.wallet_secret,
                t.webhook_token,
            ]
            .map(str::to_owned)
            .to_vec()
        })
        .collect();
    assert_eq!(table, expected);
}
