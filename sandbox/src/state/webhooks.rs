//! The webhooks the sandbox delivers to (Mileston offers their registration
//! in its dashboard only; the sandbox's is `routes/webhooks.rs`): a
//! receiver's URL (plain `http://` to loopback only), its verification token
//! (kept, never shown) and the events it takes, each business its own; and
//! the rules a registration follows.

use http::{StatusCode, Uri};
use mileston_config_core::protocol::Kind;
use mileston_config_core::{opaque, url};

use super::clock::now_iso;
use super::error::ApiError;
use crate::keys::TENANTS;

/// The events Mileston documents, in its docs' order.
pub(crate) const EVENTS: [&str; 3] = [
    Kind::Invoice.row().paid_event,
    Kind::PaymentLink.row().paid_event,
    Kind::Recurring.row().paid_event,
];

/// The verification token as it is kept: never printed, never serialized.
#[derive(Clone)]
pub(crate) struct Token(std::sync::Arc<str>);

impl Token {
    pub(crate) fn new(token: &str) -> Token {
        Token(std::sync::Arc::from(token))
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(<withheld>)")
    }
}

/// The most webhooks a business may have (Mileston documents no limit): a
/// test that registers in a loop fails here rather than multiplying its
/// deliveries.
pub(crate) const MAX_PER_BUSINESS: usize = 10;

/// A registered webhook.
pub(crate) struct Endpoint {
    pub(crate) id: String,
    pub(crate) business: &'static str,
    pub(crate) url: String,
    pub(crate) uri: Uri,
    /// In [`EVENTS`]' order, each once.
    pub(crate) events: Vec<&'static str>,
    pub(crate) token: Token,
    /// Whether the token is the tenant's (the startup table's fifth column).
    pub(crate) default_token: bool,
    pub(crate) created_at: String,
}

impl Endpoint {
    pub(crate) fn takes(&self, event: &str) -> bool {
        self.events.contains(&event)
    }
}

/// A webhook's receiver URL, parsed for the client. Only `http://` to
/// loopback: the sandbox runs on this machine, so does the receiver under
/// test, and its deliveries (and their token) never leave it. The URL may
/// not hold the token: URLs are listed and logged.
pub(crate) fn check_url(url: &str, token: &str) -> Result<Uri, String> {
    if !token.is_empty() && url.contains(token) {
        return Err(
            "`url` contains the verification token: the token travels in the \
             X-Webhook-Signature header, and URLs are listed and logged"
                .into(),
        );
    }
    let http = url
        .get(..7)
        .is_some_and(|s| s.eq_ignore_ascii_case("http://"));
    let loopback_only = "the sandbox delivers over plain `http://` to loopback only (127.0.0.0/8, \
                         [::1], localhost), where a receiver under test runs, so that its \
                         deliveries and their token never leave this machine";
    if !http {
        return Err(format!("`url` is refused: {loopback_only}"));
    }
    // The project's URL rules (no user information, well-formed host and
    // port, no query or fragment, nothing key-like); its `http://` rule is
    // the loopback rule.
    url::check_base_url(url).map_err(|e| match e {
        url::BaseUrlError::InsecureScheme => format!("`url` is refused: {loopback_only}"),
        e => format!("`url` is refused: {}", e.reason()),
    })?;
    let uri: Uri = url
        .parse()
        .map_err(|_| "`url` is refused: it is not a URL the sandbox can send to".to_string())?;
    let loopback = match uri.host() {
        Some(h) if h.eq_ignore_ascii_case("localhost") => true,
        Some(h) => h
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback()),
        None => false,
    };
    if !loopback {
        return Err(format!("`url` is refused: {loopback_only}"));
    }
    Ok(uri)
}

/// Registers a webhook for `business` in `webhooks` after checking it, its ID
/// from `new_id`: `token` `None` is
/// the tenant's, `events` empty is every event (as in Mileston's dashboard).
pub(crate) fn add<'s>(
    webhooks: &'s mut Vec<Endpoint>,
    new_id: impl FnOnce() -> String,
    business: &'static str,
    url: &str,
    token: Option<&str>,
    events: Vec<&'static str>,
) -> Result<&'s Endpoint, ApiError> {
    let default = TENANTS
        .iter()
        .find(|t| t.business_id == business)
        .map_or("", |t| t.webhook_token);
    let token_text = token.unwrap_or(default);
    if let Some(t) = token {
        opaque::check(t).map_err(|e| {
            ApiError::bad_request(format!(
                "`token` is not a webhook verification token: {}",
                e.reason()
            ))
        })?;
    }
    let uri = check_url(url, token_text).map_err(ApiError::bad_request)?;
    let mine = || webhooks.iter().filter(|w| w.business == business);
    if let Some(same) = mine().find(|w| w.url == url) {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            format!(
                "a webhook to this URL is registered already ({}): delete it first to change it",
                same.id
            ),
        ));
    }
    if mine().count() >= MAX_PER_BUSINESS {
        return Err(ApiError::bad_request(format!(
            "a business has at most {MAX_PER_BUSINESS} webhooks in the sandbox: delete one first"
        )));
    }
    let events = if events.is_empty() {
        EVENTS.to_vec()
    } else {
        EVENTS.into_iter().filter(|e| events.contains(e)).collect()
    };
    webhooks.push(Endpoint {
        id: new_id(),
        business,
        url: url.to_owned(),
        uri,
        events,
        token: Token::new(token_text),
        default_token: token.is_none(),
        created_at: now_iso(),
    });
    Ok(&webhooks[webhooks.len() - 1])
}

#[cfg(test)]
mod tests {
    use super::check_url;

    const TOKEN: &str = "sandboxFAKE-webhook-token-0001";

    #[test]
    fn a_token_is_never_debug_printed() {
        let t = super::Token::new("sandboxFAKE-webhook-token-0001");
        assert_eq!(format!("{t:?}"), "Token(<withheld>)");
    }

    #[test]
    fn receivers_on_loopback_over_http_only() {
        for ok in [
            "http://127.0.0.1:8080/webhooks/mileston",
            "http://127.0.0.1:8080",
            "http://127.9.9.9/",
            "HTTP://localhost:3000/hook",
            "http://LOCALHOST/hook",
            "http://[::1]:9000/hook",
        ] {
            assert!(check_url(ok, TOKEN).is_ok(), "{ok}");
        }
        let loopback_only = "`url` is refused: the sandbox delivers over plain `http://` to \
                             loopback only";
        for (refused, why) in [
            ("https://127.0.0.1:8443/hook", loopback_only),
            ("https://shop.example/hook", loopback_only),
            ("http://shop.example/hook", loopback_only),
            ("http://10.0.0.1/hook", loopback_only),
            ("http://[2001:db8::1]/hook", loopback_only),
            (
                "http://[::ffff:127.0.0.1]/hook",
                "`url` is refused: its host is not",
            ),
            ("http://localhost.shop.example/hook", loopback_only),
            ("ftp://127.0.0.1/hook", loopback_only),
            ("127.0.0.1:8080/hook", loopback_only),
            (
                "http://user@127.0.0.1/hook",
                "`url` is refused: it has user information",
            ),
            (
                "http://127.0.0.1/hook?x=1",
                "`url` is refused: it has a query",
            ),
            ("http://127.1/hook", "`url` is refused: its host is not"),
            (
                "http://127.0.0.1:0/hook",
                "`url` is refused: its port is not",
            ),
            (
                "http://127.0.0.1/sandboxFAKE-webhook-token-0001",
                "`url` contains the verification token",
            ),
        ] {
            let e = check_url(refused, TOKEN).unwrap_err();
            assert!(e.starts_with(why), "{refused}: {e}");
            assert!(!e.contains(TOKEN), "{e}");
        }
    }
}
