//! Invoices: the kind's own members, its create and update bodies and their
//! rules.

use mileston_config_core::protocol::Kind;
use serde::{Deserialize, Serialize};

use super::error::ApiError;
use super::record::{Filing, PENDING, Resource, bodies, set};
use super::rules::{check_date, check_email, check_opt_text, check_text};

/// An invoice's own members: those of Mileston's `InvoiceData` between its
/// amount and `env`, in its order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Invoice {
    item_name: String,
    customer_email: String,
    due_date: String,
    status: &'static str,
}

/// Mileston's `CreateInvoicePayload`, plus `subWalletUuid`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CreateInvoice {
    amount: String,
    item_name: String,
    customer_email: String,
    due_date: String,
    add_pdf: Option<bool>,
    sub_wallet_uuid: Option<String>,
}

/// Mileston's `UpdateInvoicePayload`, plus `subWalletUuid`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct UpdateInvoice {
    invoice_id: String,
    amount: Option<String>,
    item_name: Option<String>,
    customer_email: Option<String>,
    due_date: Option<String>,
    add_pdf: Option<bool>,
    sub_wallet_uuid: Option<String>,
}

bodies!(Invoice = Kind::Invoice; CreateInvoice, UpdateInvoice, invoice_id);

impl Resource for Invoice {
    type Extra = Filing;

    fn check_new(b: &mut CreateInvoice) -> Result<(), ApiError> {
        check_text("itemName", &b.item_name)?;
        check_email("customerEmail", &b.customer_email)?;
        b.due_date = check_date("dueDate", &b.due_date)?;
        Ok(())
    }

    fn build(b: CreateInvoice, business_name: String) -> (Self, Filing) {
        let filing = Filing::new(b.add_pdf, false, business_name);
        let invoice = Invoice {
            item_name: b.item_name,
            customer_email: b.customer_email,
            due_date: b.due_date,
            status: PENDING,
        };
        (invoice, filing)
    }

    fn check_update(b: &mut UpdateInvoice) -> Result<(), ApiError> {
        check_opt_text("itemName", &b.item_name)?;
        if let Some(e) = &b.customer_email {
            check_email("customerEmail", e)?;
        }
        if let Some(d) = &mut b.due_date {
            *d = check_date("dueDate", d)?;
        }
        Ok(())
    }

    fn apply(&mut self, filing: &mut Filing, b: UpdateInvoice) {
        set(&mut self.item_name, b.item_name);
        set(&mut self.customer_email, b.customer_email);
        set(&mut self.due_date, b.due_date);
        set(&mut filing.add_pdf, b.add_pdf);
    }

    fn status<'a>(&'a mut self, _: &'a mut Filing) -> &'a mut &'static str {
        &mut self.status
    }
}
