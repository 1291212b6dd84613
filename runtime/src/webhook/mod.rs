//! Receiving Mileston's webhooks: what `#[mileston_config(webhook)]`
//! generates an accessor for. Mileston sends the verification token chosen at
//! registration in the `X-Webhook-Signature` header of every delivery (no
//! HMAC, no timestamp, no delivery ID) and retries any answer but 200. A
//! [`WebhookVerifier`] compares the header with the token in constant time
//! (whatever the lengths), limits the body before reading it, reads the event
//! and refuses one of the other mode (a test delivery at a live receiver).
//!
//! ```
//! # #[cfg(feature = "http")] {
//! use mileston_config::{Event, Test, WebhookToken, WebhookVerifier};
//!
//! let verifier = WebhookVerifier::<Test>::new(WebhookToken::new("FAKE-token-0001")?);
//! let body = br#"{"event":"invoice-paid","payload":{"transactionSignature":"0xFAKE1","env":"test"}}"#;
//! let event = verifier.verify(&[("X-Webhook-Signature", "FAKE-token-0001")][..], body)?;
//! assert!(matches!(event, Event::InvoicePaid(_)));
//! assert_eq!(event.dedup_key(), "invoice-paid:0xFAKE1");
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::fmt;
use core::marker::PhantomData;

use crate::mode::Mode;
use crate::secrets::WebhookToken;

#[cfg(feature = "axum")]
mod axum;
#[cfg(feature = "http")]
mod event;

#[cfg(feature = "axum")]
pub use self::axum::VerifiedEvent;
#[cfg(feature = "http")]
pub use event::{Event, Paid};

/// The header Mileston puts the verification token in (any letter case).
pub const SIGNATURE_HEADER: &str = "x-webhook-signature";

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
pub enum WebhookError {
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
    /// The event's `env` is not this receiver's mode (a test delivery at a
    /// live receiver, or the reverse): answer 400.
    WrongMode {
        /// This receiver's mode.
        expected: crate::KeyMode,
    },
    /// The verifier was built without keys (a docs.rs build, or
    /// `MILESTON_ALLOW_MISSING_KEYS=1`): every delivery is refused (401).
    NoToken,
}

impl WebhookError {
    /// The HTTP status a receiver answers with.
    pub fn status(&self) -> u16 {
        match self {
            WebhookError::MissingSignature | WebhookError::BadSignature | WebhookError::NoToken => {
                401
            }
            WebhookError::TooLarge => 413,
            WebhookError::Malformed { .. } | WebhookError::WrongMode { .. } => 400,
        }
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::MissingSignature => {
                f.write_str("the delivery has no X-Webhook-Signature header")
            }
            WebhookError::BadSignature => f.write_str(
                "the delivery's X-Webhook-Signature is not this receiver's verification token",
            ),
            WebhookError::TooLarge => {
                write!(f, "the delivery's body is larger than {MAX_BODY} bytes")
            }
            WebhookError::Malformed { reason } => {
                write!(f, "the delivery is not a Mileston webhook: {reason}")
            }
            WebhookError::WrongMode { expected } => write!(
                f,
                "the event is not a {expected} event: a {expected} receiver takes only {expected} \
                 deliveries"
            ),
            WebhookError::NoToken => f.write_str(
                "this verifier was built without keys (a docs.rs build, or \
                 MILESTON_ALLOW_MISSING_KEYS=1): it refuses every delivery",
            ),
        }
    }
}

impl std::error::Error for WebhookError {}

/// Headers as a receiver has them, to find the signature in.
pub trait Headers {
    /// The value of the header called `name` (any letter case), if any.
    fn header(&self, name: &str) -> Option<&[u8]>;
}

impl<K: AsRef<str>, V: AsRef<[u8]>> Headers for [(K, V)] {
    fn header(&self, name: &str) -> Option<&[u8]> {
        self.iter()
            .find(|(k, _)| k.as_ref().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref())
    }
}

#[cfg(feature = "axum")]
impl Headers for ::axum::http::HeaderMap {
    fn header(&self, name: &str) -> Option<&[u8]> {
        self.get(name).map(|v| v.as_bytes())
    }
}

impl<M: Mode> WebhookVerifier<M> {
    /// Whether `signature` is the token, in constant time whatever the two
    /// lengths: both are hashed with SHA-256 and the digests compared with
    /// `subtle`, so neither a byte nor the length of the token shows in the
    /// time taken.
    #[cfg(feature = "http")]
    fn signed(&self, signature: &[u8]) -> Result<(), WebhookError> {
        use sha2::{Digest, Sha256};
        use subtle::ConstantTimeEq;
        if self.token.is_placeholder() {
            return Err(WebhookError::NoToken);
        }
        let want = Sha256::digest(self.token.expose_secret().as_bytes());
        let got = Sha256::digest(signature);
        if bool::from(want.ct_eq(&got)) {
            Ok(())
        } else {
            Err(WebhookError::BadSignature)
        }
    }

    /// Checks a delivery: the signature header first (nothing is read before
    /// it passes), then the body's size, then the event and its mode.
    #[cfg(feature = "http")]
    pub fn verify<H: Headers + ?Sized>(
        &self,
        headers: &H,
        body: &[u8],
    ) -> Result<Event, WebhookError> {
        let signature = headers
            .header(SIGNATURE_HEADER)
            .ok_or(WebhookError::MissingSignature)?;
        self.signed(signature)?;
        if body.len() > MAX_BODY {
            return Err(WebhookError::TooLarge);
        }
        let event = crate::http::model::decode::from_json::<Event>(body).map_err(|e| {
            WebhookError::Malformed {
                reason: e.to_string(),
            }
        })?;
        if let Some(paid) = event.paid() {
            let env_mode = match paid.env.as_str() {
                "test" => Some(crate::KeyMode::Test),
                "prod" | "live" => Some(crate::KeyMode::Live),
                _ => None,
            };
            if env_mode != Some(M::MODE) {
                return Err(WebhookError::WrongMode { expected: M::MODE });
            }
        }
        Ok(event)
    }
}
