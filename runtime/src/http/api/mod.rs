//! The API, as methods on the handles: one file per part of Mileston's API.
//! Each method checks its input, builds a `Request`, sends it (`retry.rs`)
//! and reads the answer (`response.rs`).

mod backend;
mod checkout;
mod status;
