#!/usr/bin/env bash
# Installs every tool the build and the tests need, and only what is missing.
# Idempotent: each step checks before it installs. Sources: the Rust crate
# registry, rustup, npm and Debian's packages (see ../shared/design/toolchain.md).
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130
TRUNK_VERSION=0.21.14
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

say() { printf '[install] %s\n' "$*"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing_debs=()
command -v chromium >/dev/null 2>&1 || missing_debs+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing_debs+=(chromium-driver)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing_debs+=(fonts-noto-cjk)
if [ ${#missing_debs[@]} -gt 0 ]; then
  say "apt-get install ${missing_debs[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing_debs[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# The pinned nightly that builds the shipped wasm (scripts/release-wasm-env.sh).
NIGHTLY=$(sed -n 's/^export KAFKASIM_NIGHTLY=//p' scripts/release-wasm-env.sh)
if ! rustup component list --toolchain "$NIGHTLY" --installed 2>/dev/null | grep -q '^rust-src'; then
  say "rustup toolchain install $NIGHTLY --component rust-src (about 10 s)"
  rustup toolchain install "$NIGHTLY" --profile minimal --component rust-src
fi

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "cargo install wasm-bindgen-cli@$WASM_BINDGEN_VERSION (about 2.5 min)"
  cargo install -q --force wasm-bindgen-cli@"$WASM_BINDGEN_VERSION"
fi

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  say "cargo install trunk@$TRUNK_VERSION (about 7 min)"
  cargo install -q --locked --force trunk@"$TRUNK_VERSION"
fi

# npm packages (binaryen's wasm-opt, terser, playwright-core) from the committed lock file.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/terser ] || [ ! -d node_modules/playwright-core ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
say "tools ready"
