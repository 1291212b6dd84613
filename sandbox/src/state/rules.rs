//! The rules a value from a request must follow (amounts, texts, e-mail
//! addresses, dates, the closed sets of names), each a 400 with a message
//! naming the field.

use super::clock::format_iso_ms;
use super::error::ApiError;

/// `amount`: a positive decimal string, `"1"`, `"0.5"`, `"100.00"`: digits,
/// optionally `.` and more digits. Mileston's docs and SDKs only ever show
/// such strings; the SDK sends the integrator's string unchanged, so any
/// number of decimals is accepted (18 covers native tokens such as ETH).
pub(crate) fn check_amount(field: &str, value: &str) -> Result<(), ApiError> {
    let (whole, frac) = match value.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (value, None),
    };
    let digits = |s: &str, max: usize| {
        !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !(digits(whole, 15) && frac.is_none_or(|f| digits(f, 18))) {
        return Err(ApiError::bad_request(format!(
            "`{field}` must be a decimal string like \"100.00\", \"1\" or \"0.5\""
        )));
    }
    if value.bytes().all(|b| b == b'0' || b == b'.') {
        return Err(ApiError::bad_request(format!(
            "`{field}` must be greater than zero"
        )));
    }
    Ok(())
}

/// A required text field: not empty, not only spaces, at most 500 characters.
pub(crate) fn check_text(field: &str, value: &str) -> Result<(), ApiError> {
    if value.trim().is_empty() {
        return Err(ApiError::bad_request(format!(
            "`{field}` must not be empty"
        )));
    }
    if value.chars().count() > 500 {
        return Err(ApiError::bad_request(format!(
            "`{field}` is longer than 500 characters"
        )));
    }
    Ok(())
}

/// An optional text field: absent, or as [`check_text`].
pub(crate) fn check_opt_text(field: &str, value: &Option<String>) -> Result<(), ApiError> {
    value.as_deref().map_or(Ok(()), |v| check_text(field, v))
}

/// An e-mail address: one `@` with text on both sides, no whitespace.
pub(crate) fn check_email(field: &str, value: &str) -> Result<(), ApiError> {
    let ok = match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !value.chars().any(char::is_whitespace)
                && value.len() <= 254
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(ApiError::bad_request(format!(
            "`{field}` must be an e-mail address, like \"customer@example.com\""
        )))
    }
}

/// One of a closed set of names (`chain`, `env`, `token`, ...); the message
/// lists them.
pub(crate) fn check_one_of(
    field: &str,
    value: &str,
    allowed: &'static [&'static str],
) -> Result<&'static str, ApiError> {
    allowed
        .iter()
        .copied()
        .find(|a| *a == value)
        .ok_or_else(|| {
            let list = allowed
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ");
            ApiError::bad_request(format!("`{field}` must be one of {list}"))
        })
}

/// An ISO-8601 date (`2026-12-31`) or date-time (`2026-12-31T00:00:00Z`,
/// `2026-12-31T00:00:00.000Z` as a JavaScript `Date` goes out, or with a
/// `±hh:mm` offset), as the sandbox writes every date: UTC with milliseconds,
/// `2026-12-31T00:00:00.000Z`, the form `JSON.stringify` gives a `Date`.
pub(crate) fn check_date(field: &str, value: &str) -> Result<String, ApiError> {
    parse_iso(value).map(format_iso_ms).ok_or_else(|| {
        ApiError::bad_request(format!(
            "`{field}` must be an ISO-8601 date like \"2026-12-31\" or \"2026-12-31T00:00:00.000Z\""
        ))
    })
}

fn num(s: &str, len: usize) -> Option<i64> {
    if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Milliseconds since the Unix epoch of an ISO-8601 date or date-time with a
/// zone (`Z` or `±hh:mm`); `None` when it is not one. A time without a zone is
/// refused: JavaScript would read it in the reader's local time.
fn parse_iso(value: &str) -> Option<i64> {
    if !value.is_ascii() || value.len() < 10 {
        return None;
    }
    let (date, rest) = value.split_at(10);
    let b = date.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (year, month, day) = (
        num(&date[..4], 4)?,
        num(&date[5..7], 2)?,
        num(&date[8..], 2)?,
    );
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if day == 0 || day > days_in_month {
        return None;
    }
    let midnight = days_from_civil(year, month, day) * 86_400_000;
    if rest.is_empty() {
        return Some(midnight);
    }
    let time = rest.strip_prefix('T')?;
    // hh:mm[:ss[.fff]] then Z or ±hh:mm
    let (clock, offset_minutes) = if let Some(c) = time.strip_suffix('Z') {
        (c, 0)
    } else if time.len() > 6 && matches!(time.as_bytes()[time.len() - 6], b'+' | b'-') {
        let (c, o) = time.split_at(time.len() - 6);
        let (h, m) = (num(&o[1..3], 2)?, num(&o[4..], 2)?);
        if o.as_bytes()[3] != b':' || h > 23 || m > 59 {
            return None;
        }
        let sign = if o.starts_with('-') { -1 } else { 1 };
        (c, sign * (h * 60 + m))
    } else {
        return None;
    };
    let (hms, frac) = match clock.split_once('.') {
        Some((hms, f)) => (hms, Some(f)),
        None => (clock, None),
    };
    // A fraction of any length (docs/wire-protocol.md): only its first three
    // digits count.
    if frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let parts: Vec<&str> = hms.split(':').collect();
    // A fraction needs seconds before it.
    if !((parts.len() == 2 && frac.is_none()) || parts.len() == 3) {
        return None;
    }
    let mut fields = [0i64; 3];
    for ((p, max), slot) in parts.iter().zip([23, 59, 60]).zip(&mut fields) {
        *slot = num(p, 2).filter(|n| *n <= max)?;
    }
    let [h, m, s] = fields;
    // Milliseconds: JavaScript's `Date` keeps no more.
    let millis = frac.map_or(0, |f| format!("{f:0<3}")[..3].parse::<i64>().unwrap_or(0));
    Some(midnight + ((h * 60 + m - offset_minutes) * 60 + s) * 1000 + millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        for good in [
            "1", "100.00", "0.5", "0.01", "12.3", "1.234", "0.000001", "250",
        ] {
            assert!(check_amount("amount", good).is_ok(), "{good}");
        }
        for bad in [
            "", "0", "0.00", "-1", "1.", ".5", "1e3", "abc", " 1", "1,00", "+1", "1.2.3",
        ] {
            assert!(check_amount("amount", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_are_read_in_every_iso_form_and_written_as_javascript_does() {
        for (input, written) in [
            ("2026-12-31", "2026-12-31T00:00:00.000Z"),
            ("2024-02-29", "2024-02-29T00:00:00.000Z"),
            ("2026-12-31T00:00:00Z", "2026-12-31T00:00:00.000Z"),
            ("2026-12-31T00:00Z", "2026-12-31T00:00:00.000Z"),
            ("2026-12-31T23:59:59.123Z", "2026-12-31T23:59:59.123Z"),
            ("2026-12-31T23:59:59.123456Z", "2026-12-31T23:59:59.123Z"),
            (
                "2026-12-31T23:59:59.123456789012345Z",
                "2026-12-31T23:59:59.123Z",
            ),
            ("2026-12-31T23:59:59.5Z", "2026-12-31T23:59:59.500Z"),
            ("2026-12-31T10:00:00+02:00", "2026-12-31T08:00:00.000Z"),
            ("2026-12-31T23:30:00-01:00", "2027-01-01T00:30:00.000Z"),
            ("1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z"),
        ] {
            assert_eq!(
                check_date("d", input).ok().as_deref(),
                Some(written),
                "{input}"
            );
        }
        for bad in [
            "",
            "2026-13-01",
            "2025-02-29",
            "2026-12-32",
            "31/12/2026",
            "2026-12-31T",
            "2026-12-31T25:00:00Z",
            "2026-12-31 00:00:00Z",
            "2026-12-31T00:00:00",
            "2026-12-31T00:00:00+2:00",
            "tomorrow",
        ] {
            assert!(check_date("d", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails() {
        assert!(check_email("e", "a@b.co").is_ok());
        for bad in ["", "a", "@b", "a@", "a@b@c", "a b@c"] {
            assert!(check_email("e", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_of_a_closed_set() {
        assert_eq!(
            check_one_of("env", "test", &["test", "prod"]).ok(),
            Some("test")
        );
        let e = check_one_of("env", "live", &["test", "prod"])
            .err()
            .unwrap();
        assert_eq!(e.message, "`env` must be one of `test`, `prod`");
    }
}
