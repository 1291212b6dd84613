//! `load = "start"`: what the build's plan reads (no value, the manifest
//! alone) and what a started process reads (the variable, `VAR_FILE`, the
//! systemd credential, exactly one), with the build's rules and words.

use super::*;
use crate::resolve::start::{self, Row};
use crate::resolve::{Pin, Syntax};

const WALLET: &str = "FAKE-start-wallet-secret-0001";
const WEBHOOK: &str = "FAKE-start-webhook-token-0001";
const LIVE_NORMAL: &str = "Mileston_LIVE_FAKEfake0000000000d4";

const START: &str = "backend = true\ncheckout = true\nload = \"start\"\n";

/// An environment of `vars`, as `start::read` takes it.
fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<std::ffi::OsString> {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k| vars.get(k).map(Into::into)
}

const TEST: Pin = Pin {
    mode: KeyMode::Test,
    written: Syntax::Attribute,
};

fn row(var: &'static Var, name: &'static str) -> Row<'static> {
    Row {
        var,
        name,
        required_by: None,
    }
}

/// The backend, the checkout key and the business ID, by their default names.
fn rows() -> Vec<Row<'static>> {
    vec![
        row(&slots::BACKEND, "MILESTON_API_KEY"),
        row(&slots::CHECKOUT, "MILESTON_CHECKOUT_KEY"),
        row(&slots::BUSINESS_ID, "MILESTON_BUSINESS_ID"),
    ]
}

/// The one problem of reading `rows()` from `vars`.
fn refusal(vars: &[(&str, &str)]) -> String {
    let problems = start::read(&rows(), TEST, &env(vars)).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let message = problems[0].message.clone();
    for (_, value) in vars {
        if value.contains("FAKE") {
            assert!(
                !message.contains(&value[value.find("FAKE").unwrap()..]),
                "{message}"
            );
        }
    }
    message
}

#[test]
fn a_native_build_reads_and_watches_no_value() {
    let dir = krate("start-plan", &format!("{START}mode = \"test\"\n"));
    std::fs::write(dir.join(".env"), format!("MILESTON_API_KEY={NORMAL}\n")).unwrap();
    for (front, target) in [
        (Front::Attribute, Target::Unknown),
        (
            Front::BuildScript,
            Target::from_triple("x86_64-unknown-linux-gnu", true),
        ),
    ] {
        let p = run(&dir, front, target, &good());
        assert_eq!(p.problems, []);
        assert_eq!(p.values, []);
        assert_eq!(p.mode, KeyMode::Test);
        assert_eq!(p.settings.load, Load::Start);
        // Neither a variable (its value would be recorded) nor the `.env` file.
        assert_eq!(p.watch, [Watch::File(dir.join("Cargo.toml"))]);
        assert_eq!(p.deferred, []);
    }
}

#[test]
fn a_wasm_build_reads_the_checkout_key_at_build_time() {
    let dir = krate(
        "start-wasm",
        "checkout = true\nload = \"start\"\nmode = \"test\"\n\n[package.metadata.mileston.native]\nbackend = true\n",
    );
    let p = run(
        &dir,
        Front::BuildScript,
        Target::from_triple("wasm32-unknown-unknown", true),
        &good(),
    );
    assert_eq!(p.problems, []);
    assert_eq!(p.value(Slot::Checkout).unwrap().value, CHECKOUT);
    assert!(p.value(Slot::Backend).is_none());
}

#[test]
fn the_settings_are_still_checked_and_the_mode_must_be_pinned() {
    let dir = krate("start-no-mode", START);
    let p = run(&dir, Front::Attribute, Target::Unknown, &good());
    assert_eq!(p.problems.len(), 1);
    assert_eq!(p.problems[0].slot, Slot::Load);
    assert_eq!(
        p.problems[0].message,
        "`load = \"start\"` needs `mode`: no key is read at build time to decide it, and the \
         handles' type carries it; pin it with `mode = \"test\"` or `mode = \"live\"`, the mode \
         of the keys this build is deployed with (a test build refuses live keys when it \
         starts, and the reverse)"
    );

    // A key where `load`'s value goes is called a key, and not repeated.
    let dir = krate(
        "start-load-key",
        "backend = true\nload = \"Mileston_TEST_FAKEloadKey00000001\"\n",
    );
    let p = run(&dir, Front::Attribute, Target::Unknown, &good());
    assert_eq!(p.problems.len(), 1, "{:#?}", p.problems);
    assert_eq!(
        p.problems[0].message,
        "Cargo.toml line 6: `load` holds what looks like a Mileston key: keys are never written \
         in source, where they end up in version control; write `load = \"start\"`; if it was \
         ever committed, rotate it"
    );

    // A live pin with a base URL is refused at build time, as live keys are.
    let dir = krate(
        "start-live-base-url",
        &format!("{START}mode = \"live\"\nbase_url = \"http://127.0.0.1:4010\"\n"),
    );
    let p = run(&dir, Front::Attribute, Target::Unknown, &[]);
    assert_eq!(p.problems.len(), 1);
    assert_eq!(p.problems[0].message, messages::live_base_url());

    // The business ID never reads a secret's variable.
    let dir = krate(
        "start-biz-var",
        &format!("{START}mode = \"test\"\nbusiness_id = \"MILESTON_API_KEY\"\n"),
    );
    let p = run(&dir, Front::Attribute, Target::Unknown, &[]);
    assert_eq!(p.problems.len(), 1);
    assert!(
        p.problems[0]
            .message
            .starts_with("`business_id` reads MILESTON_API_KEY, the variable `backend` reads"),
        "{}",
        p.problems[0].message
    );

    // `load` itself.
    let mut front = PartialSettings::default();
    for (given, message) in [
        (
            Given::Text("runtime".into()),
            "`load` must be \"build\" or \"start\"",
        ),
        (
            Given::Flag,
            "`load` takes a value: `load = \"build\"` or `load = \"start\"`",
        ),
        (
            Given::Unquoted("start".into()),
            "`load` takes a string: `load = \"build\"` or `load = \"start\"`",
        ),
    ] {
        assert_eq!(
            front
                .set(Setting::Load, given, Syntax::Attribute)
                .unwrap_err(),
            message
        );
    }
    let m = metadata::parse("[package.metadata.mileston]\nload = true\n");
    assert_eq!(
        m.problems[0].message,
        "Cargo.toml line 2: `load` must be \"build\" or \"start\""
    );
}

#[test]
fn the_cli_reads_a_deployment_as_the_process_will() {
    let dir = krate("start-cli", START);
    let files = tempdir("start-cli-files");
    std::fs::write(files.join("key"), format!("{NORMAL}\n")).unwrap();
    let key_file = files.join("key").to_str().unwrap().to_owned();
    let mut asked = PartialSettings::default();
    asked.set_mode(KeyMode::Test);
    let p = plan_with(
        Request {
            front: Front::Cli,
            manifest_dir: &dir,
            settings: asked,
            target: Target::Unknown,
            read_values: true,
        },
        sources(
            &dir,
            &[
                ("MILESTON_API_KEY_FILE", &key_file),
                ("MILESTON_CHECKOUT_KEY", CHECKOUT),
                ("MILESTON_BUSINESS_ID", "biz_1"),
            ],
        ),
    );
    assert_eq!(p.problems, []);
    let backend = p.value(Slot::Backend).unwrap();
    assert_eq!(backend.value, NORMAL);
    assert_eq!(
        backend.origin.to_string(),
        "the file named by MILESTON_API_KEY_FILE"
    );
    assert_eq!(p.value(Slot::Checkout).unwrap().origin, Origin::Env);
}

#[test]
fn each_place_a_started_process_reads() {
    let dir = tempdir("start-places");
    let creds = dir.join("credentials");
    std::fs::create_dir_all(&creds).unwrap();
    std::fs::write(dir.join("checkout"), format!("{CHECKOUT}\r\n")).unwrap();
    std::fs::write(creds.join("MILESTON_API_KEY"), NORMAL).unwrap();
    let checkout_file = dir.join("checkout").to_str().unwrap().to_owned();
    let vars = [
        ("CREDENTIALS_DIRECTORY", creds.to_str().unwrap()),
        ("MILESTON_CHECKOUT_KEY_FILE", &checkout_file),
        ("MILESTON_BUSINESS_ID", "biz_1"),
    ];
    let values = start::read(&rows(), TEST, &env(&vars)).unwrap();
    let got: Vec<(&str, String)> = values
        .iter()
        .map(|v| (v.value.as_str(), v.origin.to_string()))
        .collect();
    assert_eq!(
        got,
        [
            (
                NORMAL,
                "the systemd credential $CREDENTIALS_DIRECTORY/MILESTON_API_KEY".to_owned()
            ),
            (
                CHECKOUT,
                "the file named by MILESTON_CHECKOUT_KEY_FILE".to_owned()
            ),
            ("biz_1", "the process environment".to_owned()),
        ]
    );
}

#[test]
fn each_refusal_at_start_names_the_variable_and_where_it_looked() {
    let dir = tempdir("start-refusals");
    let file = |name: &str, bytes: &[u8]| {
        std::fs::write(dir.join(name), bytes).unwrap();
        dir.join(name).to_str().unwrap().to_owned()
    };
    let biz = ("MILESTON_BUSINESS_ID", "biz_1");
    let checkout = ("MILESTON_CHECKOUT_KEY", CHECKOUT);

    assert_eq!(
        refusal(&[checkout, biz]),
        "MILESTON_API_KEY is not set: `backend` needs the normal API key; give the process \
         exactly one of the variable MILESTON_API_KEY, a file named by MILESTON_API_KEY_FILE, or \
         the systemd credential $CREDENTIALS_DIRECTORY/MILESTON_API_KEY (found none of them; \
         CREDENTIALS_DIRECTORY is not set)"
    );

    // With systemd's directory given, where it looked is said, and no note.
    let credentials = ("CREDENTIALS_DIRECTORY", dir.to_str().unwrap());
    assert_eq!(
        refusal(&[checkout, biz, credentials]),
        "MILESTON_API_KEY is not set: `backend` needs the normal API key; give the process \
         exactly one of the variable MILESTON_API_KEY, a file named by MILESTON_API_KEY_FILE, or \
         the systemd credential $CREDENTIALS_DIRECTORY/MILESTON_API_KEY (found none of them)"
    );

    let key = file("key", NORMAL.as_bytes());
    assert_eq!(
        refusal(&[
            ("MILESTON_API_KEY", NORMAL),
            ("MILESTON_API_KEY_FILE", &key),
            checkout,
            biz
        ]),
        "MILESTON_API_KEY is given more than once, by the process environment and by the file \
         named by MILESTON_API_KEY_FILE: keep exactly one, so that there is no doubt which value \
         is used"
    );

    let empty = file("empty", b"\n");
    assert_eq!(
        refusal(&[("MILESTON_API_KEY_FILE", &empty), checkout, biz]),
        "MILESTON_API_KEY (from the file named by MILESTON_API_KEY_FILE) is not a valid \
         Mileston key: it is empty (a CI secret that is not defined expands to an empty string)"
    );

    // One newline is the file's end; a second is the value's.
    let twice = file("twice", format!("{NORMAL}\n\n").as_bytes());
    assert!(
        refusal(&[("MILESTON_API_KEY_FILE", &twice), checkout, biz]).ends_with(
            "it ends with a newline: was the secret written with `echo`? write it \
                        with `printf '%s'` or trim it"
        )
    );

    assert_eq!(
        refusal(&[("MILESTON_API_KEY", CHECKOUT), checkout, biz]),
        "MILESTON_API_KEY (from the process environment) holds a checkout key, but `backend` \
         needs the normal API key (`Mileston_TEST_…`): checkout keys cannot create payments"
    );

    assert_eq!(
        refusal(&[("MILESTON_API_KEY", LIVE_NORMAL), checkout, biz]),
        "MILESTON_API_KEY (from the process environment) is a live key, but `mode = \"test\"` \
         is pinned: use the test key, or change the pin"
    );

    let missing = dir.join("missing").to_str().unwrap().to_owned();
    assert_eq!(
        refusal(&[("MILESTON_API_KEY_FILE", &missing), checkout, biz]),
        "MILESTON_API_KEY cannot be read from the file named by MILESTON_API_KEY_FILE: entity \
         not found"
    );
    assert_eq!(
        refusal(&[("MILESTON_API_KEY_FILE", ""), checkout, biz]),
        "MILESTON_API_KEY_FILE is empty: it must name the file that holds MILESTON_API_KEY, or \
         be unset"
    );
    let binary = file("binary", b"Mileston_TEST_FAKE\xff\xfe000000000000");
    assert_eq!(
        refusal(&[("MILESTON_API_KEY_FILE", &binary), checkout, biz]),
        "MILESTON_API_KEY in the file named by MILESTON_API_KEY_FILE is not valid UTF-8, so it \
         cannot be a Mileston key or business ID"
    );
    let large = file("large", &vec![b'a'; start::MAX_FILE + 1]);
    assert!(
        refusal(&[("MILESTON_API_KEY_FILE", &large), checkout, biz]).ends_with(
            "the file is larger than 64 KiB, so it holds no key or secret: is it the right file?"
        )
    );

    // A business ID that is a backend secret's value, wherever that is.
    let secret = file("secret", format!("{WALLET}\n").as_bytes());
    assert_eq!(
        refusal(&[
            ("MILESTON_API_KEY", NORMAL),
            checkout,
            ("MILESTON_SECRET_KEY_FILE", &secret),
            ("MILESTON_BUSINESS_ID", WALLET),
        ]),
        "MILESTON_BUSINESS_ID (from the process environment) holds the value of \
         MILESTON_SECRET_KEY, the wallet signing secret: the business ID is not a secret (it is \
         printed, logged and shipped to frontends), so that secret would leak; put the business \
         ID from the dashboard in MILESTON_BUSINESS_ID"
    );
}

#[test]
fn the_rules_between_values_apply_at_start() {
    let rows = [
        Row {
            var: &slots::BACKEND,
            name: "MILESTON_API_KEY",
            required_by: Some(&slots::WALLET),
        },
        row(&slots::BUSINESS_ID, "MILESTON_BUSINESS_ID"),
        row(&slots::WALLET, "MILESTON_SECRET_KEY"),
        row(&slots::WEBHOOK, "MILESTON_WEBHOOK_TOKEN"),
    ];
    let problems = start::read(
        &rows,
        TEST,
        &env(&[
            ("MILESTON_BUSINESS_ID", "biz_1"),
            ("MILESTON_SECRET_KEY", WEBHOOK),
            ("MILESTON_WEBHOOK_TOKEN", WEBHOOK),
        ]),
    )
    .unwrap_err();
    let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "MILESTON_API_KEY is not set: `wallet` needs the normal API key too; give the \
             process exactly one of the variable MILESTON_API_KEY, a file named by \
             MILESTON_API_KEY_FILE, or the systemd credential \
             $CREDENTIALS_DIRECTORY/MILESTON_API_KEY (found none of them; \
             CREDENTIALS_DIRECTORY is not set)",
            "MILESTON_WEBHOOK_TOKEN (from the process environment) holds the same value as \
             MILESTON_SECRET_KEY: the webhook verification token is a secret of its own; copy \
             it from the dashboard into its own variable",
        ]
    );
    assert!(!messages.concat().contains("start-webhook"));
}

/// `load = "build"`: the words for variables given at run time, one and
/// several (the runtime's `BuiltIn` says them; test_rotation.rs runs one).
#[test]
fn values_given_at_run_time_to_a_build_that_built_them_in() {
    let tail = ": this crate reads its values at build time (`load = \"build\"`, the default); \
                rebuild it with the new value, or build it with `load = \"start\"` to read the \
                values when the process starts";
    assert_eq!(
        messages::overridden_at_run_time(&["MILESTON_API_KEY"]),
        format!(
            "MILESTON_API_KEY is given to this process (as the variable, by its `_FILE` or as a \
             systemd credential) with a value other than the one built into this binary, or so \
             that it cannot be read; the value built in is the one used{tail}"
        )
    );
    assert_eq!(
        messages::overridden_at_run_time(&[
            "MILESTON_API_KEY",
            "MILESTON_SECRET_KEY",
            "MILESTON_WEBHOOK_TOKEN"
        ]),
        format!(
            "MILESTON_API_KEY, MILESTON_SECRET_KEY and MILESTON_WEBHOOK_TOKEN are given to this \
             process (as variables, by their `_FILE`s or as systemd credentials) with values \
             other than those built into this binary, or so that they cannot be read; the values \
             built in are the ones used{tail}"
        )
    );
}
