//! The golden trace hash of `kafkasim::sim::workloads::golden_trace_hash`
//! (W1 for 30 simulated seconds, seed 42), shared by the native test
//! (tests/determinism.rs) and the browser test (tests/web.rs), which together
//! prove the run is identical on x86_64 and wasm32. If a deliberate behaviour
//! change moves it, update it here once.
#![allow(dead_code)]

pub const GOLDEN_TRACE_HASH: u64 = 11_675_011_384_427_977_017;

/// Nothing to run by itself: this file is included as a module.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn golden_hash_constant_is_nonzero() {
    assert_ne!(GOLDEN_TRACE_HASH, 0);
}
