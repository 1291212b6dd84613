//! The handles: what `#[mileston_config]` generates accessors for, at the
//! top of the stack. Each is thin: its credentials, its settings, and one
//! line a method over an operation. A [`BackendClient`] holds the normal key
//! and can do everything the backend services do; a [`CheckoutClient`] holds
//! the checkout key and has only the operations that key allows, so calling
//! a backend operation through it does not compile; a [`WalletClient`] adds
//! the wallet signing secret; a [`WebhookVerifier`] checks deliveries.

#[cfg(feature = "axum")]
mod axum;
mod backend;
mod checkout;
mod settings;
mod wallet;
pub(crate) mod webhook;

#[cfg(feature = "axum")]
pub use self::axum::VerifiedEvent;
pub use backend::BackendClient;
pub use checkout::CheckoutClient;
pub use wallet::WalletClient;
pub use webhook::WebhookVerifier;

use crate::mode::Configured;

/// The backend handle of the struct `K` the attribute is on.
pub type BackendOf<K> = BackendClient<<K as Configured>::Mode>;
/// The checkout handle of the struct `K` the attribute is on.
pub type CheckoutOf<K> = CheckoutClient<<K as Configured>::Mode>;
/// The wallet handle of the struct `K` the attribute is on.
pub type WalletOf<K> = WalletClient<<K as Configured>::Mode>;
/// The webhook verifier of the struct `K` the attribute is on: in an axum
/// router, the state (or a field of it, with `FromRef`) that
/// `VerifiedEvent` takes its verifier from.
pub type WebhookOf<K> = WebhookVerifier<<K as Configured>::Mode>;
/// A delivery verified by the webhook verifier of the struct `K` the
/// attribute is on (feature `axum`). The router's state must give that
/// verifier: `WebhookOf<K>` as the state, or `impl FromRef<State> for
/// WebhookOf<K>`; without it, axum's error says the handler does not
/// implement `Handler`.
#[cfg(feature = "axum")]
pub type VerifiedEventOf<K> = VerifiedEvent<<K as Configured>::Mode>;
