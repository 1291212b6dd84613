#!/usr/bin/env bash
# Wall time of `mileston-config scan` (release build) against ripgrep running the
# same pattern, on a large tree (the cargo registry's sources plus this
# workspace's target/, a few GB), and against Yelp's detect-secrets on a subset
# (detect-secrets reads 0.1-0.3 MB/s: the registry sources alone would take most of an hour).
# Warm page cache: every command runs once untimed before its measured runs.
# Prints the tree's size and file count, then Markdown tables of medians,
# MB/s and ratios.
#
#   benches/scan-speed.sh [RUNS] [DS_RUNS]     (defaults 5 and 3)
#
# SCAN_BEFORE=/path/to/an/older/mileston-config adds that build to the
# whole-tree runs (same hyperfine run, same snapshot), to measure a change.
# SCAN_TARGET=/path/to/a/target/dir takes that one instead of this
# checkout's target/ (a worktree's own target/ is smaller than the main one).
#
# The trees are snapshotted with hard links (`cp -al`) into a temp dir first,
# so that builds running meanwhile (this machine is shared) do not change the
# set of files between runs; files rewritten in place would still change.
# Needs: cargo, hyperfine, rg, detect-secrets, python3 (installed if missing:
# `apt-get install -y hyperfine ripgrep`, `pip install detect-secrets`).
set -euo pipefail
runs=${1:-5}
ds_runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
registry=${CARGO_HOME:-$HOME/.cargo}/registry/src
pattern='Mileston(_|%5[Ff])(TEST|LIVE|PROD)(_|%5[Ff])(CHECKOUTKEY(_|%5[Ff]))?[A-Za-z0-9]{16,}'

command -v rg >/dev/null && command -v hyperfine >/dev/null ||
  apt-get install -y ripgrep hyperfine >/dev/null
command -v detect-secrets >/dev/null || pip install -q detect-secrets

(cd "$root" && cargo build -q --release -p mileston-config-cli)
work=$(mktemp -d "${TMPDIR:-/tmp}/scan-speed.XXXXXX")
trap 'rm -rf "$work"' EXIT
# A copy of the binary: a concurrent build may replace target/release's.
cp "$root/target/release/mileston-config" "$work/mileston-config"
scan=$work/mileston-config
before=()
if [ -n "${SCAN_BEFORE:-}" ]; then
  cp "$SCAN_BEFORE" "$work/mileston-config-before"
  before=(-n scan-before "$work/mileston-config-before scan tree")
fi

snapshot() { # source dir, destination
  mkdir -p "$(dirname "$2")"
  cp -al "$1" "$2" 2>/dev/null || {
    echo "cannot hard-link $1 into $work (another filesystem?): set TMPDIR" >&2
    exit 2
  }
}
snapshot "$registry" "$work/tree/registry-src"
target_dir=${SCAN_TARGET:-$root/target}
snapshot "$target_dir" "$work/tree/target"

# Subset for detect-secrets: the newest version of four crates' sources from
# the registry, and the wasm build of the CLI's artifact test when present.
for c in syn serde_json memchr regex-syntax; do
  d=$(ls -d "$work"/tree/registry-src/*/"$c"-[0-9]* | sort -V | tail -1)
  snapshot "$d" "$work/subset/$(basename "$d")"
done
wasm=$work/tree/target/tmp/cli-artifacts/target/wasm32-unknown-unknown/debug
[ -d "$wasm" ] && snapshot "$wasm" "$work/subset/wasm32-debug"

size() { du -sb "$1" | cut -f1; }
files() { find "$1" -type f | wc -l; }
tree_bytes=$(size "$work/tree")
subset_bytes=$(size "$work/subset")

echo "date: $(date -u +%F)  machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr)"
echo "tools: $(rg --version | head -1), $(hyperfine --version), detect-secrets $(detect-secrets --version), $("$scan" --version)"
echo "tree:   $(awk -v b="$tree_bytes" 'BEGIN{printf "%.2f GB", b/1e9}'), $(files "$work/tree") files ($registry + $target_dir)"
echo "subset: $(awk -v b="$subset_bytes" 'BEGIN{printf "%.1f MB", b/1e6}'), $(files "$work/subset") files ($(ls "$work/subset" | tr '\n' ' '))"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# Everything runs in $work on relative paths: detect-secrets silently skips
# files outside its working directory (0 results, in a second).
cd "$work"
echo "scan on the tree: $("$scan" scan tree 2>/dev/null | tail -1)"
[ -n "${SCAN_BEFORE:-}" ] &&
  echo "scan-before on the tree: $("$work/mileston-config-before" scan tree 2>/dev/null | tail -1)"
echo "scan on the subset: $("$scan" scan subset 2>/dev/null | tail -1)"
echo "rg on the subset: $(rg -a -c --no-ignore --hidden "$pattern" subset | wc -l) files with matches"
echo "detect-secrets on the subset: $(detect-secrets scan --all-files subset | python3 -c '
import json, sys
r = json.load(sys.stdin)["results"]
from collections import Counter
c = Counter(s["type"] for v in r.values() for s in v)
print(sum(c.values()), "findings in", len(r), "files:", dict(c))')"
echo

# -i: the scan exits 1 when it finds a leak (the tree holds test fixtures).
hyperfine -i --style basic --warmup 1 --runs "$runs" --export-json tree.json \
  -n scan "$scan scan tree" \
  -n rg "rg -a -c --no-ignore --hidden '$pattern' tree" "${before[@]}" >&2
hyperfine -i --style basic --warmup 1 --runs "$ds_runs" --export-json subset.json \
  -n scan "$scan scan subset" \
  -n rg "rg -a -c --no-ignore --hidden '$pattern' subset" \
  -n detect-secrets "detect-secrets scan --all-files subset" >&2
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

python3 - tree.json "$tree_bytes" subset.json "$subset_bytes" <<'EOF'
import json, sys

def table(path, nbytes, title):
    res = {r["command"]: r for r in json.load(open(path))["results"]}
    med = {k: r["median"] for k, r in res.items()}
    print(f"{title}\n")
    print("| tool | median wall (s) | runs (s) | MB/s | ratio |")
    print("|---|---|---|---|---|")
    for name, r in res.items():
        runs = " ".join(f"{t:.2f}" for t in r["times"])
        mbs = nbytes / 1e6 / med[name]
        ratio = med[name] / med["scan"]
        mbs = f"{mbs:.0f}" if mbs >= 10 else f"{mbs:.2f}"
        print(f"| {name} | {med[name]:.2f} | {runs} | {mbs} | {ratio:.2f}x scan |")
    print()
    print(f"scan / rg = {med['scan'] / med['rg']:.2f}", end="")
    if "scan-before" in med:
        print(f"; scan / scan-before = {med['scan'] / med['scan-before']:.2f}", end="")
    if "detect-secrets" in med:
        print(f"; detect-secrets / scan = {med['detect-secrets'] / med['scan']:.0f}", end="")
    print("\n")

table(sys.argv[1], int(sys.argv[2]), "Whole tree")
table(sys.argv[3], int(sys.argv[4]), "Subset (with detect-secrets)")
EOF
