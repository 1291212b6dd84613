//! Where keys stay on disk after a native build, file by file, as README's
//! security section says: real `cargo build`s of a backend crate in a target
//! directory of its own, with the keys from the process environment or from a
//! `.env` file, with and without the build-script helper; every file under
//! the target directory that holds a key is classified, and
//! `mileston-config scan` must report each of them. Every key here is fake.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use mileston_config_cli::scan::{AllowList, scan_paths};
use support::{Fixture, files_containing, stderr, workspace};

const MAIN: &str = r#"
use mileston_config::mileston_config;

#[mileston_config(backend, checkout)]
pub struct Mileston;

fn main() {
    println!("{:?} {:?}", Mileston::backend().key(), Mileston::checkout().key());
}
"#;

const BIZ: (&str, &str) = ("MILESTON_BUSINESS_ID", "biz_residue");

/// Where a file that holds a key sits, in the words README uses.
fn category(target: &Path, file: &Path) -> &'static str {
    let rel = file
        .strip_prefix(target)
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    if rel.contains("/incremental/") {
        "incremental cache (debug builds)"
    } else if rel.contains("/.fingerprint/") && name.starts_with("run-build-script") {
        "cargo's fingerprint of the build script's run (rerun-if-env-changed values)"
    } else if rel.contains("/.fingerprint/") && name.starts_with("dep-") {
        "cargo's copy of the dep-info (env-dep lines)"
    } else if rel.ends_with(".d") {
        "rustc's dep-info file (# env-dep:VAR=value)"
    } else if rel.contains("/build/") && name == "output" {
        "the build script's output"
    } else if rel.contains("/deps/") || !rel.contains('/') || rel.matches('/').count() == 1 {
        "the binary"
    } else {
        "other"
    }
}

/// Builds `fx` in a fresh target directory and returns the categories of the
/// files that hold `key`, checking that the scanner reports every such file.
fn residue(fx: &Fixture, target: &Path, env: &[(&str, &str)], key: &str) -> BTreeSet<&'static str> {
    let _ = std::fs::remove_dir_all(target);
    let out = fx.build_in(target, &[], env);
    assert!(out.status.success(), "{}", stderr(&out));
    let files = files_containing(target, key);
    let scanned = scan_paths(&[target.to_path_buf()], &AllowList::default());
    let reported: BTreeSet<PathBuf> = scanned
        .findings
        .iter()
        // One normal key here: match on the kind (a key in a binary is
        // shown as its prefix only, so its redacted form names no key).
        .filter(|f| f.kind == "normal")
        .map(|f| PathBuf::from(&f.path))
        .collect();
    for file in &files {
        assert!(
            reported.contains(file),
            "the scanner does not report {}: {reported:#?}",
            file.display()
        );
    }
    files.iter().map(|f| category(target, f)).collect()
}

fn target(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("residue")
        .join(name)
}

/// The categories, by name.
fn set(names: &[&'static str]) -> BTreeSet<&'static str> {
    names.iter().copied().collect()
}

const BINARY: &str = "the binary";
const DEP_INFO: &str = "rustc's dep-info file (# env-dep:VAR=value)";
const DEP_INFO_COPY: &str = "cargo's copy of the dep-info (env-dep lines)";
const INCREMENTAL: &str = "incremental cache (debug builds)";
const BUILD_RUN: &str =
    "cargo's fingerprint of the build script's run (rerun-if-env-changed values)";

/// Adds the build-script helper, reading the same two keys from Cargo.toml.
fn with_helper(fx: &Fixture) {
    let manifest = std::fs::read_to_string(fx.root.join("Cargo.toml")).unwrap();
    let runtime = workspace().join("runtime");
    fx.write(
        "Cargo.toml",
        &format!(
            "{}\n[build-dependencies]\nmileston-config = {{ path = {:?}, default-features = false, features = [\"build\"] }}\n\n\
             [package.metadata.mileston]\nbackend = true\ncheckout = true\n",
            manifest.trim_end(),
            runtime.display().to_string()
        ),
    );
    fx.write(
        "build.rs",
        "fn main() {\n    mileston_config::build::check();\n}\n",
    );
}

#[test]
fn keys_from_the_environment_are_in_the_dep_info_too() {
    let fx = Fixture::new("residue-env", MAIN, "");
    let normal = "Mileston_TEST_FAKEresidueEnvQZX00001";
    let env = [
        ("MILESTON_API_KEY", normal),
        (
            "MILESTON_CHECKOUT_KEY",
            "Mileston_TEST_CHECKOUTKEY_FAKEresidueEnvQZX02",
        ),
        BIZ,
    ];
    assert_eq!(
        residue(&fx, &target("env"), &env, normal),
        set(&[BINARY, DEP_INFO, DEP_INFO_COPY, INCREMENTAL])
    );
    // With the build-script helper, cargo also keeps each watched variable's
    // value in the fingerprint of the script's run.
    with_helper(&fx);
    assert_eq!(
        residue(&fx, &target("env-helper"), &env, normal),
        set(&[BINARY, DEP_INFO, DEP_INFO_COPY, INCREMENTAL, BUILD_RUN])
    );
}

#[test]
fn keys_from_a_dotenv_file_are_in_the_binary_and_the_incremental_cache_only() {
    let fx = Fixture::new("residue-dotenv", MAIN, "");
    let normal = "Mileston_TEST_FAKEresidueDotenvQZX003";
    fx.write(
        ".env",
        &format!(
            "MILESTON_API_KEY={normal}\nMILESTON_CHECKOUT_KEY=Mileston_TEST_CHECKOUTKEY_FAKEresidueDotQZX04\n\
             MILESTON_BUSINESS_ID=biz_residue\n"
        ),
    );
    // The compiler records the variable it was asked for, unset in its
    // environment: no value; the .env file is recorded by path, not content.
    assert_eq!(
        residue(&fx, &target("dotenv"), &[], normal),
        set(&[BINARY, INCREMENTAL])
    );
    with_helper(&fx);
    assert_eq!(
        residue(&fx, &target("dotenv-helper"), &[], normal),
        set(&[BINARY, INCREMENTAL])
    );
}
