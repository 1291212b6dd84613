//! The `#[mileston_config]` attribute. Use it through the `mileston-config`
//! crate, which documents it and re-exports it.
//!
//! A pipeline, one file a stage: [`args`] reads the attribute into settings
//! with spans, the shared `mileston_config_core::resolve` reads
//! `Cargo.toml`, the environment and `.env` files and applies the rules, and
//! [`expand`] writes the code.

use proc_macro::TokenStream;

mod args;
mod expand;

/// See `mileston_config::mileston_config`.
#[proc_macro_attribute]
pub fn mileston_config(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::expand(args.into(), input.into()).into()
}
