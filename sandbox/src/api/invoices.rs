//! Invoices: the resource, its create and update bodies and their rules.

use serde::{Deserialize, Serialize};

use super::resource::{ENV, PAID, PENDING, Resource, check_opt_text, set};
use super::store::Business;
use crate::util::{ApiError, check_amount, check_date, check_email, check_text};

/// An invoice.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Invoice {
    invoice_id: String,
    amount: String,
    item_name: String,
    customer_email: String,
    due_date: String,
    add_pdf: bool,
    business_name: String,
    status: &'static str,
    env: &'static str,
    created_at: String,
    updated_at: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CreateInvoice {
    amount: String,
    item_name: String,
    customer_email: String,
    due_date: String,
    add_pdf: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct UpdateInvoice {
    invoice_id: String,
    amount: Option<String>,
    item_name: Option<String>,
    customer_email: Option<String>,
    due_date: Option<String>,
    add_pdf: Option<bool>,
}

impl Resource for Invoice {
    const NOUN: &'static str = "invoice";
    const TITLE: &'static str = "Invoice";
    const PREFIX: &'static str = "/invoice";
    const ID_PREFIX: &'static str = "inv";
    const DATA_KEY: &'static str = "invoiceData";
    const LINK_KEY: &'static str = "invoiceLink";
    const HOSTED_PATH: &'static str = "invoice";
    const PATTERN: &'static str = "invoice";
    const NEEDS_BUSINESS_NAME: bool = true;
    type New = CreateInvoice;
    type Update = UpdateInvoice;

    fn check_new(b: &CreateInvoice) -> Result<(), ApiError> {
        check_amount("amount", &b.amount)?;
        check_text("itemName", &b.item_name)?;
        check_email("customerEmail", &b.customer_email)?;
        check_date("dueDate", &b.due_date)
    }

    fn build(id: String, b: CreateInvoice, business_name: Option<String>, now: String) -> Self {
        Invoice {
            invoice_id: id,
            amount: b.amount,
            item_name: b.item_name,
            customer_email: b.customer_email,
            due_date: b.due_date,
            add_pdf: b.add_pdf.unwrap_or(false),
            business_name: business_name.unwrap_or_default(),
            status: PENDING,
            env: ENV,
            created_at: now.clone(),
            updated_at: now,
        }
    }

    fn check_update(b: &UpdateInvoice) -> Result<(), ApiError> {
        if let Some(a) = &b.amount {
            check_amount("amount", a)?;
        }
        check_opt_text("itemName", &b.item_name)?;
        if let Some(e) = &b.customer_email {
            check_email("customerEmail", e)?;
        }
        if let Some(d) = &b.due_date {
            check_date("dueDate", d)?;
        }
        Ok(())
    }

    fn update_id(b: &UpdateInvoice) -> &str {
        &b.invoice_id
    }

    fn apply(&mut self, b: UpdateInvoice) {
        set(&mut self.amount, b.amount);
        set(&mut self.item_name, b.item_name);
        set(&mut self.customer_email, b.customer_email);
        set(&mut self.due_date, b.due_date);
        set(&mut self.add_pdf, b.add_pdf);
    }

    fn id(&self) -> &str {
        &self.invoice_id
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
        &mut b.invoices
    }
}
