//! The attribute's arguments, each with the span errors about it point at.
//! What an argument means and how its value is checked is the core's
//! (`resolve::settings`, driven by the table of slots); this file only reads
//! the tokens and remembers where each argument was written.

use mileston_config_core::resolve::{Given, PartialSettings, Slot, Syntax, messages, slots};
use proc_macro2::{Delimiter, Ident, Literal, Span, TokenStream};
use quote::quote;

use crate::cursor::{Cursor, Mark};
use crate::error::Error;

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
/// `meta::parser` reads it, with syn's messages for what is not that shape.
/// Strings are read as written: one with escape sequences is refused.
pub fn parse(tokens: TokenStream, errors: &mut Vec<Error>) -> Args {
    let mut args = Args::default();
    let mut input = Cursor::new(tokens);
    if let Err(e) = arguments(&mut input, &mut args, errors) {
        errors.push(e);
    }
    args
}

fn arguments(input: &mut Cursor, args: &mut Args, errors: &mut Vec<Error>) -> Result<(), Error> {
    while !input.is_empty() {
        argument(input, args, errors)?;
        if input.is_empty() {
            break;
        }
        input.expect_punct(',')?;
    }
    Ok(())
}

/// A path: `name`, or `a::b` (only ever an unknown argument), and the span
/// of its first name.
fn parse_path(input: &mut Cursor) -> Result<(String, Span), Error> {
    let mut path = String::new();
    if input.peek_path_separator() {
        input.path_separator();
        path.push_str("::");
    }
    let Some(first) = input.ident() else {
        return Err(if input.is_empty() {
            input.error("expected nested attribute")
        } else if input.peek_literal() {
            input.error("unexpected literal in nested attribute, expected ident")
        } else {
            input.error("unexpected token in nested attribute, expected ident")
        });
    };
    path.push_str(&first.to_string());
    while input.peek_path_separator() {
        input.path_separator();
        path.push_str("::");
        let Some(next) = input.ident() else {
            return Err(input.error("expected ident"));
        };
        path.push_str(&next.to_string());
    }
    Ok((path, first.span()))
}

/// A literal, as far as a setting's value is concerned.
enum Str {
    /// A string without escape sequences: its value is its text.
    Plain(String),
    /// A string with escape sequences, as written.
    Escaped(String),
    /// Not a string (a number, a byte string, a string with a suffix...).
    Other,
}

/// Reads `"..."`, `r"..."` and `r#"..."#` as written.
fn string(lit: &Literal) -> Str {
    let text = lit.to_string();
    if let Some(raw) = text.strip_prefix('r') {
        let fence = &raw[..raw.len() - raw.trim_start_matches('#').len()];
        return match raw[fence.len()..]
            .strip_prefix('"')
            .and_then(|rest| rest.strip_suffix(fence))
            .and_then(|rest| rest.strip_suffix('"'))
        {
            Some(value) => Str::Plain(value.to_owned()),
            None => Str::Other,
        };
    }
    match text
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
    {
        Some(value) if value.contains('\\') => Str::Escaped(text),
        Some(value) => Str::Plain(value.to_owned()),
        None => Str::Other,
    }
}

/// One argument, up to (not including) the comma after it.
fn argument(input: &mut Cursor, args: &mut Args, errors: &mut Vec<Error>) -> Result<(), Error> {
    let start = input.mark();
    let (name, name_span) = parse_path(input)?;
    if name == "crate" {
        crate_path(start, input, args, errors);
        return Ok(());
    }
    let Some(setting) = slots::setting(&name) else {
        let message = messages::unknown_setting(&name, Syntax::Attribute);
        errors.push(input.error_since(start, message));
        skip_value(input);
        return Ok(());
    };
    let slot = setting.slot();
    let duplicate = args.spans.iter().any(|(s, _)| *s == slot);
    if duplicate {
        errors.push(input.error_since(start, messages::duplicate(&name)));
    }
    if input.peek_group(Delimiter::Parenthesis) {
        errors.push(input.error_since(start, messages::parentheses(&name)));
        skip_value(input);
        return Ok(());
    }
    // A repeated argument's value is still checked (it may be a key), in a
    // scratch copy so that the first one stands.
    let mut scratch = PartialSettings::default();
    let mut value = None;
    if input.peek_punct('=') {
        input.next();
        let literal = input.peek_literal_token();
        let settings = if duplicate {
            &mut scratch
        } else {
            &mut args.settings
        };
        match (literal.as_ref().map(string), literal) {
            (Some(Str::Plain(text)), Some(lit)) => {
                input.next();
                value = Some((text, lit.span()));
            }
            (Some(Str::Escaped(text)), Some(lit)) => {
                input.next();
                if let Err(message) = settings.set(setting, Given::Escaped(text), Syntax::Attribute)
                {
                    errors.push(Error::new(lit.span(), message));
                }
                input.skip_to_comma();
                return Ok(());
            }
            (_, literal) => {
                // Not a string: refused, and called a key when it looks
                // like one. (A literal is part of the range pointed at.)
                let mut written = String::new();
                if let Some(lit) = literal {
                    written = lit.to_string();
                    input.next();
                }
                written.push_str(&input.text_to_comma());
                if let Err(message) =
                    settings.set(setting, Given::Unquoted(written), Syntax::Attribute)
                {
                    errors.push(input.error_since(start, message));
                }
                input.skip_to_comma();
                return Ok(());
            }
        }
    }
    if duplicate {
        if let Some((text, span)) = value
            && let Err(message) = scratch.set(setting, Given::Text(text), Syntax::Attribute)
        {
            errors.push(Error::new(span, message));
        }
        return Ok(());
    }
    let span = value.as_ref().map_or(name_span, |(_, span)| *span);
    match args.spans.iter_mut().find(|(s, _)| *s == slot) {
        Some((_, old)) => *old = span,
        None => args.spans.push((slot, span)),
    }
    let (given, value_span) = match value {
        Some((text, span)) => (Given::Text(text), Some(span)),
        None => (Given::Flag, None),
    };
    if let Err(message) = args.settings.set(setting, given, Syntax::Attribute) {
        errors.push(match value_span {
            Some(span) => Error::new(span, message),
            None => input.error_since(start, message),
        });
    }
    Ok(())
}

const CRATE_USAGE: &str = "`crate` takes the path of the mileston-config crate as a string, e.g. \
     `crate = \"mc\"` when the dependency is renamed";

/// `crate = "path"` (the convention of serde and tokio's macros): the path
/// the renamed runtime crate has in this crate.
fn crate_path(start: Mark, input: &mut Cursor, args: &mut Args, errors: &mut Vec<Error>) {
    if args.krate.is_some() {
        errors.push(input.error_since(start, messages::duplicate("crate")));
        return skip_value(input);
    }
    if !input.peek_punct('=') {
        errors.push(input.error_since(start, CRATE_USAGE));
        return skip_value(input);
    }
    input.next();
    let literal = input.peek_literal_token();
    if literal.is_some() {
        input.next();
    }
    let (Some(Str::Plain(path)), Some(lit)) = (literal.as_ref().map(string), &literal) else {
        errors.push(input.error_since(start, CRATE_USAGE));
        return skip_value(input);
    };
    match path_tokens(&path, lit.span()) {
        Some(path) => args.krate = Some(path),
        None => errors.push(Error::new(lit.span(), CRATE_USAGE)),
    }
}

/// `a::b` or `::a` as tokens spanned at the literal; `None` unless every
/// segment is an identifier (ASCII, as crate names are), `crate` only first,
/// and none is `self`, `super` or `Self`.
fn path_tokens(text: &str, span: Span) -> Option<TokenStream> {
    let (mut path, rest) = match text.strip_prefix("::") {
        Some(rest) => (quote!(::), rest),
        None => (TokenStream::new(), text),
    };
    for (i, segment) in rest.split("::").enumerate() {
        let identifier = segment.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && !matches!(segment, "_" | "self" | "super" | "Self")
            && (i == 0 || segment != "crate");
        if !identifier {
            return None;
        }
        let ident = Ident::new(segment, span);
        if i > 0 {
            path.extend(quote!(::));
        }
        path.extend(quote!(#ident));
    }
    Some(path)
}

/// Consumes `= anything` up to the next comma, so parsing goes on after a bad argument.
fn skip_value(input: &mut Cursor) {
    if input.peek_punct('=') {
        input.next();
        input.skip_to_comma();
    } else if !input.is_empty() && !input.peek_punct(',') {
        // `name(...)` or other shapes: skip the group.
        input.next();
    }
}
