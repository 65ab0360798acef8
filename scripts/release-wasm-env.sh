# Sourced before `trunk build --release` (make serve, make test): the shipped
# wasm is compiled by a pinned nightly that rebuilds the standard library for
# size. Everything else (native builds, clippy, cargo test, wasm-bindgen-test,
# `trunk serve` while editing) uses the stable toolchain.
#
# Why: the first visit must download at most 450 KB gzipped. Rebuilding std
# with `optimize_for_size` (small sort and formatting code) and
# `panic=immediate-abort` (no panic messages or locations in the binary) takes
# about 60 KB gz off the wasm; stable Rust can do neither. A panic in the page
# was already an abort (profile.wasm-release inherits panic = "abort"); it now traps without
# a message. scripts/install-tools.sh installs this toolchain (rustup, ~10 s).
#
# The wasm is built with its own cargo profile, wasm-release (Cargo.toml:
# release at opt-level "z"), which `trunk build --release` selects through
# data-cargo-profile-release in www/index.html; `release` itself stays at
# opt-level 3 for the native tool and `kafkasim bench`.
export KAFKASIM_NIGHTLY=nightly-2026-05-19
export RUSTUP_TOOLCHAIN="$KAFKASIM_NIGHTLY"
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"
# Its own target directory, so the stable and nightly builds do not evict each other.
export CARGO_TARGET_DIR="$PWD/target/release-wasm"
