//! Walking the paths and scanning each file: read or mapped, matched, judged.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use ignore::{WalkBuilder, WalkState};
use mileston_config_core::key;

use super::allow::AllowList;
use super::classify::classify;
use super::finder::{KeyFinder, key_text};
use super::kind;
use super::report::{Encoding, Finding, Place};

/// Files larger than this are skipped (and said so).
pub const MAX_FILE_SIZE: u64 = 1 << 30;
/// Files up to this size are read into memory; larger ones are mapped.
const READ_LIMIT: u64 = 4 << 20;

/// What a scan found.
pub struct Outcome {
    /// Every key found, sorted by path and position.
    pub findings: Vec<Finding>,
    /// Files scanned.
    pub files: u64,
    /// Files skipped or unreadable.
    pub notes: Vec<String>,
}

/// Scans files and directories in parallel.
pub fn scan_paths(paths: &[PathBuf], allow: &AllowList) -> Outcome {
    let mut builder = WalkBuilder::new(&paths[0]);
    for p in &paths[1..] {
        builder.add(p);
    }
    builder
        .standard_filters(false)
        .hidden(false)
        .follow_links(false)
        .filter_entry(|e| e.file_name() != ".git")
        .threads(std::thread::available_parallelism().map_or(2, |n| n.get()));

    let finder = KeyFinder::new();
    let findings = Mutex::new(Vec::new());
    let notes = Mutex::new(Vec::new());
    let files = AtomicU64::new(0);
    builder.build_parallel().run(|| {
        let finder = finder.clone();
        let findings = &findings;
        let notes = &notes;
        let files = &files;
        let mut buf = Vec::new();
        Box::new(move |entry| {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    notes.lock().unwrap().push(e.to_string());
                    return WalkState::Continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                return WalkState::Continue;
            }
            match scan_file(entry.path(), &finder, allow, &mut buf) {
                Ok(Some(mut found)) => {
                    files.fetch_add(1, Ordering::Relaxed);
                    if !found.is_empty() {
                        findings.lock().unwrap().append(&mut found);
                    }
                }
                Ok(None) => notes.lock().unwrap().push(format!(
                    "{}: skipped, larger than {} bytes",
                    entry.path().display(),
                    MAX_FILE_SIZE
                )),
                Err(e) => notes
                    .lock()
                    .unwrap()
                    .push(format!("{}: cannot read: {e}", entry.path().display())),
            }
            WalkState::Continue
        })
    });

    let mut findings = findings.into_inner().unwrap();
    findings.sort_by(|a, b| a.path.cmp(&b.path).then(a.pos.cmp(&b.pos)));
    let mut notes = notes.into_inner().unwrap();
    notes.sort();
    Outcome {
        findings,
        files: files.into_inner(),
        notes,
    }
}

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

/// Scans one file. `Ok(None)` when it is too large to scan.
fn scan_file(
    path: &Path,
    finder: &KeyFinder,
    allow: &AllowList,
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
    let binary = kind::is_binary(kind::by_name(path), &bytes[..bytes.len().min(kind::SNIFF)]);

    let mut out = Vec::new();
    let mut class = None;
    let path_str = path.display().to_string();
    let (mut line, mut line_counted_to) = (1u64, 0usize);
    for range in finder.find_iter(bytes) {
        let (text, percent) = key_text(&bytes[range.clone()]);
        let Ok(shape) = key::parse(&text) else {
            continue;
        };
        let class = *class.get_or_insert_with(|| classify(path, binary));
        let place = if binary {
            Place::Offset(range.start as u64)
        } else {
            line += bytes[line_counted_to..range.start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            line_counted_to = range.start;
            Place::Line(line)
        };
        let encoding = if percent {
            vec![Encoding::Percent]
        } else {
            Vec::new()
        };
        let allowed = allow.allows(&text, binary);
        out.push(Finding::new(
            &path_str, place, class, &text, &shape, encoding, allowed,
        ));
    }
    Ok(Some(out))
}
