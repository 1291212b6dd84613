//! Small pieces the handlers share: the JSON error, JSON answers, echoing a
//! request's value safely, timestamps.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mileston_config_core::key::looks_like_key;
use serde::Serialize;

/// An error answered as `{"message":"...","error":"<reason phrase>","statusCode":N}`,
/// in that member order: the order of the one error body Mileston's checkout
/// SDK compares byte for byte (`Still awaiting payment`), which is also the
/// order NestJS, Mileston's server framework by the look of its errors, writes.
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

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorBody<'a> {
    message: &'a str,
    error: &'a str,
    status_code: u16,
}

/// The JSON error body for `status` with `message`.
pub(crate) fn error_response(status: StatusCode, message: &str) -> Response {
    let body = ErrorBody {
        message,
        error: status.canonical_reason().unwrap_or("Error"),
        status_code: status.as_u16(),
    };
    json_response(status, &body)
}

/// A response with a JSON body, members in the order `body` serializes them.
pub(crate) fn json_response(status: StatusCode, body: &impl Serialize) -> Response {
    let Ok(text) = serde_json::to_string(body) else {
        return error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the sandbox failed to write its answer",
        );
    };
    let mut response = (status, text).into_response();
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
    format_iso_ms(i64::try_from(since.as_millis()).unwrap_or(i64::MAX))
}

/// Milliseconds since the Unix epoch as ISO-8601 UTC with milliseconds, the
/// form JavaScript's `Date.prototype.toJSON` writes.
pub(crate) fn format_iso_ms(ms: i64) -> String {
    let (days, in_day) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (year, month, day) = civil_from_days(days);
    let secs = in_day / 1000;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60,
        in_day % 1000
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_epoch_and_leap_day() {
        assert_eq!(format_iso_ms(0), "1970-01-01T00:00:00.000Z");
        // 2024-02-29T12:00:00Z
        assert_eq!(format_iso_ms(1_709_208_000_005), "2024-02-29T12:00:00.005Z");
        // 2000-03-01T00:00:00Z
        assert_eq!(format_iso_ms(951_868_800_000), "2000-03-01T00:00:00.000Z");
        assert_eq!(format_iso_ms(-1), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn errors_are_written_in_the_order_mileston_sdk_compares() {
        let body = ErrorBody {
            message: "Still awaiting payment",
            error: "Bad Request",
            status_code: 400,
        };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"message":"Still awaiting payment","error":"Bad Request","statusCode":400}"#
        );
    }

    #[test]
    fn echo_withholds_keys() {
        assert_eq!(echo("pl_000001"), "pl_000001");
        let echoed = echo("Mileston_TEST_FAKEabcd1234567890");
        assert!(!echoed.contains("FAKEabcd"));
    }
}
