//! Rotating a key never leaves a stale one in a binary: after a change of a
//! variable, a `.env` file or `[package.metadata.mileston]`, the next plain
//! `cargo build` embeds the new value. Checked in the built binary's bytes.
//! Every key here is fake.

mod support;
use support::{Fixture, contains};

const MAIN: &str = r#"
use mileston_config::mileston_config;

#[mileston_config]
pub struct Mileston;

fn main() {
    println!("{:?}", Mileston::checkout().key());
}
"#;

const K1: &str = "Mileston_TEST_CHECKOUTKEY_FAKErotateFirst00001";
const K2: &str = "Mileston_TEST_CHECKOUTKEY_FAKErotateSecond0002";
const K3: &str = "Mileston_TEST_CHECKOUTKEY_FAKErotateThird00003";
const K4: &str = "Mileston_TEST_CHECKOUTKEY_FAKErotateFourth0004";

fn meta(var: &str) -> String {
    format!("[package.metadata.mileston]\ncheckout = \"{var}\"\n")
}

#[test]
fn a_changed_key_is_embedded_by_the_next_build() {
    let fx = Fixture::new("rotation", MAIN, &meta("ROTATE_KEY"));
    let biz = ("MILESTON_BUSINESS_ID", "biz_rotate");

    // 1. The variable changes.
    let bin = fx.build_ok(&[("ROTATE_KEY", K1), biz]);
    assert!(contains(&bin, K1));
    let bin = fx.build_ok(&[("ROTATE_KEY", K2), biz]);
    assert!(
        contains(&bin, K2) && !contains(&bin, K1),
        "stale key after changing the variable"
    );

    // 2. The variable goes away and a .env file takes over; then the file changes.
    fx.write(".env", &format!("ROTATE_KEY={K3}\n"));
    let bin = fx.build_ok(&[biz]);
    assert!(
        contains(&bin, K3) && !contains(&bin, K2),
        "stale key after unsetting the variable"
    );
    fx.write(".env", &format!("ROTATE_KEY={K1}\n"));
    let bin = fx.build_ok(&[biz]);
    assert!(
        contains(&bin, K1) && !contains(&bin, K3),
        "stale key after editing .env"
    );

    // 3. Cargo.toml names another variable.
    fx.manifest(&meta("ROTATE_KEY_NEXT"));
    let bin = fx.build_ok(&[biz, ("ROTATE_KEY_NEXT", K4)]);
    assert!(
        contains(&bin, K4) && !contains(&bin, K1),
        "stale key after editing Cargo.toml"
    );
    assert_eq!(
        fx.run(&bin),
        "CheckoutKey(Mileston_TEST_CHECKOUTKEY_****0004)\n"
    );

    // 4. Nothing changed: no rebuild needed, same key.
    let out = fx.build(&[], &[biz, ("ROTATE_KEY_NEXT", K4)]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("Finished"));
    assert!(contains(&bin, K4));
}
