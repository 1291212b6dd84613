//! What the decoder accepts and refuses, and the exact text of each refusal.
//! It is the same code on wasm; these run natively. The documents are those
//! of docs/wire-protocol.md, written with `serde_json::json!` for brevity.

use serde_json::{Value, json};

use super::decode::{Invalid, Model, from_json};
use super::envelope::{Created, Data, ErrorMessage};
use super::payment::Payment;
use super::resources::{Health, Invoice, PaymentLink, RecurringPayment};
use super::values::{PaymentKind, PaymentStatus};

fn link() -> Value {
    json!({
        "paymentLinkId": "pl_1", "amount": "5", "title": "T", "description": null,
        "redirectUrl": "https://example.com", "bannerUrl": "b", "status": "PAID",
        "env": "test", "createdAt": "2026-11-28T07:00:00.000Z",
        "updatedAt": "2026-11-28T07:00:01.000Z",
    })
}

fn invoice() -> Value {
    json!({
        "invoiceId": "inv_1", "amount": "120.50", "itemName": "Plan",
        "customerEmail": "a@example.com", "dueDate": "2026-12-01", "addPdf": true,
        "businessName": "Shop", "status": "pending", "env": "test",
        "createdAt": "2026-11-28T07:00:00.000Z", "updatedAt": "2026-11-28T07:00:01.000Z",
    })
}

fn recurring() -> Value {
    json!({
        "recurringPaymentId": "rp_1", "amount": "9.99", "subscriptionName": "Pro",
        "subscriberFullName": "A B", "subscriberEmail": "a@example.com",
        "recurringDate": "2026-12-01", "recurringInterval": 30, "businessName": "Shop",
        "currentPaymentStatus": "unpaid", "env": "test",
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

#[test]
fn the_protocol_documents_are_read() {
    let l: PaymentLink = read(&link()).unwrap();
    assert_eq!(
        (
            l.payment_link_id.as_str(),
            l.amount.as_str(),
            l.title.as_deref(),
            l.description.as_deref(),
            l.redirect_url.as_deref(),
            l.logo_url.as_deref(),
            l.banner_url.as_deref(),
        ),
        (
            "pl_1",
            "5",
            Some("T"),
            None,
            Some("https://example.com"),
            None,
            Some("b")
        )
    );
    assert_eq!(
        (
            l.status,
            l.env.as_str(),
            l.created_at.as_str(),
            l.updated_at.as_str()
        ),
        (
            PaymentStatus::Paid,
            "test",
            "2026-11-28T07:00:00.000Z",
            "2026-11-28T07:00:01.000Z"
        )
    );

    let i: Invoice = read(&invoice()).unwrap();
    assert_eq!(
        (
            i.invoice_id.as_str(),
            i.amount.as_str(),
            i.item_name.as_str(),
            i.customer_email.as_str(),
            i.due_date.as_str(),
            i.add_pdf,
            i.business_name.as_str(),
            i.status,
            i.env.as_str(),
        ),
        (
            "inv_1",
            "120.50",
            "Plan",
            "a@example.com",
            "2026-12-01",
            true,
            "Shop",
            PaymentStatus::Pending,
            "test"
        )
    );

    let r: RecurringPayment = read(&recurring()).unwrap();
    assert_eq!(
        (
            r.recurring_payment_id.as_str(),
            r.amount.as_str(),
            r.subscription_name.as_str(),
            r.subscriber_full_name.as_str(),
            r.subscriber_email.as_str(),
            r.recurring_date.as_str(),
            r.recurring_interval,
            r.business_name.as_str(),
            r.status,
        ),
        (
            "rp_1",
            "9.99",
            "Pro",
            "A B",
            "a@example.com",
            "2026-12-01",
            30,
            "Shop",
            PaymentStatus::Pending
        )
    );

    let h: Health = read(&json!({"status": "healthy", "service": "checkout",
        "timestamp": "2026-11-28T07:00:00.000Z", "uptime": 12.5}))
    .unwrap();
    assert!(h.is_healthy());
    assert_eq!(
        (h.service.as_str(), h.timestamp.as_str(), h.uptime),
        ("checkout", "2026-11-28T07:00:00.000Z", 12.5)
    );
}

/// A document, how to read it, its required members (in the type's order)
/// and its optional ones.
type Case = (
    Value,
    fn(&Value) -> String,
    &'static [&'static str],
    &'static [&'static str],
);

/// Every required member of every resource, absent or `null`, is named;
/// every optional one may be absent or `null`.
#[test]
fn a_missing_member_is_named() {
    let cases: [Case; 3] = [
        (
            link(),
            text::<PaymentLink>,
            &[
                "paymentLinkId",
                "amount",
                "status",
                "env",
                "createdAt",
                "updatedAt",
            ],
            &[
                "title",
                "description",
                "redirectUrl",
                "logoUrl",
                "bannerUrl",
            ],
        ),
        (
            invoice(),
            text::<Invoice>,
            &[
                "invoiceId",
                "amount",
                "itemName",
                "customerEmail",
                "dueDate",
                "businessName",
                "status",
                "env",
                "createdAt",
                "updatedAt",
            ],
            &["addPdf"],
        ),
        (
            recurring(),
            text::<RecurringPayment>,
            &[
                "recurringPaymentId",
                "amount",
                "subscriptionName",
                "subscriberFullName",
                "subscriberEmail",
                "recurringDate",
                "recurringInterval",
                "businessName",
                "currentPaymentStatus",
                "env",
                "createdAt",
                "updatedAt",
            ],
            &[],
        ),
    ];
    for (doc, text, required, optional) in cases {
        assert_eq!(text(&doc), "accepted");
        for member in required {
            let expected = format!("missing member `{member}`");
            assert_eq!(text(&without(doc.clone(), member)), expected);
            assert_eq!(text(&with(doc.clone(), member, Value::Null)), expected);
        }
        for member in optional {
            assert_eq!(text(&without(doc.clone(), member)), "accepted", "{member}");
            assert_eq!(text(&with(doc.clone(), member, Value::Null)), "accepted");
        }
        // The first missing one, in the type's order.
        let none = json!({});
        assert_eq!(text(&none), format!("missing member `{}`", required[0]));
    }
    let i: Invoice = read(&without(invoice(), "addPdf")).unwrap();
    assert!(!i.add_pdf);
    let h: Health = read(&json!({"status": "healthy"})).unwrap();
    assert_eq!(
        (h.service.as_str(), h.timestamp.as_str(), h.uptime),
        ("", "", 0.0)
    );
    assert_eq!(
        text::<Health>(&json!({"uptime": 1})),
        "missing member `status`"
    );
}

/// Values refused by their rule name the member and give the rule's reason.
#[test]
fn a_refused_value_is_named_with_the_reason() {
    let amount = |v: &str| text::<Invoice>(&with(invoice(), "amount", json!(v)));
    assert_eq!(
        amount("1.234"),
        "`amount`: it must have 1 or 2 digits after the `.`"
    );
    assert_eq!(
        amount("-1"),
        "`amount`: it is not a decimal number written as digits, an optional `.` and 1 or 2 \
         digits (e.g. `100.00`)"
    );
    assert_eq!(amount("0.00"), "`amount`: it must be greater than zero");
    assert_eq!(amount(""), "`amount`: it is empty");
    assert_eq!(amount("0.5"), "accepted");

    let date = |member: &str, v: &str| match member {
        "dueDate" => text::<Invoice>(&with(invoice(), member, json!(v))),
        _ => text::<RecurringPayment>(&with(recurring(), member, json!(v))),
    };
    assert_eq!(
        date("dueDate", "2026-02-30"),
        "`dueDate`: a field is out of range (month, day, hour, minute, second)"
    );
    assert_eq!(
        date("recurringDate", "tomorrow"),
        "`recurringDate`: it is not an ISO-8601 date (`2026-12-31`) or date-time \
         (`2026-12-31T00:00:00Z`)"
    );
    assert_eq!(date("dueDate", "2026-12-31T09:30:00+02:00"), "accepted");

    assert_eq!(
        text::<PaymentLink>(&with(link(), "status", json!("done"))),
        "`status`: it is not `pending`, `unpaid` or `paid`"
    );
    assert_eq!(
        text::<RecurringPayment>(&with(recurring(), "currentPaymentStatus", json!(""))),
        "`currentPaymentStatus`: it is not `pending`, `unpaid` or `paid`"
    );
    for (status, expected) in [
        ("paid", PaymentStatus::Paid),
        ("Paid", PaymentStatus::Paid),
        ("pending", PaymentStatus::Pending),
        ("UNPAID", PaymentStatus::Pending),
    ] {
        let l: PaymentLink = read(&with(link(), "status", json!(status))).unwrap();
        assert_eq!(l.status, expected, "{status}");
    }
    // In a list, the first refused item is named.
    let list = json!([link(), with(link(), "amount", json!("1.234"))]);
    assert_eq!(
        text::<Vec<PaymentLink>>(&list),
        "`amount`: it must have 1 or 2 digits after the `.`"
    );
    assert_eq!(
        read::<Vec<PaymentLink>>(&json!([link(), link()]))
            .unwrap()
            .len(),
        2
    );
}

/// A member of the wrong JSON type, or text that is not a JSON document,
/// refuses the whole document without naming a member (miniserde does not
/// say where it stopped).
#[test]
fn a_wrong_json_type_refuses_the_document() {
    let shape = "not JSON of the expected shape";
    for (member, value) in [
        ("amount", json!(120.5)),
        ("amount", json!(["1"])),
        ("invoiceId", json!(1)),
        ("addPdf", json!("true")),
        ("status", json!({"a": 1})),
        // A member of another kind is checked too: the three share one form.
        ("title", json!(5)),
    ] {
        assert_eq!(text::<Invoice>(&with(invoice(), member, value)), shape);
    }
    for interval in [
        json!("30"),
        json!(30.5),
        json!(-1),
        json!(4_294_967_296u64),
        json!(true),
    ] {
        let doc = with(recurring(), "recurringInterval", interval);
        assert_eq!(text::<RecurringPayment>(&doc), shape);
    }
    for doc in [json!([]), json!("inv_1"), json!(null), json!(1)] {
        assert_eq!(text::<Invoice>(&doc), shape);
    }
    let invoice = invoice().to_string();
    for raw in [
        String::new(),
        " ".into(),
        "{".into(),
        format!("{invoice}x"),
        format!("\u{feff}{invoice}"),
        invoice.replacen("120.50", "1\u{1}", 1),
    ] {
        assert_eq!(
            from_json::<Invoice>(raw.as_bytes()).map(|_| ()),
            Err(Invalid::Shape),
            "{raw}"
        );
    }
    let exponent = recurring().to_string().replacen(":30", ":3e1", 1);
    assert_eq!(
        from_json::<RecurringPayment>(exponent.as_bytes()).map(|_| ()),
        Err(Invalid::Shape)
    );
    // Not UTF-8: refused (on wasm too: the transport hands over the bytes).
    let bytes = invoice
        .replacen("Plan", "Pl\u{1}n", 1)
        .replace('\u{1}', "\u{ff}");
    let bytes: Vec<u8> = bytes
        .bytes()
        .map(|b| if b == 0xc3 { 0xff } else { b })
        .collect();
    assert!(core::str::from_utf8(&bytes).is_err());
    assert_eq!(
        from_json::<Invoice>(&bytes).map(|_| ()),
        Err(Invalid::Shape)
    );
    // Whitespace around the document and `\u` escapes are JSON.
    let spaced = format!(" \n{}\t", invoice.replacen("Plan", "Pl\\u00e9n", 1));
    let i: Invoice = from_json(spaced.as_bytes()).unwrap();
    assert_eq!(i.item_name, "Plén");
}

#[test]
fn unknown_members_are_skipped_and_a_repeated_one_is_read_at_its_last_value() {
    let doc = with(
        invoice(),
        "unknown",
        json!({"nested": [1, {"a": null}, 2.5e3, "x"]}),
    );
    assert_eq!(text::<Invoice>(&doc), "accepted");
    let text = invoice()
        .to_string()
        .replacen("{", r#"{"amount":"1.234","itemName":"first","#, 1);
    let i: Invoice = from_json(text.as_bytes()).unwrap();
    assert_eq!(
        (i.amount.as_str(), i.item_name.as_str()),
        ("120.50", "Plan")
    );
}

/// The resource is read under `data` or its service's name; a creation
/// answer's page under its service's name or `url`.
#[test]
fn envelopes_take_every_name_of_a_member() {
    for name in ["data", "paymentData", "invoiceData", "recurringData"] {
        let Data(i): Data<Invoice> = read(&json!({"statusCode": 200, name: invoice()})).unwrap();
        assert_eq!(i.invoice_id, "inv_1");
        let Data(list): Data<Vec<Invoice>> = read(&json!({ name: [invoice()] })).unwrap();
        assert_eq!(list.len(), 1);
    }
    assert_eq!(
        text::<Data<Invoice>>(&json!({"statusCode": 200, "message": "ok"})),
        "missing member `data` (or `paymentData`, `invoiceData`, `recurringData`)"
    );
    // Under two names: the first in that order.
    let Data(l): Data<PaymentLink> = read(&json!({
        "paymentData": with(link(), "title", json!("second")),
        "data": link(),
    }))
    .unwrap();
    assert_eq!(l.title.as_deref(), Some("T"));
    // The resource's own refusals come through the envelope.
    assert_eq!(
        text::<Data<Invoice>>(&json!({"data": without(invoice(), "invoiceId")})),
        "missing member `invoiceId`"
    );

    for link_name in ["paymentLink", "invoiceLink", "recurringPaymentLink", "url"] {
        let created: Created<Invoice> = read(&json!({
            "statusCode": 201, "message": "created",
            link_name: "https://checkout.mileston.co/invoice/inv_1",
            "invoiceData": invoice(),
        }))
        .unwrap();
        assert_eq!(
            (created.message.as_str(), created.url.as_str()),
            ("created", "https://checkout.mileston.co/invoice/inv_1")
        );
    }
    let created: Created<Invoice> =
        read(&json!({"url": "u", "data": invoice(), "message": null})).unwrap();
    assert_eq!(created.message, "");
    assert_eq!(
        text::<Created<Invoice>>(&json!({"message": "created", "invoiceData": invoice()})),
        "missing member `paymentLink` (or `invoiceLink`, `recurringPaymentLink`, `url`)"
    );
    assert_eq!(
        text::<Created<Invoice>>(&json!({"url": "u"})),
        "missing member `data` (or `paymentData`, `invoiceData`, `recurringData`)"
    );
}

/// The checkout reads one form and converts it as the kind asked for: an
/// answer of another kind misses that kind's ID.
#[test]
fn a_payment_is_read_as_its_kind() {
    for (kind, doc, id) in [
        (PaymentKind::Invoice, invoice(), "inv_1"),
        (PaymentKind::PaymentLink, link(), "pl_1"),
        (PaymentKind::Recurring, recurring(), "rp_1"),
    ] {
        let answer = json!({"statusCode": 200, "message": "ok", "data": doc}).to_string();
        let p = Payment::from_json(kind, answer.as_bytes()).unwrap();
        assert_eq!((p.kind(), p.id()), (kind, id));
    }
    let answer = json!({"data": link()}).to_string();
    assert_eq!(
        Payment::from_json(PaymentKind::Invoice, answer.as_bytes())
            .unwrap_err()
            .to_string(),
        "missing member `invoiceId`"
    );
    assert_eq!(
        Payment::from_json(PaymentKind::Recurring, b"{\"data\":[]}").unwrap_err(),
        Invalid::Shape
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
}
