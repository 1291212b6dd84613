//! Scanning one file: read (or mapped when large), read as its kind says
//! (text, binary, UTF-16 text decoded), each key found judged.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use mileston_config_core::key;

use super::classify::{Class, classify};
use super::kind::{self, Utf16};
use super::report::{Encoding, Finding, Found, Place, Policy};
use super::search::Searcher;

/// Files larger than this are skipped (and said so).
pub const MAX_FILE_SIZE: u64 = 1 << 30;
/// Files up to this size are read into memory; larger ones are mapped.
const READ_LIMIT: u64 = 4 << 20;

/// The bytes of a file: read when small, mapped when large.
enum Contents<'b> {
    Read(&'b [u8]),
    Mapped(memmap2::Mmap),
}

impl std::ops::Deref for Contents<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Contents::Read(b) => b,
            Contents::Mapped(m) => m,
        }
    }
}

/// Scans the file at `path` (as walked; a symbolic link is read through).
/// `Ok(None)` when it is too large to scan.
pub(super) fn scan_file(
    path: &Path,
    searcher: &Searcher,
    policy: Policy<'_>,
    buf: &mut Vec<u8>,
) -> std::io::Result<Option<Vec<Finding>>> {
    let mut file = File::open(path)?;
    let len = file.metadata()?.len();
    if len > MAX_FILE_SIZE {
        return Ok(None);
    }
    let contents = if len <= READ_LIMIT {
        buf.clear();
        file.read_to_end(buf)?;
        Contents::Read(buf.as_slice())
    } else {
        // SAFETY: the map is only read, and only while this function runs; a
        // file truncated meanwhile by another process is the accepted risk of
        // every mapping scanner (the walk does not scan files being written).
        let map = unsafe { memmap2::Mmap::map(&file)? };
        #[cfg(unix)]
        let _ = map.advise(memmap2::Advice::Sequential);
        Contents::Mapped(map)
    };
    let bytes: &[u8] = &contents;
    let kind = kind::kind(path, &bytes[..bytes.len().min(kind::SNIFF)]);

    let mut scan = FileScan {
        path,
        searcher,
        policy,
        class: classify(path, kind.binary),
        findings: Vec::new(),
    };
    scan.search(bytes, kind.binary, None);
    if let Some(order) = kind.utf16 {
        // Byte for byte above (an ASCII key in a file that is not UTF-16
        // after all), decoded here.
        let text = kind::decode_utf16(bytes, order);
        let encoding = match order {
            Utf16::Le => Encoding::Utf16Le,
            Utf16::Be => Encoding::Utf16Be,
        };
        scan.search(text.as_bytes(), false, Some(encoding));
    }
    scan.findings.sort_by_key(|f| f.pos);
    Ok(Some(scan.findings))
}

/// The keys and secrets found in one file so far.
struct FileScan<'a> {
    path: &'a Path,
    searcher: &'a Searcher,
    policy: Policy<'a>,
    /// Where the file stands.
    class: Class,
    findings: Vec<Finding>,
}

impl FileScan<'_> {
    /// Finds and judges the keys and secrets in `hay`: the file's bytes, or
    /// its text decoded from `decoded`.
    fn search(&mut self, hay: &[u8], binary: bool, decoded: Option<Encoding>) {
        // A native binary's strings were decoded by its compiler; text, and
        // what ships to browsers, may hold a key written with escapes.
        let decode = !(binary && self.class == Class::Native);
        let hits = self.searcher.search(hay, decode);
        let mut places = Places::new(hay, binary);
        for hit in hits.keys {
            let Ok(shape) = key::parse(&hit.text) else {
                continue;
            };
            let found = Found::Key {
                text: &hit.text,
                shape: &shape,
            };
            let encoding = decoded.into_iter().chain(hit.encoding).collect();
            self.push(places.at(hit.at.start), found, encoding);
        }
        let mut places = Places::new(hay, binary);
        for secret in hits.secrets {
            let value = std::str::from_utf8(&hay[secret.at.clone()]).expect("values are ASCII");
            let found = Found::Secret {
                var: secret.var,
                name: &secret.name,
                value,
            };
            self.push(
                places.at(secret.at.start),
                found,
                decoded.into_iter().collect(),
            );
        }
    }

    fn push(&mut self, place: Place, found: Found<'_>, encoding: Vec<Encoding>) {
        self.findings.push(Finding::new(
            &self.path.display().to_string(),
            place,
            self.class,
            found,
            encoding,
            self.policy,
        ));
    }
}

/// Places in bytes, asked for in order: lines counted as far as needed, in
/// text; offsets, in binary files.
struct Places<'h> {
    hay: &'h [u8],
    binary: bool,
    line: u64,
    counted_to: usize,
}

impl<'h> Places<'h> {
    fn new(hay: &'h [u8], binary: bool) -> Places<'h> {
        Places {
            hay,
            binary,
            line: 1,
            counted_to: 0,
        }
    }

    /// The place of byte `at`, at or after the last one asked for.
    fn at(&mut self, at: usize) -> Place {
        if self.binary {
            return Place::Offset(at as u64);
        }
        self.line += self.hay[self.counted_to..at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.counted_to = at;
        Place::Line(self.line)
    }
}
