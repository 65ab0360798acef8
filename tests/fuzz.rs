//! The fuzzer in CI and the work budget of one console line.
//!
//! `kafkasim::fuzz` generates random console lines (valid, half-valid and
//! garbage) and checks after each: no panic, within the line's event budget,
//! a rejected line changes nothing, the invariants hold; and the same seed
//! gives the same transcript. Long runs: `KAFKASIM_FUZZ_LINES=1000000`.
#![cfg(not(target_arch = "wasm32"))]
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
    assert!(c.simulation().now().0 < 99_999 * 3_600_000_000);
    let out = c.run_line("sim advance 1s");
    assert!(!out.text().contains("stopped at"), "{}", out.text());
    // The default budget is the documented one.
    assert_eq!(Console::new(3, 1).line_budget(), LINE_EVENT_BUDGET);
    // Past the clock's range the line is refused and nothing changes.
    let now = c.simulation().now();
    let out = c.run_line("sim advance 100001h");
    assert!(out.failed && out.text().contains("at most 100000h"), "{}", out.text());
    assert_eq!(c.simulation().now(), now);
}

/// Found by the fuzzer (seed 1, episode 6): an isolated coordinator that has
/// not learnt it was deposed keeps rebalancing its copy of the group, so its
/// generation ran ahead of the real coordinator's; the invariant counted the
/// zombie as a coordinator and reported "generation 3 after 4". Only the
/// broker the controller names leader of the group's partition coordinates it.
#[test]
fn fuzz_zombie_coordinator_generation_is_not_the_groups() {
    let script: Vec<String> = [
        "kafka-topics --bootstrap-server localhost:9092 --create --topic t --partitions 3 --replication-factor 1",
        "kafka-topics --bootstrap-server localhost:9092 --create --topic orders --partitions 2",
        "sim consumer start c1 --group g --topic t,orders",
        "sim advance 3806ms",
        "sim broker isolate 2",
        "sim advance 9s",
        "sim consumer start load --group g --topic t --assignor roundrobin --group-instance-id c1 --processing-ms 1",
        "kafka-console-producer --bootstrap-server localhost:9093 --request-timeout-ms 0 --retry-backoff-ms 4 --topic t --bootstrap-server localhost:9092",
        "record-532",
        "record-224",
        "record-728",
        "^C",
        "sim advance 6369ms",
        "sim advance 26881ms",
        "sim status",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut c = Console::new(389_357, 2);
    let mut invariants = kafkasim::sim::invariants::Invariants::new(false);
    for line in &script {
        let out = kafkasim::fuzz::check::run_checked(&mut c, &mut invariants, line);
        assert!(out.is_ok(), "{line}: {}", out.unwrap_err());
    }
}

fn fuzz_lines(default: u64) -> u64 {
    std::env::var("KAFKASIM_FUZZ_LINES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The fuzzer in CI: a few thousand lines, no failure of any kind, and the
/// same seed gives the same transcript.
#[test]
fn fuzz_console_lines() {
    let config = kafkasim::fuzz::FuzzConfig::new(7, fuzz_lines(1_600));
    let report = kafkasim::fuzz::run(&config, |_| {});
    for f in &report.failures {
        eprintln!("{f}");
    }
    assert!(report.failures.is_empty(), "{} failures (see above)", report.failures.len());
    assert_eq!(report.lines, config.lines);
    assert!(report.errors.len() > 200, "only {} distinct error texts", report.errors.len());
    assert!(report.failed_lines > report.lines / 10 && report.failed_lines < report.lines * 9 / 10);
    let again = kafkasim::fuzz::run(&kafkasim::fuzz::FuzzConfig { lines: 400, ..config.clone() }, |_| {});
    let first = kafkasim::fuzz::run(&kafkasim::fuzz::FuzzConfig { lines: 400, ..config }, |_| {});
    assert_eq!(again.transcript_hash, first.transcript_hash, "same seed, same transcript");
}

/// Share links, run files and lesson files, cut, flipped and reordered: a
/// clear error or the run, never a panic or an empty message.
#[test]
fn fuzz_share_links_run_files_and_lessons() {
    let share = kafkasim::fuzz::files::fuzz_share(3, 150);
    assert!(share.failures.is_empty(), "{:#?}", share.failures);
    assert!(share.errors.len() > 10, "{:?}", share.errors);
    let lessons = kafkasim::fuzz::files::fuzz_lessons(3, 12);
    assert!(lessons.failures.is_empty(), "{:#?}", lessons.failures);
    assert!(lessons.errors.len() > 10, "{:?}", lessons.errors);
}

/// The minimiser keeps a failing script failing and drops what does not matter.
#[test]
fn fuzz_failure_is_minimised() {
    let lines: Vec<String> =
        (0..30).map(|i| if i == 17 { "boom".to_string() } else { format!("sim advance {i}ms") }).collect();
    let min = kafkasim::fuzz::minimise::ddmin(lines, |l| l.iter().any(|x| x == "boom"));
    assert_eq!(min, vec!["boom".to_string()]);
}
