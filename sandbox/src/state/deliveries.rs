//! The delivery log: every webhook delivery the sandbox made or is making,
//! with each attempt's time, status (or why there was none) and the start of
//! the receiver's answer, kept so that a test can see what a receiver was
//! sent and what it said (`GET /__sandbox/deliveries`, each business seeing
//! its own); and [`Outgoing`], what the outbox is handed to send. The log never
//! holds a secret: deliveries carry their token in a header that is not
//! logged, and a receiver's answer is scrubbed of the business's secrets
//! before it is kept (`outbox.rs`).

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use http::Uri;
use serde::Serialize;

use super::events::Paid;
use super::webhooks::Token;
use crate::keys::TENANTS;

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

/// What one attempt came to.
pub(crate) enum Outcome {
    /// The receiver answered: its status and the start of its answer.
    Answered(u16, String),
    /// No answer: why, in the sandbox's words.
    Failed(String),
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
    /// The start of the receiver's answer, scrubbed of the secrets.
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
    /// 1 for the first delivery since start (of any business).
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

/// One business's deliveries since start, by state.
#[derive(Clone, Copy, Default, Serialize)]
pub(crate) struct Counts {
    total: u64,
    pending: u64,
    delivered: u64,
    failed: u64,
    cancelled: u64,
}

/// The log, and each business's counts since start.
#[derive(Default)]
pub(crate) struct DeliveryLog {
    /// Deliveries since start, of every business: the last one's `seq`.
    opened: u64,
    counts: HashMap<&'static str, Counts>,
    entries: VecDeque<Delivery>,
}

/// What one business sees of the log: its counts since start, and its
/// logged deliveries after a sequence number, oldest first.
#[derive(Serialize)]
pub(crate) struct View<'a> {
    #[serde(flatten)]
    counts: Counts,
    deliveries: Vec<&'a Delivery>,
}

impl DeliveryLog {
    /// Logs a new, pending delivery and gives its sequence number.
    pub(crate) fn open(&mut self, o: Opening<'_>) -> u64 {
        self.opened += 1;
        let counts = self.counts.entry(o.business_id).or_default();
        counts.total += 1;
        counts.pending += 1;
        if self.entries.len() == CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back(Delivery {
            seq: self.opened,
            webhook_id: o.webhook_id.to_owned(),
            business_id: o.business_id,
            url: o.url.to_owned(),
            event: o.event,
            payment_id: o.payload.payment_link_id.clone(),
            state: State::Pending,
            attempts: Vec::new(),
            payload: o.payload.clone(),
        });
        self.opened
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

    /// Ends a pending delivery of `business` (the counts hold even when its
    /// entry is gone).
    pub(crate) fn finish(&mut self, seq: u64, business: &'static str, state: State) {
        let counts = self.counts.entry(business).or_default();
        counts.pending = counts.pending.saturating_sub(1);
        match state {
            State::Pending => counts.pending += 1,
            State::Delivered => counts.delivered += 1,
            State::Failed => counts.failed += 1,
            State::Cancelled => counts.cancelled += 1,
        }
        if let Some(d) = self.entry(seq) {
            d.state = state;
        }
    }

    /// What `business` sees: its counts, its deliveries after `since`.
    pub(crate) fn view(&self, business: &str, since: u64) -> View<'_> {
        View {
            counts: self.counts.get(business).copied().unwrap_or_default(),
            deliveries: self
                .entries
                .iter()
                .filter(|d| d.business_id == business && d.seq > since)
                .collect(),
        }
    }
}

/// One delivery to send: a body to one webhook of `business`, as logged
/// under `seq`.
pub(crate) struct Outgoing {
    pub(crate) seq: u64,
    pub(crate) business: &'static str,
    pub(crate) webhook_id: String,
    pub(crate) uri: Uri,
    pub(crate) token: Token,
    pub(crate) body: Vec<u8>,
}

impl Outgoing {
    /// What a receiver's answer must never bring into the log: the
    /// webhook's token and every secret of its business.
    pub(crate) fn secrets(&self) -> Vec<&str> {
        let mut secrets = vec![self.token.expose()];
        if let Some(t) = TENANTS.iter().find(|t| t.business_id == self.business) {
            secrets.extend([t.api_key, t.checkout_key, t.wallet_secret, t.webhook_token]);
        }
        secrets
    }
}
