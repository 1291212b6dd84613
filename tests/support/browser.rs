//! Headless Chromium through chromedriver, for the browser tests
//! (`test_browser.rs`, `test_shop.rs`): finding the tools (or saying how to
//! install them), starting chromedriver and a session, reading the page.
//! Included with `#[path]` by those tests only: other tests have no
//! WebDriver client.
#![allow(dead_code)]

use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const INSTALL: &str = "bash scripts/install-browser-tools.sh";

pub struct Tools {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
    pub wasm_bindgen: PathBuf,
    pub wasm_opt: Option<PathBuf>,
}

/// `name` on `PATH`, then in cargo's bin directory.
pub fn which(name: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        dirs.push(PathBuf::from(home).join("bin"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    dirs.into_iter().map(|d| d.join(name)).find(|p| p.is_file())
}

/// The `wasm-bindgen` version in the lock file `lock`: the CLI must match it.
pub fn locked_wasm_bindgen(lock: &Path) -> String {
    let text = std::fs::read_to_string(lock).unwrap();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            let v = lines.next().unwrap();
            return v
                .strip_prefix("version = \"")
                .and_then(|v| v.strip_suffix('"'))
                .unwrap()
                .to_owned();
        }
    }
    panic!("no wasm-bindgen in {}", lock.display());
}

/// Finds the tools (`wasm-bindgen` at the version of `lock`), or fails
/// saying how to install the missing ones.
pub fn tools(lock: &Path) -> Tools {
    let version = locked_wasm_bindgen(lock);
    let mut missing = Vec::new();
    let chromium = [PathBuf::from("/usr/bin/chromium")]
        .into_iter()
        .find(|p| p.is_file())
        .or_else(|| which("chromium"));
    if chromium.is_none() {
        missing.push("chromium (/usr/bin/chromium): apt-get install chromium".to_owned());
    }
    let chromedriver = which("chromedriver");
    if chromedriver.is_none() {
        missing.push("chromedriver: apt-get install chromium-driver".to_owned());
    }
    let install_cli = format!("cargo install wasm-bindgen-cli --version {version} --locked");
    let wasm_bindgen = which("wasm-bindgen");
    match &wasm_bindgen {
        None => missing.push(format!("wasm-bindgen {version}: {install_cli}")),
        Some(bin) => {
            let out = Command::new(bin).arg("--version").output().unwrap();
            let said = String::from_utf8_lossy(&out.stdout).trim().to_owned();
            if said != format!("wasm-bindgen {version}") {
                missing.push(format!(
                    "wasm-bindgen {version} ({}; {} says {said:?}): {install_cli}",
                    lock.display(),
                    bin.display()
                ));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "the browser test needs tools that are missing:\n  {}\nInstall them all with `{INSTALL}` \
         (as root: apt-get install chromium chromium-driver binaryen, and {install_cli}).",
        missing.join("\n  ")
    );
    Tools {
        chromium: chromium.unwrap(),
        chromedriver: chromedriver.unwrap(),
        wasm_bindgen: wasm_bindgen.unwrap(),
        wasm_opt: which("wasm-opt"),
    }
}

/// Runs `cmd`, failing with its stderr.
pub fn run(cmd: &mut Command) {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `wasm-bindgen --target web` of `wasm` into `dist` (emptied first), without
/// the name and producers sections.
pub fn bindgen(tools: &Tools, wasm: &Path, dist: &Path) {
    let _ = std::fs::remove_dir_all(dist);
    std::fs::create_dir_all(dist).unwrap();
    run(Command::new(&tools.wasm_bindgen)
        .args(["--target", "web", "--no-typescript"])
        .args(["--remove-name-section", "--remove-producers-section"])
        .arg("--out-dir")
        .arg(dist)
        .arg(wasm));
}

/// A child process killed (and reaped) when dropped.
pub struct Killed(pub Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Chromium through chromedriver, its files (log, profile) in `out`.
pub struct Browser {
    pub client: Client,
    out: PathBuf,
    _driver: Killed,
}

impl Browser {
    /// Starts chromedriver on a free loopback port and a headless Chromium
    /// session through it.
    pub async fn start(tools: &Tools, out: &Path) -> Browser {
        std::fs::create_dir_all(out).unwrap();
        let port = free_port();
        let log_path = out.join("chromedriver.log");
        let log = std::fs::File::create(&log_path).unwrap();
        let child = Command::new(&tools.chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", tools.chromedriver.display()));
        let driver = Killed(child);
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        while ureq::get(format!("{url}/status")).call().is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not answer on {url} within 30 s (see {})",
                log_path.display()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile = out.join("chromium-profile");
        let _ = std::fs::remove_dir_all(&profile);
        std::fs::create_dir_all(&profile).unwrap();
        let options = serde_json::json!({
            "binary": tools.chromium,
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=640,480",
                format!("--user-data-dir={}", profile.display()),
            ],
        });
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".to_owned(), options);
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&url)
            .await
            .unwrap_or_else(|e| {
                panic!("cannot start a Chromium session through chromedriver: {e}")
            });
        Browser {
            client,
            out: out.to_path_buf(),
            _driver: driver,
        }
    }

    /// Runs `steps` with the session, closes the browser whatever happened,
    /// then reports (a failed step's panic is resumed).
    pub async fn drive<F, Fut>(self, steps: F)
    where
        F: FnOnce(Client) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let outcome = tokio::spawn(steps(self.client.clone())).await;
        let _ = self.client.close().await;
        if let Err(e) = outcome {
            std::panic::resume_unwind(e.into_panic());
        }
    }

    /// Where `screenshot` writes.
    pub fn out(&self) -> &Path {
        &self.out
    }
}

/// Saves a screenshot of the page as `out/name.png`.
pub async fn screenshot(client: &Client, out: &Path, name: &str) {
    let png = client.screenshot().await.unwrap();
    std::fs::write(out.join(format!("{name}.png")), png).unwrap();
}

/// The text of element `#id`, or "" while it is not there.
pub async fn text(client: &Client, id: &str) -> String {
    match client.find(Locator::Id(id)).await {
        Ok(e) => e.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// The attribute `name` of element `#id`.
pub async fn attr(client: &Client, id: &str, name: &str) -> Option<String> {
    let e = client.find(Locator::Id(id)).await.ok()?;
    e.attr(name).await.ok().flatten()
}

/// Waits until `#id` reads `want`; fails with what `#message` shows and a
/// screenshot in `out`.
pub async fn wait_for_text(client: &Client, out: &Path, id: &str, want: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if text(client, id).await == want {
            return;
        }
        if Instant::now() > deadline {
            let name = format!("timeout-{id}-{want}");
            screenshot(client, out, &name).await;
            panic!(
                "the page never showed #{id} = {want:?} within 30 s: #{id} {:?}, message {:?} \
                 (screenshot {})",
                text(client, id).await,
                text(client, "message").await,
                out.join(format!("{name}.png")).display()
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
