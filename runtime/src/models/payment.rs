//! A payment as the checkout service shows it: one of the three resources,
//! with the accessors a checkout page needs, and the answer to verifying it.

use serde::Serialize;

use mileston_config_core::protocol::Kind;

use super::backend::{Invoice, PaymentLink, RecurringPayment};
use super::decode::{Context, Invalid, Model};
use super::envelope::Data;
use super::values::{Amount, PaymentKind, PaymentStatus};
use super::wire;

/// A payment read through the checkout service: one of the three resources.
///
/// Serializes (serde) as its resource with its kind's pattern under `kind`:
/// `{"kind":"invoice","invoiceId":…}`, `"paymentlink"`, `"recurring"`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind")]
#[non_exhaustive]
pub enum Payment {
    /// An invoice.
    #[serde(rename = "invoice")]
    Invoice(Invoice),
    /// A payment link.
    #[serde(rename = "paymentlink")]
    PaymentLink(PaymentLink),
    /// A recurring payment.
    #[serde(rename = "recurring")]
    Recurring(RecurringPayment),
}

impl Payment {
    /// Its kind.
    pub fn kind(&self) -> PaymentKind {
        match self {
            Payment::Invoice(_) => PaymentKind::Invoice,
            Payment::PaymentLink(_) => PaymentKind::PaymentLink,
            Payment::Recurring(_) => PaymentKind::Recurring,
        }
    }

    /// Its ID (`invoiceId`, `paymentLinkId` or `recurringPaymentId`).
    pub fn id(&self) -> &str {
        match self {
            Payment::Invoice(p) => &p.invoice_id,
            Payment::PaymentLink(p) => &p.payment_link_id,
            Payment::Recurring(p) => &p.recurring_payment_id,
        }
    }

    /// The amount.
    pub fn amount(&self) -> &Amount {
        match self {
            Payment::Invoice(p) => &p.amount,
            Payment::PaymentLink(p) => &p.amount,
            Payment::Recurring(p) => &p.amount,
        }
    }

    /// The normalised status; `None` for a payment link whose answer has no
    /// `status` (Mileston's types give payment links none).
    pub fn status(&self) -> Option<PaymentStatus> {
        match self {
            Payment::Invoice(p) => Some(p.status),
            Payment::PaymentLink(p) => p.status,
            Payment::Recurring(p) => Some(p.status),
        }
    }

    /// Its hosted checkout page, where the customer pays it (its resource's
    /// `checkout_url`).
    pub fn checkout_url(&self) -> Option<&str> {
        match self {
            Payment::Invoice(p) => p.checkout_url.as_deref(),
            Payment::PaymentLink(p) => p.checkout_url.as_deref(),
            Payment::Recurring(p) => p.checkout_url.as_deref(),
        }
    }

    /// Whether it is paid.
    pub fn is_paid(&self) -> bool {
        self.status() == Some(PaymentStatus::Paid)
    }
}

/// A checkout answer (the kind's envelope: `{statusCode, message,
/// invoiceLink, invoiceData}`, ...) as a payment of the kind asked for
/// ([`Context::kind`]), with the hosted page the answer gives. The document
/// is read once, in the form shared by the three kinds, then converted as
/// that kind: one decoding path instead of three in the page.
impl Model for Payment {
    type Wire = wire::Data<wire::Resource>;

    fn from_wire(w: Self::Wire, cx: &mut Context) -> Result<Payment, Invalid> {
        let Data(Unconverted(w)) = Data::from_wire(w, cx)?;
        Ok(match cx.kind {
            Some(Kind::Invoice) => Payment::Invoice(Invoice::from_wire(w, cx)?),
            Some(Kind::PaymentLink) => Payment::PaymentLink(PaymentLink::from_wire(w, cx)?),
            _ => Payment::Recurring(RecurringPayment::from_wire(w, cx)?),
        })
    }
}

/// A resource read but not yet converted: its kind is known to the caller.
struct Unconverted(wire::Resource);

impl Model for Unconverted {
    type Wire = wire::Resource;

    fn from_wire(w: wire::Resource, _: &mut Context) -> Result<Self, Invalid> {
        Ok(Unconverted(w))
    }
}

/// The answer to verifying a payment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Verification {
    /// Paid: the API answered 200 `{"statusCode":200,"message":"Payment
    /// verified"}`.
    Paid,
    /// Not paid yet: the API answered 400 "Still awaiting payment". Ask again
    /// later.
    AwaitingPayment,
}
