//! What a payment becoming paid sends: the body `{"event": ..., "payload":
//! {...}}` Mileston's docs show, its payload built from the save's
//! `SavePaymentInput` or made up for `/__sandbox/pay`, to every webhook of
//! the payment's business that takes the event (`Store::announce`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use mileston_config_core::protocol::delivery;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::clock::now_iso;
use super::record::{ENV, PAID};
use super::wallets::{Purpose, address};

/// The payload of a paid event: the members of Mileston's documented
/// `paymentlink-paid` payload, in its order, every one a string. The same
/// for every kind of payment (`paymentLinkId` holds an invoice's or a
/// recurring payment's ID too, as in a save).
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Paid {
    pub(crate) payment_link_id: String,
    /// Its members come next, in their order.
    #[serde(flatten)]
    pub(crate) transfer: Transfer,
    /// Always `test`: the sandbox is test mode only (even when a save said
    /// `prod`).
    pub(crate) env: &'static str,
    pub(crate) status: &'static str,
    /// When the payment became paid.
    pub(crate) created_at: String,
}

/// The hex digits every made-up transaction and payer of the sandbox starts
/// with, after `0x`: `fa4e` ("fake") then `5a`, the mark the sandbox's
/// made-up addresses end with (`wallets.rs`).
const FAKE_MARK: &str = "fa4e5a";
/// The chain a `/__sandbox/pay` payment is made on: the one in Mileston's
/// documented example.
const PAY_CHAIN: &str = "pol";

/// What a payment's transfer says: the payload's members that a save
/// carries (Mileston's `SavePaymentInput`), or that `/__sandbox/pay` makes up.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Transfer {
    pub(crate) payer: String,
    pub(crate) recipient_wallet_address: String,
    pub(crate) amount: String,
    #[serde(rename = "userUUID")]
    pub(crate) user_uuid: String,
    pub(crate) transaction_signature: String,
    /// Absent when the save had none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) fee_signature: Option<String>,
    pub(crate) chain: String,
}

impl Paid {
    /// The payload for the payment `payment_id`, paid now by `transfer`.
    pub(crate) fn new(payment_id: &str, transfer: Transfer) -> Paid {
        Paid {
            payment_link_id: payment_id.to_owned(),
            transfer,
            env: ENV,
            status: PAID,
            created_at: now_iso(),
        }
    }
}

impl Transfer {
    /// The transfer of a payment marked paid by `/__sandbox/pay`, which says
    /// nothing of one: a made-up payer, transaction and fee (well-formed EVM
    /// values, unique to this sandbox and number `n`, marked by
    /// [`FAKE_MARK`]), on Polygon to the business's deposit address, of the
    /// amount asked, the business as `userUUID` (a tenant's user UUID is its
    /// business ID).
    pub(crate) fn made_up(instance: u64, n: u64, business: &'static str, amount: &str) -> Transfer {
        Transfer {
            payer: format!("0x{FAKE_MARK}a0{instance:016x}{n:016x}"),
            recipient_wallet_address: address(PAY_CHAIN, Purpose::Deposit, business),
            amount: amount.to_owned(),
            user_uuid: business.to_owned(),
            transaction_signature: format!("0x{FAKE_MARK}7c{instance:016x}{n:040x}"),
            fee_signature: Some(format!("0x{FAKE_MARK}fe{instance:016x}{n:040x}")),
            chain: PAY_CHAIN.to_owned(),
        }
    }
}

/// A number for each sandbox: its start time, mixed with how many sandboxes
/// this process started before it, so that made-up transactions are unique
/// across sandboxes too (a receiver shared by two sandboxes deduplicates on
/// them).
pub(crate) fn instance() -> u64 {
    static STARTED: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let order = STARTED.fetch_add(1, Ordering::Relaxed);
    nanos ^ u64::from(std::process::id()).rotate_left(40) ^ order.rotate_left(20)
}

/// The delivery's body: `{"event":"…","payload":{…}}`, its members named
/// as the protocol's table names them.
pub(crate) struct Body<'a> {
    pub(crate) event: &'static str,
    pub(crate) payload: &'a Paid,
}

impl Serialize for Body<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry(delivery::EVENT, self.event)?;
        map.serialize_entry(delivery::PAYLOAD, self.payload)?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_made_up_payload_has_the_documented_members_in_order_and_marked_values() {
        let paid = Paid::new(
            "pl_000002",
            Transfer::made_up(0x0123_4567_89ab_cdef, 3, "biz_sandbox_0001", "25.00"),
        );
        let text = serde_json::to_string(&Body {
            event: "paymentlink-paid",
            payload: &paid,
        })
        .unwrap();
        let payload = &text[text.find("\"payload\"").unwrap()..];
        let members: Vec<&str> = [
            "paymentLinkId",
            "payer",
            "recipientWalletAddress",
            "amount",
            "userUUID",
            "transactionSignature",
            "feeSignature",
            "chain",
            "env",
            "status",
            "createdAt",
        ]
        .into_iter()
        .filter(|m| payload.contains(&format!("\"{m}\":\"")))
        .collect();
        assert_eq!(members.len(), 11, "{text}");
        let at: Vec<usize> = members
            .iter()
            .map(|m| payload.find(&format!("\"{m}\"")).unwrap())
            .collect();
        assert!(at.is_sorted(), "{text}");
        assert!(text.starts_with(r#"{"event":"paymentlink-paid","payload":{"#));

        let hex = |s: &str, digits: usize| {
            s.strip_prefix("0xfa4e5a").is_some()
                && s.len() == 2 + digits
                && s[2..].bytes().all(|b| b.is_ascii_hexdigit())
        };
        assert!(hex(&paid.transfer.payer, 40), "{}", paid.transfer.payer);
        assert!(hex(&paid.transfer.transaction_signature, 64));
        assert!(hex(paid.transfer.fee_signature.as_deref().unwrap(), 64));
        assert_ne!(
            paid.transfer.transaction_signature,
            *paid.transfer.fee_signature.as_ref().unwrap()
        );
        assert_eq!(
            paid.transfer.recipient_wallet_address,
            address("pol", Purpose::Deposit, "biz_sandbox_0001")
        );
        assert_eq!(
            (paid.env, paid.status, paid.transfer.chain.as_str()),
            ("test", "paid", "pol")
        );
        assert_eq!(
            (
                paid.transfer.amount.as_str(),
                paid.transfer.user_uuid.as_str()
            ),
            ("25.00", "biz_sandbox_0001")
        );
        let other = Transfer::made_up(0x0123_4567_89ab_cdef, 4, "biz_sandbox_0001", "25.00");
        assert_ne!(
            other.transaction_signature,
            paid.transfer.transaction_signature
        );
        assert_ne!(instance(), instance());
    }
}
