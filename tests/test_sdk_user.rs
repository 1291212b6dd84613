//! `GET /checkout/user/{id}` (Mileston's `getUserDetails`, the checkout
//! call the handle added last): Mileston's checkout SDK, unchanged, reads
//! the sandbox's answer as its `IGetUser` types it, and the handle's
//! `get_user` sends the request the SDK sends, header for header.
//!
//! Needs Node.js and npm, as `tests/test_sdk.rs` does: without them it fails.

#[path = "sdk/harness.rs"]
mod harness;

use harness::{keys, run};
use mileston_config::credentials::{BusinessId, CheckoutKey};
use mileston_config::{CheckoutClient, Test};
use mileston_sandbox::{Sandbox, keys};

#[test]
fn the_checkout_sdk_and_the_handle_read_the_business_alike() {
    let sandbox = Sandbox::start().expect("sandbox");
    let r = run("user.mjs", &sandbox);
    assert_eq!(r.all["calls"].as_array().unwrap().len(), 3, "{}", r.all);
    let user = r.ok("getUserDetails");
    assert_eq!(
        keys(user),
        [
            "isSecretCopied",
            "message",
            "qrPaymentWallets",
            "statusCode",
            "userData",
            "walletAddress",
            "walletBalance"
        ]
    );
    assert_eq!(user["statusCode"], 200);
    assert_eq!(user["walletBalance"], "7000.00");
    assert_eq!(user["qrPaymentWallets"][0]["env"], "test");
    assert!(
        user["walletAddress"]["eth"]
            .as_str()
            .unwrap()
            .starts_with("0x")
    );
    assert_eq!(r.ok("getUserDetails normal key")["statusCode"], 200);
    // The SDK throws the answer's text.
    assert_eq!(
        r.refused("getUserDetails other business"),
        format!(
            r#"{{"message":"user {} not found","error":"Not Found","statusCode":404}}"#,
            keys::OTHER_BUSINESS_ID
        )
    );

    // The handle, against the same sandbox: the same answer, typed.
    let handle = CheckoutClient::<Test>::new(
        CheckoutKey::from_static(keys::CHECKOUT_KEY).unwrap(),
        BusinessId::from_static(keys::BUSINESS_ID).unwrap(),
    )
    .with_base_url(&sandbox.url())
    .unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let got = runtime.block_on(handle.get_user()).unwrap();
    assert_eq!(got.wallet_balance.to_string(), "7000");
    assert_eq!(got.wallet_addresses.len(), 7);
    assert_eq!(
        Some(got.wallet_addresses["eth"].as_str()),
        user["walletAddress"]["eth"].as_str()
    );
    assert_eq!(got.qr_payment_wallets.len(), 3);
    assert!(got.is_secret_copied && got.onboarded == Some(true));

    // The request each sent: method, path, and every header the sandbox
    // logged, equal but for the user agent.
    let log = harness::request_log(&sandbox);
    let sdk = r.request("getUserDetails");
    let mine = log.values().last().expect("the handle's request");
    for member in [
        "method",
        "path",
        "apikey",
        "businessid",
        "contentType",
        "body",
    ] {
        assert_eq!(mine[member], sdk[member], "{member}: {mine} / {sdk}");
    }
    assert_eq!(
        mine["path"],
        format!("/checkout/user/{}", keys::BUSINESS_ID)
    );
}
