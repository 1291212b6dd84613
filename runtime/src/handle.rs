//! The handles: what `#[mileston_config]` generates accessors for.
//!
//! A [`BackendClient`] holds the normal key and can do everything; a
//! [`CheckoutClient`] holds the checkout key and has only the operations that
//! key allows, so calling a backend operation through it does not compile.
//! Both hold their key and business ID as one [`Credentials`].
//!
//! With the `http` feature (on by default) both handles also carry their
//! connection settings (base URL, timeout, retries, natively the HTTP client)
//! and the API methods; see the crate documentation for the operations.

use crate::key::{ApiKey, BusinessId, CheckoutKey};
use crate::mode::Mode;

/// A secret a handle sends: its text, unless it is the placeholder of a build
/// without keys (whose text must never be read: `expose_secret` panics).
pub(crate) trait Secret {
    fn is_placeholder(&self) -> bool;
    fn expose_secret(&self) -> &str;
}

impl<M: Mode> Secret for ApiKey<M> {
    fn is_placeholder(&self) -> bool {
        self.is_placeholder()
    }
    fn expose_secret(&self) -> &str {
        self.expose_secret()
    }
}

impl<M: Mode> Secret for CheckoutKey<M> {
    fn is_placeholder(&self) -> bool {
        self.is_placeholder()
    }
    fn expose_secret(&self) -> &str {
        self.expose_secret()
    }
}

/// What identifies a handle to Mileston: a key of kind `K` and the business
/// ID. `Debug` is redacted (the key's own).
#[derive(Clone, Debug)]
pub(crate) struct Credentials<K> {
    key: K,
    business_id: BusinessId,
}

impl<K: Secret> Credentials<K> {
    pub(crate) const fn new(key: K, business_id: BusinessId) -> Self {
        Credentials { key, business_id }
    }

    pub(crate) fn key(&self) -> &K {
        &self.key
    }

    pub(crate) fn business_id(&self) -> &BusinessId {
        &self.business_id
    }

    /// The key's text and the business ID, for a request's headers; `None`
    /// for the placeholder of a build without keys, so that it never
    /// reaches a request (nor the panic of its `expose_secret`).
    #[cfg_attr(not(feature = "http"), allow(dead_code))]
    pub(crate) fn expose(&self) -> Option<(&str, &str)> {
        if self.key.is_placeholder() {
            return None;
        }
        Some((self.key.expose_secret(), self.business_id.as_str()))
    }
}

/// A handle for backend operations, holding the normal API key. Its `Debug`
/// is redacted.
///
/// Creating one never allocates when the key and business ID were injected at
/// build time; the HTTP client behind it is shared by the whole process.
#[derive(Clone, Debug)]
pub struct BackendClient<M: Mode> {
    pub(crate) credentials: Credentials<ApiKey<M>>,
    #[cfg(feature = "http")]
    pub(crate) config: crate::http::config::Config,
}

/// A handle for frontend (checkout) operations, holding the checkout key. Its
/// `Debug` is redacted.
///
/// It has no backend operation: creating, listing, updating or deleting
/// payment links, invoices or recurring payments is only on [`BackendClient`].
#[derive(Clone, Debug)]
pub struct CheckoutClient<M: Mode> {
    pub(crate) credentials: Credentials<CheckoutKey<M>>,
    #[cfg(feature = "http")]
    pub(crate) config: crate::http::config::Config,
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
            credentials: Credentials::new(key, business_id),
            #[cfg(feature = "http")]
            config: crate::http::config::Config::DEFAULT,
        }
    }

    /// The normal key.
    pub fn key(&self) -> &ApiKey<M> {
        self.credentials.key()
    }
}

impl<M: Mode> CheckoutClient<M> {
    /// A handle from a checkout key and business ID obtained at run time.
    ///
    /// Cheap: no allocation, no I/O. The handle talks to Mileston's production
    /// checkout origin with the default timeout and retry policy.
    pub fn new(key: CheckoutKey<M>, business_id: BusinessId) -> Self {
        CheckoutClient {
            credentials: Credentials::new(key, business_id),
            #[cfg(feature = "http")]
            config: crate::http::config::Config::DEFAULT,
        }
    }

    /// The checkout key.
    pub fn key(&self) -> &CheckoutKey<M> {
        self.credentials.key()
    }
}

/// What both handles have besides their key: the business ID and the
/// connection settings (delegated to `http::config::Config`).
macro_rules! shared {
    ($handle:ident) => {
        impl<M: Mode> $handle<M> {
            /// The business ID.
            pub fn business_id(&self) -> &BusinessId {
                self.credentials.business_id()
            }

            /// Sets a base URL that the attribute checked and normalised at
            /// build time: no check and no allocation here. Without the `http`
            /// feature there is no request, so it does nothing.
            #[cfg_attr(not(feature = "http"), allow(unused_mut, unused_variables))]
            pub(crate) fn with_static_base_url(mut self, url: &'static str) -> Self {
                #[cfg(feature = "http")]
                {
                    self.config = self.config.with_static_base_url(url);
                }
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
            #[cfg(feature = "http")]
            pub fn with_base_url(mut self, url: &str) -> Result<Self, crate::Error> {
                self.config = self.config.with_base_url(url)?;
                Ok(self)
            }

            /// The timeout of one attempt, from connecting to the last byte of
            /// the answer (default 30 s). On native targets connecting alone is
            /// also limited to 10 s.
            #[cfg(feature = "http")]
            pub fn with_timeout(mut self, timeout: core::time::Duration) -> Self {
                self.config = self.config.with_timeout(timeout);
                self
            }

            /// How many times a `GET` is retried after a failed first attempt
            /// (default 2, so 3 attempts). Only `GET`s that failed to connect,
            /// lost their connection or were answered 429 or 5xx are retried;
            /// `POST`, `PATCH` and `DELETE` never are. `0` disables retries.
            #[cfg(feature = "http")]
            pub fn with_retries(mut self, retries: u32) -> Self {
                self.config = self.config.with_retries(retries);
                self
            }

            /// The first retry's delay (default 200 ms), doubled at each
            /// further retry up to 2 s, with jitter. A `Retry-After` in
            /// seconds from the server is honoured instead, up to 10 s (a
            /// longer one ends the retries).
            #[cfg(feature = "http")]
            pub fn with_retry_delay(mut self, delay: core::time::Duration) -> Self {
                self.config = self.config.with_retry_delay(delay);
                self
            }

            /// Sends this handle's requests through `client` instead of the
            /// one process-wide client every handle shares by default: for a
            /// proxy, your own root certificates, a client certificate
            /// (mTLS), pool or HTTP/2 settings. It is a reqwest 0.13
            /// `Client`, the version this crate uses. The handle keeps it (a
            /// reference count to clone) and so do its clones. Native
            /// targets only.
            ///
            /// The handle still sets, on each request: its timeout
            /// ([`with_timeout`](Self::with_timeout), which replaces
            /// `client`'s own), its retries, its headers, and
            /// `User-Agent: mileston-config/<version>`, which replaces a
            /// user agent set on `client` (in reqwest a request's header
            /// wins over a client's default); `client`'s other default
            /// headers are sent as well.
            ///
            /// `client` decides the rest, redirects among them. The default
            /// client refuses redirects: one would carry the `apikey` header
            /// (and the wallet API's signature) to wherever it points, since
            /// reqwest drops only `Authorization`, `Cookie` and their like on
            /// a redirect to another host, and a refused redirect is answered
            /// as [`Error::Status`](crate::Error::Status) with its 3xx.
            /// reqwest's own default follows up to 10 redirects, so build
            /// `client` with `redirect(Policy::none())` as below. The default
            /// client also gives up connecting after 10 s and verifies
            /// certificates with the platform's verifier (rustls).
            ///
            /// ```no_run
            /// # use mileston_config::{ApiKey, BackendClient, BusinessId, Test};
            /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
            /// # let handle = BackendClient::<Test>::new(
            /// #     ApiKey::parse(&std::env::var("MILESTON_API_KEY")?)?,
            /// #     BusinessId::new("biz_1")?,
            /// # );
            /// use reqwest::redirect::Policy;
            ///
            /// let client = reqwest::Client::builder()
            ///     .redirect(Policy::none()) // never carry the key elsewhere
            ///     .proxy(reqwest::Proxy::https("http://proxy.internal:3128")?)
            ///     .build()?;
            /// let handle = handle.with_http_client(client);
            /// # let _ = handle;
            /// # Ok(())
            /// # }
            /// ```
            #[cfg(all(feature = "http", not(target_arch = "wasm32")))]
            pub fn with_http_client(mut self, client: reqwest::Client) -> Self {
                self.config = self.config.with_http_client(client);
                self
            }

            /// The origin set by [`with_base_url`](Self::with_base_url), if any
            /// (without trailing `/`); `None` means Mileston's production
            /// origins ([`crate::endpoints`]).
            #[cfg(feature = "http")]
            pub fn base_url(&self) -> Option<&str> {
                self.config.base_url()
            }

            /// The timeout of one attempt.
            #[cfg(feature = "http")]
            pub fn timeout(&self) -> core::time::Duration {
                self.config.timeout()
            }

            /// How many times a failed `GET` is retried.
            #[cfg(feature = "http")]
            pub fn retries(&self) -> u32 {
                self.config.retries()
            }
        }
    };
}

shared!(BackendClient);
shared!(CheckoutClient);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mode::Test;

    const KEY: &str = "Mileston_TEST_FAKEfake0000000000a1";

    fn backend() -> BackendClient<Test> {
        BackendClient::new(
            ApiKey::from_static(KEY).unwrap(),
            BusinessId::from_static("biz_1").unwrap(),
        )
    }

    /// The attribute's base URL is kept as given (it was checked and
    /// normalised at build time, and again by `__private`).
    /// Without the HTTP client there is nothing to keep it for.
    #[test]
    fn a_static_base_url_is_kept_as_given() {
        let b = backend().with_static_base_url("http://127.0.0.1:4010");
        assert_eq!(b.key().expose_secret(), KEY);
        #[cfg(feature = "http")]
        {
            assert_eq!(b.base_url(), Some("http://127.0.0.1:4010"));
            assert_eq!(backend().base_url(), None);
        }
    }

    #[test]
    fn credentials_are_withheld_for_a_placeholder() {
        let real = Credentials::new(
            ApiKey::<Test>::from_static(KEY).unwrap(),
            BusinessId::from_static("biz_1").unwrap(),
        );
        assert_eq!(real.expose(), Some((KEY, "biz_1")));
        let placeholder = Credentials::new(
            CheckoutKey::<Test>::placeholder(),
            BusinessId::placeholder(),
        );
        assert_eq!(placeholder.expose(), None);
        assert!(!format!("{real:?}").contains("FAKEfake"));
    }
}
