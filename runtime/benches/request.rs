//! One request through the handle (`get_payment_link`) against the same
//! request through bare reqwest (same headers and `{}` body, as Mileston's
//! backend SDK sends them; same client settings), both against the sandbox
//! on loopback, measured in the same run.
//!
//! ```sh
//! cargo bench -p mileston-config --bench request
//! ```
//!
//! Three parts:
//! 1. criterion, one request at a time on one kept-alive connection;
//! 2. a latency distribution (median, p99) and sequential throughput, the
//!    three variants interleaved request by request so that the machine's
//!    load hits them alike;
//! 3. throughput with 16 requests in flight, the variants interleaved round
//!    by round;
//!
//! and the heap allocations per request on the client thread (a counting
//! global allocator; the sandbox runs on its own thread and is not counted).
//!
//! Variants: `bare bytes` (reqwest, headers, read the body: the transport
//! alone), `bare typed` (the same plus `serde_json` into a struct of the same
//! shape, which is what a hand-written client does: the anchor), `handle`
//! (`BackendClient::get_payment_link`).

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::Criterion;
use mileston_config::backend::NewPaymentLink;
use mileston_config::types::Amount;
use mileston_config::{BackendClient, Test, mileston_config};
use mileston_sandbox::Sandbox;
use tokio::runtime::Runtime;

#[mileston_config(
    backend = "SANDBOX_API_KEY",
    checkout = "SANDBOX_CHECKOUT_KEY",
    business_id = "SANDBOX_BUSINESS_ID"
)]
pub struct Mileston;

// ------------------------------------------------------------ allocations

#[path = "../tests/support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::allocs;

// ------------------------------------------------------------ the variants

/// The `paymentData` of `GET /payment-link/{id}`, as a hand-written client
/// would declare it.
#[allow(dead_code)]
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Link {
    payment_link_id: String,
    amount: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    redirect_url: Option<String>,
    #[serde(default)]
    logo_url: Option<String>,
    #[serde(default)]
    banner_url: Option<String>,
    status: String,
    env: String,
    created_at: String,
    updated_at: String,
}

#[derive(serde::Deserialize)]
struct Body {
    #[serde(rename = "paymentData")]
    payment_data: Link,
}

#[derive(Clone)]
struct Setup {
    handle: BackendClient<Test>,
    bare: reqwest::Client,
    id: Arc<str>,
    url: Arc<str>,
}

/// reqwest with the handle's settings: rustls with *ring* (no root needed
/// for plain http on loopback), no redirects, 10 s connect timeout, a user
/// agent; a 30 s timeout per request is set on each request, as the handle
/// does.
fn bare_client() -> reqwest::Client {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth();
    tls.alpn_protocols = vec![b"http/1.1".to_vec()];
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .connect_timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("bare/0")
        .build()
        .unwrap()
}

const KEY: &str = env!("SANDBOX_API_KEY");
const BUSINESS: &str = env!("SANDBOX_BUSINESS_ID");

/// The request the handle sends, as Mileston's backend SDK does: the
/// identity headers, `Content-Type`, and the body `{}` on a `GET`.
fn bare_request(s: &Setup) -> reqwest::RequestBuilder {
    s.bare
        .get(&*s.url)
        .header("apikey", KEY)
        .header("businessid", BUSINESS)
        .header("content-type", "application/json")
        .body(&b"{}"[..])
        .timeout(Duration::from_secs(30))
}

async fn bare_bytes(s: &Setup) -> usize {
    let r = bare_request(s).send().await.unwrap();
    assert_eq!(r.status(), 200);
    r.bytes().await.unwrap().len()
}

async fn bare_typed(s: &Setup) -> usize {
    let r = bare_request(s).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let bytes = r.bytes().await.unwrap();
    let body: Body = serde_json::from_slice(&bytes).unwrap();
    body.payment_data.payment_link_id.len()
}

async fn handle(s: &Setup) -> usize {
    let link = s.handle.get_payment_link(&s.id).await.unwrap();
    link.payment_link_id.len()
}

#[derive(Clone, Copy, PartialEq)]
enum Variant {
    BareBytes,
    BareTyped,
    Handle,
}

const VARIANTS: [(Variant, &str); 3] = [
    (Variant::BareBytes, "bare reqwest, bytes"),
    (Variant::BareTyped, "bare reqwest + serde (anchor)"),
    (Variant::Handle, "handle get_payment_link"),
];

async fn one(s: &Setup, v: Variant) -> usize {
    match v {
        Variant::BareBytes => bare_bytes(s).await,
        Variant::BareTyped => bare_typed(s).await,
        Variant::Handle => handle(s).await,
    }
}

// ------------------------------------------------------------ parts

fn criterion_part(c: &mut Criterion, rt: &Runtime, s: &Setup) {
    let mut g = c.benchmark_group("request");
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(4));
    g.sample_size(50);
    for (v, name) in VARIANTS {
        g.bench_function(name, |b| {
            b.iter_custom(|iters| {
                rt.block_on(async {
                    let start = Instant::now();
                    for _ in 0..iters {
                        black_box(one(s, v).await);
                    }
                    start.elapsed()
                })
            })
        });
    }
    g.finish();
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn distribution(rt: &Runtime, s: &Setup, rounds: usize) {
    let mut times: Vec<Vec<Duration>> = (0..3).map(|_| Vec::with_capacity(rounds)).collect();
    rt.block_on(async {
        for r in 0..rounds {
            // Rotate the order so that no variant always goes first.
            for k in 0..3 {
                let i = (r + k) % 3;
                let start = Instant::now();
                black_box(one(s, VARIANTS[i].0).await);
                times[i].push(start.elapsed());
            }
        }
    });
    let anchor = {
        let mut t = times[1].clone();
        t.sort();
        (
            percentile(&t, 0.5),
            percentile(&t, 0.99),
            t.iter().sum::<Duration>(),
        )
    };
    println!();
    println!("latency, one request at a time, {rounds} requests per variant, interleaved");
    println!(
        "| variant | median (µs) | p99 (µs) | sequential req/s | median ratio | p99 ratio | req/s ratio |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (i, (_, name)) in VARIANTS.iter().enumerate() {
        let mut t = times[i].clone();
        t.sort();
        let (med, p99, sum) = (
            percentile(&t, 0.5),
            percentile(&t, 0.99),
            t.iter().sum::<Duration>(),
        );
        let rps = rounds as f64 / sum.as_secs_f64();
        let anchor_rps = rounds as f64 / anchor.2.as_secs_f64();
        println!(
            "| {name} | {:.1} | {:.1} | {:.0} | {:.3} | {:.3} | {:.3} |",
            micros(med),
            micros(p99),
            rps,
            micros(med) / micros(anchor.0),
            micros(p99) / micros(anchor.1),
            rps / anchor_rps,
        );
    }
}

fn concurrent(rt: &Runtime, s: &Setup, in_flight: usize, per_task: usize, rounds: usize) {
    let mut rates: Vec<Vec<f64>> = vec![Vec::new(); 3];
    for r in 0..rounds {
        for k in 0..3 {
            let i = (r + k) % 3;
            let v = VARIANTS[i].0;
            let elapsed = rt.block_on(async {
                let start = Instant::now();
                let mut set = tokio::task::JoinSet::new();
                for _ in 0..in_flight {
                    let s = s.clone();
                    set.spawn(async move {
                        for _ in 0..per_task {
                            black_box(one(&s, v).await);
                        }
                    });
                }
                while let Some(done) = set.join_next().await {
                    done.unwrap();
                }
                start.elapsed()
            });
            rates[i].push((in_flight * per_task) as f64 / elapsed.as_secs_f64());
        }
    }
    let median = |v: &[f64]| {
        let mut v = v.to_vec();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let anchor = median(&rates[1]);
    println!();
    println!(
        "throughput, {in_flight} requests in flight, {} requests per round, median of {rounds} interleaved rounds",
        in_flight * per_task
    );
    println!("| variant | req/s | rounds (req/s) | ratio |");
    println!("|---|---|---|---|");
    for (i, (_, name)) in VARIANTS.iter().enumerate() {
        let all: Vec<String> = rates[i].iter().map(|r| format!("{r:.0}")).collect();
        let m = median(&rates[i]);
        println!(
            "| {name} | {m:.0} | {} | {:.3} |",
            all.join(" "),
            m / anchor
        );
    }
}

fn allocations(rt: &Runtime, s: &Setup, n: u64) {
    println!();
    println!("heap allocations per request on the client thread (mean of {n})");
    println!("| variant | allocations |");
    println!("|---|---|");
    for (v, name) in VARIANTS {
        let per = rt.block_on(async {
            let before = allocs();
            for _ in 0..n {
                black_box(one(s, v).await);
            }
            (allocs() - before) as f64 / n as f64
        });
        println!("| {name} | {per:.1} |");
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let sandbox = Sandbox::start().unwrap();
    // The client on this thread, the sandbox on its own: one core each.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let handle = Mileston::backend().with_base_url(&sandbox.url()).unwrap();
    let mut new = NewPaymentLink::new(Amount::new("25.00").unwrap());
    new.title = Some("Bench T-shirt".into());
    let id = rt
        .block_on(handle.create_payment_link(&new))
        .unwrap()
        .data
        .payment_link_id;
    let setup = Setup {
        url: format!("{}/payment-link/{id}", sandbox.url()).into(),
        id: id.into(),
        handle,
        bare: rt.block_on(async { bare_client() }),
    };
    // Warm both clients' connections and the handle's process-wide client.
    rt.block_on(async {
        for (v, _) in VARIANTS {
            for _ in 0..200 {
                one(&setup, v).await;
            }
        }
    });

    allocations(&rt, &setup, 1000);
    criterion_part(&mut c, &rt, &setup);
    distribution(&rt, &setup, 5000);
    concurrent(&rt, &setup, 16, 125, 7);
    c.final_summary();
}
