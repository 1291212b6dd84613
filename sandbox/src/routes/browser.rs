//! A browser page holding the normal key, caught: a request that carries a
//! normal key (or a wallet API signature, which takes the wallet signing
//! secret) together with an `Origin` header, which browsers send on
//! cross-origin calls and on same-origin `POST`s, is answered 403 with why,
//! and the request log says so. The checkout key is the one for pages.
//!
//! A preflight carries header names, never values, so the refusal comes
//! with the request itself; the CORS layer outside lets the page read it.
//! With `--allow-normal-key-from-browsers` (`Options`) the request goes on,
//! and the sandbox writes a warning instead. Mileston documents no such
//! check: this is the sandbox's, to show the mistake in development.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use mileston_config_core::key::KeyKind;
use mileston_config_core::protocol::header::{API_KEY, REQUEST_SIGNATURE};

use super::answer::error_response;
use super::app::App;
use super::extract::KeyCheck;
use crate::state::error::echo;
use crate::state::requests::FromBrowser;

/// What a browser's request carried that no page may hold.
#[derive(Clone, Copy)]
enum Carried {
    NormalKey,
    /// A wallet API signature (it goes with the normal key).
    Signature,
}

/// What `headers` carry that no page may hold, when they come from a page.
fn from_browser(headers: &HeaderMap) -> Option<Carried> {
    if !headers.contains_key(header::ORIGIN) {
        return None;
    }
    if headers.contains_key(REQUEST_SIGNATURE) {
        return Some(Carried::Signature);
    }
    (KeyCheck::of(headers).kind() == Some(KeyKind::Normal)).then_some(Carried::NormalKey)
}

/// Why: the rule, what this request carried, and what to do instead.
fn message(carried: Carried) -> String {
    let (what, kept) = match carried {
        Carried::NormalKey => (format!("the normal key in `{API_KEY}`"), "the normal key"),
        Carried::Signature => (
            format!(
                "a wallet API signature in `{REQUEST_SIGNATURE}`, made with the wallet signing \
                 secret"
            ),
            "the normal key and the wallet signing secret",
        ),
    };
    format!(
        "the normal API key must never be in a frontend: this request came from a browser page \
         (it has an `Origin` header) with {what}; the checkout key is the one for pages: keep \
         {kept} on your server"
    )
}

/// Refuses (or, when allowed, warns of) a browser's request that carries
/// the normal key; the answer says which it was, for the request log.
pub(crate) async fn refuse_normal_key(
    State(app): State<App>,
    req: Request,
    next: Next,
) -> Response {
    let Some(carried) = from_browser(req.headers()) else {
        return next.run(req).await;
    };
    let (mut response, verdict) = if app.allow_normal_key_from_browsers {
        eprintln!(
            "mileston-sandbox: warning: {} {}: {}; allowed by --allow-normal-key-from-browsers",
            req.method(),
            echo(req.uri().path()),
            message(carried)
        );
        (next.run(req).await, FromBrowser::Allowed)
    } else {
        let refusal = error_response(StatusCode::FORBIDDEN, &message(carried));
        (refusal, FromBrowser::Refused)
    };
    response.extensions_mut().insert(verdict);
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn only_a_page_with_the_normal_key_or_a_signature_is_caught() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut h = HeaderMap::new();
            for (n, v) in pairs {
                h.insert(*n, HeaderValue::from_static(v));
            }
            h
        };
        let page = ("origin", "http://127.0.0.1:5173");
        let normal = ("apikey", "Mileston_TEST_sandboxFAKEnormal00000001");
        let unknown_normal = ("apikey", "Mileston_TEST_FAKEnotatenant000000001");
        let checkout = (
            "apikey",
            "Mileston_TEST_CHECKOUTKEY_sandboxFAKEcheckout0001",
        );
        let signature = ("x-request-signature", "00");
        for (caught, pairs) in [
            (true, &[page, normal][..]),
            (true, &[page, unknown_normal]),
            (true, &[page, signature]),
            (true, &[page, checkout, signature]),
            (false, &[page, checkout]),
            (false, &[page]),
            (false, &[normal, signature]),
            (false, &[page, ("apikey", "not a key")]),
        ] {
            assert_eq!(from_browser(&headers(pairs)).is_some(), caught, "{pairs:?}");
        }
    }
}
