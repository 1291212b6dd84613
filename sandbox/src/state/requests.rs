//! The request log: what each request to the API looked like on the wire
//! (method, path, query, headers, body bytes, JSON member order, the answer's
//! status), kept so that a test can compare the bytes two clients send for
//! the same call (`GET /__sandbox/requests/log`, each tenant seeing the
//! requests that spoke for it, and those that spoke for none, such as
//! `GET /status` or a call without a key). It never holds a key: the
//! `apikey` header is logged as what kind of key it was, and anything else
//! that looks like a key is withheld ([`safe`]). The entries are recorded by
//! a layer of the routes (`routes/requests.rs`).

use std::collections::VecDeque;
use std::fmt;

use mileston_config_core::key::looks_like_key;
use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// The most requests the log keeps (the oldest go first), so that a load
/// test of thousands of requests does not grow the sandbox without bound.
pub(crate) const CAPACITY: usize = 1000;

/// What stands in for a value that looks like a key.
const WITHHELD: &str = "<withheld: it looks like an API key>";

/// The log, and the count of every request since start (its sequence numbers).
#[derive(Default)]
pub(crate) struct RequestLog {
    total: u64,
    entries: VecDeque<Entry>,
}

/// One request, as the sandbox received it.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Entry {
    /// 1 for the first request since start.
    pub(crate) seq: u64,
    pub(crate) method: String,
    pub(crate) path: String,
    /// The raw query string, without `?`.
    pub(crate) query: Option<String>,
    /// Every header's name, lowercase, sorted.
    pub(crate) headers: Vec<String>,
    /// What the `apikey` header held: `absent`, `malformed`, `live`,
    /// `unknown`, `normal` or `checkout` (never its value).
    pub(crate) apikey: &'static str,
    pub(crate) businessid: Option<String>,
    pub(crate) content_type: Option<String>,
    pub(crate) env: Option<String>,
    /// The body as sent (UTF-8, lossy), `null` when empty.
    pub(crate) body: Option<String>,
    /// The top-level member names of a JSON object body, in the order sent.
    pub(crate) members: Option<Vec<String>>,
    /// The body parsed as JSON (member order: see `members`).
    pub(crate) json: Option<Value>,
    /// Why `body`, `members` and `json` are missing though a body was sent.
    pub(crate) withheld: Option<&'static str>,
    /// The `Origin` header: the request came from a browser page.
    pub(crate) origin: Option<String>,
    /// The answer's status; `null` while pending, or when the connection was
    /// dropped without an answer.
    pub(crate) status: Option<u16>,
    /// Set when a browser page sent the normal key (or a wallet signature):
    /// `refused` (403), or `allowed` with `--allow-normal-key-from-browsers`.
    pub(crate) normal_key_from_browser: Option<FromBrowser>,
    /// The tenant the request spoke for (its key's, or the business it
    /// named); `None` for one that named none, which every tenant sees.
    #[serde(skip)]
    pub(crate) owner: Option<&'static str>,
}

impl Entry {
    /// Records the body: `None` when it was over the limit, withheld when it
    /// holds something key-like (or `apikey`, the request's key).
    pub(crate) fn set_body(&mut self, body: Option<&[u8]>, apikey: &[u8]) {
        match body {
            None => self.withheld = Some("the body is larger than the sandbox's 64 KiB limit"),
            Some([]) => {}
            Some(b) if holds_key(b, apikey) => {
                self.withheld = Some("the body contains something that looks like an API key");
            }
            Some(b) => {
                self.body = Some(String::from_utf8_lossy(b).into_owned());
                self.members = serde_json::from_slice::<Members>(b).ok().map(|m| m.0);
                self.json = serde_json::from_slice(b).ok();
            }
        }
    }
}

impl RequestLog {
    /// Requests logged since start: the last one's sequence number.
    pub(crate) fn total(&self) -> u64 {
        self.total
    }

    /// Logs `entry` under the next sequence number, and gives it.
    pub(crate) fn record(&mut self, mut entry: Entry) -> u64 {
        self.total += 1;
        entry.seq = self.total;
        if self.entries.len() == CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
        self.total
    }

    /// Records how request `seq` was answered.
    pub(crate) fn answered(&mut self, seq: u64, status: u16, from_browser: Option<FromBrowser>) {
        if let Some(e) = self.entries.iter_mut().rev().find(|e| e.seq == seq) {
            e.status = Some(status);
            e.normal_key_from_browser = from_browser;
        }
    }

    /// What `business` sees: the logged requests after `since` that spoke
    /// for it or for no tenant, oldest first.
    pub(crate) fn view(&self, business: &str, since: u64) -> Vec<Entry> {
        self.entries
            .iter()
            .filter(|e| e.seq > since && e.owner.is_none_or(|o| o == business))
            .cloned()
            .collect()
    }
}

/// What became of a browser page's request that carried the normal key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum FromBrowser {
    /// Answered 403.
    Refused,
    /// Served, with a warning (`--allow-normal-key-from-browsers`).
    Allowed,
}

/// The top-level member names of a JSON object, in order.
struct Members(Vec<String>);

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Members, D::Error> {
        struct Names;
        impl<'de> Visitor<'de> for Names {
            type Value = Members;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = map.next_key::<String>()? {
                    map.next_value::<IgnoredAny>()?;
                    names.push(name);
                }
                Ok(Members(names))
            }
        }
        d.deserialize_map(Names)
    }
}

/// `text`, or [`WITHHELD`] when it contains a key (or `apikey`, the
/// request's key).
pub(crate) fn safe(text: &str, apikey: &[u8]) -> String {
    if holds_key(text.as_bytes(), apikey) {
        WITHHELD.to_string()
    } else {
        text.to_string()
    }
}

fn holds_key(bytes: &[u8], apikey: &[u8]) -> bool {
    // (Short values are not keys, and the empty one is in everything.)
    (apikey.len() >= 12 && bytes.windows(apikey.len()).any(|w| w == apikey))
        || looks_like_key(&String::from_utf8_lossy(bytes))
}
