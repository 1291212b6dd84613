//! The closed sets of the checkout's wire: the chains a payment settles on
//! and the tokens it is paid in, as Mileston's checkout SDK types them
//! (`Chain`, `evmType`, `Token`). Typed, so that a request cannot carry a
//! name Mileston does not know.

use core::fmt;

use serde::Serialize;

use super::values::pad;

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

impl fmt::Display for Chain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        pad(f, self.as_str())
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

impl fmt::Display for EvmChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        pad(f, self.as_str())
    }
}

/// A token a payment is made in (Mileston's `Token`): two stablecoins and
/// four chains' native coins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
#[non_exhaustive]
pub enum Token {
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

impl Token {
    /// The name on the wire: `USDC`, `USDT`, `AVAX`, `ETH`, `POL`, `SOL`.
    pub fn as_str(self) -> &'static str {
        match self {
            Token::Usdc => "USDC",
            Token::Usdt => "USDT",
            Token::Avax => "AVAX",
            Token::Eth => "ETH",
            Token::Pol => "POL",
            Token::Sol => "SOL",
        }
    }

    /// Whether it is a chain's native coin (`AVAX`, `ETH`, `POL`, `SOL`): a
    /// save or a verification of a payment in one names it in the query,
    /// `?nativeTokens=ETH`, as Mileston's checkout does.
    pub fn is_native(self) -> bool {
        !matches!(self, Token::Usdc | Token::Usdt)
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        pad(f, self.as_str())
    }
}
