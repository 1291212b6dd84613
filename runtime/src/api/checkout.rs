//! The checkout service's operations (checkout key), as Mileston's checkout
//! SDK makes them. One row a call.

use mileston_config_core::protocol::checkout::{
    DATA, PAYMENT_WALLET, SAVE_PAYMENT, SUB_WALLET, USER, VERIFY_PAYMENT,
};

use super::Operation;
use crate::models::addresses::{CheckoutSubWallet, PaymentWallet};
use crate::models::decode::from_json;
use crate::models::envelope::{StatusCode, nothing};
use crate::models::payment::Payment;
use crate::models::user::User;

type Op<T> = Operation<T>;

pub(crate) const GET_PAYMENT: Op<Payment> = Op::new("get_payment", DATA, from_json);
/// A settled payment recorded: a write, never sent twice.
pub(crate) const SAVE: Op<()> = Op::new("save_payment", SAVE_PAYMENT, nothing);
pub(crate) const VERIFY: Op<StatusCode> = Op::new("verify_payment", VERIFY_PAYMENT, from_json);
pub(crate) const WALLET: Op<PaymentWallet> = Op::new("payment_wallet", PAYMENT_WALLET, from_json);
pub(crate) const GET_SUB_WALLET: Op<CheckoutSubWallet> =
    Op::new("sub_wallet", SUB_WALLET, from_json);
pub(crate) const GET_USER: Op<User> = Op::new("get_user", USER, from_json);
