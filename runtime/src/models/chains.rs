//! The closed sets of the checkout's wire: the chains a payment settles on
//! and the assets (coins and tokens) it is paid in, as Mileston's checkout SDK types them
//! (`Chain`, `evmType`, `Token`, here [`Asset`]). Typed, so that a request cannot carry a
//! name Mileston does not know.

use serde::Serialize;

use super::values::written_as;

/// A chain: what a payment settles on (Mileston's checkout `Chain`) and what
/// the wallet API holds funds on (its `WalletApiType`): the same seven.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Chain {
    /// Sui, `sui`.
    Sui,
    /// Ethereum (EVM), `eth`.
    Eth,
    /// Avalanche C-Chain (EVM), `avax`.
    Avax,
    /// Polygon (EVM), `pol`.
    Pol,
    /// Base (EVM), `base`.
    Base,
    /// Arbitrum (EVM), `arb`.
    Arb,
    /// Solana, `solana`.
    Solana,
}

impl Chain {
    /// Every chain, in the order of Mileston's wallet type.
    pub const ALL: [Chain; 7] = [
        Chain::Sui,
        Chain::Eth,
        Chain::Avax,
        Chain::Pol,
        Chain::Base,
        Chain::Arb,
        Chain::Solana,
    ];

    /// The chain named `s` on the wire.
    pub(crate) fn from_wire(s: &str) -> Option<Chain> {
        Chain::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The name on the wire: `avax`, `pol`, `base`, `eth`, `arb`, `sui`, `solana`.
    pub fn as_str(self) -> &'static str {
        match self {
            Chain::Avax => "avax",
            Chain::Pol => "pol",
            Chain::Base => "base",
            Chain::Eth => "eth",
            Chain::Arb => "arb",
            Chain::Sui => "sui",
            Chain::Solana => "solana",
        }
    }

    /// The chain as an EVM chain, or `None` for Sui and Solana.
    pub fn evm(self) -> Option<EvmChain> {
        Some(match self {
            Chain::Avax => EvmChain::Avax,
            Chain::Pol => EvmChain::Pol,
            Chain::Base => EvmChain::Base,
            Chain::Eth => EvmChain::Eth,
            Chain::Arb => EvmChain::Arb,
            Chain::Sui | Chain::Solana => return None,
        })
    }
}

/// An EVM chain (Mileston's `evmType`): what `evmChain` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum EvmChain {
    /// Avalanche C-Chain, `avax`.
    Avax,
    /// Polygon, `pol`.
    Pol,
    /// Base, `base`.
    Base,
    /// Ethereum, `eth`.
    Eth,
    /// Arbitrum, `arb`.
    Arb,
}

impl EvmChain {
    /// The name on the wire: `avax`, `pol`, `base`, `eth`, `arb`.
    pub fn as_str(self) -> &'static str {
        Chain::from(self).as_str()
    }
}

impl From<EvmChain> for Chain {
    fn from(c: EvmChain) -> Chain {
        match c {
            EvmChain::Avax => Chain::Avax,
            EvmChain::Pol => Chain::Pol,
            EvmChain::Base => Chain::Base,
            EvmChain::Eth => Chain::Eth,
            EvmChain::Arb => Chain::Arb,
        }
    }
}

/// An asset a payment is made in (Mileston's `Token`: a coin or a token): two stablecoins and
/// four chains' native coins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
#[non_exhaustive]
pub enum Asset {
    /// USD Coin, `USDC`.
    Usdc,
    /// Tether, `USDT`.
    Usdt,
    /// Avalanche's coin, `AVAX`.
    Avax,
    /// Ether, `ETH`.
    Eth,
    /// Polygon's coin, `POL`.
    Pol,
    /// Solana's coin, `SOL`.
    Sol,
}

impl Asset {
    /// The name on the wire: `USDC`, `USDT`, `AVAX`, `ETH`, `POL`, `SOL`.
    pub fn as_str(self) -> &'static str {
        match self {
            Asset::Usdc => "USDC",
            Asset::Usdt => "USDT",
            Asset::Avax => "AVAX",
            Asset::Eth => "ETH",
            Asset::Pol => "POL",
            Asset::Sol => "SOL",
        }
    }

    /// Whether it is a chain's native coin (`AVAX`, `ETH`, `POL`, `SOL`): a
    /// save or a verification of a payment in one names it in the query,
    /// `?nativeTokens=ETH`, as Mileston's checkout does.
    pub fn is_native(self) -> bool {
        !matches!(self, Asset::Usdc | Asset::Usdt)
    }
}

written_as!(Chain, as_str);
written_as!(EvmChain, as_str);
written_as!(Asset, as_str);
