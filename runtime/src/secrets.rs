//! The two secrets Mileston documents no format for: the wallet API's signing
//! secret and the webhook verification token. Checked by the attribute's rule
//! (`mileston_config_core::opaque`), and printed as nothing at all: not a
//! character, not even the length.

use core::fmt;
use std::sync::Arc;

pub use mileston_config_core::opaque::OpaqueError;

/// Where a secret's characters live: in the binary (injected at build time)
/// or on the heap (read at run time, shared by clones).
#[derive(Clone)]
enum Text {
    Static(&'static str),
    Shared(Arc<str>),
    /// A build without keys (docs.rs, or `MILESTON_ALLOW_MISSING_KEYS=1`).
    Placeholder,
}

impl Text {
    fn as_str(&self) -> &str {
        match self {
            Text::Static(s) => s,
            Text::Shared(s) => s,
            // Never let a placeholder sign or verify anything silently.
            Text::Placeholder => panic!(
                "this Mileston secret is a placeholder: the crate was built without keys (a \
                 docs.rs build, or MILESTON_ALLOW_MISSING_KEYS=1); build with the keys set"
            ),
        }
    }
}

macro_rules! opaque_secret {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone)]
        pub struct $name(Text);

        impl $name {
            /// Checks a secret obtained at run time (a platform's secret
            /// store): not empty, no whitespace, control or non-ASCII
            /// characters, not a Mileston API key.
            pub fn new(raw: &str) -> Result<Self, OpaqueError> {
                mileston_config_core::opaque::check(raw)?;
                Ok($name(Text::Shared(Arc::from(raw))))
            }

            /// Checks a secret that lives in the binary (as `#[mileston_config]`
            /// injects it) like [`new`](Self::new), without allocating.
            pub fn from_static(raw: &'static str) -> Result<Self, OpaqueError> {
                mileston_config_core::opaque::check(raw)?;
                Ok($name(Text::Static(raw)))
            }

            /// The secret of a build without keys.
            pub(crate) const fn placeholder() -> Self {
                $name(Text::Placeholder)
            }

            /// Whether this is the placeholder of a build without keys.
            pub fn is_placeholder(&self) -> bool {
                matches!(self.0, Text::Placeholder)
            }

            /// The whole secret. Named so that every place that handles it
            /// can be found with a search.
            ///
            /// # Panics
            /// For the placeholder of a build without keys, so that it never
            /// signs or verifies anything silently.
            pub fn expose_secret(&self) -> &str {
                self.0.as_str()
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(<redacted>)"))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("<redacted>")
            }
        }

        impl core::str::FromStr for $name {
            type Err = OpaqueError;
            fn from_str(s: &str) -> Result<Self, OpaqueError> {
                $name::new(s)
            }
        }
    };
}

opaque_secret!(
    /// The wallet API's signing secret (`MILESTON_SECRET_KEY` in Mileston's
    /// docs): every wallet request carries an HMAC-SHA256 of its body keyed
    /// with it. A backend secret: it authorises payouts. Its `Debug` and
    /// `Display` show nothing of it.
    WalletSecret
);

opaque_secret!(
    /// The webhook verification token chosen when the webhook was registered:
    /// Mileston sends it in the `X-Webhook-Signature` header of every
    /// delivery. A backend secret. Its `Debug` and `Display` show nothing of
    /// it, not even its length.
    WebhookToken
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_and_never_shown() {
        let s = WalletSecret::new("FAKE-wallet-secret-0001").unwrap();
        assert_eq!(
            format!("{s:?} {s} {s:#?}"),
            "WalletSecret(<redacted>) <redacted> WalletSecret(<redacted>)"
        );
        assert_eq!(s.expose_secret(), "FAKE-wallet-secret-0001");
        let t = WebhookToken::from_static("FAKE-token").unwrap();
        assert_eq!(format!("{t:?}"), "WebhookToken(<redacted>)");
        assert_eq!(
            WebhookToken::new("FAKE token").unwrap_err(),
            OpaqueError::Whitespace { position: 5 }
        );
        assert_eq!(
            WalletSecret::new("Mileston_TEST_FAKEfake0000000000a1").unwrap_err(),
            OpaqueError::ApiKey
        );
    }
}
