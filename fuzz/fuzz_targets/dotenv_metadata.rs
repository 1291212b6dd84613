//! The input as a `.env` file read through `resolve::Sources` and the plan,
//! and as a Cargo.toml through `resolve::metadata::parse`: no panic, and no
//! message repeats a valid key found in the input.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mileston_config_core::key;
use mileston_config_core::resolve::{
    self, Front, PartialSettings, Request, Sources, Target, metadata,
};

const VARS: &[&str] = &[
    "MILESTON_API_KEY",
    "MILESTON_CHECKOUT_KEY",
    "MILESTON_BUSINESS_ID",
    "A",
];

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("mileston-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(
            d.join("Cargo.toml"),
            "[package]\nname = \"fx\"\n[package.metadata.mileston]\nbackend = true\ncheckout = true\n",
        )
        .unwrap();
        d
    })
}

/// Bodies of the valid keys in `text`.
fn key_bodies(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("Mileston_") {
        let end = text[i..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(text.len(), |e| i + e);
        // The longest valid key starting here.
        for j in (i + 1..=end).rev() {
            if let Ok(shape) = key::parse(&text[i..j]) {
                out.push(text[i + shape.body_start..j].to_owned());
                break;
            }
        }
    }
    out
}

fn assert_clean(message: &str, bodies: &[String]) {
    for b in bodies {
        assert!(!message.contains(b.as_str()), "a message repeats a key");
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let bodies = key_bodies(&text);

    // As Cargo.toml, alone and under the settings table.
    for t in [
        text.to_string(),
        format!("[package.metadata.mileston]\n{text}"),
    ] {
        for p in metadata::parse(&t).problems {
            assert_clean(&p.message, &bodies);
        }
    }

    // As a .env file, byte for byte.
    let d = dir();
    std::fs::write(d.join(".env"), data).unwrap();
    let mut sources = Sources::with_env(d, |_| None);
    for v in VARS {
        if let Err(m) = sources.lookup(v) {
            assert_clean(&m, &bodies);
        }
    }
    let plan = resolve::plan_with(
        Request {
            front: Front::BuildScript,
            manifest_dir: d,
            settings: PartialSettings::default(),
            target: Target::Unknown,
            read_values: true,
        },
        Sources::with_env(d, |_| None),
    );
    for p in plan.problems {
        assert_clean(&p.message, &bodies);
    }
});
