//! `kafkasim bench --memory`: does the heap stay bounded over an hour of
//! autoplay?
//!
//! Plays the page's lively cluster ([`Player::lively`]) the way the runner
//! does (frames at 100×, each with the event budget) for `--minutes`
//! simulated minutes (60 by default), as it starts or, with `--retention`,
//! with a retention setting on its topic (`retention.ms` 10 min, `segment.ms` 2 min),
//! and prints every 10 simulated minutes what the run holds: records in the
//! partition logs, durability-ledger entries, trace lines, checkpoints and the
//! process's resident set (Linux's /proc/self/statm; the heap is nearly all of
//! it). Nothing is asserted: the figures go in the README and the issue note.

use super::rewind::{play, rss_bytes};
use crate::player::Player;
use crate::sim::simulation::{BrokerProcess, Simulation};
use crate::sim::time::{secs, SimTime};

/// The retention setting of the second run.
const RETENTION: &str = "kafka-configs --bootstrap-server localhost:9092 --alter --entity-type topics \
                         --entity-name orders --add-config retention.ms=600000,segment.ms=120000";

/// Runs one play (`retention`: with the retention setting) and prints what it holds.
/// One run per process, so the resident set of one does not carry into the other.
pub fn run(minutes: u64, seed: u64, retention: bool) -> i32 {
    let mut p = Player::lively(seed);
    if retention {
        p.run_line(RETENTION);
    }
    let name = if retention { "lively_with_retention" } else { "lively" };
    println!("run: {name} (seed {seed})");
    for step in 1..=minutes.div_ceil(10) {
        let end = SimTime(secs((step * 10).min(minutes) * 60).0);
        play(&mut p, end, Vec::new());
        report(&p, end);
    }
    0
}

fn report(p: &Player, at: SimTime) {
    let sim = p.simulation();
    let rss = rss_bytes().map_or_else(|| "n/a".to_string(), |b| b.to_string());
    println!(
        "  minute {:>3}: log_records {:>7} ledger_entries {:>7} trace_lines {:>6} checkpoints {:>2} rss_bytes {rss}",
        at.0 / 60_000_000,
        held_records(sim),
        sim.ledger().entries.len(),
        sim.trace().lines().count(),
        p.checkpoints().len(),
    );
}

/// Records every replica holds, across all brokers (down ones' disks included).
fn held_records(sim: &Simulation) -> usize {
    let count = |logs: &mut dyn Iterator<Item = &crate::sim::broker::log::PartitionLog>| -> usize {
        logs.map(|l| l.segments().iter().map(|s| s.len()).sum::<usize>()).sum()
    };
    sim.brokers()
        .values()
        .map(|b| match b {
            BrokerProcess::Running(br) => count(&mut br.partitions.values().map(|p| &p.log)),
            BrokerProcess::Crashed(d) | BrokerProcess::Stopped(d) => count(&mut d.values()),
        })
        .sum()
}
