//! What generated code hands this crate for one accessor: each value as
//! injected at build time, or read at start by `load()` (`load.rs`), and the
//! settings a handle is built with. Below both the attribute's door
//! (`__private`) and `load()`, which each use it.

use mileston_config_core::slots::Slot;

use crate::text::Text;

/// A value as the attribute injects it. Its `Debug` shows no value.
#[derive(Clone, Copy)]
pub enum Value {
    /// Kept until the process ends: read and checked at build time (and
    /// built in), or at start (`load = "start"`).
    Static(&'static str),
    /// A build without keys (docs.rs, or `MILESTON_ALLOW_MISSING_KEYS=1`).
    Placeholder,
}

impl core::fmt::Debug for Value {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Value::Static(_) => "Static(<redacted>)",
            Value::Placeholder => "Placeholder",
        })
    }
}

impl Value {
    pub(crate) fn text(self) -> Text {
        match self {
            Value::Static(raw) => Text::Static(raw),
            Value::Placeholder => Text::Placeholder,
        }
    }
}

/// Everything one accessor's handle may be built from.
#[derive(Clone, Copy, Debug)]
pub struct Injected {
    /// The business ID.
    pub business_id: Value,
    /// The attribute's `base_url`, if any.
    pub base_url: Option<&'static str>,
    /// The attribute's `allow_live_base_url`.
    pub allow_live_base_url: bool,
    /// The secrets, by slot: the accessor's own and those its row requires.
    pub secrets: &'static [(Slot, Value)],
}

impl Injected {
    /// The value of `slot`; a placeholder when it was not injected (which
    /// the attribute never does for a slot a handle needs).
    pub(crate) fn text(&self, slot: Slot) -> Text {
        self.secrets
            .iter()
            .find(|(s, _)| *s == slot)
            .map_or(Text::Placeholder, |(_, v)| v.text())
    }
}
