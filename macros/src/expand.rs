//! From settings and resolved keys to code.

use std::path::{Path, PathBuf};

use mileston_config_core::key::KeyMode;
use mileston_config_core::resolve::{
    self, PartialSettings, Problem, Resolved, Settings, Slot, Sources,
};
use proc_macro2::{Ident, Literal};
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};

use crate::args::{self, Args};
use crate::item;

pub fn expand(args: TokenStream, input: TokenStream) -> TokenStream {
    let mut errors = Vec::new();
    let Some(name) = item::parse(input.clone(), &mut errors) else {
        let e = syn::Error::new(Span::call_site(), item::NOT_UNIT_STRUCT);
        let e = e.to_compile_error();
        return quote!(#e #input);
    };
    let args = args::parse(args, &mut errors);

    let manifest_dir = match std::env::var_os("CARGO_MANIFEST_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => {
            errors.push(syn::Error::new(
                Span::call_site(),
                "CARGO_MANIFEST_DIR is not set: #[mileston_config] reads its settings and keys \
                 when built by cargo",
            ));
            PathBuf::from(".")
        }
    };
    let problem = |args: &Args, p: Problem| syn::Error::new(args.span(p.slot), p.message);

    let metadata = match resolve::read_metadata(&manifest_dir) {
        Ok(m) => m.settings,
        Err(problems) => {
            // Cargo.toml settings cannot be pointed at: point at the attribute.
            errors.extend(
                problems
                    .into_iter()
                    .map(|p| syn::Error::new(Span::call_site(), p.message)),
            );
            PartialSettings::default()
        }
    };
    let settings = match args.settings.clone().over(metadata) {
        Ok(s) => Some(s),
        Err(p) => {
            errors.push(problem(&args, p));
            None
        }
    };
    let mut sources = Sources::new(&manifest_dir);
    let without_keys = match resolve::build_without_keys() {
        Ok(w) => w,
        Err(message) => {
            errors.push(syn::Error::new(Span::call_site(), message));
            None
        }
    };
    // A mistake in the arguments is fixed first: reading keys for a half-understood
    // attribute would only add noise.
    let injected = match &settings {
        Some(_) if errors.is_empty() && without_keys.is_some() => Injected::Placeholder,
        Some(s) if errors.is_empty() => match resolve::resolve(s, &mut sources) {
            Ok(r) => Injected::Keys(r),
            Err(problems) => {
                errors.extend(problems.into_iter().map(|p| problem(&args, p)));
                Injected::Stub
            }
        },
        _ => Injected::Stub,
    };
    // The opt-in is for `cargo check`, clippy and forks' CI, never for shipping
    // a frontend.
    let placeholder_refusal = (without_keys == Some(resolve::WithoutKeys::OptIn)).then(|| {
        let message = resolve::placeholder_release_wasm_message();
        quote! {
            #[cfg(all(target_family = "wasm", not(debug_assertions)))]
            ::core::compile_error!(#message);
        }
    });

    let tracking = tracking(settings.as_ref(), &sources, &manifest_dir);
    let wasm_refusal = settings.as_ref().filter(|s| s.backend.is_some()).map(|_| {
        let message = resolve::wasm_backend_message();
        quote_spanned! {args.span(Slot::Backend)=>
            #[cfg(target_family = "wasm")]
            ::core::compile_error!(#message);
        }
    });
    let accessors = accessors(&name, settings.as_ref(), &injected);
    let errors = errors.into_iter().reduce(|mut all, e| {
        all.combine(e);
        all
    });
    let errors = errors.map(|e| e.to_compile_error());
    quote! {
        #input
        #accessors
        #tracking
        #wasm_refusal
        #placeholder_refusal
        #errors
    }
}

/// What the handles are built from.
enum Injected {
    /// Keys that passed every rule.
    Keys(Resolved),
    /// A build without keys (docs.rs, or the opt-in variable): handles whose
    /// requests fail with `Error::NoKeys`.
    Placeholder,
    /// An error is being reported: stubs, so that the crate's other uses of
    /// the handles add no errors of their own. They never run, since the crate
    /// does not compile.
    Stub,
}

/// The associated functions.
fn accessors(name: &Ident, settings: Option<&Settings>, injected: &Injected) -> TokenStream {
    let resolved = match injected {
        Injected::Keys(r) => Some(r),
        _ => None,
    };
    let placeholder = matches!(injected, Injected::Placeholder);
    let mode = resolved
        .map(|r| r.mode)
        .or_else(|| settings.and_then(|s| s.mode))
        .unwrap_or(KeyMode::Test);
    let (mode_type, mode_value) = match mode {
        KeyMode::Test => (
            quote!(::mileston_config::Test),
            quote!(::mileston_config::KeyMode::Test),
        ),
        KeyMode::Live => (
            quote!(::mileston_config::Live),
            quote!(::mileston_config::KeyMode::Live),
        ),
    };
    let private = quote!(::mileston_config::__private);
    let business_id = resolved.map(|r| Literal::string(&r.business_id));
    let id_expr = match &business_id {
        Some(id) => quote!(#private::BusinessId::__from_validated(#id)),
        None if placeholder => quote!(#private::BusinessId::__placeholder()),
        None => quote!(::core::unreachable!()),
    };
    let stub = quote!(::core::unreachable!());
    // A sandbox origin from the settings, checked and normalised at build time.
    let with_base = settings.and_then(|s| s.base_url.as_deref()).map(|url| {
        let url = Literal::string(url);
        quote!(.__with_validated_base_url(#url))
    });

    let backend = settings.and_then(|s| s.backend.as_ref()).map(|var| {
        let doc = format!(
            "The backend handle, with the normal API key read from `{var}` at build time. \
             Not available in wasm builds: the normal key never reaches a frontend."
        );
        let body = match resolved.and_then(|r| r.backend.as_ref()) {
            Some(k) => {
                let key = Literal::string(&k.raw);
                quote!(::mileston_config::BackendClient::new(#private::ApiKey::__from_validated(#key), #id_expr)#with_base)
            }
            None if placeholder => quote!(::mileston_config::BackendClient::new(#private::ApiKey::__placeholder(), #id_expr)#with_base),
            None => stub.clone(),
        };
        quote! {
            #[doc = #doc]
            #[cfg(not(target_family = "wasm"))]
            #[inline]
            pub fn backend() -> ::mileston_config::BackendClient<#mode_type> {
                #body
            }
            // Keeps calls to `backend()` from adding errors to the wasm refusal.
            #[doc(hidden)]
            #[cfg(target_family = "wasm")]
            pub fn backend() -> ::mileston_config::BackendClient<#mode_type> {
                ::core::unreachable!()
            }
        }
    });
    let checkout = settings.and_then(|s| s.checkout.as_ref()).map(|var| {
        let doc = format!("The checkout handle, with the checkout key read from `{var}` at build time.");
        let body = match resolved.and_then(|r| r.checkout.as_ref()) {
            Some(k) => {
                let key = Literal::string(&k.raw);
                quote!(::mileston_config::CheckoutClient::new(#private::CheckoutKey::__from_validated(#key), #id_expr)#with_base)
            }
            None if placeholder => quote!(::mileston_config::CheckoutClient::new(#private::CheckoutKey::__placeholder(), #id_expr)#with_base),
            None => stub.clone(),
        };
        quote! {
            #[doc = #doc]
            #[inline]
            pub fn checkout() -> ::mileston_config::CheckoutClient<#mode_type> {
                #body
            }
        }
    });
    let id_doc = format!(
        "The business ID, read from `{}` at build time.",
        settings.map_or(resolve::DEFAULT_BUSINESS_ID_VAR, |s| s.business_id.as_str())
    );
    quote! {
        impl #name {
            /// The mode of the injected keys.
            pub const MODE: ::mileston_config::KeyMode = #mode_value;
            #backend
            #checkout
            #[doc = #id_doc]
            #[inline]
            pub fn business_id() -> ::mileston_config::BusinessId {
                #id_expr
            }
        }
    }
}

/// Makes cargo rebuild the crate when a value the macro read may have
/// changed: stable Rust has no tracked-env API for proc macros
/// (rust-lang/rust#99515), so the expansion itself reads the same variables
/// with `option_env!` and the same files with `include_bytes!`. Both sit in a
/// function that is never called, so no value reaches the artifact (a
/// `const` would copy the files into the crate's metadata). The normal key's
/// variable is not even named in a wasm build: `option_env!` records the value
/// in cargo's dep-info file.
fn tracking(settings: Option<&Settings>, sources: &Sources, manifest_dir: &Path) -> TokenStream {
    let var = |v: &str| {
        let v = Literal::string(v);
        quote!(let _ = ::core::option_env!(#v);)
    };
    let mut reads = TokenStream::new();
    reads.extend(var("DOCS_RS"));
    reads.extend(var(resolve::ALLOW_MISSING_KEYS_VAR));
    if let Some(s) = settings {
        if let Some(v) = &s.backend {
            let read = var(v);
            reads.extend(quote!(#[cfg(not(target_family = "wasm"))] #read));
        }
        if let Some(v) = &s.checkout {
            reads.extend(var(v));
        }
        reads.extend(var(&s.business_id));
    }
    let manifest = manifest_dir.join("Cargo.toml");
    let files = sources
        .dotenv_files()
        .map(Path::to_path_buf)
        .chain(manifest.is_file().then_some(manifest));
    for file in files {
        if let Some(path) = file.to_str() {
            let path = Literal::string(path);
            reads.extend(quote!(let _ = ::core::include_bytes!(#path);));
        }
    }
    quote! {
        const _: () = {
            #[allow(dead_code, clippy::all)]
            fn __mileston_config_rebuild_when_changed() {
                #reads
            }
        };
    }
}
