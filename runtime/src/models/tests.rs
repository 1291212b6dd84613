//! What the models read and write, natively (the decoder is the same code on
//! wasm): the decoder's acceptances and refusals with the exact text of each
//! (`resources.rs`, `envelopes.rs`), and the exact bytes of each request body
//! (`requests.rs`). The answers are those of docs/wire-protocol.md, as the
//! sandbox writes them, built with `serde_json::json!` for brevity.

use serde_json::{Value, json};

use super::date::IsoDate;
use super::decode::{Context, Invalid, Model, from_json};
use super::values::Amount;

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
    from_json(doc.to_string().as_bytes(), &mut Context::default())
}

/// The refusal's text, or `"accepted"`.
fn text<T: Model>(doc: &Value) -> String {
    read::<T>(doc)
        .err()
        .map_or("accepted".into(), |e| e.to_string())
}

fn amount(s: &str) -> Amount {
    Amount::new(s).unwrap()
}

fn date(s: &str) -> IsoDate {
    IsoDate::new(s).unwrap()
}

fn with(mut doc: Value, member: &str, value: Value) -> Value {
    doc[member] = value;
    doc
}

fn without(mut doc: Value, member: &str) -> Value {
    doc.as_object_mut().unwrap().remove(member);
    doc
}

/// `Display` of the API's values: their text, with the width, fill and
/// alignment asked for, so that tables line up; a precision cuts nothing.
mod display {
    use super::super::chains::{Asset, Chain};
    use super::super::date::{DateError, IsoDate};
    use super::super::values::{Amount, AmountError, Balance, PaymentKind, PaymentStatus};
    use super::super::wallet::WalletType;

    #[test]
    fn values_take_width_fill_and_alignment() {
        let amount = Amount::new("120.50").unwrap();
        let date = IsoDate::new("2026-12-31").unwrap();
        assert_eq!(format!("[{amount}]"), "[120.50]");
        assert_eq!(format!("[{amount:>10}]"), "[    120.50]");
        assert_eq!(format!("[{amount:<10}]"), "[120.50    ]");
        assert_eq!(format!("[{amount:^10}]"), "[  120.50  ]");
        assert_eq!(format!("[{amount:*>9}]"), "[***120.50]");
        assert_eq!(format!("[{amount:3}]"), "[120.50]");
        assert_eq!(format!("[{date:>26}]"), "[  2026-12-31T00:00:00.000Z]");
        assert_eq!(format!("[{:<8}]", PaymentStatus::Paid), "[paid    ]");
        assert_eq!(format!("[{:>8}]", PaymentStatus::Pending), "[ pending]");
        assert_eq!(format!("[{:^13}]", PaymentKind::Invoice), "[   invoice   ]");
        assert_eq!(format!("[{:>7}]", Chain::Pol), "[    pol]");
        assert_eq!(format!("[{:-<6}]", Asset::Usdc), "[USDC--]");
        assert_eq!(format!("[{:>5}]", WalletType::All), "[  all]");
    }

    /// `{:.2}` of a `str` keeps two characters; of an amount it would print `12`
    /// for `120.50`, so a precision is ignored (the width still applies).
    #[test]
    fn a_precision_cuts_nothing() {
        let amount = Amount::new("120.50").unwrap();
        assert_eq!(format!("[{amount:.2}]"), "[120.50]");
        assert_eq!(format!("[{amount:>9.1}]"), "[   120.50]");
        assert_eq!(format!("[{amount:^10.0}]"), "[  120.50  ]");
        assert_eq!(format!("[{:<7.1}]", PaymentStatus::Paid), "[paid   ]");
        let date = IsoDate::new("2026-12-31").unwrap();
        assert_eq!(format!("{date:.10}"), "2026-12-31T00:00:00.000Z");
    }

    /// Values read from a user's own serde document take the same checks as
    /// `new`, and give the same refusal.
    #[test]
    fn values_deserialize_with_their_rules() {
        let amount: Amount = serde_json::from_str(r#""120.50""#).unwrap();
        assert_eq!(amount, Amount::new("120.50").unwrap());
        let date: IsoDate = serde_json::from_str(r#""2026-12-31""#).unwrap();
        assert_eq!(date.as_str(), "2026-12-31T00:00:00.000Z");
        let balance: Balance = serde_json::from_str(r#""1000.50""#).unwrap();
        assert_eq!(balance.to_string(), "1000.5");
        assert_eq!(Balance::try_from("0.25"), "0.25".parse());
        let refused = |json: &str| {
            serde_json::from_str::<Amount>(json)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(refused(r#""0""#), AmountError::Zero.to_string());
        let refused = serde_json::from_str::<Balance>(r#""1.""#)
            .unwrap_err()
            .to_string();
        assert_eq!(refused, AmountError::NotDecimal.to_string());
        let refused = serde_json::from_str::<IsoDate>(r#""2026-02-30""#).unwrap_err();
        assert_eq!(refused.to_string(), DateError::OutOfRange.to_string());
    }
}

/// The documents around the resources (the per-kind envelopes, creation
/// answers, status answers, error bodies) and the checkout's address
/// answers.
mod envelopes {
    use serde_json::{Value, json};

    use super::super::addresses::{CheckoutSubWallet as SubWallet, PaymentWallet};
    use super::super::backend::{Invoice, PaymentLink, RecurringPayment};
    use super::super::chains::Chain;
    use super::super::decode::{Context, Invalid, from_json};
    use super::super::envelope::{Created, Data, ErrorMessage, StatusCode};
    use super::super::payment::Payment;
    use super::super::values::{PaymentKind, PaymentStatus};
    use super::{invoice, link, read, recurring, text, with, without};

    const MISSING_DATA: &str =
        "missing member `paymentData` (or `invoiceData`, `recurringPaymentData`)";

    /// The resource is read under its kind's name, one or a list.
    #[test]
    fn envelopes_take_each_kinds_name() {
        for name in ["paymentData", "invoiceData", "recurringPaymentData"] {
            let Data(i): Data<Invoice> =
                read(&json!({"statusCode": 200, name: invoice()})).unwrap();
            assert_eq!(i.invoice_id, "inv_1");
            let Data(list): Data<Vec<Invoice>> = read(&json!({ name: [invoice()] })).unwrap();
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
        let Data(l): Data<PaymentLink> = read(&json!({
            "invoiceData": with(link(), "title", json!("second")),
            "paymentData": link(),
        }))
        .unwrap();
        assert_eq!(l.title.as_deref(), Some("T"));
        // The hosted page a read or an update gives, under either name, is the
        // resource's.
        for (name, data) in [
            ("paymentLink", "paymentData"),
            ("invoiceLink", "invoiceData"),
        ] {
            let Data(i): Data<Invoice> =
                read(&json!({ name: "https://checkout.mileston.co/x/1", data: invoice() }))
                    .unwrap();
            assert_eq!(
                i.checkout_url.as_deref(),
                Some("https://checkout.mileston.co/x/1")
            );
        }
        let Data(list): Data<Vec<Invoice>> = read(&json!({"invoiceData": [invoice()]})).unwrap();
        assert_eq!(list[0].checkout_url, None);
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

    /// A resource's hosted page, made with it: the answer's link; else, from
    /// Mileston's production services, the page for its ID (percent-encoded as
    /// a path segment); else none.
    #[test]
    fn a_resource_s_hosted_page() {
        let answer = "https://checkout.mileston.co/invoice/inv_1?from=answer";
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
            let mut cx = Context {
                production,
                link: link.map(str::to_owned),
                ..Context::default()
            };
            let i: Invoice = from_json(invoice().to_string().as_bytes(), &mut cx).unwrap();
            assert_eq!(i.checkout_url.as_deref(), expected);
        }
        let production = || Context {
            production: true,
            ..Context::default()
        };
        let doc = with(link(), "paymentLinkId", json!("pl 1/2")).to_string();
        let l: PaymentLink = from_json(doc.as_bytes(), &mut production()).unwrap();
        assert_eq!(
            l.checkout_url.as_deref(),
            Some("https://checkout.mileston.co/payment-link/pl%201%2F2")
        );
        let doc = recurring().to_string();
        let r: RecurringPayment = from_json(doc.as_bytes(), &mut production()).unwrap();
        assert_eq!(
            r.checkout_url.as_deref(),
            Some("https://checkout.mileston.co/recurring-payment/rp_1")
        );
        let r: RecurringPayment = read(&recurring()).unwrap();
        assert_eq!(Payment::Recurring(r).checkout_url(), None);
    }

    /// The checkout reads the kind's envelope and converts it as the kind asked
    /// for: an answer of another kind misses that kind's ID.
    #[test]
    fn a_payment_is_read_as_its_kind() {
        use PaymentStatus::{Paid, Pending};
        // A retrieval's answer: its status code and message, then `members`.
        let retrieved = |members: Value| {
            let mut answer = json!({"statusCode": 200, "message": "Payment retrieved"});
            for (member, value) in members.as_object().unwrap() {
                answer[member] = value.clone();
            }
            answer
        };
        let invoice_page = "https://checkout.mileston.co/invoice/inv_1";
        let link_page = "https://checkout.mileston.co/payment-link/pl_1";
        for (kind, answer, id, status, url) in [
            (
                PaymentKind::Invoice,
                retrieved(json!({"invoiceLink": invoice_page, "invoiceData": invoice()})),
                "inv_1",
                Some(Pending),
                Some(invoice_page),
            ),
            (
                PaymentKind::PaymentLink,
                retrieved(json!({"paymentLink": link_page, "paymentData": link()})),
                "pl_1",
                Some(Paid),
                Some(link_page),
            ),
            (
                PaymentKind::Recurring,
                retrieved(json!({"recurringPaymentData": recurring()})),
                "rp_1",
                Some(Pending),
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
            let p = payment(kind, answer.to_string().as_bytes()).unwrap();
            assert_eq!((p.kind(), p.id(), p.status()), (kind, id, status));
            assert_eq!(p.checkout_url(), url);
            assert_eq!(p.is_paid(), status == Some(Paid));
        }
        let answer = json!({"paymentData": link()}).to_string();
        assert_eq!(
            payment(PaymentKind::Invoice, answer.as_bytes())
                .unwrap_err()
                .to_string(),
            "missing member `invoiceId`"
        );
        assert_eq!(
            payment(PaymentKind::Recurring, b"{\"data\":{}}")
                .unwrap_err()
                .to_string(),
            MISSING_DATA
        );
        assert_eq!(
            payment(PaymentKind::Recurring, b"{\"recurringPaymentData\":[]}").unwrap_err(),
            Invalid::Shape
        );
    }

    /// A checkout answer read as a payment of `kind`.
    fn payment(kind: PaymentKind, json: &[u8]) -> Result<Payment, Invalid> {
        let mut cx = Context {
            kind: Some(kind.kind()),
            ..Context::default()
        };
        from_json(json, &mut cx)
    }

    /// A save's and a verification's answers: only their `statusCode` is read.
    #[test]
    fn status_answers() {
        // Without a `statusCode`, the HTTP status stands for it.
        for (body, code) in [
            (r#"{"statusCode":200,"message":"Payment verified"}"#, 200),
            (r#"{"statusCode":201,"message":"Payment saved"}"#, 201),
            (r#"{"message":"ok"}"#, 202),
        ] {
            let mut cx = Context {
                status: 202,
                ..Context::default()
            };
            let StatusCode { code: read, http } = from_json(body.as_bytes(), &mut cx).unwrap();
            assert_eq!((read, http), (code, 202), "{body}");
        }
        assert_eq!(
            from_json::<StatusCode>(br#"{"statusCode":"200"}"#, &mut Context::default()).err(),
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
            let message = from_json::<ErrorMessage>(body.as_bytes(), &mut Context::default())
                .ok()
                .and_then(|m| m.0);
            assert_eq!(message, None, "{body}");
        }
        let m = from_json::<ErrorMessage>(
            br#"{"message":"Still awaiting payment","error":"Bad Request","statusCode":400}"#,
            &mut Context::default(),
        )
        .unwrap();
        assert_eq!(m.0.as_deref(), Some("Still awaiting payment"));
    }
}

/// The request bodies, byte for byte: members named and ordered as
/// Mileston's SDKs send them, optional ones left out when unset, and the
/// checks made before sending.
mod requests {
    use super::super::backend::{
        InvoiceUpdate, NewInvoice, NewPaymentLink, NewRecurringPayment, PaymentLinkUpdate,
        RecurringPaymentUpdate, WithId,
    };
    use super::super::chains::{Asset, Chain, EvmChain};
    use super::super::checkout::{SavePayment, VerifyPayment};
    use super::super::input::InputError;
    use super::super::values::PaymentStatus;
    use super::{amount, date};

    fn json(value: &impl serde::Serialize) -> String {
        serde_json::to_string(value).unwrap()
    }

    /// An update's body: `member: id` first, then `changes`.
    fn with_id(member: &'static str, id: &str, changes: &impl serde::Serialize) -> String {
        json(&WithId {
            member,
            id,
            changes,
        })
    }

    #[test]
    fn creates_in_the_sdk_types_order() {
        let mut link = NewPaymentLink::new(amount("100.00"));
        assert_eq!(json(&link), r#"{"amount":"100.00"}"#);
        link.title = Some("Coffee".into());
        link.description = Some("A cup".into());
        link.redirect_url = Some("https://shop.example/thanks".into());
        link.logo_url = Some("https://shop.example/logo.png".into());
        link.banner_url = Some("https://shop.example/banner.png".into());
        link.sub_wallet_uuid = Some("sw_1".into());
        assert_eq!(
            json(&link),
            r#"{"amount":"100.00","title":"Coffee","description":"A cup","redirectUrl":"https://shop.example/thanks","logoUrl":"https://shop.example/logo.png","bannerUrl":"https://shop.example/banner.png","subWalletUuid":"sw_1"}"#
        );

        let mut invoice = NewInvoice::new(
            amount("99.99"),
            "Widget",
            "customer@example.com",
            date("2026-12-31"),
        );
        assert_eq!(
            json(&invoice),
            r#"{"amount":"99.99","itemName":"Widget","customerEmail":"customer@example.com","dueDate":"2026-12-31T00:00:00.000Z"}"#
        );
        invoice.add_pdf = Some(true);
        invoice.sub_wallet_uuid = Some("sw_1".into());
        assert_eq!(
            json(&invoice),
            r#"{"amount":"99.99","itemName":"Widget","customerEmail":"customer@example.com","dueDate":"2026-12-31T00:00:00.000Z","addPdf":true,"subWalletUuid":"sw_1"}"#
        );

        let mut rec = NewRecurringPayment::new(
            amount("5.00"),
            "Pro",
            "Ada Lovelace",
            "ada@example.com",
            date("2027-01-01T01:00:00+01:00"),
            30,
        );
        assert_eq!(
            json(&rec),
            r#"{"amount":"5.00","subscriptionName":"Pro","subscriberFullName":"Ada Lovelace","subscriberEmail":"ada@example.com","recurringDate":"2027-01-01T00:00:00.000Z","recurringInterval":30}"#
        );
        rec.subscriber_wallet_address = Some("0xabc".into());
        rec.current_payment_status = Some(PaymentStatus::Pending);
        rec.add_pdf = Some(false);
        rec.sub_wallet_uuid = Some("sw_1".into());
        assert_eq!(
            json(&rec),
            r#"{"amount":"5.00","subscriptionName":"Pro","subscriberFullName":"Ada Lovelace","subscriberEmail":"ada@example.com","subscriberWalletAddress":"0xabc","currentPaymentStatus":"unpaid","recurringDate":"2027-01-01T00:00:00.000Z","recurringInterval":30,"addPdf":false,"subWalletUuid":"sw_1"}"#
        );
    }

    #[test]
    fn updates_put_the_id_first() {
        let changes = PaymentLinkUpdate {
            amount: Some(amount("120.50")),
            title: Some("Latte".into()),
            ..Default::default()
        };
        assert_eq!(
            with_id("paymentLinkId", "pl_1", &changes),
            r#"{"paymentLinkId":"pl_1","amount":"120.50","title":"Latte"}"#
        );
        assert_eq!(
            with_id("invoiceId", "inv_1", &InvoiceUpdate::default()),
            r#"{"invoiceId":"inv_1"}"#
        );
        let changes = InvoiceUpdate {
            item_name: Some("Gadget".into()),
            due_date: Some(date("2027-01-15T12:00:00Z")),
            ..Default::default()
        };
        assert_eq!(
            with_id("invoiceId", "inv_1", &changes),
            r#"{"invoiceId":"inv_1","itemName":"Gadget","dueDate":"2027-01-15T12:00:00.000Z"}"#
        );
        let changes = RecurringPaymentUpdate {
            current_payment_status: Some(PaymentStatus::Paid),
            recurring_interval: Some(365),
            ..Default::default()
        };
        assert_eq!(
            with_id("recurringPaymentId", "rec_1", &changes),
            r#"{"recurringPaymentId":"rec_1","currentPaymentStatus":"paid","recurringInterval":365}"#
        );
    }

    fn save(chain: Chain, token: Asset) -> SavePayment {
        SavePayment::new(
            "inv_1",
            "0xpayer",
            "0xrecipient",
            amount("120.50"),
            "0xtx",
            chain,
            token,
        )
    }

    #[test]
    fn a_save_is_mileston_s_save_payment_input() {
        let s = save(Chain::Sui, Asset::Usdc);
        assert_eq!(
            json(&s.body("biz_1", "test").unwrap()),
            r#"{"paymentLinkId":"inv_1","payer":"0xpayer","recipientWalletAddress":"0xrecipient","amount":"120.50","userUUID":"biz_1","transactionSignature":"0xtx","chain":"sui","env":"test"}"#
        );
        let mut s = save(Chain::Base, Asset::Eth);
        s.fee_signature = Some("0xfee".into());
        s.user_uuid = Some("user_7".into());
        s.sub_wallet_uuid = Some("sw_1".into());
        assert_eq!(
            json(&s.body("biz_1", "prod").unwrap()),
            r#"{"paymentLinkId":"inv_1","payer":"0xpayer","recipientWalletAddress":"0xrecipient","amount":"120.50","userUUID":"user_7","transactionSignature":"0xtx","feeSignature":"0xfee","chain":"base","env":"prod","subWalletUuid":"sw_1"}"#
        );
        for (field, edit) in [
            (
                "paymentLinkId",
                (|s: &mut SavePayment| s.payment_id = " ".into()) as fn(&mut _),
            ),
            ("payer", |s| s.payer = String::new()),
            ("recipientWalletAddress", |s| {
                s.recipient_wallet_address = String::new()
            }),
            ("transactionSignature", |s| {
                s.transaction_signature = "\t".into()
            }),
            ("feeSignature", |s| s.fee_signature = Some(String::new())),
            ("userUUID", |s| s.user_uuid = Some(String::new())),
            ("subWalletUuid", |s| s.sub_wallet_uuid = Some(" ".into())),
        ] {
            let mut s = save(Chain::Eth, Asset::Usdc);
            edit(&mut s);
            assert_eq!(
                s.body("biz_1", "test").err(),
                Some(InputError::new(field, "it is empty"))
            );
        }
    }

    #[test]
    fn a_verification_is_mileston_s_payment_dto() {
        // Sui: no EVM members.
        let v = VerifyPayment::new(
            "pl_1",
            "0xdeposit",
            amount("25.00"),
            "0xrecipient",
            Chain::Sui,
            Asset::Usdc,
        );
        assert_eq!((v.evm_chain, v.wallet_address.as_deref()), (None, None));
        assert_eq!(
            json(&v.body("biz_1", "test").unwrap()),
            r#"{"paymentLinkId":"pl_1","publicKey":"0xdeposit","amount":"25.00","recipientWalletAddress":"0xrecipient","chain":"sui","env":"test","userUUID":"biz_1","token":"USDC"}"#
        );
        // EVM: filled as Mileston's QR component fills them, after `token` and
        // `subWalletUuid`.
        let mut v = VerifyPayment::new(
            "inv_1",
            "0xdeposit",
            amount("120.50"),
            "0xrecipient",
            Chain::Pol,
            Asset::Pol,
        );
        assert_eq!(
            (v.evm_chain, v.wallet_address.as_deref()),
            (Some(EvmChain::Pol), Some("0xdeposit"))
        );
        v.sub_wallet_uuid = Some("sw_1".into());
        assert_eq!(
            json(&v.body("biz_1", "test").unwrap()),
            r#"{"paymentLinkId":"inv_1","publicKey":"0xdeposit","amount":"120.50","recipientWalletAddress":"0xrecipient","chain":"pol","env":"test","userUUID":"biz_1","token":"POL","subWalletUuid":"sw_1","evmChain":"pol","walletAddress":"0xdeposit"}"#
        );
        // Mileston's SDK's rule: on an EVM chain both are required.
        let reason = "it is required to verify a payment on an EVM chain (Mileston's SDK refuses \
                      to send without it)";
        let mut no_chain = v.clone();
        no_chain.evm_chain = None;
        let e = no_chain.body("biz_1", "test").err().unwrap();
        assert_eq!(e, InputError::new("evmChain", reason));
        assert_eq!(
            e.to_string(),
            "invalid `evmChain`: it is required to verify a payment on an EVM chain (Mileston's SDK \
             refuses to send without it)"
        );
        let mut no_wallet = v.clone();
        no_wallet.wallet_address = None;
        assert_eq!(
            no_wallet.body("biz_1", "test").err(),
            Some(InputError::new("walletAddress", reason))
        );
        // Off EVM chains they are not required, and sent if given.
        let mut solana = no_wallet.clone();
        solana.chain = Chain::Solana;
        assert!(solana.body("biz_1", "test").is_ok());
    }

    #[test]
    fn the_closed_sets_are_written_as_mileston_names_them() {
        let chains = [
            Chain::Avax,
            Chain::Pol,
            Chain::Base,
            Chain::Eth,
            Chain::Arb,
            Chain::Sui,
            Chain::Solana,
        ];
        let names: Vec<String> = chains.iter().map(json).collect();
        assert_eq!(
            names,
            [
                r#""avax""#,
                r#""pol""#,
                r#""base""#,
                r#""eth""#,
                r#""arb""#,
                r#""sui""#,
                r#""solana""#
            ]
        );
        for c in chains {
            assert_eq!(json(&c), format!("\"{}\"", c.as_str()));
            match c.evm() {
                Some(evm) => {
                    assert_eq!(Chain::from(evm), c);
                    assert_eq!(json(&evm), json(&c));
                }
                None => assert!(matches!(c, Chain::Sui | Chain::Solana)),
            }
        }
        let tokens = [
            Asset::Usdc,
            Asset::Usdt,
            Asset::Avax,
            Asset::Eth,
            Asset::Pol,
            Asset::Sol,
        ];
        let names: Vec<String> = tokens.iter().map(json).collect();
        assert_eq!(
            names,
            [
                r#""USDC""#,
                r#""USDT""#,
                r#""AVAX""#,
                r#""ETH""#,
                r#""POL""#,
                r#""SOL""#
            ]
        );
        let native: Vec<&str> = tokens
            .iter()
            .filter(|t| t.is_native())
            .map(|t| t.as_str())
            .collect();
        assert_eq!(native, ["AVAX", "ETH", "POL", "SOL"]);
    }
}

/// The resources and the health answer: what is read, what is required, what
/// is refused and with which words.
mod resources {
    use serde_json::{Value, json};

    use super::super::backend::{Health, Invoice, PaymentLink, RecurringPayment};
    use super::super::date::IsoDate;
    use super::super::decode::{Context, Invalid, from_json};
    use super::super::values::{Network, PaymentStatus};
    use super::{amount, invoice, link, read, recurring, text, with, without};
    use crate::mode::KeyMode;

    /// What every kind of resource has beyond its own members: its
    /// sub-wallet, its timestamps, its hosted page.
    macro_rules! every_kinds {
        ($r:expr) => {
            (
                $r.sub_wallet_uuid.as_deref(),
                $r.sub_wallet_user_name.as_deref(),
                $r.created_at.as_ref().map(IsoDate::as_str),
                $r.updated_at.as_ref().map(IsoDate::as_str),
                $r.checkout_url.as_deref(),
            )
        };
    }

    #[test]
    fn the_protocol_documents_are_read() {
        // Each kind's own members; those read as text (dates, `env`) and
        // those every kind has are checked apart.
        let l: PaymentLink = read(&link()).unwrap();
        assert_eq!(
            l,
            PaymentLink {
                payment_link_id: "pl_1".into(),
                amount: amount("5"),
                title: Some("T".into()),
                description: None,
                redirect_url: Some("https://example.com".into()),
                logo_url: None,
                banner_url: Some("b".into()),
                status: Some(PaymentStatus::Paid),
                ..l.clone()
            }
        );
        assert_eq!(l.env.as_ref().map(Network::as_str), Some("test"));
        let due = "2026-12-01T00:00:00.000Z";
        let i: Invoice = read(&invoice()).unwrap();
        assert_eq!(
            i,
            Invoice {
                invoice_id: "inv_1".into(),
                amount: amount("120.50"),
                item_name: "Plan".into(),
                customer_email: "a@example.com".into(),
                status: PaymentStatus::Pending,
                add_pdf: Some(true),
                business_name: Some("Shop".into()),
                ..i.clone()
            }
        );
        assert_eq!((i.due_date.as_str(), i.env.as_str()), (due, "test"));
        let r: RecurringPayment = read(&recurring()).unwrap();
        assert_eq!(
            r,
            RecurringPayment {
                recurring_payment_id: "rp_1".into(),
                amount: amount("9.99"),
                subscription_name: "Pro".into(),
                subscriber_full_name: "A B".into(),
                subscriber_email: "a@example.com".into(),
                subscriber_wallet_address: Some("0xabc".into()),
                status: PaymentStatus::Pending,
                recurring_interval: 30,
                add_pdf: Some(true),
                business_name: Some("Shop".into()),
                ..r.clone()
            }
        );
        assert_eq!((r.recurring_date.as_str(), r.env.as_str()), (due, "test"));
        let (created, updated) = ("2026-11-28T07:00:00.000Z", "2026-11-28T07:00:01.000Z");
        for (kind, members, expected) in [
            (
                "link",
                every_kinds!(l),
                (
                    Some("sw_1"),
                    Some("customer-1"),
                    Some(created),
                    Some(updated),
                    None,
                ),
            ),
            (
                "invoice",
                every_kinds!(i),
                (None, None, Some(created), Some(updated), None),
            ),
            (
                "recurring",
                every_kinds!(r),
                (None, None, Some(created), Some(updated), None),
            ),
        ] {
            assert_eq!(members, expected, "{kind}");
        }

        let h: Health = read(&json!({"status": "healthy", "service": "checkout",
            "timestamp": "2026-11-28T07:00:00.000Z", "environment": "production",
            "version": "1.4.2", "uptime": 12.5, "memory": {"used": 45.5, "total": 128}}))
        .unwrap();
        assert!(h.is_healthy());
        assert_eq!(
            h,
            Health {
                status: "healthy".into(),
                service: "checkout".into(),
                timestamp: "2026-11-28T07:00:00.000Z".into(),
                environment: "production".into(),
                version: "1.4.2".into(),
                uptime: 12.5,
                memory_used: Some(45.5),
                memory_total: Some(128.0),
            }
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
            h,
            Health {
                status: "healthy".into(),
                service: String::new(),
                timestamp: String::new(),
                environment: String::new(),
                version: String::new(),
                uptime: 0.0,
                memory_used: None,
                memory_total: None,
            }
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
        let l: PaymentLink =
            read(&with(link(), "updatedAt", json!("2026-11-28T07:00:00"))).unwrap();
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
                from_json::<Invoice>(raw.as_bytes(), &mut Context::default()).map(|_| ()),
                Err(Invalid::Shape),
                "{raw}"
            );
        }
        let exponent = recurring().to_string().replacen(":30", ":3e1", 1);
        assert_eq!(
            from_json::<RecurringPayment>(exponent.as_bytes(), &mut Context::default()).map(|_| ()),
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
            from_json::<Invoice>(&bytes, &mut Context::default()).map(|_| ()),
            Err(Invalid::Shape)
        );
        // Whitespace around the document and `\u` escapes are JSON.
        let spaced = format!(" \n{}\t", invoice.replacen("Plan", "Pl\\u00e9n", 1));
        let i: Invoice = from_json(spaced.as_bytes(), &mut Context::default()).unwrap();
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
        let text =
            invoice()
                .to_string()
                .replacen("{", r#"{"amount":"1.2.3","itemName":"first","#, 1);
        let i: Invoice = from_json(text.as_bytes(), &mut Context::default()).unwrap();
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
            ("test", Network::Test, "test", Some(KeyMode::Test)),
            ("prod", Network::Production, "prod", Some(KeyMode::Live)),
            ("PROD", Network::Production, "prod", Some(KeyMode::Live)),
            ("Test", Network::Test, "test", Some(KeyMode::Test)),
            ("staging", Network::Other("staging".into()), "staging", None),
            ("", Network::Other(String::new()), "", None),
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
        assert_eq!(Network::of(KeyMode::Live), Network::Production);
        assert_eq!(format!("[{:>6}]", Network::Test), "[  test]");
    }
}
