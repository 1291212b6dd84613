//! What the code `#[mileston_config]` generates needs, and the only way it
//! reaches this crate. Not public API: may change in any release.
//!
//! Nothing here skips a rule: every value the attribute injects is checked
//! again by the same public constructors users call ([`ApiKey::from_static`],
//! [`BusinessId::from_static`], the base-URL rule), once per accessor (the
//! generated code keeps the handle in a `OnceLock`), without allocating.

pub use ::core;
pub use ::core::clone::Clone;
pub use ::std::sync::OnceLock;

pub use crate::key::BusinessId;
use crate::key::{ApiKey, CheckoutKey};
pub use crate::mode::{KeyMode, Keys, Live, Mode, Test};
use crate::secrets::{WalletSecret, WebhookToken};
pub use crate::{BackendClient, CheckoutClient, WalletClient, WebhookVerifier};

/// A value as the attribute injects it.
#[derive(Clone, Copy, Debug)]
pub enum Injected {
    /// Read and checked at build time.
    Static(&'static str),
    /// A build without keys (docs.rs, or `MILESTON_ALLOW_MISSING_KEYS=1`).
    Placeholder,
}

/// A value the attribute checked cannot fail the same check here, unless the
/// attribute and this crate disagree on the rules (they are pinned to one
/// version of them). The message is fixed: formatting the error would bring
/// every reason's text into a frontend's wasm for a case that cannot happen.
#[track_caller]
fn checked<T, E>(what: &str, r: Result<T, E>) -> T {
    match r {
        Ok(v) => v,
        Err(_) => panic!(
            "the {what} injected by #[mileston_config] is refused by this crate's rules: \
             the attribute and the runtime disagree; use one version of mileston-config"
        ),
    }
}

/// The business ID.
pub fn business_id(id: Injected) -> BusinessId {
    match id {
        Injected::Static(raw) => checked("business ID", BusinessId::from_static(raw)),
        Injected::Placeholder => BusinessId::placeholder(),
    }
}

/// The backend handle.
pub fn backend_client<M: Mode>(
    key: Injected,
    id: Injected,
    base_url: Option<&'static str>,
) -> BackendClient<M> {
    let key = match key {
        Injected::Static(raw) => checked("normal API key", ApiKey::from_static(raw)),
        Injected::Placeholder => ApiKey::placeholder(),
    };
    let handle = BackendClient::new(key, business_id(id));
    match base_url {
        Some(url) => handle.with_static_base_url(self::base_url(url)),
        None => handle,
    }
}

/// The checkout handle.
pub fn checkout_client<M: Mode>(
    key: Injected,
    id: Injected,
    base_url: Option<&'static str>,
) -> CheckoutClient<M> {
    let key = match key {
        Injected::Static(raw) => checked("checkout key", CheckoutKey::from_static(raw)),
        Injected::Placeholder => CheckoutKey::placeholder(),
    };
    let handle = CheckoutClient::new(key, business_id(id));
    match base_url {
        Some(url) => handle.with_static_base_url(self::base_url(url)),
        None => handle,
    }
}

/// The attribute's `base_url`, checked again.
fn base_url(url: &'static str) -> &'static str {
    checked("base URL", mileston_config_core::url::check_base_url(url));
    url
}

/// The wallet handle: the backend handle's key, business ID and origin, and
/// the signing secret.
pub fn wallet_client<M: Mode>(
    key: Injected,
    id: Injected,
    secret: Injected,
    base_url: Option<&'static str>,
) -> WalletClient<M> {
    let backend = backend_client(key, id, base_url);
    let secret = match secret {
        Injected::Static(raw) => checked("wallet signing secret", WalletSecret::from_static(raw)),
        // Never used: a placeholder handle fails before anything is signed.
        Injected::Placeholder => WalletSecret::placeholder(),
    };
    WalletClient::from_backend(backend, secret)
}

/// The webhook verifier.
pub fn webhook_verifier<M: Mode>(token: Injected) -> WebhookVerifier<M> {
    let token = match token {
        Injected::Static(raw) => checked("webhook token", WebhookToken::from_static(raw)),
        Injected::Placeholder => WebhookToken::placeholder(),
    };
    WebhookVerifier::new(token)
}
