//! Walking the paths in parallel, each file scanned by [`scan_file`].
//!
//! Symbolic links are followed, as a web server or a copy would follow them:
//! a link to a file is scanned at the link's path (where it would be served
//! from); a link to a directory is walked under the link's path, except the
//! directories in it that were walked already. No directory is walked twice
//! through links, so link loops end.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use ignore::{DirEntry, WalkBuilder, WalkState};

use super::allow::AllowList;
use super::file::{MAX_FILE_SIZE, scan_file};
use super::names::Names;
use super::report::{Finding, Outcome, Policy};
use super::search::Searcher;

/// What the walking threads share.
#[derive(Default)]
struct Found {
    findings: Mutex<Vec<Finding>>,
    notes: Mutex<Vec<String>>,
    files: AtomicU64,
    /// Links to directories met, with their targets' real paths.
    linked_dirs: Mutex<Vec<(PathBuf, PathBuf)>>,
}

/// Scans files and directories in parallel, with the allow-list `allow`, as
/// paths that are not shipped as they are.
pub fn scan_paths(paths: &[PathBuf], allow: &AllowList) -> Outcome {
    scan_paths_with(
        paths,
        Policy {
            allow,
            shipped: false,
        },
    )
}

/// Scans files and directories in parallel, judging findings by `policy`.
pub fn scan_paths_with(paths: &[PathBuf], policy: Policy<'_>) -> Outcome {
    let searcher = Searcher::with_names(Names::for_paths(paths));
    let found = Found::default();
    // Real paths of what was walked: a link into one of them is not walked
    // again (its files are scanned at their own paths).
    let mut walked: Vec<PathBuf> = paths
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    walk(paths, None, &searcher, policy, &found);
    loop {
        let mut linked = std::mem::take(&mut *found.linked_dirs.lock().unwrap());
        if linked.is_empty() {
            break;
        }
        linked.sort();
        for (link, real) in linked {
            if walked.iter().any(|w| real.starts_with(w)) {
                continue;
            }
            // Under the link, skip what was walked (an ancestor's link
            // back into the tree), but not the link's own target.
            let skip = Arc::new(walked.clone());
            walked.push(real);
            walk(&[link], Some(skip), &searcher, policy, &found);
        }
    }

    let mut findings = found.findings.into_inner().unwrap();
    findings.sort_by(|a, b| a.path.cmp(&b.path).then(a.pos.cmp(&b.pos)));
    let mut notes = found.notes.into_inner().unwrap();
    notes.sort();
    Outcome {
        findings,
        files: found.files.into_inner(),
        notes,
    }
}

/// Walks `roots` (not following links: see [`Worker::visit`]), leaving out
/// the directories whose real paths are in `skip`.
fn walk(
    roots: &[PathBuf],
    skip: Option<Arc<Vec<PathBuf>>>,
    searcher: &Searcher,
    policy: Policy<'_>,
    found: &Found,
) {
    let mut builder = WalkBuilder::new(&roots[0]);
    for p in &roots[1..] {
        builder.add(p);
    }
    builder
        .standard_filters(false)
        .hidden(false)
        .follow_links(false)
        .filter_entry(move |e| {
            e.file_name() != ".git"
                && !skip.as_ref().is_some_and(|skip| {
                    e.depth() > 0
                        && e.file_type().is_some_and(|t| t.is_dir())
                        && std::fs::canonicalize(e.path())
                            .is_ok_and(|real| skip.iter().any(|s| real.starts_with(s)))
                })
        })
        .threads(std::thread::available_parallelism().map_or(2, |n| n.get()));
    builder.build_parallel().run(|| {
        let mut worker = Worker {
            searcher: searcher.clone(),
            policy,
            found,
            buf: Vec::new(),
        };
        Box::new(move |entry| {
            match entry {
                Ok(entry) => worker.visit(&entry),
                Err(e) => found.notes.lock().unwrap().push(e.to_string()),
            }
            WalkState::Continue
        })
    });
}

/// What one walking thread scans with, and where it puts what it finds.
struct Worker<'a> {
    /// The thread's own copy (regexes keep per-thread caches).
    searcher: Searcher,
    policy: Policy<'a>,
    found: &'a Found,
    /// The buffer files are read into.
    buf: Vec<u8>,
}

impl Worker<'_> {
    /// Scans a file, or a link to a file; remembers a link to a directory.
    /// Anything else (directories, which the walk enters, broken links,
    /// devices, pipes) holds nothing to read.
    fn visit(&mut self, entry: &DirEntry) {
        let Some(ty) = entry.file_type() else { return };
        let path = entry.path();
        if ty.is_symlink() {
            match std::fs::metadata(path) {
                Ok(m) if m.is_file() => {}
                Ok(m) if m.is_dir() => {
                    if let Ok(real) = std::fs::canonicalize(path) {
                        let link = (path.to_path_buf(), real);
                        self.found.linked_dirs.lock().unwrap().push(link);
                    }
                    return;
                }
                _ => return,
            }
        } else if !ty.is_file() {
            return;
        }
        self.scan(path);
    }

    fn scan(&mut self, path: &Path) {
        let found = self.found;
        match scan_file(path, &self.searcher, self.policy, &mut self.buf) {
            Ok(Some(mut findings)) => {
                found.files.fetch_add(1, Ordering::Relaxed);
                if !findings.is_empty() {
                    found.findings.lock().unwrap().append(&mut findings);
                }
            }
            Ok(None) => found.notes.lock().unwrap().push(format!(
                "{}: skipped, larger than {MAX_FILE_SIZE} bytes",
                path.display()
            )),
            Err(e) => found
                .notes
                .lock()
                .unwrap()
                .push(format!("{}: cannot read: {e}", path.display())),
        }
    }
}
