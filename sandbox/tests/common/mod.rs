//! A tiny blocking client for the sandbox tests: every call goes over real
//! HTTP on loopback, and every reply is checked not to contain the `apikey`
//! value that was sent.

#![allow(dead_code)]

pub mod binary;
pub mod receiver;

use mileston_sandbox::Sandbox;
use mileston_sandbox::keys::{
    API_KEY, BUSINESS_ID, CHECKOUT_KEY, OTHER_API_KEY, OTHER_BUSINESS_ID, OTHER_WEBHOOK_TOKEN,
    WEBHOOK_TOKEN,
};
use serde_json::Value;

/// A webhook token the tests register (fake, as every secret here).
pub const CUSTOM_TOKEN: &str = "sandboxFAKE-webhook-token-custom-7f3a";

pub struct Reply {
    pub status: u16,
    pub headers: ureq::http::HeaderMap,
    pub text: String,
}

impl Reply {
    /// The body as JSON; panics (with the body) when it is not JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.text))
    }

    /// The `message` of a JSON body.
    pub fn message(&self) -> String {
        self.json()["message"]
            .as_str()
            .unwrap_or_else(|| panic!("no string `message` in {}", self.text))
            .to_string()
    }

    /// Asserts the spec's error shape with this status, and returns the message.
    pub fn error(&self, status: u16) -> String {
        assert_eq!(self.status, status, "body: {}", self.text);
        let j = self.json();
        assert_eq!(j["statusCode"], status, "body: {}", self.text);
        assert!(j["error"].is_string(), "no `error` in {}", self.text);
        self.message()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Who is calling: the two headers, either of which may be absent.
#[derive(Clone, Copy)]
pub struct Auth<'a> {
    pub key: Option<&'a str>,
    pub business: Option<&'a str>,
}

pub const NONE: Auth<'static> = Auth {
    key: None,
    business: None,
};
pub const NORMAL: Auth<'static> = Auth {
    key: Some(API_KEY),
    business: Some(BUSINESS_ID),
};
pub const CHECKOUT: Auth<'static> = Auth {
    key: Some(CHECKOUT_KEY),
    business: Some(BUSINESS_ID),
};
pub const OTHER: Auth<'static> = Auth {
    key: Some(OTHER_API_KEY),
    business: Some(OTHER_BUSINESS_ID),
};

pub fn auth<'a>(key: &'a str, business: &'a str) -> Auth<'a> {
    Auth {
        key: Some(key),
        business: Some(business),
    }
}

pub struct Client {
    pub sandbox: Sandbox,
    agent: ureq::Agent,
}

impl Client {
    pub fn new() -> Client {
        Client::with(Sandbox::start().expect("sandbox starts"))
    }

    /// A client of a sandbox started otherwise (`Sandbox::start_with`).
    pub fn with(sandbox: Sandbox) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .allow_non_standard_methods(true)
            .build()
            .new_agent();
        Client { sandbox, agent }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sandbox.url())
    }

    /// Any request. `body` is sent as `content-type: application/json`
    /// unless `extra` sets another content type.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        who: Auth<'_>,
        body: Option<&str>,
        extra: &[(&str, &str)],
    ) -> Reply {
        let mut req = ureq::http::Request::builder()
            .method(method)
            .uri(self.url(path));
        if let Some(k) = who.key {
            req = req.header("apikey", k);
        }
        if let Some(b) = who.business {
            req = req.header("businessid", b);
        }
        let sets_type = extra
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-type"));
        if body.is_some() && !sets_type {
            req = req.header("content-type", "application/json");
        }
        for (n, v) in extra {
            req = req.header(*n, *v);
        }
        let result = match body {
            Some(b) => self.agent.run(req.body(b.to_string()).expect("request")),
            None => self.agent.run(req.body(()).expect("request")),
        };
        let mut response = result.unwrap_or_else(|e| panic!("{method} {path} failed: {e}"));
        let text = response
            .body_mut()
            .with_config()
            .limit(1 << 20)
            .read_to_string()
            .expect("body reads");
        // No answer ever shows a webhook verification token.
        for token in [WEBHOOK_TOKEN, OTHER_WEBHOOK_TOKEN, CUSTOM_TOKEN] {
            assert!(
                !text.contains(token),
                "{method} {path}: the response body contains a webhook token"
            );
        }
        // (An empty key is a substring of everything.)
        if let Some(k) = who.key.filter(|k| !k.is_empty()) {
            assert!(
                !text.contains(k),
                "{method} {path}: the response body contains the apikey value"
            );
            for (_, v) in response.headers() {
                assert!(
                    !v.as_bytes().windows(k.len()).any(|w| w == k.as_bytes()),
                    "{method} {path}: a response header contains the apikey value"
                );
            }
        }
        Reply {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            text,
        }
    }

    pub fn get(&self, path: &str, who: Auth<'_>) -> Reply {
        self.send("GET", path, who, None, &[])
    }

    pub fn post(&self, path: &str, who: Auth<'_>, body: &str) -> Reply {
        self.send("POST", path, who, Some(body), &[])
    }

    pub fn patch(&self, path: &str, who: Auth<'_>, body: &str) -> Reply {
        self.send("PATCH", path, who, Some(body), &[])
    }

    pub fn delete(&self, path: &str, who: Auth<'_>) -> Reply {
        self.send("DELETE", path, who, None, &[])
    }

    /// Creates a payment link for `who` and returns its id.
    pub fn new_link(&self, who: Auth<'_>) -> String {
        let r = self.post("/payment-link/create", who, r#"{"amount":"25.00"}"#);
        assert_eq!(r.status, 201, "{}", r.text);
        r.json()["paymentData"]["paymentLinkId"]
            .as_str()
            .expect("id")
            .to_string()
    }

    pub fn new_invoice(&self, who: Auth<'_>) -> String {
        let r = self.post(
            "/invoice/create?businessName=Acme",
            who,
            r#"{"amount":"99.99","itemName":"Widget","customerEmail":"c@example.com","dueDate":"2026-12-31"}"#,
        );
        assert_eq!(r.status, 201, "{}", r.text);
        r.json()["invoiceData"]["invoiceId"]
            .as_str()
            .expect("id")
            .to_string()
    }

    pub fn new_recurring(&self, who: Auth<'_>) -> String {
        let r = self.post(
            "/recurring-payment/create?businessName=Acme",
            who,
            r#"{"amount":"5.00","subscriptionName":"Pro","subscriberFullName":"Ada Lovelace","subscriberEmail":"ada@example.com","recurringDate":"2026-07-01","recurringInterval":30}"#,
        );
        assert_eq!(r.status, 201, "{}", r.text);
        r.json()["recurringPaymentData"]["recurringPaymentId"]
            .as_str()
            .expect("id")
            .to_string()
    }

    /// The request log's entries after `since` (`GET /__sandbox/requests/log`).
    pub fn log_since(&self, since: u64) -> Vec<Value> {
        let r = self.get(&format!("/__sandbox/requests/log?since={since}"), NORMAL);
        assert_eq!(r.status, 200, "{}", r.text);
        r.json()["requests"].as_array().expect("requests").clone()
    }

    pub fn requests_total(&self) -> u64 {
        let r = self.get("/__sandbox/requests", NONE);
        assert_eq!(r.status, 200, "{}", r.text);
        r.json()["total"].as_u64().expect("total")
    }

    /// The first tenant's `GET /__sandbox/deliveries` once none of its
    /// deliveries is pending (see [`deliveries_of`](Client::deliveries_of)).
    pub fn deliveries(&self) -> Value {
        self.deliveries_of(NORMAL)
    }

    /// `who`'s `GET /__sandbox/deliveries` once none of its deliveries is
    /// pending (at most 15 s: the longest schedule is 5 attempts of at most
    /// 5 s and 3.75 s of waits).
    pub fn deliveries_of(&self, who: Auth<'_>) -> Value {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        loop {
            let r = self.get("/__sandbox/deliveries", who);
            assert_eq!(r.status, 200, "{}", r.text);
            let j = r.json();
            if j["pending"] == 0 {
                return j;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "still pending: {}",
                r.text
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// Registers a webhook for `who` (`POST /__sandbox/webhooks`), asserts
    /// the 201, and gives its ID.
    pub fn register_webhook(&self, who: Auth<'_>, body: &Value) -> String {
        let r = self.post("/__sandbox/webhooks", who, &body.to_string());
        assert_eq!(r.status, 201, "{}", r.text);
        r.json()["webhook"]["id"].as_str().expect("id").to_string()
    }

    pub fn set_faults(&self, body: &str) {
        let r = self.post("/__sandbox/faults", NONE, body);
        assert_eq!(r.status, 200, "{}", r.text);
    }
}

/// A browser's CORS preflight from `origin` for a create with the key
/// headers.
pub fn preflight(c: &Client, origin: &str) -> Reply {
    c.send(
        "OPTIONS",
        "/payment-link/create",
        NONE,
        None,
        &[
            ("origin", origin),
            ("access-control-request-method", "POST"),
            (
                "access-control-request-headers",
                "apikey, businessid, content-type",
            ),
        ],
    )
}

/// A save-payment body as Mileston's checkout SDK sends it (`SavePaymentInput`,
/// the Sui flow's members in its order).
pub fn save_body(id: &str, amount: &str) -> String {
    serde_json::json!({
        "paymentLinkId": id,
        "payer": "0x00000000000000000000000000000000000000000000000000000000005a0c01",
        "recipientWalletAddress": "0x00000000000000000000000000000000000000000000000000000000005a5b01",
        "amount": amount,
        "userUUID": BUSINESS_ID,
        "transactionSignature": "5aSandboxDigest1111111111111111111111111111",
        "chain": "sui",
        "env": "test"
    })
    .to_string()
}

/// A verify-payment body as Mileston's QR component sends it (`PaymentDto`,
/// Sui: no `evmChain`, no `walletAddress`).
pub fn verify_body(id: &str) -> String {
    serde_json::json!({
        "paymentLinkId": id,
        "publicKey": "0x000000000000000000000000000000000000000000000000000000000005ad001",
        "amount": "25.00",
        "recipientWalletAddress": "0x00000000000000000000000000000000000000000000000000000000005a5b01",
        "chain": "sui",
        "env": "test",
        "userUUID": BUSINESS_ID,
        "token": "USDC"
    })
    .to_string()
}

/// The keys of a JSON object, sorted.
pub fn keys_of(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .cloned()
        .collect();
    k.sort();
    k
}

/// Whether `s` looks like `2026-05-01T12:34:56.789Z`.
pub fn is_timestamp(s: &Value) -> bool {
    let Some(s) = s.as_str() else { return false };
    s.len() == 24
        && s.ends_with('Z')
        && s.as_bytes()[10] == b'T'
        && s[..4].bytes().all(|b| b.is_ascii_digit())
}
