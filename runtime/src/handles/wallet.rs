//! The wallet handle: Mileston's wallet API (payouts, sub-wallets), which
//! takes the normal key and the business ID like the backend and signs every
//! body with a separate secret; the handle carries all three, and only on
//! servers. Each method is one call of its operation (`crate::api::wallet`);
//! every body is written once, signed, and those same bytes are sent.
//!
//! Money never moves twice: a call that moves funds is sent once, never
//! again automatically, and an answer that does not prove what happened
//! (none, a 408, a 5xx, a 2xx that cannot be read) is
//! [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown). Reads are
//! retried as the other handles' reads are.

#[cfg(feature = "http")]
use mileston_config_core::protocol::Service;

#[cfg(feature = "http")]
use crate::api::{Call, wallet as op};
#[cfg(feature = "http")]
use crate::client::Error;
use crate::credentials::{BusinessId, NormalKey, WalletSecret};
use crate::mode::Mode;
#[cfg(feature = "http")]
use crate::models::backend::Health;
#[cfg(feature = "http")]
use crate::models::wallet::answers::{
    BatchSent, ChainWallet, CreatedSubWallet, Sent, SubWallet, SubWallets, Transaction, Wallet,
};
#[cfg(feature = "http")]
use crate::models::wallet::requests::{Asked, BatchPayout, NewSubWallet, Payout, Source};

use super::BackendClient;

super::settings::handle!(
    /// A handle for Mileston's wallet API: the normal key, the business ID
    /// and the signing secret. Its `Debug` shows the key redacted and
    /// nothing of the secret.
    ///
    /// Like the normal key, the signing secret is a backend secret: the
    /// attribute refuses `wallet` in a wasm build, and a server-side wasm
    /// reads it at run time from the platform's secrets
    /// ([`WalletClient::new`]).
    WalletClient,
    NormalKey,
    secret
);

impl<M: Mode> WalletClient<M> {
    /// A handle from values obtained at run time, each checked by its type's
    /// parser ([`NormalKey::parse`], [`BusinessId::new`], [`WalletSecret::new`],
    /// which refuses a Mileston key as the secret).
    pub fn new(key: NormalKey<M>, business_id: BusinessId, secret: WalletSecret) -> Self {
        WalletClient::from_backend(BackendClient::new(key, business_id), secret)
    }

    /// The wallet handle of a backend handle, sharing its key, business ID and
    /// connection settings.
    pub fn from_backend(backend: BackendClient<M>, secret: WalletSecret) -> Self {
        WalletClient {
            key: backend.key,
            business_id: backend.business_id,
            secret,
            #[cfg(feature = "http")]
            settings: backend.settings,
        }
    }

    /// The signing secret.
    pub fn secret(&self) -> &WalletSecret {
        &self.secret
    }
}

#[cfg(feature = "http")]
impl<M: Mode> WalletClient<M> {
    /// Sends a payment from the business's main wallet
    /// (`POST /user/send-payment`, Mileston's `sendPayment`).
    ///
    /// Sent once: never again automatically. When the answer does not prove
    /// what happened the error is [`Error::OutcomeUnknown`]: find out
    /// whether it went through before sending it again.
    pub async fn send_payment(&self, payout: &Payout) -> Result<Sent, Error> {
        let asked = sent_now(Asked::payout(Source::MainWallet, payout));
        self.send(&op::SEND, Call::default().json(payout)?.asking(asked))
            .await
    }

    /// Creates a sub-wallet with a UUID Mileston chooses, and returns its
    /// recovery phrase, once (`POST /user/sub-wallet`, Mileston's
    /// `createSubWallet`; the body is `{}`).
    pub async fn create_sub_wallet(&self) -> Result<CreatedSubWallet, Error> {
        self.send(&op::NEW_SUB_WALLET, Call::default()).await
    }

    /// Creates a sub-wallet with the UUID you give, and returns its address
    /// on the chain you name (`POST /user/sub-wallet/create`, Mileston's
    /// `createNewSubWallet`).
    pub async fn create_new_sub_wallet(
        &self,
        sub_wallet: &NewSubWallet,
    ) -> Result<ChainWallet, Error> {
        self.send(&op::NEW_NAMED_SUB_WALLET, Call::default().json(sub_wallet)?)
            .await
    }

    /// Reads a sub-wallet: its address and balance on each chain
    /// (`GET /user/sub-wallet/{uuid}`, Mileston's `getSubWallet`).
    pub async fn get_sub_wallet(&self, uuid: &str) -> Result<SubWallet, Error> {
        self.send(&op::SUB_WALLET, Call::id(uuid)).await
    }

    /// Reads every sub-wallet (`GET /user/sub-wallet/all`, Mileston's
    /// `getAllSubWallets`).
    pub async fn get_all_sub_wallets(&self) -> Result<SubWallets, Error> {
        self.send(&op::SUB_WALLETS, Call::default()).await
    }

    /// Reads the business's own wallets, one per chain, with their balances
    /// (`GET /user/all-wallets`, Mileston's `getAllWallets`).
    pub async fn get_all_wallets(&self) -> Result<Vec<Wallet>, Error> {
        self.send(&op::WALLETS, Call::default()).await
    }

    /// Sends a payment from a sub-wallet
    /// (`POST /user/sub-wallet/{uuid}/send`, Mileston's `sendFunds`).
    ///
    /// Sent once, as [`send_payment`](Self::send_payment) is.
    pub async fn send_funds(&self, sub_wallet_uuid: &str, payout: &Payout) -> Result<Sent, Error> {
        let asked = sent_now(Asked::payout(
            Source::SubWallet(sub_wallet_uuid.to_owned()),
            payout,
        ));
        let call = Call::id(sub_wallet_uuid).json(payout)?.asking(asked);
        self.send(&op::SEND_FROM_SUB_WALLET, call).await
    }

    /// Deletes a sub-wallet (`DELETE /user/sub-wallet/{uuid}`, Mileston's
    /// `deleteSubWallet`; the body is `{}`).
    pub async fn delete_sub_wallet(&self, uuid: &str) -> Result<(), Error> {
        self.send(&op::REMOVE_SUB_WALLET, Call::id(uuid)).await
    }

    /// Pays several recipients from the main wallet in one call
    /// (`POST /user/batch-payment`, Mileston's `batchPayment`). Recipients
    /// and amounts of unequal length, or none, are refused before sending.
    ///
    /// Sent once, as [`send_payment`](Self::send_payment) is.
    pub async fn batch_payment(&self, batch: &BatchPayout) -> Result<BatchSent, Error> {
        let asked = sent_now(Asked::batch(batch));
        self.send(&op::BATCH, Call::default().json(batch)?.asking(asked))
            .await
    }

    /// Reads a transaction: where it stands, and its chain signature once
    /// there is one (`GET /user/transaction-status/{uuid}`, Mileston's
    /// `getTransactionStatus`).
    pub async fn get_transaction_status(&self, uuid: &str) -> Result<Transaction, Error> {
        self.send(&op::TRANSACTION, Call::id(uuid)).await
    }

    /// Checks the wallet API's service (`GET /status` at its origin). No key
    /// is sent.
    pub async fn health(&self) -> Result<Health, Error> {
        self.status(Service::Wallet).await
    }
}

/// `asked`, stamped with this machine's clock as it is sent. Here, where a
/// call that moves funds is made, and not in the client's `send`: a page
/// that moves no funds then links no clock or date writing.
#[cfg(feature = "http")]
fn sent_now(mut asked: Asked) -> Asked {
    let now = crate::client::unix_millis();
    asked.sent_at = crate::models::date::IsoDate::from_unix_millis(now);
    asked
}
