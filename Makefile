# KafkaSim: two commands. The work is in scripts/ (see README.md).
.PHONY: serve test bench-frames

## Build the release bundle and serve it on http://127.0.0.1:8080
serve:
	@scripts/serve.sh

## Run every check CI runs (fmt, clippy, native + browser tests, release build, e2e, bundle size)
test:
	@scripts/test.sh

## Frame benchmark: the busy workload at 1x and 10x in headless Chromium (reports, asserts nothing)
bench-frames:
	@scripts/bench-frames.sh
