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

/// What `#[mileston_config]` chose for the struct it is on: its mode, as a
/// type. The attribute implements it, so code can name a handle's type
/// without writing `Test` or `Live` ([`BackendOf`](crate::BackendOf) and
/// its siblings), and keeps compiling when live keys are built in.
///
/// ```
/// use mileston_config::{BackendOf, CheckoutOf, mileston_config};
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
pub trait Configured {
    /// [`Test`] or [`Live`].
    type Mode: Mode;
}
