//! Mileston payment API keys, injected at build time, validated, and scoped to
//! typed client handles.
//!
//! See the [`mileston_config`] attribute for the build-time side, and
//! [`BackendClient`] / [`CheckoutClient`] for the handles.
//!
//! # Cargo features
//!
//! | feature | what it adds |
//! |---|---|
//! | `http` (default) | the async HTTP client on the handles |
//! | `build` | `build::check()`, the attribute's rules in a build script |
//! | `axum` | `VerifiedEvent`, an axum extractor for webhook deliveries |
//! | `chrono`, `time`, `jiff` | `IsoDate` from and to those crates' date types |
//! | `tracing` | one span per request, below |
//!
//! The optional integrations build nothing unless asked for.
//!
//! ## Request spans (`tracing`)
//!
//! Each call of a handle's method is one `info` span named
//! `mileston.request` (target `mileston_config::http::trace`), around all its
//! attempts, with these fields:
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

#[cfg(feature = "build")]
pub mod build;
pub mod endpoints;
mod handle;
#[cfg(feature = "http")]
mod http;
mod key;
mod mode;
mod secrets;
mod wallet;
mod webhook;

pub use handle::{BackendClient, CheckoutClient};
pub use key::{ApiKey, BusinessId, BusinessIdError, CheckoutKey, KeyError, KeyKind, KeyParseError};
pub use mode::{BackendOf, CheckoutOf, KeyMode, Keys, Live, Mode, Test, WalletOf, WebhooksOf};
pub use secrets::{OpaqueError, WalletSecret, WebhookToken};
pub use wallet::WalletClient;
#[cfg(feature = "axum")]
pub use webhook::VerifiedEvent;
#[cfg(feature = "http")]
pub use webhook::{Event, Paid};
pub use webhook::{
    Headers, MAX_BODY as MAX_WEBHOOK_BODY, SIGNATURE_HEADER as WEBHOOK_SIGNATURE_HEADER,
    WebhookError, WebhookVerifier,
};

pub use mileston_config_core::url::BaseUrlError;

#[cfg(feature = "http")]
pub use http::Error;
#[cfg(feature = "http")]
pub use http::{
    Amount, AmountError, Chain, Created, DateError, Env, EvmChain, Health, Invoice, InvoiceUpdate,
    IsoDate, NewInvoice, NewPaymentLink, NewRecurringPayment, Payment, PaymentKind, PaymentLink,
    PaymentLinkUpdate, PaymentStatus, PaymentWallet, RecurringPayment, RecurringPaymentUpdate,
    SavePayment, Token, Verification, VerifyPayment,
};
#[cfg(feature = "http")]
pub use http::{
    BatchPayout, BatchSent, ChainWallet, CheckoutSubWallet, CreatedSubWallet, NewSubWallet, Payout,
    RecoveryPhrase, Sent, SubWallet, SubWallets, Transaction, TransactionStatus, Wallet,
    WalletType,
};

#[doc = include_str!("attribute.md")]
#[doc(inline)]
pub use mileston_config_macros::mileston_config;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
