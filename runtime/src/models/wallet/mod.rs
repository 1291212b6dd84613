//! The wallet API's models: the chains (here), what the ten calls send
//! (`requests.rs`, each body with its checks), what they return
//! (`answers.rs`, read from `wire.rs` and checked).

use super::values::written_as;

pub(crate) mod answers;
pub(crate) mod requests;

#[cfg(test)]
mod tests;

// ---------------------------------------------------------------- chains

pub use super::chains::Chain;

/// What a payment is sent from (Mileston's `WalletType`): a chain, or `all`,
/// which Mileston's types allow in a send (`SendFundsPayload`) and nowhere
/// else. A [`Chain`] converts into it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WalletType {
    /// One chain.
    Chain(Chain),
    /// `all`.
    All,
}

impl WalletType {
    /// The name on the wire: a chain's, or `all`.
    pub fn as_str(self) -> &'static str {
        match self {
            WalletType::Chain(c) => c.as_str(),
            WalletType::All => "all",
        }
    }

    pub(super) fn from_wire(s: &str) -> Result<WalletType, &'static str> {
        match s {
            "all" => Ok(WalletType::All),
            _ => Chain::from_wire(s).map(WalletType::Chain).ok_or(
                "it is not one of `sui`, `eth`, `avax`, `pol`, `base`, `arb`, `solana`, `all`",
            ),
        }
    }
}

impl From<Chain> for WalletType {
    fn from(c: Chain) -> WalletType {
        WalletType::Chain(c)
    }
}

written_as!(WalletType, as_str, serialize);
