//! Input validation, base URL refusal, redaction, and every kind of error as
//! the user reads it (answers from a scripted server on loopback).
#![cfg(all(feature = "http", not(target_arch = "wasm32")))]

#[path = "support/scripted.rs"]
#[allow(dead_code)] // Each test file uses its part.
mod scripted;

use std::time::Duration;

use mileston_config::checkout::VerifyPayment;
use mileston_config::credentials::{BusinessId, CheckoutKey, NormalKey};
use mileston_config::types::{Amount, AmountError, Asset, Chain, DateError, IsoDate, PaymentKind};
use mileston_config::{BackendClient, BaseUrlError, CheckoutClient, Error, Test};

// Recognisably fake keys, never issued by Mileston.
const NORMAL: &str = "Mileston_TEST_FAKEfake0000000000a1";
const CHECKOUT: &str = "Mileston_TEST_CHECKOUTKEY_FAKEfake00000000b2";

fn backend() -> BackendClient<Test> {
    BackendClient::new(
        NormalKey::from_static(NORMAL).unwrap(),
        BusinessId::from_static("biz_1").unwrap(),
    )
}

fn checkout() -> CheckoutClient<Test> {
    CheckoutClient::new(
        CheckoutKey::from_static(CHECKOUT).unwrap(),
        BusinessId::from_static("biz_1").unwrap(),
    )
}

#[test]
fn amounts() {
    // Every form Mileston's docs and SDKs show, and any number of decimals.
    for ok in [
        "1",
        "100",
        "100.00",
        "100.5",
        "0.5",
        "0.01",
        "007.50",
        "1.234",
        "0.000000000000000001",
        "123456789012345678901234567890.123456789012345678901234567890",
    ] {
        assert_eq!(Amount::new(ok).unwrap().as_str(), ok);
    }
    assert_eq!(Amount::new(""), Err(AmountError::Empty));
    // Only what cannot be an amount is refused.
    for bad in [
        "-1", "+1", "1e3", "1,000", " 1", "1 ", "abc", ".5", "1.", "1..0", "1.2.3", "١", "0x10",
    ] {
        assert_eq!(Amount::new(bad), Err(AmountError::NotDecimal), "{bad}");
    }
    for bad in ["0", "0.0", "0.00", "000.00", "0.000000"] {
        assert_eq!(Amount::new(bad), Err(AmountError::Zero), "{bad}");
    }
    assert_eq!(Amount::from_cents(12345).unwrap().as_str(), "123.45");
    assert_eq!(Amount::from_cents(5).unwrap().as_str(), "0.05");
    assert_eq!(Amount::from_cents(0), Err(AmountError::Zero));
    // `?` into the crate's error.
    let e: Error = Amount::new("ten").unwrap_err().into();
    assert_eq!(e, Error::InvalidAmount(AmountError::NotDecimal));
    assert!(e.is_invalid_input());
    assert_eq!(
        e.to_string(),
        "invalid amount: it is not a decimal number written as digits, optionally a `.` and \
         more digits (e.g. `100.00`, `1`, `0.5`)"
    );
    // Deserialising checks too.
    assert!(serde_json::from_str::<Amount>("\"10.005\"").is_ok());
    assert!(serde_json::from_str::<Amount>("\"-10\"").is_err());
    assert!(serde_json::from_str::<Amount>("10").is_err());
    assert_eq!(
        serde_json::to_string(&Amount::new("10.5").unwrap()).unwrap(),
        "\"10.5\""
    );
}

/// Dates are read in every ISO-8601 form and held, and sent, as JavaScript
/// writes a `Date` (Mileston's backend SDK's dates are `Date`s): UTC with
/// milliseconds.
#[test]
fn dates() {
    for (given, held) in [
        ("2026-12-31", "2026-12-31T00:00:00.000Z"),
        ("2024-02-29", "2024-02-29T00:00:00.000Z"),
        ("2026-12-31T00:00:00Z", "2026-12-31T00:00:00.000Z"),
        ("2026-12-31T23:59Z", "2026-12-31T23:59:00.000Z"),
        ("2026-12-31T09:30:00.123Z", "2026-12-31T09:30:00.123Z"),
        ("2026-12-31T09:30:00.5Z", "2026-12-31T09:30:00.500Z"),
        (
            "2026-12-31T09:30:00.123456789123Z",
            "2026-12-31T09:30:00.123Z",
        ),
        (
            "2026-12-31T09:30:00.123456+02:00",
            "2026-12-31T07:30:00.123Z",
        ),
        ("2026-12-31T09:30:00-05:30", "2026-12-31T15:00:00.000Z"),
        // Across a day, a month, a year, a leap day.
        ("2026-12-31T23:30:00-01:00", "2027-01-01T00:30:00.000Z"),
        ("2027-01-01T00:30:00+01:00", "2026-12-31T23:30:00.000Z"),
        ("2024-03-01T01:00:00+02:00", "2024-02-29T23:00:00.000Z"),
        ("2026-04-30T23:00:00-23:59", "2026-05-01T22:59:00.000Z"),
        ("0000-01-01T00:00:00Z", "0000-01-01T00:00:00.000Z"),
    ] {
        assert_eq!(IsoDate::new(given).unwrap().as_str(), held, "{given}");
    }
    assert_eq!(
        IsoDate::new("2026-12-31").unwrap(),
        IsoDate::new("2026-12-31T02:00:00.000+02:00").unwrap()
    );
    for bad in [
        "",
        "2026-1-31",
        "2026/12/31",
        "31-12-2026",
        "2026-12-31 00:00:00Z",
        "2026-12-31T",
        "2026-12-31T00",
        "2026-12-31T00:00:00.Z",
        "2026-12-31T00:00:00+0200",
        "2026-12-31Z",
        "2026-12-31T00:00:00ZZ",
        "+2026-12-31",
        "tomorrow",
    ] {
        assert_eq!(IsoDate::new(bad), Err(DateError::Shape), "{bad}");
    }
    for bad in [
        "2026-13-01",
        "2026-00-10",
        "2026-02-29",
        "1900-02-29",
        "2026-04-31",
        "2026-12-00",
        "2026-12-31T24:00:00Z",
        "2026-12-31T23:60:00Z",
        "2026-12-31T23:59:60Z",
        "2026-12-31T00:00:00+24:00",
        "9999-12-31T23:00:00-02:00",
        "0000-01-01T00:00:00+00:01",
    ] {
        assert_eq!(IsoDate::new(bad), Err(DateError::OutOfRange), "{bad}");
    }
    for bad in [
        "2026-12-31T23:59",
        "2026-12-31T09:30:00",
        "2026-12-31T09:30:00.123",
    ] {
        assert_eq!(IsoDate::new(bad), Err(DateError::NoZone), "{bad}");
    }
    assert_eq!(
        serde_json::to_string(&IsoDate::new("2026-12-31").unwrap()).unwrap(),
        "\"2026-12-31T00:00:00.000Z\""
    );
    assert!(serde_json::from_str::<IsoDate>("\"2026-12-31\"").is_ok());
    assert!(serde_json::from_str::<IsoDate>("\"2026-12-32\"").is_err());
}

/// A calendar day from its numbers, checked as a written one is; and from
/// an owned `String`, as `Amount` is.
#[test]
fn dates_from_numbers_and_strings() {
    for ((y, m, d), held) in [
        ((2026, 12, 31), "2026-12-31T00:00:00.000Z"),
        ((2024, 2, 29), "2024-02-29T00:00:00.000Z"),
        ((2000, 2, 29), "2000-02-29T00:00:00.000Z"),
        ((0, 1, 1), "0000-01-01T00:00:00.000Z"),
        ((9999, 12, 31), "9999-12-31T00:00:00.000Z"),
    ] {
        let date = IsoDate::from_ymd(y, m, d).unwrap();
        assert_eq!(date.as_str(), held);
        assert_eq!(date, IsoDate::new(&held[..10]).unwrap());
    }
    for (y, m, d) in [
        (2026, 2, 29),
        (1900, 2, 29),
        (2026, 4, 31),
        (2026, 13, 1),
        (2026, 0, 1),
        (2026, 1, 0),
        (10_000, 1, 1),
    ] {
        assert_eq!(
            IsoDate::from_ymd(y, m, d),
            Err(DateError::OutOfRange),
            "{y}-{m}-{d}"
        );
    }
    let owned = String::from("2026-12-31T09:30:00+02:00");
    assert_eq!(
        IsoDate::try_from(owned).map(|d| d.to_string()).as_deref(),
        Ok("2026-12-31T07:30:00.000Z")
    );
    assert_eq!(IsoDate::try_from(String::new()), Err(DateError::Shape));
}

#[test]
fn base_url_refused_through_the_handles() {
    for url in [
        "http://example.com",
        "http://127.0.0.1@evil.example",
        "http://127.0.0.1.evil.example",
        "http://localhost.evil.example",
        "ftp://127.0.0.1",
        "127.0.0.1:8080",
        "https://example.com?x=1",
    ] {
        let e = backend().with_base_url(url).unwrap_err();
        assert!(matches!(e, Error::BaseUrl(_)), "{url}: {e:?}");
        assert!(checkout().with_base_url(url).is_err(), "{url}");
    }
    assert_eq!(
        backend().with_base_url("http://example.com").unwrap_err(),
        Error::BaseUrl(BaseUrlError::InsecureScheme)
    );
    for (url, normalised) in [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
        ("HTTP://localhost:3000//", "http://localhost:3000"),
        ("http://[::1]:3000", "http://[::1]:3000"),
        ("https://sandbox.example.com", "https://sandbox.example.com"),
    ] {
        let b = backend().with_base_url(url).unwrap();
        assert_eq!(b.base_url(), Some(normalised));
        let c = checkout().with_base_url(url).unwrap();
        assert_eq!(c.base_url(), Some(normalised));
    }
    assert_eq!(backend().base_url(), None);
}

#[test]
fn settings() {
    let b = backend()
        .with_timeout(Duration::from_millis(250))
        .with_retries(0)
        .with_retry_delay(Duration::from_millis(10));
    assert_eq!(b.timeout(), Duration::from_millis(250));
    assert_eq!(b.retries(), 0);
    assert_eq!(backend().timeout(), Duration::from_secs(30));
    assert_eq!(backend().retries(), 2);
    assert_eq!(checkout().retries(), 2);
}

#[test]
fn debug_stays_redacted() {
    let b = backend().with_base_url("http://127.0.0.1:1").unwrap();
    let c = checkout();
    for text in [
        format!("{b:?}"),
        format!("{b:#?}"),
        format!("{c:?}"),
        format!("{c:#?}"),
    ] {
        assert!(!text.contains("FAKEfake"), "{text}");
    }
    assert!(format!("{b:?}").contains("NormalKey(Mileston_TEST_****00a1)"));
    assert!(format!("{c:?}").contains("CheckoutKey(Mileston_TEST_CHECKOUTKEY_****00b2)"));
}

/// The errors a handle gives, each made by the library from real input (a
/// refused value, a refused base URL, a scripted server's answers, a closed
/// port, a late answer), as the user reads them: the exact `Display`, which
/// holds no key (nor does the `Debug`), of an error that a reporter can hold
/// (`Box<dyn std::error::Error>`, `?`). An unknown outcome is `wallet.rs`'s,
/// a handle without keys `end_to_end.rs`'s.
#[tokio::test(flavor = "current_thread")]
async fn errors_say_what_went_wrong_and_hold_no_key() {
    // One answer per request, in this order; the last comes after the
    // client stopped waiting.
    let (url, seen) = scripted::serve(vec![
        (
            401,
            "",
            r#"{"statusCode":401,"message":"unknown API key Mileston_TEST_FAKEfake0000000000a1"}"#,
            0,
        ),
        (500, "", "", 0),
        (200, "", "<html>Service Unavailable</html>", 0),
        (200, "", r#"{"statusCode":200,"message":"ok"}"#, 0),
        (200, "", "{}", 2_000),
    ]);
    let b = scripted::backend(&url).with_retries(0);
    let c = scripted::checkout(&url).with_retries(0);
    // Port 9 (discard) is closed on a test machine: nothing answers.
    let closed = backend()
        .with_base_url("http://127.0.0.1:9")
        .unwrap()
        .with_retries(0);
    let verify = VerifyPayment::new(
        "r_1",
        "0xdeposit",
        Amount::new("1").unwrap(),
        "0xrecipient",
        Chain::Sui,
        Asset::Usdc,
    );
    let refused_by_the_api = [
        (
            b.get_invoice("in_1").await.unwrap_err(),
            "the Mileston API answered HTTP 401: unknown API key <redacted>",
        ),
        (
            b.get_invoice("in_1").await.unwrap_err(),
            "the Mileston API answered HTTP 500",
        ),
        (
            b.get_invoice("in_1").await.unwrap_err(),
            "unexpected answer from the Mileston API (HTTP 200): the answer to GET \
             /invoice/{id} is not JSON of the expected shape",
        ),
        (
            c.get_payment(PaymentKind::Invoice, "in_1")
                .await
                .unwrap_err(),
            "unexpected answer from the Mileston API (HTTP 200): missing member `paymentData` \
             (or `invoiceData`, `recurringPaymentData`)",
        ),
        (
            b.clone()
                .with_timeout(Duration::from_millis(200))
                .get_invoice("in_1")
                .await
                .unwrap_err(),
            "the Mileston API did not answer within 200 ms",
        ),
    ];
    assert_eq!(seen.lock().unwrap().len(), 5, "one request each");
    // reqwest's words, then the system's (as std reports the same refusal),
    // and no URL.
    let refused = std::net::TcpStream::connect("127.0.0.1:9").unwrap_err();
    let reach = format!(
        "could not reach the Mileston API: error sending request: client error (Connect): tcp \
         connect error: {refused}"
    );
    let closed_checkout = checkout().with_base_url("http://127.0.0.1:9").unwrap();
    let refused_before_sending = [
        (
            backend()
                .with_base_url("http://127.0.0.1@evil.example")
                .unwrap_err(),
            "refused base URL: it has user information (`…@`) before the host",
        ),
        (
            Error::from(Amount::new("0").unwrap_err()),
            "invalid amount: it must be greater than zero",
        ),
        (
            Error::from(IsoDate::new("2026-02-29").unwrap_err()),
            "invalid date: a field is out of range (month, day, hour, minute, second)",
        ),
        (
            closed.list_payment_links(0).await.unwrap_err(),
            "invalid `limit`: it must be from 1 to 100",
        ),
        (
            closed.list_invoices(101).await.unwrap_err(),
            "invalid `limit`: it must be from 1 to 100",
        ),
        (
            closed.get_invoice("").await.unwrap_err(),
            "invalid `id`: it is empty",
        ),
        (
            closed.delete_payment_link("..").await.unwrap_err(),
            "invalid `id`: `.` and `..` are not IDs",
        ),
        (
            closed_checkout
                .get_payment(PaymentKind::Invoice, "")
                .await
                .unwrap_err(),
            "invalid `id`: it is empty",
        ),
        (
            closed_checkout.sub_wallet("..").await.unwrap_err(),
            "invalid `id`: `.` and `..` are not IDs",
        ),
    ];
    let unreachable = [
        closed.get_payment_link("pl_1").await.unwrap_err(),
        closed_checkout
            .verify_payment(PaymentKind::Recurring, &verify)
            .await
            .unwrap_err(),
    ];
    for (e, shown) in refused_by_the_api.iter().chain(&refused_before_sending) {
        assert_eq!(e.to_string(), *shown, "{e:?}");
    }
    for e in &refused_before_sending {
        assert!(e.0.is_invalid_input(), "{:?}", e.0);
    }
    for e in &unreachable {
        assert_eq!(e.to_string(), reach, "{e:?}");
    }
    let every = refused_by_the_api
        .into_iter()
        .chain(refused_before_sending)
        .map(|(e, _)| e)
        .chain(unreachable);
    for e in every {
        for text in [e.to_string(), format!("{e:?}")] {
            assert!(!text.contains("FAKEfake"), "{text}");
        }
        let reported: Box<dyn std::error::Error> = Box::new(e);
        assert!(reported.source().is_none(), "the cause is in the message");
    }
}
