//! The code of a native build with `load = "start"`: no value, only what to
//! read at start (each row's slot and variable, the pinned mode, the base
//! URL), handed to the runtime's `Start`, which reads with the core's rules
//! when `load()` is called; the accessors build their handles from what it
//! read, through the same trait as built-in values.

use mileston_config_core::resolve::Plan;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::tokens::{self, slot};

/// The item, its mode, `load()` and the accessors, for native builds only;
/// `tracking` is the plan's (the manifest alone: no variable).
pub fn expand(
    name: &Ident,
    plan: &Plan,
    krate: &TokenStream,
    input: TokenStream,
    tracking: TokenStream,
) -> TokenStream {
    let p = quote!(#krate::__private);
    let mode = tokens::mode(plan);
    let item = name.to_string();
    let rows = plan.settings.vars().map(|(var, variable)| {
        let slot_of = slot(&p, var.slot);
        let required_by = match plan.settings.required_by(var.slot) {
            Some(by) => {
                let by = slot(&p, by.slot);
                quote!(::core::option::Option::Some(#by))
            }
            None => quote!(::core::option::Option::None),
        };
        quote!((#slot_of, #variable, #required_by))
    });
    let base_url = tokens::base_url(plan);
    let allow_live = plan.settings.allow_live_base_url;
    let variables: Vec<String> = plan
        .settings
        .vars()
        .map(|(_, variable)| format!("`{variable}`"))
        .collect();
    let load_doc = format!(
        "Reads {} when the process starts, each from exactly one of the variable, the file \
         that `VAR_FILE` names (one trailing newline trimmed) or the systemd credential \
         `$CREDENTIALS_DIRECTORY/VAR`, and checks them by the build's rules (the keys must be \
         {} keys). Call it once at start, before any handle: the values are then kept for \
         the process's lifetime, and a second call reads nothing.\n\n\
         # Errors\n\
         Every problem, each naming its variable and where it was looked for, never a value.",
        variables.join(", "),
        plan.mode
    );
    let mut functions = Vec::new();
    for (var, variable) in plan.settings.vars() {
        let (function, handle) = (var.accessor, var.handle);
        let doc = format!(
            "The {function} handle, with {} read from `{variable}` by \
             [`{item}::load()`](Self::load).\n\n\
             # Panics\n\
             Before `{item}::load()` succeeded.",
            var.what
        );
        let ident = Ident::new(function, Span::call_site());
        let injected = quote!(Self::__mileston_config_start().injected(#function));
        let (ty, init) = if handle.is_empty() {
            (quote!(#p::BusinessId), quote!(#p::business_id(#injected)))
        } else {
            let handle = Ident::new(handle, Span::call_site());
            (quote!(#p::#handle<#p::#mode>), quote!(#p::build(#injected)))
        };
        let body = tokens::kept(&p, &ty, init);
        functions.push(quote! {
            #[doc = #doc]
            pub fn #ident() -> #ty {
                #body
            }
        });
    }
    let native = quote!(#[cfg(not(target_family = "wasm"))]);
    let mode_items = tokens::mode_items(
        name,
        plan,
        &p,
        "The mode of the keys, pinned: `load()` refuses keys of the other.",
        &native,
    );
    quote! {
        #native
        #input

        #native
        #tracking

        #mode_items

        #native
        impl #name {
            fn __mileston_config_start() -> &'static #p::Start {
                static START: #p::Start = #p::Start::new(#p::AtStart {
                    item: #item,
                    mode: #p::KeyMode::#mode,
                    rows: &[#(#rows),*],
                    base_url: #base_url,
                    allow_live_base_url: #allow_live,
                });
                &START
            }

            #[doc = #load_doc]
            pub fn load() -> ::core::result::Result<(), #p::LoadError> {
                Self::__mileston_config_start().load()
            }

            #(#functions)*
        }
    }
}
