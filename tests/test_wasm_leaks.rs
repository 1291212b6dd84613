//! No byte of a normal key reaches any file of a wasm build, whichever way it
//! comes: in the checkout key's variable, in the business ID's, in a `.env`
//! file, beside the full-stack `cfg_attr` pattern, in builds without keys
//! (`DOCS_RS`, `MILESTON_ALLOW_MISSING_KEYS=1`), with and without the
//! build-script helper. A refused value is never named for the compiler or
//! cargo to record (`option_env!` writes `# env-dep:VAR=value` into dep-info
//! files; `rerun-if-env-changed` stores the value in cargo's fingerprints).
//!
//! Real `cargo build --target wasm32-unknown-unknown` of fixture crates, in a
//! target directory of their own, then a search of every file under it (and
//! of cargo's output) for any 8-character piece of the key's body. Each case
//! has its own key with a random body, so a hit can only come from that case.
//! Every key here is fake.

mod support;
use std::path::PathBuf;

use support::{Fixture, body_pieces, files_with_a_piece_of, stderr, workspace};

/// This file's own target directory: what is searched is only what these
/// builds wrote.
fn target_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("wasm-leaks-target")
}

const WASM: &str = "--target=wasm32-unknown-unknown";
const CHECKOUT: &str = "Mileston_TEST_CHECKOUTKEY_FAKEC3J27XDCG2LmlZGEONYl";
const BIZ: (&str, &str) = ("MILESTON_BUSINESS_ID", "biz_leaks");

const CHECKOUT_ONLY: &str = r#"
use mileston_config::mileston_config;

#[mileston_config(checkout)]
pub struct Mileston;

fn main() {
    std::hint::black_box(Mileston::checkout().key().is_placeholder());
}
"#;

const FULL_STACK: &str = r#"
use mileston_config::mileston_config;

#[cfg_attr(not(target_family = "wasm"), mileston_config(backend, checkout))]
#[cfg_attr(target_family = "wasm", mileston_config(checkout))]
pub struct Mileston;

fn main() {
    #[cfg(not(target_family = "wasm"))]
    std::hint::black_box(Mileston::backend().key().is_placeholder());
    std::hint::black_box(Mileston::checkout().key().is_placeholder());
}
"#;

/// Adds the build-script helper (and its `[package.metadata.mileston]`) to a
/// fixture whose crate also uses the attribute.
fn with_helper(fx: &Fixture, metadata: &str) {
    let runtime = workspace().join("runtime");
    fx.write(
        "Cargo.toml",
        &format!(
            "[package]\nname = \"{}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nmileston-config = {{ path = {runtime:?}, default-features = false }}\n\n\
             [build-dependencies]\nmileston-config = {{ path = {runtime:?}, default-features = false, features = [\"build\"] }}\n\n\
             [workspace]\n\n[package.metadata.mileston]\n{metadata}\n",
            fx.name,
        ),
    );
    fx.write(
        "build.rs",
        "fn main() {\n    mileston_config::build::check();\n}\n",
    );
}

/// Builds for wasm32 and checks that neither cargo's output nor any file of
/// the target directory holds a piece of `normal`; returns cargo's output.
fn build_without_trace(fx: &Fixture, env: &[(&str, &str)], normal: &str) -> String {
    let out = fx.build_in(&target_dir(), &[WASM], env);
    let err = stderr(&out);
    for piece in body_pieces(normal) {
        assert!(
            !err.contains(&piece),
            "{}: cargo printed {piece}:\n{err}",
            fx.name
        );
    }
    assert_eq!(
        files_with_a_piece_of(&target_dir(), normal),
        Vec::<std::path::PathBuf>::new(),
        "{}: files hold a piece of the normal key",
        fx.name
    );
    assert_eq!(out.status.success(), !err.contains("error:"), "{err}");
    err
}

#[test]
fn a_normal_key_in_the_checkout_or_business_id_variable_is_refused_without_trace() {
    let fx = Fixture::new("leak-checkout-var", CHECKOUT_ONLY, "");
    let normal = "Mileston_TEST_FAKEgCtjfIZ4SOcMz9CPVNPk";
    let err = build_without_trace(&fx, &[("MILESTON_CHECKOUT_KEY", normal), BIZ], normal);
    assert!(
        err.contains("MILESTON_CHECKOUT_KEY (from the process environment) holds a normal API key"),
        "{err}"
    );

    let normal = "Mileston_TEST_FAKENa1Hedcm4pMbXDuCL1mH";
    let err = build_without_trace(
        &fx,
        &[
            ("MILESTON_CHECKOUT_KEY", CHECKOUT),
            ("MILESTON_BUSINESS_ID", normal),
        ],
        normal,
    );
    assert!(
        err.contains("MILESTON_BUSINESS_ID (from the process environment) is not a valid business ID: it looks like an API key"),
        "{err}"
    );
}

#[test]
fn a_normal_key_in_a_dotenv_file_is_refused_without_trace() {
    let fx = Fixture::new("leak-dotenv", CHECKOUT_ONLY, "");
    let normal = "Mileston_TEST_FAKEoOsFaQfDPrAJ71fTquWo";
    fx.write(
        ".env",
        &format!("MILESTON_BUSINESS_ID=biz_leaks\nMILESTON_CHECKOUT_KEY={normal}\n"),
    );
    let err = build_without_trace(&fx, &[], normal);
    assert!(
        err.contains("MILESTON_CHECKOUT_KEY (from .env line 2) holds a normal API key"),
        "{err}"
    );
}

#[test]
fn the_full_stack_pattern_builds_for_wasm_without_trace() {
    let fx = Fixture::new("leak-full-stack", FULL_STACK, "");
    let in_env = "Mileston_TEST_FAKEGsbeKXgzg2sye9b2Rann";
    let in_dotenv = "Mileston_TEST_FAKE76dEyTzAeKOmXRrvftva";
    fx.write(".env", &format!("MILESTON_API_KEY={in_dotenv}\n"));
    let env = [
        ("MILESTON_API_KEY", in_env),
        ("MILESTON_CHECKOUT_KEY", CHECKOUT),
        BIZ,
    ];
    let err = build_without_trace(&fx, &env, in_env);
    assert!(!err.contains("error"), "{err}");
    build_without_trace(&fx, &env, in_dotenv);
}

#[test]
fn builds_without_keys_name_no_key_variable() {
    let fx = Fixture::new("leak-placeholder", FULL_STACK, "");
    for (i, opt_in) in [("DOCS_RS", "1"), ("MILESTON_ALLOW_MISSING_KEYS", "1")]
        .into_iter()
        .enumerate()
    {
        // Keys in every variable, the normal key where the checkout key goes:
        // none is read, none is recorded.
        let normal = [
            "Mileston_TEST_FAKE9AW7hipTgadDZFlRJmCG",
            "Mileston_TEST_FAKEmUXiAPyhzAnar3ZLt4bn",
        ][i];
        let err = build_without_trace(
            &fx,
            &[
                opt_in,
                ("MILESTON_API_KEY", normal),
                ("MILESTON_CHECKOUT_KEY", normal),
                ("MILESTON_BUSINESS_ID", normal),
            ],
            normal,
        );
        assert!(!err.contains("error"), "{err}");
    }
}

#[test]
fn with_the_build_script_helper_no_refused_value_is_recorded() {
    // The helper refuses the normal key in the checkout variable before
    // rustc runs, and does not declare it to cargo.
    let fx = Fixture::new("leak-helper", CHECKOUT_ONLY, "");
    with_helper(&fx, "checkout = true");
    let normal = "Mileston_TEST_FAKElz2MPKgcjnCqaXNv1sye";
    let err = build_without_trace(&fx, &[("MILESTON_CHECKOUT_KEY", normal), BIZ], normal);
    assert!(err.contains("holds a normal API key"), "{err}");

    // `backend` in the metadata of a wasm build: refused, its variable never
    // read nor watched.
    let fx = Fixture::new("leak-helper-backend", FULL_STACK, "");
    with_helper(&fx, "checkout = true\nbackend = true");
    let normal = "Mileston_TEST_FAKEefnLOpaMxxNDi9LE1Ki3";
    let err = build_without_trace(
        &fx,
        &[
            ("MILESTON_API_KEY", normal),
            ("MILESTON_CHECKOUT_KEY", CHECKOUT),
            BIZ,
        ],
        normal,
    );
    assert!(
        err.contains("target wasm32-unknown-unknown: `backend` cannot be declared in a wasm build"),
        "{err}"
    );

    // A build without keys with the helper: nothing read, nothing recorded.
    let normal = "Mileston_TEST_FAKEylOjt6o0NpUmkVO8JmR8";
    let err = build_without_trace(
        &fx,
        &[
            ("DOCS_RS", "1"),
            ("MILESTON_API_KEY", normal),
            ("MILESTON_CHECKOUT_KEY", normal),
        ],
        normal,
    );
    assert!(
        err.contains("`backend` cannot be declared in a wasm build"),
        "the refusal does not depend on keys: {err}"
    );
}

#[test]
fn the_wallet_secret_and_the_webhook_token_never_reach_a_wasm_build() {
    // Declared for a wasm build: refused with their own words and the hint.
    let main = CHECKOUT_ONLY.replace(
        "mileston_config(checkout)",
        "mileston_config(checkout, wallet, webhook)",
    );
    let fx = Fixture::new("leak-wallet-webhook", &main, "");
    let wallet = "FAKEwalletLeakQv8Zt1Lm4Xr7Np2";
    let webhook = "FAKEwebhookLeakHs3Kd9Wc6Yb1Tf5";
    let normal = "Mileston_TEST_FAKEleakWithWalletJ4nQ8r2Lx";
    let env = [
        ("MILESTON_SECRET_KEY", wallet),
        ("MILESTON_WEBHOOK_TOKEN", webhook),
        ("MILESTON_API_KEY", normal),
        ("MILESTON_CHECKOUT_KEY", CHECKOUT),
        BIZ,
    ];
    let err = build_without_trace(&fx, &env, &format!("Mileston_TEST_{wallet}"));
    for refusal in [
        "error: `wallet` cannot be declared in a wasm build: the wallet signing secret authorises \
         payouts and must never be compiled into a wasm/frontend artifact",
        "error: `webhook` cannot be declared in a wasm build: the webhook token is what proves a \
         delivery comes from Mileston",
        "#[cfg_attr(not(target_family = \"wasm\"), mileston_config(wallet, checkout))]",
    ] {
        assert!(err.contains(refusal), "{err}");
    }
    build_without_trace(&fx, &env, &format!("Mileston_TEST_{webhook}"));
    build_without_trace(&fx, &env, normal);

    // The full-stack pattern with every backend secret: the page builds, and
    // none of them is in it.
    let main = FULL_STACK.replace(
        "mileston_config(backend, checkout))]",
        "mileston_config(backend, checkout, wallet, webhook))]",
    );
    let fx = Fixture::new("leak-wallet-full-stack", &main, "");
    let err = build_without_trace(&fx, &env, &format!("Mileston_TEST_{wallet}"));
    assert!(!err.contains("error"), "{err}");
    build_without_trace(&fx, &env, &format!("Mileston_TEST_{webhook}"));
}

/// A backend secret's value in the business ID's variable, in the
/// full-stack pattern's wasm build (which reads no backend secret): the
/// build is refused, naming the variables only, and no byte of the secret
/// is in any file the build wrote (`.wasm`, `deps/*.d`, `.fingerprint`,
/// `incremental/`): the secret's variable is looked up, never recorded.
/// A wallet secret shaped like a key's body is refused for its shape
/// first; one that would pass as a business ID, for being the secret.
#[test]
fn a_backend_secret_in_the_business_id_is_refused_without_trace() {
    let main = FULL_STACK.replace(
        "mileston_config(backend, checkout))]",
        "mileston_config(backend, checkout, wallet))]",
    );
    let fx = Fixture::new("leak-secret-as-business-id", &main, "");
    let normal = "Mileston_TEST_FAKEbizLeakNormalJ4nQ8r2Lxy";
    for (wallet, refusal) in [
        (
            "FAKEbizLeakWalletQv8Zt1Lm4X",
            "MILESTON_BUSINESS_ID (from the process environment) is not a valid business ID: \
             it looks like an API key",
        ),
        (
            "FAKE-BIZ-LEAK-WALLET-QV8ZT1LM4X",
            "MILESTON_BUSINESS_ID (from the process environment) holds the value of \
             MILESTON_SECRET_KEY, the wallet signing secret: the business ID is not a secret",
        ),
    ] {
        let env = [
            ("MILESTON_SECRET_KEY", wallet),
            ("MILESTON_API_KEY", normal),
            ("MILESTON_CHECKOUT_KEY", CHECKOUT),
            ("MILESTON_BUSINESS_ID", wallet),
        ];
        let err = build_without_trace(&fx, &env, &format!("Mileston_TEST_{wallet}"));
        assert!(err.contains(refusal), "{wallet}: {err}");
    }
}

/// `load = "start"` in a wasm build: the checkout key is read at build time,
/// as a page needs (the attribute expands the item again under
/// `cfg(target_family = "wasm")`), whether the settings are in Cargo.toml
/// (with the native table and the build-script helper) or in the attribute;
/// the backend secrets in the environment leave no trace.
#[test]
fn a_load_start_crate_reads_the_checkout_key_at_build_time_for_wasm() {
    const MAIN: &str = r#"
use mileston_config::mileston_config;

#[mileston_config(ARGS)]
pub struct Mileston;

fn main() {
    std::hint::black_box(Mileston::load().is_ok());
    std::hint::black_box(Mileston::checkout().key().expose_secret());
}
"#;
    let checkout = "Mileston_TEST_CHECKOUTKEY_FAKEXc7Tq2Lm9gHs4Ve1";
    let normal = "Mileston_TEST_FAKEnRk4Zp8WdyJb6Mf3";
    let env = [
        ("MILESTON_API_KEY", normal),
        ("MILESTON_CHECKOUT_KEY", checkout),
        ("MILESTON_SECRET_KEY", "FAKEwHq3Vn6YbkTc9Ls5"),
        BIZ,
    ];
    let fx = Fixture::new("leak-start-manifest", &MAIN.replace("ARGS", ""), "");
    with_helper(
        &fx,
        "checkout = true\nload = \"start\"\nmode = \"test\"\n\n\
         [package.metadata.mileston.native]\nbackend = true\nwallet = true",
    );
    let err = build_without_trace(&fx, &env, normal);
    assert!(!err.contains("error"), "{err}");
    build_without_trace(&fx, &env, "Mileston_TEST_FAKEwHq3Vn6YbkTc9Ls5");
    let page = target_dir().join("wasm32-unknown-unknown/debug/fx-leak-start-manifest.wasm");
    assert!(
        support::contains(&page, checkout),
        "the page holds its checkout key"
    );

    let fx = Fixture::new(
        "leak-start-attribute",
        &MAIN.replace("ARGS", "checkout, load = \"start\", mode = \"test\""),
        "",
    );
    let err = build_without_trace(&fx, &env, normal);
    assert!(!err.contains("error"), "{err}");
    let page = target_dir().join("wasm32-unknown-unknown/debug/fx-leak-start-attribute.wasm");
    assert!(
        support::contains(&page, checkout),
        "the page holds its checkout key"
    );
}
