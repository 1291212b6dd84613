//! How to read a file: as text (lines) or as binary (offsets). Its name
//! decides first: a `.env` or a `.json` is text whatever bytes it holds, a
//! `.wasm` or an `.rlib` is binary; only a name that says neither leaves it
//! to the file's first bytes.

use std::path::Path;

/// How many first bytes are looked at when the name says nothing.
pub(super) const SNIFF: usize = 8 << 10;

/// What a file's name says it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Named {
    /// Source, configuration, documentation: text whatever bytes it holds.
    Text,
    /// A build artifact or another binary format.
    Binary,
}

/// Extensions of source, configuration and documentation files: text,
/// whatever bytes they hold (a `.json` with a stray NUL is still a `.json`).
const TEXT_EXTENSIONS: &[&str] = &[
    // code
    "rs",
    "js",
    "mjs",
    "cjs",
    "jsx",
    "ts",
    "mts",
    "cts",
    "tsx",
    "vue",
    "svelte",
    "astro",
    "py",
    "rb",
    "go",
    "java",
    "kt",
    "kts",
    "scala",
    "swift",
    "c",
    "h",
    "cc",
    "cpp",
    "hpp",
    "cs",
    "php",
    "pl",
    "lua",
    "dart",
    "ex",
    "exs",
    "erl",
    "hs",
    "zig",
    "sql",
    "graphql",
    "gql",
    // shell
    "sh",
    "bash",
    "zsh",
    "fish",
    "ps1",
    "psm1",
    "bat",
    "cmd",
    // configuration
    "toml",
    "json",
    "jsonc",
    "json5",
    "yaml",
    "yml",
    "ini",
    "cfg",
    "conf",
    "config",
    "properties",
    "env",
    "xml",
    "tf",
    "tfvars",
    "hcl",
    "nix",
    "gradle",
    "lock",
    // documentation, web, data as text
    "md",
    "markdown",
    "txt",
    "rst",
    "adoc",
    "html",
    "htm",
    "css",
    "scss",
    "sass",
    "less",
    "svg",
    "csv",
    "tsv",
    "log",
    "ipynb",
    "http",
    "rest",
    // templates
    "j2",
    "tpl",
    "tmpl",
    "hbs",
    "ejs",
    "erb",
    "mustache",
    "liquid",
    "twig",
    // build outputs that are text: dep-info, source maps
    "d",
    "map",
];

/// File names (or, ending in `*`, name prefixes) of text files without a
/// telling extension.
const TEXT_NAMES: &[&str] = &[
    ".env*",
    "Dockerfile*",
    "Containerfile*",
    "Makefile",
    "GNUmakefile",
    "Procfile",
    "Jenkinsfile",
    "Vagrantfile",
    "Gemfile",
    "Rakefile",
    "Justfile",
    "justfile",
    "credentials",
    ".npmrc",
    ".yarnrc",
    ".netrc",
    ".pypirc",
    ".pgpass",
    ".gitconfig",
    ".bashrc",
    ".bash_profile",
    ".zshrc",
    ".profile",
];

/// Extensions of build artifacts and other binary formats.
const BINARY_EXTENSIONS: &[&str] = &[
    // build artifacts
    "wasm", "rlib", "rmeta", "so", "dylib", "dll", "exe", "a", "lib", "o", "obj", "pdb", "node",
    "pyc", "class", "dex",
    // archives, compressed files (searched as bytes: see README, "Limits")
    "jar", "war", "zip", "gz", "tgz", "br", "zst", "xz", "bz2", "7z",
    // media, fonts, databases
    "png", "jpg", "jpeg", "gif", "webp", "ico", "pdf", "woff", "woff2", "ttf", "otf", "sqlite",
    "db",
];

/// What `path`'s name says, if anything.
pub fn by_name(path: &Path) -> Option<Named> {
    let name = path.file_name()?.to_str()?;
    let named = |list: &[&str]| {
        list.iter().any(|n| match n.strip_suffix('*') {
            Some(prefix) => name.starts_with(prefix),
            None => name == *n,
        })
    };
    if named(TEXT_NAMES) {
        return Some(Named::Text);
    }
    // Versioned shared libraries: `libssl.so.3`.
    if name.contains(".so.") {
        return Some(Named::Binary);
    }
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if TEXT_EXTENSIONS.contains(&ext.as_str()) {
        Some(Named::Text)
    } else if BINARY_EXTENSIONS.contains(&ext.as_str()) {
        Some(Named::Binary)
    } else {
        None
    }
}

/// Whether a file is read as binary: what its name says, else what `head`
/// (its first [`SNIFF`] bytes) shows.
pub fn is_binary(named: Option<Named>, head: &[u8]) -> bool {
    match named {
        Some(named) => named == Named::Binary,
        None => looks_binary(head),
    }
}

/// A NUL byte makes a file binary (git's and ripgrep's rule), unless
/// everything else around it is text: a file ending in `\0`, or padded with
/// NULs after a crash, is still the text it was. Binary formats hold other
/// control bytes, or bytes that are not UTF-8, within their first bytes.
fn looks_binary(head: &[u8]) -> bool {
    if !head.contains(&0) {
        return false;
    }
    let text_byte =
        |b: u8| b == 0 || (b >= 0x20 && b != 0x7f) || matches!(b, b'\t' | b'\n' | b'\r' | 0x0c);
    let utf8 = match std::str::from_utf8(head) {
        Ok(_) => true,
        // `head` may end inside a character.
        Err(e) => e.error_len().is_none(),
    };
    !(head.iter().any(|&b| b != 0) && head.iter().all(|&b| text_byte(b)) && utf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_decide_first() {
        let n = |p: &str| by_name(Path::new(p));
        for text in [
            ".env",
            ".env.local",
            "app/.env.production",
            "prod.env",
            "src/main.rs",
            "Cargo.toml",
            "config/app.JSON",
            "web/app.js",
            "k8s/secret.yaml",
            "README.md",
            "Dockerfile",
            "Dockerfile.prod",
            "docker/Containerfile",
            "target/debug/app.d",
            "dist/app.js.map",
            ".npmrc",
        ] {
            assert_eq!(n(text), Some(Named::Text), "{text}");
        }
        for binary in [
            "pkg/app_bg.wasm",
            "target/debug/deps/libx-1.rlib",
            "libssl.so.3",
            "app.exe",
            "dist/app.js.gz",
        ] {
            assert_eq!(n(binary), Some(Named::Binary), "{binary}");
        }
        for unknown in [
            "README",
            "bin/server",
            "deploy/settings",
            "data.bin",
            "x.unknown",
        ] {
            assert_eq!(n(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn content_decides_the_rest() {
        assert!(!is_binary(None, b"KEY=value\n"));
        assert!(!is_binary(None, b""));
        // Text with stray NULs: a trailing one, crash padding, UTF-8.
        assert!(!is_binary(None, b"KEY=value\n\0"));
        assert!(!is_binary(None, b"KEY=value\n\0\0\0\0\0\0\0\0"));
        assert!(!is_binary(None, "cl\u{e9}=valeur\0\n".as_bytes()));
        assert!(!is_binary(None, &"\u{e9}".as_bytes()[..1]));
        // Binary formats.
        assert!(is_binary(None, b"\x7fELF\x02\x01\x01\0\0\0"));
        assert!(is_binary(None, b"\0asm\x01\0\0\0"));
        assert!(is_binary(None, &[0; 64]));
        assert!(is_binary(None, b"KEY=\xff\xfe\0"));
        // The name wins over the content.
        assert!(!is_binary(Some(Named::Text), b"\x7fELF\x02\x01\x01\0"));
        assert!(is_binary(Some(Named::Binary), b"plain text"));
    }
}
