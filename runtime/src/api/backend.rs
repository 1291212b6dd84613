//! The backend services' operations (normal key): the five calls each kind
//! of payment has, and each service's health. One row a call.

use mileston_config_core::protocol::backend::{create, delete, get, list, update};
use mileston_config_core::protocol::{Kind, Service};

use super::Operation;
use crate::models::backend::{Health, Invoice, PaymentLink, RecurringPayment};
use crate::models::decode::from_json;
use crate::models::envelope::{Created, many, nothing, one};

type Op<T> = Operation<T>;
const LINK: Kind = Kind::PaymentLink;
const INVOICE: Kind = Kind::Invoice;
const RECURRING: Kind = Kind::Recurring;

pub(crate) const CREATE_PAYMENT_LINK: Op<Created<PaymentLink>> =
    Op::new("create_payment_link", create(LINK), from_json);
pub(crate) const GET_PAYMENT_LINK: Op<PaymentLink> = Op::new("get_payment_link", get(LINK), one);
pub(crate) const LIST_PAYMENT_LINKS: Op<Vec<PaymentLink>> =
    Op::new("list_payment_links", list(LINK), many);
pub(crate) const UPDATE_PAYMENT_LINK: Op<PaymentLink> =
    Op::new("update_payment_link", update(LINK), one);
pub(crate) const DELETE_PAYMENT_LINK: Op<()> =
    Op::new("delete_payment_link", delete(LINK), nothing);

pub(crate) const CREATE_INVOICE: Op<Created<Invoice>> =
    Op::new("create_invoice", create(INVOICE), from_json);
pub(crate) const GET_INVOICE: Op<Invoice> = Op::new("get_invoice", get(INVOICE), one);
pub(crate) const LIST_INVOICES: Op<Vec<Invoice>> = Op::new("list_invoices", list(INVOICE), many);
pub(crate) const UPDATE_INVOICE: Op<Invoice> = Op::new("update_invoice", update(INVOICE), one);
pub(crate) const DELETE_INVOICE: Op<()> = Op::new("delete_invoice", delete(INVOICE), nothing);

pub(crate) const CREATE_RECURRING_PAYMENT: Op<Created<RecurringPayment>> =
    Op::new("create_recurring_payment", create(RECURRING), from_json);
pub(crate) const GET_RECURRING_PAYMENT: Op<RecurringPayment> =
    Op::new("get_recurring_payment", get(RECURRING), one);
pub(crate) const LIST_RECURRING_PAYMENTS: Op<Vec<RecurringPayment>> =
    Op::new("list_recurring_payments", list(RECURRING), many);
pub(crate) const UPDATE_RECURRING_PAYMENT: Op<RecurringPayment> =
    Op::new("update_recurring_payment", update(RECURRING), one);
pub(crate) const DELETE_RECURRING_PAYMENT: Op<()> =
    Op::new("delete_recurring_payment", delete(RECURRING), nothing);

/// `GET /status` of a service.
pub(crate) const fn health(service: Service) -> Op<Health> {
    Op::status(service, from_json)
}
