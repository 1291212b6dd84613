//! Payment links: the resource, its create and update bodies and their rules.

use mileston_config_core::protocol::Kind;
use serde::{Deserialize, Serialize};

use super::error::ApiError;
use super::record::{Common, ENV, PAID, PENDING, Resource, SubWalletFields, set};
use super::rules::{check_amount, check_email, check_opt_text};

/// A payment link: the fields of Mileston's `PaymentLinkData`, in its order,
/// then the sandbox's own `status`, `createdAt`, `updatedAt`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PaymentLink {
    payment_link_id: String,
    amount: String,
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
    env: &'static str,
    #[serde(flatten)]
    sub_wallet: SubWalletFields,
    status: &'static str,
    created_at: String,
    updated_at: String,
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

/// The optional texts of a create or update body.
fn check_texts(texts: [(&str, &Option<String>); 5]) -> Result<(), ApiError> {
    texts.iter().try_for_each(|(f, v)| check_opt_text(f, v))
}

impl Resource for PaymentLink {
    const KIND: Kind = Kind::PaymentLink;
    type New = CreateLink;
    type Update = UpdateLink;

    fn check_new(b: &mut CreateLink) -> Result<(), ApiError> {
        check_amount("amount", &b.amount)?;
        if let Some(e) = &b.customer_email {
            check_email("customerEmail", e)?;
        }
        check_texts([
            ("title", &b.title),
            ("description", &b.description),
            ("redirectUrl", &b.redirect_url),
            ("logoUrl", &b.logo_url),
            ("bannerUrl", &b.banner_url),
        ])
    }

    fn new_sub_wallet(b: &CreateLink) -> Option<&str> {
        b.sub_wallet_uuid.as_deref()
    }

    fn build(b: CreateLink, c: Common) -> Self {
        PaymentLink {
            payment_link_id: c.id,
            amount: b.amount,
            title: b.title,
            description: b.description,
            redirect_url: b.redirect_url,
            logo_url: b.logo_url,
            banner_url: b.banner_url,
            env: ENV,
            sub_wallet: c.sub_wallet,
            status: PENDING,
            created_at: c.now.clone(),
            updated_at: c.now,
        }
    }

    fn check_update(b: &mut UpdateLink) -> Result<(), ApiError> {
        if let Some(a) = &b.amount {
            check_amount("amount", a)?;
        }
        check_texts([
            ("title", &b.title),
            ("description", &b.description),
            ("redirectUrl", &b.redirect_url),
            ("logoUrl", &b.logo_url),
            ("bannerUrl", &b.banner_url),
        ])
    }

    fn update_id(b: &UpdateLink) -> &str {
        &b.payment_link_id
    }

    fn update_sub_wallet(b: &UpdateLink) -> Option<&str> {
        b.sub_wallet_uuid.as_deref()
    }

    fn apply(&mut self, b: UpdateLink, sub_wallet: Option<SubWalletFields>) {
        set(&mut self.amount, b.amount);
        set(&mut self.title, b.title.map(Some));
        set(&mut self.description, b.description.map(Some));
        set(&mut self.redirect_url, b.redirect_url.map(Some));
        set(&mut self.logo_url, b.logo_url.map(Some));
        set(&mut self.banner_url, b.banner_url.map(Some));
        set(&mut self.sub_wallet, sub_wallet);
    }

    fn id(&self) -> &str {
        &self.payment_link_id
    }
    fn amount(&self) -> &str {
        &self.amount
    }
    fn is_paid(&self) -> bool {
        self.status == PAID
    }
    fn mark_paid(&mut self) {
        self.status = PAID;
    }
    fn touch(&mut self, now: String) {
        self.updated_at = now;
    }
}
