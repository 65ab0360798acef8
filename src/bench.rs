//! `kafkasim bench`: the core benchmark (native only).
//!
//! Runs the reference workload W1 ([`crate::sim::workloads`]) for 10 simulated
//! minutes and prints `name: value` lines: how many simulated seconds pass per
//! wall-clock second (`realtime_ratio`), events processed and their rate, the
//! trace hash, and the durability ledger. For scale it also times a bare
//! binary-heap push/pop loop with the same number of events: the ratio of the
//! two rates is our distance from the limit of a discrete-event simulator.
//! Wall-clock time is read here, in the shell, never in the core.
//! `kafkasim bench --rewind` measures seeking instead ([`rewind`]), and
//! `kafkasim bench --memory` what an hour of autoplay holds ([`memory`]).

use crate::sim::queue::EventQueue;
use crate::sim::time::SimTime;
use crate::sim::workloads::run_w1_with;

#[allow(clippy::disallowed_methods)]
fn now() -> std::time::Instant {
    std::time::Instant::now()
}

mod memory;
mod rewind;

/// Runs W1 (or, with `--rewind`, the seek measurement) and prints the report.
pub fn run(args: &[String]) -> i32 {
    let number = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1))?.parse().ok();
    let flag = |name: &str| args.iter().any(|a| a == name);
    if flag("--memory") {
        let (minutes, seed) = (number("--minutes").unwrap_or(60), number("--seed").unwrap_or(1));
        return memory::run(minutes, seed, flag("--retention"));
    }
    if flag("--rewind") {
        return rewind::run(number("--minutes").unwrap_or(30), number("--seed").unwrap_or(9));
    }
    let minutes: u64 = number("--minutes").unwrap_or(10);
    let seed: u64 = number("--seed").unwrap_or(1);
    let groups = !flag("--without-groups");
    let start = now();
    let sim = run_w1_with(seed, minutes, groups);
    let wall = start.elapsed().as_secs_f64();
    let events = sim.events();
    let sim_seconds = sim.now().0 as f64 / 1e6;
    let baseline = bare_queue_rate(events);
    let rate = events as f64 / wall;
    let s = &sim.ledger().summary;
    let variant = if groups { "with its two consumer groups" } else { "without consumer groups" };
    println!("workload: W1 {variant} ({minutes} simulated minutes, seed {seed})");
    println!("sim_seconds: {sim_seconds:.0}");
    println!("wall_seconds: {wall:.3}");
    println!("realtime_ratio: {:.0}", sim_seconds / wall);
    println!("events: {events}");
    println!("queued_at_end: {}", sim.queued());
    println!("events_per_sec: {rate:.0}");
    println!("bare_queue_events_per_sec: {baseline:.0}");
    println!("distance_from_bare_queue: {:.1}x", baseline / rate);
    println!("trace_hash: {:016x}", sim.trace_hash());
    println!("sent: {}", s.sent);
    println!("acked: {}", s.acked);
    println!("acked_lost: {}", s.acked_lost);
    println!("duplicated: {}", s.duplicated);
    println!("reordered: {}", s.reordered);
    println!("elections: {}", sim.metrics().elections);
    0
}

/// Events per second of a bare push/pop loop over the same queue type.
fn bare_queue_rate(events: u64) -> f64 {
    let mut q: EventQueue<u64> = EventQueue::default();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..1_000 {
        q.push(SimTime(i), i);
    }
    let start = now();
    let mut sink = 0u64;
    for _ in 0..events {
        let (at, _, v) = q.pop().expect("never empty");
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        sink = sink.wrapping_add(v);
        q.push(SimTime(at.0 + 1 + x % 5_000), v);
    }
    let wall = start.elapsed().as_secs_f64();
    std::hint::black_box(sink);
    events as f64 / wall
}
