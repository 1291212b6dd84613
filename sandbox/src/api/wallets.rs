//! The wallets a checkout page asks for: where a customer sends a QR-code
//! payment (`GET /checkout/payment-wallet/{sui|evm|solana}`) and each
//! business's sub-wallet (`GET /checkout/sub-wallets/{uuid}`). Every address
//! here is made up: well-formed for its chain, owned by no one.

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::resource::answer;
use crate::extract::{Caller, Checkout, PathArgs, QueryArgs};
use crate::keys::TENANTS;
use crate::rules::{check_one_of, check_opt_text};
use crate::util::{ApiError, echo, json_response};

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

/// `?evmChain=&env=&merchant=` (sent for `evm` only).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WalletQuery {
    evm_chain: Option<String>,
    env: Option<String>,
    merchant: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PaymentWallet {
    status_code: u16,
    message: &'static str,
    public_key: String,
}

/// `GET /checkout/payment-wallet/{sui|evm|solana}`: the address the customer
/// pays a QR code to (`publicKey`).
pub(crate) async fn payment_wallet(
    Checkout(c): Checkout,
    PathArgs(kind): PathArgs<String>,
    QueryArgs(q): QueryArgs<WalletQuery>,
) -> Result<Response, ApiError> {
    let chain = match kind.as_str() {
        "sui" | "solana" => kind.as_str(),
        "evm" => "eth",
        _ => {
            return Err(ApiError::not_found(format!(
                "unknown wallet type `{}`: use `sui`, `evm` or `solana`",
                echo(&kind)
            )));
        }
    };
    if let Some(v) = &q.evm_chain {
        check_one_of("evmChain", v, EVM_CHAINS)?;
    }
    if let Some(v) = &q.env {
        check_one_of("env", v, ENVS)?;
    }
    check_opt_text("merchant", &q.merchant)?;
    Ok(json_response(
        StatusCode::OK,
        &PaymentWallet {
            status_code: 200,
            message: "Payment wallet retrieved",
            public_key: address(chain, Purpose::Deposit, c.business),
        },
    ))
}

/// `data` of the sub-wallet answer (Mileston's `ISubWalletResponse`).
#[derive(Serialize)]
struct SubWalletData {
    r#type: &'static str,
    address: serde_json::Map<String, serde_json::Value>,
    balance: &'static str,
    balances: serde_json::Map<String, serde_json::Value>,
}

/// `GET /checkout/sub-wallets/{uuid}` with an `env` header: the sub-wallet's
/// address on every chain.
pub(crate) async fn sub_wallets(
    Checkout(c): Checkout,
    headers: HeaderMap,
    PathArgs(uuid): PathArgs<String>,
) -> Result<Response, ApiError> {
    let env = headers
        .get("env")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .ok_or_else(|| {
            ApiError::bad_request("missing `env` header: send `env: test` or `env: prod`")
        })?;
    check_one_of("env header", &env, ENVS)?;
    let wallet = find_sub_wallet(c, &uuid)?;
    let per_chain = |f: &dyn Fn(&str) -> String| {
        CHAINS
            .iter()
            .map(|ch| (ch.to_string(), serde_json::Value::String(f(ch))))
            .collect()
    };
    let data = SubWalletData {
        r#type: "all",
        address: per_chain(&|ch| address(ch, Purpose::SubWallet, wallet.business)),
        balance: "0",
        balances: per_chain(&|_| "0".to_string()),
    };
    Ok(answer(
        StatusCode::OK,
        "Sub-wallet retrieved",
        None,
        Some(("data", &data)),
    ))
}

fn find_sub_wallet(c: Caller, uuid: &str) -> Result<&'static SubWallet, ApiError> {
    sub_wallet(c.business, uuid)
        .ok_or_else(|| ApiError::not_found(format!("sub-wallet {} not found", echo(uuid))))
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
