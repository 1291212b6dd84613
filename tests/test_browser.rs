//! The checkout page (`examples/checkout-web`) in a real browser.
//!
//! Builds the page for `wasm32-unknown-unknown` in release with cargo, runs
//! the `wasm-bindgen` CLI (`--target web`) and, when installed, `wasm-opt` on
//! a copy (see [`bundle`]);
//! starts the sandbox, creates an invoice with the backend handle, serves the
//! page on loopback and drives headless Chromium through `chromedriver`: the
//! page shows the amount and "pending", the sandbox marks the invoice paid,
//! the page shows "paid". Screenshots go to `target/tmp/browser/`.
//!
//! The page is built with a normal key in the environment: its bytes must be
//! nowhere in the bundle or the build's target directory (byte search and the
//! project's scanner). A copy of the page that declares `backend` must fail
//! to build for wasm with the refusal message.
//!
//! It needs `chromium`, `chromedriver` and `wasm-bindgen` (the version of the
//! page's Cargo.lock) and fails, saying how to install them, when one is
//! missing: `bash scripts/install-browser-tools.sh`. Every key here is fake.

#[path = "support/browser.rs"]
mod browser;
mod support;

use std::io::{BufRead, BufReader, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use browser::{Browser, Tools, WASM_TARGET, attr, run, screenshot, text, wait_for_text};
use mileston_config::backend::NewInvoice;
use mileston_config::credentials::{BusinessId, NormalKey};
use mileston_config::types::{Amount, IsoDate, PaymentKind};
use mileston_config::{BackendClient, Test};
use mileston_config_cli::scan::{AllowList, Severity, scan_paths};
use mileston_sandbox::{Sandbox, keys};
use support::{files_containing, stderr, workspace};

/// In the environment of the page's build, which must never read it.
const NORMAL_IN_ENV: &str = "Mileston_TEST_FAKEbrowserEnvNormal00001";
/// In the environment of the refused build of the copy that declares `backend`.
const NORMAL_REFUSED: &str = "Mileston_TEST_FAKEbrowserRefusedNormal02";
/// Planted into a copy of the bundle, to show the scanner sees such files.
const NORMAL_PLANTED: &str = "Mileston_TEST_FAKEbrowserPlantedNormal03";

/// `wasm-opt` features current rustc output uses (binaryen 108 needs them named).
const WASM_OPT_FLAGS: [&str; 6] = [
    "-Oz",
    "--enable-bulk-memory",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-reference-types",
];

fn page_src() -> PathBuf {
    workspace().join("examples/checkout-web")
}

/// The test's output folder: bundle, screenshots, browser profile.
fn out_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser")
}

/// `CARGO_TARGET_DIR` of the page's builds (the page and its copy share it).
fn page_target() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("checkout-web-target")
}

// ------------------------------------------------------------------ builds

/// `cargo build --release --target wasm32-unknown-unknown --locked` of the
/// page crate in `dir`, with the sandbox's fake checkout key and business ID
/// as the page's variables, no `MILESTON_*` variable but those of `env`.
fn build_page(dir: &Path, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO"));
    cmd.args(["build", "--release", "--locked", "--target", WASM_TARGET])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", page_target())
        .env("CARGO_TERM_COLOR", "never")
        .env("SANDBOX_CHECKOUT_KEY", keys::CHECKOUT_KEY)
        .env("SANDBOX_BUSINESS_ID", keys::BUSINESS_ID);
    for (k, _) in std::env::vars() {
        if k.starts_with("MILESTON_") || k == "RUSTFLAGS" || k == "CARGO_ENCODED_RUSTFLAGS" {
            cmd.env_remove(k);
        }
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// Builds the bundle into `out_dir()/dist`: index.html, checkout_web.js,
/// checkout_web_bg.wasm (wasm-bindgen's output without its name and
/// producers sections).
///
/// `wasm-opt`, when installed, runs on a copy (`dist-wasm-opt/`) whose size is
/// printed, and is not served: Debian's binaryen 108 points the
/// `__wbindgen_externrefs` export at the function table (the page then fails
/// with "WebAssembly.Table.set(): Argument 1 is invalid for table"), and it
/// saved under 1% gzip here (BENCHMARKS.md).
fn bundle(tools: &Tools) -> PathBuf {
    let out = build_page(&page_src(), &[("MILESTON_API_KEY", NORMAL_IN_ENV)]);
    assert!(out.status.success(), "page build failed:\n{}", stderr(&out));
    let wasm = page_target()
        .join(WASM_TARGET)
        .join("release/checkout_web.wasm");
    let dist = out_dir().join("dist");
    browser::bindgen(tools, &wasm, &dist);
    std::fs::copy(page_src().join("index.html"), dist.join("index.html")).unwrap();
    let size = |p: &Path| std::fs::metadata(p).unwrap().len();
    let bg = dist.join("checkout_web_bg.wasm");
    eprintln!(
        "bundle: wasm {} B, js {} B",
        size(&bg),
        size(&dist.join("checkout_web.js"))
    );
    if let Some(wasm_opt) = &tools.wasm_opt {
        let copy = out_dir().join("dist-wasm-opt");
        let _ = std::fs::remove_dir_all(&copy);
        std::fs::create_dir_all(&copy).unwrap();
        let opt = copy.join("checkout_web_bg.wasm");
        run(Command::new(wasm_opt)
            .args(WASM_OPT_FLAGS)
            .arg(&bg)
            .arg("-o")
            .arg(&opt));
        eprintln!("wasm-opt -Oz (not served): wasm {} B", size(&opt));
    }
    dist
}

// ------------------------------------------------------------------ servers

/// A static file server for `dir` (flat) on 127.0.0.1, one thread per
/// connection, GET only. Returns its base URL.
fn serve_dir(dir: PathBuf) -> String {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let _ = answer(stream, &dir);
            });
        }
    });
    url
}

fn answer(mut stream: TcpStream, dir: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let target = request_line.split(' ').nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let name = match path.trim_start_matches('/') {
        "" => "index.html",
        n => n,
    };
    let safe = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        && !name.starts_with('.');
    let file = if request_line.starts_with("GET ") && safe {
        std::fs::read(dir.join(name)).ok()
    } else {
        None
    };
    let (status, body, kind) = match file {
        Some(body) => {
            let kind = match name.rsplit('.').next() {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript; charset=utf-8",
                Some("wasm") => "application/wasm",
                _ => "application/octet-stream",
            };
            ("200 OK", body, kind)
        }
        None => ("404 Not Found", b"not found".to_vec(), "text/plain"),
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\ncontent-type: {kind}\r\ncontent-length: {}\r\n\
         cache-control: no-store\r\nconnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)?;
    stream.flush()
}

// ------------------------------------------------------------------ tests

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checkout_page_follows_a_payment_in_headless_chromium() {
    let tools = browser::tools(&page_src().join("Cargo.lock"));
    std::fs::create_dir_all(out_dir()).unwrap();
    let started = Instant::now();
    let dist = bundle(&tools);
    eprintln!("bundle built in {:?}", started.elapsed());

    // The normal key of the build's environment is nowhere: bundle, target dir.
    for dir in [&dist, &page_target()] {
        assert_eq!(
            files_containing(dir, NORMAL_IN_ENV),
            Vec::<PathBuf>::new(),
            "the normal key leaked into {}",
            dir.display()
        );
    }
    // The project's scanner agrees, and does see the checkout key in the bundle.
    let wasm_dir = page_target().join(WASM_TARGET).join("release");
    let outcome = scan_paths(&[dist.clone(), wasm_dir], &AllowList::default());
    let errors: Vec<_> = outcome
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error || f.kind == "normal")
        .map(|f| format!("{} {} {}", f.path, f.kind, f.redacted))
        .collect();
    assert_eq!(errors, Vec::<String>::new(), "scanner findings");
    assert!(
        outcome.findings.iter().any(|f| f.kind == "checkout"
            && f.severity == Severity::Ok
            && f.path.ends_with("checkout_web_bg.wasm")),
        "the scanner should find the injected checkout key in the bundle: {:?}",
        outcome
            .findings
            .iter()
            .map(|f| (&f.path, f.kind))
            .collect::<Vec<_>>()
    );
    // ... and would fail on a normal key planted in a copy of the bundle.
    let planted = out_dir().join("planted/dist");
    let _ = std::fs::remove_dir_all(&planted);
    std::fs::create_dir_all(&planted).unwrap();
    let mut bytes = std::fs::read(dist.join("checkout_web_bg.wasm")).unwrap();
    bytes.extend_from_slice(format!("\0{NORMAL_PLANTED}\0").as_bytes());
    std::fs::write(planted.join("checkout_web_bg.wasm"), bytes).unwrap();
    let outcome = scan_paths(std::slice::from_ref(&planted), &AllowList::default());
    assert!(
        outcome
            .findings
            .iter()
            .any(|f| f.kind == "normal" && f.severity == Severity::Error),
        "the scanner must flag a normal key in a wasm bundle"
    );
    std::fs::remove_dir_all(out_dir().join("planted")).unwrap();

    // A sandbox with one invoice, created by the backend handle.
    let sandbox = Sandbox::start().unwrap();
    let backend: BackendClient<Test> = BackendClient::new(
        NormalKey::parse(keys::API_KEY).unwrap(),
        BusinessId::new(keys::BUSINESS_ID).unwrap(),
    )
    .with_base_url(&sandbox.url())
    .unwrap();
    let invoice = NewInvoice::new(
        Amount::new("120.50").unwrap(),
        "Browser test order",
        "customer@example.com",
        IsoDate::new("2026-12-31").unwrap(),
    );
    let id = backend
        .create_invoice("Browser Test Shop", &invoice)
        .await
        .unwrap()
        .data
        .invoice_id;

    // The page on another loopback origin: its calls to the sandbox are CORS.
    let site = serve_dir(dist.clone());
    let api = sandbox.url().replace(':', "%3A").replace('/', "%2F");
    let page = format!(
        "{site}/?kind={}&id={id}&api={api}",
        PaymentKind::Invoice.pattern()
    );
    let browser = Browser::start(&tools, &out_dir()).await;
    let sandbox_url = sandbox.url();
    browser
        .drive(|client| async move {
            let out = out_dir();
            client.goto(&page).await.unwrap();
            wait_for_text(&client, &out, "status", "pending").await;
            assert_eq!(text(&client, "amount").await, "120.50");
            assert_eq!(text(&client, "kind").await, "invoice");
            assert_eq!(text(&client, "id").await, id);
            assert_eq!(text(&client, "message").await, "");
            screenshot(&client, &out, "checkout-pending").await;

            let paid = format!("{sandbox_url}/__sandbox/pay/invoice/{id}");
            ureq::post(paid).send_empty().unwrap();
            wait_for_text(&client, &out, "status", "paid").await;
            assert_eq!(text(&client, "amount").await, "120.50");
            assert_eq!(
                attr(&client, "checkout", "data-state").await.as_deref(),
                Some("paid")
            );
            screenshot(&client, &out, "checkout-paid").await;
        })
        .await;
    eprintln!("whole test in {:?}", started.elapsed());
}

/// A copy of the page that declares `backend` does not build for wasm.
#[test]
fn page_declaring_backend_is_refused_for_wasm() {
    let copy = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("checkout-web-backend");
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(copy.join("src")).unwrap();
    let src = page_src();
    let runtime = workspace().join("runtime");
    let manifest = std::fs::read_to_string(src.join("Cargo.toml")).unwrap();
    let manifest = manifest.replace(
        "path = \"../../runtime\"",
        &format!("path = {:?}", runtime.display().to_string()),
    );
    assert!(manifest.contains(&runtime.display().to_string()));
    // A package of its own, so its artifacts and fingerprints can never be
    // mistaken for the page's (the two tests build in parallel).
    assert!(manifest.contains("name = \"checkout-web\""));
    let manifest = manifest.replace("name = \"checkout-web\"", "name = \"checkout-web-backend\"");
    std::fs::write(copy.join("Cargo.toml"), manifest).unwrap();
    let lock = std::fs::read_to_string(src.join("Cargo.lock")).unwrap();
    let lock = lock.replace(
        "name = \"checkout-web\"\n",
        "name = \"checkout-web-backend\"\n",
    );
    std::fs::write(copy.join("Cargo.lock"), lock).unwrap();
    let lib = std::fs::read_to_string(src.join("src/lib.rs")).unwrap();
    let from = "#[mileston_config(checkout = ";
    assert!(lib.contains(from), "the page's attribute changed");
    let lib = lib.replace(from, "#[mileston_config(backend, checkout = ");
    std::fs::write(copy.join("src/lib.rs"), lib).unwrap();

    let out = build_page(&copy, &[("MILESTON_API_KEY", NORMAL_REFUSED)]);
    assert!(
        !out.status.success(),
        "a wasm build declaring `backend` must fail"
    );
    let err = stderr(&out);
    assert!(
        err.contains("error: `backend` cannot be declared in a wasm build"),
        "{err}"
    );
    assert!(!err.contains(NORMAL_REFUSED), "{err}");
    assert_eq!(
        files_containing(&page_target(), NORMAL_REFUSED),
        Vec::<PathBuf>::new()
    );
}
