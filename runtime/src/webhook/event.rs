//! What a webhook delivery says: `{"event": ..., "payload": {...}}`, read by
//! the one decoder (miniserde into optional members, then checked), as a
//! typed [`Event`]. Mileston documents the payload of `paymentlink-paid`
//! only; the three paid events are read alike and leniently, and any other
//! event is kept with its payload as JSON text.

use crate::http::model::decode::{Invalid, Model};

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
    /// The transaction's signature or hash: with the event's kind, what
    /// identifies a payment across Mileston's retries.
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
            Event::InvoicePaid(_) => "invoice-paid",
            Event::PaymentLinkPaid(_) => "paymentlink-paid",
            Event::RecurringPaid(_) => "recurring-paid",
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

    /// A key that is the same for every delivery of one event: Mileston
    /// retries any answer but 200 and sends no delivery ID, so a receiver
    /// must remember the keys it processed and skip the ones it has seen.
    /// It is the event's name and the transaction's signature (for an
    /// unknown event, its name and its payload).
    pub fn dedup_key(&self) -> String {
        match self {
            Event::Unknown { event, payload } => format!("{event}:{payload}"),
            known => format!(
                "{}:{}",
                known.name(),
                known.paid().map_or("", |p| &p.transaction_signature)
            ),
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

impl Model for Event {
    type Wire = WireDelivery;

    fn from_wire(wire: WireDelivery) -> Result<Event, Invalid> {
        let event = wire.event.ok_or(Invalid::Missing {
            member: "event",
            others: &[],
        })?;
        let payload = wire.payload.unwrap_or(miniserde::json::Value::Null);
        let kind = match event.as_str() {
            "invoice-paid" => Event::InvoicePaid,
            "paymentlink-paid" => Event::PaymentLinkPaid,
            "recurring-paid" => Event::RecurringPaid,
            _ => {
                return Ok(Event::Unknown {
                    event,
                    payload: miniserde::json::to_string(&payload),
                });
            }
        };
        // The payload again, as the paid form: a value it read as JSON is
        // JSON, so only a member of the wrong type can refuse it.
        let text = miniserde::json::to_string(&payload);
        let p: WirePaid = miniserde::json::from_str(&text).map_err(|_| Invalid::Shape)?;
        let required = |member, value: Option<String>| {
            value.ok_or(Invalid::Missing {
                member,
                others: &[],
            })
        };
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
