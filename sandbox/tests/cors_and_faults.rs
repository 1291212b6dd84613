//! CORS for loopback pages, and the `/__sandbox` fault and counter controls.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::*;

#[test]
fn loopback_origins_get_a_204_preflight_with_the_allow_headers() {
    let c = Client::new();
    for origin in [
        "http://127.0.0.1:8080",
        "http://localhost:3000",
        "http://[::1]:8080",
        "http://127.0.0.1",
    ] {
        let r = preflight(&c, origin);
        assert_eq!(r.status, 204, "{origin}: {}", r.text);
        assert_eq!(r.header("access-control-allow-origin"), Some(origin));
        let headers = r
            .header("access-control-allow-headers")
            .unwrap()
            .to_ascii_lowercase();
        // Every header Mileston's SDKs send.
        for h in [
            "apikey",
            "businessid",
            "content-type",
            "env",
            "x-request-signature",
        ] {
            assert!(headers.contains(h), "{origin}: {headers}");
        }
        let methods = r.header("access-control-allow-methods").unwrap();
        for m in ["GET", "POST", "PATCH", "DELETE"] {
            assert!(methods.contains(m), "{methods}");
        }
    }
    // The actual request carries the origin back, and preflights are not
    // counted as API requests.
    let before = c.requests_total();
    let r = c.send(
        "GET",
        "/status",
        NONE,
        None,
        &[("origin", "http://127.0.0.1:8080")],
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://127.0.0.1:8080")
    );
    preflight(&c, "http://127.0.0.1:8080");
    assert_eq!(c.requests_total(), before + 1);
}

#[test]
fn other_origins_are_not_allowed() {
    let c = Client::new();
    for origin in [
        "https://evil.example",
        "http://127.0.0.1.evil.example",
        "http://localhost.evil.example:8080",
        "https://127.0.0.1:8080",
        "http://10.0.0.1:8080",
        "null",
        "http://127.0.0.1:99999",
    ] {
        let r = preflight(&c, origin);
        assert_ne!(r.status, 204, "{origin}");
        assert!(r.error(403).contains("loopback"), "{origin}");
        assert_eq!(r.header("access-control-allow-origin"), None, "{origin}");
        let r = c.send("GET", "/status", NONE, None, &[("origin", origin)]);
        assert_eq!(r.header("access-control-allow-origin"), None, "{origin}");
    }
}

#[test]
fn fail_next_answers_with_the_status_then_succeeds_and_counts_every_request() {
    let c = Client::new();
    let start = c.requests_total();
    assert_eq!(
        c.requests_total(),
        start,
        "/__sandbox calls are not counted"
    );
    c.set_faults(r#"{"failNext":2,"failStatus":503}"#);
    for _ in 0..2 {
        let m = c.get("/payment-link", NORMAL).error(503);
        assert!(m.contains("failNext"), "{m}");
    }
    let ok = c.get("/payment-link", NORMAL);
    assert_eq!(ok.status, 200, "{}", ok.text);
    assert_eq!(c.requests_total(), start + 3);

    // 429 too, and a failed create creates nothing.
    c.set_faults(r#"{"failNext":1,"failStatus":429}"#);
    c.post("/payment-link/create", NORMAL, r#"{"amount":"1"}"#)
        .error(429);
    assert_eq!(
        c.get("/payment-link", NORMAL).json()["paymentData"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    // failStatus defaults to 503.
    c.set_faults(r#"{"failNext":1}"#);
    c.get("/status", NONE).error(503);
    assert_eq!(c.get("/status", NONE).status, 200);
    assert_eq!(c.requests_total(), start + 7);
}

#[test]
fn faults_reset_with_an_empty_object_and_refuse_bad_settings() {
    let c = Client::new();
    c.set_faults(r#"{"failNext":5}"#);
    c.get("/status", NONE).error(503);
    let r = c.post("/__sandbox/faults", NONE, "{}");
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["faults"]["failNext"], 0);
    assert_eq!(c.get("/status", NONE).status, 200);

    for body in [
        r#"{"failStatus":200,"failNext":1}"#,
        r#"{"failNext":-1}"#,
        r#"{"delayMs":"soon"}"#,
        r#"{"dropNxt":1}"#,
        r#"{"delayMs":999999999}"#,
        "nope",
    ] {
        c.post("/__sandbox/faults", NONE, body).error(400);
    }
    assert_eq!(c.get("/status", NONE).status, 200);
}

#[test]
fn delay_holds_every_answer_until_reset() {
    let c = Client::new();
    c.set_faults(r#"{"delayMs":300}"#);
    for _ in 0..2 {
        let t = Instant::now();
        assert_eq!(c.get("/status", NONE).status, 200);
        assert!(
            t.elapsed() >= Duration::from_millis(300),
            "{:?}",
            t.elapsed()
        );
    }
    // Control calls are not delayed: with a delay far longer than a client
    // that gives up after 20 s would wait (a bound that only stops a hung
    // test), the reset still answers, and takes effect at once.
    c.set_faults(r#"{"delayMs":60000}"#);
    let patient = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .new_agent();
    let reset = patient
        .post(c.url("/__sandbox/faults"))
        .header("content-type", "application/json")
        .send("{}");
    assert_eq!(reset.map(|r| r.status().as_u16()).ok(), Some(200));
    let status = patient.get(c.url("/status")).call();
    assert_eq!(status.map(|r| r.status().as_u16()).ok(), Some(200));
}

#[test]
fn truncate_next_answers_200_with_a_cut_json_body() {
    let c = Client::new();
    c.set_faults(r#"{"truncateNext":1}"#);
    let r = c.get("/payment-link", NORMAL);
    assert_eq!(r.status, 200);
    assert!(r.text.starts_with('{'), "{}", r.text);
    assert!(serde_json::from_str::<serde_json::Value>(&r.text).is_err());
    let whole = c.get("/payment-link", NORMAL);
    assert!(whole.text.len() > r.text.len());
    whole.json();
}

/// Sends one raw request and reads until the server closes the connection.
fn raw_exchange(c: &Client, request: &str) -> std::io::Result<Vec<u8>> {
    let mut s = TcpStream::connect(c.sandbox.addr())?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    s.write_all(request.as_bytes())?;
    let mut got = Vec::new();
    s.read_to_end(&mut got)?;
    Ok(got)
}

#[test]
fn drop_next_closes_the_connection_without_an_answer() {
    let c = Client::new();
    let before = c.requests_total();
    c.set_faults(r#"{"dropNext":2}"#);
    let request = "GET /status HTTP/1.1\r\nhost: sandbox\r\nconnection: close\r\n\r\n";
    // Either a clean close with no byte, or a reset: never an HTTP answer.
    match raw_exchange(&c, request) {
        Ok(bytes) => assert!(
            bytes.is_empty(),
            "got {:?}",
            String::from_utf8_lossy(&bytes)
        ),
        Err(e) => assert_ne!(e.kind(), std::io::ErrorKind::WouldBlock, "timed out: {e}"),
    }
    // A real client sees a transport error, not a status.
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent();
    let err = agent
        .get(c.url("/status"))
        .call()
        .expect_err("a dropped request must not produce a response");
    assert!(!matches!(err, ureq::Error::StatusCode(_)), "{err}");
    // The next one is answered; the dropped ones were counted.
    let ok = raw_exchange(&c, request).expect("answered");
    assert!(
        ok.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&ok)
    );
    assert_eq!(c.requests_total(), before + 3);
}

#[test]
fn serve_refuses_non_loopback_listeners() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("0.0.0.0:0").await.unwrap();
        let err = mileston_sandbox::serve(listener).await.unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
        assert!(err.to_string().contains("loopback"), "{err}");
    });
}

#[test]
fn drop_next_also_aborts_the_connection_when_the_bare_router_is_served_elsewhere() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    rt.spawn(async move { axum::serve(listener, mileston_sandbox::router()).await });
    let exchange = |request: &str| -> std::io::Result<Vec<u8>> {
        let mut s = TcpStream::connect(addr)?;
        s.set_read_timeout(Some(Duration::from_secs(10)))?;
        s.write_all(request.as_bytes())?;
        let mut got = Vec::new();
        s.read_to_end(&mut got)?;
        Ok(got)
    };
    let faults = r#"{"dropNext":1}"#;
    let set = exchange(&format!(
        "POST /__sandbox/faults HTTP/1.1\r\nhost: s\r\nconnection: close\r\n\
         content-type: application/json\r\ncontent-length: {}\r\n\r\n{faults}",
        faults.len()
    ))
    .unwrap();
    assert!(
        set.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&set)
    );
    let request = "GET /status HTTP/1.1\r\nhost: s\r\nconnection: close\r\n\r\n";
    match exchange(request) {
        Ok(bytes) => assert!(
            bytes.is_empty(),
            "got {:?}",
            String::from_utf8_lossy(&bytes)
        ),
        Err(e) => assert_ne!(e.kind(), std::io::ErrorKind::WouldBlock, "timed out: {e}"),
    }
    let ok = exchange(request).unwrap();
    assert!(
        ok.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&ok)
    );
}
