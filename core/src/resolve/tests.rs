//! The plan, from settings and sources to values, problems and what to watch.

use std::collections::HashMap;
use std::path::PathBuf;

use super::*;

// Recognisably fake keys, never issued by Mileston.
const NORMAL: &str = "Mileston_TEST_FAKEfake0000000000a1";
const CHECKOUT: &str = "Mileston_TEST_CHECKOUTKEY_FAKEfake00000000b2";
const LIVE_CHECKOUT: &str = "Mileston_LIVE_CHECKOUTKEY_FAKEfake00000000c3";

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mileston-core-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A crate with `metadata` under `[package.metadata.mileston]`.
fn krate(name: &str, metadata: &str) -> PathBuf {
    let dir = tempdir(name);
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[package]\nname = \"x\"\n\n[package.metadata.mileston]\n{metadata}"),
    )
    .unwrap();
    dir
}

fn sources(dir: &Path, vars: &[(&str, &str)]) -> Sources {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Sources::with_env(dir, move |k| vars.get(k).map(Into::into))
}

fn run(dir: &Path, front: Front, target: Target, vars: &[(&str, &str)]) -> Plan {
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

const BOTH: &str = "backend = true\ncheckout = true\n";

fn good() -> Vec<(&'static str, &'static str)> {
    vec![
        ("MILESTON_API_KEY", NORMAL),
        ("MILESTON_CHECKOUT_KEY", CHECKOUT),
        ("MILESTON_BUSINESS_ID", "biz_1"),
    ]
}

fn watched_vars(plan: &Plan) -> Vec<(String, bool)> {
    plan.watch
        .iter()
        .filter_map(|w| match w {
            Watch::Var { name, native_only } => Some((name.clone(), *native_only)),
            Watch::File(_) => None,
        })
        .collect()
}

#[test]
fn resolves_from_env_and_watches_what_it_read() {
    let dir = krate("env", BOTH);
    let p = run(&dir, Front::Attribute, Target::Unknown, &good());
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
    let dir = krate("problems", BOTH);
    let p = run(
        &dir,
        Front::Attribute,
        Target::Unknown,
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
    let dir = krate("modes", BOTH);
    let vars = [
        ("MILESTON_API_KEY", NORMAL),
        ("MILESTON_CHECKOUT_KEY", LIVE_CHECKOUT),
        ("MILESTON_BUSINESS_ID", "biz_1"),
    ];
    let p = run(&dir, Front::Attribute, Target::Unknown, &vars);
    assert_eq!(
        p.problems[0].message,
        "MILESTON_CHECKOUT_KEY (from the process environment) is a live key but \
         MILESTON_API_KEY (from the process environment) is a test key: test and live keys \
         cannot be mixed; use keys of one mode"
    );
    let dir = krate("pinned", &format!("{BOTH}mode = \"live\"\n"));
    let p = run(&dir, Front::Attribute, Target::Unknown, &vars);
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
    let p = run(
        &dir,
        Front::BuildScript,
        Target::from_triple("wasm32-unknown-unknown", false),
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
    let p = run(&dir, Front::Attribute, Target::Unknown, &vars);
    assert_eq!(p.problems, []);
    assert_eq!(p.without_keys, Some(WithoutKeys::OptIn));
    assert_eq!(p.values, []);
    assert_eq!(watched_vars(&p).len(), 2);
    assert_eq!(p.deferred[1].when, When::ReleaseWasm);
    let p = run(
        &dir,
        Front::BuildScript,
        Target::from_triple("wasm32-unknown-unknown", true),
        &[("DOCS_RS", "1"), (ALLOW_MISSING_KEYS_VAR, "1")],
    );
    assert_eq!(p.without_keys, Some(WithoutKeys::DocsRs));
    let p = run(
        &dir,
        Front::Attribute,
        Target::Unknown,
        &[(ALLOW_MISSING_KEYS_VAR, "yes")],
    );
    assert_eq!(p.problems[0].message, messages::bad_opt_in());
}

#[test]
fn dotenv_nearest_wins_env_overrides_and_lines_are_reported() {
    let root = tempdir("dotenv");
    let member = root.join("app");
    std::fs::create_dir_all(&member).unwrap();
    std::fs::write(
        root.join("Cargo.toml"),
        "[workspace]\nmembers = [\"app\"]\n",
    )
    .unwrap();
    std::fs::write(member.join("Cargo.toml"), "[package]\nname = \"app\"\n").unwrap();
    std::fs::write(
        root.join(".env"),
        format!("# shared\nMILESTON_BUSINESS_ID=biz_root\nMILESTON_CHECKOUT_KEY={CHECKOUT}\n"),
    )
    .unwrap();
    std::fs::write(
        member.join(".env"),
        "\n\nexport MILESTON_BUSINESS_ID=biz_app\n",
    )
    .unwrap();

    let mut s = sources(&member, &[]);
    let found = s.lookup("MILESTON_BUSINESS_ID").unwrap().unwrap();
    assert_eq!(found.value, "biz_app");
    assert_eq!(found.origin.to_string(), ".env line 3");
    let found = s.lookup("MILESTON_CHECKOUT_KEY").unwrap().unwrap();
    assert_eq!(found.origin.to_string(), "../.env line 3");

    let mut s = sources(&member, &[("MILESTON_BUSINESS_ID", "biz_env")]);
    assert_eq!(
        s.lookup("MILESTON_BUSINESS_ID").unwrap().unwrap().value,
        "biz_env"
    );

    std::fs::write(
        member.join(".env"),
        "A=1\nMILESTON_BUSINESS_ID=x\nMILESTON_BUSINESS_ID=y\n",
    )
    .unwrap();
    let err = sources(&member, &[])
        .lookup("MILESTON_BUSINESS_ID")
        .unwrap_err();
    assert_eq!(
        err,
        "MILESTON_BUSINESS_ID is set twice in .env (lines 2 and 3): keep one, so there is no \
         doubt which key is injected"
    );

    std::fs::write(member.join(".env"), format!("A=1\nB {NORMAL}\n")).unwrap();
    let err = sources(&member, &[]).lookup("B").unwrap_err();
    assert_eq!(
        err,
        ".env has a syntax error at line 2: expected `NAME=value`"
    );
}

#[test]
fn metadata_settings_and_errors() {
    let m = metadata::parse(
        "[package]\nname = \"x\"\n[package.metadata.mileston]\ncheckout = \"SHOP_KEY\"\nbackend = true\nmode = \"test\"\n",
    );
    assert_eq!(m.problems, []);
    assert_eq!(
        m.settings.declared(Slot::Checkout),
        Some(&Declared::Var("SHOP_KEY".into()))
    );
    assert_eq!(m.settings.declared(Slot::Backend), Some(&Declared::Default));
    assert_eq!(m.settings.mode(), Some(KeyMode::Test));

    let m = metadata::parse(&format!(
        "[package.metadata.mileston]\nbackend = 1\ncheckout = \"{CHECKOUT}\"\ncolour = \"red\"\n"
    ));
    let messages: Vec<&str> = m.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(messages.len(), 3);
    assert!(messages[0].starts_with("Cargo.toml line 2: `backend` must be `true`"));
    assert!(messages[1].starts_with("Cargo.toml line 3: this looks like a Mileston key"));
    assert!(messages[2].starts_with("Cargo.toml line 4: unknown setting `colour`"));
    assert!(!messages.concat().contains(&CHECKOUT[14..]));
    // The keys written wrongly are still declared: the crate needs them.
    assert_eq!(m.settings.declared(Slot::Backend), Some(&Declared::Default));

    let m = metadata::parse("[package.metadata.mileston]\nbase_url = \"http://localhost:4010/\"\n");
    let s = Settings::merge(&PartialSettings::default(), Syntax::Attribute, &m.settings);
    assert_eq!(s.base_url.as_deref(), Some("http://localhost:4010"));
    let m = metadata::parse("[package.metadata.mileston]\nbase_url = \"http://10.0.0.8\"\n");
    assert_eq!(m.problems[0].slot, Slot::BaseUrl);
    assert!(
        m.problems[0].message.starts_with(
            "Cargo.toml line 2: `base_url` is refused: keys would travel in clear text"
        ),
        "{}",
        m.problems[0].message
    );

    let m = metadata::parse("[package\n");
    assert!(
        m.problems[0]
            .message
            .starts_with("Cargo.toml line 1 is not valid TOML")
    );
}

#[test]
fn the_front_end_wins_over_the_manifest() {
    let mut front = PartialSettings::default();
    front
        .set(
            Setting::Var(&slots::CHECKOUT),
            Given::Text("SHOP".into()),
            Syntax::Attribute,
        )
        .unwrap();
    let m = metadata::parse(
        "[package.metadata.mileston]\ncheckout = true\nbackend = true\nbusiness_id = \"BIZ\"\n",
    );
    let s = Settings::merge(&front, Syntax::Attribute, &m.settings);
    assert_eq!(s.var(Slot::Checkout), Some("SHOP"));
    assert_eq!(s.var(Slot::Backend), Some("MILESTON_API_KEY"));
    assert_eq!(s.var(Slot::BusinessId), Some("BIZ"));
    let none = Settings::merge(
        &PartialSettings::default(),
        Syntax::Attribute,
        &PartialSettings::default(),
    );
    assert!(!none.declares_a_key());
    assert_eq!(none.var(Slot::BusinessId), Some("MILESTON_BUSINESS_ID"));
}

#[test]
fn the_table_drives_the_names() {
    assert_eq!(
        slots::setting("backend"),
        Some(Setting::Var(&slots::BACKEND))
    );
    assert_eq!(slots::setting("mode"), Some(Setting::Mode));
    assert_eq!(slots::setting("mileston_config"), None);
    assert_eq!(Slot::BusinessId.setting(), Some("business_id"));
    assert_eq!(Slot::Settings.setting(), None);
    assert_eq!(slots::BUSINESS_ID.flag(), "--business-id");
    assert_eq!(
        messages::unknown_setting("api_key", Syntax::Attribute),
        "unknown argument `api_key`: expected `backend`, `checkout`, `wallet`, `webhook`, \
         `backend = \"VAR\"`, `checkout = \"VAR\"`, `wallet = \"VAR\"`, `webhook = \"VAR\"`, \
         `business_id = \"VAR\"`, `mode = \"test\" | \"live\"`, `base_url = \"https://…\"`, \
         `allow_live_base_url` or `crate = \"path\"`"
    );
}

#[test]
fn dotenv_lines_after_a_multi_line_value_and_utf16_files() {
    let dir = krate("multiline", BOTH);
    // The bad line's text also stands inside the quoted value above it.
    std::fs::write(
        dir.join(".env"),
        "NOTE=\"one\nMILESTON\nthree\"\n\n# comment\nMILESTON\n",
    )
    .unwrap();
    let p = run(&dir, Front::Attribute, Target::Unknown, &[]);
    assert_eq!(
        p.problems
            .iter()
            .map(|p| p.message.as_str())
            .collect::<Vec<_>>(),
        [".env has a syntax error at line 6: expected `NAME=value`"]
    );
    std::fs::write(
        dir.join(".env"),
        "NOTE=\"one\ntwo\"\nMILESTON_BUSINESS_ID=biz_1\n",
    )
    .unwrap();
    let found = sources(&dir, &[])
        .lookup("MILESTON_BUSINESS_ID")
        .unwrap()
        .unwrap();
    assert_eq!(found.origin.to_string(), ".env line 3");

    // Saved as UTF-16 by a Windows editor: said once, with the fix.
    let utf16: Vec<u8> = "MILESTON_BUSINESS_ID=biz_1\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    for bytes in [[&[0xff, 0xfe][..], &utf16].concat(), utf16.clone()] {
        std::fs::write(dir.join(".env"), bytes).unwrap();
        let p = run(&dir, Front::Attribute, Target::Unknown, &[]);
        assert_eq!(
            p.problems
                .iter()
                .map(|p| p.message.as_str())
                .collect::<Vec<_>>(),
            [".env is saved as UTF-16 (a Windows editor's \"Unicode\"): save it as UTF-8"]
        );
    }
}

#[test]
fn cargo_config_env_tables_are_named_as_the_origin() {
    let dir = krate("cargo-config", "checkout = true\n");
    std::fs::create_dir_all(dir.join(".cargo")).unwrap();
    std::fs::write(
        dir.join(".cargo/config.toml"),
        format!(
            "[env]\nMILESTON_CHECKOUT_KEY = \"{CHECKOUT}\"\n\
             MILESTON_BUSINESS_ID = {{ value = \"biz_forced\", force = true }}\n"
        ),
    )
    .unwrap();
    let origin = |vars: &[(&str, &str)], name: &str| {
        let found = sources(&dir, vars).lookup(name).unwrap().unwrap();
        (found.value, found.origin.to_string())
    };
    // What the CLI sees (cargo did not set them) and what the attribute sees
    // (cargo did): the file either way.
    for vars in [&[][..], &[("MILESTON_CHECKOUT_KEY", CHECKOUT)][..]] {
        assert_eq!(
            origin(vars, "MILESTON_CHECKOUT_KEY"),
            (CHECKOUT.to_owned(), ".cargo/config.toml [env]".to_owned())
        );
    }
    // The environment wins over a plain entry, not over a forced one.
    assert_eq!(
        origin(
            &[("MILESTON_CHECKOUT_KEY", NORMAL)],
            "MILESTON_CHECKOUT_KEY"
        )
        .1,
        "the process environment"
    );
    assert_eq!(
        origin(
            &[("MILESTON_BUSINESS_ID", "biz_env")],
            "MILESTON_BUSINESS_ID"
        ),
        (
            "biz_forced".to_owned(),
            ".cargo/config.toml [env]".to_owned()
        )
    );
    let p = run(&dir, Front::Cli, Target::Unknown, &[]);
    assert_eq!(p.problems, []);
    assert_eq!(
        p.value(Slot::Checkout).unwrap().origin.to_string(),
        ".cargo/config.toml [env]"
    );
}

#[test]
fn the_wallet_secret_needs_the_normal_key_and_its_own_value() {
    let dir = krate("wallet", "wallet = true\n");
    let secret = "FAKE-wallet-signing-secret";
    // Declaring `wallet` reads the normal key too, and says why when it is missing.
    let p = run(
        &dir,
        Front::Attribute,
        Target::Unknown,
        &[
            ("MILESTON_SECRET_KEY", secret),
            ("MILESTON_BUSINESS_ID", "biz_1"),
        ],
    );
    assert_eq!(
        p.problems
            .iter()
            .map(|p| p.message.as_str())
            .collect::<Vec<_>>(),
        [
            "MILESTON_API_KEY is not set: `wallet` needs the normal API key too; set it in the \
          environment or in a .env file (found in neither the process environment nor a .env \
          file from the crate's directory up to the workspace root)"
        ]
    );
    let p = run(
        &dir,
        Front::Attribute,
        Target::Unknown,
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
    let p = run(
        &dir,
        Front::Attribute,
        Target::Unknown,
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
    let dir = krate(
        "webhook",
        "backend = true\nwebhook = true\nwallet = \"W\"\n",
    );
    let p = run(
        &dir,
        Front::Attribute,
        Target::Unknown,
        &[
            ("W", "FAKE-shared-secret"),
            ("MILESTON_WEBHOOK_TOKEN", "FAKE-shared-secret"),
            ("MILESTON_API_KEY", NORMAL),
            ("MILESTON_BUSINESS_ID", "biz_1"),
        ],
    );
    assert_eq!(
        p.problems
            .iter()
            .map(|p| (p.slot, p.message.as_str()))
            .collect::<Vec<_>>(),
        [(
            Slot::Webhook,
            "MILESTON_WEBHOOK_TOKEN (from the process environment) holds the same value as W: \
             the webhook verification token is a secret of its own; copy it from the dashboard \
             into its own variable"
        )]
    );
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
    let p = run(&dir, Front::Attribute, Target::Unknown, &vars);
    assert_eq!(p.problems, []);
    assert_eq!(p.deferred, []);
    assert!(p.settings.native(Slot::Backend) && p.settings.native(Slot::Wallet));
    assert!(!p.settings.native(Slot::Checkout));
    assert!(watched_vars(&p).contains(&("W".to_owned(), true)));
    // A wasm build does without them: not read, not watched, not refused.
    let p = run(
        &dir,
        Front::BuildScript,
        Target::from_triple("wasm32-unknown-unknown", true),
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
    let p = run(
        &dir,
        Front::Cli,
        Target::from_triple("x86_64-unknown-linux-gnu", false),
        &vars,
    );
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
    let messages: Vec<&str> = m.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        messages,
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
    let dir = krate(
        "live-base",
        "checkout = true\nbase_url = \"http://127.0.0.1:4010\"\n",
    );
    let p = run(&dir, Front::Attribute, Target::Unknown, &live);
    assert_eq!(
        p.problems
            .iter()
            .map(|p| (p.slot, p.message.as_str()))
            .collect::<Vec<_>>(),
        [(
            Slot::BaseUrl,
            "the keys are live but `base_url` sends them to another origin than Mileston's \
             services: a live key belongs there only; if this origin is yours on purpose (a \
             proxy, a gateway), say so with `allow_live_base_url`"
        )]
    );
    let dir = krate(
        "live-base-allowed",
        "checkout = true\nbase_url = \"https://proxy.example\"\nallow_live_base_url = true\n",
    );
    assert_eq!(
        run(&dir, Front::Attribute, Target::Unknown, &live).problems,
        []
    );
    // Test keys go anywhere the URL rule allows.
    let dir = krate(
        "test-base",
        "checkout = true\nbase_url = \"http://127.0.0.1:4010\"\n",
    );
    assert_eq!(
        run(
            &dir,
            Front::Attribute,
            Target::Unknown,
            &[
                ("MILESTON_CHECKOUT_KEY", CHECKOUT),
                ("MILESTON_BUSINESS_ID", "biz_1")
            ]
        )
        .problems,
        []
    );
}
