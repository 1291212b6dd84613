//! `mileston-sandbox`: runs the Mileston API sandbox on a loopback address
//! until Ctrl-C; optionally also serves a directory of static files (a built
//! checkout page) from the same origin, creates a demo payment, and sends the
//! first tenant's webhook deliveries to a local receiver.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use clap::Parser;
use mileston_config_core::protocol::{self, Kind, STATUS_PATH, backend, header as names};
use mileston_sandbox::Options;
use mileston_sandbox::keys::{self, TENANTS};
use tower_http::services::ServeDir;
use tower_service::Service;

/// A local, stateful imitation of the Mileston API (test mode only), for
/// tests, examples and browser tests. Listens on loopback only.
#[derive(Parser)]
#[command(name = "mileston-sandbox", version)]
struct Args {
    /// Address to listen on; must be a loopback address (127.0.0.0/8 or [::1]).
    #[arg(long, default_value = "127.0.0.1:4010")]
    addr: SocketAddr,
    /// Also serve the files of DIR (e.g. a built checkout page) on the same
    /// origin. The API's paths (/status, /payment-link, /invoice,
    /// /recurring-payment, /checkout, /user, /__sandbox) keep going to the
    /// sandbox.
    #[arg(long = "static", value_name = "DIR")]
    static_dir: Option<PathBuf>,
    /// Create one demo invoice (first tenant) at start and print its ID and,
    /// with --static, the checkout page's URL for it.
    #[arg(long)]
    seed: bool,
    /// Register a webhook of the first tenant (biz_sandbox_0001) for every
    /// event: each payment that becomes paid is POSTed to URL, which must be
    /// plain http:// to loopback (127.0.0.0/8, [::1], localhost).
    #[arg(long, value_name = "URL")]
    webhook: Option<String>,
    /// The variable holding that webhook's verification token [default: the
    /// first tenant's webhook token, in the table printed at start]
    #[arg(long, value_name = "VAR", requires = "webhook")]
    webhook_token_env: Option<String>,
    /// Serve a browser page's request that carries the normal key (or a
    /// wallet API signature) instead of refusing it with 403, with a
    /// warning on stderr and in the request log: to reproduce a production
    /// bug. A page must use the checkout key.
    #[arg(long)]
    allow_normal_key_from_browsers: bool,
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
    if let Some(dir) = &args.static_dir
        && !dir.is_dir()
    {
        eprintln!("error: --static {}: not a directory", dir.display());
        return ExitCode::from(2);
    }
    let options = match options(&args) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
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
    runtime.block_on(run(args, options))
}

/// The webhook of `--webhook`, its token read from `--webhook-token-env`'s
/// variable. Messages name the variable, never its value.
fn options(args: &Args) -> Result<Options, String> {
    let options = if args.allow_normal_key_from_browsers {
        Options::default().allow_normal_key_from_browsers()
    } else {
        Options::default()
    };
    let Some(url) = &args.webhook else {
        return Ok(options);
    };
    let token = match &args.webhook_token_env {
        None => None,
        Some(var) => match std::env::var(var) {
            Ok(t) => Some(t),
            Err(std::env::VarError::NotPresent) => {
                return Err(format!(
                    "--webhook-token-env: `{var}` is not set: set it to the receiver's \
                     verification token, or leave the flag out to use the tenant's"
                ));
            }
            Err(std::env::VarError::NotUnicode(_)) => {
                return Err(format!(
                    "--webhook-token-env: `{var}` is not valid UTF-8, so it cannot be a \
                     webhook token"
                ));
            }
        },
    };
    options.webhook(url, token.as_deref()).map_err(|e| {
        // The checks speak of the body's members; here they are flags.
        e.to_string().replace("`url`", "--webhook").replace(
            "`token`",
            &format!("`{}`", args.webhook_token_env.as_deref().unwrap_or("token")),
        )
    })
}

async fn run(args: Args, options: Options) -> ExitCode {
    let addr = args.addr;
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
    println!(
        "Tenants (made-up test keys and secrets: Mileston never issued them, they work nowhere \
         else):"
    );
    print!("{}", tenant_table());
    println!();
    println!("Control: POST {url}/__sandbox/pay/{{invoice|paymentlink|recurring}}/{{id}}");
    println!("         POST {url}/__sandbox/transactions/{{uuid}}/{{complete|fail}}");
    println!("         POST {url}/__sandbox/faults   GET {url}/__sandbox/requests");
    println!(
        "         POST|GET {url}/__sandbox/webhooks (normal key)   DELETE {url}/__sandbox/webhooks/{{id}}"
    );
    println!(
        "         GET {url}/__sandbox/deliveries   GET {url}/__sandbox/requests/log (normal key)"
    );
    if args.allow_normal_key_from_browsers {
        println!();
        println!(
            "Browser pages sending the normal key are served, with a warning on stderr \
             (--allow-normal-key-from-browsers)"
        );
    }
    if let Some(hook) = &args.webhook {
        let token = match &args.webhook_token_env {
            Some(var) => format!("the token in `{var}`"),
            None => format!("the token {}", keys::WEBHOOK_TOKEN),
        };
        println!();
        println!(
            "Webhook: every paid event of {} is POSTed to {hook}, with {token}",
            keys::BUSINESS_ID
        );
    }

    let served = if args.static_dir.is_none() && !args.seed {
        // The plain sandbox, exactly as the library serves it.
        println!("Press Ctrl-C to stop.");
        tokio::spawn(async move { mileston_sandbox::serve_with(listener, &options).await })
    } else {
        let mut api = mileston_sandbox::router_with(&options);
        if args.seed {
            match seed(&mut api).await {
                Ok(id) => {
                    println!();
                    println!("Demo invoice {id} (120.50, pending). Mark it paid:");
                    println!("  curl -X POST {url}/__sandbox/pay/invoice/{id}");
                    if args.static_dir.is_some() {
                        println!("Checkout page: {url}/?kind=invoice&id={id}");
                    }
                }
                Err(e) => {
                    eprintln!("error: cannot create the demo invoice: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
        let app = match &args.static_dir {
            Some(dir) => {
                println!("Static files: {} at {url}/", dir.display());
                with_static(api, dir.clone())
            }
            None => api,
        };
        println!("Press Ctrl-C to stop.");
        // Served by axum: the `dropNext` fault then ends the connection after
        // the response head instead of before it (see `router()`).
        tokio::spawn(async move { axum::serve(listener, app).await })
    };
    tokio::select! {
        result = served => match result {
            Ok(Ok(())) => ExitCode::SUCCESS,
            Ok(Err(e)) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
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

/// The tenants, a header line then one line each: business ID, normal key,
/// checkout key, wallet signing secret, webhook verification token, in that
/// order, separated by spaces (columns padded for reading).
fn tenant_table() -> String {
    let line = |cells: [&str; 5]| {
        format!(
            "  {:<18} {:<42} {:<51} {:<31} {}\n",
            cells[0], cells[1], cells[2], cells[3], cells[4]
        )
    };
    let mut table = line([
        "business ID",
        "normal key",
        "checkout key",
        "wallet signing secret",
        "webhook token",
    ]);
    for t in TENANTS {
        table.push_str(&line([
            t.business_id,
            t.api_key,
            t.checkout_key,
            t.wallet_secret,
            t.webhook_token,
        ]));
    }
    table
}

/// Whether `path` is the API's: under a service's prefix, `/status` or the
/// sandbox's own `/__sandbox`. Requests there go to the sandbox, with its
/// authentication, CORS and JSON errors unchanged.
fn is_api(path: &str) -> bool {
    let services = protocol::Service::ALL.map(protocol::Service::prefix);
    let mut prefixes = services.iter().copied().chain([STATUS_PATH, "/__sandbox"]);
    prefixes.any(|p| {
        path.strip_prefix(p)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// The sandbox for API paths, `dir`'s files (GET and HEAD) for the others.
fn with_static(api: Router, dir: PathBuf) -> Router {
    let files = ServeDir::new(dir).append_index_html_on_directories(true);
    Router::new()
        .fallback_service(files)
        .layer(axum::middleware::from_fn(
            move |req: Request, next: Next| {
                let mut api = api.clone();
                async move {
                    if is_api(req.uri().path())
                        || !matches!(*req.method(), Method::GET | Method::HEAD)
                    {
                        match api.call(req).await {
                            Ok(r) => r,
                            Err(never) => match never {},
                        }
                    } else {
                        next.run(req).await
                    }
                }
            },
        ))
}

/// Creates the demo invoice through the router (first tenant's normal key)
/// and returns its ID.
async fn seed(api: &mut Router) -> Result<String, String> {
    let body = r#"{"amount":"120.50","itemName":"Demo order #1","customerEmail":"customer@example.com","dueDate":"2026-12-31"}"#;
    let create = backend::create(Kind::Invoice);
    let request = Request::builder()
        .method(create.method.as_str())
        .uri(format!(
            "{}{}?businessName=Demo%20Shop",
            create.service.prefix(),
            create.path
        ))
        .header(names::API_KEY, keys::API_KEY)
        .header(names::BUSINESS_ID, keys::BUSINESS_ID)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .map_err(|e| e.to_string())?;
    let response = match api.call(request).await {
        Ok(r) => r,
        Err(never) => match never {},
    };
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .map_err(|e| e.to_string())?;
    if status != StatusCode::CREATED {
        return Err(format!(
            "HTTP {status}: {}",
            String::from_utf8_lossy(&bytes)
        ));
    }
    let json: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
    json["invoiceData"]["invoiceId"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| "no invoiceData.invoiceId in the answer".to_owned())
}

#[cfg(test)]
mod tests {
    use super::{TENANTS, is_api, tenant_table};

    #[test]
    fn api_paths_go_to_the_sandbox() {
        for p in [
            "/status",
            "/invoice",
            "/invoice/inv_000001",
            "/checkout/data/invoice.get/inv_1",
            "/__sandbox/pay/invoice/inv_1",
            "/payment-link/create",
            "/recurring-payment",
            "/user/send-payment",
        ] {
            assert!(is_api(p), "{p}");
        }
        for p in [
            "/",
            "/index.html",
            "/checkout_web.js",
            "/invoices.html",
            "/statusx",
            "/users.html",
        ] {
            assert!(!is_api(p), "{p}");
        }
    }

    #[test]
    fn the_tenant_table_has_one_line_per_tenant_in_the_documented_order() {
        let table = tenant_table();
        let lines: Vec<Vec<&str>> = table
            .lines()
            .map(|l| l.split_whitespace().collect())
            .collect();
        assert_eq!(lines.len(), 1 + TENANTS.len(), "{table}");
        for (t, line) in TENANTS.iter().zip(&lines[1..]) {
            assert_eq!(
                *line,
                [
                    t.business_id,
                    t.api_key,
                    t.checkout_key,
                    t.wallet_secret,
                    t.webhook_token
                ]
            );
        }
    }
}
