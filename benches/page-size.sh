#!/usr/bin/env bash
# The checkout page's served size: examples/checkout-web built in release for
# wasm32-unknown-unknown and passed through wasm-bindgen exactly as serve.sh
# and tests/test_browser.rs do, then the wasm and the JS glue gzipped at -9.
# Target: the total at most 50 KB (50,000 B). Prints one Markdown table row.
#
#   benches/page-size.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
here="$root/examples/checkout-web"
target="$root/target/checkout-web"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
(cd "$here" && CARGO_TARGET_DIR="$target" cargo build -q --release --locked --target wasm32-unknown-unknown)
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
  --out-dir "$out" "$target/wasm32-unknown-unknown/release/checkout_web.wasm"
size() { stat -c %s "$1"; }
gz() { gzip -9 -c "$1" | wc -c; }
w="$out/checkout_web_bg.wasm"
j="$out/checkout_web.js"
total=$(( $(gz "$w") + $(gz "$j") ))
echo "| page | wasm raw | wasm gzip -9 | JS raw | JS gzip -9 | total gzip -9 |"
echo "|---|---|---|---|---|---|"
echo "| $(git -C "$root" rev-parse --short HEAD) | $(size "$w") | $(gz "$w") | $(size "$j") | $(gz "$j") | **$total** |"
