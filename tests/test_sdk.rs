//! Mileston's own SDKs, unchanged, against the sandbox: the backend SDK
//! (`mileston-payments`) makes every call it has, the checkout SDK
//! (`mileston-payment-client`) runs its checkout functions for each kind of
//! payment, before and after payment. The packages are the ones
//! `tests/sdk/package-lock.json` pins, installed with `npm ci` outside the
//! source tree (`target/tmp/sdk-node`, re-used while the lockfile is
//! unchanged); `tests/sdk/*.mjs` drive them and report what each call
//! returned or threw. This file asserts on those reports and on the
//! sandbox's request log.
//!
//! Needs Node.js (18 or later) and npm (10 or later): without them it fails,
//! it does not skip.

#[path = "sdk/harness.rs"]
mod harness;

use harness::{keys, run, tool_version};
use mileston_sandbox::{Sandbox, keys};
use serde_json::{Value, json};

#[test]
fn a_missing_tool_is_a_failure_that_names_it() {
    let e = tool_version("mileston-no-such-tool").unwrap_err();
    assert!(e.contains("cannot run `mileston-no-such-tool`"), "{e}");
}

#[test]
fn the_backend_sdk_makes_every_call_against_the_sandbox() {
    let sandbox = Sandbox::start().expect("sandbox");
    let r = run("backend.mjs", &sandbox);

    // Payment links: create (three amount forms), get, list, update, delete.
    let created = r.ok("paymentLink.create");
    assert_eq!(
        keys(created),
        ["message", "paymentData", "paymentLink", "statusCode"]
    );
    assert_eq!(created["statusCode"], 201);
    assert_eq!(created["message"], "Payment link created");
    let id = created["paymentData"]["paymentLinkId"].as_str().unwrap();
    assert_eq!(
        created["paymentLink"],
        format!("https://checkout.mileston.co/payment-link/{id}")
    );
    assert_eq!(created["paymentData"]["title"], "Coffee");
    assert_eq!(created["paymentData"]["env"], "test");
    assert_eq!(
        r.ok("paymentLink.create amount 1")["paymentData"]["amount"],
        "1"
    );
    let half = r.ok("paymentLink.create amount 0.5");
    assert_eq!(half["paymentData"]["amount"], "0.5");
    let got = r.ok("paymentLink.get");
    assert_eq!(got["paymentLink"], created["paymentLink"]);
    assert_eq!(got["paymentData"], created["paymentData"]);
    let list = r.ok("paymentLink.getAll");
    assert_eq!(keys(list), ["message", "paymentData", "statusCode"]);
    let listed: Vec<&Value> = list["paymentData"].as_array().unwrap().iter().collect();
    assert_eq!(listed.len(), 2, "getAll(2): {list}");
    assert_eq!(
        listed[0]["paymentLinkId"], half["paymentData"]["paymentLinkId"],
        "newest first"
    );
    let updated = r.ok("paymentLink.update");
    assert_eq!(updated["paymentData"]["amount"], "120.50");
    assert_eq!(updated["paymentData"]["title"], "Latte");
    assert_eq!(updated["paymentData"]["description"], "A cup");
    assert_eq!(updated["paymentLink"], created["paymentLink"]);
    assert_eq!(
        *r.ok("paymentLink.delete"),
        json!({"statusCode": 200, "message": "Payment link deleted"})
    );

    // Refusals: the SDK throws the answer's `message`.
    assert_eq!(
        r.refused("paymentLink.get deleted"),
        format!("payment link {id} not found")
    );
    assert_eq!(
        r.refused("paymentLink.create bad amount"),
        r#"`amount` must be a decimal string like "100.00", "1" or "0.5""#
    );
    assert_eq!(
        r.refused("paymentLink.create zero amount"),
        "`amount` must be greater than zero"
    );
    assert_eq!(
        r.refused("paymentLink.update unknown"),
        "payment link pl_999999 not found"
    );
    assert_eq!(
        r.refused("paymentLink.delete unknown"),
        "payment link pl_999999 not found"
    );
    assert_eq!(
        r.refused("paymentLink.create with checkout key"),
        "a checkout key cannot call backend endpoints: create payments on your server with \
         the normal API key"
    );
    assert_eq!(
        r.refused("paymentLink.getAll with another business"),
        format!(
            "this API key does not belong to business {}",
            keys::OTHER_BUSINESS_ID
        )
    );

    // Invoices: a `Date` goes out with milliseconds; dates come back so.
    let invoice = r.ok("invoice.create");
    assert_eq!(
        keys(invoice),
        ["invoiceData", "invoiceLink", "message", "statusCode"]
    );
    let inv = invoice["invoiceData"]["invoiceId"].as_str().unwrap();
    assert_eq!(
        invoice["invoiceLink"],
        format!("https://checkout.mileston.co/invoice/{inv}")
    );
    assert_eq!(
        invoice["invoiceData"]["dueDate"],
        "2026-12-31T00:00:00.000Z"
    );
    assert_eq!(invoice["invoiceData"]["businessName"], "Acme Ltd");
    assert_eq!(invoice["invoiceData"]["status"], "pending");
    assert_eq!(r.ok("invoice.get")["invoiceData"], invoice["invoiceData"]);
    assert_eq!(
        r.ok("invoice.getAll")["invoiceData"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let inv_up = r.ok("invoice.update");
    assert_eq!(inv_up["invoiceData"]["itemName"], "Gadget");
    assert_eq!(inv_up["invoiceData"]["dueDate"], "2027-01-15T12:00:00.000Z");
    assert_eq!(r.ok("invoice.delete")["message"], "Invoice deleted");
    assert_eq!(
        r.refused("invoice.get deleted"),
        format!("invoice {inv} not found")
    );
    assert_eq!(
        r.refused("invoice.create bad email"),
        r#"`customerEmail` must be an e-mail address, like "customer@example.com""#
    );

    // Recurring payments: `recurringPaymentData`, no link, optional fields kept.
    let rec = r.ok("recurring.create");
    assert_eq!(keys(rec), ["message", "recurringPaymentData", "statusCode"]);
    let data = &rec["recurringPaymentData"];
    assert_eq!(
        data["subscriberWalletAddress"],
        "0x00000000000000000000000000000000005a0001"
    );
    assert_eq!(data["currentPaymentStatus"], "unpaid");
    assert_eq!(data["recurringDate"], "2027-01-01T00:00:00.000Z");
    assert_eq!(data["recurringInterval"], 30);
    assert_eq!(data["addPdf"], false);
    let minimal = &r.ok("recurring.create minimal")["recurringPaymentData"];
    assert_eq!(
        minimal["addPdf"], true,
        "Mileston's SDK: addPdf defaults to true"
    );
    assert!(
        minimal.get("subscriberWalletAddress").is_none(),
        "{minimal}"
    );
    let rec_id = data["recurringPaymentId"].as_str().unwrap();
    assert_eq!(r.ok("recurring.get")["recurringPaymentData"], *data);
    assert_eq!(
        r.ok("recurring.getAll")["recurringPaymentData"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let rec_up = &r.ok("recurring.update")["recurringPaymentData"];
    assert_eq!(rec_up["recurringInterval"], 365);
    assert_eq!(rec_up["currentPaymentStatus"], "paid");
    assert_eq!(
        r.ok("recurring.delete")["message"],
        "Recurring payment deleted"
    );
    assert_eq!(
        r.refused("recurring.get deleted"),
        format!("recurring payment {rec_id} not found")
    );
    assert_eq!(
        r.refused("recurring.create bad interval"),
        "`recurringInterval` must be a whole number of days from 1 to 3650"
    );

    // What went over the wire: the list with axios's trailing slash, `{}`
    // bodies on GET and DELETE, `Content-Type` everywhere, the member order.
    let list_req = r.request("paymentLink.getAll");
    assert_eq!(list_req["method"], "GET");
    assert_eq!(list_req["path"], "/payment-link/");
    assert_eq!(list_req["query"], "limit=2");
    assert_eq!(list_req["body"], "{}");
    assert_eq!(list_req["contentType"], "application/json");
    assert_eq!(list_req["apikey"], "normal");
    assert_eq!(list_req["businessid"], keys::BUSINESS_ID);
    let delete_req = r.request("paymentLink.delete");
    assert_eq!(delete_req["method"], "DELETE");
    assert_eq!(delete_req["path"], format!("/payment-link/delete/{id}"));
    assert_eq!(delete_req["body"], "{}");
    let create_req = r.request("invoice.create");
    assert_eq!(create_req["path"], "/invoice/create");
    assert_eq!(create_req["query"], "businessName=Acme%20Ltd");
    assert_eq!(
        create_req["body"],
        r#"{"amount":"99.99","itemName":"Widget","customerEmail":"customer@example.com","dueDate":"2026-12-31T00:00:00.000Z","addPdf":true}"#
    );
    assert_eq!(
        create_req["members"],
        json!(["amount", "itemName", "customerEmail", "dueDate", "addPdf"])
    );
    let update_req = r.request("recurring.update");
    assert_eq!(update_req["method"], "PATCH");
    assert_eq!(update_req["path"], "/recurring-payment/update");
    for (name, c) in &r.calls {
        assert_eq!(c["sent"], 1, "{name}: every backend call is one request");
        assert!(
            r.log[&c["firstSeq"].as_u64().unwrap()]["headers"]
                .as_array()
                .unwrap()
                .iter()
                .all(|h| h != "x-request-signature"),
            "{name}: only the wallet API signs"
        );
    }
}

#[test]
fn the_checkout_sdk_reads_saves_and_verifies_each_kind_before_and_after_payment() {
    let sandbox = Sandbox::start().expect("sandbox");
    let r = run("checkout.mjs", &sandbox);

    // The functions ran from the package's own build and touched none of the
    // dependencies the harness stands in for.
    assert_eq!(
        r.all["bundleFiles"],
        json!(["node_modules/mileston-payment-client/dist/index.mjs"])
    );
    assert_eq!(r.all["touchedDependencies"], json!([]));

    let awaiting = r#"Payment Verification Failed: {"message":"Still awaiting payment","error":"Bad Request","statusCode":400}"#;
    for (kind, link_key, data_key, status_key, pending, paid) in [
        (
            "invoice",
            Some("invoiceLink"),
            "invoiceData",
            "status",
            "pending",
            "paid",
        ),
        (
            "payment-link",
            Some("paymentLink"),
            "paymentData",
            "status",
            "pending",
            "paid",
        ),
        (
            "recurring",
            None,
            "recurringPaymentData",
            "currentPaymentStatus",
            "unpaid",
            "paid",
        ),
    ] {
        let before = r.ok(&format!("{kind}: fetchPayment before"));
        let mut expected = vec!["message", "statusCode", data_key];
        expected.extend(link_key);
        expected.sort_unstable();
        assert_eq!(keys(before), expected, "{kind}");
        assert_eq!(before[data_key][status_key], pending, "{kind}");
        assert_eq!(
            *r.ok(&format!("{kind}: savePayment")),
            json!({"statusCode": 201, "message": "Payment saved"}),
            "{kind}"
        );
        assert_eq!(
            r.ok(&format!("{kind}: fetchPayment after"))[data_key][status_key],
            paid,
            "{kind}: a saved payment is paid"
        );

        assert_eq!(
            r.refused(&format!("{kind}: verifyPaymentWithWallet before")),
            awaiting,
            "{kind}: the bytes Mileston's QR component compares"
        );
        assert_eq!(
            *r.ok(&format!("{kind}: verifyPaymentWithWallet after")),
            json!({"statusCode": 200, "message": "Payment verified"}),
            "{kind}"
        );
        assert_eq!(
            r.ok(&format!("{kind}: fetchPayment after QR"))[data_key][status_key],
            paid,
            "{kind}"
        );
        assert_eq!(
            r.request(&format!("{kind}: verifyPaymentWithWallet before"))["status"],
            400
        );
    }

    // The deposit wallets (QR flow) and the sub-wallet (recipient addresses).
    let evm = r.ok("invoice: getPaymentWallet evm")["publicKey"]
        .as_str()
        .unwrap();
    assert!(evm.starts_with("0x") && evm.len() == 42, "{evm}");
    let sui = r.ok("payment-link: getPaymentWallet sui")["publicKey"]
        .as_str()
        .unwrap();
    assert!(sui.starts_with("0x") && sui.len() == 66, "{sui}");
    let solana = r.ok("recurring: getPaymentWallet solana")["publicKey"]
        .as_str()
        .unwrap();
    assert!((32..=44).contains(&solana.len()), "{solana}");
    let wallet_req = r.request("invoice: getPaymentWallet evm");
    assert_eq!(wallet_req["path"], "/checkout/payment-wallet/evm");
    let merchant = r.ok("fetchSubWallets")["data"]["address"]["eth"]
        .as_str()
        .unwrap();
    assert_eq!(
        wallet_req["query"],
        format!("evmChain=pol&env=test&merchant={merchant}")
    );
    let sub = r.ok("fetchSubWallets");
    assert_eq!(sub["data"]["type"], "all");
    assert_eq!(
        keys(&sub["data"]["address"]),
        ["arb", "avax", "base", "eth", "pol", "solana", "sui"]
    );
    let sub_req = r.request("fetchSubWallets");
    assert_eq!(
        sub_req["path"],
        "/checkout/sub-wallets/sandbox-subwallet-0001"
    );
    assert_eq!(sub_req["env"], "test");
    assert_eq!(sub_req["apikey"], "checkout");
    assert_eq!(
        r.refused("fetchSubWallets unknown"),
        r#"{"message":"sub-wallet no-such-wallet not found","error":"Not Found","statusCode":404}"#
    );

    // Mileston's SDK refuses an EVM verification without evmChain before
    // sending anything.
    let c = r.call("invoice: verifyPaymentWithWallet without evmChain");
    assert_eq!(c["ok"], false);
    assert_eq!(
        c["error"],
        "evmChain and walletAddress are required for EVM QR payment verification"
    );
    assert_eq!(c["sent"], 0);

    // What went over the wire.
    let read = r.request("payment-link: fetchPayment before");
    assert_eq!(read["method"], "GET");
    assert!(
        read["path"]
            .as_str()
            .unwrap()
            .starts_with("/checkout/data/paymentlink.get/pl_"),
        "{read}"
    );
    assert_eq!(read["contentType"], "application/json");
    assert_eq!(read["body"], Value::Null);
    let save = r.request("payment-link: savePayment");
    assert!(
        save["path"] == "/checkout/save-payment/paymentlink.save"
            && save["query"] == "nativeTokens=SOL",
        "{save}"
    );
    assert_eq!(
        save["members"],
        json!([
            "paymentLinkId",
            "payer",
            "recipientWalletAddress",
            "amount",
            "userUUID",
            "transactionSignature",
            "feeSignature",
            "chain",
            "env",
            "subWalletUuid"
        ])
    );
    let verify = r.request("invoice: verifyPaymentWithWallet before");
    assert_eq!(verify["path"], "/checkout/verify-payment/invoice.save");
    assert_eq!(verify["query"], Value::Null);
    assert_eq!(
        verify["members"],
        json!([
            "paymentLinkId",
            "publicKey",
            "amount",
            "recipientWalletAddress",
            "chain",
            "env",
            "userUUID",
            "token",
            "evmChain",
            "walletAddress"
        ])
    );
    assert_eq!(verify["json"]["publicKey"], evm);

    // Refusals the checkout page shows.
    assert_eq!(
        r.refused("fetchPayment unknown"),
        "invoice inv_999999 not found"
    );
    assert_eq!(
        r.refused("fetchPayment with a normal key of another business"),
        format!(
            "this API key does not belong to business {}",
            keys::OTHER_BUSINESS_ID
        )
    );
    assert_eq!(
        r.refused("savePayment bad amount"),
        r#"`amount` must be a decimal string like "100.00", "1" or "0.5""#
    );
    assert_eq!(
        r.refused("getPaymentWallet unknown type"),
        r#"Failed to fetch wallet: {"message":"unknown wallet type `bitcoin`: use `sui`, `evm` or `solana`","error":"Not Found","statusCode":404}"#
    );
}
