//! [`App`]: what every handler and layer of one sandbox shares (the state,
//! the outbox, when it started), and telling webhooks of a payment.

use std::sync::MutexGuard;
use std::time::Instant;

use crate::outbox::{Outbox, SCHEDULE};
use crate::state::events::{self, Paid};
use crate::state::{Shared, Store};

/// What every handler and layer of one sandbox shares.
#[derive(Clone)]
pub(crate) struct App {
    pub(crate) state: Shared,
    pub(crate) started: Instant,
    /// What webhook deliveries are sent with.
    pub(crate) outbox: Outbox,
    /// This sandbox's number in made-up transactions (`events::instance`).
    pub(crate) instance: u64,
    /// Whether a browser page's request with the normal key is served, with
    /// a warning, rather than refused (`browser.rs`).
    pub(crate) allow_normal_key_from_browsers: bool,
}

impl App {
    pub(crate) fn new(state: Shared, allow_normal_key_from_browsers: bool) -> App {
        App {
            state,
            started: Instant::now(),
            outbox: Outbox::new(SCHEDULE),
            instance: events::instance(),
            allow_normal_key_from_browsers,
        }
    }

    /// The store.
    pub(crate) fn lock(&self) -> MutexGuard<'_, Store> {
        self.state.lock()
    }

    /// Tells the webhooks of `business` that take `event` (with the store
    /// locked, where the payment became paid): each delivery is logged now
    /// and sent in a task of its own once the lock is released.
    pub(crate) fn announce(
        &self,
        store: &mut Store,
        business: &'static str,
        event: &'static str,
        payload: Paid,
    ) {
        for out in store.announce(business, event, payload) {
            self.outbox.send(&self.state, out);
        }
    }
}
