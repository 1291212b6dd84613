//! Handles pointed at the embedded sandbox (its documented fake keys), the
//! sandbox's control endpoints, and the checks every error goes through: for
//! `end_to_end.rs` and `end_to_end_checkout.rs`.

use mileston_config::backend::NewRecurringPayment;
use mileston_config::credentials::{BusinessId, CheckoutKey, NormalKey};
use mileston_config::types::{Amount, IsoDate};
use mileston_config::{BackendClient, CheckoutClient, Error, Test};
use mileston_sandbox::{Sandbox, keys};

pub fn backend(sandbox: &Sandbox) -> BackendClient<Test> {
    BackendClient::new(
        NormalKey::parse(keys::API_KEY).unwrap(),
        BusinessId::new(keys::BUSINESS_ID).unwrap(),
    )
    .with_base_url(&sandbox.url())
    .unwrap()
}

pub fn checkout(sandbox: &Sandbox) -> CheckoutClient<Test> {
    CheckoutClient::new(
        CheckoutKey::parse(keys::CHECKOUT_KEY).unwrap(),
        BusinessId::new(keys::BUSINESS_ID).unwrap(),
    )
    .with_base_url(&sandbox.url())
    .unwrap()
}

pub fn amount(s: &str) -> Amount {
    Amount::new(s).unwrap()
}

pub fn recurring() -> NewRecurringPayment {
    NewRecurringPayment::new(
        amount("9.99"),
        "Pro",
        "Ada Lovelace",
        "ada@example.com",
        IsoDate::new("2026-12-01").unwrap(),
        30,
    )
}

pub fn control(sandbox: &Sandbox, path: &str, body: Option<&str>) -> String {
    let url = format!("{}/__sandbox/{path}", sandbox.url());
    let mut reply = match body {
        Some(b) => ureq::post(url)
            .header("content-type", "application/json")
            .send(b)
            .unwrap(),
        None if path.starts_with("pay/") => ureq::post(url).send_empty().unwrap(),
        None => ureq::get(url).call().unwrap(),
    };
    reply.body_mut().read_to_string().unwrap()
}

pub fn requests(sandbox: &Sandbox) -> u64 {
    let text = control(sandbox, "requests", None);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["total"].as_u64().unwrap()
}

pub fn assert_no_key(e: &Error) {
    for text in [e.to_string(), format!("{e:?}")] {
        for k in [keys::API_KEY, keys::CHECKOUT_KEY, keys::OTHER_API_KEY] {
            assert!(!text.contains(&k[14..]), "{text}");
        }
    }
}

pub fn status(e: &Error) -> (u16, String) {
    assert_no_key(e);
    match e {
        Error::Status { status, message } => (*status, message.clone()),
        other => panic!("expected a status error, got {other:?}"),
    }
}
