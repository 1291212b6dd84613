//! A handle's connection settings: where requests go (one base origin, or
//! Mileston's production origins), the timeout of one attempt, how reads
//! are retried, and, natively, the HTTP client a user gave it. Cheap to
//! clone: the heap parts are shared.

use core::time::Duration;
use std::sync::Arc;

use mileston_config_core::key::KeyMode;
use mileston_config_core::protocol::Service;
use mileston_config_core::url;

use super::error::Error;

/// Default timeout of one attempt.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default number of retries of a failed idempotent request.
const DEFAULT_RETRIES: u32 = 2;
/// Default delay before the first retry.
const DEFAULT_BACKOFF: Duration = Duration::from_millis(200);

#[derive(Clone, Debug)]
pub(crate) struct Settings {
    /// One origin for every service, or `None` for the production origins.
    base: Option<Origin>,
    /// Whether live keys may go to `base` (`allow_live_base_url`).
    allow_live: bool,
    timeout: Duration,
    retries: u32,
    backoff: Duration,
    /// The user's HTTP client, or `None` for the process-wide one.
    #[cfg(not(target_arch = "wasm32"))]
    client: Option<HttpClient>,
}

/// A user's reqwest client (a reference count to clone). Its `Debug` says
/// nothing of its settings: reqwest's would list its proxies and default
/// headers, which may hold a proxy's credentials.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Clone)]
pub(crate) struct HttpClient(reqwest::Client);

#[cfg(not(target_arch = "wasm32"))]
impl core::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("reqwest::Client { .. }")
    }
}

/// A base origin: from the attribute (in the binary, no allocation) or set at
/// run time (shared by clones).
#[derive(Clone, Debug)]
enum Origin {
    Static(&'static str),
    Shared(Arc<str>),
}

impl core::ops::Deref for Origin {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Origin::Static(s) => s,
            Origin::Shared(s) => s,
        }
    }
}

impl Settings {
    pub(crate) const DEFAULT: Settings = Settings {
        base: None,
        allow_live: false,
        timeout: DEFAULT_TIMEOUT,
        retries: DEFAULT_RETRIES,
        backoff: DEFAULT_BACKOFF,
        #[cfg(not(target_arch = "wasm32"))]
        client: None,
    };

    /// Sets an origin that was checked and normalised at build time, for
    /// keys of `mode` (checked again here, by the same rules).
    pub(crate) fn with_static_base_url(
        mut self,
        url: &'static str,
        mode: KeyMode,
        allow_live: bool,
    ) -> Result<Settings, Error> {
        url::check_base_url(url)?;
        url::check_mode(mode, allow_live)?;
        self.allow_live = allow_live;
        self.base = Some(Origin::Static(url));
        Ok(self)
    }

    /// Checks `url` for keys of `mode` (the rules of `check_base_url` and
    /// `check_mode`) and sets it, without trailing `/` and with its scheme
    /// in lower case.
    pub(crate) fn with_base_url(mut self, url: &str, mode: KeyMode) -> Result<Settings, Error> {
        let url = url::normalize(url)?;
        url::check_mode(mode, self.allow_live)?;
        self.base = Some(Origin::Shared(Arc::from(url)));
        Ok(self)
    }

    /// Lets live keys go to the origin `with_base_url` sets.
    pub(crate) fn allow_live_base_url(mut self) -> Settings {
        self.allow_live = true;
        self
    }

    pub(crate) fn with_timeout(mut self, timeout: Duration) -> Settings {
        self.timeout = timeout;
        self
    }

    pub(crate) fn with_retries(mut self, retries: u32) -> Settings {
        self.retries = retries;
        self
    }

    pub(crate) fn with_retry_delay(mut self, delay: Duration) -> Settings {
        self.backoff = delay;
        self
    }

    /// Sends through `client` instead of the process-wide client.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn with_http_client(mut self, client: reqwest::Client) -> Settings {
        self.client = Some(HttpClient(client));
        self
    }

    /// The user's client, if one was given.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn http_client(&self) -> Option<&reqwest::Client> {
        self.client.as_ref().map(|c| &c.0)
    }

    pub(crate) fn base_url(&self) -> Option<&str> {
        self.base.as_deref()
    }

    pub(crate) fn timeout(&self) -> Duration {
        self.timeout
    }

    pub(crate) fn retries(&self) -> u32 {
        self.retries
    }

    pub(crate) fn retry_delay(&self) -> Duration {
        self.backoff
    }

    /// Whether requests go to Mileston's production services.
    pub(crate) fn production(&self) -> bool {
        self.base.is_none()
    }

    /// `origin + prefix + path` (`prefix` empty for a service's `/status`).
    pub(crate) fn url(&self, service: Service, prefix: &str, path: &str) -> String {
        let origin = match &self.base {
            Some(b) => b,
            None => service.origin(),
        };
        let mut s = String::with_capacity(origin.len() + prefix.len() + path.len());
        s.push_str(origin);
        s.push_str(prefix);
        s.push_str(path);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let c = Settings::DEFAULT;
        assert_eq!(
            c.url(Service::Invoices, "/invoice", "/create"),
            "https://invoice-service.mileston.co/invoice/create"
        );
        let c = c
            .with_base_url("HTTP://127.0.0.1:8080//", KeyMode::Test)
            .unwrap();
        assert_eq!(c.base_url(), Some("http://127.0.0.1:8080"));
        assert_eq!(
            c.url(Service::Checkout, "", "/status"),
            "http://127.0.0.1:8080/status"
        );
    }

    /// One base-URL rule at build time and at run time: live keys go to
    /// another origin only with the opt-in.
    #[test]
    fn live_keys_need_the_opt_in() {
        let url = "https://payments-proxy.example";
        let refused = Settings::DEFAULT
            .with_base_url(url, KeyMode::Live)
            .unwrap_err();
        assert_eq!(refused, Error::BaseUrl(url::BaseUrlError::LiveKey));
        assert_eq!(
            refused.to_string(),
            "refused base URL: the keys are live but `base_url` sends them to another origin \
             than Mileston's services: a live key belongs there only; if this origin is yours \
             on purpose (a proxy, a gateway), say so with `allow_live_base_url`"
        );
        for loopback in ["http://127.0.0.1:4010", "http://localhost:1"] {
            assert!(
                Settings::DEFAULT
                    .with_base_url(loopback, KeyMode::Live)
                    .is_err()
            );
        }
        let allowed = Settings::DEFAULT
            .allow_live_base_url()
            .with_base_url(url, KeyMode::Live);
        assert_eq!(allowed.unwrap().base_url(), Some(url));
        assert!(
            Settings::DEFAULT
                .with_static_base_url(url, KeyMode::Live, false)
                .is_err()
        );
        assert!(
            Settings::DEFAULT
                .with_static_base_url(url, KeyMode::Live, true)
                .is_ok()
        );
        assert!(Settings::DEFAULT.with_base_url(url, KeyMode::Test).is_ok());
    }
}
