//! What the sandbox remembers, and the rules its records follow: each
//! business's payments (the [`Resource`](record::Resource) kinds in
//! [`links`], [`invoices`], [`recurring`]), its wallets ([`wallets`],
//! [`wallet_book`]) and webhooks ([`webhooks`]), what a payment becoming paid
//! sends ([`events`]) and the delivery log ([`deliveries`]), the request log
//! ([`requests`]) and the faults in force, behind one lock ([`Shared`]).
//!
//! This layer knows no HTTP framework: the routes (`routes/`) read and
//! change it, the outbox (`outbox.rs`) writes its deliveries' attempts into
//! it, and nothing here imports either.

pub(crate) mod business;
pub(crate) mod clock;
pub(crate) mod deliveries;
pub(crate) mod error;
pub(crate) mod events;
pub(crate) mod invoices;
pub(crate) mod links;
pub(crate) mod record;
pub(crate) mod recurring;
pub(crate) mod requests;
pub(crate) mod rules;
pub(crate) mod wallet_book;
pub(crate) mod wallets;
pub(crate) mod webhooks;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;

use crate::keys::TENANTS;
use business::{Business, Kept};
use deliveries::{DeliveryLog, Opening, Outgoing};
use error::ApiError;
use events::{Body, Paid};
use record::Record;
use requests::RequestLog;
use wallet_book::WalletBook;
use webhooks::Endpoint;

/// The store of one sandbox, shared by every handler and delivery.
#[derive(Clone)]
pub(crate) struct Shared(Arc<Mutex<Store>>);

impl Shared {
    /// A store with every tenant's business, empty.
    pub(crate) fn new() -> Shared {
        let mut store = Store::default();
        for t in TENANTS {
            store.businesses.insert(t.business_id, Business::default());
        }
        Shared(Arc::new(Mutex::new(store)))
    }

    /// The store; a panic elsewhere never makes it unusable.
    pub(crate) fn lock(&self) -> MutexGuard<'_, Store> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Everything the sandbox remembers.
#[derive(Default)]
pub(crate) struct Store {
    pub(crate) businesses: HashMap<&'static str, Business>,
    ids: Ids,
    transfers: u64,
    /// The faults in force (`POST /__sandbox/faults`).
    pub(crate) faults: Faults,
    /// Requests received on non-`/__sandbox` paths.
    pub(crate) log: RequestLog,
    /// Every business's webhooks, oldest first.
    pub(crate) webhooks: Vec<Endpoint>,
    pub(crate) deliveries: DeliveryLog,
}

impl Store {
    pub(crate) fn business(&mut self, id: &str) -> &mut Business {
        self.businesses.entry(static_business(id)).or_default()
    }

    /// The resource `id` of kind `R` of `business`, or 404.
    pub(crate) fn find<R: Kept>(
        &mut self,
        business: &str,
        id: &str,
    ) -> Result<&mut Record<R>, ApiError> {
        business::find(self.business(business), id)
    }

    /// A business's wallets and transactions, seeded at their first use.
    pub(crate) fn wallet_book(&mut self, business: &str) -> &mut WalletBook {
        self.business(business)
            .wallet
            .get_or_insert_with(|| WalletBook::seeded(business))
    }

    /// A new ID, `<prefix>_000001`, unique across kinds and businesses.
    pub(crate) fn new_id(&mut self, prefix: &str) -> String {
        self.ids.next(prefix)
    }

    /// Registers a webhook for `business` after checking it (`webhooks::add`).
    pub(crate) fn add_webhook(
        &mut self,
        business: &'static str,
        url: &str,
        token: Option<&str>,
        events: Vec<&'static str>,
    ) -> Result<&Endpoint, ApiError> {
        let Store { webhooks, ids, .. } = self;
        webhooks::add(webhooks, || ids.next("wh"), business, url, token, events)
    }

    /// Logs a delivery of `event` with `payload` to every webhook of
    /// `business` that takes it, and gives what the outbox is to send.
    /// Called where the payment became paid.
    pub(crate) fn announce(
        &mut self,
        business: &'static str,
        event: &'static str,
        payload: Paid,
    ) -> Vec<Outgoing> {
        let Ok(body) = serde_json::to_vec(&Body {
            event,
            payload: &payload,
        }) else {
            return Vec::new();
        };
        let Store {
            webhooks,
            deliveries,
            ..
        } = self;
        webhooks
            .iter()
            .filter(|w| w.business == business && w.takes(event))
            .map(|w| Outgoing {
                seq: deliveries.open(Opening {
                    webhook_id: &w.id,
                    business_id: business,
                    url: &w.url,
                    event,
                    payload: &payload,
                }),
                business,
                webhook_id: w.id.clone(),
                uri: w.uri.clone(),
                token: w.token.clone(),
                body: body.clone(),
            })
            .collect()
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

/// The IDs given so far, of every kind.
#[derive(Default)]
pub(crate) struct Ids(u64);

impl Ids {
    /// A new ID, `<prefix>_000001`.
    fn next(&mut self, prefix: &str) -> String {
        self.0 += 1;
        format!("{prefix}_{:06}", self.0)
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
