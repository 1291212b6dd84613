//! Mileston payment API keys, injected at build time, validated, and scoped to
//! typed client handles.
//!
//! See the [`mileston_config`] attribute for the build-time side, and
//! [`BackendClient`] / [`CheckoutClient`] for the handles.
#![warn(missing_docs)]

mod handle;
mod key;
mod mode;

pub use handle::{BackendClient, CheckoutClient};
pub use key::{ApiKey, BusinessId, BusinessIdError, CheckoutKey, KeyError, KeyKind, KeyParseError};
pub use mode::{KeyMode, Live, Mode, Test};

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
