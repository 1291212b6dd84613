//! The axum extractor (feature `axum`): a handler that takes
//! [`VerifiedEvent`] runs only for a delivery that passed every check; any
//! other is answered here, 401, 413 or 400, with a JSON `message`.

use axum::body::Body;
use axum::extract::{FromRef, FromRequest, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{Event, Headers, MAX_BODY, SIGNATURE_HEADER, WebhookError, WebhookVerifier};
use crate::mode::Mode;

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
    type Rejection = WebhookError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let verifier = WebhookVerifier::<M>::from_ref(state);
        let (parts, body) = req.into_parts();
        // The signature before the body: an unsigned sender gets nothing read.
        let signature = parts
            .headers
            .header(SIGNATURE_HEADER)
            .ok_or(WebhookError::MissingSignature)?;
        verifier.signed(signature)?;
        let body = axum::body::to_bytes(body, MAX_BODY)
            .await
            .map_err(|_| WebhookError::TooLarge)?;
        let event = verifier.verify(&parts.headers, &body)?;
        Ok(VerifiedEvent {
            event,
            mode: core::marker::PhantomData,
        })
    }
}

impl IntoResponse for WebhookError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status()).unwrap_or(StatusCode::BAD_REQUEST);
        let body = serde_json::json!({ "message": self.to_string() }).to_string();
        (
            status,
            [(header::CONTENT_TYPE, "application/json")],
            Body::from(body),
        )
            .into_response()
    }
}
