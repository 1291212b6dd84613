//! [`IsoDate`] from and to the date types of chrono, time and jiff, each
//! behind the feature of the crate's name, so that no user builds a date
//! crate they do not use.
//!
//! Into an `IsoDate` (`TryFrom`): an instant in any zone or offset, converted
//! to UTC and cut to the millisecond, as JavaScript's `Date` (and so
//! Mileston) holds it; a calendar day, as its midnight UTC. Refused with
//! [`DateError::OutOfRange`]: years before 0000 or after 9999 (once in UTC)
//! and leap seconds, which JavaScript cannot hold either.
//!
//! From an `IsoDate`: the instant in UTC. Into chrono's `DateTime<Utc>` and
//! time's `OffsetDateTime` it cannot fail (`From`); jiff's `Timestamp` ends
//! with the second 9999-12-30T22:00:00Z (so that it has a civil date at every
//! offset), so the last hours of the year 9999 are refused there (`TryFrom`).

#[cfg(any(feature = "chrono", feature = "time", feature = "jiff"))]
use super::date::{DateError, IsoDate, Utc};

/// A year as the date types give it, or out of range (before 0000).
#[cfg(any(feature = "chrono", feature = "time", feature = "jiff"))]
fn year(y: impl TryInto<u32>) -> Result<u32, DateError> {
    y.try_into().map_err(|_| DateError::OutOfRange)
}

/// Why a conversion out of an `IsoDate` cannot fail.
#[cfg(any(feature = "chrono", feature = "time", feature = "jiff"))]
const VALID: &str = "an IsoDate holds a valid instant of years 0000-9999";

#[cfg(feature = "chrono")]
mod chrono_dates {
    use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Timelike};

    use super::{DateError, IsoDate, Utc, VALID, year};

    /// An instant in any time zone, in UTC to the millisecond.
    impl<Tz: TimeZone> TryFrom<DateTime<Tz>> for IsoDate {
        type Error = DateError;
        fn try_from(t: DateTime<Tz>) -> Result<IsoDate, DateError> {
            let t = t.naive_utc();
            Utc {
                year: year(t.year())?,
                month: t.month(),
                day: t.day(),
                hour: t.hour(),
                minute: t.minute(),
                second: t.second(),
                // A leap second is 1_000_000_000 and more: refused.
                millis: t.nanosecond() / 1_000_000,
            }
            .checked()
        }
    }

    /// A calendar day, as its midnight UTC.
    impl TryFrom<NaiveDate> for IsoDate {
        type Error = DateError;
        fn try_from(d: NaiveDate) -> Result<IsoDate, DateError> {
            Utc::midnight(year(d.year())?, d.month(), d.day()).checked()
        }
    }

    impl From<&IsoDate> for DateTime<chrono::Utc> {
        fn from(d: &IsoDate) -> Self {
            let u = d.utc();
            NaiveDate::from_ymd_opt(u.year as i32, u.month, u.day)
                .and_then(|d| d.and_hms_milli_opt(u.hour, u.minute, u.second, u.millis))
                .expect(VALID)
                .and_utc()
        }
    }

    impl From<IsoDate> for DateTime<chrono::Utc> {
        fn from(d: IsoDate) -> Self {
            Self::from(&d)
        }
    }
}

#[cfg(feature = "time")]
mod time_dates {
    use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

    use super::{DateError, IsoDate, Utc, VALID, year};

    /// An instant at any offset, in UTC to the millisecond.
    impl TryFrom<OffsetDateTime> for IsoDate {
        type Error = DateError;
        fn try_from(t: OffsetDateTime) -> Result<IsoDate, DateError> {
            let t = t
                .checked_to_offset(UtcOffset::UTC)
                .ok_or(DateError::OutOfRange)?;
            Utc {
                year: year(t.year())?,
                month: u32::from(u8::from(t.month())),
                day: u32::from(t.day()),
                hour: u32::from(t.hour()),
                minute: u32::from(t.minute()),
                second: u32::from(t.second()),
                millis: u32::from(t.millisecond()),
            }
            .checked()
        }
    }

    /// A calendar day, as its midnight UTC.
    impl TryFrom<Date> for IsoDate {
        type Error = DateError;
        fn try_from(d: Date) -> Result<IsoDate, DateError> {
            let month = u32::from(u8::from(d.month()));
            Utc::midnight(year(d.year())?, month, u32::from(d.day())).checked()
        }
    }

    impl From<&IsoDate> for OffsetDateTime {
        fn from(d: &IsoDate) -> Self {
            let u = d.utc();
            let date = Month::try_from(u.month as u8)
                .ok()
                .and_then(|m| Date::from_calendar_date(u.year as i32, m, u.day as u8).ok());
            let time = Time::from_hms_milli(
                u.hour as u8,
                u.minute as u8,
                u.second as u8,
                u.millis as u16,
            )
            .ok();
            let (date, time) = date.zip(time).expect(VALID);
            PrimitiveDateTime::new(date, time).assume_utc()
        }
    }

    impl From<IsoDate> for OffsetDateTime {
        fn from(d: IsoDate) -> Self {
            Self::from(&d)
        }
    }
}

#[cfg(feature = "jiff")]
mod jiff_dates {
    use jiff::Timestamp;
    use jiff::civil::{Date, DateTime};
    use jiff::tz::Offset;

    use super::{DateError, IsoDate, Utc, VALID, year};

    /// Fields of jiff's civil types (`i8`), all in range by jiff's own
    /// rules, so never negative.
    fn unsigned(n: i8) -> u32 {
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    /// An instant, in UTC to the millisecond. (A `Zoned` gives its instant
    /// with `.timestamp()`.)
    impl TryFrom<Timestamp> for IsoDate {
        type Error = DateError;
        fn try_from(t: Timestamp) -> Result<IsoDate, DateError> {
            let t = Offset::UTC.to_datetime(t);
            Utc {
                year: year(t.year())?,
                month: unsigned(t.month()),
                day: unsigned(t.day()),
                hour: unsigned(t.hour()),
                minute: unsigned(t.minute()),
                second: unsigned(t.second()),
                millis: u32::try_from(t.millisecond()).unwrap_or(u32::MAX),
            }
            .checked()
        }
    }

    /// A calendar day, as its midnight UTC.
    impl TryFrom<Date> for IsoDate {
        type Error = DateError;
        fn try_from(d: Date) -> Result<IsoDate, DateError> {
            Utc::midnight(year(d.year())?, unsigned(d.month()), unsigned(d.day())).checked()
        }
    }

    /// The instant; [`DateError::OutOfRange`] from 9999-12-30T22:00:01Z,
    /// where jiff's instants end.
    impl TryFrom<&IsoDate> for Timestamp {
        type Error = DateError;
        fn try_from(d: &IsoDate) -> Result<Self, DateError> {
            let u = d.utc();
            let civil = DateTime::new(
                u.year as i16,
                u.month as i8,
                u.day as i8,
                u.hour as i8,
                u.minute as i8,
                u.second as i8,
                (u.millis * 1_000_000) as i32,
            )
            .expect(VALID);
            Offset::UTC
                .to_timestamp(civil)
                .map_err(|_| DateError::OutOfRange)
        }
    }

    /// As for `&IsoDate`.
    impl TryFrom<IsoDate> for Timestamp {
        type Error = DateError;
        fn try_from(d: IsoDate) -> Result<Self, DateError> {
            Self::try_from(&d)
        }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(any(feature = "chrono", feature = "time", feature = "jiff"))]
    use super::{DateError, IsoDate};

    #[cfg(any(feature = "chrono", feature = "time", feature = "jiff"))]
    fn iso(s: &str) -> IsoDate {
        IsoDate::new(s).unwrap()
    }

    #[cfg(feature = "chrono")]
    #[test]
    fn chrono() {
        use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, TimeZone, Utc};
        let offset = FixedOffset::east_opt(2 * 3600).unwrap();
        let t = offset
            .with_ymd_and_hms(2027, 1, 1, 1, 30, 0)
            .unwrap()
            .checked_add_signed(TimeDelta::nanoseconds(123_456_789))
            .unwrap();
        let d = IsoDate::try_from(t).unwrap();
        assert_eq!(d.as_str(), "2026-12-31T23:30:00.123Z");
        assert_eq!(d, iso("2027-01-01T01:30:00.123456789+02:00"));
        let back: DateTime<Utc> = d.into();
        let expected = Utc.with_ymd_and_hms(2026, 12, 31, 23, 30, 0).unwrap();
        assert_eq!(back, expected + TimeDelta::milliseconds(123));
        let day = NaiveDate::from_ymd_opt(2028, 2, 29).unwrap();
        assert_eq!(
            IsoDate::try_from(day).unwrap().as_str(),
            "2028-02-29T00:00:00.000Z"
        );
        let far = Utc.with_ymd_and_hms(10_000, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(IsoDate::try_from(far), Err(DateError::OutOfRange));
        let before = NaiveDate::from_ymd_opt(-1, 12, 31).unwrap();
        assert_eq!(IsoDate::try_from(before), Err(DateError::OutOfRange));
        // A leap second (chrono's nanoseconds past 1e9): JavaScript has none.
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
            .and_then(|d| d.and_hms_milli_opt(23, 59, 59, 1_500))
            .unwrap()
            .and_utc();
        assert_eq!(IsoDate::try_from(leap), Err(DateError::OutOfRange));
        // Every IsoDate converts, the extremes included.
        for s in ["0000-01-01", "9999-12-31T23:59:59.999Z"] {
            let back = DateTime::<Utc>::from(&iso(s));
            assert_eq!(IsoDate::try_from(back).unwrap(), iso(s));
        }
    }

    #[cfg(feature = "time")]
    #[test]
    fn time() {
        use time::{Date, Duration, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};
        let at = |y, m, d, h, mi, s, nanos, offset_hours| {
            let date = Date::from_calendar_date(y, m, d).unwrap();
            let time = Time::from_hms_nano(h, mi, s, nanos).unwrap();
            let offset = UtcOffset::from_hms(offset_hours, 0, 0).unwrap();
            PrimitiveDateTime::new(date, time).assume_offset(offset)
        };
        let t = at(2027, Month::January, 1, 1, 30, 0, 123_456_789, 2);
        let d = IsoDate::try_from(t).unwrap();
        assert_eq!(d.as_str(), "2026-12-31T23:30:00.123Z");
        let back = OffsetDateTime::from(&d);
        assert_eq!(
            back,
            at(2026, Month::December, 31, 23, 30, 0, 123_000_000, 0)
        );
        assert_eq!(back.offset(), UtcOffset::UTC);
        let day = Date::from_calendar_date(2028, Month::February, 29).unwrap();
        assert_eq!(
            IsoDate::try_from(day).unwrap().as_str(),
            "2028-02-29T00:00:00.000Z"
        );
        let late = at(9999, Month::December, 31, 23, 0, 0, 0, -5);
        assert_eq!(IsoDate::try_from(late), Err(DateError::OutOfRange));
        let early = at(0, Month::January, 1, 0, 0, 0, 0, 0) - Duration::SECOND;
        assert_eq!(IsoDate::try_from(early), Err(DateError::OutOfRange));
        for s in ["0000-01-01", "9999-12-31T23:59:59.999Z"] {
            let back = OffsetDateTime::from(iso(s));
            assert_eq!(IsoDate::try_from(back).unwrap(), iso(s));
        }
    }

    #[cfg(feature = "jiff")]
    #[test]
    fn jiff() {
        use jiff::Timestamp;
        use jiff::civil::date;
        let t: Timestamp = "2027-01-01T01:30:00.123456789+02:00".parse().unwrap();
        let d = IsoDate::try_from(t).unwrap();
        assert_eq!(d.as_str(), "2026-12-31T23:30:00.123Z");
        assert_eq!(
            Timestamp::try_from(&d).unwrap().to_string(),
            "2026-12-31T23:30:00.123Z"
        );
        assert_eq!(
            IsoDate::try_from(date(2028, 2, 29)).unwrap().as_str(),
            "2028-02-29T00:00:00.000Z"
        );
        let early: Timestamp = "-000001-12-31T23:59:59Z".parse().unwrap();
        assert_eq!(IsoDate::try_from(early), Err(DateError::OutOfRange));
        for s in ["0000-01-01", "9999-12-30T22:00:00.999Z"] {
            let back = Timestamp::try_from(iso(s)).unwrap();
            assert_eq!(IsoDate::try_from(back).unwrap(), iso(s));
        }
        // jiff's instants end there.
        let last = iso("9999-12-30T22:00:01Z");
        assert_eq!(Timestamp::try_from(&last), Err(DateError::OutOfRange));
    }
}
