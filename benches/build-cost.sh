#!/usr/bin/env bash
# Clean-build cost of a minimal app using #[mileston_config], against the same
# app using dotenvy_macro::dotenv! (the nearest existing crate) and env! alone.
# Runs are interleaved (a, b, c, then b, c, a, ...) so that load on this
# shared machine hits all alike; prints medians and ratios as a Markdown table.
#
# The attribute app takes our crates by path (they are not published), but
# cargo builds path dependencies incrementally and registry ones not, which
# costs a clean build ~0.8 s here. So `attribute` builds them as a user
# depending on crates.io would (`incremental = false` for our three packages:
# the only profile difference between a path and a registry dependency), and
# `attribute_path` shows the path dependency as cargo builds it by default.
#
# With a second argument, the directory of another checkout of this repository
# (e.g. `git worktree add /tmp/old <commit>`), the same app built against that
# checkout's crates is timed in the same runs: a before/after comparison.
#
#   benches/build-cost.sh [RUNS] [OTHER_CHECKOUT]     (default 5 runs)
set -euo pipefail
runs=${1:-5}
other=${2:-}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

app() { # name, dependency line, main.rs
  mkdir -p "$work/$1/src"
  printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\n%s\n\n[workspace]\n' "$1" "$2" >"$work/$1/Cargo.toml"
  printf '%s\n' "$3" >"$work/$1/src/main.rs"
  # The sandbox's documented fake keys (docs/wire-protocol.md).
  printf 'MILESTON_CHECKOUT_KEY=Mileston_TEST_CHECKOUTKEY_sandboxFAKEcheckout0001\nMILESTON_BUSINESS_ID=biz_sandbox_0001\n' >"$work/$1/.env"
}
attribute_main='
#[mileston_config::mileston_config(checkout)]
pub struct Mileston;
fn main() { println!("{:?}", Mileston::checkout()); }'
registry_like() { # name, checkout
  app "$1" "mileston-config = { path = \"$2/runtime\", default-features = false }" "$attribute_main"
  for p in mileston-config-core mileston-config-macros mileston-config; do
    printf '\n[profile.dev.package.%s]\nincremental = false\n' "$p" >>"$work/$1/Cargo.toml"
  done
}
registry_like attribute "$root"
apps=(attribute attribute_path dotenvy_macro env_macro)
if [ -n "$other" ]; then
  registry_like attribute_other "$(cd "$other" && pwd)"
  apps+=(attribute_other)
fi
app attribute_path "mileston-config = { path = \"$root/runtime\", default-features = false }" "$attribute_main"
app dotenvy_macro 'dotenvy_macro = "=0.15.7"' '
fn main() { println!("{}", dotenvy_macro::dotenv!("MILESTON_CHECKOUT_KEY")); }'
app env_macro '' '
fn main() { println!("{}", env!("MILESTON_CHECKOUT_KEY")); }'

export MILESTON_CHECKOUT_KEY=Mileston_TEST_CHECKOUTKEY_sandboxFAKEcheckout0001
export MILESTON_BUSINESS_ID=biz_sandbox_0001
for a in "${apps[@]}"; do
  (cd "$work/$a" && cargo fetch -q && cargo build -q) # warm the registry cache; the timed builds start clean
done
declare -A times
for i in $(seq "$runs"); do
  # Each round starts one app later, so that no app is always first.
  for k in "${!apps[@]}"; do
    a=${apps[$(((k + i) % ${#apps[@]}))]}
    rm -rf "$work/$a/target"
    s=$(date +%s.%N)
    (cd "$work/$a" && cargo build -q --offline)
    e=$(date +%s.%N)
    times[$a]+="$(echo "$e - $s" | bc) "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
ma=$(echo "${times[attribute]}" | median)
mp=$(echo "${times[attribute_path]}" | median)
md=$(echo "${times[dotenvy_macro]}" | median)
me=$(echo "${times[env_macro]}" | median)
echo "| app | median clean build (s) | runs (s) | ratio to dotenvy_macro |"
echo "|---|---|---|---|"
printf '| `#[mileston_config(checkout)]`, our crates built as from a registry | %.2f | %s | %.2fx |\n' "$ma" "${times[attribute]}" "$(echo "$ma / $md" | bc -l)"
printf '| `#[mileston_config(checkout)]`, path dependency (incremental) | %.2f | %s | %.2fx |\n' "$mp" "${times[attribute_path]}" "$(echo "$mp / $md" | bc -l)"
printf '| `dotenvy_macro::dotenv!` 0.15.7 | %.2f | %s | 1.00x |\n' "$md" "${times[dotenvy_macro]}"
printf '| `env!` | %.2f | %s | %.2fx |\n' "$me" "${times[env_macro]}" "$(echo "$me / $md" | bc -l)"
if [ -n "$other" ]; then
  mo=$(echo "${times[attribute_other]}" | median)
  printf '| the same, crates of %s | %.2f | %s | %.2fx |\n' "$other" "$mo" "${times[attribute_other]}" "$(echo "$mo / $md" | bc -l)"
fi
