//! The checkout service (`/checkout/...`) as Mileston's checkout SDK calls it:
//! reading a payment, saving a settled payment, verifying a QR-code payment,
//! for each kind of payment; and the wallets a checkout page asks for.

use axum::Router;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use mileston_config_core::protocol::{Kind, checkout};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::answer::answer;
use super::app::App;
use super::at::At;
use super::extract::{Caller, Checkout, JsonBody, PathArgs, QueryArgs};
use super::resource::answer_found;
use super::wallets;
use crate::state::business::Kept;
use crate::state::error::{ApiError, choices, echo};
use crate::state::events::{Paid, Transfer};
use crate::state::invoices::Invoice;
use crate::state::links::PaymentLink;
use crate::state::recurring::Recurring;
use crate::state::rules::{check_amount, check_one_of, check_opt_text, check_text};
use crate::state::wallets::{CHAINS, ENVS, EVM_CHAINS, sub_wallet};

/// `token` of a verify body (Mileston's `Token`).
const TOKENS: &[&str] = &["USDC", "USDT", "AVAX", "ETH", "POL", "SOL"];
/// `?nativeTokens=`: the native coins Mileston's SDK pays in.
const NATIVE_TOKENS: &[&str] = &["ETH", "POL", "AVAX", "SOL"];

/// The checkout routes of the three kinds, the wallets, and the answer for
/// any other kind.
pub(crate) fn routes(router: Router<App>) -> Router<App> {
    kind::<PaymentLink>(kind::<Invoice>(kind::<Recurring>(router)))
        .at_any_kind(checkout::DATA, unknown_kind_read)
        .at_any_kind(checkout::SAVE_PAYMENT, unknown_kind)
        .at_any_kind(checkout::VERIFY_PAYMENT, unknown_kind)
        .at(checkout::PAYMENT_WALLET, wallets::payment_wallet)
        .at(checkout::SUB_WALLET, wallets::sub_wallets)
        .at(checkout::USER, wallets::user)
}

/// Mileston's SDK saves and verifies on the same `.save` path suffix.
fn kind<R: Kept>(router: Router<App>) -> Router<App> {
    router
        .at_kind(checkout::DATA, R::KIND, data::<R>)
        .at_kind(checkout::SAVE_PAYMENT, R::KIND, save::<R>)
        .at_kind(checkout::VERIFY_PAYMENT, R::KIND, verify::<R>)
}

/// 404 for a payment kind the checkout paths do not know (`coffee.get`).
pub(crate) fn unknown_pattern(segment: &str) -> ApiError {
    let patterns =
        [Kind::Invoice, Kind::PaymentLink, Kind::Recurring].map(|k| k.row().checkout_pattern);
    ApiError::not_found(format!(
        "unknown payment kind `{}`: use {}",
        echo(segment),
        choices(&patterns)
    ))
}

/// `?nativeTokens=ETH|POL|AVAX|SOL`, sent when the customer paid in a chain's
/// native coin rather than in USDC or USDT.
#[derive(Deserialize)]
pub(crate) struct NativeTokensQuery {
    #[serde(rename = "nativeTokens")]
    native_tokens: Option<String>,
}

impl NativeTokensQuery {
    fn check(&self) -> Result<(), ApiError> {
        match &self.native_tokens {
            Some(t) => check_one_of("nativeTokens", t, NATIVE_TOKENS).map(drop),
            None => Ok(()),
        }
    }
}

/// Mileston's `SavePaymentInput`: a payment that has settled (on chain, or
/// through the card provider). The same body for every kind of payment.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct SavePayment {
    payment_link_id: String,
    payer: String,
    recipient_wallet_address: String,
    amount: String,
    #[serde(rename = "userUUID")]
    user_uuid: String,
    transaction_signature: String,
    fee_signature: Option<String>,
    chain: String,
    env: String,
    sub_wallet_uuid: Option<String>,
}

/// Mileston's `PaymentDto`: a QR-code payment to check for.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct VerifyPayment {
    payment_link_id: String,
    public_key: String,
    amount: String,
    recipient_wallet_address: String,
    chain: String,
    env: String,
    #[serde(rename = "userUUID")]
    user_uuid: String,
    sub_wallet_uuid: Option<String>,
    customer_information: Option<String>,
    token: String,
    evm_chain: Option<String>,
    wallet_address: Option<String>,
}

/// `subWalletUuid` of a save or verify body: one of the business's sub-wallets.
fn check_sub_wallet(c: Caller, uuid: Option<&str>) -> Result<(), ApiError> {
    match uuid {
        Some(u) if sub_wallet(c.business, u).is_none() => Err(ApiError::bad_request(format!(
            "`subWalletUuid`: no sub-wallet {} in this business",
            echo(u)
        ))),
        _ => Ok(()),
    }
}

/// A save or verify body: the members both have, and its own rules.
trait PaymentBody: DeserializeOwned + Send {
    /// `paymentLinkId` and `subWalletUuid`.
    fn ids(&self) -> (&str, Option<&str>);
    /// Checks the members between those two, in the order of its SDK type.
    fn check_members(&self) -> Result<(), ApiError>;
}

/// A save or verify call: its caller (either key), and its body once
/// `?nativeTokens=` and the body are checked: `paymentLinkId` first, then
/// the body's own members, then `subWalletUuid`. Read in the order the
/// handlers' extractors were: key, query, body.
struct PaymentCall<B>(Caller, B);

impl<S: Send + Sync, B: PaymentBody> FromRequest<S> for PaymentCall<B> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let (mut parts, body) = req.into_parts();
        let Checkout(c) = Checkout::from_request_parts(&mut parts, state).await?;
        let QueryArgs(q) =
            QueryArgs::<NativeTokensQuery>::from_request_parts(&mut parts, state).await?;
        let req = Request::from_parts(parts, body);
        let JsonBody(b) = JsonBody::<B>::from_request(req, state).await?;
        q.check()?;
        let (payment_link_id, sub_wallet_uuid) = b.ids();
        check_text("paymentLinkId", payment_link_id)?;
        b.check_members()?;
        check_sub_wallet(c, sub_wallet_uuid)?;
        Ok(PaymentCall(c, b))
    }
}

impl PaymentBody for SavePayment {
    fn ids(&self) -> (&str, Option<&str>) {
        (&self.payment_link_id, self.sub_wallet_uuid.as_deref())
    }

    fn check_members(&self) -> Result<(), ApiError> {
        check_text("payer", &self.payer)?;
        check_text("recipientWalletAddress", &self.recipient_wallet_address)?;
        check_amount("amount", &self.amount)?;
        check_text("userUUID", &self.user_uuid)?;
        check_text("transactionSignature", &self.transaction_signature)?;
        check_opt_text("feeSignature", &self.fee_signature)?;
        check_one_of("chain", &self.chain, CHAINS)?;
        check_one_of("env", &self.env, ENVS).map(drop)
    }
}

impl PaymentBody for VerifyPayment {
    fn ids(&self) -> (&str, Option<&str>) {
        (&self.payment_link_id, self.sub_wallet_uuid.as_deref())
    }

    fn check_members(&self) -> Result<(), ApiError> {
        check_text("publicKey", &self.public_key)?;
        check_amount("amount", &self.amount)?;
        check_text("recipientWalletAddress", &self.recipient_wallet_address)?;
        check_one_of("chain", &self.chain, CHAINS)?;
        check_one_of("env", &self.env, ENVS)?;
        check_text("userUUID", &self.user_uuid)?;
        check_opt_text("customerInformation", &self.customer_information)?;
        check_one_of("token", &self.token, TOKENS)?;
        if let Some(e) = &self.evm_chain {
            check_one_of("evmChain", e, EVM_CHAINS)?;
        }
        check_opt_text("walletAddress", &self.wallet_address)?;
        // Mileston's SDK checks this too, before sending.
        if EVM_CHAINS.contains(&self.chain.as_str())
            && (self.evm_chain.is_none() || self.wallet_address.is_none())
        {
            return Err(ApiError::bad_request(
                "evmChain and walletAddress are required for EVM QR payment verification",
            ));
        }
        Ok(())
    }
}

async fn data<R: Kept>(
    State(app): State<App>,
    Checkout(c): Checkout,
    PathArgs(id): PathArgs<String>,
) -> Result<Response, ApiError> {
    answer_found::<R>(&app, c, &id, "Payment retrieved")
}

impl SavePayment {
    /// The paid event's payload: what the save says of the transfer.
    fn paid(self) -> Paid {
        Paid::new(
            &self.payment_link_id,
            Transfer {
                payer: self.payer,
                recipient_wallet_address: self.recipient_wallet_address,
                amount: self.amount,
                user_uuid: self.user_uuid,
                transaction_signature: self.transaction_signature,
                fee_signature: self.fee_signature,
                chain: self.chain,
            },
        )
    }
}

/// Records a settled payment: the payment is paid from now on, and the
/// business's webhooks are told.
async fn save<R: Kept>(
    State(app): State<App>,
    PaymentCall(c, b): PaymentCall<SavePayment>,
) -> Result<Response, ApiError> {
    let mut store = app.lock();
    let r = store.find::<R>(c.business, &b.payment_link_id)?;
    if r.pay() {
        app.announce(&mut store, c.business, R::ROW.paid_event, b.paid());
    }
    Ok(answer::<()>(
        StatusCode::CREATED,
        "Payment saved",
        None,
        None,
    ))
}

/// 200 once the payment is paid (saved, or marked by `/__sandbox/pay`);
/// before, the 400 whose exact bytes Mileston's checkout SDK compares.
async fn verify<R: Kept>(
    State(app): State<App>,
    PaymentCall(c, b): PaymentCall<VerifyPayment>,
) -> Result<Response, ApiError> {
    let mut store = app.lock();
    if !store.find::<R>(c.business, &b.payment_link_id)?.is_paid() {
        return Err(ApiError::bad_request("Still awaiting payment"));
    }
    Ok(answer::<()>(StatusCode::OK, "Payment verified", None, None))
}

async fn unknown_kind_read(
    Checkout(_): Checkout,
    PathArgs((segment, _id)): PathArgs<(String, String)>,
) -> ApiError {
    unknown_pattern(&segment)
}

async fn unknown_kind(Checkout(_): Checkout, PathArgs(segment): PathArgs<String>) -> ApiError {
    unknown_pattern(&segment)
}
