//! Sends one request and reads its answer: bytes in, bytes out, no JSON.
//! reqwest natively, the host's `fetch` on wasm; both also give `retry.rs`
//! a timer and a source of jitter (and, for a request's span, a clock).

#[cfg(not(target_arch = "wasm32"))]
mod native;
#[cfg(not(target_arch = "wasm32"))]
pub use native::http_client_builder;
#[cfg(all(feature = "tracing", not(target_arch = "wasm32")))]
pub(crate) use native::now_ms;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use native::{random_unit, send, sleep, unix_millis};

#[cfg(target_arch = "wasm32")]
mod wasm;
#[cfg(all(feature = "tracing", target_arch = "wasm32"))]
pub(crate) use wasm::now_ms;
#[cfg(target_arch = "wasm32")]
pub(crate) use wasm::{random_unit, send, sleep, unix_millis};
