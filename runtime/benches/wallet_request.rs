//! One signed wallet call through the handle against the same call through
//! bare reqwest plus HMAC-SHA256 (same headers, same body bytes, same client
//! settings), both against the sandbox on loopback, measured in the same run.
//!
//! ```sh
//! cargo bench -p mileston-config --bench wallet_request
//! ```
//!
//! Two calls: a read (`GET /user/sub-wallet/{uuid}`, body and signature of
//! `{}`) and a payout (`POST /user/send-payment`, a 0.01 payout: its JSON
//! written, signed and sent). Three variants each: `bare bytes` (reqwest,
//! HMAC per request, read the body), `bare typed` (the same plus
//! `serde_json` into a struct of the answer's shape: the anchor, what a
//! hand-written signed client does), `handle` (`WalletClient`).
//!
//! Parts: criterion for the read, one request at a time; then per call a
//! latency distribution (median, p99, sequential throughput), the variants
//! interleaved request by request so that the machine's load hits them
//! alike; and heap allocations per request on the client thread.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::Criterion;
use hmac::{Hmac, Mac};
use mileston_config::types::{Amount, Chain};
use mileston_config::wallet::Payout;
use mileston_config::{Test, WalletClient, mileston_config};
use mileston_sandbox::Sandbox;
use sha2::Sha256;
use tokio::runtime::Runtime;

#[mileston_config(
    backend = "SANDBOX_API_KEY",
    wallet = "SANDBOX_WALLET_SECRET",
    business_id = "SANDBOX_BUSINESS_ID"
)]
pub struct Mileston;

#[path = "../tests/support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::allocs;

const KEY: &str = env!("SANDBOX_API_KEY");
const BUSINESS: &str = env!("SANDBOX_BUSINESS_ID");
const SECRET: &str = env!("SANDBOX_WALLET_SECRET");
const SUB_WALLET: &str = "sandbox-subwallet-0001";
const RECIPIENT: &str = "0x742d35Cc6634C0532925a3b8D4C9db96C4b4d8b6";

// ------------------------------------------------------------ the variants

/// `GetSubWalletResponseData`, as a hand-written client would declare it.
#[allow(dead_code)]
#[derive(serde::Deserialize)]
struct SubWallet {
    r#type: String,
    address: BTreeMap<String, String>,
    balance: String,
    balances: BTreeMap<String, String>,
}

/// `SendFundsResponse` with the transaction's UUID.
#[allow(dead_code)]
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Sent {
    status_code: u16,
    message: String,
    #[serde(rename = "transactionUUID")]
    transaction_uuid: Option<String>,
}

/// `SendFundsPayload`, in Mileston's member order.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct SendFunds<'a> {
    amount: &'a str,
    recipient_address: &'a str,
    wallet_type: &'a str,
}

/// Lowercase hex HMAC-SHA256 of `body`, as a hand-written client computes it
/// (one allocation, as `hex::encode` makes).
fn signature(body: &[u8]) -> String {
    use std::fmt::Write;
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(body);
    let mut hex = String::with_capacity(64);
    for b in mac.finalize().into_bytes() {
        write!(hex, "{b:02x}").unwrap();
    }
    hex
}

#[derive(Clone)]
struct Setup {
    handle: WalletClient<Test>,
    bare: reqwest::Client,
    read_url: Arc<str>,
    send_url: Arc<str>,
    payout: Payout,
}

/// reqwest with the handle's settings (see `benches/request.rs`).
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

#[derive(Clone, Copy, PartialEq)]
enum Call {
    Read,
    Payout,
}

/// One signed request by hand: the body written, signed, sent; the answer
/// read, and with `typed` parsed.
async fn bare(s: &Setup, call: Call, typed: bool) -> usize {
    let (method, url, body) = match call {
        Call::Read => (reqwest::Method::GET, &*s.read_url, b"{}".to_vec()),
        Call::Payout => {
            let body = SendFunds {
                amount: "0.01",
                recipient_address: RECIPIENT,
                wallet_type: "eth",
            };
            (
                reqwest::Method::POST,
                &*s.send_url,
                serde_json::to_vec(&body).unwrap(),
            )
        }
    };
    let r = s
        .bare
        .request(method, url)
        .header("apikey", KEY)
        .header("businessid", BUSINESS)
        .header("content-type", "application/json")
        .header("x-request-signature", signature(&body))
        .timeout(Duration::from_secs(30))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let bytes = r.bytes().await.unwrap();
    match (typed, call) {
        (false, _) => bytes.len(),
        (true, Call::Read) => {
            let w: SubWallet = serde_json::from_slice(&bytes).unwrap();
            w.balance.len()
        }
        (true, Call::Payout) => {
            let sent: Sent = serde_json::from_slice(&bytes).unwrap();
            sent.message.len()
        }
    }
}

async fn handle(s: &Setup, call: Call) -> usize {
    match call {
        Call::Read => s
            .handle
            .get_sub_wallet(SUB_WALLET)
            .await
            .unwrap()
            .balance
            .ne(&mileston_config::types::Balance::ZERO)
            .into(),
        Call::Payout => s
            .handle
            .send_payment(&s.payout)
            .await
            .unwrap()
            .message
            .len(),
    }
}

#[derive(Clone, Copy)]
enum Variant {
    BareBytes,
    BareTyped,
    Handle,
}

const VARIANTS: [(Variant, &str); 3] = [
    (Variant::BareBytes, "bare reqwest + HMAC, bytes"),
    (Variant::BareTyped, "bare reqwest + HMAC + serde (anchor)"),
    (Variant::Handle, "handle"),
];

async fn one(s: &Setup, call: Call, v: Variant) -> usize {
    match v {
        Variant::BareBytes => bare(s, call, false).await,
        Variant::BareTyped => bare(s, call, true).await,
        Variant::Handle => handle(s, call).await,
    }
}

// ------------------------------------------------------------ parts

fn criterion_part(c: &mut Criterion, rt: &Runtime, s: &Setup) {
    let mut g = c.benchmark_group("wallet read");
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(4));
    g.sample_size(50);
    for (v, name) in VARIANTS {
        g.bench_function(name, |b| {
            b.iter_custom(|iters| {
                rt.block_on(async {
                    let start = Instant::now();
                    for _ in 0..iters {
                        black_box(one(s, Call::Read, v).await);
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

fn distribution(rt: &Runtime, s: &Setup, call: Call, label: &str, rounds: usize) {
    let mut times: Vec<Vec<Duration>> = (0..3).map(|_| Vec::with_capacity(rounds)).collect();
    rt.block_on(async {
        for r in 0..rounds {
            // Rotate the order so that no variant always goes first.
            for k in 0..3 {
                let i = (r + k) % 3;
                let start = Instant::now();
                black_box(one(s, call, VARIANTS[i].0).await);
                times[i].push(start.elapsed());
            }
        }
    });
    let stats = |i: usize| {
        let mut t = times[i].clone();
        t.sort();
        let sum = t.iter().sum::<Duration>();
        (percentile(&t, 0.5), percentile(&t, 0.99), sum)
    };
    let anchor = stats(1);
    println!();
    println!("{label}: one request at a time, {rounds} requests per variant, interleaved");
    println!(
        "| variant | median (µs) | p99 (µs) | sequential req/s | median ratio | p99 ratio | req/s ratio |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (i, (_, name)) in VARIANTS.iter().enumerate() {
        let (med, p99, sum) = stats(i);
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

fn allocations(rt: &Runtime, s: &Setup, call: Call, label: &str, n: u64) {
    println!();
    println!("{label}: heap allocations per request on the client thread (mean of {n})");
    println!("| variant | allocations |");
    println!("|---|---|");
    for (v, name) in VARIANTS {
        let per = rt.block_on(async {
            let before = allocs();
            for _ in 0..n {
                black_box(one(s, call, v).await);
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
    let setup = Setup {
        handle: Mileston::wallet().with_base_url(&sandbox.url()).unwrap(),
        bare: rt.block_on(async { bare_client() }),
        read_url: format!("{}/user/sub-wallet/{SUB_WALLET}", sandbox.url()).into(),
        send_url: format!("{}/user/send-payment", sandbox.url()).into(),
        payout: Payout::new(Amount::new("0.01").unwrap(), RECIPIENT, Chain::Eth),
    };
    // Warm both clients' connections and the handle's process-wide client.
    rt.block_on(async {
        for (v, _) in VARIANTS {
            for _ in 0..200 {
                one(&setup, Call::Read, v).await;
            }
        }
    });

    allocations(&rt, &setup, Call::Read, "read", 1000);
    criterion_part(&mut c, &rt, &setup);
    distribution(
        &rt,
        &setup,
        Call::Read,
        "read (GET /user/sub-wallet/{uuid})",
        5000,
    );
    // 3 × 5000 payouts of 0.01 and the allocations' 3 × 300: 159.00 of the
    // main wallet's 1000.00 on eth.
    allocations(&rt, &setup, Call::Payout, "payout", 300);
    distribution(
        &rt,
        &setup,
        Call::Payout,
        "payout (POST /user/send-payment)",
        5000,
    );
    c.final_summary();
}
