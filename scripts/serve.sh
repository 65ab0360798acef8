#!/usr/bin/env bash
# `make serve`: install what is missing, build the release bundle, and serve
# dist/ on http://127.0.0.1:8080 (override with PORT=...), brotli or gzip
# compressed. HOST=0.0.0.0 makes it reachable from the room's network (so
# students' phones can open a QR code's link). For live reload while editing,
# run `trunk serve` instead (same address).
set -euo pipefail
source "$(dirname "$0")/env.sh"
PORT="${PORT:-8080}"
HOST="${HOST:-127.0.0.1}"

scripts/install-tools.sh
scripts/release-build.sh
exec node scripts/static-server.mjs dist "$PORT" "$HOST"
