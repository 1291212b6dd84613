//! What the wallet API remembers of one business: its main wallet and its
//! sub-wallets (an address and a balance on each chain), and the
//! transactions that moved funds out of them. Balances are exact decimals
//! (units of 10^-18, the finest amount the sandbox accepts), written with at
//! least two decimals (`"1000.00"`, `"0.000001"`). Every address and
//! transaction hash is made up: well-formed for its chain, owned by no one.

use serde::Serialize;

use super::error::{ApiError, echo};
use super::wallets::{Purpose, SUB_WALLETS, address};
use crate::keys::TENANTS;

/// Mileston's `WalletApiType`, in its order: the chains of every wallet.
pub(crate) const CHAINS: [&str; 7] = ["sui", "eth", "avax", "pol", "base", "arb", "solana"];

/// Units in one whole coin.
const ONE: u128 = 1_000_000_000_000_000_000;

/// A decimal string the rules accepted (`rules::check_amount`: at most 15
/// digits before the point and 18 after) as units.
pub(crate) fn units(amount: &str) -> u128 {
    let (whole, frac) = amount.split_once('.').unwrap_or((amount, ""));
    let digits = |s: &str| s.bytes().fold(0u128, |n, b| n * 10 + u128::from(b - b'0'));
    digits(whole) * ONE + digits(frac) * 10u128.pow(18 - frac.len() as u32)
}

/// Units as a decimal string with at least two decimals.
pub(crate) fn decimal(units: u128) -> String {
    let frac = format!("{:018}", units % ONE);
    let frac = frac.trim_end_matches('0');
    format!("{}.{frac:0<2}", units / ONE)
}

/// Where the sandbox's funds are: an address and a balance per chain.
#[derive(Clone)]
pub(crate) struct Holdings {
    pub(crate) addresses: [String; 7],
    pub(crate) balances: [u128; 7],
}

impl Holdings {
    /// Whether `amount` units can be paid on chain `i` (`what` names the
    /// wallet): the 400 says how much there is.
    pub(crate) fn can_pay(&self, i: usize, amount: u128, what: &str) -> Result<(), ApiError> {
        let held = self.balances[i];
        if held < amount {
            return Err(ApiError::bad_request(format!(
                "insufficient funds: {what} holds {} on {}, {} requested",
                decimal(held),
                CHAINS[i],
                decimal(amount)
            )));
        }
        Ok(())
    }

    /// Takes `amount` units on chain `i`, or refuses as [`can_pay`](Self::can_pay).
    fn debit(&mut self, i: usize, amount: u128, what: &str) -> Result<(), ApiError> {
        self.can_pay(i, amount, what)?;
        self.balances[i] -= amount;
        Ok(())
    }

    /// The total over every chain.
    pub(crate) fn total(&self) -> u128 {
        self.balances.iter().sum()
    }
}

/// One sub-wallet.
pub(crate) struct SubWallet {
    pub(crate) uuid: String,
    pub(crate) holdings: Holdings,
}

/// Where a transaction's funds came from.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Source {
    Main,
    SubWallet(String),
}

/// A transaction, with the members of Mileston's
/// `TransactionStatusResponse.data` in their order, then what the sandbox
/// needs to settle it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Transaction {
    #[serde(rename = "transactionUUID")]
    pub(crate) transaction_uuid: String,
    pub(crate) status: &'static str,
    pub(crate) amount: String,
    pub(crate) recipient_address: String,
    pub(crate) wallet_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) signature: Option<String>,
    pub(crate) created_at: String,
    pub(crate) updated_at: String,
    #[serde(skip)]
    pub(crate) source: Source,
    #[serde(skip)]
    pub(crate) chain: usize,
    #[serde(skip)]
    pub(crate) units: u128,
}

/// How messages name the main wallet.
pub(crate) const MAIN: &str = "the main wallet";

pub(crate) const PENDING: &str = "pending";
pub(crate) const COMPLETED: &str = "completed";
pub(crate) const FAILED: &str = "failed";

/// One business's wallets and transactions.
pub(crate) struct WalletBook {
    pub(crate) main: Holdings,
    /// Oldest first.
    pub(crate) sub_wallets: Vec<SubWallet>,
    /// Oldest first.
    pub(crate) transactions: Vec<Transaction>,
}

/// A tenant's number, 1 or 2 (0 for a business the sandbox does not know).
fn owner(business: &str) -> usize {
    TENANTS
        .iter()
        .position(|t| t.business_id == business)
        .map_or(0, |i| i + 1)
}

/// What each tenant starts with: the main wallet's balance on every chain,
/// and its seeded sub-wallet's (docs/wire-protocol.md, "Wallet API").
pub(crate) const SEED: [(&str, &str); 2] = [("1000.00", "100.00"), ("500.00", "50.00")];

impl WalletBook {
    /// A tenant's book as the sandbox starts it: the main wallet at its
    /// deposit addresses, and its one sub-wallet (the checkout service's).
    pub(crate) fn seeded(business: &str) -> WalletBook {
        let (main, sub) = SEED
            .get(owner(business).saturating_sub(1))
            .copied()
            .unwrap_or(("0", "0"));
        let holdings = |purpose, balance| Holdings {
            addresses: CHAINS.map(|c| address(c, purpose, business)),
            balances: [units(balance); 7],
        };
        WalletBook {
            main: holdings(Purpose::Deposit, main),
            sub_wallets: SUB_WALLETS
                .iter()
                .filter(|w| w.business == business)
                .map(|w| SubWallet {
                    uuid: w.uuid.to_string(),
                    holdings: holdings(Purpose::SubWallet, sub),
                })
                .collect(),
            transactions: Vec::new(),
        }
    }

    pub(crate) fn sub_wallet(&mut self, uuid: &str) -> Option<&mut SubWallet> {
        self.sub_wallets.iter_mut().find(|w| w.uuid == uuid)
    }

    /// The sub-wallet `uuid`, or 404.
    pub(crate) fn existing_sub_wallet(&mut self, uuid: &str) -> Result<&mut SubWallet, ApiError> {
        self.sub_wallet(uuid)
            .ok_or_else(|| ApiError::not_found(format!("sub-wallet {} not found", echo(uuid))))
    }

    /// Removes the sub-wallet `uuid`, or refuses with 404.
    pub(crate) fn remove_sub_wallet(&mut self, uuid: &str) -> Result<(), ApiError> {
        self.existing_sub_wallet(uuid)?;
        self.sub_wallets.retain(|w| w.uuid != uuid);
        Ok(())
    }

    /// Where transaction `uuid` is in `transactions`.
    pub(crate) fn transaction_at(&self, uuid: &str) -> Option<usize> {
        self.transactions
            .iter()
            .position(|t| t.transaction_uuid == uuid)
    }

    /// The transaction `uuid`, or 404.
    pub(crate) fn transaction(&self, uuid: &str) -> Result<&Transaction, ApiError> {
        self.transaction_at(uuid)
            .map(|i| &self.transactions[i])
            .ok_or_else(|| transaction_not_found(uuid))
    }

    /// A new sub-wallet, the `serial`-th the sandbox made, empty.
    pub(crate) fn add_sub_wallet(&mut self, uuid: String, serial: u64, business: &str) {
        let owner = owner(business) as u64;
        let holdings = Holdings {
            addresses: CHAINS.map(|c| made_up(c, serial, owner, 0x5c)),
            balances: [0; 7],
        };
        self.sub_wallets.push(SubWallet { uuid, holdings });
    }

    /// Takes `tx`'s units on its chain out of its source and keeps it, or
    /// refuses with 400 (insufficient funds) or 404 (no such sub-wallet).
    pub(crate) fn send(&mut self, tx: Transaction) -> Result<&Transaction, ApiError> {
        let source = &tx.source;
        let holdings = match source {
            Source::Main => &mut self.main,
            Source::SubWallet(uuid) => &mut self.existing_sub_wallet(uuid)?.holdings,
        };
        let what = match source {
            Source::Main => MAIN.to_string(),
            Source::SubWallet(uuid) => format!("sub-wallet {uuid}"),
        };
        holdings.debit(tx.chain, tx.units, &what)?;
        self.transactions.push(tx);
        Ok(self.transactions.last().expect("just pushed"))
    }

    /// Settles the pending transaction at `i`: completed (with a made-up
    /// chain signature), or failed (its funds back where they came from,
    /// if that wallet still exists).
    pub(crate) fn settle(&mut self, i: usize, completed: bool, serial: u64, now: String) {
        let tx = &mut self.transactions[i];
        tx.updated_at = now;
        if completed {
            tx.status = COMPLETED;
            tx.signature = Some(made_up(CHAINS[tx.chain], serial, 0, 0x7e));
            return;
        }
        tx.status = FAILED;
        let (source, chain, units) = (tx.source.clone(), tx.chain, tx.units);
        let holdings = match source {
            Source::Main => Some(&mut self.main),
            Source::SubWallet(uuid) => self.sub_wallet(&uuid).map(|w| &mut w.holdings),
        };
        if let Some(h) = holdings {
            h.balances[chain] += units;
        }
    }
}

/// The 404 for a transaction no book holds.
pub(crate) fn transaction_not_found(uuid: &str) -> ApiError {
    ApiError::not_found(format!("transaction {} not found", echo(uuid)))
}

/// A made-up address (or, for `kind` 0x7e, a transaction hash) on `chain`:
/// EVM `0x` + 40 hex digits, Sui `0x` + 64, Solana base58; unique per
/// `serial` and `owner`, ending in `5a<kind>`-style digits a reader can spot.
fn made_up(chain: &str, serial: u64, owner: u64, kind: u8) -> String {
    let tail = format!("5a{kind:02x}{serial:08x}{owner:02x}");
    match chain {
        "sui" => format!("0x{tail:0>64}"),
        "solana" => {
            const BASE58: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
            let mut n = serial * 100 + owner;
            let mut digits = String::new();
            while n > 0 {
                digits.insert(0, char::from(BASE58[(n % 58) as usize]));
                n /= 58;
            }
            let word = if kind == 0x7e {
                "SandboxTx"
            } else {
                "SandboxNewWa11et"
            };
            let len = if kind == 0x7e { 88 } else { 44 };
            format!("{word}{digits:1>width$}", width = len - word.len())
        }
        _ if kind == 0x7e => format!("0x{tail:0>64}"),
        _ => format!("0x{tail:0>40}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_exact() {
        for (text, back) in [
            ("1000.00", "1000.00"),
            ("1", "1.00"),
            ("0.5", "0.50"),
            ("0.000000000000000001", "0.000000000000000001"),
            (
                "999999999999999.999999999999999999",
                "999999999999999.999999999999999999",
            ),
            ("12.340", "12.34"),
        ] {
            assert_eq!(decimal(units(text)), back, "{text}");
        }
        assert_eq!(decimal(0), "0.00");
        assert_eq!(units("975.5") + units("24.5"), units("1000"));
    }

    #[test]
    fn made_up_addresses_are_well_formed_and_distinct() {
        let evm = made_up("eth", 7, 1, 0x5c);
        assert_eq!(evm.len(), 42);
        assert_ne!(evm, made_up("eth", 8, 1, 0x5c));
        assert_ne!(evm, made_up("eth", 7, 2, 0x5c));
        assert_eq!(made_up("sui", 7, 1, 0x5c).len(), 66);
        assert_eq!(made_up("eth", 7, 0, 0x7e).len(), 66);
        let sol = made_up("solana", 7, 1, 0x5c);
        assert_eq!(sol.len(), 44);
        assert!(!sol.contains(['0', 'O', 'I', 'l']), "{sol}");
        assert_eq!(made_up("solana", 7, 0, 0x7e).len(), 88);
    }

    #[test]
    fn a_tenant_starts_with_its_seed() {
        let book = WalletBook::seeded(TENANTS[1].business_id);
        assert_eq!(decimal(book.main.balances[0]), "500.00");
        assert_eq!(book.sub_wallets.len(), 1);
        assert_eq!(book.sub_wallets[0].uuid, "sandbox-subwallet-0002");
        assert_eq!(decimal(book.sub_wallets[0].holdings.total()), "350.00");
    }
}
