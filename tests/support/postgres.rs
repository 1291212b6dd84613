//! A throwaway PostgreSQL server for a test: `initdb` into a fresh temporary
//! directory, `postgres` on a loopback port (and a socket in that
//! directory), trust authentication, no fsync; stopped and deleted when the
//! [`Cluster`] is dropped, a failing test included.
//!
//! The binaries are Debian's (`/usr/lib/postgresql/VERSION/bin`, the newest),
//! else the first on `PATH`; `bash scripts/install-test-tools.sh` installs
//! them. `initdb` and `postgres` refuse to run as root, as CI does: then they
//! run as the `postgres` user (which Debian's package creates), or `nobody`.
#![allow(dead_code)]

use std::fs::File;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use sqlx::{Connection, PgConnection};

const INSTALL: &str = "bash scripts/install-test-tools.sh (Debian's `postgresql`)";

/// How long to wait for the server to take connections (`pg_ctl -w` bounds
/// its stop itself).
const TRIES: u32 = 600;
const BETWEEN_TRIES: Duration = Duration::from_millis(50);

pub struct Cluster {
    dir: PathBuf,
    owner: Option<(u32, u32)>,
    port: u16,
    server: Child,
}

/// The owner of the cluster's files and processes: `None` for the test's own
/// user, or the uid and gid of an unprivileged one when the test runs as root.
fn owner() -> Option<(u32, u32)> {
    let id = |args: &[&str]| -> Option<u32> {
        let out = Command::new("id").args(args).output().ok()?;
        let text = String::from_utf8(out.stdout).ok()?;
        out.status.success().then(|| text.trim().parse().ok())?
    };
    if id(&["-u"]) != Some(0) {
        return None;
    }
    let user = ["postgres", "nobody"]
        .iter()
        .find_map(|user| Some((id(&["-u", user])?, id(&["-g", user])?)));
    assert!(
        user.is_some(),
        "running as root, with no `postgres` or `nobody` user to run postgres as"
    );
    user
}

/// Where `initdb` and `postgres` are: Debian's newest, else `PATH`'s.
fn bin(name: &str) -> PathBuf {
    let debian = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join(name).is_file().then_some((version, bin))
        })
        .max();
    match debian {
        Some((_, dir)) => dir.join(name),
        None => PathBuf::from(name),
    }
}

/// `name`'s command, run as `owner`, in `dir` (which `owner` can read: the
/// server refuses a working directory it cannot).
fn command(name: &str, owner: Option<(u32, u32)>, dir: &Path) -> Command {
    let mut cmd = Command::new(bin(name));
    cmd.current_dir(dir).stdin(Stdio::null());
    if let Some((uid, gid)) = owner {
        cmd.uid(uid).gid(gid);
    }
    cmd
}

impl Cluster {
    /// A new, empty cluster, taking connections when this returns.
    pub async fn start() -> Cluster {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        // Under the system's temporary directory: short enough for the
        // socket's path, and reachable by the unprivileged owner.
        let dir = std::env::temp_dir().join(format!(
            "mileston-shop-pg-{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let owner = owner();
        if let Some((uid, gid)) = owner {
            std::os::unix::fs::chown(&dir, Some(uid), Some(gid)).unwrap();
        }
        let data = dir.join("data");
        let initdb = command("initdb", owner, &dir)
            .arg("-D")
            .arg(&data)
            .args(["-U", "postgres", "--auth=trust", "--no-locale"])
            .args(["-E", "UTF8", "--no-sync"])
            .output()
            .unwrap_or_else(|e| panic!("cannot run initdb ({e}): install it with {INSTALL}"));
        assert!(
            initdb.status.success(),
            "initdb failed:\n{}",
            String::from_utf8_lossy(&initdb.stderr)
        );
        // A port the system gave and took back: free unless another process
        // takes it in between, which the log would then say.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let log = File::create(dir.join("server.log")).unwrap();
        let server = command("postgres", owner, &dir)
            .arg("-D")
            .arg(&data)
            .arg("-k")
            .arg(&dir)
            .args(["-h", "127.0.0.1", "-p", &port.to_string()])
            // A test's data: losing it in a crash is fine, waiting for disks is not.
            .args(["-c", "fsync=off", "-c", "synchronous_commit=off"])
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run postgres ({e}): install it with {INSTALL}"));
        let mut cluster = Cluster {
            dir,
            owner,
            port,
            server,
        };
        cluster.wait_until_ready().await;
        cluster
    }

    async fn wait_until_ready(&mut self) {
        for _ in 0..TRIES {
            if let Ok(Some(status)) = self.server.try_wait() {
                panic!("postgres exited ({status}):\n{}", self.log());
            }
            if let Ok(c) = PgConnection::connect(&self.url("ready-check")).await {
                let _ = c.close().await;
                return;
            }
            tokio::time::sleep(BETWEEN_TRIES).await;
        }
        panic!("postgres did not take connections:\n{}", self.log());
    }

    /// The URL of the cluster's `postgres` database, for a client that
    /// calls itself `application_name` (which `pg_stat_activity` shows).
    pub fn url(&self, application_name: &str) -> String {
        format!(
            "postgres://postgres@127.0.0.1:{}/postgres?application_name={application_name}",
            self.port
        )
    }

    /// The server's log (it holds no secret: trust authentication).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default()
    }
}

impl Drop for Cluster {
    /// A fast shutdown (open sessions ended, their transactions rolled
    /// back), waited for; the server killed if that fails; then the
    /// directory goes.
    fn drop(&mut self) {
        let stopped = command("pg_ctl", self.owner, &self.dir)
            .arg("stop")
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-m", "fast", "-w"])
            .output()
            .is_ok_and(|out| out.status.success());
        if !stopped {
            let _ = self.server.kill();
        }
        let _ = self.server.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
