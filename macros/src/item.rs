//! The item under the attribute: a unit struct without generic parameters.
//!
//! Read with syn's `ParseStream` over the tokens rather than as a
//! `DeriveInput`, so that syn is built without its syntax tree (the "derive"
//! feature), the largest part of the attribute's build cost (BENCHMARKS.md).
//! The item is emitted again as it was written.

use proc_macro2::{Group, Ident, Spacing, TokenStream, TokenTree};
use syn::parse::{ParseStream, Parser};
use syn::{Token, token};

pub const NOT_UNIT_STRUCT: &str = "#[mileston_config] goes on a unit struct, e.g. `pub struct Mileston;`, whose associated \
     functions return the handles";

const GENERICS: &str = "#[mileston_config] goes on a struct without generic parameters";

/// The struct's name, with an error pushed for each problem of its shape
/// (fields, generic parameters, an enum or a union). `None` when the tokens
/// are not a struct, enum or union at all: there is no name to give the
/// associated functions to.
pub fn parse(input: TokenStream, errors: &mut Vec<syn::Error>) -> Option<Ident> {
    let before = errors.len();
    let parser = |input: ParseStream<'_>| -> syn::Result<Option<Ident>> {
        // Outer attributes (doc comments are `#[doc = ".."]` here) and visibility.
        while input.peek(Token![#]) {
            input.parse::<Token![#]>()?;
            input.parse::<Group>()?;
        }
        if input.peek(Token![pub]) {
            input.parse::<Token![pub]>()?;
            if input.peek(token::Paren) {
                input.parse::<Group>()?;
            }
        }
        let keyword = input.cursor().ident().map(|(k, _)| k.to_string());
        let name = match keyword.as_deref() {
            Some("struct") => {
                input.parse::<TokenTree>()?;
                let name: Ident = input.parse()?;
                if input.peek(Token![<]) {
                    errors.push(generics(input)?);
                }
                if input.peek(Token![;]) {
                    input.parse::<Token![;]>()?;
                } else if input.peek(token::Brace) || input.peek(token::Paren) {
                    let fields: Group = input.parse()?;
                    errors.push(syn::Error::new(fields.span(), NOT_UNIT_STRUCT));
                }
                name
            }
            Some("enum" | "union") => {
                input.parse::<TokenTree>()?;
                let name: Ident = input.parse()?;
                errors.push(syn::Error::new(name.span(), NOT_UNIT_STRUCT));
                name
            }
            _ => return Ok(None),
        };
        if !input.is_empty() {
            // Whatever follows (a `where` clause, an enum's body...) is not a
            // unit struct's.
            let first = input.span();
            input.parse::<TokenStream>()?;
            if errors.len() == before {
                errors.push(syn::Error::new(first, NOT_UNIT_STRUCT));
            }
        }
        Ok(Some(name))
    };
    parser.parse2(input).ok().flatten()
}

/// Consumes `<...>` and returns the error over it. A `>` that ends `->`
/// (in a bound like `F: Fn() -> u8`) does not close it.
fn generics(input: ParseStream<'_>) -> syn::Result<syn::Error> {
    let start = input.cursor();
    let mut depth = 0usize;
    let mut arrow = false;
    loop {
        let tt: TokenTree = input.parse()?;
        let TokenTree::Punct(p) = &tt else {
            arrow = false;
            continue;
        };
        match p.as_char() {
            '<' => depth += 1,
            '>' if !arrow => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        arrow = p.as_char() == '-' && p.spacing() == Spacing::Joint;
    }
    // Nothing after `<...>` (not valid Rust, so not expected): point at `<`.
    if input.is_empty() {
        return Ok(syn::Error::new(start.span(), GENERICS));
    }
    Ok(syn::Error::new_range(start..input.cursor(), GENERICS))
}
