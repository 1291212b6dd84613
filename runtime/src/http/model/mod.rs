//! The models: values, what the API returns, what the handles send, and the
//! envelopes around them. Each type carries its own checks; answers are read
//! into them by the one decoder (`decode.rs`).

pub(crate) mod addresses;
pub(crate) mod chains;
pub(crate) mod checkout;
pub(crate) mod date;
mod date_interop;
pub(crate) mod decode;
pub(crate) mod envelope;
pub(crate) mod hosted;
pub(crate) mod payment;
pub(crate) mod requests;
pub(crate) mod resources;
pub(crate) mod values;
pub(crate) mod wallet;
mod wire;

#[cfg(test)]
mod tests;
