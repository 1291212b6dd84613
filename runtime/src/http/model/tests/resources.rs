//! The resources and the health answer: what is read, what is required, what
//! is refused and with which words.

use serde_json::{Value, json};

use super::super::date::IsoDate;
use super::super::decode::{Invalid, from_json};
use super::super::resources::{Health, Invoice, PaymentLink, RecurringPayment};
use super::super::values::{Env, PaymentStatus};
use super::{invoice, link, read, recurring, text, with, without};
use crate::mode::KeyMode;

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
            l.env.as_ref().map(Env::as_str),
            l.sub_wallet_uuid.as_deref(),
            l.sub_wallet_user_name.as_deref(),
            l.status,
            l.created_at.as_ref().map(IsoDate::as_str),
            l.updated_at.as_ref().map(IsoDate::as_str)
        ),
        (
            Some("test"),
            Some("sw_1"),
            Some("customer-1"),
            Some(PaymentStatus::Paid),
            Some("2026-11-28T07:00:00.000Z"),
            Some("2026-11-28T07:00:01.000Z")
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
            i.status,
            i.env.as_str(),
            i.add_pdf,
            i.business_name.as_deref(),
            i.sub_wallet_uuid.as_deref(),
        ),
        (
            "inv_1",
            "120.50",
            "Plan",
            "a@example.com",
            "2026-12-01T00:00:00.000Z",
            PaymentStatus::Pending,
            "test",
            Some(true),
            Some("Shop"),
            None,
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
            r.subscriber_wallet_address.as_deref(),
            r.status,
            r.recurring_date.as_str(),
            r.recurring_interval,
            r.env.as_str(),
            r.add_pdf,
            r.business_name.as_deref(),
        ),
        (
            "rp_1",
            "9.99",
            "Pro",
            "A B",
            "a@example.com",
            Some("0xabc"),
            PaymentStatus::Pending,
            "2026-12-01T00:00:00.000Z",
            30,
            "test",
            Some(true),
            Some("Shop"),
        )
    );

    let h: Health = read(&json!({"status": "healthy", "service": "checkout",
        "timestamp": "2026-11-28T07:00:00.000Z", "environment": "production",
        "version": "1.4.2", "uptime": 12.5, "memory": {"used": 45.5, "total": 128}}))
    .unwrap();
    assert!(h.is_healthy());
    assert_eq!(
        (
            h.service.as_str(),
            h.timestamp.as_str(),
            h.environment.as_str(),
            h.version.as_str(),
            h.uptime,
            h.memory_used,
            h.memory_total
        ),
        (
            "checkout",
            "2026-11-28T07:00:00.000Z",
            "production",
            "1.4.2",
            12.5,
            Some(45.5),
            Some(128.0)
        )
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
/// every optional one may be absent or `null`: those Mileston's types leave
/// optional, and those only the sandbox adds.
#[test]
fn a_missing_member_is_named() {
    let cases: [Case; 3] = [
        (
            link(),
            text::<PaymentLink>,
            &["paymentLinkId", "amount"],
            &[
                "title",
                "description",
                "redirectUrl",
                "logoUrl",
                "bannerUrl",
                "env",
                "subWalletUuid",
                "subWalletUserName",
                "status",
                "createdAt",
                "updatedAt",
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
                "status",
                "env",
            ],
            &["addPdf", "businessName", "createdAt", "updatedAt"],
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
                "currentPaymentStatus",
                "recurringDate",
                "recurringInterval",
                "env",
            ],
            &[
                "subscriberWalletAddress",
                "addPdf",
                "businessName",
                "createdAt",
                "updatedAt",
            ],
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
    // What Mileston's types have of a payment link is enough.
    let l: PaymentLink = read(&json!({"paymentLinkId": "pl_1", "amount": "1"})).unwrap();
    assert_eq!(
        (l.status, l.env, l.created_at, l.sub_wallet_uuid),
        (None, None, None, None)
    );
    let i: Invoice = read(&without(invoice(), "addPdf")).unwrap();
    assert_eq!(i.add_pdf, None);
    let h: Health = read(&json!({"status": "healthy"})).unwrap();
    assert_eq!(
        (
            h.service.as_str(),
            h.timestamp.as_str(),
            h.environment.as_str(),
            h.version.as_str(),
            h.uptime,
            h.memory_used,
        ),
        ("", "", "", "", 0.0, None)
    );
    let h: Health = read(&json!({"status": "healthy", "memory": {"total": 1}})).unwrap();
    assert_eq!((h.memory_used, h.memory_total), (None, Some(1.0)));
    assert_eq!(
        text::<Health>(&json!({"uptime": 1})),
        "missing member `status`"
    );
}

/// Values refused by their rule name the member and give the rule's reason.
#[test]
fn a_refused_value_is_named_with_the_reason() {
    let amount = |v: &str| text::<Invoice>(&with(invoice(), "amount", json!(v)));
    let not_decimal = "`amount`: it is not a decimal number written as digits, optionally a `.` \
                       and more digits (e.g. `100.00`, `1`, `0.5`)";
    for bad in ["-1", "1.", ".5", "1e3", "1,00", " 1"] {
        assert_eq!(amount(bad), not_decimal, "{bad}");
    }
    assert_eq!(amount("0.00"), "`amount`: it must be greater than zero");
    assert_eq!(amount(""), "`amount`: it is empty");
    for good in ["0.5", "1", "100.00", "1.234", "0.000000000000000001"] {
        assert_eq!(amount(good), "accepted", "{good}");
    }

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
         (`2026-12-31T00:00:00.000Z`)"
    );
    assert_eq!(
        date("dueDate", "2026-12-31T09:30:00"),
        "`dueDate`: a date-time needs `Z` or an offset like `+02:00` (without one it is read \
         in local time)"
    );
    // Read in every form, kept as JavaScript writes a `Date`.
    for (v, kept) in [
        ("2026-12-31", "2026-12-31T00:00:00.000Z"),
        ("2026-12-31T09:30:00+02:00", "2026-12-31T07:30:00.000Z"),
        ("2026-12-31T09:30:00.123456Z", "2026-12-31T09:30:00.123Z"),
    ] {
        let i: Invoice = read(&with(invoice(), "dueDate", json!(v))).unwrap();
        assert_eq!(i.due_date.as_str(), kept, "{v}");
    }

    assert_eq!(
        text::<PaymentLink>(&with(link(), "status", json!("done"))),
        "`status`: it is not `pending`, `unpaid` or `paid`"
    );
    // Timestamps are read as dates; one that is not a date (only the
    // sandbox documents them) reads as none, and refuses nothing.
    let i: Invoice = read(&with(invoice(), "createdAt", json!("yesterday"))).unwrap();
    assert_eq!(
        (i.created_at, i.updated_at.as_ref().map(IsoDate::as_str)),
        (None, Some("2026-11-28T07:00:01.000Z"))
    );
    let l: PaymentLink = read(&with(link(), "updatedAt", json!("2026-11-28T07:00:00"))).unwrap();
    assert_eq!(l.updated_at, None);
    let r: RecurringPayment = read(&with(
        recurring(),
        "createdAt",
        json!("2026-11-28T08:00:00+01:00"),
    ))
    .unwrap();
    assert_eq!(
        r.created_at.as_ref().map(IsoDate::as_str),
        Some("2026-11-28T07:00:00.000Z")
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
        assert_eq!(l.status, Some(expected), "{status}");
    }
    // In a list, the first refused item is named.
    let list = json!([link(), with(link(), "amount", json!("1."))]);
    assert_eq!(text::<Vec<PaymentLink>>(&list), not_decimal,);
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
        ("subWalletUuid", json!(7)),
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
    assert_eq!(
        text::<Health>(&json!({"status": "healthy", "memory": 45})),
        shape
    );
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
    let bytes: Vec<u8> = invoice
        .replacen("Plan", "Pl\u{e9}n", 1)
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
        .replacen("{", r#"{"amount":"1.2.3","itemName":"first","#, 1);
    let i: Invoice = from_json(text.as_bytes()).unwrap();
    assert_eq!(
        (i.amount.as_str(), i.item_name.as_str()),
        ("120.50", "Plan")
    );
}

/// `env` is typed, read in any letter case; another value is kept as
/// written (it neither refuses the answer nor is lost), and is still
/// required where Mileston's types require it.
#[test]
fn env_is_read_leniently() {
    for (given, env, shown, mode) in [
        ("test", Env::Test, "test", Some(KeyMode::Test)),
        ("prod", Env::Prod, "prod", Some(KeyMode::Live)),
        ("PROD", Env::Prod, "prod", Some(KeyMode::Live)),
        ("Test", Env::Test, "test", Some(KeyMode::Test)),
        ("staging", Env::Other("staging".into()), "staging", None),
        ("", Env::Other(String::new()), "", None),
    ] {
        let i: Invoice = read(&with(invoice(), "env", json!(given))).unwrap();
        assert_eq!(i.env, env, "{given}");
        assert_eq!((i.env.to_string(), i.env.mode()), (shown.into(), mode));
        let l: PaymentLink = read(&with(link(), "env", json!(given))).unwrap();
        assert_eq!(l.env, Some(env));
    }
    assert_eq!(
        text::<RecurringPayment>(&without(recurring(), "env")),
        "missing member `env`"
    );
    assert_eq!(Env::of(KeyMode::Live), Env::Prod);
    assert_eq!(format!("[{:>6}]", Env::Test), "[  test]");
}
