//! The checkout handle against a tiny scripted HTTP/1.1 server on loopback
//! (`support/scripted.rs`): the exact requests of a read, a save, a
//! verification, the deposit address and the sub-wallet, and how their
//! answers are read ("Still awaiting payment", a status that is not 200).
#![cfg(all(feature = "http", not(target_arch = "wasm32")))]

#[path = "support/scripted.rs"]
#[allow(dead_code)] // Each test file uses its part.
mod scripted;

use mileston_config::checkout::{SavePayment, Verification, VerifyPayment};
use mileston_config::credentials::{BusinessId, CheckoutKey};
use mileston_config::types::{Amount, Asset, Chain, PaymentKind, PaymentStatus};
use mileston_config::{CheckoutClient, Error, Live};
use scripted::{CHECKOUT, checkout, serve};

#[tokio::test(flavor = "current_thread")]
async fn checkout_read_verify_and_decode_errors() {
    let recurring = r#"{"statusCode":200,"message":"Payment retrieved","recurringPaymentData":{"recurringPaymentId":"r_1","amount":"9.99","subscriptionName":"S","subscriberFullName":"N","subscriberEmail":"e@x.y","currentPaymentStatus":"unpaid","recurringDate":"2026-12-31T00:00:00.000Z","recurringInterval":30,"env":"test"}}"#;
    let (url, seen) = serve(vec![
        (200, "", recurring, 0),
        (
            400,
            "",
            r#"{"message":"Still awaiting payment","error":"Bad Request","statusCode":400}"#,
            0,
        ),
        (
            200,
            "",
            r#"{"statusCode":200,"message":"Payment verified"}"#,
            0,
        ),
        (
            400,
            "",
            r#"{"message":"`token` must be one of `USDC`","error":"Bad Request","statusCode":400}"#,
            0,
        ),
        (200, "", r#"{"statusCode":202,"message":"Pending"}"#, 0),
        (
            200,
            "",
            r#"{"statusCode":200,"recurringPaymentData":{"recurringPaymentId":"#,
            0,
        ),
    ]);
    let c = checkout(&url);
    let p = c.get_payment(PaymentKind::Recurring, "r_1").await.unwrap();
    assert_eq!(p.kind(), PaymentKind::Recurring);
    assert_eq!(p.status(), Some(PaymentStatus::Pending));
    assert_eq!(p.id(), "r_1");
    let verify = VerifyPayment::new(
        "r_1",
        "SandboxDeposit1",
        Amount::new("9.99").unwrap(),
        "SandboxRecipient1",
        Chain::Solana,
        Asset::Sol,
    );
    assert_eq!(
        c.verify_payment(PaymentKind::Recurring, &verify)
            .await
            .unwrap(),
        Verification::AwaitingPayment
    );
    assert_eq!(
        c.verify_payment(PaymentKind::Recurring, &verify)
            .await
            .unwrap(),
        Verification::Paid
    );
    let e = c
        .verify_payment(PaymentKind::Invoice, &verify)
        .await
        .unwrap_err();
    assert_eq!(
        e,
        Error::Status {
            status: 400,
            message: "`token` must be one of `USDC`".into()
        }
    );
    // A 2xx whose body does not say 200 is not a verification.
    let e = c
        .verify_payment(PaymentKind::Recurring, &verify)
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "unexpected answer from the Mileston API (HTTP 200): the answer's `statusCode` is 202, \
         not 200: the payment is not verified"
    );
    let e = c
        .get_payment(PaymentKind::PaymentLink, "pl_1")
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Decode { status: 200, .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        "unexpected answer from the Mileston API (HTTP 200): the answer to \
         GET /checkout/data/{pattern}.get/{id} is not JSON of the expected shape"
    );
    let seen = seen.lock().unwrap();
    assert_eq!(
        seen[0].request_line,
        "GET /checkout/data/recurring.get/r_1 HTTP/1.1"
    );
    assert_eq!(seen[0].header("apikey"), Some(CHECKOUT));
    // The checkout SDK's `fetch` sends `Content-Type` on a GET, and no body.
    assert_eq!(seen[0].header("content-type"), Some("application/json"));
    assert_eq!(
        (seen[0].header("content-length"), seen[0].body.as_str()),
        (None, "")
    );
    assert_eq!(
        seen[1].request_line,
        "POST /checkout/verify-payment/recurring.save?nativeTokens=SOL HTTP/1.1"
    );
    assert_eq!(
        seen[1].body,
        r#"{"paymentLinkId":"r_1","publicKey":"SandboxDeposit1","amount":"9.99","recipientWalletAddress":"SandboxRecipient1","chain":"solana","env":"test","userUUID":"biz_1","token":"SOL"}"#
    );
    assert_eq!(
        seen[3].request_line,
        "POST /checkout/verify-payment/invoice.save?nativeTokens=SOL HTTP/1.1"
    );
}

/// A save is `SavePaymentInput`, its token in the query when native; the
/// answer's body is not needed. `env` follows the handle's mode.
#[tokio::test(flavor = "current_thread")]
async fn save_sends_mileston_s_save_payment_input() {
    let (url, seen) = serve(vec![
        (
            201,
            "",
            r#"{"statusCode":201,"message":"Payment saved"}"#,
            0,
        ),
        (201, "", "", 0),
        (
            404,
            "",
            r#"{"message":"invoice inv_9 not found","error":"Not Found","statusCode":404}"#,
            0,
        ),
    ]);
    let c = checkout(&url);
    let mut save = SavePayment::new(
        "inv_1",
        "0xpayer",
        "0xrecipient",
        Amount::new("120.50").unwrap(),
        "0xtx",
        Chain::Base,
        Asset::Usdc,
    );
    save.fee_signature = Some("0xfee".into());
    c.save_payment(PaymentKind::Invoice, &save).await.unwrap();
    let live = CheckoutClient::<Live>::new(
        CheckoutKey::from_static("Mileston_LIVE_CHECKOUTKEY_FAKEfake00000000b3").unwrap(),
        BusinessId::from_static("biz_1").unwrap(),
    )
    .allow_live_base_url()
    .with_base_url(&url)
    .unwrap();
    save.token = Asset::Eth;
    live.save_payment(PaymentKind::PaymentLink, &save)
        .await
        .unwrap();
    save.payment_id = "inv_9".into();
    assert_eq!(
        c.save_payment(PaymentKind::Invoice, &save).await,
        Err(Error::Status {
            status: 404,
            message: "invoice inv_9 not found".into()
        })
    );
    let seen = seen.lock().unwrap();
    assert_eq!(
        seen[0].request_line,
        "POST /checkout/save-payment/invoice.save HTTP/1.1"
    );
    assert_eq!(
        seen[0].body,
        r#"{"paymentLinkId":"inv_1","payer":"0xpayer","recipientWalletAddress":"0xrecipient","amount":"120.50","userUUID":"biz_1","transactionSignature":"0xtx","feeSignature":"0xfee","chain":"base","env":"test"}"#
    );
    assert_eq!(
        seen[1].request_line,
        "POST /checkout/save-payment/paymentlink.save?nativeTokens=ETH HTTP/1.1"
    );
    assert!(
        seen[1].body.contains(r#""chain":"base","env":"prod""#),
        "{}",
        seen[1].body
    );
    assert_eq!(seen.len(), 3, "a save is never retried");
}

/// The deposit address and the sub-wallet, as Mileston's checkout asks for
/// them.
#[tokio::test(flavor = "current_thread")]
async fn deposit_address_and_sub_wallet() {
    let (url, seen) = serve(vec![
        (
            200,
            "",
            r#"{"statusCode":200,"message":"ok","publicKey":"0xdeposit"}"#,
            0,
        ),
        (
            200,
            "",
            r#"{"statusCode":200,"message":"ok","publicKey":"0xsui"}"#,
            0,
        ),
        (
            200,
            "",
            r#"{"statusCode":200,"message":"ok","data":{"type":"all","address":{"eth":"0xe","solana":"So1"},"balance":"0","balances":{"eth":"0"}}}"#,
            0,
        ),
    ]);
    let c = checkout(&url);
    let w = c
        .payment_wallet(Chain::Pol, Some("0xmerchant"))
        .await
        .unwrap();
    assert_eq!(w.public_key, "0xdeposit");
    let w = c.payment_wallet(Chain::Sui, Some("ignored")).await.unwrap();
    assert_eq!(w.public_key, "0xsui");
    let s = c.sub_wallet("sw_1").await.unwrap();
    assert_eq!(
        (
            s.address(Chain::Eth),
            s.address(Chain::Solana),
            s.address(Chain::Sui)
        ),
        (Some("0xe"), Some("So1"), None)
    );
    let seen = seen.lock().unwrap();
    assert_eq!(
        seen[0].request_line,
        "GET /checkout/payment-wallet/evm?evmChain=pol&env=test&merchant=0xmerchant HTTP/1.1"
    );
    assert_eq!(
        seen[1].request_line,
        "GET /checkout/payment-wallet/sui HTTP/1.1"
    );
    assert_eq!(
        seen[2].request_line,
        "GET /checkout/sub-wallets/sw_1 HTTP/1.1"
    );
    assert_eq!(seen[2].header("env"), Some("test"));
    assert_eq!(seen[0].header("env"), None);
    for s in seen.iter() {
        assert_eq!(s.header("apikey"), Some(CHECKOUT));
        assert_eq!(s.header("content-type"), Some("application/json"));
        assert_eq!(s.body, "");
    }
}
