//! Where keys and secrets are in a file's bytes (or its decoded text): keys
//! written as they are or spelt with escapes ([`Escapes`]), secrets with no
//! format by the names they are assigned to ([`Names`]). One literal search
//! finds where a key or a name starts, so that a file's bytes are read once
//! for both (the scan is bound by memory bandwidth on large binaries). The
//! file scan places and judges what is found.

use std::ops::Range;

use regex::bytes::Regex;

use super::escape::Escapes;
use super::finder::{KEY_START, KeyFinder, key_text};
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

/// What a search found, each in the order it is written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hits {
    /// The keys.
    pub keys: Vec<Hit>,
    /// The secrets found by their names.
    pub secrets: Vec<Assigned>,
}

/// Finds keys, written plainly or with escapes, and secrets by their names.
#[derive(Clone, Debug)]
pub struct Searcher {
    keys: KeyFinder,
    escapes: Escapes,
    names: Names,
    /// Where a key ([`KEY_START`]) or a name starts.
    starts: Regex,
}

impl Default for Searcher {
    fn default() -> Self {
        Searcher::with_names(Names::default())
    }
}

impl Searcher {
    /// The searcher for the table's names (its regexes compiled once; clone
    /// it for each thread).
    pub fn new() -> Searcher {
        Searcher::default()
    }

    /// The searcher for the names `names` looks for.
    pub fn with_names(names: Names) -> Searcher {
        // Names first: a name that starts like a key is still a name.
        let starts: Vec<String> = names
            .names()
            .chain([KEY_START])
            .map(regex::escape)
            .collect();
        Searcher {
            keys: KeyFinder::new(),
            escapes: Escapes::new(),
            starts: Regex::new(&starts.join("|")).expect("escaped literals"),
            names,
        }
    }

    /// The keys in `hay`, escapes decoded (see [`Searcher::search`]).
    pub fn find(&self, hay: &[u8]) -> Vec<Hit> {
        self.search(hay, true).keys
    }

    /// The keys and secrets in `hay`. With `decode`, a key inside a stretch
    /// spelt with escapes is read from its decoded text, not as written:
    /// there it may be longer than what the pattern matches as written, or
    /// not match at all. Without it (a native binary, whose compiler stored
    /// its strings decoded: rustc writes `"\u{66}"` as `f`), keys are read
    /// as written, which spares a search for escapes that would cost more
    /// than the rest of the scan.
    pub fn search(&self, hay: &[u8], decode: bool) -> Hits {
        let runs = if decode {
            self.escapes.runs(hay)
        } else {
            Vec::new()
        };
        let mut hits = Hits::default();
        let mut next_run = runs.iter().peekable();
        let mut key_end = 0;
        for start in self.starts.find_iter(hay) {
            let at = start.start();
            if start.as_bytes() != KEY_START.as_bytes() {
                hits.secrets.extend(self.names.assigned_at(hay, at));
            }
            if at < key_end || !hay[at..].starts_with(KEY_START.as_bytes()) {
                continue;
            }
            let Some(key) = self.keys.key_at(hay, at) else {
                continue;
            };
            key_end = key.end;
            while next_run.next_if(|r| r.range.end <= key.start).is_some() {}
            if next_run.peek().is_some_and(|r| r.range.start <= key.start) {
                continue;
            }
            let (text, percent) = key_text(&hay[key.clone()]);
            hits.keys.push(Hit {
                text: text.into_owned(),
                encoding: percent.then_some(Encoding::Percent).into_iter().collect(),
                at: key,
            });
        }
        for run in &runs {
            for spelt in self.keys.find_iter(&run.text) {
                let text = String::from_utf8(run.text[spelt.clone()].to_vec())
                    .expect("a run spells key characters only");
                let (at, encoding) = run.source(spelt);
                hits.keys.push(Hit { at, text, encoding });
            }
        }
        hits.keys.sort_by_key(|h| h.at.start);
        hits
    }
}
