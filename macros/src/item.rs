//! The item under the attribute: a unit struct without generic parameters.
//!
//! Read token by token (syn's syntax tree was the largest part of the
//! attribute's build cost, BENCHMARKS.md); the item is emitted again as it
//! was written.

use proc_macro2::{Delimiter, Ident, Spacing, TokenStream, TokenTree};

use crate::cursor::Cursor;
use crate::error::Error;

pub const NOT_UNIT_STRUCT: &str = "#[mileston_config] goes on a unit struct, e.g. `pub struct Mileston;`, whose associated \
     functions return the handles";

const GENERICS: &str = "#[mileston_config] goes on a struct without generic parameters";

/// The struct's name, with an error pushed for each problem of its shape
/// (fields, generic parameters, an enum or a union). `None` when the tokens
/// are not a struct, enum or union at all: there is no name to give the
/// associated functions to.
pub fn parse(input: TokenStream, errors: &mut Vec<Error>) -> Option<Ident> {
    let before = errors.len();
    let mut input = Cursor::new(input);
    // Outer attributes (doc comments are `#[doc = ".."]` here) and visibility.
    while input.peek_punct('#') {
        input.next();
        if !input.peek_group(Delimiter::Bracket) {
            return None;
        }
        input.next();
    }
    if input.peek_ident("pub") {
        input.next();
        if input.peek_group(Delimiter::Parenthesis) {
            input.next();
        }
    }
    let name = if input.peek_ident("struct") {
        input.next();
        let name = input.ident()?;
        if input.peek_punct('<') {
            errors.push(generics(&mut input)?);
        }
        if input.peek_punct(';') {
            input.next();
        } else if input.peek_group(Delimiter::Brace) || input.peek_group(Delimiter::Parenthesis) {
            let fields = input.next()?;
            errors.push(Error::new(fields.span(), NOT_UNIT_STRUCT));
        }
        name
    } else if input.peek_ident("enum") || input.peek_ident("union") {
        input.next();
        let name = input.ident()?;
        errors.push(Error::new(name.span(), NOT_UNIT_STRUCT));
        name
    } else {
        return None;
    };
    if !input.is_empty() {
        // Whatever follows (a `where` clause, an enum's body...) is not a
        // unit struct's.
        if errors.len() == before {
            errors.push(Error::new(input.span(), NOT_UNIT_STRUCT));
        }
    }
    Some(name)
}

/// Consumes `<...>` and returns the error over it. A `>` that ends `->`
/// (in a bound like `F: Fn() -> u8`) does not close it. `None` when the
/// tokens end first.
fn generics(input: &mut Cursor) -> Option<Error> {
    let start = input.mark();
    let mut depth = 0usize;
    let mut arrow = false;
    loop {
        let TokenTree::Punct(p) = input.next()? else {
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
        return Some(Error::new(input.span_at(start), GENERICS));
    }
    Some(input.error_since(start, GENERICS))
}
