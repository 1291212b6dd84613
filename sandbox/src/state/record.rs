//! What payment links, invoices and recurring payments have in common: the
//! [`Resource`] trait (each kind's row of the protocol's table, its bodies
//! and rules) and the fields every one gets. Where they are kept is
//! `business.rs`; the one generic set of handlers is `routes/resource.rs`.

use mileston_config_core::key::KeyMode;
use mileston_config_core::protocol::{HOSTED_PAGES, Kind, KindRow, env_of};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::{ApiError, echo};
use super::wallets::sub_wallet;

pub(crate) const PENDING: &str = "pending";
pub(crate) const PAID: &str = "paid";
pub(crate) const UNPAID: &str = "unpaid";
/// Every resource's `env`: the sandbox is test mode only.
pub(crate) const ENV: &str = env_of(KeyMode::Test);

/// A kind of payment the sandbox stores, with everything the generic
/// handlers need to know about it. Its names on the wire (path prefix, ID
/// prefix, envelope members, hosted page, checkout pattern, paid event) are
/// its kind's row of the protocol's table, [`Resource::ROW`].
pub(crate) trait Resource: Serialize + Send + Sized + 'static {
    /// The kind it is.
    const KIND: Kind;
    /// The kind's names.
    const ROW: &'static KindRow = Self::KIND.row();

    /// The create body.
    type New: DeserializeOwned + Send;
    /// The update body (the resource's ID and the fields to change).
    type Update: DeserializeOwned + Send;

    /// Refuses a create body with a bad value (400); writes its dates as the
    /// sandbox keeps them.
    fn check_new(new: &mut Self::New) -> Result<(), ApiError>;
    /// The `subWalletUuid` a create body names.
    fn new_sub_wallet(new: &Self::New) -> Option<&str>;
    /// The new resource, from a checked body.
    fn build(new: Self::New, fields: Common) -> Self;
    /// Refuses an update body with a bad value (400); writes its dates as the
    /// sandbox keeps them.
    fn check_update(update: &mut Self::Update) -> Result<(), ApiError>;
    /// The ID an update body names.
    fn update_id(update: &Self::Update) -> &str;
    /// The `subWalletUuid` an update body names.
    fn update_sub_wallet(update: &Self::Update) -> Option<&str>;
    /// Applies a checked update body (`sub_wallet`: its `subWalletUuid`, resolved).
    fn apply(&mut self, update: Self::Update, sub_wallet: Option<SubWalletFields>);

    fn id(&self) -> &str;
    /// The amount asked, as the merchant wrote it.
    fn amount(&self) -> &str;
    fn is_paid(&self) -> bool;
    fn mark_paid(&mut self);
    fn touch(&mut self, now: String);

    /// For answers' messages: `Payment link` (`… created`, `…s retrieved`).
    fn title() -> String {
        let noun = Self::ROW.noun;
        let mut chars = noun.chars();
        chars.next().map_or_else(String::new, |first| {
            first.to_uppercase().chain(chars).collect()
        })
    }

    /// The envelope member with its hosted page's URL, and the URL
    /// (`https://checkout.mileston.co/payment-link/<id>`); `None` for a kind
    /// whose answers carry no link.
    fn link(&self) -> Option<(&'static str, String)> {
        let row = Self::ROW;
        row.link_member.map(|member| {
            (
                member,
                format!("{HOSTED_PAGES}/{}/{}", row.hosted_page, self.id()),
            )
        })
    }
}

/// What a new resource gets besides its body.
pub(crate) struct Common {
    pub(crate) id: String,
    pub(crate) business_name: String,
    pub(crate) sub_wallet: SubWalletFields,
    pub(crate) now: String,
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

    #[test]
    fn titles_are_the_nouns_capitalized() {
        assert_eq!(PaymentLink::title(), "Payment link");
        assert_eq!(Invoice::title(), "Invoice");
        assert_eq!(Recurring::title(), "Recurring payment");
    }
}
