//! The wallet API's request signature, checked as Mileston's SDK makes it:
//! `x-request-signature` is the lowercase hex HMAC-SHA256 of the raw body,
//! keyed with the business's wallet signing secret (`core/BaseAPI.js`
//! `generateSignature`). An empty body counts as `{}`, as an Express
//! server's `req.body` does (the core's `signed_bytes`, which the client
//! signs by too; the MAC and its check are this file's own). The extractors
//! here authenticate the caller first (the normal key: rules 1–6), then
//! check the signature (401), then read the body.

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{HeaderMap, StatusCode};
use hmac::{Hmac, Mac};
use serde::de::DeserializeOwned;
use sha2::Sha256;

use mileston_config_core::protocol::header::REQUEST_SIGNATURE as HEADER;
use mileston_config_core::signature::signed_bytes;

use super::extract::{BODY_LIMIT, Backend, Caller, JsonBody, too_large};
use crate::keys::TENANTS;
use crate::state::error::ApiError;

/// The 401 when the header is absent.
pub(crate) const MISSING: &str = "missing `x-request-signature` header: the wallet API signs \
     every request with the lowercase hex HMAC-SHA256 of its body (`{}` when there is no \
     payload), keyed with your wallet signing secret";

/// The 401 when the header does not match the body.
pub(crate) const WRONG: &str = "invalid `x-request-signature`: it is not the HMAC-SHA256 of \
     this request's body keyed with this business's wallet signing secret; sign the exact bytes \
     you send, with the secret issued with this API key";

/// Whether `signature` (the header's bytes) is the signature of `body`
/// with `secret`: 64 lowercase hex digits, compared in constant time
/// (`Mac::verify_slice`).
pub(crate) fn verify(secret: &str, body: &[u8], signature: &[u8]) -> bool {
    let Some(tag) = lower_hex(signature) else {
        return false;
    };
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(signed_bytes(body));
    mac.verify_slice(&tag).is_ok()
}

/// 64 lowercase hex digits as 32 bytes; `None` for anything else (Mileston's
/// SDK writes lowercase: a server comparing hex text would refuse the rest).
fn lower_hex(text: &[u8]) -> Option<[u8; 32]> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    if text.len() != 64 {
        return None;
    }
    let mut out = [0; 32];
    for (byte, pair) in out.iter_mut().zip(text.chunks_exact(2)) {
        *byte = digit(pair[0])? << 4 | digit(pair[1])?;
    }
    Some(out)
}

/// The caller (a normal key), once its signature over `bytes` is checked.
fn check(caller: Caller, headers: &HeaderMap, bytes: &[u8]) -> Result<Caller, ApiError> {
    let unauthorized = |m: &str| ApiError::new(StatusCode::UNAUTHORIZED, m);
    let signature = headers.get(HEADER).ok_or_else(|| unauthorized(MISSING))?;
    let secret = TENANTS
        .iter()
        .find(|t| t.business_id == caller.business)
        .map(|t| t.wallet_secret)
        .ok_or_else(|| unauthorized(WRONG))?;
    if verify(secret, bytes, signature.as_bytes()) {
        Ok(caller)
    } else {
        Err(unauthorized(WRONG))
    }
}

/// The request's parts authenticated and its body read (whole: the request
/// log has already read it within the limit).
async fn signed<S: Send + Sync>(req: Request, state: &S) -> Result<(Caller, Request), ApiError> {
    let (mut parts, body) = req.into_parts();
    let Backend(caller) = Backend::from_request_parts(&mut parts, state).await?;
    let bytes: Bytes = to_bytes(body, BODY_LIMIT).await.map_err(|_| too_large())?;
    let caller = check(caller, &parts.headers, &bytes)?;
    Ok((caller, Request::from_parts(parts, Body::from(bytes))))
}

/// A signed call whose body is not read (`GET`, `DELETE`, and the POST that
/// creates a sub-wallet without a payload): its bytes are only signed.
pub(crate) struct Signed(pub(crate) Caller);

impl<S: Send + Sync> FromRequest<S> for Signed {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        signed(req, state).await.map(|(caller, _)| Signed(caller))
    }
}

/// A signed call with a JSON body, read as [`JsonBody`] reads one (its
/// content type, emptiness and parse errors, with the same messages).
pub(crate) struct SignedJson<T>(pub(crate) Caller, pub(crate) T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for SignedJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let (caller, req) = signed(req, state).await?;
        let JsonBody(body) = JsonBody::<T>::from_request(req, state).await?;
        Ok(SignedJson(caller, body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mileston_config_core::signature::EXAMPLES;

    /// The reference's worked examples (secret `test-secret`; computed there
    /// with Mileston's Node SDK, openssl and Rust).
    #[test]
    fn the_reference_vectors_verify() {
        for (body, signature) in EXAMPLES {
            assert!(verify("test-secret", body.as_bytes(), signature.as_bytes()));
            assert!(!verify(
                "test-secreT",
                body.as_bytes(),
                signature.as_bytes()
            ));
            let upper = signature.to_ascii_uppercase();
            assert!(
                signature.bytes().all(|b| b.is_ascii_digit())
                    || !verify("test-secret", body.as_bytes(), upper.as_bytes())
            );
        }
        let empty = EXAMPLES[0].1;
        assert!(
            verify("test-secret", b"", empty.as_bytes()),
            "no body is `{{}}`"
        );
        assert!(!verify("test-secret", b"{} ", empty.as_bytes()));
        assert!(!verify("test-secret", b"{}", &empty.as_bytes()[..62]));
        assert!(!verify("test-secret", b"{}", b""));
    }
}
