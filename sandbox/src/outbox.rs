//! Sending webhook deliveries: the HTTP client the sandbox POSTs with
//! (hyper-util's, plain HTTP to loopback only), the retry schedule, and one
//! delivery's attempts, each written to the delivery log as it ends
//! (`state/deliveries.rs`). Every delivery runs in a task of its own, so an
//! API answer never waits for a receiver. It depends on the state only.

use std::future::{Ready, ready};
use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, Request, header};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::dns::Name;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use mileston_config_core::protocol::header::{JSON, WEBHOOK_SIGNATURE};
use mileston_config_core::scrub;
use tokio::sync::Semaphore;
use tower_service::Service;

use crate::state::Shared;
use crate::state::clock::now_iso;
use crate::state::deliveries::{Attempt, Outcome, Outgoing, State};

/// How often and how long a delivery is tried. Mileston documents that it
/// retries any answer but 200 and nothing more (no count, backoff or
/// timeout): these numbers are the sandbox's, chosen so that a developer
/// watching a local receiver sees every retry within seconds.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Schedule {
    /// Attempts in all, the first included.
    pub(crate) attempts: u32,
    /// The wait before the second attempt; each later wait doubles it.
    pub(crate) first_wait: Duration,
    /// One attempt's limit: connecting, sending, and the whole answer.
    pub(crate) timeout: Duration,
}

/// 5 attempts; waits of 0.25, 0.5, 1 and 2 s between them (3.75 s in all);
/// 5 s for each attempt. `docs/wire-protocol.md`, "Webhooks", says the same.
pub(crate) const SCHEDULE: Schedule = Schedule {
    attempts: 5,
    first_wait: Duration::from_millis(250),
    timeout: Duration::from_secs(5),
};

impl Schedule {
    /// The wait before attempt `n` (the first is 1, and has none).
    fn wait_before(&self, n: u32) -> Duration {
        match n {
            0 | 1 => Duration::ZERO,
            _ => self.first_wait.saturating_mul(1 << (n - 2).min(16)),
        }
    }
}

/// Attempts in flight at once, across every delivery of one sandbox: enough
/// for a load test, few enough not to flood a receiver (or run the process
/// out of sockets) when a thousand payments are made in a second.
const IN_FLIGHT: usize = 32;

/// How much of a receiver's answer is read (the rest is dropped with the
/// connection), how much of it is scrubbed of secrets (characters: many
/// times the longest encoded secret, so that what straddles this cut lies
/// far past the shown part), and how much the delivery log shows.
const ANSWER_LIMIT: usize = 64 * 1024;
const ANSWER_SCRUBBED: usize = 4096;
const ANSWER_SHOWN: usize = 200;

/// A name resolver that knows `localhost` only, as the loopback addresses.
/// Registration accepts loopback URLs alone; this makes sure that no
/// `/etc/hosts` entry or DNS answer can send a delivery anywhere else. (An IP
/// address in a URL is used as it is, without a resolver.)
#[derive(Clone, Copy)]
struct LocalhostOnly;

impl Service<Name> for LocalhostOnly {
    type Response = std::vec::IntoIter<SocketAddr>;
    type Error = io::Error;
    type Future = Ready<Result<Self::Response, io::Error>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), io::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, name: Name) -> Self::Future {
        ready(if name.as_str().eq_ignore_ascii_case("localhost") {
            Ok(vec![
                SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
                SocketAddr::from((Ipv6Addr::LOCALHOST, 0)),
            ]
            .into_iter())
        } else {
            Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "the sandbox delivers to loopback only",
            ))
        })
    }
}

/// The sender shared by a sandbox's deliveries.
#[derive(Clone)]
pub(crate) struct Outbox {
    client: Client<HttpConnector<LocalhostOnly>, Body>,
    permits: Arc<Semaphore>,
    pub(crate) schedule: Schedule,
}

impl Outbox {
    pub(crate) fn new(schedule: Schedule) -> Outbox {
        // `enforce_http` is the connector's default: an `https://` URL could
        // not be sent even if one were registered.
        let mut connector = HttpConnector::new_with_resolver(LocalhostOnly);
        connector.set_nodelay(true);
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .build(connector);
        Outbox {
            client,
            permits: Arc::new(Semaphore::new(IN_FLIGHT)),
            schedule,
        }
    }
}

impl Outbox {
    /// Sends `out` in a task of its own, its attempts logged in `state`.
    pub(crate) fn send(&self, state: &Shared, out: Outgoing) {
        tokio::spawn(deliver(self.clone(), state.clone(), out));
    }
}

/// Tries `out` by the schedule until a receiver answers 2xx, the attempts
/// are spent, or its webhook is deleted.
async fn deliver(outbox: Outbox, state: Shared, out: Outgoing) {
    let schedule = outbox.schedule;
    for n in 1..=schedule.attempts {
        tokio::time::sleep(schedule.wait_before(n)).await;
        let deleted = {
            let mut store = state.lock();
            let deleted = !store.webhook_exists(&out.webhook_id);
            if deleted {
                store
                    .deliveries
                    .finish(out.seq, out.business, State::Cancelled);
            }
            deleted
        };
        if deleted {
            return;
        }
        let attempt = {
            // Waiting for a permit is not part of the attempt's time.
            let _permit = outbox.permits.acquire().await;
            let at = now_iso();
            let started = Instant::now();
            let result = tokio::time::timeout(schedule.timeout, post(&outbox, &out)).await;
            let took = started.elapsed();
            Attempt::new(
                n,
                at,
                took,
                outcome(result, &out.secrets(), schedule.timeout),
            )
        };
        let delivered = attempt.succeeded();
        let mut store = state.lock();
        store.deliveries.attempted(out.seq, attempt);
        if delivered {
            store
                .deliveries
                .finish(out.seq, out.business, State::Delivered);
            return;
        }
        if n == schedule.attempts {
            store
                .deliveries
                .finish(out.seq, out.business, State::Failed);
        }
    }
}

type Sent = Result<(u16, Bytes), hyper_util::client::legacy::Error>;

fn outcome(
    result: Result<Sent, tokio::time::error::Elapsed>,
    secrets: &[&str],
    limit: Duration,
) -> Outcome {
    match result {
        Err(_) => Outcome::Failed(format!(
            "no complete answer within {} ms (the attempt's time limit)",
            limit.as_millis()
        )),
        Ok(Err(e)) => Outcome::Failed(failure(&e)),
        Ok(Ok((status, bytes))) => {
            // The receiver's own words, which may quote what it was sent or
            // holds: every form of the business's secrets withheld (the
            // client's scrub: any letter case, percent-encoded, HTML
            // references, `\u` escapes, hex, pieces over separators) and any
            // key-shaped word, before cutting, so no piece is left at the cut.
            let text: String = String::from_utf8_lossy(&bytes)
                .chars()
                .take(ANSWER_SCRUBBED)
                .collect();
            let clean = scrub::scrub(&text, secrets);
            Outcome::Answered(status, clean.trim().chars().take(ANSWER_SHOWN).collect())
        }
    }
}

/// One POST: the body, `Content-Type: application/json` and the token in
/// `X-Webhook-Signature`, as Mileston sends them; the answer read in full
/// (up to [`ANSWER_LIMIT`]) so that the connection can serve the next one.
async fn post(outbox: &Outbox, out: &Outgoing) -> Sent {
    let mut signature =
        HeaderValue::from_str(out.token.expose()).unwrap_or_else(|_| HeaderValue::from_static(""));
    signature.set_sensitive(true);
    let mut request = Request::new(Body::from(out.body.clone()));
    *request.method_mut() = axum::http::Method::POST;
    *request.uri_mut() = out.uri.clone();
    let headers = request.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
    headers.insert(WEBHOOK_SIGNATURE, signature);
    let response = outbox.client.request(request).await?;
    let status = response.status().as_u16();
    // An answer too long to keep is still an answer: its status counts.
    let bytes = axum::body::to_bytes(Body::new(response.into_body()), ANSWER_LIMIT)
        .await
        .unwrap_or_default();
    Ok((status, bytes))
}

/// Why no answer came, from the error's I/O kind: the client's own text is
/// not shown, whatever it may say.
fn failure(e: &hyper_util::client::legacy::Error) -> String {
    let mut source: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    let mut kind = None;
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<io::Error>() {
            kind = Some(io.kind());
        }
        source = s.source();
    }
    match (e.is_connect(), kind) {
        (true, Some(io::ErrorKind::ConnectionRefused)) => {
            "could not connect: connection refused (is the receiver running?)".into()
        }
        (true, Some(kind)) => format!("could not connect: {kind}"),
        (true, None) => "could not connect".into(),
        (false, Some(kind)) => format!("the connection failed before an answer: {kind}"),
        (false, None) => "the connection closed before an answer".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::BUSINESS_ID;
    use crate::state::events::{Paid, Transfer};
    use serde_json::Value;

    /// A sandbox's state whose deliveries to `url` follow `schedule`; one
    /// invoice paid, its delivery under way.
    fn deliver_one(url: &str, schedule: Schedule) -> Shared {
        let state = Shared::new();
        let outbox = Outbox::new(schedule);
        let mut store = state.lock();
        assert!(store.add_webhook(BUSINESS_ID, url, None, vec![]).is_ok());
        let paid = Paid::new("inv_000009", Transfer::made_up(0, 9, BUSINESS_ID, "1.00"));
        for out in store.announce(BUSINESS_ID, "invoice-paid", paid) {
            outbox.send(&state, out);
        }
        drop(store);
        state
    }

    /// The delivery log once nothing is pending.
    async fn settled(state: &Shared) -> Value {
        for _ in 0..200 {
            let log = serde_json::to_value(state.lock().deliveries.view(BUSINESS_ID, 0)).unwrap();
            if log["pending"] == 0 {
                return log["deliveries"].clone();
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("deliveries still pending after 4 s");
    }

    const FAST: Schedule = Schedule {
        attempts: 2,
        first_wait: Duration::from_millis(10),
        timeout: Duration::from_millis(200),
    };

    #[tokio::test]
    async fn a_receiver_that_never_answers_times_out_each_attempt() {
        let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", silent.local_addr().unwrap());
        // Accepts, reads nothing, answers nothing, closes nothing.
        let held = tokio::spawn(async move {
            let mut open = Vec::new();
            while let Ok((s, _)) = silent.accept().await {
                open.push(s);
            }
        });
        let state = deliver_one(&url, FAST);
        let log = settled(&state).await;
        held.abort();
        let d = &log[0];
        assert_eq!(d["state"], "failed", "{d}");
        let attempts = d["attempts"].as_array().unwrap();
        assert_eq!(attempts.len(), 2, "{d}");
        for a in attempts {
            assert_eq!(a["status"], Value::Null);
            assert_eq!(
                a["error"],
                "no complete answer within 200 ms (the attempt's time limit)"
            );
            assert!(a["durationMs"].as_u64().unwrap() >= 200, "{a}");
        }
    }

    #[tokio::test]
    async fn a_receiver_that_is_not_running_is_retried_then_given_up() {
        let gone = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/hook", gone.local_addr().unwrap());
        drop(gone);
        let state = deliver_one(&url, FAST);
        let log = settled(&state).await;
        let d = &log[0];
        assert_eq!(d["state"], "failed", "{d}");
        let errors: Vec<&Value> = d["attempts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| &a["error"])
            .collect();
        let refused = "could not connect: connection refused (is the receiver running?)";
        assert_eq!(errors, [refused, refused]);
    }

    #[test]
    fn the_waits_double_from_the_first() {
        let waits: Vec<u128> = (1..=SCHEDULE.attempts)
            .map(|n| SCHEDULE.wait_before(n).as_millis())
            .collect();
        assert_eq!(waits, [0, 250, 500, 1000, 2000]);
    }

    #[test]
    fn the_resolver_knows_localhost_only() {
        let name = |s: &str| s.parse::<Name>().unwrap();
        let addrs: Vec<SocketAddr> = LocalhostOnly
            .call(name("localhost"))
            .into_inner()
            .unwrap()
            .collect();
        assert!(addrs.iter().all(|a| a.ip().is_loopback()) && addrs.len() == 2);
        for other in ["example.com", "localhost.example.com", "internal"] {
            assert!(
                LocalhostOnly.call(name(other)).into_inner().is_err(),
                "{other}"
            );
        }
    }
}
