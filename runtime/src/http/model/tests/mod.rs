//! What the models read and write, natively (the decoder is the same code on
//! wasm): the decoder's acceptances and refusals with the exact text of each
//! (`resources.rs`, `envelopes.rs`), and the exact bytes of each request body
//! (`requests.rs`). The answers are those of docs/wire-protocol.md, as the
//! sandbox writes them, built with `serde_json::json!` for brevity.

mod display;
mod envelopes;
mod requests;
mod resources;

use serde_json::{Value, json};

use super::decode::{Invalid, Model, from_json};

fn link() -> Value {
    json!({
        "paymentLinkId": "pl_1", "amount": "5", "title": "T", "description": null,
        "redirectUrl": "https://example.com", "bannerUrl": "b", "env": "test",
        "subWalletUuid": "sw_1", "subWalletUserName": "customer-1", "status": "PAID",
        "createdAt": "2026-11-28T07:00:00.000Z", "updatedAt": "2026-11-28T07:00:01.000Z",
    })
}

fn invoice() -> Value {
    json!({
        "invoiceId": "inv_1", "amount": "120.50", "itemName": "Plan",
        "customerEmail": "a@example.com", "dueDate": "2026-12-01T00:00:00.000Z",
        "status": "pending", "env": "test", "addPdf": true, "businessName": "Shop",
        "createdAt": "2026-11-28T07:00:00.000Z", "updatedAt": "2026-11-28T07:00:01.000Z",
    })
}

fn recurring() -> Value {
    json!({
        "recurringPaymentId": "rp_1", "amount": "9.99", "subscriptionName": "Pro",
        "subscriberFullName": "A B", "subscriberEmail": "a@example.com",
        "subscriberWalletAddress": "0xabc", "currentPaymentStatus": "unpaid",
        "recurringDate": "2026-12-01T00:00:00.000Z", "recurringInterval": 30, "env": "test",
        "addPdf": true, "businessName": "Shop",
        "createdAt": "2026-11-28T07:00:00.000Z", "updatedAt": "2026-11-28T07:00:01.000Z",
    })
}

fn read<T: Model>(doc: &Value) -> Result<T, Invalid> {
    from_json(doc.to_string().as_bytes())
}

/// The refusal's text, or `"accepted"`.
fn text<T: Model>(doc: &Value) -> String {
    read::<T>(doc)
        .err()
        .map_or("accepted".into(), |e| e.to_string())
}

fn with(mut doc: Value, member: &str, value: Value) -> Value {
    doc[member] = value;
    doc
}

fn without(mut doc: Value, member: &str) -> Value {
    doc.as_object_mut().unwrap().remove(member);
    doc
}
