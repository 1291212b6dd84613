//! What the wallet API's calls return, each read from its wire form
//! (`wire.rs`) and checked, naming a member that is missing or bad; and the
//! lenient reading of answers that Mileston's docs show both with and
//! without the `{statusCode, message, data}` envelope.

use core::fmt;
use std::collections::BTreeMap;

use super::super::date::{DateError, IsoDate};
use super::super::decode::{
    Context, Invalid, Model, checked, from_json, required, wire as read_wire,
};
use super::super::values::{Amount, AmountError, Balance, pad, written_as};
use super::super::wire::wallet as wire;
use super::{Chain, WalletType};

/// The wallet's recovery phrase, as the API gives it once, when a sub-wallet
/// is created. It controls the funds: its `Debug` and `Display` show nothing
/// of it.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryPhrase(String);

impl RecoveryPhrase {
    /// The whole phrase. Named so that every place that reads it can be found
    /// with a search.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for RecoveryPhrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryPhrase(<redacted>)")
    }
}

impl fmt::Display for RecoveryPhrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        pad(f, "<redacted>")
    }
}

/// A sub-wallet just created without a type (`POST /user/sub-wallet`,
/// Mileston's `CreateSubWalletResponseData`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CreatedSubWallet {
    /// Its UUID.
    pub uuid: String,
    /// Its public key (an address).
    pub public_key: String,
    /// Its recovery phrase: store it as a secret, it is not given again.
    pub recovery_phrase: RecoveryPhrase,
}

impl Model for CreatedSubWallet {
    type Wire = wire::CreatedSubWallet;

    fn from_wire(w: wire::CreatedSubWallet, _: &mut Context) -> Result<Self, Invalid> {
        Ok(CreatedSubWallet {
            uuid: required("uuid", w.uuid)?,
            public_key: required("publicKey", w.publicKey)?,
            recovery_phrase: RecoveryPhrase(required("recoveryPhrase", w.recoveryPhrase)?),
        })
    }
}

/// A sub-wallet's address on one chain (`POST /user/sub-wallet/create`,
/// Mileston's `CreateNewSubWalletResponseData`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChainWallet {
    /// The chain (wire `type`).
    pub wallet_type: WalletType,
    /// The address on it.
    pub address: String,
    /// The balance.
    pub balance: Balance,
}

impl Model for ChainWallet {
    type Wire = wire::ChainWallet;

    fn from_wire(w: wire::ChainWallet, _: &mut Context) -> Result<Self, Invalid> {
        Ok(ChainWallet {
            wallet_type: checked("type", w.kind, |s| WalletType::from_wire(&s), |r| r)?,
            address: required("address", w.address)?,
            balance: balance("balance", w.balance)?,
        })
    }
}

/// A required balance, read exactly.
fn balance(member: &'static str, value: Option<wire::Scalar>) -> Result<Balance, Invalid> {
    checked(
        member,
        value.map(|v| v.0),
        |s| Balance::new(&s),
        AmountError::reason,
    )
}

/// Per-chain values read by `read`: the chains the answer names (others are
/// absent).
fn per_chain<T>(
    p: Option<wire::PerChain>,
    read: impl Fn(wire::Scalar) -> Result<T, Invalid>,
) -> Result<BTreeMap<Chain, T>, Invalid> {
    let Some(p) = p else {
        return Ok(BTreeMap::new());
    };
    [p.sui, p.eth, p.avax, p.pol, p.base, p.arb, p.solana]
        .into_iter()
        .zip(Chain::ALL)
        .filter_map(|(v, c)| v.map(|v| read(v).map(|v| (c, v))))
        .collect()
}

/// Addresses per chain.
fn addresses(p: Option<wire::PerChain>) -> Result<BTreeMap<Chain, String>, Invalid> {
    per_chain(p, |v| Ok(v.0))
}

/// Balances per chain.
fn balances(p: Option<wire::PerChain>) -> Result<BTreeMap<Chain, Balance>, Invalid> {
    per_chain(p, |v| balance("balances", Some(v)))
}

/// One sub-wallet (`GET /user/sub-wallet/{uuid}`, Mileston's
/// `GetSubWalletResponseData`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SubWallet {
    /// Its address on each chain.
    pub addresses: BTreeMap<Chain, String>,
    /// Its total balance over every chain.
    pub balance: Balance,
    /// Its balance on each chain.
    pub balances: BTreeMap<Chain, Balance>,
}

impl Model for SubWallet {
    type Wire = wire::SubWallet;

    fn from_wire(w: wire::SubWallet, _: &mut Context) -> Result<Self, Invalid> {
        Ok(SubWallet {
            addresses: addresses(Some(required("address", w.address)?))?,
            balance: balance("balance", w.balance)?,
            balances: balances(w.balances)?,
        })
    }
}

/// Every sub-wallet (`GET /user/sub-wallet/all`, Mileston's
/// `GetAllSubWalletsResponseData`), by UUID.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SubWallets {
    /// The total balance over every sub-wallet and chain.
    pub balance: Balance,
    /// Each sub-wallet's address on each chain.
    pub addresses: BTreeMap<String, BTreeMap<Chain, String>>,
    /// Each sub-wallet's balance on each chain.
    pub balances: BTreeMap<String, BTreeMap<Chain, Balance>>,
}

impl Model for SubWallets {
    type Wire = wire::SubWallets;

    fn from_wire(w: wire::SubWallets, _: &mut Context) -> Result<Self, Invalid> {
        let addresses = required("address", w.address)?
            .into_iter()
            .map(|(uuid, p)| Ok((uuid, addresses(Some(p))?)))
            .collect::<Result<_, Invalid>>()?;
        let balances = w
            .balances
            .unwrap_or_default()
            .into_iter()
            .map(|(uuid, p)| Ok((uuid, balances(Some(p))?)))
            .collect::<Result<_, Invalid>>()?;
        Ok(SubWallets {
            balance: balance("balance", w.balance)?,
            addresses,
            balances,
        })
    }
}

/// One of the business's own wallets (`GET /user/all-wallets`, an item of
/// Mileston's `GetAllWalletsResponse.walletData`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Wallet {
    /// Mileston's ID for it (a number in Mileston's type, kept as written).
    pub id: String,
    /// The chain, as Mileston names it.
    pub blockchain: String,
    /// Its address.
    pub address: String,
    /// Its balance (a JSON number in Mileston's type, read exactly as
    /// JavaScript writes it: `1000.5`).
    pub balance: Balance,
}

/// The business's own wallets.
struct Wallets(Vec<Wallet>);

/// `GET /user/all-wallets`'s answer.
pub(crate) fn wallets(json: &[u8], cx: &mut Context) -> Result<Vec<Wallet>, Invalid> {
    from_json::<Wallets>(json, cx).map(|Wallets(list)| list)
}

impl Model for Wallets {
    type Wire = wire::Wallets;

    fn from_wire(w: wire::Wallets, _: &mut Context) -> Result<Self, Invalid> {
        let list = w.walletData.or(w.data).ok_or(Invalid::Missing {
            member: "walletData",
            others: &["data"],
        })?;
        list.into_iter()
            .map(|w| {
                Ok(Wallet {
                    id: required("id", w.id)?.0,
                    blockchain: required("blockchain", w.blockchain)?,
                    address: required("address", w.address)?,
                    balance: balance("balance", w.balance)?,
                })
            })
            .collect::<Result<_, _>>()
            .map(Wallets)
    }
}

/// A payment accepted: `send_payment`, `send_funds` (Mileston's
/// `SendFundsResponse`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Sent {
    /// The API's `message` (empty without one).
    pub message: String,
    /// The transaction to follow with `get_transaction_status`, when the
    /// answer names one (`transactionUUID`, as Mileston's docs read it; not
    /// in its SDK's type).
    pub transaction_uuid: Option<String>,
}

/// A batch accepted (Mileston's `BatchPaymentResponse`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct BatchSent {
    /// The API's `message` (empty without one).
    pub message: String,
    /// The transactions, one per recipient in order, when the answer names
    /// them (`data.transactionUUIDs`; Mileston's type has `data: {}`).
    pub transaction_uuids: Vec<String>,
}

fn text(t: Option<super::super::wire::Text>) -> Option<String> {
    t.and_then(|t| t.0)
}

/// Its `data`, read apart, so that a `data` of another shape loses nothing
/// else.
fn sent_data(json: &[u8]) -> Option<wire::SentData> {
    read_wire::<wire::InData<wire::SentData>>(json).ok()?.data
}

impl Sent {
    /// A send's answer: any JSON object, every member optional and of any
    /// type.
    pub(crate) fn from_json(json: &[u8], _: &mut Context) -> Result<Sent, Invalid> {
        let top: wire::Sent = read_wire(json)?;
        // `data` is read only when the UUID is not where the docs read it.
        let transaction_uuid = text(top.transactionUUID)
            .or_else(|| sent_data(json).and_then(|d| text(d.transactionUUID)));
        Ok(Sent {
            message: text(top.message).unwrap_or_default(),
            transaction_uuid,
        })
    }
}

impl BatchSent {
    /// A batch's answer, read as leniently as a send's.
    pub(crate) fn from_json(json: &[u8], _: &mut Context) -> Result<BatchSent, Invalid> {
        let top: wire::Sent = read_wire(json)?;
        let uuids = sent_data(json)
            .and_then(|d| d.transactionUUIDs)
            .unwrap_or_default();
        Ok(BatchSent {
            message: text(top.message).unwrap_or_default(),
            transaction_uuids: uuids.into_iter().filter_map(|t| t.0).collect(),
        })
    }
}

/// Where a transaction stands (Mileston's docs' table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransactionStatus {
    /// Being processed: ask again later.
    Pending,
    /// Done: the funds moved.
    Completed,
    /// Failed: the funds did not move.
    Failed,
    /// Cancelled: the funds did not move.
    Cancelled,
}

impl TransactionStatus {
    /// The status as the API writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            TransactionStatus::Pending => "pending",
            TransactionStatus::Completed => "completed",
            TransactionStatus::Failed => "failed",
            TransactionStatus::Cancelled => "cancelled",
        }
    }

    /// Whether it will not change any more.
    pub fn is_final(self) -> bool {
        self != TransactionStatus::Pending
    }

    fn from_wire(s: &str) -> Result<TransactionStatus, &'static str> {
        [
            TransactionStatus::Pending,
            TransactionStatus::Completed,
            TransactionStatus::Failed,
            TransactionStatus::Cancelled,
        ]
        .into_iter()
        .find(|t| s.eq_ignore_ascii_case(t.as_str()))
        .ok_or("it is not `pending`, `completed`, `failed` or `cancelled`")
    }
}

/// A transaction (`GET /user/transaction-status/{uuid}`, `data` of
/// Mileston's `TransactionStatusResponse`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Transaction {
    /// Its UUID.
    pub transaction_uuid: String,
    /// Where it stands.
    pub status: TransactionStatus,
    /// How much.
    pub amount: Amount,
    /// Who receives it.
    pub recipient_address: String,
    /// The chain that pays.
    pub wallet_type: WalletType,
    /// The chain's transaction hash or signature, once there is one.
    pub signature: Option<String>,
    /// When it was created (`createdAt`).
    pub created_at: IsoDate,
    /// When it last changed (`updatedAt`).
    pub updated_at: IsoDate,
}

impl Model for Transaction {
    type Wire = wire::Transaction;

    fn from_wire(w: wire::Transaction, _: &mut Context) -> Result<Self, Invalid> {
        Ok(Transaction {
            transaction_uuid: required("transactionUUID", w.transactionUUID)?,
            status: checked(
                "status",
                w.status,
                |s| TransactionStatus::from_wire(&s),
                |r| r,
            )?,
            amount: checked(
                "amount",
                w.amount.map(|a| a.0),
                Amount::try_from,
                AmountError::reason,
            )?,
            recipient_address: required("recipientAddress", w.recipientAddress)?,
            wallet_type: checked(
                "walletType",
                w.walletType,
                |s| WalletType::from_wire(&s),
                |r| r,
            )?,
            signature: w.signature,
            created_at: checked(
                "createdAt",
                w.createdAt,
                IsoDate::try_from,
                DateError::reason,
            )?,
            updated_at: checked(
                "updatedAt",
                w.updatedAt,
                IsoDate::try_from,
                DateError::reason,
            )?,
        })
    }
}

/// `data` of an answer in the `{statusCode, message, data}` envelope, when
/// it has one of `T`'s wire shape.
fn in_data<T: Model>(json: &[u8]) -> Option<T::Wire> {
    read_wire::<wire::InData<T::Wire>>(json).ok()?.data
}

/// An answer Mileston's SDK types bare, which its docs also show inside the
/// envelope (reference §5.7): read bare; if that misses a member, the
/// answer's `data`. One parse in the documented case.
pub(crate) fn bare_or_in_data<T: Model>(json: &[u8], cx: &mut Context) -> Result<T, Invalid> {
    match from_json::<T>(json, cx) {
        Err(Invalid::Shape) => Err(Invalid::Shape),
        Err(bare) => in_data::<T>(json).map_or(Err(bare), |w| T::from_wire(w, cx)),
        ok => ok,
    }
}

/// An answer Mileston's SDK types inside the envelope, which its docs also
/// show bare: its `data`, else the answer itself. One parse in the
/// documented case.
pub(crate) fn in_data_or_bare<T: Model>(json: &[u8], cx: &mut Context) -> Result<T, Invalid> {
    match in_data::<T>(json) {
        Some(data) => T::from_wire(data, cx),
        None => from_json::<T>(json, cx),
    }
}

written_as!(TransactionStatus, as_str);
