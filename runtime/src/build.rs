//! For build scripts in deployment pipelines (feature `build`).
//!
//! ```no_run
//! // build.rs
//! fn main() {
//!     mileston_config::build::check();
//! }
//! ```
//!
//! with the settings in `Cargo.toml` (the build script cannot see the
//! attribute's arguments):
//!
//! ```toml
//! [package.metadata.mileston]
//! checkout = true
//!
//! [build-dependencies]
//! mileston-config = { version = "0.1", default-features = false, features = ["build"] }
//! ```
//!
//! It applies the attribute's rules, from the same code and with the same
//! words, to the same sources (environment, `.env` files, Cargo.toml), and
//! adds what only a build script can do:
//! - it knows the real target (`TARGET`, `CARGO_CFG_TARGET_FAMILY`), so a
//!   normal key declared for a wasm target is refused before rustc runs, and
//!   the normal key's variable is then not even read;
//! - it tells cargo exactly what to watch (`cargo::rerun-if-env-changed` for
//!   every variable, `cargo::rerun-if-changed` for every `.env` file and the
//!   manifest), so rotating a key re-runs the check.
//!
//! It injects nothing: the attribute still does that.

use std::path::PathBuf;

use mileston_config_core::resolve::{self, PartialSettings, Problem, Sources, WithoutKeys};

/// Checks the keys this crate's build would inject and prints cargo
/// directives. Problems are printed as `cargo::error=` lines, which fail the
/// build with the attribute's messages.
pub fn check() {
    let problems = run();
    for p in &problems {
        for line in p.message.lines() {
            println!("cargo::error={line}");
        }
    }
}

/// Does the work of [`check`], printing only the `rerun-if` directives, and
/// returns the problems.
fn run() -> Vec<Problem> {
    let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from) else {
        return vec![problem(
            "CARGO_MANIFEST_DIR is not set: mileston_config::build::check() runs in a build script",
        )];
    };
    let manifest = dir.join("Cargo.toml");
    println!("cargo::rerun-if-changed={}", manifest.display());
    println!("cargo::rerun-if-env-changed=DOCS_RS");
    println!(
        "cargo::rerun-if-env-changed={}",
        resolve::ALLOW_MISSING_KEYS_VAR
    );

    let meta = match resolve::read_metadata(&dir) {
        Ok(m) => m.settings,
        Err(problems) => return problems,
    };
    let mut settings = match PartialSettings::default().over(meta) {
        Ok(s) => s,
        Err(_) => {
            return vec![problem(
                "declare the keys in [package.metadata.mileston] (e.g. `checkout = true`): the \
                 build-script helper reads its settings from Cargo.toml",
            )];
        }
    };
    let mut problems = Vec::new();
    let wasm =
        std::env::var("CARGO_CFG_TARGET_FAMILY").is_ok_and(|f| f.split(',').any(|f| f == "wasm"));
    if wasm && settings.backend.is_some() {
        let target = std::env::var("TARGET").unwrap_or_else(|_| "wasm".into());
        problems.push(problem(format!(
            "target {target}: {}",
            resolve::wasm_backend_message()
        )));
        // Never read, never watched: cargo would store its value.
        settings.backend = None;
    }
    let tracked = [&settings.backend, &settings.checkout]
        .into_iter()
        .flatten()
        .chain([&settings.business_id]);
    for var in tracked {
        println!("cargo::rerun-if-env-changed={var}");
    }
    let mut sources = Sources::new(&dir);
    for file in sources.dotenv_files() {
        println!("cargo::rerun-if-changed={}", file.display());
    }

    match resolve::build_without_keys() {
        Err(message) => problems.push(problem(message)),
        Ok(Some(why)) => {
            let release = std::env::var("PROFILE").is_ok_and(|p| p == "release");
            if why == WithoutKeys::OptIn && wasm && release {
                problems.push(problem(resolve::placeholder_release_wasm_message()));
            }
        }
        Ok(None) if settings.backend.is_none() && settings.checkout.is_none() => {}
        Ok(None) => {
            if let Err(more) = resolve::resolve(&settings, &mut sources) {
                problems.extend(more);
            }
        }
    }
    problems
}

fn problem(message: impl Into<String>) -> Problem {
    Problem {
        slot: resolve::Slot::Settings,
        message: message.into(),
    }
}
