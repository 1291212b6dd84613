//! The handles: what `#[mileston_config]` generates accessors for.
//!
//! A [`BackendClient`] holds the normal key and can do everything; a
//! [`CheckoutClient`] holds the checkout key and has only the operations that
//! key allows, so calling a backend operation through it does not compile.

use crate::key::{ApiKey, BusinessId, CheckoutKey};
use crate::mode::Mode;

/// A handle for backend operations, holding the normal API key. Its `Debug`
/// is redacted.
#[derive(Clone, Debug)]
pub struct BackendClient<M: Mode> {
    pub(crate) key: ApiKey<M>,
    pub(crate) business_id: BusinessId,
}

/// A handle for frontend (checkout) operations, holding the checkout key. Its
/// `Debug` is redacted.
#[derive(Clone, Debug)]
pub struct CheckoutClient<M: Mode> {
    pub(crate) key: CheckoutKey<M>,
    pub(crate) business_id: BusinessId,
}

impl<M: Mode> BackendClient<M> {
    /// A handle from a key and business ID obtained at run time, for instance
    /// from a platform's secret store (server-side wasm, Cloudflare Workers,
    /// Spin). Parse them with [`ApiKey::parse`] and [`BusinessId::new`].
    pub fn new(key: ApiKey<M>, business_id: BusinessId) -> Self {
        BackendClient { key, business_id }
    }

    /// The normal key.
    pub fn key(&self) -> &ApiKey<M> {
        &self.key
    }

    /// The business ID.
    pub fn business_id(&self) -> &BusinessId {
        &self.business_id
    }
}

impl<M: Mode> CheckoutClient<M> {
    /// A handle from a checkout key and business ID obtained at run time.
    pub fn new(key: CheckoutKey<M>, business_id: BusinessId) -> Self {
        CheckoutClient { key, business_id }
    }

    /// The checkout key.
    pub fn key(&self) -> &CheckoutKey<M> {
        &self.key
    }

    /// The business ID.
    pub fn business_id(&self) -> &BusinessId {
        &self.business_id
    }
}
