//! The client against a tiny scripted HTTP/1.1 server on loopback: the exact
//! request lines, headers and bodies, JSON shapes, retries, timeout and
//! "Still awaiting payment". (End-to-end tests against the real sandbox live
//! in `end_to_end.rs`; the comparison with Mileston's SDKs' bytes in the
//! workspace's `tests/test_sdk_bytes.rs`.)
#![cfg(all(feature = "http", not(target_arch = "wasm32")))]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mileston_config::{
    Amount, ApiKey, BackendClient, BusinessId, Chain, CheckoutClient, CheckoutKey, Error, IsoDate,
    Live, NewInvoice, NewPaymentLink, PaymentKind, PaymentLinkUpdate, PaymentStatus, SavePayment,
    Test, Token, Verification, VerifyPayment,
};

const NORMAL: &str = "Mileston_TEST_FAKEfake0000000000a1";
const CHECKOUT: &str = "Mileston_TEST_CHECKOUTKEY_FAKEfake00000000b2";

#[derive(Debug, Clone)]
struct Seen {
    request_line: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Answers each connection with the next scripted `(status, extra headers,
/// body, delay)`, one request per connection.
fn serve(script: Vec<(u16, &'static str, &'static str, u64)>) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for (status, extra, body, delay) in script {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let mut headers = Vec::new();
            let mut len = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                let (n, v) = line.split_once(':').unwrap();
                if n.eq_ignore_ascii_case("content-length") {
                    len = v.trim().parse().unwrap();
                }
                headers.push((n.to_owned(), v.trim().to_owned()));
            }
            let mut buf = vec![0; len];
            reader.read_exact(&mut buf).unwrap();
            log.lock().unwrap().push(Seen {
                request_line: request_line.trim_end().to_owned(),
                headers,
                body: String::from_utf8(buf).unwrap(),
            });
            std::thread::sleep(Duration::from_millis(delay));
            let mut stream = stream;
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n{extra}\r\n{body}",
                body.len()
            );
        }
    });
    (url, seen)
}

fn backend(url: &str) -> BackendClient<Test> {
    BackendClient::new(
        ApiKey::from_static(NORMAL).unwrap(),
        BusinessId::from_static("biz_1").unwrap(),
    )
    .with_base_url(url)
    .unwrap()
    .with_retry_delay(Duration::from_millis(10))
}

fn checkout(url: &str) -> CheckoutClient<Test> {
    CheckoutClient::new(
        CheckoutKey::from_static(CHECKOUT).unwrap(),
        BusinessId::from_static("biz_1").unwrap(),
    )
    .with_base_url(url)
    .unwrap()
    .with_retry_delay(Duration::from_millis(10))
}

const LINK: &str = r#"{"paymentLinkId":"pl_1","amount":"10.00","title":"T","env":"test","status":"pending","createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z"}"#;

#[tokio::test(flavor = "current_thread")]
async fn create_sends_headers_and_camel_case() {
    let body: &'static str = Box::leak(
        format!(r#"{{"statusCode":201,"message":"created","paymentLink":"https://checkout.mileston.co/payment-link/pl_1","paymentData":{LINK}}}"#)
            .into_boxed_str(),
    );
    let (url, seen) = serve(vec![(201, "", body, 0)]);
    let mut link = NewPaymentLink::new(Amount::new("10.00").unwrap());
    link.redirect_url = Some("https://shop.example/done".into());
    let created = backend(&url).create_payment_link(&link).await.unwrap();
    assert_eq!(
        created.url.as_deref(),
        Some("https://checkout.mileston.co/payment-link/pl_1")
    );
    assert_eq!(created.data.payment_link_id, "pl_1");
    assert_eq!(created.data.status, Some(PaymentStatus::Pending));
    let s = seen.lock().unwrap()[0].clone();
    assert_eq!(s.request_line, "POST /payment-link/create HTTP/1.1");
    assert_eq!(s.header("apikey"), Some(NORMAL));
    assert_eq!(s.header("businessid"), Some("biz_1"));
    assert_eq!(s.header("content-type"), Some("application/json"));
    assert_eq!(
        s.body,
        r#"{"amount":"10.00","redirectUrl":"https://shop.example/done"}"#
    );
}

#[tokio::test(flavor = "current_thread")]
async fn invoice_query_update_body_and_delete() {
    let invoice = r#"{"statusCode":201,"message":"ok","invoiceLink":"https://checkout.mileston.co/invoice/in_1","invoiceData":{"invoiceId":"in_1","amount":"5","itemName":"Tea","customerEmail":"a@b.c","dueDate":"2026-12-31T00:00:00.000Z","status":"paid","env":"test"}}"#;
    let link: &'static str = Box::leak(
        format!(r#"{{"statusCode":200,"message":"ok","paymentLink":"https://checkout.mileston.co/payment-link/pl_1","paymentData":{LINK}}}"#).into_boxed_str(),
    );
    let (url, seen) = serve(vec![
        (201, "", invoice, 0),
        (200, "", link, 0),
        (200, "", r#"{"statusCode":200,"message":"deleted"}"#, 0),
        (
            404,
            "",
            r#"{"statusCode":404,"error":"Not Found","message":"payment link not found"}"#,
            0,
        ),
    ]);
    let b = backend(&url);
    let new = NewInvoice::new(
        Amount::new("5").unwrap(),
        "Tea",
        "a@b.c",
        IsoDate::new("2026-12-31").unwrap(),
    );
    let created = b.create_invoice("Acme & Co", &new).await.unwrap();
    assert_eq!(created.data.status, PaymentStatus::Paid);
    assert_eq!(created.data.business_name, None);
    let changes = PaymentLinkUpdate {
        title: Some("New".into()),
        ..Default::default()
    };
    b.update_payment_link("pl_1", &changes).await.unwrap();
    b.delete_payment_link("pl 1").await.unwrap();
    let e = b.get_payment_link("pl_9").await.unwrap_err();
    assert_eq!(
        e,
        Error::Status {
            status: 404,
            message: "payment link not found".into()
        }
    );
    let seen = seen.lock().unwrap();
    assert_eq!(
        seen[0].request_line,
        "POST /invoice/create?businessName=Acme%20%26%20Co HTTP/1.1"
    );
    assert_eq!(
        seen[0].body,
        r#"{"amount":"5","itemName":"Tea","customerEmail":"a@b.c","dueDate":"2026-12-31T00:00:00.000Z"}"#
    );
    assert_eq!(seen[1].request_line, "PATCH /payment-link/update HTTP/1.1");
    assert_eq!(seen[1].body, r#"{"paymentLinkId":"pl_1","title":"New"}"#);
    // As Mileston's backend SDK (axios) sends them: `{}` on DELETE and GET,
    // and `Content-Type` on every request.
    assert_eq!(
        seen[2].request_line,
        "DELETE /payment-link/delete/pl%201 HTTP/1.1"
    );
    assert_eq!(seen[3].request_line, "GET /payment-link/pl_9 HTTP/1.1");
    for s in &seen[2..] {
        assert_eq!(s.body, "{}");
        assert_eq!(s.header("content-length"), Some("2"));
    }
    for s in seen.iter() {
        assert_eq!(s.header("content-type"), Some("application/json"));
    }
}

#[tokio::test(flavor = "current_thread")]
async fn gets_are_retried_posts_are_not() {
    let list: &'static str = Box::leak(
        format!(r#"{{"statusCode":200,"message":"ok","paymentData":[{LINK}]}}"#).into_boxed_str(),
    );
    let (url, seen) = serve(vec![
        (503, "", r#"{"message":"busy"}"#, 0),
        (429, "retry-after: 0\r\n", r#"{"message":"slow down"}"#, 0),
        (200, "", list, 0),
        (503, "", r#"{"message":"busy"}"#, 0),
    ]);
    let b = backend(&url);
    let links = b.list_payment_links(10).await.unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(seen.lock().unwrap().len(), 3);
    assert_eq!(
        seen.lock().unwrap()[0].request_line,
        "GET /payment-link/?limit=10 HTTP/1.1"
    );
    let e = b
        .create_payment_link(&NewPaymentLink::new(Amount::new("1").unwrap()))
        .await
        .unwrap_err();
    assert_eq!(
        e,
        Error::Status {
            status: 503,
            message: "busy".into()
        }
    );
    assert_eq!(seen.lock().unwrap().len(), 4);
}

#[tokio::test(flavor = "current_thread")]
async fn retries_give_up_and_timeout() {
    let (url, seen) = serve(vec![
        (500, "", r#"{"message":"a"}"#, 0),
        (500, "", r#"{"message":"b"}"#, 0),
        (500, "", r#"{"message":"c"}"#, 0),
        (200, "", "{}", 2_000),
    ]);
    let b = backend(&url);
    let e = b.get_invoice("in_1").await.unwrap_err();
    assert_eq!(
        e,
        Error::Status {
            status: 500,
            message: "c".into()
        }
    );
    assert_eq!(seen.lock().unwrap().len(), 3);
    let e = b
        .with_timeout(Duration::from_millis(200))
        .with_retries(0)
        .get_invoice("in_1")
        .await
        .unwrap_err();
    assert_eq!(
        e,
        Error::Timeout {
            after: Duration::from_millis(200)
        }
    );
}

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
        Token::Sol,
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
        Token::Usdc,
    );
    save.fee_signature = Some("0xfee".into());
    c.save_payment(PaymentKind::Invoice, &save).await.unwrap();
    let live = CheckoutClient::<Live>::new(
        CheckoutKey::from_static("Mileston_LIVE_CHECKOUTKEY_FAKEfake00000000b3").unwrap(),
        BusinessId::from_static("biz_1").unwrap(),
    )
    .with_base_url(&url)
    .unwrap();
    save.token = Token::Eth;
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

/// A refused answer names the member and the rule, as the user reads it;
/// the text is the client's own, so a key echoed by the server is not in it.
#[tokio::test(flavor = "current_thread")]
async fn decode_errors_name_the_member() {
    let (url, _) = serve(vec![
        (
            200,
            "",
            r#"{"statusCode":200,"invoiceData":{"amount":"5","itemName":"Tea","customerEmail":"a@b.c","dueDate":"2026-12-31T00:00:00.000Z","status":"paid","env":"test"}}"#,
            0,
        ),
        (
            201,
            "",
            r#"{"statusCode":201,"paymentLink":"https://checkout.mileston.co/payment-link/pl_1","paymentData":{"paymentLinkId":"pl_1","amount":"Mileston_TEST_FAKEfake0000000000a1","env":"test"}}"#,
            0,
        ),
        (200, "", r#"{"statusCode":200,"message":"ok"}"#, 0),
        (200, "", r#"{"service":"sandbox"}"#, 0),
    ]);
    let b = backend(&url);
    let e = b.get_invoice("in_1").await.unwrap_err();
    assert_eq!(
        e,
        Error::Decode {
            status: 200,
            message: "missing member `invoiceId`".into()
        }
    );
    assert_eq!(
        e.to_string(),
        "unexpected answer from the Mileston API (HTTP 200): missing member `invoiceId`"
    );
    let e = b
        .create_payment_link(&NewPaymentLink::new(Amount::new("1").unwrap()))
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "unexpected answer from the Mileston API (HTTP 201): `amount`: it is not a decimal \
         number written as digits, optionally a `.` and more digits (e.g. `100.00`, `1`, `0.5`)"
    );
    assert!(!format!("{e:?}").contains("FAKEfake"));
    let e = b.list_payment_links(5).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "unexpected answer from the Mileston API (HTTP 200): missing member `paymentData` (or \
         `invoiceData`, `recurringPaymentData`)"
    );
    let e = checkout(&url).health().await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "unexpected answer from the Mileston API (HTTP 200): missing member `status`"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn health_sends_no_key() {
    let (url, seen) = serve(vec![(
        200,
        "",
        r#"{"status":"healthy","service":"sandbox","timestamp":"2026-01-01T00:00:00Z","uptime":12.5}"#,
        0,
    )]);
    let h = checkout(&url).health().await.unwrap();
    assert!(h.is_healthy());
    let s = seen.lock().unwrap()[0].clone();
    assert_eq!(s.request_line, "GET /status HTTP/1.1");
    assert_eq!(s.header("apikey"), None);
}

#[test]
fn futures_are_send() {
    fn send<T: Send>(_: T) {}
    let b = backend("http://127.0.0.1:1");
    send(b.list_invoices(1));
    let c = checkout("http://127.0.0.1:1");
    send(c.get_payment(PaymentKind::Invoice, "x"));
    send(c.sub_wallet("x"));
    send(c.payment_wallet(Chain::Eth, None));
}

/// What a server says back is scrubbed of the handle's key however it is
/// echoed (whole, lower-cased, the body alone, cut short) and of anything
/// key-shaped, in `Display` and in `Debug`.
#[tokio::test]
async fn a_servers_echo_of_a_key_never_reaches_an_error() {
    let script = [
        r#"{"message":"bad key Mileston_TEST_FAKEfake0000000000a1"}"#,
        r#"{"message":"bad key mileston_test_fakefake0000000000a1"}"#,
        r#"{"message":"body FAKEfake0000000000a1 unknown"}"#,
        r#"{"message":"key Mileston_TEST_FAKEfake00 cut"}"#,
        r#"{"message":["tail 0000000000a1", "and FAKEFAKE0000"]}"#,
        r#"{"error":"another Mileston_DEV_FAKEotherKey000000c3"}"#,
        r#"{"message":"upper MILESTON_TEST_FAKEFAKE0000000000A1"}"#,
    ];
    let (url, _) = serve(script.iter().map(|body| (400, "", *body, 0)).collect());
    let b = backend(&url).with_retries(0);
    for _ in script {
        let e = b.get_invoice("inv_1").await.unwrap_err();
        let shown = format!("{e} {e:?}");
        for piece in ["FAKEfake", "fakefake", "00000000", "FAKEFAKE", "otherKey"] {
            assert!(!shown.contains(piece), "{shown}");
        }
        assert!(shown.contains("<redacted>"), "{shown}");
    }
}

/// A base URL that holds a key is refused at run time as the attribute
/// refuses it, so a handle's `Debug` never shows one.
#[test]
fn a_base_url_holding_a_key_is_refused() {
    for url in [
        "https://proxy.example/Mileston_TEST_FAKEfake0000000000a1",
        "https://proxy.example/k/FAKEfake0000000000a1",
        "https://proxy.example/mileston-test-FAKEfake0000000000a1",
    ] {
        let e = backend("http://127.0.0.1:9")
            .with_base_url(url)
            .unwrap_err();
        assert_eq!(
            e,
            Error::BaseUrl(mileston_config::BaseUrlError::LooksLikeKey),
            "{url}"
        );
        assert!(!format!("{e} {e:?}").contains("FAKEfake"), "{e}");
    }
}
