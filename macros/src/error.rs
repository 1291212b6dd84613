//! Errors pointed at the attribute's tokens, rendered as `compile_error!`
//! invocations.
//!
//! The rendering is syn's (`syn::Error::to_compile_error`): the path of the
//! invocation carries the span where the error starts and its braces the span
//! where it ends, so that on stable Rust the message underlines that whole
//! range. syn is not a dependency (its build was most of the attribute's build
//! cost, BENCHMARKS.md); these few lines are what the attribute used of it.

use core::fmt::Display;

use proc_macro2::{Delimiter, Group, Literal, Span, TokenStream, TokenTree};
use quote::quote_spanned;

/// A message and the range of tokens it is about.
pub struct Error {
    start: Span,
    end: Span,
    message: String,
}

impl Error {
    /// An error over one token (or the attribute, with `Span::call_site()`).
    pub fn new(span: Span, message: impl Display) -> Self {
        Error::range(span, span, message)
    }

    /// An error from the token at `start` to the token at `end`.
    pub fn range(start: Span, end: Span, message: impl Display) -> Self {
        Error {
            start,
            end,
            message: message.to_string(),
        }
    }

    /// `::core::compile_error! { "message" }`, spanned as described above.
    pub fn to_compile_error(&self) -> TokenStream {
        let mut message = Literal::string(&self.message);
        message.set_span(self.end);
        let mut braces = Group::new(Delimiter::Brace, TokenTree::Literal(message).into());
        braces.set_span(self.end);
        let start = self.start;
        let mut tokens = quote_spanned!(start=> ::core::compile_error!);
        tokens.extend([TokenTree::Group(braces)]);
        tokens
    }
}
