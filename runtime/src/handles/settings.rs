//! What every handle that talks to Mileston is besides its operations: a
//! key of its kind, the business ID, for the wallet API a signing secret,
//! its connection settings (each a method over the client's `Settings`), the
//! identity its requests carry, and the one private `send` its operations go
//! through. Written once, for the three handles, by [`handle!`].

/// A handle `$handle<M>` holding a key of type `$key<M>` (and, when given, a
/// wallet signing secret in the field `$signing`), with its accessors, its
/// settings methods, its identity and `send`.
macro_rules! handle {
    // Whether the handle signs its bodies, as a type: the wallet handle (the
    // one given a signing field) does; the others link no signing code.
    (@signer) => { $crate::client::Unsigned };
    (@signer $signing:ident) => { $crate::client::Signed };
    ($(#[$doc:meta])* $handle:ident, $key:ident $(, $signing:ident)?) => {
        $(#[$doc])*
        #[derive(Clone, Debug)]
        pub struct $handle<M: $crate::mode::Mode> {
            pub(crate) key: $crate::credentials::$key<M>,
            pub(crate) business_id: $crate::credentials::BusinessId,
            $(pub(crate) $signing: $crate::credentials::WalletSecret,)?
            #[cfg(feature = "http")]
            pub(crate) settings: $crate::client::Settings,
        }

        impl<M: $crate::mode::Mode> $handle<M> {
            /// The key.
            pub fn key(&self) -> &$crate::credentials::$key<M> {
                &self.key
            }

            /// What a request carries (the key, the business ID, a signing
            /// secret), or [`Error::NoKeys`](crate::Error::NoKeys) for a
            /// handle built without keys.
            #[cfg(feature = "http")]
            fn identity(&self) -> Result<$crate::client::Identity<'_>, $crate::client::Error> {
                use $crate::client::Error::NoKeys;
                Ok($crate::client::Identity {
                    key: self.key.text().ok_or(NoKeys)?,
                    business_id: self.business_id.as_str(),
                    signing: None $(.or(Some(self.$signing.text().ok_or(NoKeys)?)))?,
                })
            }
            /// The business ID.
            pub fn business_id(&self) -> &$crate::credentials::BusinessId {
                &self.business_id
            }

            /// Sets a base URL that the attribute checked at build time (and
            /// `Settings` checks again: `None` if refused). Without the
            /// `http` feature there is no request, so it does nothing.
            #[cfg_attr(not(feature = "http"), allow(unused_mut, unused_variables))]
            pub(crate) fn with_static_base_url(
                mut self,
                url: &'static str,
                allow_live: bool,
            ) -> Option<Self> {
                #[cfg(feature = "http")]
                {
                    self.settings = self
                        .settings
                        .with_static_base_url(url, M::MODE, allow_live)
                        .ok()?;
                }
                Some(self)
            }

            /// Points every service at one origin, for instance a local
            /// sandbox (`http://127.0.0.1:PORT`). A trailing `/` is removed.
            ///
            /// # Errors
            /// [`Error::BaseUrl`](crate::Error::BaseUrl) when the URL is not
            /// `https://`, except `http://` to loopback (`127.0.0.0/8`,
            /// `[::1]`, `localhost`), or is malformed (user information, a
            /// query, ...): see [`BaseUrlError`](crate::BaseUrlError); and,
            /// for a live handle, unless
            /// [`allow_live_base_url`](Self::allow_live_base_url) was called
            /// first ([`BaseUrlError::LiveKey`](crate::BaseUrlError::LiveKey)):
            /// a live key belongs to Mileston's services, as with the
            /// attribute's `base_url`.
            #[cfg(feature = "http")]
            pub fn with_base_url(mut self, url: &str) -> Result<Self, $crate::client::Error> {
                self.settings = self.settings.with_base_url(url, M::MODE)?;
                Ok(self)
            }

            /// Lets a live handle's key go to the origin
            /// [`with_base_url`](Self::with_base_url) sets next: the caller's
            /// word that the origin is its own proxy or gateway (the
            /// attribute's `allow_live_base_url`). Call it before
            /// `with_base_url`. A test handle needs no opt-in.
            #[cfg(feature = "http")]
            pub fn allow_live_base_url(mut self) -> Self {
                self.settings = self.settings.allow_live_base_url();
                self
            }

            /// The timeout of one attempt, from connecting to the last byte of
            /// the answer (default 30 s). On native targets connecting alone is
            /// also limited to 10 s.
            #[cfg(feature = "http")]
            pub fn with_timeout(mut self, timeout: core::time::Duration) -> Self {
                self.settings = self.settings.with_timeout(timeout);
                self
            }

            /// How many times a read (`GET`) is retried after a failed first
            /// attempt (default 2, so 3 attempts). Only reads that failed to
            /// connect, lost their connection or were answered 429 or 5xx are
            /// retried; nothing that creates, changes or moves anything ever
            /// is. `0` disables retries.
            #[cfg(feature = "http")]
            pub fn with_retries(mut self, retries: u32) -> Self {
                self.settings = self.settings.with_retries(retries);
                self
            }

            /// The first retry's delay (default 200 ms), doubled at each
            /// further retry up to 2 s, with jitter. A `Retry-After` in
            /// seconds from the server is honoured instead, up to 10 s (a
            /// longer one ends the retries).
            #[cfg(feature = "http")]
            pub fn with_retry_delay(mut self, delay: core::time::Duration) -> Self {
                self.settings = self.settings.with_retry_delay(delay);
                self
            }

            /// Sends this handle's requests through `client` instead of the
            /// one process-wide client every handle shares by default: for a
            /// proxy, your own root certificates, a client certificate
            /// (mTLS), pool or HTTP/2 settings. It is a reqwest 0.13
            /// `Client`, the version this crate uses; build it with
            /// [`http_client_builder`](crate::http_client_builder), which
            /// starts from this crate's defaults. The handle keeps it (a
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
            /// `client` decides the rest, redirects among them: a followed
            /// redirect would carry the `apikey` header (and the wallet
            /// API's signature) to wherever it points, since reqwest drops
            /// only `Authorization`, `Cookie` and their like on a redirect to
            /// another host. [`http_client_builder`](crate::http_client_builder)
            /// refuses redirects; a refused redirect is answered as
            /// [`Error::Status`](crate::Error::Status) with its 3xx.
            #[cfg(all(feature = "http", not(target_arch = "wasm32")))]
            pub fn with_http_client(mut self, client: reqwest::Client) -> Self {
                self.settings = self.settings.with_http_client(client);
                self
            }

            /// The origin set by [`with_base_url`](Self::with_base_url), if any
            /// (without trailing `/`); `None` means Mileston's production
            /// origins.
            #[cfg(feature = "http")]
            pub fn base_url(&self) -> Option<&str> {
                self.settings.base_url()
            }

            /// The timeout of one attempt.
            #[cfg(feature = "http")]
            pub fn timeout(&self) -> core::time::Duration {
                self.settings.timeout()
            }

            /// How many times a failed read is retried.
            #[cfg(feature = "http")]
            pub fn retries(&self) -> u32 {
                self.settings.retries()
            }

            /// Sends a call of `op` with the handle's identity and settings.
            #[cfg(feature = "http")]
            async fn send<T>(
                &self,
                op: &$crate::api::Operation<T>,
                call: $crate::api::Call<'_>,
            ) -> Result<T, $crate::client::Error> {
                let signer = super::settings::handle!(@signer $($signing)?);
                $crate::client::send(&self.settings, op, call, Some(self.identity()?), signer).await
            }

            /// `GET /status` of `service`, which sends no key.
            #[cfg(feature = "http")]
            async fn status(
                &self,
                service: mileston_config_core::protocol::Service,
            ) -> Result<$crate::models::backend::Health, $crate::client::Error> {
                let op = $crate::api::backend::health(service);
                let signer = $crate::client::Unsigned;
                $crate::client::send(&self.settings, &op, Default::default(), None, signer).await
            }
        }
    };
}

pub(crate) use handle;
