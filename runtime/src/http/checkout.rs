//! Checkout operations: what the checkout key allows. The only methods on
//! [`CheckoutClient`] that talk to the API are here.

use super::status::health;
use crate::endpoints::Service;
use crate::handle::CheckoutClient;
use crate::http::error::Error;
use crate::http::model::payment::{Payment, Verification};
use crate::http::model::requests::SavePayment;
use crate::http::model::resources::Health;
use crate::http::model::values::PaymentKind;
use crate::http::request::{Auth, Endpoint, Method, Request, check_id, push_id};
use crate::http::response::read_with;
use crate::http::retry::execute;
use crate::mode::Mode;

/// The message of the 400 that means "not paid yet".
fn is_awaiting(message: &str) -> bool {
    message.to_ascii_lowercase().contains("awaiting payment")
}

/// `method` on the checkout's `path`, for requests and messages.
const fn endpoint(method: Method, path: &'static str) -> Endpoint {
    Endpoint {
        method,
        prefix: "/checkout",
        path,
    }
}

impl<M: Mode> CheckoutClient<M> {
    /// A request to the checkout's `path` with the handle's key, or
    /// [`Error::NoKeys`].
    fn request(&self, endpoint: Endpoint, path: &str) -> Result<Request<'_>, Error> {
        let url = self.config.url(Service::Checkout, path);
        Ok(Request::new(endpoint, url).auth(Auth::of(&self.credentials)?))
    }

    /// Sends `request` and reads the answer as a payment of `kind`.
    async fn payment(&self, kind: PaymentKind, request: &Request<'_>) -> Result<Payment, Error> {
        let reply = execute(&self.config, request).await?;
        read_with(&reply, request, |json| Payment::from_json(kind, json))
    }

    /// Reads a payment with its normalised status
    /// (`GET /checkout/data/{pattern}.get/{id}`).
    pub async fn get_payment(&self, kind: PaymentKind, id: &str) -> Result<Payment, Error> {
        let mut path = format!("/data/{}.get", kind.pattern());
        push_id(&mut path, id)?;
        let request = self.request(endpoint(Method::Get, "/data/{pattern}.get/{id}"), &path)?;
        self.payment(kind, &request).await
    }

    /// Records a payment the customer started
    /// (`POST /checkout/save-payment/{pattern}.save`, 201) and returns the
    /// payment.
    pub async fn save_payment(
        &self,
        kind: PaymentKind,
        payment: &SavePayment,
    ) -> Result<Payment, Error> {
        payment.validate()?;
        let path = format!("/save-payment/{}.save", kind.pattern());
        let endpoint = endpoint(Method::Post, "/save-payment/{pattern}.save");
        let request = self.request(endpoint, &path)?.json(payment)?;
        self.payment(kind, &request).await
    }

    /// Asks whether a payment was made
    /// (`POST /checkout/verify-payment/{pattern}.save`).
    ///
    /// Not paid yet is not an error: the API's 400 "Still awaiting payment"
    /// comes back as `Ok(`[`Verification::AwaitingPayment`]`)`; any other
    /// failure (another 400, 401, 404, ...) is an [`Error`].
    pub async fn verify_payment(&self, kind: PaymentKind, id: &str) -> Result<Verification, Error> {
        #[derive(serde::Serialize)]
        struct Body<'a> {
            id: &'a str,
        }
        let body = Body { id: check_id(id)? };
        let path = format!("/verify-payment/{}.save", kind.pattern());
        let endpoint = endpoint(Method::Post, "/verify-payment/{pattern}.save");
        let request = self.request(endpoint, &path)?.json(&body)?;
        match self.payment(kind, &request).await {
            Ok(p) => Ok(Verification::Paid(p)),
            Err(Error::Status {
                status: 400,
                message,
            }) if is_awaiting(&message) => Ok(Verification::AwaitingPayment),
            Err(e) => Err(e),
        }
    }

    /// Checks the checkout service (`GET /status` at its origin). No key is
    /// sent.
    pub async fn health(&self) -> Result<Health, Error> {
        health(&self.config, Service::Checkout).await
    }
}
