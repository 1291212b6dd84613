//! The wallet API's answers as miniserde reads them, member for member as
//! Mileston's SDK types (`WalletTypes.ts`) name them. As in `wire.rs`, every
//! member is optional (the conversion in `answers.rs` names a missing one) and
//! unknown members are skipped.

// Members are named as on the wire (camelCase).
#![allow(non_snake_case)]

use std::collections::BTreeMap;

use miniserde::de::{Deserialize, Visitor};
use miniserde::{Result, make_place};

use super::super::wire::Text;

/// `{"data": T}`: an answer inside Mileston's `{statusCode, message, data}`
/// envelope, which the docs show on some wallet answers and not on others.
#[derive(miniserde::Deserialize)]
pub(crate) struct InData<T> {
    pub(super) data: Option<T>,
}

/// `IWalletAddress` or `IWalletBalances`: one value per chain.
#[derive(miniserde::Deserialize)]
pub(crate) struct PerChain {
    pub(super) sui: Option<Scalar>,
    pub(super) eth: Option<Scalar>,
    pub(super) avax: Option<Scalar>,
    pub(super) pol: Option<Scalar>,
    pub(super) base: Option<Scalar>,
    pub(super) arb: Option<Scalar>,
    pub(super) solana: Option<Scalar>,
}

/// `GetSubWalletResponseData` (`type` is always `"all"`: not read).
#[derive(miniserde::Deserialize)]
pub(crate) struct SubWallet {
    pub(super) address: Option<PerChain>,
    pub(super) balance: Option<Scalar>,
    pub(super) balances: Option<PerChain>,
}

/// `GetAllSubWalletsResponseData`: per-chain values keyed by sub-wallet UUID.
#[derive(miniserde::Deserialize)]
pub(crate) struct SubWallets {
    pub(super) address: Option<BTreeMap<String, PerChain>>,
    pub(super) balance: Option<Scalar>,
    pub(super) balances: Option<BTreeMap<String, PerChain>>,
}

/// `CreateSubWalletResponseData`.
#[derive(miniserde::Deserialize)]
pub(crate) struct CreatedSubWallet {
    pub(super) publicKey: Option<String>,
    pub(super) uuid: Option<String>,
    pub(super) recoveryPhrase: Option<String>,
}

/// `CreateNewSubWalletResponseData`.
#[derive(miniserde::Deserialize)]
pub(crate) struct ChainWallet {
    #[serde(rename = "type")]
    pub(super) kind: Option<String>,
    pub(super) address: Option<String>,
    pub(super) balance: Option<Scalar>,
}

/// `GetAllWalletsResponse`: the list under `walletData` (the SDK type), or
/// under `data` (the envelope of the other wallet answers).
#[derive(miniserde::Deserialize)]
pub(crate) struct Wallets {
    pub(super) walletData: Option<Vec<Wallet>>,
    pub(super) data: Option<Vec<Wallet>>,
}

/// One item of `walletData`.
#[derive(miniserde::Deserialize)]
pub(crate) struct Wallet {
    pub(super) id: Option<Scalar>,
    pub(super) blockchain: Option<String>,
    pub(super) address: Option<String>,
    pub(super) balance: Option<Scalar>,
}

/// `SendFundsResponse` and `BatchPaymentResponse`, read as leniently as an
/// error body (any member of any type): funds moved, and no odd member may
/// turn that into an error. The transaction's UUID where Mileston's docs
/// read it (`response.transactionUUID`) or under `data`.
#[derive(miniserde::Deserialize)]
pub(crate) struct Sent {
    pub(super) message: Option<Text>,
    pub(super) transactionUUID: Option<Text>,
}

/// `data` of a send or batch answer (read apart, so that a `data` of
/// another shape loses nothing else).
#[derive(miniserde::Deserialize)]
pub(crate) struct SentData {
    pub(super) transactionUUID: Option<Text>,
    pub(super) transactionUUIDs: Option<Vec<Text>>,
}

/// `TransactionStatusResponse.data`.
#[derive(miniserde::Deserialize)]
pub(crate) struct Transaction {
    pub(super) transactionUUID: Option<String>,
    pub(super) status: Option<String>,
    pub(super) amount: Option<Scalar>,
    pub(super) recipientAddress: Option<String>,
    pub(super) walletType: Option<String>,
    pub(super) signature: Option<String>,
    pub(super) createdAt: Option<String>,
    pub(super) updatedAt: Option<String>,
}

/// A string, or a number (not negative) written as JSON writes it: balances
/// are strings everywhere but in `GET /all-wallets`, whose `balance` (and
/// `id`) the SDK types as a number. Anything else, a negative number
/// included, refuses the document. (Reading negatives would also cost the
/// wasm checkout page, which reads no wallet answer, ~0.2 KB: `i64`'s
/// `to_string` keeps `String::push` out of line for every caller.)
pub(crate) struct Scalar(pub(super) String);

make_place!(Place);

impl Deserialize for Scalar {
    fn begin(out: &mut Option<Self>) -> &mut dyn Visitor {
        Place::new(out)
    }
}

impl Visitor for Place<Scalar> {
    fn string(&mut self, s: &str) -> Result<()> {
        self.out = Some(Scalar(s.to_owned()));
        Ok(())
    }
    fn nonnegative(&mut self, n: u64) -> Result<()> {
        self.out = Some(Scalar(n.to_string()));
        Ok(())
    }
    // Rust writes the shortest text that reads back as the same number, as
    // JavaScript's `String(n)` does (`1000.5`, `0.1`).
    fn float(&mut self, n: f64) -> Result<()> {
        self.out = Some(Scalar(n.to_string()));
        Ok(())
    }
}
