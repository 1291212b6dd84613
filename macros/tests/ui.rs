//! Compile-time behaviour of `#[mileston_config]`: every refusal reachable on
//! the host (tests/ui/*.rs with the exact messages in *.stderr) and the forms
//! that must compile (tests/pass/*.rs, which also run). Here, in the macro's
//! package, because trybuild builds the cases against the package's
//! dev-dependencies: the runtime alone, not every test dependency of the
//! workspace's root.
//!
//! One environment serves every case: each case names its own variables, set
//! here. All keys are fake (their bodies say FAKE); Mileston never issued them.

const ENV: &[(&str, &str)] = &[
    ("MILESTON_API_KEY", "Mileston_TEST_FAKEdefaultNormal0001"),
    (
        "MILESTON_CHECKOUT_KEY",
        "Mileston_TEST_CHECKOUTKEY_FAKEdefaultCheckout01",
    ),
    ("MILESTON_BUSINESS_ID", "biz_ui_default"),
    ("UI_BUSINESS_ID", "biz_ui_0001"),
    ("UI_API_KEY", "Mileston_TEST_FAKEuiNormal00000001"),
    (
        "UI_CHECKOUT_KEY",
        "Mileston_TEST_CHECKOUTKEY_FAKEuiCheckout0001",
    ),
    ("UI_PROD_API_KEY", "Mileston_PROD_FAKEuiNormal00000003"),
    (
        "UI_LIVE_CHECKOUT_KEY",
        "Mileston_LIVE_CHECKOUTKEY_FAKEuiCheckout0002",
    ),
    ("UI_KEY_EMPTY", ""),
    ("UI_KEY_NEWLINE", "Mileston_TEST_FAKEuiNewline000001\n"),
    ("UI_KEY_LEADING", " Mileston_TEST_FAKEuiLeading000001"),
    ("UI_KEY_TRAILING", "Mileston_TEST_FAKEuiTrailing00001 "),
    (
        "UI_KEY_QUOTED",
        "\"Mileston_TEST_CHECKOUTKEY_FAKEuiQuoted0001\"",
    ),
    ("UI_KEY_CONTROL", "Mileston_TEST_FAKEui\u{7}Control0001"),
    // A Cyrillic "а" in place of the Latin "a".
    (
        "UI_KEY_NON_ASCII",
        "Mileston_TEST_FAKEuiNon\u{430}scii00001",
    ),
    ("UI_KEY_NO_PREFIX", "sk_test_FAKEuiNoPrefix0000001"),
    ("UI_KEY_PREFIX_CASE", "MILESTON_TEST_FAKEuiPrefixCase0001"),
    ("UI_KEY_UNKNOWN_MODE", "Mileston_STAGING_FAKEuiMode000001"),
    ("UI_KEY_SHORT", "Mileston_TEST_CHECKOUTKEY_FAKEuiShort"),
    ("UI_KEY_BODY_CHAR", "Mileston_TEST_FAKE-ui-BodyChar-01"),
    ("UI_BIZ_EMPTY", ""),
    ("UI_BIZ_SPACE", "biz ui 0001"),
    ("UI_BIZ_CONTROL", "biz_ui\u{1b}0001"),
    ("UI_BIZ_KEY", "Mileston_TEST_FAKEuiBusinessKey0001"),
    ("UI_WALLET_SECRET", "FAKEuiWalletSigningSecret0001"),
    ("UI_WEBHOOK_TOKEN", "FAKEuiWebhookToken00001"),
    ("UI_SECRET_WITH_NEWLINE", "FAKEuiSecretNewline0001\n"),
];

const UNSET: &[&str] = &["UI_UNSET_KEY", "UI_UNSET_BUSINESS_ID", "UI_START_API_KEY"];

#[test]
fn ui() {
    // SAFETY: this test binary runs this one test on its own: no other
    // thread reads the environment while it is changed.
    unsafe {
        for (k, v) in ENV {
            std::env::set_var(k, v);
        }
        for k in UNSET {
            std::env::remove_var(k);
        }
    }
    let t = trybuild::TestCases::new();
    t.pass("tests/pass/*.rs");
    t.compile_fail("tests/ui/*.rs");
}

/// The expected compiler output never shows a key: not whole, not the body.
/// (trybuild fails the test above when the real output differs from these.)
#[test]
fn expected_errors_never_show_a_key() {
    let mut checked = 0;
    for entry in std::fs::read_dir("tests/ui").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "stderr") {
            let text = std::fs::read_to_string(&path).unwrap();
            for (var, value) in ENV {
                let secret = value.contains("FAKE");
                if secret {
                    let body = &value[value.find("FAKE").unwrap()..];
                    let body = body.trim_end_matches(['\n', ' ', '"']);
                    assert!(
                        !text.contains(body),
                        "{} shows {var}'s value",
                        path.display()
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} .stderr files");
}
