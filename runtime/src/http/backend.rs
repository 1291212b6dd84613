//! Backend operations: only on [`BackendClient`] (normal key).

use serde::Serialize;

use super::types::{
    Created, CreatedBody, DataBody, Health, Invoice, InvoiceUpdate, NewInvoice, NewPaymentLink,
    NewRecurringPayment, PaymentLink, PaymentLinkUpdate, RecurringPayment, RecurringPaymentUpdate,
};
use super::{
    Auth, Call, Error, Method, Wire, call_json, decode, execute, percent_encode, push_id, to_json,
};
use crate::endpoints::Service;
use crate::handle::BackendClient;
use crate::mode::Mode;

/// The field that names the resource in an update body.
fn id_field(service: Service) -> &'static str {
    match service {
        Service::PaymentLinks => "paymentLinkId",
        Service::Invoices => "invoiceId",
        _ => "recurringPaymentId",
    }
}

impl<M: Mode> BackendClient<M> {
    /// The credentials, or [`Error::NoKeys`] for a handle built without keys,
    /// before anything is sent.
    fn auth(&self) -> Result<Auth<'_>, Error> {
        Auth::of(
            self.key.is_placeholder(),
            || self.key.expose_secret(),
            &self.business_id,
        )
    }

    async fn create<T: Wire>(
        &self,
        service: Service,
        business_name: Option<&str>,
        body: &impl Serialize,
    ) -> Result<Created<T>, Error> {
        let mut url = self.config.url(service, "/create");
        if let Some(name) = business_name {
            if name.trim().is_empty() {
                return Err(Error::InvalidInput {
                    field: "businessName",
                    reason: "it is empty",
                });
            }
            url.push_str("?businessName=");
            percent_encode(&mut url, name);
        }
        let body = to_json(body)?;
        let created: CreatedBody<T> =
            call_json(&self.config, self.auth()?, Method::Post, url, Some(body)).await?;
        Ok(created.into())
    }

    async fn get<T: Wire>(&self, service: Service, id: &str) -> Result<T, Error> {
        let mut url = self.config.url(service, "");
        push_id(&mut url, id)?;
        let body: DataBody<T> =
            call_json(&self.config, self.auth()?, Method::Get, url, None).await?;
        Ok(body.data)
    }

    async fn list<T: Wire>(&self, service: Service, limit: u32) -> Result<Vec<T>, Error> {
        if !(1..=100).contains(&limit) {
            return Err(Error::InvalidInput {
                field: "limit",
                reason: "it must be from 1 to 100",
            });
        }
        let url = self.config.url(service, &format!("?limit={limit}"));
        let body: DataBody<Vec<T>> =
            call_json(&self.config, self.auth()?, Method::Get, url, None).await?;
        Ok(body.data)
    }

    async fn update<T: Wire>(
        &self,
        service: Service,
        id: &str,
        changes: &impl Serialize,
    ) -> Result<T, Error> {
        push_id(&mut String::new(), id)?;
        let mut body = serde_json::to_value(changes).map_err(|_| Error::InvalidInput {
            field: "body",
            reason: "cannot be written as JSON",
        })?;
        if let Some(map) = body.as_object_mut() {
            map.insert(id_field(service).to_owned(), serde_json::Value::from(id));
        }
        let url = self.config.url(service, "/update");
        let body: DataBody<T> = call_json(
            &self.config,
            self.auth()?,
            Method::Patch,
            url,
            Some(to_json(&body)?),
        )
        .await?;
        Ok(body.data)
    }

    async fn delete(&self, service: Service, id: &str) -> Result<(), Error> {
        let mut url = self.config.url(service, "/delete");
        push_id(&mut url, id)?;
        let call = Call {
            method: Method::Delete,
            url,
            body: None,
            auth: Some(self.auth()?),
        };
        let reply = execute(&self.config, &call).await?;
        if (200..=299).contains(&reply.status) {
            return Ok(());
        }
        decode::<super::Ignored>(&reply, Some(self.auth()?.key)).map(|_| ())
    }

    // ------------------------------------------------------------ payment links

    /// Creates a payment link (`POST /payment-link/create`, 201). The answer
    /// holds the hosted checkout page (`url`) and the link (`data`).
    pub async fn create_payment_link(
        &self,
        link: &NewPaymentLink,
    ) -> Result<Created<PaymentLink>, Error> {
        self.create(Service::PaymentLinks, None, link).await
    }

    /// Reads a payment link (`GET /payment-link/{id}`).
    pub async fn get_payment_link(&self, id: &str) -> Result<PaymentLink, Error> {
        self.get(Service::PaymentLinks, id).await
    }

    /// The newest payment links, at most `limit` (1..=100)
    /// (`GET /payment-link?limit=N`).
    pub async fn list_payment_links(&self, limit: u32) -> Result<Vec<PaymentLink>, Error> {
        self.list(Service::PaymentLinks, limit).await
    }

    /// Changes a payment link (`PATCH /payment-link/update`) and returns it.
    pub async fn update_payment_link(
        &self,
        id: &str,
        changes: &PaymentLinkUpdate,
    ) -> Result<PaymentLink, Error> {
        self.update(Service::PaymentLinks, id, changes).await
    }

    /// Deletes a payment link (`DELETE /payment-link/delete/{id}`).
    pub async fn delete_payment_link(&self, id: &str) -> Result<(), Error> {
        self.delete(Service::PaymentLinks, id).await
    }

    // ------------------------------------------------------------ invoices

    /// Creates an invoice (`POST /invoice/create?businessName=NAME`, 201). The
    /// answer holds the hosted checkout page (`url`) and the invoice (`data`).
    pub async fn create_invoice(
        &self,
        business_name: &str,
        invoice: &NewInvoice,
    ) -> Result<Created<Invoice>, Error> {
        invoice.validate()?;
        self.create(Service::Invoices, Some(business_name), invoice)
            .await
    }

    /// Reads an invoice (`GET /invoice/{id}`).
    pub async fn get_invoice(&self, id: &str) -> Result<Invoice, Error> {
        self.get(Service::Invoices, id).await
    }

    /// The newest invoices, at most `limit` (1..=100) (`GET /invoice?limit=N`).
    pub async fn list_invoices(&self, limit: u32) -> Result<Vec<Invoice>, Error> {
        self.list(Service::Invoices, limit).await
    }

    /// Changes an invoice (`PATCH /invoice/update`) and returns it.
    pub async fn update_invoice(
        &self,
        id: &str,
        changes: &InvoiceUpdate,
    ) -> Result<Invoice, Error> {
        changes.validate()?;
        self.update(Service::Invoices, id, changes).await
    }

    /// Deletes an invoice (`DELETE /invoice/delete/{id}`).
    pub async fn delete_invoice(&self, id: &str) -> Result<(), Error> {
        self.delete(Service::Invoices, id).await
    }

    // ------------------------------------------------------------ recurring payments

    /// Creates a recurring payment
    /// (`POST /recurring-payment/create?businessName=NAME`, 201). The answer
    /// holds the hosted checkout page (`url`) and the payment (`data`).
    pub async fn create_recurring_payment(
        &self,
        business_name: &str,
        payment: &NewRecurringPayment,
    ) -> Result<Created<RecurringPayment>, Error> {
        payment.validate()?;
        self.create(Service::RecurringPayments, Some(business_name), payment)
            .await
    }

    /// Reads a recurring payment (`GET /recurring-payment/{id}`).
    pub async fn get_recurring_payment(&self, id: &str) -> Result<RecurringPayment, Error> {
        self.get(Service::RecurringPayments, id).await
    }

    /// The newest recurring payments, at most `limit` (1..=100)
    /// (`GET /recurring-payment?limit=N`).
    pub async fn list_recurring_payments(
        &self,
        limit: u32,
    ) -> Result<Vec<RecurringPayment>, Error> {
        self.list(Service::RecurringPayments, limit).await
    }

    /// Changes a recurring payment (`PATCH /recurring-payment/update`) and
    /// returns it.
    pub async fn update_recurring_payment(
        &self,
        id: &str,
        changes: &RecurringPaymentUpdate,
    ) -> Result<RecurringPayment, Error> {
        changes.validate()?;
        self.update(Service::RecurringPayments, id, changes).await
    }

    /// Deletes a recurring payment (`DELETE /recurring-payment/delete/{id}`).
    pub async fn delete_recurring_payment(&self, id: &str) -> Result<(), Error> {
        self.delete(Service::RecurringPayments, id).await
    }

    // ------------------------------------------------------------ health

    /// Checks the three backend services (`GET /status` on each origin; one
    /// request when they share a base URL). No key is sent. Returns the
    /// payment-link service's answer when all are healthy, else the first
    /// failure (an unhealthy service answers 503: [`Error::Status`]).
    pub async fn health(&self) -> Result<Health, Error> {
        let first = super::health(&self.config, Service::PaymentLinks).await?;
        if self.config.base_url().is_none() {
            super::health(&self.config, Service::Invoices).await?;
            super::health(&self.config, Service::RecurringPayments).await?;
        }
        Ok(first)
    }

    /// Checks one service (`GET /status` at its origin). No key is sent.
    pub async fn health_of(&self, service: Service) -> Result<Health, Error> {
        super::health(&self.config, service).await
    }
}
