//! A handle's connection settings: where requests go (one base origin, or
//! Mileston's production origins), the timeout of one attempt, how `GET`s
//! are retried, and, natively, the HTTP client a user gave it. Cheap to
//! clone: the heap parts are shared.

use core::time::Duration;
use std::sync::Arc;

use super::error::Error;
use crate::endpoints::Service;

/// Default timeout of one attempt.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default number of retries of a failed idempotent request.
const DEFAULT_RETRIES: u32 = 2;
/// Default delay before the first retry.
const DEFAULT_BACKOFF: Duration = Duration::from_millis(200);

#[derive(Clone, Debug)]
pub(crate) struct Config {
    /// One origin for every service, or `None` for the production origins.
    base: Option<Origin>,
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

impl Config {
    pub(crate) const DEFAULT: Config = Config {
        base: None,
        timeout: DEFAULT_TIMEOUT,
        retries: DEFAULT_RETRIES,
        backoff: DEFAULT_BACKOFF,
        #[cfg(not(target_arch = "wasm32"))]
        client: None,
    };

    /// Sets an origin that was checked and normalised at build time.
    pub(crate) fn with_static_base_url(mut self, url: &'static str) -> Config {
        self.base = Some(Origin::Static(url));
        self
    }

    /// Checks `url` (see `check_base_url`) and sets it, without trailing `/`
    /// and with its scheme in lower case.
    pub(crate) fn with_base_url(mut self, url: &str) -> Result<Config, Error> {
        let url = mileston_config_core::url::normalize(url).map_err(Error::BaseUrl)?;
        self.base = Some(Origin::Shared(Arc::from(url)));
        Ok(self)
    }

    pub(crate) fn with_timeout(mut self, timeout: Duration) -> Config {
        self.timeout = timeout;
        self
    }

    pub(crate) fn with_retries(mut self, retries: u32) -> Config {
        self.retries = retries;
        self
    }

    pub(crate) fn with_retry_delay(mut self, delay: Duration) -> Config {
        self.backoff = delay;
        self
    }

    /// Sends through `client` instead of the process-wide client.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn with_http_client(mut self, client: reqwest::Client) -> Config {
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

    fn origin(&self, service: Service) -> &str {
        match &self.base {
            Some(b) => b,
            None => service.production_origin(),
        }
    }

    /// `origin + prefix + path`.
    pub(crate) fn url(&self, service: Service, path: &str) -> String {
        let origin = self.origin(service);
        let prefix = service.path_prefix();
        let mut s = String::with_capacity(origin.len() + prefix.len() + path.len());
        s.push_str(origin);
        s.push_str(prefix);
        s.push_str(path);
        s
    }

    /// `origin + /status`.
    pub(crate) fn status_url(&self, service: Service) -> String {
        let mut s = String::from(self.origin(service));
        s.push_str("/status");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let c = Config::DEFAULT;
        assert_eq!(
            c.url(Service::Invoices, "/create"),
            "https://invoice-service.mileston.co/invoice/create"
        );
        let c = c.with_base_url("HTTP://127.0.0.1:8080//").unwrap();
        assert_eq!(c.base_url(), Some("http://127.0.0.1:8080"));
        assert_eq!(
            c.status_url(Service::Checkout),
            "http://127.0.0.1:8080/status"
        );
        let c = Config::DEFAULT.with_static_base_url("http://127.0.0.1:4010");
        assert_eq!(
            c.url(Service::Checkout, "/data"),
            "http://127.0.0.1:4010/checkout/data"
        );
    }
}
