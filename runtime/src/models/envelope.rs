//! The documents around the resources: a creation answer (`Created`), a
//! resource or list under its data member (`Data`), an answer that is only a
//! status (`StatusCode`), and an error body's message (`ErrorMessage`).
//! Mileston names the data member per kind (`paymentData`, `invoiceData`,
//! `recurringPaymentData`) and the hosted page's too (`paymentLink`,
//! `invoiceLink`; recurring answers have none), so each is read under every
//! kind's name.

use serde::Serialize;

use mileston_config_core::protocol::DATA_MEMBERS;

use super::decode::{Context, Invalid, Model, from_json};
use super::wire;

/// A resource with a hosted checkout page.
pub(crate) trait Hosted {
    /// Its page, as the resource was made with it.
    fn checkout_url(&self) -> Option<&str>;
}

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

impl<T: Model + Hosted> Model for Created<T> {
    type Wire = wire::Data<T::Wire>;

    fn from_wire(mut w: Self::Wire, cx: &mut Context) -> Result<Self, Invalid> {
        let message = w.message.take().unwrap_or_default();
        let Data(data): Data<T> = Data::from_wire(w, cx)?;
        Ok(Created {
            message,
            url: data.checkout_url().map(String::from),
            data,
        })
    }
}

/// An answer's resource (or list), under any kind's name; the hosted page
/// the answer gives (`paymentLink` or `invoiceLink`), if any, is the
/// resource's to take.
pub(crate) struct Data<T>(pub(crate) T);

impl<T: Model> Model for Data<T> {
    type Wire = wire::Data<T::Wire>;

    fn from_wire(w: Self::Wire, cx: &mut Context) -> Result<Self, Invalid> {
        // The first one given, in `DATA_MEMBERS`' order. (Not through an
        // array: three resources moved into one and out again weighed
        // ~0.3 KB in the wasm page.)
        let data = w
            .paymentData
            .or(w.invoiceData)
            .or(w.recurringPaymentData)
            .ok_or(Invalid::Missing {
                member: DATA_MEMBERS[0],
                others: &DATA_MEMBERS[1..],
            })?;
        cx.link = w.paymentLink.or(w.invoiceLink);
        T::from_wire(data, cx).map(Data)
    }
}

/// An answer that is only a status: its `statusCode`, or, without one, the
/// HTTP status, which stands for it; and the HTTP status.
pub(crate) struct StatusCode {
    pub(crate) code: u16,
    pub(crate) http: u16,
}

impl Model for StatusCode {
    type Wire = wire::Status;

    fn from_wire(w: wire::Status, cx: &mut Context) -> Result<Self, Invalid> {
        Ok(StatusCode {
            code: w.statusCode.unwrap_or(cx.status),
            http: cx.status,
        })
    }
}

/// An error body's message: its `message`, else its `error`, else its
/// `status`, each a string or a list whose strings are joined with `; `
/// (validation errors come as lists). `None` when there is none of them, or
/// the body is not a JSON object.
pub(crate) struct ErrorMessage(pub(crate) Option<String>);

impl Model for ErrorMessage {
    type Wire = wire::ErrorBody;

    fn from_wire(w: wire::ErrorBody, _: &mut Context) -> Result<Self, Invalid> {
        let text = |t: Option<wire::Text>| t.and_then(|t| t.0);
        Ok(ErrorMessage(
            text(w.message).or_else(|| text(w.error).or_else(|| text(w.status))),
        ))
    }
}

/// An answer's resource (or list), under its kind's data member.
pub(crate) fn one<T: Model>(json: &[u8], cx: &mut Context) -> Result<T, Invalid> {
    from_json::<Data<T>>(json, cx).map(|Data(t)| t)
}

/// An answer's list of resources.
pub(crate) fn many<T: Model>(json: &[u8], cx: &mut Context) -> Result<Vec<T>, Invalid> {
    one(json, cx)
}

/// An answer whose body says nothing the caller needs (a delete, a save).
pub(crate) fn nothing(_: &[u8], _: &mut Context) -> Result<(), Invalid> {
    Ok(())
}
