#!/usr/bin/env bash
# Build timings of #[mileston_config] that are not a clean build of a minimal
# app (that one is benches/build-cost.sh):
#
#   rotation   incremental rebuild of an app after its key changed, against
#              after `touch src/main.rs` (anchor), in a realistic app;
#   expansion  the cost of one invocation: the same binary crate with 1 and
#              with 101 invocations (on 101 structs) rebuilt after
#              `touch src/main.rs`, and with 1 invocation plus the other 100
#              expansions written by hand (the anchor: same code, no macro
#              runs), so that (T101 - T1) / 100 is what one invocation costs
#              the build and (T101 - Thand) / 100 is the macro's own run;
#   marginal   clean build of a realistic app (serde, serde_json, tokio,
#              reqwest with rustls/ring) without mileston-config (anchor),
#              with the attribute only (`default-features = false`), and with
#              the full crate (default features: the HTTP client too).
#
# Runs are interleaved (a, b, c, a, b, c, ...) so that load on this shared
# machine hits all variants alike; medians; Markdown tables on stdout.
#
#   benches/rebuild-cost.sh [RUNS] [PART...]    (default 5; parts default all)
#
# The apps live in a temporary directory with their own target directories
# and a copy of this workspace's Cargo.lock (same dependency versions).
set -euo pipefail
runs=${1:-5}
shift || true
parts=${*:-rotation expansion marginal}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -n "${KEEP:-}" ]; then trap - EXIT; echo "<!-- work directory kept: $work -->"; fi
unset CARGO_TARGET_DIR CARGO_BUILD_TARGET_DIR
export CARGO_TERM_COLOR=never

# Fake keys (the sandbox's, see docs/wire-protocol.md).
export MILESTON_API_KEY=Mileston_TEST_sandboxFAKEnormal00000001
export MILESTON_CHECKOUT_KEY=Mileston_TEST_CHECKOUTKEY_sandboxFAKEcheckout0001
export MILESTON_BUSINESS_ID=biz_sandbox_0001
ROTATED=Mileston_TEST_sandboxFAKEnormal00000002

app() { # name, dependency lines, main.rs
  mkdir -p "$work/$1/src"
  printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2024"\n\n[dependencies]\n%s\n\n[workspace]\n' \
    "$1" "$2" >"$work/$1/Cargo.toml"
  printf '%s\n' "$3" >"$work/$1/src/main.rs"
  cp "$root/Cargo.lock" "$work/$1/Cargo.lock"
}
prepare() { # name: resolve offline from the copied lock file, fetch if needed, build once
  (cd "$work/$1" && { cargo fetch -q --offline 2>/dev/null || cargo fetch -q; } && cargo build -q --offline)
}
now() { date +%s.%N; }
build() { # name [tag]: prints the wall seconds of `cargo build` (debug, offline);
  # appends its CPU seconds (user + system, cargo and every rustc) to $work/TAG.cpu
  /usr/bin/time -f '%e %U %S' -o "$work/.time.$$" bash -c 'cd "$1" && cargo build -q --offline' _ "$work/$1"
  local wall user sys
  read -r wall user sys <"$work/.time.$$"
  echo "$user + $sys" | bc >>"$work/${2:-$1}.cpu"
  echo "$wall"
}
cpu() { tr '\n' ' ' <"$work/$1.cpu"; } # tag: the CPU seconds recorded, one line
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

echo "<!-- $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(rustc --version), runs=$runs -->"

# ---------------------------------------------------------------- realistic apps
deps_plain='serde = { version = "1", features = ["derive"] }
serde_json = "1"
tokio = { version = "1", features = ["rt-multi-thread", "macros"] }
reqwest = { version = "0.13", default-features = false, features = ["rustls-no-provider"] }
rustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12"] }'
realistic_main() { # key expressions: backend, checkout, business id; extra items
  cat <<RS
use serde::{Deserialize, Serialize};
$4
#[derive(Debug, Serialize, Deserialize)]
struct Order { id: u64, amount: String, items: Vec<String> }

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let order = Order { id: 1, amount: "25.00".into(), items: vec!["T-shirt".into()] };
    let back: Order = serde_json::from_str(&serde_json::to_string(&order)?)?;
    let client = reqwest::Client::builder().build()?;
    let request = client
        .get("http://127.0.0.1:9/payment-link")
        .header("apikey", $1)
        .header("businessid", $3)
        .build()?;
    println!("{back:?} {} {}", request.url(), $2.len());
    Ok(())
}
RS
}
app_plain() {
  app "$1" "$deps_plain" "$(realistic_main 'env!("MILESTON_API_KEY")' 'env!("MILESTON_CHECKOUT_KEY")' 'env!("MILESTON_BUSINESS_ID")' '')"
}
app_attr() { # name, extra mileston-config options
  app "$1" "$deps_plain
mileston-config = { path = \"$root/runtime\"$2 }" \
    "$(realistic_main 'Mileston::backend().key().expose_secret()' 'Mileston::checkout().key().expose_secret()' 'Mileston::business_id().as_str()' \
      '#[mileston_config::mileston_config(backend, checkout)]
pub struct Mileston;')"
}

if [[ " $parts " == *" marginal "* ]]; then
  app_plain plain
  app_attr attr ', default-features = false'
  app_attr full ''
  for a in plain attr full; do prepare "$a"; done
  declare -A clean
  for i in $(seq "$runs"); do
    for a in plain attr full; do
      rm -rf "$work/$a/target"
      clean[$a]+="$(build "$a") "
    done
  done
  mp=$(echo "${clean[plain]}" | median)
  echo
  echo "### Marginal clean-build cost in a realistic app (serde, serde_json, tokio, reqwest+rustls/ring)"
  echo
  echo "| app | median clean build, wall (s) | ratio to without | median CPU, user+sys (s) | CPU ratio | wall runs (s) | CPU runs (s) |"
  echo "|---|---|---|---|---|---|---|"
  cp_=$(cpu plain | median)
  for a in plain attr full; do
    m=$(echo "${clean[$a]}" | median)
    c=$(cpu "$a" | median)
    case $a in
      plain) label='without mileston-config (keys by `env!`)' ;;
      attr) label='with `#[mileston_config]` (`default-features = false`)' ;;
      full) label='with `#[mileston_config]` + HTTP client (default features)' ;;
    esac
    printf '| %s | %.2f | %.3fx | %.2f | %.3fx | %s | %s |\n' "$label" "$m" "$(echo "$m / $mp" | bc -l)" \
      "$c" "$(echo "$c / $cp_" | bc -l)" "${clean[$a]}" "$(cpu "$a")"
  done
fi

if [[ " $parts " == *" rotation "* ]]; then
  [ -d "$work/attr" ] || { app_attr attr ', default-features = false'; prepare attr; }
  [ -d "$work/full" ] || { app_attr full ''; prepare full; }
  echo
  echo "### Key rotation: incremental rebuild after the key changed vs after \`touch src/main.rs\`"
  echo
  echo "| app | after touch main.rs, wall (s, median) | after key change, wall (s, median) | wall ratio | CPU ratio (user+sys medians) | touch runs (s) | key runs (s) |"
  echo "|---|---|---|---|---|---|---|"
  for a in attr full; do
    # Both builds of a round run with the key in force; the key build flips it.
    cur=$MILESTON_API_KEY other=$ROTATED
    (export MILESTON_API_KEY=$cur; build "$a" >/dev/null) # up to date with it
    touch_t='' key_t=''
    for i in $(seq "$runs"); do
      touch "$work/$a/src/main.rs"
      touch_t+="$(export MILESTON_API_KEY=$cur; build "$a" "$a-touch") "
      tmp=$cur cur=$other other=$tmp
      key_t+="$(export MILESTON_API_KEY=$cur; build "$a" "$a-key") "
    done
    # The binary holds the last key built (a rotation is a real rebuild).
    grep -q "$cur" "$work/$a/target/debug/$a" || { echo "stale key in $a" >&2; exit 1; }
    grep -q "$other" "$work/$a/target/debug/$a" && echo "warning: the previous key is still in $a" >&2
    mt=$(echo "$touch_t" | median)
    mk=$(echo "$key_t" | median)
    ct=$(cpu "$a-touch" | median)
    ck=$(cpu "$a-key" | median)
    printf '| %s | %.3f | %.3f | %.3fx | %.3fx | %s | %s |\n' "$a" "$mt" "$mk" "$(echo "$mk / $mt" | bc -l)" \
      "$(echo "$ck / $ct" | bc -l)" "$touch_t" "$key_t"
  done
fi

if [[ " $parts " == *" expansion "* ]]; then
  n=100
  dep="mileston-config = { path = \"$root/runtime\", default-features = false }"
  body_main='fn main() { println!("{:?} {:?}", M0::checkout(), M0::backend().key()); }'
  attrs() { # count
    for i in $(seq 0 "$1"); do
      printf '#[mileston_config::mileston_config(backend, checkout)]\npub struct M%d;\n' "$i"
    done
  }
  # What one invocation expands to, written by hand for M1..M100: it mirrors
  # macros/src/expand.rs as of 2026-11-28 (checked against
  # `RUSTC_BOOTSTRAP=1 cargo rustc --profile=check -- -Zunpretty=expanded`);
  # re-check it when the expansion changes.
  manifest="$work/hand/Cargo.toml"
  hand() {
    printf '#[mileston_config::mileston_config(backend, checkout)]\npub struct M0;\n'
    for i in $(seq 1 "$n"); do
      cat <<RS
pub struct M$i;
impl M$i {
    #[doc = r" The mode of the injected keys."]
    pub const MODE: ::mileston_config::KeyMode = ::mileston_config::KeyMode::Test;
    #[doc = "The backend handle, with the normal API key read from \`MILESTON_API_KEY\` at build time. Not available in wasm builds: the normal key never reaches a frontend."]
    #[cfg(not(target_family = "wasm"))]
    #[inline]
    pub fn backend() -> ::mileston_config::BackendClient<::mileston_config::Test> {
        ::mileston_config::BackendClient::new(::mileston_config::__private::ApiKey::__from_validated("$MILESTON_API_KEY"), ::mileston_config::__private::BusinessId::__from_validated("$MILESTON_BUSINESS_ID"))
    }
    #[doc(hidden)]
    #[cfg(target_family = "wasm")]
    pub fn backend() -> ::mileston_config::BackendClient<::mileston_config::Test> { ::core::unreachable!() }
    #[doc = "The checkout handle, with the checkout key read from \`MILESTON_CHECKOUT_KEY\` at build time."]
    #[inline]
    pub fn checkout() -> ::mileston_config::CheckoutClient<::mileston_config::Test> {
        ::mileston_config::CheckoutClient::new(::mileston_config::__private::CheckoutKey::__from_validated("$MILESTON_CHECKOUT_KEY"), ::mileston_config::__private::BusinessId::__from_validated("$MILESTON_BUSINESS_ID"))
    }
    #[doc = "The business ID, read from \`MILESTON_BUSINESS_ID\` at build time."]
    #[inline]
    pub fn business_id() -> ::mileston_config::BusinessId {
        ::mileston_config::__private::BusinessId::__from_validated("$MILESTON_BUSINESS_ID")
    }
}
const _: () = {
    #[allow(dead_code, clippy::all)]
    fn __mileston_config_rebuild_when_changed() {
        let _ = ::core::option_env!("DOCS_RS");
        let _ = ::core::option_env!("MILESTON_ALLOW_MISSING_KEYS");
        #[cfg(not(target_family = "wasm"))]
        let _ = ::core::option_env!("MILESTON_API_KEY");
        let _ = ::core::option_env!("MILESTON_CHECKOUT_KEY");
        let _ = ::core::option_env!("MILESTON_BUSINESS_ID");
        let _ = ::core::include_bytes!("$manifest");
    }
};
RS
    done
  }
  app one "$dep" "$(attrs 0)
$body_main"
  app many "$dep" "$(attrs "$n")
$body_main"
  app hand "$dep" "$(hand)
$body_main"
  for a in one many hand; do prepare "$a"; done
  declare -A inc
  for i in $(seq "$runs"); do
    for a in one many hand; do
      touch "$work/$a/src/main.rs"
      inc[$a]+="$(build "$a") "
    done
  done
  m1=$(echo "${inc[one]}" | median)
  mm=$(echo "${inc[many]}" | median)
  mh=$(echo "${inc[hand]}" | median)
  echo
  echo "### Macro expansion: rebuild after \`touch src/main.rs\` of a crate with 1 and $((n + 1)) invocations"
  echo
  c1=$(cpu one | median) cm=$(cpu many | median) ch=$(cpu hand | median)
  echo "| crate | median rebuild, wall (s) | ratio to 1 invocation | median CPU (s) | wall runs (s) | CPU runs (s) |"
  echo "|---|---|---|---|---|---|"
  printf '| 1 invocation | %.3f | 1.000x | %.2f | %s | %s |\n' "$m1" "$c1" "${inc[one]}" "$(cpu one)"
  printf '| %d invocations | %.3f | %.3fx | %.2f | %s | %s |\n' "$((n + 1))" "$mm" "$(echo "$mm / $m1" | bc -l)" "$cm" "${inc[many]}" "$(cpu many)"
  printf '| 1 invocation + %d expansions by hand | %.3f | %.3fx | %.2f | %s | %s |\n' "$n" "$mh" "$(echo "$mh / $m1" | bc -l)" "$ch" "${inc[hand]}" "$(cpu hand)"
  echo
  printf 'Per invocation, all costs: (T%d - T1) / %d = %.2f ms. The macro alone: (T%d - Thand) / %d = %.2f ms.\n' \
    "$((n + 1))" "$n" "$(echo "($mm - $m1) * 1000 / $n" | bc -l)" "$((n + 1))" "$n" "$(echo "($mm - $mh) * 1000 / $n" | bc -l)"
  printf 'The same from CPU time: %.2f ms and %.2f ms.\n' \
    "$(echo "($cm - $c1) * 1000 / $n" | bc -l)" "$(echo "($cm - $ch) * 1000 / $n" | bc -l)"
fi
