//! The sandbox under load: requests per second and latency (median, p99) at
//! 1, 16 and 64 requests in flight, through the handle on loopback. Bounded:
//! each run stops after `REQUESTS` requests or `LIMIT`, whichever comes
//! first.
//!
//! ```sh
//! cargo bench -p mileston-config --bench sandbox_load
//! ```
//!
//! Three workloads: `read` (`GET /payment-link/{id}`), `create`
//! (`POST /payment-link/create`) and `status` (`GET /status`, no key: the
//! sandbox's floor). The sandbox serves on its own thread (one tokio
//! current-thread runtime); the client runs on this thread, so on two cores
//! each has one. Runs are interleaved (every workload and level once per
//! round, the order rotated) and each figure is the median of `ROUNDS`
//! rounds. Ratios are against `read` at 1 in flight, measured in the same run.

use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use mileston_config::backend::NewPaymentLink;
use mileston_config::types::Amount;
use mileston_config::{BackendClient, Test, mileston_config};
use mileston_sandbox::Sandbox;

#[mileston_config(
    backend = "SANDBOX_API_KEY",
    checkout = "SANDBOX_CHECKOUT_KEY",
    business_id = "SANDBOX_BUSINESS_ID"
)]
pub struct Mileston;

const REQUESTS: usize = 4000;
const LIMIT: Duration = Duration::from_secs(5);
const ROUNDS: usize = 5;
const LEVELS: [usize; 3] = [1, 16, 64];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Workload {
    Read,
    Create,
    Status,
}

const WORKLOADS: [Workload; 3] = [Workload::Read, Workload::Create, Workload::Status];

struct Run {
    rps: f64,
    p50: Duration,
    p99: Duration,
    done: usize,
    errors: usize,
}

async fn one(h: &BackendClient<Test>, id: &str, w: Workload) -> bool {
    match w {
        Workload::Read => h.get_payment_link(id).await.is_ok(),
        Workload::Create => {
            let mut new = NewPaymentLink::new(Amount::new("25.00").unwrap());
            new.title = Some("Load".into());
            h.create_payment_link(&new).await.is_ok()
        }
        Workload::Status => h.health().await.is_ok(),
    }
}

async fn run(h: &BackendClient<Test>, id: &Arc<str>, w: Workload, in_flight: usize) -> Run {
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..in_flight {
        let (h, id, next) = (h.clone(), id.clone(), next.clone());
        tasks.spawn(async move {
            let mut times = Vec::with_capacity(REQUESTS / in_flight + 1);
            let mut errors = 0;
            while next.fetch_add(1, Ordering::Relaxed) < REQUESTS && start.elapsed() < LIMIT {
                let t = Instant::now();
                if !black_box(one(&h, &id, w).await) {
                    errors += 1;
                }
                times.push(t.elapsed());
            }
            (times, errors)
        });
    }
    let mut times = Vec::with_capacity(REQUESTS);
    let mut errors = 0;
    while let Some(done) = tasks.join_next().await {
        let (t, e) = done.unwrap();
        times.extend(t);
        errors += e;
    }
    let elapsed = start.elapsed();
    times.sort();
    let at = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
    Run {
        rps: times.len() as f64 / elapsed.as_secs_f64(),
        p50: at(0.5),
        p99: at(0.99),
        done: times.len(),
        errors,
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; this harness takes no options.
    let sandbox = Sandbox::start().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let h = Mileston::backend().with_base_url(&sandbox.url()).unwrap();
    let id: Arc<str> = rt
        .block_on(h.create_payment_link(&NewPaymentLink::new(Amount::new("1.00").unwrap())))
        .unwrap()
        .data
        .payment_link_id
        .into();
    // Warm up: open 64 connections, fill caches.
    rt.block_on(run(&h, &id, Workload::Read, 64));

    let cases: Vec<(Workload, usize)> = WORKLOADS
        .iter()
        .flat_map(|&w| LEVELS.iter().map(move |&n| (w, n)))
        .collect();
    let mut results: Vec<Vec<Run>> = cases.iter().map(|_| Vec::new()).collect();
    for round in 0..ROUNDS {
        for k in 0..cases.len() {
            let i = (round * 4 + k) % cases.len();
            let (w, n) = cases[i];
            results[i].push(rt.block_on(run(&h, &id, w, n)));
        }
    }

    let micros = |d: Duration| d.as_secs_f64() * 1e6;
    let summary: Vec<(f64, f64, f64, usize, usize)> = results
        .iter()
        .map(|runs| {
            (
                median(&mut runs.iter().map(|r| r.rps).collect::<Vec<_>>()),
                median(&mut runs.iter().map(|r| micros(r.p50)).collect::<Vec<_>>()),
                median(&mut runs.iter().map(|r| micros(r.p99)).collect::<Vec<_>>()),
                runs.iter().map(|r| r.done).sum(),
                runs.iter().map(|r| r.errors).sum(),
            )
        })
        .collect();
    let anchor = summary[0].0;
    println!(
        "sandbox load: at most {REQUESTS} requests or {LIMIT:?} per run, median of {ROUNDS} interleaved rounds"
    );
    println!(
        "| workload | in flight | req/s | ratio to read@1 | median (µs) | p99 (µs) | req/s per round | requests | errors |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for (i, (w, n)) in cases.iter().enumerate() {
        let (rps, p50, p99, done, errors) = summary[i];
        let rounds: Vec<String> = results[i].iter().map(|r| format!("{:.0}", r.rps)).collect();
        println!(
            "| {w:?} | {n} | {rps:.0} | {:.2} | {p50:.0} | {p99:.0} | {} | {done} | {errors} |",
            rps / anchor,
            rounds.join(" ")
        );
    }
}
