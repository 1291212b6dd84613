//! `load = "start"` for real: a server crate that declares every value in
//! `[package.metadata.mileston]` with `load = "start"` (and runs the
//! build-script helper), built while every secret is set in the build's
//! environment and in a `.env` file. No 8-character piece of any of them is
//! in any file under its target directory or in cargo's output. Then the same
//! binary runs against the sandbox with its values as variables, as `_FILE`s
//! and from a systemd credentials directory (a request per handle: a payment
//! link created, read through the checkout key, the wallets listed with a
//! signed request, the sandbox's delivery verified); is refused, with the
//! variable and where it looked named and no piece of a value shown, when a
//! value is wrong; and, restarted with another tenant's values, uses them.
//! Every key and secret here is fake.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use mileston_sandbox::{Sandbox, keys};
use support::{Fixture, body_pieces, files_where, stderr, workspace};

/// The secrets in the build's environment, each seen nowhere else.
const BUILD_ENV: &[(&str, &str)] = &[
    ("MILESTON_API_KEY", "Mileston_TEST_FAKEq7ZkW3xcStrtBld01"),
    (
        "MILESTON_CHECKOUT_KEY",
        "Mileston_TEST_CHECKOUTKEY_FAKEm2JvR8pdStrtBld02",
    ),
    ("MILESTON_SECRET_KEY", "FAKE-Hx4Tq9LwZr7Kp2Nd-03"),
    ("MILESTON_WEBHOOK_TOKEN", "FAKE-Pn6Yc1VzGt3Wq8Bs-04"),
    ("MILESTON_BUSINESS_ID", "biz_strtbld_0005"),
];

const METADATA: &str = "[package.metadata.mileston]\nbackend = true\ncheckout = true\n\
                        wallet = true\nwebhook = true\nload = \"start\"\nmode = \"test\"\n";

const MAIN: &str = r#"
use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use mileston_config::backend::NewPaymentLink;
use mileston_config::mileston_config;
use mileston_config::types::{Amount, PaymentKind};
use mileston_config::webhook::Event;

#[mileston_config]
pub struct Mileston;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    if let Err(e) = Mileston::load() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
    let url = std::env::var("FX_SANDBOX_URL").unwrap();

    let backend = Mileston::backend().with_base_url(&url).unwrap();
    let link = backend
        .create_payment_link(&NewPaymentLink::new(Amount::new("5.00").unwrap()))
        .await
        .unwrap();
    let id = link.data.payment_link_id;
    println!("backend: {:?} created a payment link", backend.key());

    let checkout = Mileston::checkout().with_base_url(&url).unwrap();
    let payment = checkout.get_payment(PaymentKind::PaymentLink, &id).await.unwrap();
    println!("checkout: read it, {}", payment.status().unwrap().as_str());

    let wallet = Mileston::wallet().with_base_url(&url).unwrap();
    let wallets = wallet.get_all_wallets().await.unwrap();
    println!("wallet: listed {} wallets", wallets.len());

    // A receiver for the sandbox's delivery, registered with the normal key.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let hook = format!("http://{}/hook", listener.local_addr().unwrap());
    let registered = ureq::post(&format!("{url}/__sandbox/webhooks"))
        .header("apikey", backend.key().expose_secret())
        .header("businessid", Mileston::business_id().as_str())
        .header("content-type", "application/json")
        .send(format!("{{\"url\":\"{hook}\"}}"))
        .unwrap();
    assert_eq!(registered.status(), 201);
    ureq::post(&format!("{url}/__sandbox/pay/paymentlink/{id}"))
        .send("")
        .unwrap();
    listener.set_nonblocking(true).unwrap();
    let until = Instant::now() + Duration::from_secs(30);
    let (mut stream, _) = loop {
        match listener.accept() {
            Ok(accepted) => break accepted,
            Err(_) if Instant::now() < until => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => panic!("no delivery: {e}"),
        }
    };
    stream.set_nonblocking(false).unwrap();
    let mut request = Vec::new();
    let mut buf = [0; 4096];
    let (head, body) = loop {
        let n = stream.read(&mut buf).unwrap();
        request.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&request).into_owned();
        if let Some(end) = text.find("\r\n\r\n") {
            let head = text[..end].to_owned();
            let length: usize = head
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length").then(|| v.trim().parse().unwrap())
                })
                .unwrap_or(0);
            if request.len() >= end + 4 + length {
                break (head, request[end + 4..end + 4 + length].to_vec());
            }
        }
        assert!(n > 0, "the delivery ended early");
    };
    let headers: Vec<(&str, &str)> = head
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim(), v.trim())))
        .collect();
    match Mileston::webhook().verify(&headers[..], &body) {
        Ok(Event::PaymentLinkPaid(_)) => println!("webhook: verified paymentlink-paid"),
        Ok(_) => println!("webhook: verified another event"),
        Err(e) => println!("webhook: refused, {}", e.status()),
    }
    stream
        .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
        .unwrap();
    println!("business: {}", Mileston::business_id());
}
"#;

/// This file's own target directory: what is searched is what these builds
/// wrote (dependencies are kept between runs; they read no value).
fn target_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("start-target")
}

/// Builds the fixture once, with every secret in the build's environment and
/// in a `.env` file; returns cargo's output and the binary.
fn built() -> &'static (Output, PathBuf) {
    static BUILT: OnceLock<(Output, PathBuf)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let fx = Fixture::new("start", MAIN, "");
        let runtime = workspace().join("runtime");
        fx.write(
            "Cargo.toml",
            &format!(
                "[package]\nname = \"fx-start\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
                 [dependencies]\nmileston-config = {{ path = {runtime:?} }}\n\
                 tokio = {{ version = \"1.47\", features = [\"rt\", \"macros\"] }}\n\
                 ureq = {{ version = \"3.5\", default-features = false }}\n\n\
                 [build-dependencies]\nmileston-config = {{ path = {runtime:?}, default-features = false, features = [\"build\"] }}\n\n\
                 [workspace]\n\n{METADATA}"
            ),
        );
        fx.write(
            "build.rs",
            "fn main() {\n    mileston_config::build::check();\n}\n",
        );
        let dotenv: String = BUILD_ENV.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
        fx.write(".env", &dotenv);
        let out = fx.build_in(&target_dir(), &[], BUILD_ENV);
        assert!(out.status.success(), "{}", stderr(&out));
        (out, target_dir().join("debug").join("fx-start"))
    })
}

#[test]
fn a_build_with_every_secret_in_its_environment_holds_none() {
    let (out, bin) = built();
    assert!(bin.is_file());
    let cargo = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(out));
    // Every 8-character piece of each value (the business ID's too).
    let mut pieces = Vec::new();
    for (var, value) in BUILD_ENV {
        let from = value.find("FAKE").unwrap_or(0);
        let mine: Vec<[u8; 8]> = value.as_bytes()[from..]
            .windows(8)
            .filter(|w| !w.iter().all(u8::is_ascii_digit))
            .map(|w| w.try_into().unwrap())
            .collect();
        for piece in &mine {
            let piece = std::str::from_utf8(piece).unwrap();
            assert!(!cargo.contains(piece), "cargo printed a piece of {var}");
        }
        pieces.extend(mine);
    }
    let pieces = Pieces::new(pieces);
    let found = files_where(&target_dir(), |bytes| pieces.in_(bytes));
    // The search finds what is there: the keys' prefix, which the binary's
    // messages hold.
    assert!(Pieces::new(vec![*b"Mileston"]).in_(&std::fs::read(bin).unwrap()));
    assert_eq!(
        found,
        Vec::<PathBuf>::new(),
        "files hold a piece of a value"
    );
}

/// 8-byte pieces to search for: each position of a file is looked up in a
/// table of the pieces' first three bytes before it is compared (a search per
/// piece took minutes over the dependencies' hundreds of megabytes in a debug
/// build).
struct Pieces {
    pieces: Vec<[u8; 8]>,
    starts: Vec<bool>,
}

impl Pieces {
    fn index(w: &[u8]) -> usize {
        usize::from(w[0]) << 16 | usize::from(w[1]) << 8 | usize::from(w[2])
    }

    fn new(pieces: Vec<[u8; 8]>) -> Pieces {
        let mut starts = vec![false; 1 << 24];
        for p in &pieces {
            starts[Pieces::index(p)] = true;
        }
        Pieces { pieces, starts }
    }

    fn in_(&self, bytes: &[u8]) -> bool {
        bytes
            .windows(8)
            .any(|w| self.starts[Pieces::index(w)] && self.pieces.iter().any(|p| p[..] == *w))
    }
}

/// Runs the binary with exactly `env` (and the sandbox's URL).
fn run(sandbox: &Sandbox, env: &[(String, String)]) -> Output {
    let (_, bin) = built();
    Command::new(bin)
        .env_clear()
        .env("FX_SANDBOX_URL", sandbox.url())
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()
        .unwrap()
}

/// A tenant's values, by variable.
fn tenant(t: &keys::Tenant) -> Vec<(&'static str, &'static str)> {
    vec![
        ("MILESTON_API_KEY", t.api_key),
        ("MILESTON_CHECKOUT_KEY", t.checkout_key),
        ("MILESTON_SECRET_KEY", t.wallet_secret),
        ("MILESTON_WEBHOOK_TOKEN", t.webhook_token),
        ("MILESTON_BUSINESS_ID", t.business_id),
    ]
}

/// The values as variables.
fn as_variables(values: &[(&str, &str)]) -> Vec<(String, String)> {
    values
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The values as files written with `echo` (a trailing newline), named by
/// `VAR_FILE`.
fn as_files(dir: &Path, values: &[(&str, &str)]) -> Vec<(String, String)> {
    std::fs::create_dir_all(dir).unwrap();
    values
        .iter()
        .map(|(k, v)| {
            let path = dir.join(k.to_lowercase());
            std::fs::write(&path, format!("{v}\n")).unwrap();
            (format!("{k}_FILE"), path.to_str().unwrap().to_owned())
        })
        .collect()
}

/// The values as systemd credentials (files named after the variables).
fn as_credentials(dir: &Path, values: &[(&str, &str)]) -> Vec<(String, String)> {
    std::fs::create_dir_all(dir).unwrap();
    for (k, v) in values {
        std::fs::write(dir.join(k), v).unwrap();
    }
    vec![(
        "CREDENTIALS_DIRECTORY".to_owned(),
        dir.to_str().unwrap().to_owned(),
    )]
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("start-values")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// What the binary prints for a tenant whose key ends in `tail`.
fn works(out: &Output, tail: &str, business: &str) {
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}{stdout}", stderr(out));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{stdout}");
    assert_eq!(
        lines[0],
        format!("backend: NormalKey(Mileston_TEST_****{tail}) created a payment link")
    );
    assert_eq!(lines[1], "checkout: read it, pending");
    let wallets: usize = lines[2]
        .strip_prefix("wallet: listed ")
        .and_then(|l| l.strip_suffix(" wallets"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(wallets >= 1, "{stdout}");
    assert_eq!(lines[3], "webhook: verified paymentlink-paid");
    assert_eq!(lines[4], format!("business: {business}"));
    assert_eq!(stderr(out), "");
}

#[test]
fn values_as_variables_files_or_credentials_work_against_the_sandbox() {
    let sandbox = Sandbox::start().unwrap();
    let values = tenant(&keys::TENANTS[0]);
    works(
        &run(&sandbox, &as_variables(&values)),
        "0001",
        keys::BUSINESS_ID,
    );
    works(
        &run(&sandbox, &as_files(&scratch("files"), &values)),
        "0001",
        keys::BUSINESS_ID,
    );
    works(
        &run(&sandbox, &as_credentials(&scratch("credentials"), &values)),
        "0001",
        keys::BUSINESS_ID,
    );
    // Each value from a place of its own.
    let mut mixed = as_variables(&values[..2]);
    mixed.extend(as_files(&scratch("mixed-files"), &values[2..4]));
    mixed.extend(as_credentials(&scratch("mixed-credentials"), &values[4..]));
    works(&run(&sandbox, &mixed), "0001", keys::BUSINESS_ID);
}

#[test]
fn restarted_with_another_tenants_values_it_uses_them() {
    let sandbox = Sandbox::start().unwrap();
    works(
        &run(&sandbox, &as_variables(&tenant(&keys::TENANTS[0]))),
        "0001",
        keys::BUSINESS_ID,
    );
    // No rebuild: the same file, another start.
    works(
        &run(&sandbox, &as_variables(&tenant(&keys::TENANTS[1]))),
        "0002",
        keys::OTHER_BUSINESS_ID,
    );
}

/// Runs with `env`, expects `load()` to refuse with exactly `message`, and no
/// 8-character piece of the values given for the case in the output, nor the
/// body of any of the sandbox's (whose bodies are made of words a message may
/// hold: `checkout`).
fn refused(sandbox: &Sandbox, env: &[(String, String)], given: &[&str], message: &str) {
    let out = run(sandbox, env);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let printed = stderr(&out);
    assert_eq!(printed, format!("error: Mileston::load(): {message}\n"));
    assert_eq!(out.stdout, b"");
    for value in given {
        for piece in body_pieces(value) {
            assert!(!printed.contains(&piece), "{printed}");
        }
    }
    for (_, value) in tenant(&keys::TENANTS[0]) {
        let body = value.find("FAKE").map_or(value, |at| &value[at..]);
        assert!(!printed.contains(body), "{printed}");
    }
}

#[test]
fn wrong_values_are_refused_at_start_naming_the_variable_and_where_it_looked() {
    let sandbox = Sandbox::start().unwrap();
    let good = tenant(&keys::TENANTS[0]);
    let with = |var: &str, value: &'static str| -> Vec<(String, String)> {
        let mut values = good.clone();
        values.retain(|(k, _)| *k != var);
        values.push((var, value));
        as_variables(&values)
    };

    let live = "Mileston_LIVE_FAKEliveInATestBuild07";
    refused(
        &sandbox,
        &with("MILESTON_API_KEY", live),
        &[live],
        "MILESTON_API_KEY (from the process environment) is a live key, but `mode = \"test\"` \
         is pinned: use the test key, or change the pin",
    );

    let checkout = "Mileston_TEST_CHECKOUTKEY_FAKEr5Gw8Jq2Lm4Tz6";
    refused(
        &sandbox,
        &with("MILESTON_API_KEY", checkout),
        &[checkout],
        "MILESTON_API_KEY (from the process environment) holds a checkout key, but `backend` \
         needs the normal API key (`Mileston_TEST_…`): checkout keys cannot create payments",
    );

    let mut missing = as_variables(&good);
    missing.retain(|(k, _)| k != "MILESTON_WEBHOOK_TOKEN");
    refused(
        &sandbox,
        &missing,
        &[],
        "MILESTON_WEBHOOK_TOKEN is not set: `webhook` needs the webhook verification token; \
         give the process exactly one of the variable MILESTON_WEBHOOK_TOKEN, a file named by \
         MILESTON_WEBHOOK_TOKEN_FILE, or the systemd credential \
         $CREDENTIALS_DIRECTORY/MILESTON_WEBHOOK_TOKEN (found none of them; \
         CREDENTIALS_DIRECTORY is not set)",
    );

    let mut twice = as_variables(&good);
    twice.extend(as_files(
        &scratch("twice"),
        &[("MILESTON_SECRET_KEY", keys::WALLET_SECRET)],
    ));
    refused(
        &sandbox,
        &twice,
        &[],
        "MILESTON_SECRET_KEY is given more than once, by the process environment and by the \
         file named by MILESTON_SECRET_KEY_FILE: keep exactly one, so that there is no doubt \
         which value is used",
    );

    let dir = scratch("empty");
    let mut empty = as_variables(&good[1..]);
    empty.extend(as_credentials(&dir, &[("MILESTON_API_KEY", "")]));
    refused(
        &sandbox,
        &empty,
        &[],
        "MILESTON_API_KEY (from the systemd credential $CREDENTIALS_DIRECTORY/MILESTON_API_KEY) \
         is not a valid Mileston key: it is empty (a CI secret that is not defined expands to \
         an empty string)",
    );

    // Every problem at once.
    let mut several = with("MILESTON_API_KEY", live);
    several.retain(|(k, _)| k != "MILESTON_BUSINESS_ID");
    let out = run(&sandbox, &several);
    assert_eq!(
        stderr(&out),
        "error: Mileston::load(): 2 problems:\n\
         - MILESTON_BUSINESS_ID is not set: every request carries the business ID; give the \
         process exactly one of the variable MILESTON_BUSINESS_ID, a file named by \
         MILESTON_BUSINESS_ID_FILE, or the systemd credential \
         $CREDENTIALS_DIRECTORY/MILESTON_BUSINESS_ID (found none of them; CREDENTIALS_DIRECTORY \
         is not set)\n\
         - MILESTON_API_KEY (from the process environment) is a live key, but `mode = \"test\"` \
         is pinned: use the test key, or change the pin\n"
    );
}
