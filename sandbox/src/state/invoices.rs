//! Invoices: the resource, its create and update bodies and their rules.

use mileston_config_core::protocol::Kind;
use serde::{Deserialize, Serialize};

use super::error::ApiError;
use super::record::{Common, ENV, PAID, PENDING, Resource, SubWalletFields, set};
use super::rules::{check_amount, check_date, check_email, check_opt_text, check_text};

/// An invoice: the fields of Mileston's `InvoiceData`, in its order, then the
/// sandbox's own `addPdf`, `businessName`, `createdAt`, `updatedAt`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Invoice {
    invoice_id: String,
    amount: String,
    item_name: String,
    customer_email: String,
    due_date: String,
    status: &'static str,
    env: &'static str,
    #[serde(flatten)]
    sub_wallet: SubWalletFields,
    add_pdf: bool,
    business_name: String,
    created_at: String,
    updated_at: String,
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

impl Resource for Invoice {
    const KIND: Kind = Kind::Invoice;
    type New = CreateInvoice;
    type Update = UpdateInvoice;

    fn check_new(b: &mut CreateInvoice) -> Result<(), ApiError> {
        check_amount("amount", &b.amount)?;
        check_text("itemName", &b.item_name)?;
        check_email("customerEmail", &b.customer_email)?;
        b.due_date = check_date("dueDate", &b.due_date)?;
        Ok(())
    }

    fn new_sub_wallet(b: &CreateInvoice) -> Option<&str> {
        b.sub_wallet_uuid.as_deref()
    }

    fn build(b: CreateInvoice, c: Common) -> Self {
        Invoice {
            invoice_id: c.id,
            amount: b.amount,
            item_name: b.item_name,
            customer_email: b.customer_email,
            due_date: b.due_date,
            status: PENDING,
            env: ENV,
            sub_wallet: c.sub_wallet,
            add_pdf: b.add_pdf.unwrap_or(false),
            business_name: c.business_name,
            created_at: c.now.clone(),
            updated_at: c.now,
        }
    }

    fn check_update(b: &mut UpdateInvoice) -> Result<(), ApiError> {
        if let Some(a) = &b.amount {
            check_amount("amount", a)?;
        }
        check_opt_text("itemName", &b.item_name)?;
        if let Some(e) = &b.customer_email {
            check_email("customerEmail", e)?;
        }
        if let Some(d) = &mut b.due_date {
            *d = check_date("dueDate", d)?;
        }
        Ok(())
    }

    fn update_id(b: &UpdateInvoice) -> &str {
        &b.invoice_id
    }

    fn update_sub_wallet(b: &UpdateInvoice) -> Option<&str> {
        b.sub_wallet_uuid.as_deref()
    }

    fn apply(&mut self, b: UpdateInvoice, sub_wallet: Option<SubWalletFields>) {
        set(&mut self.amount, b.amount);
        set(&mut self.item_name, b.item_name);
        set(&mut self.customer_email, b.customer_email);
        set(&mut self.due_date, b.due_date);
        set(&mut self.add_pdf, b.add_pdf);
        set(&mut self.sub_wallet, sub_wallet);
    }

    fn id(&self) -> &str {
        &self.invoice_id
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
