//! Where keys and secrets are in a file's bytes (or its decoded text): keys
//! written as they are or spelt with escapes ([`Escapes`]), secrets with no
//! format by the names they are assigned to ([`Names`]). The file scan places
//! and judges each one.

use std::ops::Range;

use super::escape::{Escapes, Run};
use super::finder::{KeyFinder, key_text};
use super::names::{Assigned, Names};
use super::report::Encoding;

/// A key found: where it is written, what it spells, and how it was written
/// when that was not as itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Where it is written in the bytes searched.
    pub at: Range<usize>,
    /// The key it spells: a match of [`KEY_PATTERN`](super::finder::KEY_PATTERN)
    /// with its escapes decoded.
    pub text: String,
    /// The escapes used in it, in the order they first appear.
    pub encoding: Vec<Encoding>,
}

/// Finds keys, written plainly or with escapes, and secrets by their names.
#[derive(Clone, Debug, Default)]
pub struct Searcher {
    keys: KeyFinder,
    escapes: Escapes,
    names: Names,
}

impl Searcher {
    /// The searcher for the table's names (its regexes compiled once; clone
    /// it for each thread).
    pub fn new() -> Searcher {
        Searcher::default()
    }

    /// The searcher for the table's names and those `names` adds.
    pub fn with_names(names: Names) -> Searcher {
        Searcher {
            keys: KeyFinder::new(),
            escapes: Escapes::new(),
            names,
        }
    }

    /// The secrets assigned to a known name in `hay`, in order.
    pub fn secrets(&self, hay: &[u8]) -> Vec<Assigned> {
        self.names.find(hay)
    }

    /// The keys in `hay`, in the order they are written. A key inside a
    /// stretch spelt with escapes is read from its decoded text, not as
    /// written: there it may be longer than what the pattern matches as
    /// written, or not match at all.
    pub fn find(&self, hay: &[u8]) -> Vec<Hit> {
        self.keys_in(hay, self.escapes.runs(hay))
    }

    /// The keys in `hay` as written, escapes not decoded: for a native
    /// binary, whose compiler stored its strings decoded (rustc writes
    /// `"\u{66}"` as `f`), where searching for escapes would cost more than
    /// the rest of the scan.
    pub fn find_as_written(&self, hay: &[u8]) -> Vec<Hit> {
        self.keys_in(hay, Vec::new())
    }

    fn keys_in(&self, hay: &[u8], runs: Vec<Run>) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut next_run = runs.iter().peekable();
        for at in self.keys.find_iter(hay) {
            while next_run.next_if(|r| r.range.end <= at.start).is_some() {}
            if next_run.peek().is_some_and(|r| r.range.start <= at.start) {
                continue;
            }
            let (text, percent) = key_text(&hay[at.clone()]);
            hits.push(Hit {
                text: text.into_owned(),
                encoding: percent.then_some(Encoding::Percent).into_iter().collect(),
                at,
            });
        }
        for run in &runs {
            for spelt in self.keys.find_iter(&run.text) {
                let text = String::from_utf8(run.text[spelt.clone()].to_vec())
                    .expect("a run spells key characters only");
                let (at, encoding) = run.source(spelt);
                hits.push(Hit { at, text, encoding });
            }
        }
        hits.sort_by_key(|h| h.at.start);
        hits
    }
}
