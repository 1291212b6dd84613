//! What the checkout handle sends: a settled payment to save (Mileston's
//! `SavePaymentInput`) and a QR-code payment to verify (`PaymentDto`), with
//! the checks made before anything is sent, among them the one Mileston's SDK
//! makes (verifying on an EVM chain names `evmChain` and `walletAddress`).
//!
//! The public types hold what the caller knows; the bodies are written from
//! them with what the handle knows (`env` from its mode, `userUUID` from its
//! business ID unless given), members in the order Mileston's checkout
//! components build them (MJS:3181-3195, 3445-3511).

use serde::Serialize;

use super::chains::{Asset, Chain, EvmChain};
use super::input::{InputError, texts};
use super::values::Amount;

/// A payment that has settled (on chain, or through the card provider), to
/// record (`POST /checkout/save-payment/{pattern}.save`). Mileston's checkout
/// saves once the transfer is final and never verifies after, so a saved
/// payment is paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavePayment {
    /// The payment's ID, whatever its kind (`paymentLinkId` on the wire for
    /// invoices and recurring payments too, as Mileston's SDK sends it).
    pub payment_id: String,
    /// The payer's wallet address (`payer`).
    pub payer: String,
    /// The address paid to (`recipientWalletAddress`).
    pub recipient_wallet_address: String,
    /// The amount paid.
    pub amount: Amount,
    /// The transfer's transaction: its hash, or its signature on Solana, or
    /// its digest on Sui (`transactionSignature`).
    pub transaction_signature: String,
    /// The fee's transaction, where the chain has one (`feeSignature`).
    pub fee_signature: Option<String>,
    /// The chain it settled on.
    pub chain: Chain,
    /// The token paid in. Not in the body: a chain's native coin is named in
    /// the query (`?nativeTokens=SOL`), as Mileston's checkout does; USDC and
    /// USDT add nothing.
    pub token: Asset,
    /// `userUUID`; unset, the handle's business ID (Mileston's SDK sends
    /// `userUUID ?? businessid`).
    pub user_uuid: Option<String>,
    /// The sub-wallet paid into (`subWalletUuid`).
    pub sub_wallet_uuid: Option<String>,
}

impl SavePayment {
    /// A settled payment with the required fields, every optional one unset.
    pub fn new(
        payment_id: impl Into<String>,
        payer: impl Into<String>,
        recipient_wallet_address: impl Into<String>,
        amount: Amount,
        transaction_signature: impl Into<String>,
        chain: Chain,
        token: Asset,
    ) -> Self {
        SavePayment {
            payment_id: payment_id.into(),
            payer: payer.into(),
            recipient_wallet_address: recipient_wallet_address.into(),
            amount,
            transaction_signature: transaction_signature.into(),
            fee_signature: None,
            chain,
            token,
            user_uuid: None,
            sub_wallet_uuid: None,
        }
    }

    /// The body, after the checks made before anything is sent.
    pub(crate) fn body<'a>(
        &'a self,
        business_id: &'a str,
        env: &'static str,
    ) -> Result<SaveBody<'a>, InputError> {
        texts(
            &[
                ("paymentLinkId", &self.payment_id),
                ("payer", &self.payer),
                ("recipientWalletAddress", &self.recipient_wallet_address),
                ("transactionSignature", &self.transaction_signature),
            ],
            &[
                ("feeSignature", &self.fee_signature),
                ("userUUID", &self.user_uuid),
                ("subWalletUuid", &self.sub_wallet_uuid),
            ],
        )?;
        Ok(SaveBody {
            payment_link_id: &self.payment_id,
            payer: &self.payer,
            recipient_wallet_address: &self.recipient_wallet_address,
            amount: &self.amount,
            user_uuid: self.user_uuid.as_deref().unwrap_or(business_id),
            transaction_signature: &self.transaction_signature,
            fee_signature: self.fee_signature.as_deref(),
            chain: self.chain,
            env,
            sub_wallet_uuid: self.sub_wallet_uuid.as_deref(),
        })
    }
}

/// `SavePaymentInput` as sent.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SaveBody<'a> {
    payment_link_id: &'a str,
    payer: &'a str,
    recipient_wallet_address: &'a str,
    amount: &'a Amount,
    #[serde(rename = "userUUID")]
    user_uuid: &'a str,
    transaction_signature: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    fee_signature: Option<&'a str>,
    chain: Chain,
    env: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_wallet_uuid: Option<&'a str>,
}

/// A QR-code payment to look for
/// (`POST /checkout/verify-payment/{pattern}.save`): the customer was shown
/// a deposit address ([`CheckoutClient::payment_wallet`]) and asked to send
/// the amount there.
///
/// [`CheckoutClient::payment_wallet`]: crate::CheckoutClient::payment_wallet
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyPayment {
    /// The payment's ID, whatever its kind (`paymentLinkId` on the wire).
    pub payment_id: String,
    /// The deposit address the customer pays to (`publicKey`).
    pub public_key: String,
    /// The amount expected.
    pub amount: Amount,
    /// The merchant's address the payment is for (`recipientWalletAddress`).
    pub recipient_wallet_address: String,
    /// The chain paid on.
    pub chain: Chain,
    /// The token paid in; a chain's native coin is also named in the query
    /// (`?nativeTokens=ETH`), as Mileston's checkout does.
    pub token: Asset,
    /// `userUUID`; unset, the handle's business ID.
    pub user_uuid: Option<String>,
    /// The sub-wallet paid into (`subWalletUuid`).
    pub sub_wallet_uuid: Option<String>,
    /// The EVM chain (`evmChain`): required on EVM chains, where Mileston's
    /// SDK refuses to send without it, and so does the handle.
    pub evm_chain: Option<EvmChain>,
    /// The deposit address again (`walletAddress`): required on EVM chains,
    /// as `evm_chain`.
    pub wallet_address: Option<String>,
}

impl VerifyPayment {
    /// A verification with the required fields. On an EVM chain it also
    /// sets `evm_chain` to `chain` and `wallet_address` to `public_key`, as
    /// Mileston's QR component does (MJS:3186-3189); elsewhere they are
    /// unset.
    pub fn new(
        payment_id: impl Into<String>,
        public_key: impl Into<String>,
        amount: Amount,
        recipient_wallet_address: impl Into<String>,
        chain: Chain,
        token: Asset,
    ) -> Self {
        let public_key = public_key.into();
        let evm_chain = chain.evm();
        VerifyPayment {
            payment_id: payment_id.into(),
            wallet_address: evm_chain.map(|_| public_key.clone()),
            public_key,
            amount,
            recipient_wallet_address: recipient_wallet_address.into(),
            chain,
            token,
            user_uuid: None,
            sub_wallet_uuid: None,
            evm_chain,
        }
    }

    /// The body, after the checks made before anything is sent.
    pub(crate) fn body<'a>(
        &'a self,
        business_id: &'a str,
        env: &'static str,
    ) -> Result<VerifyBody<'a>, InputError> {
        texts(
            &[
                ("paymentLinkId", &self.payment_id),
                ("publicKey", &self.public_key),
                ("recipientWalletAddress", &self.recipient_wallet_address),
            ],
            &[
                ("userUUID", &self.user_uuid),
                ("subWalletUuid", &self.sub_wallet_uuid),
                ("walletAddress", &self.wallet_address),
            ],
        )?;
        // Mileston's SDK: "evmChain and walletAddress are required for EVM QR
        // payment verification" (MJS:2012-2015), thrown before sending.
        if self.chain.evm().is_some() {
            let reason = "it is required to verify a payment on an EVM chain (Mileston's SDK \
                          refuses to send without it)";
            if self.evm_chain.is_none() {
                return Err(InputError::new("evmChain", reason));
            }
            if self.wallet_address.is_none() {
                return Err(InputError::new("walletAddress", reason));
            }
        }
        Ok(VerifyBody {
            payment_link_id: &self.payment_id,
            public_key: &self.public_key,
            amount: &self.amount,
            recipient_wallet_address: &self.recipient_wallet_address,
            chain: self.chain,
            env,
            user_uuid: self.user_uuid.as_deref().unwrap_or(business_id),
            token: self.token,
            sub_wallet_uuid: self.sub_wallet_uuid.as_deref(),
            evm_chain: self.evm_chain,
            wallet_address: self.wallet_address.as_deref(),
        })
    }
}

/// `PaymentDto` as sent.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct VerifyBody<'a> {
    payment_link_id: &'a str,
    public_key: &'a str,
    amount: &'a Amount,
    recipient_wallet_address: &'a str,
    chain: Chain,
    env: &'static str,
    #[serde(rename = "userUUID")]
    user_uuid: &'a str,
    token: Asset,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_wallet_uuid: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    evm_chain: Option<EvmChain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wallet_address: Option<&'a str>,
}

impl super::input::Body for SaveBody<'_> {}
impl super::input::Body for VerifyBody<'_> {}
