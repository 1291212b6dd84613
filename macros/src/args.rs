//! The attribute's arguments, each with the span errors about it point at.
//! What an argument means and how its value is checked is the core's
//! (`resolve::settings`, driven by the table of slots); this file only reads
//! the tokens and remembers where each argument was written.

use core::fmt::Display;

use mileston_config_core::resolve::{Given, PartialSettings, Slot, Syntax, messages, slots};
use proc_macro2::{Span, TokenStream};
use quote::quote;
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
    /// (A few entries: a list, lighter to build than a map.)
    pub spans: Vec<(Slot, Span)>,
    /// `crate = "path"`: the path generated code reaches the runtime by.
    pub krate: Option<TokenStream>,
}

impl Args {
    pub fn span(&self, slot: Slot) -> Span {
        self.spans
            .iter()
            .find(|(s, _)| *s == slot)
            .map_or_else(Span::call_site, |(_, span)| *span)
    }

    /// The runtime crate's path in generated code.
    pub fn krate(&self) -> TokenStream {
        self.krate
            .clone()
            .unwrap_or_else(|| quote!(::mileston_config))
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
    if name == "crate" {
        return crate_path(start, input, args, errors);
    }
    let Some(setting) = slots::setting(&name) else {
        errors.push(error(
            start,
            input,
            messages::unknown_setting(&name, Syntax::Attribute),
        ));
        return skip_value(input);
    };
    let slot = setting.slot();
    let duplicate = args.spans.iter().any(|(s, _)| *s == slot);
    if duplicate {
        errors.push(error(start, input, messages::duplicate(&name)));
    }
    if input.peek(syn::token::Paren) {
        errors.push(error(start, input, messages::parentheses(&name)));
        return skip_value(input);
    }
    // A repeated argument's value is still checked (it may be a key), in a
    // scratch copy so that the first one stands.
    let mut scratch = PartialSettings::default();
    let value: Option<LitStr> = if input.peek(Token![=]) {
        input.parse::<Token![=]>()?;
        match input.parse::<LitStr>() {
            Ok(lit) => Some(lit),
            Err(_) => {
                let written = value_text(&input.fork())?;
                let settings = if duplicate {
                    &mut scratch
                } else {
                    &mut args.settings
                };
                if let Err(message) =
                    settings.set(setting, Given::Unquoted(written), Syntax::Attribute)
                {
                    errors.push(error(start, input, message));
                }
                value_text(input)?;
                return Ok(());
            }
        }
    } else {
        None
    };
    if duplicate {
        if let Some(lit) = &value
            && let Err(message) = scratch.set(setting, Given::Text(lit.value()), Syntax::Attribute)
        {
            errors.push(syn::Error::new(lit.span(), message));
        }
        return Ok(());
    }
    let span = value.as_ref().map_or(name_span, LitStr::span);
    match args.spans.iter_mut().find(|(s, _)| *s == slot) {
        Some((_, old)) => *old = span,
        None => args.spans.push((slot, span)),
    }
    let given = match &value {
        Some(lit) => Given::Text(lit.value()),
        None => Given::Flag,
    };
    if let Err(message) = args.settings.set(setting, given, Syntax::Attribute) {
        errors.push(match &value {
            Some(lit) => syn::Error::new(lit.span(), message),
            None => error(start, input, message),
        });
    }
    Ok(())
}

const CRATE_USAGE: &str = "`crate` takes the path of the mileston-config crate as a string, e.g. \
     `crate = \"mc\"` when the dependency is renamed";

/// `crate = "path"` (the convention of serde and tokio's macros): the path
/// the renamed runtime crate has in this crate.
fn crate_path(
    start: Cursor<'_>,
    input: ParseStream<'_>,
    args: &mut Args,
    errors: &mut Vec<syn::Error>,
) -> syn::Result<()> {
    if args.krate.is_some() {
        errors.push(error(start, input, messages::duplicate("crate")));
        return skip_value(input);
    }
    if !input.peek(Token![=]) {
        errors.push(error(start, input, CRATE_USAGE));
        return skip_value(input);
    }
    input.parse::<Token![=]>()?;
    let Ok(lit) = input.parse::<LitStr>() else {
        errors.push(error(start, input, CRATE_USAGE));
        return skip_value(input);
    };
    match path_tokens(&lit.value(), lit.span()) {
        Some(path) => args.krate = Some(path),
        None => errors.push(syn::Error::new(lit.span(), CRATE_USAGE)),
    }
    Ok(())
}

/// `a::b` or `::a` as tokens spanned at the literal; `None` unless every
/// segment is an identifier.
fn path_tokens(text: &str, span: Span) -> Option<TokenStream> {
    let (leading, rest) = match text.strip_prefix("::") {
        Some(rest) => (quote!(::), rest),
        None => (TokenStream::new(), text),
    };
    let mut path = leading;
    for (i, segment) in rest.split("::").enumerate() {
        let ident: Ident = syn::parse_str::<Ident>(segment)
            .ok()
            .or_else(|| (segment == "crate" && i == 0).then(|| Ident::new("crate", span)))?;
        let ident = Ident::new(&ident.to_string(), span);
        if i > 0 {
            path.extend(quote!(::));
        }
        path.extend(quote!(#ident));
    }
    Some(path)
}

/// Consumes a value that is not a string, up to the next comma, and gives
/// its text (for the core to judge; never printed).
fn value_text(input: ParseStream<'_>) -> syn::Result<String> {
    let mut text = String::new();
    while !input.is_empty() && !input.peek(Token![,]) {
        text.push_str(&input.parse::<proc_macro2::TokenTree>()?.to_string());
    }
    Ok(text)
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
