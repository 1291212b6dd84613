#!/usr/bin/env bash
# Builds the shop's page for wasm32 and runs the shop's server against an
# embedded sandbox, its orders in examples/shop/shop.db (SQLite), from any
# directory:
#
#   bash examples/shop/run.sh [ADDR [OPTION...]]   # ADDR defaults to 127.0.0.1:4020
#
# then open the "Shop:" URL it prints. Ctrl-C stops it. OPTIONs go to the
# server (`--api URL`, `--database postgres://...`: README's replicas).
#
# Needs the wasm32-unknown-unknown target and the wasm-bindgen CLI at the
# workspace Cargo.lock's version: `bash scripts/install-browser-tools.sh`
# installs them. The keys are the sandbox's fake ones (.cargo/config.toml);
# your environment overrides them.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
addr=${1:-127.0.0.1:4020}
shift || true
dist="$here/dist"
cd "$root"

version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/^version = "|"$/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $version" ]; then
  echo "error: wasm-bindgen $version is needed (the version in Cargo.lock); run: bash scripts/install-browser-tools.sh" >&2
  exit 1
fi

echo "== the page: cargo build --target wasm32-unknown-unknown"
cargo build --release --locked -p mileston-shop --lib --target wasm32-unknown-unknown
rm -rf "$dist"
wasm-bindgen --target web --no-typescript --out-dir "$dist" \
  target/wasm32-unknown-unknown/release/mileston_shop.wasm
cp "$here/index.html" "$dist/"

echo "== the server: cargo run -p mileston-shop"
exec cargo run --quiet --locked -p mileston-shop -- --addr "$addr" --dist "$dist" "$@"
