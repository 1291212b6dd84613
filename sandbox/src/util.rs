//! Small pieces the handlers share: the JSON error, timestamps, input checks.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mileston_config_core::key::looks_like_key;

/// An error answered as `{"statusCode":N,"error":"<reason phrase>","message":"..."}`.
///
/// The message is written by the sandbox; values from the request are only
/// put in it through [`echo`], which withholds anything that looks like a key.
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) message: String,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    pub(crate) fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub(crate) fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        error_response(self.status, &self.message)
    }
}

/// The JSON error body for `status` with `message`.
pub(crate) fn error_response(status: StatusCode, message: &str) -> Response {
    let body = serde_json::json!({
        "statusCode": status.as_u16(),
        "error": status.canonical_reason().unwrap_or("Error"),
        "message": message,
    });
    json_response(status, &body)
}

/// A response with a JSON body.
pub(crate) fn json_response(status: StatusCode, body: &serde_json::Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// A value from the request, fit to repeat in a message: withheld when it
/// looks like an API key, shortened when long, control characters dropped.
pub(crate) fn echo(value: &str) -> String {
    if looks_like_key(value) {
        return "<withheld: it looks like an API key>".to_string();
    }
    let clean: String = value.chars().filter(|c| !c.is_control()).collect();
    if clean.chars().count() > 80 {
        let head: String = clean.chars().take(80).collect();
        format!("{head}…")
    } else {
        clean
    }
}

/// Now as ISO-8601 UTC with milliseconds: `2026-05-01T12:34:56.789Z`.
pub(crate) fn now_iso() -> String {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    format_iso(since.as_secs(), since.subsec_millis())
}

/// Formats seconds since the Unix epoch (plus milliseconds) as ISO-8601 UTC.
pub(crate) fn format_iso(secs: u64, millis: u32) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian
/// calendar (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `amount`: digits, optionally `.` and one or two digits, greater than zero.
pub(crate) fn check_amount(field: &str, value: &str) -> Result<(), ApiError> {
    let (whole, frac) = match value.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (value, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let well_formed =
        digits(whole) && whole.len() <= 15 && frac.is_none_or(|f| digits(f) && f.len() <= 2);
    if !well_formed {
        return Err(ApiError::bad_request(format!(
            "`{field}` must be a decimal string with at most 2 decimals, like \"100.00\""
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

/// An ISO-8601 date (`2026-12-31`) or date-time (`2026-12-31T00:00:00Z`,
/// with optional fraction and a `Z` or `±hh:mm` offset).
pub(crate) fn check_date(field: &str, value: &str) -> Result<(), ApiError> {
    if is_iso_date(value) {
        Ok(())
    } else {
        Err(ApiError::bad_request(format!(
            "`{field}` must be an ISO-8601 date like \"2026-12-31\" or \"2026-12-31T00:00:00Z\""
        )))
    }
}

fn num(s: &str, len: usize) -> Option<u32> {
    if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

fn is_iso_date(value: &str) -> bool {
    if !value.is_ascii() || value.len() < 10 {
        return false;
    }
    let (date, rest) = value.split_at(10);
    let b = date.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(year), Some(month), Some(day)) =
        (num(&date[..4], 4), num(&date[5..7], 2), num(&date[8..], 2))
    else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if day == 0 || day > days_in_month {
        return false;
    }
    if rest.is_empty() {
        return true;
    }
    let Some(time) = rest.strip_prefix('T') else {
        return false;
    };
    // hh:mm[:ss[.fff]] then Z or ±hh:mm
    let (clock, offset) = if let Some(c) = time.strip_suffix('Z') {
        (c, None)
    } else if time.len() > 6 && matches!(time.as_bytes()[time.len() - 6], b'+' | b'-') {
        let (c, o) = time.split_at(time.len() - 6);
        (c, Some(&o[1..]))
    } else {
        return false;
    };
    if let Some(o) = offset {
        let ok = o.as_bytes()[2] == b':'
            && num(&o[..2], 2).is_some_and(|h| h <= 23)
            && num(&o[3..], 2).is_some_and(|m| m <= 59);
        if !ok {
            return false;
        }
    }
    let (hms, frac) = match clock.split_once('.') {
        Some((hms, f)) => (hms, Some(f)),
        None => (clock, None),
    };
    if frac.is_some_and(|f| f.is_empty() || f.len() > 9 || !f.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let parts: Vec<&str> = hms.split(':').collect();
    let limits = [23, 59, 60];
    // A fraction needs seconds before it.
    let shape_ok = (parts.len() == 2 && frac.is_none()) || parts.len() == 3;
    shape_ok
        && parts
            .iter()
            .zip(limits)
            .all(|(p, max)| num(p, 2).is_some_and(|n| n <= max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_epoch_and_leap_day() {
        assert_eq!(format_iso(0, 0), "1970-01-01T00:00:00.000Z");
        // 2024-02-29T12:00:00Z
        assert_eq!(format_iso(1_709_208_000, 5), "2024-02-29T12:00:00.005Z");
        // 2000-03-01T00:00:00Z
        assert_eq!(format_iso(951_868_800, 0), "2000-03-01T00:00:00.000Z");
    }

    #[test]
    fn amounts() {
        for good in ["1", "100.00", "0.5", "0.01", "12.3"] {
            assert!(check_amount("amount", good).is_ok(), "{good}");
        }
        for bad in [
            "", "0", "0.00", "-1", "1.", ".5", "1.234", "1e3", "abc", " 1", "1,00",
        ] {
            assert!(check_amount("amount", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates() {
        for good in [
            "2026-12-31",
            "2024-02-29",
            "2026-12-31T00:00:00Z",
            "2026-12-31T00:00Z",
            "2026-12-31T23:59:59.123Z",
            "2026-12-31T10:00:00+02:00",
        ] {
            assert!(is_iso_date(good), "{good}");
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
            "tomorrow",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
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
    fn echo_withholds_keys() {
        assert_eq!(echo("pl_000001"), "pl_000001");
        let echoed = echo("Mileston_TEST_FAKEabcd1234567890");
        assert!(!echoed.contains("FAKEabcd"));
    }
}
