//! The pieces of generated code that both renderings write (`expand` for
//! values built in, `start` for values read at start): each written once.

use mileston_config_core::key::KeyMode;
use mileston_config_core::resolve::{Plan, Slot};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// The runtime's type for the plan's mode (`Test` or `Live`).
pub fn mode(plan: &Plan) -> TokenStream {
    match plan.mode {
        KeyMode::Test => quote!(Test),
        KeyMode::Live => quote!(Live),
    }
}

/// `#p::Slot::X` for `slot`.
pub fn slot(p: &TokenStream, slot: Slot) -> TokenStream {
    let slot = Ident::new(&format!("{slot:?}"), Span::call_site());
    quote!(#p::Slot::#slot)
}

/// The attribute's `base_url` as an `Option<&'static str>`.
pub fn base_url(plan: &Plan) -> TokenStream {
    match &plan.settings.base_url {
        Some(url) => quote!(::core::option::Option::Some(#url)),
        None => quote!(::core::option::Option::None),
    }
}

/// An accessor's body: the value of type `ty` made by `init` on the first
/// call, kept, and cloned for each caller (a handle is cheap to clone).
pub fn kept(p: &TokenStream, ty: &TokenStream, init: TokenStream) -> TokenStream {
    quote! {
        static KEPT: #p::OnceLock<#ty> = #p::OnceLock::new();
        #p::Clone::clone(KEPT.get_or_init(|| { #init }))
    }
}

/// The item's mode as a type (`Configured`) and as a constant (`MODE`,
/// documented with `doc`), each under `cfg` (attributes, or nothing).
pub fn mode_items(
    name: &Ident,
    plan: &Plan,
    p: &TokenStream,
    doc: &str,
    cfg: &TokenStream,
) -> TokenStream {
    let mode = mode(plan);
    quote! {
        #cfg
        impl #p::Configured for #name {
            type Mode = #p::#mode;
        }

        #cfg
        impl #name {
            #[doc = #doc]
            pub const MODE: #p::KeyMode = #p::KeyMode::#mode;
        }
    }
}
