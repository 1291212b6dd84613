//! A tiny scripted HTTP/1.1 server on loopback, which records each request
//! as it came (request line, headers, body), and handles pointed at it with
//! recognisably fake keys: for `loopback.rs` and `loopback_checkout.rs`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mileston_config::credentials::{BusinessId, CheckoutKey, NormalKey};
use mileston_config::{BackendClient, CheckoutClient, Test};

pub const NORMAL: &str = "Mileston_TEST_FAKEfake0000000000a1";
pub const CHECKOUT: &str = "Mileston_TEST_CHECKOUTKEY_FAKEfake00000000b2";

#[derive(Debug, Clone)]
pub struct Seen {
    pub request_line: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Answers each connection with the next scripted `(status, extra headers,
/// body, delay)`, one request per connection.
pub fn serve(
    script: Vec<(u16, &'static str, &'static str, u64)>,
) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for (status, extra, body, delay) in script {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let mut headers = Vec::new();
            let mut len = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                let (n, v) = line.split_once(':').unwrap();
                if n.eq_ignore_ascii_case("content-length") {
                    len = v.trim().parse().unwrap();
                }
                headers.push((n.to_owned(), v.trim().to_owned()));
            }
            let mut buf = vec![0; len];
            reader.read_exact(&mut buf).unwrap();
            log.lock().unwrap().push(Seen {
                request_line: request_line.trim_end().to_owned(),
                headers,
                body: String::from_utf8(buf).unwrap(),
            });
            std::thread::sleep(Duration::from_millis(delay));
            let mut stream = stream;
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n{extra}\r\n{body}",
                body.len()
            );
        }
    });
    (url, seen)
}

pub fn backend(url: &str) -> BackendClient<Test> {
    BackendClient::new(
        NormalKey::from_static(NORMAL).unwrap(),
        BusinessId::from_static("biz_1").unwrap(),
    )
    .with_base_url(url)
    .unwrap()
    .with_retry_delay(Duration::from_millis(10))
}

pub fn checkout(url: &str) -> CheckoutClient<Test> {
    CheckoutClient::new(
        CheckoutKey::from_static(CHECKOUT).unwrap(),
        BusinessId::from_static("biz_1").unwrap(),
    )
    .with_base_url(url)
    .unwrap()
    .with_retry_delay(Duration::from_millis(10))
}
