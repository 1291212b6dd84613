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
//! requests).
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

mod api;
mod extract;
pub mod keys;
mod log;
mod middleware;
mod rules;
mod signature;
mod util;

use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, oneshot};
use tower_service::Service;

use crate::api::App;
use crate::middleware::ConnectionKill;

/// The sandbox's routes with fresh, empty state.
///
/// Serve it with [`serve`] (or use [`Sandbox`]): the `dropNext` fault closes
/// the connection through `serve`'s accept loop. Served by anything else (for
/// example `axum::serve`), a dropped request gets a response whose body fails
/// at once, which makes hyper abort the connection.
pub fn router() -> Router {
    let app = App::new();
    let routes = api::routes(app.clone()).layer(DefaultBodyLimit::max(extract::BODY_LIMIT));
    // `Router::layer` wraps each route on its own, inside routing (axum's 405
    // and its `Allow` header come after it); wrapping the whole router as the
    // fallback of an empty one puts these layers around everything.
    Router::new()
        .fallback_service(routes)
        .layer(axum::middleware::from_fn(middleware::guard))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            middleware::faults,
        ))
        .layer(axum::middleware::from_fn_with_state(app, log::record))
        .layer(axum::middleware::from_fn(middleware::cors))
}

/// Serves a fresh sandbox on `listener` until the future is dropped.
///
/// Refuses a listener that is not on a loopback address: the sandbox has no
/// real security and must not be reachable from other machines.
pub async fn serve(listener: TcpListener) -> io::Result<()> {
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
    let app = router();
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
                        _ = serve(listener) => {}
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
