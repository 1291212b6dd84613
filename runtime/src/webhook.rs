//! The webhook verifier: what `#[mileston_config(webhook)]` generates an
//! accessor for. It holds the verification token Mileston sends in the
//! `X-Webhook-Signature` header of every delivery, typed by mode so that a
//! test delivery is refused by a live receiver.

use core::fmt;
use core::marker::PhantomData;

use crate::mode::Mode;
use crate::secrets::WebhookToken;

/// Checks webhook deliveries against the verification token. Its `Debug`
/// shows nothing of the token.
#[derive(Clone)]
pub struct WebhookVerifier<M: Mode> {
    pub(crate) token: WebhookToken,
    mode: PhantomData<M>,
}

impl<M: Mode> WebhookVerifier<M> {
    /// A verifier for a token obtained at run time ([`WebhookToken::new`]).
    pub fn new(token: WebhookToken) -> Self {
        WebhookVerifier {
            token,
            mode: PhantomData,
        }
    }
}

impl<M: Mode> fmt::Debug for WebhookVerifier<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookVerifier")
            .field("mode", &M::MODE)
            .field("token", &self.token)
            .finish()
    }
}
