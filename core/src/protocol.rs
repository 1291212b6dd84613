//! What Mileston's API is, written down once: its services (origin and path
//! prefix), the three kinds of payment and every name that identifies one
//! (ID member, data member, link member, hosted page, checkout pattern, paid
//! event), the endpoints (method and path), the header names, and the one
//! rule between a key's mode and the `env` Mileston writes.
//!
//! The client (`mileston-config`), the CLI (`webhook send`) and the sandbox's
//! routes read these; each keeps its own behaviour and its own types.
//! `docs/wire-protocol.md` says where each name comes from, and the byte
//! comparison with Mileston's own SDKs (`tests/test_sdk_bytes.rs`) is the
//! judge of them.

use core::fmt;

use crate::key::KeyMode;

// ---------------------------------------------------------------- services

/// One of Mileston's services: an origin, and a prefix under which its API
/// lives (its `GET /status` is at the origin, without the prefix).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Service {
    /// Payment links (normal key).
    PaymentLinks,
    /// Invoices (normal key).
    Invoices,
    /// Recurring payments (normal key).
    RecurringPayments,
    /// Checkout: reading, recording and verifying a payment (checkout key).
    Checkout,
    /// The wallet API: payouts and sub-wallets (normal key and the signing
    /// secret).
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

    /// The production origin: scheme and host, no trailing `/`.
    pub const fn origin(self) -> &'static str {
        match self {
            Service::PaymentLinks => "https://payment-service.mileston.co",
            Service::Invoices => "https://invoice-service.mileston.co",
            Service::RecurringPayments => "https://recurring-service.mileston.co",
            Service::Checkout => "https://checkout-service.mileston.co",
            Service::Wallet => "https://user-service.mileston.co",
        }
    }

    /// The prefix of the service's API: `/invoice`, `/checkout`, `/user`...
    pub const fn prefix(self) -> &'static str {
        match self {
            Service::PaymentLinks => "/payment-link",
            Service::Invoices => "/invoice",
            Service::RecurringPayments => "/recurring-payment",
            Service::Checkout => "/checkout",
            Service::Wallet => "/user",
        }
    }

    /// A short name for logs and spans: the prefix without its `/`, except
    /// the wallet API's (`wallet`, not `user`).
    pub const fn name(self) -> &'static str {
        match self {
            Service::PaymentLinks => "payment-link",
            Service::Invoices => "invoice",
            Service::RecurringPayments => "recurring-payment",
            Service::Checkout => "checkout",
            Service::Wallet => "wallet",
        }
    }
}

/// Every service's health, at its origin (no prefix, no key).
pub const STATUS_PATH: &str = "/status";

/// Where Mileston's hosted checkout pages are: a resource's page is
/// `HOSTED_PAGES/<page>/<id>` ([`KindRow::hosted_page`]).
pub const HOSTED_PAGES: &str = "https://checkout.mileston.co";

// ---------------------------------------------------------------- kinds

/// The three kinds of payment: each is a backend service's resource, a
/// checkout pattern and a paid event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Kind {
    /// A payment link (paid any number of times).
    PaymentLink,
    /// An invoice.
    Invoice,
    /// A recurring payment.
    Recurring,
}

/// Everything that names one kind of payment on the wire.
#[derive(Debug, PartialEq, Eq)]
pub struct KindRow {
    /// The kind.
    pub kind: Kind,
    /// The backend service that creates and keeps it.
    pub service: Service,
    /// What it is called in messages: `payment link`.
    pub noun: &'static str,
    /// The member that holds its ID, in resources and update bodies:
    /// `paymentLinkId`.
    pub id_member: &'static str,
    /// The envelope member that holds the resource (or a list of them):
    /// `paymentData`.
    pub data_member: &'static str,
    /// The envelope member with its hosted page, for kinds whose answers
    /// carry one: `paymentLink`.
    pub link_member: Option<&'static str>,
    /// Its hosted page's path on [`HOSTED_PAGES`]: `payment-link`.
    pub hosted_page: &'static str,
    /// Its name in checkout paths (`/checkout/data/<pattern>.get/{id}`):
    /// `paymentlink`.
    pub checkout_pattern: &'static str,
    /// The webhook event sent when one is paid: `paymentlink-paid`.
    pub paid_event: &'static str,
    /// Whether its create call names the business (`?businessName=`).
    pub create_names_business: bool,
    /// The prefix of the IDs the sandbox gives it (`pl_000001`); Mileston's
    /// own IDs have no documented form.
    pub sandbox_id_prefix: &'static str,
}

const PAYMENT_LINK: KindRow = KindRow {
    kind: Kind::PaymentLink,
    service: Service::PaymentLinks,
    noun: "payment link",
    id_member: "paymentLinkId",
    data_member: "paymentData",
    link_member: Some("paymentLink"),
    hosted_page: "payment-link",
    checkout_pattern: "paymentlink",
    paid_event: "paymentlink-paid",
    create_names_business: false,
    sandbox_id_prefix: "pl",
};

const INVOICE: KindRow = KindRow {
    kind: Kind::Invoice,
    service: Service::Invoices,
    noun: "invoice",
    id_member: "invoiceId",
    data_member: "invoiceData",
    link_member: Some("invoiceLink"),
    hosted_page: "invoice",
    checkout_pattern: "invoice",
    paid_event: "invoice-paid",
    create_names_business: true,
    sandbox_id_prefix: "inv",
};

const RECURRING: KindRow = KindRow {
    kind: Kind::Recurring,
    service: Service::RecurringPayments,
    noun: "recurring payment",
    id_member: "recurringPaymentId",
    data_member: "recurringPaymentData",
    // Mileston's recurring answers carry no link (its SDK's types have none).
    link_member: None,
    hosted_page: "recurring-payment",
    checkout_pattern: "recurring",
    paid_event: "recurring-paid",
    create_names_business: true,
    sandbox_id_prefix: "rec",
};

/// Every kind's row, in the order answers are searched for a data member.
pub const KINDS: [&KindRow; 3] = [&PAYMENT_LINK, &INVOICE, &RECURRING];

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 3] = [Kind::PaymentLink, Kind::Invoice, Kind::Recurring];

    /// Its row.
    pub const fn row(self) -> &'static KindRow {
        match self {
            Kind::PaymentLink => &PAYMENT_LINK,
            Kind::Invoice => &INVOICE,
            Kind::Recurring => &RECURRING,
        }
    }

    /// The kind whose checkout pattern is `pattern`.
    pub fn from_pattern(pattern: &str) -> Option<Kind> {
        KINDS
            .iter()
            .find(|r| r.checkout_pattern == pattern)
            .map(|r| r.kind)
    }

    /// The kind whose paid event is `event` (exactly as Mileston writes it).
    pub fn from_paid_event(event: &str) -> Option<Kind> {
        KINDS.iter().find(|r| r.paid_event == event).map(|r| r.kind)
    }
}

/// The data members of every kind, in [`KINDS`] order: an answer names its
/// resource under its kind's member.
pub const DATA_MEMBERS: [&str; 3] = [
    PAYMENT_LINK.data_member,
    INVOICE.data_member,
    RECURRING.data_member,
];

// ---------------------------------------------------------------- endpoints

/// An HTTP method the API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// `GET`, `POST`, `PATCH` or `DELETE`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// One endpoint: a method and a path under a service's prefix. In a path,
/// `{...}` stands for one segment (or, in `{pattern}.get`, part of one) that
/// the caller fills in: `{id}`, `{uuid}`, `{pattern}` (a kind's checkout
/// pattern), `{type}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Endpoint {
    /// The service, whose origin and prefix come first.
    pub service: Service,
    /// The method.
    pub method: Method,
    /// The path after the service's prefix (`/{id}`); the list's is `/`,
    /// which axios writes between the prefix and `?limit=N`.
    pub path: &'static str,
}

impl Endpoint {
    const fn new(service: Service, method: Method, path: &'static str) -> Endpoint {
        Endpoint {
            service,
            method,
            path,
        }
    }
}

/// As `docs/wire-protocol.md` names it: `GET /invoice/{id}`.
impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}{}",
            self.method.as_str(),
            self.service.prefix(),
            self.path
        )
    }
}

/// The five calls every backend service has, for the kind it keeps.
pub mod backend {
    use super::{Endpoint, Kind, Method};

    /// `POST /create` (`?businessName=NAME` where the kind names it).
    pub const fn create(kind: Kind) -> Endpoint {
        Endpoint::new(kind.row().service, Method::Post, "/create")
    }
    /// `GET /{id}`.
    pub const fn get(kind: Kind) -> Endpoint {
        Endpoint::new(kind.row().service, Method::Get, "/{id}")
    }
    /// `GET /?limit=N`.
    pub const fn list(kind: Kind) -> Endpoint {
        Endpoint::new(kind.row().service, Method::Get, "/")
    }
    /// `PATCH /update`, the ID in the body under the kind's ID member.
    pub const fn update(kind: Kind) -> Endpoint {
        Endpoint::new(kind.row().service, Method::Patch, "/update")
    }
    /// `DELETE /delete/{id}`.
    pub const fn delete(kind: Kind) -> Endpoint {
        Endpoint::new(kind.row().service, Method::Delete, "/delete/{id}")
    }
}

/// The checkout service's calls, as Mileston's checkout SDK makes them.
pub mod checkout {
    use super::{Endpoint, Method, Service};

    const fn at(method: Method, path: &'static str) -> Endpoint {
        Endpoint::new(Service::Checkout, method, path)
    }

    /// A payment of any kind, with its status.
    pub const DATA: Endpoint = at(Method::Get, "/data/{pattern}.get/{id}");
    /// Records a settled payment (`?nativeTokens=T` for a native coin).
    pub const SAVE_PAYMENT: Endpoint = at(Method::Post, "/save-payment/{pattern}.save");
    /// Has a QR-code payment arrived? (The suffix is `.save` here too.)
    pub const VERIFY_PAYMENT: Endpoint = at(Method::Post, "/verify-payment/{pattern}.save");
    /// The deposit address of a QR-code payment: `{type}` is `sui`, `evm`
    /// or `solana` (on `evm`, `?evmChain=&env=&merchant=`).
    pub const PAYMENT_WALLET: Endpoint = at(Method::Get, "/payment-wallet/{type}");
    /// A sub-wallet's addresses (with an `env` header).
    pub const SUB_WALLET: Endpoint = at(Method::Get, "/sub-wallets/{uuid}");
    /// The business's profile (`IGetUser`).
    pub const USER: Endpoint = at(Method::Get, "/user/{id}");
}

/// The wallet API's calls, every one signed.
pub mod wallet {
    use super::{Endpoint, Method, Service};

    const fn at(method: Method, path: &'static str) -> Endpoint {
        Endpoint::new(Service::Wallet, method, path)
    }

    /// A payout from the main wallet (moves funds).
    pub const SEND_PAYMENT: Endpoint = at(Method::Post, "/send-payment");
    /// Several payouts from the main wallet (moves funds).
    pub const BATCH_PAYMENT: Endpoint = at(Method::Post, "/batch-payment");
    /// A payout from a sub-wallet (moves funds).
    pub const SEND_FUNDS: Endpoint = at(Method::Post, "/sub-wallet/{uuid}/send");
    /// A sub-wallet with a UUID Mileston chooses.
    pub const CREATE_SUB_WALLET: Endpoint = at(Method::Post, "/sub-wallet");
    /// A sub-wallet with the caller's UUID.
    pub const CREATE_NEW_SUB_WALLET: Endpoint = at(Method::Post, "/sub-wallet/create");
    /// One sub-wallet.
    pub const GET_SUB_WALLET: Endpoint = at(Method::Get, "/sub-wallet/{uuid}");
    /// Every sub-wallet.
    pub const GET_ALL_SUB_WALLETS: Endpoint = at(Method::Get, "/sub-wallet/all");
    /// The business's own wallets.
    pub const GET_ALL_WALLETS: Endpoint = at(Method::Get, "/all-wallets");
    /// Deletes a sub-wallet.
    pub const DELETE_SUB_WALLET: Endpoint = at(Method::Delete, "/sub-wallet/{uuid}");
    /// Where a transaction stands.
    pub const TRANSACTION_STATUS: Endpoint = at(Method::Get, "/transaction-status/{uuid}");
}

// ---------------------------------------------------------------- headers

/// Header names, as Mileston's SDKs write them (HTTP reads them in any
/// letter case).
pub mod header {
    /// The key (normal or checkout).
    pub const API_KEY: &str = "apikey";
    /// The business ID.
    pub const BUSINESS_ID: &str = "businessid";
    /// The wallet API's signature of the body.
    pub const REQUEST_SIGNATURE: &str = "x-request-signature";
    /// The verification token, on a webhook delivery.
    pub const WEBHOOK_SIGNATURE: &str = "x-webhook-signature";
    /// `test` or `prod`, on the checkout's sub-wallet read.
    pub const ENV: &str = "env";
    /// `Content-Type`, on every request.
    pub const CONTENT_TYPE: &str = "content-type";
    /// The one content type the API speaks.
    pub const JSON: &str = "application/json";
}

// ---------------------------------------------------------------- env

/// `env` as Mileston writes it for a key's mode: `test` for test keys,
/// `prod` for live ones.
pub const fn env_of(mode: KeyMode) -> &'static str {
    match mode {
        KeyMode::Test => "test",
        KeyMode::Live => "prod",
    }
}

/// The mode of an `env` as any answer or delivery writes it: `test` or
/// `prod`, in any ASCII letter case; `None` for anything else (Mileston
/// documents no other value, so nothing else is taken for either mode).
pub fn mode_of_env(env: &str) -> Option<KeyMode> {
    [KeyMode::Test, KeyMode::Live]
        .into_iter()
        .find(|m| env.eq_ignore_ascii_case(env_of(*m)))
}

// ---------------------------------------------------------------- webhooks

/// A webhook delivery's members: `{"event": ..., "payload": {...}}`.
pub mod delivery {
    /// The event's name (`invoice-paid`, ...).
    pub const EVENT: &str = "event";
    /// The event's data.
    pub const PAYLOAD: &str = "payload";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_env_rule_both_ways() {
        for mode in [KeyMode::Test, KeyMode::Live] {
            assert_eq!(mode_of_env(env_of(mode)), Some(mode));
        }
        for (env, mode) in [
            ("test", Some(KeyMode::Test)),
            ("TEST", Some(KeyMode::Test)),
            ("prod", Some(KeyMode::Live)),
            ("PROD", Some(KeyMode::Live)),
            ("Prod", Some(KeyMode::Live)),
            ("live", None),
            ("production", None),
            (" test", None),
            ("", None),
        ] {
            assert_eq!(mode_of_env(env), mode, "{env:?}");
        }
    }

    #[test]
    fn endpoints_read_as_the_wire_protocol_names_them() {
        assert_eq!(backend::get(Kind::Invoice).to_string(), "GET /invoice/{id}");
        assert_eq!(
            backend::list(Kind::PaymentLink).to_string(),
            "GET /payment-link/"
        );
        assert_eq!(
            checkout::DATA.to_string(),
            "GET /checkout/data/{pattern}.get/{id}"
        );
        assert_eq!(
            wallet::SEND_FUNDS.to_string(),
            "POST /user/sub-wallet/{uuid}/send"
        );
    }

    #[test]
    fn every_kind_is_found_by_its_names() {
        for kind in Kind::ALL {
            let row = kind.row();
            assert_eq!(row.kind, kind);
            assert_eq!(Kind::from_pattern(row.checkout_pattern), Some(kind));
            assert_eq!(Kind::from_paid_event(row.paid_event), Some(kind));
            assert!(DATA_MEMBERS.contains(&row.data_member));
        }
        assert_eq!(Kind::from_paid_event("Invoice-Paid"), None);
    }
}
