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

/// A full-stack crate with the helper: the backend declared for native
/// builds only (`[package.metadata.mileston.native]`), a bare attribute in
/// the code. The wasm build neither refuses nor reads the normal key; the
/// native build injects it. The attribute, the helper and the CLI read the
/// table alike.
#[test]
fn a_full_stack_crate_declares_its_backend_for_native_builds_only() {
    let main = r#"
#[mileston_config::mileston_config]
pub struct Mileston;

fn main() {
    #[cfg(not(target_family = "wasm"))]
    println!("{:?}", Mileston::backend().key());
    println!("{:?}", Mileston::checkout().key());
}
"#;
    let fx = fixture(
        "build-full-stack",
        "checkout = true\n\n[package.metadata.mileston.native]\nbackend = true",
    );
    // The helper's fixture has only the build dependency: add the runtime.
    let manifest = std::fs::read_to_string(fx.root.join("Cargo.toml")).unwrap();
    let runtime = workspace().join("runtime");
    fx.write(
        "Cargo.toml",
        &manifest.replace(
            "[build-dependencies]",
            &format!(
                "[dependencies]\nmileston-config = {{ path = {:?}, default-features = false }}\n\n[build-dependencies]",
                runtime.display().to_string()
            ),
        ),
    );
    fx.write("src/main.rs", main);
    let normal = "Mileston_TEST_FAKEbuildFullStackQZ0004";
    let env = [
        ("MILESTON_API_KEY", normal),
        ("MILESTON_CHECKOUT_KEY", CHECKOUT),
        BIZ,
    ];
    let out = fx.build(&["--target=wasm32-unknown-unknown"], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        files_containing(&target_dir().join("wasm32-unknown-unknown"), normal),
        Vec::<std::path::PathBuf>::new()
    );
    let bin = fx.build_ok(&env);
    assert_eq!(
        fx.run(&bin),
        "NormalKey(Mileston_TEST_****0004)\nCheckoutKey(Mileston_TEST_CHECKOUTKEY_****0001)\n"
    );
    // `mileston-config check` renders the same plan: the wasm build reads no
    // normal key, the native one does.
    let plan = |triple: &str| {
        use mileston_config_core::resolve::{
            self, Front, PartialSettings, Request, Sources, Target,
        };
        let vars: std::collections::HashMap<String, String> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        resolve::plan_with(
            Request {
                front: Front::Cli,
                manifest_dir: &fx.root,
                settings: PartialSettings::default(),
                target: Target::from_triple(triple, false),
                read_values: true,
            },
            Sources::with_env(&fx.root, move |k| vars.get(k).map(Into::into)),
        )
    };
    let wasm = plan("wasm32-unknown-unknown");
    assert_eq!(wasm.problems, []);
    assert!(wasm.values.iter().all(|v| v.name != "MILESTON_API_KEY"));
    let native = plan("x86_64-unknown-linux-gnu");
    assert_eq!(native.problems, []);
    assert!(native.values.iter().any(|v| v.name == "MILESTON_API_KEY"));
}
