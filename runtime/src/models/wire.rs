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
///
/// Read as the derive reads a struct of `Option`s (a member given twice
/// keeps its last value, an unknown one is skipped, one of the wrong JSON
/// type refuses the document), but written by hand: its string members are
/// held in one array, named by [`M`], so that reading them is one loop, not
/// code for each member (the derive's weighed ~0.7 KB gzip in the wasm
/// page).
pub(crate) struct Resource {
    strings: [Option<String>; MEMBERS.len()],
    pub(super) addPdf: Option<bool>,
    pub(super) recurringInterval: Option<u32>,
}

/// The string members of a [`Resource`], and their names on the wire.
macro_rules! members {
    ($($name:ident,)*) => {
        /// A string member of a [`Resource`], named as on the wire.
        #[derive(Clone, Copy)]
        #[allow(non_camel_case_types)]
        pub(crate) enum M {
            $($name,)*
        }

        const MEMBERS: [&str; [$(M::$name),*].len()] = [$(stringify!($name)),*];
    };
}

members! {
    // Every kind.
    amount,
    env,
    subWalletUuid,
    subWalletUserName,
    createdAt,
    updatedAt,
    // Payment links and invoices.
    status,
    // Invoices and recurring payments.
    businessName,
    // Payment links.
    paymentLinkId,
    title,
    description,
    redirectUrl,
    logoUrl,
    bannerUrl,
    // Invoices.
    invoiceId,
    itemName,
    customerEmail,
    dueDate,
    // Recurring payments.
    recurringPaymentId,
    subscriptionName,
    subscriberFullName,
    subscriberEmail,
    subscriberWalletAddress,
    recurringDate,
    currentPaymentStatus,
}

impl Resource {
    /// The string member `m`, taken out.
    pub(super) fn take(&mut self, m: M) -> Option<String> {
        self.strings.get_mut(m as usize).and_then(Option::take)
    }

    /// The string member `m`, taken out and read by `rule`, which is given
    /// its name on the wire to name it by if it refuses it.
    pub(super) fn read<T, E>(
        &mut self,
        m: M,
        rule: impl FnOnce(&'static str, Option<String>) -> core::result::Result<T, E>,
    ) -> core::result::Result<T, E> {
        let name = MEMBERS.get(m as usize).copied().unwrap_or_default();
        rule(name, self.take(m))
    }
}

impl Deserialize for Resource {
    fn begin(out: &mut Option<Self>) -> &mut dyn Visitor {
        Place::new(out)
    }
}

impl Visitor for Place<Resource> {
    fn map(&mut self) -> Result<Box<dyn Map + '_>> {
        Ok(Box::new(ResourceState {
            strings: [const { Some(None) }; MEMBERS.len()],
            add_pdf: Some(None),
            interval: Some(None),
            out: &mut self.out,
        }))
    }
}

/// A [`Resource`] being read: each member as the derive holds it
/// (`Some(None)` until it is given).
struct ResourceState<'a> {
    strings: [Option<Option<String>>; MEMBERS.len()],
    add_pdf: Option<Option<bool>>,
    interval: Option<Option<u32>>,
    out: &'a mut Option<Resource>,
}

impl Map for ResourceState<'_> {
    fn key(&mut self, k: &str) -> Result<&mut dyn Visitor> {
        if let Some(i) = MEMBERS.iter().position(|name| *name == k)
            && let Some(slot) = self.strings.get_mut(i)
        {
            return Ok(Deserialize::begin(slot));
        }
        Ok(match k {
            "addPdf" => Deserialize::begin(&mut self.add_pdf),
            "recurringInterval" => Deserialize::begin(&mut self.interval),
            _ => <dyn Visitor>::ignore(),
        })
    }

    fn finish(&mut self) -> Result<()> {
        let mut strings = [const { None }; MEMBERS.len()];
        for (to, from) in strings.iter_mut().zip(&mut self.strings) {
            *to = from.take().ok_or(miniserde::Error)?;
        }
        *self.out = Some(Resource {
            strings,
            addPdf: self.add_pdf.take().ok_or(miniserde::Error)?,
            recurringInterval: self.interval.take().ok_or(miniserde::Error)?,
        });
        Ok(())
    }
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

/// An answer around a resource (or a list): `message`, the hosted page
/// under its kind's name (none for recurring payments, nor for lists), the
/// resource under its kind's name. A creation answer has this form too.
#[derive(miniserde::Deserialize)]
pub(crate) struct Data<T> {
    pub(super) message: Option<String>,
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

/// `GET /checkout/user/{id}`: Mileston's `IGetUser`.
#[derive(miniserde::Deserialize)]
pub(crate) struct User {
    pub(super) userData: Option<UserData>,
    pub(super) walletAddress: Option<BTreeMap<String, String>>,
    pub(super) isSecretCopied: Option<bool>,
    pub(super) walletBalance: Option<String>,
    pub(super) qrPaymentWallets: Option<Vec<QrPaymentWallet>>,
}

/// Mileston's `UserData`: every member optional.
#[derive(miniserde::Deserialize)]
pub(crate) struct UserData {
    pub(super) onboarded: Option<bool>,
    pub(super) businessName: Option<String>,
    pub(super) businessAddress: Option<String>,
    pub(super) businessIndustry: Option<String>,
    pub(super) businessDescription: Option<String>,
    pub(super) businessAdminFirstName: Option<String>,
    pub(super) businessAdminLastName: Option<String>,
    pub(super) businessAdminEmail: Option<String>,
    pub(super) image: Option<String>,
}

/// Mileston's `QrPaymentWalletData`.
#[derive(miniserde::Deserialize)]
pub(crate) struct QrPaymentWallet {
    pub(super) chain: Option<String>,
    pub(super) env: Option<String>,
    pub(super) address: Option<String>,
    pub(super) qrCodeId: Option<String>,
    pub(super) createdAt: Option<String>,
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

/// The wallet API's answers, member for member as Mileston's SDK types
/// (`WalletTypes.ts`) name them.
pub(crate) mod wallet {
    use std::collections::BTreeMap;

    use miniserde::de::{Deserialize, Visitor};
    use miniserde::{Result, make_place};

    use super::Text;

    /// `{"data": T}`: an answer inside Mileston's `{statusCode, message, data}`
    /// envelope, which the docs show on some wallet answers and not on others.
    #[derive(miniserde::Deserialize)]
    pub(crate) struct InData<T> {
        pub(crate) data: Option<T>,
    }

    /// `IWalletAddress` or `IWalletBalances`: one value per chain.
    #[derive(miniserde::Deserialize)]
    pub(crate) struct PerChain {
        pub(crate) sui: Option<Scalar>,
        pub(crate) eth: Option<Scalar>,
        pub(crate) avax: Option<Scalar>,
        pub(crate) pol: Option<Scalar>,
        pub(crate) base: Option<Scalar>,
        pub(crate) arb: Option<Scalar>,
        pub(crate) solana: Option<Scalar>,
    }

    /// `GetSubWalletResponseData` (`type` is always `"all"`: not read).
    #[derive(miniserde::Deserialize)]
    pub(crate) struct SubWallet {
        pub(crate) address: Option<PerChain>,
        pub(crate) balance: Option<Scalar>,
        pub(crate) balances: Option<PerChain>,
    }

    /// `GetAllSubWalletsResponseData`: per-chain values keyed by sub-wallet UUID.
    #[derive(miniserde::Deserialize)]
    pub(crate) struct SubWallets {
        pub(crate) address: Option<BTreeMap<String, PerChain>>,
        pub(crate) balance: Option<Scalar>,
        pub(crate) balances: Option<BTreeMap<String, PerChain>>,
    }

    /// `CreateSubWalletResponseData`.
    #[derive(miniserde::Deserialize)]
    pub(crate) struct CreatedSubWallet {
        pub(crate) publicKey: Option<String>,
        pub(crate) uuid: Option<String>,
        pub(crate) recoveryPhrase: Option<String>,
    }

    /// `CreateNewSubWalletResponseData`.
    #[derive(miniserde::Deserialize)]
    pub(crate) struct ChainWallet {
        #[serde(rename = "type")]
        pub(crate) kind: Option<String>,
        pub(crate) address: Option<String>,
        pub(crate) balance: Option<Scalar>,
    }

    /// `GetAllWalletsResponse`: the list under `walletData` (the SDK type), or
    /// under `data` (the envelope of the other wallet answers).
    #[derive(miniserde::Deserialize)]
    pub(crate) struct Wallets {
        pub(crate) walletData: Option<Vec<Wallet>>,
        pub(crate) data: Option<Vec<Wallet>>,
    }

    /// One item of `walletData`.
    #[derive(miniserde::Deserialize)]
    pub(crate) struct Wallet {
        pub(crate) id: Option<Scalar>,
        pub(crate) blockchain: Option<String>,
        pub(crate) address: Option<String>,
        pub(crate) balance: Option<Scalar>,
    }

    /// `SendFundsResponse` and `BatchPaymentResponse`, read as leniently as an
    /// error body (any member of any type): funds moved, and no odd member may
    /// turn that into an error. The transaction's UUID where Mileston's docs
    /// read it (`response.transactionUUID`) or under `data`.
    #[derive(miniserde::Deserialize)]
    pub(crate) struct Sent {
        pub(crate) message: Option<Text>,
        pub(crate) transactionUUID: Option<Text>,
    }

    /// `data` of a send or batch answer (read apart, so that a `data` of
    /// another shape loses nothing else).
    #[derive(miniserde::Deserialize)]
    pub(crate) struct SentData {
        pub(crate) transactionUUID: Option<Text>,
        pub(crate) transactionUUIDs: Option<Vec<Text>>,
    }

    /// `TransactionStatusResponse.data`.
    #[derive(miniserde::Deserialize)]
    pub(crate) struct Transaction {
        pub(crate) transactionUUID: Option<String>,
        pub(crate) status: Option<String>,
        pub(crate) amount: Option<Scalar>,
        pub(crate) recipientAddress: Option<String>,
        pub(crate) walletType: Option<String>,
        pub(crate) signature: Option<String>,
        pub(crate) createdAt: Option<String>,
        pub(crate) updatedAt: Option<String>,
    }

    /// A string, or a number (not negative) written as JSON writes it: balances
    /// are strings everywhere but in `GET /all-wallets`, whose `balance` (and
    /// `id`) the SDK types as a number. Anything else, a negative number
    /// included, refuses the document. (Reading negatives would also cost the
    /// wasm checkout page, which reads no wallet answer, ~0.2 KB: `i64`'s
    /// `to_string` keeps `String::push` out of line for every caller.)
    pub(crate) struct Scalar(pub(crate) String);

    make_place!(Place);

    impl Deserialize for Scalar {
        fn begin(out: &mut Option<Self>) -> &mut dyn Visitor {
            Place::new(out)
        }
    }

    impl Visitor for Place<Scalar> {
        fn string(&mut self, s: &str) -> Result<()> {
            self.out = Some(Scalar(s.to_owned()));
            Ok(())
        }
        fn nonnegative(&mut self, n: u64) -> Result<()> {
            self.out = Some(Scalar(n.to_string()));
            Ok(())
        }
        // Rust writes the shortest text that reads back as the same number, as
        // JavaScript's `String(n)` does (`1000.5`, `0.1`).
        fn float(&mut self, n: f64) -> Result<()> {
            self.out = Some(Scalar(n.to_string()));
            Ok(())
        }
    }
}
