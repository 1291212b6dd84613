//! Where a file stands (source, frontend or native artifact), which decides
//! what a key found in it means.

use std::path::Path;

use serde::Serialize;

/// Where a file stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Class {
    /// Source code, configuration, documentation: keys never belong there.
    #[serde(rename = "source")]
    Source,
    /// Other text files outside build outputs (treated like source).
    #[serde(rename = "other text")]
    OtherText,
    /// Shipped to browsers: `.wasm`, bundled `.js`.
    #[serde(rename = "frontend artifact")]
    Frontend,
    /// Native build output: `target/`, binary files.
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

const SOURCE_EXTENSIONS: &[&str] = &[
    "rs", "toml", "env", "json", "yaml", "yml", "js", "ts", "jsx", "tsx", "html", "md", "txt",
    "sh", "py", "go",
];

/// Classifies a file by its path (as walked) and whether it is binary.
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
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let under = |names: &[&str]| dirs.iter().any(|d| names.contains(d));
    let under_wasm_target = dirs
        .iter()
        .any(|d| d.starts_with("wasm32-") || d.starts_with("wasm64-"));

    if ext == "wasm"
        || (matches!(ext.as_str(), "js" | "mjs" | "cjs") && under(&["pkg", "dist", "target"]))
        || under_wasm_target
    {
        Class::Frontend
    } else if under(&["target"]) || binary {
        Class::Native
    } else if SOURCE_EXTENSIONS.contains(&ext.as_str()) || name.starts_with(".env") {
        Class::Source
    } else {
        Class::OtherText
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        let c = |p: &str, binary: bool| classify(Path::new(p), binary);
        assert_eq!(c("src/main.rs", false), Class::Source);
        assert_eq!(c("./.env.production", false), Class::Source);
        assert_eq!(c("web/app.js", false), Class::Source);
        assert_eq!(c("README", false), Class::OtherText);
        assert_eq!(c("pkg/app_bg.wasm", true), Class::Frontend);
        assert_eq!(c("assets/app.wasm", true), Class::Frontend);
        assert_eq!(c("pkg/app.js", false), Class::Frontend);
        assert_eq!(c("web/dist/index-1a2b.mjs", false), Class::Frontend);
        assert_eq!(c("target/site/pkg/app.js", false), Class::Frontend);
        assert_eq!(
            c("target/wasm32-unknown-unknown/release/app.d", false),
            Class::Frontend
        );
        assert_eq!(c("target/release/server", true), Class::Native);
        assert_eq!(c("target/debug/build/x/out/gen.rs", false), Class::Native);
        assert_eq!(c("bin/server", true), Class::Native);
        assert_eq!(c("dist/index.html", false), Class::Source);
    }
}
