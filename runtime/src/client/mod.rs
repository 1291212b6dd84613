//! The HTTP client under the handles, in one straight stack (each file one
//! concern, each using only those listed after it):
//!
//! - this file: [`send`], the one generic call: an operation and a call
//!   become a request (URL, identity headers, body, signature), which is
//!   sent, retried and settled;
//! - `response.rs`: what the last attempt means (a value, a refusal, an
//!   unknown outcome); `retry.rs`: what follows an attempt (a pure
//!   decision) and the loop; `trace.rs`: the call's span (feature
//!   `tracing`);
//! - `transport/`: bytes in, bytes out (reqwest natively, `fetch` on wasm);
//! - `request.rs`: the request and answer the transports see; `sign.rs`: the
//!   wallet API's signature; `settings.rs`: a handle's settings;
//!   `error.rs`: the one error type.
//!
//! Below it: the operations (`crate::api`) and the models
//! (`crate::models`).

use std::borrow::Cow;

use mileston_config_core::protocol::header;

pub(crate) mod error;
mod request;
mod response;
mod retry;
pub(crate) mod settings;
mod sign;
mod trace;
mod transport;

pub use error::Error;
pub(crate) use request::Identity;
pub(crate) use settings::Settings;
pub(crate) use sign::{Signed, Signer, Unsigned};
#[cfg(not(target_arch = "wasm32"))]
pub use transport::http_client_builder;
/// This machine's clock: a call that moves funds is stamped with it.
pub(crate) use transport::unix_millis;

use crate::api::{Call, Operation};

/// Sends a call of `op` as `identity` (`None` for an open `GET /status`)
/// with `settings`, its body signed by `signer`, and reads its answer.
pub(crate) async fn send<T, S: Signer>(
    settings: &Settings,
    op: &Operation<T>,
    call: Call<'_>,
    identity: Option<Identity<'_>>,
    signer: S,
) -> Result<T, Error> {
    let endpoint = op.endpoint;
    let prefix = if op.open {
        ""
    } else {
        endpoint.service.prefix()
    };
    let url = settings.url(endpoint.service, prefix, &call.path(&endpoint)?);
    let body = match call.body {
        Some(bytes) => Some(Cow::Owned(bytes)),
        None => op.default_body().map(Cow::Borrowed),
    };
    let mut headers = Vec::new();
    if let Some((name, value)) = call.header {
        headers.push((name, Cow::Borrowed(value)));
    }
    // A wallet call signs the exact bytes it sends (`{}` without a payload).
    let secret = identity.and_then(|id| id.signing);
    if let Some(signature) = body.as_ref().and_then(|b| signer.signature(secret, b)) {
        headers.push((header::REQUEST_SIGNATURE, Cow::Owned(signature)));
    }
    let request = request::Request {
        method: endpoint.method,
        url,
        identity,
        headers,
        body,
    };
    let span = trace::Span::open(op);
    let outcome = retry::run(settings, op.class, &request, &span).await;
    let mut cx = call.context;
    cx.production = settings.production();
    response::settle(op, outcome, &request, &mut cx, call.asked)
}
