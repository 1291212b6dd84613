//! Real `cargo build`s of small fixture crates that use the attribute, in a
//! target directory shared by every fixture so dependencies build once.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root: the nearest directory up from the package being
/// tested that holds the workspace's `Cargo.lock` (this file serves the root
/// package's tests and the CLI's).
pub fn workspace() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|dir| dir.join("Cargo.lock").is_file())
        .expect("the workspace has a Cargo.lock")
        .to_path_buf()
}

/// The target directory all fixtures share.
pub fn target_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fixture-target")
}

pub struct Fixture {
    pub root: PathBuf,
    pub name: String,
}

impl Fixture {
    /// A fresh crate `fx-NAME` (its own workspace) with `main_rs` as its
    /// `src/main.rs` and `metadata` appended to its Cargo.toml.
    pub fn new(name: &str, main_rs: &str, metadata: &str) -> Fixture {
        let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("fixtures")
            .join(name);
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("src")).unwrap();
        let f = Fixture {
            root,
            name: format!("fx-{name}"),
        };
        f.manifest(metadata);
        f.write("src/main.rs", main_rs);
        std::fs::copy(workspace().join("Cargo.lock"), f.root.join("Cargo.lock")).unwrap();
        f
    }

    pub fn manifest(&self, metadata: &str) {
        let runtime = workspace().join("runtime");
        self.write(
            "Cargo.toml",
            &format!(
                "[package]\nname = \"{}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
                 [dependencies]\nmileston-config = {{ path = {:?}, default-features = false }}\n\n\
                 [workspace]\n\n{metadata}\n",
                self.name,
                runtime.display().to_string()
            ),
        );
    }

    pub fn write(&self, rel: &str, contents: &str) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    /// `cargo build` (plus `extra` args) with exactly the `MILESTON_*`/`FX_*`
    /// variables given: those of the calling environment are removed.
    pub fn build(&self, extra: &[&str], env: &[(&str, &str)]) -> Output {
        self.build_in(&target_dir(), extra, env)
    }

    /// As [`Fixture::build`], in another target directory.
    pub fn build_in(&self, target: &Path, extra: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(env!("CARGO"));
        cmd.arg("build").args(extra).current_dir(&self.root);
        cmd.env("CARGO_TARGET_DIR", target)
            .env("CARGO_TERM_COLOR", "never");
        for (k, _) in std::env::vars_os() {
            let k = k.to_string_lossy();
            if k.starts_with("MILESTON_")
                || k.starts_with("FX_")
                || k == "RUSTFLAGS"
                || k == "CARGO_ENCODED_RUSTFLAGS"
                || k == "CARGO_BUILD_TARGET"
            {
                cmd.env_remove(k.as_ref());
            }
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    }

    /// Builds, asserting success, and returns the binary's path.
    pub fn build_ok(&self, env: &[(&str, &str)]) -> PathBuf {
        let out = self.build(&[], env);
        assert!(out.status.success(), "build failed:\n{}", stderr(&out));
        target_dir().join("debug").join(&self.name)
    }

    pub fn run(&self, bin: &Path) -> String {
        let out = Command::new(bin).output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    }
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn contains(path: &Path, needle: &str) -> bool {
    let bytes = std::fs::read(path).unwrap();
    memchr::memmem::find(&bytes, needle.as_bytes()).is_some()
}

/// Every file under `dir` that holds `needle`.
pub fn files_containing(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let finder = memchr::memmem::Finder::new(needle.as_bytes());
    files_where(dir, |bytes| finder.find(bytes).is_some())
}

/// Every file under `dir` whose bytes pass `test`, each file read once.
pub fn files_where(dir: &Path, test: impl Fn(&[u8]) -> bool) -> Vec<PathBuf> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            match e.file_type() {
                Ok(ft) if ft.is_dir() => stack.push(p),
                // Another test of the same binary may be building in this
                // target directory: its temporary files can vanish between
                // the listing and the read. A file that is gone holds nothing.
                Ok(ft) if ft.is_file() => match std::fs::read(&p) {
                    Ok(bytes) => {
                        if test(&bytes) {
                            hits.push(p);
                        }
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => panic!("reading {}: {e}", p.display()),
                },
                _ => {}
            }
        }
    }
    hits
}

/// The 8-character pieces of a fake key's body (from `FAKE` on): what no
/// output and no file of a build that refused it may hold. A piece of digits
/// only is left out: `00000001` is in wasm-bindgen's generated names.
pub fn body_pieces(key: &str) -> Vec<String> {
    let body = &key[key.find("FAKE").expect("test keys say FAKE")..];
    let chars: Vec<char> = body.chars().collect();
    chars
        .windows(8)
        .filter(|w| !w.iter().all(char::is_ascii_digit))
        .map(|w| w.iter().collect())
        .collect()
}

/// Every file under `dir` that holds any 8-character piece of `key`'s body.
pub fn files_with_a_piece_of(dir: &Path, key: &str) -> Vec<PathBuf> {
    let finders: Vec<memchr::memmem::Finder<'static>> = body_pieces(key)
        .into_iter()
        .map(|p| memchr::memmem::Finder::new(p.as_bytes()).into_owned())
        .collect();
    files_where(dir, |bytes| finders.iter().any(|f| f.find(bytes).is_some()))
}
