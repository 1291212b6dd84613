//! The API's values, each checked when built: amounts, dates, payment
//! statuses and kinds. The rules live here only: requests, answers and the
//! decoder all go through them.

use core::fmt;

use serde::{Deserialize, Deserializer, Serialize};

// ---------------------------------------------------------------- Amount

/// Why a string is not an amount. Holds no character of the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AmountError {
    /// The string is empty.
    Empty,
    /// Not `digits[.d[d]]`: a sign, a letter, a space, an exponent, a
    /// thousands separator, a missing integer part (`.5`)...
    NotDecimal,
    /// More than two digits after the `.` (or none).
    Decimals,
    /// Zero: amounts are greater than zero.
    Zero,
}

impl AmountError {
    /// The text of `Display`, for the decoder's messages.
    pub(crate) fn reason(self) -> &'static str {
        match self {
            AmountError::Empty => "it is empty",
            AmountError::NotDecimal => {
                "it is not a decimal number written as digits, an optional `.` and 1 or 2 digits \
                 (e.g. `100.00`)"
            }
            AmountError::Decimals => "it must have 1 or 2 digits after the `.`",
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

/// An amount as the API takes it: a decimal string of digits, an optional `.`
/// and 1 or 2 digits, greater than zero (`"100"`, `"100.5"`, `"0.01"`).
/// Checked when built, so a request never carries a bad amount.
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
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AmountError::NotDecimal);
    }
    if let Some(frac) = frac {
        if !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AmountError::NotDecimal);
        }
        if frac.is_empty() || frac.len() > 2 {
            return Err(AmountError::Decimals);
        }
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
        f.write_str(&self.0)
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

// ---------------------------------------------------------------- IsoDate

/// Why a string is not an ISO-8601 date. Holds no character of the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DateError {
    /// Not `YYYY-MM-DD`, optionally followed by `THH:MM[:SS[.fraction]]` and
    /// `Z` or `±HH:MM`.
    Shape,
    /// The shape is right but a field is out of range (month 13, February 30,
    /// hour 24, ...).
    OutOfRange,
}

impl DateError {
    /// The text of `Display`, for the decoder's messages.
    pub(crate) fn reason(self) -> &'static str {
        match self {
            DateError::Shape => {
                "it is not an ISO-8601 date (`2026-12-31`) or date-time \
                 (`2026-12-31T00:00:00Z`)"
            }
            DateError::OutOfRange => "a field is out of range (month, day, hour, minute, second)",
        }
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.reason())
    }
}

impl std::error::Error for DateError {}

/// An ISO-8601 date (`"2026-12-31"`) or date-time (`"2026-12-31T00:00:00Z"`,
/// `"2026-12-31T09:30:00.000+02:00"`), checked for shape and field ranges
/// (months, days of the month with leap years, hours, minutes, seconds).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct IsoDate(String);

impl IsoDate {
    /// Checks and wraps a date or date-time.
    pub fn new(s: &str) -> Result<IsoDate, DateError> {
        check_date(s)?;
        Ok(IsoDate(s.to_owned()))
    }

    /// The string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn digits(s: &[u8]) -> Option<u32> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
}

fn check_date(s: &str) -> Result<(), DateError> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(DateError::Shape);
    }
    let (year, month, day) = match (digits(&b[0..4]), digits(&b[5..7]), digits(&b[8..10])) {
        (Some(y), Some(m), Some(d)) => (y, m, d),
        _ => return Err(DateError::Shape),
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(DateError::OutOfRange),
    };
    if day == 0 || day > days {
        return Err(DateError::OutOfRange);
    }
    let rest = &b[10..];
    if rest.is_empty() {
        return Ok(());
    }
    // THH:MM
    if rest.len() < 6 || rest[0] != b'T' || rest[3] != b':' {
        return Err(DateError::Shape);
    }
    let (hour, minute) = match (digits(&rest[1..3]), digits(&rest[4..6])) {
        (Some(h), Some(m)) => (h, m),
        _ => return Err(DateError::Shape),
    };
    let mut rest = &rest[6..];
    let mut second = 0;
    if let [b':', s1, s2, tail @ ..] = rest {
        second = digits(&[*s1, *s2]).ok_or(DateError::Shape)?;
        rest = tail;
        if let [b'.', tail @ ..] = rest {
            let n = tail.iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 || n > 9 {
                return Err(DateError::Shape);
            }
            rest = &tail[n..];
        }
    }
    if hour > 23 || minute > 59 || second > 60 {
        return Err(DateError::OutOfRange);
    }
    match rest {
        [] | [b'Z'] => Ok(()),
        [b'+' | b'-', h1, h2, b':', m1, m2] => match (digits(&[*h1, *h2]), digits(&[*m1, *m2])) {
            (Some(h), Some(m)) if h <= 23 && m <= 59 => Ok(()),
            (Some(_), Some(_)) => Err(DateError::OutOfRange),
            _ => Err(DateError::Shape),
        },
        _ => Err(DateError::Shape),
    }
}

impl core::str::FromStr for IsoDate {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, DateError> {
        IsoDate::new(s)
    }
}

impl TryFrom<&str> for IsoDate {
    type Error = DateError;
    fn try_from(s: &str) -> Result<Self, DateError> {
        IsoDate::new(s)
    }
}

impl TryFrom<String> for IsoDate {
    type Error = DateError;
    fn try_from(s: String) -> Result<Self, DateError> {
        check_date(&s)?;
        Ok(IsoDate(s))
    }
}

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

// As for `Amount`: for users' own documents, with the same check.
impl<'de> Deserialize<'de> for IsoDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        IsoDate::try_from(String::deserialize(d)?).map_err(serde::de::Error::custom)
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
        f.write_str(self.as_str())
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
        f.write_str(self.pattern())
    }
}
