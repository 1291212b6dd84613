//! The receiver of `tests/test_webhooks.rs`, written as the README shows one:
//! an axum route taking `VerifiedEvent<M>` (so it runs only for a verified
//! delivery), a set of `Event::dedup_key()`s so that a retried event is
//! processed once, and, for the tests, answers that fail on purpose after
//! processing. Served on loopback from its own runtime until dropped.

use std::collections::HashSet;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::routing::post;
use mileston_config::credentials::WebhookToken;
use mileston_config::webhook::{Event, VerifiedEvent};
use mileston_config::{Mode, WebhookVerifier};
use tokio::sync::oneshot;

/// When the receiver answers 503, after it has processed the event (a
/// server that commits, then fails to answer): Mileston retries, and only
/// deduplication keeps the event from being processed twice.
#[derive(Clone, Copy)]
pub enum Fails {
    Never,
    /// The first `n` deliveries it gets.
    First(usize),
    /// The first delivery of each payment whose ID's number ends in 0.
    FirstOfEveryTenth,
}

#[derive(Default)]
struct Seen {
    /// Deliveries that passed the verifier.
    deliveries: usize,
    keys: HashSet<String>,
    processed: Vec<Event>,
    duplicates: usize,
}

#[derive(Clone)]
struct Hook<M: Mode> {
    verifier: WebhookVerifier<M>,
    seen: Arc<Mutex<Seen>>,
    fails: Fails,
}

impl<M: Mode> FromRef<Hook<M>> for WebhookVerifier<M> {
    fn from_ref(hook: &Hook<M>) -> Self {
        hook.verifier.clone()
    }
}

/// The handler a user writes: it runs only for a verified delivery.
async fn receive<M: Mode>(
    State(hook): State<Hook<M>>,
    VerifiedEvent { event, .. }: VerifiedEvent<M>,
) -> StatusCode {
    let mut seen = hook.seen.lock().unwrap();
    seen.deliveries += 1;
    let payment = event
        .paid()
        .and_then(|p| p.payment_id.clone())
        .unwrap_or_default();
    let first_time = seen.keys.insert(event.dedup_key());
    if first_time {
        seen.processed.push(event);
    } else {
        seen.duplicates += 1;
    }
    let fail = match hook.fails {
        Fails::Never => false,
        Fails::First(n) => seen.deliveries <= n,
        Fails::FirstOfEveryTenth => first_time && payment.ends_with('0'),
    };
    if fail {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    }
}

/// The receiver, served on loopback from its own runtime until dropped.
pub struct Receiver {
    addr: SocketAddr,
    seen: Arc<Mutex<Seen>>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Receiver {
    pub fn start<M: Mode>(token: &str, fails: Fails) -> Receiver {
        let seen = Arc::new(Mutex::new(Seen::default()));
        let hook = Hook::<M> {
            verifier: WebhookVerifier::new(WebhookToken::new(token).unwrap()),
            seen: seen.clone(),
            fails,
        };
        let app = Router::new()
            .route("/webhooks/mileston", post(receive::<M>))
            .with_state(hook);
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
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
            seen,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}/webhooks/mileston", self.addr)
    }

    /// (verified deliveries, events processed, duplicates skipped)
    pub fn counts(&self) -> (usize, usize, usize) {
        let s = self.seen.lock().unwrap();
        (s.deliveries, s.processed.len(), s.duplicates)
    }

    pub fn processed(&self) -> Vec<Event> {
        self.seen.lock().unwrap().processed.clone()
    }
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
