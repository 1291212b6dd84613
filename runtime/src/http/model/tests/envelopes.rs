//! The documents around the resources (the per-kind envelopes, creation
//! answers, status answers, error bodies) and the checkout's address
//! answers.

use serde_json::json;

use super::super::addresses::{CheckoutSubWallet as SubWallet, PaymentWallet};
use super::super::chains::Chain;
use super::super::decode::{Invalid, from_json};
use super::super::envelope::{Created, Data, ErrorMessage, StatusCode};
use super::super::hosted::Hosted;
use super::super::payment::Payment;
use super::super::resources::{Invoice, PaymentLink, RecurringPayment};
use super::super::values::{PaymentKind, PaymentStatus};
use super::{invoice, link, read, recurring, text, with, without};

const MISSING_DATA: &str =
    "missing member `paymentData` (or `invoiceData`, `recurringPaymentData`)";

/// The resource is read under its kind's name, one or a list.
#[test]
fn envelopes_take_each_kinds_name() {
    for name in ["paymentData", "invoiceData", "recurringPaymentData"] {
        let Data(i, _): Data<Invoice> = read(&json!({"statusCode": 200, name: invoice()})).unwrap();
        assert_eq!(i.invoice_id, "inv_1");
        let Data(list, _): Data<Vec<Invoice>> = read(&json!({ name: [invoice()] })).unwrap();
        assert_eq!(list.len(), 1);
    }
    // The first version's names are not Mileston's: refused.
    for name in ["data", "recurringData"] {
        assert_eq!(
            text::<Data<RecurringPayment>>(&json!({ name: recurring() })),
            MISSING_DATA
        );
    }
    // Under two names: the first in that order.
    let Data(l, _): Data<PaymentLink> = read(&json!({
        "invoiceData": with(link(), "title", json!("second")),
        "paymentData": link(),
    }))
    .unwrap();
    assert_eq!(l.title.as_deref(), Some("T"));
    // The hosted page a read or an update gives, under either name.
    for (name, data) in [
        ("paymentLink", "paymentData"),
        ("invoiceLink", "invoiceData"),
    ] {
        let Data(_, url): Data<Invoice> =
            read(&json!({ name: "https://checkout.mileston.co/x/1", data: invoice() })).unwrap();
        assert_eq!(url.as_deref(), Some("https://checkout.mileston.co/x/1"));
    }
    let Data(_, url): Data<Vec<Invoice>> = read(&json!({"invoiceData": []})).unwrap();
    assert_eq!(url, None);
    // The resource's own refusals come through the envelope.
    assert_eq!(
        text::<Data<Invoice>>(&json!({"invoiceData": without(invoice(), "invoiceId")})),
        "missing member `invoiceId`"
    );
}

/// A creation answer's hosted page is `paymentLink` or `invoiceLink`; a
/// recurring payment's answer has none, and none is made up.
#[test]
fn a_creation_answer_has_a_link_except_for_recurring_payments() {
    let created: Created<PaymentLink> = read(&json!({
        "statusCode": 201, "message": "Payment link created",
        "paymentLink": "https://checkout.mileston.co/payment-link/pl_1",
        "paymentData": link(),
    }))
    .unwrap();
    assert_eq!(
        (created.message.as_str(), created.url.as_deref()),
        (
            "Payment link created",
            Some("https://checkout.mileston.co/payment-link/pl_1")
        )
    );
    let created: Created<Invoice> = read(&json!({
        "statusCode": 201, "message": "Invoice created",
        "invoiceLink": "https://checkout.mileston.co/invoice/inv_1", "invoiceData": invoice(),
    }))
    .unwrap();
    assert_eq!(
        created.url.as_deref(),
        Some("https://checkout.mileston.co/invoice/inv_1")
    );
    let created: Created<RecurringPayment> = read(&json!({
        "statusCode": 201, "message": "Recurring payment created",
        "recurringPaymentData": recurring(),
    }))
    .unwrap();
    assert_eq!(created.url, None);
    assert_eq!(created.data.recurring_payment_id, "rp_1");
    let created: Created<Invoice> =
        read(&json!({"invoiceData": invoice(), "message": null})).unwrap();
    assert_eq!((created.message.as_str(), created.url), ("", None));
    assert_eq!(
        text::<Created<Invoice>>(&json!({"message": "created", "invoiceLink": "u"})),
        MISSING_DATA
    );
}

/// A resource's hosted page: the answer's link; else, from Mileston's
/// production services, the page for its ID (percent-encoded as a path
/// segment); else none.
#[test]
fn a_resource_s_hosted_page() {
    let answer = "https://checkout.mileston.co/invoice/inv_1?from=answer";
    let mut i: Invoice = read(&invoice()).unwrap();
    assert_eq!(i.checkout_url, None, "set by the handle");
    for (link, production, expected) in [
        (Some(answer), true, Some(answer)),
        (Some(answer), false, Some(answer)),
        (
            None,
            true,
            Some("https://checkout.mileston.co/invoice/inv_1"),
        ),
        (None, false, None),
    ] {
        i.set_checkout_url(link.map(str::to_owned), production);
        assert_eq!(i.checkout_url.as_deref(), expected);
    }
    let mut l: PaymentLink = read(&with(link(), "paymentLinkId", json!("pl 1/2"))).unwrap();
    l.set_checkout_url(None, true);
    assert_eq!(
        l.checkout_url.as_deref(),
        Some("https://checkout.mileston.co/payment-link/pl%201%2F2")
    );
    let mut r: RecurringPayment = read(&recurring()).unwrap();
    r.set_checkout_url(None, true);
    assert_eq!(
        r.checkout_url.as_deref(),
        Some("https://checkout.mileston.co/recurring-payment/rp_1")
    );
    let mut p = Payment::Recurring(r);
    p.set_checkout_url(None, false);
    assert_eq!(p.checkout_url(), None);
}

/// The checkout reads the kind's envelope and converts it as the kind asked
/// for: an answer of another kind misses that kind's ID.
#[test]
fn a_payment_is_read_as_its_kind() {
    for (kind, answer, id, status, url) in [
        (
            PaymentKind::Invoice,
            json!({"statusCode": 200, "message": "Payment retrieved",
                "invoiceLink": "https://checkout.mileston.co/invoice/inv_1",
                "invoiceData": invoice()}),
            "inv_1",
            Some(PaymentStatus::Pending),
            Some("https://checkout.mileston.co/invoice/inv_1"),
        ),
        (
            PaymentKind::PaymentLink,
            json!({"statusCode": 200, "message": "Payment retrieved",
                "paymentLink": "https://checkout.mileston.co/payment-link/pl_1",
                "paymentData": link()}),
            "pl_1",
            Some(PaymentStatus::Paid),
            Some("https://checkout.mileston.co/payment-link/pl_1"),
        ),
        (
            PaymentKind::Recurring,
            json!({"statusCode": 200, "message": "Payment retrieved",
                "recurringPaymentData": recurring()}),
            "rp_1",
            Some(PaymentStatus::Pending),
            None,
        ),
        (
            PaymentKind::PaymentLink,
            json!({"paymentData": without(link(), "status")}),
            "pl_1",
            None,
            None,
        ),
    ] {
        let (p, link) = Payment::from_json(kind, answer.to_string().as_bytes()).unwrap();
        assert_eq!((p.kind(), p.id(), p.status()), (kind, id, status));
        assert_eq!(link.as_deref(), url);
        assert_eq!(p.is_paid(), status == Some(PaymentStatus::Paid));
    }
    let answer = json!({"paymentData": link()}).to_string();
    assert_eq!(
        Payment::from_json(PaymentKind::Invoice, answer.as_bytes())
            .unwrap_err()
            .to_string(),
        "missing member `invoiceId`"
    );
    assert_eq!(
        Payment::from_json(PaymentKind::Recurring, b"{\"data\":{}}")
            .unwrap_err()
            .to_string(),
        MISSING_DATA
    );
    assert_eq!(
        Payment::from_json(PaymentKind::Recurring, b"{\"recurringPaymentData\":[]}").unwrap_err(),
        Invalid::Shape
    );
}

/// A save's and a verification's answers: only their `statusCode` is read.
#[test]
fn status_answers() {
    for (body, code) in [
        (
            r#"{"statusCode":200,"message":"Payment verified"}"#,
            Some(200),
        ),
        (r#"{"statusCode":201,"message":"Payment saved"}"#, Some(201)),
        (r#"{"message":"ok"}"#, None),
    ] {
        let StatusCode(read) = from_json(body.as_bytes()).unwrap();
        assert_eq!(read, code, "{body}");
    }
    assert_eq!(
        from_json::<StatusCode>(br#"{"statusCode":"200"}"#).err(),
        Some(Invalid::Shape)
    );
}

#[test]
fn the_checkouts_addresses() {
    let w: PaymentWallet = read(&json!({"statusCode": 200,
        "message": "Payment wallet retrieved", "publicKey": "0xdeposit"}))
    .unwrap();
    assert_eq!(w.public_key, "0xdeposit");
    assert_eq!(
        text::<PaymentWallet>(&json!({"statusCode": 200})),
        "missing member `publicKey`"
    );

    let s: SubWallet = read(
        &json!({"statusCode": 200, "message": "Sub-wallet retrieved",
        "data": {"type": "all", "address": {"eth": "0xe", "sui": "0xs", "tron": "T1"},
            "balance": "0", "balances": {"eth": "1.5"}}}),
    )
    .unwrap();
    assert_eq!(
        (
            s.address(Chain::Eth),
            s.address(Chain::Sui),
            s.address(Chain::Solana),
            s.addresses.get("tron").map(String::as_str),
            s.kind.as_deref(),
            s.balance.as_deref(),
            s.balances.get("eth").map(String::as_str),
        ),
        (
            Some("0xe"),
            Some("0xs"),
            None,
            Some("T1"),
            Some("all"),
            Some("0"),
            Some("1.5")
        )
    );
    let s: SubWallet = read(&json!({"data": {"address": {}}})).unwrap();
    assert!(s.addresses.is_empty() && s.balances.is_empty() && s.kind.is_none());
    assert_eq!(
        text::<SubWallet>(&json!({"statusCode": 200})),
        "missing member `data`"
    );
    assert_eq!(
        text::<SubWallet>(&json!({"data": {"type": "all"}})),
        "missing member `address`"
    );
    assert_eq!(
        text::<SubWallet>(&json!({"data": {"address": {"eth": 1}}})),
        "not JSON of the expected shape"
    );
}

/// The error body's message: only an object with a text member has one
/// (the message rules are tested with the status error in `response.rs`).
#[test]
fn error_bodies_never_fail() {
    for body in [
        "",
        "[1]",
        "{\"message\":{\"a\":[1,{}]}}",
        "{\"message\":[[\"x\"],{}]}",
    ] {
        let message = from_json::<ErrorMessage>(body.as_bytes())
            .ok()
            .and_then(|m| m.0);
        assert_eq!(message, None, "{body}");
    }
    let m = from_json::<ErrorMessage>(
        br#"{"message":"Still awaiting payment","error":"Bad Request","statusCode":400}"#,
    )
    .unwrap();
    assert_eq!(m.0.as_deref(), Some("Still awaiting payment"));
}
