#!/usr/bin/env bash
# README's test command: installs what the suite needs and is missing
# (scripts/install-test-tools.sh), then runs every test of the workspace:
# unit, UI, fixture builds for native and wasm32, HTTP end to end, Mileston's
# own SDKs against the sandbox, headless Chromium; then the documentation with
# warnings as errors and the packages of the published crates. Extra arguments
# go to `cargo test` alone (e.g. `bash scripts/test.sh --test ui`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-tools.sh
cargo test --workspace "$@"
if [ $# -eq 0 ]; then
  # README's "Build once, deploy anywhere": the example runs, its values read
  # at start (the sandbox's fakes, from .cargo/config.toml's [env]).
  cargo run -q --example start_time
  # ...and is refused when a variable is given twice (cargo's [env] sets it too).
  if refused=$(SANDBOX_API_KEY_FILE=/dev/null cargo run -q --example start_time 2>&1); then
    echo "start_time started with SANDBOX_API_KEY given twice" >&2
    exit 1
  fi
  grep -qF "SANDBOX_API_KEY is given more than once" <<<"$refused"
  # The documentation builds without a warning (every public item documented),
  # and the crates meant for crates.io package and build from their packages.
  RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --all-features
  # The criterion benches are not built by `cargo test`: they still compile.
  cargo check --workspace --benches
  # Cargo verifies each package against the others through a local registry,
  # and trusts what it unpacked and built from there before when the version
  # is the same: an older core would be built with this macro crate. So the
  # unpacked copies (in the local registries' directories, named `-<hash>`)
  # and everything built of these crates go first.
  rm -rf "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/mileston-config-*
  cargo clean -q -p mileston-config-core -p mileston-config-macros -p mileston-config \
    -p mileston-config-cli
  cargo package --allow-dirty -p mileston-config-core -p mileston-config-macros \
    -p mileston-config -p mileston-config-cli
  # Cargo.toml's `rust-version` is true: the published crates build with it.
  # When the active toolchain is that version, the tests above were that build;
  # otherwise the version is installed and the crates are built with it.
  msrv=$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml)
  if rustc --version | grep -q "^rustc $msrv\."; then
    echo "== rust-version $msrv: the toolchain the suite ran with"
  else
    echo "== rust-version $msrv: building the published crates with it"
    rustup toolchain install "$msrv" --profile minimal
    cargo "+$msrv" build -p mileston-config-core -p mileston-config-macros \
      -p mileston-config -p mileston-config-cli
  fi
fi
