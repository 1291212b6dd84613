//! What follows an attempt: a pure decision ([`decide`]) from the
//! operation's class and what the attempt came to, tested as a table, and
//! the loop that sends, asks it, waits and sends again (with backoff, or as
//! long as the server's `Retry-After` says), all inside the request's span.

use core::time::Duration;

use super::request::{Lost, Outcome, Request};
use super::settings::Settings;
use super::trace::Span;
use super::transport;
use crate::api::Class;

/// Longest computed backoff.
const MAX_BACKOFF: Duration = Duration::from_secs(2);
/// Longest `Retry-After` honoured; a longer one ends the retries.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(10);

/// What one attempt came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Happened {
    /// An answer with this status (and `Retry-After`, if any).
    Answered(u16, Option<Duration>),
    /// No answer, for this reason.
    NoAnswer(Lost),
}

/// What follows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Next {
    /// The attempt's answer (or error) is the call's.
    Done,
    /// Send it again, after a wait.
    Again(Wait),
    /// Funds may have moved and nothing says whether they did: the outcome
    /// is unknown.
    Unknown,
}

/// The wait before sending again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Wait {
    /// The handle's backoff, doubled at each retry, with jitter.
    Backoff,
    /// What the server asked for.
    After(Duration),
}

/// Whether a status may pass by waiting: 429 and 5xx.
fn transient(status: u16) -> bool {
    status == 429 || (500..=599).contains(&status)
}

/// What follows an attempt of an operation of `class` that came to
/// `happened`, with `retries_left` or not.
///
/// - A read is sent again after no answer (but a timeout: the handle's
///   timeout bounds one attempt, and a retry would multiply it), a 429 or a
///   5xx, while retries are left, after the server's `Retry-After` when it
///   is at most [`MAX_RETRY_AFTER`] (a longer one ends the retries).
/// - A write is never sent again.
/// - A call that moves funds is never sent again, and its outcome is
///   unknown when no answer came after it may have been sent (a lost
///   connection, a timeout), and when the answer is a 408 or a 5xx (a
///   gateway's timeout, a server that failed after acting). A 2xx that
///   cannot be read is unknown too, which `mod.rs` decides when it reads it.
pub(crate) fn decide(class: Class, happened: Happened, retries_left: bool) -> Next {
    use Happened::{Answered, NoAnswer};
    match (class, happened) {
        (Class::MovesFunds, Answered(status, _)) if status == 408 || status >= 500 => Next::Unknown,
        (Class::MovesFunds, NoAnswer(Lost::Connection | Lost::Timeout | Lost::Unreadable)) => {
            Next::Unknown
        }
        (Class::Read, Answered(status, after)) if retries_left && transient(status) => {
            match after {
                Some(d) if d > MAX_RETRY_AFTER => Next::Done,
                Some(d) => Next::Again(Wait::After(d)),
                None => Next::Again(Wait::Backoff),
            }
        }
        (Class::Read, NoAnswer(Lost::NotSent | Lost::Connection)) if retries_left => {
            Next::Again(Wait::Backoff)
        }
        _ => Next::Done,
    }
}

/// Sends `request`, again as [`decide`] says, in its span.
pub(crate) async fn run(
    settings: &Settings,
    class: Class,
    request: &Request<'_>,
    span: &Span,
) -> Outcome {
    let mut attempts = 0;
    let outcome = span
        .enter(attempts_of(settings, class, request, span, &mut attempts))
        .await;
    span.close(&outcome, attempts);
    outcome
}

async fn attempts_of(
    settings: &Settings,
    class: Class,
    request: &Request<'_>,
    span: &Span,
    attempts: &mut u32,
) -> Outcome {
    let mut retry = 0;
    loop {
        *attempts += 1;
        let result = transport::send(request, settings).await;
        let happened = match &result {
            Ok(reply) => Happened::Answered(reply.status, reply.retry_after),
            Err(no) => Happened::NoAnswer(no.lost),
        };
        let wait = match decide(class, happened, retry < settings.retries()) {
            Next::Done => {
                return match result {
                    Ok(reply) => Outcome::Reply(reply),
                    Err(no) => Outcome::NoAnswer(no),
                };
            }
            Next::Unknown => return Outcome::Unknown(result),
            Next::Again(Wait::After(d)) => d,
            Next::Again(Wait::Backoff) => backoff(settings.retry_delay(), retry),
        };
        span.retrying(*attempts, result.ok().map(|r| r.status), wait);
        transport::sleep(wait).await;
        retry += 1;
    }
}

/// The delay before retry number `retry` (from 0): `base` doubled each time
/// up to [`MAX_BACKOFF`], with jitter.
fn backoff(base: Duration, retry: u32) -> Duration {
    let d = base
        .checked_mul(1u32 << retry.min(16))
        .unwrap_or(MAX_BACKOFF)
        .min(MAX_BACKOFF);
    // Jitter: between half and all of it (in whole nanoseconds: `mul_f64`
    // would link float-to-`Duration` conversion and its panics in).
    let half = (d.as_nanos() / 2) as u64;
    Duration::from_nanos(half + (half as f64 * transport::random_unit()) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_stays_within_bounds() {
        let base = Duration::from_millis(200);
        for retry in 0..40 {
            let d = backoff(base, retry);
            assert!(d <= MAX_BACKOFF, "{d:?}");
            assert!(d >= base / 2, "{d:?}");
        }
    }

    /// The whole decision, as a table: class, what happened, retries left
    /// or not, and what follows.
    #[test]
    fn what_follows_an_attempt() {
        use Class::{MovesFunds, Read, Write};
        use Happened::{Answered, NoAnswer};
        use Lost::{Connection, NotSent, Timeout, Unreadable};
        let secs = Duration::from_secs;
        let backoff = Next::Again(Wait::Backoff);
        #[rustfmt::skip]
        let table: &[(Class, Happened, bool, Next)] = &[
            // Reads: sent again while retries are left, after what may pass.
            (Read, Answered(200, None), true, Next::Done),
            (Read, Answered(404, None), true, Next::Done),
            (Read, Answered(408, None), true, Next::Done),
            (Read, Answered(429, None), true, backoff),
            (Read, Answered(503, None), true, backoff),
            (Read, Answered(503, Some(secs(3))), true, Next::Again(Wait::After(secs(3)))),
            (Read, Answered(503, Some(secs(10))), true, Next::Again(Wait::After(secs(10)))),
            (Read, Answered(503, Some(secs(11))), true, Next::Done),
            (Read, Answered(503, None), false, Next::Done),
            (Read, NoAnswer(NotSent), true, backoff),
            (Read, NoAnswer(Connection), true, backoff),
            (Read, NoAnswer(Timeout), true, Next::Done),
            (Read, NoAnswer(Connection), false, Next::Done),
            (Read, NoAnswer(Unreadable), true, Next::Done),
            // Writes: never sent twice, whatever happened.
            (Write, Answered(503, None), true, Next::Done),
            (Write, Answered(429, Some(secs(1))), true, Next::Done),
            (Write, NoAnswer(NotSent), true, Next::Done),
            (Write, NoAnswer(Connection), true, Next::Done),
            (Write, NoAnswer(Timeout), true, Next::Done),
            // Moving funds: never sent twice; unknown unless the answer
            // proves the outcome or nothing was sent.
            (MovesFunds, Answered(200, None), true, Next::Done),
            (MovesFunds, Answered(201, None), true, Next::Done),
            (MovesFunds, Answered(302, None), true, Next::Done),
            (MovesFunds, Answered(400, None), true, Next::Done),
            (MovesFunds, Answered(401, None), true, Next::Done),
            (MovesFunds, Answered(429, Some(secs(1))), true, Next::Done),
            (MovesFunds, Answered(408, None), true, Next::Unknown),
            (MovesFunds, Answered(500, None), true, Next::Unknown),
            (MovesFunds, Answered(502, None), true, Next::Unknown),
            (MovesFunds, Answered(504, None), false, Next::Unknown),
            (MovesFunds, NoAnswer(NotSent), true, Next::Done),
            (MovesFunds, NoAnswer(Connection), true, Next::Unknown),
            (MovesFunds, NoAnswer(Timeout), true, Next::Unknown),
            (MovesFunds, NoAnswer(Unreadable), true, Next::Unknown),
        ];
        for &(class, happened, retries_left, next) in table {
            assert_eq!(
                decide(class, happened, retries_left),
                next,
                "{class:?} {happened:?} retries left: {retries_left}"
            );
        }
    }
}
