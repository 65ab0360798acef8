//! `kafkasim bench --rewind`: how long the timeline takes to seek.
//!
//! Plays the lively cluster of the page ([`Player::lively`]) the way the
//! runner does — frames of 1/60 s at 100×, each with the event budget — with
//! its producer and two-member consumer group, broker 2 killed at 1 min and
//! restarted at 2 min, for `--minutes` simulated minutes (30 by default). Then it seeks from the end to several instants and back, and
//! prints for each the time through the checkpoints and the time of a replay
//! from time zero (what a seek cost before checkpoints). It also prints what a
//! checkpoint holds at the end (log records, ledger entries, trace lines) and
//! roughly how much memory one takes (resident-set growth over a few clones,
//! Linux only). Wall-clock time is read here, never in the core.

use super::now;
use crate::player::{Player, EVENT_BUDGET};
use crate::sim::simulation::{BrokerProcess, LoggedCommand, Simulation};
use crate::sim::time::{secs, SimTime};
use std::time::Duration;

fn at(s: u64) -> SimTime {
    SimTime(secs(s).0)
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1_000.0)
}

/// Plays like the page at 100× until `end`, running `lines` when their instant comes.
pub(super) fn play(p: &mut Player, end: SimTime, mut lines: Vec<(SimTime, &str)>) {
    p.set_speed(crate::player::SPEED_MAX);
    lines.reverse();
    while p.now() < end {
        while lines.last().is_some_and(|(t, _)| *t <= p.now()) {
            let (_, line) = lines.pop().expect("a line is due");
            p.run_line(line);
        }
        let target = p.now().plus(crate::sim::time::micros(1_666_667)).min(end);
        p.advance_to(target, EVENT_BUDGET);
    }
}

/// Runs the measurement and prints `name: value` lines.
pub fn run(minutes: u64, seed: u64) -> i32 {
    let mut p = Player::lively(seed);
    let end = at(minutes * 60);
    let started = now();
    play(&mut p, end, vec![(at(60), "sim broker kill 2"), (at(120), "sim broker start 2")]);
    println!("workload: lively cluster (producer and a two-member group), broker 2 down 1-2 min, {minutes} simulated minutes, seed {seed}");
    println!("play_wall_seconds: {:.3}", started.elapsed().as_secs_f64());
    println!("events: {}", p.simulation().events());
    let cps = p.checkpoints();
    println!("checkpoints: {} (spacing {} s)", cps.len(), cps.spacing().0 / 1_000_000);
    footprint(p.simulation());
    let log: Vec<LoggedCommand> = p.simulation().command_log().to_vec();
    let config = p.simulation().config().clone();
    let targets =
        [("start", at(5)), ("one_minute", at(60)), ("middle", SimTime(end.0 / 2)), ("end", SimTime(end.0 - secs(1).0))];
    for (name, t) in targets {
        let started = now();
        if let Err(e) = p.seek(t) {
            eprintln!("seek to {name} failed: {e}");
            return 1;
        }
        let back = now();
        let checkpoint = back.duration_since(started);
        let _ = p.seek(end);
        let forward = back.elapsed();
        let started = now();
        let split = log.partition_point(|c| c.at <= t);
        let full = Simulation::replay(config.clone(), &log[..split], t).map(|_| started.elapsed());
        let full = full.map_or_else(|e| e.to_string(), ms);
        println!("seek_{name}_ms: {} (back to the end {}; replay from zero {full})", ms(checkpoint), ms(forward));
    }
    0
}

/// What one checkpoint of `sim` copies, and roughly what it weighs.
fn footprint(sim: &Simulation) {
    let log_records: u64 = sim
        .brokers()
        .values()
        .map(|b| match b {
            BrokerProcess::Running(br) => {
                br.partitions.values().map(|p| p.log.log_end_offset() - p.log.log_start_offset()).sum()
            }
            BrokerProcess::Crashed(disk) | BrokerProcess::Stopped(disk) => {
                disk.values().map(|l| l.log_end_offset() - l.log_start_offset()).sum::<i64>()
            }
        } as u64)
        .sum();
    println!("checkpoint_log_records: {log_records}");
    println!("checkpoint_ledger_entries: {}", sim.ledger().entries.len());
    println!("checkpoint_trace_lines: {}", sim.trace().lines().count());
    if let Some(bytes) = clone_bytes(sim) {
        println!("checkpoint_bytes_approx: {bytes}");
    }
}

/// The process's resident set in bytes (Linux's /proc/self/statm).
pub(super) fn rss_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    statm.split_whitespace().nth(1)?.parse::<u64>().ok().map(|pages| pages * 4_096)
}

/// Resident-set growth per clone over eight clones (Linux's /proc/self/statm).
fn clone_bytes(sim: &Simulation) -> Option<u64> {
    let rss = rss_bytes;
    let before = rss()?;
    let clones: Vec<Simulation> = (0..8).map(|_| sim.clone()).collect();
    let after = rss()?;
    drop(clones);
    Some(after.saturating_sub(before) / 8)
}
