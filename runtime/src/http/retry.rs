//! The request policy between the API layer and the transport: send, and
//! send again after a failure that may be transient (no answer, 429, 5xx) if
//! the request allows it, with backoff and the server's `Retry-After`; all
//! of it inside the request's span (`trace.rs`).

use core::time::Duration;

use super::config::Config;
use super::error::Error;
use super::request::{Reply, Request, Retry};
use super::trace::Span;
use super::transport;

/// Longest computed backoff.
const MAX_BACKOFF: Duration = Duration::from_secs(2);
/// Longest `Retry-After` honoured; a longer one ends the retries.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(10);

/// Sends `request`, retrying it per its policy and the handle's settings,
/// in its span (`trace.rs`). Returns the last answer whatever its status.
pub(crate) async fn execute(config: &Config, request: &Request<'_>) -> Result<Reply, Error> {
    let span = Span::open(request);
    let mut attempts = 0;
    let outcome = span
        .enter(attempt(config, request, &span, &mut attempts))
        .await;
    span.close(&outcome, attempts);
    outcome
}

/// The attempts, counted in `attempts`.
async fn attempt(
    config: &Config,
    request: &Request<'_>,
    span: &Span,
    attempts: &mut u32,
) -> Result<Reply, Error> {
    let mut retry = 0;
    loop {
        let may_retry = request.retry == Retry::Idempotent && retry < config.retries();
        *attempts += 1;
        let (delay, status) = match transport::send(request, config).await {
            Ok(reply) => {
                let transient = reply.status == 429 || (500..=599).contains(&reply.status);
                if !(transient && may_retry) {
                    return Ok(reply);
                }
                let delay = match reply.retry_after {
                    Some(d) if d > MAX_RETRY_AFTER => return Ok(reply),
                    Some(d) => d,
                    None => backoff(config.retry_delay(), retry),
                };
                (delay, Some(reply.status))
            }
            Err(Error::Transport { .. }) if may_retry => {
                (backoff(config.retry_delay(), retry), None)
            }
            Err(e) => return Err(e),
        };
        span.retrying(*attempts, status, delay);
        transport::sleep(delay).await;
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
}
