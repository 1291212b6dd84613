#!/usr/bin/env bash
# Installs everything the test suite needs that cargo does not fetch itself,
# and only what is missing, so that a fresh machine runs every test:
#   - the wasm32-unknown-unknown target (fixture builds, the checkout page);
#   - node 18+ and npm 10+ (Mileston's own SDKs, driven against the sandbox;
#     npm 9 refuses the lockfile's `file:` overrides);
#   - chromium, chromedriver, binaryen and wasm-bindgen-cli at the locked
#     version (the browser tests): scripts/install-browser-tools.sh;
#   - PostgreSQL's server binaries, `initdb` and `postgres` (the shop's
#     replicas test starts a throwaway server): Debian's `postgresql`, unless
#     they are on PATH or in Debian's /usr/lib/postgresql/VERSION/bin already.
# Idempotent: a second run installs nothing. Needs root (or sudo) for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "== rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
else
  echo "== wasm32-unknown-unknown: present"
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
apt_install() {
  echo "== apt-get install $*"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "$@"
}

major() { "$1" --version 2>/dev/null | sed 's/^v//; s/\..*//'; }
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1 || [ "$(major node)" -lt 18 ]; then
  apt_install nodejs npm
fi
if [ "$(major npm)" -lt 10 ]; then
  echo "== npm install -g npm@10 (npm $(npm --version) is too old; 10 runs on node 18)"
  npm install -g npm@10
fi
echo "== node $(node --version), npm $(npm --version): present"

# Where tests/support/postgres.rs looks: Debian's newest version, then PATH.
postgres_bin() {
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ]; then echo "$dir"; return; fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v postgres >/dev/null 2>&1; then
    dirname "$(command -v postgres)"
  fi
}
if [ -z "$(postgres_bin)" ]; then
  apt_install postgresql
fi
echo "== $("$(postgres_bin)/postgres" --version) in $(postgres_bin): present"

bash scripts/install-browser-tools.sh
