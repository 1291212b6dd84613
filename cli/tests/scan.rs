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
    assert_no_fragment(
        &out,
        &[
            NORMAL,
            CHECKOUT,
            LIVE_NORMAL,
            SANDBOX_NORMAL,
            SANDBOX_CHECKOUT,
        ],
    );
    out
}

/// No 8 characters of any key's body in stdout or stderr (but a lower-case
/// word: the sandbox keys' bodies hold `checkout`, which reports print).
fn assert_no_fragment(out: &Output, keys: &[&str]) {
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for key in keys {
        let body = &key[key.rfind('_').unwrap() + 1..];
        assert!(body.len() >= 16, "{key}");
        for w in body.as_bytes().windows(8) {
            let w = std::str::from_utf8(w).unwrap();
            if w.bytes().all(|b| b.is_ascii_lowercase()) {
                continue;
            }
            assert!(
                !all.contains(w),
                "{w:?}, part of a key, was printed:\n{all}"
            );
        }
    }
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
    assert_eq!(wasm["redacted"], "Mileston_TEST_CHECKOUTKEY_****");
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
        // dep-info is text (its name says so): the key ends where the line
        // does. In binary files none of the body is shown.
        let tail = if rel.ends_with(".d") { "00c3" } else { "" };
        assert_eq!(
            v["findings"][0]["redacted"],
            format!("Mileston_PROD_****{tail}")
        );
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
            "(offset 108): normal API key (test) Mileston_TEST_**** in a native artifact"
        ),
        "{text}"
    );
}

/// What a web server serves is a frontend artifact, whatever the file's
/// type: cargo-leptos's `target/site` (HTML, CSS, icons, its `pkg/`), Dioxus's
/// `web/public`, and binary files in a served folder outside `target/`. A
/// normal key there fails the scan; beside them, a server binary under
/// `target/` is still a native artifact.
#[test]
fn normal_key_in_a_served_folder_fails_whatever_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().display();
    write(
        dir.path(),
        "target/site/index.html",
        format!(
            "<!DOCTYPE html>\n<script>\nwindow.cfg = {{\"k\": \"{NORMAL}\",\n\"c\": \"{CHECKOUT}\"}};\n</script>\n"
        ),
    );
    write(
        dir.path(),
        "target/site/pkg/app.css",
        format!("body {{}}\n/* {LIVE_NORMAL} */\n"),
    );
    let mut icon = b"\0\0\x01\0\x01\0\x10\x10".to_vec();
    icon.extend_from_slice(format!("{NORMAL}\0").as_bytes());
    write(dir.path(), "target/site/favicon.ico", &icon);
    write(
        dir.path(),
        "target/dx/shop/release/web/public/index.html",
        format!("<meta name=\"k\" content=\"{LIVE_NORMAL}\">\n"),
    );
    write(dir.path(), "public/logo.png", &icon);
    let mut elf = b"\x7fELF\x02\x01\x01\0".to_vec();
    elf.extend_from_slice(format!("{NORMAL}\0").as_bytes());
    write(dir.path(), "target/release/server", &elf);

    let out = scan(&[&dir.path()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out).lines().collect::<Vec<_>>(),
        [
            format!(
                "error: {base}/public/logo.png (offset 8): normal API key (test) \
                 Mileston_TEST_**** in a frontend artifact: {FRONTEND_WHY}"
            ),
            format!(
                "error: {base}/target/dx/shop/release/web/public/index.html:1: normal API key \
                 (live) Mileston_PROD_****00c3 in a frontend artifact: {FRONTEND_WHY}"
            ),
            format!(
                "warning: {base}/target/release/server (offset 8): normal API key (test) \
                 Mileston_TEST_**** in a native artifact: {NATIVE_WHY}"
            ),
            format!(
                "error: {base}/target/site/favicon.ico (offset 8): normal API key (test) \
                 Mileston_TEST_**** in a frontend artifact: {FRONTEND_WHY}"
            ),
            format!(
                "error: {base}/target/site/index.html:3: normal API key (test) \
                 Mileston_TEST_****00a1 in a frontend artifact: {FRONTEND_WHY}"
            ),
            format!(
                "ok: {base}/target/site/index.html:4: checkout key (test) \
                 Mileston_TEST_CHECKOUTKEY_****00b2 in a frontend artifact: checkout keys are \
                 meant for frontends"
            ),
            format!(
                "error: {base}/target/site/pkg/app.css:2: normal API key (live) \
                 Mileston_PROD_****00c3 in a frontend artifact: {FRONTEND_WHY}"
            ),
            "6 files scanned, 7 keys found: 5 errors, 1 warnings, 1 expected, 0 allowed; scan failed"
                .to_owned(),
        ]
    );
}

/// In a binary file strings are stored back to back, so a key's body as
/// matched may run on into the next string (a wallet secret, a business ID):
/// none of the body is shown there, whatever follows the key. In a text file
/// the key ends where its token does, and its last four are shown.
#[test]
fn a_key_in_a_binary_shows_no_character_of_what_follows_it() {
    // What rustc stored right after the key: a wallet secret, a business ID,
    // another string; recognisably fake.
    const NEXT: [&str; 3] = ["QZXJwalletFAKE7788", "biz01shopQZXJ", "Rk9vFAKEnext"];
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().display();
    let mut elf = b"\x7fELF\x02\x01\x01\0".to_vec();
    elf.extend_from_slice(format!("{NORMAL}{}\0", NEXT[0]).as_bytes());
    write(dir.path(), "target/release/server", &elf);
    write(
        dir.path(),
        "pkg/app_bg.wasm",
        wasm_with(&format!("{CHECKOUT}{}", NEXT[1])),
    );
    let written = LIVE_NORMAL.replace('_', "%5F");
    write(
        dir.path(),
        "vendor/libpay.so",
        format!("\x7fELF{written}{}", NEXT[2]),
    );
    write(dir.path(), ".env", format!("MILESTON_API_KEY={NORMAL}\n"));

    let out = scan(&[&dir.path()]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        [
            format!(
                "error: {base}/.env:1: normal API key (test) Mileston_TEST_****00a1 in a source \
                 file: {SOURCE_WHY}"
            ),
            format!(
                "ok: {base}/pkg/app_bg.wasm (offset 77): checkout key (test) \
                 Mileston_TEST_CHECKOUTKEY_**** in a frontend artifact: checkout keys are meant \
                 for frontends"
            ),
            format!(
                "warning: {base}/target/release/server (offset 8): normal API key (test) \
                 Mileston_TEST_**** in a native artifact: {NATIVE_WHY}"
            ),
            format!(
                "warning: {base}/vendor/libpay.so (offset 4): normal API key (live) \
                 Mileston_PROD_**** (percent-encoded) in a native artifact: {NATIVE_WHY}"
            ),
            "4 files scanned, 4 keys found: 1 errors, 2 warnings, 1 expected, 0 allowed; scan failed"
                .to_owned(),
        ]
    );
    for next in NEXT {
        for w in next.as_bytes().windows(4) {
            let w = std::str::from_utf8(w).unwrap();
            assert!(!text.contains(w), "{w:?} of {next:?} was printed:\n{text}");
        }
    }
}

const SHIPPED_WHY: &str = "a normal Mileston API key is a backend secret, and anyone who gets \
     this file can read it (`--shipped`): keep it out of what is shipped (read it at run time), \
     and rotate it";

/// `--shipped`, for what is shipped as it is (a container image's files):
/// a normal key fails in native artifacts too (a server binary, dep-info
/// left under `target/`); checkout keys and allowed keys still pass.
#[test]
fn shipped_fails_on_a_normal_key_in_a_native_artifact() {
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("image");
    let mut elf = b"\x7fELF\x02\x01\x01\0".to_vec();
    elf.extend_from_slice(format!("{NORMAL}\0{CHECKOUT}\0").as_bytes());
    write(&image, "usr/local/bin/shop", &elf);
    write(
        &image,
        "srv/target/release/deps/shop-1a2b.d",
        format!("shop: src/main.rs\n# env-dep:MILESTON_API_KEY={LIVE_NORMAL}\n"),
    );
    write(&image, "srv/site/pkg/shop_bg.wasm", wasm_with(CHECKOUT));
    let i = image.display();

    // Without it: the same tree passes, with warnings.
    let out = scan(&[&image]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).ends_with(
            "3 files scanned, 4 keys found: 0 errors, 2 warnings, 2 expected, 0 allowed\n"
        ),
        "{}",
        stdout(&out)
    );

    let out = scan(&[&"--shipped", &image]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out).lines().collect::<Vec<_>>(),
        [
            format!(
                "ok: {i}/srv/site/pkg/shop_bg.wasm (offset 77): checkout key (test) \
                 Mileston_TEST_CHECKOUTKEY_**** in a frontend artifact: checkout keys are meant \
                 for frontends"
            ),
            format!(
                "error: {i}/srv/target/release/deps/shop-1a2b.d:2: normal API key (live) \
                 Mileston_PROD_****00c3 in a native artifact: {SHIPPED_WHY}"
            ),
            format!(
                "error: {i}/usr/local/bin/shop (offset 8): normal API key (test) Mileston_TEST_**** \
                 in a native artifact: {SHIPPED_WHY}"
            ),
            format!(
                "ok: {i}/usr/local/bin/shop (offset {}): checkout key (test) \
                 Mileston_TEST_CHECKOUTKEY_**** in a native artifact: checkout keys may be shipped",
                8 + NORMAL.len() + 1
            ),
            "3 files scanned, 4 keys found: 2 errors, 0 warnings, 2 expected, 0 allowed; scan failed"
                .to_owned(),
        ]
    );
    let out = scan(&[&"--shipped", &"--format", &"json", &image.join("usr")]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["failed"], true);
    assert_eq!(v["findings"][0]["class"], "native artifact");
    assert_eq!(v["findings"][0]["severity"], "error");
    assert_eq!(v["findings"][1]["severity"], "ok");

    // The sandbox's fake keys, allowed, still pass.
    let mut elf = b"\x7fELF\x02\x01\x01\0".to_vec();
    elf.extend_from_slice(format!("{SANDBOX_NORMAL}\0").as_bytes());
    let sandbox = write(dir.path(), "sandbox-image/app/server", &elf);
    let out = scan(&[&"--shipped", &"--allow", &allow_sandbox(), &sandbox]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(
        stdout(&out),
        format!(
            "allowed: {} (offset 8): normal API key (test) Mileston_TEST_**** in a native \
             artifact: on the allow-list\n\
             1 files scanned, 1 keys found: 0 errors, 0 warnings, 0 expected, 1 allowed\n",
            sandbox.display()
        )
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
         f = {CHECKOUT}-and-more\n\
         g = Mileston_TEST_FAKEfake\\n0000000000a1\n"
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
    // A letter before a key does not hide it (line 1); a body cut short by
    // an escape (line 7) is not a key.
    assert_eq!(lines, [1, 2, 6]);
    assert_eq!(
        v["findings"][2]["redacted"],
        "Mileston_TEST_CHECKOUTKEY_****00b2"
    );
}

const SOURCE_WHY: &str = "keys never belong in files that can be committed: move it to an \
     environment variable or a git-ignored .env file, and rotate it if it was ever committed";
const FRONTEND_WHY: &str = "a normal API key is a backend secret and anyone can read it from a \
     frontend artifact: build the frontend with `checkout` only, and rotate the key";

/// Keys as they sit in files: after escapes in JSON, YAML, TOML, shell and
/// JavaScript strings, in URL query strings and form bodies (percent-encoded
/// around them, or their own `_` encoded), in quoted-printable mail, packed
/// against another string. Each row: the file, its text with `{K}` for the
/// key, the key's line, whether the key's `_` are written `%5F`, what the
/// report calls the file.
#[rustfmt::skip]
const ESCAPED: &[(&str, &str, u64, bool, &str)] = &[
    // JSON
    ("json/a.json", "{\n  \"env\": \"A=1\\n{K}\\n\"\n}\n", 2, false, "a source file"),
    ("json/b.json", "{\"k\": \"\\u0022{K}\\u0022\"}\n", 1, false, "a source file"),
    ("json/c.json", "[\"\\t{K}\\t\", 1]\n", 1, false, "a source file"),
    ("json/d.json", "{\"path\": \"C:\\\\{K}\\\\x\"}\n", 1, false, "a source file"),
    ("json/e.json", "{\"s\": \"say \\\"{K}\\\"\"}\n", 1, false, "a source file"),
    // YAML
    ("yaml/a.yml", "env:\n  - \"A=1\\r\\n{K}\\r\\n\"\n", 2, false, "a source file"),
    ("yaml/b.yaml", "k: \"\\x22{K}\\x22\"\n", 1, false, "a source file"),
    ("yaml/c.yaml", "url: https://pay.example/?q=1%26key%3D{K}%26z=1\n", 1, false, "a source file"),
    ("yaml/d.yaml", "k: \"\\U00000022{K}\\N\"\n", 1, false, "a source file"),
    // TOML
    ("toml/a.toml", "[x]\nkey = \"\\u0022{K}\\u0022\"\n", 2, false, "a source file"),
    ("toml/b.toml", "k = \"\\t{K}\\b\"\n", 1, false, "a source file"),
    ("toml/c.toml", "k = \"\"\"\nline\\n{K}\\n\"\"\"\n", 2, false, "a source file"),
    // shell
    ("sh/a.sh", "printf '\\x22{K}\\x22'\n", 1, false, "a source file"),
    ("sh/b.sh", "echo -e \"\\042{K}\\042\"\n", 1, false, "a source file"),
    ("sh/c.sh", "echo $'\\n{K}'\n", 1, false, "a source file"),
    ("sh/d.sh", "curl -d 'amount=10&key={K}&currency=USDC' https://pay.example\n", 1, false, "a source file"),
    // URL query strings and form bodies
    ("url/a.txt", "GET /cb?data=%7B%22key%22%3A%22{K}%22%7D HTTP/1.1\n", 1, false, "a source file"),
    ("url/b.txt", "body=line1%0A{K}%0D%0A\n", 1, false, "a source file"),
    ("url/c.txt", "a=1%2C{K}%2Cb\n", 1, false, "a source file"),
    ("url/d.txt", "k=%E2%9C%93{K}\n", 1, false, "a source file"),
    ("url/e.txt", "amount=10&key={K}&x=1\n", 1, true, "a source file"),
    ("url/f.txt", "https://pay.example/?q%3D1%26key%3D{K}%26x\n", 1, true, "a source file"),
    (".env.production", "CALLBACK=https://shop.example/cb?key%3D{K}\n", 1, false, "a source file"),
    // quoted-printable mail, HTML entities
    ("mail.eml", "Subject: keys\n\nkey=3D{K}=\n", 3, false, "a text file"),
    ("docs/a.html", "<code>&quot;{K}&quot;</code>\n", 1, false, "a source file"),
    ("docs/b.html", "<p>\n<code>&#34;{K}&#x22;</code>\n", 2, false, "a source file"),
    // JavaScript: escapes, and a string the minifier folded into another
    ("web/a.js", "const a=\"biz_shop01{K}\";\n", 1, false, "a source file"),
    ("web/b.ts", "const u = 'k\\x3d{K}';\n", 1, false, "a source file"),
];

/// Scans `dir` (`files` files): the report is `lines` (one error a file, by
/// path), then their count; no fragment of `keys` is printed.
fn assert_every_key_fails(
    dir: &Path,
    keys: &[String],
    lines: std::collections::BTreeMap<String, String>,
    files: usize,
) {
    let out = scan(&[&dir]);
    assert_no_fragment(&out, &keys.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.status.code(), Some(1));
    let n = lines.len();
    let mut want: Vec<String> = lines.into_values().collect();
    want.push(format!(
        "{files} files scanned, {n} keys found: {n} errors, 0 warnings, 0 expected, 0 allowed; \
         scan failed"
    ));
    assert_eq!(stdout(&out).lines().collect::<Vec<_>>(), want);
}

#[test]
fn keys_after_escapes_and_percent_encoding_fail_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().display();
    let mut keys = Vec::new();
    let mut expected = std::collections::BTreeMap::new();
    for (i, (file, text, line, percent, class)) in ESCAPED.iter().enumerate() {
        // One key a row, its tail the row's number: each line of the report
        // names the key of its file, cut where the key ends.
        let key = format!("Mileston_TEST_FAKEescaped{:08}", i + 1);
        let written = if *percent {
            key.replace('_', "%5F")
        } else {
            key.clone()
        };
        write(dir.path(), file, text.replace("{K}", &written));
        let enc = if *percent { " (percent-encoded)" } else { "" };
        expected.insert(
            format!("{base}/{file}"),
            format!(
                "error: {base}/{file}:{line}: normal API key (test) Mileston_TEST_****{:04}{enc} \
                 in {class}: {SOURCE_WHY}",
                i + 1
            ),
        );
        keys.push(key);
    }
    // Not keys: a body cut short by an escape, or a separator spelt otherwise.
    write(
        dir.path(),
        "not-keys.txt",
        "Mileston_TEST_FAKEfake\\n0000000000a1\nMileston%255FTEST%255FFAKEfake0000000000a1\n\
         Mileston%5ETEST%5EFAKEfake0000000000a1\nMileston_TEST_FAKEfake%200000000000a1\n",
    );

    assert_every_key_fails(dir.path(), &keys, expected, ESCAPED.len() + 1);

    // JSON says how a key was written when the scanner decoded it.
    let out = scan(&[&"--format", &"json", &dir.path().join("url/e.txt")]);
    assert_eq!(out.status.code(), Some(1));
    let f = &json(&out)["findings"][0];
    assert_eq!(f["encoding"], serde_json::json!(["percent"]));
    assert_eq!(f["redacted"], "Mileston_TEST_****0021");
    let out = scan(&[&"--format", &"json", &dir.path().join("url/d.txt")]);
    assert!(json(&out)["findings"][0].get("encoding").is_none());
}

/// `key` with the characters at `at` (byte indices; `ALL`: every one)
/// written as `style` escapes them.
fn escape_chars(key: &str, edits: &[(&str, &[usize])]) -> String {
    key.bytes()
        .enumerate()
        .map(|(i, b)| {
            let style = edits
                .iter()
                .find(|(_, at)| at == &ALL || at.contains(&i))
                .map(|(style, _)| *style);
            match style {
                None => (b as char).to_string(),
                Some("u4") => format!("\\u{b:04x}"),
                Some("ubrace") => format!("\\u{{{b:X}}}"),
                Some("U8") => format!("\\U{b:08X}"),
                Some("x") => format!("\\x{b:02x}"),
                Some("dec") => format!("&#{b};"),
                Some("hex") => format!("&#x{b:X};"),
                Some("lowbar") => "&lowbar;".to_owned(),
                Some("pct") => format!("%{b:02X}"),
                Some(other) => panic!("{other}"),
            }
        })
        .collect()
}

/// How a key is written: escape styles and the characters they write.
type Edits = &'static [(&'static str, &'static [usize])];

/// Every character of the key.
const ALL: &[usize] = &[usize::MAX];
/// In `Mileston_TEST_FAKEdecoded00000001`: the `_`, body letters, the last.
const SEPS: &[usize] = &[8, 13];
const BODY: &[usize] = &[18, 19, 21];
const LAST: &[usize] = &[31];

/// Keys written with escapes of their own characters: JSON's `\u0066`,
/// JavaScript's `\x66` and `\u{66}`, Python's `\U00000066`, HTML's `&#102;`,
/// `&#x66;` and `&lowbar;`, URLs' `%66`, in the body, the separators, the
/// prefix, every character, or several families at once. Each row: the file,
/// its text with `{K}` for the key, how the key is written, the key's line,
/// how the report says it was written, what it calls the file, and why.
#[rustfmt::skip]
const DECODED: &[(&str, &str, Edits, u64, &str, &str, &str)] = &[
    ("json/body.json", "{\"k\": \"{K}\"}\n", &[("u4", BODY)], 1, "backslash-escaped", "a source file", "SOURCE"),
    ("json/all.json", "[\n  \"{K}\"\n]\n", &[("u4", ALL)], 2, "backslash-escaped", "a source file", "SOURCE"),
    ("config/sep.yaml", "k: \"{K}\"\n", &[("u4", SEPS)], 1, "backslash-escaped", "a source file", "SOURCE"),
    ("py/settings.py", "K = \"{K}\"\n", &[("U8", LAST)], 1, "backslash-escaped", "a source file", "SOURCE"),
    ("web/app.ts", "const k = \"{K}\";\n", &[("ubrace", &[0, 1])], 1, "backslash-escaped", "a source file", "SOURCE"),
    ("dist/app-1a.js", "let a=1;\nfetch(u,{k:\"{K}\"})", &[("x", BODY)], 2, "backslash-escaped", "a frontend artifact", "FRONTEND"),
    ("target/site/index.html", "<p>\n<code>{K}</code>\n", &[("dec", BODY)], 2, "HTML-escaped", "a frontend artifact", "FRONTEND"),
    ("docs/keys.html", "<code>{K}</code>\n", &[("hex", ALL)], 1, "HTML-escaped", "a source file", "SOURCE"),
    ("docs/entity.xml", "<k>{K}</k>\n", &[("lowbar", SEPS)], 1, "HTML-escaped", "a source file", "SOURCE"),
    ("url/cb.txt", "GET /cb?key={K}&x=1\n", &[("pct", BODY)], 1, "percent-encoded", "a source file", "SOURCE"),
    ("mixed.json", "{\"k\": \"{K}\"}\n", &[("u4", &[18]), ("dec", &[19]), ("pct", &[8, 21])], 1, "percent-encoded, backslash-escaped, HTML-escaped", "a source file", "SOURCE"),
];

#[test]
fn keys_written_with_escapes_of_their_characters_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().display();
    let mut keys = Vec::new();
    let mut want = std::collections::BTreeMap::new();
    for (i, (file, text, edits, line, how, class, why)) in DECODED.iter().enumerate() {
        let key = format!("Mileston_TEST_FAKEdecoded{:08}", i + 1);
        let written = escape_chars(&key, edits);
        assert!(!written.contains(&key), "{written}");
        write(dir.path(), file, text.replace("{K}", &written));
        let why = why
            .replace("SOURCE", SOURCE_WHY)
            .replace("FRONTEND", FRONTEND_WHY);
        want.insert(
            format!("{base}/{file}"),
            format!(
                "error: {base}/{file}:{line}: normal API key (test) Mileston_TEST_****{:04} \
                 ({how}) in {class}: {why}",
                i + 1
            ),
        );
        keys.push(key);
    }
    // Not keys: a body cut by an escape of another character, a double
    // percent-encoding, an escaped body too short.
    write(
        dir.path(),
        "not-keys.txt",
        "Mileston_TEST_FAKE\\u002dfake0000000000a1\nMileston_TEST_FAKE%2566ake0000000000a1\n\
         Mileston_TEST_FAKE\\u0066ake\n",
    );

    assert_every_key_fails(dir.path(), &keys, want, DECODED.len() + 1);

    let out = scan(&[&"--format", &"json", &dir.path().join("mixed.json")]);
    let f = &json(&out)["findings"][0];
    assert_eq!(
        f["encoding"],
        serde_json::json!(["percent", "backslash", "html"])
    );
    assert_eq!(f["redacted"], "Mileston_TEST_****0011");
}

/// Escaped keys in frontend binaries (JSON in a wasm module's data) and in
/// UTF-16 text are found too: a checkout key in a bundle is expected, a
/// normal key fails; the offset is where the written key starts. A native
/// binary is searched as written (its compiler stored its strings decoded;
/// README, "Limits"): the same JSON there holds no key the scan reports.
#[test]
fn escaped_keys_in_binaries_and_utf16_text_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().display();
    let normal = escape_chars(NORMAL, &[("u4", &[20, 21])]);
    let checkout = escape_chars(CHECKOUT, &[("x", &[8, 13]), ("pct", &[25])]);
    write(
        dir.path(),
        "pkg/app_bg.wasm",
        wasm_with(&format!("{{\"c\":\"{checkout}\",\"k\":\"{normal}\"}}")),
    );
    let env = format!(
        "\u{feff}# Notepad\r\nK=\"{}\"\r\n",
        escape_chars(LIVE_NORMAL, &[("u4", LAST)])
    );
    write(
        dir.path(),
        ".env.local",
        env.encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect::<Vec<u8>>(),
    );
    let mut elf = b"\x7fELF\x02\x01\x01\0".to_vec();
    elf.extend_from_slice(format!("{{\"k\":\"{normal}\"}}").as_bytes());
    write(dir.path(), "target/release/server", &elf);
    let out = scan(&[&dir.path()]);
    assert_eq!(out.status.code(), Some(1));
    let json_at = 13 + 64;
    assert_eq!(
        stdout(&out).lines().collect::<Vec<_>>(),
        [
            format!(
                "error: {base}/.env.local:2: normal API key (live) Mileston_PROD_****00c3 \
                 (UTF-16LE, backslash-escaped) in a source file: {SOURCE_WHY}"
            ),
            format!(
                "ok: {base}/pkg/app_bg.wasm (offset {}): checkout key (test) \
                 Mileston_TEST_CHECKOUTKEY_**** (backslash-escaped, percent-encoded) in a \
                 frontend artifact: checkout keys are meant for frontends",
                json_at + 6
            ),
            format!(
                "error: {base}/pkg/app_bg.wasm (offset {}): normal API key (test) \
                 Mileston_TEST_**** (backslash-escaped) in a frontend artifact: {FRONTEND_WHY}",
                json_at + 6 + checkout.len() + 7
            ),
            "3 files scanned, 3 keys found: 2 errors, 0 warnings, 1 expected, 0 allowed; scan failed"
                .to_owned(),
        ]
    );
}

/// Secrets with no format, as they are assigned to their variables in
/// files: env files, shell, docker compose (map and list), Kubernetes
/// (`name:`/`value:`), JSON, a Dockerfile's `ENV` (both forms), cargo's
/// `[env]`, Rust, PowerShell, a frontend's prefixed variable, dep-info and
/// cargo's fingerprints under `target/`, what a server serves. Each row: the
/// file, its text with `{V}` for the value, the value's line, the row
/// (`wallet` or `webhook`), and the report's end (class and why).
#[rustfmt::skip]
const ASSIGNED: &[(&str, &str, u64, &str, &str)] = &[
    (".env", "MILESTON_SECRET_KEY={V}\n", 1, "wallet", "SOURCE"),
    (".env.production", "# deploy\nexport MILESTON_WEBHOOK_TOKEN=\"{V}\"\n", 2, "webhook", "SOURCE"),
    ("docker-compose.yml", "services:\n  app:\n    environment:\n      MILESTON_SECRET_KEY: {V}\n", 4, "wallet", "SOURCE"),
    ("compose.override.yaml", "    environment:\n      - MILESTON_WEBHOOK_TOKEN={V}  # rotate\n", 2, "webhook", "SOURCE"),
    ("k8s/deploy.yaml", "env:\n  - name: MILESTON_SECRET_KEY\n    value: \"{V}\"\n", 3, "wallet", "SOURCE"),
    ("config/settings.json", "{\n  \"MILESTON_WEBHOOK_TOKEN\": \"{V}\"\n}\n", 2, "webhook", "SOURCE"),
    ("Dockerfile", "FROM rust\nENV MILESTON_SECRET_KEY {V}\n", 2, "wallet", "SOURCE"),
    ("docker/Dockerfile.web", "ARG X\nENV MILESTON_WEBHOOK_TOKEN={V} Y=1\n", 2, "webhook", "SOURCE"),
    (".cargo/config.toml", "[env]\nMILESTON_WEBHOOK_TOKEN = { value = \"{V}\", force = true }\n", 2, "webhook", "SOURCE"),
    ("src/main.rs", "fn main() {\n    std::env::set_var(\"MILESTON_SECRET_KEY\", \"{V}\");\n}\n", 2, "wallet", "SOURCE"),
    ("src/config.rs", "pub const MILESTON_SECRET_KEY: &'static str = \"{V}\";\n", 1, "wallet", "SOURCE"),
    ("web/src/env.ts", "export const MILESTON_WEBHOOK_TOKEN: string = '{V}';\n", 1, "webhook", "SOURCE"),
    ("scripts/deploy.ps1", "$env:MILESTON_SECRET_KEY = '{V}'\r\n", 1, "wallet", "SOURCE"),
    ("web/.env", "VITE_MILESTON_WEBHOOK_TOKEN={V}\n", 1, "webhook", "SOURCE"),
    ("ecs/task.json", "[{\"name\": \"MILESTON_SECRET_KEY\", \"value\": \"{V}\"}]\n", 1, "wallet", "SOURCE"),
    ("target/debug/deps/shop-1a2b.d", "shop: src/main.rs\n# env-dep:MILESTON_SECRET_KEY={V}\n", 2, "wallet", "NATIVE"),
    ("target/debug/.fingerprint/shop-1/run-build-script-build.json", "{\"local\":[{\"RerunIfEnvChanged\":{\"var\":\"MILESTON_WEBHOOK_TOKEN\",\"val\":\"{V}\"}}]}", 1, "webhook", "NATIVE"),
    ("target/site/env.js", "window.env={MILESTON_WEBHOOK_TOKEN:\"{V}\"};\n", 1, "webhook", "FRONTEND"),
];

/// Fake secrets of the shapes such secrets have (hex, lower case,
/// hyphenated, base64): `#` is the row's number.
const SECRET_SHAPES: [&str; 4] = [
    "whsec-FAKE-7f3a9c-#",
    "7f3a9c0e1d2bfake#",
    "fake_wallet_secret_#",
    "FAKE+/c2Vj#cmV0==",
];

fn secret_value(i: usize) -> String {
    SECRET_SHAPES[i % SECRET_SHAPES.len()].replace('#', &format!("{:04}", i + 1))
}

/// No 8 characters of any of `values` in stdout or stderr (but lower-case
/// words).
fn assert_no_value(out: &Output, values: &[String]) {
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for v in values {
        for w in v.as_bytes().windows(8) {
            let w = std::str::from_utf8(w).unwrap();
            if !w.bytes().all(|b| b.is_ascii_lowercase()) {
                assert!(
                    !all.contains(w),
                    "{w:?}, part of a secret, was printed:\n{all}"
                );
            }
        }
    }
}

const WALLET_WHAT: &str = "the wallet signing secret assigned to MILESTON_SECRET_KEY";
const WEBHOOK_WHAT: &str = "the webhook verification token assigned to MILESTON_WEBHOOK_TOKEN";
const SECRET_SOURCE_WHY: &str = "secrets never belong in files that can be committed: move it to \
     an environment variable or a git-ignored .env file, and rotate it if it was ever committed";

#[test]
fn secrets_assigned_to_their_variables_are_found_and_never_shown() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().display();
    let mut values = Vec::new();
    let mut want = std::collections::BTreeMap::new();
    for (i, (file, text, line, row, end)) in ASSIGNED.iter().enumerate() {
        let value = secret_value(i);
        write(dir.path(), file, text.replace("{V}", &value));
        let what = if *row == "wallet" {
            WALLET_WHAT
        } else {
            WEBHOOK_WHAT
        };
        let (label, end) = match *end {
            "SOURCE" => ("error", format!("a source file: {SECRET_SOURCE_WHY}")),
            "NATIVE" => (
                "warning",
                format!(
                    "a native artifact: expected in a server binary built with `{row}`; never \
                     ship this file to users"
                ),
            ),
            _ => (
                "error",
                "a frontend artifact: the webhook token is what proves a delivery comes from \
                 Mileston and anyone can read it from a frontend artifact: keep it out of \
                 frontend builds, and rotate it"
                    .to_owned(),
            ),
        };
        want.insert(
            format!("{base}/{file}"),
            format!("{label}: {base}/{file}:{line}: {what} in {end}"),
        );
        values.push(value);
    }
    // A binary holding an environment block: placed by offset.
    let mut elf = b"\x7fELF\x02\x01\x01\0".to_vec();
    elf.extend_from_slice(b"PATH=/usr/bin\0MILESTON_SECRET_KEY=");
    let value = secret_value(ASSIGNED.len());
    elf.extend_from_slice(format!("{value}\0").as_bytes());
    write(dir.path(), "target/release/server", &elf);
    want.insert(
        format!("{base}/target/release/server"),
        format!(
            "warning: {base}/target/release/server (offset 42): {WALLET_WHAT} in a native \
             artifact: expected in a server binary built with `wallet`; never ship this file to \
             users"
        ),
    );
    values.push(value);

    let out = scan(&[&dir.path()]);
    assert_no_value(&out, &values);
    assert_eq!(out.status.code(), Some(1));
    let mut want: Vec<String> = want.into_values().collect();
    let n = ASSIGNED.len() + 1;
    want.push(format!(
        "{n} files scanned, 0 keys found, {n} secrets found by name: 16 errors, 3 warnings, 0 \
         expected, 0 allowed; scan failed"
    ));
    assert_eq!(stdout(&out).lines().collect::<Vec<_>>(), want);

    // JSON names the variable and says nothing of the value, not even its
    // length.
    let out = scan(&[&"--format", &"json", &dir.path().join(".env")]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        json(&out),
        serde_json::json!({
            "findings": [{
                "path": format!("{base}/.env"),
                "line": 1,
                "kind": "wallet",
                "variable": "MILESTON_SECRET_KEY",
                "class": "source",
                "allowed": false,
                "severity": "error",
            }],
            "failed": true,
        })
    );

    // Shipped, what is left under target/ fails too.
    let out = scan(&[&"--shipped", &dir.path().join("target/debug/deps")]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out).lines().next().unwrap(),
        format!(
            "error: {base}/target/debug/deps/shop-1a2b.d:2: {WALLET_WHAT} in a native artifact: \
             the wallet signing secret authorises payouts, and anyone who gets this file can \
             read it (`--shipped`): keep it out of what is shipped (read it at run time), and \
             rotate it"
        )
    );
}

/// A secret in UTF-16 text (an env file saved by Notepad) is found in the
/// decoded text, on its line.
#[test]
fn a_secret_in_utf16_text_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let value = secret_value(0);
    let text = format!("\u{feff}# Notepad\r\nMILESTON_WEBHOOK_TOKEN={value}\r\n");
    let file = write(
        dir.path(),
        "deploy/prod.env",
        text.encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect::<Vec<u8>>(),
    );
    let out = scan(&[&dir.path()]);
    assert_no_value(&out, &[value]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        format!(
            "error: {}:2: {WEBHOOK_WHAT} (UTF-16LE) in a source file: {SECRET_SOURCE_WHY}\n\
             1 files scanned, 0 keys found, 1 secrets found by name: 1 errors, 0 warnings, 0 \
             expected, 0 allowed; scan failed\n",
            file.display()
        )
    );
}

/// What is not a secret assigned to a variable: no value, a reference to
/// another variable or a CI secret, a placeholder, a read of the variable,
/// the variable's name as a setting's value, prose, a variable passed by
/// name, other variables that contain the name, and a key (reported as a
/// key, once).
#[test]
fn references_placeholders_and_prose_are_not_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let text = "MILESTON_SECRET_KEY=\n\
        MILESTON_SECRET_KEY=${WALLET_SECRET}\n\
        MILESTON_WEBHOOK_TOKEN: ${{ secrets.MILESTON_WEBHOOK_TOKEN }}\n\
        MILESTON_SECRET_KEY=<your-wallet-secret>\n\
        MILESTON_WEBHOOK_TOKEN=your-webhook-token-here\n\
        MILESTON_SECRET_KEY=whsec_xxxxxxxxxxxx\n\
        MILESTON_SECRET_KEY=...\n\
        MILESTON_SECRET_KEY=********\n\
        let s = std::env::var(\"MILESTON_SECRET_KEY\")?;\n\
        wallet = \"MILESTON_SECRET_KEY\"\n\
        MILESTON_SECRET_KEY: the wallet signing secret, from the dashboard\n\
        cmd.env(\"MILESTON_WEBHOOK_TOKEN\", token_FAKE_0001);\n\
        const MILESTON_SECRET_KEY: &str = env!(\"WALLET_FAKE_0001\");\n\
        echo \"${MILESTON_SECRET_KEY:-FAKEdefault0001}\"\n\
        MILESTON_SECRET_KEY_FILE=/run/secrets/FAKEwallet0001\n\
        XMILESTON_SECRET_KEY=FAKEother0000001\n\
        MILESTON_WEBHOOK_TOKENS=FAKEother0000002\n\
        MILESTON_SECRET_KEY holds FAKEprose00000001\n\
        MILESTON_SECRET_KEY=short\n";
    let file = write(dir.path(), "docs/setup.md", text);
    let key = write(
        dir.path(),
        "wrong.env",
        format!("MILESTON_SECRET_KEY={NORMAL}\n"),
    );
    let out = scan(&[&dir.path()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        format!(
            "error: {}:1: normal API key (test) Mileston_TEST_****00a1 in a source file: \
             {SOURCE_WHY}\n\
             2 files scanned, 1 keys found: 1 errors, 0 warnings, 0 expected, 0 allowed; scan \
             failed\n",
            key.display()
        )
    );
    let out = scan(&[&file]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

/// A project's own names for its secrets, declared in `[package.metadata.mileston]`
/// (or its `native` table) of the crate scanned or the nearest one above the
/// path scanned, are looked for as well; another crate's are not.
#[test]
fn a_projects_own_names_for_its_secrets_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let shop = dir.path().join("shop");
    write(
        &shop,
        "Cargo.toml",
        "[package]\nname = \"shop\"\nversion = \"0.1.0\"\n\n[package.metadata.mileston]\n\
         backend = true\nwallet = \"PAYOUT_SIGNING_SECRET\"\n\n\
         [package.metadata.mileston.native]\nwebhook = \"HOOK_TOKEN\"\n",
    );
    let values = [secret_value(0), secret_value(1), secret_value(2)];
    write(
        &shop,
        "deploy/.env",
        format!(
            "PAYOUT_SIGNING_SECRET={}\nHOOK_TOKEN=\"{}\"\nMILESTON_SECRET_KEY={}\n",
            values[0], values[1], values[2]
        ),
    );
    let other = dir.path().join("other");
    write(
        &other,
        ".env",
        format!("PAYOUT_SIGNING_SECRET={}\n", values[0]),
    );

    let s = shop.display();
    // The crate (its Cargo.toml and .env), and a path inside it (.env).
    for (path, files) in [(shop.clone(), 2), (shop.join("deploy"), 1)] {
        let out = scan(&[&path]);
        assert_no_value(&out, &values);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            stdout(&out).lines().collect::<Vec<_>>(),
            [
                format!(
                    "error: {s}/deploy/.env:1: the wallet signing secret assigned to \
                     PAYOUT_SIGNING_SECRET in a source file: {SECRET_SOURCE_WHY}"
                ),
                format!(
                    "error: {s}/deploy/.env:2: the webhook verification token assigned to \
                     HOOK_TOKEN in a source file: {SECRET_SOURCE_WHY}"
                ),
                format!(
                    "error: {s}/deploy/.env:3: {WALLET_WHAT} in a source file: {SECRET_SOURCE_WHY}"
                ),
                format!(
                    "{files} files scanned, 0 keys found, 3 secrets found by name: 3 errors, 0 \
                     warnings, 0 expected, 0 allowed; scan failed"
                ),
            ]
        );
    }
    // Another crate's names mean nothing here.
    let out = scan(&[&other]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

/// Secrets' whole values may be allowed (the sandbox's fakes in
/// `allow-sandbox.txt`); an entry that is neither a key nor a possible
/// secret is a usage error that names its line, never its content.
#[test]
fn allowed_secrets_pass() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "README.md",
        "MILESTON_WEBHOOK_TOKEN=sandboxFAKE-webhook-token-0001 cargo run\n\
         MILESTON_SECRET_KEY=sandboxFAKE-wallet-secret-0002\n",
    );
    let out = scan(&[&"--allow", &allow_sandbox(), &dir.path()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(
        stdout(&out),
        format!(
            "allowed: {0}/README.md:1: {WEBHOOK_WHAT} in a source file: on the allow-list\n\
             allowed: {0}/README.md:2: {WALLET_WHAT} in a source file: on the allow-list\n\
             1 files scanned, 0 keys found, 2 secrets found by name: 0 errors, 0 warnings, 0 \
             expected, 2 allowed\n",
            dir.path().display()
        )
    );
    let out = scan(&[&dir.path()]);
    assert_eq!(out.status.code(), Some(1));

    let bad = write(dir.path(), "allow.txt", "# list\nwallet FAKEsecret\n");
    let out = scan(&[&"--allow", &bad, &dir.path()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("allow.txt: line 2: not a key, nor a secret: it has whitespace at position 7"),
        "{err}"
    );
    assert!(!err.contains("FAKEsecret"), "{err}");
}

#[test]
fn a_normal_key_packed_after_a_checkout_key_in_a_bundle_fails() {
    let dir = tempfile::tempdir().unwrap();
    // Strings stored back to back in a wasm data segment.
    let file = write(
        dir.path(),
        "pkg/app_bg.wasm",
        wasm_with(&format!("{CHECKOUT}{NORMAL}")),
    );
    let out = scan(&[&file]);
    assert_eq!(out.status.code(), Some(1));
    let at = 13 + 64;
    let path = file.display();
    assert_eq!(
        stdout(&out),
        format!(
            "ok: {path} (offset {at}): checkout key (test) Mileston_TEST_CHECKOUTKEY_**** in a \
             frontend artifact: checkout keys are meant for frontends\n\
             error: {path} (offset {}): normal API key (test) Mileston_TEST_**** in a frontend \
             artifact: {FRONTEND_WHY}\n\
             1 files scanned, 2 keys found: 1 errors, 0 warnings, 1 expected, 0 allowed; scan failed\n",
            at + CHECKOUT.len()
        )
    );
}

#[test]
fn other_text_files_outside_build_outputs_fail_like_source() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "deploy/settings", format!("key={NORMAL}\n"));
    write(dir.path(), "deploy/settings.ini", format!("key={NORMAL}\n"));
    let out = scan(&[&"--format", &"json", &dir.path()]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["findings"][0]["class"], "other text");
    assert_eq!(v["findings"][1]["class"], "source");
}

const NATIVE_WHY: &str =
    "expected in a server binary built with `backend`; never ship this file to users";

/// A file's name decides how it is read before its bytes do: text files
/// with NULs (a `.env.local` ending in `\0`, NUL padding after a crash,
/// control bytes) stay text, and fail the scan with the key's line; files
/// named as artifacts are binary whatever they hold; a file whose name says
/// nothing is text when everything around its NULs is text. Each row: the
/// file, its bytes with `{K}` for the key, where the report places the key
/// (`:LINE` or ` (offset N)`), and the rest of the report's line.
#[rustfmt::skip]
const NAMED: &[(&str, &[u8], &str, &str)] = &[
    (".env.local", b"MILESTON_API_KEY={K}\n\0", ":1", "in a source file: SOURCE"),
    (".env", b"A=1\n\0\0\0B={K}\n", ":2", "in a source file: SOURCE"),
    ("app/.env.production", b"\0\0K={K}", ":1", "in a source file: SOURCE"),
    ("prod.env", b"X=\x01\x02\0\nK={K}\n", ":2", "in a source file: SOURCE"),
    ("config/app.json", b"{\"k\": \"{K}\"}\nPAD", ":1", "in a source file: SOURCE"),
    ("Cargo.toml", b"[x]\nk = \"{K}\"\n\0", ":2", "in a source file: SOURCE"),
    ("src/main.rs", b"\0// {K}\n", ":1", "in a source file: SOURCE"),
    ("k8s/deploy.yaml", b"a: \x01\x02\x03\0\nk: {K}\n", ":2", "in a source file: SOURCE"),
    ("ci.yml", b"\xff\xfe\0x: {K}", ":1", "in a source file: SOURCE"),
    ("Dockerfile", b"FROM x\nENV K={K}\n\0", ":2", "in a source file: SOURCE"),
    ("docker/Dockerfile.prod", b"\0\0\0\0\nENV K={K}", ":2", "in a source file: SOURCE"),
    ("web/app.ts", b"\x7fELF\x02\x01\0\nconst k = '{K}';\n", ":2", "in a source file: SOURCE"),
    ("README.md", "caf\u{e9}\0\n\n`{K}`\n".as_bytes(), ":3", "in a source file: SOURCE"),
    ("deploy/secrets", b"K={K}\n\0", ":1", "in a text file: SOURCE"),
    ("deploy/notes", "\u{e9}t\u{e9}\nK={K}\0\0\0\0\n".as_bytes(), ":2", "in a text file: SOURCE"),
    ("pkg/app_bg.wasm", b"k={K}\n", " (offset 2)", "in a frontend artifact: FRONTEND"),
    ("vendor/libx.so", b"k={K}\n", " (offset 2)", "in a native artifact: NATIVE"),
    ("vendor/libssl.so.3", b"\n\nk={K}", " (offset 4)", "in a native artifact: NATIVE"),
    ("bin/tool", b"\x7fELF\x02\x01\x01\0\0\0{K}\0", " (offset 10)", "in a native artifact: NATIVE"),
];

#[test]
fn a_file_is_read_as_its_name_says_before_its_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().display();
    let mut keys = Vec::new();
    let mut want = std::collections::BTreeMap::new();
    for (i, (file, bytes, place, rest)) in NAMED.iter().enumerate() {
        let key = format!("Mileston_LIVE_FAKEnamed{:08}", i + 1);
        let at = bytes.windows(3).position(|w| w == b"{K}").unwrap();
        let mut contents = [&bytes[..at], key.as_bytes(), &bytes[at + 3..]].concat();
        if contents.ends_with(b"PAD") {
            // A file padded with NULs after a crash.
            contents.truncate(contents.len() - 3);
            contents.resize(contents.len() + 4096, 0);
        }
        write(dir.path(), file, contents);
        let label = if rest.ends_with("NATIVE") {
            "warning"
        } else {
            "error"
        };
        let rest = rest
            .replace("SOURCE", SOURCE_WHY)
            .replace("FRONTEND", FRONTEND_WHY)
            .replace("NATIVE", NATIVE_WHY);
        // The body's last four in text files only (none in binary files).
        let tail = if place.starts_with(':') {
            format!("{:04}", i + 1)
        } else {
            String::new()
        };
        want.insert(
            format!("{base}/{file}"),
            format!("{label}: {base}/{file}{place}: normal API key (live) Mileston_LIVE_****{tail} {rest}"),
        );
        keys.push(key);
    }
    let out = scan(&[&dir.path()]);
    assert_no_fragment(&out, &keys.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.status.code(), Some(1));
    let mut want: Vec<String> = want.into_values().collect();
    let n = NAMED.len();
    let warnings = want.iter().filter(|l| l.starts_with("warning")).count();
    want.push(format!(
        "{n} files scanned, {n} keys found: {} errors, {warnings} warnings, 0 expected, 0 allowed; \
         scan failed",
        n - warnings
    ));
    assert_eq!(stdout(&out).lines().collect::<Vec<_>>(), want);
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

/// Text as Windows editors and shells save it: UTF-16 (LE or BE), with or
/// without a byte-order mark. Each row: the file, its text with `{K}` for the
/// key, the byte order, whether it starts with a mark, whether the key's
/// `_` are written `%5F`, the key's line, what the report calls the file.
#[rustfmt::skip]
const UTF16: &[(&str, &str, &str, bool, bool, u64, &str)] = &[
    (".env", "# Notepad\r\nMILESTON_API_KEY={K}\r\n", "le", true, false, 2, "a source file"),
    (".env.local", "K={K}\n", "be", true, false, 1, "a source file"),
    ("config/settings.json", "{\n  \"k\": \"{K}\"\n}\n", "le", false, false, 2, "a source file"),
    ("scripts/setup.ps1", "$env:K = '{K}'\r\n", "le", true, false, 1, "a source file"),
    ("deploy/keys", "caf\u{e9} \u{1F600}\n\nK={K}\n", "le", true, false, 3, "a text file"),
    ("deploy/keys-be", "K={K}\n", "be", false, false, 1, "a text file"),
    ("deploy/callback.txt", "url=https://x/?key%3D{K}%26\r\n", "le", true, true, 1, "a source file"),
];

#[test]
fn keys_in_utf16_text_fail_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().display();
    let mut keys = Vec::new();
    let mut want = std::collections::BTreeMap::new();
    for (i, (file, text, order, mark, percent, line, class)) in UTF16.iter().enumerate() {
        let key = format!("Mileston_TEST_FAKEwide{:08}", i + 1);
        let written = if *percent {
            key.replace('_', "%5F")
        } else {
            key.clone()
        };
        let text = format!(
            "{}{}",
            if *mark { "\u{feff}" } else { "" },
            text.replace("{K}", &written)
        );
        let bytes: Vec<u8> = match *order {
            "le" => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
            _ => text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        };
        // The key's bytes are not in the file as ASCII.
        assert!(!bytes.windows(8).any(|w| w == b"Mileston"));
        write(dir.path(), file, bytes);
        let how = match (*order, *percent) {
            ("le", false) => "UTF-16LE",
            ("le", true) => "UTF-16LE, percent-encoded",
            _ => "UTF-16BE",
        };
        want.insert(
            format!("{base}/{file}"),
            format!(
                "error: {base}/{file}:{line}: normal API key (test) Mileston_TEST_****{:04} ({how}) \
                 in {class}: {SOURCE_WHY}",
                i + 1
            ),
        );
        keys.push(key);
    }
    let out = scan(&[&dir.path()]);
    assert_no_fragment(&out, &keys.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(out.status.code(), Some(1));
    let mut want: Vec<String> = want.into_values().collect();
    let n = UTF16.len();
    want.push(format!(
        "{n} files scanned, {n} keys found: {n} errors, 0 warnings, 0 expected, 0 allowed; scan failed"
    ));
    assert_eq!(stdout(&out).lines().collect::<Vec<_>>(), want);

    let out = scan(&[
        &"--format",
        &"json",
        &dir.path().join("deploy/callback.txt"),
    ]);
    let f = &json(&out)["findings"][0];
    assert_eq!(f["encoding"], serde_json::json!(["utf-16le", "percent"]));
    assert_eq!(f["line"], 1);
    assert_eq!(f["class"], "source");

    // A checkout key in a UTF-16 file under a frontend build is expected.
    let bundle = write(
        dir.path(),
        "dist/strings.js",
        format!("\u{feff}let k = \"{CHECKOUT}\";\n")
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect::<Vec<u8>>(),
    );
    let out = scan(&[&bundle]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        format!(
            "ok: {}:1: checkout key (test) Mileston_TEST_CHECKOUTKEY_****00b2 (UTF-16LE) in a \
             frontend artifact: checkout keys are meant for frontends\n\
             1 files scanned, 1 keys found: 0 errors, 0 warnings, 1 expected, 0 allowed\n",
            bundle.display()
        )
    );
}

/// `scan` on `path`, failing the test if it runs more than 60 s (a link loop).
#[cfg(unix)]
fn scan_in_time(path: &Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mileston-config"))
        .arg("scan")
        .arg(path)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("scan of {} did not end", path.display());
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// Symbolic links are followed: a link to a file is scanned where the link
/// is (where a web server would serve it from), a link to a directory is
/// walked, and no directory is walked twice, so loops end.
#[cfg(unix)]
#[test]
fn symbolic_links_are_followed_and_never_loop() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("app");
    // Outside the scanned directory.
    write(
        dir.path(),
        "outside/config.js",
        format!("export const k = \"{NORMAL}\";\n"),
    );
    write(dir.path(), "outside/dotenv", format!("K={LIVE_NORMAL}\n"));
    write(
        dir.path(),
        "outside/assets/key.txt",
        format!("\n{CHECKOUT}\n"),
    );
    write(&root, "src/main.rs", "fn main() {}\n");
    write(&root, "src/real.txt", format!("k={NORMAL}\n"));
    symlink("../outside/config.js", root.join("dist-config.js")).unwrap();
    std::fs::create_dir_all(root.join("dist")).unwrap();
    symlink("../../outside/config.js", root.join("dist/config.js")).unwrap();
    symlink("../../outside/dotenv", root.join("src/.env")).unwrap();
    symlink("../outside/assets", root.join("assets")).unwrap();
    // Twice the same target: walked once, under the first link by name.
    symlink("../outside/assets", root.join("assets-again")).unwrap();
    // A link into the tree: its files are scanned at their own paths.
    symlink("src", root.join("src-link")).unwrap();
    // Loops: to itself, to its parent, to the directory above the root.
    symlink(".", root.join("self")).unwrap();
    symlink("..", root.join("src/parent")).unwrap();
    symlink("../..", root.join("src/up")).unwrap();
    // Broken links and a file link loop: nothing to read.
    symlink("nowhere", root.join("broken")).unwrap();
    symlink("l2", root.join("l1")).unwrap();
    symlink("l1", root.join("l2")).unwrap();

    let out = scan_in_time(&root);
    assert_no_fragment(&out, &[NORMAL, CHECKOUT, LIVE_NORMAL]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let r = root.display();
    let up = format!("{r}/src/up");
    assert_eq!(
        stdout(&out).lines().collect::<Vec<_>>(),
        [
            format!(
                "error: {r}/assets/key.txt:2: checkout key (test) Mileston_TEST_CHECKOUTKEY_****00b2 \
                 in a source file: {SOURCE_WHY}"
            ),
            format!(
                "error: {r}/dist-config.js:1: normal API key (test) Mileston_TEST_****00a1 in a \
                 source file: {SOURCE_WHY}"
            ),
            format!(
                "error: {r}/dist/config.js:1: normal API key (test) Mileston_TEST_****00a1 in a \
                 frontend artifact: {FRONTEND_WHY}"
            ),
            format!(
                "error: {r}/src/.env:1: normal API key (live) Mileston_PROD_****00c3 in a source \
                 file: {SOURCE_WHY}"
            ),
            format!(
                "error: {r}/src/real.txt:1: normal API key (test) Mileston_TEST_****00a1 in a \
                 source file: {SOURCE_WHY}"
            ),
            // The directory above the root, less what was walked: `outside`
            // but its `assets`, already walked through `app/assets`.
            format!(
                "error: {up}/outside/config.js:1: normal API key (test) Mileston_TEST_****00a1 in a \
                 source file: {SOURCE_WHY}"
            ),
            format!(
                "error: {up}/outside/dotenv:1: normal API key (live) Mileston_PROD_****00c3 in a \
                 text file: {SOURCE_WHY}"
            ),
            "8 files scanned, 7 keys found: 7 errors, 0 warnings, 0 expected, 0 allowed; scan failed"
                .to_owned(),
        ]
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}
