//! The code of a native build with `load = "start"`: no value, only what to
//! read at start (each row's slot and variable, the pinned mode, the base
//! URL), handed to the runtime's `Start`, which reads with the core's rules
//! when `load()` is called; the accessors build their handles from what it
//! read, through the same trait as built-in values.

use mileston_config_core::key::KeyMode;
use mileston_config_core::resolve::{Plan, Slot};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

/// `Slot::X` in generated code.
fn slot(p: &TokenStream, slot: Slot) -> TokenStream {
    let slot = Ident::new(&format!("{slot:?}"), Span::call_site());
    quote!(#p::Slot::#slot)
}

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
    let mode = match plan.mode {
        KeyMode::Test => quote!(Test),
        KeyMode::Live => quote!(Live),
    };
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
    let base_url = match &plan.settings.base_url {
        Some(url) => quote!(::core::option::Option::Some(#url)),
        None => quote!(::core::option::Option::None),
    };
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
        let function = Literal::string(function);
        functions.push(if handle.is_empty() {
            quote! {
                #[doc = #doc]
                pub fn #ident() -> #p::BusinessId {
                    static ID: #p::OnceLock<#p::BusinessId> = #p::OnceLock::new();
                    #p::Clone::clone(ID.get_or_init(|| {
                        #p::business_id(Self::__mileston_config_start().injected(#function))
                    }))
                }
            }
        } else {
            let handle = Ident::new(handle, Span::call_site());
            quote! {
                #[doc = #doc]
                pub fn #ident() -> #p::#handle<#p::#mode> {
                    static HANDLE: #p::OnceLock<#p::#handle<#p::#mode>> = #p::OnceLock::new();
                    #p::Clone::clone(HANDLE.get_or_init(|| {
                        #p::build(Self::__mileston_config_start().injected(#function))
                    }))
                }
            }
        });
    }
    let native = quote!(#[cfg(not(target_family = "wasm"))]);
    quote! {
        #native
        #input

        #native
        #tracking

        #native
        impl #p::Configured for #name {
            type Mode = #p::#mode;
        }

        #native
        impl #name {
            /// The mode of the keys, pinned: `load()` refuses keys of the other.
            pub const MODE: #p::KeyMode = #p::KeyMode::#mode;

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
