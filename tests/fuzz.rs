//! The fuzzer in CI and the work budget of one console line.
//!
//! `kafkasim::fuzz` generates random console lines (valid, half-valid and
//! garbage) and checks after each: no panic, within the line's event budget,
//! a rejected line changes nothing, the invariants hold; and the same seed
//! gives the same transcript. Long runs: `KAFKASIM_FUZZ_LINES=1000000`.
use kafkasim::console::budget::LINE_EVENT_BUDGET;
use kafkasim::console::Console;

/// Item 4's last bullet: `sim advance 99999h` is bounded by the line's event
/// budget (it stops early with a clear note) instead of running for ever.
#[test]
fn item4_sim_advance_is_bounded_by_event_budget() {
    let mut c = Console::new(3, 3);
    c.set_line_budget(20_000);
    let before = c.simulation().events();
    let out = c.run_line("sim advance 99999h");
    let used = c.simulation().events() - before;
    assert!(used <= 20_000, "used {used} events");
    assert!(used >= 19_000, "the advance ran to its budget ({used})");
    assert!(!out.failed, "{}", out.text());
    assert!(
        out.text().contains("after 20000 simulated events, the most one console line may process"),
        "{}",
        out.text()
    );
    // The clock stopped at the last event processed, far short of 99999h; time can go on.
    assert!(c.simulation().now.0 < 99_999 * 3_600_000_000);
    let out = c.run_line("sim advance 1s");
    assert!(!out.text().contains("stopped at"), "{}", out.text());
    // The default budget is the documented one.
    assert_eq!(Console::new(3, 1).line_budget(), LINE_EVENT_BUDGET);
    // Past the clock's range the line is refused and nothing changes.
    let now = c.simulation().now;
    let out = c.run_line("sim advance 100001h");
    assert!(out.failed && out.text().contains("at most 100000h"), "{}", out.text());
    assert_eq!(c.simulation().now, now);
}
