//! `mileston-config scan` and `check` against REAL artifacts: small crates
//! using `#[mileston_config]` are built in the test with `cargo build`, for
//! `wasm32-unknown-unknown` and natively, and the CLI is run over what the
//! builds wrote, as a deployment pipeline would run it.
//!
//! Layout, under `CARGO_TARGET_TMPDIR/cli-artifacts/`: `crates/NAME/` (the
//! fixture crates, each its own workspace with a copy of the workspace's
//! Cargo.lock) and `target/` (their shared `CARGO_TARGET_DIR`, so that
//! `mileston-config` builds once per target). The scans run from that
//! directory on relative paths (`target/wasm32-unknown-unknown/debug`), so
//! that what the scanner sees does not depend on where the test runs.
//!
//! Every key here is fake: the bodies say FAKE.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

use mileston_config_core::resolve::{messages, slots};

#[path = "../../tests/support/mod.rs"]
mod support;
use support::{Fixture, stderr};

/// The refusal of the normal key in a wasm build.
fn wasm_backend_message() -> String {
    messages::wasm_refusal(&slots::BACKEND)
}
use serde_json::Value;

const BIZ: &str = "biz_cli_artifacts";
const CHECKOUT: &str = "Mileston_TEST_CHECKOUTKEY_FAKEcliArtifactCheckout01";
/// In the environment of the wasm build, which must not read it.
const NORMAL_IN_WASM_ENV: &str = "Mileston_TEST_FAKEcliWasmEnvNormal00001";
/// Compiled into the native backend binary, by design.
const NORMAL_NATIVE: &str = "Mileston_TEST_FAKEcliNativeBackend00002";
/// Planted into a copy of the wasm bundle, over the checkout key: same length.
const NORMAL_PLANTED: &str = "Mileston_TEST_FAKEcliPlantedIntoWasmBundle000000003";
/// Written into a source file.
const LIVE_IN_SOURCE: &str = "Mileston_LIVE_FAKEcliSourceTreeKey00004";
/// In the environment of `check` and of the refused wasm build.
const NORMAL_CHECKED: &str = "Mileston_TEST_FAKEcliCheckedNormal00005";

const ALL_KEYS: [&str; 6] = [
    CHECKOUT,
    NORMAL_IN_WASM_ENV,
    NORMAL_NATIVE,
    NORMAL_PLANTED,
    LIVE_IN_SOURCE,
    NORMAL_CHECKED,
];

const WASM: &str = "wasm32-unknown-unknown";

/// The builds share one target directory and the scans read it: one test at
/// a time, so that no scan reads a file another test's build is writing.
static BUILDS: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    BUILDS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// `CARGO_TARGET_TMPDIR/cli-artifacts`: the scans' working directory.
fn base() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-artifacts")
}

/// The fixtures as the workspace's own tests build them (tests/support), in
/// this file's target directory, under `base()`.
trait InBase {
    /// `cargo build` (plus `extra`) with exactly the `MILESTON_*` variables
    /// in `env`.
    fn build_here(&self, extra: &[&str], env: &[(&str, &str)]) -> Output;
    fn build_here_ok(&self, extra: &[&str], env: &[(&str, &str)]);
}

impl InBase for Fixture {
    fn build_here(&self, extra: &[&str], env: &[(&str, &str)]) -> Output {
        self.build_in(&base().join("target"), extra, env)
    }

    fn build_here_ok(&self, extra: &[&str], env: &[(&str, &str)]) {
        let out = self.build_here(extra, env);
        assert!(out.status.success(), "build failed:\n{}", stderr(&out));
    }
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs the CLI with `args` in `dir`, asserting that no key, nor the end of
/// one, is printed.
fn cli(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_mileston-config"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let all = format!("{}{}", stdout(&out), stderr(&out));
    for key in ALL_KEYS {
        assert!(!all.contains(key), "a key was printed:\n{all}");
        assert!(
            !all.contains(&key[key.len() - 12..]),
            "part of a key was printed:\n{all}"
        );
    }
    out
}

/// `scan --format json PATHS` from `dir`: the exit code and the report.
fn scan_json(dir: &Path, paths: &[&str]) -> (Option<i32>, Value) {
    let mut args = vec!["scan", "--format", "json"];
    args.extend_from_slice(paths);
    let out = cli(dir, &args);
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}{}", stdout(&out), stderr(&out)));
    assert_eq!(
        report["failed"],
        out.status.code() == Some(1),
        "`failed` agrees with the exit code: {report:#}"
    );
    (out.status.code(), report)
}

fn findings(report: &Value) -> &Vec<Value> {
    report["findings"].as_array().unwrap()
}

fn at<'r>(report: &'r Value, path: &str) -> Vec<&'r Value> {
    findings(report)
        .iter()
        .filter(|f| f["path"] == path)
        .collect()
}

fn main_rs(args: &str, body: &str) -> String {
    format!(
        "use mileston_config::mileston_config;\n\n\
         #[mileston_config({args})]\npub struct Mileston;\n\n\
         fn main() {{\n{body}}}\n"
    )
}

const USE_CHECKOUT: &str =
    "    std::hint::black_box(Mileston::checkout().key().expose_secret());\n";
const USE_BACKEND: &str = "    std::hint::black_box(Mileston::backend().key().expose_secret());\n";

/// The first offset of `needle` in `hay`.
fn find(hay: &[u8], needle: &str) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w == needle.as_bytes())
}

#[test]
fn wasm_bundle_with_checkout_key_passes_and_a_planted_normal_key_fails() {
    let _serial = serial();
    let fx = Fixture::new("cli-wasm", &main_rs("checkout", USE_CHECKOUT), "");
    // A normal key in the environment, as on a machine that also builds the
    // backend: the checkout-only build must not read it.
    fx.build_here_ok(
        &["--target", WASM],
        &[
            ("MILESTON_CHECKOUT_KEY", CHECKOUT),
            ("MILESTON_API_KEY", NORMAL_IN_WASM_ENV),
            ("MILESTON_BUSINESS_ID", BIZ),
        ],
    );
    let dir = format!("target/{WASM}/debug");
    let bundle = format!("{dir}/fx-cli-wasm.wasm");
    let bytes = std::fs::read(base().join(&bundle)).unwrap();
    assert!(bytes.starts_with(b"\0asm"), "{bundle} is a wasm module");
    let key_at = find(&bytes, CHECKOUT).expect("the checkout key is injected");

    // The whole wasm target directory: bundles, rlibs, dep-info, incremental
    // caches. Checkout keys are expected there, nothing else is found.
    let (code, report) = scan_json(&base(), &[&dir]);
    assert_eq!(code, Some(0), "{report:#}");
    assert_eq!(report["failed"], false);
    for f in findings(&report) {
        assert_eq!(f["kind"], "checkout", "{f}");
        assert_eq!(f["class"], "frontend artifact", "{f}");
        assert_eq!(f["severity"], "ok", "{f}");
        assert_eq!(f["allowed"], false, "{f}");
        assert_eq!(f["mode"], "test", "{f}");
    }
    let in_bundle = at(&report, &bundle);
    assert!(
        in_bundle.iter().any(|f| f["offset"] == key_at
            && f["redacted"]
                .as_str()
                .unwrap()
                .starts_with("Mileston_TEST_CHECKOUTKEY_****")),
        "the bundle's checkout key at offset {key_at}: {report:#}"
    );
    assert!(
        in_bundle.iter().all(|f| f.get("line").is_none()),
        "a wasm module is binary: offsets, not lines"
    );

    // Copies of the bundle with a normal key planted over the checkout key,
    // so that the module stays well-formed (data bytes replaced in place):
    // - `dist/app_bg.wasm`: in the checkout key's place, the same length;
    // - `dist/packed_bg.wasm`: right after a copy of the business ID written
    //   over the key's place and the bytes that follow it: strings in a
    //   binary are packed back to back, so the key follows a letter there.
    // The scan fails and names those files, at those offsets, and only them.
    assert_eq!(NORMAL_PLANTED.len(), CHECKOUT.len());
    let region = key_at..key_at + CHECKOUT.len() + BIZ.len();
    assert!(region.end <= bytes.len());
    let mut planted = bytes.clone();
    planted[key_at..key_at + CHECKOUT.len()].copy_from_slice(NORMAL_PLANTED.as_bytes());
    let mut packed = bytes.clone();
    packed[region].copy_from_slice(format!("{BIZ}{NORMAL_PLANTED}").as_bytes());
    std::fs::create_dir_all(base().join("dist")).unwrap();
    std::fs::write(base().join("dist/app_bg.wasm"), &planted).unwrap();
    std::fs::write(base().join("dist/packed_bg.wasm"), &packed).unwrap();
    let (code, report) = scan_json(&base(), &[&dir, "dist"]);
    assert_eq!(code, Some(1), "{report:#}");
    assert_eq!(report["failed"], true);
    let errors: Vec<&Value> = findings(&report)
        .iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 2, "{report:#}");
    for (e, (path, offset)) in errors.iter().zip([
        ("dist/app_bg.wasm", key_at),
        ("dist/packed_bg.wasm", key_at + BIZ.len()),
    ]) {
        assert_eq!(e["path"], path, "{e}");
        assert_eq!(e["offset"], offset, "{e}");
        assert_eq!(e["kind"], "normal", "{e}");
        assert_eq!(e["mode"], "test", "{e}");
        assert_eq!(e["class"], "frontend artifact", "{e}");
        assert_eq!(e["allowed"], false, "{e}");
        assert!(
            e["redacted"]
                .as_str()
                .unwrap()
                .starts_with("Mileston_TEST_****"),
            "{e}"
        );
    }
    // The build's own bundle still passes beside it.
    assert!(
        at(&report, &bundle).iter().all(|f| f["severity"] == "ok"),
        "{report:#}"
    );

    // The text report names the file too.
    let out = cli(&base(), &["scan", "dist"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains(&format!(
            "error: dist/app_bg.wasm (offset {key_at}): normal API key (test) Mileston_TEST_****"
        )),
        "{text}"
    );
    assert!(text.contains("in a frontend artifact"), "{text}");
    assert!(text.ends_with("; scan failed\n"), "{text}");
}

#[test]
fn native_backend_build_gives_a_warning_not_a_failure() {
    let _serial = serial();
    let fx = Fixture::new(
        "cli-native",
        &main_rs("backend, checkout", &format!("{USE_BACKEND}{USE_CHECKOUT}")),
        "",
    );
    fx.build_here_ok(
        &[],
        &[
            ("MILESTON_API_KEY", NORMAL_NATIVE),
            ("MILESTON_CHECKOUT_KEY", CHECKOUT),
            ("MILESTON_BUSINESS_ID", BIZ),
        ],
    );
    let binary = format!("target/debug/{}", fx.name);
    let bytes = std::fs::read(base().join(&binary)).unwrap();
    let key_at = find(&bytes, NORMAL_NATIVE).expect("a backend binary holds its normal key");

    let (code, report) = scan_json(&base(), &["target/debug"]);
    assert_eq!(code, Some(0), "{report:#}");
    assert_eq!(report["failed"], false);
    for f in findings(&report) {
        assert_eq!(f["class"], "native artifact", "{f}");
        let want = if f["kind"] == "normal" {
            "warning"
        } else {
            "ok"
        };
        assert_eq!(f["severity"], want, "{f}");
    }
    let in_binary = at(&report, &binary);
    assert!(
        in_binary.iter().any(|f| f["offset"] == key_at
            && f["kind"] == "normal"
            && f["severity"] == "warning"
            && f["redacted"]
                .as_str()
                .unwrap()
                .starts_with("Mileston_TEST_****")),
        "the normal key in {binary} at offset {key_at}: {report:#}"
    );
    assert!(
        in_binary
            .iter()
            .any(|f| f["kind"] == "checkout" && f["severity"] == "ok"),
        "{report:#}"
    );
    // Cargo's dep-info records tracked variables' values (README, "Residuals"):
    // text under target/, a native artifact, so a warning as well.
    assert!(
        findings(&report).iter().any(|f| {
            let p = f["path"].as_str().unwrap();
            p.starts_with("target/debug/") && p.ends_with(".d") && f["kind"] == "normal"
        }),
        "{report:#}"
    );

    let out = cli(&base(), &["scan", "target/debug"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains(&format!(
            "warning: {binary} (offset {key_at}): normal API key (test) Mileston_TEST_****"
        )),
        "{text}"
    );
    assert!(!text.contains("scan failed"), "{text}");
}

#[test]
fn source_tree_with_a_key_in_a_rust_file_fails() {
    let _serial = serial();
    // The crate as written, keys from the environment: nothing to find.
    let fx = Fixture::new("cli-source", &main_rs("checkout", USE_CHECKOUT), "");
    let (code, report) = scan_json(&fx.root, &["."]);
    assert_eq!(code, Some(0), "{report:#}");
    assert_eq!(findings(&report).len(), 0, "{report:#}");

    // Someone pastes a key into a module.
    fx.write(
        "src/payments.rs",
        &format!("//! Payments.\n\npub const KEY: &str = \"{LIVE_IN_SOURCE}\";\n"),
    );
    let (code, report) = scan_json(&fx.root, &["."]);
    assert_eq!(code, Some(1), "{report:#}");
    assert_eq!(
        report,
        serde_json::json!({
            "findings": [{
                "path": "./src/payments.rs",
                "line": 3,
                "kind": "normal",
                "mode": "live",
                "redacted": "Mileston_LIVE_****0004",
                "class": "source",
                "allowed": false,
                "severity": "error",
            }],
            "failed": true,
        })
    );
}

#[test]
fn check_refuses_backend_for_a_wasm_target_as_the_build_does() {
    let _serial = serial();
    // Keys declared in Cargo.toml, a bare attribute.
    let fx = Fixture::new(
        "cli-check",
        &main_rs("", USE_CHECKOUT).replace("#[mileston_config()]", "#[mileston_config]"),
        "[package.metadata.mileston]\nbackend = true\ncheckout = true\n",
    );
    let env = [
        ("MILESTON_API_KEY", NORMAL_CHECKED),
        ("MILESTON_CHECKOUT_KEY", CHECKOUT),
        ("MILESTON_BUSINESS_ID", BIZ),
    ];
    let check = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_mileston-config"))
            .arg("check")
            .arg("--manifest-dir")
            .arg(&fx.root)
            .args(args)
            .env_clear()
            .envs(env)
            .output()
            .unwrap();
        let all = format!("{}{}", stdout(&out), stderr(&out));
        for key in ALL_KEYS {
            assert!(!all.contains(&key[key.len() - 12..]), "{all}");
        }
        out
    };

    let out = check(&["--target", WASM]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_eq!(
        stderr(&out),
        format!("error: target {WASM}: {}\n", wasm_backend_message())
    );
    assert_eq!(stdout(&out), "");

    let out = check(&["--target", WASM, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"ok": false, "problems": [
            {"setting": "backend", "message": format!("target {WASM}: {}", wasm_backend_message())},
        ]})
    );

    // What `check` predicts is what cargo does: the wasm build is refused
    // with the same words ...
    let out = fx.build_here(&["--target", WASM], &env);
    assert!(!out.status.success());
    // rustc indents the message's continuation lines: compare words.
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let err = stderr(&out);
    assert!(
        words(&err).contains(&words(&format!("error: {}", wasm_backend_message()))),
        "{err}"
    );
    assert!(!err.contains(NORMAL_CHECKED), "{err}");

    // ... and natively both pass.
    let out = check(&["--target", "x86_64-unknown-linux-gnu"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).ends_with("ok: valid test keys for target x86_64-unknown-linux-gnu\n"),
        "{}",
        stdout(&out)
    );
    fx.build_here_ok(&[], &env);
}
