//! Timestamps as the sandbox writes them: ISO-8601 UTC with milliseconds,
//! the form JavaScript's `Date.prototype.toJSON` writes (the calendar is the
//! core's, shared with the client).

use std::time::{SystemTime, UNIX_EPOCH};

pub(crate) use mileston_config_core::time::iso_millis as format_iso_ms;

/// Now as ISO-8601 UTC with milliseconds: `2026-05-01T12:34:56.789Z`.
pub(crate) fn now_iso() -> String {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    format_iso_ms(i64::try_from(since.as_millis()).unwrap_or(i64::MAX))
}
