//! `mileston-config check`, run as a process against crates made in a temp dir.

use std::path::Path;
use std::process::{Command, Output};

use mileston_config_core::key::KeyError;
use mileston_config_core::resolve::{messages, slots};

/// The refusal of the normal key for a wasm target.
fn wasm_refusal(target: &str) -> String {
    format!(
        "target {target}: {}",
        messages::wasm_refusal(&slots::BACKEND)
    )
}

// Recognisably fake keys: "FAKE" bodies, never issued by Mileston.
const NORMAL: &str = "Mileston_TEST_FAKEfake0000000000a1";
const CHECKOUT: &str = "Mileston_TEST_CHECKOUTKEY_FAKEfake00000000b2";
const LIVE_NORMAL: &str = "Mileston_LIVE_FAKEfake0000000000c3";
const LIVE_CHECKOUT: &str = "Mileston_PROD_CHECKOUTKEY_FAKEfake00000000d4";
const BIZ: &str = "biz_sandbox_0001";

const BOTH: &str = "backend = true\ncheckout = true\n";

/// A crate in a fresh temp dir, its own workspace root (so that no `.env`
/// above the temp dir is read), with `metadata` as `[package.metadata.mileston]`.
fn krate(metadata: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut manifest =
        String::from("[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n");
    if let Some(m) = metadata {
        manifest.push_str("\n[package.metadata.mileston]\n");
        manifest.push_str(m);
    }
    manifest.push_str("\n[workspace]\n");
    std::fs::write(dir.path().join("Cargo.toml"), manifest).unwrap();
    dir
}

/// Runs `mileston-config check --manifest-dir DIR ARGS` with only `env` set.
fn check(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_mileston-config"))
        .arg("check")
        .arg("--manifest-dir")
        .arg(dir)
        .args(args)
        .env_clear()
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for key in [NORMAL, CHECKOUT, LIVE_NORMAL, LIVE_CHECKOUT] {
        assert!(!all.contains(key), "a key was printed:\n{all}");
        assert!(
            !all.contains(&key[key.len() - 12..]),
            "part of a key was printed:\n{all}"
        );
    }
    out
}

fn good_env() -> Vec<(&'static str, &'static str)> {
    vec![
        ("MILESTON_API_KEY", NORMAL),
        ("MILESTON_CHECKOUT_KEY", CHECKOUT),
        ("MILESTON_BUSINESS_ID", BIZ),
    ]
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// Asserts exit 1 and exactly these messages, as `error: ` lines on stderr.
fn assert_problems(out: &Output, messages: &[String]) {
    assert_eq!(out.status.code(), Some(1), "stderr: {}", stderr(out));
    let want: String = messages.iter().map(|m| format!("error: {m}\n")).collect();
    assert_eq!(stderr(out), want);
    assert_eq!(stdout(out), "");
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap()
}

fn not_set(var: &str, setting: &str, what: &str) -> String {
    format!(
        "{var} is not set: `{setting}` needs {what}; set it in the environment or in a .env file \
         (found in neither the process environment nor a .env file from the crate's directory up \
         to the workspace root)"
    )
}

#[test]
fn passes_with_good_environment() {
    let dir = krate(Some(BOTH));
    let out = check(dir.path(), &good_env(), &[]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "MILESTON_API_KEY: normal API key, test, Mileston_TEST_****00a1, from the process \
         environment\n\
         MILESTON_CHECKOUT_KEY: checkout key, test, Mileston_TEST_CHECKOUTKEY_****00b2, from the \
         process environment\n\
         MILESTON_BUSINESS_ID: business ID `biz_sandbox_0001`, from the process environment\n\
         ok: valid test keys\n"
    );
    assert_eq!(stderr(&out), "");
}

#[test]
fn passes_with_dotenv_and_reports_origin_in_json() {
    let dir = krate(Some("checkout = \"SHOP_KEY\"\nmode = \"live\"\n"));
    std::fs::write(
        dir.path().join(".env"),
        format!("# local\nSHOP_KEY={LIVE_CHECKOUT}\nMILESTON_BUSINESS_ID=biz_file\n"),
    )
    .unwrap();
    let out = check(
        dir.path(),
        &[("MILESTON_BUSINESS_ID", BIZ)],
        &[
            "--format",
            "json",
            "--expect",
            "live",
            "--target",
            "wasm32-unknown-unknown",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "stdout: {}", stdout(&out));
    let v = json(&out);
    assert_eq!(
        v,
        serde_json::json!({
            "ok": true,
            "mode": "live",
            "target": "wasm32-unknown-unknown",
            "keys": [{
                "setting": "checkout",
                "variable": "SHOP_KEY",
                "kind": "checkout",
                "mode": "live",
                "redacted": "Mileston_PROD_CHECKOUTKEY_****00d4",
                "origin": ".env line 2",
            }],
            "business_id": {
                "variable": "MILESTON_BUSINESS_ID",
                "value": BIZ,
                "origin": "the process environment",
            },
        })
    );
}

#[test]
fn missing_variables() {
    let dir = krate(Some(BOTH));
    let out = check(dir.path(), &[], &[]);
    assert_problems(
        &out,
        &[
            not_set("MILESTON_API_KEY", "backend", "the normal API key"),
            not_set("MILESTON_CHECKOUT_KEY", "checkout", "the checkout key"),
            "MILESTON_BUSINESS_ID is not set: every request carries the business ID; copy it \
             from the dashboard into the environment or a .env file (found in neither the process \
             environment nor a .env file from the crate's directory up to the workspace root)"
                .to_owned(),
        ],
    );
}

#[test]
fn a_webhook_receiver_needs_no_business_id_unless_it_names_one() {
    let dir = krate(Some("webhook = true\nmode = \"test\"\n"));
    let token = [("MILESTON_WEBHOOK_TOKEN", "FAKEcliWebhookToken000001")];
    for load in ["build", "start"] {
        let out = check(dir.path(), &token, &["--load", load]);
        assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
        assert_eq!(
            stdout(&out),
            "MILESTON_WEBHOOK_TOKEN: the webhook verification token, <redacted>, from the process \
             environment\n\
             ok: valid test keys\n"
        );
    }
    let out = check(dir.path(), &token, &["--business-id", "RECEIVER_BIZ"]);
    assert_problems(
        &out,
        &[
            "RECEIVER_BIZ is not set: every request carries the business ID; copy it from the \
           dashboard into the environment or a .env file (found in neither the process \
           environment nor a .env file from the crate's directory up to the workspace root)"
                .to_owned(),
        ],
    );
}

#[test]
fn malformed_keys() {
    let dir = krate(Some(BOTH));
    let with_newline = format!("{NORMAL}\n");
    let short = "Mileston_TEST_CHECKOUTKEY_FAKEfake00";
    let out = check(
        dir.path(),
        &[
            ("MILESTON_API_KEY", &with_newline),
            ("MILESTON_CHECKOUT_KEY", short),
            ("MILESTON_BUSINESS_ID", BIZ),
        ],
        &[],
    );
    assert_problems(
        &out,
        &[
            format!(
                "MILESTON_API_KEY (from the process environment) is not a valid Mileston key: {}",
                KeyError::TrailingNewline.reason()
            ),
            format!(
                "MILESTON_CHECKOUT_KEY (from the process environment) is not a valid Mileston \
                 key: {}",
                KeyError::ShortBody { len: 10 }.reason()
            ),
        ],
    );
}

#[test]
fn keys_of_the_wrong_kind() {
    let dir = krate(Some(BOTH));
    let out = check(
        dir.path(),
        &[
            ("MILESTON_API_KEY", CHECKOUT),
            ("MILESTON_CHECKOUT_KEY", NORMAL),
            ("MILESTON_BUSINESS_ID", BIZ),
        ],
        &[],
    );
    assert_problems(
        &out,
        &[
            "MILESTON_API_KEY (from the process environment) holds a checkout key, but `backend` \
             needs the normal API key (`Mileston_TEST_…`): checkout keys cannot create payments"
                .to_owned(),
            "MILESTON_CHECKOUT_KEY (from the process environment) holds a normal API key, but \
             `checkout` needs a checkout key (`Mileston_TEST_CHECKOUTKEY_…`): the normal key is a \
             backend secret and must never be used where a checkout key goes"
                .to_owned(),
        ],
    );
}

#[test]
fn mixed_modes() {
    let dir = krate(Some(BOTH));
    let out = check(
        dir.path(),
        &[
            ("MILESTON_API_KEY", NORMAL),
            ("MILESTON_CHECKOUT_KEY", LIVE_CHECKOUT),
            ("MILESTON_BUSINESS_ID", BIZ),
        ],
        &[],
    );
    assert_problems(
        &out,
        &[
            "MILESTON_CHECKOUT_KEY (from the process environment) is a live key but \
           MILESTON_API_KEY (from the process environment) is a test key: test and live keys \
           cannot be mixed; use keys of one mode"
                .to_owned(),
        ],
    );
}

#[test]
fn expect_pins_the_mode() {
    let dir = krate(Some(BOTH));
    let out = check(dir.path(), &good_env(), &["--expect", "live"]);
    // The pin is the flag's: the message names it, not a `mode` setting.
    let pinned = |var: &str| {
        format!(
            "{var} (from the process environment) is a test key, but --expect live was given: \
             deploy the live key here, or expect test"
        )
    };
    assert_problems(
        &out,
        &[pinned("MILESTON_API_KEY"), pinned("MILESTON_CHECKOUT_KEY")],
    );

    let out = check(dir.path(), &good_env(), &["--expect", "test"]);
    assert_eq!(out.status.code(), Some(0));

    let live = [
        ("MILESTON_API_KEY", LIVE_NORMAL),
        ("MILESTON_CHECKOUT_KEY", LIVE_CHECKOUT),
        ("MILESTON_BUSINESS_ID", BIZ),
    ];
    let out = check(dir.path(), &live, &["--expect", "live"]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert!(stdout(&out).contains(
        "MILESTON_CHECKOUT_KEY: checkout key, live, Mileston_PROD_CHECKOUTKEY_****00d4, from the \
         process environment\n"
    ));
}

#[test]
fn expect_against_the_crates_own_pin() {
    let dir = krate(Some("backend = true\nmode = \"test\"\n"));
    let out = check(
        dir.path(),
        &[
            ("MILESTON_API_KEY", LIVE_NORMAL),
            ("MILESTON_BUSINESS_ID", BIZ),
        ],
        &["--expect", "live", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["ok"], false);
    let problems = v["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{v}");
    assert_eq!(problems[0]["setting"], "mode");
    assert_eq!(
        problems[0]["message"],
        "--expect live, but Cargo.toml pins `mode = \"test\"` in [package.metadata.mileston]: \
         this crate is built with test keys only; deploy it where test keys are expected, or \
         change the pin"
    );
}

#[test]
fn business_id_holding_a_key() {
    let dir = krate(Some("checkout = true\n"));
    let out = check(
        dir.path(),
        &[
            ("MILESTON_CHECKOUT_KEY", CHECKOUT),
            ("MILESTON_BUSINESS_ID", NORMAL),
        ],
        &[],
    );
    assert_problems(
        &out,
        &[
            "MILESTON_BUSINESS_ID (from the process environment) is not a valid business ID: it \
           looks like an API key, not a business ID: business IDs are not treated as secrets, so \
           a key there would leak; put the business ID from the dashboard there and keep keys in \
           their own variables"
                .to_owned(),
        ],
    );
}

#[test]
fn dotenv_problems() {
    let dir = krate(Some("checkout = true\n"));
    std::fs::write(
        dir.path().join(".env"),
        format!(
            "MILESTON_CHECKOUT_KEY={CHECKOUT}\nMILESTON_CHECKOUT_KEY={CHECKOUT}\n\
             MILESTON_BUSINESS_ID={BIZ}\n"
        ),
    )
    .unwrap();
    let out = check(dir.path(), &[], &[]);
    assert_problems(
        &out,
        &[
            "MILESTON_CHECKOUT_KEY is set twice in .env (lines 1 and 2): keep one, so there is no \
           doubt which key is injected"
                .to_owned(),
        ],
    );
}

#[test]
fn metadata_problems() {
    let dir = krate(Some(&format!(
        "backend = true\ncolour = \"red\"\ncheckout = \"{CHECKOUT}\"\n"
    )));
    let out = check(dir.path(), &good_env(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let problems = v["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 2, "{v}");
    // Entries are reported in the order of their names.
    assert_eq!(problems[0]["setting"], "checkout");
    assert!(
        problems[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("Cargo.toml line 9: this looks like a Mileston key written in source")
    );
    assert_eq!(problems[1]["setting"], "mileston_config");
    assert!(
        problems[1]["message"].as_str().unwrap().starts_with(
            "Cargo.toml line 8: unknown setting `colour` in [package.metadata.mileston]"
        )
    );
}

#[test]
fn nothing_declared() {
    let dir = krate(None);
    let out = check(dir.path(), &good_env(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(
        v,
        serde_json::json!({"ok": false, "problems": [{
            "setting": "mileston_config",
            "message": "declare the keys this crate needs: `backend` (normal API key, servers \
                        only), `checkout` (checkout key, safe for frontends), `wallet` (wallet \
                        signing secret for payouts and sub-wallets, servers only), `webhook` \
                        (webhook verification token, servers only), or several, e.g. \
                        `#[mileston_config(checkout)]` or `[package.metadata.mileston] checkout \
                        = true`",
        }]})
    );

    // Declared on the command line instead, as the attribute would.
    let out = check(dir.path(), &good_env(), &["--checkout"]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    let out = check(
        dir.path(),
        &[("SHOP", CHECKOUT), ("BIZ", BIZ)],
        &["--checkout", "SHOP", "--business-id", "BIZ"],
    );
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert!(stdout(&out).starts_with("SHOP: checkout key, test,"));
    let out = check(dir.path(), &good_env(), &["--checkout", CHECKOUT]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("error: --checkout: this looks like a Mileston key"));
}

#[test]
fn wasm_target_refuses_backend() {
    let dir = krate(Some(BOTH));
    for target in [
        "wasm32-unknown-unknown",
        "wasm32-wasip1",
        "wasm64-unknown-unknown",
    ] {
        let out = check(dir.path(), &good_env(), &["--target", target]);
        assert_problems(&out, &[wasm_refusal(target)]);
    }
    let out = check(
        dir.path(),
        &good_env(),
        &["--target", "wasm32-unknown-unknown", "--format", "json"],
    );
    assert_eq!(
        json(&out),
        serde_json::json!({"ok": false, "problems": [
            {"setting": "backend", "message": wasm_refusal("wasm32-unknown-unknown")},
        ]})
    );
    // Native targets may declare it.
    let out = check(
        dir.path(),
        &good_env(),
        &["--target", "x86_64-unknown-linux-gnu"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).ends_with("ok: valid test keys for target x86_64-unknown-linux-gnu\n"));
}

#[test]
fn usage_errors() {
    let empty = tempfile::tempdir().unwrap();
    let out = check(empty.path(), &good_env(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("has no Cargo.toml"));
    let dir = krate(Some(BOTH));
    let out = check(dir.path(), &good_env(), &["--expect", "prod"]);
    assert_eq!(out.status.code(), Some(2));
    let out = check(dir.path(), &good_env(), &["--format", "yaml"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Every 8-character piece of `body`.
fn pieces(body: &str) -> Vec<String> {
    let chars: Vec<char> = body.chars().collect();
    chars.windows(8).map(|w| w.iter().collect()).collect()
}

#[test]
fn values_that_may_be_keys_are_never_repeated() {
    let dir = krate(Some(BOTH));
    // Fake keys, disguised as users paste them: unknown modes, look-alike
    // letters (Cyrillic М, Greek Ο), zero-width spaces, hyphens, lower case.
    let body = "FAKEpastedQZXJ0000a1";
    let variants = [
        format!("Mileston_TEST_{body}"),
        format!("Mileston_DEV_{body}"),
        format!("Mileston_SANDBOX_{body}"),
        format!("\u{41c}ileston_TEST_{body}"),
        format!("Mileston_TEST_\u{39f}{body}"),
        format!("Mile\u{200b}ston_TEST_{body}"),
        format!("Mileston-TEST-{body}"),
        format!("mileston_test_checkoutkey_{body}"),
        body.to_owned(),
    ];
    for v in &variants {
        for args in [
            vec!["--checkout", v.as_str()],
            vec!["--business-id", v.as_str()],
            vec!["--backend", v.as_str(), "--checkout"],
            vec!["--expect", v.as_str()],
            vec!["--target", "wasm32-unknown-unknown", v.as_str()],
            vec!["--format", v.as_str()],
            vec![v.as_str()],
        ] {
            let out = check(dir.path(), &good_env(), &args);
            assert_ne!(out.status.code(), Some(0), "{args:?}");
            let all = format!("{}{}", stdout(&out), stderr(&out));
            for piece in pieces(body) {
                assert!(!all.contains(&piece), "{args:?} repeats {piece}:\n{all}");
            }
        }
    }
    // What is not a key is still named, so the user can find it.
    let out = check(dir.path(), &good_env(), &["--checkout", "SHOP-KEY"]);
    assert_eq!(
        stderr(&out),
        "error: --checkout: `SHOP-KEY` is not a variable name: a variable name has ASCII \
         letters, digits and `_` and does not start with a digit\n"
    );
    let out = check(
        dir.path(),
        &good_env(),
        &["--checkout", "Mileston-TEST-FAKEpasted0000a1"],
    );
    assert!(
        stderr(&out).starts_with(
            "error: --checkout: this looks like a Mileston key: keys are never \
             written on a command line, where they end up in shell history and CI logs; put the \
             key in an environment variable (or a .env file that git ignores) and name the \
             variable here, e.g. `--checkout MILESTON_CHECKOUT_KEY`; if it was ever committed, \
             rotate it\n"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_wallet_secret_and_the_webhook_token() {
    // Fake secrets, never issued by Mileston.
    let secrets = [
        ("MILESTON_SECRET_KEY", "FAKEcliWalletSecretQZX0001"),
        ("MILESTON_WEBHOOK_TOKEN", "FAKEcliWebhookTokenQZX001"),
    ];
    let env: Vec<(&str, &str)> = good_env().into_iter().chain(secrets).collect();
    let dir = krate(Some("checkout = true\n"));
    let out = check(dir.path(), &env, &["--wallet", "--webhook"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(
            "MILESTON_SECRET_KEY: the wallet signing secret, <redacted>, from the process \
             environment\nMILESTON_WEBHOOK_TOKEN: the webhook verification token, <redacted>, \
             from the process environment\n"
        ),
        "{text}"
    );
    let out = check(
        dir.path(),
        &env,
        &["--wallet", "--webhook", "--format", "json"],
    );
    assert_eq!(
        json(&out)["secrets"],
        serde_json::json!([
            {"setting": "wallet", "variable": "MILESTON_SECRET_KEY", "origin": "the process environment"},
            {"setting": "webhook", "variable": "MILESTON_WEBHOOK_TOKEN", "origin": "the process environment"},
        ])
    );
    for (_, secret) in secrets {
        let all = format!("{}{text}", stderr(&out));
        for piece in pieces(secret) {
            assert!(!all.contains(&piece), "{all}");
        }
    }
    // Backend-only: refused for a wasm target with their own words.
    let out = check(
        dir.path(),
        &env,
        &[
            "--wallet",
            "--webhook",
            "--target",
            "wasm32-unknown-unknown",
        ],
    );
    let err = stderr(&out);
    assert!(err.contains("error: target wasm32-unknown-unknown: `wallet` cannot be declared in a wasm build: the wallet signing secret authorises payouts"), "{err}");
    assert!(err.contains("error: target wasm32-unknown-unknown: `webhook` cannot be declared in a wasm build: the webhook token is what proves a delivery comes from Mileston"), "{err}");
}

/// A receiver that declares only the webhook token has no key to decide its
/// mode: the check asks for one, in its own syntax, instead of calling the
/// token a test one.
#[test]
fn a_token_alone_needs_the_mode_said() {
    let token = ("MILESTON_WEBHOOK_TOKEN", "FAKEcliWebhookTokenQZX001");
    let env = [("MILESTON_BUSINESS_ID", BIZ), token];
    let dir = krate(None);
    let out = check(dir.path(), &env, &["--webhook"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stderr(&out).contains(
            "error: nothing here decides the mode: `webhook` carries none (only a key is test \
             or live); pin it with `--expect test` or `--expect live`: a test receiver refuses \
             every live delivery, and the reverse"
        ),
        "{}",
        stderr(&out)
    );
    let out = check(dir.path(), &env, &["--webhook", "--expect", "live"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Pinned in Cargo.toml.
    let dir = krate(Some("webhook = true\nmode = \"live\"\n"));
    let out = check(dir.path(), &env, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).ends_with("ok: valid live keys\n"),
        "{}",
        stdout(&out)
    );
}

/// A secret's variable as the business ID's: refused by name, before
/// anything is read or printed.
#[test]
fn the_business_id_reads_no_secret() {
    let wallet = ("MILESTON_SECRET_KEY", "FAKEcliWalletSecretQZX0001");
    let env: Vec<(&str, &str)> = good_env().into_iter().chain([wallet]).collect();
    let dir = krate(None);
    let out = check(
        dir.path(),
        &env,
        &[
            "--backend",
            "--wallet",
            "--business-id",
            "MILESTON_SECRET_KEY",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_eq!(
        stderr(&out),
        "error: `business_id` reads MILESTON_SECRET_KEY, the variable `wallet` reads (the wallet \
         signing secret): the business ID is not a secret (it is printed, logged and shipped to \
         frontends), so a secret there would leak; name the variable that holds the business ID \
         from the dashboard\n"
    );
    for piece in pieces(wallet.1) {
        assert!(!stdout(&out).contains(&piece), "{}", stdout(&out));
    }
}

/// A secret pasted where a variable's name goes, in the shapes the key rules
/// do not know (hyphenated, hex, a lower-case token): never quoted back.
#[test]
fn a_secret_where_a_name_goes_is_not_quoted() {
    let env = good_env();
    let dir = krate(None);
    for (flag, pasted, refusal) in [
        (
            "--wallet",
            "whsec-7f3a9cFAKE01b2",
            "error: --wallet: (a variable name given here, not repeated: it may be a secret) is \
             not a variable name: a variable name has ASCII letters, digits and `_` and does not \
             start with a digit; if it is a secret, it was written where a variable's name goes: \
             put it in the variable and rotate it",
        ),
        (
            "--webhook",
            "a3f9c0d1e2b4f5a6b7c8d9e0fake",
            "error: (a variable name given here, not repeated: it may be a secret) is not set: \
             `webhook` needs the webhook verification token",
        ),
        (
            "--webhook",
            "fakewebhooktokenlowercase",
            "error: (a variable name given here, not repeated: it may be a secret) is not set",
        ),
    ] {
        let out = check(dir.path(), &env, &["--backend", flag, pasted]);
        assert_ne!(out.status.code(), Some(0));
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(all.contains(refusal), "{all}");
        assert!(!all.contains(pasted), "{all}");
    }
}

/// `check --load start` reads a deployment as the started service will:
/// the variable, the file its `_FILE` names, or the systemd credential;
/// never a `.env` file.
#[test]
fn load_start_reads_the_three_places_a_service_reads() {
    let dir = krate(Some(BOTH));
    std::fs::write(
        dir.path().join(".env"),
        format!("MILESTON_API_KEY={NORMAL}\nMILESTON_CHECKOUT_KEY={CHECKOUT}\n"),
    )
    .unwrap();
    let secrets = tempfile::tempdir().unwrap();
    let creds = secrets.path().join("credentials");
    std::fs::create_dir(&creds).unwrap();
    std::fs::write(creds.join("MILESTON_API_KEY"), NORMAL).unwrap();
    let file = secrets.path().join("checkout");
    std::fs::write(&file, format!("{CHECKOUT}\n")).unwrap();
    let env = [
        ("CREDENTIALS_DIRECTORY", creds.to_str().unwrap()),
        ("MILESTON_CHECKOUT_KEY_FILE", file.to_str().unwrap()),
        ("MILESTON_BUSINESS_ID", BIZ),
    ];
    let out = check(dir.path(), &env, &["--load", "start", "--expect", "test"]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "MILESTON_API_KEY: normal API key, test, Mileston_TEST_****00a1, from the systemd \
         credential $CREDENTIALS_DIRECTORY/MILESTON_API_KEY\n\
         MILESTON_CHECKOUT_KEY: checkout key, test, Mileston_TEST_CHECKOUTKEY_****00b2, from the \
         file named by MILESTON_CHECKOUT_KEY_FILE\n\
         MILESTON_BUSINESS_ID: business ID `biz_sandbox_0001`, from the process environment\n\
         ok: valid test keys\n"
    );

    // The .env file is the build's, not the service's.
    let out = check(
        dir.path(),
        &[("MILESTON_BUSINESS_ID", BIZ)],
        &["--load", "start", "--expect", "test"],
    );
    let missing = |var: &str, setting: &str, what: &str| {
        format!(
            "{var} is not set: `{setting}` needs {what}; give the process exactly one of the \
             variable {var}, a file named by {var}_FILE, or the systemd credential \
             $CREDENTIALS_DIRECTORY/{var} (found none of them; CREDENTIALS_DIRECTORY is not set)"
        )
    };
    assert_problems(
        &out,
        &[
            missing("MILESTON_API_KEY", "backend", "the normal API key"),
            missing("MILESTON_CHECKOUT_KEY", "checkout", "the checkout key"),
        ],
    );
}

/// `load = "start"` in Cargo.toml is read alike: the mode is required, one
/// place per variable, and the build's rules with their words.
#[test]
fn load_start_from_the_manifest() {
    let dir = krate(Some(&format!("{BOTH}load = \"start\"\n")));
    let out = check(dir.path(), &good_env(), &[]);
    assert_problems(
        &out,
        &[
            "`load = \"start\"` needs `mode`: no key is read at build time to decide it, and the \
           handles' type carries it; give `--expect test` or `--expect live` (or pin `mode` in \
           [package.metadata.mileston]), the mode of the keys this build is deployed with (a \
           test build refuses live keys when it starts, and the reverse)"
                .to_owned(),
        ],
    );

    let secrets = tempfile::tempdir().unwrap();
    let file = secrets.path().join("key");
    std::fs::write(&file, LIVE_NORMAL).unwrap();
    let mut env = good_env();
    env.push(("MILESTON_API_KEY_FILE", file.to_str().unwrap()));
    let out = check(dir.path(), &env, &["--expect", "test"]);
    assert_problems(
        &out,
        &[
            "MILESTON_API_KEY is given more than once, by the process environment and by the file \
           named by MILESTON_API_KEY_FILE: keep exactly one, so that there is no doubt which \
           value is used"
                .to_owned(),
        ],
    );

    env.retain(|(k, _)| *k != "MILESTON_API_KEY");
    let out = check(dir.path(), &env, &["--expect", "test", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        json(&out),
        serde_json::json!({
            "ok": false,
            "problems": [{
                "setting": "backend",
                "message": "MILESTON_API_KEY (from the file named by MILESTON_API_KEY_FILE) is \
                            a live key, but --expect test was given: deploy the test key here, \
                            or expect live",
            }],
        })
    );

    // `--load build` checks what a build would read instead.
    let out = check(dir.path(), &good_env(), &["--load", "build"]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
}
