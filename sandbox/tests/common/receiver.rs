//! A webhook receiver for the sandbox's own tests: an axum server on
//! loopback, on its own runtime, that records every request it gets (its
//! headers and body) and answers the statuses it was told to, in order, then
//! 200; a held one answers only once released. It checks nothing: the
//! runtime's verifier is tested from the root package
//! (`tests/test_webhooks.rs`).

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use serde_json::Value;
use tokio::sync::{Semaphore, oneshot};

/// One request as the receiver got it.
#[derive(Clone, Debug)]
pub struct Received {
    pub path: String,
    pub content_type: Option<String>,
    pub signature: Option<String>,
    pub body: Value,
}

struct Script {
    /// Statuses still to answer, first first; 200 once empty.
    statuses: Vec<u16>,
    /// How long to wait before each answer.
    delay: Duration,
    /// What a refusal says, from the `x-webhook-signature` header received
    /// (`None`: nothing).
    echo: Option<fn(&str) -> String>,
    /// Open (permits) unless the receiver is held: each answer waits for it.
    gate: Arc<Semaphore>,
    received: Vec<Received>,
}

pub struct Receiver {
    addr: SocketAddr,
    script: Arc<Mutex<Script>>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Receiver {
    /// A receiver answering `statuses` in order, then 200.
    pub fn start(statuses: &[u16]) -> Receiver {
        Receiver::start_slow(statuses, Duration::ZERO)
    }

    /// A receiver that waits `delay` before each answer.
    pub fn start_slow(statuses: &[u16], delay: Duration) -> Receiver {
        Receiver::with(statuses, delay, None)
    }

    /// A receiver whose refusals quote the token it was sent, as a careless
    /// one might.
    pub fn start_echoing(statuses: &[u16]) -> Receiver {
        Receiver::start_saying(statuses, |sig| {
            format!("the X-Webhook-Signature {sig} is not ours")
        })
    }

    /// A receiver whose refusals say `refusal` of the token it was sent.
    pub fn start_saying(statuses: &[u16], refusal: fn(&str) -> String) -> Receiver {
        Receiver::with(statuses, Duration::ZERO, Some(refusal))
    }

    /// A receiver that records each request at once but answers none
    /// (and, once released, waits `delay` before each answer) until
    /// [`release`](Receiver::release).
    pub fn start_held(statuses: &[u16], delay: Duration) -> Receiver {
        let rx = Receiver::with(statuses, delay, None);
        rx.script.lock().unwrap().gate = Arc::new(Semaphore::new(0));
        rx
    }

    /// Lets a held receiver answer.
    pub fn release(&self) {
        self.script
            .lock()
            .unwrap()
            .gate
            .add_permits(Semaphore::MAX_PERMITS);
    }

    fn with(statuses: &[u16], delay: Duration, echo: Option<fn(&str) -> String>) -> Receiver {
        let script = Arc::new(Mutex::new(Script {
            statuses: statuses.iter().rev().copied().collect(),
            delay,
            echo,
            gate: Arc::new(Semaphore::new(Semaphore::MAX_PERMITS)),
            received: Vec::new(),
        }));
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let app = Router::new()
            .route("/{*path}", post(receive))
            .with_state(script.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                tokio::select! {
                    _ = axum::serve(listener, app) => {}
                    _ = stopped => {}
                }
            });
        });
        Receiver {
            addr,
            script,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn received(&self) -> Vec<Received> {
        self.script.lock().unwrap().received.clone()
    }

    /// Waits up to 10 s for `n` requests.
    pub fn wait_for(&self, n: usize) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let got = self.received();
            if got.len() >= n || Instant::now() > deadline {
                return got;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

async fn receive(
    State(script): State<Arc<Mutex<Script>>>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, String) {
    let text = |name: &str| {
        headers
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    };
    let (status, delay, echo, gate) = {
        let mut s = script.lock().unwrap();
        s.received.push(Received {
            path: uri.path().to_owned(),
            content_type: text("content-type"),
            signature: text("x-webhook-signature"),
            body: serde_json::from_slice(&body).unwrap_or(Value::Null),
        });
        (
            s.statuses.pop().unwrap_or(200),
            s.delay,
            s.echo,
            s.gate.clone(),
        )
    };
    drop(gate.acquire().await);
    tokio::time::sleep(delay).await;
    let answer = match text("x-webhook-signature") {
        Some(sig) if status != 200 => echo.map(|say| say(&sig)).unwrap_or_default(),
        _ => String::new(),
    };
    (StatusCode::from_u16(status).unwrap(), answer)
}

impl Drop for Receiver {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
