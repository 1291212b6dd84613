//! Recurring payments: the kind's own members, its create and update bodies
//! and their rules.

use mileston_config_core::protocol::Kind;
use serde::{Deserialize, Serialize};

use super::error::ApiError;
use super::record::{Filing, PAID, Resource, UNPAID, bodies, set};
use super::rules::{check_date, check_email, check_one_of, check_opt_text, check_text};

/// A recurring payment's own members: those of Mileston's
/// `RecurringPaymentData` between its amount and `env`, in its order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Recurring {
    subscription_name: String,
    subscriber_full_name: String,
    subscriber_email: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    subscriber_wallet_address: Option<String>,
    current_payment_status: &'static str,
    recurring_date: String,
    recurring_interval: u32,
}

/// Mileston's `CreateRecurringPaymentPayload`, plus `subWalletUuid`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CreateRecurring {
    amount: String,
    subscription_name: String,
    subscriber_full_name: String,
    subscriber_email: String,
    subscriber_wallet_address: Option<String>,
    current_payment_status: Option<String>,
    recurring_date: String,
    recurring_interval: i64,
    add_pdf: Option<bool>,
    sub_wallet_uuid: Option<String>,
}

/// Mileston's `UpdateRecurringPaymentPayload`, plus `subWalletUuid`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct UpdateRecurring {
    recurring_payment_id: String,
    amount: Option<String>,
    subscription_name: Option<String>,
    subscriber_full_name: Option<String>,
    subscriber_email: Option<String>,
    subscriber_wallet_address: Option<String>,
    current_payment_status: Option<String>,
    recurring_date: Option<String>,
    recurring_interval: Option<i64>,
    add_pdf: Option<bool>,
    sub_wallet_uuid: Option<String>,
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

/// `currentPaymentStatus`: `paid` or `unpaid` (Mileston's `CurrentPaymentStatus`).
fn payment_status(value: &Option<String>) -> Result<Option<&'static str>, ApiError> {
    value
        .as_deref()
        .map(|v| check_one_of("currentPaymentStatus", v, &[PAID, UNPAID]))
        .transpose()
}

bodies!(Recurring = Kind::Recurring; CreateRecurring, UpdateRecurring, recurring_payment_id);

impl Resource for Recurring {
    type Extra = Filing;

    fn check_new(b: &mut CreateRecurring) -> Result<(), ApiError> {
        check_text("subscriptionName", &b.subscription_name)?;
        check_text("subscriberFullName", &b.subscriber_full_name)?;
        check_email("subscriberEmail", &b.subscriber_email)?;
        check_opt_text("subscriberWalletAddress", &b.subscriber_wallet_address)?;
        payment_status(&b.current_payment_status)?;
        b.recurring_date = check_date("recurringDate", &b.recurring_date)?;
        check_interval(b.recurring_interval).map(drop)
    }

    fn build(b: CreateRecurring, business_name: String) -> (Self, Filing) {
        // Mileston's SDK: `addPdf` "Defaults to true".
        let filing = Filing::new(b.add_pdf, true, business_name);
        let recurring = Recurring {
            subscription_name: b.subscription_name,
            subscriber_full_name: b.subscriber_full_name,
            subscriber_email: b.subscriber_email,
            subscriber_wallet_address: b.subscriber_wallet_address,
            current_payment_status: payment_status(&b.current_payment_status)
                .ok()
                .flatten()
                .unwrap_or(UNPAID),
            recurring_date: b.recurring_date,
            recurring_interval: check_interval(b.recurring_interval).unwrap_or_default(),
        };
        (recurring, filing)
    }

    fn check_update(b: &mut UpdateRecurring) -> Result<(), ApiError> {
        check_opt_text("subscriptionName", &b.subscription_name)?;
        check_opt_text("subscriberFullName", &b.subscriber_full_name)?;
        if let Some(e) = &b.subscriber_email {
            check_email("subscriberEmail", e)?;
        }
        check_opt_text("subscriberWalletAddress", &b.subscriber_wallet_address)?;
        payment_status(&b.current_payment_status)?;
        if let Some(d) = &mut b.recurring_date {
            *d = check_date("recurringDate", d)?;
        }
        b.recurring_interval
            .map(check_interval)
            .transpose()
            .map(drop)
    }

    fn apply(&mut self, filing: &mut Filing, b: UpdateRecurring) {
        set(&mut self.subscription_name, b.subscription_name);
        set(&mut self.subscriber_full_name, b.subscriber_full_name);
        set(&mut self.subscriber_email, b.subscriber_email);
        set(
            &mut self.subscriber_wallet_address,
            b.subscriber_wallet_address.map(Some),
        );
        set(
            &mut self.current_payment_status,
            payment_status(&b.current_payment_status).ok().flatten(),
        );
        set(&mut self.recurring_date, b.recurring_date);
        set(
            &mut self.recurring_interval,
            b.recurring_interval.and_then(|n| check_interval(n).ok()),
        );
        set(&mut filing.add_pdf, b.add_pdf);
    }

    fn status<'a>(&'a mut self, _: &'a mut Filing) -> &'a mut &'static str {
        &mut self.current_payment_status
    }
}
