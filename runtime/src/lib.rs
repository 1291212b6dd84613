//! Mileston payment API keys, injected at build time, validated, and scoped to
//! typed client handles.
//!
//! See the [`mileston_config`] attribute for the build-time side, and
//! [`BackendClient`] / [`CheckoutClient`] for the handles.
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
