//! The `#[mileston_config]` attribute. Use it through the `mileston-config`
//! crate, which documents it and re-exports it.
//!
//! A pipeline, one file a stage: `item` reads the struct, `args` reads the
//! attribute into settings with spans (both through `cursor`, over the
//! tokens: syn is not used, see BENCHMARKS.md), the core's plan
//! (`mileston_config_core::resolve`) reads `Cargo.toml`, the environment and
//! `.env` files and applies every rule, and `expand` renders the plan as
//! code and spanned errors (`start` the code of `load = "start"`, `tokens`
//! the pieces both write).
#![warn(missing_docs)]

use proc_macro::TokenStream;

mod args;
mod cursor;
mod error;
mod expand;
mod item;
mod start;
mod tokens;

/// Reads Mileston keys at build time and generates typed handles: see the
/// documentation of `mileston_config::mileston_config`, where it is tested.
#[proc_macro_attribute]
pub fn mileston_config(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::expand(args.into(), input.into(), expand::Stage::Attribute).into()
}

/// Not public API: the attribute's second expansion of a `load = "start"`
/// item in a wasm build (generated code puts it under
/// `cfg(target_family = "wasm")`), which reads the values at build time.
#[doc(hidden)]
#[proc_macro_attribute]
pub fn wasm_build_time(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::expand(args.into(), input.into(), expand::Stage::WasmBuildTime).into()
}
