//! From the attribute to code: the arguments become a request for the core's
//! plan, and the plan is rendered as spanned errors, accessors, the rebuild
//! tracking and the refusals only the compiler can decide (wasm builds).

use std::path::PathBuf;

use mileston_config_core::key::KeyMode;
use mileston_config_core::resolve::{
    self, Front, Plan, Problem, Request, Slot, Target, Watch, When, messages, slots,
};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{quote, quote_spanned};

use crate::args::{self, Args};
use crate::error::Error;
use crate::item;

pub fn expand(args: TokenStream, input: TokenStream) -> TokenStream {
    let mut errors = Vec::new();
    let Some(name) = item::parse(input.clone(), &mut errors) else {
        let e = Error::new(Span::call_site(), item::NOT_UNIT_STRUCT).to_compile_error();
        return quote!(#e #input);
    };
    let args = args::parse(args, &mut errors);

    let manifest_dir = match std::env::var_os("CARGO_MANIFEST_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => {
            errors.push(Error::new(
                Span::call_site(),
                messages::no_manifest_dir(Front::Attribute),
            ));
            PathBuf::from(".")
        }
    };
    let plan = resolve::plan(Request {
        front: Front::Attribute,
        manifest_dir: &manifest_dir,
        settings: args.settings.clone(),
        target: Target::Unknown,
        read_values: errors.is_empty(),
    });
    errors.extend(plan.problems.iter().map(|p| spanned(&args, p)));

    let krate = args.krate();
    let accessors = accessors(&name, &plan, &krate, errors.is_empty());
    let tracking = tracking(&plan);
    let deferred = plan.deferred.iter().map(|d| {
        let message = &d.message;
        let cfg = match d.when {
            When::Wasm => quote!(target_family = "wasm"),
            When::ReleaseWasm => quote!(all(target_family = "wasm", not(debug_assertions))),
        };
        quote_spanned! {args.span(d.slot)=>
            #[cfg(#cfg)]
            ::core::compile_error!(#message);
        }
    });
    let errors = errors.iter().map(Error::to_compile_error);
    quote! {
        #input
        #accessors
        #tracking
        #(#deferred)*
        #(#errors)*
    }
}

/// A problem pointed at the argument it is about (the attribute itself for
/// Cargo.toml entries and settings not written in the attribute).
fn spanned(args: &Args, p: &Problem) -> Error {
    let span = if p.in_manifest {
        Span::call_site()
    } else {
        args.span(p.slot)
    };
    Error::new(span, &p.message)
}

/// The value of `slot` in generated code: injected, a placeholder, or (while
/// an error is reported) nothing, since the crate does not compile.
fn injected(plan: &Plan, slot: Slot, p: &TokenStream) -> Option<TokenStream> {
    if plan.without_keys.is_some() {
        return Some(quote!(#p::Injected::Placeholder));
    }
    let value = Literal::string(&plan.value(slot)?.value);
    Some(quote!(#p::Injected::Static(#value)))
}

/// The associated functions: one per declared value, and the mode.
fn accessors(name: &Ident, plan: &Plan, krate: &TokenStream, ok: bool) -> TokenStream {
    let p = quote!(#krate::__private);
    let mode = match plan.mode {
        KeyMode::Test => quote!(Test),
        KeyMode::Live => quote!(Live),
    };
    let base_url = match &plan.settings.base_url {
        Some(url) => quote!(::core::option::Option::Some(#url)),
        None => quote!(::core::option::Option::None),
    };
    let id = ok.then(|| injected(plan, Slot::BusinessId, &p)).flatten();
    let mut functions = Vec::new();
    for (var, name) in plan.settings.vars() {
        // Each handle, and what it is built from (the row's own value last).
        let (function, handle, constructor, with) = match var.slot {
            Slot::Backend => ("backend", "BackendClient", "backend_client", &[][..]),
            Slot::Checkout => ("checkout", "CheckoutClient", "checkout_client", &[][..]),
            Slot::Wallet => (
                "wallet",
                "WalletClient",
                "wallet_client",
                &[Slot::Backend][..],
            ),
            Slot::Webhook => ("webhooks", "WebhookVerifier", "webhook_verifier", &[][..]),
            _ => continue,
        };
        let function = Ident::new(function, Span::call_site());
        let handle = Ident::new(handle, Span::call_site());
        let constructor = Ident::new(constructor, Span::call_site());
        let values: Option<Vec<TokenStream>> = ok
            .then(|| {
                with.iter()
                    .chain([&var.slot])
                    .map(|slot| injected(plan, *slot, &p))
                    .collect()
            })
            .flatten();
        let args = match (var.slot, values, &id) {
            (Slot::Webhook, Some(v), _) => Some(quote!(#(#v),*)),
            (Slot::Wallet, Some(v), Some(id)) => {
                let (key, secret) = (&v[0], &v[1]);
                Some(quote!(#key, #id, #secret, #base_url))
            }
            (_, Some(v), Some(id)) => {
                let key = &v[0];
                Some(quote!(#key, #id, #base_url))
            }
            _ => None,
        };
        let body = match args {
            Some(args) => quote! {
                static HANDLE: #p::OnceLock<#p::#handle<#p::#mode>> = #p::OnceLock::new();
                #p::Clone::clone(HANDLE.get_or_init(|| #p::#constructor(#args)))
            },
            // An error is reported: a stub, so that the crate's uses of the
            // handle add no errors of their own.
            None => quote!(::core::unreachable!()),
        };
        let mut doc = format!(
            "The {function} handle, with {} read from `{name}` at build time.",
            var.what
        );
        // Declared for native builds only (the manifest's native table): no
        // accessor at all in a wasm build, as with the `cfg_attr` split.
        let declared_native = plan.settings.native(var.slot);
        let native_only = var.targets == slots::Targets::NativeOnly || declared_native;
        if native_only {
            doc.push_str(" Not available in wasm builds: it never reaches a frontend.");
        }
        let cfg = native_only.then(|| quote!(#[cfg(not(target_family = "wasm"))]));
        // Keeps calls to the accessor from adding errors to the wasm refusal.
        let wasm_stub = (native_only && !declared_native).then(|| {
            quote! {
                #[doc(hidden)]
                #[cfg(target_family = "wasm")]
                pub fn #function() -> #p::#handle<#p::#mode> {
                    ::core::unreachable!()
                }
            }
        });
        functions.push(quote! {
            #[doc = #doc]
            #cfg
            #[inline]
            pub fn #function() -> #p::#handle<#p::#mode> {
                #body
            }
            #wasm_stub
        });
    }
    let id_doc = format!(
        "The business ID, read from `{}` at build time.",
        plan.settings
            .var(Slot::BusinessId)
            .unwrap_or(slots::BUSINESS_ID.default_var)
    );
    let id_body = match &id {
        Some(id) => quote! {
            static ID: #p::OnceLock<#p::BusinessId> = #p::OnceLock::new();
            #p::Clone::clone(ID.get_or_init(|| #p::business_id(#id)))
        },
        None => quote!(::core::unreachable!()),
    };
    quote! {
        impl #p::Keys for #name {
            type Mode = #p::#mode;
        }

        impl #name {
            /// The mode of the injected keys.
            pub const MODE: #p::KeyMode = #p::KeyMode::#mode;
            #(#functions)*
            #[doc = #id_doc]
            #[inline]
            pub fn business_id() -> #p::BusinessId {
                #id_body
            }
        }
    }
}

/// Makes cargo rebuild the crate when a value the macro read may have
/// changed: stable Rust has no tracked-env API for proc macros
/// (rust-lang/rust#99515), so the expansion itself reads the plan's variables
/// with `option_env!` and its files with `include_bytes!`. Both sit in a
/// function that is never called, so no value reaches the artifact (a
/// `const` would copy the files into the crate's metadata). `option_env!`
/// makes the compiler record the variable's value in its dep-info file, so
/// the plan lists a variable only when its value was accepted (or is unset),
/// and a backend-only one only for native builds.
fn tracking(plan: &Plan) -> TokenStream {
    let reads = plan.watch.iter().filter_map(|w| match w {
        Watch::Var { name, native_only } => {
            let name = Literal::string(name);
            let cfg = native_only.then(|| quote!(#[cfg(not(target_family = "wasm"))]));
            Some(quote!(#cfg let _ = ::core::option_env!(#name);))
        }
        Watch::File(path) => {
            let path = Literal::string(path.to_str()?);
            Some(quote!(let _ = ::core::include_bytes!(#path);))
        }
    });
    quote! {
        const _: () = {
            #[allow(dead_code, clippy::all)]
            fn __mileston_config_rebuild_when_changed() {
                #(#reads)*
            }
        };
    }
}
