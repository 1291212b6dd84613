//! Where keys come from, end to end: real builds of fixture crates with `.env`
//! files, `[package.metadata.mileston]`, and the environment over both.
//! Every key here is fake (bodies say FAKE).

mod support;
use support::{Fixture, contains, stderr};

const MAIN: &str = r#"
use mileston_config::mileston_config;

#[mileston_config(checkout)]
pub struct Mileston;

fn main() {
    println!("{} {} {:?}", Mileston::MODE, Mileston::business_id(), Mileston::checkout().key());
}
"#;

const K_DOT: &str = "Mileston_TEST_CHECKOUTKEY_FAKEfromDotenv00001";
const K_ENV: &str = "Mileston_TEST_CHECKOUTKEY_FAKEfromEnviron0002";

#[test]
fn dotenv_then_environment_over_dotenv() {
    let fx = Fixture::new("dotenv", MAIN, "");
    fx.write(
        ".env",
        &format!("# fake keys\nMILESTON_BUSINESS_ID=biz_dotenv\nMILESTON_CHECKOUT_KEY={K_DOT}\n"),
    );
    let bin = fx.build_ok(&[]);
    assert_eq!(
        fx.run(&bin),
        "test biz_dotenv CheckoutKey(Mileston_TEST_CHECKOUTKEY_****0001)\n"
    );
    assert!(contains(&bin, K_DOT));

    let bin = fx.build_ok(&[("MILESTON_CHECKOUT_KEY", K_ENV)]);
    assert_eq!(
        fx.run(&bin),
        "test biz_dotenv CheckoutKey(Mileston_TEST_CHECKOUTKEY_****0002)\n"
    );
    assert!(contains(&bin, K_ENV));
    // The .env file is tracked for rebuilds, but its content is not embedded.
    assert!(!contains(&bin, K_DOT));
}

#[test]
fn errors_say_which_file_and_line() {
    let fx = Fixture::new("dotenv-error", MAIN, "");
    fx.write(
        ".env",
        "MILESTON_BUSINESS_ID=biz_dotenv\n\nMILESTON_CHECKOUT_KEY=Mileston_TEST_CHECKOUTKEY_FAKEshort\n",
    );
    let out = fx.build(&[], &[]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains(
            "error: MILESTON_CHECKOUT_KEY (from .env line 3) is not a valid Mileston key: its body \
             (after the prefix) is 9 characters long, Mileston keys have at least 16: was it cut off?"
        ),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("FAKEshort"));

    fx.write(
        ".env",
        "MILESTON_BUSINESS_ID=biz_dotenv\nMILESTON_CHECKOUT_KEY = = x\n",
    );
    let out = fx.build(&[], &[]);
    assert!(
        stderr(&out).contains("error: .env has a syntax error at line 2: expected `NAME=value`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn cargo_toml_metadata_with_a_bare_attribute() {
    let main = MAIN.replace("#[mileston_config(checkout)]", "#[mileston_config]");
    let fx = Fixture::new(
        "metadata",
        &main,
        "[package.metadata.mileston]\ncheckout = \"SHOP_KEY\"\nbusiness_id = \"SHOP_BIZ\"\nmode = \"test\"\n",
    );
    let bin = fx.build_ok(&[("SHOP_KEY", K_ENV), ("SHOP_BIZ", "biz_shop")]);
    assert_eq!(
        fx.run(&bin),
        "test biz_shop CheckoutKey(Mileston_TEST_CHECKOUTKEY_****0002)\n"
    );

    // The attribute wins over Cargo.toml.
    let fx = Fixture::new(
        "metadata-override",
        MAIN,
        "[package.metadata.mileston]\ncheckout = \"SHOP_KEY\"\nbusiness_id = \"SHOP_BIZ\"\n",
    );
    let bin = fx.build_ok(&[
        ("MILESTON_CHECKOUT_KEY", K_DOT),
        ("SHOP_KEY", K_ENV),
        ("SHOP_BIZ", "b"),
    ]);
    assert!(fx.run(&bin).ends_with("****0001)\n"));

    let fx = Fixture::new(
        "metadata-error",
        &main,
        "[package.metadata.mileston]\ncheckout = 7\ncolour = \"red\"\n",
    );
    let out = fx.build(&[], &[]);
    let err = stderr(&out);
    assert!(err.contains("error: Cargo.toml line 13: `checkout` must be `true`, `false` or the name of an environment variable"), "{err}");
    assert!(
        err.contains(
            "error: Cargo.toml line 14: unknown setting `colour` in [package.metadata.mileston]"
        ),
        "{err}"
    );
}

#[test]
fn nearest_dotenv_wins_up_to_the_workspace_root() {
    let fx = Fixture::new("nested", "", "");
    // Turn the fixture into a workspace with one member, `app`.
    let app = Fixture {
        root: fx.root.join("app"),
        name: "fx-nested-app".into(),
    };
    std::fs::create_dir_all(app.root.join("src")).unwrap();
    let manifest = std::fs::read_to_string(fx.root.join("Cargo.toml")).unwrap();
    std::fs::write(
        app.root.join("Cargo.toml"),
        manifest
            .replace("fx-nested", "fx-nested-app")
            .replace("[workspace]", ""),
    )
    .unwrap();
    fx.write(
        "Cargo.toml",
        "[workspace]\nmembers = [\"app\"]\nresolver = \"3\"\n",
    );
    std::fs::remove_dir_all(fx.root.join("src")).unwrap();
    app.write("src/main.rs", MAIN);
    fx.write(
        ".env",
        &format!("MILESTON_BUSINESS_ID=biz_root\nMILESTON_CHECKOUT_KEY={K_DOT}\n"),
    );
    app.write(".env", "MILESTON_BUSINESS_ID=biz_app\n");
    let out = fx.build(&[], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bin = support::target_dir().join("debug").join("fx-nested-app");
    assert_eq!(
        app.run(&bin),
        "test biz_app CheckoutKey(Mileston_TEST_CHECKOUTKEY_****0001)\n"
    );
}

/// A webhook receiver sends no request, so it reads no business ID: it
/// builds without one, does not track the variable (setting it later
/// rebuilds nothing), and checks deliveries with its token.
#[test]
fn a_webhook_receiver_builds_without_a_business_id() {
    const TOKEN: &str = "FAKEsourcesWebhookToken0001";
    let main = r##"
use mileston_config::mileston_config;
use mileston_config::webhook::SIGNATURE_HEADER;

#[mileston_config(webhook, mode = "test")]
pub struct Receiver;

fn main() {
    let token = std::env::var("FX_TOKEN").unwrap();
    let body = br#"{"event":"invoice-paid","payload":{"transactionSignature":"0xFEED01","env":"test"}}"#;
    let right = Receiver::webhook().verify(&[(SIGNATURE_HEADER, token.as_str())][..], body);
    let wrong = Receiver::webhook().verify(&[(SIGNATURE_HEADER, "FAKEnotTheToken")][..], body);
    println!("{} {:?}", right.map(|e| e.dedup_key()).unwrap(), wrong.unwrap_err());
}
"##;
    let fx = Fixture::new("receiver-without-business-id", main, "");
    // Verification without the HTTP client, as a receiver builds it.
    let manifest = std::fs::read_to_string(fx.root.join("Cargo.toml")).unwrap();
    let with_webhooks = manifest.replace(
        "default-features = false",
        "default-features = false, features = [\"webhooks\"]",
    );
    assert_ne!(
        with_webhooks, manifest,
        "the fixture's dependency line changed"
    );
    fx.write("Cargo.toml", &with_webhooks);
    let bin = fx.build_ok(&[("MILESTON_WEBHOOK_TOKEN", TOKEN)]);
    let out = std::process::Command::new(&bin)
        .env("FX_TOKEN", TOKEN)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "invoice-paid:0xfeed01 BadSignature\n"
    );
    // rustc's dep-info names each variable the build read (`# env-dep:`).
    let deps = support::target_dir().join("debug").join("deps");
    let prefix = fx.name.replace('-', "_");
    let dep_info: String = std::fs::read_dir(&deps)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with(&format!("{prefix}-")) && name.ends_with(".d")
        })
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert!(
        dep_info.contains("# env-dep:MILESTON_WEBHOOK_TOKEN"),
        "{dep_info}"
    );
    assert!(!dep_info.contains("MILESTON_BUSINESS_ID"), "{dep_info}");
}
