//! The build-script helper (`mileston_config::build::check()`, feature
//! `build`): real builds of a fixture crate with a three-line build.rs, native
//! and wasm32. Every key here is fake.

mod support;
use support::{Fixture, files_containing, stderr, target_dir, workspace};

const CHECKOUT: &str = "Mileston_TEST_CHECKOUTKEY_FAKEbuildScript00001";
const BIZ: (&str, &str) = ("MILESTON_BUSINESS_ID", "biz_build");

fn fixture(name: &str, metadata: &str) -> Fixture {
    let fx = Fixture::new(name, "fn main() { println!(\"built\"); }\n", "");
    let runtime = workspace().join("runtime");
    fx.write(
        "Cargo.toml",
        &format!(
            "[package]\nname = \"fx-{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [build-dependencies]\nmileston-config = {{ path = {:?}, default-features = false, features = [\"build\"] }}\n\n\
             [workspace]\n\n[package.metadata.mileston]\n{metadata}\n",
            runtime.display().to_string()
        ),
    );
    fx.write(
        "build.rs",
        "fn main() {\n    mileston_config::build::check();\n}\n",
    );
    fx
}

#[test]
fn checks_keys_with_the_attributes_words_and_reruns_when_they_change() {
    let fx = fixture("build-native", "checkout = true");
    fx.build_ok(&[("MILESTON_CHECKOUT_KEY", CHECKOUT), BIZ]);

    // Rotating to a malformed key re-runs the build script, which refuses it.
    let out = fx.build(
        &[],
        &[("MILESTON_CHECKOUT_KEY", &format!("{CHECKOUT}\n")), BIZ],
    );
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains(
            "error: fx-build-native@0.0.0: MILESTON_CHECKOUT_KEY (from the process environment) is not a valid Mileston \
             key: it ends with a newline: was the secret written with `echo`? write it with \
             `printf '%s'` or trim it"
        ),
        "{err}"
    );
    assert!(!err.contains("FAKEbuildScript"), "{err}");

    // Every problem at once: a missing business ID too.
    let out = fx.build(
        &[],
        &[(
            "MILESTON_CHECKOUT_KEY",
            "Mileston_TEST_FAKEnormalInCheckout001",
        )],
    );
    let err = stderr(&out);
    assert!(
        err.contains("holds a normal API key, but `checkout` needs a checkout key"),
        "{err}"
    );
    assert!(
        err.contains("error: fx-build-native@0.0.0: MILESTON_BUSINESS_ID is not set"),
        "{err}"
    );

    // A .env file is read and watched.
    fx.write(
        ".env",
        &format!("MILESTON_CHECKOUT_KEY={CHECKOUT}\nMILESTON_BUSINESS_ID=biz_env\n"),
    );
    fx.build_ok(&[]);
    fx.write(
        ".env",
        "MILESTON_CHECKOUT_KEY=Mileston_TEST_CHECKOUTKEY_FAKEshort\nMILESTON_BUSINESS_ID=biz_env\n",
    );
    let err = stderr(&fx.build(&[], &[]));
    assert!(
        err.contains(
            "error: fx-build-native@0.0.0: MILESTON_CHECKOUT_KEY (from .env line 1) is not a valid Mileston key: its body"
        ),
        "{err}"
    );
}

#[test]
fn refuses_a_normal_key_for_a_wasm_target_before_rustc_runs() {
    let fx = fixture("build-wasm", "backend = true\ncheckout = true");
    let normal = "Mileston_TEST_FAKEbuildScriptWasm00002";
    let out = fx.build(
        &["--target=wasm32-unknown-unknown"],
        &[
            ("MILESTON_API_KEY", normal),
            ("MILESTON_CHECKOUT_KEY", CHECKOUT),
            BIZ,
        ],
    );
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains(
            "error: fx-build-wasm@0.0.0: target wasm32-unknown-unknown: `backend` cannot be declared in a wasm build: a \
             normal Mileston API key is a backend secret"
        ),
        "{err}"
    );
    // The build script failed, so the crate itself was never compiled.
    assert!(
        !err.contains("Compiling fx-build-wasm v0.0.0 (")
            || !err.contains("Running `rustc --crate-name fx_build_wasm")
    );
    assert_eq!(
        files_containing(&target_dir(), normal),
        Vec::<std::path::PathBuf>::new()
    );

    // Natively the same settings are fine.
    fx.build_ok(&[
        ("MILESTON_API_KEY", "Mileston_TEST_FAKEbuildScriptNative003"),
        ("MILESTON_CHECKOUT_KEY", CHECKOUT),
        BIZ,
    ]);
}
