//! The wallets a checkout page asks for: where a customer sends a QR-code
//! payment (`GET /checkout/payment-wallet/{sui|evm|solana}`) and each
//! business's sub-wallet (`GET /checkout/sub-wallets/{uuid}`), answered from
//! `state/wallets.rs`.

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use mileston_config_core::protocol::header;
use serde::{Deserialize, Serialize};

use super::answer::{answer, json_response};
use super::extract::{Caller, Checkout, PathArgs, QueryArgs};
use crate::state::error::{ApiError, echo};
use crate::state::rules::{check_one_of, check_opt_text};
use crate::state::wallets::{CHAINS, ENVS, EVM_CHAINS, Purpose, SubWallet, address, sub_wallet};

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
        .get(header::ENV)
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
