//! Webhook registration (`/__sandbox/webhooks`): authentication like any
//! backend call, the rules a registration must follow, listing without the
//! token, deletion, 404s, one business never seeing another's. (Every answer
//! is checked by the client never to contain a webhook token.)

mod common;

use common::*;
use mileston_sandbox::keys::{API_KEY, BUSINESS_ID, OTHER_BUSINESS_ID, WALLET_SECRET};
use serde_json::{Value, json};

const URL: &str = "http://127.0.0.1:9/hooks/mileston";

fn listed(c: &Client, who: Auth<'_>) -> Vec<Value> {
    let r = c.get("/__sandbox/webhooks", who);
    assert_eq!(r.status, 200, "{}", r.text);
    let j = r.json();
    assert_eq!(keys_of(&j), ["message", "statusCode", "webhooks"]);
    assert_eq!(
        (&j["statusCode"], &j["message"]),
        (&json!(200), &json!("Webhooks retrieved"))
    );
    j["webhooks"].as_array().unwrap().clone()
}

#[test]
fn register_list_delete() {
    let c = Client::new();
    assert_eq!(listed(&c, NORMAL), Vec::<Value>::new());

    let r = c.post(
        "/__sandbox/webhooks",
        NORMAL,
        &json!({"url": URL, "token": CUSTOM_TOKEN, "events": ["recurring-paid", "invoice-paid"]})
            .to_string(),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    let j = r.json();
    assert_eq!(j["statusCode"], 201);
    assert_eq!(j["message"], "Webhook registered");
    let w = &j["webhook"];
    assert_eq!(
        keys_of(w),
        [
            "createdAt",
            "defaultToken",
            "events",
            "id",
            "tokenSet",
            "url"
        ]
    );
    assert!(w["id"].as_str().unwrap().starts_with("wh_"), "{w}");
    assert_eq!(w["url"], URL);
    // In the documented order, whatever the order asked.
    assert_eq!(w["events"], json!(["invoice-paid", "recurring-paid"]));
    assert_eq!(
        (&w["tokenSet"], &w["defaultToken"]),
        (&json!(true), &json!(false))
    );
    assert!(is_timestamp(&w["createdAt"]), "{w}");
    let custom = w["id"].as_str().unwrap().to_string();

    // No token: the tenant's; no events (or none): all three.
    let default = c.register_webhook(NORMAL, &json!({"url": "http://localhost:9/other"}));
    c.register_webhook(
        NORMAL,
        &json!({"url": "http://[::1]:9/third", "events": []}),
    );
    let all = listed(&c, NORMAL);
    assert_eq!(all.len(), 3);
    assert_eq!(all[0], *w, "the listing shows what registration answered");
    assert_eq!(all[1]["id"], default.as_str());
    assert_eq!(all[1]["defaultToken"], true);
    for w in &all[1..] {
        assert_eq!(
            w["events"],
            json!(["invoice-paid", "paymentlink-paid", "recurring-paid"])
        );
    }

    let r = c.delete(&format!("/__sandbox/webhooks/{custom}"), NORMAL);
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.text, r#"{"statusCode":200,"message":"Webhook deleted"}"#);
    let ids: Vec<Value> = listed(&c, NORMAL).iter().map(|w| w["id"].clone()).collect();
    assert_eq!(ids, [json!(default), all[2]["id"].clone()]);
    let again = c.delete(&format!("/__sandbox/webhooks/{custom}"), NORMAL);
    assert_eq!(again.error(404), format!("webhook {custom} not found"));
}

#[test]
fn registration_is_authenticated_like_a_backend_call() {
    let c = Client::new();
    let body = json!({"url": URL}).to_string();
    for (path, method) in [
        ("/__sandbox/webhooks", "POST"),
        ("/__sandbox/webhooks", "GET"),
        ("/__sandbox/webhooks/wh_000001", "DELETE"),
    ] {
        let send = |who| c.send(method, path, who, (method == "POST").then_some(&*body), &[]);
        assert_eq!(
            send(NONE).error(401),
            "missing `apikey` header: send your Mileston API key in the `apikey` header",
            "{method} {path}"
        );
        assert_eq!(
            send(auth(API_KEY, OTHER_BUSINESS_ID)).error(403),
            format!("this API key does not belong to business {OTHER_BUSINESS_ID}")
        );
        assert!(
            send(CHECKOUT)
                .error(403)
                .starts_with("a checkout key cannot call backend")
        );
        assert_eq!(
            send(auth("Mileston_LIVE_FAKEnormal0000000001", BUSINESS_ID)).error(401),
            "the sandbox is test mode only: live keys are refused, use a test key"
        );
    }
    assert_eq!(
        listed(&c, NORMAL),
        Vec::<Value>::new(),
        "nothing was registered"
    );
}

/// A registration refused before its body is read (no key) still has its
/// body read: no answer comes before the whole body is in, and the
/// connection carries the next request (a client that reuses it, as ureq
/// and node do, is not cut off mid-suite).
#[test]
fn a_refused_registration_leaves_the_connection_usable() {
    use std::io::{ErrorKind, Read, Write};
    let c = Client::new();
    let body = json!({"url": URL, "pad": "x".repeat(20_000)}).to_string();
    let mut s = std::net::TcpStream::connect(c.sandbox.addr()).unwrap();
    write!(
        s,
        "POST /__sandbox/webhooks HTTP/1.1\r\nhost: s\r\ncontent-type: application/json\r\n\
         content-length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_millis(200)))
        .unwrap();
    let early = s.read(&mut [0; 64]).map_err(|e| e.kind());
    assert!(
        matches!(early, Err(ErrorKind::WouldBlock | ErrorKind::TimedOut)),
        "answered before the body was sent: {early:?}"
    );
    s.write_all(body.as_bytes()).unwrap();
    s.write_all(b"GET /status HTTP/1.1\r\nhost: s\r\nconnection: close\r\n\r\n")
        .unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    let mut got = String::new();
    s.read_to_string(&mut got).unwrap();
    let statuses: Vec<&str> = got.split("HTTP/1.1 ").skip(1).map(|r| &r[..3]).collect();
    assert_eq!(statuses, ["401", "200"], "{got}");
}

#[test]
fn a_business_sees_and_deletes_only_its_own() {
    let c = Client::new();
    let mine = c.register_webhook(NORMAL, &json!({"url": URL}));
    // The same URL for another business is another webhook.
    let theirs = c.register_webhook(OTHER, &json!({"url": URL}));
    assert_ne!(mine, theirs);
    let of = |who| -> Vec<Value> { listed(&c, who).iter().map(|w| w["id"].clone()).collect() };
    assert_eq!(of(NORMAL), [json!(mine)]);
    assert_eq!(of(OTHER), [json!(theirs)]);
    let r = c.delete(&format!("/__sandbox/webhooks/{theirs}"), NORMAL);
    assert_eq!(r.error(404), format!("webhook {theirs} not found"));
    assert_eq!(of(OTHER), [json!(theirs)]);
}

#[test]
fn a_url_twice_and_more_than_ten_are_refused() {
    let c = Client::new();
    let first = c.register_webhook(NORMAL, &json!({"url": URL}));
    let r = c.post(
        "/__sandbox/webhooks",
        NORMAL,
        &json!({"url": URL, "token": CUSTOM_TOKEN}).to_string(),
    );
    assert_eq!(
        r.error(409),
        format!(
            "a webhook to this URL is registered already ({first}): delete it first to change it"
        )
    );
    for i in 2..=10 {
        c.register_webhook(NORMAL, &json!({"url": format!("http://127.0.0.1:9/{i}")}));
    }
    let r = c.post(
        "/__sandbox/webhooks",
        NORMAL,
        &json!({"url": "http://127.0.0.1:9/11"}).to_string(),
    );
    assert_eq!(
        r.error(400),
        "a business has at most 10 webhooks in the sandbox: delete one first"
    );
    assert_eq!(listed(&c, NORMAL).len(), 10);
    assert_eq!(listed(&c, OTHER).len(), 0);
}

#[test]
fn bad_registrations_are_refused_without_quoting_the_token() {
    let c = Client::new();
    let loopback_only = "`url` is refused: the sandbox delivers over plain `http://` to loopback \
                         only (127.0.0.0/8, [::1], localhost), where a receiver under test runs, \
                         so that its deliveries and their token never leave this machine";
    let cases: Vec<(Value, &str)> = vec![
        (json!({"token": CUSTOM_TOKEN}), "`url` is required"),
        (
            json!({"url": 8080, "token": CUSTOM_TOKEN}),
            "`url` must be a string",
        ),
        (
            json!({"url": "https://shop.example/hook", "token": CUSTOM_TOKEN}),
            loopback_only,
        ),
        (json!({"url": "https://127.0.0.1:8443/hook"}), loopback_only),
        (
            json!({"url": "http://192.168.1.20:8080/hook"}),
            loopback_only,
        ),
        (json!({"url": "http://hooks.shop.example/x"}), loopback_only),
        (
            json!({"url": "http://me@127.0.0.1/hook"}),
            "`url` is refused: it has user information (`…@`) before the host",
        ),
        (
            json!({"url": "http://127.0.0.1/hook?t=1"}),
            "`url` is refused: it has a query (`?`) or a fragment (`#`)",
        ),
        (
            json!({"url": format!("http://127.0.0.1:9/{CUSTOM_TOKEN}"), "token": CUSTOM_TOKEN}),
            "`url` contains the verification token: the token travels in the \
             X-Webhook-Signature header, and URLs are listed and logged",
        ),
        (
            json!({"url": URL, "token": ""}),
            "`token` is not a webhook verification token: it is empty (a CI secret that is not \
             defined expands to an empty string)",
        ),
        (
            json!({"url": URL, "token": format!("{CUSTOM_TOKEN}\n")}),
            "`token` is not a webhook verification token: it has whitespace at position 38 (a \
             trailing newline from `echo`?): trim the value where it is set",
        ),
        (
            json!({"url": URL, "token": API_KEY}),
            "`token` is not a webhook verification token: it is a Mileston API key, not this \
             secret: copy the right secret from the dashboard, and keep each in its own variable",
        ),
        (json!({"url": URL, "token": 7}), "`token` must be a string"),
        (
            json!({"url": URL, "token": CUSTOM_TOKEN, "events": ["invoice.paid"]}),
            "`events`: unknown event `invoice.paid`: use `invoice-paid`, `paymentlink-paid` or \
             `recurring-paid`",
        ),
        (
            json!({"url": URL, "events": [1]}),
            "`events`: unknown event (not a string): use `invoice-paid`, `paymentlink-paid` or \
             `recurring-paid`",
        ),
        (
            json!({"url": URL, "events": "invoice-paid"}),
            "`events` must be an array of event names",
        ),
        (
            json!({"url": URL, "secret": WALLET_SECRET}),
            "unknown field `secret`, expected one of `url`, `token`, `events`",
        ),
        (
            json!(CUSTOM_TOKEN),
            "the body must be a JSON object: {\"url\": ..., \"token\"?: ..., \"events\"?: [...]}",
        ),
    ];
    for (body, message) in cases {
        let r = c.post("/__sandbox/webhooks", NORMAL, &body.to_string());
        assert_eq!(r.error(400), message, "{body}");
        assert!(!r.text.contains(WALLET_SECRET));
    }
    let r = c.send(
        "POST",
        "/__sandbox/webhooks",
        NORMAL,
        Some(&json!({"url": URL}).to_string()),
        &[("content-type", "text/plain")],
    );
    assert_eq!(
        r.error(415),
        "expected a JSON body with `content-type: application/json`"
    );
    let r = c.post("/__sandbox/webhooks", NORMAL, "{\"url\": ");
    assert!(r.error(400).starts_with("malformed JSON"), "{}", r.text);
    assert_eq!(listed(&c, NORMAL), Vec::<Value>::new());
}

#[test]
fn unknown_routes_and_methods_under_webhooks() {
    let c = Client::new();
    let r = c.get("/__sandbox/webhooks/wh_000001", NORMAL);
    assert_eq!(r.status, 405, "{}", r.text);
    assert_eq!(r.header("allow"), Some("DELETE"));
    let r = c.delete("/__sandbox/webhooks", NORMAL);
    assert_eq!(r.status, 405, "{}", r.text);
    let r = c.delete("/__sandbox/webhooks/nope", NORMAL);
    assert_eq!(r.error(404), "webhook nope not found");
    let r = c.post("/__sandbox/deliveries", NONE, "{}");
    assert_eq!(r.status, 405, "{}", r.text);
    // The deliveries start empty.
    let r = c.get("/__sandbox/deliveries", NORMAL);
    assert_eq!(
        r.text,
        r#"{"total":0,"pending":0,"delivered":0,"failed":0,"cancelled":0,"deliveries":[]}"#
    );
}
