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
pub use mode::{KeyMode, Live, Mode, Test};
pub use secrets::{OpaqueError, WalletSecret, WebhookToken};
pub use wallet::WalletClient;
pub use webhook::WebhookVerifier;

pub use mileston_config_core::url::BaseUrlError;

#[cfg(feature = "http")]
pub use http::Error;
#[cfg(feature = "http")]
pub use http::{
    Amount, AmountError, Created, DateError, Health, Invoice, InvoiceUpdate, IsoDate, NewInvoice,
    NewPaymentLink, NewRecurringPayment, Payment, PaymentKind, PaymentLink, PaymentLinkUpdate,
    PaymentStatus, RecurringPayment, RecurringPaymentUpdate, SavePayment, Verification,
};
#[cfg(feature = "http")]
pub use http::{
    BatchPayout, BatchSent, Chain, ChainWallet, CreatedSubWallet, NewSubWallet, Payout,
    RecoveryPhrase, Sent, SubWallet, SubWallets, Transaction, TransactionStatus, Wallet,
    WalletType,
};

#[doc = include_str!("attribute.md")]
#[doc(inline)]
pub use mileston_config_macros::mileston_config;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
