//! Checkout operations: what the checkout key allows. The only methods on
//! [`CheckoutClient`] that talk to the API are here.

use super::types::{DataBody, Health, Payment, PaymentKind, SavePayment, Verification};
use super::{Auth, Call, Error, Method, decode, execute, push_id, to_json};
use crate::endpoints::Service;
use crate::handle::CheckoutClient;
use crate::mode::Mode;

/// The message of the 400 that means "not paid yet".
fn is_awaiting(message: &str) -> bool {
    message.to_ascii_lowercase().contains("awaiting payment")
}

impl<M: Mode> CheckoutClient<M> {
    /// The credentials, or [`Error::NoKeys`] for a handle built without keys,
    /// before anything is sent.
    fn auth(&self) -> Result<Auth<'_>, Error> {
        Auth::of(
            self.key.is_placeholder(),
            || self.key.expose_secret(),
            &self.business_id,
        )
    }

    async fn send(
        &self,
        method: Method,
        path: String,
        body: Option<String>,
    ) -> Result<super::Reply, Error> {
        let call = Call {
            method,
            url: self.config.url(Service::Checkout, &path),
            body,
            auth: Some(self.auth()?),
        };
        execute(&self.config, &call).await
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn payment(&self, kind: PaymentKind, reply: &super::Reply) -> Result<Payment, Error> {
        let key = Some(self.auth()?.key);
        let body: DataBody<serde_json::Value> = decode(reply, key)?;
        Payment::from_json(kind, body.data).map_err(|e| Error::Decode {
            status: reply.status,
            message: super::scrub(e.to_string(), key),
        })
    }

    /// On wasm the answer is read straight into the kind's type with
    /// miniserde (`wire.rs`; no `serde_json` in the module).
    #[cfg(target_arch = "wasm32")]
    fn payment(&self, kind: PaymentKind, reply: &super::Reply) -> Result<Payment, Error> {
        let key = Some(self.auth()?.key);
        Ok(match kind {
            PaymentKind::Invoice => Payment::Invoice(decode::<DataBody<_>>(reply, key)?.data),
            PaymentKind::PaymentLink => {
                Payment::PaymentLink(decode::<DataBody<_>>(reply, key)?.data)
            }
            PaymentKind::Recurring => Payment::Recurring(decode::<DataBody<_>>(reply, key)?.data),
        })
    }

    /// Reads a payment with its normalised status
    /// (`GET /checkout/data/{pattern}.get/{id}`).
    pub async fn get_payment(&self, kind: PaymentKind, id: &str) -> Result<Payment, Error> {
        let mut path = format!("/data/{}.get", kind.pattern());
        push_id(&mut path, id)?;
        let reply = self.send(Method::Get, path, None).await?;
        self.payment(kind, &reply)
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
        let reply = self
            .send(Method::Post, path, Some(to_json(payment)?))
            .await?;
        self.payment(kind, &reply)
    }

    /// Asks whether a payment was made
    /// (`POST /checkout/verify-payment/{pattern}.save`).
    ///
    /// Not paid yet is not an error: the API's 400 "Still awaiting payment"
    /// comes back as `Ok(`[`Verification::AwaitingPayment`]`)`; any other
    /// failure (another 400, 401, 404, ...) is an [`Error`].
    pub async fn verify_payment(&self, kind: PaymentKind, id: &str) -> Result<Verification, Error> {
        push_id(&mut String::new(), id)?;
        #[derive(serde::Serialize)]
        struct Body<'a> {
            id: &'a str,
        }
        let path = format!("/verify-payment/{}.save", kind.pattern());
        let reply = self
            .send(Method::Post, path, Some(to_json(&Body { id })?))
            .await?;
        match self.payment(kind, &reply) {
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
        super::health(&self.config, Service::Checkout).await
    }
}
