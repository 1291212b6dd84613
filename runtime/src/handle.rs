//! The handles: what `#[mileston_config]` generates accessors for.
//!
//! A [`BackendClient`] holds the normal key and can do everything; a
//! [`CheckoutClient`] holds the checkout key and has only the operations that
//! key allows, so calling a backend operation through it does not compile.
//!
//! With the `http` feature (on by default) both handles also carry their
//! connection settings (base URL, timeout, retries) and the API methods; see
//! the crate documentation for the operations.

use crate::key::{ApiKey, BusinessId, CheckoutKey};
use crate::mode::Mode;

/// A handle for backend operations, holding the normal API key. Its `Debug`
/// is redacted.
///
/// Creating one never allocates when the key and business ID were injected at
/// build time; the HTTP client behind it is shared by the whole process.
#[derive(Clone, Debug)]
pub struct BackendClient<M: Mode> {
    pub(crate) key: ApiKey<M>,
    pub(crate) business_id: BusinessId,
    #[cfg(feature = "http")]
    pub(crate) config: crate::http::Config,
}

/// A handle for frontend (checkout) operations, holding the checkout key. Its
/// `Debug` is redacted.
///
/// It has no backend operation: creating, listing, updating or deleting
/// payment links, invoices or recurring payments is only on [`BackendClient`].
#[derive(Clone, Debug)]
pub struct CheckoutClient<M: Mode> {
    pub(crate) key: CheckoutKey<M>,
    pub(crate) business_id: BusinessId,
    #[cfg(feature = "http")]
    pub(crate) config: crate::http::Config,
}

impl<M: Mode> BackendClient<M> {
    /// A handle from a key and business ID obtained at run time, for instance
    /// from a platform's secret store (server-side wasm, Cloudflare Workers,
    /// Spin). Parse them with [`ApiKey::parse`] and [`BusinessId::new`].
    ///
    /// Cheap: no allocation, no I/O. The handle talks to Mileston's production
    /// origins with the default timeout and retry policy.
    pub fn new(key: ApiKey<M>, business_id: BusinessId) -> Self {
        BackendClient {
            key,
            business_id,
            #[cfg(feature = "http")]
            config: crate::http::Config::DEFAULT,
        }
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
    ///
    /// Cheap: no allocation, no I/O. The handle talks to Mileston's production
    /// checkout origin with the default timeout and retry policy.
    pub fn new(key: CheckoutKey<M>, business_id: BusinessId) -> Self {
        CheckoutClient {
            key,
            business_id,
            #[cfg(feature = "http")]
            config: crate::http::Config::DEFAULT,
        }
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

/// Settings shared by both handles.
#[cfg(feature = "http")]
macro_rules! settings {
    ($handle:ident) => {
        impl<M: Mode> $handle<M> {
            /// Sets a base URL checked and normalised at build time by the
            /// attribute. Not public API.
            #[doc(hidden)]
            pub fn __with_validated_base_url(mut self, url: &'static str) -> Self {
                self.config = self.config.with_validated_base_url(url);
                self
            }

            /// Points every service at one origin, for instance a local
            /// sandbox (`http://127.0.0.1:PORT`). A trailing `/` is removed.
            ///
            /// # Errors
            /// [`Error::BaseUrl`](crate::Error::BaseUrl) when the URL is not
            /// `https://`, except `http://` to loopback (`127.0.0.0/8`,
            /// `[::1]`, `localhost`), or is malformed (user information, a
            /// query, ...): see [`BaseUrlError`](crate::BaseUrlError).
            pub fn with_base_url(mut self, url: &str) -> Result<Self, crate::Error> {
                self.config = self.config.with_base_url(url)?;
                Ok(self)
            }

            /// The timeout of one attempt, from connecting to the last byte of
            /// the answer (default 30 s). On native targets connecting alone is
            /// also limited to 10 s.
            pub fn with_timeout(mut self, timeout: core::time::Duration) -> Self {
                self.config.timeout = timeout;
                self
            }

            /// How many times a `GET` is retried after a failed first attempt
            /// (default 2, so 3 attempts). Only `GET`s that failed to connect,
            /// lost their connection or were answered 429 or 5xx are retried;
            /// `POST`, `PATCH` and `DELETE` never are. `0` disables retries.
            pub fn with_retries(mut self, retries: u32) -> Self {
                self.config.retries = retries;
                self
            }

            /// The first retry's delay (default 200 ms), doubled at each
            /// further retry up to 2 s, with jitter. A `Retry-After` in
            /// seconds from the server is honoured instead, up to 10 s (a
            /// longer one ends the retries).
            pub fn with_retry_delay(mut self, delay: core::time::Duration) -> Self {
                self.config.backoff = delay;
                self
            }

            /// The origin set by [`with_base_url`](Self::with_base_url), if any
            /// (without trailing `/`); `None` means Mileston's production
            /// origins ([`crate::endpoints`]).
            pub fn base_url(&self) -> Option<&str> {
                self.config.base_url()
            }

            /// The timeout of one attempt.
            pub fn timeout(&self) -> core::time::Duration {
                self.config.timeout
            }

            /// How many times a failed `GET` is retried.
            pub fn retries(&self) -> u32 {
                self.config.retries
            }
        }
    };
}

// Without the HTTP client no request is made, so a base URL has no use.
#[cfg(not(feature = "http"))]
macro_rules! settings {
    ($handle:ident) => {
        impl<M: Mode> $handle<M> {
            /// Not public API.
            #[doc(hidden)]
            pub fn __with_validated_base_url(self, _url: &'static str) -> Self {
                self
            }
        }
    };
}

settings!(BackendClient);
settings!(CheckoutClient);
