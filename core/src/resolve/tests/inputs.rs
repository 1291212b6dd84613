//! What the plan reads: `.env` files (lines, duplicates, encodings),
//! `[package.metadata.mileston]`, cargo's `[env]` tables, and the table of
//! names.

use super::*;

/// `name` looked up after writing `dotenv` as `dir`'s `.env`.
fn lookup_in(dir: &Path, dotenv: &str, name: &str) -> Result<Option<Found>, String> {
    std::fs::write(dir.join(".env"), dotenv).unwrap();
    sources(dir, &[]).lookup(name)
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

    let err = lookup_in(
        &member,
        "A=1\nMILESTON_BUSINESS_ID=x\nMILESTON_BUSINESS_ID=y\n",
        "MILESTON_BUSINESS_ID",
    )
    .unwrap_err();
    assert_eq!(
        err,
        "MILESTON_BUSINESS_ID is set twice in .env (lines 2 and 3): keep one, so there is no \
         doubt which key is injected"
    );

    let err = lookup_in(&member, &format!("A=1\nB {NORMAL}\n"), "B").unwrap_err();
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
    let messages = said(&m.problems);
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
    assert_eq!(none.var(Slot::BusinessId), None);
}

#[test]
fn the_business_id_is_read_when_a_declared_handle_sends_requests_or_when_named() {
    let business_id = |manifest: &str| {
        let m = metadata::parse(&format!("[package.metadata.mileston]\n{manifest}"));
        assert!(m.problems.is_empty(), "{manifest}");
        let s = Settings::merge(&PartialSettings::default(), Syntax::Manifest, &m.settings);
        s.var(Slot::BusinessId).map(str::to_owned)
    };
    let default = Some("MILESTON_BUSINESS_ID".to_owned());
    assert_eq!(business_id("backend = true"), default);
    assert_eq!(business_id("checkout = true"), default);
    assert_eq!(business_id("wallet = true"), default);
    assert_eq!(business_id("webhook = true\nbackend = true"), default);
    // A receiver only checks what arrives.
    assert_eq!(business_id("webhook = true"), None);
    assert_eq!(business_id("webhook = true\nbackend = false"), None);
    assert_eq!(
        business_id("webhook = true\nbusiness_id = \"BIZ\""),
        Some("BIZ".to_owned())
    );
}

#[test]
fn a_string_with_escapes_is_refused_and_a_key_in_one_is_called_a_key() {
    let checkout = Setting::Var(&slots::CHECKOUT);
    let cases = [
        (
            checkout,
            r#""MILESTON\x5FCHECKOUT_KEY""#,
            "`checkout` is read as written: write it without escape sequences (`\\`), e.g. \
             `checkout = \"MILESTON_CHECKOUT_KEY\"`",
        ),
        (
            Setting::Mode,
            r#""te\x73t""#,
            "`mode` is read as written: write it without escape sequences (`\\`), e.g. \
             `mode = \"test\"`",
        ),
        // A flag takes no string: the usual message.
        (
            Setting::AllowLiveBaseUrl,
            r#""t\x72ue""#,
            "`allow_live_base_url` takes no value: write `allow_live_base_url`",
        ),
    ];
    let mut front = PartialSettings::default();
    for (setting, written, message) in cases {
        let given = Given::Escaped(written.into());
        assert_eq!(
            front.set(setting, given, Syntax::Attribute).unwrap_err(),
            message
        );
    }
    // Still declared: the key is needed, only how its variable is written is wrong.
    let s = Settings::merge(&front, Syntax::Attribute, &PartialSettings::default());
    assert_eq!(s.var(Slot::Checkout), Some("MILESTON_CHECKOUT_KEY"));

    let key = Given::Escaped(format!("\"{}\\x41\"", &CHECKOUT[..30]));
    let message = front.set(checkout, key, Syntax::Attribute).unwrap_err();
    assert!(
        message.starts_with("this looks like a Mileston key written in source"),
        "{message}"
    );
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
         `allow_live_base_url`, `load = \"build\" | \"start\"` or `crate = \"path\"`"
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
    assert_eq!(
        said(&attribute(&dir, &[]).problems),
        [".env has a syntax error at line 6: expected `NAME=value`"]
    );
    let found = lookup_in(
        &dir,
        "NOTE=\"one\ntwo\"\nMILESTON_BUSINESS_ID=biz_1\n",
        "MILESTON_BUSINESS_ID",
    )
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
        assert_eq!(
            said(&attribute(&dir, &[]).problems),
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
