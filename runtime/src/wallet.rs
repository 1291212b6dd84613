//! The wallet handle: what `#[mileston_config(wallet)]` generates an accessor
//! for. Mileston's wallet API (payouts, sub-wallets) takes the normal key and
//! the business ID like the backend, and signs every request with a separate
//! secret; the handle carries all three, and only on servers. The ten calls
//! are in `http/wallet.rs`.

use crate::handle::BackendClient;
use crate::key::{ApiKey, BusinessId};
use crate::mode::Mode;
use crate::secrets::WalletSecret;

/// A handle for Mileston's wallet API: the normal key, the business ID and
/// the signing secret. Its `Debug` shows the key redacted and nothing of the
/// secret.
///
/// Like the normal key, the signing secret is a backend secret: the attribute
/// refuses `wallet` in a wasm build, and a server-side wasm reads it at run
/// time from the platform's secrets ([`WalletClient::new`]).
#[derive(Clone, Debug)]
pub struct WalletClient<M: Mode> {
    pub(crate) backend: BackendClient<M>,
    pub(crate) secret: WalletSecret,
}

impl<M: Mode> WalletClient<M> {
    /// A handle from values obtained at run time, each checked by its type's
    /// parser ([`ApiKey::parse`], [`BusinessId::new`], [`WalletSecret::new`],
    /// which refuses a Mileston key as the secret).
    pub fn new(key: ApiKey<M>, business_id: BusinessId, secret: WalletSecret) -> Self {
        WalletClient {
            backend: BackendClient::new(key, business_id),
            secret,
        }
    }

    /// The wallet handle of a backend handle, sharing its key, business ID and
    /// connection settings.
    pub fn from_backend(backend: BackendClient<M>, secret: WalletSecret) -> Self {
        WalletClient { backend, secret }
    }

    /// The normal key.
    pub fn key(&self) -> &ApiKey<M> {
        self.backend.key()
    }

    /// The business ID.
    pub fn business_id(&self) -> &BusinessId {
        self.backend.business_id()
    }

    /// The signing secret.
    pub fn secret(&self) -> &WalletSecret {
        &self.secret
    }
}

/// The connection settings, as on the other handles (the same settings: the
/// wallet handle keeps its backend handle's).
#[cfg(feature = "http")]
impl<M: Mode> WalletClient<M> {
    /// Points the wallet API at one origin, for instance a local sandbox
    /// (`http://127.0.0.1:PORT`); see [`BackendClient::with_base_url`].
    ///
    /// # Errors
    /// [`Error::BaseUrl`](crate::Error::BaseUrl), as for the backend handle.
    pub fn with_base_url(mut self, url: &str) -> Result<Self, crate::Error> {
        self.backend = self.backend.with_base_url(url)?;
        Ok(self)
    }

    /// The timeout of one attempt (default 30 s). A call that moves funds and
    /// gets no answer in time fails with
    /// [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown).
    pub fn with_timeout(mut self, timeout: core::time::Duration) -> Self {
        self.backend = self.backend.with_timeout(timeout);
        self
    }

    /// How many times a read (`GET`) is retried after a failed first attempt
    /// (default 2). Calls that move funds are never retried, whatever this
    /// says.
    pub fn with_retries(mut self, retries: u32) -> Self {
        self.backend = self.backend.with_retries(retries);
        self
    }

    /// The first retry's delay (default 200 ms), doubled at each further
    /// retry; a `Retry-After` in seconds is honoured instead, up to 10 s.
    pub fn with_retry_delay(mut self, delay: core::time::Duration) -> Self {
        self.backend = self.backend.with_retry_delay(delay);
        self
    }

    /// Sends this handle's requests through `client` (native targets): see
    /// [`BackendClient::with_http_client`], whose rules hold here too. Its
    /// redirect policy matters most here: a followed redirect would carry
    /// the key and the request's signature elsewhere.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn with_http_client(mut self, client: reqwest::Client) -> Self {
        self.backend = self.backend.with_http_client(client);
        self
    }

    /// The origin set by [`with_base_url`](Self::with_base_url), if any;
    /// `None` means Mileston's production origin
    /// ([`crate::endpoints::WALLET_ORIGIN`]).
    pub fn base_url(&self) -> Option<&str> {
        self.backend.base_url()
    }

    /// The timeout of one attempt.
    pub fn timeout(&self) -> core::time::Duration {
        self.backend.timeout()
    }

    /// How many times a failed read is retried.
    pub fn retries(&self) -> u32 {
        self.backend.retries()
    }
}
