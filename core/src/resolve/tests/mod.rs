//! The plan, from settings and sources to values, problems and what to watch;
//! what it reads (`.env` files, Cargo.toml, cargo's `[env]`) is tested in
//! `inputs.rs`.

use std::collections::HashMap;
use std::path::PathBuf;

use super::*;

// Recognisably fake keys, never issued by Mileston.
pub(super) const NORMAL: &str = "Mileston_TEST_FAKEfake0000000000a1";
pub(super) const CHECKOUT: &str = "Mileston_TEST_CHECKOUTKEY_FAKEfake00000000b2";
pub(super) const LIVE_CHECKOUT: &str = "Mileston_LIVE_CHECKOUTKEY_FAKEfake00000000c3";

pub(super) fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mileston-core-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A crate with `metadata` under `[package.metadata.mileston]`.
pub(super) fn krate(name: &str, metadata: &str) -> PathBuf {
    let dir = tempdir(name);
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[package]\nname = \"x\"\n\n[package.metadata.mileston]\n{metadata}"),
    )
    .unwrap();
    dir
}

pub(super) fn sources(dir: &Path, vars: &[(&str, &str)]) -> Sources {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Sources::with_env(dir, move |k| vars.get(k).map(Into::into))
}

pub(super) fn run(dir: &Path, front: Front, target: Target, vars: &[(&str, &str)]) -> Plan {
    plan_with(
        Request {
            front,
            manifest_dir: dir,
            settings: PartialSettings::default(),
            target,
            read_values: true,
        },
        sources(dir, vars),
    )
}

/// What the attribute plans for the crate in `dir`, no target known.
pub(super) fn attribute(dir: &Path, vars: &[(&str, &str)]) -> Plan {
    run(dir, Front::Attribute, Target::Unknown, vars)
}

/// What the attribute plans for a new crate `name` with `metadata`.
pub(super) fn attribute_in(name: &str, metadata: &str, vars: &[(&str, &str)]) -> Plan {
    attribute(&krate(name, metadata), vars)
}

/// What `front` plans for the crate in `dir`, building for `triple`.
pub(super) fn for_target(
    dir: &Path,
    front: Front,
    triple: &str,
    release: bool,
    vars: &[(&str, &str)],
) -> Plan {
    run(dir, front, Target::from_triple(triple, release), vars)
}

/// The problems' messages, in order.
pub(super) fn said(problems: &[Problem]) -> Vec<&str> {
    problems.iter().map(|p| p.message.as_str()).collect()
}

/// The problems' slots and messages, in order.
pub(super) fn said_by_slot(problems: &[Problem]) -> Vec<(Slot, &str)> {
    problems
        .iter()
        .map(|p| (p.slot, p.message.as_str()))
        .collect()
}

pub(super) const BOTH: &str = "backend = true\ncheckout = true\n";

pub(super) fn good() -> Vec<(&'static str, &'static str)> {
    vec![
        ("MILESTON_API_KEY", NORMAL),
        ("MILESTON_CHECKOUT_KEY", CHECKOUT),
        ("MILESTON_BUSINESS_ID", "biz_1"),
    ]
}

pub(super) fn watched_vars(plan: &Plan) -> Vec<(String, bool)> {
    plan.watch
        .iter()
        .filter_map(|w| match w {
            Watch::Var { name, native_only } => Some((name.clone(), *native_only)),
            Watch::File(_) => None,
        })
        .collect()
}

mod inputs;
mod start;
#[test]
fn resolves_from_env_and_watches_what_it_read() {
    let dir = krate("env", BOTH);
    let p = attribute(&dir, &good());
    assert_eq!(p.problems, []);
    assert_eq!(p.mode, KeyMode::Test);
    assert_eq!(p.value(Slot::Backend).unwrap().value, NORMAL);
    assert!(!format!("{p:?}").contains(&CHECKOUT[26..]));
    assert_eq!(
        watched_vars(&p),
        [
            ("DOCS_RS".to_owned(), false),
            (ALLOW_MISSING_KEYS_VAR.to_owned(), false),
            ("MILESTON_API_KEY".to_owned(), true),
            ("MILESTON_CHECKOUT_KEY".to_owned(), false),
            ("MILESTON_BUSINESS_ID".to_owned(), false),
        ]
    );
    assert_eq!(p.watch.last(), Some(&Watch::File(dir.join("Cargo.toml"))));
    assert_eq!(p.deferred.len(), 1);
    assert_eq!(p.deferred[0].when, When::Wasm);
    assert_eq!(p.deferred[0].slot, Slot::Backend);
}

#[test]
fn collects_every_problem_without_the_keys_and_watches_no_value() {
    let p = attribute_in(
        "problems",
        BOTH,
        &[
            ("MILESTON_API_KEY", CHECKOUT),
            ("MILESTON_CHECKOUT_KEY", LIVE_CHECKOUT),
            ("MILESTON_BUSINESS_ID", NORMAL),
        ],
    );
    let slots: Vec<Slot> = p.problems.iter().map(|p| p.slot).collect();
    assert_eq!(slots, [Slot::Backend, Slot::BusinessId]);
    assert!(p.problems[0].message.contains("holds a checkout key"));
    for problem in &p.problems {
        for k in [NORMAL, CHECKOUT, LIVE_CHECKOUT] {
            assert!(!problem.message.contains(&k[14..]), "{}", problem.message);
        }
    }
    // A refused value is never named for the compiler to record.
    assert_eq!(watched_vars(&p).len(), 2);
}

#[test]
fn mixed_modes_and_pins() {
    let vars = [
        ("MILESTON_API_KEY", NORMAL),
        ("MILESTON_CHECKOUT_KEY", LIVE_CHECKOUT),
        ("MILESTON_BUSINESS_ID", "biz_1"),
    ];
    let p = attribute_in("modes", BOTH, &vars);
    assert_eq!(
        p.problems[0].message,
        "MILESTON_CHECKOUT_KEY (from the process environment) is a live key but \
         MILESTON_API_KEY (from the process environment) is a test key: test and live keys \
         cannot be mixed; use keys of one mode"
    );
    let p = attribute_in("pinned", &format!("{BOTH}mode = \"live\"\n"), &vars);
    assert_eq!(p.problems.len(), 1);
    assert_eq!(p.problems[0].slot, Slot::Backend);
    assert!(
        p.problems[0]
            .message
            .contains("is a test key, but `mode = \"live\"` is pinned")
    );
}

#[test]
fn a_known_wasm_target_refuses_and_never_reads_a_backend_secret() {
    let dir = krate("wasm", BOTH);
    let p = for_target(
        &dir,
        Front::BuildScript,
        "wasm32-unknown-unknown",
        false,
        &good(),
    );
    assert_eq!(p.problems.len(), 1);
    assert!(
        p.problems[0]
            .message
            .starts_with("target wasm32-unknown-unknown: `backend` cannot be declared")
    );
    assert!(p.value(Slot::Backend).is_none());
    assert!(p.value(Slot::Checkout).is_some());
    assert!(
        !watched_vars(&p)
            .iter()
            .any(|(n, _)| n == "MILESTON_API_KEY")
    );
    assert_eq!(p.deferred, []);
}

#[test]
fn placeholder_builds_read_and_watch_no_key() {
    let dir = krate("placeholder", BOTH);
    let mut vars = good();
    vars.push((ALLOW_MISSING_KEYS_VAR, "1"));
    let p = attribute(&dir, &vars);
    assert_eq!(p.problems, []);
    assert_eq!(p.without_keys, Some(WithoutKeys::OptIn));
    assert_eq!(p.values, []);
    assert_eq!(watched_vars(&p).len(), 2);
    assert_eq!(p.deferred[1].when, When::ReleaseWasm);
    assert_eq!(p.warnings[0].when, When::ReleaseNative);
    assert_eq!(
        p.warnings[0].message,
        messages::placeholder_release_native()
    );
    // The build script knows its target: the warning only where it applies.
    for (triple, release, warned) in [
        ("x86_64-unknown-linux-gnu", true, 1),
        ("x86_64-unknown-linux-gnu", false, 0),
        ("wasm32-unknown-unknown", false, 0),
    ] {
        let p = for_target(&dir, Front::BuildScript, triple, release, &vars);
        assert_eq!(p.warnings.len(), warned, "{triple} {release}");
    }
    let p = for_target(
        &dir,
        Front::BuildScript,
        "wasm32-unknown-unknown",
        true,
        &[("DOCS_RS", "1"), (ALLOW_MISSING_KEYS_VAR, "1")],
    );
    assert_eq!(p.without_keys, Some(WithoutKeys::DocsRs));
    let p = attribute(&dir, &[(ALLOW_MISSING_KEYS_VAR, "yes")]);
    assert_eq!(p.problems[0].message, messages::bad_opt_in());
}

#[test]
fn the_wallet_secret_needs_the_normal_key_and_its_own_value() {
    let dir = krate("wallet", "wallet = true\n");
    let secret = "FAKE-wallet-signing-secret";
    // Declaring `wallet` reads the normal key too, and says why when it is missing.
    let p = attribute(
        &dir,
        &[
            ("MILESTON_SECRET_KEY", secret),
            ("MILESTON_BUSINESS_ID", "biz_1"),
        ],
    );
    assert_eq!(
        said(&p.problems),
        [
            "MILESTON_API_KEY is not set: `wallet` needs the normal API key too; set it in the \
          environment or in a .env file (found in neither the process environment nor a .env \
          file from the crate's directory up to the workspace root)"
        ]
    );
    let p = attribute(
        &dir,
        &[
            ("MILESTON_SECRET_KEY", secret),
            ("MILESTON_API_KEY", NORMAL),
            ("MILESTON_BUSINESS_ID", "biz_1"),
        ],
    );
    assert_eq!(p.problems, []);
    assert_eq!(p.value(Slot::Wallet).unwrap().value, secret);
    assert!(!format!("{:?}", p.values).contains("signing"));
    // Both backend-only: refused together for wasm, each with its own words.
    let slots: Vec<Slot> = p.deferred.iter().map(|d| d.slot).collect();
    assert_eq!(slots, [Slot::Backend, Slot::Wallet]);
    assert!(p.deferred[1].message.starts_with(
        "`wallet` cannot be declared in a wasm build: the wallet signing secret authorises payouts"
    ));

    // The normal key where the secret goes: a key, or the same value twice.
    let p = attribute(
        &dir,
        &[
            ("MILESTON_SECRET_KEY", NORMAL),
            ("MILESTON_API_KEY", NORMAL),
            ("MILESTON_BUSINESS_ID", "biz_1"),
        ],
    );
    assert_eq!(
        p.problems[0].message,
        "MILESTON_SECRET_KEY (from the process environment) is not a valid wallet signing \
         secret: it is a Mileston API key, not this secret: copy the right secret from the \
         dashboard, and keep each in its own variable"
    );
    let p = attribute_in(
        "webhook",
        "backend = true\nwebhook = true\nwallet = \"W\"\n",
        &[
            ("W", "FAKE-shared-secret"),
            ("MILESTON_WEBHOOK_TOKEN", "FAKE-shared-secret"),
            ("MILESTON_API_KEY", NORMAL),
            ("MILESTON_BUSINESS_ID", "biz_1"),
        ],
    );
    assert_eq!(
        said_by_slot(&p.problems),
        [(
            Slot::Webhook,
            "MILESTON_WEBHOOK_TOKEN (from the process environment) holds the same value as W: \
             the webhook verification token is a secret of its own; copy it from the dashboard \
             into its own variable"
        )]
    );
}

#[test]
fn each_refusal_of_a_wallet_secret_or_webhook_token_in_its_words() {
    let dir = krate("opaque", "backend = true\nwallet = true\nwebhook = true\n");
    let cases = [
        (
            "",
            "it is empty (a CI secret that is not defined expands to an empty string)",
        ),
        (
            "FAKE\u{7}secret",
            "it has a control character at position 5",
        ),
        (
            "FAKE-s\u{e9}cret",
            "it has a non-ASCII character at position 7, which an HTTP header cannot carry (a \
             look-alike letter or a byte-order mark?): type or copy it again",
        ),
    ];
    for (value, reason) in cases {
        for (var, what, other) in [
            (
                "MILESTON_SECRET_KEY",
                "wallet signing secret",
                "MILESTON_WEBHOOK_TOKEN",
            ),
            (
                "MILESTON_WEBHOOK_TOKEN",
                "webhook verification token",
                "MILESTON_SECRET_KEY",
            ),
        ] {
            let p = attribute(
                &dir,
                &[
                    (var, value),
                    (other, "FAKE-the-other-secret"),
                    ("MILESTON_API_KEY", NORMAL),
                    ("MILESTON_BUSINESS_ID", "biz_1"),
                ],
            );
            assert_eq!(
                said(&p.problems),
                [format!(
                    "{var} (from the process environment) is not a valid {what}: {reason}"
                )],
                "{value:?}"
            );
        }
    }
}

#[test]
fn the_native_table_declares_keys_for_native_builds_only() {
    let dir = krate(
        "native",
        "checkout = true\n\n[package.metadata.mileston.native]\nbackend = true\nwallet = \"W\"\n",
    );
    let mut vars = good();
    vars.push(("W", "FAKE-native-wallet-secret"));
    // The attribute: read and injected, under `cfg(not(target_family = "wasm"))`,
    // with no wasm refusal (the crate said which builds read them).
    let p = attribute(&dir, &vars);
    assert_eq!(p.problems, []);
    assert_eq!(p.deferred, []);
    assert!(p.settings.native(Slot::Backend) && p.settings.native(Slot::Wallet));
    assert!(!p.settings.native(Slot::Checkout));
    assert!(watched_vars(&p).contains(&("W".to_owned(), true)));
    // A wasm build does without them: not read, not watched, not refused.
    let p = for_target(
        &dir,
        Front::BuildScript,
        "wasm32-unknown-unknown",
        true,
        &vars,
    );
    assert_eq!(p.problems, []);
    assert!(p.value(Slot::Backend).is_none() && p.value(Slot::Wallet).is_none());
    let watched = watched_vars(&p);
    assert!(
        !watched
            .iter()
            .any(|(n, _)| n == "MILESTON_API_KEY" || n == "W")
    );
    // A native one reads them.
    let p = for_target(&dir, Front::Cli, "x86_64-unknown-linux-gnu", false, &vars);
    assert_eq!(p.problems, []);
    assert!(p.value(Slot::Wallet).is_some());

    let m = metadata::parse("[package.metadata.mileston]\nbackend = true\nnative = 1\n");
    assert!(
        m.problems[0]
            .message
            .starts_with("Cargo.toml line 3: `native` must be a table")
    );
    let m = metadata::parse(
        "[package.metadata.mileston]\nbackend = true\n[package.metadata.mileston.native]\nbackend = true\nmode = \"live\"\n",
    );
    assert_eq!(
        said(&m.problems),
        [
            "Cargo.toml line 4: `backend` is declared both in [package.metadata.mileston] and in \
             its native table: keep the one that says which builds read it",
            "Cargo.toml line 5: `mode` cannot go in [package.metadata.mileston.native]: only keys \
             and secrets do (`backend`, `checkout`, `wallet`, `webhook`); put it in \
             [package.metadata.mileston]",
        ]
    );
}

#[test]
fn live_keys_go_to_another_origin_only_when_allowed() {
    let live = [
        ("MILESTON_CHECKOUT_KEY", LIVE_CHECKOUT),
        ("MILESTON_BUSINESS_ID", "biz_1"),
    ];
    let p = attribute_in(
        "live-base",
        "checkout = true\nbase_url = \"http://127.0.0.1:4010\"\n",
        &live,
    );
    assert_eq!(
        said_by_slot(&p.problems),
        [(
            Slot::BaseUrl,
            "the keys are live but `base_url` sends them to another origin than Mileston's \
             services: a live key belongs there only; if this origin is yours on purpose (a \
             proxy, a gateway), say so with `allow_live_base_url`"
        )]
    );
    let p = attribute_in(
        "live-base-allowed",
        "checkout = true\nbase_url = \"https://proxy.example\"\nallow_live_base_url = true\n",
        &live,
    );
    assert_eq!(p.problems, []);
    // Test keys go anywhere the URL rule allows.
    let p = attribute_in(
        "test-base",
        "checkout = true\nbase_url = \"http://127.0.0.1:4010\"\n",
        &[
            ("MILESTON_CHECKOUT_KEY", CHECKOUT),
            ("MILESTON_BUSINESS_ID", "biz_1"),
        ],
    );
    assert_eq!(p.problems, []);
}

/// Class: a secret in the business ID's slot. The business ID is printed and
/// shipped to frontends: it may read no secret's variable, hold no secret's
/// value, nor the value a backend secret's variable has in the build's
/// environment (declared or not, looked up but never watched).
#[test]
fn the_business_id_holds_no_secret() {
    let wallet = "FAKE-wallet-secret-7f3a9c";
    let token = "FAKE-webhook-token-1b2c3d";
    let p = attribute_in(
        "biz-var",
        "backend = true\nwallet = true\nbusiness_id = \"MILESTON_SECRET_KEY\"\n",
        &[
            ("MILESTON_API_KEY", NORMAL),
            ("MILESTON_SECRET_KEY", wallet),
        ],
    );
    assert_eq!(
        said(&p.problems),
        [
            "`business_id` reads MILESTON_SECRET_KEY, the variable `wallet` reads (the wallet \
          signing secret): the business ID is not a secret (it is printed, logged and shipped \
          to frontends), so a secret there would leak; name the variable that holds the \
          business ID from the dashboard"
        ]
    );
    assert!(p.values.is_empty(), "nothing is read");
    // A secret's default variable, declared or not.
    let p = attribute_in(
        "biz-default",
        "checkout = true\nbusiness_id = \"MILESTON_WEBHOOK_TOKEN\"\n",
        &[],
    );
    assert_eq!(
        p.problems[0].message,
        "`business_id` reads MILESTON_WEBHOOK_TOKEN, the default variable of the webhook \
         verification token (`webhook`): the business ID is not a secret (it is printed, logged \
         and shipped to frontends), so a secret there would leak; name the variable that holds \
         the business ID from the dashboard"
    );
    // The value of a secret this build reads.
    let p = attribute_in(
        "biz-value",
        "backend = true\nwallet = true\n",
        &[
            ("MILESTON_API_KEY", NORMAL),
            ("MILESTON_SECRET_KEY", wallet),
            ("MILESTON_BUSINESS_ID", wallet),
        ],
    );
    assert_eq!(
        said_by_slot(&p.problems),
        [(
            Slot::BusinessId,
            "MILESTON_BUSINESS_ID (from the process environment) holds the value of \
             MILESTON_SECRET_KEY, the wallet signing secret: the business ID is not a secret (it \
             is printed, logged and shipped to frontends), so that secret would leak; put the \
             business ID from the dashboard in MILESTON_BUSINESS_ID"
        )]
    );
    // The value a backend secret's variable has in the environment of a
    // build that does not read it (the full-stack pattern's frontend).
    let p = attribute_in(
        "biz-present",
        "checkout = true\n",
        &[
            ("MILESTON_CHECKOUT_KEY", CHECKOUT),
            ("MILESTON_WEBHOOK_TOKEN", token),
            ("MILESTON_BUSINESS_ID", token),
        ],
    );
    assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
    assert!(
        p.problems[0].message.contains(
            "holds the value of MILESTON_WEBHOOK_TOKEN, the webhook \
         verification token"
        ),
        "{}",
        p.problems[0].message
    );
    for problem in &p.problems {
        assert!(!problem.message.contains("FAKE"), "{}", problem.message);
    }
    assert!(
        !watched_vars(&p)
            .iter()
            .any(|(n, _)| n == "MILESTON_WEBHOOK_TOKEN"),
        "looked up, never watched"
    );
    // A key's body without its prefix.
    let p = attribute_in(
        "biz-body",
        "checkout = true\n",
        &[
            ("MILESTON_CHECKOUT_KEY", CHECKOUT),
            ("MILESTON_BUSINESS_ID", &NORMAL[14..]),
        ],
    );
    assert!(
        p.problems[0].message.contains("it looks like an API key"),
        "{:?}",
        p.problems
    );
}

/// Class: a receiver whose mode no key decides. Only a key is test or live:
/// a crate that declares only secrets without a mode must pin it.
#[test]
fn a_mode_no_key_decides_is_pinned() {
    let token = ("MILESTON_WEBHOOK_TOKEN", "FAKE-webhook-token-1b2c3d");
    let biz = ("MILESTON_BUSINESS_ID", "biz_1");
    let p = attribute_in("rx", "webhook = true\n", &[token, biz]);
    assert_eq!(
        said_by_slot(&p.problems),
        [(
            Slot::Mode,
            "nothing here decides the mode: `webhook` carries none (only a key is test or \
             live); pin it with `mode = \"test\"` or `mode = \"live\"`: a test receiver refuses \
             every live delivery, and the reverse"
        )]
    );
    let p = attribute_in(
        "rx-live",
        "webhook = true\nmode = \"live\"\n",
        &[token, biz],
    );
    assert_eq!((p.problems.len(), p.mode), (0, KeyMode::Live));
    // A key decides it: `wallet` reads the normal key.
    let p = attribute_in(
        "rx-wallet",
        "wallet = true\n",
        &[
            ("MILESTON_API_KEY", NORMAL),
            ("MILESTON_SECRET_KEY", "FAKE-wallet-secret-7f3a9c"),
            biz,
        ],
    );
    assert_eq!(p.problems, []);
}
