#!/usr/bin/env bash
# Installs what the browser tests (tests/test_browser.rs, tests/test_shop.rs)
# need, and only what is missing:
#   - Debian's chromium, chromium-driver (chromedriver) and binaryen (wasm-opt);
#   - wasm-bindgen-cli at exactly the `wasm-bindgen` version locked in
#     examples/checkout-web/Cargo.lock, which must be the workspace's too (the
#     shop builds with Cargo.lock): the CLI and the crate must match.
# Idempotent: a second run installs nothing. Needs root (or sudo) for apt-get.
# The wasm-bindgen-cli build takes about 4.5 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

lock=examples/checkout-web/Cargo.lock
version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/^version = "|"$/, ""); print; exit }' "$lock")
if [ -z "$version" ]; then
  echo "error: no wasm-bindgen version in $lock" >&2
  exit 1
fi
workspace=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/^version = "|"$/, ""); print; exit }' Cargo.lock)
if [ "$workspace" != "$version" ]; then
  echo "error: Cargo.lock locks wasm-bindgen $workspace, $lock locks $version: one CLI serves both pages; update one lock to the other's version" >&2
  exit 1
fi

if [ ! -x /usr/bin/chromium ] || ! command -v chromedriver >/dev/null 2>&1 || ! command -v wasm-opt >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "== apt-get install chromium chromium-driver binaryen"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends chromium chromium-driver binaryen
else
  echo "== chromium, chromedriver, wasm-opt: present"
fi

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $version" ]; then
  echo "== cargo install wasm-bindgen-cli --version $version --locked"
  # `--locked` builds the CLI with the dependency versions its release was
  # tested with. When the registry cannot give one of them (a yanked or not
  # yet mirrored crate), resolve again: the CLI's version is what must match.
  if ! cargo install wasm-bindgen-cli --version "$version" --locked; then
    echo "== --locked failed: cargo install wasm-bindgen-cli --version $version (fresh resolution)"
    cargo install wasm-bindgen-cli --version "$version"
  fi
else
  echo "== wasm-bindgen $version: present"
fi
