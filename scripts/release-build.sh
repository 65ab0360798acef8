#!/usr/bin/env bash
# Builds the release bundle in dist/ (used by make serve, make test and
# make bench-frames): `trunk build --release` with the pinned nightly of
# scripts/release-wasm-env.sh and the wasm-release cargo profile (opt-level
# "z"; www/index.html selects it), then the JS glue minified with terser (npm),
# because Trunk's own JS minifier cannot parse wasm-bindgen's `export default`
# and leaves the file as it is (saves ~1.4 KB gz of the first visit). Before
# that, scripts/short-imports.mjs gives the wasm's imports from the glue short
# names in both files (~4 KB gz). The stylesheets are joined into the first
# one, in index.html's order (one gzip stream instead of two: -0.5 KB gz; the
# sources stay apart). The files' subresource-integrity digests in index.html
# are replaced to match.
# Last, every compressible file gets brotli and gzip siblings (.br, .gz) that
# scripts/static-server.mjs (make serve) sends to browsers that accept them.
set -euo pipefail
source "$(dirname "$0")/env.sh"
(source scripts/release-wasm-env.sh && trunk build --release)
sri() { openssl dgst -sha384 -binary "$1" | openssl base64 -A; }
wasm=(dist/*_bg.wasm)
js=(dist/*.js)
[ ${#wasm[@]} -eq 1 ] && [ ${#js[@]} -eq 1 ] || { echo "release-build: expected one wasm and one js in dist/" >&2; exit 1; }
declare -A before
for f in "${wasm[0]}" "${js[0]}"; do before[$f]=$(sri "$f"); done
node scripts/short-imports.mjs "${wasm[0]}" "${js[0]}"
terser "${js[0]}" --module --compress --mangle --ecma 2020 -o "${js[0]}.min"
mv "${js[0]}.min" "${js[0]}"
mapfile -t sheets < <(grep -oE 'href=\./[^ >]+\.css' dist/index.html | sed 's|^href=\./|dist/|')
[ ${#sheets[@]} -ge 1 ] || { echo "release-build: no stylesheet link in dist/index.html" >&2; exit 1; }
before[${sheets[0]}]=$(sri "${sheets[0]}")
for sheet in "${sheets[@]:1}"; do
  cat "$sheet" >> "${sheets[0]}"
  rm "$sheet"
  sed -i -E "s#<link href=\./${sheet#dist/} [^>]*>##" dist/index.html
  ! grep -q "${sheet#dist/}" dist/index.html || { echo "release-build: could not unlink $sheet" >&2; exit 1; }
done
for f in "${wasm[0]}" "${js[0]}" "${sheets[0]}"; do
  grep -q "sha384-${before[$f]}" dist/index.html || { echo "release-build: no integrity digest for $f in index.html" >&2; exit 1; }
  sed -i "s|sha384-${before[$f]}|sha384-$(sri "$f")|g" dist/index.html
done
node scripts/precompress.mjs dist
