//! The API's values, each checked when built: amounts, payment statuses and
//! kinds (dates are in `date.rs`, chains and tokens in `chains.rs`). The rules
//! live here only: requests, answers and the decoder all go through them.

use core::fmt;
use core::fmt::Write as _;

use serde::{Deserialize, Deserializer, Serialize};

/// A value's text as `Display` writes it, with the width, fill and alignment
/// asked for (`{:>10}`, `{:^8}`), so that tables line up. A precision does not
/// cut it, as it would cut a `str`: `{:.2}` of the amount `120.50` would print
/// `12`. Every value type of the API displays through this one rule.
pub(crate) fn pad(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    if f.precision().is_none() {
        return f.pad(text);
    }
    let fill = f
        .width()
        .map_or(0, |w| w.saturating_sub(text.chars().count()));
    let (before, after) = match f.align() {
        Some(fmt::Alignment::Right) => (fill, 0),
        Some(fmt::Alignment::Center) => (fill / 2, fill - fill / 2),
        Some(fmt::Alignment::Left) | None => (0, fill),
    };
    let c = f.fill();
    for _ in 0..before {
        f.write_char(c)?;
    }
    f.write_str(text)?;
    for _ in 0..after {
        f.write_char(c)?;
    }
    Ok(())
}

// ---------------------------------------------------------------- Amount

/// Why a string is not an amount. Holds no character of the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AmountError {
    /// The string is empty.
    Empty,
    /// Not digits, optionally followed by `.` and more digits: a sign, a
    /// letter, a space, an exponent, a thousands separator, a missing integer
    /// part (`.5`) or fraction (`1.`)...
    NotDecimal,
    /// Zero: amounts are greater than zero.
    Zero,
}

impl AmountError {
    /// The text of `Display`, for the decoder's messages.
    pub(crate) fn reason(self) -> &'static str {
        match self {
            AmountError::Empty => "it is empty",
            AmountError::NotDecimal => {
                "it is not a decimal number written as digits, optionally a `.` and more digits \
                 (e.g. `100.00`, `1`, `0.5`)"
            }
            AmountError::Zero => "it must be greater than zero",
        }
    }
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.reason())
    }
}

impl std::error::Error for AmountError {}

/// An amount as the API takes it: a decimal string of digits, optionally a
/// `.` and more digits, greater than zero: `"1"`, `"0.5"`, `"100.00"`, and
/// as many decimals as a token has (`"0.000000000000000001"` ETH). Every form
/// Mileston's docs and SDKs show is one, and Mileston's checkout SDK sends the
/// integrator's string unchanged, so only what cannot be an amount is refused
/// (`""`, `"0"`, `"-5"`, `"1e3"`, `".5"`, `"1."`, `"1,00"`). The string is
/// kept as given. Checked when built, so a request never carries a bad amount.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Amount(String);

impl Amount {
    /// Checks and wraps a decimal string.
    pub fn new(s: &str) -> Result<Amount, AmountError> {
        check_amount(s)?;
        Ok(Amount(s.to_owned()))
    }

    /// An amount from a count of hundredths (cents): `12345` is `"123.45"`.
    ///
    /// # Errors
    /// [`AmountError::Zero`] for 0.
    pub fn from_cents(cents: u64) -> Result<Amount, AmountError> {
        if cents == 0 {
            return Err(AmountError::Zero);
        }
        Ok(Amount(format!("{}.{:02}", cents / 100, cents % 100)))
    }

    /// The decimal string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn check_amount(s: &str) -> Result<(), AmountError> {
    if s.is_empty() {
        return Err(AmountError::Empty);
    }
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let decimal = match s.split_once('.') {
        Some((int, frac)) => digits(int) && digits(frac),
        None => digits(s),
    };
    if !decimal {
        return Err(AmountError::NotDecimal);
    }
    if s.bytes().all(|b| b == b'0' || b == b'.') {
        return Err(AmountError::Zero);
    }
    Ok(())
}

impl core::str::FromStr for Amount {
    type Err = AmountError;
    fn from_str(s: &str) -> Result<Self, AmountError> {
        Amount::new(s)
    }
}

impl TryFrom<&str> for Amount {
    type Error = AmountError;
    fn try_from(s: &str) -> Result<Self, AmountError> {
        Amount::new(s)
    }
}

impl TryFrom<String> for Amount {
    type Error = AmountError;
    fn try_from(s: String) -> Result<Self, AmountError> {
        check_amount(&s)?;
        Ok(Amount(s))
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        pad(f, &self.0)
    }
}

// For users' own serde documents (a config, a cache): the same check. The
// client itself reads answers with the decoder (`model/decode.rs`).
impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Amount::try_from(s).map_err(serde::de::Error::custom)
    }
}

// ---------------------------------------------------------------- status, kinds

/// Whether a payment was made, normalised from `status` (`"pending"` /
/// `"paid"`, payment links and invoices) or `currentPaymentStatus`
/// (`"unpaid"` / `"paid"`, recurring payments).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PaymentStatus {
    /// Not paid yet (`"pending"` or `"unpaid"`).
    Pending,
    /// Paid.
    Paid,
}

impl PaymentStatus {
    /// The status as the API writes it for payment links and invoices.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::Pending => "pending",
            PaymentStatus::Paid => "paid",
        }
    }

    /// The status as a recurring payment's `currentPaymentStatus` writes it:
    /// `"unpaid"` or `"paid"` (Mileston's `CurrentPaymentStatus`).
    pub(crate) fn as_recurring_str(self) -> &'static str {
        match self {
            PaymentStatus::Pending => "unpaid",
            PaymentStatus::Paid => "paid",
        }
    }

    /// `status` or `currentPaymentStatus` as the API writes it, in any case;
    /// otherwise why not, for the decoder's message.
    pub(crate) fn from_wire(s: &str) -> Result<PaymentStatus, &'static str> {
        if s.eq_ignore_ascii_case("paid") {
            Ok(PaymentStatus::Paid)
        } else if s.eq_ignore_ascii_case("pending") || s.eq_ignore_ascii_case("unpaid") {
            Ok(PaymentStatus::Pending)
        } else {
            Err("it is not `pending`, `unpaid` or `paid`")
        }
    }
}

impl fmt::Display for PaymentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        pad(f, self.as_str())
    }
}

/// The three kinds of payment the checkout service handles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PaymentKind {
    /// An invoice (pattern `invoice`).
    Invoice,
    /// A payment link (pattern `paymentlink`).
    PaymentLink,
    /// A recurring payment (pattern `recurring`).
    Recurring,
}

impl PaymentKind {
    /// The pattern in checkout paths: `invoice`, `paymentlink`, `recurring`.
    pub fn pattern(self) -> &'static str {
        match self {
            PaymentKind::Invoice => "invoice",
            PaymentKind::PaymentLink => "paymentlink",
            PaymentKind::Recurring => "recurring",
        }
    }
}

impl fmt::Display for PaymentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        pad(f, self.pattern())
    }
}
