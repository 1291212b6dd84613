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
