//! What the wallet API's calls send: each body serialized in the member
//! order of Mileston's SDK types (the signature covers those exact bytes),
//! with the checks made before anything is sent.

use serde::Serialize;

use super::super::date::IsoDate;
use super::super::input::{Body, InputError, check_address, check_id};
use super::super::values::Amount;
use super::{Chain, WalletType};

/// A payment to send (Mileston's `SendFundsPayload`): from the main wallet
/// (`send_payment`) or from a sub-wallet (`send_funds`). Serialized in the
/// SDK's member order, `amount`, `recipientAddress`, `walletType`, which is
/// what the signature covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Payout {
    /// How much.
    pub amount: Amount,
    /// Who receives it.
    pub recipient_address: String,
    /// Which of the wallet's chains pays.
    pub wallet_type: WalletType,
}

impl Payout {
    /// A payout of `amount` to `recipient_address` on `wallet_type` (a
    /// [`Chain`] or [`WalletType::All`]).
    pub fn new(
        amount: Amount,
        recipient_address: impl Into<String>,
        wallet_type: impl Into<WalletType>,
    ) -> Payout {
        Payout {
            amount,
            recipient_address: recipient_address.into(),
            wallet_type: wallet_type.into(),
        }
    }
}

/// Refuses a payout that cannot be sent, before anything is.
impl Body for Payout {
    fn check(&self) -> Result<(), InputError> {
        check_address("recipientAddress", &self.recipient_address)
    }
}

/// A sub-wallet with a UUID of your choice, answered with its address on one
/// chain (Mileston's `CreateSubWalletPayload`; member order `subWalletUuid`,
/// `walletType`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewSubWallet {
    /// The sub-wallet's UUID ("custom UUID" in Mileston's docs): one path
    /// segment later (`get_sub_wallet`, `send_funds`, `delete_sub_wallet`).
    pub sub_wallet_uuid: String,
    /// The chain whose address the answer gives.
    pub wallet_type: Chain,
}

impl NewSubWallet {
    /// A sub-wallet `sub_wallet_uuid`, answered with its address on `chain`.
    pub fn new(sub_wallet_uuid: impl Into<String>, chain: Chain) -> NewSubWallet {
        NewSubWallet {
            sub_wallet_uuid: sub_wallet_uuid.into(),
            wallet_type: chain,
        }
    }
}

impl Body for NewSubWallet {
    fn check(&self) -> Result<(), InputError> {
        check_id("subWalletUuid", &self.sub_wallet_uuid).map_err(|_| {
            InputError::new(
                "subWalletUuid",
                "it is empty, `.` or `..`, which cannot name a sub-wallet in a path",
            )
        })
    }
}

/// Several payments in one call (Mileston's `BatchPaymentPayload`):
/// `amounts[i]` to `recipients[i]`, from the main wallet on one chain. Member
/// order `recipients`, `amounts`, `walletType`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchPayout {
    /// Who receives, in order.
    pub recipients: Vec<String>,
    /// How much each receives, in the same order: as many as `recipients`.
    pub amounts: Vec<Amount>,
    /// Which chain pays (a batch cannot name `all`).
    pub wallet_type: Chain,
}

impl BatchPayout {
    /// An empty batch on `chain`; add payments with [`push`](Self::push),
    /// which keeps recipients and amounts paired.
    pub fn new(chain: Chain) -> BatchPayout {
        BatchPayout {
            recipients: Vec::new(),
            amounts: Vec::new(),
            wallet_type: chain,
        }
    }

    /// Adds `amount` to `recipient`.
    pub fn push(&mut self, recipient: impl Into<String>, amount: Amount) -> &mut BatchPayout {
        self.recipients.push(recipient.into());
        self.amounts.push(amount);
        self
    }
}

/// Refuses a batch that cannot be sent, before anything is: recipients and
/// amounts of unequal length (Mileston's docs: amounts "must match
/// recipients length"), none at all, a bad address.
impl Body for BatchPayout {
    fn check(&self) -> Result<(), InputError> {
        if self.recipients.len() != self.amounts.len() {
            return Err(InputError::new(
                "amounts",
                "it must have exactly one amount for each of `recipients`, in the same order",
            ));
        }
        if self.recipients.is_empty() {
            return Err(InputError::new(
                "recipients",
                "it is empty: a batch pays at least one recipient",
            ));
        }
        self.recipients
            .iter()
            .try_for_each(|r| check_address("recipients", r))
    }
}

/// The wallet a payout is sent from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Source {
    /// The business's main wallet (`send_payment`, `batch_payment`).
    MainWallet,
    /// A sub-wallet, by UUID (`send_funds`).
    SubWallet(String),
}

/// What a call that moves funds asked for: kept in its unknown outcome
/// ([`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown)), since
/// Mileston's wallet API has no idempotency key and no list of
/// transactions, so that the caller can find out what happened (the
/// source's balance) and knows exactly what to send again, if anything.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Asked {
    /// Where the funds would come from.
    pub from: Source,
    /// Which of its chains pays.
    pub wallet_type: WalletType,
    /// Each recipient and its amount, in the order sent.
    pub payouts: Vec<(String, Amount)>,
    /// When it was sent, by this machine's clock.
    pub sent_at: Option<IsoDate>,
}

impl Asked {
    /// What `payout` from `from` asks for.
    pub(crate) fn payout(from: Source, payout: &Payout) -> Asked {
        Asked {
            from,
            wallet_type: payout.wallet_type,
            payouts: vec![(payout.recipient_address.clone(), payout.amount.clone())],
            sent_at: None,
        }
    }

    /// What `batch` asks for.
    pub(crate) fn batch(batch: &BatchPayout) -> Asked {
        Asked {
            from: Source::MainWallet,
            wallet_type: batch.wallet_type.into(),
            payouts: batch
                .recipients
                .iter()
                .cloned()
                .zip(batch.amounts.iter().cloned())
                .collect(),
            sent_at: None,
        }
    }
}
