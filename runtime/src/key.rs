//! Typed keys and the business ID.
//!
//! A key's `Debug` and `Display` show its kind, its mode and at most the last
//! four characters of its body; the whole key is only reachable through the
//! explicitly named [`ApiKey::expose_secret`] / [`CheckoutKey::expose_secret`].

use core::fmt;
use core::marker::PhantomData;
use std::sync::Arc;

pub use mileston_config_core::business::BusinessIdError;
use mileston_config_core::key;
pub use mileston_config_core::key::{KeyError, KeyKind, KeyShape};

use crate::mode::{KeyMode, Mode};

/// Where a key's characters live: in the binary (injected at build time, no
/// allocation) or on the heap (parsed at run time, shared by clones).
#[derive(Clone)]
enum Text {
    Static(&'static str),
    Shared(Arc<str>),
    /// A build without keys (docs.rs, or `MILESTON_ALLOW_MISSING_KEYS=1`).
    Placeholder,
}

const PLACEHOLDER_PANIC: &str = "this Mileston key is a placeholder: the crate was built without \
     keys (a docs.rs build, or MILESTON_ALLOW_MISSING_KEYS=1); build with the keys set";

impl Text {
    fn as_str(&self) -> &str {
        match self {
            Text::Static(s) => s,
            Text::Shared(s) => s,
            // Never let a placeholder reach a request silently.
            Text::Placeholder => panic!("{PLACEHOLDER_PANIC}"),
        }
    }

    fn is_placeholder(&self) -> bool {
        matches!(self, Text::Placeholder)
    }
}

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

fn parse_as<M: Mode>(raw: &str, want: KeyKind) -> Result<KeyShape, KeyParseError> {
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
    Ok(shape)
}

fn redacted(f: &mut fmt::Formatter<'_>, text: &Text) -> fmt::Result {
    if text.is_placeholder() {
        return f.write_str("<placeholder: built without keys>");
    }
    let raw = text.as_str();
    match key::parse(raw) {
        Ok(shape) => key::write_redacted(f, raw, &shape),
        // Unreachable for keys built through this module; never print the value.
        Err(_) => f.write_str("<redacted>"),
    }
}

macro_rules! key_type {
    ($(#[$doc:meta])* $name:ident, $kind:expr, $label:literal) => {
        $(#[$doc])*
        #[derive(Clone)]
        pub struct $name<M: Mode> {
            text: Text,
            mode: PhantomData<M>,
        }

        impl<M: Mode> $name<M> {
            /// Parses and checks a key supplied at run time (kind and mode included).
            pub fn parse(raw: &str) -> Result<Self, KeyParseError> {
                parse_as::<M>(raw, $kind)?;
                Ok($name { text: Text::Shared(Arc::from(raw)), mode: PhantomData })
            }

            /// Checks a key that lives in the binary (a `&'static str`, as
            /// `#[mileston_config]` injects it) like [`parse`](Self::parse),
            /// without allocating: the key is borrowed, not copied.
            pub fn from_static(raw: &'static str) -> Result<Self, KeyParseError> {
                parse_as::<M>(raw, $kind)?;
                Ok($name { text: Text::Static(raw), mode: PhantomData })
            }

            /// A key for a build without keys (docs.rs, or
            /// `MILESTON_ALLOW_MISSING_KEYS=1`): every request through it fails
            /// with `Error::NoKeys`.
            pub(crate) const fn placeholder() -> Self {
                $name { text: Text::Placeholder, mode: PhantomData }
            }

            /// Whether this is the placeholder of a build without keys.
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
                self.text.as_str()
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
                redacted(f, &self.text)
            }
        }

        impl<M: Mode> fmt::Debug for $name<M> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!($label, "("))?;
                redacted(f, &self.text)?;
                f.write_str(")")
            }
        }

        impl<M: Mode> PartialEq for $name<M> {
            fn eq(&self, other: &Self) -> bool {
                match (&self.text, &other.text) {
                    (Text::Placeholder, Text::Placeholder) => true,
                    (Text::Placeholder, _) | (_, Text::Placeholder) => false,
                    (a, b) => a.as_str() == b.as_str(),
                }
            }
        }

        impl<M: Mode> Eq for $name<M> {}
    };
}

key_type!(
    /// A normal Mileston API key (`Mileston_TEST_…` / `Mileston_LIVE_…`): the
    /// backend secret that creates payment links, invoices and recurring
    /// payments. Never let it reach a browser.
    ApiKey,
    KeyKind::Normal,
    "ApiKey"
);

key_type!(
    /// A checkout key (`Mileston_TEST_CHECKOUTKEY_…`): limited to starting a
    /// payment and reading its status, made for frontends.
    CheckoutKey,
    KeyKind::Checkout,
    "CheckoutKey"
);

/// A Mileston business ID, sent with every request. Not a secret: it is
/// printed as is.
#[derive(Clone)]
pub struct BusinessId(Text);

impl PartialEq for BusinessId {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for BusinessId {}

impl BusinessId {
    /// Checks a business ID supplied at run time.
    pub fn new(raw: &str) -> Result<BusinessId, BusinessIdError> {
        mileston_config_core::business::check(raw)?;
        Ok(BusinessId(Text::Shared(Arc::from(raw))))
    }

    /// Checks a business ID that lives in the binary (a `&'static str`, as
    /// `#[mileston_config]` injects it) like [`new`](Self::new), without
    /// allocating.
    pub fn from_static(raw: &'static str) -> Result<BusinessId, BusinessIdError> {
        mileston_config_core::business::check(raw)?;
        Ok(BusinessId(Text::Static(raw)))
    }

    /// The business ID of a build without keys.
    pub(crate) const fn placeholder() -> BusinessId {
        BusinessId(Text::Static("placeholder-built-without-keys"))
    }

    /// The ID.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
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
    use crate::{Live, Test};

    // Recognisably fake keys, never issued by Mileston.
    const NORMAL: &str = "Mileston_TEST_FAKEfake0000000000a1";
    const CHECKOUT: &str = "Mileston_TEST_CHECKOUTKEY_FAKEfake00000000b2";

    #[test]
    fn debug_and_display_are_redacted() {
        let k = ApiKey::<Test>::parse(NORMAL).unwrap();
        assert_eq!(k.to_string(), "Mileston_TEST_****00a1");
        assert_eq!(format!("{k:?}"), "ApiKey(Mileston_TEST_****00a1)");
        assert_eq!(format!("{k:#?}"), "ApiKey(Mileston_TEST_****00a1)");
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
            ApiKey::<Test>::parse(CHECKOUT),
            Err(KeyParseError::WrongKind {
                expected: KeyKind::Normal,
                found: KeyKind::Checkout
            })
        );
        let e = ApiKey::<Live>::parse(NORMAL).unwrap_err();
        assert_eq!(e.to_string(), "expected a live key, found a test key");
        let e = CheckoutKey::<Test>::parse(NORMAL).unwrap_err();
        assert_eq!(
            e.to_string(),
            "expected a checkout key, found a normal API key"
        );
        let e: KeyParseError = "Mileston_TEST_FAKEfake0000000000a1\n"
            .parse::<ApiKey<Test>>()
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("was the secret written with `echo`?")
        );
        assert!(!e.to_string().contains("FAKEfake"));
    }

    #[test]
    fn placeholder_keys_print_but_never_expose() {
        let k = ApiKey::<Test>::placeholder();
        assert!(k.is_placeholder());
        assert_eq!(
            format!("{k:?}"),
            "ApiKey(<placeholder: built without keys>)"
        );
        let err = std::panic::catch_unwind(|| k.expose_secret().len()).unwrap_err();
        assert!(
            err.downcast_ref::<String>()
                .unwrap()
                .contains("built without keys")
        );
        assert_ne!(k, ApiKey::<Test>::parse(NORMAL).unwrap());
    }

    #[test]
    fn business_id() {
        assert_eq!(BusinessId::new("biz_1").unwrap().to_string(), "biz_1");
        assert_eq!(BusinessId::new(NORMAL), Err(BusinessIdError::LooksLikeKey));
    }
}
