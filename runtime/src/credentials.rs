//! What identifies a handle to Mileston: the two keys (typed by kind and
//! mode), the two secrets Mileston documents no format for (the wallet
//! signing secret, the webhook token) and the business ID. Each is checked
//! by the core's rule when built, whatever its source (injected at build
//! time, read at start, or given at run time), and none prints its secret:
//! a key's `Debug` and `Display` show its kind, its mode and at most the
//! last four characters of its body; an opaque secret's show nothing, not
//! even the length; the whole secret is reachable only through the
//! explicitly named `expose_secret`.

use core::fmt;
use core::marker::PhantomData;

pub use mileston_config_core::business::BusinessIdError;
pub use mileston_config_core::header::BadChar;
use mileston_config_core::key;
pub use mileston_config_core::key::{KeyError, KeyKind};
pub use mileston_config_core::opaque::OpaqueError;

use crate::mode::{KeyMode, Mode};
use crate::text::Text;

/// Why a string was refused as a key of a given kind and mode. Never contains
/// any character of the key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyParseError {
    /// Not a Mileston key at all.
    Format(KeyError),
    /// A well-formed key of the other kind (a checkout key where the normal key
    /// goes, or the reverse).
    WrongKind {
        /// The kind asked for.
        expected: KeyKind,
        /// The kind found.
        found: KeyKind,
    },
    /// A well-formed key of the other mode.
    WrongMode {
        /// The mode asked for.
        expected: KeyMode,
        /// The mode found.
        found: KeyMode,
    },
}

impl fmt::Display for KeyParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyParseError::Format(e) => e.fmt(f),
            KeyParseError::WrongKind { expected, found } => write!(
                f,
                "expected a {}, found a {}",
                expected.describe(),
                found.describe()
            ),
            KeyParseError::WrongMode { expected, found } => {
                write!(f, "expected a {expected} key, found a {found} key")
            }
        }
    }
}

/// `source()` is `None`: `Display` already says what the format error says,
/// so an error reporter (anyhow, eyre) prints the sentence once, as with
/// [`crate::Error`]. The format error stays in [`KeyParseError::Format`].
impl std::error::Error for KeyParseError {}

impl From<KeyError> for KeyParseError {
    fn from(e: KeyError) -> Self {
        KeyParseError::Format(e)
    }
}

/// Checks `text` as a key of kind `want` and mode `M` (a placeholder passes:
/// it is never read).
fn check_key<M: Mode>(text: &Text, want: KeyKind) -> Result<(), KeyParseError> {
    let Some(raw) = text.get() else { return Ok(()) };
    let shape = key::parse(raw)?;
    if shape.kind != want {
        return Err(KeyParseError::WrongKind {
            expected: want,
            found: shape.kind,
        });
    }
    if shape.mode != M::MODE {
        return Err(KeyParseError::WrongMode {
            expected: M::MODE,
            found: shape.mode,
        });
    }
    Ok(())
}

/// A key as it may be shown: kind, mode, at most four characters of body.
fn write_key(f: &mut fmt::Formatter<'_>, text: &Text) -> fmt::Result {
    match text.get().map(|raw| (raw, key::parse(raw))) {
        None => f.write_str("<placeholder: built without keys>"),
        Some((raw, Ok(shape))) => key::write_redacted(f, raw, &shape),
        // Unreachable for keys built through this module; never print the value.
        Some((_, Err(_))) => f.write_str("<redacted>"),
    }
}

macro_rules! key_type {
    ($(#[$doc:meta])* $name:ident, $kind:expr) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name<M: Mode> {
            text: Text,
            mode: PhantomData<M>,
        }

        impl<M: Mode> $name<M> {
            /// Parses and checks a key supplied at run time (kind and mode included).
            pub fn parse(raw: &str) -> Result<Self, KeyParseError> {
                Self::from_text(Text::shared(raw))
            }

            /// Checks a key that lives in the binary (a `&'static str`, as
            /// `#[mileston_config]` injects it) like [`parse`](Self::parse),
            /// without allocating: the key is borrowed, not copied.
            pub fn from_static(raw: &'static str) -> Result<Self, KeyParseError> {
                Self::from_text(Text::Static(raw))
            }

            pub(crate) fn from_text(text: Text) -> Result<Self, KeyParseError> {
                check_key::<M>(&text, $kind)?;
                Ok($name { text, mode: PhantomData })
            }

            /// Whether this is the placeholder of a build without keys
            /// (docs.rs, or `MILESTON_ALLOW_MISSING_KEYS=1`): every request
            /// through it fails with `Error::NoKeys`.
            pub fn is_placeholder(&self) -> bool {
                self.text.is_placeholder()
            }

            /// The whole key, for the request header. Named so that every place
            /// that handles the secret can be found with a search.
            ///
            /// # Panics
            /// For the placeholder of a build without keys (see
            /// [`is_placeholder`](Self::is_placeholder)), so that it never
            /// reaches a request silently.
            pub fn expose_secret(&self) -> &str {
                self.text.expose("key")
            }

            /// The key's text, `None` for a placeholder.
            #[cfg_attr(not(feature = "http"), allow(dead_code))]
            pub(crate) fn text(&self) -> Option<&str> {
                self.text.get()
            }

            /// The key's mode.
            pub const fn mode(&self) -> KeyMode {
                M::MODE
            }
        }

        impl<M: Mode> core::str::FromStr for $name<M> {
            type Err = KeyParseError;
            fn from_str(s: &str) -> Result<Self, KeyParseError> {
                Self::parse(s)
            }
        }

        impl<M: Mode> fmt::Display for $name<M> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write_key(f, &self.text)
            }
        }

        impl<M: Mode> fmt::Debug for $name<M> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "("))?;
                write_key(f, &self.text)?;
                f.write_str(")")
            }
        }
    };
}

key_type!(
    /// The normal Mileston key (`Mileston_TEST_…` / `Mileston_LIVE_…`): the
    /// backend secret that creates payment links, invoices and recurring
    /// payments, and, with the wallet signing secret, moves funds. Never let
    /// it reach a browser.
    NormalKey,
    KeyKind::Normal
);

key_type!(
    /// A checkout key (`Mileston_TEST_CHECKOUTKEY_…`): limited to starting a
    /// payment and reading its status, made for frontends.
    CheckoutKey,
    KeyKind::Checkout
);

macro_rules! opaque_secret {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(Text);

        impl $name {
            /// Checks a secret obtained at run time (a platform's secret
            /// store): not empty, at least 8 characters, no whitespace,
            /// control or non-ASCII characters, not a Mileston API key.
            pub fn new(raw: &str) -> Result<Self, OpaqueError> {
                Self::from_text(Text::shared(raw))
            }

            /// Checks a secret that lives in the binary (as `#[mileston_config]`
            /// injects it) like [`new`](Self::new), without allocating.
            pub fn from_static(raw: &'static str) -> Result<Self, OpaqueError> {
                Self::from_text(Text::Static(raw))
            }

            pub(crate) fn from_text(text: Text) -> Result<Self, OpaqueError> {
                if let Some(raw) = text.get() {
                    mileston_config_core::opaque::check(raw)?;
                }
                Ok($name(text))
            }

            /// Whether this is the placeholder of a build without keys.
            pub fn is_placeholder(&self) -> bool {
                self.0.is_placeholder()
            }

            /// The whole secret. Named so that every place that handles it
            /// can be found with a search.
            ///
            /// # Panics
            /// For the placeholder of a build without keys, so that it never
            /// signs or verifies anything silently.
            pub fn expose_secret(&self) -> &str {
                self.0.expose($what)
            }

            /// The secret's text, `None` for a placeholder. (Each secret's
            /// use depends on the features: the wallet's signs, the token
            /// verifies.)
            #[allow(dead_code)]
            pub(crate) fn text(&self) -> Option<&str> {
                self.0.get()
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
    WalletSecret,
    "wallet signing secret"
);

opaque_secret!(
    /// The webhook verification token chosen when the webhook was registered:
    /// Mileston sends it in the `X-Webhook-Signature` header of every
    /// delivery. A backend secret. Its `Debug` and `Display` show nothing of
    /// it, not even its length.
    WebhookToken,
    "webhook token"
);

/// A Mileston business ID, sent with every request. Not a secret: it is
/// printed as is, which is why one that looks like a key (or a key's body)
/// is refused.
#[derive(Clone, PartialEq, Eq)]
pub struct BusinessId(Text);

impl BusinessId {
    /// Checks a business ID supplied at run time.
    pub fn new(raw: &str) -> Result<BusinessId, BusinessIdError> {
        Self::from_text(Text::shared(raw))
    }

    /// Checks a business ID that lives in the binary (a `&'static str`, as
    /// `#[mileston_config]` injects it) like [`new`](Self::new), without
    /// allocating.
    pub fn from_static(raw: &'static str) -> Result<BusinessId, BusinessIdError> {
        Self::from_text(Text::Static(raw))
    }

    /// A placeholder's ID is written as such (it is no secret, and it is
    /// never sent: a placeholder key stops the request first).
    pub(crate) fn from_text(text: Text) -> Result<BusinessId, BusinessIdError> {
        match text {
            Text::Placeholder => Ok(BusinessId(Text::Static("placeholder-built-without-keys"))),
            text => {
                mileston_config_core::business::check(text.expose("business ID"))?;
                Ok(BusinessId(text))
            }
        }
    }

    /// The ID.
    pub fn as_str(&self) -> &str {
        self.0.expose("business ID")
    }
}

impl core::str::FromStr for BusinessId {
    type Err = BusinessIdError;
    fn from_str(s: &str) -> Result<Self, BusinessIdError> {
        BusinessId::new(s)
    }
}

impl fmt::Display for BusinessId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for BusinessId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("BusinessId").field(&self.as_str()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mode::{Live, Test};

    // Recognisably fake keys, never issued by Mileston.
    const NORMAL: &str = "Mileston_TEST_FAKEfake0000000000a1";
    const CHECKOUT: &str = "Mileston_TEST_CHECKOUTKEY_FAKEfake00000000b2";

    #[test]
    fn debug_and_display_are_redacted() {
        let k = NormalKey::<Test>::parse(NORMAL).unwrap();
        assert_eq!(k.to_string(), "Mileston_TEST_****00a1");
        assert_eq!(format!("{k:?}"), "NormalKey(Mileston_TEST_****00a1)");
        assert_eq!(format!("{k:#?}"), "NormalKey(Mileston_TEST_****00a1)");
        let c = CheckoutKey::<Test>::from_static(CHECKOUT).unwrap();
        assert_eq!(
            format!("{c:?}"),
            "CheckoutKey(Mileston_TEST_CHECKOUTKEY_****00b2)"
        );
        assert_eq!(c.expose_secret(), CHECKOUT);
    }

    #[test]
    fn kind_and_mode_are_checked() {
        assert_eq!(
            NormalKey::<Test>::parse(CHECKOUT),
            Err(KeyParseError::WrongKind {
                expected: KeyKind::Normal,
                found: KeyKind::Checkout
            })
        );
        let e = NormalKey::<Live>::parse(NORMAL).unwrap_err();
        assert_eq!(e.to_string(), "expected a live key, found a test key");
        let e = CheckoutKey::<Test>::parse(NORMAL).unwrap_err();
        assert_eq!(
            e.to_string(),
            "expected a checkout key, found a normal API key"
        );
        let e: KeyParseError = "Mileston_TEST_FAKEfake0000000000a1\n"
            .parse::<NormalKey<Test>>()
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("was the secret written with `echo`?")
        );
        assert!(!e.to_string().contains("FAKEfake"));
    }

    #[test]
    fn placeholder_keys_print_but_never_expose() {
        let k = NormalKey::<Test>::from_text(Text::Placeholder).unwrap();
        assert!(k.is_placeholder());
        assert_eq!(
            format!("{k:?}"),
            "NormalKey(<placeholder: built without keys>)"
        );
        let err = std::panic::catch_unwind(|| k.expose_secret().len()).unwrap_err();
        assert!(
            err.downcast_ref::<String>()
                .unwrap()
                .contains("built without keys")
        );
        assert_ne!(k, NormalKey::<Test>::parse(NORMAL).unwrap());
        let s = WalletSecret::from_text(Text::Placeholder).unwrap();
        let err = std::panic::catch_unwind(|| s.expose_secret().len()).unwrap_err();
        assert!(
            err.downcast_ref::<String>()
                .unwrap()
                .starts_with("this Mileston wallet signing secret is a placeholder")
        );
    }

    #[test]
    fn business_id() {
        assert_eq!(BusinessId::new("biz_1").unwrap().to_string(), "biz_1");
        assert_eq!(BusinessId::new(NORMAL), Err(BusinessIdError::LooksLikeKey));
        assert_eq!(
            BusinessId::from_text(Text::Placeholder).unwrap().as_str(),
            "placeholder-built-without-keys"
        );
    }

    #[test]
    fn opaque_secrets_are_checked_and_never_shown() {
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
            OpaqueError::Character(BadChar::Whitespace(5))
        );
        assert_eq!(
            WalletSecret::new("Mileston_TEST_FAKEfake0000000000a1").unwrap_err(),
            OpaqueError::ApiKey
        );
        assert_eq!(
            WalletSecret::new("FAKE-1").unwrap_err(),
            OpaqueError::TooShort
        );
    }
}
