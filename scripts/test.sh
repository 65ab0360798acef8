#!/usr/bin/env bash
# `make test`: every check CI runs, in order, stopping at the first failure.
# Each step prints its name and how long it took.
set -euo pipefail
source "$(dirname "$0")/env.sh"

step() {
  local name="$1"; shift
  printf '\n==> %s\n' "$name"
  local start=$SECONDS
  "$@"
  printf '<== %s ok (%ss)\n' "$name" "$((SECONDS - start))"
}

total_start=$SECONDS
step "install tools" scripts/install-tools.sh
step "cargo fmt --check" cargo fmt --check
step "clippy (native)" cargo clippy --all-targets -- -D warnings
step "clippy (wasm32)" cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings
step "cargo test (native)" cargo test
step "wasm-bindgen-test (headless Chromium)" env \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  CHROMEDRIVER=/usr/bin/chromedriver \
  cargo test --target wasm32-unknown-unknown --test web
step "release build (trunk build --release with the pinned nightly; terser)" scripts/release-build.sh
e2e_all() { local f; for f in tests/e2e/*.spec.mjs; do echo "# $f"; node "$f" || return 1; done; }
step "e2e (Playwright, release dist/: every tests/e2e/*.spec.mjs)" e2e_all
printf '\nmake test: all steps passed in %ss\n' "$((SECONDS - total_start))"
scripts/bundle-report.sh
