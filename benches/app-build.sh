#!/usr/bin/env bash
# Clean build of a realistic app two ways, alternating (A B A B ...): the
# app on mileston-config (tokio, `#[mileston_config(backend)]`, the backend
# handle calling `list_payment_links`) against the same app written on bare
# reqwest (rustls with ring) and serde (the same GET, headers and decoding
# of the list). Debug builds, CARGO_INCREMENTAL=0, each app in its own
# directory and target directory, with a copy of this workspace's Cargo.lock
# (same dependency versions); dependencies fetched once before timing.
#
#   benches/app-build.sh [RUNS] [OTHER_CHECKOUT]    (RUNS defaults to 3)
#
# With OTHER_CHECKOUT (a path to another checkout of this workspace, e.g. a
# `git worktree` of an older commit), its app is timed in the same rounds
# (A B C A B C ...), so that a before/after comparison sees the same load.
# Prints a Markdown table: median wall and CPU (user + sys of cargo and
# every rustc) per app, and each app's ratios to the bare one.
set -euo pipefail
runs=${1:-3}
other=${2:-}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset CARGO_TARGET_DIR CARGO_BUILD_TARGET_DIR
export CARGO_TERM_COLOR=never CARGO_INCREMENTAL=0

# The sandbox's documented fake keys (docs/wire-protocol.md).
export MILESTON_API_KEY=Mileston_TEST_sandboxFAKEnormal00000001
export MILESTON_BUSINESS_ID=biz_sandbox_0001

app() { # name, dependency lines, main.rs
  mkdir -p "$work/$1/src"
  printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2024"\n\n[dependencies]\n%s\n\n[workspace]\n' \
    "$1" "$2" >"$work/$1/Cargo.toml"
  printf '%s\n' "$3" >"$work/$1/src/main.rs"
  cp "$root/Cargo.lock" "$work/$1/Cargo.lock"
}

tokio='tokio = { version = "1", features = ["rt-multi-thread", "macros"] }'

# The app on mileston-config: the key, the business ID, the headers, TLS,
# the request and the decoding are the crate's.
handle_main='#[mileston_config::mileston_config(backend)]
pub struct Mileston;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:9".into());
    let backend = Mileston::backend().with_base_url(&base)?;
    for link in backend.list_payment_links(10).await? {
        println!("{} {}", link.payment_link_id, link.amount);
    }
    Ok(())
}'
handle_app() { # name, checkout
  app "$1" "mileston-config = { path = \"$2/runtime\" }
$tokio" "$handle_main"
}

# The same app on bare reqwest and serde: what a careful user writes by hand
# (rustls with ring and the platform verifier, redirects refused, the SDK's
# headers, the envelope decoded into the members it prints).
bare_main='use serde::Deserialize;

#[derive(Deserialize)]
struct List {
    #[serde(rename = "paymentData")]
    payment_data: Vec<Link>,
}

#[derive(Deserialize)]
struct Link {
    #[serde(rename = "paymentLinkId")]
    id: String,
    amount: String,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let base = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:9".into());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let response = client
        .get(format!("{base}/payment-link/?limit=10"))
        .header("apikey", env!("MILESTON_API_KEY"))
        .header("businessid", env!("MILESTON_BUSINESS_ID"))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await?
        .error_for_status()?;
    let list: List = serde_json::from_slice(&response.bytes().await?)?;
    for link in list.payment_data {
        println!("{} {}", link.id, link.amount);
    }
    Ok(())
}'
app bare 'serde = { version = "1", features = ["derive"] }
serde_json = "1"
reqwest = { version = "0.13", default-features = false, features = ["rustls-no-provider"] }
rustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12"] }
'"$tokio" "$bare_main"
handle_app handle "$root"
apps="bare handle"
if [ -n "$other" ]; then
  handle_app other "$(cd "$other" && pwd)"
  apps="bare handle other"
fi

for a in $apps; do # fetch and build once, untimed
  (cd "$work/$a" && { cargo fetch -q --offline 2>/dev/null || cargo fetch -q; } && cargo build -q --offline)
done

declare -A wall cpu
for i in $(seq "$runs"); do
  for a in $apps; do
    rm -rf "$work/$a/target"
    /usr/bin/time -f '%e %U %S' -o "$work/time" bash -c 'cd "$1" && cargo build -q --offline' _ "$work/$a"
    read -r w u s <"$work/time"
    wall[$a]+="$w "
    cpu[$a]+="$(echo "$u + $s" | bc) "
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo "<!-- $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(rustc --version), runs=$runs -->"
echo
echo "| app | median wall (s) | wall ratio to bare | median CPU (s) | CPU ratio to bare | wall runs (s) | CPU runs (s) |"
echo "|---|---|---|---|---|---|---|"
bw=$(echo "${wall[bare]}" | median)
bc_=$(echo "${cpu[bare]}" | median)
for a in $apps; do
  case $a in
    bare) label='bare reqwest + serde' ;;
    handle) label="mileston-config ($(git -C "$root" rev-parse --short HEAD))" ;;
    other) label="mileston-config ($(git -C "$other" rev-parse --short HEAD 2>/dev/null || echo "$other"))" ;;
  esac
  w=$(echo "${wall[$a]}" | median)
  c=$(echo "${cpu[$a]}" | median)
  printf '| %s | %.2f | %.3fx | %.2f | %.3fx | %s| %s|\n' "$label" "$w" "$(echo "$w / $bw" | bc -l)" \
    "$c" "$(echo "$c / $bc_" | bc -l)" "${wall[$a]}" "${cpu[$a]}"
done
