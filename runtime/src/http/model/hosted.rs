//! A resource's hosted checkout page: the page on Mileston's checkout site
//! where a customer pays it (`checkout_url` on each resource). One rule, for
//! every answer that carries a resource:
//!
//! 1. the answer's own link (`paymentLink`, `invoiceLink`: creations, reads
//!    and updates of payment links and invoices carry one), as Mileston wrote
//!    it: the server's word wins, should its pages ever move;
//! 2. otherwise, for a handle that talks to Mileston's production services,
//!    the page Mileston's pattern gives for the resource's ID,
//!    `https://checkout.mileston.co/{payment-link|invoice|recurring-payment}/<id>`
//!    (Mileston's docs' hosted links and its SDK's `PayButton` page types;
//!    the answers' links follow it): lists carry no link, nor do any
//!    recurring payment's answers;
//! 3. otherwise `None`: a handle with a base URL (a sandbox, a proxy) talks
//!    to a service whose pages the client cannot know, so none is made up.

use super::payment::Payment;
use super::resources::{Invoice, PaymentLink, RecurringPayment};
use crate::http::request::percent_encode;

/// Where Mileston's hosted checkout pages are.
const CHECKOUT_SITE: &str = "https://checkout.mileston.co";

/// A resource that has a hosted checkout page.
pub(crate) trait Hosted {
    /// Its kind's path on the checkout site.
    const PAGE: &'static str;
    /// Its ID.
    fn id(&self) -> &str;
    /// Its `checkout_url`.
    fn checkout_url_mut(&mut self) -> &mut Option<String>;

    /// Sets `checkout_url` by the rule above, from the answer's `link` and
    /// whether the handle talks to Mileston's production services.
    fn set_checkout_url(&mut self, link: Option<String>, production: bool) {
        let url = link.or_else(|| production.then(|| page(Self::PAGE, self.id())));
        *self.checkout_url_mut() = url;
    }
}

/// `CHECKOUT_SITE/page/id`, the ID as one path segment.
fn page(page: &str, id: &str) -> String {
    let mut url = String::with_capacity(CHECKOUT_SITE.len() + page.len() + id.len() + 2);
    url.push_str(CHECKOUT_SITE);
    url.push('/');
    url.push_str(page);
    url.push('/');
    percent_encode(&mut url, id);
    url
}

impl Hosted for PaymentLink {
    const PAGE: &'static str = "payment-link";
    fn id(&self) -> &str {
        &self.payment_link_id
    }
    fn checkout_url_mut(&mut self) -> &mut Option<String> {
        &mut self.checkout_url
    }
}

impl Hosted for Invoice {
    const PAGE: &'static str = "invoice";
    fn id(&self) -> &str {
        &self.invoice_id
    }
    fn checkout_url_mut(&mut self) -> &mut Option<String> {
        &mut self.checkout_url
    }
}

impl Hosted for RecurringPayment {
    const PAGE: &'static str = "recurring-payment";
    fn id(&self) -> &str {
        &self.recurring_payment_id
    }
    fn checkout_url_mut(&mut self) -> &mut Option<String> {
        &mut self.checkout_url
    }
}

impl Payment {
    /// Sets its resource's `checkout_url` by the rule above.
    pub(crate) fn set_checkout_url(&mut self, link: Option<String>, production: bool) {
        match self {
            Payment::Invoice(p) => p.set_checkout_url(link, production),
            Payment::PaymentLink(p) => p.set_checkout_url(link, production),
            Payment::Recurring(p) => p.set_checkout_url(link, production),
        }
    }
}
