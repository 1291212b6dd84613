//! How answers are read on wasm, with `miniserde` (see `wasm.rs`
//! `from_json`): serde's error messages alone would add ~18 KB of float
//! formatting to a page (BENCHMARKS.md). `PaymentLink` and `RecurringPayment` derive it (types.rs);
//! what the derive cannot say is written here with miniserde's own builder
//! API: the checked strings, fields with a default (`Invoice::add_pdf`,
//! `Health`), the envelopes' several names for one member, and the error
//! body's message. Same rules as the serde impls: unknown members are
//! skipped, a missing `Option` is `None`, anything else missing is an error.
//! The tests at the end hold the two to that: compiled natively, they decode
//! a few thousand variants of the protocol's documents both ways.

use miniserde::de::{Deserialize, Map, Seq, Visitor};
use miniserde::{Error, Result, make_place};

use super::MessageText;
use super::types::{Amount, CreatedBody, DataBody, Health, Invoice, IsoDate, PaymentStatus};

make_place!(Place);

/// A string member checked by `check` before it is kept.
macro_rules! checked_string {
    ($ty:ty, $check:expr) => {
        impl Visitor for Place<$ty> {
            fn string(&mut self, s: &str) -> Result<()> {
                let check: fn(&str) -> Option<$ty> = $check;
                self.out = Some(check(s).ok_or(Error)?);
                Ok(())
            }
        }

        impl Deserialize for $ty {
            fn begin(out: &mut Option<Self>) -> &mut dyn Visitor {
                Place::new(out)
            }
        }
    };
}

checked_string!(Amount, |s| Amount::new(s).ok());
checked_string!(IsoDate, |s| IsoDate::new(s).ok());
checked_string!(PaymentStatus, PaymentStatus::from_wire);

/// `{"paymentData" | "invoiceData" | "recurringData" | "data": T}`.
impl<T: Deserialize> Visitor for Place<DataBody<T>> {
    fn map(&mut self) -> Result<Box<dyn Map + '_>> {
        Ok(Box::new(DataBuilder {
            data: None,
            out: &mut self.out,
        }))
    }
}

struct DataBuilder<'a, T> {
    data: Option<T>,
    out: &'a mut Option<DataBody<T>>,
}

impl<T: Deserialize> Map for DataBuilder<'_, T> {
    fn key(&mut self, k: &str) -> Result<&mut dyn Visitor> {
        Ok(match k {
            "data" | "paymentData" | "invoiceData" | "recurringData" => {
                Deserialize::begin(&mut self.data)
            }
            _ => <dyn Visitor>::ignore(),
        })
    }

    fn finish(&mut self) -> Result<()> {
        let data = self.data.take().ok_or(Error)?;
        *self.out = Some(DataBody { data });
        Ok(())
    }
}

impl<T: Deserialize> Deserialize for DataBody<T> {
    fn begin(out: &mut Option<Self>) -> &mut dyn Visitor {
        Place::new(out)
    }
}

/// `{"message"?, "paymentLink" | "invoiceLink" | "recurringPaymentLink" | "url",
/// "paymentData" | "invoiceData" | "recurringData" | "data"}`.
impl<T: Deserialize> Visitor for Place<CreatedBody<T>> {
    fn map(&mut self) -> Result<Box<dyn Map + '_>> {
        Ok(Box::new(CreatedBuilder {
            message: None,
            url: None,
            data: None,
            out: &mut self.out,
        }))
    }
}

struct CreatedBuilder<'a, T> {
    message: Option<String>,
    url: Option<String>,
    data: Option<T>,
    out: &'a mut Option<CreatedBody<T>>,
}

impl<T: Deserialize> Map for CreatedBuilder<'_, T> {
    fn key(&mut self, k: &str) -> Result<&mut dyn Visitor> {
        Ok(match k {
            "message" => Deserialize::begin(&mut self.message),
            "url" | "paymentLink" | "invoiceLink" | "recurringPaymentLink" => {
                Deserialize::begin(&mut self.url)
            }
            "data" | "paymentData" | "invoiceData" | "recurringData" => {
                Deserialize::begin(&mut self.data)
            }
            _ => <dyn Visitor>::ignore(),
        })
    }

    fn finish(&mut self) -> Result<()> {
        *self.out = Some(CreatedBody {
            message: self.message.take().unwrap_or_default(),
            url: self.url.take().ok_or(Error)?,
            data: self.data.take().ok_or(Error)?,
        });
        Ok(())
    }
}

impl<T: Deserialize> Deserialize for CreatedBody<T> {
    fn begin(out: &mut Option<Self>) -> &mut dyn Visitor {
        Place::new(out)
    }
}

/// An invoice: as derived, but a missing `addPdf` is `false`.
impl Visitor for Place<Invoice> {
    fn map(&mut self) -> Result<Box<dyn Map + '_>> {
        Ok(Box::new(InvoiceBuilder {
            invoice_id: None,
            amount: None,
            item_name: None,
            customer_email: None,
            due_date: None,
            add_pdf: None,
            business_name: None,
            status: None,
            env: None,
            created_at: None,
            updated_at: None,
            out: &mut self.out,
        }))
    }
}

struct InvoiceBuilder<'a> {
    invoice_id: Option<String>,
    amount: Option<Amount>,
    item_name: Option<String>,
    customer_email: Option<String>,
    due_date: Option<IsoDate>,
    add_pdf: Option<bool>,
    business_name: Option<String>,
    status: Option<PaymentStatus>,
    env: Option<String>,
    created_at: Option<String>,
    updated_at: Option<String>,
    out: &'a mut Option<Invoice>,
}

impl Map for InvoiceBuilder<'_> {
    fn key(&mut self, k: &str) -> Result<&mut dyn Visitor> {
        Ok(match k {
            "invoiceId" => Deserialize::begin(&mut self.invoice_id),
            "amount" => Deserialize::begin(&mut self.amount),
            "itemName" => Deserialize::begin(&mut self.item_name),
            "customerEmail" => Deserialize::begin(&mut self.customer_email),
            "dueDate" => Deserialize::begin(&mut self.due_date),
            "addPdf" => Deserialize::begin(&mut self.add_pdf),
            "businessName" => Deserialize::begin(&mut self.business_name),
            "status" => Deserialize::begin(&mut self.status),
            "env" => Deserialize::begin(&mut self.env),
            "createdAt" => Deserialize::begin(&mut self.created_at),
            "updatedAt" => Deserialize::begin(&mut self.updated_at),
            _ => <dyn Visitor>::ignore(),
        })
    }

    fn finish(&mut self) -> Result<()> {
        *self.out = Some(Invoice {
            invoice_id: self.invoice_id.take().ok_or(Error)?,
            amount: self.amount.take().ok_or(Error)?,
            item_name: self.item_name.take().ok_or(Error)?,
            customer_email: self.customer_email.take().ok_or(Error)?,
            due_date: self.due_date.take().ok_or(Error)?,
            add_pdf: self.add_pdf.take().unwrap_or_default(),
            business_name: self.business_name.take().ok_or(Error)?,
            status: self.status.take().ok_or(Error)?,
            env: self.env.take().ok_or(Error)?,
            created_at: self.created_at.take().ok_or(Error)?,
            updated_at: self.updated_at.take().ok_or(Error)?,
        });
        Ok(())
    }
}

impl Deserialize for Invoice {
    fn begin(out: &mut Option<Self>) -> &mut dyn Visitor {
        Place::new(out)
    }
}

/// A service's health: only `status` is required.
impl Visitor for Place<Health> {
    fn map(&mut self) -> Result<Box<dyn Map + '_>> {
        Ok(Box::new(HealthBuilder {
            status: None,
            service: None,
            timestamp: None,
            uptime: None,
            out: &mut self.out,
        }))
    }
}

struct HealthBuilder<'a> {
    status: Option<String>,
    service: Option<String>,
    timestamp: Option<String>,
    uptime: Option<f64>,
    out: &'a mut Option<Health>,
}

impl Map for HealthBuilder<'_> {
    fn key(&mut self, k: &str) -> Result<&mut dyn Visitor> {
        Ok(match k {
            "status" => Deserialize::begin(&mut self.status),
            "service" => Deserialize::begin(&mut self.service),
            "timestamp" => Deserialize::begin(&mut self.timestamp),
            "uptime" => Deserialize::begin(&mut self.uptime),
            _ => <dyn Visitor>::ignore(),
        })
    }

    fn finish(&mut self) -> Result<()> {
        *self.out = Some(Health {
            status: self.status.take().ok_or(Error)?,
            service: self.service.take().unwrap_or_default(),
            timestamp: self.timestamp.take().unwrap_or_default(),
            uptime: self.uptime.take().unwrap_or_default(),
        });
        Ok(())
    }
}

impl Deserialize for Health {
    fn begin(out: &mut Option<Self>) -> &mut dyn Visitor {
        Place::new(out)
    }
}

/// The methods of a visitor for `$text(Option<String>)`: a string is kept;
/// any other scalar, and an object (skipped), give `None`.
macro_rules! text_or_none {
    ($text:ident) => {
        fn null(&mut self) -> Result<()> {
            self.out = Some($text(None));
            Ok(())
        }
        fn boolean(&mut self, _: bool) -> Result<()> {
            self.null()
        }
        fn negative(&mut self, _: i64) -> Result<()> {
            self.null()
        }
        fn nonnegative(&mut self, _: u64) -> Result<()> {
            self.null()
        }
        fn float(&mut self, _: f64) -> Result<()> {
            self.null()
        }
        fn string(&mut self, s: &str) -> Result<()> {
            self.out = Some($text(Some(s.to_owned())));
            Ok(())
        }
        fn map(&mut self) -> Result<Box<dyn Map + '_>> {
            self.null()?;
            <dyn Visitor>::ignore().map()
        }
    };
}

/// A member of an error body (as `MessageText`'s serde impl): a string; a
/// list, its strings joined with `; `; anything else `None`.
impl Visitor for Place<MessageText> {
    text_or_none!(MessageText);

    fn seq(&mut self) -> Result<Box<dyn Seq + '_>> {
        Ok(Box::new(ListBuilder {
            item: None,
            joined: None,
            out: &mut self.out,
        }))
    }
}

/// The strings of a message list; other items are skipped.
struct ListBuilder<'a> {
    item: Option<ListItem>,
    joined: Option<String>,
    out: &'a mut Option<MessageText>,
}

impl ListBuilder<'_> {
    fn take_item(&mut self) {
        let Some(ListItem(Some(part))) = self.item.take() else {
            return;
        };
        match &mut self.joined {
            None => self.joined = Some(part),
            Some(j) => {
                j.push_str("; ");
                j.push_str(&part);
            }
        }
    }
}

impl Seq for ListBuilder<'_> {
    fn element(&mut self) -> Result<&mut dyn Visitor> {
        self.take_item();
        Ok(Place::new(&mut self.item))
    }

    fn finish(&mut self) -> Result<()> {
        self.take_item();
        *self.out = Some(MessageText(self.joined.take()));
        Ok(())
    }
}

/// One item of a message list: its text if it is a string.
struct ListItem(Option<String>);

impl Visitor for Place<ListItem> {
    text_or_none!(ListItem);

    fn seq(&mut self) -> Result<Box<dyn Seq + '_>> {
        self.null()?;
        <dyn Visitor>::ignore().seq()
    }
}

impl Deserialize for MessageText {
    fn begin(out: &mut Option<Self>) -> &mut dyn Visitor {
        Place::new(out)
    }
}

/// The decoders above against the serde impls natively: on every text both
/// give the same value, or both refuse. The texts are the protocol's
/// documents (docs/wire-protocol.md) with each member removed, or replaced by
/// values of every JSON type, inside each envelope and under each alias.
#[cfg(test)]
mod tests {
    use core::fmt::Debug;

    use serde_json::{Value, json};

    use super::super::ErrorBody;
    use super::super::types::{
        CreatedBody, DataBody, Health, Invoice, PaymentLink, RecurringPayment,
    };

    /// Decodes `text` both ways; `true` if both accepted it.
    fn same<T, V>(text: &str, view: impl Fn(T) -> V) -> bool
    where
        T: serde::de::DeserializeOwned + miniserde::Deserialize,
        V: Debug + PartialEq,
    {
        let by_serde = serde_json::from_str::<T>(text).ok().map(&view);
        let by_miniserde = miniserde::json::from_str::<T>(text).ok().map(&view);
        assert_eq!(by_serde, by_miniserde, "{text}");
        by_serde.is_some()
    }

    fn replacements() -> Vec<Value> {
        vec![
            json!(null),
            json!(true),
            json!(0),
            json!(7),
            json!(-1),
            json!(1.5),
            json!(4294967296u64),
            json!(""),
            json!("x"),
            json!("paid"),
            json!("PAID"),
            json!("unpaid"),
            json!("Pending"),
            json!("done"),
            json!("120.50"),
            json!("-1"),
            json!("1.234"),
            json!("2026-12-01"),
            json!("2026-02-30"),
            json!([]),
            json!(["a"]),
            json!({}),
            json!({"a": 1}),
        ]
    }

    /// `doc`, then `doc` without each member and with each member replaced,
    /// with an unknown member, and a few documents that are not objects.
    fn variants(doc: &Value) -> Vec<Value> {
        let obj = doc.as_object().unwrap();
        let mut out = vec![doc.clone()];
        for k in obj.keys() {
            let mut d = obj.clone();
            d.remove(k);
            out.push(Value::Object(d));
            for v in replacements() {
                let mut d = obj.clone();
                d.insert(k.clone(), v);
                out.push(Value::Object(d));
            }
        }
        let mut d = obj.clone();
        d.insert("unknown".into(), json!({"nested": [1, {"a": null}, 2.5e3]}));
        out.push(Value::Object(d));
        out.extend([json!(null), json!([]), json!("text"), json!(1)]);
        out
    }

    /// Counts of accepted and refused texts.
    #[derive(Default)]
    struct Tally {
        accepted: usize,
        refused: usize,
    }

    impl Tally {
        fn add(&mut self, accepted: bool) {
            if accepted {
                self.accepted += 1;
            } else {
                self.refused += 1;
            }
        }
    }

    /// A resource alone, in `{"data": ..}` under each name, and in a
    /// creation answer under each name.
    fn resource<T>(doc: Value) -> Tally
    where
        T: serde::de::DeserializeOwned + miniserde::Deserialize + Debug + PartialEq,
    {
        let mut tally = Tally::default();
        for v in variants(&doc) {
            tally.add(same::<T, _>(&v.to_string(), |t| t));
            for name in ["data", "paymentData", "invoiceData", "recurringData"] {
                let text = json!({ "statusCode": 200, name: v }).to_string();
                tally.add(same::<DataBody<T>, _>(&text, |b| b.data));
            }
        }
        for name in ["data", "paymentData", "invoiceData", "recurringData"] {
            for link in ["url", "paymentLink", "invoiceLink", "recurringPaymentLink"] {
                let created = json!({
                    "statusCode": 201,
                    "message": "created",
                    link: "https://checkout.mileston.co/x",
                    name: doc,
                });
                for v in variants(&created) {
                    tally.add(same::<CreatedBody<T>, _>(&v.to_string(), |b| {
                        (b.message, b.url, b.data)
                    }));
                }
            }
        }
        tally
    }

    #[test]
    fn invoices_decode_alike() {
        let t = resource::<Invoice>(json!({
            "invoiceId": "inv_1", "amount": "120.50", "itemName": "Plan",
            "customerEmail": "a@example.com", "dueDate": "2026-12-01", "addPdf": true,
            "businessName": "Shop", "status": "pending", "env": "test",
            "createdAt": "2026-11-28T07:00:00.000Z", "updatedAt": "2026-11-28T07:00:00.000Z",
        }));
        assert!(
            t.accepted > 500 && t.refused > 500,
            "{} {}",
            t.accepted,
            t.refused
        );
    }

    #[test]
    fn payment_links_decode_alike() {
        let t = resource::<PaymentLink>(json!({
            "paymentLinkId": "pl_1", "amount": "5", "title": "T", "description": null,
            "redirectUrl": "https://example.com", "logoUrl": null, "bannerUrl": "b",
            "status": "PAID", "env": "test",
            "createdAt": "2026-11-28T07:00:00.000Z", "updatedAt": "2026-11-28T07:00:00.000Z",
        }));
        assert!(
            t.accepted > 500 && t.refused > 500,
            "{} {}",
            t.accepted,
            t.refused
        );
    }

    #[test]
    fn recurring_payments_decode_alike() {
        let t = resource::<RecurringPayment>(json!({
            "recurringPaymentId": "rp_1", "amount": "9.99", "subscriptionName": "Pro",
            "subscriberFullName": "A B", "subscriberEmail": "a@example.com",
            "recurringDate": "2026-12-01", "recurringInterval": 30, "businessName": "Shop",
            "currentPaymentStatus": "unpaid", "env": "test",
            "createdAt": "2026-11-28T07:00:00.000Z", "updatedAt": "2026-11-28T07:00:00.000Z",
        }));
        assert!(
            t.accepted > 500 && t.refused > 500,
            "{} {}",
            t.accepted,
            t.refused
        );
    }

    #[test]
    fn health_and_error_bodies_decode_alike() {
        let mut t = Tally::default();
        let health = json!({
            "status": "healthy", "service": "checkout",
            "timestamp": "2026-11-28T07:00:00.000Z", "uptime": 12.5,
        });
        for v in variants(&health) {
            t.add(same::<Health, _>(&v.to_string(), |h| h));
        }
        let error = json!({
            "statusCode": 400, "error": "Bad Request",
            "message": ["amount must be a string", 3, "x"], "status": "s",
        });
        for v in variants(&error) {
            t.add(same::<ErrorBody, _>(&v.to_string(), ErrorBody::message));
        }
        assert!(
            t.accepted > 50 && t.refused > 5,
            "{} {}",
            t.accepted,
            t.refused
        );
    }

    /// Texts that are not a serialised `Value`: syntax, numbers, escapes.
    #[test]
    fn raw_texts_decode_alike() {
        let invoice = |interval: &str, amount: &str| {
            format!(
                r#"{{"recurringPaymentId":"rp","amount":{amount},"subscriptionName":"n",
                "subscriberFullName":"f","subscriberEmail":"e","recurringDate":"2026-12-01",
                "recurringInterval":{interval},"businessName":"b",
                "currentPaymentStatus":"paid","env":"test","createdAt":"c","updatedAt":"u"}}"#
            )
        };
        let mut accepted = 0;
        for interval in [
            "30",
            "0",
            "-0",
            "30.0",
            "3e1",
            "1e400",
            "4294967295",
            "4294967296",
            "030",
            "+30",
            "\"30\"",
        ] {
            for amount in [
                r#""1.50""#,
                r#""\u0031.50""#,
                r#""1.5\u0000""#,
                r#""1.50"#,
                "1.5",
            ] {
                accepted += usize::from(same::<RecurringPayment, _>(
                    &invoice(interval, amount),
                    |r| r,
                ));
            }
        }
        for text in [
            "",
            " ",
            "{",
            "}",
            "nul",
            "{}x",
            "\u{feff}{}",
            "{\"message\":\"m\"} ",
            "\t{\"message\":\"\\ud83d\\ude00\"}\n",
        ] {
            same::<ErrorBody, _>(text, ErrorBody::message);
        }
        assert!(accepted >= 4, "{accepted}");
    }
}
