//! Receiving webhooks: the verifier and the axum extractor, as a receiver
//! sees them (the answer's status, the event, the error's text). Every token
//! here is fake.
#![cfg(all(feature = "axum", not(target_arch = "wasm32")))]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::routing::post;
use mileston_config::credentials::WebhookToken;
use mileston_config::webhook::{DeliveryError, Event, VerifiedEvent};
use mileston_config::{KeyMode, Live, Test, WebhookVerifier};
use tower::ServiceExt;

const TOKEN: &str = "FAKEwebhookTokenQZX0001";

fn verifier() -> WebhookVerifier<Test> {
    WebhookVerifier::new(WebhookToken::new(TOKEN).unwrap())
}

fn delivery(event: &str, env: &str) -> String {
    format!(
        r#"{{"event":"{event}","payload":{{"paymentLinkId":"inv_000001","payer":"0x2FAKE","recipientWalletAddress":"0x4FAKE","amount":"1","userUUID":"biz_1","transactionSignature":"0xcFAKE01","feeSignature":"0x1FAKE","chain":"pol","env":"{env}","status":"paid","createdAt":"2025-05-16T20:38:25.343Z"}}}}"#
    )
}

#[test]
fn a_signed_delivery_gives_its_typed_event() {
    let body = delivery("invoice-paid", "test");
    for name in [
        "X-Webhook-Signature",
        "x-webhook-signature",
        "X-WEBHOOK-SIGNATURE",
    ] {
        let event = verifier()
            .verify(&[(name, TOKEN)][..], body.as_bytes())
            .unwrap();
        let Event::InvoicePaid(paid) = &event else {
            panic!("{event:?}")
        };
        assert_eq!(paid.payment_id.as_deref(), Some("inv_000001"));
        assert_eq!(paid.amount.as_deref(), Some("1"));
        assert_eq!(paid.chain.as_deref(), Some("pol"));
        assert_eq!(event.dedup_key(), "invoice-paid:0xcFAKE01");
    }
    for (name, want) in [
        ("paymentlink-paid", "paymentlink-paid:0xcFAKE01"),
        ("recurring-paid", "recurring-paid:0xcFAKE01"),
    ] {
        let event = verifier()
            .verify(
                &[("x-webhook-signature", TOKEN)][..],
                delivery(name, "test").as_bytes(),
            )
            .unwrap();
        assert_eq!(event.name(), name);
        assert_eq!(event.dedup_key(), want);
    }
    // Read leniently: Mileston documents one payload; only what dedupe and
    // the mode check need is required.
    let event = verifier()
        .verify(
            &[("x-webhook-signature", TOKEN)][..],
            br#"{"event":"recurring-paid","payload":{"transactionSignature":"0xFAKE2","env":"test","extra":[1,{"a":null}]}}"#,
        )
        .unwrap();
    assert_eq!(event.paid().unwrap().payment_id, None);
    // An event nobody documented is kept, with its payload as JSON text,
    // once its `env` is this receiver's.
    let event = verifier()
        .verify(
            &[("x-webhook-signature", TOKEN)][..],
            br#"{"event":"payout-done","payload":{"id":"tx_1","n":2,"env":"TEST"}}"#,
        )
        .unwrap();
    assert_eq!(
        event,
        Event::Unknown {
            event: "payout-done".into(),
            payload: r#"{"env":"TEST","id":"tx_1","n":2}"#.into(),
            env: Some("TEST".into()),
        }
    );
}

#[test]
fn refusals_say_why_without_the_token_or_the_header() {
    let body = delivery("invoice-paid", "test");
    let refuse =
        |headers: &[(&str, &str)], body: &[u8]| verifier().verify(headers, body).unwrap_err();
    let cases = [
        (
            refuse(&[], body.as_bytes()),
            401,
            "the delivery has no X-Webhook-Signature header",
        ),
        (
            refuse(
                &[("x-webhook-signature", "FAKEwebhookTokenQZX0002")],
                body.as_bytes(),
            ),
            401,
            "the delivery's X-Webhook-Signature is not this receiver's verification token",
        ),
        (
            // Longer and shorter than the token: refused alike.
            refuse(
                &[("x-webhook-signature", &format!("{TOKEN}x"))],
                body.as_bytes(),
            ),
            401,
            "the delivery's X-Webhook-Signature is not this receiver's verification token",
        ),
        (
            refuse(&[("x-webhook-signature", &TOKEN[..5])], body.as_bytes()),
            401,
            "the delivery's X-Webhook-Signature is not this receiver's verification token",
        ),
        (
            refuse(&[("x-webhook-signature", TOKEN)], &vec![b' '; 65 * 1024]),
            413,
            "the delivery's body is larger than 65536 bytes",
        ),
        (
            refuse(&[("x-webhook-signature", TOKEN)], b"{\"event\":"),
            400,
            "the delivery is not a Mileston webhook: not JSON of the expected shape",
        ),
        (
            refuse(&[("x-webhook-signature", TOKEN)], br#"{"payload":{}}"#),
            400,
            "the delivery is not a Mileston webhook: missing member `event`",
        ),
        (
            refuse(
                &[("x-webhook-signature", TOKEN)],
                br#"{"event":"invoice-paid","payload":{"env":"test"}}"#,
            ),
            400,
            "the delivery is not a Mileston webhook: missing member `payload.transactionSignature`",
        ),
        (
            refuse(
                &[("x-webhook-signature", TOKEN)],
                delivery("invoice-paid", "prod").as_bytes(),
            ),
            400,
            "the event is not a test event: a test receiver takes only test deliveries",
        ),
    ];
    for (e, status, text) in cases {
        assert_eq!((e.status(), e.to_string().as_str()), (status, text));
        let shown = format!("{e} {e:?}");
        assert!(!shown.contains("FAKEwebhook"), "{shown}");
    }
    // A test delivery at a live receiver.
    let live = WebhookVerifier::<Live>::new(WebhookToken::new(TOKEN).unwrap());
    let e = live
        .verify(&[("x-webhook-signature", TOKEN)][..], body.as_bytes())
        .unwrap_err();
    assert_eq!(
        e,
        DeliveryError::WrongMode {
            expected: KeyMode::Live
        }
    );
    assert!(
        live.verify(
            &[("x-webhook-signature", TOKEN)][..],
            delivery("invoice-paid", "prod").as_bytes()
        )
        .is_ok()
    );
    assert_eq!(
        format!("{:?}", verifier()),
        "WebhookVerifier { mode: Test, token: WebhookToken(<redacted>) }"
    );
}

async fn handler(VerifiedEvent { event, .. }: VerifiedEvent<Test>) -> String {
    event.dedup_key()
}

#[tokio::test]
async fn the_axum_extractor_answers_refusals_itself() {
    let app = axum::Router::new()
        .route("/hook", post(handler))
        .with_state(verifier());
    let send = |signature: Option<&str>, body: Vec<u8>| {
        let app = app.clone();
        let mut request = Request::post("/hook").header("content-type", "application/json");
        if let Some(s) = signature {
            request = request.header("X-Webhook-Signature", s);
        }
        let request = request.body(Body::from(body)).unwrap();
        async move {
            let response = app.oneshot(request).await.unwrap();
            let status = response.status();
            let body = axum::body::to_bytes(response.into_body(), 1 << 20)
                .await
                .unwrap();
            (status, String::from_utf8(body.to_vec()).unwrap())
        }
    };
    let body = delivery("paymentlink-paid", "test").into_bytes();
    assert_eq!(
        send(Some(TOKEN), body.clone()).await,
        (StatusCode::OK, "paymentlink-paid:0xcFAKE01".to_owned())
    );
    assert_eq!(
        send(None, body.clone()).await,
        (
            StatusCode::UNAUTHORIZED,
            r#"{"message":"the delivery has no X-Webhook-Signature header"}"#.to_owned()
        )
    );
    assert_eq!(
        send(Some("FAKEwrong0001"), body).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        send(Some(TOKEN), vec![b'x'; 100 * 1024]).await.0,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    assert_eq!(
        send(Some(TOKEN), b"[]".to_vec()).await.0,
        StatusCode::BAD_REQUEST
    );
}

/// The router's state as README writes it: a struct holding the verifier
/// of the attribute's struct, `FromRef` for it, and a handler taking
/// `VerifiedEventOf` (the state's verifier checks the delivery).
mod app_state {
    use axum::extract::FromRef;
    use mileston_config::webhook::VerifiedEventOf;
    use mileston_config::{WebhookOf, mileston_config};

    #[mileston_config(
        webhook = "SANDBOX_WEBHOOK_TOKEN",
        mode = "test",
        business_id = "SANDBOX_BUSINESS_ID"
    )]
    pub struct Receiver;

    #[derive(Clone)]
    pub struct AppState {
        pub webhook: WebhookOf<Receiver>,
        pub shop: &'static str,
    }

    impl FromRef<AppState> for WebhookOf<Receiver> {
        fn from_ref(state: &AppState) -> Self {
            state.webhook.clone()
        }
    }

    pub async fn paid(delivery: VerifiedEventOf<Receiver>) -> String {
        delivery.event.dedup_key()
    }
}

#[tokio::test]
async fn a_state_holding_the_verifier_gives_it_to_the_extractor() {
    use app_state::{AppState, Receiver, paid};
    let state = AppState {
        webhook: Receiver::webhook(),
        shop: "FAKE shop",
    };
    assert_eq!(state.shop, "FAKE shop");
    let app = axum::Router::new()
        .route("/hook", post(paid))
        .with_state(state);
    let status = |token: &'static str| {
        let request = Request::post("/hook")
            .header("X-Webhook-Signature", token)
            .body(Body::from(delivery("invoice-paid", "test")))
            .unwrap();
        let app = app.clone();
        async move { app.oneshot(request).await.unwrap().status() }
    };
    // The sandbox's first tenant's fake token (.cargo/config.toml).
    assert_eq!(
        status("sandboxFAKE-webhook-token-0001").await,
        StatusCode::OK
    );
    assert_eq!(status(TOKEN).await, StatusCode::UNAUTHORIZED);
}

/// Class: test events at live receivers. Every delivery's `env` is checked,
/// whatever its event's name (an undocumented event, a spelling or case
/// variant of a known one); one without an `env` Mileston writes is refused,
/// since the receiver cannot tell which mode it is.
#[test]
fn every_event_is_checked_for_its_mode() {
    let live = WebhookVerifier::<Live>::new(WebhookToken::new(TOKEN).unwrap());
    let signed = [("x-webhook-signature", TOKEN)];
    let with_env = |event: &str, env: &str| {
        format!(r#"{{"event":"{event}","payload":{{"id":"x_1","env":"{env}"}}}}"#)
    };
    for event in [
        "invoice-refunded",
        "Invoice-Paid",
        "INVOICE-PAID",
        "invoice_paid",
    ] {
        for env in ["test", "TEST", "Test"] {
            let e = live
                .verify(&signed[..], with_env(event, env).as_bytes())
                .unwrap_err();
            assert_eq!(
                e,
                DeliveryError::WrongMode {
                    expected: KeyMode::Live
                },
                "{event} {env}"
            );
            assert_eq!(e.status(), 400);
        }
        assert!(
            live.verify(&signed[..], with_env(event, "prod").as_bytes())
                .is_ok()
        );
    }
    for payload in [
        r#"{"id":"x_1"}"#,
        r#"{"env":"live"}"#,
        r#"{"env":7}"#,
        "null",
        "[]",
    ] {
        let body = format!(r#"{{"event":"payout-done","payload":{payload}}}"#);
        let e = live.verify(&signed[..], body.as_bytes()).unwrap_err();
        assert_eq!(
            e,
            DeliveryError::NoMode {
                expected: KeyMode::Live
            },
            "{payload}"
        );
        assert_eq!(
            (e.status(), e.to_string().as_str()),
            (
                400,
                "the event's `env` is neither `test` nor `prod`: a live receiver takes only live \
                 deliveries"
            )
        );
    }
    // A known event's `env` in another letter case is read by the same rule.
    assert!(
        verifier()
            .verify(&signed[..], delivery("invoice-paid", "TEST").as_bytes())
            .is_ok()
    );
}

/// Class: deduplication keys that collide. An empty transaction signature is
/// refused (two payments would share `invoice-paid:`), and an EVM hash gives
/// the same key in either letter case.
#[test]
fn dedup_keys_name_one_payment() {
    let signed = [("x-webhook-signature", TOKEN)];
    let body = delivery("invoice-paid", "test").replace("0xcFAKE01", "");
    let e = verifier().verify(&signed[..], body.as_bytes()).unwrap_err();
    assert_eq!(
        (e.status(), e.to_string().as_str()),
        (
            400,
            "the delivery is not a Mileston webhook: `payload.transactionSignature`: it is empty"
        )
    );
    let key = |signature: &str| {
        let body = delivery("invoice-paid", "test").replace("0xcFAKE01", signature);
        verifier()
            .verify(&signed[..], body.as_bytes())
            .unwrap()
            .dedup_key()
    };
    let hash = "0x5A3f9C0d1E2b4F5a6B7c8D9e0F1a2B3c4D5e6F7a8B9c0D1e2F3a4B5c6D7e8F9a";
    assert_eq!(key(hash), key(&hash.to_lowercase()));
    assert_eq!(key(hash), key(&hash.to_uppercase().replace("0X", "0x")));
    assert_eq!(key(hash), format!("invoice-paid:{}", hash.to_lowercase()));
    // A Solana signature is case-sensitive: kept as written.
    let solana = "5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6Uj";
    assert_ne!(key(solana), key(&solana.to_lowercase()));
}
