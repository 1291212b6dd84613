//! Rules shared by `mileston-config`, its attribute macro and its build-script
//! helper. Not meant to be used directly: depend on `mileston-config`.
#![warn(missing_docs)]

pub mod ascii;
pub mod business;
pub mod header;
pub mod key;
pub mod opaque;
#[cfg(feature = "wire")]
pub mod protocol;
#[cfg(feature = "start")]
pub mod resolve;
#[cfg(feature = "wire")]
pub mod scrub;
pub mod secret;
#[cfg(feature = "wire")]
pub mod signature;
pub mod slots;
#[cfg(feature = "wire")]
pub mod time;
pub mod url;
