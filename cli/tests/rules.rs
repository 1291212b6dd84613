//! The shipped secret-scanner rules (cli/rules/) agree with the scanner's own
//! pattern and with the key format, and know the sandbox's fake keys.
//! gitleaks and GitHub are not available here: their regexes are run with the
//! regex crate, whose syntax covers what they use.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use mileston_config_cli::scan::{AllowList, KeyFinder, key_text};
use mileston_config_core::key::{self, KeyKind};
use regex::Regex;

fn cli_file(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(cli_file(rel)).unwrap()
}

/// The sandbox tenants' keys, from the table at the bottom of the wire protocol.
fn sandbox_keys() -> Vec<String> {
    let doc = read("../docs/wire-protocol.md");
    let table = doc
        .split("## Sandbox tenants")
        .nth(1)
        .expect("sandbox tenants section");
    let finder = KeyFinder::new();
    let keys: Vec<String> = finder.find_strs(table).map(str::to_owned).collect();
    assert_eq!(keys.len(), 4, "{keys:?}");
    for k in &keys {
        assert!(k.contains("FAKE"), "{k}");
    }
    keys
}

struct Gitleaks {
    normal: Regex,
    checkout: Regex,
    /// Each rule's keywords: gitleaks only runs a rule on text holding one
    /// of them (compared lower-cased).
    normal_keywords: Vec<String>,
    checkout_keywords: Vec<String>,
    allow: Vec<Regex>,
}

fn gitleaks() -> Gitleaks {
    let config: toml::Table = toml::from_str(&read("rules/gitleaks.toml")).unwrap();
    let rules = config["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 2);
    let mut by_id = std::collections::HashMap::new();
    for rule in rules {
        let rule = rule.as_table().unwrap();
        for field in ["id", "description", "regex"] {
            assert!(
                rule[field].as_str().is_some_and(|s| !s.is_empty()),
                "{field}"
            );
        }
        assert_eq!(rule["secretGroup"].as_integer(), Some(1));
        let keywords: Vec<&str> = rule["keywords"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap())
            .collect();
        assert!(!keywords.is_empty());
        let regex = rule["regex"].as_str().unwrap();
        by_id.insert(
            rule["id"].as_str().unwrap().to_owned(),
            (
                Regex::new(regex).unwrap(),
                keywords.iter().map(|k| k.to_string()).collect::<Vec<_>>(),
            ),
        );
    }
    let (normal, normal_kw) = by_id.remove("mileston-api-key").expect("normal key rule");
    let (checkout, checkout_kw) = by_id
        .remove("mileston-checkout-key")
        .expect("checkout key rule");
    let allowlist = config["allowlist"].as_table().unwrap();
    let allow = allowlist["regexes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| Regex::new(r.as_str().unwrap()).unwrap())
        .collect();
    Gitleaks {
        normal,
        checkout,
        normal_keywords: normal_kw,
        checkout_keywords: checkout_kw,
        allow,
    }
}

/// The GitHub custom patterns, composed as `(?:before)(secret)(?:after)`.
fn github() -> Vec<(String, Regex, String)> {
    let text = read("rules/github-custom-pattern.txt");
    let field = |line: &str, name: &str| line.strip_prefix(name).map(|v| v.trim().to_owned());
    let mut patterns = Vec::new();
    let (mut secret, mut before) = (None, None);
    let mut name = String::new();
    for line in text.lines() {
        if line.starts_with("Pattern ") {
            name = line.to_owned();
        } else if let Some(v) = field(line, "Secret format:") {
            secret = Some(v);
        } else if let Some(v) = field(line, "Before secret:") {
            before = Some(v);
        } else if let Some(after) = field(line, "After secret:") {
            let re = format!(
                "(?:{})({})(?:{after})",
                before.take().unwrap(),
                secret.take().unwrap()
            );
            patterns.push((name.clone(), Regex::new(&re).unwrap(), String::new()));
        } else if let Some(v) = field(line, "Test string:") {
            patterns.last_mut().unwrap().2 = v;
        }
    }
    assert_eq!(patterns.len(), 2);
    patterns
}

/// Group 1 of every match, searching again right after each secret (so that
/// an "after" character can be the next match's "before" one, as in Hyperscan).
fn group1(re: &Regex, s: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut at = 0;
    while let Some(c) = re.captures_at(s, at) {
        let secret = c.get(1).unwrap();
        out.insert(secret.as_str().to_owned());
        at = secret.end();
    }
    out
}

/// Found by the scanner and by both rules, as the same keys.
const POSITIVES: &[&str] = &[
    "Mileston_TEST_FAKEfake0000000000a1",
    "Mileston_LIVE_FAKEfake0000000000a1",
    "Mileston_PROD_FAKEfake0000000000a1",
    "Mileston_TEST_CHECKOUTKEY_FAKEfake00000000b2",
    "Mileston_LIVE_CHECKOUTKEY_FAKEfake00000000b2",
    "Mileston_PROD_CHECKOUTKEY_FAKEfake00000000b2",
    "Mileston_TEST_FAKE000000000016", // exactly 16
    "Mileston_TEST_CHECKOUTKEY_FAKE000000000016",
    "let key = \"Mileston_TEST_FAKEfake0000000000a1\";",
    "MILESTON_API_KEY=Mileston_TEST_FAKEfake0000000000a1",
    "MY_Mileston_TEST_FAKEfake0000000000a1",
    "(Mileston_TEST_FAKEfake0000000000a1)",
    "Mileston_TEST_FAKEfake0000000000a1-suffix",
    "Mileston_TEST_FAKEfake0000000000a1\nMileston_TEST_CHECKOUTKEY_FAKEfake00000000b2\n",
    "Mileston_TEST_FAKEfake0000000000a1,Mileston_LIVE_FAKEfake0000000000c3",
    "apikey: Mileston_TEST_FAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfake000000000000000000",
    "Mileston_TEST_CHECKOUTKEYFAKEfake00000a1", // no `_`: a normal key whose body starts so
    "Mileston_TEST_sandboxFAKEnormal00000001",
    // Whatever precedes a key: escapes in JSON, YAML, TOML and shell strings,
    // percent-encoding, quoted-printable, strings packed against it.
    "xMileston_TEST_FAKEfake0000000000a1",
    "9Mileston_TEST_FAKEfake0000000000a1",
    r#"{"env": "A=1\nMILESTON_API_KEY=Mileston_TEST_FAKEfake0000000000a1\n"}"#,
    r#"env: "A=1\tMileston_LIVE_FAKEfake0000000000a1\r\n""#,
    r#"key = "\u0022Mileston_TEST_CHECKOUTKEY_FAKEfake00000000b2\u0022""#,
    r#"echo -e "\x22Mileston_PROD_FAKEfake0000000000a1\x22""#,
    r#"printf '\042Mileston_TEST_FAKEfake0000000000a1\042'"#,
    r#"s = "C:\\Mileston_TEST_FAKEfake0000000000a1""#,
    "https://shop.example/pay?q=1%26key%3DMileston_TEST_FAKEfake0000000000a1%26z=1",
    "amount=10&key=Mileston_TEST_CHECKOUTKEY_FAKEfake00000000b2&currency=USDC",
    "data=%7B%22key%22%3A%22Mileston_TEST_FAKEfake0000000000a1%22%7D",
    "line1%0AMileston_TEST_FAKEfake0000000000a1%0D%0A",
    "key=3DMileston_TEST_FAKEfake0000000000a1=\n",
    "const a=\"biz_shop01Mileston_TEST_FAKEfake0000000000a1\";",
    // Percent-encoded separators, upper and lower case.
    "key=Mileston%5FTEST%5FFAKEfake0000000000a1&x=1",
    "key=Mileston%5fLIVE%5fCHECKOUTKEY%5fFAKEfake00000000b2",
    "Mileston_TEST%5FCHECKOUTKEY_FAKEfake00000000b2",
];

/// Found by none.
const NEGATIVES: &[&str] = &[
    "Mileston_TEST_FAKEfake0000000", // 15 characters
    "Mileston_TEST_CHECKOUTKEY_FAKEfake000000",
    "mileston_TEST_FAKEfake0000000000a1",
    "MILESTON_TEST_FAKEfake0000000000a1",
    "Mileston_test_FAKEfake0000000000a1",
    "Mileston_Test_FAKEfake0000000000a1",
    "Mileston_DEV_FAKEfake0000000000a1",
    "Mileston_TESTFAKEfake0000000000a1",
    "Mileston_TEST_FAKE-fake0000000000a1",
    "Mileston_TEST_CHECKOUTKEY_FAKE_fake0000000000a1",
    "MILESTON_API_KEY",
    "MILESTON_CHECKOUT_KEY",
    "MILESTON_TEST_CHECKOUTKEY",
    "env MILESTON_API_KEY=$MILESTON_API_KEY cargo build",
    "Mileston_TEST_",
    "Mileston_TEST_CHECKOUTKEY_",
    // Not the separators' encoding, or encoded twice: not decoded.
    "Mileston%5ETEST%5EFAKEfake0000000000a1",
    "Mileston%255FTEST%255FFAKEfake0000000000a1",
    "Mileston%5TEST%5FFAKEfake0000000000a1",
    "Mileston-TEST-FAKEfake0000000000a1",
    // The body is alphanumeric: an escape inside it cuts it short.
    "Mileston_TEST_FAKEfake\\n0000000000a1",
    "Mileston_TEST_FAKEfake%20000000000a1",
];

#[test]
fn rules_agree_with_the_scanner() {
    let finder = KeyFinder::new();
    let gl = gitleaks();
    let gh = github();
    for sample in POSITIVES.iter().chain(NEGATIVES) {
        let cli: BTreeSet<String> = finder.find_strs(sample).map(str::to_owned).collect();
        let positive = POSITIVES.contains(sample);
        assert_eq!(!cli.is_empty(), positive, "scanner on {sample:?}: {cli:?}");

        // Per kind: the gitleaks rule and the GitHub pattern of that kind.
        let cli_kind = |kind: KeyKind| -> BTreeSet<String> {
            cli.iter()
                .filter(|k| key::parse(&key_text(k.as_bytes()).0).unwrap().kind == kind)
                .cloned()
                .collect()
        };
        assert_eq!(
            group1(&gl.normal, sample),
            cli_kind(KeyKind::Normal),
            "gitleaks normal on {sample:?}"
        );
        assert_eq!(
            group1(&gl.checkout, sample),
            cli_kind(KeyKind::Checkout),
            "gitleaks checkout on {sample:?}"
        );
        assert_eq!(
            group1(&gh[0].1, sample),
            cli_kind(KeyKind::Normal),
            "GitHub normal on {sample:?}"
        );
        assert_eq!(
            group1(&gh[1].1, sample),
            cli_kind(KeyKind::Checkout),
            "GitHub checkout on {sample:?}"
        );

        // What matches spells a key by the format's own rules.
        for k in &cli {
            assert!(key::parse(&key_text(k.as_bytes()).0).is_ok(), "{k}");
        }

        // gitleaks runs a rule only on text holding one of its keywords.
        let lower = sample.to_lowercase();
        for (rule, keywords) in [
            (&gl.normal, &gl.normal_keywords),
            (&gl.checkout, &gl.checkout_keywords),
        ] {
            if rule.is_match(sample) {
                assert!(
                    keywords.iter().any(|k| lower.contains(k.as_str())),
                    "no keyword of {rule} in {sample:?}"
                );
            }
        }
    }
}

/// Keys stored back to back, as strings are in a binary's data: the scanner
/// finds each whole; the rules find each kind, but the first secret runs on
/// with the next key's `Mileston` (their regexes cannot look ahead).
#[test]
fn packed_keys_are_found_by_both_with_the_known_difference() {
    let finder = KeyFinder::new();
    let gl = gitleaks();
    let gh = github();
    let checkout = "Mileston_TEST_CHECKOUTKEY_FAKEfake00000000b2";
    let normal = "Mileston_TEST_FAKEfake0000000000a1";
    for (first, second) in [(checkout, normal), (normal, checkout)] {
        let sample = format!("\0{first}{second}\0");
        let cli: Vec<&str> = finder.find_strs(&sample).collect();
        assert_eq!(cli, [first, second]);
        let run_on = BTreeSet::from([format!("{first}Mileston")]);
        let whole = BTreeSet::from([second.to_owned()]);
        let (first_rules, second_rules) = if first == checkout {
            ([&gl.checkout, &gh[1].1], [&gl.normal, &gh[0].1])
        } else {
            ([&gl.normal, &gh[0].1], [&gl.checkout, &gh[1].1])
        };
        for re in first_rules {
            assert_eq!(group1(re, &sample), run_on, "{re} on {sample:?}");
        }
        for re in second_rules {
            assert_eq!(group1(re, &sample), whole, "{re} on {sample:?}");
        }
    }
}

#[test]
fn github_test_strings_match_their_pattern_only() {
    let gh = github();
    for (i, (name, re, test)) in gh.iter().enumerate() {
        assert!(re.is_match(test), "{name}");
        assert!(
            !gh[1 - i].1.is_match(test),
            "{name}: matched by the other pattern"
        );
    }
}

#[test]
fn sandbox_fake_keys_are_matched_and_allowed() {
    let keys = sandbox_keys();
    let gl = gitleaks();
    let gh = github();
    let allow = AllowList::parse(&read("allow-sandbox.txt")).unwrap();
    let file = read("allow-sandbox.txt");
    assert!(
        file.contains("FAKE keys"),
        "allow-sandbox.txt says they are fake"
    );
    let listed: BTreeSet<String> = KeyFinder::new()
        .find_strs(&file)
        .map(str::to_owned)
        .collect();
    assert_eq!(
        listed,
        keys.iter().cloned().collect(),
        "allow-sandbox.txt lists exactly the sandbox keys"
    );
    for k in &keys {
        let (rule, pattern) = match key::parse(k).unwrap().kind {
            KeyKind::Normal => (&gl.normal, &gh[0].1),
            KeyKind::Checkout => (&gl.checkout, &gh[1].1),
        };
        let quoted = format!("\"{k}\"");
        assert_eq!(
            group1(rule, &quoted).into_iter().collect::<Vec<_>>(),
            std::slice::from_ref(k)
        );
        assert!(pattern.is_match(&quoted));
        assert!(
            gl.allow.iter().any(|a| a.is_match(k)),
            "gitleaks allowlist: {k}"
        );
        assert!(allow.allows(k, false), "allow-sandbox.txt: {k}");
    }
    for other in [
        "Mileston_TEST_FAKEfake0000000000a1",
        "Mileston_TEST_sandboxFAKEnormal000000011",
    ] {
        assert!(!gl.allow.iter().any(|a| a.is_match(other)), "{other}");
        assert!(!allow.allows(other, false), "{other}");
    }
}
