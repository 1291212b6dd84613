//! The delivery log: every webhook delivery the sandbox made or is making,
//! with each attempt's time, status (or why there was none) and the start of
//! the receiver's answer, kept so that a test can see what a receiver was
//! sent and what it said (`GET /__sandbox/deliveries`). It never holds a
//! token: deliveries carry theirs in a header that is not logged, and a
//! receiver's answer is scrubbed of it before it is kept (`outbox.rs`).

use std::collections::VecDeque;
use std::time::Duration;

use axum::extract::State as AppState;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::events::Paid;
use super::store::App;
use crate::extract::QueryArgs;
use crate::outbox::Outcome;
use crate::util::json_response;

/// The most deliveries the log keeps (the oldest go first): a load test's
/// thousands fit, and the sandbox does not grow without bound.
const CAPACITY: usize = 10_000;

/// Where a delivery stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum State {
    /// Attempts remain (one may be under way).
    Pending,
    /// A receiver answered 2xx.
    Delivered,
    /// Every attempt failed.
    Failed,
    /// The webhook was deleted before an attempt succeeded.
    Cancelled,
}

/// One attempt, as it ended.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Attempt {
    /// 1 for the first.
    attempt: u32,
    /// When it started (ISO-8601 UTC, milliseconds).
    at: String,
    duration_ms: u64,
    /// The receiver's status; `null` when it gave none.
    status: Option<u16>,
    /// Why there was no status: a refused connection, a closed one, the
    /// time limit.
    error: Option<String>,
    /// The start of the receiver's answer, scrubbed of the token.
    answer: Option<String>,
    /// Said of a 2xx other than 200 (see [`NOT_200`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'static str>,
}

/// Mileston's docs say to answer 200 and that any other status is retried;
/// whether a 201 or 204 counts is not said. The sandbox takes any 2xx, and
/// says so, rather than retry a receiver that did its job.
const NOT_200: &str = "delivered; Mileston's docs ask receivers for 200 and retry \"a non-200 \
                       status\", so answer 200 to be safe";

impl Attempt {
    pub(crate) fn new(attempt: u32, at: String, took: Duration, outcome: Outcome) -> Attempt {
        let duration_ms = u64::try_from(took.as_millis()).unwrap_or(u64::MAX);
        let (status, error, answer) = match outcome {
            Outcome::Answered(status, answer) => {
                (Some(status), None, Some(answer).filter(|a| !a.is_empty()))
            }
            Outcome::Failed(why) => (None, Some(why), None),
        };
        let note = status.filter(|s| (201..300).contains(s)).map(|_| NOT_200);
        Attempt {
            attempt,
            at,
            duration_ms,
            status,
            error,
            answer,
            note,
        }
    }

    /// Whether the receiver took the delivery (any 2xx).
    pub(crate) fn succeeded(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// One delivery: an event to one webhook.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Delivery {
    /// 1 for the first delivery since start.
    seq: u64,
    webhook_id: String,
    business_id: &'static str,
    url: String,
    event: &'static str,
    /// The payment's ID (the payload's `paymentLinkId`).
    payment_id: String,
    state: State,
    attempts: Vec<Attempt>,
    /// What was sent as `payload`.
    payload: Paid,
}

/// What a new delivery is about.
pub(crate) struct Opening<'a> {
    pub(crate) webhook_id: &'a str,
    pub(crate) business_id: &'static str,
    pub(crate) url: &'a str,
    pub(crate) event: &'static str,
    pub(crate) payload: &'a Paid,
}

/// The log, and counts of every delivery since start by state.
#[derive(Default)]
pub(crate) struct DeliveryLog {
    total: u64,
    pending: u64,
    delivered: u64,
    failed: u64,
    cancelled: u64,
    entries: VecDeque<Delivery>,
}

impl DeliveryLog {
    /// Logs a new, pending delivery and gives its sequence number.
    pub(crate) fn open(&mut self, o: Opening<'_>) -> u64 {
        self.total += 1;
        self.pending += 1;
        if self.entries.len() == CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back(Delivery {
            seq: self.total,
            webhook_id: o.webhook_id.to_owned(),
            business_id: o.business_id,
            url: o.url.to_owned(),
            event: o.event,
            payment_id: o.payload.payment_link_id.clone(),
            state: State::Pending,
            attempts: Vec::new(),
            payload: o.payload.clone(),
        });
        self.total
    }

    fn entry(&mut self, seq: u64) -> Option<&mut Delivery> {
        // Sequence numbers are consecutive: the entry's place is known.
        let first = self.entries.front()?.seq;
        let i = usize::try_from(seq.checked_sub(first)?).ok()?;
        self.entries.get_mut(i)
    }

    pub(crate) fn attempted(&mut self, seq: u64, attempt: Attempt) {
        if let Some(d) = self.entry(seq) {
            d.attempts.push(attempt);
        }
    }

    /// What `GET /__sandbox/deliveries` shows, for the sandbox's unit tests.
    #[cfg(test)]
    pub(crate) fn snapshot(&self) -> serde_json::Value {
        serde_json::json!({
            "pending": self.pending,
            "deliveries": self.entries,
        })
    }

    /// Ends a pending delivery (the counts hold even when its entry is gone).
    pub(crate) fn finish(&mut self, seq: u64, state: State) {
        self.pending = self.pending.saturating_sub(1);
        match state {
            State::Pending => self.pending += 1,
            State::Delivered => self.delivered += 1,
            State::Failed => self.failed += 1,
            State::Cancelled => self.cancelled += 1,
        }
        if let Some(d) = self.entry(seq) {
            d.state = state;
        }
    }
}

/// `?since=SEQ`: only the deliveries after that one.
#[derive(Deserialize)]
pub(crate) struct Since {
    since: Option<u64>,
}

#[derive(Serialize)]
struct LogAnswer<'a> {
    total: u64,
    pending: u64,
    delivered: u64,
    failed: u64,
    cancelled: u64,
    deliveries: Vec<&'a Delivery>,
}

/// `GET /__sandbox/deliveries[?since=SEQ]`: the counts since start, and the
/// logged deliveries, oldest first (at most the last [`CAPACITY`]).
pub(crate) async fn list(AppState(app): AppState<App>, QueryArgs(q): QueryArgs<Since>) -> Response {
    let store = app.lock();
    let log = &store.deliveries;
    let since = q.since.unwrap_or(0);
    json_response(
        StatusCode::OK,
        &LogAnswer {
            total: log.total,
            pending: log.pending,
            delivered: log.delivered,
            failed: log.failed,
            cancelled: log.cancelled,
            deliveries: log.entries.iter().filter(|d| d.seq > since).collect(),
        },
    )
}
