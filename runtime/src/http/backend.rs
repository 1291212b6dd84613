//! Backend operations: only on [`BackendClient`] (normal key): create, read,
//! list, update and delete payment links, invoices and recurring payments.
//! Every resource comes back with its hosted checkout page (`checkout_url`,
//! by the rule in `model/hosted.rs`), listed ones included.
//! Each request is the one Mileston's backend SDK sends for the same call:
//! `Content-Type: application/json` on every request, the body `{}` on `GET`
//! and `DELETE` (axios sends `{...data}`), the list at `{prefix}/?limit=N`.

use serde::Serialize;

use super::status::health;
use crate::endpoints::Service;
use crate::handle::BackendClient;
use crate::http::error::Error;
use crate::http::model::decode::Model;
use crate::http::model::envelope::{Created, Data};
use crate::http::model::hosted::Hosted;
use crate::http::model::requests::{
    InvoiceUpdate, NewInvoice, NewPaymentLink, NewRecurringPayment, PaymentLinkUpdate,
    RecurringPaymentUpdate, WithId,
};
use crate::http::model::resources::{Health, Invoice, PaymentLink, RecurringPayment};
use crate::http::request::{Auth, Endpoint, Method, Request, check_id, percent_encode, push_id};
use crate::http::response::{check, read};
use crate::http::retry::execute;
use crate::mode::Mode;

/// The member that names the resource in an update body.
fn id_member(service: Service) -> &'static str {
    match service {
        Service::PaymentLinks => "paymentLinkId",
        Service::Invoices => "invoiceId",
        _ => "recurringPaymentId",
    }
}

/// The handle's `operation`: `method` on the service's `path` (`/{id}`),
/// for requests, messages and spans.
fn endpoint(
    operation: &'static str,
    method: Method,
    service: Service,
    path: &'static str,
) -> Endpoint {
    Endpoint::new(operation, service, method, service.path_prefix(), path)
}

impl<M: Mode> BackendClient<M> {
    /// A request with the handle's key, or [`Error::NoKeys`]; a `GET` or
    /// `DELETE` with the body `{}`, as Mileston's backend SDK sends them.
    fn request(&self, endpoint: Endpoint, url: String) -> Result<Request<'_>, Error> {
        let request = Request::new(endpoint, url).auth(Auth::of(&self.credentials)?);
        Ok(match endpoint.method {
            Method::Get | Method::Delete => request.empty_json(),
            Method::Post | Method::Patch => request,
        })
    }

    /// Sends `request` and reads its answer as `T`.
    async fn call<T: Model>(&self, request: &Request<'_>) -> Result<T, Error> {
        let reply = execute(&self.config, request).await?;
        read(&reply, request)
    }

    /// Whether the handle talks to Mileston's production services (no base
    /// URL), for a resource's hosted page (`model/hosted.rs`).
    fn production(&self) -> bool {
        self.config.base_url().is_none()
    }

    async fn create<T: Model + Hosted>(
        &self,
        operation: &'static str,
        service: Service,
        business_name: Option<&str>,
        body: &impl Serialize,
    ) -> Result<Created<T>, Error> {
        let mut url = self.config.url(service, "/create");
        let mut path = "/create";
        if let Some(name) = business_name {
            if name.trim().is_empty() {
                return Err(Error::InvalidInput {
                    field: "businessName",
                    reason: "it is empty",
                });
            }
            url.push_str("?businessName=");
            percent_encode(&mut url, name);
            path = "/create?businessName=NAME";
        }
        let endpoint = endpoint(operation, Method::Post, service, path);
        let request = self.request(endpoint, url)?.json(body)?;
        let mut created: Created<T> = self.call(&request).await?;
        created
            .data
            .set_checkout_url(created.url.take(), self.production());
        created.url = created.data.checkout_url_mut().clone();
        Ok(created)
    }

    async fn get<T: Model + Hosted>(
        &self,
        operation: &'static str,
        service: Service,
        id: &str,
    ) -> Result<T, Error> {
        let mut url = self.config.url(service, "");
        push_id(&mut url, id)?;
        let request = self.request(endpoint(operation, Method::Get, service, "/{id}"), url)?;
        let Data(mut t, link) = self.call::<Data<T>>(&request).await?;
        t.set_checkout_url(link, self.production());
        Ok(t)
    }

    async fn list<T: Model + Hosted>(
        &self,
        operation: &'static str,
        service: Service,
        limit: u32,
    ) -> Result<Vec<T>, Error> {
        if !(1..=100).contains(&limit) {
            return Err(Error::InvalidInput {
                field: "limit",
                reason: "it must be from 1 to 100",
            });
        }
        // The SDK's endpoint is `?limit=N`, which axios joins to the base URL
        // with a `/`.
        let url = self.config.url(service, &format!("/?limit={limit}"));
        let request = self.request(endpoint(operation, Method::Get, service, "/?limit=N"), url)?;
        let Data(mut list, _) = self.call::<Data<Vec<T>>>(&request).await?;
        for t in &mut list {
            t.set_checkout_url(None, self.production());
        }
        Ok(list)
    }

    async fn update<T: Model + Hosted>(
        &self,
        operation: &'static str,
        service: Service,
        id: &str,
        changes: &impl Serialize,
    ) -> Result<T, Error> {
        let body = WithId {
            member: id_member(service),
            id: check_id(id)?,
            changes,
        };
        let url = self.config.url(service, "/update");
        let endpoint = endpoint(operation, Method::Patch, service, "/update");
        let request = self.request(endpoint, url)?.json(&body)?;
        let Data(mut t, link) = self.call::<Data<T>>(&request).await?;
        t.set_checkout_url(link, self.production());
        Ok(t)
    }

    async fn delete(
        &self,
        operation: &'static str,
        service: Service,
        id: &str,
    ) -> Result<(), Error> {
        let mut url = self.config.url(service, "/delete");
        push_id(&mut url, id)?;
        let request = self.request(
            endpoint(operation, Method::Delete, service, "/delete/{id}"),
            url,
        )?;
        let reply = execute(&self.config, &request).await?;
        check(&reply, &request)
    }

    // ------------------------------------------------------------ payment links

    /// Creates a payment link (`POST /payment-link/create`, 201). The answer
    /// holds the hosted checkout page (`url`, from `paymentLink`) and the
    /// link (`data`).
    pub async fn create_payment_link(
        &self,
        link: &NewPaymentLink,
    ) -> Result<Created<PaymentLink>, Error> {
        self.create("create_payment_link", Service::PaymentLinks, None, link)
            .await
    }

    /// Reads a payment link (`GET /payment-link/{id}`).
    pub async fn get_payment_link(&self, id: &str) -> Result<PaymentLink, Error> {
        self.get("get_payment_link", Service::PaymentLinks, id)
            .await
    }

    /// The newest payment links, at most `limit` (1..=100)
    /// (`GET /payment-link/?limit=N`).
    pub async fn list_payment_links(&self, limit: u32) -> Result<Vec<PaymentLink>, Error> {
        self.list("list_payment_links", Service::PaymentLinks, limit)
            .await
    }

    /// Changes a payment link (`PATCH /payment-link/update`) and returns it.
    pub async fn update_payment_link(
        &self,
        id: &str,
        changes: &PaymentLinkUpdate,
    ) -> Result<PaymentLink, Error> {
        self.update("update_payment_link", Service::PaymentLinks, id, changes)
            .await
    }

    /// Deletes a payment link (`DELETE /payment-link/delete/{id}`).
    pub async fn delete_payment_link(&self, id: &str) -> Result<(), Error> {
        self.delete("delete_payment_link", Service::PaymentLinks, id)
            .await
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
        invoice.validate()?;
        self.create(
            "create_invoice",
            Service::Invoices,
            Some(business_name),
            invoice,
        )
        .await
    }

    /// Reads an invoice (`GET /invoice/{id}`).
    pub async fn get_invoice(&self, id: &str) -> Result<Invoice, Error> {
        self.get("get_invoice", Service::Invoices, id).await
    }

    /// The newest invoices, at most `limit` (1..=100)
    /// (`GET /invoice/?limit=N`).
    pub async fn list_invoices(&self, limit: u32) -> Result<Vec<Invoice>, Error> {
        self.list("list_invoices", Service::Invoices, limit).await
    }

    /// Changes an invoice (`PATCH /invoice/update`) and returns it.
    pub async fn update_invoice(
        &self,
        id: &str,
        changes: &InvoiceUpdate,
    ) -> Result<Invoice, Error> {
        changes.validate()?;
        self.update("update_invoice", Service::Invoices, id, changes)
            .await
    }

    /// Deletes an invoice (`DELETE /invoice/delete/{id}`).
    pub async fn delete_invoice(&self, id: &str) -> Result<(), Error> {
        self.delete("delete_invoice", Service::Invoices, id).await
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
        payment.validate()?;
        self.create(
            "create_recurring_payment",
            Service::RecurringPayments,
            Some(business_name),
            payment,
        )
        .await
    }

    /// Reads a recurring payment (`GET /recurring-payment/{id}`).
    pub async fn get_recurring_payment(&self, id: &str) -> Result<RecurringPayment, Error> {
        self.get("get_recurring_payment", Service::RecurringPayments, id)
            .await
    }

    /// The newest recurring payments, at most `limit` (1..=100)
    /// (`GET /recurring-payment/?limit=N`).
    pub async fn list_recurring_payments(
        &self,
        limit: u32,
    ) -> Result<Vec<RecurringPayment>, Error> {
        self.list("list_recurring_payments", Service::RecurringPayments, limit)
            .await
    }

    /// Changes a recurring payment (`PATCH /recurring-payment/update`) and
    /// returns it.
    pub async fn update_recurring_payment(
        &self,
        id: &str,
        changes: &RecurringPaymentUpdate,
    ) -> Result<RecurringPayment, Error> {
        changes.validate()?;
        self.update(
            "update_recurring_payment",
            Service::RecurringPayments,
            id,
            changes,
        )
        .await
    }

    /// Deletes a recurring payment (`DELETE /recurring-payment/delete/{id}`).
    pub async fn delete_recurring_payment(&self, id: &str) -> Result<(), Error> {
        self.delete("delete_recurring_payment", Service::RecurringPayments, id)
            .await
    }

    // ------------------------------------------------------------ health

    /// Checks the three backend services (`GET /status` on each origin; one
    /// request when they share a base URL). No key is sent. Returns the
    /// payment-link service's answer when all are healthy, else the first
    /// failure (an unhealthy service answers 503: [`Error::Status`]).
    pub async fn health(&self) -> Result<Health, Error> {
        let first = health(&self.config, Service::PaymentLinks).await?;
        if self.config.base_url().is_none() {
            health(&self.config, Service::Invoices).await?;
            health(&self.config, Service::RecurringPayments).await?;
        }
        Ok(first)
    }

    /// Checks one service (`GET /status` at its origin). No key is sent.
    pub async fn health_of(&self, service: Service) -> Result<Health, Error> {
        health(&self.config, service).await
    }
}
