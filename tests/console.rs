//! Console transcript tests.
//!
//! Every `tests/golden/<name>.script` is run on a fresh console and its
//! transcript compared byte for byte with `tests/golden/<name>.transcript`.
//! A script's first lines may set the cluster: `# seed: N` and
//! `# brokers: N` (defaults 1 and 3). To regenerate the expected transcripts
//! after a deliberate change, run `UPDATE_GOLDEN=1 cargo test --test console`
//! and review the diff.
//!
//! `bad_input.script` has a second use: every command after its marker line
//! must fail and leave the cluster exactly as it was (same trace hash,
//! command log, clock, metadata and clients).

use kafkasim::console::Console;
use std::path::{Path, PathBuf};

const MARKER: &str = "# ---- bad input: every line below fails and changes nothing ----";

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn header(script: &str, key: &str, default: u64) -> u64 {
    script
        .lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.strip_prefix(&format!("# {key}: ")).and_then(|v| v.trim().parse().ok()))
        .unwrap_or(default)
}

fn console_for(script: &str) -> Console {
    Console::new(header(script, "seed", 1), header(script, "brokers", 3) as u32)
}

fn run_golden(name: &str) {
    let dir = golden_dir();
    let script = std::fs::read_to_string(dir.join(format!("{name}.script"))).expect("script");
    let mut console = console_for(&script);
    console.run_script(&script);
    let actual = console.transcript_text();
    let expected_path = dir.join(format!("{name}.transcript"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&expected_path, &actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    if actual != expected {
        let diff: Vec<String> = expected
            .lines()
            .zip(actual.lines())
            .enumerate()
            .filter(|(_, (e, a))| e != a)
            .take(5)
            .map(|(i, (e, a))| format!("line {}:\n  expected: {e:?}\n  actual:   {a:?}", i + 1))
            .collect();
        panic!(
            "{name}: transcript differs ({} expected lines, {} actual)\n{}\n(UPDATE_GOLDEN=1 regenerates)",
            expected.lines().count(),
            actual.lines().count(),
            diff.join("\n")
        );
    }
}

#[test]
fn hello_kafka() {
    run_golden("hello_kafka");
}

#[test]
fn failover() {
    run_golden("failover");
}

#[test]
fn not_enough_replicas() {
    run_golden("not_enough_replicas");
}

#[test]
fn acks1_data_loss() {
    run_golden("acks1_data_loss");
}

#[test]
fn admin_tools() {
    run_golden("admin_tools");
}

#[test]
fn consumer_groups() {
    run_golden("consumer_groups");
}

#[test]
fn inconsistent_group_protocol() {
    run_golden("inconsistent_group_protocol");
}

#[test]
fn bad_input() {
    run_golden("bad_input");
}

/// What "the cluster" is, for the unchanged check.
fn snapshot(c: &Console) -> String {
    let s = c.simulation();
    format!(
        "{} {} {} {:?} {:?} {:?}",
        s.trace_hash(),
        s.command_log().len(),
        s.now().0,
        s.controller().image,
        s.client_ids(),
        s.network().cuts().collect::<Vec<_>>()
    )
}

#[test]
fn bad_input_fails_and_changes_nothing() {
    let script = std::fs::read_to_string(golden_dir().join("bad_input.script")).expect("script");
    let (setup, bad) = script.split_once(MARKER).expect("marker line");
    let mut console = console_for(&script);
    console.run_script(setup);
    assert!(!console.failed(), "setup must succeed");
    let mut checked = 0;
    for line in bad.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        let before = snapshot(&console);
        let out = console.run_line(line);
        assert!(out.failed, "expected failure: {line}\n{}", out.text());
        assert_eq!(before, snapshot(&console), "cluster changed by: {line}");
        assert!(!console.reading_records(), "{line} left a producer reading");
        checked += 1;
    }
    assert!(checked > 60, "only {checked} bad lines");
}

#[test]
fn same_script_same_transcript() {
    let script = std::fs::read_to_string(golden_dir().join("failover.script")).expect("script");
    let run = || {
        let mut c = console_for(&script);
        c.run_script(&script);
        (c.transcript_text(), c.simulation().trace_hash())
    };
    assert_eq!(run(), run());
}

#[test]
fn exit_status_reflects_failures() {
    let mut c = Console::new(1, 3);
    c.run_line("sim seed");
    assert!(!c.failed());
    c.run_line("sim advance 1x");
    assert!(c.failed());
}
