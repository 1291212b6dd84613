//! placeholder
use proc_macro::TokenStream;
#[proc_macro_attribute]
pub fn mileston_config(_args: TokenStream, input: TokenStream) -> TokenStream { input }
