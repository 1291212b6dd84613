//! A cursor over the attribute's tokens: what the argument and item readers
//! peek at and consume, and where an error about them points.
//!
//! It reads the tokens as syn's `ParseStream` did when the attribute used syn
//! (invisible groups from `macro_rules!` expansions are seen through; an
//! error about the next token points at it, or at the attribute when there is
//! none), so that every message keeps its place.

use core::fmt::Display;

use proc_macro2::{Delimiter, Ident, Literal, Spacing, Span, TokenStream, TokenTree};

use crate::error::Error;

pub struct Cursor {
    tokens: Vec<TokenTree>,
    pos: usize,
}

/// A position in the tokens, to point an error at what was read since.
#[derive(Clone, Copy)]
pub struct Mark(usize);

impl Cursor {
    pub fn new(tokens: TokenStream) -> Self {
        fn flatten(tokens: TokenStream, out: &mut Vec<TokenTree>) {
            for tt in tokens {
                match tt {
                    TokenTree::Group(g) if g.delimiter() == Delimiter::None => {
                        flatten(g.stream(), out)
                    }
                    tt => out.push(tt),
                }
            }
        }
        let mut flat = Vec::new();
        flatten(tokens, &mut flat);
        Cursor {
            tokens: flat,
            pos: 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    fn peek(&self) -> Option<&TokenTree> {
        self.tokens.get(self.pos)
    }

    fn peek_nth(&self, n: usize) -> Option<&TokenTree> {
        self.tokens.get(self.pos + n)
    }

    /// The next token, consumed.
    pub fn next(&mut self) -> Option<TokenTree> {
        let tt = self.tokens.get(self.pos).cloned();
        if tt.is_some() {
            self.pos += 1;
        }
        tt
    }

    pub fn peek_punct(&self, ch: char) -> bool {
        matches!(self.peek(), Some(TokenTree::Punct(p)) if p.as_char() == ch)
    }

    /// `::`: a joint `:` and another `:`.
    pub fn peek_path_separator(&self) -> bool {
        matches!(self.peek(), Some(TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == Spacing::Joint)
            && matches!(self.peek_nth(1), Some(TokenTree::Punct(p)) if p.as_char() == ':')
    }

    pub fn peek_ident(&self, name: &str) -> bool {
        matches!(self.peek(), Some(TokenTree::Ident(i)) if i == name)
    }

    pub fn peek_group(&self, delimiter: Delimiter) -> bool {
        matches!(self.peek(), Some(TokenTree::Group(g)) if g.delimiter() == delimiter)
    }

    /// A literal, or a `-` before one (a negative number).
    pub fn peek_literal(&self) -> bool {
        match self.peek() {
            Some(TokenTree::Literal(_)) => true,
            Some(TokenTree::Punct(p)) if p.as_char() == '-' => {
                matches!(self.peek_nth(1), Some(TokenTree::Literal(_)))
            }
            _ => false,
        }
    }

    pub fn ident(&mut self) -> Option<Ident> {
        match self.peek() {
            Some(TokenTree::Ident(i)) => {
                let i = i.clone();
                self.pos += 1;
                Some(i)
            }
            _ => None,
        }
    }

    /// The next token when it is a literal, not consumed.
    pub fn peek_literal_token(&self) -> Option<Literal> {
        match self.peek() {
            Some(TokenTree::Literal(l)) => Some(l.clone()),
            _ => None,
        }
    }

    /// Consumes the punctuation `ch`, or errs with "expected `ch`" at the
    /// next token.
    pub fn expect_punct(&mut self, ch: char) -> Result<(), Error> {
        if self.peek_punct(ch) {
            self.pos += 1;
            Ok(())
        } else {
            Err(Error::new(self.span(), format!("expected `{ch}`")))
        }
    }

    /// Consumes `::` (after [`Self::peek_path_separator`]).
    pub fn path_separator(&mut self) {
        self.pos += 2;
    }

    /// The text of the tokens up to the next `,` (not included), not consumed.
    pub fn text_to_comma(&self) -> String {
        let mut text = String::new();
        for tt in &self.tokens[self.pos..] {
            if matches!(tt, TokenTree::Punct(p) if p.as_char() == ',') {
                break;
            }
            text.push_str(&tt.to_string());
        }
        text
    }

    /// Consumes the tokens up to the next `,` (not included).
    pub fn skip_to_comma(&mut self) {
        while !self.is_empty() && !self.peek_punct(',') {
            self.pos += 1;
        }
    }

    pub fn mark(&self) -> Mark {
        Mark(self.pos)
    }

    /// The next token's span (a group's opening delimiter), or the
    /// attribute's when there is none.
    pub fn span(&self) -> Span {
        match self.peek() {
            Some(TokenTree::Group(g)) => g.span_open(),
            Some(tt) => tt.span(),
            None => Span::call_site(),
        }
    }

    /// An error about the next token; "unexpected end of input, ..." when
    /// there is none.
    pub fn error(&self, message: impl Display) -> Error {
        if self.is_empty() {
            Error::new(
                Span::call_site(),
                format!("unexpected end of input, {message}"),
            )
        } else {
            Error::new(self.span(), message)
        }
    }

    /// The span of the token at `mark`.
    pub fn span_at(&self, mark: Mark) -> Span {
        self.tokens
            .get(mark.0)
            .map_or_else(Span::call_site, TokenTree::span)
    }

    /// An error over the tokens read since `start`.
    pub fn error_since(&self, start: Mark, message: impl Display) -> Error {
        let first = self.span_at(start);
        let last = if start.0 < self.pos {
            match &self.tokens[self.pos - 1] {
                TokenTree::Group(g) => g.span_close(),
                tt => tt.span(),
            }
        } else {
            first
        };
        Error::range(first, last, message)
    }
}
