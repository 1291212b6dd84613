//! The one decoder, the same on every target: an answer's JSON is read by
//! miniserde into a private wire struct whose members are all `Option`s, then
//! [`Model::from_wire`] builds the public type, applying the value rules and
//! naming the member that is missing or bad. What a value needs besides the
//! document (whether the handle talks to Mileston's production services, the
//! kind a checkout read asked for, the hosted page the envelope gives) comes
//! in a [`Context`], so that a model is whole when it is made.
//!
//! Why miniserde, natively too: in the wasm page serde's error text alone
//! pulled in 18 KB of float formatting (BENCHMARKS.md), and one decoder on
//! both targets means one behaviour. Its error says nothing, so a member of
//! the wrong JSON type (or text that is not JSON) refuses the whole document
//! with one message ([`Invalid::Shape`]); absent and bad values are found by
//! `from_wire`, which knows the member's name.

// A webhook receiver without the client reads one document type: the
// members' helpers and most of the context serve the client's answers.
#![cfg_attr(not(feature = "http"), allow(dead_code))]

use core::fmt;

/// What an answer is read with, besides its bytes.
#[derive(Clone, Debug, Default)]
pub(crate) struct Context {
    /// Whether the handle talks to Mileston's production services: a
    /// resource without a link then gets the page Mileston's pattern gives.
    pub(crate) production: bool,
    /// The kind a checkout read asked for.
    #[cfg(feature = "http")]
    pub(crate) kind: Option<mileston_config_core::protocol::Kind>,
    /// The hosted page the envelope around a resource gave, for it to take.
    pub(crate) link: Option<String>,
    /// The answer's HTTP status.
    pub(crate) status: u16,
}

/// A type read from an answer: its wire form and how to check it.
pub(crate) trait Model: Sized {
    /// The document as miniserde reads it: members as `Option`s, so that a
    /// missing one is named by [`Model::from_wire`], not refused unnamed.
    type Wire: miniserde::Deserialize;

    /// The public value, or the first member that is missing or bad.
    fn from_wire(wire: Self::Wire, cx: &mut Context) -> Result<Self, Invalid>;
}

/// A list answer: every item, or the first refusal.
impl<T: Model> Model for Vec<T> {
    type Wire = Vec<T::Wire>;

    fn from_wire(wire: Self::Wire, cx: &mut Context) -> Result<Self, Invalid> {
        wire.into_iter().map(|w| T::from_wire(w, cx)).collect()
    }
}

/// Why an answer was refused. Its text quotes nothing of the answer (member
/// names and reasons are the client's own), so it can never carry a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Invalid {
    /// Not UTF-8 JSON, or a member of the wrong JSON type: miniserde does
    /// not say where.
    Shape,
    /// A required member is absent or `null`; `others` are the other names
    /// it may be given under (the envelopes' several names for one member).
    Missing {
        member: &'static str,
        others: &'static [&'static str],
    },
    /// A member's value is refused by its rule (an amount, a date, a status).
    Bad {
        member: &'static str,
        reason: &'static str,
    },
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Invalid::Shape => f.write_str("not JSON of the expected shape"),
            Invalid::Missing { member, others } => {
                write!(f, "missing member `{member}`")?;
                for (i, other) in others.iter().enumerate() {
                    f.write_str(if i == 0 { " (or `" } else { ", `" })?;
                    f.write_str(other)?;
                    f.write_str("`")?;
                }
                if !others.is_empty() {
                    f.write_str(")")?;
                }
                Ok(())
            }
            Invalid::Bad { member, reason } => write!(f, "`{member}`: {reason}"),
        }
    }
}

/// A JSON document as `T`'s wire form.
pub(crate) fn wire<W: miniserde::Deserialize>(json: &[u8]) -> Result<W, Invalid> {
    let text = core::str::from_utf8(json).map_err(|_| Invalid::Shape)?;
    miniserde::json::from_str::<W>(text).map_err(|_| Invalid::Shape)
}

/// A JSON answer as `T`.
pub(crate) fn from_json<T: Model>(json: &[u8], cx: &mut Context) -> Result<T, Invalid> {
    T::from_wire(wire(json)?, cx)
}

/// A required member.
pub(crate) fn required<T>(member: &'static str, value: Option<T>) -> Result<T, Invalid> {
    value.ok_or(Invalid::Missing {
        member,
        others: &[],
    })
}

/// A required member checked by `rule` (`Amount::try_from`, ...), whose
/// error gives the reason.
pub(crate) fn checked<T, E>(
    member: &'static str,
    value: Option<String>,
    rule: impl FnOnce(String) -> Result<T, E>,
    reason: impl FnOnce(E) -> &'static str,
) -> Result<T, Invalid> {
    rule(required(member, value)?).map_err(|e| Invalid::Bad {
        member,
        reason: reason(e),
    })
}
