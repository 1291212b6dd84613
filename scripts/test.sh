#!/usr/bin/env bash
# README's test command: installs what the suite needs and is missing
# (scripts/install-test-tools.sh), then runs every test of the workspace:
# unit, UI, fixture builds for native and wasm32, HTTP end to end, Mileston's
# own SDKs against the sandbox, headless Chromium. Extra arguments go to
# `cargo test` (e.g. `bash scripts/test.sh --test ui`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-tools.sh
cargo test --workspace "$@"
