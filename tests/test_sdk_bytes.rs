//! The bytes this crate's handles send against the bytes Mileston's own SDKs
//! send for the same calls. `tests/sdk/bytes.mjs` makes a fixed list of
//! named calls with the SDKs (backend: every call on each resource; checkout:
//! the read, save and verify flows of each kind, the deposit address, the
//! sub-wallet, the EVM check); this test makes the same calls, under the same
//! names, through `BackendClient` and `CheckoutClient` against the same
//! sandbox, then reads the sandbox's request log and compares each request
//! of each call: method, path, query, the headers that matter (`apikey`'s
//! kind, `businessid`, `content-type`, `env`, whether `x-request-signature`
//! is there), the body byte for byte, its JSON members (names, order,
//! values), and the answer's status. IDs differ (each side pays its own
//! payments), so each is replaced by its name before comparing.
//!
//! Needs Node.js 18+ and npm 10+, as `tests/test_sdk.rs`: without them it
//! fails, it does not skip.

#[path = "sdk/harness.rs"]
#[allow(dead_code)] // The harness also serves tests/test_sdk.rs.
mod harness;

#[path = "sdk/handle_calls.rs"]
mod handle_calls;

use std::collections::BTreeMap;

use handle_calls::{Ours, our_calls};
use harness::{request_log, run};
use mileston_sandbox::Sandbox;
use serde_json::{Value, json};

/// What of a logged request must be the same for both clients, with each
/// ID replaced by its name.
fn what_matters(entry: &Value, ids: &BTreeMap<String, String>) -> Value {
    let named = |v: &Value| -> Value {
        let Some(text) = v.as_str() else {
            return v.clone();
        };
        let mut text = text.to_owned();
        for (name, id) in ids {
            text = text.replace(id.as_str(), &format!("{{{name}}}"));
        }
        Value::String(text)
    };
    let json = match &entry["json"] {
        Value::Null => Value::Null,
        j => {
            let text = named(&Value::String(j.to_string()));
            serde_json::from_str(text.as_str().unwrap()).unwrap()
        }
    };
    let headers = entry["headers"].as_array().expect("headers");
    json!({
        "method": entry["method"],
        "path": named(&entry["path"]),
        "query": named(&entry["query"]),
        "apikey": entry["apikey"],
        "businessid": entry["businessid"],
        "contentType": entry["contentType"],
        "env": entry["env"],
        "signed": headers.iter().any(|h| h == "x-request-signature"),
        "body": named(&entry["body"]),
        "members": entry["members"],
        "json": json,
        "status": entry["status"],
    })
}

/// Where two requests differ, one line per field.
fn differences(name: &str, i: u64, sdk: &Value, ours: &Value) -> Vec<String> {
    let (sdk, ours) = (sdk.as_object().unwrap(), ours.as_object().unwrap());
    sdk.iter()
        .filter(|(field, v)| ours.get(*field) != Some(*v))
        .map(|(field, v)| {
            format!(
                "{name} (request {i}) {field}: Mileston's SDK sent {v}, the handle {}",
                ours.get(field).unwrap_or(&Value::Null)
            )
        })
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn the_handles_send_the_bytes_mileston_s_sdks_send() {
    let sandbox = Sandbox::start().expect("sandbox");
    let sdk = run("bytes.mjs", &sandbox);
    let mut ours = Ours {
        sandbox: &sandbox,
        calls: Vec::new(),
        ids: BTreeMap::new(),
    };
    our_calls(&mut ours, &sandbox).await;
    let log = request_log(&sandbox);

    // The SDKs did what the script meant: every call succeeded but the
    // verifications before payment and the EVM check.
    let sdk_calls = sdk.all["calls"].as_array().expect("calls");
    for c in sdk_calls {
        let name = c["name"].as_str().unwrap();
        let refused = name.ends_with("verify before") || name.starts_with("verify on EVM");
        assert_eq!(c["ok"], !refused, "{name}: {c}");
    }
    // The same calls, in the same order, on each side's own payments.
    let names: Vec<&str> = sdk_calls
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    let our_names: Vec<&str> = ours.calls.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(our_names, names);
    let sdk_ids: BTreeMap<String, String> = serde_json::from_value(sdk.all["ids"].clone()).unwrap();
    assert_eq!(
        sdk_ids.keys().collect::<Vec<_>>(),
        ours.ids.keys().collect::<Vec<_>>()
    );

    let mut compared = 0;
    let mut diffs = Vec::new();
    for (s, o) in sdk_calls.iter().zip(&ours.calls) {
        let (first, sent) = (s["firstSeq"].as_u64().unwrap(), s["sent"].as_u64().unwrap());
        if sent != o.sent {
            diffs.push(format!(
                "{}: Mileston's SDK sent {sent} requests, the handle {}",
                o.name, o.sent
            ));
            continue;
        }
        for i in 0..sent {
            let entry = |seq: u64| {
                log.get(&seq)
                    .unwrap_or_else(|| panic!("request {seq} not logged"))
            };
            let a = what_matters(entry(first + i), &sdk_ids);
            let b = what_matters(entry(o.first + i), &ours.ids);
            diffs.extend(differences(&o.name, i, &a, &b));
            compared += 1;
        }
    }
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
    // Every call but the refused one sent exactly one request.
    assert_eq!((names.len(), compared), (43, 42));
    assert_eq!(ours.calls.last().map(|c| c.sent), Some(0));

    // What the comparison covered, spelled out for the reader.
    let request = |name: &str| {
        let c = ours.calls.iter().find(|c| c.name == name).unwrap();
        what_matters(&log[&c.first], &ours.ids)
    };
    let list = request("link.getAll");
    assert_eq!(
        (
            &list["path"],
            &list["query"],
            &list["body"],
            &list["contentType"]
        ),
        (
            &json!("/payment-link/"),
            &json!("limit=2"),
            &json!("{}"),
            &json!("application/json")
        )
    );
    assert_eq!(
        request("invoice.update")["body"],
        r#"{"invoiceId":"{invoice}","itemName":"Gadget","dueDate":"2027-01-15T12:00:00.000Z"}"#
    );
    let save = request("payment-link: savePayment");
    assert_eq!(
        (&save["path"], &save["query"]),
        (
            &json!("/checkout/save-payment/paymentlink.save"),
            &json!("nativeTokens=SOL")
        )
    );
    assert_eq!(
        request("invoice: verify before")["members"],
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
    let sub = request("fetchSubWallets");
    assert_eq!(
        (&sub["env"], &sub["body"], &sub["signed"]),
        (&json!("test"), &Value::Null, &json!(false))
    );
}

/// The comparison sees what it is meant to: a member out of order, a missing
/// header, another ID, a body where there was none.
#[test]
fn the_comparison_sees_a_difference() {
    let entry = json!({
        "method": "PATCH", "path": "/payment-link/update", "query": null,
        "headers": ["apikey", "businessid", "content-type"], "apikey": "normal",
        "businessid": "biz", "contentType": "application/json", "env": null,
        "body": r#"{"paymentLinkId":"pl_000001","title":"T"}"#,
        "members": ["paymentLinkId", "title"],
        "json": {"paymentLinkId": "pl_000001", "title": "T"}, "status": 200,
    });
    let ids = |id: &str| BTreeMap::from([("link".to_owned(), id.to_owned())]);
    let same = what_matters(&entry, &ids("pl_000001"));
    let mut other = entry.clone();
    other["body"] = json!(r#"{"paymentLinkId":"pl_000009","title":"T"}"#);
    other["json"]["paymentLinkId"] = json!("pl_000009");
    assert_eq!(
        differences("x", 0, &same, &what_matters(&other, &ids("pl_000009"))),
        Vec::<String>::new(),
        "the same call on another payment"
    );
    for (field, value, expected) in [
        (
            "body",
            json!(r#"{"title":"T","paymentLinkId":"pl_000001"}"#),
            "body",
        ),
        ("members", json!(["title", "paymentLinkId"]), "members"),
        ("contentType", Value::Null, "contentType"),
        (
            "headers",
            json!(["apikey", "x-request-signature"]),
            "signed",
        ),
        ("path", json!("/payment-link/update/"), "path"),
    ] {
        let mut changed = entry.clone();
        changed[field] = value;
        let d = differences("x", 0, &same, &what_matters(&changed, &ids("pl_000001")));
        assert_eq!(d.len(), 1, "{field}: {d:?}");
        assert!(
            d[0].starts_with(&format!("x (request 0) {expected}:")),
            "{d:?}"
        );
    }
    // Another payment's ID where this one's belongs.
    let d = differences("x", 0, &same, &what_matters(&entry, &ids("pl_000002")));
    assert!(d.iter().any(|d| d.contains(" body:")), "{d:?}");
}
