#!/usr/bin/env bash
# Builds the checkout page and serves it together with the local sandbox, on
# one loopback origin, with a demo invoice:
#
#   examples/checkout-web/serve.sh [ADDR]      # ADDR defaults to 127.0.0.1:4010
#
# then open the "Checkout page:" URL it prints, and mark the invoice paid with
# the printed `curl -X POST …/__sandbox/pay/invoice/ID`. Ctrl-C stops it.
#
# Needs the wasm32-unknown-unknown target and the wasm-bindgen CLI at the
# version of this crate's Cargo.lock: `bash scripts/install-browser-tools.sh`
# installs it.
#
# The page is built with the checkout key and business ID in
# SANDBOX_CHECKOUT_KEY / SANDBOX_BUSINESS_ID: the workspace's .cargo/config.toml
# sets them to the sandbox's fake test keys, your environment overrides them.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
addr=${1:-127.0.0.1:4010}
target="$root/target/checkout-web"
dist="$here/dist"

version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/^version = "|"$/, ""); print; exit }' "$here/Cargo.lock")
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $version" ]; then
  echo "error: wasm-bindgen $version is needed (the version in Cargo.lock); run: bash scripts/install-browser-tools.sh" >&2
  exit 1
fi

echo "== cargo build --release --target wasm32-unknown-unknown"
(cd "$here" && CARGO_TARGET_DIR="$target" cargo build --release --locked --target wasm32-unknown-unknown)
rm -rf "$dist"
echo "== wasm-bindgen --target web"
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
  --out-dir "$dist" "$target/wasm32-unknown-unknown/release/checkout_web.wasm"
# No wasm-opt: Debian's binaryen 108 breaks wasm-bindgen's externref table
# (the page fails with "WebAssembly.Table.set(): Argument 1 is invalid for
# table") and saved under 1% gzip here; see BENCHMARKS.md.
cp "$here/index.html" "$dist/"
ls -l "$dist"

echo "== mileston-sandbox --static $dist --seed"
cd "$root"
exec cargo run --quiet -p mileston-sandbox -- --addr "$addr" --static "$dist" --seed
