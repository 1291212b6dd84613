//! Builds without secrets (docs.rs, `cargo check`/clippy jobs, forks' CI):
//! with `DOCS_RS` or `MILESTON_ALLOW_MISSING_KEYS=1` the attribute compiles
//! placeholder handles that can never make a request. Real fixture builds.

mod support;
use support::{Fixture, stderr};

const MAIN: &str = r#"
use mileston_config::mileston_config;

#[mileston_config(backend, checkout)]
pub struct Mileston;

fn main() {
    let b = Mileston::backend();
    println!("{:?} {} {}", b.key(), b.key().is_placeholder(), Mileston::checkout().key().is_placeholder());
    // Never silently: the raw key is not to be had.
    let exposed = std::panic::catch_unwind(|| Mileston::checkout().key().expose_secret().len());
    println!("exposed: {}", exposed.is_ok());
}
"#;

#[test]
fn docs_rs_and_the_opt_in_build_placeholders_without_any_key() {
    let fx = Fixture::new("without-keys", MAIN, "");
    // No key, no business ID: refused as usual.
    let out = fx.build(&[], &[]);
    assert!(
        stderr(&out).contains("error: MILESTON_API_KEY is not set"),
        "{}",
        stderr(&out)
    );

    for env in [("DOCS_RS", "1"), ("MILESTON_ALLOW_MISSING_KEYS", "1")] {
        let bin = fx.build_ok(&[env]);
        let out = std::process::Command::new(&bin).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.starts_with("NormalKey(<placeholder: built without keys>) true true\n"),
            "{stdout}"
        );
        assert!(stdout.contains("exposed: false"), "{stdout}");
        assert!(
            String::from_utf8_lossy(&out.stderr)
                .contains("this Mileston key is a placeholder: the crate was built without keys")
        );
    }

    let out = fx.build(&[], &[("MILESTON_ALLOW_MISSING_KEYS", "yes")]);
    assert!(
        stderr(&out).contains("error: MILESTON_ALLOW_MISSING_KEYS must be `1`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_opt_in_is_refused_for_a_release_wasm_build() {
    let main = MAIN.replace("backend, checkout", "checkout").replace(
        "let b = Mileston::backend();",
        "let b = Mileston::checkout();",
    );
    let fx = Fixture::new("without-keys-wasm", &main, "");
    let opt_in = [("MILESTON_ALLOW_MISSING_KEYS", "1")];
    let out = fx.build(&["--target=wasm32-unknown-unknown"], &opt_in);
    assert!(
        out.status.success(),
        "a debug wasm build may check without keys: {}",
        stderr(&out)
    );
    let out = fx.build(&["--target=wasm32-unknown-unknown", "--release"], &opt_in);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains(
            "error: MILESTON_ALLOW_MISSING_KEYS is set in a release wasm build: placeholder handles \
             are for `cargo check`, clippy and CI without secrets, never for a frontend you ship"
        ),
        "{}",
        stderr(&out)
    );
}

/// A webhook receiver built with the opt-in: it refuses every delivery with
/// 503 (a server not ready: Mileston delivers it again later; a 401 would
/// blame the sender), and a release build of it compiles, since a server
/// may be built for a check, with a warning that it must not ship. A
/// release wasm build is refused instead (above).
#[test]
fn the_opt_in_warns_in_a_release_native_build() {
    let main = r#"
use mileston_config::mileston_config;

#[mileston_config(webhook, mode = "test")]
pub struct Mileston;

fn main() {
    let headers = [("X-Webhook-Signature", "FAKE-any-signature")];
    let e = Mileston::webhook().verify(&headers[..], b"{}").unwrap_err();
    println!("{} {e}", e.status());
}
"#;
    let fx = Fixture::new("without-keys-release", main, "");
    let runtime = support::workspace().join("runtime");
    fx.write(
        "Cargo.toml",
        &format!(
            "[package]\nname = \"{}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nmileston-config = {{ path = {:?}, default-features = false, \
             features = [\"webhooks\"] }}\n\n[workspace]\n",
            fx.name,
            runtime.display().to_string()
        ),
    );
    let opt_in = [("MILESTON_ALLOW_MISSING_KEYS", "1")];
    let warning = "MILESTON_ALLOW_MISSING_KEYS is set in a release build: its handles are \
                   placeholders: every request that needs a key fails and a webhook receiver \
                   answers every delivery 503; unset it and provide the keys before shipping \
                   this build";
    for (args, profile, warns) in [
        (&[][..], "debug", false),
        (&["--release"][..], "release", true),
    ] {
        let out = fx.build(args, &opt_in);
        let err = stderr(&out);
        assert!(out.status.success(), "{err}");
        assert_eq!(err.contains(warning), warns, "{profile}: {err}");
        let bin = support::target_dir().join(profile).join(&fx.name);
        assert_eq!(
            fx.run(&bin),
            "503 this verifier was built without keys (a docs.rs build, or \
             MILESTON_ALLOW_MISSING_KEYS=1): it refuses every delivery\n"
        );
    }
}
