//! What one business has: its payments of each kind and its wallets; and
//! [`Kept`], which says where each kind of payment is kept in it (so the
//! records themselves know nothing of the store).

use super::error::ApiError;
use super::invoices::Invoice;
use super::links::PaymentLink;
use super::record::{Record, Resource, not_found};
use super::recurring::Recurring;
use super::wallet_book::WalletBook;

/// One business's resources, oldest first.
#[derive(Default)]
pub(crate) struct Business {
    pub(crate) links: Vec<Record<PaymentLink>>,
    pub(crate) invoices: Vec<Record<Invoice>>,
    pub(crate) recurring: Vec<Record<Recurring>>,
    /// The wallet API's wallets and transactions, seeded at first use.
    pub(crate) wallet: Option<WalletBook>,
}

/// A kind of payment a business keeps.
pub(crate) trait Kept: Resource {
    /// This kind's resources of one business, oldest first.
    fn all(b: &mut Business) -> &mut Vec<Record<Self>>;
}

impl Kept for PaymentLink {
    fn all(b: &mut Business) -> &mut Vec<Record<Self>> {
        &mut b.links
    }
}

impl Kept for Invoice {
    fn all(b: &mut Business) -> &mut Vec<Record<Self>> {
        &mut b.invoices
    }
}

impl Kept for Recurring {
    fn all(b: &mut Business) -> &mut Vec<Record<Self>> {
        &mut b.recurring
    }
}

/// The resource `id` of `business`, or 404 (also when it belongs to another business).
pub(crate) fn find<'a, R: Kept>(
    b: &'a mut Business,
    id: &str,
) -> Result<&'a mut Record<R>, ApiError> {
    R::all(b)
        .iter_mut()
        .find(|r| r.id() == id)
        .ok_or_else(|| not_found::<R>(id))
}
