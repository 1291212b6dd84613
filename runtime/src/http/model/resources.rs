//! What the API returns: payment links, invoices, recurring payments and a
//! service's health. Each public type is followed by the conversion from its
//! wire form (`wire.rs`) that checks it and names what is missing or bad.
//!
//! Required: what Mileston's checkout SDK types require of a resource
//! (`InvoiceData`, `RecurringPaymentData`; DTS:133-208), and a payment link's
//! amount. Optional: what they leave optional, and every member only the
//! sandbox adds (`createdAt`, `updatedAt`, `businessName`, `addPdf`, a
//! payment link's `status`), which a client must not require of Mileston.
//! A member with a rule (an amount, a date, a status) is checked when it is
//! there, optional or not, except the timestamps (`createdAt`, `updatedAt`),
//! which only the sandbox documents: one that is not a date reads as `None`
//! rather than refusing the answer. `env` is read leniently (`Env::Other`).

use serde::Serialize;

use super::date::{DateError, IsoDate};
use super::decode::{Invalid, Model, checked, required};
use super::values::{Amount, AmountError, Env, PaymentStatus, serialize_recurring};
use super::wire;

// The value rules, as the conversions below apply them to a member.

fn amount(member: &'static str, value: Option<String>) -> Result<Amount, Invalid> {
    checked(member, value, Amount::try_from, AmountError::reason)
}

fn date(member: &'static str, value: Option<String>) -> Result<IsoDate, Invalid> {
    checked(member, value, IsoDate::try_from, DateError::reason)
}

/// A member that may be absent, checked by `rule` when it is there.
fn optional<T>(
    member: &'static str,
    value: Option<String>,
    rule: fn(&'static str, Option<String>) -> Result<T, Invalid>,
) -> Result<Option<T>, Invalid> {
    value.map(|v| rule(member, Some(v))).transpose()
}

/// `createdAt` or `updatedAt`: the date, or `None` when absent or not a
/// date. Mileston's types have neither member, so neither may refuse an
/// answer (only the sandbox documents them).
fn timestamp(value: Option<String>) -> Option<IsoDate> {
    value.and_then(|v| IsoDate::try_from(v).ok())
}

fn env(member: &'static str, value: Option<String>) -> Result<Env, Invalid> {
    required(member, value).map(Env::from_wire)
}

fn status(member: &'static str, value: Option<String>) -> Result<PaymentStatus, Invalid> {
    checked(
        member,
        value,
        |s| PaymentStatus::from_wire(&s),
        |reason| reason,
    )
}

// ---------------------------------------------------------------- payment links

/// A payment link as the API returns it.
///
/// Serializes (serde) in the wire's shape: the members Mileston names
/// (`paymentLinkId`, `redirectUrl`, ...), absent ones left out, so that
/// `axum::Json<PaymentLink>` answers with what Mileston answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PaymentLink {
    /// Its ID.
    pub payment_link_id: String,
    /// The amount.
    pub amount: Amount,
    /// Title shown on the checkout page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Description shown on the checkout page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the customer goes after paying.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_url: Option<String>,
    /// Logo shown on the checkout page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    /// Banner shown on the checkout page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub banner_url: Option<String>,
    /// Its environment, `test` or `prod` (Mileston's types make it
    /// optional on payment links).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env: Option<Env>,
    /// The sub-wallet it is paid into.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_wallet_uuid: Option<String>,
    /// That sub-wallet's user name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_wallet_user_name: Option<String>,
    /// `pending` or `paid` (wire field `status`). Mileston's types give a
    /// payment link no status (a link can be paid many times); the sandbox
    /// gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<PaymentStatus>,
    /// When it was created (`createdAt`; not in Mileston's types, so
    /// optional; refused when present and not a date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<IsoDate>,
    /// When it last changed (`updatedAt`, as `created_at`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<IsoDate>,
    /// Its hosted checkout page, where the customer pays it: the link the
    /// answer gave, else, from Mileston's production services, the page
    /// Mileston's pattern gives for its ID
    /// (`https://checkout.mileston.co/payment-link/<id>`); `None` from a handle with a
    /// base URL whose answer gave no link (nothing is made up for a sandbox).
    /// Not a member of the resource on the wire: written as `checkoutUrl`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checkout_url: Option<String>,
}

impl Model for PaymentLink {
    type Wire = wire::Resource;

    fn from_wire(mut w: wire::Resource) -> Result<Self, Invalid> {
        Ok(PaymentLink {
            payment_link_id: required("paymentLinkId", w.paymentLinkId.take())?,
            amount: amount("amount", w.amount.take())?,
            title: w.title.take(),
            description: w.description.take(),
            redirect_url: w.redirectUrl.take(),
            logo_url: w.logoUrl.take(),
            banner_url: w.bannerUrl.take(),
            env: optional("env", w.env.take(), env)?,
            sub_wallet_uuid: w.subWalletUuid.take(),
            sub_wallet_user_name: w.subWalletUserName.take(),
            status: optional("status", w.status.take(), status)?,
            created_at: timestamp(w.createdAt.take()),
            updated_at: timestamp(w.updatedAt.take()),
            // Set by the handle (`hosted.rs`): the link is not in the resource.
            checkout_url: None,
        })
    }
}

// ---------------------------------------------------------------- invoices

/// An invoice as the API returns it.
///
/// Serializes (serde) in the wire's shape, as [`PaymentLink`] does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Invoice {
    /// Its ID.
    pub invoice_id: String,
    /// The amount.
    pub amount: Amount,
    /// What is invoiced.
    pub item_name: String,
    /// Who pays.
    pub customer_email: String,
    /// When it is due.
    pub due_date: IsoDate,
    /// `pending` or `paid` (wire field `status`).
    pub status: PaymentStatus,
    /// Its environment, `test` or `prod`.
    pub env: Env,
    /// The sub-wallet it is paid into.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_wallet_uuid: Option<String>,
    /// That sub-wallet's user name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_wallet_user_name: Option<String>,
    /// Whether a PDF is attached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub add_pdf: Option<bool>,
    /// The business name given at creation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_name: Option<String>,
    /// When it was created (`createdAt`; not in Mileston's types, so
    /// optional; refused when present and not a date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<IsoDate>,
    /// When it last changed (`updatedAt`, as `created_at`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<IsoDate>,
    /// Its hosted checkout page, where the customer pays it: the link the
    /// answer gave, else, from Mileston's production services, the page
    /// Mileston's pattern gives for its ID
    /// (`https://checkout.mileston.co/invoice/<id>`); `None` from a handle with a
    /// base URL whose answer gave no link (nothing is made up for a sandbox).
    /// Not a member of the resource on the wire: written as `checkoutUrl`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checkout_url: Option<String>,
}

impl Model for Invoice {
    type Wire = wire::Resource;

    fn from_wire(mut w: wire::Resource) -> Result<Self, Invalid> {
        Ok(Invoice {
            invoice_id: required("invoiceId", w.invoiceId.take())?,
            amount: amount("amount", w.amount.take())?,
            item_name: required("itemName", w.itemName.take())?,
            customer_email: required("customerEmail", w.customerEmail.take())?,
            due_date: date("dueDate", w.dueDate.take())?,
            status: status("status", w.status.take())?,
            env: env("env", w.env.take())?,
            sub_wallet_uuid: w.subWalletUuid.take(),
            sub_wallet_user_name: w.subWalletUserName.take(),
            add_pdf: w.addPdf.take(),
            business_name: w.businessName.take(),
            created_at: timestamp(w.createdAt.take()),
            updated_at: timestamp(w.updatedAt.take()),
            // Set by the handle (`hosted.rs`): the link is not in the resource.
            checkout_url: None,
        })
    }
}

// ---------------------------------------------------------------- recurring payments

/// A recurring payment as the API returns it.
///
/// Serializes (serde) in the wire's shape, as [`PaymentLink`] does: its
/// status as `currentPaymentStatus`, `unpaid` or `paid`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RecurringPayment {
    /// Its ID.
    pub recurring_payment_id: String,
    /// The amount of each payment.
    pub amount: Amount,
    /// The subscription's name.
    pub subscription_name: String,
    /// The subscriber's full name.
    pub subscriber_full_name: String,
    /// The subscriber's email.
    pub subscriber_email: String,
    /// The subscriber's wallet address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscriber_wallet_address: Option<String>,
    /// `unpaid` (as [`PaymentStatus::Pending`]) or `paid` (wire field
    /// `currentPaymentStatus`).
    #[serde(
        rename = "currentPaymentStatus",
        serialize_with = "serialize_recurring"
    )]
    pub status: PaymentStatus,
    /// The date of the (next) payment.
    pub recurring_date: IsoDate,
    /// Days between payments.
    pub recurring_interval: u32,
    /// Its environment, `test` or `prod`.
    pub env: Env,
    /// The sub-wallet it is paid into.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_wallet_uuid: Option<String>,
    /// That sub-wallet's user name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_wallet_user_name: Option<String>,
    /// Whether a PDF is attached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub add_pdf: Option<bool>,
    /// The business name given at creation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_name: Option<String>,
    /// When it was created (`createdAt`; not in Mileston's types, so
    /// optional; refused when present and not a date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<IsoDate>,
    /// When it last changed (`updatedAt`, as `created_at`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<IsoDate>,
    /// Its hosted checkout page, where the customer pays it: the link the
    /// answer gave, else, from Mileston's production services, the page
    /// Mileston's pattern gives for its ID
    /// (`https://checkout.mileston.co/recurring-payment/<id>`); `None` from a handle with a
    /// base URL whose answer gave no link (nothing is made up for a sandbox).
    /// Not a member of the resource on the wire: written as `checkoutUrl`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checkout_url: Option<String>,
}

impl Model for RecurringPayment {
    type Wire = wire::Resource;

    fn from_wire(mut w: wire::Resource) -> Result<Self, Invalid> {
        Ok(RecurringPayment {
            recurring_payment_id: required("recurringPaymentId", w.recurringPaymentId.take())?,
            amount: amount("amount", w.amount.take())?,
            subscription_name: required("subscriptionName", w.subscriptionName.take())?,
            subscriber_full_name: required("subscriberFullName", w.subscriberFullName.take())?,
            subscriber_email: required("subscriberEmail", w.subscriberEmail.take())?,
            subscriber_wallet_address: w.subscriberWalletAddress.take(),
            status: status("currentPaymentStatus", w.currentPaymentStatus.take())?,
            recurring_date: date("recurringDate", w.recurringDate.take())?,
            recurring_interval: required("recurringInterval", w.recurringInterval.take())?,
            env: env("env", w.env.take())?,
            sub_wallet_uuid: w.subWalletUuid.take(),
            sub_wallet_user_name: w.subWalletUserName.take(),
            add_pdf: w.addPdf.take(),
            business_name: w.businessName.take(),
            created_at: timestamp(w.createdAt.take()),
            updated_at: timestamp(w.updatedAt.take()),
            // Set by the handle (`hosted.rs`): the link is not in the resource.
            checkout_url: None,
        })
    }
}

// ---------------------------------------------------------------- health

/// A service's health (`GET /status`), as Mileston documents it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Health {
    /// `"healthy"` (an unhealthy service answers 503, which is an
    /// [`Error::Status`](crate::Error::Status)).
    pub status: String,
    /// The service's name (empty when the answer omits it).
    pub service: String,
    /// ISO-8601 time of the answer (empty when the answer omits it).
    pub timestamp: String,
    /// The service's environment, e.g. `"production"` (empty when the answer
    /// omits it).
    pub environment: String,
    /// The service's version (empty when the answer omits it).
    pub version: String,
    /// Seconds since the service started (0 when the answer omits it).
    pub uptime: f64,
    /// Memory in use, in MB (`memory.used`).
    pub memory_used: Option<f64>,
    /// Memory available, in MB (`memory.total`).
    pub memory_total: Option<f64>,
}

impl Health {
    /// Whether `status` is `"healthy"`.
    pub fn is_healthy(&self) -> bool {
        self.status == "healthy"
    }
}

impl Model for Health {
    type Wire = wire::Health;

    fn from_wire(w: wire::Health) -> Result<Self, Invalid> {
        let (memory_used, memory_total) = w.memory.map_or((None, None), |m| (m.used, m.total));
        Ok(Health {
            status: required("status", w.status)?,
            service: w.service.unwrap_or_default(),
            timestamp: w.timestamp.unwrap_or_default(),
            environment: w.environment.unwrap_or_default(),
            version: w.version.unwrap_or_default(),
            uptime: w.uptime.unwrap_or_default(),
            memory_used,
            memory_total,
        })
    }
}
