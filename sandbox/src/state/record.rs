//! What payment links, invoices and recurring payments have in common: the
//! [`Resource`] trait (each kind's row of the protocol's table, its bodies,
//! rules and own members) and [`Record`], a stored payment of any kind,
//! which holds the members every kind has and does the steps every kind
//! takes (creating, updating, paying). Where they are kept is
//! `business.rs`; the one generic set of handlers is `routes/resource.rs`.

use std::marker::PhantomData;

use mileston_config_core::key::KeyMode;
use mileston_config_core::protocol::{HOSTED_PAGES, Kind, KindRow, env_of};
use serde::de::DeserializeOwned;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::clock::now_iso;
use super::error::{ApiError, echo};
use super::rules::check_amount;
use super::wallets::sub_wallet;

pub(crate) const PENDING: &str = "pending";
pub(crate) const PAID: &str = "paid";
pub(crate) const UNPAID: &str = "unpaid";
/// Every resource's `env`: the sandbox is test mode only.
pub(crate) const ENV: &str = env_of(KeyMode::Test);

/// A kind of payment the sandbox stores: its own members (those of
/// Mileston's type between the amount and `env`), its bodies and their rules.
/// Its names on the wire (path prefix, ID member and prefix, envelope
/// members, hosted page, checkout pattern, paid event) are its kind's row of
/// the protocol's table, [`Resource::ROW`].
pub(crate) trait Resource: Bodies + Serialize + Send + Sized + 'static {
    /// The kind's names.
    const ROW: &'static KindRow = Self::KIND.row();

    /// What the sandbox writes after Mileston's members, before `createdAt`
    /// (`docs/wire-protocol.md`, "Resources").
    type Extra: Serialize + Send;
    /// Refuses a create body with a bad value of the kind's own (400);
    /// writes its dates as the sandbox keeps them.
    fn check_new(new: &mut Self::New) -> Result<(), ApiError>;
    /// The kind's members of a new one, from a checked body
    /// (`business_name`: `?businessName=`, empty for a kind not named so).
    fn build(new: Self::New, business_name: String) -> (Self, Self::Extra);
    /// Refuses an update body with a bad value of the kind's own (400);
    /// writes its dates as the sandbox keeps them.
    fn check_update(update: &mut Self::Update) -> Result<(), ApiError>;
    /// Applies a checked update body to the kind's members.
    fn apply(&mut self, extra: &mut Self::Extra, update: Self::Update);
    /// Where the kind writes its status (`status`, `currentPaymentStatus`).
    fn status<'a>(&'a mut self, extra: &'a mut Self::Extra) -> &'a mut &'static str;

    /// For answers' messages: `Payment link` (`… created`, `…s retrieved`).
    fn title() -> String {
        let noun = Self::ROW.noun;
        let mut chars = noun.chars();
        chars.next().map_or_else(String::new, |first| {
            first.to_uppercase().chain(chars).collect()
        })
    }
}

/// A kind's identity and its bodies, written by [`bodies!`].
pub(crate) trait Bodies {
    /// The kind it is.
    const KIND: Kind;
    /// The create body.
    type New: DeserializeOwned + Send + NewBody;
    /// The update body (the resource's ID and the fields to change).
    type Update: DeserializeOwned + Send + UpdateBody;
}

/// What every kind's create body has: its `amount` and `subWalletUuid`.
pub(crate) trait NewBody {
    fn common(&self) -> (&str, Option<&str>);
}

/// What every kind's update body has: the resource's ID, its `amount` and
/// `subWalletUuid`.
pub(crate) trait UpdateBody {
    fn common(&self) -> (&str, Option<&str>, Option<&str>);
}

/// [`Bodies`] for a kind's own members (`$own`), with [`NewBody`] and
/// [`UpdateBody`] for its two bodies, whose ID member is `$id`.
macro_rules! bodies {
    ($own:ty = $kind:expr; $new:ty, $update:ty, $id:ident) => {
        impl $crate::state::record::Bodies for $own {
            const KIND: mileston_config_core::protocol::Kind = $kind;
            type New = $new;
            type Update = $update;
        }

        impl $crate::state::record::NewBody for $new {
            fn common(&self) -> (&str, Option<&str>) {
                (&self.amount, self.sub_wallet_uuid.as_deref())
            }
        }

        impl $crate::state::record::UpdateBody for $update {
            fn common(&self) -> (&str, Option<&str>, Option<&str>) {
                (
                    &self.$id,
                    self.amount.as_deref(),
                    self.sub_wallet_uuid.as_deref(),
                )
            }
        }
    };
}
pub(crate) use bodies;

/// A stored payment of kind `R`, its members in the order of
/// `docs/wire-protocol.md`: the ID and the amount, the kind's own, `env` and
/// the sub-wallet (the last of Mileston's), the sandbox's extras,
/// `createdAt`, `updatedAt`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Record<R: Resource> {
    #[serde(flatten)]
    head: Head<R>,
    #[serde(flatten)]
    own: R,
    env: &'static str,
    #[serde(flatten)]
    sub_wallet: SubWalletFields,
    #[serde(flatten)]
    extra: R::Extra,
    created_at: String,
    updated_at: String,
}

impl<R: Resource> Record<R> {
    /// Refuses a create body with a bad value (400): its amount, then the
    /// kind's rules, then its `subWalletUuid`, which must name a sub-wallet
    /// of `business`; gives that sub-wallet's fields.
    pub(crate) fn check_new(new: &mut R::New, business: &str) -> Result<SubWalletFields, ApiError> {
        check_amount("amount", new.common().0)?;
        R::check_new(new)?;
        let sub_wallet = SubWalletFields::resolve(business, new.common().1)?;
        Ok(sub_wallet.unwrap_or_default())
    }

    /// The new resource `id`, from a checked body and its sub-wallet,
    /// created now.
    pub(crate) fn new(
        new: R::New,
        id: String,
        business_name: String,
        sub_wallet: SubWalletFields,
    ) -> Record<R> {
        let now = now_iso();
        let amount = new.common().0.to_owned();
        let (own, extra) = R::build(new, business_name);
        Record {
            head: Head {
                id,
                amount,
                kind: PhantomData,
            },
            own,
            env: ENV,
            sub_wallet,
            extra,
            created_at: now.clone(),
            updated_at: now,
        }
    }

    /// [`check_new`](Record::check_new) for an update body (`None`: it
    /// names no sub-wallet).
    pub(crate) fn check_update(
        update: &mut R::Update,
        business: &str,
    ) -> Result<Option<SubWalletFields>, ApiError> {
        if let Some(a) = update.common().1 {
            check_amount("amount", a)?;
        }
        R::check_update(update)?;
        SubWalletFields::resolve(business, update.common().2)
    }

    /// Applies a checked update body (`sub_wallet`: its `subWalletUuid`,
    /// resolved), and writes when.
    pub(crate) fn update(&mut self, update: R::Update, sub_wallet: Option<SubWalletFields>) {
        set(&mut self.head.amount, update.common().1.map(str::to_owned));
        set(&mut self.sub_wallet, sub_wallet);
        self.own.apply(&mut self.extra, update);
        self.updated_at = now_iso();
    }

    pub(crate) fn id(&self) -> &str {
        &self.head.id
    }

    /// The amount asked, as the merchant wrote it.
    pub(crate) fn amount(&self) -> &str {
        &self.head.amount
    }

    pub(crate) fn is_paid(&mut self) -> bool {
        *self.own.status(&mut self.extra) == PAID
    }

    /// Marks it paid now, unless it was already: whether it was not.
    pub(crate) fn pay(&mut self) -> bool {
        let status = self.own.status(&mut self.extra);
        if *status == PAID {
            return false;
        }
        *status = PAID;
        self.updated_at = now_iso();
        true
    }

    /// The envelope member with its hosted page's URL, and the URL
    /// (`https://checkout.mileston.co/payment-link/<id>`); `None` for a kind
    /// whose answers carry no link.
    pub(crate) fn link(&self) -> Option<(&'static str, String)> {
        let row = R::ROW;
        row.link_member.map(|member| {
            (
                member,
                format!("{HOSTED_PAGES}/{}/{}", row.hosted_page, self.id()),
            )
        })
    }
}

/// The members every kind starts with: its ID, under the kind's ID member
/// (`paymentLinkId`), and the amount.
struct Head<R> {
    id: String,
    amount: String,
    kind: PhantomData<R>,
}

impl<R: Resource> Serialize for Head<R> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry(R::ROW.id_member, &self.id)?;
        map.serialize_entry("amount", &self.amount)?;
        map.end()
    }
}

/// What the sandbox writes after Mileston's members of an invoice or a
/// recurring payment: `addPdf`, and `businessName` from the create call.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Filing {
    pub(crate) add_pdf: bool,
    pub(crate) business_name: String,
}

impl Filing {
    /// `addPdf` as the create body gives it, else the kind's `default`.
    pub(crate) fn new(add_pdf: Option<bool>, default: bool, business_name: String) -> Filing {
        Filing {
            add_pdf: add_pdf.unwrap_or(default),
            business_name,
        }
    }
}

/// `subWalletUuid` and `subWalletUserName`: the sub-wallet a payment is paid
/// into (Mileston's `SubWalletDetails`), absent for the business's own wallet.
#[derive(Clone, Copy, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SubWalletFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_wallet_uuid: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_wallet_user_name: Option<&'static str>,
}

impl SubWalletFields {
    /// The fields for `uuid`, which must be a sub-wallet of `business`.
    pub(crate) fn resolve(
        business: &str,
        uuid: Option<&str>,
    ) -> Result<Option<SubWalletFields>, ApiError> {
        let Some(uuid) = uuid else { return Ok(None) };
        let w = sub_wallet(business, uuid).ok_or_else(|| {
            ApiError::bad_request(format!(
                "`subWalletUuid`: no sub-wallet {} in this business",
                echo(uuid)
            ))
        })?;
        Ok(Some(SubWalletFields {
            sub_wallet_uuid: Some(w.uuid),
            sub_wallet_user_name: Some(w.user_name),
        }))
    }
}

pub(crate) fn not_found<R: Resource>(id: &str) -> ApiError {
    ApiError::not_found(format!("{} {} not found", R::ROW.noun, echo(id)))
}

/// Replaces `slot` when an update body carries a value for it.
pub(crate) fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::invoices::Invoice;
    use crate::state::links::PaymentLink;
    use crate::state::recurring::Recurring;

    /// A new one of kind `R` from `body`, written with its timestamps as `NOW`.
    fn written<R: Resource>(body: &str) -> String {
        let id = format!("{}_000001", R::ROW.sandbox_id_prefix);
        let sub_wallet =
            SubWalletFields::resolve("biz_sandbox_0001", Some("sandbox-subwallet-0001"))
                .ok()
                .flatten()
                .expect("the first tenant's sub-wallet");
        let body = serde_json::from_str(body).unwrap();
        let r = Record::<R>::new(body, id, "Acme".into(), sub_wallet);
        let text = serde_json::to_string(&r).unwrap();
        text.replace(&r.created_at, "NOW")
    }

    /// `docs/wire-protocol.md`, "Resources": Mileston's members in its
    /// types' order, then the sandbox's own.
    #[test]
    fn resources_are_written_in_the_wire_protocols_order() {
        let sub_wallet = r#""env":"test","subWalletUuid":"sandbox-subwallet-0001","subWalletUserName":"sandbox-customer-1""#;
        assert_eq!(
            written::<PaymentLink>(r#"{"amount":"1","bannerUrl":"b","title":"t"}"#),
            format!(
                r#"{{"paymentLinkId":"pl_000001","amount":"1","title":"t","bannerUrl":"b",{sub_wallet},"status":"pending","createdAt":"NOW","updatedAt":"NOW"}}"#
            )
        );
        assert_eq!(
            written::<Invoice>(
                r#"{"dueDate":"2026-01-02","amount":"2","customerEmail":"a@b.c","itemName":"i"}"#
            ),
            format!(
                r#"{{"invoiceId":"inv_000001","amount":"2","itemName":"i","customerEmail":"a@b.c","dueDate":"2026-01-02","status":"pending",{sub_wallet},"addPdf":false,"businessName":"Acme","createdAt":"NOW","updatedAt":"NOW"}}"#
            )
        );
        assert_eq!(
            written::<Recurring>(
                r#"{"amount":"3","subscriptionName":"s","subscriberFullName":"f","subscriberEmail":"a@b.c","recurringDate":"2026-01-02","recurringInterval":30}"#
            ),
            format!(
                r#"{{"recurringPaymentId":"rec_000001","amount":"3","subscriptionName":"s","subscriberFullName":"f","subscriberEmail":"a@b.c","currentPaymentStatus":"unpaid","recurringDate":"2026-01-02","recurringInterval":30,{sub_wallet},"addPdf":true,"businessName":"Acme","createdAt":"NOW","updatedAt":"NOW"}}"#
            )
        );
    }

    #[test]
    fn titles_are_the_nouns_capitalized() {
        assert_eq!(PaymentLink::title(), "Payment link");
        assert_eq!(Invoice::title(), "Invoice");
        assert_eq!(Recurring::title(), "Recurring payment");
    }
}
