//! Checkout operations: what the checkout key allows, as Mileston's checkout
//! SDK calls them: read a payment, save a settled payment, verify a QR-code
//! payment, and the addresses a checkout page needs (the deposit address of a
//! QR-code payment, a sub-wallet's addresses). The only methods on
//! [`CheckoutClient`] that talk to the API are here.
//!
//! Every request carries `Content-Type: application/json`; `GET`s have no
//! body (the checkout SDK's `fetch` sends none). `env`, in bodies, queries
//! and headers, is the handle's mode: `test` for [`Test`](crate::Test),
//! `prod` for [`Live`](crate::Live).

use super::status::health;
use crate::endpoints::Service;
use crate::handle::CheckoutClient;
use crate::http::error::Error;
use crate::http::model::addresses::{CheckoutSubWallet, PaymentWallet};
use crate::http::model::chains::{Chain, Token};
use crate::http::model::checkout::{SavePayment, VerifyPayment};
use crate::http::model::envelope::StatusCode;
use crate::http::model::payment::{Payment, Verification};
use crate::http::model::resources::Health;
use crate::http::model::values::{Env, PaymentKind};
use crate::http::request::{Auth, Endpoint, Method, Request, percent_encode, push_id};
use crate::http::response::{check, read, read_with};
use crate::http::retry::execute;
use crate::mode::Mode;

/// The message of the 400 that means "not paid yet".
fn is_awaiting(message: &str) -> bool {
    message.to_ascii_lowercase().contains("awaiting payment")
}

/// `method` on the checkout's `path`, sent by the handle's `operation`, for
/// requests, messages and spans.
const fn endpoint(operation: &'static str, method: Method, path: &'static str) -> Endpoint {
    Endpoint::new(operation, Service::Checkout, method, "/checkout", path)
}

/// Mileston's `env` for a handle of mode `M`: a test key works on test
/// networks, a live key on production ones.
fn env<M: Mode>() -> &'static str {
    Env::wire(M::MODE)
}

/// `?nativeTokens=T` when `token` is a chain's native coin, as Mileston's
/// checkout adds it to a save and a verification.
fn push_native_token(path: &mut String, token: Token) {
    if token.is_native() {
        path.push_str("?nativeTokens=");
        path.push_str(token.as_str());
    }
}

impl<M: Mode> CheckoutClient<M> {
    /// A request to the checkout's `path` with the handle's key, or
    /// [`Error::NoKeys`].
    fn request(&self, endpoint: Endpoint, path: &str) -> Result<Request<'_>, Error> {
        let url = self.config.url(Service::Checkout, path);
        Ok(Request::new(endpoint, url).auth(Auth::of(&self.credentials)?))
    }

    /// The business ID, sent as the default `userUUID`, or [`Error::NoKeys`].
    fn default_user_uuid(&self) -> Result<&str, Error> {
        Auth::of(&self.credentials).map(|a| a.business_id)
    }

    /// Reads a payment with its normalised status
    /// (`GET /checkout/data/{pattern}.get/{id}`). The answer is the kind's
    /// envelope (`invoiceData`, `paymentData`, `recurringPaymentData`); its
    /// hosted page ([`Payment::checkout_url`]) is the answer's link, else
    /// the page for its ID from Mileston's production services, else `None`
    /// (a base URL: nothing is made up for a sandbox).
    pub async fn get_payment(&self, kind: PaymentKind, id: &str) -> Result<Payment, Error> {
        let mut path = format!("/data/{}.get", kind.pattern());
        push_id(&mut path, id)?;
        let request = self.request(
            endpoint("get_payment", Method::Get, "/data/{pattern}.get/{id}"),
            &path,
        )?;
        let reply = execute(&self.config, &request).await?;
        let (mut payment, link) =
            read_with(&reply, &request, |json| Payment::from_json(kind, json))?;
        payment.set_checkout_url(link, self.config.base_url().is_none());
        Ok(payment)
    }

    /// Records a payment that has settled
    /// (`POST /checkout/save-payment/{pattern}.save[?nativeTokens=T]`, 201
    /// `{"statusCode":201,"message":"Payment saved"}`). Mileston's checkout
    /// saves a payment once its transfer is final and treats the save as the
    /// end of the payment: afterwards the payment reads as paid.
    ///
    /// Never retried: it records money moving.
    pub async fn save_payment(
        &self,
        kind: PaymentKind,
        payment: &SavePayment,
    ) -> Result<(), Error> {
        let body = payment.body(self.default_user_uuid()?, env::<M>())?;
        let mut path = format!("/save-payment/{}.save", kind.pattern());
        push_native_token(&mut path, payment.token);
        let endpoint = endpoint("save_payment", Method::Post, "/save-payment/{pattern}.save");
        let request = self.request(endpoint, &path)?.json(&body)?;
        let reply = execute(&self.config, &request).await?;
        check(&reply, &request)
    }

    /// Asks whether a QR-code payment has arrived
    /// (`POST /checkout/verify-payment/{pattern}.save[?nativeTokens=T]`).
    ///
    /// Not paid yet is not an error: the API's 400 "Still awaiting payment"
    /// comes back as `Ok(`[`Verification::AwaitingPayment`]`)`; any other
    /// failure (another 400, 401, 404, ...) is an [`Error`]. Paid is an answer
    /// whose `statusCode` is 200, as Mileston's checkout counts it.
    ///
    /// # Errors
    /// Before anything is sent, [`Error::InvalidInput`] for `evmChain` or
    /// `walletAddress` when `chain` is an EVM chain and one is unset:
    /// Mileston's SDK refuses those too.
    pub async fn verify_payment(
        &self,
        kind: PaymentKind,
        payment: &VerifyPayment,
    ) -> Result<Verification, Error> {
        let body = payment.body(self.default_user_uuid()?, env::<M>())?;
        let mut path = format!("/verify-payment/{}.save", kind.pattern());
        push_native_token(&mut path, payment.token);
        let endpoint = endpoint(
            "verify_payment",
            Method::Post,
            "/verify-payment/{pattern}.save",
        );
        let request = self.request(endpoint, &path)?.json(&body)?;
        let reply = execute(&self.config, &request).await?;
        match read::<StatusCode>(&reply, &request) {
            // Without a `statusCode`, the HTTP status stands for it.
            Ok(StatusCode(code)) => match code.unwrap_or(reply.status) {
                200 => Ok(Verification::Paid),
                code => Err(Error::Decode {
                    status: reply.status,
                    message: format!(
                        "the answer's `statusCode` is {code}, not 200: the payment is not verified"
                    ),
                }),
            },
            Err(Error::Status {
                status: 400,
                message,
            }) if is_awaiting(&message) => Ok(Verification::AwaitingPayment),
            Err(e) => Err(e),
        }
    }

    /// The address a customer sends a QR-code payment on `chain` to
    /// (`GET /checkout/payment-wallet/{sui|evm|solana}`; on an EVM chain with
    /// `?evmChain=CHAIN&env=ENV&merchant=ADDRESS`, as Mileston's QR component
    /// asks). `merchant` is the EVM address the payment is for (the
    /// component sends the sub-wallet's or the business's); it is not sent
    /// for Sui or Solana.
    pub async fn payment_wallet(
        &self,
        chain: Chain,
        merchant: Option<&str>,
    ) -> Result<PaymentWallet, Error> {
        let mut path = String::from("/payment-wallet/");
        match chain.evm() {
            Some(evm) => {
                path.push_str("evm?evmChain=");
                path.push_str(evm.as_str());
                path.push_str("&env=");
                path.push_str(env::<M>());
                if let Some(merchant) = merchant {
                    path.push_str("&merchant=");
                    percent_encode(&mut path, merchant);
                }
            }
            None => path.push_str(chain.as_str()),
        }
        let endpoint = endpoint("payment_wallet", Method::Get, "/payment-wallet/{type}");
        let request = self.request(endpoint, &path)?;
        let reply = execute(&self.config, &request).await?;
        read(&reply, &request)
    }

    /// A sub-wallet of the business and its address on each chain
    /// (`GET /checkout/sub-wallets/{uuid}`, with the `env` header Mileston's
    /// SDK sends).
    pub async fn sub_wallet(&self, uuid: &str) -> Result<CheckoutSubWallet, Error> {
        let mut path = String::from("/sub-wallets");
        push_id(&mut path, uuid)?;
        let headers = [("env", env::<M>())];
        let endpoint = endpoint("sub_wallet", Method::Get, "/sub-wallets/{uuid}");
        let request = self.request(endpoint, &path)?.headers(&headers);
        let reply = execute(&self.config, &request).await?;
        read(&reply, &request)
    }

    /// Checks the checkout service (`GET /status` at its origin). No key is
    /// sent.
    pub async fn health(&self) -> Result<Health, Error> {
        health(&self.config, Service::Checkout).await
    }
}
