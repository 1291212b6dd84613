//! Mileston payment secrets, checked at build time (or at start), and scoped
//! to typed client handles.
//!
//! See the [`mileston_config`] attribute for the build-time side, and
//! [`BackendClient`], [`CheckoutClient`], [`WalletClient`] and
//! [`WebhookVerifier`] for the handles. What belongs to one handle (its
//! answers, its requests, its errors) is in the module of its name:
//! [`backend`], [`checkout`], [`wallet`], [`webhook`]; the values they share
//! (amounts, dates, chains) in [`types`]; the keys and secrets in
//! [`credentials`].
//!
//! # Cargo features
//!
//! | feature | what it adds |
//! |---|---|
//! | `http` (default) | the async HTTP client on the handles (reqwest natively, `fetch` on wasm); brings `webhooks` too |
//! | `webhooks` | [`WebhookVerifier::verify`], without an HTTP client (no reqwest, rustls or tokio) |
//! | `axum` | [`webhook::VerifiedEvent`], an axum extractor for deliveries; brings `webhooks`, not `http` |
//! | `build` | `build::check()`, the attribute's rules in a build script |
//! | `chrono`, `time`, `jiff` | `IsoDate` from and to those crates' date types |
//! | `tracing` | one span per request, below |
//!
//! The optional integrations build nothing unless asked for.
//!
//! ## Request spans (`tracing`)
//!
//! Each call of a handle's method is one `info` span named
//! `mileston.request` (target `mileston_config::client::trace`), around all
//! its attempts, with these fields:
//!
//! | field | value |
//! |---|---|
//! | `service` | `payment-link`, `invoice`, `recurring-payment`, `checkout` or `wallet` |
//! | `operation` | the handle's method: `get_invoice`, `send_payment`, `health`, ... |
//! | `method` | `GET`, `POST`, `PATCH`, `DELETE` |
//! | `status` | the last answer's HTTP status; absent when none came |
//! | `attempt` | how many times it was sent, retries included |
//! | `latency_ms` | from the first attempt to the outcome, a float |
//! | `error` | `timeout`, `transport` or `decode` when no usable answer came |
//!
//! A retry is a `debug` event, `retrying`, in the span (`attempt`, `status`
//! when an answer came, `delay_ms`). No span or event of this crate holds a
//! URL (IDs, a business name), a header value (the key, the business ID, a
//! signature), a body or an error's text; what the HTTP stack underneath
//! logs (hyper's connection events, which name the host) is inside the span.
//! Natively the latency is read from `std::time::Instant`, on wasm from
//! `Date.now()`; with no subscriber interested, no clock is read.
#![warn(missing_docs)]

// The stack, top to bottom: each module uses only those below it.
#[cfg(feature = "http")]
mod api;
#[cfg(feature = "http")]
mod client;
pub mod credentials;
mod handles;
mod injected;
mod load;
mod mode;
#[cfg(any(feature = "http", feature = "webhooks"))]
mod models;
mod text;

#[cfg(feature = "build")]
pub mod build;

pub use handles::{
    BackendClient, BackendOf, CheckoutClient, CheckoutOf, WalletClient, WalletOf, WebhookOf,
    WebhookVerifier,
};
pub use load::LoadError;
pub use mileston_config_core::url::BaseUrlError;
pub use mode::{Configured, KeyMode, Live, Mode, Test};

#[cfg(feature = "http")]
pub use client::Error;

#[cfg(all(feature = "http", not(target_arch = "wasm32")))]
pub use client::http_client_builder;

/// The values the handles' answers and requests share: amounts (US
/// dollars), dates, chains and the assets paid in, Mileston's networks,
/// payment statuses and kinds.
#[cfg(feature = "http")]
pub mod types {
    pub use crate::models::chains::{Asset, Chain, EvmChain};
    pub use crate::models::date::{DateError, IsoDate};
    pub use crate::models::values::{
        Amount, AmountError, Balance, Network, PaymentKind, PaymentStatus,
    };
}

/// The backend handle's answers and requests: payment links, invoices,
/// recurring payments, and a service's health.
#[cfg(feature = "http")]
pub mod backend {
    pub use crate::models::backend::{Health, Invoice, PaymentLink, RecurringPayment};
    pub use crate::models::backend::{
        InvoiceUpdate, NewInvoice, NewPaymentLink, NewRecurringPayment, PaymentLinkUpdate,
        RecurringPaymentUpdate,
    };
    pub use crate::models::envelope::Created;
    pub use mileston_config_core::protocol::Service;
}

/// The checkout handle's answers and requests.
#[cfg(feature = "http")]
pub mod checkout {
    pub use crate::models::addresses::{CheckoutSubWallet as SubWallet, PaymentWallet};
    pub use crate::models::checkout::{SavePayment, VerifyPayment};
    pub use crate::models::payment::{Payment, Verification};
    pub use crate::models::user::{QrPaymentWallet, User};
}

/// The wallet handle's answers and requests: payouts, sub-wallets,
/// transactions.
#[cfg(feature = "http")]
pub mod wallet {
    pub use crate::models::wallet::WalletType;
    pub use crate::models::wallet::answers::{
        BatchSent, ChainWallet, CreatedSubWallet, RecoveryPhrase, Sent, SubWallet, SubWallets,
        Transaction, TransactionStatus, Wallet,
    };
    pub use crate::models::wallet::requests::{Asked, BatchPayout, NewSubWallet, Payout, Source};
}

/// Receiving Mileston's webhooks: the verifier, the events, why a delivery
/// is refused, and (feature `axum`) the extractor.
pub mod webhook {
    pub use crate::handles::WebhookVerifier;
    #[cfg(feature = "webhooks")]
    pub use crate::handles::webhook::SIGNATURE_HEADER;
    pub use crate::handles::webhook::{DeliveryError, MAX_BODY, RequestHeaders};
    #[cfg(feature = "axum")]
    pub use crate::handles::{VerifiedEvent, VerifiedEventOf};
    #[cfg(feature = "webhooks")]
    pub use crate::models::event::{Event, Paid};
}

#[doc = include_str!("attribute.md")]
#[doc(inline)]
pub use mileston_config_macros::mileston_config;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
