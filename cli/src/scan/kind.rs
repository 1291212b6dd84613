//! How to read a file: as text (lines) or as binary (offsets), and whether
//! its text is UTF-16 (to decode). Its name decides first: a `.env` or a
//! `.json` is text whatever bytes it holds, a `.wasm` or an `.rlib` is
//! binary; only a name that says neither leaves it to the file's first bytes.

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
#[rustfmt::skip]
const TEXT_EXTENSIONS: &[&str] = &[
    // code
    "rs", "js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx", "vue", "svelte", "astro", "py",
    "rb", "go", "java", "kt", "kts", "scala", "swift", "c", "h", "cc", "cpp", "hpp", "cs", "php",
    "pl", "lua", "dart", "ex", "exs", "erl", "hs", "zig", "sql", "graphql", "gql",
    // shell
    "sh", "bash", "zsh", "fish", "ps1", "psm1", "bat", "cmd",
    // configuration
    "toml", "json", "jsonc", "json5", "yaml", "yml", "ini", "cfg", "conf", "config", "properties",
    "env", "xml", "tf", "tfvars", "hcl", "nix", "gradle", "lock",
    // documentation, web, data as text
    "md", "markdown", "txt", "rst", "adoc", "html", "htm", "css", "scss", "sass", "less", "svg",
    "csv", "tsv", "log", "ipynb", "http", "rest",
    // templates
    "j2", "tpl", "tmpl", "hbs", "ejs", "erb", "mustache", "liquid", "twig",
    // build outputs that are text: dep-info, source maps
    "d", "map",
];

/// File names (or, ending in `*`, name prefixes) of text files without a
/// telling extension.
#[rustfmt::skip]
const TEXT_NAMES: &[&str] = &[
    ".env*", "Dockerfile*", "Containerfile*", "Makefile", "GNUmakefile", "Procfile", "Jenkinsfile",
    "Vagrantfile", "Gemfile", "Rakefile", "Justfile", "justfile", "credentials", ".npmrc",
    ".yarnrc", ".netrc", ".pypirc", ".pgpass", ".gitconfig", ".bashrc", ".bash_profile", ".zshrc",
    ".profile",
];

/// Extensions of build artifacts and other binary formats.
#[rustfmt::skip]
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

/// How a file is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kind {
    /// Read as binary: keys are placed by byte offset, and may run on into
    /// the next string.
    pub binary: bool,
    /// Text in UTF-16, searched decoded as well as byte for byte.
    pub utf16: Option<Utf16>,
}

/// The byte order of UTF-16 text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Utf16 {
    /// Little-endian, as Windows writes it (Notepad's "Unicode", PowerShell 5's `>`).
    Le,
    /// Big-endian.
    Be,
}

/// How to read the file at `path` whose first bytes (up to `SNIFF`) are `head`.
pub fn kind(path: &Path, head: &[u8]) -> Kind {
    let named = by_name(path);
    if named == Some(Named::Binary) {
        return Kind {
            binary: true,
            utf16: None,
        };
    }
    let utf16 = utf16(head);
    Kind {
        binary: named.is_none() && utf16.is_none() && looks_binary(head),
        utf16,
    }
}

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

/// Whether `head` starts UTF-16 text: a byte-order mark says so, or, without
/// one, every other byte is NUL (the text is mostly ASCII, as key files
/// are) and no code unit is NUL but a trailing run (padding).
fn utf16(head: &[u8]) -> Option<Utf16> {
    match head {
        // UTF-32LE's mark starts like UTF-16LE's: not decoded (README, "Limits").
        [0xFF, 0xFE, 0, 0, ..] => None,
        [0xFF, 0xFE, ..] => Some(Utf16::Le),
        [0xFE, 0xFF, ..] => Some(Utf16::Be),
        _ if !head.contains(&0) => None,
        _ => {
            let end = head.iter().rposition(|&b| b != 0)? + 1;
            let units = head[..end.next_multiple_of(2).min(head.len())].chunks_exact(2);
            let n = units.len();
            let (mut le, mut be) = (0, 0);
            for u in units {
                match (u[0], u[1]) {
                    (0, 0) => return None,
                    (_, 0) => le += 1,
                    (0, _) => be += 1,
                    _ => {}
                }
            }
            if n >= 2 && le * 2 >= n && le > be {
                Some(Utf16::Le)
            } else if n >= 2 && be * 2 >= n && be > le {
                Some(Utf16::Be)
            } else {
                None
            }
        }
    }
}

/// `bytes` (UTF-16 in `order`, a byte-order mark or not) as UTF-8, with
/// U+FFFD for what does not decode. Lines stay lines.
pub fn decode_utf16(bytes: &[u8], order: Utf16) -> String {
    let units = bytes.chunks_exact(2).map(|u| match order {
        Utf16::Le => u16::from_le_bytes([u[0], u[1]]),
        Utf16::Be => u16::from_be_bytes([u[0], u[1]]),
    });
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
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
        for (want, paths) in [
            (
                Some(Named::Text),
                &[
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
                ][..],
            ),
            (
                Some(Named::Binary),
                &[
                    "pkg/app_bg.wasm",
                    "target/debug/deps/libx-1.rlib",
                    "libssl.so.3",
                    "app.exe",
                    "dist/app.js.gz",
                ],
            ),
            (
                None,
                &[
                    "README",
                    "bin/server",
                    "deploy/settings",
                    "data.bin",
                    "x.unknown",
                ],
            ),
        ] {
            for path in paths {
                assert_eq!(by_name(Path::new(path)), want, "{path}");
            }
        }
    }

    fn binary(path: &str, head: &[u8]) -> bool {
        kind(Path::new(path), head).binary
    }

    #[test]
    fn content_decides_the_rest() {
        assert!(!binary("x", b"KEY=value\n"));
        assert!(!binary("x", b""));
        // Text with stray NULs: a trailing one, crash padding, UTF-8.
        assert!(!binary("x", b"KEY=value\n\0"));
        assert!(!binary("x", b"KEY=value\n\0\0\0\0\0\0\0\0"));
        assert!(!binary("x", "cl\u{e9}=valeur\0\n".as_bytes()));
        assert!(!binary("x", &"\u{e9}".as_bytes()[..1]));
        // Binary formats.
        assert!(binary("x", b"\x7fELF\x02\x01\x01\0\0\0"));
        assert!(binary("x", b"\0asm\x01\0\0\0"));
        assert!(binary("x", &[0; 64]));
        assert!(binary("x", b"KEY=\xff\xfe\0"));
        // The name wins over the content.
        assert!(!binary(".env", b"\x7fELF\x02\x01\x01\0"));
        assert!(binary("a.wasm", b"plain text"));
    }

    #[test]
    fn utf16_by_mark_or_by_its_nuls() {
        let utf16 = |path: &str, head: &[u8]| kind(Path::new(path), head);
        let le = Kind {
            binary: false,
            utf16: Some(Utf16::Le),
        };
        let be = Kind {
            binary: false,
            utf16: Some(Utf16::Be),
        };
        assert_eq!(utf16("x", b"\xff\xfeK\0=\0"), le);
        assert_eq!(utf16(".env", b"\xfe\xff\0K\0="), be);
        assert_eq!(utf16("x", b"K\0=\0v\0\n\0"), le);
        assert_eq!(utf16("x", b"K\0=\0v\0\n\0\0\0\0\0"), le, "padded");
        assert_eq!(utf16("x", b"\0K\0=\0v\0\n"), be);
        assert_eq!(utf16("x", b"K\0\xe9\0=\0"), le, "one non-ASCII");
        // Not UTF-16: a NUL unit inside, a trailing NUL, UTF-32, an artifact.
        assert_eq!(utf16("x", b"K\0\0\0=\0v\0").utf16, None);
        assert_eq!(utf16(".env", b"KEY=value\n\0").utf16, None);
        assert_eq!(utf16("x", b"\xff\xfe\0\0K\0\0\0").utf16, None);
        assert_eq!(utf16("a.wasm", b"\xff\xfeK\0=\0").utf16, None);
        assert_eq!(utf16("x", b"\x7fELF\x02\x01\x01\0\0\0").utf16, None);
    }

    #[test]
    fn utf16_decodes_lines_and_all() {
        let text = "\u{feff}A=1\r\nK=Mileston_TEST_FAKE\u{e9}\u{1F600}\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode_utf16(&le, Utf16::Le), text);
        assert_eq!(decode_utf16(&be, Utf16::Be), text);
        // A lone surrogate, an odd byte at the end.
        assert_eq!(decode_utf16(b"A\0\x00\xd8B\0C", Utf16::Le), "A\u{fffd}B");
    }
}
