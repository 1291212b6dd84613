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

pub use handle::{BackendClient, CheckoutClient};
pub use key::{ApiKey, BusinessId, BusinessIdError, CheckoutKey, KeyError, KeyKind, KeyParseError};
pub use mode::{KeyMode, Live, Mode, Test};

pub use mileston_config_core::url::BaseUrlError;

#[cfg(feature = "http")]
pub use http::Error;
#[cfg(feature = "http")]
pub use http::{
    Amount, AmountError, Created, DateError, Health, Invoice, InvoiceUpdate, IsoDate, NewInvoice,
    NewPaymentLink, NewRecurringPayment, Payment, PaymentKind, PaymentLink, PaymentLinkUpdate,
    PaymentStatus, RecurringPayment, RecurringPaymentUpdate, SavePayment, Verification,
};

#[doc(inline)]
pub use mileston_config_macros::mileston_config;

/// What generated code needs. Not public API: may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::key::{ApiKey, BusinessId, CheckoutKey};
    pub use crate::mode::{KeyMode, Live, Test};
    pub use crate::{BackendClient, CheckoutClient};
    pub use ::core;
}
