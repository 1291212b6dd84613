//! The Rust side of the SDK harness for `tests/test_sdk.rs`: installs the
//! pinned npm packages outside the source tree (once per lockfile), runs a
//! `tests/sdk/*.mjs` script against a sandbox, and reads its report and the
//! sandbox's request log.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

use mileston_sandbox::{Sandbox, keys};
use serde_json::Value;

/// The harness's files that decide what `npm ci` installs.
const INSTALL_INPUTS: [&str; 5] = [
    "package.json",
    "package-lock.json",
    ".npmrc",
    "unused/package.json",
    "unused/index.js",
];

pub fn harness_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk")
}

/// The version `tool --version` prints, or why it cannot run.
pub fn tool_version(tool: &str) -> Result<String, String> {
    let out = Command::new(tool)
        .arg("--version")
        .output()
        .map_err(|e| format!("cannot run `{tool}`: {e}"))?;
    if !out.status.success() {
        return Err(format!("`{tool} --version` failed: {}", out.status));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Node.js and npm, or a failure that says how to get them.
fn require_node() {
    let help = "tests/test_sdk.rs runs Mileston's own npm packages and needs Node.js 18 or \
                later with npm 10 or later (Debian: `apt-get install nodejs npm`, then \
                `npm install -g npm@11`: Debian's npm 9.2 cannot read tests/sdk's `overrides`; \
                .ci/run installs them)";
    let major = |version: &str| -> u32 {
        version
            .trim_start_matches('v')
            .split('.')
            .next()
            .and_then(|m| m.parse().ok())
            .unwrap_or(0)
    };
    let node = tool_version("node").unwrap_or_else(|e| panic!("{e}: {help}"));
    assert!(major(&node) >= 18, "node {node} is too old: {help}");
    let npm = tool_version("npm").unwrap_or_else(|e| panic!("{e}: {help}"));
    assert!(major(&npm) >= 10, "npm {npm} is too old: {help}");
}

/// The installed packages' directory, installed once per run and re-used
/// across runs while the install inputs are unchanged.
fn node_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        require_node();
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("sdk-node");
        let mut stamp = Vec::new();
        for f in INSTALL_INPUTS {
            let bytes = std::fs::read(harness_dir().join(f))
                .unwrap_or_else(|e| panic!("tests/sdk/{f}: {e}"));
            stamp.extend_from_slice(format!("== {f} {}\n", bytes.len()).as_bytes());
            stamp.extend_from_slice(&bytes);
        }
        let stamp_file = dir.join("installed-from");
        let complete = dir.join("node_modules/mileston-payment-client/package.json");
        if complete.is_file() && std::fs::read(&stamp_file).is_ok_and(|s| s == stamp) {
            return dir;
        }
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("unused")).expect("create the install directory");
        for f in INSTALL_INPUTS {
            std::fs::copy(harness_dir().join(f), dir.join(f)).expect("copy an install input");
        }
        let start = Instant::now();
        // `--ignore-scripts`: no package runs code at install. Optional
        // dependencies stay: esbuild's binary for this platform is one.
        let out = Command::new("npm")
            .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .env("npm_config_update_notifier", "false")
            .output()
            .expect("run npm ci");
        assert!(
            out.status.success(),
            "npm ci in {} failed ({}):\n{}\n{}",
            dir.display(),
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        eprintln!(
            "installed tests/sdk's packages in {} ({:.1} s)",
            dir.display(),
            start.elapsed().as_secs_f64()
        );
        std::fs::write(&stamp_file, stamp).expect("write the install stamp");
        dir
    })
}

/// Runs `tests/sdk/<script>` against `sandbox` and returns its report.
pub fn run(script: &str, sandbox: &Sandbox) -> Report {
    let out = Command::new("node")
        .arg(harness_dir().join(script))
        .env("MILESTON_SANDBOX_URL", sandbox.url())
        .env("SDK_NODE_DIR", node_dir())
        .env("SANDBOX_API_KEY", keys::API_KEY)
        .env("SANDBOX_CHECKOUT_KEY", keys::CHECKOUT_KEY)
        .env("SANDBOX_BUSINESS_ID", keys::BUSINESS_ID)
        .env("SANDBOX_OTHER_BUSINESS_ID", keys::OTHER_BUSINESS_ID)
        .env("SANDBOX_WALLET_SECRET", keys::WALLET_SECRET)
        .env("SANDBOX_OTHER_WALLET_SECRET", keys::OTHER_WALLET_SECRET)
        // Loopback requests must not go through a proxy set for the registry.
        .env_remove("HTTP_PROXY")
        .env_remove("HTTPS_PROXY")
        .env_remove("http_proxy")
        .env_remove("https_proxy")
        .output()
        .expect("run node");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "node {script} failed ({}):\n{stderr}",
        out.status
    );
    let all: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "node {script}: its report is not JSON ({e}):\n{}\n{stderr}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    let calls = all["calls"]
        .as_array()
        .expect("calls")
        .iter()
        .map(|c| (c["name"].as_str().expect("name").to_string(), c.clone()))
        .collect();
    Report {
        calls,
        all,
        log: request_log(sandbox),
    }
}

/// The sandbox's request log: every request, by sequence number.
pub fn request_log(sandbox: &Sandbox) -> BTreeMap<u64, Value> {
    let text = ureq::get(format!("{}/__sandbox/requests/log", sandbox.url()))
        .header("apikey", keys::API_KEY)
        .header("businessid", keys::BUSINESS_ID)
        .call()
        .expect("read the request log")
        .body_mut()
        .read_to_string()
        .expect("log body");
    let log: Value = serde_json::from_str(&text).expect("log is JSON");
    log["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .map(|e| (e["seq"].as_u64().expect("seq"), e.clone()))
        .collect()
}

/// What one script reported, and the sandbox's log after it.
pub struct Report {
    pub calls: BTreeMap<String, Value>,
    pub all: Value,
    pub log: BTreeMap<u64, Value>,
}

impl Report {
    pub fn call(&self, name: &str) -> &Value {
        self.calls
            .get(name)
            .unwrap_or_else(|| panic!("no call {name:?} in the report"))
    }

    /// What a call that succeeded returned.
    pub fn ok(&self, name: &str) -> &Value {
        let c = self.call(name);
        assert_eq!(c["ok"], true, "{name}: {c}");
        &c["value"]
    }

    /// The message of the error a call threw.
    pub fn refused(&self, name: &str) -> &str {
        let c = self.call(name);
        assert_eq!(c["ok"], false, "{name} should have failed: {c}");
        c["error"].as_str().expect("error")
    }

    /// The one request a call sent, as the sandbox logged it.
    pub fn request(&self, name: &str) -> &Value {
        let c = self.call(name);
        assert_eq!(c["sent"], 1, "{name} should send one request: {c}");
        let seq = c["firstSeq"].as_u64().expect("firstSeq");
        self.log
            .get(&seq)
            .unwrap_or_else(|| panic!("{name}: request {seq} is not in the log"))
    }
}

/// The member names of a JSON object, in order.
fn members(v: &Value) -> Vec<&str> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect()
}

/// The member names of an answer, sorted (member order of answers is
/// asserted on the raw bytes in the sandbox's own tests).
pub fn keys(v: &Value) -> Vec<&str> {
    let mut k = members(v);
    k.sort_unstable();
    k
}
