//! The wallet API (`/user`), only on [`WalletClient`]: payouts, sub-wallets,
//! batch payouts, transaction status. Every call is signed: its body is
//! serialized once, signed (`sign.rs`) and those same bytes are sent.
//!
//! Money never moves twice: a call that moves funds is sent once, never
//! again automatically (not after a lost connection, a timeout, a 429 or a
//! 5xx), and a lost answer is reported as [`Error::OutcomeUnknown`]. Reads
//! are retried as the other handles' reads are.

use serde::Serialize;

use super::model::decode::{Invalid, from_json};
use super::model::wallet::answers::{
    BatchSent, ChainWallet, CreatedSubWallet, Sent, SubWallet, SubWallets, Transaction, Wallet,
    Wallets, bare_or_in_data, in_data_or_bare,
};
use super::model::wallet::requests::{BatchPayout, NewSubWallet, Payout};
use super::sign::{EMPTY_BODY, HEADER, sign};
use crate::endpoints::Service;
use crate::http::error::Error;
use crate::http::request::{Auth, Endpoint, Method, Request, Retry, push_id};
use crate::http::response::read_with;
use crate::http::retry::execute;
use crate::mode::Mode;
use crate::wallet::WalletClient;

/// Whether a call moves funds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Moves {
    /// Sent once only; a lost answer is an unknown outcome.
    Funds,
    /// Retried per its method (reads) like any other call.
    Nothing,
}

/// `method` on the wallet API's `path`, sent by the handle's `operation`,
/// for requests, messages and spans.
const fn endpoint(operation: &'static str, method: Method, path: &'static str) -> Endpoint {
    Endpoint::new(operation, Service::Wallet, method, "/user", path)
}

const SEND_PAYMENT: Endpoint = endpoint("send_payment", Method::Post, "/send-payment");
const CREATE_SUB_WALLET: Endpoint = endpoint("create_sub_wallet", Method::Post, "/sub-wallet");
const CREATE_NEW_SUB_WALLET: Endpoint =
    endpoint("create_new_sub_wallet", Method::Post, "/sub-wallet/create");
const GET_SUB_WALLET: Endpoint = endpoint("get_sub_wallet", Method::Get, "/sub-wallet/{uuid}");
const GET_ALL_SUB_WALLETS: Endpoint =
    endpoint("get_all_sub_wallets", Method::Get, "/sub-wallet/all");
const GET_ALL_WALLETS: Endpoint = endpoint("get_all_wallets", Method::Get, "/all-wallets");
const SEND_FUNDS: Endpoint = endpoint("send_funds", Method::Post, "/sub-wallet/{uuid}/send");
const DELETE_SUB_WALLET: Endpoint =
    endpoint("delete_sub_wallet", Method::Delete, "/sub-wallet/{uuid}");
const BATCH_PAYMENT: Endpoint = endpoint("batch_payment", Method::Post, "/batch-payment");
const TRANSACTION_STATUS: Endpoint = endpoint(
    "get_transaction_status",
    Method::Get,
    "/transaction-status/{uuid}",
);

/// `payload` as the bytes to sign and send: compact JSON, members in the
/// order the type declares them (Mileston's SDK's order).
fn json(payload: &impl Serialize) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(payload).map_err(|_| Error::UNWRITABLE_BODY)
}

/// `/user` + `path`'s fixed part + the ID as one segment + `tail`.
fn path_with_id(head: &str, id: &str, tail: &str) -> Result<String, Error> {
    let mut path = String::from(head);
    push_id(&mut path, id)?;
    path.push_str(tail);
    Ok(path)
}

impl<M: Mode> WalletClient<M> {
    /// Signs `body`, sends it to `path` and reads a 2xx answer with
    /// `decode`; anything else is an [`Error`].
    async fn call<T>(
        &self,
        endpoint: Endpoint,
        path: &str,
        body: Vec<u8>,
        moves: Moves,
        decode: impl FnOnce(&[u8]) -> Result<T, Invalid>,
    ) -> Result<T, Error> {
        let auth = Auth::of(&self.backend.credentials)?;
        // A build without keys has a placeholder secret too; never expose it.
        if self.secret.is_placeholder() {
            return Err(Error::NoKeys);
        }
        let secret = self.secret.expose_secret();
        let signature = sign(secret, &body);
        let headers = [(HEADER, signature.as_str())];
        let config = &self.backend.config;
        let mut request = Request::new(endpoint, config.url(Service::Wallet, path)).auth(auth);
        request.headers = &headers;
        // `Content-Type: application/json` comes with the identity headers;
        // on wasm the transport drops a `GET`'s body (`fetch` refuses one),
        // and the `{}` is signed all the same.
        request.body = Some(std::borrow::Cow::Owned(body));
        request.signed_with = Some(secret);
        if moves == Moves::Funds {
            request.retry = Retry::Never;
        }
        let reply = match execute(config, &request).await {
            Ok(reply) => reply,
            Err(cause @ (Error::Timeout { .. } | Error::Transport { .. }))
                if moves == Moves::Funds =>
            {
                return Err(Error::OutcomeUnknown {
                    call: endpoint.to_string(),
                    cause: Box::new(cause),
                });
            }
            Err(e) => return Err(e),
        };
        read_with(&reply, &request, decode)
    }

    /// A read (`GET`, body `{}`) whose answer `decode` reads.
    async fn read<T>(
        &self,
        endpoint: Endpoint,
        path: &str,
        decode: impl FnOnce(&[u8]) -> Result<T, Invalid>,
    ) -> Result<T, Error> {
        let body = EMPTY_BODY.to_vec();
        self.call(endpoint, path, body, Moves::Nothing, decode)
            .await
    }

    /// Sends a payment from the business's main wallet
    /// (`POST /user/send-payment`, Mileston's `sendPayment`).
    ///
    /// Sent once: never again automatically. When no answer comes (a lost
    /// connection, the timeout) the error is [`Error::OutcomeUnknown`]:
    /// find out whether it went through before sending it again.
    pub async fn send_payment(&self, payout: &Payout) -> Result<Sent, Error> {
        payout.validate()?;
        let body = json(payout)?;
        self.call(
            SEND_PAYMENT,
            "/send-payment",
            body,
            Moves::Funds,
            Sent::from_json,
        )
        .await
    }

    /// Creates a sub-wallet with a UUID Mileston chooses, and returns its
    /// recovery phrase, once (`POST /user/sub-wallet`, Mileston's
    /// `createSubWallet`; the body is `{}`).
    pub async fn create_sub_wallet(&self) -> Result<CreatedSubWallet, Error> {
        let body = EMPTY_BODY.to_vec();
        self.call(
            CREATE_SUB_WALLET,
            "/sub-wallet",
            body,
            Moves::Nothing,
            bare_or_in_data::<CreatedSubWallet>,
        )
        .await
    }

    /// Creates a sub-wallet with the UUID you give, and returns its address
    /// on the chain you name (`POST /user/sub-wallet/create`, Mileston's
    /// `createNewSubWallet`).
    pub async fn create_new_sub_wallet(
        &self,
        sub_wallet: &NewSubWallet,
    ) -> Result<ChainWallet, Error> {
        sub_wallet.validate()?;
        let body = json(sub_wallet)?;
        self.call(
            CREATE_NEW_SUB_WALLET,
            "/sub-wallet/create",
            body,
            Moves::Nothing,
            bare_or_in_data::<ChainWallet>,
        )
        .await
    }

    /// Reads a sub-wallet: its address and balance on each chain
    /// (`GET /user/sub-wallet/{uuid}`, Mileston's `getSubWallet`).
    pub async fn get_sub_wallet(&self, uuid: &str) -> Result<SubWallet, Error> {
        let path = path_with_id("/sub-wallet", uuid, "")?;
        self.read(GET_SUB_WALLET, &path, bare_or_in_data::<SubWallet>)
            .await
    }

    /// Reads every sub-wallet (`GET /user/sub-wallet/all`, Mileston's
    /// `getAllSubWallets`).
    pub async fn get_all_sub_wallets(&self) -> Result<SubWallets, Error> {
        let decode = in_data_or_bare::<SubWallets>;
        self.read(GET_ALL_SUB_WALLETS, "/sub-wallet/all", decode)
            .await
    }

    /// Reads the business's own wallets, one per chain, with their balances
    /// (`GET /user/all-wallets`, Mileston's `getAllWallets`).
    pub async fn get_all_wallets(&self) -> Result<Vec<Wallet>, Error> {
        self.read(GET_ALL_WALLETS, "/all-wallets", from_json::<Wallets>)
            .await
            .map(|Wallets(list)| list)
    }

    /// Sends a payment from a sub-wallet
    /// (`POST /user/sub-wallet/{uuid}/send`, Mileston's `sendFunds`).
    ///
    /// Sent once, as [`send_payment`](Self::send_payment) is.
    pub async fn send_funds(&self, sub_wallet_uuid: &str, payout: &Payout) -> Result<Sent, Error> {
        let path = path_with_id("/sub-wallet", sub_wallet_uuid, "/send")?;
        payout.validate()?;
        let body = json(payout)?;
        self.call(SEND_FUNDS, &path, body, Moves::Funds, Sent::from_json)
            .await
    }

    /// Deletes a sub-wallet (`DELETE /user/sub-wallet/{uuid}`, Mileston's
    /// `deleteSubWallet`; the body is `{}`).
    pub async fn delete_sub_wallet(&self, uuid: &str) -> Result<(), Error> {
        let path = path_with_id("/sub-wallet", uuid, "")?;
        let body = EMPTY_BODY.to_vec();
        self.call(DELETE_SUB_WALLET, &path, body, Moves::Nothing, |_| Ok(()))
            .await
    }

    /// Pays several recipients from the main wallet in one call
    /// (`POST /user/batch-payment`, Mileston's `batchPayment`). Recipients
    /// and amounts of unequal length, or none, are refused before sending.
    ///
    /// Sent once, as [`send_payment`](Self::send_payment) is.
    pub async fn batch_payment(&self, batch: &BatchPayout) -> Result<BatchSent, Error> {
        batch.validate()?;
        let body = json(batch)?;
        self.call(
            BATCH_PAYMENT,
            "/batch-payment",
            body,
            Moves::Funds,
            BatchSent::from_json,
        )
        .await
    }

    /// Reads a transaction: where it stands, and its chain signature once
    /// there is one (`GET /user/transaction-status/{uuid}`, Mileston's
    /// `getTransactionStatus`).
    pub async fn get_transaction_status(&self, uuid: &str) -> Result<Transaction, Error> {
        let path = path_with_id("/transaction-status", uuid, "")?;
        let decode = in_data_or_bare::<Transaction>;
        self.read(TRANSACTION_STATUS, &path, decode).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::request::Reply;
    use crate::http::response::check;

    /// A server that quotes the signing secret, whole or in part, has it
    /// removed from the error, as the key is.
    #[test]
    fn the_servers_words_lose_the_signing_secret() {
        let secret = "sandboxFAKE-wallet-secret-0001";
        let mut request = Request::new(SEND_PAYMENT, String::new()).auth(Auth {
            key: "Mileston_TEST_FAKEfake0000000000a1",
            business_id: "biz_1",
        });
        request.signed_with = Some(secret);
        let reply = Reply {
            status: 401,
            retry_after: None,
            body: br#"{"message":"expected a signature by sandboxFAKE-wallet-secret-0001 (wallet-secret-00) for FAKEfake0000000000a1"}"#.to_vec(),
        };
        assert_eq!(
            check(&reply, &request),
            Err(Error::Status {
                status: 401,
                message: "expected a signature by <redacted> (<redacted>) for <redacted>".into()
            })
        );
    }

    #[test]
    fn endpoints_read_as_the_wire_protocol_names_them() {
        assert_eq!(SEND_PAYMENT.to_string(), "POST /user/send-payment");
        assert_eq!(SEND_FUNDS.to_string(), "POST /user/sub-wallet/{uuid}/send");
        assert_eq!(
            path_with_id("/sub-wallet", "a b", "/send").unwrap(),
            "/sub-wallet/a%20b/send"
        );
    }
}
