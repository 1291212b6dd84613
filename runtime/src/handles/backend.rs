//! The backend handle: the normal key and the business ID, and every
//! backend operation (create, read, list, update and delete payment links,
//! invoices and recurring payments, each service's health). Each method is
//! one call of its operation (`crate::api::backend`); every resource comes
//! back with its hosted checkout page (`checkout_url`), listed ones
//! included.

#[cfg(feature = "http")]
use mileston_config_core::protocol::{Kind, Service};

#[cfg(feature = "http")]
use crate::api::{Call, backend as op};
#[cfg(feature = "http")]
use crate::client::{Error, Settings};
use crate::credentials::{BusinessId, NormalKey};
use crate::mode::Mode;
#[cfg(feature = "http")]
use crate::models::backend::{Health, Invoice, PaymentLink, RecurringPayment};
#[cfg(feature = "http")]
use crate::models::backend::{
    InvoiceUpdate, NewInvoice, NewPaymentLink, NewRecurringPayment, PaymentLinkUpdate,
    RecurringPaymentUpdate, WithId,
};
#[cfg(feature = "http")]
use crate::models::envelope::Created;

super::settings::handle!(
    /// A handle for backend operations, holding the normal key. Its `Debug`
    /// is redacted.
    ///
    /// Creating one never allocates when the key and business ID were
    /// injected at build time; the HTTP client behind it is shared by the
    /// whole process.
    BackendClient,
    NormalKey
);

impl<M: Mode> BackendClient<M> {
    /// A handle from a key and business ID obtained at run time, for instance
    /// from a platform's secret store (server-side wasm, Cloudflare Workers,
    /// Spin). Parse them with [`NormalKey::parse`] and [`BusinessId::new`].
    ///
    /// Cheap: no allocation, no I/O. The handle talks to Mileston's production
    /// origins with the default timeout and retry policy.
    pub fn new(key: NormalKey<M>, business_id: BusinessId) -> Self {
        BackendClient {
            key,
            business_id,
            #[cfg(feature = "http")]
            settings: Settings::DEFAULT,
        }
    }
}

/// A create call's body, and the business's name where the kind's create
/// names it (`?businessName=`, percent-encoded here, so that `&` or `#` in
/// a name cannot change the request; Mileston's SDK sends it raw).
#[cfg(feature = "http")]
fn create<'a>(
    kind: Kind,
    name: Option<&'a str>,
    body: &impl crate::models::input::Body,
) -> Result<Call<'a>, Error> {
    let call = Call::default().json(body)?;
    match name {
        Some(name) if name.trim().is_empty() => Err(Error::InvalidInput {
            field: "businessName",
            reason: "it is empty",
        }),
        Some(name) if kind.row().create_names_business => Ok(call.query("businessName", name)),
        _ => Ok(call),
    }
}

/// An update call: the ID under the kind's member, then the changes.
#[cfg(feature = "http")]
fn update<'a>(
    kind: Kind,
    id: &'a str,
    changes: &impl crate::models::input::Body,
) -> Result<Call<'a>, Error> {
    let body = WithId {
        member: kind.row().id_member,
        id,
        changes,
    };
    Ok(Call::default().json(&body)?)
}

/// A list call of at most `limit` (1..=100).
#[cfg(feature = "http")]
fn list(limit: &str) -> Result<Call<'_>, Error> {
    match limit.parse::<u32>() {
        Ok(1..=100) => Ok(Call::default().query("limit", limit)),
        _ => Err(Error::InvalidInput {
            field: "limit",
            reason: "it must be from 1 to 100",
        }),
    }
}

#[cfg(feature = "http")]
impl<M: Mode> BackendClient<M> {
    // ------------------------------------------------------------ payment links

    /// Creates a payment link (`POST /payment-link/create`, 201). The answer
    /// holds the hosted checkout page (`url`, from `paymentLink`) and the
    /// link (`data`).
    pub async fn create_payment_link(
        &self,
        link: &NewPaymentLink,
    ) -> Result<Created<PaymentLink>, Error> {
        self.send(
            &op::CREATE_PAYMENT_LINK,
            create(Kind::PaymentLink, None, link)?,
        )
        .await
    }

    /// Reads a payment link (`GET /payment-link/{id}`).
    pub async fn get_payment_link(&self, id: &str) -> Result<PaymentLink, Error> {
        self.send(&op::GET_PAYMENT_LINK, Call::id(id)).await
    }

    /// The newest payment links, at most `limit` (1..=100)
    /// (`GET /payment-link/?limit=N`).
    pub async fn list_payment_links(&self, limit: u32) -> Result<Vec<PaymentLink>, Error> {
        self.send(&op::LIST_PAYMENT_LINKS, list(&limit.to_string())?)
            .await
    }

    /// Changes a payment link (`PATCH /payment-link/update`) and returns it.
    pub async fn update_payment_link(
        &self,
        id: &str,
        changes: &PaymentLinkUpdate,
    ) -> Result<PaymentLink, Error> {
        self.send(
            &op::UPDATE_PAYMENT_LINK,
            update(Kind::PaymentLink, id, changes)?,
        )
        .await
    }

    /// Deletes a payment link (`DELETE /payment-link/delete/{id}`).
    pub async fn delete_payment_link(&self, id: &str) -> Result<(), Error> {
        self.send(&op::DELETE_PAYMENT_LINK, Call::id(id)).await
    }

    // ------------------------------------------------------------ invoices

    /// Creates an invoice (`POST /invoice/create?businessName=NAME`, 201). The
    /// answer holds the hosted checkout page (`url`, from `invoiceLink`) and
    /// the invoice (`data`).
    ///
    /// `business_name` is who bills the customer: Mileston shows it on the
    /// invoice. It goes in the query, `?businessName=`, as Mileston's SDK
    /// sends it (percent-encoded here, so that `&` or `#` in a name cannot
    /// change the request), not in the body; the invoice gives it back as
    /// its `business_name` where the answer has one.
    ///
    /// # Errors
    /// Before anything is sent, [`Error::InvalidInput`] for a blank
    /// `businessName`, an empty `itemName` or `customerEmail`.
    pub async fn create_invoice(
        &self,
        business_name: &str,
        invoice: &NewInvoice,
    ) -> Result<Created<Invoice>, Error> {
        self.send(
            &op::CREATE_INVOICE,
            create(Kind::Invoice, Some(business_name), invoice)?,
        )
        .await
    }

    /// Reads an invoice (`GET /invoice/{id}`).
    pub async fn get_invoice(&self, id: &str) -> Result<Invoice, Error> {
        self.send(&op::GET_INVOICE, Call::id(id)).await
    }

    /// The newest invoices, at most `limit` (1..=100)
    /// (`GET /invoice/?limit=N`).
    pub async fn list_invoices(&self, limit: u32) -> Result<Vec<Invoice>, Error> {
        self.send(&op::LIST_INVOICES, list(&limit.to_string())?)
            .await
    }

    /// Changes an invoice (`PATCH /invoice/update`) and returns it.
    pub async fn update_invoice(
        &self,
        id: &str,
        changes: &InvoiceUpdate,
    ) -> Result<Invoice, Error> {
        self.send(&op::UPDATE_INVOICE, update(Kind::Invoice, id, changes)?)
            .await
    }

    /// Deletes an invoice (`DELETE /invoice/delete/{id}`).
    pub async fn delete_invoice(&self, id: &str) -> Result<(), Error> {
        self.send(&op::DELETE_INVOICE, Call::id(id)).await
    }

    // ------------------------------------------------------------ recurring payments

    /// Creates a recurring payment
    /// (`POST /recurring-payment/create?businessName=NAME`, 201). The answer
    /// holds the payment (`data`, from `recurringPaymentData`). Mileston's
    /// recurring answers carry no link: the hosted page (`url`, and the
    /// payment's `checkout_url`) is the one Mileston's pattern gives for its
    /// ID from the production services, and `None` with a base URL.
    ///
    /// `business_name` is who bills the subscriber, sent as
    /// `?businessName=`, as for [`create_invoice`](Self::create_invoice).
    pub async fn create_recurring_payment(
        &self,
        business_name: &str,
        payment: &NewRecurringPayment,
    ) -> Result<Created<RecurringPayment>, Error> {
        let call = create(Kind::Recurring, Some(business_name), payment)?;
        self.send(&op::CREATE_RECURRING_PAYMENT, call).await
    }

    /// Reads a recurring payment (`GET /recurring-payment/{id}`).
    pub async fn get_recurring_payment(&self, id: &str) -> Result<RecurringPayment, Error> {
        self.send(&op::GET_RECURRING_PAYMENT, Call::id(id)).await
    }

    /// The newest recurring payments, at most `limit` (1..=100)
    /// (`GET /recurring-payment/?limit=N`).
    pub async fn list_recurring_payments(
        &self,
        limit: u32,
    ) -> Result<Vec<RecurringPayment>, Error> {
        self.send(&op::LIST_RECURRING_PAYMENTS, list(&limit.to_string())?)
            .await
    }

    /// Changes a recurring payment (`PATCH /recurring-payment/update`) and
    /// returns it.
    pub async fn update_recurring_payment(
        &self,
        id: &str,
        changes: &RecurringPaymentUpdate,
    ) -> Result<RecurringPayment, Error> {
        let call = update(Kind::Recurring, id, changes)?;
        self.send(&op::UPDATE_RECURRING_PAYMENT, call).await
    }

    /// Deletes a recurring payment (`DELETE /recurring-payment/delete/{id}`).
    pub async fn delete_recurring_payment(&self, id: &str) -> Result<(), Error> {
        self.send(&op::DELETE_RECURRING_PAYMENT, Call::id(id)).await
    }

    // ------------------------------------------------------------ health

    /// Checks the three backend services (`GET /status` on each origin; one
    /// request when they share a base URL). No key is sent. Returns the
    /// payment-link service's answer when all are healthy, else the first
    /// failure (an unhealthy service answers 503: [`Error::Status`]).
    pub async fn health(&self) -> Result<Health, Error> {
        let first = self.status(Service::PaymentLinks).await?;
        if self.settings.production() {
            self.status(Service::Invoices).await?;
            self.status(Service::RecurringPayments).await?;
        }
        Ok(first)
    }

    /// Checks one service (`GET /status` at its origin). No key is sent.
    pub async fn health_of(&self, service: Service) -> Result<Health, Error> {
        self.status(service).await
    }
}
