//! What an answer means: a 2xx's body read into a model by the one decoder;
//! any other status an [`Error::Status`] with the API's message, the key
//! scrubbed out of it.

use super::error::{Error, scrub};
use super::model::decode::{Invalid, Model, from_json};
use super::model::envelope::ErrorMessage;
use super::request::{Reply, Request};

/// A 2xx answer's body as `T`; any other answer as [`Error::Status`].
pub(crate) fn read<T: Model>(reply: &Reply, request: &Request<'_>) -> Result<T, Error> {
    read_with(reply, request, from_json::<T>)
}

/// A 2xx answer's body decoded by `decode`; any other answer as
/// [`Error::Status`].
pub(crate) fn read_with<T>(
    reply: &Reply,
    request: &Request<'_>,
    decode: impl FnOnce(&[u8]) -> Result<T, Invalid>,
) -> Result<T, Error> {
    check(reply, request)?;
    decode(&reply.body).map_err(|invalid| Error::Decode {
        status: reply.status,
        message: match invalid {
            // miniserde does not say which member: name the document.
            Invalid::Shape => format!(
                "the answer to {} is not JSON of the expected shape",
                request.endpoint
            ),
            member => member.to_string(),
        },
    })
}

/// `Ok` for a 2xx answer (its body unread); any other as [`Error::Status`].
pub(crate) fn check(reply: &Reply, request: &Request<'_>) -> Result<(), Error> {
    if reply.is_success() {
        return Ok(());
    }
    let message = from_json::<ErrorMessage>(&reply.body)
        .ok()
        .and_then(|m| m.0)
        .unwrap_or_default();
    Err(Error::Status {
        status: reply.status,
        message: scrub(message, &request.secrets()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::request::{Auth, Endpoint, Method};

    const KEY: &str = "Mileston_TEST_FAKEfake0000000000a1";

    fn request() -> Request<'static> {
        let endpoint = Endpoint::new(
            "get_invoice",
            crate::endpoints::Service::Invoices,
            Method::Get,
            "/invoice",
            "/{id}",
        );
        Request::new(endpoint, String::new()).auth(Auth {
            key: KEY,
            business_id: "biz_1",
        })
    }

    fn status_error(status: u16, body: &str) -> Error {
        let reply = Reply {
            status,
            retry_after: None,
            body: body.as_bytes().to_vec(),
        };
        check(&reply, &request()).unwrap_err()
    }

    #[test]
    fn status_messages() {
        let e = status_error(
            400,
            r#"{"statusCode":400,"error":"Bad Request","message":"bad key Mileston_TEST_FAKEfake0000000000a1"}"#,
        );
        assert_eq!(
            e,
            Error::Status {
                status: 400,
                message: "bad key <redacted>".into()
            }
        );
        let e = status_error(400, r#"{"message":["a","b"]}"#);
        assert_eq!(e.to_string(), "the Mileston API answered HTTP 400: a; b");
        let e = status_error(400, "<html>");
        assert_eq!(e.to_string(), "the Mileston API answered HTTP 400");
        let e = status_error(503, r#"{"status":"unhealthy"}"#);
        assert_eq!(
            e.to_string(),
            "the Mileston API answered HTTP 503: unhealthy"
        );
    }

    /// The message of an error body: `message`, else `error`, else
    /// `status`; a string, or a list's strings joined. (The expectations are
    /// what the `serde_json::Value` code of the first version gave, except
    /// the two marked: a member given twice is read at its last value.)
    #[test]
    fn api_messages() {
        for (body, message) in [
            (
                r#"{"statusCode":400,"error":"Bad Request","message":"m"}"#,
                "m",
            ),
            (
                r#"{"message":["a",1,"b",null,["c"],{"d":"e"},"d"]}"#,
                "a; b; d",
            ),
            (r#"{"message":[1,2],"error":"e"}"#, "e"),
            (r#"{"message":[],"error":["x"],"status":"s"}"#, "x"),
            (r#"{"message":null,"status":"unhealthy"}"#, "unhealthy"),
            (
                r#"{"message":5.5,"error":{"a":"b"},"status":"s\u00e9\n"}"#,
                "sé\n",
            ),
            (r#"{"message":true,"error":-3,"status":"s"}"#, "s"),
            // Was refused as a whole by serde ("duplicate field"): no message.
            (r#"{"message":"a","message":"b"}"#, "b"),
            (r#"{"message":null,"message":"b"}"#, "b"),
            (r#"{"other":{"message":"x"},"error":"e"}"#, "e"),
            (r#"{"message":"m"} trailing"#, ""),
            (r#"{"message":"m","x":[1,]}"#, ""),
            (r#"{"message":"m""#, ""),
            (r#"{"message":"a\"b\\c\ud83d\ude00"}"#, "a\"b\\c😀"),
            (r#"{}"#, ""),
            (r#"[]"#, ""),
            (r#"["message"]"#, ""),
            (r#""message""#, ""),
            ("", ""),
            ("<html>", ""),
            (" \n{\"message\" : \"spaced\" }\n", "spaced"),
            ("\u{feff}{\"message\":\"m\"}", ""),
            ("{\"message\":\"\u{1}\"}", ""),
        ] {
            assert_eq!(
                status_error(400, body),
                Error::Status {
                    status: 400,
                    message: message.into(),
                },
                "{body}"
            );
        }
        // Not UTF-8: no message.
        let reply = Reply {
            status: 500,
            retry_after: None,
            body: b"{\"message\":\"\xff\"}".to_vec(),
        };
        assert_eq!(
            check(&reply, &request()),
            Err(Error::Status {
                status: 500,
                message: String::new()
            })
        );
    }

    #[test]
    fn success_is_read_or_named() {
        let reply = |status: u16, body: &str| Reply {
            status,
            retry_after: None,
            body: body.as_bytes().to_vec(),
        };
        assert_eq!(check(&reply(204, "not JSON"), &request()), Ok(()));
        let e = read::<ErrorMessage>(&reply(200, "[1]"), &request()).err();
        assert_eq!(
            e.map(|e| e.to_string()).as_deref(),
            Some(
                "unexpected answer from the Mileston API (HTTP 200): the answer to \
                 GET /invoice/{id} is not JSON of the expected shape"
            )
        );
    }
}
