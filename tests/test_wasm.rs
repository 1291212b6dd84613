//! The frontend rule: a normal key never reaches a wasm build. Real
//! `cargo build --target wasm32-unknown-unknown` of fixture crates, then a
//! byte search of every file the build wrote. Every key here is fake.

mod support;
use support::{Fixture, files_containing, stderr, target_dir};

const BIZ: (&str, &str) = ("MILESTON_BUSINESS_ID", "biz_wasm");
const CHECKOUT: &str = "Mileston_TEST_CHECKOUTKEY_FAKEwasmCheckout0001";
// Distinct per test, so a hit can only come from that test's build.
const NORMAL_REFUSED: &str = "Mileston_TEST_FAKEwasmRefusedNormal001";
const NORMAL_IN_ENV: &str = "Mileston_TEST_FAKEwasmEnvNormal000002";
const NORMAL_IN_DOTENV: &str = "Mileston_TEST_FAKEwasmDotenvNormal0003";

const WASM: &str = "--target=wasm32-unknown-unknown";

fn main_rs(args: &str) -> String {
    format!(
        r#"
use mileston_config::mileston_config;

#[mileston_config({args})]
pub struct Mileston;

fn main() {{
    std::hint::black_box(Mileston::checkout().key().expose_secret());
}}
"#
    )
}

#[test]
fn backend_in_a_wasm_build_is_refused_and_leaves_no_trace() {
    let fx = Fixture::new("wasm-backend", &main_rs("backend, checkout"), "");
    let out = fx.build(
        &[WASM],
        &[
            ("MILESTON_API_KEY", NORMAL_REFUSED),
            ("MILESTON_CHECKOUT_KEY", CHECKOUT),
            BIZ,
        ],
    );
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains(
            "error: `backend` cannot be declared in a wasm build: a normal Mileston API key is a \
             backend secret and must never be compiled into a wasm/frontend artifact"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "#[cfg_attr(not(target_family = \"wasm\"), mileston_config(backend, checkout))]"
        ),
        "{err}"
    );
    assert_eq!(
        err.matches("error: ").count(),
        2,
        "one refusal and cargo's summary: {err}"
    );
    assert!(!err.contains(NORMAL_REFUSED));
    assert_eq!(
        files_containing(&target_dir(), NORMAL_REFUSED),
        Vec::<std::path::PathBuf>::new()
    );

    // The same crate builds natively: the refusal is about the target. (With
    // another key: a native build records the key in cargo's dep-info files.)
    let native = "Mileston_TEST_FAKEwasmNativeNormal0004";
    let out = fx.build(
        &[],
        &[
            ("MILESTON_API_KEY", native),
            ("MILESTON_CHECKOUT_KEY", CHECKOUT),
            BIZ,
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn checkout_only_builds_and_no_normal_key_is_anywhere_in_the_build() {
    let fx = Fixture::new("wasm-checkout", &main_rs("checkout"), "");
    // A .env shared with a backend holds the normal key too.
    fx.write(
        ".env",
        &format!("MILESTON_API_KEY={NORMAL_IN_DOTENV}\nMILESTON_CHECKOUT_KEY={CHECKOUT}\n"),
    );
    let env = [("MILESTON_API_KEY", NORMAL_IN_ENV), BIZ];
    for profile in [&[WASM][..], &[WASM, "--release"][..]] {
        let out = fx.build(profile, &env);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let wasm_dir = target_dir().join("wasm32-unknown-unknown");
    for dir in ["debug", "release"] {
        let artifact = wasm_dir.join(dir).join("fx-wasm-checkout.wasm");
        assert!(
            support::contains(&artifact, CHECKOUT),
            "the checkout key is injected: {}",
            artifact.display()
        );
    }
    for normal in [NORMAL_IN_ENV, NORMAL_IN_DOTENV] {
        assert_eq!(
            files_containing(&target_dir(), normal),
            Vec::<std::path::PathBuf>::new(),
            "{normal}"
        );
    }
}

/// The checkout handle with its HTTP client (the browser's fetch) builds for
/// wasm32, in release, with a normal key in the environment that it never
/// reads; so does a backend handle from a key supplied at run time.
#[test]
fn checkout_handle_with_http_client_builds_for_wasm32() {
    let main = r#"
use mileston_config::mileston_config;
use mileston_config::types::PaymentKind;

#[mileston_config(checkout)]
pub struct Mileston;

pub async fn status(id: &str) -> Result<bool, mileston_config::Error> {
    Ok(Mileston::checkout().get_payment(PaymentKind::Invoice, id).await?.is_paid())
}

// Server-side wasm (Workers, Spin): the normal key comes from the platform's
// secrets at run time, checked by the same rules, never baked in.
pub async fn create(secret: &str) -> Result<Option<String>, Box<dyn std::error::Error>> {
    use mileston_config::{BackendClient, Test};
    use mileston_config::backend::NewPaymentLink;
    use mileston_config::credentials::{BusinessId, NormalKey};
    use mileston_config::types::Amount;
    let backend = BackendClient::new(NormalKey::<Test>::parse(secret)?, BusinessId::new("biz_wasm")?);
    let link = backend.create_payment_link(&NewPaymentLink::new(Amount::new("1.00")?)).await?;
    Ok(link.url)
}

fn main() {
    std::hint::black_box(status("inv_1"));
    std::hint::black_box(create(&std::env::args().next().unwrap_or_default()));
}
"#;
    let fx = Fixture::new("wasm-http", main, "");
    let manifest = std::fs::read_to_string(fx.root.join("Cargo.toml")).unwrap();
    fx.write(
        "Cargo.toml",
        &manifest.replace(", default-features = false", ""),
    );
    let normal = "Mileston_TEST_FAKEwasmHttpNormal000005";
    let out = fx.build(
        &[WASM, "--release"],
        &[
            ("MILESTON_API_KEY", normal),
            ("MILESTON_CHECKOUT_KEY", CHECKOUT),
            BIZ,
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let artifact = target_dir().join("wasm32-unknown-unknown/release/fx-wasm-http.wasm");
    assert!(std::fs::metadata(&artifact).unwrap().len() > 0);
    assert_eq!(
        files_containing(&target_dir(), normal),
        Vec::<std::path::PathBuf>::new()
    );
}
