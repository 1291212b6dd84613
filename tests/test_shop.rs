//! The shop (`examples/shop`) end to end, in headless Chromium.
//!
//! The page is built for `wasm32-unknown-unknown` with cargo (the variables
//! of the normal key, the wallet secret and the webhook token set in its
//! build's environment) and bound with the `wasm-bindgen` CLI; the server
//! runs in this process on an SQLite file, with a sandbox that delivers
//! webhooks to it. Chromium orders an item, sees the invoice pending, pays it
//! (the deposit address, then a save-payment), and sees the order paid once
//! the sandbox's webhook reached the server. Screenshots go to
//! `target/tmp/shop/`.
//!
//! The files the server serves hold no piece of the normal key, the wallet
//! secret or the webhook token (byte search and the project's scanner); a
//! webhook with a wrong token changes nothing; a delivery sent twice is
//! applied once; a new server on the same file (the shop restarted) still
//! has the orders paid, and a delivery applied before the restart is not
//! applied again. Needs the browser tools (`bash
//! scripts/install-browser-tools.sh`). Every key here is the sandbox's fake.
//! Replicas on Postgres: `test_shop_replicas.rs`.

#[path = "support/browser.rs"]
mod browser;
#[path = "support/shop.rs"]
mod shop;
mod support;

use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use browser::{Browser, WASM_TARGET, attr, screenshot, text, wait_for_text};
use mileston_config_cli::scan::{AllowList, Severity, scan_paths};
use mileston_sandbox::{Sandbox, keys};
use mileston_shop::routes;
use shop::{get, new_order, order_status, post, register_webhook, replica, settled};
use support::{files_containing, files_with_a_piece_of, stderr, workspace};

/// The test's output folder: the page's files, screenshots, browser profile.
fn out_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("shop")
}

/// `CARGO_TARGET_DIR` of the page's build.
fn page_target() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("shop-page-target")
}

/// The backend-only secrets: no piece of them may reach the page.
const BACKEND_SECRETS: [(&str, &str); 3] = [
    ("the normal key", keys::API_KEY),
    ("the wallet secret", keys::WALLET_SECRET),
    ("the webhook token", keys::WEBHOOK_TOKEN),
];

/// Builds the page as `examples/shop/run.sh` does, with every backend secret
/// in the build's environment; returns its files (index.html,
/// mileston_shop.js, mileston_shop_bg.wasm).
fn build_page(tools: &browser::Tools) -> PathBuf {
    let mut cmd = Command::new(env!("CARGO"));
    cmd.args([
        "build",
        "--release",
        "--locked",
        "-p",
        "mileston-shop",
        "--lib",
    ])
    .args(["--target", WASM_TARGET])
    .current_dir(workspace())
    .env("CARGO_TARGET_DIR", page_target())
    .env("CARGO_TERM_COLOR", "never")
    .env("SANDBOX_API_KEY", keys::API_KEY)
    .env("SANDBOX_CHECKOUT_KEY", keys::CHECKOUT_KEY)
    .env("SANDBOX_BUSINESS_ID", keys::BUSINESS_ID)
    .env("SANDBOX_WALLET_SECRET", keys::WALLET_SECRET)
    .env("SANDBOX_WEBHOOK_TOKEN", keys::WEBHOOK_TOKEN);
    for (k, _) in std::env::vars() {
        if k.starts_with("MILESTON_") || k == "RUSTFLAGS" || k == "CARGO_ENCODED_RUSTFLAGS" {
            cmd.env_remove(k);
        }
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "page build failed:\n{}", stderr(&out));
    let wasm = page_target()
        .join(WASM_TARGET)
        .join("release/mileston_shop.wasm");
    let dist = out_dir().join("dist");
    browser::bindgen(tools, &wasm, &dist);
    std::fs::copy(
        workspace().join("examples/shop/index.html"),
        dist.join("index.html"),
    )
    .unwrap();
    dist
}

/// The shop's database: an SQLite file, new for each run.
fn database() -> String {
    let file = out_dir().join("shop.db");
    for stale in [file.clone(), out_dir().join("shop.db-journal")] {
        let _ = std::fs::remove_file(stale);
    }
    format!("sqlite:{}?mode=rwc", file.display())
}

/// An `invoice-paid` delivery for `invoice` as Mileston documents one.
fn paid_delivery(invoice: &str, transaction: &str) -> String {
    serde_json::json!({
        "event": "invoice-paid",
        "payload": {
            "paymentLinkId": invoice,
            "payer": "SandboxFAKEpayerWallet1111111111111111111111",
            "recipientWalletAddress": "SandboxFAKErecipient111111111111111111111111",
            "amount": "2.00",
            "userUUID": keys::BUSINESS_ID,
            "transactionSignature": transaction,
            "chain": "solana",
            "env": "test",
            "status": "paid",
            "createdAt": "2026-11-30T12:00:00.000Z"
        }
    })
    .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shop_takes_an_order_to_paid_by_webhook_in_headless_chromium() {
    let tools = browser::tools(&workspace().join("Cargo.lock"));
    std::fs::create_dir_all(out_dir()).unwrap();
    let started = Instant::now();
    let dist = build_page(&tools);
    eprintln!("page built in {:?}", started.elapsed());

    // The sandbox, and the server on loopback, registered for its webhooks.
    let sandbox = Sandbox::start().unwrap();
    let database = database();
    let server = replica(&database, &sandbox.url(), dist.clone()).await;
    let shop = server.url().to_owned();
    let webhook = server.webhook();
    register_webhook(&sandbox.url(), &webhook);

    // What the server serves holds no piece of a backend secret.
    let served = out_dir().join("served");
    let _ = std::fs::remove_dir_all(&served);
    std::fs::create_dir_all(&served).unwrap();
    for (path, name) in [
        ("/", "index.html"),
        ("/pkg/mileston_shop.js", "mileston_shop.js"),
        ("/pkg/mileston_shop_bg.wasm", "mileston_shop_bg.wasm"),
        (routes::CONFIG, "config.json"),
    ] {
        let body = get(&format!("{shop}{path}"));
        assert!(!body.is_empty(), "{path} served nothing");
        std::fs::write(served.join(name), body).unwrap();
    }
    for (what, secret) in BACKEND_SECRETS {
        assert_eq!(
            files_with_a_piece_of(&served, secret),
            Vec::<PathBuf>::new(),
            "a piece of {what} is served"
        );
        // The build's own files: the whole value (the runtime's rlib names
        // the `x-webhook-signature` header, which shares 8 letters with
        // the sandbox's token).
        assert_eq!(
            files_containing(&page_target(), secret),
            Vec::<PathBuf>::new(),
            "{what} is in the page's target directory"
        );
    }
    // The scanner agrees, and does see the page's checkout key.
    let outcome = scan_paths(std::slice::from_ref(&served), &AllowList::default());
    let findings: Vec<_> = outcome
        .findings
        .iter()
        .map(|f| {
            (
                f.path.rsplit('/').next().unwrap_or("").to_owned(),
                f.kind,
                f.severity,
            )
        })
        .collect();
    assert!(
        findings
            .iter()
            .all(|(_, kind, severity)| *kind == "checkout" && *severity == Severity::Ok),
        "scanner findings in the served files: {findings:?}"
    );
    assert!(
        findings
            .iter()
            .any(|(file, kind, _)| file == "mileston_shop_bg.wasm" && *kind == "checkout"),
        "the scanner should find the page's checkout key in its wasm: {findings:?}"
    );

    // The customer's way, in Chromium.
    let browser = Browser::start(&tools, &out_dir()).await;
    let page = format!("{shop}/");
    let shop_url = shop.clone();
    // The order the customer pays, kept for the restart below.
    let browser_order = Arc::new(Mutex::new(String::new()));
    let ordered = browser_order.clone();
    browser
        .drive(|client| async move {
            let out = out_dir();
            client.goto(&page).await.unwrap();
            wait_for_text(&client, &out, "buy-tshirt", "T-shirt · 25.50 USDC").await;
            screenshot(&client, &out, "shop-catalogue").await;
            client
                .find(fantoccini::Locator::Id("buy-tshirt"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            wait_for_text(&client, &out, "status", "pending").await;
            assert_eq!(text(&client, "amount").await, "25.50");
            assert_eq!(text(&client, "item").await, "T-shirt");
            assert_eq!(text(&client, "order-status").await, "pending");
            assert_ne!(text(&client, "address").await, "");
            assert_eq!(text(&client, "message").await, "");
            let order = text(&client, "order").await;
            assert_eq!(order_status(&shop_url, &order), "pending");
            ordered.lock().unwrap().clone_from(&order);
            screenshot(&client, &out, "shop-pending").await;

            client
                .find(fantoccini::Locator::Id("pay"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            wait_for_text(&client, &out, "order-status", "paid").await;
            assert_eq!(text(&client, "status").await, "paid");
            assert_eq!(
                attr(&client, "shop", "data-state").await.as_deref(),
                Some("paid")
            );
            assert_eq!(order_status(&shop_url, &order), "paid");
            screenshot(&client, &out, "shop-paid").await;
        })
        .await;

    // The sandbox delivered the payment once, and the shop took it at once.
    let log = settled(&sandbox.url());
    let deliveries = log["deliveries"].as_array().unwrap();
    assert_eq!(deliveries.len(), 1, "{log}");
    let delivery = &deliveries[0];
    assert_eq!(delivery["url"], webhook.as_str());
    assert_eq!(delivery["event"], "invoice-paid");
    assert_eq!(delivery["state"], "delivered");
    assert_eq!(
        delivery["attempts"].as_array().unwrap().len(),
        1,
        "{delivery}"
    );
    assert_eq!(delivery["attempts"][0]["status"], 200);
    assert_eq!(
        delivery["attempts"][0]["answer"],
        r#"{"event":"invoice-paid","outcome":"applied"}"#
    );

    // A delivery with a wrong token changes nothing; the right one does, once.
    let (order, invoice) = new_order(&shop, "sticker");
    let order = order.as_str();
    let delivery = paid_delivery(&invoice, "sandboxFAKEtx-shop-test-1");
    let wrong = [("x-webhook-signature", keys::OTHER_WEBHOOK_TOKEN)];
    let (status, answer) = post(&webhook, &wrong, &delivery);
    assert_eq!(status, 401, "{answer}");
    assert!(!answer.contains(keys::OTHER_WEBHOOK_TOKEN), "{answer}");
    assert_eq!(order_status(&shop, order), "pending");
    let (status, answer) = post(&webhook, &[], &delivery);
    assert_eq!(status, 401, "an unsigned delivery: {answer}");
    assert_eq!(order_status(&shop, order), "pending");

    let right = [("x-webhook-signature", keys::WEBHOOK_TOKEN)];
    let (status, answer) = post(&webhook, &right, &delivery);
    assert_eq!(
        (status, answer.as_str()),
        (200, r#"{"event":"invoice-paid","outcome":"applied"}"#)
    );
    assert_eq!(order_status(&shop, order), "paid");
    let (status, answer) = post(&webhook, &right, &delivery);
    assert_eq!(
        (status, answer.as_str()),
        (
            200,
            r#"{"event":"invoice-paid","outcome":"already applied"}"#
        )
    );

    // The shop restarted: a new server on the same file has both orders
    // paid, and remembers the delivery it applied.
    server.stop();
    let server = replica(&database, &sandbox.url(), dist).await;
    let shop = server.url();
    let paid_in_browser = browser_order.lock().unwrap().clone();
    for order in [paid_in_browser.as_str(), order] {
        assert_eq!(order_status(shop, order), "paid", "{order} after a restart");
    }
    let (status, answer) = post(&server.webhook(), &right, &delivery);
    assert_eq!(
        (status, answer.as_str()),
        (
            200,
            r#"{"event":"invoice-paid","outcome":"already applied"}"#
        ),
        "a delivery applied before the restart"
    );
    eprintln!("whole test in {:?}", started.elapsed());
}
