//! The wallet API's operations (normal key, every body signed). The three
//! that move funds are marked so: never sent twice, and an answer that does
//! not prove what happened is an unknown outcome. One row a call.

use mileston_config_core::protocol::wallet::{
    BATCH_PAYMENT, CREATE_NEW_SUB_WALLET, CREATE_SUB_WALLET, DELETE_SUB_WALLET,
    GET_ALL_SUB_WALLETS, GET_ALL_WALLETS, GET_SUB_WALLET, SEND_FUNDS, SEND_PAYMENT,
    TRANSACTION_STATUS,
};

use super::Operation;
use crate::models::envelope::nothing;
use crate::models::wallet::answers::{
    BatchSent, ChainWallet, CreatedSubWallet, Sent, SubWallet, SubWallets, Transaction, Wallet,
    bare_or_in_data, in_data_or_bare, wallets,
};

type Op<T> = Operation<T>;

pub(crate) const SEND: Op<Sent> =
    Op::new("send_payment", SEND_PAYMENT, Sent::from_json).moving_funds();
pub(crate) const BATCH: Op<BatchSent> =
    Op::new("batch_payment", BATCH_PAYMENT, BatchSent::from_json).moving_funds();
pub(crate) const SEND_FROM_SUB_WALLET: Op<Sent> =
    Op::new("send_funds", SEND_FUNDS, Sent::from_json).moving_funds();
pub(crate) const NEW_SUB_WALLET: Op<CreatedSubWallet> =
    Op::new("create_sub_wallet", CREATE_SUB_WALLET, bare_or_in_data);
pub(crate) const NEW_NAMED_SUB_WALLET: Op<ChainWallet> = Op::new(
    "create_new_sub_wallet",
    CREATE_NEW_SUB_WALLET,
    bare_or_in_data,
);
pub(crate) const SUB_WALLET: Op<SubWallet> =
    Op::new("get_sub_wallet", GET_SUB_WALLET, bare_or_in_data);
pub(crate) const SUB_WALLETS: Op<SubWallets> =
    Op::new("get_all_sub_wallets", GET_ALL_SUB_WALLETS, in_data_or_bare);
pub(crate) const WALLETS: Op<Vec<Wallet>> = Op::new("get_all_wallets", GET_ALL_WALLETS, wallets);
pub(crate) const REMOVE_SUB_WALLET: Op<()> =
    Op::new("delete_sub_wallet", DELETE_SUB_WALLET, nothing);
pub(crate) const TRANSACTION: Op<Transaction> = Op::new(
    "get_transaction_status",
    TRANSACTION_STATUS,
    in_data_or_bare,
);
