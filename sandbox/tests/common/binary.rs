//! The `mileston-sandbox` binary run by the tests of its flags
//! (`webhook_flags.rs`, `browser_keys.rs`): started, its stdout read up to
//! the line that says it serves, stopped.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

/// The binary, started with `args` and `env`; its stdout up to "Press
/// Ctrl-C" (or all of it, and its stderr, once it exits).
pub struct Binary {
    pub child: std::process::Child,
    pub out: String,
}

impl Binary {
    pub fn start(args: &[&str], env: &[(&str, &str)]) -> Binary {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mileston-sandbox"))
            .args(args)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let mut out = String::new();
        let mut lines = BufReader::new(child.stdout.take().unwrap());
        while lines.read_line(&mut out).unwrap_or(0) > 0 && !out.contains("Press Ctrl-C") {}
        Binary { child, out }
    }

    /// Waits for it to exit: its status, and its stderr.
    pub fn exit(mut self) -> (i32, String) {
        let status = self.child.wait().unwrap();
        let mut err = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        (status.code().unwrap_or(-1), err)
    }
}

impl Binary {
    /// The URL it printed on its first line.
    pub fn url(&self) -> String {
        let first = self.out.lines().next().unwrap_or_default();
        first.rsplit(' ').next().unwrap_or_default().to_owned()
    }

    /// Stops it: its stderr.
    pub fn stop(mut self) -> String {
        self.child.kill().unwrap();
        self.exit().1
    }
}
