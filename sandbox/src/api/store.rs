//! What the sandbox remembers: the businesses' resources, the faults in force,
//! the request log, the webhooks and their deliveries, behind one lock shared
//! by every handler and delivery; and what deliveries are sent with.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use serde::Serialize;

use super::deliveries::DeliveryLog;
use super::invoices::Invoice;
use super::links::PaymentLink;
use super::recurring::Recurring;
use super::wallet_book::WalletBook;
use super::webhooks::Endpoint;
use crate::keys::TENANTS;
use crate::log::RequestLog;
use crate::outbox::{Outbox, SCHEDULE};

/// Shared state of one sandbox.
#[derive(Clone)]
pub(crate) struct App {
    store: Arc<Mutex<Store>>,
    pub(crate) started: Instant,
    /// What webhook deliveries are sent with.
    pub(crate) outbox: Outbox,
    /// This sandbox's number in made-up transactions (`events::instance`).
    pub(crate) instance: u64,
}

/// Everything the sandbox remembers.
#[derive(Default)]
pub(crate) struct Store {
    pub(crate) businesses: HashMap<&'static str, Business>,
    next_id: u64,
    transfers: u64,
    /// The faults in force (`POST /__sandbox/faults`).
    pub(crate) faults: Faults,
    /// Requests received on non-`/__sandbox` paths.
    pub(crate) log: RequestLog,
    /// Every business's webhooks, oldest first.
    pub(crate) webhooks: Vec<Endpoint>,
    pub(crate) deliveries: DeliveryLog,
}

/// One business's resources, oldest first.
#[derive(Default)]
pub(crate) struct Business {
    pub(crate) links: Vec<PaymentLink>,
    pub(crate) invoices: Vec<Invoice>,
    pub(crate) recurring: Vec<Recurring>,
    /// The wallet API's wallets and transactions, seeded at first use.
    pub(crate) wallet: Option<WalletBook>,
}

impl App {
    pub(crate) fn new() -> App {
        let mut store = Store::default();
        for t in TENANTS {
            store.businesses.insert(t.business_id, Business::default());
        }
        App {
            store: Arc::new(Mutex::new(store)),
            started: Instant::now(),
            outbox: Outbox::new(SCHEDULE),
            instance: super::events::instance(),
        }
    }

    /// The store; a panic elsewhere never makes it unusable.
    pub(crate) fn lock(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Store {
    pub(crate) fn business(&mut self, id: &str) -> &mut Business {
        self.businesses.entry(static_business(id)).or_default()
    }

    /// A new ID, `<prefix>_000001`, unique across kinds and businesses.
    pub(crate) fn new_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}_{:06}", self.next_id)
    }

    /// The number of a new made-up transfer (`/__sandbox/pay`); a count of
    /// its own, so that paying leaves the IDs of what is created next as
    /// they were.
    pub(crate) fn next_transfer(&mut self) -> u64 {
        self.transfers += 1;
        self.transfers
    }

    pub(crate) fn webhook_exists(&self, id: &str) -> bool {
        self.webhooks.iter().any(|w| w.id == id)
    }
}

/// The `'static` business ID of a tenant (callers are always tenants).
fn static_business(id: &str) -> &'static str {
    TENANTS
        .iter()
        .map(|t| t.business_id)
        .find(|b| *b == id)
        .unwrap_or("unknown")
}

/// The faults in force; all zero means none.
#[derive(Clone, Copy, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Faults {
    pub(crate) delay_ms: u64,
    pub(crate) fail_next: u32,
    pub(crate) fail_status: u16,
    pub(crate) drop_next: u32,
    pub(crate) truncate_next: u32,
}
