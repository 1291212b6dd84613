//! Test and live mode as types, so a handle's mode is checked by the compiler.

pub use mileston_config_core::key::KeyMode;

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Test {}
    impl Sealed for super::Live {}
}

/// The mode of a key or handle: [`Test`] or [`Live`]. Sealed.
pub trait Mode: sealed::Sealed + Copy + Send + Sync + core::fmt::Debug + 'static {
    /// The mode as a value.
    const MODE: KeyMode;
}

/// Test mode: keys `Mileston_TEST_…`, no real money moves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Test;

/// Live mode: keys `Mileston_LIVE_…` (or `Mileston_PROD_…`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Live;

impl Mode for Test {
    const MODE: KeyMode = KeyMode::Test;
}

impl Mode for Live {
    const MODE: KeyMode = KeyMode::Live;
}

/// The mode `#[mileston_config]` chose for a struct, as a type: the
/// attribute implements it, so code can name a handle's type without
/// writing `Test` or `Live`, and keeps compiling when live keys are built in.
///
/// ```
/// use mileston_config::{BackendOf, CheckoutOf, Keys, mileston_config};
///
/// # // This workspace's sandbox variables (fake keys, set in .cargo/config.toml).
/// #[mileston_config(
///     backend = "SANDBOX_API_KEY",
///     checkout = "SANDBOX_CHECKOUT_KEY",
///     business_id = "SANDBOX_BUSINESS_ID"
/// )]
/// pub struct Mileston;
///
/// // An axum state, typed whatever the keys' mode.
/// #[derive(Clone)]
/// struct AppState {
///     backend: BackendOf<Mileston>,
///     checkout: CheckoutOf<Mileston>,
/// }
///
/// let state = AppState { backend: Mileston::backend(), checkout: Mileston::checkout() };
/// # let _ = state;
/// ```
pub trait Keys {
    /// [`Test`] or [`Live`].
    type Mode: Mode;
}

/// The backend handle of the struct `K` the attribute is on.
pub type BackendOf<K> = crate::BackendClient<<K as Keys>::Mode>;
/// The checkout handle of the struct `K` the attribute is on.
pub type CheckoutOf<K> = crate::CheckoutClient<<K as Keys>::Mode>;
/// The wallet handle of the struct `K` the attribute is on.
pub type WalletOf<K> = crate::WalletClient<<K as Keys>::Mode>;
/// The webhook verifier of the struct `K` the attribute is on.
pub type WebhooksOf<K> = crate::WebhookVerifier<<K as Keys>::Mode>;
