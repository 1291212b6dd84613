//! What an error reporter prints of an [`Error`]: each sentence once. The
//! error's `Display` holds its cause's words and `source()` is `None`, so
//! anyhow's `{:#}` (the chain on one line) and `{:?}` (the report, with
//! "Caused by:") never repeat a sentence.
#![cfg(all(feature = "http", not(target_arch = "wasm32")))]

#[path = "support/scripted.rs"]
#[allow(dead_code)] // Each test file uses its part.
mod scripted;

use std::time::Duration;

use anyhow::Context as _;
use mileston_config::credentials::WalletSecret;
use mileston_config::types::{Amount, Chain};
use mileston_config::wallet::Payout;
use mileston_config::{Error, WalletClient};
use scripted::{backend, serve};

/// How often `needle` occurs in `haystack`.
fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// anyhow's report (`{:?}`), without the backtrace it adds when
/// `RUST_BACKTRACE` is set.
fn report(e: &anyhow::Error) -> String {
    let text = format!("{e:?}");
    match text.find("\n\nStack backtrace:") {
        Some(end) => text[..end].to_owned(),
        None => text,
    }
}

#[test]
fn a_malformed_key_is_printed_once() {
    let e = mileston_config::credentials::NormalKey::<mileston_config::Test>::parse(
        "Mileston_TEST_short",
    )
    .unwrap_err();
    let said = e.to_string();
    assert!(std::error::Error::source(&e).is_none());
    let e = anyhow::Error::new(e).context("reading MILESTON_API_KEY");
    assert_eq!(
        format!("{e:#}"),
        format!("reading MILESTON_API_KEY: {said}")
    );
    assert_eq!(count(&report(&e), &said), 1, "{}", report(&e));
}

#[test]
fn a_refused_base_url_is_printed_once() {
    let e = backend("http://127.0.0.1:1")
        .with_base_url("http://example.com")
        .unwrap_err();
    let said = e.to_string();
    assert!(matches!(e, Error::BaseUrl(_)), "{e:?}");
    assert!(std::error::Error::source(&e).is_none());
    let e = anyhow::Error::new(e).context("pointing the handle at the sandbox");
    assert_eq!(
        format!("{e:#}"),
        format!("pointing the handle at the sandbox: {said}")
    );
    assert_eq!(
        report(&e),
        format!("pointing the handle at the sandbox\n\nCaused by:\n    {said}")
    );
}

#[test]
fn an_invalid_amount_says_why_once() {
    let e = Error::from(Amount::new("1,00").unwrap_err());
    let e = anyhow::Error::new(e).context("creating an invoice");
    let reason = "it is not a decimal number written as digits, optionally a `.` and more \
                  digits (e.g. `100.00`, `1`, `0.5`)";
    assert_eq!(
        format!("{e:#}"),
        format!("creating an invoice: invalid amount: {reason}")
    );
    assert_eq!(
        report(&e),
        format!("creating an invoice\n\nCaused by:\n    invalid amount: {reason}")
    );
    assert_eq!(count(&report(&e), reason), 1);
}

/// A payout whose answer does not come in time: the unknown outcome names its
/// timeout, and the report says so once.
#[tokio::test(flavor = "current_thread")]
async fn an_unknown_outcome_names_its_cause_once() {
    let (url, _seen) = serve(vec![(200, "", "{}", 1500)]);
    let wallet = WalletClient::from_backend(
        backend(&url).with_timeout(Duration::from_millis(200)),
        WalletSecret::new("FAKE-wallet-secret-for-tests").unwrap(),
    );
    let payout = Payout::new(Amount::new("1.00").unwrap(), "0xabc", Chain::Eth);
    let e = wallet.send_payment(&payout).await.unwrap_err();
    assert!(e.is_outcome_unknown(), "{e:?}");
    let timeout = "the Mileston API did not answer within 200 ms";
    let report = report(&Err::<(), _>(e).context("paying the supplier").unwrap_err());
    assert_eq!(
        report,
        format!(
            "paying the supplier\n\nCaused by:\n    the outcome of `POST /user/send-payment` is \
             unknown ({timeout}): it was not sent again, so that funds never move twice; find \
             out from the source wallet's balance before sending it again"
        )
    );
    assert_eq!(count(&report, timeout), 1);
}
