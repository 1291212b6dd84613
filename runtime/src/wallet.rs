//! The wallet handle: what `#[mileston_config(wallet)]` generates an accessor
//! for. Mileston's wallet API (payouts, sub-wallets) takes the normal key and
//! the business ID like the backend, and signs every request with a separate
//! secret; the handle carries all three, and only on servers.

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
