//! A webhook delivery as an internet-facing receiver gets it, headers and
//! body both from the input, through `WebhookVerifier::verify` of a test and
//! of a live receiver (the runtime with `webhooks` only: no HTTP client).
//! Input: header lines (`name: value`, `\n`-separated) up to the first blank
//! line, then the body; no blank line, no headers. Properties: a delivery is
//! accepted only with the token as its signature and an `env` of the
//! receiver's mode; the two receivers agree on everything but the mode;
//! a refusal is one of the known ones, holds nothing the sender sent and no
//! piece of the token; the same delivery gives the same answer.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mileston_config::credentials::WebhookToken;
use mileston_config::webhook::{DeliveryError, Event, SIGNATURE_HEADER, WebhookVerifier};
use mileston_config::{KeyMode, Live, Test};

// Recognisably fake; its long run makes every 8-character piece distinctive.
const TOKEN: &str = "FAKE-whk-Q7zX3kP9wM2rT5yVb8Nc";

/// Why a body is refused, in the decoder's words: member names and rules,
/// never a value.
const REASONS: &[&str] = &[
    "not JSON of the expected shape",
    "missing member `event`",
    "`event`: it is empty",
    "missing member `payload.transactionSignature`",
    "`payload.transactionSignature`: it is empty",
    "missing member `payload.env`",
    "`payload.env`: it is empty",
];

fn split(data: &[u8]) -> (Vec<(String, Vec<u8>)>, &[u8]) {
    let Some(at) = data.windows(2).position(|w| w == b"\n\n") else {
        return (Vec::new(), data);
    };
    let headers = data[..at]
        .split(|b| *b == b'\n')
        .filter_map(|line| {
            let colon = line.iter().position(|b| *b == b':')?;
            let name = String::from_utf8_lossy(&line[..colon]).into_owned();
            let value = line[colon + 1..]
                .strip_prefix(b" ")
                .unwrap_or(&line[colon + 1..]);
            Some((name, value.to_vec()))
        })
        .collect();
    (headers, &data[at + 2..])
}

/// Every 8-character piece of the token's runs of letters and digits.
fn token_pieces() -> Vec<String> {
    let mut out = Vec::new();
    for run in TOKEN.split(|c: char| !c.is_ascii_alphanumeric()) {
        let chars: Vec<char> = run.chars().collect();
        out.extend(chars.windows(8).map(|w| w.iter().collect::<String>()));
    }
    out
}

fn check_refusal(e: &DeliveryError, expected: KeyMode) {
    match e {
        DeliveryError::MissingSignature | DeliveryError::BadSignature | DeliveryError::TooLarge => {
        }
        DeliveryError::Malformed { reason } => {
            assert!(
                REASONS.contains(&reason.as_str()),
                "unknown reason {reason:?}"
            )
        }
        DeliveryError::WrongMode { expected: m } | DeliveryError::NoMode { expected: m } => {
            assert_eq!(*m, expected)
        }
        other => panic!("a refusal this receiver cannot give: {other:?}"),
    }
    for text in [e.to_string(), format!("{e:?}")] {
        for piece in token_pieces() {
            assert!(
                !text.contains(&piece),
                "a refusal holds a piece of the token"
            );
        }
    }
}

fn check_accepted(event: &Event, mode: &str, signature: Option<&[u8]>) {
    assert_eq!(
        signature,
        Some(TOKEN.as_bytes()),
        "accepted without the token"
    );
    let env = event.env().expect("accepted without an env");
    assert!(
        env.eq_ignore_ascii_case(mode),
        "{mode} receiver took env {env:?}"
    );
    // One key per event, never empty after its name.
    let key = event.dedup_key();
    let rest = key
        .strip_prefix(event.name())
        .and_then(|r| r.strip_prefix(':'))
        .expect("the key starts with the event's name");
    assert!(!rest.is_empty(), "an empty dedup key");
    if let Some(paid) = event.paid() {
        assert!(!paid.transaction_signature.is_empty());
        assert!(rest.eq_ignore_ascii_case(&paid.transaction_signature));
    }
}

fuzz_target!(|data: &[u8]| {
    let (headers, body) = split(data);
    let token = WebhookToken::new(TOKEN).unwrap();
    let test = WebhookVerifier::<Test>::new(token.clone());
    let live = WebhookVerifier::<Live>::new(token);
    let headers = headers.as_slice();
    // The header a receiver reads: the first of that name, in any case.
    let signature = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(SIGNATURE_HEADER))
        .map(|(_, v)| v.as_slice());

    let as_test = test.verify(headers, body);
    let as_live = live.verify(headers, body);
    assert_eq!(as_test, test.verify(headers, body), "not deterministic");
    assert_eq!(as_live, live.verify(headers, body), "not deterministic");

    match (&as_test, &as_live) {
        (Ok(_), Ok(_)) => panic!("a test and a live receiver both took one delivery"),
        (Ok(e), Err(r)) => {
            check_accepted(e, "test", signature);
            assert_eq!(
                *r,
                DeliveryError::WrongMode {
                    expected: KeyMode::Live
                }
            );
        }
        (Err(r), Ok(e)) => {
            check_accepted(e, "prod", signature);
            assert_eq!(
                *r,
                DeliveryError::WrongMode {
                    expected: KeyMode::Test
                }
            );
        }
        (Err(t), Err(l)) => {
            check_refusal(t, KeyMode::Test);
            check_refusal(l, KeyMode::Live);
            // Only the mode tells the two receivers apart.
            match (t, l) {
                (DeliveryError::WrongMode { .. }, _) | (_, DeliveryError::WrongMode { .. }) => {
                    panic!("refused by both, one for the other's mode: {t:?}, {l:?}")
                }
                (DeliveryError::NoMode { .. }, DeliveryError::NoMode { .. }) => {}
                _ => assert_eq!(t, l),
            }
            if signature != Some(TOKEN.as_bytes()) {
                let want = match signature {
                    None => DeliveryError::MissingSignature,
                    Some(_) => DeliveryError::BadSignature,
                };
                assert_eq!(*t, want);
            }
        }
    }
});
