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
//! Needs Node.js (18 or later) and npm: without them it fails, it does not
//! skip.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

use mileston_sandbox::{Sandbox, keys};
use serde_json::{Value, json};

/// The harness's files that decide what `npm ci` installs.
const INSTALL_INPUTS: [&str; 5] = [
    "package.json",
    "package-lock.json",
    ".npmrc",
    "unused/package.json",
    "unused/index.js",
];

fn harness_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk")
}

/// The version `tool --version` prints, or why it cannot run.
fn tool_version(tool: &str) -> Result<String, String> {
    let out = Command::new(tool)
        .arg("--version")
        .output()
        .map_err(|e| format!("cannot run `{tool}`: {e}"))?;
    if !out.status.success() {
        return Err(format!("`{tool} --version` failed: {}", out.status));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Node.js and npm, or a failure that says how to get them.
fn require_node() {
    let help = "tests/test_sdk.rs runs Mileston's own npm packages and needs Node.js 18 or \
                later with npm (Debian: `apt-get install nodejs npm`; .ci/run installs them)";
    let node = tool_version("node").unwrap_or_else(|e| panic!("{e}: {help}"));
    let major: u32 = node
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    assert!(major >= 18, "node {node} is too old: {help}");
    tool_version("npm").unwrap_or_else(|e| panic!("{e}: {help}"));
}

/// The installed packages' directory, installed once per run and re-used
/// across runs while the install inputs are unchanged.
fn node_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        require_node();
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("sdk-node");
        let mut stamp = Vec::new();
        for f in INSTALL_INPUTS {
            let bytes = std::fs::read(harness_dir().join(f))
                .unwrap_or_else(|e| panic!("tests/sdk/{f}: {e}"));
            stamp.extend_from_slice(format!("== {f} {}\n", bytes.len()).as_bytes());
            stamp.extend_from_slice(&bytes);
        }
        let stamp_file = dir.join("installed-from");
        if std::fs::read(&stamp_file).is_ok_and(|s| s == stamp) {
            return dir;
        }
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("unused")).expect("create the install directory");
        for f in INSTALL_INPUTS {
            std::fs::copy(harness_dir().join(f), dir.join(f)).expect("copy an install input");
        }
        let start = Instant::now();
        // `--ignore-scripts`: no package runs code at install. Optional
        // dependencies stay: esbuild's binary for this platform is one.
        let out = Command::new("npm")
            .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .env("npm_config_update_notifier", "false")
            .output()
            .expect("run npm ci");
        assert!(
            out.status.success(),
            "npm ci in {} failed ({}):\n{}\n{}",
            dir.display(),
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        eprintln!(
            "installed tests/sdk's packages in {} ({:.1} s)",
            dir.display(),
            start.elapsed().as_secs_f64()
        );
        std::fs::write(&stamp_file, stamp).expect("write the install stamp");
        dir
    })
}

/// Runs `tests/sdk/<script>` against `sandbox` and returns its report.
fn run(script: &str, sandbox: &Sandbox) -> Report {
    let out = Command::new("node")
        .arg(harness_dir().join(script))
        .env("MILESTON_SANDBOX_URL", sandbox.url())
        .env("SDK_NODE_DIR", node_dir())
        .env("SANDBOX_API_KEY", keys::API_KEY)
        .env("SANDBOX_CHECKOUT_KEY", keys::CHECKOUT_KEY)
        .env("SANDBOX_BUSINESS_ID", keys::BUSINESS_ID)
        .env("SANDBOX_OTHER_BUSINESS_ID", keys::OTHER_BUSINESS_ID)
        // Loopback requests must not go through a proxy set for the registry.
        .env_remove("HTTP_PROXY")
        .env_remove("HTTPS_PROXY")
        .env_remove("http_proxy")
        .env_remove("https_proxy")
        .output()
        .expect("run node");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "node {script} failed ({}):\n{stderr}",
        out.status
    );
    let all: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "node {script}: its report is not JSON ({e}):\n{}\n{stderr}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    let calls = all["calls"]
        .as_array()
        .expect("calls")
        .iter()
        .map(|c| (c["name"].as_str().expect("name").to_string(), c.clone()))
        .collect();
    Report {
        calls,
        all,
        log: request_log(sandbox),
    }
}

/// The sandbox's request log: every request, by sequence number.
fn request_log(sandbox: &Sandbox) -> BTreeMap<u64, Value> {
    let text = ureq::get(format!("{}/__sandbox/requests/log", sandbox.url()))
        .call()
        .expect("read the request log")
        .body_mut()
        .read_to_string()
        .expect("log body");
    let log: Value = serde_json::from_str(&text).expect("log is JSON");
    log["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .map(|e| (e["seq"].as_u64().expect("seq"), e.clone()))
        .collect()
}

/// What one script reported, and the sandbox's log after it.
struct Report {
    calls: BTreeMap<String, Value>,
    all: Value,
    log: BTreeMap<u64, Value>,
}

impl Report {
    fn call(&self, name: &str) -> &Value {
        self.calls
            .get(name)
            .unwrap_or_else(|| panic!("no call {name:?} in the report"))
    }

    /// What a call that succeeded returned.
    fn ok(&self, name: &str) -> &Value {
        let c = self.call(name);
        assert_eq!(c["ok"], true, "{name}: {c}");
        &c["value"]
    }

    /// The message of the error a call threw.
    fn refused(&self, name: &str) -> &str {
        let c = self.call(name);
        assert_eq!(c["ok"], false, "{name} should have failed: {c}");
        c["error"].as_str().expect("error")
    }

    /// The one request a call sent, as the sandbox logged it.
    fn request(&self, name: &str) -> &Value {
        let c = self.call(name);
        assert_eq!(c["sent"], 1, "{name} should send one request: {c}");
        let seq = c["firstSeq"].as_u64().expect("firstSeq");
        self.log
            .get(&seq)
            .unwrap_or_else(|| panic!("{name}: request {seq} is not in the log"))
    }
}

/// The member names of a JSON object, in order.
fn members(v: &Value) -> Vec<&str> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect()
}

/// The member names of an answer, sorted (member order of answers is
/// asserted on the raw bytes in the sandbox's own tests).
fn keys(v: &Value) -> Vec<&str> {
    let mut k = members(v);
    k.sort_unstable();
    k
}

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
