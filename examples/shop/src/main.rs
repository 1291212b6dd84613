//! `mileston-shop`: runs the shop's server (native builds only).
//!
//! With no `--api`, it starts an embedded sandbox on loopback and registers
//! the shop's webhook URL there; with no `--database`, it keeps its orders in
//! an SQLite file. So a fresh clone runs with nothing else:
//! `bash examples/shop/run.sh` builds the page, then runs this. Replicas
//! share a Postgres database (`--database postgres://...`) and a sandbox
//! (`--api`) that delivers to each of them.

#[cfg(not(target_family = "wasm"))]
mod native {
    use std::net::SocketAddr;
    use std::path::PathBuf;
    use std::process::ExitCode;

    use clap::Parser;
    use mileston_shop::routes;
    use mileston_shop::server::{Options, serve};
    use mileston_shop::store::Store;

    /// The Mileston sandbox shop.
    #[derive(Parser)]
    #[command(version)]
    struct Args {
        /// Where the shop listens.
        #[arg(long, default_value = "127.0.0.1:4020")]
        addr: SocketAddr,
        /// The page's built files (`run.sh` builds them there).
        #[arg(long, default_value = "examples/shop/dist")]
        dist: PathBuf,
        /// A Mileston base URL (a sandbox you run yourself, which must then
        /// deliver its webhooks to this shop). Without it, the shop starts an
        /// embedded sandbox.
        #[arg(long)]
        api: Option<String>,
        /// The database: an SQLite file (`sqlite:PATH?mode=rwc` creates it)
        /// for one shop, or `postgres://USER@HOST/DB` shared by replicas.
        /// Its tables are created or brought up to date at start.
        #[arg(long, default_value = "sqlite:examples/shop/shop.db?mode=rwc")]
        database: String,
    }

    pub async fn main() -> ExitCode {
        let args = Args::parse();
        if !args.dist.join("index.html").is_file() {
            eprintln!(
                "error: no page in {} (build it with `bash examples/shop/run.sh`)",
                args.dist.display()
            );
            return ExitCode::FAILURE;
        }
        // The URL may hold a password: the messages do not repeat it (nor do
        // sqlx's errors).
        let store = match Store::open(&args.database).await {
            Ok(store) => store,
            Err(e) => {
                eprintln!("error: cannot open the database given by --database: {e}");
                return ExitCode::FAILURE;
            }
        };
        let listener = match tokio::net::TcpListener::bind(args.addr).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: cannot listen on {}: {e}", args.addr);
                return ExitCode::FAILURE;
            }
        };
        let shop = format!("http://{}", listener.local_addr().unwrap_or(args.addr));
        // Kept alive until the server stops.
        let mut _sandbox = None;
        let api = match args.api {
            Some(api) => api,
            None => {
                // The sandbox's first tenant, whose fake keys the shop is
                // built with, delivers to the shop with its own token.
                let webhook = format!("{shop}{}", routes::WEBHOOK);
                let started = mileston_sandbox::Options::default()
                    .webhook(&webhook, None)
                    .map_err(|e| e.to_string())
                    .and_then(|o| {
                        mileston_sandbox::Sandbox::start_with(o).map_err(|e| e.to_string())
                    });
                let sandbox = match started {
                    Ok(s) => s,
                    Err(e) => {
                        eprintln!("error: cannot start the embedded sandbox: {e}");
                        return ExitCode::FAILURE;
                    }
                };
                let url = sandbox.url();
                _sandbox = Some(sandbox);
                println!("Sandbox: {url} (delivers webhooks to {webhook})");
                url
            }
        };
        println!("Shop: {shop}/ (open it in a browser; Ctrl-C stops)");
        let options = Options {
            api: Some(api),
            dist: args.dist,
            store,
        };
        match serve(listener, options).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        }
    }
}

#[cfg(not(target_family = "wasm"))]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    native::main().await
}

/// The wasm build is the page (the library); this binary has nothing to do.
#[cfg(target_family = "wasm")]
fn main() {}
