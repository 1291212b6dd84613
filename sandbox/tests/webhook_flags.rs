//! `mileston-sandbox --webhook URL [--webhook-token-env VAR]`: the binary
//! registers the first tenant's webhook at start and delivers to it; it
//! prints which variable the token came from, never the token, and refuses a
//! bad URL or token naming the flag or the variable, never the value.

mod common;

use common::binary::Binary;
use common::receiver::Receiver;
use common::*;
use mileston_sandbox::keys::{API_KEY, BUSINESS_ID};
use serde_json::{Value, json};

#[test]
fn the_binary_registers_its_webhook_flag_and_prints_no_token() {
    let rx = Receiver::start(&[]);
    let hook = rx.url("/hook");
    let mut bin = Binary::start(
        &[
            "--addr",
            "127.0.0.1:0",
            "--webhook",
            &hook,
            "--webhook-token-env",
            "SHOP_HOOK_TOKEN",
        ],
        &[("SHOP_HOOK_TOKEN", CUSTOM_TOKEN)],
    );
    let url = bin
        .out
        .lines()
        .next()
        .unwrap()
        .rsplit(' ')
        .next()
        .unwrap()
        .to_owned();
    assert!(
        bin.out.contains(&format!(
            "Webhook: every paid event of {BUSINESS_ID} is POSTed to {hook}, with the token in \
         `SHOP_HOOK_TOKEN`"
        )),
        "{}",
        bin.out
    );
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent();
    let listed: Value = agent
        .get(format!("{url}/__sandbox/webhooks"))
        .header("apikey", API_KEY)
        .header("businessid", BUSINESS_ID)
        .call()
        .unwrap()
        .body_mut()
        .read_json()
        .unwrap();
    let w = &listed["webhooks"][0];
    assert_eq!(
        (&w["id"], &w["url"], &w["defaultToken"]),
        (&json!("wh_000001"), &json!(hook), &json!(false))
    );
    let created: Value = agent
        .post(format!("{url}/payment-link/create"))
        .header("apikey", API_KEY)
        .header("businessid", BUSINESS_ID)
        .header("content-type", "application/json")
        .send(r#"{"amount":"3.00"}"#)
        .unwrap()
        .body_mut()
        .read_json()
        .unwrap();
    let id = created["paymentData"]["paymentLinkId"].as_str().unwrap();
    agent
        .post(format!("{url}/__sandbox/pay/paymentlink/{id}"))
        .send("")
        .unwrap();
    let got = rx.wait_for(1);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].signature.as_deref(), Some(CUSTOM_TOKEN));
    bin.child.kill().unwrap();
    let out = bin.out.clone();
    let (_, err) = bin.exit();
    assert!(
        !out.contains(CUSTOM_TOKEN) && !err.contains(CUSTOM_TOKEN),
        "{out}{err}"
    );
}

#[test]
fn the_binary_refuses_a_bad_webhook_flag_naming_the_variable_never_its_value() {
    let start = |args: &[&str], env: &[(&str, &str)]| {
        let mut all = vec!["--addr", "127.0.0.1:0"];
        all.extend_from_slice(args);
        Binary::start(&all, env).exit()
    };
    let (code, err) = start(&["--webhook", "https://hooks.shop.example/x"], &[]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: --webhook is refused: the sandbox delivers over plain"),
        "{err}"
    );
    let (code, err) = start(
        &[
            "--webhook",
            "http://127.0.0.1:9/x",
            "--webhook-token-env",
            "NO_SUCH_VAR_R14",
        ],
        &[],
    );
    assert_eq!(code, 2);
    assert!(err.contains("`NO_SUCH_VAR_R14` is not set"), "{err}");
    let (code, err) = start(
        &[
            "--webhook",
            "http://127.0.0.1:9/x",
            "--webhook-token-env",
            "SHOP_HOOK_TOKEN",
        ],
        &[("SHOP_HOOK_TOKEN", API_KEY)],
    );
    assert_eq!(code, 2);
    assert_eq!(
        err.trim_end(),
        "error: `SHOP_HOOK_TOKEN` is not a webhook verification token: it is a Mileston API key, \
         not this secret: copy the right secret from the dashboard, and keep each in its own \
         variable"
    );
    let (code, err) = start(&["--webhook-token-env", "SHOP_HOOK_TOKEN"], &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--webhook <URL>"), "{err}");
}

#[test]
fn the_library_options_register_the_same_webhook() {
    use mileston_sandbox::{Options, Sandbox};
    let refused = Options::default().webhook("http://10.1.2.3/hook", Some(CUSTOM_TOKEN));
    let e = refused.unwrap_err().to_string();
    assert!(
        e.starts_with("`url` is refused: the sandbox delivers over plain"),
        "{e}"
    );
    let bad_token = Options::default().webhook("http://127.0.0.1:9/hook", Some("two words"));
    assert_eq!(
        bad_token.unwrap_err().to_string(),
        "`token` is not a webhook verification token: it has whitespace at position 4 (a \
         trailing newline from `echo`?): trim the value where it is set"
    );

    let rx = Receiver::start(&[]);
    let options = Options::default()
        .webhook(&rx.url("/hook"), Some(CUSTOM_TOKEN))
        .unwrap();
    assert!(!format!("{options:?}").contains(CUSTOM_TOKEN));
    let twice = options.clone().webhook(&rx.url("/hook"), None).unwrap_err();
    assert_eq!(twice.to_string(), "a webhook to this URL is set up already");
    let c = Client::with(Sandbox::start_with(options).unwrap());
    let listed = c.get("/__sandbox/webhooks", NORMAL).json();
    assert_eq!(listed["webhooks"][0]["url"], rx.url("/hook"));
    let id = c.new_invoice(NORMAL);
    c.post(&format!("/__sandbox/pay/invoice/{id}"), NONE, "");
    assert_eq!(rx.wait_for(1)[0].signature.as_deref(), Some(CUSTOM_TOKEN));
}
