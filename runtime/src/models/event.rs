//! What a webhook delivery says: `{"event": ..., "payload": {...}}`, read by
//! the one decoder (miniserde into optional members, then checked), as a
//! typed [`Event`]. Mileston documents the payload of `paymentlink-paid`
//! only; the three paid events (their names from the protocol table) are
//! read alike and leniently, and any other event is kept with its payload
//! as JSON text. Every event's `env` is read, whatever its name, so that
//! the receiver can refuse one of the other mode.

use mileston_config_core::protocol::Kind;

use super::decode::{Context, Invalid, Model};

/// A webhook event.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// `invoice-paid`.
    InvoicePaid(Paid),
    /// `paymentlink-paid`.
    PaymentLinkPaid(Paid),
    /// `recurring-paid`.
    RecurringPaid(Paid),
    /// An event Mileston did not document (yet), with its payload as JSON
    /// text.
    Unknown {
        /// The `event` member.
        event: String,
        /// The `payload` member, as JSON text (`null` when absent).
        payload: String,
        /// The payload's `env`, when it has one as a string.
        env: Option<String>,
    },
}

/// The payload of a paid event, as Mileston's docs show it (every member a
/// string; absent ones are `None`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Paid {
    /// The payment's ID (`paymentLinkId`, for every kind of payment).
    pub payment_id: Option<String>,
    /// The payer's wallet address.
    pub payer: Option<String>,
    /// The merchant's receiving address.
    pub recipient_wallet_address: Option<String>,
    /// The amount paid, as sent (`"1"`, `"100.00"`).
    pub amount: Option<String>,
    /// The business (`userUUID`).
    pub user_uuid: Option<String>,
    /// The transaction's signature or hash (never empty): with the event's
    /// kind, what identifies a payment across Mileston's retries.
    pub transaction_signature: String,
    /// The fee transaction's signature, when there is one.
    pub fee_signature: Option<String>,
    /// The chain (`pol`, `sui`, `solana`, ...).
    pub chain: Option<String>,
    /// `test` or `prod`: checked against the receiver's mode.
    pub env: String,
    /// `paid`.
    pub status: Option<String>,
    /// When it was paid (ISO-8601).
    pub created_at: Option<String>,
}

impl Event {
    /// The event's name as Mileston sends it.
    pub fn name(&self) -> &str {
        match self {
            Event::InvoicePaid(_) => Kind::Invoice.row().paid_event,
            Event::PaymentLinkPaid(_) => Kind::PaymentLink.row().paid_event,
            Event::RecurringPaid(_) => Kind::Recurring.row().paid_event,
            Event::Unknown { event, .. } => event,
        }
    }

    /// The payload of a paid event.
    pub fn paid(&self) -> Option<&Paid> {
        match self {
            Event::InvoicePaid(p) | Event::PaymentLinkPaid(p) | Event::RecurringPaid(p) => Some(p),
            Event::Unknown { .. } => None,
        }
    }

    /// The event's `env`, as the payload writes it; `None` when it has none.
    pub fn env(&self) -> Option<&str> {
        match self {
            Event::Unknown { env, .. } => env.as_deref(),
            paid => paid.paid().map(|p| p.env.as_str()),
        }
    }

    /// A key that is the same for every delivery of one event, and differs
    /// between two events: Mileston retries any answer but 200 and sends no
    /// delivery ID, so a receiver records the keys it processed (with the
    /// change each made, in one transaction) and skips the ones it has seen.
    ///
    /// It is the event's name and the transaction's signature, an EVM hash
    /// (`0x` and hex digits) in lower case, since the same hash may be
    /// written in either case; for an unknown event, its name and its
    /// payload.
    pub fn dedup_key(&self) -> String {
        match self {
            Event::Unknown { event, payload, .. } => format!("{event}:{payload}"),
            known => {
                let signature = known.paid().map_or("", |p| &p.transaction_signature);
                let hex = signature
                    .strip_prefix("0x")
                    .or(signature.strip_prefix("0X"));
                match hex.filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit())) {
                    Some(_) => format!("{}:{}", known.name(), signature.to_ascii_lowercase()),
                    None => format!("{}:{signature}", known.name()),
                }
            }
        }
    }
}

/// The delivery as miniserde reads it.
#[derive(miniserde::Deserialize)]
pub(crate) struct WireDelivery {
    event: Option<String>,
    payload: Option<miniserde::json::Value>,
}

/// A paid payload as miniserde reads it, members named as on the wire
/// (the derive's own code uses the same names, hence the allowance).
#[allow(non_snake_case)]
mod wire {
    #[derive(miniserde::Deserialize)]
    pub(super) struct WirePaid {
        pub(super) paymentLinkId: Option<String>,
        pub(super) payer: Option<String>,
        pub(super) recipientWalletAddress: Option<String>,
        pub(super) amount: Option<String>,
        pub(super) userUUID: Option<String>,
        pub(super) transactionSignature: Option<String>,
        pub(super) feeSignature: Option<String>,
        pub(super) chain: Option<String>,
        pub(super) env: Option<String>,
        pub(super) status: Option<String>,
        pub(super) createdAt: Option<String>,
    }
}
use wire::WirePaid;

/// A member that must be there and say something.
fn required(member: &'static str, value: Option<String>) -> Result<String, Invalid> {
    match value {
        Some(v) if !v.is_empty() => Ok(v),
        Some(_) => Err(Invalid::Bad {
            member,
            reason: "it is empty",
        }),
        None => Err(Invalid::Missing {
            member,
            others: &[],
        }),
    }
}

impl Model for Event {
    type Wire = WireDelivery;

    fn from_wire(wire: WireDelivery, _: &mut Context) -> Result<Event, Invalid> {
        use miniserde::json::Value;
        let event = required("event", wire.event)?;
        let payload = wire.payload.unwrap_or(Value::Null);
        let kind = match Kind::from_paid_event(&event) {
            Some(Kind::Invoice) => Event::InvoicePaid,
            Some(Kind::PaymentLink) => Event::PaymentLinkPaid,
            Some(Kind::Recurring) => Event::RecurringPaid,
            _ => {
                let env = match &payload {
                    Value::Object(o) => match o.get("env") {
                        Some(Value::String(s)) => Some(s.clone()),
                        _ => None,
                    },
                    _ => None,
                };
                return Ok(Event::Unknown {
                    event,
                    payload: miniserde::json::to_string(&payload),
                    env,
                });
            }
        };
        // The payload again, as the paid form: a value it read as JSON is
        // JSON, so only a member of the wrong type can refuse it.
        let text = miniserde::json::to_string(&payload);
        let p: WirePaid = miniserde::json::from_str(&text).map_err(|_| Invalid::Shape)?;
        Ok(kind(Paid {
            payment_id: p.paymentLinkId,
            payer: p.payer,
            recipient_wallet_address: p.recipientWalletAddress,
            amount: p.amount,
            user_uuid: p.userUUID,
            transaction_signature: required(
                "payload.transactionSignature",
                p.transactionSignature,
            )?,
            fee_signature: p.feeSignature,
            chain: p.chain,
            env: required("payload.env", p.env)?,
            status: p.status,
            created_at: p.createdAt,
        }))
    }
}
