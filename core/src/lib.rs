//! Rules shared by `mileston-config`, its attribute macro and its build-script
//! helper. Not meant to be used directly: depend on `mileston-config`.
#![warn(missing_docs)]

pub mod business;
pub mod header;
pub mod key;
pub mod opaque;
pub mod protocol;
#[cfg(feature = "start")]
pub mod resolve;
pub mod secret;
pub mod signature;
pub mod slots;
pub mod time;
pub mod url;
