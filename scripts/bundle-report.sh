#!/usr/bin/env bash
# Prints what a first visit downloads, gzip -9 compressed, by kind:
#   bundle: wasm <n> B gz, js <n> B gz, css <n> B gz, total <n> B gz (first visit)
# The files are the ones dist/index.html references; the total also counts
# index.html itself.
set -euo pipefail
source "$(dirname "$0")/env.sh"
DIST="${1:-dist}"
index="$DIST/index.html"
[ -f "$index" ] || { echo "bundle-report: no $index; run trunk build --release first" >&2; exit 1; }

gz() { gzip -9 -c "$1" | wc -c | tr -d ' '; }

declare -A sum=([wasm]=0 [js]=0 [css]=0)
# Every .wasm/.js/.css path in index.html: quoted ('...' or "...") or, after
# Trunk's HTML minifier, an unquoted attribute value (href=./x.css).
mapfile -t refs < <(grep -oE "(=|[\"'])[^\"' =<>]+\.(wasm|js|css)([\"' >]|$)" "$index" \
  | sed -E "s/^[=\"']//; s/[\"' >]$//" | sort -u)
[ ${#refs[@]} -gt 0 ] || { echo "bundle-report: index.html references no wasm/js/css" >&2; exit 1; }
for ref in "${refs[@]}"; do
  case "$ref" in http:*|https:*|//*) echo "bundle-report: external reference $ref" >&2; exit 1 ;; esac
  file="$DIST/${ref#./}"; file="${file/\/\//\/}"
  [ -f "$file" ] || { echo "bundle-report: $ref is referenced but missing" >&2; exit 1; }
  kind="${ref##*.}"
  sum[$kind]=$(( ${sum[$kind]} + $(gz "$file") ))
done
for kind in wasm js css; do
  [ "${sum[$kind]}" -gt 0 ] || { echo "bundle-report: found no $kind file in $index" >&2; exit 1; }
done
total=$(( ${sum[wasm]} + ${sum[js]} + ${sum[css]} + $(gz "$index") ))
echo "bundle: wasm ${sum[wasm]} B gz, js ${sum[js]} B gz, css ${sum[css]} B gz, total $total B gz (first visit)"
