//! `mileston-config webhook send` against a receiver on loopback: the bytes
//! it sends, the exit status for each answer, and what it prints (never the
//! token). The token here is fake.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Command, Output};
use std::sync::mpsc;

const TOKEN: &str = "FAKEcliWebhookTokenQZX01";

/// What the receiver saw: request line, headers (lower-case names), body.
struct Seen {
    line: String,
    headers: Vec<(String, String)>,
    body: String,
}

/// A receiver that answers one request with `status` and `body`.
fn receiver(status: u16, body: &'static str) -> (String, mpsc::Receiver<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let mut headers = Vec::new();
        let mut len = 0;
        loop {
            let mut h = String::new();
            reader.read_line(&mut h).unwrap();
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            let (n, v) = h.split_once(':').unwrap();
            let n = n.to_ascii_lowercase();
            if n == "content-length" {
                len = v.trim().parse().unwrap();
            }
            headers.push((n, v.trim().to_owned()));
        }
        let mut buf = vec![0; len];
        reader.read_exact(&mut buf).unwrap();
        let mut stream = stream;
        let _ = write!(
            stream,
            "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        tx.send(Seen {
            line: line.trim_end().to_owned(),
            headers,
            body: String::from_utf8(buf).unwrap(),
        })
        .unwrap();
    });
    (url, rx)
}

fn send(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mileston-config"))
        .args(["webhook", "send"])
        .args(args)
        .env_clear()
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn no_piece_of_the_token(out: &Output) {
    let all = text(out);
    let chars: Vec<char> = TOKEN.chars().collect();
    for w in chars.windows(8) {
        let piece: String = w.iter().collect();
        assert!(!all.contains(&piece), "{all}");
    }
}

#[test]
fn a_test_delivery_as_mileston_sends_it() {
    let (url, seen) = receiver(200, "ok");
    let out = send(
        &[
            "--to",
            &url,
            "--event",
            "invoice-paid",
            "--id",
            "inv_000042",
        ],
        &[("MILESTON_WEBHOOK_TOKEN", TOKEN)],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("invoice-paid {url} -> HTTP 200: ok\n")
    );
    let seen = seen.recv().unwrap();
    assert_eq!(seen.line, "POST /hook HTTP/1.1");
    let header = |n: &str| {
        seen.headers
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(header("content-type"), Some("application/json"));
    assert_eq!(header("x-webhook-signature"), Some(TOKEN));
    let body: serde_json::Value = serde_json::from_str(&seen.body).unwrap();
    assert_eq!(body["event"], "invoice-paid");
    let payload = &body["payload"];
    assert_eq!(payload["paymentLinkId"], "inv_000042");
    assert_eq!(payload["env"], "test");
    assert_eq!(payload["status"], "paid");
    assert_eq!(payload["amount"], "1");
    assert!(
        payload["transactionSignature"]
            .as_str()
            .unwrap()
            .starts_with("0xtest")
    );
    for member in [
        "payer",
        "recipientWalletAddress",
        "userUUID",
        "feeSignature",
        "chain",
        "createdAt",
    ] {
        assert!(payload[member].is_string(), "{member}");
    }
    no_piece_of_the_token(&out);
}

#[test]
fn a_refusal_fails_and_an_echoed_token_is_not_printed() {
    // The token from another variable; the receiver refuses and echoes it.
    let (url, _) = receiver(401, "bad token FAKEcliWebhookTokenQZX01");
    let out = send(
        &[
            "--to",
            &url,
            "--event",
            "recurring-paid",
            "--token-env",
            "HOOK_TOKEN",
        ],
        &[("HOOK_TOKEN", TOKEN)],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("recurring-paid {url} -> HTTP 401: bad token <redacted>\n")
    );
    no_piece_of_the_token(&out);

    let (url, _) = receiver(500, "");
    let out = send(
        &["--to", &url, "--event", "paymentlink-paid"],
        &[("MILESTON_WEBHOOK_TOKEN", TOKEN)],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("-> HTTP 500\n"), "{}", text(&out));
}

#[test]
fn usage_errors_never_show_the_token() {
    let hook = "http://127.0.0.1:9/hook";
    for (args, env, want) in [
        (
            vec!["--to", hook, "--event", "invoice-paid"],
            vec![],
            "error: `MILESTON_WEBHOOK_TOKEN` is not set: it holds the webhook verification token",
        ),
        (
            vec!["--to", hook, "--event", "invoice-paid"],
            vec![("MILESTON_WEBHOOK_TOKEN", "FAKEcliWebhookTokenQZX01\n")],
            "error: `MILESTON_WEBHOOK_TOKEN` is not a valid webhook verification token: it has \
             whitespace at position 25",
        ),
        (
            vec![
                "--to",
                "http://receiver.example/hook",
                "--event",
                "invoice-paid",
            ],
            vec![("MILESTON_WEBHOOK_TOKEN", TOKEN)],
            "error: --to is refused: keys would travel in clear text",
        ),
        (
            vec!["--to", hook, "--event", "payout-done"],
            vec![("MILESTON_WEBHOOK_TOKEN", TOKEN)],
            "error: invalid value 'payout-done' for '--event <EVENT>'",
        ),
    ] {
        let out = send(&args, &env);
        assert_eq!(out.status.code(), Some(2), "{}", text(&out));
        assert!(text(&out).starts_with(want), "{}", text(&out));
        no_piece_of_the_token(&out);
    }
    // Nobody listening: a failure, not a usage error.
    let out = send(
        &["--to", hook, "--event", "invoice-paid"],
        &[("MILESTON_WEBHOOK_TOKEN", TOKEN)],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).starts_with("error: the receiver could not be reached"),
        "{}",
        text(&out)
    );
}

/// With `--signature`, a second send is the same delivery, byte for byte:
/// a replay, as Mileston's retries are, to test a receiver's deduplication.
#[test]
fn a_delivery_can_be_replayed_byte_for_byte() {
    let mut bodies = Vec::new();
    for _ in 0..2 {
        let (url, seen) = receiver(200, "");
        let args = [
            "--to",
            &url,
            "--event",
            "paymentlink-paid",
            "--signature",
            "0xFEED03",
        ];
        let out = send(&args, &[("MILESTON_WEBHOOK_TOKEN", TOKEN)]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        bodies.push(seen.recv().unwrap().body);
    }
    assert_eq!(bodies[0], bodies[1]);
    let payload = &serde_json::from_str::<serde_json::Value>(&bodies[0]).unwrap()["payload"];
    assert_eq!(payload["transactionSignature"], "0xFEED03");
    assert_eq!(payload["paymentLinkId"], "pl_test_000001");
}

/// A URL that holds the token is refused, and neither the URL nor the token
/// is printed.
#[test]
fn a_url_holding_the_token_is_refused() {
    for to in [
        format!("http://127.0.0.1:9/hook/{TOKEN}"),
        format!("http://127.0.0.1:9/{}", TOKEN.to_lowercase()),
        format!(
            "http://127.0.0.1:9/{}",
            TOKEN
                .bytes()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        ),
    ] {
        let out = send(
            &["--to", &to, "--event", "invoice-paid"],
            &[("MILESTON_WEBHOOK_TOKEN", TOKEN)],
        );
        assert_eq!(out.status.code(), Some(2), "{}", text(&out));
        assert_eq!(
            text(&out),
            "error: --to is refused: it holds the webhook verification token (from \
             `MILESTON_WEBHOOK_TOKEN`), which goes in the X-Webhook-Signature header only, never \
             in a URL; remove it, and rotate the token if the URL was written down\n"
        );
        no_piece_of_the_token(&out);
    }
}

/// A token pasted where its variable's name goes is not quoted back.
#[test]
fn a_token_given_as_the_variable_is_not_quoted() {
    for pasted in ["whsec-7f3a9cFAKE01b2", "a3f9c0d1e2b4f5a6b7c8d9e0fake"] {
        let out = send(
            &[
                "--to",
                "http://127.0.0.1:9/hook",
                "--event",
                "invoice-paid",
                "--token-env",
                pasted,
            ],
            &[],
        );
        assert_eq!(out.status.code(), Some(2), "{}", text(&out));
        assert!(
            text(&out).starts_with(
                "error: (a variable name given here, not repeated: it may be a secret) is not set"
            ),
            "{}",
            text(&out)
        );
        assert!(!text(&out).contains(pasted), "{}", text(&out));
    }
}
