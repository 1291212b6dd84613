//! The axum extractor (feature `axum`): a handler that takes
//! [`VerifiedEvent`] runs only for a delivery that passed every check; any
//! other is answered here, 401, 413 or 400, with a JSON `message`. The
//! signature is checked once, before the body is read.
//!
//! The verifier comes from the router's state: `WebhookVerifier<M>` must be
//! `FromRef<S>` for the router's state `S`. Without it axum's error is
//! about `Handler` not being implemented; derive or write the `FromRef`
//! (see the crate's README), or use [`WebhookOf`](crate::WebhookOf) as the
//! state itself.

use axum::body::Body;
use axum::extract::{FromRef, FromRequest, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::webhook::{DeliveryError, MAX_BODY, WebhookVerifier};
use crate::mode::Mode;
use crate::models::event::Event;

/// A delivery that passed the verifier found in the router's state
/// (`WebhookVerifier<M>: FromRef<S>`), as its event.
#[derive(Clone, Debug)]
pub struct VerifiedEvent<M: Mode> {
    /// The event.
    pub event: Event,
    mode: core::marker::PhantomData<M>,
}

impl<S, M> FromRequest<S> for VerifiedEvent<M>
where
    S: Send + Sync,
    M: Mode,
    WebhookVerifier<M>: FromRef<S>,
{
    type Rejection = DeliveryError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let verifier = WebhookVerifier::<M>::from_ref(state);
        let (parts, body) = req.into_parts();
        // The signature before the body: an unsigned sender gets nothing read.
        verifier.signed(&parts.headers)?;
        let body = axum::body::to_bytes(body, MAX_BODY)
            .await
            .map_err(|_| DeliveryError::TooLarge)?;
        Ok(VerifiedEvent {
            event: verifier.read(&body)?,
            mode: core::marker::PhantomData,
        })
    }
}

impl IntoResponse for DeliveryError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status()).unwrap_or(StatusCode::BAD_REQUEST);
        let body = format!(
            "{{\"message\":{}}}",
            miniserde::json::to_string(&self.to_string())
        );
        (
            status,
            [(header::CONTENT_TYPE, "application/json")],
            Body::from(body),
        )
            .into_response()
    }
}
