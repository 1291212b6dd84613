//! The wallet API under `/user` (Mileston's backend SDK's `Wallet` class):
//! payouts from the main wallet or a sub-wallet, sub-wallets, batch
//! payouts, transaction status; every call signed (`signature.rs`) with the
//! normal key. Sends debit the wallet at once and leave a `pending`
//! transaction, which `POST /__sandbox/transactions/{uuid}/complete` or
//! `/fail` settles (a failure gives the funds back).

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use mileston_config_core::protocol::wallet;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Value, json};

use super::answer::{answer, answer_data, json_response};
use super::app::App;
use super::at::At;
use super::extract::PathArgs;
use super::signature::{Signed, SignedJson};
use crate::state::Store;
use crate::state::clock::now_iso;
use crate::state::error::{ApiError, echo};
use crate::state::rules::{check_amount, check_one_of, check_text};
use crate::state::wallet_book::{
    CHAINS, MAIN, PENDING, Source, Transaction, decimal, transaction_not_found, units,
};

pub(crate) fn routes(router: Router<App>) -> Router<App> {
    router
        .at(wallet::SEND_PAYMENT, send_payment)
        .at(wallet::CREATE_SUB_WALLET, create_sub_wallet)
        .at(wallet::CREATE_NEW_SUB_WALLET, create_new_sub_wallet)
        .at(wallet::GET_ALL_SUB_WALLETS, all_sub_wallets)
        .at(wallet::GET_SUB_WALLET, get_sub_wallet)
        .at(wallet::DELETE_SUB_WALLET, delete_sub_wallet)
        .at(wallet::SEND_FUNDS, send_funds)
        .at(wallet::GET_ALL_WALLETS, all_wallets)
        .at(wallet::BATCH_PAYMENT, batch_payment)
        .at(wallet::TRANSACTION_STATUS, transaction_status)
        .route("/__sandbox/transactions/{uuid}/{outcome}", post(settle))
}

/// Mileston's `SendFundsPayload`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SendFunds {
    amount: String,
    recipient_address: String,
    wallet_type: String,
}

/// Mileston's `CreateSubWalletPayload`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct NewSubWallet {
    sub_wallet_uuid: String,
    wallet_type: String,
}

/// Mileston's `BatchPaymentPayload`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Batch {
    recipients: Vec<String>,
    amounts: Vec<String>,
    wallet_type: String,
}

/// The chain a send pays from: one of Mileston's `WalletType`s, but not
/// `all`, which names no chain to take the funds from.
fn chain_of(wallet_type: &str) -> Result<usize, ApiError> {
    if wallet_type == "all" {
        return Err(ApiError::bad_request(
            "`walletType` `all` names no chain to pay from: use one of `sui`, `eth`, `avax`, \
             `pol`, `base`, `arb`, `solana`",
        ));
    }
    let chain = check_one_of("walletType", wallet_type, &CHAINS)?;
    Ok(CHAINS.iter().position(|c| *c == chain).unwrap_or(0))
}

/// A checked send as a new pending transaction (not yet kept).
fn transaction(store: &mut Store, b: SendFunds, source: Source) -> Result<Transaction, ApiError> {
    check_amount("amount", &b.amount)?;
    check_text("recipientAddress", &b.recipient_address)?;
    let chain = chain_of(&b.wallet_type)?;
    let now = now_iso();
    Ok(Transaction {
        transaction_uuid: store.new_id("tx"),
        status: PENDING,
        units: units(&b.amount),
        amount: b.amount,
        recipient_address: b.recipient_address,
        wallet_type: CHAINS[chain],
        signature: None,
        created_at: now.clone(),
        updated_at: now,
        source,
        chain,
    })
}

/// `{statusCode, message, transactionUUID}`: Mileston's `SendFundsResponse`,
/// and the transaction's UUID where Mileston's docs read it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Sent<'a> {
    status_code: u16,
    message: &'a str,
    #[serde(rename = "transactionUUID")]
    transaction_uuid: &'a str,
}

fn sent(message: &str, tx: &Transaction) -> Response {
    json_response(
        StatusCode::OK,
        &Sent {
            status_code: 200,
            message,
            transaction_uuid: &tx.transaction_uuid,
        },
    )
}

/// `POST /user/send-payment`: from the main wallet.
async fn send_payment(
    State(app): State<App>,
    SignedJson(c, b): SignedJson<SendFunds>,
) -> Result<Response, ApiError> {
    let mut store = app.lock();
    let tx = transaction(&mut store, b, Source::Main)?;
    let tx = store.wallet_book(c.business).send(tx)?;
    Ok(sent("Payment sent successfully", tx))
}

/// `POST /user/sub-wallet/{uuid}/send`: from a sub-wallet.
async fn send_funds(
    State(app): State<App>,
    PathArgs(uuid): PathArgs<String>,
    SignedJson(c, b): SignedJson<SendFunds>,
) -> Result<Response, ApiError> {
    let mut store = app.lock();
    store.wallet_book(c.business).existing_sub_wallet(&uuid)?;
    let tx = transaction(&mut store, b, Source::SubWallet(uuid))?;
    let tx = store.wallet_book(c.business).send(tx)?;
    Ok(sent("Funds sent successfully", tx))
}

/// `POST /user/batch-payment`: one pending transaction per recipient, all
/// from the main wallet on one chain, all or none.
async fn batch_payment(
    State(app): State<App>,
    SignedJson(c, b): SignedJson<Batch>,
) -> Result<Response, ApiError> {
    if b.recipients.len() != b.amounts.len() {
        return Err(ApiError::bad_request(format!(
            "`amounts` must have one amount for each of `recipients`: {} recipients, {} amounts",
            b.recipients.len(),
            b.amounts.len()
        )));
    }
    if b.recipients.is_empty() {
        return Err(ApiError::bad_request("`recipients` must not be empty"));
    }
    for (i, (r, a)) in b.recipients.iter().zip(&b.amounts).enumerate() {
        check_text(&format!("recipients[{i}]"), r)?;
        check_amount(&format!("amounts[{i}]"), a)?;
    }
    let chain = chain_of(&b.wallet_type)?;
    let mut store = app.lock();
    let total: u128 = b.amounts.iter().map(|a| units(a)).sum();
    store
        .wallet_book(c.business)
        .main
        .can_pay(chain, total, MAIN)?;
    let mut uuids = Vec::new();
    for (recipient_address, amount) in b.recipients.into_iter().zip(b.amounts) {
        let send = SendFunds {
            amount,
            recipient_address,
            wallet_type: b.wallet_type.clone(),
        };
        let tx = transaction(&mut store, send, Source::Main)?;
        uuids.push(
            store
                .wallet_book(c.business)
                .send(tx)?
                .transaction_uuid
                .clone(),
        );
    }
    Ok(answer_data(
        StatusCode::OK,
        "Batch payment processed successfully",
        "data",
        json!({ "transactionUUIDs": uuids }),
    ))
}

/// A JSON object whose members are written in the order given (serde_json's
/// `Map` would sort them): chains in Mileston's order, sub-wallets oldest
/// first.
struct Ordered<V>(Vec<(String, V)>);

impl<V: Serialize> Serialize for Ordered<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// `{chain: value}` for every chain, in Mileston's order
/// (`IWalletAddress`, `IWalletBalances`).
fn per_chain<T>(values: &[T; 7], f: impl Fn(&T) -> String) -> Ordered<String> {
    Ordered(
        CHAINS
            .iter()
            .zip(values)
            .map(|(c, v)| (c.to_string(), f(v)))
            .collect(),
    )
}

/// A sub-wallet as `GetSubWalletResponseData` (or, keyed by UUID,
/// `GetAllSubWalletsResponseData`), members in that order.
#[derive(Serialize)]
struct SubWalletBody<A, B> {
    r#type: &'static str,
    address: A,
    balance: String,
    balances: B,
}

/// `POST /user/sub-wallet` (body `{}`): a sub-wallet with a UUID the sandbox
/// chooses; answered bare, as Mileston's `CreateSubWalletResponseData`.
async fn create_sub_wallet(
    State(app): State<App>,
    Signed(c): Signed,
) -> Result<Response, ApiError> {
    let mut store = app.lock();
    let uuid = store.new_id("sw");
    let serial = serial_of(&uuid);
    let book = store.wallet_book(c.business);
    book.add_sub_wallet(uuid.clone(), serial, c.business);
    let wallet = book.existing_sub_wallet(&uuid)?;
    // `CreateSubWalletResponseData`, in its order.
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Created<'a> {
        public_key: &'a str,
        uuid: &'a str,
        recovery_phrase: String,
    }
    let body = Created {
        public_key: &wallet.holdings.addresses[1],
        uuid: &uuid,
        recovery_phrase: format!(
            "sandbox fake recovery phrase {serial} never use it for real funds"
        ),
    };
    Ok(json_response(StatusCode::CREATED, &body))
}

/// The number in an ID `<prefix>_000123`.
fn serial_of(id: &str) -> u64 {
    id.rsplit('_')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// `POST /user/sub-wallet/create`: a sub-wallet with the caller's UUID,
/// answered bare with its address on the chain asked for, as Mileston's
/// `CreateNewSubWalletResponseData`.
async fn create_new_sub_wallet(
    State(app): State<App>,
    SignedJson(c, b): SignedJson<NewSubWallet>,
) -> Result<Response, ApiError> {
    let uuid = b.sub_wallet_uuid;
    check_text("subWalletUuid", &uuid)?;
    let chain = check_one_of("walletType", &b.wallet_type, &CHAINS)?;
    if uuid.contains('/') || matches!(uuid.as_str(), "." | ".." | "all" | "create") {
        return Err(ApiError::bad_request(
            "`subWalletUuid` must not contain `/` nor be `.`, `..`, `all` or `create`: it goes \
             into paths",
        ));
    }
    let mut store = app.lock();
    let serial = serial_of(&store.new_id("sw"));
    let book = store.wallet_book(c.business);
    if book.sub_wallet(&uuid).is_some() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            format!("sub-wallet {} already exists", echo(&uuid)),
        ));
    }
    book.add_sub_wallet(uuid.clone(), serial, c.business);
    let i = CHAINS.iter().position(|c| *c == chain).unwrap_or(0);
    let wallet = book.existing_sub_wallet(&uuid)?;
    // `CreateNewSubWalletResponseData`, in its order.
    #[derive(Serialize)]
    struct Created<'a> {
        r#type: &'a str,
        address: &'a str,
        balance: String,
    }
    let body = Created {
        r#type: chain,
        address: &wallet.holdings.addresses[i],
        balance: decimal(wallet.holdings.balances[i]),
    };
    Ok(json_response(StatusCode::CREATED, &body))
}

/// `GET /user/sub-wallet/{uuid}`: answered bare, as Mileston's
/// `GetSubWalletResponseData`.
async fn get_sub_wallet(
    State(app): State<App>,
    PathArgs(uuid): PathArgs<String>,
    Signed(c): Signed,
) -> Result<Response, ApiError> {
    let mut store = app.lock();
    let h = &store
        .wallet_book(c.business)
        .existing_sub_wallet(&uuid)?
        .holdings;
    let body = SubWalletBody {
        r#type: "all",
        address: per_chain(&h.addresses, String::clone),
        balance: decimal(h.total()),
        balances: per_chain(&h.balances, |u| decimal(*u)),
    };
    Ok(json_response(StatusCode::OK, &body))
}

/// `GET /user/sub-wallet/all`: in the envelope, as Mileston's SDK types it
/// (`WalletResponse`, `data`: `GetAllSubWalletsResponseData`).
async fn all_sub_wallets(State(app): State<App>, Signed(c): Signed) -> Response {
    let mut store = app.lock();
    let book = store.wallet_book(c.business);
    let (mut address, mut balances, mut total) = (Vec::new(), Vec::new(), 0);
    for w in &book.sub_wallets {
        let h = &w.holdings;
        address.push((w.uuid.clone(), per_chain(&h.addresses, String::clone)));
        balances.push((w.uuid.clone(), per_chain(&h.balances, |u| decimal(*u))));
        total += h.total();
    }
    let data = SubWalletBody {
        r#type: "all",
        address: Ordered(address),
        balance: decimal(total),
        balances: Ordered(balances),
    };
    answer_data(
        StatusCode::OK,
        "Sub-wallets retrieved successfully",
        "data",
        data,
    )
}

/// `DELETE /user/sub-wallet/{uuid}`: `{statusCode, message, data: {}}`.
async fn delete_sub_wallet(
    State(app): State<App>,
    PathArgs(uuid): PathArgs<String>,
    Signed(c): Signed,
) -> Result<Response, ApiError> {
    app.lock()
        .wallet_book(c.business)
        .remove_sub_wallet(&uuid)?;
    Ok(answer_data(
        StatusCode::OK,
        "Sub-wallet deleted successfully",
        "data",
        json!({}),
    ))
}

/// `GET /user/all-wallets`: the main wallet, one item per chain, its
/// balance a JSON number as Mileston's `GetAllWalletsResponse` types it.
async fn all_wallets(State(app): State<App>, Signed(c): Signed) -> Response {
    let mut store = app.lock();
    let main = &store.wallet_book(c.business).main;
    // An item of `GetAllWalletsResponse.walletData`, in its order.
    #[derive(Serialize)]
    struct Item<'a> {
        id: usize,
        blockchain: &'a str,
        address: &'a str,
        balance: Value,
    }
    let list: Vec<Item<'_>> = CHAINS
        .iter()
        .enumerate()
        .map(|(i, chain)| Item {
            id: i + 1,
            blockchain: chain,
            address: &main.addresses[i],
            balance: number(main.balances[i]),
        })
        .collect();
    answer_data(
        StatusCode::OK,
        "Wallets retrieved successfully",
        "walletData",
        list,
    )
}

/// Units as a JSON number written as JavaScript writes one (`1000`,
/// `975.5`).
fn number(units: u128) -> Value {
    let text = decimal(units);
    let trimmed = text.trim_end_matches('0').trim_end_matches('.');
    serde_json::from_str(trimmed).unwrap_or(Value::Null)
}

/// `GET /user/transaction-status/{uuid}`: in the envelope, as Mileston's
/// `TransactionStatusResponse`.
async fn transaction_status(
    State(app): State<App>,
    PathArgs(uuid): PathArgs<String>,
    Signed(c): Signed,
) -> Result<Response, ApiError> {
    Ok(answer_data(
        StatusCode::OK,
        "Transaction status retrieved successfully",
        "data",
        app.lock().wallet_book(c.business).transaction(&uuid)?,
    ))
}

/// `POST /__sandbox/transactions/{uuid}/complete|fail` (no key): settles a
/// pending transaction, whichever business's, as the chain would.
async fn settle(
    State(app): State<App>,
    PathArgs((uuid, outcome)): PathArgs<(String, String)>,
) -> Result<Response, ApiError> {
    let completed = match outcome.as_str() {
        "complete" => true,
        "fail" => false,
        _ => {
            return Err(ApiError::not_found(format!(
                "unknown outcome `{}`: use `complete` or `fail`",
                echo(&outcome)
            )));
        }
    };
    let mut store = app.lock();
    let serial = serial_of(&uuid);
    let (i, book) = store
        .businesses
        .values_mut()
        .filter_map(|b| b.wallet.as_mut())
        .find_map(|book| Some((book.transaction_at(&uuid)?, book)))
        .ok_or_else(|| transaction_not_found(&uuid))?;
    let status = book.transactions[i].status;
    if status != PENDING {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            format!("transaction {} is already {status}", echo(&uuid)),
        ));
    }
    book.settle(i, completed, serial, now_iso());
    Ok(answer(
        StatusCode::OK,
        if completed {
            "Transaction completed"
        } else {
            "Transaction failed"
        },
        None,
        Some(("data", &book.transactions[i])),
    ))
}
