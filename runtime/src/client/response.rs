//! What the last attempt means for the call: a 2xx's body read into the
//! operation's answer by the one decoder; any other status an
//! [`Error::Status`] with the API's message, the handle's secrets scrubbed
//! out of it; and, for a call that moves funds, every answer that does not
//! prove what happened an [`Error::OutcomeUnknown`] that keeps its cause.

use super::error::Error;
use super::request::{Outcome, Reply, Request};
use crate::api::{Class, Operation};
use crate::models::decode::{Context, Invalid, from_json};
use crate::models::envelope::{ErrorMessage, StatusCode};
use crate::models::wallet::requests::Asked;

/// The call's result, from its last attempt.
pub(crate) fn settle<T>(
    op: &Operation<T>,
    outcome: Outcome,
    request: &Request<'_>,
    cx: &mut Context,
    asked: Option<Asked>,
) -> Result<T, Error> {
    let unknown = |cause| Error::OutcomeUnknown {
        call: op.describe(),
        cause: Box::new(cause),
        asked: asked.map(Box::new),
    };
    let reply = match outcome {
        Outcome::Reply(reply) => reply,
        Outcome::NoAnswer(no) => return Err(no.error),
        Outcome::Unknown(Ok(reply)) => return Err(unknown(refusal(&reply, request))),
        Outcome::Unknown(Err(no)) => return Err(unknown(no.error)),
    };
    if !reply.is_success() {
        return Err(refusal(&reply, request));
    }
    cx.status = reply.status;
    let moves_funds = op.class == Class::MovesFunds;
    // A 2xx whose body reports a failure (`"statusCode": 400`) moved nothing.
    if moves_funds
        && let Ok(StatusCode {
            code: code @ 400.., ..
        }) = from_json(&reply.body, cx)
    {
        return Err(Error::Status {
            status: code,
            message: message(&reply, request),
        });
    }
    (op.read)(&reply.body, cx).map_err(|invalid| {
        let e = Error::Decode {
            status: reply.status,
            message: match invalid {
                // miniserde does not say which member: name the document.
                Invalid::Shape => format!(
                    "the answer to {} is not JSON of the expected shape",
                    op.describe()
                ),
                member => member.to_string(),
            },
        };
        if moves_funds { unknown(e) } else { e }
    })
}

/// An answer that is not a 2xx, as [`Error::Status`].
pub(crate) fn refusal(reply: &Reply, request: &Request<'_>) -> Error {
    Error::Status {
        status: reply.status,
        message: message(reply, request),
    }
}

/// The API's words in an answer, the request's secrets scrubbed out.
fn message(reply: &Reply, request: &Request<'_>) -> String {
    let said = from_json::<ErrorMessage>(&reply.body, &mut Context::default())
        .ok()
        .and_then(|m| m.0)
        .unwrap_or_default();
    mileston_config_core::scrub::scrub(&said, &request.secrets())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::request::Identity;
    use mileston_config_core::protocol::Method;

    const KEY: &str = "Mileston_TEST_FAKEfake0000000000a1";

    fn request() -> Request<'static> {
        Request {
            method: Method::Get,
            url: String::new(),
            identity: Some(Identity {
                key: KEY,
                business_id: "biz_1",
                signing: None,
            }),
            headers: Vec::new(),
            body: None,
        }
    }

    fn status_error(status: u16, body: &str) -> Error {
        let reply = Reply {
            status,
            retry_after: None,
            body: body.as_bytes().to_vec(),
        };
        refusal(&reply, &request())
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
            refusal(&reply, &request()),
            Error::Status {
                status: 500,
                message: String::new()
            }
        );
    }
}
