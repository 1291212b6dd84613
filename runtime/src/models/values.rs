//! The API's values, each checked when built: amounts, payment statuses and
//! kinds (dates are in `date.rs`, chains and assets in `chains.rs`). The rules
//! live here only: requests, answers and the decoder all go through them.

use core::fmt;
use core::fmt::Write as _;

use serde::Serialize;

use mileston_config_core::protocol::{self, Kind};

use crate::mode::KeyMode;

/// The conversions of a value checked from text (`$ty`, refused with
/// `$err`): `FromStr` and `TryFrom<&str>` by `$ty::new`, and serde's
/// `Deserialize` the same way, for users' own serde documents (a config, a
/// cache; the client reads answers with the decoder, `decode.rs`).
macro_rules! checked_text {
    ($ty:ident, $err:ident) => {
        impl core::str::FromStr for $ty {
            type Err = $err;
            fn from_str(s: &str) -> Result<Self, $err> {
                $ty::new(s)
            }
        }

        impl TryFrom<&str> for $ty {
            type Error = $err;
            fn try_from(s: &str) -> Result<Self, $err> {
                $ty::new(s)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <String as serde::Deserialize>::deserialize(d)?;
                $ty::new(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use checked_text;

/// `Display` and `Error` for a refusal whose `reason()` says it all.
macro_rules! reason_error {
    ($err:ident) => {
        impl core::fmt::Display for $err {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.reason())
            }
        }

        impl std::error::Error for $err {}
    };
}
pub(crate) use reason_error;

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

/// `Display` through [`pad`] (and, with `serialize`, serde's `Serialize`)
/// for a type whose wire text its `$text` method gives: the one way every
/// closed value of the API is written.
macro_rules! written_as {
    ($ty:ty, $text:ident) => {
        impl core::fmt::Display for $ty {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                $crate::models::values::pad(f, self.$text())
            }
        }
    };
    ($ty:ty, $text:ident, serialize) => {
        written_as!($ty, $text);

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.$text())
            }
        }
    };
}
pub(crate) use written_as;

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
    /// More than 18 digits after the point, or a value too large to hold
    /// exactly (a [`Balance`] is exact to 18 decimals, as the smallest units
    /// of the chains' coins are).
    OutOfRange,
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
            AmountError::OutOfRange => {
                "it has more than 18 digits after the point, or is too large to hold exactly"
            }
        }
    }
}

/// An amount as the API takes it: a decimal string of digits, optionally a
/// `.` and more digits, greater than zero: `"1"`, `"0.5"`, `"100.00"`, and
/// as many decimals as a token has (`"0.000000000000000001"` ETH). Every form
/// Mileston's docs and SDKs show is one, and Mileston's checkout SDK sends the
/// integrator's string unchanged, so only what cannot be an amount is refused
/// (`""`, `"0"`, `"-5"`, `"1e3"`, `".5"`, `"1."`, `"1,00"`). The string is
/// kept as given. Checked when built, so a request never carries a bad amount.
///
/// # Currency
///
/// The amount of a payment link, an invoice or a recurring payment is in US
/// dollars ([`Amount::CURRENCY`]): `"25.00"` is 25 USD. The customer pays it
/// in USDC or USDT (dollar stablecoins, one for one) or in a chain's own coin
/// (ETH, POL, AVAX, SOL), which Mileston's checkout works out from the dollar
/// amount at the market price (its SDK asks CoinGecko for USD prices). No
/// answer and no type of Mileston's states the currency, and no other is
/// documented; this crate converts nothing. The wallet API's amounts
/// (payouts, balances) are documented only as decimal strings: their unit is
/// not stated.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Amount(String);

impl Amount {
    /// The currency of the amounts of payment links, invoices and recurring
    /// payments: `"USD"` (ISO 4217), paid in USDC and other tokens; see
    /// [Currency](Amount#currency).
    pub const CURRENCY: &'static str = "USD";

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
    let decimal = match mileston_config_core::ascii::split_once(s, b'.') {
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

checked_text!(Amount, AmountError);
reason_error!(AmountError);

impl TryFrom<String> for Amount {
    type Error = AmountError;
    fn try_from(s: String) -> Result<Self, AmountError> {
        check_amount(&s)?;
        Ok(Amount(s))
    }
}

// ---------------------------------------------------------------- Balance

/// How many digits after the point a [`Balance`] holds.
const BALANCE_DECIMALS: u32 = 18;
/// One, in a [`Balance`]'s units.
const ONE: u128 = 10u128.pow(BALANCE_DECIMALS);

/// A wallet's balance, exactly: a decimal that is not negative, with up to
/// 18 digits after the point (the smallest units of the chains' coins), so
/// that a reconciliation's arithmetic holds (`1000.5 - 25.25` is `975.25`,
/// `1000.50` equals `1000.5`). The wallet API writes balances as strings,
/// and as JSON numbers in `GET /user/all-wallets`: both are read into it.
/// `Display` writes its shortest form.
///
/// ```
/// use mileston_config::types::{Amount, Balance};
///
/// let before: Balance = "1000.50".parse()?;
/// let paid = Balance::of(&Amount::new("25.25")?).unwrap();
/// assert_eq!(before.checked_sub(paid), Some("975.25".parse()?));
/// assert_eq!(before.to_string(), "1000.5");
/// # Ok::<(), mileston_config::types::AmountError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Balance(u128);

impl Balance {
    /// No funds.
    pub const ZERO: Balance = Balance(0);

    /// Reads a balance: digits, optionally a `.` and at most 18 more.
    pub fn new(s: &str) -> Result<Balance, AmountError> {
        if s.is_empty() {
            return Err(AmountError::Empty);
        }
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || !digits(int) || !digits(frac) || (s.ends_with('.')) {
            return Err(AmountError::NotDecimal);
        }
        if frac.len() > BALANCE_DECIMALS as usize {
            return Err(AmountError::OutOfRange);
        }
        let number = |part: &str| part.parse::<u128>().map_err(|_| AmountError::OutOfRange);
        let scale = 10u128.pow(BALANCE_DECIMALS - frac.len() as u32);
        let frac = if frac.is_empty() {
            0
        } else {
            number(frac)? * scale
        };
        number(int)?
            .checked_mul(ONE)
            .and_then(|i| i.checked_add(frac))
            .map(Balance)
            .ok_or(AmountError::OutOfRange)
    }

    /// An amount as a balance (`None` past 18 decimals or too large).
    pub fn of(amount: &Amount) -> Option<Balance> {
        Balance::new(amount.as_str()).ok()
    }

    /// `self - other`, or `None` when `other` is larger.
    pub fn checked_sub(self, other: Balance) -> Option<Balance> {
        self.0.checked_sub(other.0).map(Balance)
    }

    /// `self + other`, or `None` past what it can hold.
    pub fn checked_add(self, other: Balance) -> Option<Balance> {
        self.0.checked_add(other.0).map(Balance)
    }
}

checked_text!(Balance, AmountError);

/// Its shortest form: `1000.5`, `0`, `0.000000000000000001`.
impl fmt::Display for Balance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (int, frac) = (self.0 / ONE, self.0 % ONE);
        let text = match frac {
            0 => int.to_string(),
            _ => {
                let frac = format!("{frac:018}");
                format!("{int}.{}", frac.trim_end_matches('0'))
            }
        };
        pad(f, &text)
    }
}

impl Serialize for Balance {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

// ---------------------------------------------------------------- network

/// Which of Mileston's networks a resource lives on (`env` on the wire):
/// its test networks (`test`, test keys, no real money) or its production
/// ones (`prod`, live keys). Read by the one rule between a key's mode and
/// `env` ([`protocol::mode_of_env`]): `test` and `prod` in any letter case;
/// any other value is kept as written ([`Network::Other`]), so that a value
/// Mileston adds later neither refuses the answer nor is lost.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Network {
    /// `test`: test networks.
    Test,
    /// `prod`: production networks.
    Production,
    /// Another value, as the answer wrote it.
    Other(String),
}

impl Network {
    /// The network of a key's mode: test networks for test keys, production
    /// ones for live keys.
    pub const fn of(mode: KeyMode) -> Network {
        match mode {
            KeyMode::Test => Network::Test,
            KeyMode::Live => Network::Production,
        }
    }

    /// The value as Mileston writes it: `test`, `prod`, or the other value.
    pub fn as_str(&self) -> &str {
        match self.mode() {
            Some(mode) => protocol::env_of(mode),
            None => match self {
                Network::Other(s) => s,
                _ => "",
            },
        }
    }

    /// The keys' mode of this network; `None` for another value.
    pub fn mode(&self) -> Option<KeyMode> {
        match self {
            Network::Test => Some(KeyMode::Test),
            Network::Production => Some(KeyMode::Live),
            Network::Other(_) => None,
        }
    }

    /// `env` as an answer writes it.
    pub(crate) fn from_wire(s: String) -> Network {
        match protocol::mode_of_env(&s) {
            Some(mode) => Network::of(mode),
            None => Network::Other(s),
        }
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

/// A recurring payment's status as Mileston writes `currentPaymentStatus`:
/// `unpaid` or `paid`.
pub(crate) fn serialize_recurring<S: serde::Serializer>(
    status: &PaymentStatus,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_str(status.as_recurring_str())
}

/// The three kinds of payment: the checkout service reads any of them
/// ([`CheckoutClient::get_payment`](crate::CheckoutClient::get_payment)), and
/// each is a backend resource of its own.
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
        self.kind().row().checkout_pattern
    }

    /// The protocol's kind.
    pub(crate) const fn kind(self) -> Kind {
        match self {
            PaymentKind::Invoice => Kind::Invoice,
            PaymentKind::PaymentLink => Kind::PaymentLink,
            PaymentKind::Recurring => Kind::Recurring,
        }
    }
}

written_as!(Amount, as_str);
written_as!(Network, as_str, serialize);
// `pending` or `paid`, as the API writes a payment link's or an invoice's
// `status` (a recurring payment's is written `unpaid` or `paid` by its own
// member).
written_as!(PaymentStatus, as_str, serialize);
// Its pattern: `invoice`, `paymentlink`, `recurring`.
written_as!(PaymentKind, pattern, serialize);
