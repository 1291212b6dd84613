//! A request's span (feature `tracing`): one `mileston.request` span per
//! call of a handle's method, around every attempt, with what an operator
//! needs and nothing a secret could hide in:
//!
//! - `service` (`invoice`, `checkout`, `wallet`, ...), `operation` (the
//!   handle's method, `get_invoice`), `method` (`GET`);
//! - `status`: the last answer's HTTP status (absent when none came);
//! - `attempt`: how many times it was sent (retries included);
//! - `latency_ms`: from the first attempt to the last answer or failure;
//! - `error`: `timeout`, `transport` or `decode` when no usable answer came.
//!
//! And a `debug` event per retry (`attempt`, `status` if any, `delay_ms`).
//! Never a URL (IDs, a business name), a header value, a body or an error's
//! text. Without the feature every function here is empty and `tracing` is
//! not built.

use core::future::Future;
use core::time::Duration;

use super::error::Error;
use super::request::Outcome;
use crate::api::Operation;

/// The `error` a span names: the kind only, never the text.
#[cfg_attr(not(feature = "tracing"), allow(dead_code))]
fn error_kind(e: &Error) -> &'static str {
    match e {
        Error::Timeout { .. } => "timeout",
        Error::Transport { .. } => "transport",
        Error::Decode { .. } => "decode",
        _ => "other",
    }
}

/// A request's span, from its first attempt to its outcome.
pub(crate) struct Span {
    #[cfg(feature = "tracing")]
    span: tracing::Span,
    #[cfg(feature = "tracing")]
    start: f64,
}

impl Span {
    /// Opens the span of a call of `op`.
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn open<T>(op: &Operation<T>) -> Span {
        #[cfg(feature = "tracing")]
        {
            let endpoint = op.endpoint;
            let span = tracing::info_span!(
                "mileston.request",
                service = endpoint.service.name(),
                operation = op.name,
                method = endpoint.method.as_str(),
                status = tracing::field::Empty,
                attempt = tracing::field::Empty,
                latency_ms = tracing::field::Empty,
                error = tracing::field::Empty,
            );
            // No clock is read for a span nobody records.
            let start = if span.is_disabled() {
                0.0
            } else {
                super::transport::now_ms()
            };
            Span { span, start }
        }
        #[cfg(not(feature = "tracing"))]
        Span {}
    }

    /// `attempts` run inside the span, so that what the transport logs is
    /// its child.
    pub(crate) fn enter<F: Future>(&self, attempts: F) -> impl Future<Output = F::Output> {
        #[cfg(feature = "tracing")]
        return tracing::Instrument::instrument(attempts, self.span.clone());
        #[cfg(not(feature = "tracing"))]
        attempts
    }

    /// A failed attempt (`status` if an answer came) and the wait before the
    /// next.
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn retrying(&self, attempt: u32, status: Option<u16>, delay: Duration) {
        #[cfg(feature = "tracing")]
        tracing::debug!(
            parent: &self.span,
            attempt,
            status,
            delay_ms = delay.as_millis() as u64,
            "retrying"
        );
    }

    /// Records the outcome after `attempts` attempts.
    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    pub(crate) fn close(&self, outcome: &Outcome, attempts: u32) {
        #[cfg(feature = "tracing")]
        {
            if self.span.is_disabled() {
                return;
            }
            let span = &self.span;
            span.record("attempt", attempts);
            span.record("latency_ms", super::transport::now_ms() - self.start);
            match outcome {
                Outcome::Reply(reply) | Outcome::Unknown(Ok(reply)) => {
                    span.record("status", reply.status)
                }
                Outcome::NoAnswer(no) | Outcome::Unknown(Err(no)) => {
                    span.record("error", error_kind(&no.error))
                }
            };
        }
    }
}
