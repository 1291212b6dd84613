//! Where keys are in a file's bytes (or its decoded text): written as they
//! are, or spelt with escapes ([`Escapes`]). The file scan places and judges
//! each one.

use std::ops::Range;

use super::escape::Escapes;
use super::finder::{KeyFinder, key_text};
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

/// Finds keys in bytes, written plainly or with escapes.
#[derive(Clone, Debug, Default)]
pub struct Searcher {
    keys: KeyFinder,
    escapes: Escapes,
}

impl Searcher {
    /// The searcher (its regexes compiled once; clone it for each thread).
    pub fn new() -> Searcher {
        Searcher::default()
    }

    /// The keys in `hay`, in the order they are written. A key inside a
    /// stretch spelt with escapes is read from its decoded text, not as
    /// written: there it may be longer than what the pattern matches as
    /// written, or not match at all.
    pub fn find(&self, hay: &[u8]) -> Vec<Hit> {
        let runs = self.escapes.runs(hay);
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
