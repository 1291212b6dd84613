//! Payment links: the resource, its create and update bodies and their rules.

use serde::{Deserialize, Serialize};

use super::resource::{ENV, PAID, PENDING, Resource, check_opt_text, set};
use super::store::Business;
use crate::util::{ApiError, check_amount};

/// A payment link.
#[derive(Clone, Serialize)]
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
    status: &'static str,
    env: &'static str,
    created_at: String,
    updated_at: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CreateLink {
    amount: String,
    title: Option<String>,
    description: Option<String>,
    redirect_url: Option<String>,
    logo_url: Option<String>,
    banner_url: Option<String>,
}

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
}

/// The optional texts of a create or update body.
fn check_texts(texts: [(&str, &Option<String>); 5]) -> Result<(), ApiError> {
    texts.iter().try_for_each(|(f, v)| check_opt_text(f, v))
}

impl Resource for PaymentLink {
    const NOUN: &'static str = "payment link";
    const TITLE: &'static str = "Payment link";
    const PREFIX: &'static str = "/payment-link";
    const ID_PREFIX: &'static str = "pl";
    const DATA_KEY: &'static str = "paymentData";
    const LINK_KEY: &'static str = "paymentLink";
    const HOSTED_PATH: &'static str = "paymentlink";
    const PATTERN: &'static str = "paymentlink";
    const NEEDS_BUSINESS_NAME: bool = false;
    type New = CreateLink;
    type Update = UpdateLink;

    fn check_new(b: &CreateLink) -> Result<(), ApiError> {
        check_amount("amount", &b.amount)?;
        check_texts([
            ("title", &b.title),
            ("description", &b.description),
            ("redirectUrl", &b.redirect_url),
            ("logoUrl", &b.logo_url),
            ("bannerUrl", &b.banner_url),
        ])
    }

    fn build(id: String, b: CreateLink, _business_name: Option<String>, now: String) -> Self {
        PaymentLink {
            payment_link_id: id,
            amount: b.amount,
            title: b.title,
            description: b.description,
            redirect_url: b.redirect_url,
            logo_url: b.logo_url,
            banner_url: b.banner_url,
            status: PENDING,
            env: ENV,
            created_at: now.clone(),
            updated_at: now,
        }
    }

    fn check_update(b: &UpdateLink) -> Result<(), ApiError> {
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

    fn apply(&mut self, b: UpdateLink) {
        set(&mut self.amount, b.amount);
        set(&mut self.title, b.title.map(Some));
        set(&mut self.description, b.description.map(Some));
        set(&mut self.redirect_url, b.redirect_url.map(Some));
        set(&mut self.logo_url, b.logo_url.map(Some));
        set(&mut self.banner_url, b.banner_url.map(Some));
    }

    fn id(&self) -> &str {
        &self.payment_link_id
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
    fn all(b: &mut Business) -> &mut Vec<Self> {
        &mut b.links
    }
}
