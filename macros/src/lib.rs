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
mod item;

/// Reads Mileston keys at build time, refuses unsafe ones, and gives a unit
/// struct associated functions that return typed, scope-restricted handles.
///
/// ```ignore
/// use mileston_config::mileston_config;
///
/// #[mileston_config(backend, checkout)]
/// pub struct Mileston;
///
/// let backend: mileston_config::BackendClient<mileston_config::Test> = Mileston::backend();
/// let checkout: mileston_config::CheckoutClient<mileston_config::Test> = Mileston::checkout();
/// let id: mileston_config::BusinessId = Mileston::business_id();
/// ```
///
/// # Arguments
/// - `backend` / `checkout`: the handles the crate needs (at least one). Only
///   declared keys are read. `backend` reads `MILESTON_API_KEY`, `checkout`
///   reads `MILESTON_CHECKOUT_KEY`; `backend = "VAR"` / `checkout = "VAR"`
///   name other variables.
/// - `business_id = "VAR"`: the business ID's variable (default
///   `MILESTON_BUSINESS_ID`). Always required.
/// - `mode = "test" | "live"`: pins the mode; keys of the other mode are refused.
///
/// The same settings may sit in the crate's `Cargo.toml`
/// (`[package.metadata.mileston]`, e.g. `checkout = "SHOP_KEY"`,
/// `backend = true`); the attribute wins, and a bare `#[mileston_config]`
/// takes everything from there.
///
/// # Sources
/// The process environment first, then `.env` files from the crate's
/// directory up to the workspace root (nearest wins). Changing a variable, a
/// `.env` file or the Cargo.toml settings makes the next build embed the new
/// value.
///
/// # Refusals
/// Compile errors, all reported together, each pointing at its argument and
/// naming the variable and where its value came from, never the key: a missing
/// key or business ID; a malformed key (whitespace, a trailing newline,
/// quotes, control or non-ASCII characters, wrong prefix, unknown mode, short
/// body); a key of the wrong kind for its slot; test and live keys mixed or
/// against the `mode` pin; a business ID that is empty, has whitespace or
/// looks like a key; a key written in the attribute itself; `backend` in a
/// wasm build (`target_family = "wasm"`); unknown or repeated arguments; an
/// item that is not a unit struct.
///
/// # What it generates
/// For `#[mileston_config(backend, checkout)]` with test keys, the equivalent of:
///
/// ```text
/// pub struct Mileston;
///
/// impl Mileston {
///     pub const MODE: mileston_config::KeyMode = mileston_config::KeyMode::Test;
///
///     #[cfg(not(target_family = "wasm"))]
///     pub fn backend() -> mileston_config::BackendClient<mileston_config::Test> {
///         // the key, validated, as a `&'static str`: no allocation
///         mileston_config::BackendClient::new(/* ApiKey */, /* BusinessId */)
///     }
///     pub fn checkout() -> mileston_config::CheckoutClient<mileston_config::Test> {
///         mileston_config::CheckoutClient::new(/* CheckoutKey */, /* BusinessId */)
///     }
///     pub fn business_id() -> mileston_config::BusinessId { /* ... */ }
/// }
///
/// // Never called: makes cargo rebuild when a variable or file read changes.
/// const _: () = {
///     fn rebuild_when_changed() {
///         #[cfg(not(target_family = "wasm"))]
///         let _ = option_env!("MILESTON_API_KEY");
///         let _ = option_env!("MILESTON_CHECKOUT_KEY");
///         let _ = option_env!("MILESTON_BUSINESS_ID");
///         let _ = include_bytes!("/path/to/crate/.env");
///         let _ = include_bytes!("/path/to/crate/Cargo.toml");
///     }
/// };
///
/// #[cfg(target_family = "wasm")]
/// compile_error!("`backend` cannot be declared in a wasm build: ...");
/// ```
#[proc_macro_attribute]
pub fn mileston_config(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::expand(args.into(), input.into()).into()
}
