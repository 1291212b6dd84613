//! The one error type of the HTTP client, and the guard that keeps keys out
//! of it.

use core::fmt;
use core::time::Duration;

use mileston_config_core::url::BaseUrlError;

use crate::models::date::DateError;
use crate::models::input::InputError;
use crate::models::values::AmountError;
use crate::models::wallet::requests::Asked;

/// Everything that can go wrong with a request. Never contains a key: no
/// header value is kept, and an API message that happens to quote the key has
/// it replaced by `<redacted>`.
///
/// `Display` is the whole message, its cause's words included (`invalid
/// amount: it is empty`; an unknown outcome names its timeout), and
/// [`source()`](std::error::Error::source) is always `None`: a cause is
/// given once, so that an error reporter that prints the chain (anyhow's
/// `{:#}` and `{:?}`, eyre, `tracing`'s error fields) prints each sentence
/// once. The cause itself is in the variant, to match on:
/// [`Error::InvalidAmount`]'s [`AmountError`], [`Error::OutcomeUnknown`]'s
/// `cause`, ...
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status (after retries, for a `GET`),
    /// or, natively, with a redirect (3xx), which the handles' default client
    /// never follows: it would carry the key elsewhere.
    Status {
        /// The HTTP status, e.g. 400, 401, 403, 404, 429, 503.
        status: u16,
        /// The API's `message` (several joined with `; `), or, without one,
        /// its `error` or `status` field, or the empty string.
        message: String,
    },
    /// No answer: the connection could not be made or was lost, or, on
    /// wasm, `fetch` refused a redirect (redirects are never followed: they
    /// would carry the key elsewhere).
    Transport {
        /// What the transport reported (no URL, no header).
        message: String,
    },
    /// No complete answer within the handle's timeout.
    Timeout {
        /// The timeout of one attempt.
        after: Duration,
    },
    /// An answer that is not what the protocol says: a member missing or
    /// refused by its rule (the message names it), a member of the wrong JSON
    /// type or text that is not JSON (the message names the request), a
    /// body over 4 MiB.
    Decode {
        /// The HTTP status of the answer.
        status: u16,
        /// What did not match. Holds nothing of the answer.
        message: String,
    },
    /// A base URL was refused (see [`BaseUrlError`]).
    BaseUrl(BaseUrlError),
    /// An amount was refused before sending.
    InvalidAmount(AmountError),
    /// A date was refused before sending.
    InvalidDate(DateError),
    /// The handle was built without keys (a docs.rs build, or one with
    /// `MILESTON_ALLOW_MISSING_KEYS=1`): nothing is sent.
    NoKeys,
    /// Another input was refused before sending (an empty ID, a list limit
    /// outside 1..=100, a recurring interval outside 1..=3650, ...).
    InvalidInput {
        /// The field, as named on the wire (`limit`, `id`, `recurringInterval`...).
        field: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A call that moves funds (a payout, a sub-wallet's send, a batch) may
    /// have been carried out, and nothing says whether it was: no answer
    /// came after it may have been sent, or the answer proves nothing.
    /// It is never sent again automatically (funds would move twice): find
    /// out from the source wallet's balance before sending it again (the
    /// crate's README shows how, with concurrent payouts).
    OutcomeUnknown {
        /// The call, as docs/wire-protocol.md names it
        /// (`POST /user/send-payment`).
        call: String,
        /// Why the outcome is unknown: no answer ([`Error::Timeout`],
        /// [`Error::Transport`]), an answer that proves nothing
        /// ([`Error::Status`] with a 408 or a 5xx), or a 2xx that cannot be
        /// read ([`Error::Decode`]).
        cause: Box<Error>,
        /// What the call asked for (source, chain, recipients and amounts,
        /// when it was sent): what to reconcile, and what to send again if
        /// nothing moved.
        asked: Option<Box<Asked>>,
    },
}

impl Error {
    /// The HTTP status, for [`Error::Status`] and [`Error::Decode`].
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Status { status, .. } | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether this is an [`Error::Timeout`].
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// Whether this is an [`Error::OutcomeUnknown`]: funds may have moved,
    /// so the call must not simply be made again.
    pub fn is_outcome_unknown(&self) -> bool {
        matches!(self, Error::OutcomeUnknown { .. })
    }

    /// Whether the request was refused before anything was sent:
    /// [`Error::BaseUrl`], [`Error::InvalidAmount`], [`Error::InvalidDate`],
    /// [`Error::InvalidInput`], and [`Error::NoKeys`] (a handle built without
    /// keys). Asking again will not help.
    pub fn is_invalid_input(&self) -> bool {
        matches!(
            self,
            Error::BaseUrl(_)
                | Error::InvalidAmount(_)
                | Error::InvalidDate(_)
                | Error::InvalidInput { .. }
                | Error::NoKeys
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // Statuses as `u32`: `u16`'s `Display` is one more integer
            // printer in a wasm page (~0.2 KB), where `u32`'s is there anyway.
            Error::Status { status, message } if message.is_empty() => {
                let status = u32::from(*status);
                write!(f, "the Mileston API answered HTTP {status}")
            }
            Error::Status { status, message } => {
                let status = u32::from(*status);
                write!(f, "the Mileston API answered HTTP {status}: {message}")
            }
            Error::Transport { message } => {
                write!(f, "could not reach the Mileston API: {message}")
            }
            // In whole milliseconds: `Duration`'s `Debug` would add ~2 KB to a
            // wasm page (BENCHMARKS.md).
            Error::Timeout { after } => {
                let ms = u64::try_from(after.as_millis()).unwrap_or(u64::MAX);
                f.write_str("the Mileston API did not answer within ")?;
                f.write_str(decimal(ms, &mut [0; 20]))?;
                f.write_str(" ms")
            }
            Error::Decode { status, message } => write!(
                f,
                "unexpected answer from the Mileston API (HTTP {}): {message}",
                u32::from(*status)
            ),
            Error::BaseUrl(e) => e.fmt(f),
            Error::InvalidAmount(e) => write!(f, "invalid amount: {e}"),
            Error::InvalidDate(e) => write!(f, "invalid date: {e}"),
            Error::InvalidInput { field, reason } => InputError::new(field, reason).fmt(f),
            Error::NoKeys => f.write_str(
                "this handle was built without Mileston keys (a docs.rs build, or \
                 MILESTON_ALLOW_MISSING_KEYS=1): it cannot make requests; build with the keys set",
            ),
            Error::OutcomeUnknown { call, cause, .. } => write!(
                f,
                "the outcome of `{call}` is unknown ({cause}): it was not sent again, so that \
                 funds never move twice; find out from the source wallet's balance before \
                 sending it again"
            ),
        }
    }
}

/// `n` in decimal, written at the end of `buf`: `u64`'s `Display` is one
/// more integer printer in a wasm page (~0.1 KB gzip), for this message only.
fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &str {
    let mut start = buf.len();
    for slot in buf.iter_mut().rev() {
        *slot = b'0' + (n % 10) as u8;
        start -= 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    core::str::from_utf8(buf.get(start..).unwrap_or_default()).unwrap_or_default()
}

// No `source()`: every variant's `Display` already says its cause (see the
// type's documentation), and a chain that repeats it prints it twice.
impl std::error::Error for Error {}

impl From<BaseUrlError> for Error {
    fn from(e: BaseUrlError) -> Self {
        Error::BaseUrl(e)
    }
}

impl From<AmountError> for Error {
    fn from(e: AmountError) -> Self {
        Error::InvalidAmount(e)
    }
}

impl From<DateError> for Error {
    fn from(e: DateError) -> Self {
        Error::InvalidDate(e)
    }
}

impl From<InputError> for Error {
    fn from(e: InputError) -> Self {
        Error::InvalidInput {
            field: e.field,
            reason: e.reason,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrub_removes_every_piece_of_the_handles_secrets() {
        let key = "Mileston_TEST_FAKEfake0000000000a1";
        let said = |s: &str| mileston_config_core::scrub::scrub(s, &[key]);
        assert_eq!(
            said("bad key Mileston_TEST_FAKEfake0000000000a1"),
            "bad key <redacted>"
        );
        assert_eq!(
            said("bad key mileston_test_fakefake0000000000a1"),
            "bad key <redacted>"
        );
        assert_eq!(said("body FAKEfake0000000000a1"), "body <redacted>");
        assert_eq!(said("cut Mileston_TEST_FAKEfa"), "cut <redacted>");
        assert_eq!(said("no key here"), "no key here");
        assert_eq!(mileston_config_core::scrub::scrub("abc", &[]), "abc");
    }

    #[test]
    fn timeout_reads_in_milliseconds() {
        let e = |after| Error::Timeout { after }.to_string();
        assert_eq!(
            e(Duration::from_millis(1500)),
            "the Mileston API did not answer within 1500 ms"
        );
        assert_eq!(
            e(Duration::from_secs(30)),
            "the Mileston API did not answer within 30000 ms"
        );
        assert_eq!(
            e(Duration::MAX),
            format!("the Mileston API did not answer within {} ms", u64::MAX)
        );
    }

    #[test]
    fn an_unknown_outcome_names_the_call_the_cause_and_the_way_to_find_out() {
        let e = Error::OutcomeUnknown {
            call: "POST /user/batch-payment".into(),
            cause: Box::new(Error::Timeout {
                after: Duration::from_secs(30),
            }),
            asked: None,
        };
        assert_eq!(
            e.to_string(),
            "the outcome of `POST /user/batch-payment` is unknown (the Mileston API did not \
             answer within 30000 ms): it was not sent again, so that funds never move twice; \
             find out from the source wallet's balance before sending it again"
        );
        assert!(e.is_outcome_unknown() && !e.is_timeout() && !e.is_invalid_input());
        // The cause is in the message, so it is not the source too.
        assert!(std::error::Error::source(&e).is_none());
    }

    #[test]
    fn invalid_input_includes_no_keys() {
        assert!(Error::NoKeys.is_invalid_input());
        assert!(
            Error::from(InputError::new("body", "cannot be written as JSON")).is_invalid_input()
        );
        assert!(
            !Error::Timeout {
                after: Duration::ZERO
            }
            .is_invalid_input()
        );
        assert!(
            !Error::Decode {
                status: 200,
                message: String::new()
            }
            .is_invalid_input()
        );
    }
}
