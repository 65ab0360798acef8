#!/usr/bin/env bash
# `make bench-frames`: builds the release bundle and runs the frame benchmark
# (tests/e2e/bench-frames.mjs) in headless Chromium. Reports; asserts nothing.
set -euo pipefail
source "$(dirname "$0")/env.sh"
scripts/install-tools.sh
scripts/release-build.sh
node tests/e2e/bench-frames.mjs
