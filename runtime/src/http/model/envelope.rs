//! The documents around the resources: a creation answer (`Created`), a
//! resource or list under its data member (`Data`), an answer that is only a
//! status (`StatusCode`), and an error body's message (`ErrorMessage`).
//! Mileston names the data member per kind (`paymentData`, `invoiceData`,
//! `recurringPaymentData`) and the hosted page's too (`paymentLink`,
//! `invoiceLink`; recurring answers have none), so each is read under every
//! kind's name.

use serde::Serialize;

use super::decode::{Invalid, Model, one_of};
use super::wire;

/// The names of a resource's member, in the order they are looked for.
const DATA: &[&str; 3] = &["paymentData", "invoiceData", "recurringPaymentData"];

/// A resource just created, with its hosted checkout page.
///
/// Serializes (serde) as `{"message", "url", "data"}` (`url` left out when
/// there is none), `data` in its resource's wire shape.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Created<T> {
    /// The API's `message`.
    pub message: String,
    /// The hosted checkout page to send the customer to, e.g.
    /// `https://checkout.mileston.co/invoice/<id>`: the same as the
    /// resource's `checkout_url`, by the same rule (the answer's
    /// `paymentLink` or `invoiceLink`; else, from Mileston's production
    /// services, the page for the ID, which is how a recurring payment, whose
    /// answers carry no link, gets one; else `None`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The resource (`paymentData`, `invoiceData` or `recurringPaymentData`).
    pub data: T,
}

impl<T: Model> Model for Created<T> {
    type Wire = wire::Created<T::Wire>;

    fn from_wire(w: Self::Wire) -> Result<Self, Invalid> {
        Ok(Created {
            message: w.message.unwrap_or_default(),
            url: w.paymentLink.or(w.invoiceLink),
            data: T::from_wire(one_of(
                DATA,
                [w.paymentData, w.invoiceData, w.recurringPaymentData],
            )?)?,
        })
    }
}

/// An answer's resource (or list), under any kind's name, and the hosted
/// page it gives (`paymentLink` or `invoiceLink`), if any.
pub(crate) struct Data<T>(pub(crate) T, pub(crate) Option<String>);

impl<T: Model> Model for Data<T> {
    type Wire = wire::Data<T::Wire>;

    fn from_wire(w: Self::Wire) -> Result<Self, Invalid> {
        let data = one_of(DATA, [w.paymentData, w.invoiceData, w.recurringPaymentData])?;
        let link = w.paymentLink.or(w.invoiceLink);
        T::from_wire(data).map(|t| Data(t, link))
    }
}

/// The `statusCode` of an answer that is only a status, `None` when it has
/// none.
pub(crate) struct StatusCode(pub(crate) Option<u16>);

impl Model for StatusCode {
    type Wire = wire::Status;

    fn from_wire(w: wire::Status) -> Result<Self, Invalid> {
        Ok(StatusCode(w.statusCode))
    }
}

/// An error body's message: its `message`, else its `error`, else its
/// `status`, each a string or a list whose strings are joined with `; `
/// (validation errors come as lists). `None` when there is none of them, or
/// the body is not a JSON object.
pub(crate) struct ErrorMessage(pub(crate) Option<String>);

impl Model for ErrorMessage {
    type Wire = wire::ErrorBody;

    fn from_wire(w: wire::ErrorBody) -> Result<Self, Invalid> {
        let text = |t: Option<wire::Text>| t.and_then(|t| t.0);
        Ok(ErrorMessage(
            text(w.message).or_else(|| text(w.error).or_else(|| text(w.status))),
        ))
    }
}
