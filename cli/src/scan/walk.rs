//! Walking the paths in parallel, each file scanned by [`scan_file`].

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use ignore::{WalkBuilder, WalkState};

use super::allow::AllowList;
use super::file::{MAX_FILE_SIZE, scan_file};
use super::finder::KeyFinder;
use super::report::Finding;

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
