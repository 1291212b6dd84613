//! Features by job: a webhook receiver builds without the HTTP client. A
//! fixture crate depends on mileston-config with `default-features = false`
//! and `axum` (which brings `webhooks`): its dependency tree holds no
//! reqwest, rustls, tokio or hyper, and it verifies a real delivery.

mod support;

use std::process::Command;

use support::{Fixture, stderr};

const MAIN: &str = r##"use mileston_config::Test;
use mileston_config::credentials::WebhookToken;
use mileston_config::webhook::{Event, VerifiedEvent, WebhookVerifier};

// The extractor is there too, without the client.
fn _handler(_: VerifiedEvent<Test>) {}

fn main() {
    let verifier = WebhookVerifier::<Test>::new(WebhookToken::new("FAKE-token-0001").unwrap());
    let body = br#"{"event":"invoice-paid","payload":{"transactionSignature":"0xFEED01","env":"test"}}"#;
    let event = verifier
        .verify(&[("X-Webhook-Signature", "FAKE-token-0001")][..], body)
        .unwrap();
    let refused = verifier
        .verify(&[("X-Webhook-Signature", "FAKE-other-token")][..], body)
        .unwrap_err();
    let live = br#"{"event":"invoice-paid","payload":{"transactionSignature":"0x1","env":"prod"}}"#;
    let wrong_mode = verifier
        .verify(&[("X-Webhook-Signature", "FAKE-token-0001")][..], live)
        .unwrap_err();
    println!(
        "{} {} {} {}",
        matches!(event, Event::InvoicePaid(_)),
        event.dedup_key(),
        refused.status(),
        wrong_mode.status()
    );
}
"##;

#[test]
fn a_webhook_receiver_builds_without_the_http_client() {
    let fx = Fixture::new("webhooks-only", MAIN, "");
    let runtime = support::workspace().join("runtime");
    fx.write(
        "Cargo.toml",
        &format!(
            "[package]\nname = \"fx-webhooks-only\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
             publish = false\n\n[dependencies]\nmileston-config = {{ path = {:?}, \
             default-features = false, features = [\"axum\"] }}\n\n[workspace]\n",
            runtime.display().to_string()
        ),
    );
    let tree = Command::new(env!("CARGO"))
        .args(["tree", "-e", "normal", "--prefix", "none", "--offline"])
        .current_dir(&fx.root)
        .output()
        .unwrap();
    assert!(tree.status.success(), "{}", stderr(&tree));
    let tree = String::from_utf8(tree.stdout).unwrap();
    let crates: Vec<&str> = tree
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(crates.contains(&"mileston-config") && crates.contains(&"axum"));
    for client in ["reqwest", "rustls", "tokio", "hyper", "hyper-util"] {
        assert!(!crates.contains(&client), "{client} is built:\n{tree}");
    }
    let bin = fx.build_ok(&[]);
    assert_eq!(fx.run(&bin), "true invoice-paid:0xfeed01 401 400\n");
}
