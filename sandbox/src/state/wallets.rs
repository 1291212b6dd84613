//! The wallets a checkout page asks for, as data: each business's
//! sub-wallet, the made-up deposit and sub-wallet addresses, and the closed
//! sets of chains and environments a checkout names. Every address here is
//! made up: well-formed for its chain, owned by no one. (Their routes are
//! `routes/wallets.rs`.)

use crate::keys::TENANTS;

pub(crate) const ENVS: &[&str] = &["test", "prod"];
pub(crate) const EVM_CHAINS: &[&str] = &["eth", "avax", "pol", "base", "arb"];
/// Every chain, in the order of Mileston's `Chain` type.
pub(crate) const CHAINS: &[&str] = &["avax", "pol", "base", "eth", "arb", "sui", "solana"];

/// One business's sub-wallet, which its payments may be paid into.
pub(crate) struct SubWallet {
    pub(crate) uuid: &'static str,
    pub(crate) user_name: &'static str,
    pub(crate) business: &'static str,
}

/// The sandbox's sub-wallets: one for each tenant (the wallet API starts
/// with them too: `wallet_book.rs`).
pub(crate) const SUB_WALLETS: [SubWallet; 2] = [
    SubWallet {
        uuid: "sandbox-subwallet-0001",
        user_name: "sandbox-customer-1",
        business: TENANTS[0].business_id,
    },
    SubWallet {
        uuid: "sandbox-subwallet-0002",
        user_name: "sandbox-customer-2",
        business: TENANTS[1].business_id,
    },
];

/// The sub-wallet `uuid` of `business`.
pub(crate) fn sub_wallet(business: &str, uuid: &str) -> Option<&'static SubWallet> {
    SUB_WALLETS
        .iter()
        .find(|w| w.uuid == uuid && w.business == business)
}

/// What an address is for: a tenant's deposit address (also its main
/// wallet's, in the wallet API) or its sub-wallet.
#[derive(Clone, Copy)]
pub(crate) enum Purpose {
    Deposit,
    SubWallet,
}

/// A made-up address on `chain` for `purpose` of the `business`: one for all
/// EVM chains (as a real EVM wallet has), another for Sui and for Solana.
pub(crate) fn address(chain: &str, purpose: Purpose, business: &str) -> String {
    let owner = TENANTS
        .iter()
        .position(|t| t.business_id == business)
        .map_or(0, |i| i + 1);
    let (word, code) = match purpose {
        Purpose::Deposit => ("Deposit", 0xd0),
        Purpose::SubWallet => ("SubWa11et", 0x5b),
    };
    let tail = format!("5a{code:02x}{owner:02x}");
    match chain {
        "sui" => format!("0x{tail:0>64}"),
        // Base58: no 0, O, I or l.
        "solana" => format!(
            "Sandbox{word}{:1>width$}",
            owner,
            width = 44 - 7 - word.len()
        ),
        _ => format!("0x{tail:0>40}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_well_formed_and_distinct() {
        let b = TENANTS[0].business_id;
        let evm = address("eth", Purpose::Deposit, b);
        assert_eq!(evm.len(), 42);
        assert!(evm[2..].bytes().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(address("sui", Purpose::Deposit, b).len(), 66);
        let sol = address("solana", Purpose::SubWallet, b);
        assert_eq!(sol.len(), 44);
        assert!(!sol.contains(['0', 'O', 'I', 'l']), "{sol}");
        assert_ne!(evm, address("eth", Purpose::SubWallet, b));
        assert_ne!(
            evm,
            address("eth", Purpose::Deposit, TENANTS[1].business_id)
        );
    }
}
