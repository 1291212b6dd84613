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
//!   every variable it accepted or found unset, `cargo::rerun-if-changed` for
//!   every `.env` file and the manifest), so rotating a key re-runs the check;
//!   a refused value is never watched, since cargo would store it.
//!
//! With `load = "start"` and a native target it reads no value and watches the
//! manifest alone (the values are read when the process starts); for a wasm
//! target it checks the checkout key as ever.
//!
//! It injects nothing: the attribute still does that.
#![allow(clippy::needless_doctest_main)] // The example is a whole build.rs.

use std::path::PathBuf;

use mileston_config_core::resolve::{
    self, Front, PartialSettings, Problem, Request, Slot, Target, Watch, messages,
};

/// Checks the keys this crate's build would inject and prints cargo
/// directives. Problems are printed as `cargo::error=` lines, which fail the
/// build with the attribute's messages.
pub fn check() {
    for line in directives() {
        println!("{line}");
    }
}

/// The plan for this build script's crate and target, as cargo directives.
fn directives() -> Vec<String> {
    let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from) else {
        let p = Problem::new(
            Slot::Settings,
            messages::no_manifest_dir(Front::BuildScript),
        );
        return errors(&[p]);
    };
    let target = match std::env::var("TARGET") {
        Ok(triple) => {
            let wasm = std::env::var("CARGO_CFG_TARGET_FAMILY")
                .is_ok_and(|f| f.split(',').any(|f| f == "wasm"));
            Target::Known {
                triple,
                wasm,
                release: std::env::var("PROFILE").is_ok_and(|p| p == "release"),
            }
        }
        Err(_) => Target::Unknown,
    };
    let plan = resolve::plan(Request {
        front: Front::BuildScript,
        manifest_dir: &dir,
        settings: PartialSettings::default(),
        target,
        read_values: true,
    });
    // Cargo stores the value of every variable it watches: the plan lists
    // only those whose value was accepted or that are unset.
    let mut lines: Vec<String> = plan
        .watch
        .iter()
        .map(|w| match w {
            Watch::Var { name, .. } => format!("cargo::rerun-if-env-changed={name}"),
            Watch::File(path) => format!("cargo::rerun-if-changed={}", path.display()),
        })
        .collect();
    // The plan lists only the warnings for this target.
    lines.extend(
        plan.warnings
            .iter()
            .flat_map(|w| w.message.lines())
            .map(|line| format!("cargo::warning={line}")),
    );
    lines.extend(errors(&plan.problems));
    lines
}

/// `cargo::error=` lines, one per line of each message.
fn errors(problems: &[Problem]) -> Vec<String> {
    problems
        .iter()
        .flat_map(|p| p.message.lines())
        .map(|line| format!("cargo::error={line}"))
        .collect()
}
