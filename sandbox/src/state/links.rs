//! Payment links: the kind's own members, its create and update bodies and
//! their rules.

use mileston_config_core::protocol::Kind;
use serde::{Deserialize, Serialize};

use super::error::ApiError;
use super::record::{PENDING, Resource, bodies, set};
use super::rules::{check_email, check_opt_text};

/// A payment link's own members: those of Mileston's `PaymentLinkData`
/// between its amount and `env`, in its order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PaymentLink {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    redirect_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    logo_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    banner_url: Option<String>,
}

/// What the sandbox writes after Mileston's members of a payment link: its
/// `status` (`PaymentLinkData` has none).
#[derive(Serialize)]
pub(crate) struct LinkStatus {
    status: &'static str,
}

/// Mileston's `CreatePaymentLinkPayload`, plus `subWalletUuid` (the checkout
/// SDK's `CreatePaymentLinkData` has it) and `customerEmail` (Mileston's
/// backend docs send it in their example; accepted and not kept).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CreateLink {
    amount: String,
    title: Option<String>,
    description: Option<String>,
    redirect_url: Option<String>,
    logo_url: Option<String>,
    banner_url: Option<String>,
    customer_email: Option<String>,
    sub_wallet_uuid: Option<String>,
}

/// Mileston's `UpdatePaymentLinkPayload`, plus `subWalletUuid`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct UpdateLink {
    payment_link_id: String,
    amount: Option<String>,
    title: Option<String>,
    description: Option<String>,
    redirect_url: Option<String>,
    logo_url: Option<String>,
    banner_url: Option<String>,
    sub_wallet_uuid: Option<String>,
}

/// Checks the optional texts of a create or update body (`$b`), which
/// share their names.
macro_rules! check_texts {
    ($b:expr) => {
        [
            ("title", &$b.title),
            ("description", &$b.description),
            ("redirectUrl", &$b.redirect_url),
            ("logoUrl", &$b.logo_url),
            ("bannerUrl", &$b.banner_url),
        ]
        .iter()
        .try_for_each(|(f, v)| check_opt_text(f, v))
    };
}

bodies!(PaymentLink = Kind::PaymentLink; CreateLink, UpdateLink, payment_link_id);

impl Resource for PaymentLink {
    type Extra = LinkStatus;

    fn check_new(b: &mut CreateLink) -> Result<(), ApiError> {
        if let Some(e) = &b.customer_email {
            check_email("customerEmail", e)?;
        }
        check_texts!(b)
    }

    fn build(b: CreateLink, _business_name: String) -> (Self, LinkStatus) {
        let link = PaymentLink {
            title: b.title,
            description: b.description,
            redirect_url: b.redirect_url,
            logo_url: b.logo_url,
            banner_url: b.banner_url,
        };
        (link, LinkStatus { status: PENDING })
    }

    fn check_update(b: &mut UpdateLink) -> Result<(), ApiError> {
        check_texts!(b)
    }

    fn apply(&mut self, _: &mut LinkStatus, b: UpdateLink) {
        set(&mut self.title, b.title.map(Some));
        set(&mut self.description, b.description.map(Some));
        set(&mut self.redirect_url, b.redirect_url.map(Some));
        set(&mut self.logo_url, b.logo_url.map(Some));
        set(&mut self.banner_url, b.banner_url.map(Some));
    }

    fn status<'a>(&'a mut self, extra: &'a mut LinkStatus) -> &'a mut &'static str {
        &mut extra.status
    }
}
