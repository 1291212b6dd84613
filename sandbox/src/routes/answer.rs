//! How the sandbox answers: JSON bodies whose members come in the order they
//! are written, the error body (and [`ApiError`] answered as one), and the
//! success envelope `{statusCode, message, <link>?, <data>?}`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mileston_config_core::protocol::header::JSON;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::state::error::ApiError;
use crate::state::record::{Record, Resource};

/// `{"message":"...","error":"<reason phrase>","statusCode":N}`, in that
/// member order: the order of the one error body Mileston's checkout SDK
/// compares byte for byte (`Still awaiting payment`), which is also the
/// order NestJS, Mileston's server framework by the look of its errors, writes.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorBody<'a> {
    message: &'a str,
    error: &'a str,
    status_code: u16,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        error_response(self.status, &self.message)
    }
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
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
    response
}

/// A success answer, members in this order: `statusCode`, `message`, the
/// link, the data (the order of Mileston's SDK types).
struct Envelope<'a, D> {
    status: StatusCode,
    message: &'a str,
    link: Option<(&'static str, String)>,
    data: Option<(&'static str, D)>,
}

impl<D: Serialize> Serialize for Envelope<'_, D> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("statusCode", &self.status.as_u16())?;
        map.serialize_entry("message", self.message)?;
        if let Some((key, url)) = &self.link {
            map.serialize_entry(key, url)?;
        }
        if let Some((key, data)) = &self.data {
            map.serialize_entry(key, data)?;
        }
        map.end()
    }
}

/// The answer `{statusCode, message, <link>?, <data>?}`.
pub(crate) fn answer<D: Serialize>(
    status: StatusCode,
    message: &str,
    link: Option<(&'static str, String)>,
    data: Option<(&'static str, D)>,
) -> Response {
    json_response(
        status,
        &Envelope {
            status,
            message,
            link,
            data,
        },
    )
}

/// An answer with no link and `data` under `member`.
pub(crate) fn answer_data<D: Serialize>(
    status: StatusCode,
    message: &str,
    member: &'static str,
    data: D,
) -> Response {
    answer(status, message, None, Some((member, data)))
}

/// The answer about one resource: its hosted link (if its kind has one) and
/// the resource under the kind's data member.
pub(crate) fn answer_one<R: Resource>(
    status: StatusCode,
    message: &str,
    r: &Record<R>,
) -> Response {
    answer(status, message, r.link(), Some((R::ROW.data_member, r)))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
