//! README's first commands, `cargo run --example quickstart` and
//! `cargo run --example payout`, run for real against the embedded sandbox:
//! their exit status, their whole output, and no key in it.
//!
//! The examples are built by cargo as `cargo test --workspace` builds them
//! (`cargo build --workspace --examples`: the same features, so that CI
//! builds nothing twice and this finds them fresh), then run as `cargo run`
//! runs them, from the workspace's root.
#![cfg(unix)]

mod support;

use std::path::PathBuf;
use std::process::Command;

use support::workspace;

/// Where a line's words vary from run to run: the sandbox's port, and the
/// transport's own words for a dropped connection (reqwest's and the
/// system's).
const VARIES: &str = "…";

/// What cargo sets for a test it runs, which a build script may track
/// (ring's does `CARGO_MANIFEST_DIR`): left in, the build would differ from
/// the one `cargo test` made and start over.
fn set_for_this_test(var: &str) -> bool {
    var.starts_with("CARGO_PKG_")
        || [
            "CARGO_MANIFEST_DIR",
            "CARGO_MANIFEST_PATH",
            "CARGO_CRATE_NAME",
            "CARGO_BIN_NAME",
            "CARGO_PRIMARY_PACKAGE",
            "CARGO_TARGET_TMPDIR",
            "OUT_DIR",
        ]
        .contains(&var)
}

/// Builds the workspace's examples; the path of `name`'s binary.
fn example(name: &str) -> PathBuf {
    let mut cargo = Command::new(env!("CARGO"));
    cargo
        .args([
            "build",
            "--workspace",
            "--examples",
            "--message-format=json",
        ])
        .current_dir(workspace())
        .env("CARGO_TERM_COLOR", "never");
    for (var, _) in std::env::vars() {
        if set_for_this_test(&var) {
            cargo.env_remove(var);
        }
    }
    let out = cargo.output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "the examples do not build:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == name)
        .find(|m| m["target"]["kind"][0] == "example")
        .and_then(|m| m["executable"].as_str().map(PathBuf::from))
        .unwrap_or_else(|| panic!("no example `{name}` was built"))
}

/// Runs example `name` from the workspace's root; its stdout, after checking
/// that it succeeded, wrote nothing to stderr and showed no key.
fn run(name: &str) -> String {
    let out = Command::new(example(name))
        .current_dir(workspace())
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        (out.status.code(), stderr.as_ref()),
        (Some(0), ""),
        "`cargo run --example {name}` failed; its output:\n{stdout}"
    );
    // The sandbox's keys say `sandboxFAKE` (docs/wire-protocol.md).
    assert!(!stdout.contains("FAKE"), "a key in the output:\n{stdout}");
    stdout
}

/// `got` line for line as `expected`, where a line's `…` stands for any text.
fn assert_output(got: &str, expected: &str) {
    let (got_lines, want_lines): (Vec<&str>, Vec<&str>) =
        (got.lines().collect(), expected.lines().collect());
    let same = got_lines.len() == want_lines.len()
        && got_lines
            .iter()
            .zip(&want_lines)
            .all(|(g, w)| match w.split_once(VARIES) {
                Some((head, tail)) => {
                    g.len() >= head.len() + tail.len() && g.starts_with(head) && g.ends_with(tail)
                }
                None => g == w,
            });
    assert!(same, "the output:\n{got}\nis not:\n{expected}");
}

#[test]
fn quickstart_runs_the_whole_flow() {
    assert_output(
        &run("quickstart"),
        "\
sandbox      http://127.0.0.1:… (test mode, in memory)
backend      NormalKey(Mileston_TEST_****0001)
checkout     CheckoutKey(Mileston_TEST_CHECKOUTKEY_****0001)
business id  biz_sandbox_0001
health       healthy

created with the backend handle, read with the checkout handle:
  PaymentLink   pl_000001     25.00 USD  pending  https://checkout.mileston.co/payment-link/pl_000001
  Invoice       inv_000002   120.50 USD  pending  https://checkout.mileston.co/invoice/inv_000002
  Recurring     rec_000003     9.99 USD  pending  (no hosted page)

sub-wallet on Polygon: 0x00000000000000000000000000000000005a5b01
deposit address for the invoice: 0x00000000000000000000000000000000005ad001
verify invoice before payment: still awaiting payment
verify invoice after payment:  paid
invoice inv_000002 is now paid
payment link pl_000001, saved, is now paid
",
    );
}

/// A payout, its transaction, a batch, then README's reconciliation after a
/// connection dropped before the payout was made (sent again) and an answer
/// cut after it was made (not sent again): the balance moves by exactly the
/// payouts made, 25 + 10 + 5.50 + 25 + 25.
#[test]
fn payout_moves_money_once_through_faults() {
    assert_output(
        &run("payout"),
        "\
sandbox      http://127.0.0.1:… (test mode, in memory)
wallet       WalletClient { key: NormalKey(Mileston_TEST_****0001), business_id: BusinessId(\"biz_sandbox_0001\"), secret: WalletSecret(<redacted>), settings: Settings { base: Some(Shared(\"http://127.0.0.1:…\")), allow_live: false, timeout: 30s, retries: 2, backoff: 200ms, client: None } }
base balance 1000 USDC

payout       Payment sent successfully (tx_000001)
status       pending
status       completed (signature 0x000000000000000000000000000000000000000000000000005a7e0000000100)
base balance 975 USDC

batch        Batch payment processed successfully (2 transactions)
base balance 959.5 USDC

unknown      the outcome of `POST /user/send-payment` is unknown (could not reach the Mileston API: …): it was not sent again, so that funds never move twice; find out from the source wallet's balance before sending it again
reconciled   base still 959.5: nothing moved, sending it again
payout       Payment sent successfully
unknown      the outcome of `POST /user/send-payment` is unknown (unexpected answer from the Mileston API (HTTP 200): the answer to POST /user/send-payment is not JSON of the expected shape): it was not sent again, so that funds never move twice; find out from the source wallet's balance before sending it again
payout       reconciled: base 934.5 -> 909.5, it went through
base balance 909.5 USDC
",
    );
}
