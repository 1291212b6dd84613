//! The documents around the resources: a creation answer (`Created`), a
//! resource or list under its data member (`Data`), and an error body's
//! message (`ErrorMessage`). Mileston names one member differently per
//! service (`paymentData`, `invoiceData`, `recurringData`, checkout's
//! `data`), so each of these members is accepted under every name.

use super::decode::{Invalid, Model, one_of};
use super::wire;

/// The names of a resource's member, in the order they are looked for.
const DATA: &[&str; 4] = &["data", "paymentData", "invoiceData", "recurringData"];
/// The names of a creation answer's checkout page.
const LINK: &[&str; 4] = &["paymentLink", "invoiceLink", "recurringPaymentLink", "url"];

/// A resource just created, with its hosted checkout page.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Created<T> {
    /// The API's `message`.
    pub message: String,
    /// The hosted checkout page to send the customer to (`paymentLink`,
    /// `invoiceLink` or `recurringPaymentLink` on the wire), e.g.
    /// `https://checkout.mileston.co/invoice/<id>`.
    pub url: String,
    /// The resource (`paymentData`, `invoiceData` or `recurringData`).
    pub data: T,
}

impl<T: Model> Model for Created<T> {
    type Wire = wire::Created<T::Wire>;

    fn from_wire(w: Self::Wire) -> Result<Self, Invalid> {
        Ok(Created {
            message: w.message.unwrap_or_default(),
            url: one_of(
                LINK,
                [w.paymentLink, w.invoiceLink, w.recurringPaymentLink, w.url],
            )?,
            data: T::from_wire(one_of(
                DATA,
                [w.data, w.paymentData, w.invoiceData, w.recurringData],
            )?)?,
        })
    }
}

/// An answer's resource (or list), under any of its names.
pub(crate) struct Data<T>(pub(crate) T);

impl<T: Model> Model for Data<T> {
    type Wire = wire::Data<T::Wire>;

    fn from_wire(w: Self::Wire) -> Result<Self, Invalid> {
        let data = one_of(
            DATA,
            [w.data, w.paymentData, w.invoiceData, w.recurringData],
        )?;
        T::from_wire(data).map(Data)
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
