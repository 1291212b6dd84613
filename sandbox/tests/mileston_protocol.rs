//! What Mileston's SDKs send and read, held against the sandbox byte for
//! byte where they compare bytes: member order of answers and errors, the
//! backend SDK's wire habits (trailing slash, `{}` bodies, dates with
//! milliseconds), the checkout SDK's save and verify bodies, and the wallets a
//! checkout page asks for. (`tests/test_sdk.rs` runs the SDKs themselves.)

mod common;

use common::*;
use mileston_sandbox::keys::{OTHER_BUSINESS_ID, OTHER_CHECKOUT_KEY};
use serde_json::{Value, json};

const AWAITING: &str =
    r#"{"message":"Still awaiting payment","error":"Bad Request","statusCode":400}"#;

#[test]
fn answers_and_errors_are_written_in_the_member_order_of_mileston_types() {
    let c = Client::new();
    let r = c.post("/payment-link/create", NORMAL, r#"{"amount":"1"}"#);
    assert!(
        r.text.starts_with(
            r#"{"statusCode":201,"message":"Payment link created","paymentLink":"https://checkout.mileston.co/payment-link/pl_000001","paymentData":{"paymentLinkId":"pl_000001","amount":"1","env":"test","status":"pending","createdAt":""#
        ),
        "{}",
        r.text
    );
    let list = c.get("/payment-link", NORMAL);
    assert!(
        list.text
            .starts_with(r#"{"statusCode":200,"message":"Payment links retrieved","paymentData":[{"paymentLinkId":"pl_000001","#),
        "{}",
        list.text
    );
    assert_eq!(
        c.delete("/payment-link/delete/pl_000001", NORMAL).text,
        r#"{"statusCode":200,"message":"Payment link deleted"}"#
    );
    assert_eq!(
        c.get("/payment-link/pl_000001", NORMAL).text,
        r#"{"message":"payment link pl_000001 not found","error":"Not Found","statusCode":404}"#
    );
    let link = c.new_link(NORMAL);
    // The one error Mileston's checkout SDK compares as text.
    let v = c.post(
        "/checkout/verify-payment/paymentlink.save",
        CHECKOUT,
        &verify_body(&link),
    );
    assert_eq!((v.status, v.text.as_str()), (400, AWAITING));
    let inv = c.new_invoice(NORMAL);
    let r = c.get(&format!("/checkout/data/invoice.get/{inv}"), CHECKOUT);
    assert!(
        r.text.starts_with(&format!(
            r#"{{"statusCode":200,"message":"Payment retrieved","invoiceLink":"https://checkout.mileston.co/invoice/{inv}","invoiceData":{{"invoiceId":"{inv}","amount":"99.99","itemName":"Widget","customerEmail":"c@example.com","dueDate":"2026-12-31T00:00:00.000Z","status":"pending","env":"test","addPdf":false,"businessName":"Acme","createdAt":"#
        )),
        "{}",
        r.text
    );
}

#[test]
fn the_backend_sdk_wire_habits_are_accepted() {
    let c = Client::new();
    let id = c.new_link(NORMAL);
    let json_type = [("content-type", "application/json")];
    // axios: `/payment-link/?limit=N`, and `{}` with every GET and DELETE.
    let list = c.send(
        "GET",
        "/payment-link/?limit=1",
        NORMAL,
        Some("{}"),
        &json_type,
    );
    assert_eq!(list.status, 200, "{}", list.text);
    assert_eq!(list.json()["paymentData"][0]["paymentLinkId"], id.as_str());
    let get = c.send(
        "GET",
        &format!("/payment-link/{id}"),
        NORMAL,
        Some("{}"),
        &json_type,
    );
    assert_eq!(get.status, 200, "{}", get.text);
    let del = c.send(
        "DELETE",
        &format!("/payment-link/delete/{id}"),
        NORMAL,
        Some("{}"),
        &json_type,
    );
    assert_eq!(del.status, 200, "{}", del.text);
    assert_eq!(
        c.get("/invoice/?limit=5", NORMAL).json()["invoiceData"],
        json!([])
    );

    // A JavaScript `Date` goes out as `2026-12-31T00:00:00.000Z`; every ISO
    // form is read, and written back as JavaScript writes it.
    for (sent, kept) in [
        ("2026-12-31T00:00:00.000Z", "2026-12-31T00:00:00.000Z"),
        ("2026-12-31", "2026-12-31T00:00:00.000Z"),
        ("2026-12-31T10:00:00+02:00", "2026-12-31T08:00:00.000Z"),
        ("2026-12-31T23:59:59.999999Z", "2026-12-31T23:59:59.999Z"),
    ] {
        let r = c.post(
            "/invoice/create?businessName=Acme",
            NORMAL,
            &json!({"amount": "1", "itemName": "x", "customerEmail": "a@b.co", "dueDate": sent})
                .to_string(),
        );
        assert_eq!(r.status, 201, "{sent}: {}", r.text);
        assert_eq!(r.json()["invoiceData"]["dueDate"], kept, "{sent}");
    }
    let inv = c.new_invoice(NORMAL);
    let up = c.patch(
        "/invoice/update",
        NORMAL,
        &json!({"invoiceId": inv, "dueDate": "2027-03-01T12:30:00.000Z"}).to_string(),
    );
    assert_eq!(
        up.json()["invoiceData"]["dueDate"],
        "2027-03-01T12:30:00.000Z"
    );
    // Mileston's docs send `customerEmail` with a payment link; accepted.
    let r = c.post(
        "/payment-link/create",
        NORMAL,
        r#"{"amount":"100.00","description":"Premium","customerEmail":"customer@example.com"}"#,
    );
    assert_eq!(r.status, 201, "{}", r.text);
}

#[test]
fn amounts_in_every_form_mileston_shows_are_kept_as_sent() {
    let c = Client::new();
    for amount in ["1", "0.5", "100.00", "1.234567", "250"] {
        let r = c.post(
            "/payment-link/create",
            NORMAL,
            &json!({ "amount": amount }).to_string(),
        );
        assert_eq!(r.status, 201, "{amount}: {}", r.text);
        assert_eq!(r.json()["paymentData"]["amount"], amount);
    }
}

#[test]
fn recurring_payments_take_mileston_optional_fields() {
    let c = Client::new();
    let body = |extra: Value| {
        let mut b = json!({
            "amount": "5.00", "subscriptionName": "Pro", "subscriberFullName": "Ada Lovelace",
            "subscriberEmail": "ada@example.com", "recurringDate": "2027-01-01T00:00:00.000Z",
            "recurringInterval": 30
        });
        b.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        b.to_string()
    };
    let r = c.post(
        "/recurring-payment/create?businessName=Acme",
        NORMAL,
        &body(json!({"subscriberWalletAddress": "0xabc", "currentPaymentStatus": "paid", "addPdf": false})),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    let data = &r.json()["recurringPaymentData"];
    assert_eq!(data["subscriberWalletAddress"], "0xabc");
    assert_eq!(data["currentPaymentStatus"], "paid");
    assert_eq!(data["addPdf"], false);
    let id = data["recurringPaymentId"].as_str().unwrap();
    // Created paid: verify agrees.
    let v = c.post(
        "/checkout/verify-payment/recurring.save",
        CHECKOUT,
        &verify_body(id),
    );
    assert_eq!(v.status, 200, "{}", v.text);

    let up = c.patch(
        "/recurring-payment/update",
        NORMAL,
        &json!({"recurringPaymentId": id, "currentPaymentStatus": "unpaid",
                "subscriberWalletAddress": "0xdef", "addPdf": true})
        .to_string(),
    );
    assert_eq!(up.status, 200, "{}", up.text);
    let d = &up.json()["recurringPaymentData"];
    assert_eq!(
        (
            &d["currentPaymentStatus"],
            &d["subscriberWalletAddress"],
            &d["addPdf"]
        ),
        (&json!("unpaid"), &json!("0xdef"), &json!(true))
    );
    let m = c
        .post(
            "/recurring-payment/create?businessName=Acme",
            NORMAL,
            &body(json!({"currentPaymentStatus": "done"})),
        )
        .error(400);
    assert_eq!(m, "`currentPaymentStatus` must be one of `paid`, `unpaid`");
}

#[test]
fn save_payment_takes_mileston_save_payment_input_and_nothing_else() {
    let c = Client::new();
    let id = c.new_invoice(NORMAL);
    let path = "/checkout/save-payment/invoice.save";
    let with = |f: &dyn Fn(&mut serde_json::Map<String, Value>)| {
        let mut b: Value = serde_json::from_str(&save_body(&id, "99.99")).unwrap();
        f(b.as_object_mut().unwrap());
        b.to_string()
    };
    // The old, made-up body.
    let m = c
        .post(
            path,
            CHECKOUT,
            &json!({"id": id, "amount": "1"}).to_string(),
        )
        .error(400);
    assert!(m.contains("unknown field `id`"), "{m}");
    let m = c
        .post(path, CHECKOUT, &with(&|b| drop(b.remove("payer"))))
        .error(400);
    assert!(m.contains("missing field `payer`"), "{m}");
    for (field, value, message) in [
        (
            "chain",
            "bitcoin",
            "`chain` must be one of `avax`, `pol`, `base`, `eth`, `arb`, `sui`, `solana`",
        ),
        ("env", "live", "`env` must be one of `test`, `prod`"),
        ("userUUID", " ", "`userUUID` must not be empty"),
        (
            "subWalletUuid",
            "sandbox-subwallet-0002",
            "`subWalletUuid`: no sub-wallet sandbox-subwallet-0002 in this business",
        ),
    ] {
        let m = c
            .post(
                path,
                CHECKOUT,
                &with(&|b| drop(b.insert(field.into(), json!(value)))),
            )
            .error(400);
        assert_eq!(m, message, "{field}");
    }
    let m = c
        .post(
            &format!("{path}?nativeTokens=BTC"),
            CHECKOUT,
            &with(&|_| ()),
        )
        .error(400);
    assert_eq!(
        m,
        "`nativeTokens` must be one of `ETH`, `POL`, `AVAX`, `SOL`"
    );
    // Nothing refused made the invoice paid.
    assert_eq!(
        c.get(&format!("/invoice/{id}"), NORMAL).json()["invoiceData"]["status"],
        "pending"
    );
    // The EVM flow's body: fee signature, sub-wallet, native token.
    let evm = with(&|b| {
        b.insert("chain".into(), json!("base"));
        b.insert("feeSignature".into(), json!("0xfee"));
        b.insert("subWalletUuid".into(), json!("sandbox-subwallet-0001"));
    });
    let r = c.post(&format!("{path}?nativeTokens=ETH"), CHECKOUT, &evm);
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(
        c.get(&format!("/invoice/{id}"), NORMAL).json()["invoiceData"]["status"],
        "paid"
    );
    // An unknown payment is 404, whatever the kind.
    c.post(
        "/checkout/save-payment/recurring.save",
        CHECKOUT,
        &save_body(&id, "1"),
    )
    .error(404);
}

#[test]
fn verify_payment_takes_mileston_payment_dto() {
    let c = Client::new();
    let id = c.new_link(NORMAL);
    let path = "/checkout/verify-payment/paymentlink.save";
    let dto = |f: &dyn Fn(&mut serde_json::Map<String, Value>)| {
        let mut b: Value = serde_json::from_str(&verify_body(&id)).unwrap();
        f(b.as_object_mut().unwrap());
        b.to_string()
    };
    // EVM chains need `evmChain` and `walletAddress` (Mileston's SDK checks too).
    let evm = dto(&|b| drop(b.insert("chain".into(), json!("eth"))));
    assert_eq!(
        c.post(path, CHECKOUT, &evm).error(400),
        "evmChain and walletAddress are required for EVM QR payment verification"
    );
    let evm = dto(&|b| {
        b.insert("chain".into(), json!("eth"));
        b.insert("evmChain".into(), json!("eth"));
        b.insert("walletAddress".into(), json!("0x5ad001"));
        b.insert("customerInformation".into(), json!("order 42"));
        b.insert("token".into(), json!("ETH"));
    });
    let r = c.post(&format!("{path}?nativeTokens=ETH"), CHECKOUT, &evm);
    assert_eq!((r.status, r.text.as_str()), (400, AWAITING));
    let m = c
        .post(
            path,
            CHECKOUT,
            &dto(&|b| drop(b.insert("token".into(), json!("DOGE")))),
        )
        .error(400);
    assert_eq!(
        m,
        "`token` must be one of `USDC`, `USDT`, `AVAX`, `ETH`, `POL`, `SOL`"
    );
    let m = c
        .post(path, CHECKOUT, &dto(&|b| drop(b.remove("publicKey"))))
        .error(400);
    assert!(m.contains("missing field `publicKey`"), "{m}");
    // Verifying never pays.
    assert_eq!(
        c.get(&format!("/payment-link/{id}"), NORMAL).json()["paymentData"]["status"],
        "pending"
    );
}

#[test]
fn checkout_pages_get_deposit_wallets_and_sub_wallets() {
    let c = Client::new();
    let evm = c.get(
        "/checkout/payment-wallet/evm?evmChain=base&env=test&merchant=0xabc",
        CHECKOUT,
    );
    assert_eq!(evm.status, 200, "{}", evm.text);
    assert_eq!(keys_of(&evm.json()), ["message", "publicKey", "statusCode"]);
    let key = evm.json()["publicKey"].as_str().unwrap().to_string();
    assert!(key.starts_with("0x") && key.len() == 42, "{key}");
    // One deposit address for every EVM chain, another business has its own.
    assert_eq!(
        c.get("/checkout/payment-wallet/evm?evmChain=arb", CHECKOUT)
            .json()["publicKey"],
        key.as_str()
    );
    let theirs = c.get(
        "/checkout/payment-wallet/evm",
        auth(OTHER_CHECKOUT_KEY, OTHER_BUSINESS_ID),
    );
    assert_ne!(theirs.json()["publicKey"], key.as_str());
    for (kind, len) in [("sui", 66), ("solana", 44)] {
        let r = c.get(&format!("/checkout/payment-wallet/{kind}"), CHECKOUT);
        assert_eq!(r.json()["publicKey"].as_str().unwrap().len(), len, "{kind}");
    }
    assert_eq!(
        c.get("/checkout/payment-wallet/evm?evmChain=btc", CHECKOUT)
            .error(400),
        "`evmChain` must be one of `eth`, `avax`, `pol`, `base`, `arb`"
    );
    c.get("/checkout/payment-wallet/bitcoin", CHECKOUT)
        .error(404);
    c.get("/checkout/payment-wallet/sui", NONE).error(401);

    // Sub-wallets: the `env` header is required.
    let path = "/checkout/sub-wallets/sandbox-subwallet-0001";
    assert_eq!(
        c.get(path, CHECKOUT).error(400),
        "missing `env` header: send `env: test` or `env: prod`"
    );
    let r = c.send("GET", path, CHECKOUT, None, &[("env", "test")]);
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(keys_of(&r.json()), ["data", "message", "statusCode"]);
    let data = &r.json()["data"];
    assert_eq!(keys_of(data), ["address", "balance", "balances", "type"]);
    assert_eq!(data["type"], "all");
    assert_eq!(
        keys_of(&data["address"]),
        ["arb", "avax", "base", "eth", "pol", "solana", "sui"]
    );
    let other = c.send(
        "GET",
        "/checkout/sub-wallets/sandbox-subwallet-0002",
        CHECKOUT,
        None,
        &[("env", "test")],
    );
    assert_eq!(
        other.error(404),
        "sub-wallet sandbox-subwallet-0002 not found"
    );

    // A payment paid into a sub-wallet says so when read.
    let r = c.post(
        "/payment-link/create",
        NORMAL,
        r#"{"amount":"3","subWalletUuid":"sandbox-subwallet-0001"}"#,
    );
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json()["paymentData"]["paymentLinkId"]
        .as_str()
        .unwrap()
        .to_string();
    let read = c.get(&format!("/checkout/data/paymentlink.get/{id}"), CHECKOUT);
    assert_eq!(
        read.json()["paymentData"]["subWalletUuid"],
        "sandbox-subwallet-0001"
    );
    assert_eq!(
        read.json()["paymentData"]["subWalletUserName"],
        "sandbox-customer-1"
    );
    let m = c
        .post(
            "/invoice/create?businessName=A",
            NORMAL,
            &json!({"amount": "1", "itemName": "x", "customerEmail": "a@b.co",
                    "dueDate": "2026-12-31", "subWalletUuid": "nope"})
            .to_string(),
        )
        .error(400);
    assert_eq!(m, "`subWalletUuid`: no sub-wallet nope in this business");
}
