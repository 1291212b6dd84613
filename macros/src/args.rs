//! The attribute's arguments, each with the span errors about it point at.

use core::fmt::Display;
use std::collections::HashMap;

use mileston_config_core::key::{self, KeyMode};
use mileston_config_core::resolve::{self, Declared, PartialSettings, Slot};
use proc_macro2::{Span, TokenStream};
use syn::buffer::Cursor;
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::{Ident, LitStr, Token};

/// What the attribute says, and where it says it.
#[derive(Default)]
pub struct Args {
    pub settings: PartialSettings,
    /// The span of each argument that was written: errors about that setting
    /// point there. Settings from Cargo.toml or defaults point at the attribute.
    pub spans: HashMap<Slot, Span>,
}

impl Args {
    pub fn span(&self, slot: Slot) -> Span {
        self.spans
            .get(&slot)
            .copied()
            .unwrap_or_else(Span::call_site)
    }
}

/// Parses the arguments, collecting every problem.
///
/// The grammar is `name`, `name = "..."`, separated by commas, as syn's
/// `meta::parser` reads it; it is written here with syn's `ParseStream` so
/// that syn is built without its syntax tree ("derive"), the largest part of
/// the attribute's build cost (BENCHMARKS.md).
pub fn parse(tokens: TokenStream, errors: &mut Vec<syn::Error>) -> Args {
    let mut args = Args::default();
    let parser = |input: ParseStream<'_>| -> syn::Result<()> {
        while !input.is_empty() {
            argument(input, &mut args, errors)?;
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        Ok(())
    };
    if let Err(e) = parser.parse2(tokens) {
        errors.push(e);
    }
    args
}

/// An error over the argument read so far, from `start` on.
fn error(start: Cursor<'_>, input: ParseStream<'_>, message: impl Display) -> syn::Error {
    syn::Error::new_range(start..input.cursor(), message)
}

/// A path: `name`, or `a::b` (only ever an unknown argument), and the span
/// of its first name.
fn parse_path(input: ParseStream<'_>) -> syn::Result<(String, Span)> {
    let mut path = String::new();
    if input.peek(Token![::]) {
        input.parse::<Token![::]>()?;
        path.push_str("::");
    }
    if !input.peek(Ident::peek_any) {
        return Err(if input.is_empty() {
            input.error("expected nested attribute")
        } else if input.peek(syn::Lit) {
            input.error("unexpected literal in nested attribute, expected ident")
        } else {
            input.error("unexpected token in nested attribute, expected ident")
        });
    }
    let first = Ident::parse_any(input)?;
    path.push_str(&first.to_string());
    while input.peek(Token![::]) {
        input.parse::<Token![::]>()?;
        path.push_str("::");
        path.push_str(&Ident::parse_any(input)?.to_string());
    }
    Ok((path, first.span()))
}

/// One argument, up to (not including) the comma after it.
fn argument(
    input: ParseStream<'_>,
    args: &mut Args,
    errors: &mut Vec<syn::Error>,
) -> syn::Result<()> {
    let start = input.cursor();
    let (name, name_span) = parse_path(input)?;
    let slot = match name.as_str() {
        "backend" => Slot::Backend,
        "checkout" => Slot::Checkout,
        "business_id" => Slot::BusinessId,
        "mode" => Slot::Mode,
        "base_url" => Slot::BaseUrl,
        _ => {
            errors.push(error(start, input, unknown_message(&name)));
            return skip_value(input);
        }
    };
    let duplicate = args.spans.contains_key(&slot);
    if duplicate {
        errors.push(error(
            start,
            input,
            format!("duplicate argument `{name}`: each setting may appear once"),
        ));
    }
    if input.peek(syn::token::Paren) {
        errors.push(error(
            start,
            input,
            format!("`{name}` takes no parentheses: write `{name}` or `{name} = \"...\"`"),
        ));
        return skip_value(input);
    }
    let value: Option<LitStr> = if input.peek(Token![=]) {
        input.parse::<Token![=]>()?;
        match input.parse::<LitStr>() {
            Ok(lit) => Some(lit),
            Err(_) => {
                let message = match slot {
                    Slot::Mode => {
                        "`mode` takes a string: `mode = \"test\"` or `mode = \"live\"`".to_owned()
                    }
                    _ => format!(
                        "`{name}` takes the name of an environment variable as a string, e.g. `{name} = \"MY_VAR\"`"
                    ),
                };
                errors.push(error(start, input, message));
                // Still declared: the key is needed, only its variable is wrong.
                match slot {
                    Slot::Backend => args.settings.backend = Some(Declared::Default),
                    Slot::Checkout => args.settings.checkout = Some(Declared::Default),
                    _ => {}
                }
                return skip_value(input);
            }
        }
    } else {
        None
    };
    if duplicate {
        return Ok(());
    }
    let span = value.as_ref().map_or_else(|| name_span, LitStr::span);
    args.spans.insert(slot, span);

    let var_name = |lit: &LitStr, errors: &mut Vec<syn::Error>| -> Option<String> {
        let v = lit.value();
        if key::looks_like_key(&v) {
            // Point at the literal, but never repeat it.
            errors.push(syn::Error::new(
                lit.span(),
                resolve::literal_key_message(&name),
            ));
            return None;
        }
        if let Err(why) = resolve::check_var_name(&v) {
            errors.push(syn::Error::new(
                lit.span(),
                format!("`{name}` is not a variable name: {why}"),
            ));
            return None;
        }
        Some(v)
    };
    match (slot, value) {
            (Slot::Backend | Slot::Checkout, value) => {
                let declared = match value {
                    None => Declared::Default,
                    Some(lit) => match var_name(&lit, errors) {
                        Some(v) => Declared::Var(v),
                        // Still declared: the key is needed, only its variable is wrong.
                        None => Declared::Default,
                    },
                };
                if slot == Slot::Backend {
                    args.settings.backend = Some(declared);
                } else {
                    args.settings.checkout = Some(declared);
                }
            }
            (Slot::BusinessId, Some(lit)) => {
                args.settings.business_id = var_name(&lit, errors);
            }
            (Slot::BusinessId, None) => errors.push(error(
                start,
                input,
                "`business_id` takes the name of an environment variable, e.g. `business_id = \"MILESTON_BUSINESS_ID\"`",
            )),
            (Slot::Mode, Some(lit)) => match KeyMode::from_setting(&lit.value()) {
                Some(mode) => args.settings.mode = Some(mode),
                None => errors.push(syn::Error::new(lit.span(), "`mode` must be \"test\" or \"live\"")),
            },
            (Slot::BaseUrl, Some(lit)) => match resolve::check_base_url(&lit.value()) {
                Ok(url) => args.settings.base_url = Some(url),
                Err(why) => errors.push(syn::Error::new(lit.span(), why)),
            },
            (Slot::BaseUrl, None) => errors.push(error(
                start,
                input,
                "`base_url` takes a value, e.g. `base_url = \"http://127.0.0.1:4010\"`",
            )),
            (Slot::Mode, None) => {
                errors.push(error(start, input, "`mode` takes a value: `mode = \"test\"` or `mode = \"live\"`"))
            }
            (Slot::Settings, _) => unreachable!("not an argument"),
        }
    Ok(())
}

fn unknown_message(name: &str) -> String {
    format!(
        "unknown argument `{name}`: expected `backend`, `checkout`, `backend = \"VAR\"`, \
         `checkout = \"VAR\"`, `business_id = \"VAR\"`, `mode = \"test\" | \"live\"` or \
         `base_url = \"https://…\"`"
    )
}

/// Consumes `= anything` up to the next comma, so parsing goes on after a bad argument.
fn skip_value(input: ParseStream<'_>) -> syn::Result<()> {
    if input.peek(Token![=]) {
        input.parse::<Token![=]>()?;
        while !input.is_empty() && !input.peek(Token![,]) {
            input.parse::<proc_macro2::TokenTree>()?;
        }
    } else if !input.is_empty() && !input.peek(Token![,]) {
        // `name(...)` or other shapes: skip the group.
        input.parse::<proc_macro2::TokenTree>()?;
    }
    Ok(())
}
