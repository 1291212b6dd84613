//! Where a credential's characters live: the one type behind every key,
//! secret and business ID. In the binary (injected at build time, no
//! allocation), on the heap (read at run time, shared by clones), or nowhere
//! (the placeholder of a build without keys, whose text is never read).

use std::sync::Arc;

/// A credential's text.
#[derive(Clone)]
pub(crate) enum Text {
    Static(&'static str),
    Shared(Arc<str>),
    /// A build without keys (docs.rs, or `MILESTON_ALLOW_MISSING_KEYS=1`).
    Placeholder,
}

impl Text {
    /// Text read at run time.
    pub(crate) fn shared(raw: &str) -> Text {
        Text::Shared(Arc::from(raw))
    }

    pub(crate) fn is_placeholder(&self) -> bool {
        matches!(self, Text::Placeholder)
    }

    /// The text, `None` for the placeholder.
    pub(crate) fn get(&self) -> Option<&str> {
        match self {
            Text::Static(s) => Some(s),
            Text::Shared(s) => Some(s),
            Text::Placeholder => None,
        }
    }

    /// The text; for the placeholder, a panic naming `what`, so that it never
    /// reaches a request, a signature or a comparison silently.
    pub(crate) fn expose(&self, what: &str) -> &str {
        match self.get() {
            Some(s) => s,
            None => panic!(
                "this Mileston {what} is a placeholder: the crate was built without keys (a \
                 docs.rs build, or MILESTON_ALLOW_MISSING_KEYS=1); build with the keys set"
            ),
        }
    }
}

/// Equal texts; a placeholder equals only a placeholder.
impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.get() == other.get()
    }
}

impl Eq for Text {}
