//! Request and response types of the Mileston API (see `docs/wire-protocol.md`).

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

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AmountError::Empty => "it is empty",
            AmountError::NotDecimal => {
                "it is not a decimal number written as digits, an optional `.` and 1 or 2 digits \
                 (e.g. `100.00`)"
            }
            AmountError::Decimals => "it must have 1 or 2 digits after the `.`",
            AmountError::Zero => "it must be greater than zero",
        })
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

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DateError::Shape => {
                "it is not an ISO-8601 date (`2026-12-31`) or date-time \
                 (`2026-12-31T00:00:00Z`)"
            }
            DateError::OutOfRange => "a field is out of range (month, day, hour, minute, second)",
        })
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

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for IsoDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        check_date(&s).map_err(serde::de::Error::custom)?;
        Ok(IsoDate(s))
    }
}

// ---------------------------------------------------------------- status, kinds

/// Whether a payment was made, normalised from `status` (`"pending"` /
/// `"paid"`, payment links and invoices) or `currentPaymentStatus`
/// (`"unpaid"` / `"paid"`, recurring payments).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

    /// `status` or `currentPaymentStatus` as the API writes it, in any case.
    pub(crate) fn from_wire(s: &str) -> Option<PaymentStatus> {
        if s.eq_ignore_ascii_case("paid") {
            Some(PaymentStatus::Paid)
        } else if s.eq_ignore_ascii_case("pending") || s.eq_ignore_ascii_case("unpaid") {
            Some(PaymentStatus::Pending)
        } else {
            None
        }
    }
}

impl<'de> Deserialize<'de> for PaymentStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        PaymentStatus::from_wire(&s)
            .ok_or_else(|| serde::de::Error::unknown_variant(&s, &["pending", "unpaid", "paid"]))
    }
}

impl fmt::Display for PaymentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The three kinds of payment the checkout service handles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

// ---------------------------------------------------------------- resources

/// A payment link as the API returns it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(any(target_arch = "wasm32", test), derive(miniserde::Deserialize))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PaymentLink {
    /// Its ID.
    #[serde(rename = "paymentLinkId")]
    pub payment_link_id: String,
    /// The amount.
    pub amount: Amount,
    /// Title shown on the checkout page.
    pub title: Option<String>,
    /// Description shown on the checkout page.
    pub description: Option<String>,
    /// Where the customer goes after paying.
    #[serde(rename = "redirectUrl")]
    pub redirect_url: Option<String>,
    /// Logo shown on the checkout page.
    #[serde(rename = "logoUrl")]
    pub logo_url: Option<String>,
    /// Banner shown on the checkout page.
    #[serde(rename = "bannerUrl")]
    pub banner_url: Option<String>,
    /// `pending` or `paid` (wire field `status`).
    pub status: PaymentStatus,
    /// `"test"` or `"prod"`.
    pub env: String,
    /// ISO-8601 creation time.
    #[serde(rename = "createdAt")]
    pub created_at: String,
    /// ISO-8601 time of the last change.
    #[serde(rename = "updatedAt")]
    pub updated_at: String,
}

/// An invoice as the API returns it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Invoice {
    /// Its ID.
    pub invoice_id: String,
    /// The amount.
    pub amount: Amount,
    /// What is invoiced.
    pub item_name: String,
    /// Who pays.
    pub customer_email: String,
    /// When it is due.
    pub due_date: IsoDate,
    /// Whether a PDF is attached.
    #[serde(default)]
    pub add_pdf: bool,
    /// The business name given at creation.
    pub business_name: String,
    /// `pending` or `paid` (wire field `status`).
    pub status: PaymentStatus,
    /// `"test"` or `"prod"`.
    pub env: String,
    /// ISO-8601 creation time.
    pub created_at: String,
    /// ISO-8601 time of the last change.
    pub updated_at: String,
}

/// A recurring payment as the API returns it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(any(target_arch = "wasm32", test), derive(miniserde::Deserialize))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RecurringPayment {
    /// Its ID.
    #[serde(rename = "recurringPaymentId")]
    pub recurring_payment_id: String,
    /// The amount of each payment.
    pub amount: Amount,
    /// The subscription's name.
    #[serde(rename = "subscriptionName")]
    pub subscription_name: String,
    /// The subscriber's full name.
    #[serde(rename = "subscriberFullName")]
    pub subscriber_full_name: String,
    /// The subscriber's email.
    #[serde(rename = "subscriberEmail")]
    pub subscriber_email: String,
    /// The date of the (next) payment.
    #[serde(rename = "recurringDate")]
    pub recurring_date: IsoDate,
    /// Days between payments.
    #[serde(rename = "recurringInterval")]
    pub recurring_interval: u32,
    /// The business name given at creation.
    #[serde(rename = "businessName")]
    pub business_name: String,
    /// `unpaid` (as [`PaymentStatus::Pending`]) or `paid` (wire field
    /// `currentPaymentStatus`).
    #[serde(rename = "currentPaymentStatus")]
    pub status: PaymentStatus,
    /// `"test"` or `"prod"`.
    pub env: String,
    /// ISO-8601 creation time.
    #[serde(rename = "createdAt")]
    pub created_at: String,
    /// ISO-8601 time of the last change.
    #[serde(rename = "updatedAt")]
    pub updated_at: String,
}

/// A payment read through the checkout service: one of the three resources.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Payment {
    /// An invoice.
    Invoice(Invoice),
    /// A payment link.
    PaymentLink(PaymentLink),
    /// A recurring payment.
    Recurring(RecurringPayment),
}

impl Payment {
    /// Its kind.
    pub fn kind(&self) -> PaymentKind {
        match self {
            Payment::Invoice(_) => PaymentKind::Invoice,
            Payment::PaymentLink(_) => PaymentKind::PaymentLink,
            Payment::Recurring(_) => PaymentKind::Recurring,
        }
    }

    /// Its ID (`invoiceId`, `paymentLinkId` or `recurringPaymentId`).
    pub fn id(&self) -> &str {
        match self {
            Payment::Invoice(p) => &p.invoice_id,
            Payment::PaymentLink(p) => &p.payment_link_id,
            Payment::Recurring(p) => &p.recurring_payment_id,
        }
    }

    /// The amount.
    pub fn amount(&self) -> &Amount {
        match self {
            Payment::Invoice(p) => &p.amount,
            Payment::PaymentLink(p) => &p.amount,
            Payment::Recurring(p) => &p.amount,
        }
    }

    /// The normalised status.
    pub fn status(&self) -> PaymentStatus {
        match self {
            Payment::Invoice(p) => p.status,
            Payment::PaymentLink(p) => p.status,
            Payment::Recurring(p) => p.status,
        }
    }

    /// Whether it is paid.
    pub fn is_paid(&self) -> bool {
        self.status() == PaymentStatus::Paid
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn from_json(
        kind: PaymentKind,
        v: serde_json::Value,
    ) -> serde_json::Result<Payment> {
        Ok(match kind {
            PaymentKind::Invoice => Payment::Invoice(serde_json::from_value(v)?),
            PaymentKind::PaymentLink => Payment::PaymentLink(serde_json::from_value(v)?),
            PaymentKind::Recurring => Payment::Recurring(serde_json::from_value(v)?),
        })
    }
}

/// The answer to verifying a payment.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(clippy::large_enum_variant)] // Mirrors `Result<Payment, _>`; matching stays simple.
pub enum Verification {
    /// Paid: the API answered 200 "Payment verified".
    Paid(Payment),
    /// Not paid yet: the API answered 400 "Still awaiting payment". Ask again
    /// later.
    AwaitingPayment,
}

/// A resource just created, with its hosted checkout page.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Created<T> {
    /// The API's `message`.
    pub message: String,
    /// The hosted checkout page to send the customer to (`paymentLink`,
    /// `invoiceLink` or `recurringPaymentLink` on the wire), e.g.
    /// `https://checkout.mileston.co/invoice/<id>`.
    pub url: String,
    /// The resource (`paymentData`, `invoiceData` or `recurringData`).
    pub data: T,
}

/// A service's health (`GET /status`).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Health {
    /// `"healthy"` (an unhealthy service answers 503, which is an
    /// [`Error::Status`](crate::Error::Status)).
    pub status: String,
    /// The service's name.
    #[serde(default)]
    pub service: String,
    /// ISO-8601 time of the answer.
    #[serde(default)]
    pub timestamp: String,
    /// Seconds since the service started.
    #[serde(default)]
    pub uptime: f64,
}

impl Health {
    /// Whether `status` is `"healthy"`.
    pub fn is_healthy(&self) -> bool {
        self.status == "healthy"
    }
}

// ---------------------------------------------------------------- requests

/// A payment link to create (`POST /payment-link/create`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewPaymentLink {
    /// The amount (required).
    pub amount: Amount,
    /// Title shown on the checkout page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Description shown on the checkout page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the customer goes after paying.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_url: Option<String>,
    /// Logo shown on the checkout page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    /// Banner shown on the checkout page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub banner_url: Option<String>,
}

impl NewPaymentLink {
    /// A payment link for `amount`, every optional field unset.
    pub fn new(amount: Amount) -> Self {
        NewPaymentLink {
            amount,
            title: None,
            description: None,
            redirect_url: None,
            logo_url: None,
            banner_url: None,
        }
    }
}

/// Changes to a payment link (`PATCH /payment-link/update`); unset fields are
/// left as they are.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentLinkUpdate {
    /// New amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// New title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// New description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// New redirect URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_url: Option<String>,
    /// New logo URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    /// New banner URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub banner_url: Option<String>,
}

/// An invoice to create (`POST /invoice/create?businessName=NAME`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewInvoice {
    /// The amount.
    pub amount: Amount,
    /// What is invoiced (not empty).
    pub item_name: String,
    /// Who pays (not empty).
    pub customer_email: String,
    /// When it is due.
    pub due_date: IsoDate,
    /// Whether to attach a PDF.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub add_pdf: Option<bool>,
}

impl NewInvoice {
    /// An invoice with the required fields, no PDF preference.
    pub fn new(
        amount: Amount,
        item_name: impl Into<String>,
        customer_email: impl Into<String>,
        due_date: IsoDate,
    ) -> Self {
        NewInvoice {
            amount,
            item_name: item_name.into(),
            customer_email: customer_email.into(),
            due_date,
            add_pdf: None,
        }
    }
}

/// Changes to an invoice (`PATCH /invoice/update`); unset fields are left as
/// they are.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceUpdate {
    /// New amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// New item name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_name: Option<String>,
    /// New customer email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_email: Option<String>,
    /// New due date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_date: Option<IsoDate>,
    /// Whether to attach a PDF.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub add_pdf: Option<bool>,
}

/// A recurring payment to create (`POST /recurring-payment/create?businessName=NAME`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewRecurringPayment {
    /// The amount of each payment.
    pub amount: Amount,
    /// The subscription's name (not empty).
    pub subscription_name: String,
    /// The subscriber's full name (not empty).
    pub subscriber_full_name: String,
    /// The subscriber's email (not empty).
    pub subscriber_email: String,
    /// The date of the first payment.
    pub recurring_date: IsoDate,
    /// Days between payments, 1..=3650.
    pub recurring_interval: u32,
}

/// Changes to a recurring payment (`PATCH /recurring-payment/update`); unset
/// fields are left as they are.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecurringPaymentUpdate {
    /// New amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// New subscription name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscription_name: Option<String>,
    /// New subscriber name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscriber_full_name: Option<String>,
    /// New subscriber email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscriber_email: Option<String>,
    /// New payment date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurring_date: Option<IsoDate>,
    /// New interval in days, 1..=3650.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurring_interval: Option<u32>,
}

/// A payment the customer started, to record
/// (`POST /checkout/save-payment/{pattern}.save`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SavePayment {
    /// The payment's ID (invoice, payment link or recurring payment ID).
    pub id: String,
    /// The amount paid.
    pub amount: Amount,
    /// The payer's wallet address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payer_address: Option<String>,
    /// The transaction's hash.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_hash: Option<String>,
}

impl SavePayment {
    /// A record with the required fields.
    pub fn new(id: impl Into<String>, amount: Amount) -> Self {
        SavePayment {
            id: id.into(),
            amount,
            payer_address: None,
            transaction_hash: None,
        }
    }
}

// ---------------------------------------------------------------- envelopes (private)

/// `{"message", "<kind>Link", "<kind>Data"}`.
#[derive(Deserialize)]
pub(crate) struct CreatedBody<T> {
    #[serde(default)]
    pub(crate) message: String,
    #[serde(
        alias = "paymentLink",
        alias = "invoiceLink",
        alias = "recurringPaymentLink"
    )]
    pub(crate) url: String,
    #[serde(alias = "paymentData", alias = "invoiceData", alias = "recurringData")]
    pub(crate) data: T,
}

impl<T> From<CreatedBody<T>> for Created<T> {
    fn from(b: CreatedBody<T>) -> Self {
        Created {
            message: b.message,
            url: b.url,
            data: b.data,
        }
    }
}

/// `{"paymentData" | "invoiceData" | "recurringData" | "data": T}`.
#[derive(Deserialize)]
pub(crate) struct DataBody<T> {
    #[serde(alias = "paymentData", alias = "invoiceData", alias = "recurringData")]
    pub(crate) data: T,
}

fn not_blank(field: &'static str, s: &str) -> Result<(), crate::Error> {
    if s.trim().is_empty() {
        return Err(crate::Error::InvalidInput {
            field,
            reason: "it is empty",
        });
    }
    Ok(())
}

fn interval(days: u32) -> Result<(), crate::Error> {
    if !(1..=3650).contains(&days) {
        return Err(crate::Error::InvalidInput {
            field: "recurringInterval",
            reason: "it must be from 1 to 3650 days",
        });
    }
    Ok(())
}

impl NewInvoice {
    pub(crate) fn validate(&self) -> Result<(), crate::Error> {
        not_blank("itemName", &self.item_name)?;
        not_blank("customerEmail", &self.customer_email)
    }
}

impl InvoiceUpdate {
    pub(crate) fn validate(&self) -> Result<(), crate::Error> {
        if let Some(s) = &self.item_name {
            not_blank("itemName", s)?;
        }
        if let Some(s) = &self.customer_email {
            not_blank("customerEmail", s)?;
        }
        Ok(())
    }
}

impl NewRecurringPayment {
    pub(crate) fn validate(&self) -> Result<(), crate::Error> {
        not_blank("subscriptionName", &self.subscription_name)?;
        not_blank("subscriberFullName", &self.subscriber_full_name)?;
        not_blank("subscriberEmail", &self.subscriber_email)?;
        interval(self.recurring_interval)
    }
}

impl RecurringPaymentUpdate {
    pub(crate) fn validate(&self) -> Result<(), crate::Error> {
        if let Some(s) = &self.subscription_name {
            not_blank("subscriptionName", s)?;
        }
        if let Some(s) = &self.subscriber_full_name {
            not_blank("subscriberFullName", s)?;
        }
        if let Some(s) = &self.subscriber_email {
            not_blank("subscriberEmail", s)?;
        }
        if let Some(d) = self.recurring_interval {
            interval(d)?;
        }
        Ok(())
    }
}

impl SavePayment {
    pub(crate) fn validate(&self) -> Result<(), crate::Error> {
        not_blank("id", &self.id)
    }
}
