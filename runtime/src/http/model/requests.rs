//! What the backend handle sends: the bodies of creates and updates, each
//! with the checks made before anything is sent (next to the type they
//! check). Written as JSON by serde, members in the order of Mileston's SDK
//! types (`Create*Payload`, `Update*Payload`), then `subWalletUuid` (the
//! checkout SDK's `SubWalletDetails`, which Mileston's backend SDK types lack).

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::date::IsoDate;
use super::values::{Amount, PaymentStatus, serialize_recurring};
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
    /// The sub-wallet the payment goes to (`subWalletUuid`); unset, the
    /// business's own wallet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_wallet_uuid: Option<String>,
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
            sub_wallet_uuid: None,
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
    /// New sub-wallet (`subWalletUuid`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_wallet_uuid: Option<String>,
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
    /// Whether to attach a PDF; unset, Mileston's default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub add_pdf: Option<bool>,
    /// The sub-wallet the payment goes to (`subWalletUuid`); unset, the
    /// business's own wallet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_wallet_uuid: Option<String>,
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
            sub_wallet_uuid: None,
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
    /// New sub-wallet (`subWalletUuid`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_wallet_uuid: Option<String>,
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
    /// The subscriber's wallet address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscriber_wallet_address: Option<String>,
    /// Whether the current period is paid (`currentPaymentStatus`, `paid` or
    /// `unpaid`); unset, Mileston's default (`unpaid` in the sandbox).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "recurring_status"
    )]
    pub current_payment_status: Option<PaymentStatus>,
    /// The date of the first payment.
    pub recurring_date: IsoDate,
    /// Days between payments, 1..=3650.
    pub recurring_interval: u32,
    /// Whether to attach a PDF; unset, Mileston's default (true, by its SDK).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub add_pdf: Option<bool>,
    /// The sub-wallet the payment goes to (`subWalletUuid`); unset, the
    /// business's own wallet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_wallet_uuid: Option<String>,
}

impl NewRecurringPayment {
    /// A recurring payment with the required fields, every optional one unset.
    pub fn new(
        amount: Amount,
        subscription_name: impl Into<String>,
        subscriber_full_name: impl Into<String>,
        subscriber_email: impl Into<String>,
        recurring_date: IsoDate,
        recurring_interval: u32,
    ) -> Self {
        NewRecurringPayment {
            amount,
            subscription_name: subscription_name.into(),
            subscriber_full_name: subscriber_full_name.into(),
            subscriber_email: subscriber_email.into(),
            subscriber_wallet_address: None,
            current_payment_status: None,
            recurring_date,
            recurring_interval,
            add_pdf: None,
            sub_wallet_uuid: None,
        }
    }

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
    /// New subscriber wallet address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscriber_wallet_address: Option<String>,
    /// Whether the current period is paid (`currentPaymentStatus`).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "recurring_status"
    )]
    pub current_payment_status: Option<PaymentStatus>,
    /// New payment date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurring_date: Option<IsoDate>,
    /// New interval in days, 1..=3650.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurring_interval: Option<u32>,
    /// Whether to attach a PDF.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub add_pdf: Option<bool>,
    /// New sub-wallet (`subWalletUuid`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_wallet_uuid: Option<String>,
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

/// An update's body: the resource's ID under its member (`paymentLinkId`,
/// `invoiceId`, `recurringPaymentId`) first, as Mileston's docs write it,
/// then the changes.
pub(crate) struct WithId<'a, T> {
    pub(crate) member: &'static str,
    pub(crate) id: &'a str,
    pub(crate) changes: &'a T,
}

impl<T: Serialize> Serialize for WithId<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        /// The ID member alone, as a map for `flatten`.
        struct Id<'a>(&'static str, &'a str);
        impl Serialize for Id<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry(self.0, self.1)?;
                map.end()
            }
        }
        #[derive(Serialize)]
        struct Body<'a, T> {
            #[serde(flatten)]
            id: Id<'a>,
            #[serde(flatten)]
            changes: &'a T,
        }
        Body {
            id: Id(self.member, self.id),
            changes: self.changes,
        }
        .serialize(s)
    }
}

/// `currentPaymentStatus` as Mileston writes it: `unpaid` or `paid`.
fn recurring_status<S: Serializer>(
    status: &Option<PaymentStatus>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match status {
        Some(status) => serialize_recurring(status, s),
        None => s.serialize_none(),
    }
}

// The checks shared by the bodies above.

pub(crate) fn not_blank(field: &'static str, s: &str) -> Result<(), Error> {
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
