//! Sends one request and reads its answer: bytes in, bytes out, no JSON.
//! reqwest natively, the host's `fetch` on wasm; both also give `retry.rs`
//! a timer and a source of jitter.

#[cfg(not(target_arch = "wasm32"))]
mod native;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use native::{random_unit, send, sleep};

#[cfg(target_arch = "wasm32")]
mod wasm;
#[cfg(target_arch = "wasm32")]
pub(crate) use wasm::{random_unit, send, sleep};
