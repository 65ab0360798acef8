//! Determinism: the same seed and commands give the same run, natively and in
//! the browser (tests/web.rs checks the same golden hash under wasm32).
use kafkasim::sim::workloads::{golden_trace_hash, run_w1};

#[path = "golden_hash.rs"]
mod golden_hash;
use golden_hash::GOLDEN_TRACE_HASH;

#[test]
fn same_seed_same_trace() {
    let a = run_w1(7, 1);
    let b = run_w1(7, 1);
    assert_eq!(a.trace_hash(), b.trace_hash());
    assert_eq!(a.events(), b.events());
    assert_eq!(a.ledger().summary, b.ledger().summary);
    let c = run_w1(8, 1);
    assert_ne!(a.trace_hash(), c.trace_hash(), "a different seed gives a different run");
}

#[test]
fn golden_hash_is_stable() {
    assert_eq!(golden_trace_hash(), GOLDEN_TRACE_HASH, "golden trace hash moved: update it deliberately");
}
