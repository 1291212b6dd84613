//! Mileston's production origins and the path prefix of each service.
//!
//! A handle talks to these unless pointed elsewhere with `with_base_url`,
//! which sends every service to one origin (a local sandbox serves all five
//! prefixes on one loopback origin).

/// Payment links: `https://payment-service.mileston.co`.
pub const PAYMENT_LINKS_ORIGIN: &str = "https://payment-service.mileston.co";
/// Invoices: `https://invoice-service.mileston.co`.
pub const INVOICES_ORIGIN: &str = "https://invoice-service.mileston.co";
/// Recurring payments: `https://recurring-service.mileston.co`.
pub const RECURRING_PAYMENTS_ORIGIN: &str = "https://recurring-service.mileston.co";
/// Checkout (reading, recording and verifying a payment):
/// `https://checkout-service.mileston.co`.
pub const CHECKOUT_ORIGIN: &str = "https://checkout-service.mileston.co";
/// The wallet API (sub-wallets, payouts, batch payouts, transaction status):
/// `https://user-service.mileston.co`.
pub const WALLET_ORIGIN: &str = "https://user-service.mileston.co";

/// One of the Mileston services a handle talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Service {
    /// Payment links (normal key), prefix `/payment-link`.
    PaymentLinks,
    /// Invoices (normal key), prefix `/invoice`.
    Invoices,
    /// Recurring payments (normal key), prefix `/recurring-payment`.
    RecurringPayments,
    /// Checkout (checkout key), prefix `/checkout`.
    Checkout,
    /// The wallet API (normal key and the wallet signing secret), prefix
    /// `/user`.
    Wallet,
}

impl Service {
    /// Every service.
    pub const ALL: [Service; 5] = [
        Service::PaymentLinks,
        Service::Invoices,
        Service::RecurringPayments,
        Service::Checkout,
        Service::Wallet,
    ];

    /// The service's production origin (scheme and host, no trailing `/`).
    pub const fn production_origin(self) -> &'static str {
        match self {
            Service::PaymentLinks => PAYMENT_LINKS_ORIGIN,
            Service::Invoices => INVOICES_ORIGIN,
            Service::RecurringPayments => RECURRING_PAYMENTS_ORIGIN,
            Service::Checkout => CHECKOUT_ORIGIN,
            Service::Wallet => WALLET_ORIGIN,
        }
    }

    /// The path prefix of the service's API (its `GET /status` is at the
    /// origin, without the prefix).
    pub const fn path_prefix(self) -> &'static str {
        match self {
            Service::PaymentLinks => "/payment-link",
            Service::Invoices => "/invoice",
            Service::RecurringPayments => "/recurring-payment",
            Service::Checkout => "/checkout",
            Service::Wallet => "/user",
        }
    }
}
