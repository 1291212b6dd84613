//! Recurring payments: the resource, its create and update bodies and their
//! rules.

use serde::{Deserialize, Serialize};

use super::resource::{ENV, PAID, Resource, UNPAID, check_opt_text, set};
use super::store::Business;
use crate::util::{ApiError, check_amount, check_date, check_email, check_text};

/// A recurring payment.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Recurring {
    recurring_payment_id: String,
    amount: String,
    subscription_name: String,
    subscriber_full_name: String,
    subscriber_email: String,
    recurring_date: String,
    recurring_interval: u32,
    business_name: String,
    current_payment_status: &'static str,
    env: &'static str,
    created_at: String,
    updated_at: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CreateRecurring {
    amount: String,
    subscription_name: String,
    subscriber_full_name: String,
    subscriber_email: String,
    recurring_date: String,
    recurring_interval: i64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct UpdateRecurring {
    recurring_payment_id: String,
    amount: Option<String>,
    subscription_name: Option<String>,
    subscriber_full_name: Option<String>,
    subscriber_email: Option<String>,
    recurring_date: Option<String>,
    recurring_interval: Option<i64>,
}

/// `recurringInterval`: whole days, 1 to 3650.
fn check_interval(value: i64) -> Result<u32, ApiError> {
    match u32::try_from(value) {
        Ok(n) if (1..=3650).contains(&n) => Ok(n),
        _ => Err(ApiError::bad_request(
            "`recurringInterval` must be a whole number of days from 1 to 3650",
        )),
    }
}

impl Resource for Recurring {
    const NOUN: &'static str = "recurring payment";
    const TITLE: &'static str = "Recurring payment";
    const PREFIX: &'static str = "/recurring-payment";
    const ID_PREFIX: &'static str = "rec";
    const DATA_KEY: &'static str = "recurringData";
    const LINK_KEY: &'static str = "recurringPaymentLink";
    const HOSTED_PATH: &'static str = "recurring";
    const PATTERN: &'static str = "recurring";
    const NEEDS_BUSINESS_NAME: bool = true;
    type New = CreateRecurring;
    type Update = UpdateRecurring;

    fn check_new(b: &CreateRecurring) -> Result<(), ApiError> {
        check_amount("amount", &b.amount)?;
        check_text("subscriptionName", &b.subscription_name)?;
        check_text("subscriberFullName", &b.subscriber_full_name)?;
        check_email("subscriberEmail", &b.subscriber_email)?;
        check_date("recurringDate", &b.recurring_date)?;
        check_interval(b.recurring_interval).map(drop)
    }

    fn build(id: String, b: CreateRecurring, business_name: Option<String>, now: String) -> Self {
        Recurring {
            recurring_payment_id: id,
            amount: b.amount,
            subscription_name: b.subscription_name,
            subscriber_full_name: b.subscriber_full_name,
            subscriber_email: b.subscriber_email,
            recurring_date: b.recurring_date,
            recurring_interval: check_interval(b.recurring_interval).unwrap_or_default(),
            business_name: business_name.unwrap_or_default(),
            current_payment_status: UNPAID,
            env: ENV,
            created_at: now.clone(),
            updated_at: now,
        }
    }

    fn check_update(b: &UpdateRecurring) -> Result<(), ApiError> {
        if let Some(a) = &b.amount {
            check_amount("amount", a)?;
        }
        check_opt_text("subscriptionName", &b.subscription_name)?;
        check_opt_text("subscriberFullName", &b.subscriber_full_name)?;
        if let Some(e) = &b.subscriber_email {
            check_email("subscriberEmail", e)?;
        }
        if let Some(d) = &b.recurring_date {
            check_date("recurringDate", d)?;
        }
        b.recurring_interval
            .map(check_interval)
            .transpose()
            .map(drop)
    }

    fn update_id(b: &UpdateRecurring) -> &str {
        &b.recurring_payment_id
    }

    fn apply(&mut self, b: UpdateRecurring) {
        set(&mut self.amount, b.amount);
        set(&mut self.subscription_name, b.subscription_name);
        set(&mut self.subscriber_full_name, b.subscriber_full_name);
        set(&mut self.subscriber_email, b.subscriber_email);
        set(&mut self.recurring_date, b.recurring_date);
        set(
            &mut self.recurring_interval,
            b.recurring_interval.and_then(|n| check_interval(n).ok()),
        );
    }

    fn id(&self) -> &str {
        &self.recurring_payment_id
    }
    fn is_paid(&self) -> bool {
        self.current_payment_status == PAID
    }
    fn mark_paid(&mut self) {
        self.current_payment_status = PAID;
    }
    fn touch(&mut self, now: String) {
        self.updated_at = now;
    }
    fn all(b: &mut Business) -> &mut Vec<Self> {
        &mut b.recurring
    }
}
