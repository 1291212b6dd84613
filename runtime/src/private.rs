//! What the code `#[mileston_config]` generates needs, and the only way it
//! reaches this crate. Not public API: may change in any release.
//!
//! Generated code builds a handle through one trait, [`Handle`]: it hands
//! over everything it injected, by slot ([`Injected`]), and the handle takes
//! what it needs. The attribute knows no constructor and no argument order;
//! a new secret is one row of the core's table and one impl here.
//!
//! Nothing here skips a rule: every value is checked again by the same
//! constructors users call ([`NormalKey::from_static`],
//! [`BusinessId::from_static`], the base-URL rules), once per accessor (the
//! generated code keeps the handle in a `OnceLock`), without allocating.
//!
//! With `load = "start"` the values come from [`Start`] (read when the
//! process starts, by the core's rules) instead of the binary, and reach the
//! handles the same way; with `load = "build"`, [`BuiltIn`] notices a
//! run-time variable that says otherwise. A wasm build of a `load = "start"`
//! crate is expanded a second time by [`wasm_build_time`], which reads at
//! build time (a browser has no environment).

pub use ::core;
pub use ::core::clone::Clone;
pub use ::std::sync::OnceLock;
pub use mileston_config_core::slots::Slot;

pub use crate::credentials::BusinessId;
use crate::credentials::{CheckoutKey, NormalKey, WalletSecret, WebhookToken};
pub use crate::handles::{BackendClient, CheckoutClient, WalletClient, WebhookVerifier};
pub use crate::injected::{Injected, Value};
pub use crate::load::{AtStart, BuiltIn, LoadError, Start};
pub use crate::mode::{Configured, KeyMode, Live, Mode, Test};
pub use mileston_config_macros::wasm_build_time;

impl Injected {
    fn business_id(&self) -> BusinessId {
        checked(
            "business ID",
            BusinessId::from_text(self.business_id.text()),
        )
    }
}

/// A handle the attribute can build.
pub trait Handle: Sized {
    /// The handle of these values.
    fn build(injected: &Injected) -> Self;
}

/// A value the attribute checked cannot fail the same check here, unless the
/// attribute and this crate disagree on the rules (they are pinned to one
/// version of them). The message is fixed: formatting the error would bring
/// every reason's text into a frontend's wasm for a case that cannot happen.
#[track_caller]
fn checked<T, E>(what: &str, r: Result<T, E>) -> T {
    match r {
        Ok(v) => v,
        Err(_) => disagree(what),
    }
}

/// [`checked`]'s panic, once for every type it is used with.
#[cold]
#[track_caller]
fn disagree(what: &str) -> ! {
    panic!(
        "the {what} injected by #[mileston_config] is refused by this crate's rules: \
         the attribute and the runtime disagree; use one version of mileston-config"
    )
}

/// The attribute's `base_url` on a handle, checked again.
macro_rules! with_base_url {
    ($injected:expr, $handle:expr) => {
        match $injected.base_url {
            Some(url) => checked(
                "base URL",
                $handle
                    .with_static_base_url(url, $injected.allow_live_base_url)
                    .ok_or(()),
            ),
            None => $handle,
        }
    };
}

impl Injected {
    fn normal_key<M: Mode>(&self) -> NormalKey<M> {
        checked("normal key", NormalKey::from_text(self.text(Slot::Backend)))
    }

    fn checkout_key<M: Mode>(&self) -> CheckoutKey<M> {
        checked(
            "checkout key",
            CheckoutKey::from_text(self.text(Slot::Checkout)),
        )
    }

    fn wallet_secret(&self) -> WalletSecret {
        checked(
            "wallet signing secret",
            WalletSecret::from_text(self.text(Slot::Wallet)),
        )
    }

    fn webhook_token(&self) -> WebhookToken {
        checked(
            "webhook token",
            WebhookToken::from_text(self.text(Slot::Webhook)),
        )
    }
}

impl<M: Mode> Handle for BackendClient<M> {
    fn build(i: &Injected) -> Self {
        with_base_url!(i, BackendClient::new(i.normal_key(), i.business_id()))
    }
}

impl<M: Mode> Handle for CheckoutClient<M> {
    fn build(i: &Injected) -> Self {
        with_base_url!(i, CheckoutClient::new(i.checkout_key(), i.business_id()))
    }
}

impl<M: Mode> Handle for WalletClient<M> {
    fn build(i: &Injected) -> Self {
        let handle = WalletClient::new(i.normal_key(), i.business_id(), i.wallet_secret());
        with_base_url!(i, handle)
    }
}

impl<M: Mode> Handle for WebhookVerifier<M> {
    fn build(i: &Injected) -> Self {
        WebhookVerifier::new(i.webhook_token())
    }
}

/// The handle `H` of `injected`.
pub fn build<H: Handle>(injected: &Injected) -> H {
    H::build(injected)
}

/// The business ID of `injected`.
pub fn business_id(injected: &Injected) -> BusinessId {
    injected.business_id()
}
