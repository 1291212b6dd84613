//! Rotating a key never leaves a stale one in a binary: after a change of a
//! variable, a `.env` file or `[package.metadata.mileston]`, the next plain
//! `cargo build` embeds the new value. Checked in the built binary's bytes.
//! And a binary started with a declared variable set to another value says
//! so, once, without the value (the value built in is the one used).
//! Every key here is fake.

mod support;
use std::ffi::OsStr;
use std::process::Command;

use support::{Fixture, contains};

const MAIN: &str = r#"
use mileston_config::mileston_config;

#[mileston_config]
pub struct Mileston;

fn main() {
    println!("{:?}", Mileston::checkout().key());
    // A second accessor: the warning comes once.
    let _ = Mileston::business_id();
}
"#;

const K1: &str = "Mileston_TEST_CHECKOUTKEY_FAKErotateFirst00001";
const K2: &str = "Mileston_TEST_CHECKOUTKEY_FAKErotateSecond0002";
const K3: &str = "Mileston_TEST_CHECKOUTKEY_FAKErotateThird00003";
const K4: &str = "Mileston_TEST_CHECKOUTKEY_FAKErotateFourth0004";

/// What a binary started with `ROTATE_KEY_NEXT` given another value says.
const WARNING: &str = "warning: Mileston: ROTATE_KEY_NEXT is given to this process (as the \
     variable, by its `_FILE` or as a systemd credential) with a value other than the one built \
     into this binary, or so that it cannot be read; the value built in is the one used: this \
     crate reads its values at build time (`load = \
     \"build\"`, the default); rebuild it with the new value, or build it with `load = \"start\"` \
     to read the values when the process starts\n";

fn meta(var: &str) -> String {
    format!("[package.metadata.mileston]\ncheckout = \"{var}\"\n")
}

#[test]
fn a_changed_key_is_embedded_by_the_next_build() {
    let fx = Fixture::new("rotation", MAIN, &meta("ROTATE_KEY"));
    let biz = ("MILESTON_BUSINESS_ID", "biz_rotate");

    // 1. The variable changes.
    let bin = fx.build_ok(&[("ROTATE_KEY", K1), biz]);
    assert!(contains(&bin, K1));
    let bin = fx.build_ok(&[("ROTATE_KEY", K2), biz]);
    assert!(
        contains(&bin, K2) && !contains(&bin, K1),
        "stale key after changing the variable"
    );

    // 2. The variable goes away and a .env file takes over; then the file changes.
    fx.write(".env", &format!("ROTATE_KEY={K3}\n"));
    let bin = fx.build_ok(&[biz]);
    assert!(
        contains(&bin, K3) && !contains(&bin, K2),
        "stale key after unsetting the variable"
    );
    fx.write(".env", &format!("ROTATE_KEY={K1}\n"));
    let bin = fx.build_ok(&[biz]);
    assert!(
        contains(&bin, K1) && !contains(&bin, K3),
        "stale key after editing .env"
    );

    // 3. Cargo.toml names another variable.
    fx.manifest(&meta("ROTATE_KEY_NEXT"));
    let bin = fx.build_ok(&[biz, ("ROTATE_KEY_NEXT", K4)]);
    assert!(
        contains(&bin, K4) && !contains(&bin, K1),
        "stale key after editing Cargo.toml"
    );
    assert_eq!(
        fx.run(&bin),
        "CheckoutKey(Mileston_TEST_CHECKOUTKEY_****0004)\n"
    );

    // 4. Nothing changed: no rebuild needed, same key.
    let out = fx.build(&[], &[biz, ("ROTATE_KEY_NEXT", K4)]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("Finished"));
    assert!(contains(&bin, K4));

    // 5. Started with the variable set to another key (rotated where the
    //    service runs, not rebuilt): the key built in is used, and a warning
    //    names the variable, once; the same value says nothing.
    let started = |value: &str| {
        Command::new(&bin)
            .env_clear()
            .env("ROTATE_KEY_NEXT", value)
            .env("MILESTON_BUSINESS_ID", "biz_rotate")
            .output()
            .unwrap()
    };
    let out = started(K1);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "CheckoutKey(Mileston_TEST_CHECKOUTKEY_****0004)\n"
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), WARNING);
    assert_eq!(started(K4).stderr, b"");

    // 6. The same through the two other places a started process is given
    //    values: the file `_FILE` names, and a systemd credential.
    let dir = fx.root.join("run-time");
    std::fs::create_dir_all(&dir).unwrap();
    let given = |value: &str, place: &str| {
        std::fs::write(dir.join("ROTATE_KEY_NEXT"), format!("{value}\n")).unwrap();
        let mut run = Command::new(&bin);
        run.env_clear().env("MILESTON_BUSINESS_ID", "biz_rotate");
        match place {
            "file" => run.env("ROTATE_KEY_NEXT_FILE", dir.join("ROTATE_KEY_NEXT")),
            _ => run.env("CREDENTIALS_DIRECTORY", &dir),
        };
        run.output().unwrap()
    };
    for place in ["file", "credential"] {
        let out = given(K1, place);
        assert_eq!(String::from_utf8_lossy(&out.stderr), WARNING, "{place}");
        assert!(!String::from_utf8_lossy(&out.stderr).contains("FAKE"));
        assert_eq!(given(K4, place).stderr, b"", "{place}");
    }

    // 7. Given so that it cannot be read (a `_FILE` naming no file; the
    //    built-in value in two places at once): it would be ignored as
    //    well, and says so; the key built in is used.
    let unreadable = |vars: &[(&str, &OsStr)]| {
        let mut run = Command::new(&bin);
        run.env_clear().env("MILESTON_BUSINESS_ID", "biz_rotate");
        run.envs(vars.iter().copied());
        let out = run.output().unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "CheckoutKey(Mileston_TEST_CHECKOUTKEY_****0004)\n"
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let missing = dir.join("no-such-file");
    let stderr = unreadable(&[("ROTATE_KEY_NEXT_FILE", missing.as_os_str())]);
    assert_eq!(stderr, WARNING);
    assert!(
        !stderr.contains("no-such-file"),
        "a _FILE's path is not shown"
    );
    let file = dir.join("ROTATE_KEY_NEXT");
    std::fs::write(&file, format!("{K4}\n")).unwrap();
    let stderr = unreadable(&[
        ("ROTATE_KEY_NEXT", K4.as_ref()),
        ("ROTATE_KEY_NEXT_FILE", file.as_os_str()),
    ]);
    assert_eq!(stderr, WARNING);
}
