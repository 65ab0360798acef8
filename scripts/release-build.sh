#!/usr/bin/env bash
# Builds the release bundle in dist/ (used by make serve, make test and
# make bench-frames): `trunk build --release` with the pinned nightly of
# scripts/release-wasm-env.sh and the wasm-release cargo profile (opt-level
# "z"; www/index.html selects it), then the JS glue minified with terser (npm),
# because Trunk's own JS minifier cannot parse wasm-bindgen's `export default`
# and leaves the file as it is (saves ~1.4 KB gz of the first visit). The
# file's subresource-integrity digest in index.html is replaced to match.
# Last, every compressible file gets brotli and gzip siblings (.br, .gz) that
# scripts/static-server.mjs (make serve) sends to browsers that accept them.
set -euo pipefail
source "$(dirname "$0")/env.sh"
(source scripts/release-wasm-env.sh && trunk build --release)
sri() { openssl dgst -sha384 -binary "$1" | openssl base64 -A; }
for js in dist/*.js; do
  before=$(sri "$js")
  terser "$js" --module --compress --mangle --ecma 2020 -o "$js.min"
  mv "$js.min" "$js"
  after=$(sri "$js")
  grep -q "sha384-$before" dist/index.html || { echo "release-build: no integrity digest for $js in index.html" >&2; exit 1; }
  sed -i "s|sha384-$before|sha384-$after|g" dist/index.html
done
node scripts/precompress.mjs dist
