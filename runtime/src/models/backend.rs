//! The backend's resources: what the API returns (payment links, invoices,
//! recurring payments, a service's health), each followed by the conversion
//! from its wire form (`wire.rs`) that checks it and names what is missing or
//! bad; then what the backend handle sends (the bodies of creates and
//! updates), each with the checks made before anything is sent, written as
//! JSON by serde, members in the order of Mileston's SDK types
//! (`Create*Payload`, `Update*Payload`), then `subWalletUuid` (the checkout
//! SDK's `SubWalletDetails`, which Mileston's backend SDK types lack).
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

use mileston_config_core::protocol::{HOSTED_PAGES, Kind};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::date::{DateError, IsoDate};
use super::decode::{Context, Invalid, Model, checked, required};
use super::envelope::Hosted;
use super::input::{Body, InputError, check_id, not_blank, percent_encode};
use super::values::{Amount, AmountError, Network, PaymentStatus, serialize_recurring};
use super::wire::{self, M};

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

fn env(member: &'static str, value: Option<String>) -> Result<Network, Invalid> {
    required(member, value).map(Network::from_wire)
}

/// The hosted page of the resource of `kind` with ID `id`, by the rule
/// above: the envelope's link, else Mileston's page in production, else
/// none.
fn hosted(cx: &mut Context, kind: Kind, id: &str) -> Option<String> {
    cx.link.take().or_else(|| {
        cx.production.then(|| {
            let page = kind.row().hosted_page;
            let mut url = String::with_capacity(HOSTED_PAGES.len() + page.len() + id.len() + 2);
            url.push_str(HOSTED_PAGES);
            url.push('/');
            url.push_str(page);
            url.push('/');
            percent_encode(&mut url, id);
            url
        })
    })
}

fn status(member: &'static str, value: Option<String>) -> Result<PaymentStatus, Invalid> {
    checked(
        member,
        value,
        |s| PaymentStatus::from_wire(&s),
        |reason| reason,
    )
}

/// A resource of the backend (a payment link, an invoice, a recurring
/// payment): its own members, then those every kind has (its sub-wallet,
/// the sandbox's timestamps, its hosted page), declared, read and documented
/// here once. `$w` names the wire form in the own members' readings.
macro_rules! resource {
    // An invoice or a recurring payment: billed by a named business, in an
    // environment, with or without a PDF.
    (
        $(#[$doc:meta])*
        pub struct $name:ident ($kind:ident, $page:literal) billed from $w:ident {
            $($own:tt)*
        }
        id: $id:ident
    ) => {
        resource! {
            $(#[$doc])*
            pub struct $name ($kind, $page) from $w {
                $($own)*
                /// Its environment, `test` or `prod`.
                pub env: Network = $w.read(M::env, env)?,
                /// Whether a PDF is attached.
                #[serde(skip_serializing_if = "Option::is_none")]
                pub add_pdf: Option<bool> = $w.addPdf.take(),
                /// The business name given at creation.
                #[serde(skip_serializing_if = "Option::is_none")]
                pub business_name: Option<String> = $w.take(M::businessName),
            }
            id: $id
        }
    };
    (
        $(#[$doc:meta])*
        pub struct $name:ident ($kind:ident, $page:literal) from $w:ident {
            $( $(#[$fdoc:meta])* pub $field:ident: $ty:ty = $read:expr, )*
        }
        id: $id:ident
    ) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Serialize)]
        #[serde(rename_all = "camelCase")]
        #[non_exhaustive]
        pub struct $name {
            $( $(#[$fdoc])* pub $field: $ty, )*
            /// The sub-wallet it is paid into.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub sub_wallet_uuid: Option<String>,
            /// That sub-wallet's user name.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub sub_wallet_user_name: Option<String>,
            /// When it was created (`createdAt`; not in Mileston's types, so
            /// optional, and `None` when not a date).
            #[serde(skip_serializing_if = "Option::is_none")]
            pub created_at: Option<IsoDate>,
            /// When it last changed (`updatedAt`, as `created_at`).
            #[serde(skip_serializing_if = "Option::is_none")]
            pub updated_at: Option<IsoDate>,
            #[doc = concat!(
                "Its hosted checkout page, where the customer pays it: the link the \
                 answer gave, else, from Mileston's production services, the page \
                 Mileston's pattern gives for its ID (`https://checkout.mileston.co/",
                $page,
                "/<id>`); `None` from a handle with a base URL whose answer gave no \
                 link (nothing is made up for a sandbox). Not a member of the \
                 resource on the wire: written as `checkoutUrl`."
            )]
            #[serde(skip_serializing_if = "Option::is_none")]
            pub checkout_url: Option<String>,
        }

        impl Model for $name {
            type Wire = wire::Resource;

            fn from_wire(mut $w: wire::Resource, cx: &mut Context) -> Result<Self, Invalid> {
                let mut r = $name {
                    $( $field: $read, )*
                    sub_wallet_uuid: $w.take(M::subWalletUuid),
                    sub_wallet_user_name: $w.take(M::subWalletUserName),
                    created_at: timestamp($w.take(M::createdAt)),
                    updated_at: timestamp($w.take(M::updatedAt)),
                    checkout_url: None,
                };
                r.checkout_url = hosted(cx, Kind::$kind, &r.$id);
                Ok(r)
            }
        }

        impl Hosted for $name {
            fn checkout_url(&self) -> Option<&str> {
                self.checkout_url.as_deref()
            }
        }
    };
}

// ---------------------------------------------------------------- payment links

resource! {
    /// A payment link as the API returns it.
    ///
    /// Serializes (serde) in the wire's shape: the members Mileston names
    /// (`paymentLinkId`, `redirectUrl`, ...), absent ones left out, so that
    /// `axum::Json<PaymentLink>` answers with what Mileston answered (the
    /// kind's own members first, then the sub-wallet and the timestamps:
    /// not always Mileston's order, which JSON gives no meaning).
    pub struct PaymentLink (PaymentLink, "payment-link") from w {
        /// Its ID.
        pub payment_link_id: String = w.read(M::paymentLinkId, required)?,
        /// The amount.
        pub amount: Amount = w.read(M::amount, amount)?,
        /// Title shown on the checkout page.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub title: Option<String> = w.take(M::title),
        /// Description shown on the checkout page.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub description: Option<String> = w.take(M::description),
        /// Where the customer goes after paying.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub redirect_url: Option<String> = w.take(M::redirectUrl),
        /// Logo shown on the checkout page.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub logo_url: Option<String> = w.take(M::logoUrl),
        /// Banner shown on the checkout page.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub banner_url: Option<String> = w.take(M::bannerUrl),
        /// Its environment, `test` or `prod` (Mileston's types make it
        /// optional on payment links).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub env: Option<Network> = w.read(M::env, |m, v| optional(m, v, env))?,
        /// `pending` or `paid` (wire field `status`). Mileston's types give a
        /// payment link no status (a link can be paid many times); the sandbox
        /// gives one.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub status: Option<PaymentStatus> = w.read(M::status, |m, v| optional(m, v, status))?,
    }
    id: payment_link_id
}

// ---------------------------------------------------------------- invoices

resource! {
    /// An invoice as the API returns it.
    ///
    /// Serializes (serde) in the wire's shape, as [`PaymentLink`] does.
    pub struct Invoice (Invoice, "invoice") billed from w {
        /// Its ID.
        pub invoice_id: String = w.read(M::invoiceId, required)?,
        /// The amount.
        pub amount: Amount = w.read(M::amount, amount)?,
        /// What is invoiced.
        pub item_name: String = w.read(M::itemName, required)?,
        /// Who pays.
        pub customer_email: String = w.read(M::customerEmail, required)?,
        /// When it is due.
        pub due_date: IsoDate = w.read(M::dueDate, date)?,
        /// `pending` or `paid` (wire field `status`).
        pub status: PaymentStatus = w.read(M::status, status)?,
    }
    id: invoice_id
}

// ---------------------------------------------------------------- recurring payments

resource! {
    /// A recurring payment as the API returns it.
    ///
    /// Serializes (serde) in the wire's shape, as [`PaymentLink`] does: its
    /// status as `currentPaymentStatus`, `unpaid` or `paid`.
    pub struct RecurringPayment (Recurring, "recurring-payment") billed from w {
        /// Its ID.
        pub recurring_payment_id: String =
            w.read(M::recurringPaymentId, required)?,
        /// The amount of each payment.
        pub amount: Amount = w.read(M::amount, amount)?,
        /// The subscription's name.
        pub subscription_name: String = w.read(M::subscriptionName, required)?,
        /// The subscriber's full name.
        pub subscriber_full_name: String =
            w.read(M::subscriberFullName, required)?,
        /// The subscriber's email.
        pub subscriber_email: String = w.read(M::subscriberEmail, required)?,
        /// The subscriber's wallet address.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub subscriber_wallet_address: Option<String> = w.take(M::subscriberWalletAddress),
        /// `unpaid` (as [`PaymentStatus::Pending`]) or `paid` (wire field
        /// `currentPaymentStatus`).
        #[serde(
            rename = "currentPaymentStatus",
            serialize_with = "serialize_recurring"
        )]
        pub status: PaymentStatus = w.read(M::currentPaymentStatus, status)?,
        /// The date of the (next) payment.
        pub recurring_date: IsoDate = w.read(M::recurringDate, date)?,
        /// Days between payments.
        pub recurring_interval: u32 = required("recurringInterval", w.recurringInterval.take())?,
    }
    id: recurring_payment_id
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

    fn from_wire(w: wire::Health, _: &mut Context) -> Result<Self, Invalid> {
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

// ---------------------------------------------------------------- requests

/// A resource's two bodies written from one list of members: the create's
/// (`$new`: members marked `required` bare, the others optional) and the
/// update's (`$update`: every member optional, an unset one left as it is),
/// each starting with the amount and ending with the sub-wallet the payment
/// goes to.
/// A member's rule, where it has one, is checked before anything is sent:
/// in the create when the member is there, in the update when it is set.
macro_rules! bodies {
    (
        $(#[$ndoc:meta])* pub struct $new:ident;
        $(#[$udoc:meta])* pub struct $update:ident;
        $($members:tt)*
    ) => {
        bodies!(@bodies [$(#[$ndoc])* $new] [$(#[$udoc])* $update] $($members)*);
        bodies!(@new $new [] [] $($members)*);
    };
    (
        @bodies [$(#[$ndoc:meta])* $new:ident] [$(#[$udoc:meta])* $update:ident]
        $(
            $(#[$fdoc:meta])*
            $need:ident $field:ident: $ty:ty $(where $member:literal: $rule:path)?,
        )*
    ) => {
        $(#[$ndoc])*
        #[derive(Clone, Debug, PartialEq, Eq, Serialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $new {
            /// The amount (of each payment, for a recurring one).
            pub amount: Amount,
            $(
                $(#[$fdoc])*
                #[serde(skip_serializing_if = "Absent::absent")]
                pub $field: bodies!(@type $need $ty),
            )*
            /// The sub-wallet the payment goes to (`subWalletUuid`); unset,
            /// the business's own wallet.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub sub_wallet_uuid: Option<String>,
        }

        $(#[$udoc])*
        ///
        /// Unset fields are left as they are.
        #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $update {
            /// A new amount.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub amount: Option<Amount>,
            $(
                $(#[$fdoc])*
                #[serde(skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )*
            /// A new sub-wallet (`subWalletUuid`).
            #[serde(skip_serializing_if = "Option::is_none")]
            pub sub_wallet_uuid: Option<String>,
        }

        impl Body for $new {
            fn check(&self) -> Result<(), InputError> {
                $($( bodies!(@check $need $member, &self.$field, $rule); )?)*
                Ok(())
            }
        }

        impl Body for $update {
            fn check(&self) -> Result<(), InputError> {
                $($( bodies!(@check optional $member, &self.$field, $rule); )?)*
                Ok(())
            }
        }
    };
    (@type required $ty:ty) => { $ty };
    (@type optional $ty:ty) => { Option<$ty> };
    (@check required $member:literal, $value:expr, $rule:path) => { $rule($member, $value)? };
    (@check optional $member:literal, $value:expr, $rule:path) => {
        if let Some(value) = $value {
            $rule($member, value)?;
        }
    };
    // The create's `new`: its arguments the required members, in order
    // (a text as `impl Into<String>`), gathered member by member.
    (@new $new:ident [$($arg:ident: $aty:ty,)*] [$($unset:ident,)*]) => {
        impl $new {
            /// One with the amount and the other required members, in the
            /// body's order; every optional member unset.
            pub fn new(amount: Amount, $($arg: $aty),*) -> Self {
                $new {
                    amount,
                    $($arg: $arg.into(),)*
                    $($unset: None,)*
                    sub_wallet_uuid: None,
                }
            }
        }
    };
    (@new $new:ident $args:tt $unset:tt #[$doc:meta] $($rest:tt)*) => {
        bodies!(@new $new $args $unset $($rest)*);
    };
    (
        @new $new:ident [$($args:tt)*] $unset:tt
        required $field:ident: String $(where $m:literal: $r:path)?, $($rest:tt)*
    ) => {
        bodies!(@new $new [$($args)* $field: impl Into<String>,] $unset $($rest)*);
    };
    (
        @new $new:ident [$($args:tt)*] $unset:tt
        required $field:ident: $ty:ty $(where $m:literal: $r:path)?, $($rest:tt)*
    ) => {
        bodies!(@new $new [$($args)* $field: $ty,] $unset $($rest)*);
    };
    (
        @new $new:ident $args:tt [$($unset:tt)*]
        optional $field:ident: $ty:ty $(where $m:literal: $r:path)?, $($rest:tt)*
    ) => {
        bodies!(@new $new $args [$($unset)* $field,] $($rest)*);
    };
}

/// Whether a create's member is left out of its body: an unset optional one.
trait Absent {
    fn absent(&self) -> bool;
}

impl<T> Absent for Option<T> {
    fn absent(&self) -> bool {
        self.is_none()
    }
}

macro_rules! never_absent {
    ($($ty:ty),*) => {$(
        impl Absent for $ty {
            fn absent(&self) -> bool {
                false
            }
        }
    )*};
}
never_absent!(String, IsoDate, u32);

bodies! {
    /// A payment link to create (`POST /payment-link/create`).
    pub struct NewPaymentLink;
    /// Changes to a payment link (`PATCH /payment-link/update`).
    pub struct PaymentLinkUpdate;
    /// Title shown on the checkout page.
    optional title: String,
    /// Description shown on the checkout page.
    optional description: String,
    /// Where the customer goes after paying.
    optional redirect_url: String,
    /// Logo shown on the checkout page.
    optional logo_url: String,
    /// Banner shown on the checkout page.
    optional banner_url: String,
}

bodies! {
    /// An invoice to create (`POST /invoice/create?businessName=NAME`).
    pub struct NewInvoice;
    /// Changes to an invoice (`PATCH /invoice/update`).
    pub struct InvoiceUpdate;
    /// What is invoiced (not empty).
    required item_name: String where "itemName": not_blank,
    /// Who pays (not empty).
    required customer_email: String where "customerEmail": not_blank,
    /// When it is due.
    required due_date: IsoDate,
    /// Whether to attach a PDF; unset when created, Mileston's default.
    optional add_pdf: bool,
}

bodies! {
    /// A recurring payment to create
    /// (`POST /recurring-payment/create?businessName=NAME`).
    pub struct NewRecurringPayment;
    /// Changes to a recurring payment (`PATCH /recurring-payment/update`).
    pub struct RecurringPaymentUpdate;
    /// The subscription's name (not empty).
    required subscription_name: String where "subscriptionName": not_blank,
    /// The subscriber's full name (not empty).
    required subscriber_full_name: String where "subscriberFullName": not_blank,
    /// The subscriber's email (not empty).
    required subscriber_email: String where "subscriberEmail": not_blank,
    /// The subscriber's wallet address.
    optional subscriber_wallet_address: String,
    /// Whether the current period is paid (`currentPaymentStatus`, `paid` or
    /// `unpaid`); unset when created, Mileston's default (`unpaid` in the
    /// sandbox).
    #[serde(serialize_with = "recurring_status")]
    optional current_payment_status: PaymentStatus,
    /// The date of the first payment.
    required recurring_date: IsoDate,
    /// Days between payments, 1..=3650.
    required recurring_interval: u32 where "recurringInterval": interval,
    /// Whether to attach a PDF; unset when created, Mileston's default (true,
    /// by its SDK).
    optional add_pdf: bool,
}

/// An update's body: the resource's ID under its kind's member
/// (`paymentLinkId`, `invoiceId`, `recurringPaymentId`: the protocol's
/// `id_member`) first, as Mileston's docs write it, then the changes.
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

/// Days between a recurring payment's payments.
fn interval(member: &'static str, days: &u32) -> Result<(), InputError> {
    if !(1..=3650).contains(days) {
        return Err(InputError::new(member, "it must be from 1 to 3650 days"));
    }
    Ok(())
}

impl<T: Body> Body for WithId<'_, T> {
    fn check(&self) -> Result<(), InputError> {
        check_id("id", self.id)?;
        self.changes.check()
    }
}
