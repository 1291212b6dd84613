//! From the attribute to code: the arguments become a request for the core's
//! plan, and the plan is rendered as spanned errors, accessors, the rebuild
//! tracking and the refusals only the compiler can decide (wasm builds).
//!
//! With `load = "start"` the native build's accessors take their values from
//! what `load()` read at start (`start.rs`); a wasm build of the same item is
//! expanded a second time ([`Stage::WasmBuildTime`]), reading at build time as
//! ever, since only the compiler knows the target: the second expansion sits
//! under `cfg(target_family = "wasm")`, so a native build never runs it and
//! reads no value.

use std::path::PathBuf;

use mileston_config_core::resolve::{
    self, Front, Load, Plan, Problem, Request, Slot, Target, Watch, When, messages, slots,
};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{quote, quote_spanned};

use crate::args::{self, Args};
use crate::error::Error;
use crate::item;
use crate::start;
use crate::tokens;

/// Which expansion of the attribute this is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The attribute's own.
    Attribute,
    /// The second expansion of a `load = "start"` item, in a wasm build
    /// only: it reads the values at build time, as `load = "build"` does.
    WasmBuildTime,
}

pub fn expand(args: TokenStream, input: TokenStream, stage: Stage) -> TokenStream {
    let mut errors = Vec::new();
    let Some(name) = item::parse(input.clone(), &mut errors) else {
        let e = Error::new(Span::call_site(), item::NOT_UNIT_STRUCT).to_compile_error();
        return quote!(#e #input);
    };
    let written = args.clone();
    let mut args = args::parse(args, &mut errors);
    if stage == Stage::WasmBuildTime {
        args.settings.set_load(Load::Build);
    }

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
    if plan.settings.load == Load::Start && errors.is_empty() {
        let wasm = quote! {
            #[cfg(target_family = "wasm")]
            #[#krate::__private::wasm_build_time(#written)]
            #input
        };
        let native = start::expand(&name, &plan, &krate, input, tracking(&plan));
        return quote!(#native #wasm);
    }
    let accessors = accessors(&name, &plan, &krate, errors.is_empty());
    let tracking = tracking(&plan);
    let deferred = plan.deferred.iter().map(|d| {
        let (message, cfg) = (&d.message, cfg(d.when));
        quote_spanned! {args.span(d.slot)=>
            #[cfg(#cfg)]
            ::core::compile_error!(#message);
        }
    });
    // Stable Rust lets a macro warn only through a lint: the use of an item
    // deprecated with the message as its note.
    let warnings = plan.warnings.iter().map(|w| {
        let (message, cfg) = (&w.message, cfg(w.when));
        quote_spanned! {args.span(w.slot)=>
            #[cfg(#cfg)]
            const _: () = {
                #[deprecated(note = #message)]
                struct Mileston;
                let _ = Mileston;
            };
        }
    });
    let errors = errors.iter().map(Error::to_compile_error);
    quote! {
        #input
        #accessors
        #tracking
        #(#deferred)*
        #(#warnings)*
        #(#errors)*
    }
}

/// The `cfg` predicate of the builds `when` names.
fn cfg(when: When) -> TokenStream {
    match when {
        When::Wasm => quote!(target_family = "wasm"),
        When::ReleaseWasm => quote!(all(target_family = "wasm", not(debug_assertions))),
        When::ReleaseNative => quote!(all(not(target_family = "wasm"), not(debug_assertions))),
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
        return Some(quote!(#p::Value::Placeholder));
    }
    let value = Literal::string(&plan.value(slot)?.value);
    Some(quote!(#p::Value::Static(#value)))
}

/// `#p::Injected { ... }` with the business ID, the base URL and the
/// secrets of `slots`; `None` while an error is reported.
fn injected_all(plan: &Plan, slots: &[Slot], p: &TokenStream) -> Option<TokenStream> {
    // Not read by a crate whose handles send no request (a webhook receiver).
    let id = match plan.settings.var(Slot::BusinessId) {
        Some(_) => injected(plan, Slot::BusinessId, p)?,
        None => quote!(#p::Value::Placeholder),
    };
    let base_url = tokens::base_url(plan);
    let allow_live = plan.settings.allow_live_base_url;
    let secrets = slots
        .iter()
        .map(|slot| {
            let value = injected(plan, *slot, p)?;
            let slot = tokens::slot(p, *slot);
            Some(quote!((#slot, #value)))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(quote! {
        #p::Injected {
            business_id: #id,
            base_url: #base_url,
            allow_live_base_url: #allow_live,
            secrets: &[#(#secrets),*],
        }
    })
}

/// The associated functions: one per declared value (its row names the
/// function and the handle it returns), and the mode.
fn accessors(name: &Ident, plan: &Plan, krate: &TokenStream, ok: bool) -> TokenStream {
    let p = quote!(#krate::__private);
    let mode = tokens::mode(plan);
    let mut functions = Vec::new();
    for (var, name) in plan.settings.vars() {
        if var.handle.is_empty() {
            continue;
        }
        let function = Ident::new(var.accessor, Span::call_site());
        let handle = Ident::new(var.handle, Span::call_site());
        // The row's own value, and those it requires.
        let slots: Vec<Slot> = var.requires.iter().copied().chain([var.slot]).collect();
        let ty = quote!(#p::#handle<#p::#mode>);
        let body = match ok.then(|| injected_all(plan, &slots, &p)).flatten() {
            Some(injected) => tokens::kept(&p, &ty, built_in(quote!(#p::build(&#injected)))),
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
            pub fn #function() -> #ty {
                #body
            }
            #wasm_stub
        });
    }
    // Only when read: a crate whose handles send no request has none.
    let business_id = plan.settings.var(Slot::BusinessId).map(|var| {
        let doc = format!("The business ID, read from `{var}` at build time.");
        let ty = quote!(#p::BusinessId);
        let body = match ok.then(|| injected_all(plan, &[], &p)).flatten() {
            Some(injected) => tokens::kept(&p, &ty, built_in(quote!(#p::business_id(&#injected)))),
            None => quote!(::core::unreachable!()),
        };
        quote! {
            #[doc = #doc]
            #[inline]
            pub fn business_id() -> #ty {
                #body
            }
        }
    });
    let load = built_in_load(name, plan, &p, ok);
    let mode_items =
        tokens::mode_items(name, plan, &p, "The mode of the injected keys.", &quote!());
    quote! {
        #mode_items

        impl #name {
            #(#functions)*
            #business_id
            #load
        }
    }
}

/// `init`, after the first use's check (native builds) that no variable
/// read at build time says otherwise at run time.
fn built_in(init: TokenStream) -> TokenStream {
    quote! {
        #[cfg(not(target_family = "wasm"))]
        Self::__mileston_config_built_in().warn_once();
        #init
    }
}

/// `load()` of a build that built its values in: it reads nothing, and
/// refuses when a variable it read at build time says otherwise now (the
/// value built in wins, which would ignore a rotated one silently); the
/// accessors' first use warns of the same. A wasm build has no environment.
fn built_in_load(name: &Ident, plan: &Plan, p: &TokenStream, ok: bool) -> TokenStream {
    let doc = format!(
        "Checks that no variable {name} read at build time is given to this process (the \
         variable, its `_FILE` or a systemd credential) with another value, or so that it \
         cannot be read, since the value built in is the one used: call it once at start. (With `load = \"start\"` it reads the values.)\n\n\
         # Errors\n\
         Names each such variable and `load = \"start\"`, never a value."
    );
    if !ok {
        return quote! {
            #[doc = #doc]
            pub fn load() -> ::core::result::Result<(), #p::LoadError> {
                ::core::unreachable!()
            }
        };
    }
    // Placeholders (a build without keys) have no value to compare.
    let values = plan.values.iter().map(|v| {
        let (var, value) = (Literal::string(&v.name), Literal::string(&v.value));
        quote!((#var, #value))
    });
    let item = Literal::string(&name.to_string());
    quote! {
        #[cfg(not(target_family = "wasm"))]
        fn __mileston_config_built_in() -> &'static #p::BuiltIn {
            static BUILT_IN: #p::BuiltIn = #p::BuiltIn::new(#item, &[#(#values),*]);
            &BUILT_IN
        }
        #[doc = #doc]
        #[cfg(not(target_family = "wasm"))]
        pub fn load() -> ::core::result::Result<(), #p::LoadError> {
            Self::__mileston_config_built_in().check()
        }
        #[doc = #doc]
        #[cfg(target_family = "wasm")]
        pub fn load() -> ::core::result::Result<(), #p::LoadError> {
            ::core::result::Result::Ok(())
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
