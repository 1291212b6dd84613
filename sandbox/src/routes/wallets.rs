//! The wallets a checkout page asks for: where a customer sends a QR-code
//! payment (`GET /checkout/payment-wallet/{sui|evm|solana}`), each
//! business's sub-wallet (`GET /checkout/sub-wallets/{uuid}`), and the
//! business behind a key with its wallet (`GET /checkout/user/{id}`),
//! answered from `state/wallets.rs` and the wallet book.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use mileston_config_core::protocol::header;
use serde::{Deserialize, Serialize};

use super::answer::{answer_data, json_response};
use super::app::App;
use super::extract::{Caller, Checkout, PathArgs, QueryArgs};
use crate::state::error::{ApiError, echo};
use crate::state::rules::{check_one_of, check_opt_text};
use crate::state::wallet_book::decimal;
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
    Ok(answer_data(
        StatusCode::OK,
        "Sub-wallet retrieved",
        "data",
        &data,
    ))
}

fn find_sub_wallet(c: Caller, uuid: &str) -> Result<&'static SubWallet, ApiError> {
    sub_wallet(c.business, uuid)
        .ok_or_else(|| ApiError::not_found(format!("sub-wallet {} not found", echo(uuid))))
}

/// Mileston's `IGetUser`: the business's profile (`UserData`), its main
/// wallet's address on each chain and total balance, and its QR-code
/// payment addresses (`QrPaymentWalletData`), members in its order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct User {
    status_code: u16,
    message: &'static str,
    user_data: UserData,
    wallet_address: serde_json::Map<String, serde_json::Value>,
    is_secret_copied: bool,
    wallet_balance: String,
    qr_payment_wallets: Vec<QrPaymentWallet>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UserData {
    onboarded: bool,
    business_name: String,
    business_admin_email: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct QrPaymentWallet {
    chain: &'static str,
    env: &'static str,
    address: String,
    created_at: &'static str,
}

/// `GET /checkout/user/{id}`: the business behind the key. Mileston's SDK
/// names the business in the path (`pathBusinessId ?? headerBusinessId`);
/// the sandbox answers for the caller's own business only, and 404 for any
/// other ID, as it does for another business's payments [ours].
pub(crate) async fn user(
    State(app): State<App>,
    Checkout(c): Checkout,
    PathArgs(id): PathArgs<String>,
) -> Result<Response, ApiError> {
    if id != c.business {
        return Err(ApiError::not_found(format!("user {} not found", echo(&id))));
    }
    let mut store = app.lock();
    let main = &store.wallet_book(c.business).main;
    let deposit = |chain: &str| address(chain, Purpose::Deposit, c.business);
    let user = User {
        status_code: 200,
        message: "User retrieved",
        user_data: UserData {
            onboarded: true,
            business_name: format!("Sandbox business {}", c.business),
            business_admin_email: format!("admin@{}.sandbox.invalid", c.business),
        },
        wallet_address: CHAINS
            .iter()
            .map(|ch| (ch.to_string(), serde_json::Value::String(deposit(ch))))
            .collect(),
        is_secret_copied: true,
        wallet_balance: decimal(main.total()),
        qr_payment_wallets: ["sui", "eth", "solana"]
            .into_iter()
            .map(|chain| QrPaymentWallet {
                chain,
                env: ENVS[0],
                address: deposit(chain),
                created_at: "2026-01-01T00:00:00.000Z",
            })
            .collect(),
    };
    Ok(json_response(StatusCode::OK, &user))
}
