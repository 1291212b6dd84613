//! What the handles send: request bodies, each with the checks made before
//! anything is sent (next to the type they check). Written as JSON by serde.

use serde::Serialize;

use super::values::{Amount, IsoDate};
use crate::http::error::Error;

/// A payment link to create (`POST /payment-link/create`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewPaymentLink {
    /// The amount (required).
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
}

impl NewPaymentLink {
    /// A payment link for `amount`, every optional field unset.
    pub fn new(amount: Amount) -> Self {
        NewPaymentLink {
            amount,
            title: None,
            description: None,
            redirect_url: None,
            logo_url: None,
            banner_url: None,
        }
    }
}

/// Changes to a payment link (`PATCH /payment-link/update`); unset fields are
/// left as they are.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentLinkUpdate {
    /// New amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// New title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// New description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// New redirect URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_url: Option<String>,
    /// New logo URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    /// New banner URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub banner_url: Option<String>,
}

/// An invoice to create (`POST /invoice/create?businessName=NAME`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewInvoice {
    /// The amount.
    pub amount: Amount,
    /// What is invoiced (not empty).
    pub item_name: String,
    /// Who pays (not empty).
    pub customer_email: String,
    /// When it is due.
    pub due_date: IsoDate,
    /// Whether to attach a PDF.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub add_pdf: Option<bool>,
}

impl NewInvoice {
    /// An invoice with the required fields, no PDF preference.
    pub fn new(
        amount: Amount,
        item_name: impl Into<String>,
        customer_email: impl Into<String>,
        due_date: IsoDate,
    ) -> Self {
        NewInvoice {
            amount,
            item_name: item_name.into(),
            customer_email: customer_email.into(),
            due_date,
            add_pdf: None,
        }
    }

    /// The checks made before anything is sent.
    pub(crate) fn validate(&self) -> Result<(), Error> {
        not_blank("itemName", &self.item_name)?;
        not_blank("customerEmail", &self.customer_email)
    }
}

/// Changes to an invoice (`PATCH /invoice/update`); unset fields are left as
/// they are.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceUpdate {
    /// New amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// New item name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_name: Option<String>,
    /// New customer email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_email: Option<String>,
    /// New due date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_date: Option<IsoDate>,
    /// Whether to attach a PDF.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub add_pdf: Option<bool>,
}

impl InvoiceUpdate {
    /// The checks made before anything is sent.
    pub(crate) fn validate(&self) -> Result<(), Error> {
        if let Some(s) = &self.item_name {
            not_blank("itemName", s)?;
        }
        if let Some(s) = &self.customer_email {
            not_blank("customerEmail", s)?;
        }
        Ok(())
    }
}

/// A recurring payment to create (`POST /recurring-payment/create?businessName=NAME`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewRecurringPayment {
    /// The amount of each payment.
    pub amount: Amount,
    /// The subscription's name (not empty).
    pub subscription_name: String,
    /// The subscriber's full name (not empty).
    pub subscriber_full_name: String,
    /// The subscriber's email (not empty).
    pub subscriber_email: String,
    /// The date of the first payment.
    pub recurring_date: IsoDate,
    /// Days between payments, 1..=3650.
    pub recurring_interval: u32,
}

impl NewRecurringPayment {
    /// The checks made before anything is sent.
    pub(crate) fn validate(&self) -> Result<(), Error> {
        not_blank("subscriptionName", &self.subscription_name)?;
        not_blank("subscriberFullName", &self.subscriber_full_name)?;
        not_blank("subscriberEmail", &self.subscriber_email)?;
        interval(self.recurring_interval)
    }
}

/// Changes to a recurring payment (`PATCH /recurring-payment/update`); unset
/// fields are left as they are.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecurringPaymentUpdate {
    /// New amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// New subscription name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscription_name: Option<String>,
    /// New subscriber name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscriber_full_name: Option<String>,
    /// New subscriber email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscriber_email: Option<String>,
    /// New payment date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurring_date: Option<IsoDate>,
    /// New interval in days, 1..=3650.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurring_interval: Option<u32>,
}

impl RecurringPaymentUpdate {
    /// The checks made before anything is sent.
    pub(crate) fn validate(&self) -> Result<(), Error> {
        if let Some(s) = &self.subscription_name {
            not_blank("subscriptionName", s)?;
        }
        if let Some(s) = &self.subscriber_full_name {
            not_blank("subscriberFullName", s)?;
        }
        if let Some(s) = &self.subscriber_email {
            not_blank("subscriberEmail", s)?;
        }
        if let Some(d) = self.recurring_interval {
            interval(d)?;
        }
        Ok(())
    }
}

/// A payment the customer started, to record
/// (`POST /checkout/save-payment/{pattern}.save`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SavePayment {
    /// The payment's ID (invoice, payment link or recurring payment ID).
    pub id: String,
    /// The amount paid.
    pub amount: Amount,
    /// The payer's wallet address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payer_address: Option<String>,
    /// The transaction's hash.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_hash: Option<String>,
}

impl SavePayment {
    /// A record with the required fields.
    pub fn new(id: impl Into<String>, amount: Amount) -> Self {
        SavePayment {
            id: id.into(),
            amount,
            payer_address: None,
            transaction_hash: None,
        }
    }

    /// The checks made before anything is sent.
    pub(crate) fn validate(&self) -> Result<(), Error> {
        not_blank("id", &self.id)
    }
}

/// An update's body: the changes, plus the resource's ID under `member`
/// (`paymentLinkId`, `invoiceId`, `recurringPaymentId`).
pub(crate) fn with_id(
    changes: &impl Serialize,
    member: &'static str,
    id: &str,
) -> Result<serde_json::Value, Error> {
    let mut body = serde_json::to_value(changes).map_err(|_| Error::UNWRITABLE_BODY)?;
    if let Some(map) = body.as_object_mut() {
        map.insert(member.to_owned(), serde_json::Value::from(id));
    }
    Ok(body)
}

// The checks shared by the bodies above.

fn not_blank(field: &'static str, s: &str) -> Result<(), Error> {
    if s.trim().is_empty() {
        return Err(Error::InvalidInput {
            field,
            reason: "it is empty",
        });
    }
    Ok(())
}

fn interval(days: u32) -> Result<(), Error> {
    if !(1..=3650).contains(&days) {
        return Err(Error::InvalidInput {
            field: "recurringInterval",
            reason: "it must be from 1 to 3650 days",
        });
    }
    Ok(())
}
