//! `mileston-sandbox`: runs the Mileston API sandbox on a loopback address
//! until Ctrl-C.

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::Parser;
use mileston_sandbox::keys::TENANTS;

/// A local, stateful imitation of the Mileston API (test mode only), for
/// tests, examples and browser tests. Listens on loopback only.
#[derive(Parser)]
#[command(name = "mileston-sandbox", version)]
struct Args {
    /// Address to listen on; must be a loopback address (127.0.0.0/8 or [::1]).
    #[arg(long, default_value = "127.0.0.1:4010")]
    addr: SocketAddr,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "error: refusing to listen on {}: the sandbox has no real security and listens on \
             loopback only; use 127.0.0.1:PORT or [::1]:PORT",
            args.addr
        );
        return ExitCode::from(2);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(args.addr))
}

async fn run(addr: SocketAddr) -> ExitCode {
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let url = match listener.local_addr() {
        Ok(a) => format!("http://{a}"),
        Err(_) => format!("http://{addr}"),
    };
    println!("Mileston sandbox listening on {url}");
    println!();
    println!("Tenants (made-up test keys: Mileston never issued them, they work nowhere else):");
    println!("  {:<18} {:<42} checkout key", "business ID", "normal key");
    for t in TENANTS {
        println!(
            "  {:<18} {:<42} {}",
            t.business_id, t.api_key, t.checkout_key
        );
    }
    println!();
    println!("Control: POST {url}/__sandbox/pay/{{invoice|paymentlink|recurring}}/{{id}}");
    println!("         POST {url}/__sandbox/faults   GET {url}/__sandbox/requests");
    println!("Press Ctrl-C to stop.");
    tokio::select! {
        result = mileston_sandbox::serve(listener) => match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        _ = tokio::signal::ctrl_c() => {
            println!("stopped");
            ExitCode::SUCCESS
        }
    }
}
