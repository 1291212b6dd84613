//! The backend services' operations (normal key): the five calls each kind
//! of payment has, and each service's health. One row a call.

use mileston_config_core::protocol::backend::{create, delete, get, list, update};
use mileston_config_core::protocol::{Kind, Service};

use super::Operation;
use crate::models::backend::{Health, Invoice, PaymentLink, RecurringPayment};
use crate::models::decode::from_json;
use crate::models::envelope::{Created, many, nothing, one};

type Op<T> = Operation<T>;

/// The five operations of one kind, named as the handle's methods
/// (`create_invoice`, ..., `list_invoices`).
macro_rules! kind {
    (
        $kind:ident, $T:ty, $one:literal, $many:literal:
        $create:ident, $get:ident, $list:ident, $update:ident, $delete:ident
    ) => {
        pub(crate) const $create: Op<Created<$T>> =
            Op::new(concat!("create_", $one), create(Kind::$kind), from_json);
        pub(crate) const $get: Op<$T> = Op::new(concat!("get_", $one), get(Kind::$kind), one);
        pub(crate) const $list: Op<Vec<$T>> =
            Op::new(concat!("list_", $many), list(Kind::$kind), many);
        pub(crate) const $update: Op<$T> =
            Op::new(concat!("update_", $one), update(Kind::$kind), one);
        pub(crate) const $delete: Op<()> =
            Op::new(concat!("delete_", $one), delete(Kind::$kind), nothing);
    };
}

kind!(PaymentLink, PaymentLink, "payment_link", "payment_links":
    CREATE_PAYMENT_LINK, GET_PAYMENT_LINK, LIST_PAYMENT_LINKS, UPDATE_PAYMENT_LINK,
    DELETE_PAYMENT_LINK);
kind!(Invoice, Invoice, "invoice", "invoices":
    CREATE_INVOICE, GET_INVOICE, LIST_INVOICES, UPDATE_INVOICE, DELETE_INVOICE);
kind!(Recurring, RecurringPayment, "recurring_payment", "recurring_payments":
    CREATE_RECURRING_PAYMENT, GET_RECURRING_PAYMENT, LIST_RECURRING_PAYMENTS,
    UPDATE_RECURRING_PAYMENT, DELETE_RECURRING_PAYMENT);

/// `GET /status` of a service.
pub(crate) const fn health(service: Service) -> Op<Health> {
    Op::status(service, from_json)
}
