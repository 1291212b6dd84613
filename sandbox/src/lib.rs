//! A local, stateful, in-memory imitation of the Mileston HTTP API, for tests,
//! examples and browser tests.
//!
//! It follows `docs/wire-protocol.md` to the letter: the five services'
//! endpoints (payment links, invoices, recurring payments, checkout, and the
//! signed wallet API) as Mileston's own SDKs call them, and `GET /status`, on
//! one loopback origin;
//! the authentication rules, JSON errors for every failure, CORS for loopback
//! pages, two fake tenants ([`keys`]) and the sandbox-only control endpoints
//! under `/__sandbox` (mark a payment paid, inject faults, count and log
//! requests, register webhooks and see their deliveries).
//!
//! When a payment becomes paid (a save, or `/__sandbox/pay`), the sandbox
//! POSTs the event to its business's webhooks as Mileston does, with retries,
//! each delivery in a task of its own; receivers must be on loopback.
//!
//! It never writes a request's `apikey` value into a response, a log line or a
//! panic: messages are written by the sandbox, and a last layer refuses (500)
//! any response whose body would contain the caller's key.
//!
//! ```no_run
//! let sandbox = mileston_sandbox::Sandbox::start()?;
//! let base_url = sandbox.url(); // "http://127.0.0.1:PORT"
//! // point a client at `base_url` with `keys::API_KEY` and `keys::BUSINESS_ID`
//! # Ok::<(), std::io::Error>(())
//! ```

// Imports run down only: `routes` (HTTP) -> `outbox` (sending deliveries)
// -> `state` (what the sandbox remembers, no HTTP framework) -> `keys`.
pub mod keys;
mod outbox;
mod routes;
mod state;

use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, oneshot};
use tower_service::Service;

use crate::routes::App;
use crate::routes::layers::ConnectionKill;
use crate::state::{Shared, Store};

/// The sandbox's routes with fresh, empty state.
///
/// Serve it with [`serve`] (or use [`Sandbox`]): the `dropNext` fault closes
/// the connection through `serve`'s accept loop. Served by anything else (for
/// example `axum::serve`), a dropped request gets a response whose body fails
/// at once, which makes hyper abort the connection.
pub fn router() -> Router {
    router_with(&Options::default())
}

/// The sandbox's routes with fresh state and what `options` sets up.
pub fn router_with(options: &Options) -> Router {
    let state = Shared::new();
    {
        let mut store = state.lock();
        for w in &options.webhooks {
            // Checked when added to the options, against the same rules.
            let _ = store.add_webhook(w.business, &w.url, w.token.as_deref(), vec![]);
        }
    }
    routes::router(App::new(state, options.allow_normal_key_from_browsers))
}

/// Serves a fresh sandbox on `listener` until the future is dropped.
///
/// Refuses a listener that is not on a loopback address: the sandbox has no
/// real security and must not be reachable from other machines.
pub async fn serve(listener: TcpListener) -> io::Result<()> {
    serve_with(listener, &Options::default()).await
}

/// [`serve`], with what `options` sets up.
pub async fn serve_with(listener: TcpListener, options: &Options) -> io::Result<()> {
    let local = listener.local_addr()?;
    if !local.ip().is_loopback() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "the Mileston sandbox only listens on loopback (127.0.0.1, [::1]), not on {}",
                local.ip()
            ),
        ));
    }
    let app = router_with(options);
    loop {
        match listener.accept().await {
            Ok((stream, _peer)) => {
                tokio::spawn(serve_connection(stream, app.clone()));
            }
            // Out of file descriptors and the like: wait, as `axum::serve` does.
            Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
        }
    }
}

/// One HTTP/1.1 connection. A request that the `dropNext` fault picks
/// notifies `kill`, and the connection is dropped unanswered: the client sees
/// the connection closed before any byte of a response.
async fn serve_connection(stream: TcpStream, app: Router) {
    let kill = Arc::new(Notify::new());
    let handle = ConnectionKill(kill.clone());
    let service = hyper::service::service_fn(move |mut req: hyper::Request<_>| {
        req.extensions_mut().insert(handle.clone());
        let mut app = app.clone();
        async move { app.call(req.map(axum::body::Body::new)).await }
    });
    let connection = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        _ = connection => {}
        _ = kill.notified() => {}
    }
}

/// A sandbox running on `127.0.0.1` with a port the OS chose, on its own tokio
/// runtime in a background thread, so callers need no runtime. Each one has
/// its own state. It stops when dropped.
pub struct Sandbox {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// Starts a sandbox with fresh state on `127.0.0.1` and an OS-chosen port.
    /// It is accepting connections when this returns.
    pub fn start() -> io::Result<Sandbox> {
        Sandbox::start_with(Options::default())
    }

    /// [`start`](Sandbox::start), with what `options` sets up.
    pub fn start_with(options: Options) -> io::Result<Sandbox> {
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name(format!("mileston-sandbox-{}", addr.port()))
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = TcpListener::from_std(listener) else {
                        return;
                    };
                    tokio::select! {
                        _ = serve_with(listener, &options) => {}
                        _ = stopped => {}
                    }
                });
                // Dropping the runtime here ends every connection task.
            })?;
        Ok(Sandbox {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The base URL, `http://127.0.0.1:PORT`, with no trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the sandbox listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

/// What a sandbox starts with besides its fresh state: webhooks registered
/// before the first request (what `mileston-sandbox --webhook URL` does),
/// and whether browser pages may send the normal key. Its `Debug` shows no
/// token.
#[derive(Clone, Default)]
pub struct Options {
    webhooks: Vec<StartupWebhook>,
    allow_normal_key_from_browsers: bool,
}

#[derive(Clone)]
struct StartupWebhook {
    business: &'static str,
    url: String,
    token: Option<String>,
}

impl Options {
    /// Adds a webhook of the first tenant ([`keys::BUSINESS_ID`]) for every
    /// event, to `url` (plain `http://` to loopback), with `token`, or the
    /// tenant's own ([`keys::WEBHOOK_TOKEN`]) when `None`. Refused with the
    /// reason (which never quotes the token) by the rules of
    /// `POST /__sandbox/webhooks`.
    pub fn webhook(mut self, url: &str, token: Option<&str>) -> Result<Options, InvalidWebhook> {
        let business = keys::BUSINESS_ID;
        // The same checks as a registration, on a scratch store.
        let mut scratch = Store::default();
        scratch
            .add_webhook(business, url, token, vec![])
            .map_err(|e| InvalidWebhook(e.message))?;
        if self.webhooks.iter().any(|w| w.url == url) {
            return Err(InvalidWebhook(
                "a webhook to this URL is set up already".into(),
            ));
        }
        self.webhooks.push(StartupWebhook {
            business,
            url: url.to_owned(),
            token: token.map(str::to_owned),
        });
        Ok(self)
    }

    /// Serves a browser page's request that carries the normal key (or a
    /// wallet API signature) instead of refusing it with 403, and writes a
    /// warning to stderr and the request log (what
    /// `mileston-sandbox --allow-normal-key-from-browsers` does): for
    /// reproducing a production bug, never for a page to keep doing.
    pub fn allow_normal_key_from_browsers(mut self) -> Options {
        self.allow_normal_key_from_browsers = true;
        self
    }
}

impl fmt::Debug for Options {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let urls: Vec<&str> = self.webhooks.iter().map(|w| w.url.as_str()).collect();
        f.debug_struct("Options")
            .field("webhooks", &urls)
            .field(
                "allow_normal_key_from_browsers",
                &self.allow_normal_key_from_browsers,
            )
            .finish()
    }
}

/// Why [`Options::webhook`] refused a webhook. Never holds the token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidWebhook(String);

impl fmt::Display for InvalidWebhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InvalidWebhook {}

impl fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sandbox").field("addr", &self.addr).finish()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
