//! Where a checkout payment goes: the deposit address a QR-code payment is
//! sent to (`GET /checkout/payment-wallet/{type}`) and a sub-wallet's
//! addresses (`GET /checkout/sub-wallets/{uuid}`), as Mileston's checkout SDK
//! reads them (`GetPaymentWallet`, `ISubWalletResponse`).

use std::collections::BTreeMap;

use super::chains::Chain;
use super::decode::{Context, Invalid, Model, required};
use super::wire;

/// The address a customer sends a QR-code payment to.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PaymentWallet {
    /// The address (`publicKey`): what the QR code shows, and what a
    /// [`VerifyPayment`](crate::checkout::VerifyPayment) names.
    pub public_key: String,
}

impl Model for PaymentWallet {
    type Wire = wire::PaymentWallet;

    fn from_wire(w: wire::PaymentWallet, _: &mut Context) -> Result<Self, Invalid> {
        Ok(PaymentWallet {
            public_key: required("publicKey", w.publicKey)?,
        })
    }
}

/// A sub-wallet as the checkout service answers it
/// (`GET /checkout/sub-wallets/{uuid}`): an address on each chain that
/// payments may be paid into. (The wallet API's own view of a sub-wallet,
/// with typed chains and balances, is [`SubWallet`](crate::wallet::SubWallet).)
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CheckoutSubWallet {
    /// Its address on each chain, by the chain's wire name (`eth`, `sui`,
    /// `solana`, ...): `data.address`, the member Mileston's checkout reads.
    /// Chains the client does not know yet are kept too.
    pub addresses: BTreeMap<String, String>,
    /// `data.type` (`"all"`).
    pub kind: Option<String>,
    /// `data.balance`.
    pub balance: Option<String>,
    /// `data.balances`, by chain (empty when the answer omits it).
    pub balances: BTreeMap<String, String>,
}

impl CheckoutSubWallet {
    /// Its address on `chain`.
    pub fn address(&self, chain: Chain) -> Option<&str> {
        self.addresses.get(chain.as_str()).map(String::as_str)
    }
}

impl Model for CheckoutSubWallet {
    type Wire = wire::SubWalletAnswer;

    fn from_wire(w: wire::SubWalletAnswer, _: &mut Context) -> Result<Self, Invalid> {
        let w = required("data", w.data)?;
        Ok(CheckoutSubWallet {
            addresses: required("address", w.address)?,
            kind: w.kind,
            balance: w.balance,
            balances: w.balances.unwrap_or_default(),
        })
    }
}
