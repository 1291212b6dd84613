//! The attribute's arguments, each with the span errors about it point at.

use std::collections::HashMap;

use mileston_config_core::key::{self, KeyMode};
use mileston_config_core::resolve::{self, Declared, PartialSettings, Slot};
use proc_macro2::{Span, TokenStream};
use syn::parse::Parser;
use syn::{LitStr, Token};

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
pub fn parse(tokens: TokenStream, errors: &mut Vec<syn::Error>) -> Args {
    let mut args = Args::default();
    let parser = syn::meta::parser(|meta| {
        let Some(name) = meta.path.get_ident().map(ToString::to_string) else {
            let path = quote::ToTokens::to_token_stream(&meta.path)
                .to_string()
                .replace(' ', "");
            errors.push(meta.error(unknown_message(&path)));
            return skip_value(&meta);
        };
        let slot = match name.as_str() {
            "backend" => Slot::Backend,
            "checkout" => Slot::Checkout,
            "business_id" => Slot::BusinessId,
            "mode" => Slot::Mode,
            "base_url" => Slot::BaseUrl,
            _ => {
                errors.push(meta.error(unknown_message(&name)));
                return skip_value(&meta);
            }
        };
        let duplicate = args.spans.contains_key(&slot);
        if duplicate {
            errors.push(meta.error(format!(
                "duplicate argument `{name}`: each setting may appear once"
            )));
        }
        if meta.input.peek(syn::token::Paren) {
            errors.push(meta.error(format!(
                "`{name}` takes no parentheses: write `{name}` or `{name} = \"...\"`"
            )));
            return skip_value(&meta);
        }
        let value: Option<LitStr> = if meta.input.peek(Token![=]) {
            match meta.value()?.parse::<LitStr>() {
                Ok(lit) => Some(lit),
                Err(_) => {
                    let message = match slot {
                        Slot::Mode => {
                            "`mode` takes a string: `mode = \"test\"` or `mode = \"live\"`"
                                .to_owned()
                        }
                        _ => format!(
                            "`{name}` takes the name of an environment variable as a string, e.g. `{name} = \"MY_VAR\"`"
                        ),
                    };
                    errors.push(meta.error(message));
                    // Still declared: the key is needed, only its variable is wrong.
                    match slot {
                        Slot::Backend => args.settings.backend = Some(Declared::Default),
                        Slot::Checkout => args.settings.checkout = Some(Declared::Default),
                        _ => {}
                    }
                    return skip_value(&meta);
                }
            }
        } else {
            None
        };
        if duplicate {
            return Ok(());
        }
        let span = value
            .as_ref()
            .map_or_else(|| meta.path.get_ident().unwrap().span(), LitStr::span);
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
            (Slot::BusinessId, None) => errors.push(meta.error(
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
            (Slot::BaseUrl, None) => errors.push(meta.error(
                "`base_url` takes a value, e.g. `base_url = \"http://127.0.0.1:4010\"`",
            )),
            (Slot::Mode, None) => {
                errors.push(meta.error("`mode` takes a value: `mode = \"test\"` or `mode = \"live\"`"))
            }
            (Slot::Settings, _) => unreachable!("not an argument"),
        }
        Ok(())
    });
    if let Err(e) = parser.parse2(tokens) {
        errors.push(e);
    }
    args
}

fn unknown_message(name: &str) -> String {
    format!(
        "unknown argument `{name}`: expected `backend`, `checkout`, `backend = \"VAR\"`, \
         `checkout = \"VAR\"`, `business_id = \"VAR\"`, `mode = \"test\" | \"live\"` or \
         `base_url = \"https://…\"`"
    )
}

/// Consumes `= anything` up to the next comma, so parsing goes on after a bad argument.
fn skip_value(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.input.parse::<Token![=]>()?;
        while !meta.input.is_empty() && !meta.input.peek(Token![,]) {
            meta.input.parse::<proc_macro2::TokenTree>()?;
        }
    } else if !meta.input.is_empty() && !meta.input.peek(Token![,]) {
        // `name(...)` or other shapes: skip the group.
        meta.input.parse::<proc_macro2::TokenTree>()?;
    }
    Ok(())
}
