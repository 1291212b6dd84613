//! The checkout handle: the checkout key and the business ID, and what that
//! key allows, as Mileston's checkout SDK calls it: read a payment, save a
//! settled payment, verify a QR-code payment, the addresses a checkout page
//! needs, and the business behind the key. It has no backend operation, so
//! calling one through it does not compile.
//!
//! Every request carries `Content-Type: application/json`; `GET`s have no
//! body (the checkout SDK's `fetch` sends none). `env`, in bodies, queries
//! and headers, is the handle's mode: `test` for [`Test`](crate::Test),
//! `prod` for [`Live`](crate::Live).

#[cfg(feature = "http")]
use mileston_config_core::protocol::{self, Service, header};

#[cfg(feature = "http")]
use crate::api::{Call, checkout as op};
#[cfg(feature = "http")]
use crate::client::{Error, Settings};
use crate::credentials::{BusinessId, CheckoutKey};
use crate::mode::Mode;
#[cfg(feature = "http")]
use crate::models::addresses::{CheckoutSubWallet, PaymentWallet};
#[cfg(feature = "http")]
use crate::models::backend::Health;
#[cfg(feature = "http")]
use crate::models::chains::{Asset, Chain};
#[cfg(feature = "http")]
use crate::models::checkout::{SavePayment, VerifyPayment};
#[cfg(feature = "http")]
use crate::models::envelope::StatusCode;
#[cfg(feature = "http")]
use crate::models::payment::{Payment, Verification};
#[cfg(feature = "http")]
use crate::models::user::User;
#[cfg(feature = "http")]
use crate::models::values::PaymentKind;

super::settings::handle!(
    /// A handle for frontend (checkout) operations, holding the checkout
    /// key. Its `Debug` is redacted.
    ///
    /// It has no backend operation: creating, listing, updating or deleting
    /// payment links, invoices or recurring payments is only on
    /// [`BackendClient`](crate::BackendClient).
    CheckoutClient,
    CheckoutKey
);

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
            settings: Settings::DEFAULT,
        }
    }
}

/// `env` for a handle of mode `M`.
#[cfg(feature = "http")]
fn env<M: Mode>() -> &'static str {
    protocol::env_of(M::MODE)
}

/// A save's or a verification's call: the kind's pattern in the path,
/// `?nativeTokens=T` when `asset` is a chain's native coin (as Mileston's
/// checkout adds it), the body.
#[cfg(feature = "http")]
fn settled(
    kind: PaymentKind,
    asset: Asset,
    body: &impl crate::models::input::Body,
) -> Result<Call<'static>, Error> {
    let call = Call::default().param(kind.pattern()).json(body)?;
    Ok(match asset.is_native() {
        true => call.query("nativeTokens", asset.as_str()),
        false => call,
    })
}

#[cfg(feature = "http")]
impl<M: Mode> CheckoutClient<M> {
    /// Reads a payment with its normalised status
    /// (`GET /checkout/data/{pattern}.get/{id}`). The answer is the kind's
    /// envelope (`invoiceData`, `paymentData`, `recurringPaymentData`); its
    /// hosted page ([`Payment::checkout_url`]) is the answer's link, else
    /// the page for its ID from Mileston's production services, else `None`
    /// (a base URL: nothing is made up for a sandbox).
    pub async fn get_payment(&self, kind: PaymentKind, id: &str) -> Result<Payment, Error> {
        let call = Call::default()
            .param(kind.pattern())
            .param(id)
            .kind(kind.kind());
        self.send(&op::GET_PAYMENT, call).await
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
        let body = payment.body(self.identity()?.business_id, env::<M>())?;
        self.send(&op::SAVE, settled(kind, payment.token, &body)?)
            .await
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
        let body = payment.body(self.identity()?.business_id, env::<M>())?;
        verification(
            self.send(&op::VERIFY, settled(kind, payment.token, &body)?)
                .await,
        )
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
        let call = match chain.evm() {
            Some(evm) => {
                let call = Call::default().param("evm").query("evmChain", evm.as_str());
                let call = call.query("env", env::<M>());
                match merchant {
                    Some(merchant) => call.query("merchant", merchant),
                    None => call,
                }
            }
            None => Call::default().param(chain.as_str()),
        };
        self.send(&op::WALLET, call).await
    }

    /// A sub-wallet of the business and its address on each chain
    /// (`GET /checkout/sub-wallets/{uuid}`, with the `env` header Mileston's
    /// SDK sends).
    pub async fn sub_wallet(&self, uuid: &str) -> Result<CheckoutSubWallet, Error> {
        let call = Call::id(uuid).header(header::ENV, env::<M>());
        self.send(&op::GET_SUB_WALLET, call).await
    }

    /// The business behind the key: its profile, its wallet's addresses and
    /// balance, its QR-code payment addresses (`GET /checkout/user/{id}`
    /// with the handle's business ID, Mileston's `getUserDetails`).
    pub async fn get_user(&self) -> Result<User, Error> {
        self.send(&op::GET_USER, Call::id(self.business_id.as_str()))
            .await
    }

    /// Checks the checkout service (`GET /status` at its origin). No key is
    /// sent.
    pub async fn health(&self) -> Result<Health, Error> {
        self.status(Service::Checkout).await
    }
}

/// A verification's answer: paid when its `statusCode` (else the HTTP
/// status) is 200, as Mileston's checkout counts it; not yet when the API answered 400 "Still awaiting
/// payment".
#[cfg(feature = "http")]
fn verification(answer: Result<StatusCode, Error>) -> Result<Verification, Error> {
    match answer {
        Ok(StatusCode { code: 200, .. }) => Ok(Verification::Paid),
        Ok(StatusCode { code, http }) => Err(Error::Decode {
            status: http,
            message: format!(
                "the answer's `statusCode` is {code}, not 200: the payment is not verified"
            ),
        }),
        Err(Error::Status {
            status: 400,
            message,
        }) if message.to_ascii_lowercase().contains("awaiting payment") => {
            Ok(Verification::AwaitingPayment)
        }
        Err(e) => Err(e),
    }
}
