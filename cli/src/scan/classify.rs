//! Where a file stands (source, frontend or native artifact), which decides
//! what a key found in it means.

use std::path::Path;

use serde::Serialize;

use super::kind::{Named, by_name};

/// Where a file stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Class {
    /// Source code, configuration, documentation: keys never belong there.
    #[serde(rename = "source")]
    Source,
    /// Other text files outside build outputs (treated like source).
    #[serde(rename = "other text")]
    OtherText,
    /// Shipped to browsers: `.wasm`, bundled `.js`, and build output in a
    /// folder a web server serves (`target/site/index.html`).
    #[serde(rename = "frontend artifact")]
    Frontend,
    /// Native build output: `target/`, binary files (by name, or by content
    /// when the name says nothing).
    #[serde(rename = "native artifact")]
    Native,
}

impl Class {
    pub(super) fn describe(self) -> &'static str {
        match self {
            Class::Source => "a source file",
            Class::OtherText => "a text file",
            Class::Frontend => "a frontend artifact",
            Class::Native => "a native artifact",
        }
    }
}

/// Folders whose files a web server hands to browsers, whatever their type:
/// cargo-leptos's site root (`target/site`, its `pkg/` inside), Trunk's and
/// bundlers' `dist/`, wasm-pack's `pkg/`, Dioxus's `target/dx/APP/release/web/public`,
/// and the usual static roots. `build` is not one: cargo's `target/*/build`
/// holds build scripts' output.
const SERVED: &[&str] = &["site", "dist", "pkg", "public", "static", "www"];

/// Classifies a file by its path (as walked) and whether it is read as
/// binary (its name decides first: [`kind`](super::kind::kind)).
///
/// A served folder makes a file frontend where it would otherwise be native
/// (anything under `target/`, a binary file elsewhere); outside `target/`, a
/// file named as text stays source, which fails on any key (a checkout key
/// in a committed `dist/index.html` as well).
pub fn classify(path: &Path, binary: bool) -> Class {
    let dirs: Vec<&str> = path
        .parent()
        .map(|p| {
            p.components()
                .filter_map(|c| match c {
                    std::path::Component::Normal(s) => s.to_str(),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let under = |names: &[&str]| dirs.iter().any(|d| names.contains(d));
    let under_wasm_target = dirs
        .iter()
        .any(|d| d.starts_with("wasm32-") || d.starts_with("wasm64-"));
    let build_output = under(&["target"]);

    if ext == "wasm"
        || (matches!(ext.as_str(), "js" | "mjs" | "cjs") && under(&["pkg", "dist", "target"]))
        || under_wasm_target
        || (under(SERVED) && (build_output || binary))
    {
        Class::Frontend
    } else if build_output || binary {
        Class::Native
    } else if by_name(path) == Some(Named::Text) {
        Class::Source
    } else {
        Class::OtherText
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Class::*;

    fn class(path: &str, binary: bool) -> Class {
        classify(Path::new(path), binary)
    }

    /// Each path, with binary content or not, is of its row's class.
    fn classes_of(binary: bool, cases: &[(&str, Class)]) {
        for &(path, want) in cases {
            assert_eq!(class(path, binary), want, "{path} (binary: {binary})");
        }
    }

    #[test]
    fn classes() {
        classes_of(
            false,
            &[
                ("src/main.rs", Source),
                ("./.env.production", Source),
                ("web/app.js", Source),
                ("README", OtherText),
                ("pkg/app.js", Frontend),
                ("web/dist/index-1a2b.mjs", Frontend),
                ("target/site/pkg/app.js", Frontend),
                ("target/wasm32-unknown-unknown/release/app.d", Frontend),
                ("target/debug/build/x/out/gen.rs", Native),
                ("dist/index.html", Source),
                // Named as text: source, wherever the bytes would have put it.
                (".env.local", Source),
                ("Dockerfile", Source),
                ("deploy/settings.ini", Source),
                ("deploy/settings", OtherText),
            ],
        );
        classes_of(
            true,
            &[
                ("pkg/app_bg.wasm", Frontend),
                ("assets/app.wasm", Frontend),
                ("target/release/server", Native),
                ("bin/server", Native),
            ],
        );
    }

    #[test]
    fn served_folders_are_frontend() {
        // Under target/: every file a server hands out, whatever its type.
        for served in [
            "target/site/index.html",
            "target/site/pkg/app.css",
            "target/site/favicon.ico",
            "target/site/assets/config.json",
            "target/dx/shop/release/web/public/index.html",
            "target/dx/shop/release/web/public/assets/app-1a2b.wasm.br",
        ] {
            assert_eq!(class(served, false), Frontend, "{served}");
            assert_eq!(class(served, true), Frontend, "{served}");
        }
        // Elsewhere: binary files in a served folder (they would be native).
        for served in ["dist/data.bin", "public/logo.png", "www/app.dat", "pkg/x"] {
            assert_eq!(class(served, true), Frontend, "{served}");
        }
        // Not served: cargo's own directories, and text outside target/.
        classes_of(true, &[("target/release/server", Native)]);
        classes_of(
            false,
            &[
                ("target/release/build/x/out/k.rs", Native),
                ("target/site-notes/x.html", Native),
                ("public/index.html", Source),
                ("dist/notes", OtherText),
            ],
        );
    }
}
