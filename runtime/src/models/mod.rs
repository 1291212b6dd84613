//! The models, at the bottom of the client: values, what the API returns,
//! what the handles send, the envelopes around them, and a webhook's event.
//! Each type carries its own checks; answers and deliveries are read into
//! them by the one decoder (`decode.rs`). Nothing here knows the client or
//! its error: a refused input is an [`input::InputError`], a refused answer
//! an [`decode::Invalid`], and the client turns them into its `Error`.

#[cfg(feature = "http")]
pub(crate) mod addresses;
#[cfg(feature = "http")]
pub(crate) mod backend;
#[cfg(feature = "http")]
pub(crate) mod chains;
#[cfg(feature = "http")]
pub(crate) mod checkout;
#[cfg(feature = "http")]
pub(crate) mod date;
#[cfg(feature = "http")]
mod date_interop;
pub(crate) mod decode;
#[cfg(feature = "http")]
pub(crate) mod envelope;
pub(crate) mod event;
#[cfg(feature = "http")]
pub(crate) mod input;
#[cfg(feature = "http")]
pub(crate) mod payment;
#[cfg(feature = "http")]
pub(crate) mod user;
#[cfg(feature = "http")]
pub(crate) mod values;
#[cfg(feature = "http")]
pub(crate) mod wallet;
#[cfg(feature = "http")]
mod wire;

#[cfg(all(test, feature = "http"))]
mod tests;
