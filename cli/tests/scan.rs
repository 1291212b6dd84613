//! `mileston-config scan`, run as a process against trees made in a temp dir.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

// Recognisably fake keys: "FAKE" bodies, never issued by Mileston.
const NORMAL: &str = "Mileston_TEST_FAKEfake0000000000a1";
const CHECKOUT: &str = "Mileston_TEST_CHECKOUTKEY_FAKEfake00000000b2";
const LIVE_NORMAL: &str = "Mileston_PROD_FAKEfake0000000000c3";
const SANDBOX_NORMAL: &str = "Mileston_TEST_sandboxFAKEnormal00000001";
const SANDBOX_CHECKOUT: &str = "Mileston_TEST_CHECKOUTKEY_sandboxFAKEcheckout0002";

fn write(root: &Path, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, contents).unwrap();
    path
}

/// Bytes that look like a wasm module with `key` in its data, NULs around it.
fn wasm_with(key: &str) -> Vec<u8> {
    let mut bytes = b"\0asm\x01\0\0\0\x05\x03\x01\0\x11".to_vec();
    bytes.extend_from_slice(&[0u8; 64]);
    bytes.extend_from_slice(key.as_bytes());
    bytes.extend_from_slice(&[0u8, 0, 1, 2, 3]);
    bytes
}

fn scan(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_mileston-config"))
        .arg("scan")
        .args(args.iter().map(|a| a.as_ref()))
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for key in [
        NORMAL,
        CHECKOUT,
        LIVE_NORMAL,
        SANDBOX_NORMAL,
        SANDBOX_CHECKOUT,
    ] {
        assert!(!all.contains(key), "a key was printed:\n{all}");
        assert!(
            !all.contains(&key[key.len() - 12..]),
            "part of a key was printed:\n{all}"
        );
    }
    out
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn allow_sandbox() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("allow-sandbox.txt")
}

#[test]
fn key_in_rust_source_fails_with_line_and_redacted_form() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "src/main.rs",
        format!("fn main() {{\n    // the key:\n    let k = \"{NORMAL}\";\n}}\n"),
    );
    let out = scan(&[&dir.path()]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains(&format!(
            "error: {}:3: normal API key (test) Mileston_TEST_****00a1 in a source file",
            file.display()
        )),
        "{text}"
    );
    assert!(text.ends_with("1 files scanned, 1 keys found: 1 errors, 0 warnings, 0 expected, 0 allowed; scan failed\n"), "{text}");

    let out = scan(&[&"--format", &"json", &dir.path()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        json(&out),
        serde_json::json!({
            "findings": [{
                "path": file.display().to_string(),
                "line": 3,
                "kind": "normal",
                "mode": "test",
                "redacted": "Mileston_TEST_****00a1",
                "class": "source",
                "allowed": false,
                "severity": "error",
            }],
            "failed": true,
        })
    );
}

#[test]
fn checkout_key_in_wasm_passes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pkg/app_bg.wasm", wasm_with(CHECKOUT));
    write(
        dir.path(),
        "pkg/app.js",
        format!("const k = \"{CHECKOUT}\";\n"),
    );
    let out = scan(&[&"--format", &"json", &dir.path()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let v = json(&out);
    assert_eq!(v["failed"], false);
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2);
    let js = &findings[0];
    assert_eq!(js["class"], "frontend artifact");
    assert_eq!(js["line"], 1);
    let wasm = &findings[1];
    assert_eq!(wasm["class"], "frontend artifact");
    assert_eq!(wasm["kind"], "checkout");
    assert_eq!(wasm["offset"], 13 + 64);
    assert!(wasm.get("line").is_none());
    assert_eq!(wasm["redacted"], "Mileston_TEST_CHECKOUTKEY_****00b2");
    assert_eq!(wasm["severity"], "ok");
}

#[test]
fn normal_key_in_frontend_artifacts_fails() {
    for rel in [
        "pkg/app_bg.wasm",
        "dist/app-1234.wasm",
        "target/wasm32-unknown-unknown/release/app.wasm",
        "target/wasm32-unknown-unknown/release/deps/app.d",
    ] {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), rel, wasm_with(LIVE_NORMAL));
        let out = scan(&[&"--format", &"json", &dir.path()]);
        assert_eq!(out.status.code(), Some(1), "{rel}");
        let v = json(&out);
        assert_eq!(v["failed"], true);
        assert_eq!(v["findings"][0]["class"], "frontend artifact", "{rel}");
        assert_eq!(v["findings"][0]["mode"], "live");
        assert_eq!(v["findings"][0]["redacted"], "Mileston_PROD_****00c3");
    }
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "dist/index-abc.js",
        format!("let a=1;\nfetch(u,{{apikey:\"{NORMAL}\"}})"),
    );
    let out = scan(&[&dir.path()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains(
        "index-abc.js:2: normal API key (test) Mileston_TEST_****00a1 in a frontend artifact"
    ));
}

#[test]
fn normal_key_in_native_artifact_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let mut elf = b"\x7fELF\x02\x01\x01\0".to_vec();
    elf.extend_from_slice(&[0u8; 100]);
    elf.extend_from_slice(NORMAL.as_bytes());
    elf.extend_from_slice(b"\0MILESTON_API_KEY\0");
    write(dir.path(), "target/release/server", &elf);
    // Generated sources under target/ are build output too.
    write(
        dir.path(),
        "target/debug/build/app-1/out/keys.rs",
        format!("\"{CHECKOUT}\"\n"),
    );
    // A binary file outside target/ is a native artifact as well.
    write(dir.path(), "bin/server", &elf);
    let out = scan(&[&"--format", &"json", &dir.path()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let v = json(&out);
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 3, "{v}");
    let severities: Vec<&str> = findings
        .iter()
        .map(|f| f["severity"].as_str().unwrap())
        .collect();
    assert_eq!(severities, ["warning", "ok", "warning"]);
    for f in findings {
        assert_eq!(f["class"], "native artifact");
    }
    assert_eq!(findings[2]["offset"], 108);
    let text = stdout(&scan(&[&dir.path()]));
    assert!(text.contains("warning: "), "{text}");
    assert!(
        text.contains(
            "(offset 108): normal API key (test) Mileston_TEST_****00a1 in a native artifact"
        ),
        "{text}"
    );
}

#[test]
fn ignored_and_hidden_files_are_scanned_but_not_dot_git() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".gitignore", "target/\n.env\n/pkg\n");
    write(dir.path(), ".git/config", format!("[x]\n k = {NORMAL}\n"));
    write(dir.path(), ".git/objects/ab/cdef", wasm_with(NORMAL));
    write(dir.path(), ".env", format!("MILESTON_API_KEY={NORMAL}\n"));
    write(dir.path(), "pkg/app_bg.wasm", wasm_with(NORMAL));
    let out = scan(&[&"--format", &"json", &dir.path()]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let paths: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_owned())
        .collect();
    let base = dir.path().display().to_string();
    assert_eq!(
        paths,
        [format!("{base}/.env"), format!("{base}/pkg/app_bg.wasm")]
    );
    assert_eq!(v["findings"][0]["class"], "source");
}

#[test]
fn only_whole_keys_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "a = x{NORMAL}\n\
         b = MY_{NORMAL}\n\
         c = Mileston_TEST_FAKEshort0000\n\
         d = MILESTON_API_KEY\n\
         e = mileston_test_FAKEfake0000000000a1\n\
         f = {CHECKOUT}-and-more\n"
    );
    let file = write(dir.path(), "notes.md", text);
    let out = scan(&[&"--format", &"json", &file]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let lines: Vec<u64> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [2, 6]);
    assert_eq!(
        v["findings"][1]["redacted"],
        "Mileston_TEST_CHECKOUTKEY_****00b2"
    );
}

#[test]
fn other_text_files_outside_build_outputs_fail_like_source() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "deploy/settings.ini", format!("key={NORMAL}\n"));
    let out = scan(&[&"--format", &"json", &dir.path()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["findings"][0]["class"], "other text");
}

#[test]
fn allow_list_makes_sandbox_keys_pass() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "tests/sandbox.rs",
        format!("const K: &str = \"{SANDBOX_NORMAL}\";\nconst C: &str = \"{SANDBOX_CHECKOUT}\";\n"),
    );
    // In a binary the next string may follow the key without a separator.
    write(
        dir.path(),
        "pkg/app_bg.wasm",
        wasm_with(&format!("{SANDBOX_NORMAL}biz")),
    );
    let out = scan(&[&dir.path()]);
    assert_eq!(out.status.code(), Some(1));

    let out = scan(&[
        &"--allow",
        &allow_sandbox(),
        &"--format",
        &"json",
        &dir.path(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let v = json(&out);
    assert_eq!(v["failed"], false);
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 3);
    for f in findings {
        assert_eq!(f["allowed"], true, "{f}");
        assert_eq!(f["severity"], "allowed");
    }

    // Prefix entries; a key not on the list still fails.
    let list = write(
        dir.path(),
        "allow.txt",
        "# fakes\nMileston_TEST_sandboxFAKE*  # normal ones\n",
    );
    write(dir.path(), "src/lib.rs", format!("// {NORMAL}\n"));
    let out = scan(&[&"--allow", &list, &"--format", &"json", &dir.path()]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let allowed: Vec<bool> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["allowed"].as_bool().unwrap())
        .collect();
    // pkg/app_bg.wasm, src/lib.rs, tests/sandbox.rs (normal key, then checkout key)
    assert_eq!(allowed, [true, false, true, false]);
}

#[test]
fn large_files_are_mapped() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = "x\n".repeat(3 << 20);
    text.push_str(&format!("key = \"{NORMAL}\"\n"));
    let file = write(dir.path(), "big.txt", text);
    let mut bin = vec![0u8; 5 << 20];
    bin.extend_from_slice(CHECKOUT.as_bytes());
    write(dir.path(), "target/big.bin", bin);
    let out = scan(&[&"--format", &"json", &dir.path()]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["findings"][0]["path"], file.display().to_string());
    assert_eq!(v["findings"][0]["line"], (3 << 20) + 1);
    assert_eq!(v["findings"][1]["offset"], 5 << 20);
}

#[test]
fn usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = scan(&[]);
    assert_eq!(out.status.code(), Some(2));
    let out = scan(&[&dir.path().join("missing")]);
    assert_eq!(out.status.code(), Some(2));
    let out = scan(&[&"--allow", &dir.path().join("missing.txt"), &dir.path()]);
    assert_eq!(out.status.code(), Some(2));
    let bad = write(dir.path(), "allow.txt", "*\n");
    let out = scan(&[&"--allow", &bad, &dir.path()]);
    assert_eq!(out.status.code(), Some(2));
    let bad = write(dir.path(), "allow.txt", "\nMileston_TEST_FAKEshort\n");
    let out = scan(&[&"--allow", &bad, &dir.path()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("allow.txt: line 2: not a valid Mileston key")
    );
}
