//! Dates as the API takes them. Mileston's backend SDK types its dates as
//! JavaScript `Date`s, so they go out as `Date.prototype.toJSON` writes them:
//! UTC, to the millisecond, `2026-12-31T00:00:00.000Z`. [`IsoDate`] reads
//! every ISO-8601 form a source shows (a date; a date-time with or without
//! seconds, with any fraction, with `Z` or `±hh:mm`) and holds that one form,
//! which it writes, so that a date sent and the same date read back are equal.

use core::fmt;

use serde::Serialize;

use super::values::{checked_text, pad, reason_error};

/// Why a string is not a date. Holds no character of the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DateError {
    /// Not `YYYY-MM-DD`, optionally followed by `THH:MM[:SS[.fraction]]` and
    /// `Z` or `±HH:MM`.
    Shape,
    /// The shape is right but a field is out of range (month 13, February 30,
    /// hour 24, second 60, ...), or the date is outside the years 0000-9999
    /// once in UTC.
    OutOfRange,
    /// A time without `Z` or an offset: JavaScript, and so Mileston, would
    /// read it in the reader's local time, which the sender cannot know.
    NoZone,
}

impl DateError {
    /// The text of `Display`, for the decoder's messages.
    pub(crate) fn reason(self) -> &'static str {
        match self {
            DateError::Shape => {
                "it is not an ISO-8601 date (`2026-12-31`) or date-time \
                 (`2026-12-31T00:00:00.000Z`)"
            }
            DateError::OutOfRange => "a field is out of range (month, day, hour, minute, second)",
            DateError::NoZone => {
                "a date-time needs `Z` or an offset like `+02:00` (without one it is read in \
                 local time)"
            }
        }
    }
}

/// An instant, read from an ISO-8601 date (`"2026-12-31"`, midnight UTC) or
/// date-time with a zone (`"2026-12-31T09:30Z"`,
/// `"2026-12-31T09:30:00.123456+02:00"`), checked for shape and field ranges
/// (months, days of the month with leap years, hours, minutes, seconds), and
/// held as JavaScript writes a `Date`: `"2026-12-31T07:30:00.123Z"` (UTC,
/// milliseconds; a longer fraction is cut, as JavaScript does). That is the
/// form it is sent in and the form [`as_str`](IsoDate::as_str) returns.
///
/// Built from text ([`IsoDate::new`], `str::parse`, `TryFrom<&str>` and
/// `TryFrom<String>`), from a calendar day's numbers
/// ([`IsoDate::from_ymd`]), or from another crate's date type with the
/// feature of its name:
///
/// | feature | into an `IsoDate` (`TryFrom`) | out of one |
/// |---|---|---|
/// | `chrono` | `DateTime<Tz>` (any zone), `NaiveDate` | `DateTime<Utc>` (`From`) |
/// | `time` | `OffsetDateTime`, `Date` | `OffsetDateTime` at UTC (`From`) |
/// | `jiff` | `Timestamp` (a `Zoned`'s `.timestamp()`), `civil::Date` | `Timestamp` (`TryFrom`: jiff's instants end with the second 9999-12-30T22:00:00Z) |
///
/// An instant is converted to UTC and cut to the millisecond; a calendar day
/// is its midnight UTC. Years before 0000 or after 9999 (in UTC) and leap
/// seconds are refused with [`DateError::OutOfRange`], as JavaScript's `Date`
/// cannot write them either.
///
/// ```
/// use mileston_config::types::IsoDate;
///
/// let due = IsoDate::from_ymd(2026, 12, 31)?;
/// assert_eq!(due.as_str(), "2026-12-31T00:00:00.000Z");
/// assert_eq!(due, "2026-12-31".parse()?);
/// # Ok::<(), mileston_config::types::DateError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct IsoDate(String);

impl IsoDate {
    /// Checks a date or date-time and converts it to UTC.
    pub fn new(s: &str) -> Result<IsoDate, DateError> {
        parse(s.as_bytes()).map(|utc| utc.write())
    }

    /// Midnight UTC of a calendar day: `IsoDate::from_ymd(2026, 12, 31)` is
    /// `2026-12-31T00:00:00.000Z`, as `IsoDate::new("2026-12-31")`.
    ///
    /// # Errors
    /// [`DateError::OutOfRange`] for a year after 9999, a month outside
    /// 1..=12, or a day the month does not have (February 29 outside leap
    /// years).
    pub fn from_ymd(year: u32, month: u32, day: u32) -> Result<IsoDate, DateError> {
        Utc::midnight(year, month, day).checked()
    }

    /// The instant `ms` milliseconds after the Unix epoch (`None` outside
    /// the years 0000-9999).
    pub(crate) fn from_unix_millis(ms: i64) -> Option<IsoDate> {
        IsoDate::new(&mileston_config_core::time::iso_millis(ms)).ok()
    }

    /// The date as sent: `YYYY-MM-DDTHH:MM:SS.sssZ`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Its fields in UTC, read back from the text it holds.
    #[cfg_attr(
        not(any(feature = "chrono", feature = "time", feature = "jiff")),
        allow(dead_code)
    )]
    pub(crate) fn utc(&self) -> Utc {
        let b = self.0.as_bytes();
        let n = |from: usize, to: usize| digits(&b[from..to]).unwrap_or(0);
        Utc {
            year: n(0, 4),
            month: n(5, 7),
            day: n(8, 10),
            hour: n(11, 13),
            minute: n(14, 16),
            second: n(17, 19),
            millis: n(20, 23),
        }
    }
}

/// An instant's fields in UTC, to the millisecond: what an [`IsoDate`] holds,
/// and what the conversions from other crates' types give (`date_crates.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Utc {
    pub(crate) year: u32,
    pub(crate) month: u32,
    pub(crate) day: u32,
    pub(crate) hour: u32,
    pub(crate) minute: u32,
    pub(crate) second: u32,
    pub(crate) millis: u32,
}

impl Utc {
    pub(crate) fn midnight(year: u32, month: u32, day: u32) -> Utc {
        Utc {
            year,
            month,
            day,
            hour: 0,
            minute: 0,
            second: 0,
            millis: 0,
        }
    }

    /// The date, when every field is in range (years 0000-9999, no second
    /// 60: JavaScript's `Date` refuses it).
    pub(crate) fn checked(self) -> Result<IsoDate, DateError> {
        let in_range = self.year <= 9999
            && (1..=12).contains(&self.month)
            && (1..=days_in(self.year, self.month)).contains(&self.day)
            && self.hour <= 23
            && self.minute <= 59
            && self.second <= 59
            && self.millis <= 999;
        if !in_range {
            return Err(DateError::OutOfRange);
        }
        Ok(self.write())
    }

    /// The canonical text, `YYYY-MM-DDTHH:MM:SS.sssZ`, of fields in range.
    fn write(self) -> IsoDate {
        self.write_into(String::with_capacity(24))
    }

    /// As [`write`](Utc::write), in `out`'s buffer: a date read from an
    /// answer's `String` reuses it (as long as the canonical text, most
    /// often), so that reading one allocates nothing.
    fn write_into(self, mut out: String) -> IsoDate {
        out.clear();
        out.reserve_exact(24);
        for (n, width, after) in [
            (self.year, 4, '-'),
            (self.month, 2, '-'),
            (self.day, 2, 'T'),
            (self.hour, 2, ':'),
            (self.minute, 2, ':'),
            (self.second, 2, '.'),
            (self.millis, 3, 'Z'),
        ] {
            let mut unit = 10u32.pow(width - 1);
            while unit > 0 {
                out.push(char::from(b'0' + (n / unit % 10) as u8));
                unit /= 10;
            }
            out.push(after);
        }
        IsoDate(out)
    }
}

fn digits(s: &[u8]) -> Option<u32> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
}

fn days_in(year: u32, month: u32) -> u32 {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        _ => 28,
    }
}

/// The fields of `s` in UTC, or why it is not a date.
fn parse(b: &[u8]) -> Result<Utc, DateError> {
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(DateError::Shape);
    }
    let (mut year, mut month, mut day) =
        match (digits(&b[0..4]), digits(&b[5..7]), digits(&b[8..10])) {
            (Some(y), Some(m), Some(d)) => (y, m, d),
            _ => return Err(DateError::Shape),
        };
    if !(1..=12).contains(&month) || day == 0 || day > days_in(year, month) {
        return Err(DateError::OutOfRange);
    }
    let (mut minutes, second, millis) = match &b[10..] {
        [] => (0, 0, 0),
        rest => time(rest)?,
    };
    // A zone moves the time by less than a day: at most one day either way.
    if minutes < 0 {
        minutes += 1440;
        day -= 1;
        if day == 0 {
            month -= 1;
            if month == 0 {
                year = year.checked_sub(1).ok_or(DateError::OutOfRange)?;
                month = 12;
            }
            day = days_in(year, month);
        }
    } else if minutes >= 1440 {
        minutes -= 1440;
        day += 1;
        if day > days_in(year, month) {
            day = 1;
            month += 1;
            if month == 13 {
                year += 1;
                month = 1;
            }
        }
    }
    if year > 9999 {
        return Err(DateError::OutOfRange);
    }
    let minutes = minutes as u32;
    Ok(Utc {
        year,
        month,
        day,
        hour: minutes / 60,
        minute: minutes % 60,
        second,
        millis,
    })
}

/// `THH:MM[:SS[.fraction]]` and its zone: minutes of the day in UTC (before
/// carrying into the date, so from -1439 to 2878), seconds, milliseconds.
fn time(rest: &[u8]) -> Result<(i32, u32, u32), DateError> {
    let [b'T', h1, h2, b':', m1, m2, rest @ ..] = rest else {
        return Err(DateError::Shape);
    };
    let (hour, minute) = match (digits(&[*h1, *h2]), digits(&[*m1, *m2])) {
        (Some(h), Some(m)) => (h, m),
        _ => return Err(DateError::Shape),
    };
    let (mut second, mut millis, mut rest) = (0, 0, rest);
    if let [b':', s1, s2, tail @ ..] = rest {
        second = digits(&[*s1, *s2]).ok_or(DateError::Shape)?;
        rest = tail;
        if let [b'.', tail @ ..] = rest {
            let n = tail.iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return Err(DateError::Shape);
            }
            // Milliseconds, the rest cut as JavaScript's `Date` does. (A
            // loop: a chained iterator and slice indexing weighed on the
            // wasm page.)
            for k in 0..3 {
                let digit = match tail.get(k) {
                    Some(d) if k < n => u32::from(d - b'0'),
                    _ => 0,
                };
                millis = millis * 10 + digit;
            }
            rest = tail.get(n..).unwrap_or_default();
        }
    }
    // Second 60 (a leap second) too: JavaScript's `Date` refuses it.
    if hour > 23 || minute > 59 || second > 59 {
        return Err(DateError::OutOfRange);
    }
    let offset = match rest {
        [] => return Err(DateError::NoZone),
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            match (digits(&[*h1, *h2]), digits(&[*m1, *m2])) {
                (Some(h), Some(m)) if h <= 23 && m <= 59 => {
                    let minutes = (h * 60 + m) as i32;
                    if *sign == b'-' { -minutes } else { minutes }
                }
                (Some(_), Some(_)) => return Err(DateError::OutOfRange),
                _ => return Err(DateError::Shape),
            }
        }
        _ => return Err(DateError::Shape),
    };
    Ok(((hour * 60 + minute) as i32 - offset, second, millis))
}

checked_text!(IsoDate, DateError);
reason_error!(DateError);

impl TryFrom<String> for IsoDate {
    type Error = DateError;
    fn try_from(s: String) -> Result<Self, DateError> {
        let utc = parse(s.as_bytes())?;
        Ok(utc.write_into(s))
    }
}

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        pad(f, &self.0)
    }
}
