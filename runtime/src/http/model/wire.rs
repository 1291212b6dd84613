//! The answers' documents as miniserde reads them, member for member as
//! docs/wire-protocol.md names them. Every member is optional here, so that
//! a missing one is named by the conversion (`Model::from_wire`) instead of
//! refusing the document unnamed; unknown members are skipped.

// Members are named as on the wire (camelCase); the derive's own code uses
// the same names, so the allowance is for the whole file.
#![allow(non_snake_case)]

use std::collections::BTreeMap;

use miniserde::de::{Deserialize, Map, Seq, Visitor};
use miniserde::{Result, make_place};

/// A payment link, an invoice or a recurring payment (`PaymentLink`,
/// `Invoice`, `Recurring`): every member any of them has. One form for the
/// three, because the checkout service answers any kind through one call,
/// and because one form costs the wasm page ~2.7 KB gzip less than three
/// (BENCHMARKS.md). Each kind takes its own members from it.
#[derive(miniserde::Deserialize)]
pub(crate) struct Resource {
    // Every kind.
    pub(super) amount: Option<String>,
    pub(super) env: Option<String>,
    pub(super) subWalletUuid: Option<String>,
    pub(super) subWalletUserName: Option<String>,
    pub(super) createdAt: Option<String>,
    pub(super) updatedAt: Option<String>,
    // Payment links and invoices.
    pub(super) status: Option<String>,
    // Invoices and recurring payments.
    pub(super) businessName: Option<String>,
    pub(super) addPdf: Option<bool>,
    // Payment links.
    pub(super) paymentLinkId: Option<String>,
    pub(super) title: Option<String>,
    pub(super) description: Option<String>,
    pub(super) redirectUrl: Option<String>,
    pub(super) logoUrl: Option<String>,
    pub(super) bannerUrl: Option<String>,
    // Invoices.
    pub(super) invoiceId: Option<String>,
    pub(super) itemName: Option<String>,
    pub(super) customerEmail: Option<String>,
    pub(super) dueDate: Option<String>,
    // Recurring payments.
    pub(super) recurringPaymentId: Option<String>,
    pub(super) subscriptionName: Option<String>,
    pub(super) subscriberFullName: Option<String>,
    pub(super) subscriberEmail: Option<String>,
    pub(super) subscriberWalletAddress: Option<String>,
    pub(super) recurringDate: Option<String>,
    pub(super) recurringInterval: Option<u32>,
    pub(super) currentPaymentStatus: Option<String>,
}

/// `GET /status`.
#[derive(miniserde::Deserialize)]
pub(crate) struct Health {
    pub(super) status: Option<String>,
    pub(super) service: Option<String>,
    pub(super) timestamp: Option<String>,
    pub(super) environment: Option<String>,
    pub(super) version: Option<String>,
    pub(super) uptime: Option<f64>,
    pub(super) memory: Option<Memory>,
}

/// `memory` of `GET /status`, in MB.
#[derive(miniserde::Deserialize)]
pub(crate) struct Memory {
    pub(super) used: Option<f64>,
    pub(super) total: Option<f64>,
}

/// A creation answer: `message`, the hosted page under its kind's name (none
/// for recurring payments), the resource under its kind's name.
#[derive(miniserde::Deserialize)]
pub(crate) struct Created<T> {
    pub(super) message: Option<String>,
    pub(super) paymentLink: Option<String>,
    pub(super) invoiceLink: Option<String>,
    pub(super) paymentData: Option<T>,
    pub(super) invoiceData: Option<T>,
    pub(super) recurringPaymentData: Option<T>,
}

/// A resource (or a list) under its kind's name, and its hosted page
/// (reads and updates of payment links and invoices carry one).
#[derive(miniserde::Deserialize)]
pub(crate) struct Data<T> {
    pub(super) paymentLink: Option<String>,
    pub(super) invoiceLink: Option<String>,
    pub(super) paymentData: Option<T>,
    pub(super) invoiceData: Option<T>,
    pub(super) recurringPaymentData: Option<T>,
}

/// An answer that is only a status: `{statusCode, message}` (a save, a
/// verification).
#[derive(miniserde::Deserialize)]
pub(crate) struct Status {
    pub(super) statusCode: Option<u16>,
}

/// `GET /checkout/payment-wallet/{type}`.
#[derive(miniserde::Deserialize)]
pub(crate) struct PaymentWallet {
    pub(super) publicKey: Option<String>,
}

/// `GET /checkout/sub-wallets/{uuid}`: the sub-wallet under `data`.
#[derive(miniserde::Deserialize)]
pub(crate) struct SubWalletAnswer {
    pub(super) data: Option<SubWallet>,
}

/// Mileston's `ISubWalletResponse["data"]`.
#[derive(miniserde::Deserialize)]
pub(crate) struct SubWallet {
    #[serde(rename = "type")]
    pub(super) kind: Option<String>,
    pub(super) address: Option<BTreeMap<String, String>>,
    pub(super) balance: Option<String>,
    pub(super) balances: Option<BTreeMap<String, String>>,
}

/// An error body (`{"statusCode", "error", "message"}`).
#[derive(miniserde::Deserialize)]
pub(crate) struct ErrorBody {
    pub(super) message: Option<Text>,
    pub(super) error: Option<Text>,
    pub(super) status: Option<Text>,
}

/// A member of an error body: a string; a list, its strings joined with `; `
/// (validation errors come as lists); any other value is read through and
/// gives `None`, so an odd member does not lose the others.
///
/// The one wire type written by hand: the derive cannot say "any value", and
/// `miniserde::json::Value` for it cost 4.5 KB gzip in the page
/// (BENCHMARKS.md).
pub(crate) struct Text(pub(super) Option<String>);

make_place!(Place);

impl Deserialize for Text {
    fn begin(out: &mut Option<Self>) -> &mut dyn Visitor {
        Place::new(out)
    }
}

impl Visitor for Place<Text> {
    fn null(&mut self) -> Result<()> {
        self.out = Some(Text(None));
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
        self.out = Some(Text(Some(s.to_owned())));
        Ok(())
    }
    fn map(&mut self) -> Result<Box<dyn Map + '_>> {
        self.null()?;
        <dyn Visitor>::ignore().map()
    }
    fn seq(&mut self) -> Result<Box<dyn Seq + '_>> {
        self.null()?;
        Ok(Box::new(Joined(&mut self.out)))
    }
}

/// The items of a list member: each string is appended, anything else
/// (nested lists and objects included) skipped.
struct Joined<'a>(&'a mut Option<Text>);

impl Seq for Joined<'_> {
    fn element(&mut self) -> Result<&mut dyn Visitor> {
        Ok(self)
    }
    fn finish(&mut self) -> Result<()> {
        Ok(())
    }
}

impl Visitor for Joined<'_> {
    fn null(&mut self) -> Result<()> {
        Ok(())
    }
    fn boolean(&mut self, _: bool) -> Result<()> {
        Ok(())
    }
    fn negative(&mut self, _: i64) -> Result<()> {
        Ok(())
    }
    fn nonnegative(&mut self, _: u64) -> Result<()> {
        Ok(())
    }
    fn float(&mut self, _: f64) -> Result<()> {
        Ok(())
    }
    fn string(&mut self, s: &str) -> Result<()> {
        if let Some(Text(text)) = self.0 {
            match text {
                None => *text = Some(s.to_owned()),
                Some(joined) => {
                    joined.push_str("; ");
                    joined.push_str(s);
                }
            }
        }
        Ok(())
    }
    fn map(&mut self) -> Result<Box<dyn Map + '_>> {
        <dyn Visitor>::ignore().map()
    }
    fn seq(&mut self) -> Result<Box<dyn Seq + '_>> {
        <dyn Visitor>::ignore().seq()
    }
}
