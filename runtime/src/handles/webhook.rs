//! The webhook verifier: what `#[mileston_config(webhook)]` generates an
//! accessor for. Mileston sends the verification token chosen at
//! registration in the `X-Webhook-Signature` header of every delivery (no
//! HMAC, no timestamp, no delivery ID) and retries any answer but 200. A
//! [`WebhookVerifier`] compares the header with the token in constant time
//! (whatever the lengths), limits the body before reading it, reads the event
//! and refuses one whose `env` is not its mode (a test delivery at a live
//! receiver), whatever the event's name. It needs no HTTP client: the
//! feature `webhooks` builds it without reqwest, rustls or tokio.
//!
//! ```
//! # #[cfg(feature = "webhooks")] {
//! use mileston_config::Test;
//! use mileston_config::credentials::WebhookToken;
//! use mileston_config::webhook::{Event, WebhookVerifier};
//!
//! let verifier = WebhookVerifier::<Test>::new(WebhookToken::new("FAKE-token-0001")?);
//! let body = br#"{"event":"invoice-paid","payload":{"transactionSignature":"0xFEED01","env":"test"}}"#;
//! let event = verifier.verify(&[("X-Webhook-Signature", "FAKE-token-0001")][..], body)?;
//! assert!(matches!(event, Event::InvoicePaid(_)));
//! assert_eq!(event.dedup_key(), "invoice-paid:0xfeed01");
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::fmt;
use core::marker::PhantomData;

#[cfg(feature = "webhooks")]
use mileston_config_core::protocol::{header, mode_of_env};

use crate::credentials::WebhookToken;
use crate::mode::{KeyMode, Mode};
#[cfg(feature = "webhooks")]
use crate::models::event::Event;

/// The header Mileston puts the verification token in (any letter case).
#[cfg(feature = "webhooks")]
pub const SIGNATURE_HEADER: &str = header::WEBHOOK_SIGNATURE;

/// The largest delivery body read. Mileston's payloads are a few hundred
/// bytes; a larger body is refused before it is read.
pub const MAX_BODY: usize = 64 * 1024;

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

/// Why a delivery was refused. Holds neither the token nor anything the
/// sender sent.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeliveryError {
    /// No `X-Webhook-Signature` header: answer 401.
    MissingSignature,
    /// The header is not the token: answer 401.
    BadSignature,
    /// The body is larger than [`MAX_BODY`]: answer 413.
    TooLarge,
    /// The body is not a delivery (not JSON, a member missing or of the
    /// wrong type): answer 400.
    Malformed {
        /// What is wrong (the member's name, never its value).
        reason: String,
    },
    /// The event's `env` is another mode's (a test delivery at a live
    /// receiver, or the reverse): answer 400.
    WrongMode {
        /// This receiver's mode.
        expected: KeyMode,
    },
    /// The event has no `env` Mileston writes (`test` or `prod`): the
    /// receiver cannot tell a test delivery from a live one, so it takes
    /// none: answer 400.
    NoMode {
        /// This receiver's mode.
        expected: KeyMode,
    },
    /// The verifier was built without keys (a docs.rs build, or
    /// `MILESTON_ALLOW_MISSING_KEYS=1`): every delivery is refused with 503,
    /// a server not ready (Mileston delivers it again later), not 401, which
    /// would blame the sender.
    NoToken,
}

impl DeliveryError {
    /// The HTTP status a receiver answers with.
    pub fn status(&self) -> u16 {
        match self {
            DeliveryError::MissingSignature | DeliveryError::BadSignature => 401,
            DeliveryError::NoToken => 503,
            DeliveryError::TooLarge => 413,
            DeliveryError::Malformed { .. }
            | DeliveryError::WrongMode { .. }
            | DeliveryError::NoMode { .. } => 400,
        }
    }
}

impl fmt::Display for DeliveryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeliveryError::MissingSignature => {
                f.write_str("the delivery has no X-Webhook-Signature header")
            }
            DeliveryError::BadSignature => f.write_str(
                "the delivery's X-Webhook-Signature is not this receiver's verification token",
            ),
            DeliveryError::TooLarge => {
                write!(f, "the delivery's body is larger than {MAX_BODY} bytes")
            }
            DeliveryError::Malformed { reason } => {
                write!(f, "the delivery is not a Mileston webhook: {reason}")
            }
            DeliveryError::WrongMode { expected } => write!(
                f,
                "the event is not a {expected} event: a {expected} receiver takes only {expected} \
                 deliveries"
            ),
            DeliveryError::NoMode { expected } => write!(
                f,
                "the event's `env` is neither `test` nor `prod`: a {expected} receiver takes only \
                 {expected} deliveries"
            ),
            DeliveryError::NoToken => f.write_str(
                "this verifier was built without keys (a docs.rs build, or \
                 MILESTON_ALLOW_MISSING_KEYS=1): it refuses every delivery",
            ),
        }
    }
}

impl std::error::Error for DeliveryError {}

/// Headers as a receiver has them, to find the signature in.
pub trait RequestHeaders {
    /// The value of the header called `name` (any letter case), if any.
    fn header(&self, name: &str) -> Option<&[u8]>;
}

impl<K: AsRef<str>, V: AsRef<[u8]>> RequestHeaders for [(K, V)] {
    fn header(&self, name: &str) -> Option<&[u8]> {
        self.iter()
            .find(|(k, _)| k.as_ref().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref())
    }
}

#[cfg(feature = "axum")]
impl RequestHeaders for ::axum::http::HeaderMap {
    fn header(&self, name: &str) -> Option<&[u8]> {
        self.get(name).map(|v| v.as_bytes())
    }
}

#[cfg(feature = "webhooks")]
impl<M: Mode> WebhookVerifier<M> {
    /// Checks the signature header: present, and the token, compared in
    /// constant time whatever the two lengths (both are hashed with SHA-256
    /// and the digests compared with `subtle`, so neither a byte nor the
    /// length of the token shows in the time taken).
    pub(crate) fn signed<H: RequestHeaders + ?Sized>(
        &self,
        headers: &H,
    ) -> Result<(), DeliveryError> {
        use sha2::{Digest, Sha256};
        use subtle::ConstantTimeEq;
        let signature = headers
            .header(header::WEBHOOK_SIGNATURE)
            .ok_or(DeliveryError::MissingSignature)?;
        let token = self.token.text().ok_or(DeliveryError::NoToken)?;
        let want = Sha256::digest(token.as_bytes());
        let got = Sha256::digest(signature);
        if bool::from(want.ct_eq(&got)) {
            Ok(())
        } else {
            Err(DeliveryError::BadSignature)
        }
    }

    /// Checks a delivery: the signature header first (nothing is read before
    /// it passes), then the body's size, then the event and its mode.
    pub fn verify<H: RequestHeaders + ?Sized>(
        &self,
        headers: &H,
        body: &[u8],
    ) -> Result<Event, DeliveryError> {
        self.signed(headers)?;
        self.read(body)
    }

    /// A signed delivery's body: its size, then the event and its mode.
    pub(crate) fn read(&self, body: &[u8]) -> Result<Event, DeliveryError> {
        if body.len() > MAX_BODY {
            return Err(DeliveryError::TooLarge);
        }
        let cx = &mut Default::default();
        let event = crate::models::decode::from_json::<Event>(body, cx).map_err(|e| {
            DeliveryError::Malformed {
                reason: e.to_string(),
            }
        })?;
        match event.env().and_then(mode_of_env) {
            Some(mode) if mode == M::MODE => Ok(event),
            Some(_) => Err(DeliveryError::WrongMode { expected: M::MODE }),
            None => Err(DeliveryError::NoMode { expected: M::MODE }),
        }
    }
}
