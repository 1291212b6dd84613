//! Mileston's operations as values, each written once: its endpoint (method
//! and path, from the protocol table in `mileston_config_core::protocol`),
//! what may follow a failed attempt ([`Class`]), and how its answer is read.
//! What one call of it carries besides (the path's IDs, a query, a body) is
//! a [`Call`]. The client sends any operation with one generic function; a
//! handle's method is one line over an operation.
//!
//! The operations live in `backend.rs`, `checkout.rs` and `wallet.rs`, one
//! per call, in the order of `docs/wire-protocol.md`.

use mileston_config_core::ascii::split_once;
use mileston_config_core::protocol::{Endpoint, Kind, Method, STATUS_PATH, Service};

use crate::models::decode::{Context, Invalid};
use crate::models::input::{Body, InputError, check_id, percent_encode};
use crate::models::wallet::requests::Asked;

pub(crate) mod backend;
pub(crate) mod checkout;
pub(crate) mod wallet;

/// What may follow an attempt that failed, and what a lost answer means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    /// Sending it twice does what sending it once does (reads): sent again
    /// after no answer, a 429 or a 5xx, per the handle's settings.
    Read,
    /// Creates or changes something: never sent twice; a lost answer is
    /// reported as such.
    Write,
    /// Moves funds: never sent twice, and any answer that does not prove
    /// what happened (none, a 408, a 5xx, a 2xx that cannot be read) is an
    /// unknown outcome.
    MovesFunds,
}

/// How an operation's 2xx answer is read.
pub(crate) type Read<T> = fn(&[u8], &mut Context) -> Result<T, Invalid>;

/// One of Mileston's operations.
pub(crate) struct Operation<T> {
    /// The handle's method that sends it (`get_invoice`): spans name it.
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub(crate) name: &'static str,
    /// Its method, service and path.
    pub(crate) endpoint: Endpoint,
    /// What may follow a failed attempt.
    pub(crate) class: Class,
    /// `GET /status` at the service's origin: no prefix, no key.
    pub(crate) open: bool,
    /// How its answer is read.
    pub(crate) read: Read<T>,
}

impl<T> Operation<T> {
    /// The operation `name` on `endpoint`: a read when it is a `GET`, a
    /// write otherwise.
    pub(crate) const fn new(name: &'static str, endpoint: Endpoint, read: Read<T>) -> Self {
        Operation {
            name,
            endpoint,
            class: match endpoint.method {
                Method::Get => Class::Read,
                _ => Class::Write,
            },
            open: false,
            read,
        }
    }

    /// The same operation, marked as moving funds.
    pub(crate) const fn moving_funds(mut self) -> Self {
        self.class = Class::MovesFunds;
        self
    }

    /// `GET /status` of `service`.
    pub(crate) const fn status(service: Service, read: Read<T>) -> Self {
        Operation {
            name: "health",
            endpoint: Endpoint {
                service,
                method: Method::Get,
                path: STATUS_PATH,
            },
            class: Class::Read,
            open: true,
            read,
        }
    }

    /// What messages call it: `GET /invoice/{id}`, `GET /status`.
    pub(crate) fn describe(&self) -> String {
        if self.open {
            return format!("GET {STATUS_PATH}");
        }
        self.endpoint.to_string()
    }

    /// The body a call without one sends: `{}` where Mileston's SDKs send it
    /// (the backend SDK's axios sends `{...data}` on a `GET` and a `DELETE`;
    /// every wallet call signs and sends `{}`), nothing elsewhere (the
    /// checkout SDK's `fetch` sends no body on a `GET`).
    pub(crate) fn default_body(&self) -> Option<&'static [u8]> {
        const EMPTY: &[u8] = b"{}";
        let method = self.endpoint.method;
        match self.endpoint.service {
            _ if self.open => None,
            Service::Wallet => Some(EMPTY),
            Service::Checkout => None,
            _ if matches!(method, Method::Get | Method::Delete) => Some(EMPTY),
            _ => None,
        }
    }
}

/// What one call of an operation carries besides the operation itself.
#[derive(Default)]
pub(crate) struct Call<'a> {
    /// The values of the path's placeholders, in order.
    params: Vec<&'a str>,
    /// `?name=value&...`, each value percent-encoded.
    query: Vec<(&'static str, &'a str)>,
    /// The body's bytes, when it has one of its own.
    pub(crate) body: Option<Vec<u8>>,
    /// An extra header (the checkout's `env`).
    pub(crate) header: Option<(&'static str, &'static str)>,
    /// What the answer is read with.
    pub(crate) context: Context,
    /// What a call that moves funds asks for, for its unknown outcome.
    pub(crate) asked: Option<Asked>,
}

impl<'a> Call<'a> {
    /// A call whose path takes `id` (one segment).
    pub(crate) fn id(id: &'a str) -> Call<'a> {
        Call::default().param(id)
    }

    /// The next placeholder's value.
    pub(crate) fn param(mut self, value: &'a str) -> Call<'a> {
        self.params.push(value);
        self
    }

    /// `name=value` in the query.
    pub(crate) fn query(mut self, name: &'static str, value: &'a str) -> Call<'a> {
        self.query.push((name, value));
        self
    }

    /// `body` as the JSON body, after its checks.
    pub(crate) fn json(self, body: &impl Body) -> Result<Call<'a>, InputError> {
        body.check()?;
        Ok(self.bytes(write(body)?))
    }

    /// `bytes` as the body.
    pub(crate) fn bytes(mut self, bytes: Vec<u8>) -> Call<'a> {
        self.body = Some(bytes);
        self
    }

    /// With the header `name: value`.
    pub(crate) fn header(mut self, name: &'static str, value: &'static str) -> Call<'a> {
        self.header = Some((name, value));
        self
    }

    /// A call that moves funds, asking for `asked`.
    pub(crate) fn asking(mut self, asked: Asked) -> Call<'a> {
        self.asked = Some(asked);
        self
    }

    /// The answer is one of `kind`.
    pub(crate) fn kind(mut self, kind: Kind) -> Call<'a> {
        self.context.kind = Some(kind);
        self
    }

    /// The path after the service's prefix, placeholders filled (each
    /// value checked as an ID and percent-encoded as one segment), and the
    /// query.
    pub(crate) fn path(&self, endpoint: &Endpoint) -> Result<String, InputError> {
        let mut out = String::with_capacity(endpoint.path.len() + 32);
        let mut params = self.params.iter();
        // Split, not indexed: an index into a `str` may panic, and its
        // message's formatting would weigh on the checkout page.
        let mut rest = endpoint.path;
        while let Some((before, placeholder)) = split_once(rest, b'{') {
            out.push_str(before);
            rest = split_once(placeholder, b'}').map_or("", |(_, after)| after);
            let value = params.next().copied().unwrap_or_default();
            check_id("id", value)?;
            percent_encode(&mut out, value);
        }
        out.push_str(rest);
        for (i, (name, value)) in self.query.iter().enumerate() {
            out.push(if i == 0 { '?' } else { '&' });
            out.push_str(name);
            out.push('=');
            percent_encode(&mut out, value);
        }
        Ok(out)
    }
}

/// `body` as compact JSON, members in the order its type declares them
/// (Mileston's SDKs' order; a wallet call's signature covers these bytes).
pub(crate) fn write(body: &impl serde::Serialize) -> Result<Vec<u8>, InputError> {
    serde_json::to_vec(body).map_err(|_| InputError::new("body", "cannot be written as JSON"))
}

#[cfg(test)]
mod tests {
    use mileston_config_core::protocol::{backend as b, checkout as c, wallet as w};

    use super::*;

    #[test]
    fn paths_fill_placeholders_and_queries() {
        let link = Kind::PaymentLink;
        for (endpoint, call, path) in [
            (b::get(Kind::Invoice), Call::id("a b/c?d"), "/a%20b%2Fc%3Fd"),
            (
                c::DATA,
                Call::default().param("invoice").param("inv_1"),
                "/data/invoice.get/inv_1",
            ),
            (w::SEND_FUNDS, Call::id("sw 1"), "/sub-wallet/sw%201/send"),
            (
                b::list(link),
                Call::default().query("limit", "5"),
                "/?limit=5",
            ),
            (
                b::create(Kind::Invoice),
                Call::default().query("businessName", "A & B"),
                "/create?businessName=A%20%26%20B",
            ),
        ] {
            assert_eq!(call.path(&endpoint).as_deref(), Ok(path));
        }
        for id in ["", ".", ".."] {
            let refused = Call::id(id).path(&b::delete(Kind::Invoice));
            assert_eq!(refused.map_err(|e| e.field), Err("id"));
        }
    }

    #[test]
    fn classes_follow_the_method_unless_funds_move() {
        let read: Read<()> = |_, _| Ok(());
        assert_eq!(
            Operation::new("", b::get(Kind::Invoice), read).class,
            Class::Read
        );
        for e in [
            b::create(Kind::Invoice),
            b::update(Kind::Invoice),
            b::delete(Kind::Invoice),
        ] {
            assert_eq!(Operation::new("", e, read).class, Class::Write);
        }
        assert_eq!(
            Operation::new("", w::SEND_PAYMENT, read)
                .moving_funds()
                .class,
            Class::MovesFunds
        );
    }
}
