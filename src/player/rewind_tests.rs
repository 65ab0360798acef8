//! Seeking through checkpoints gives exactly the state a replay from time
//! zero gives: backwards, forwards, between and right at checkpoints, before
//! the first one, and after a fork.

use super::*;
use crate::sim::commands::{BrokerCommand, Command};
use crate::sim::groups_view::{groups_view, GroupView};
use crate::sim::ids::BrokerId;
use crate::sim::ledger::LedgerSummary;
use crate::sim::time::{micros, secs};
use crate::sim::view::ClusterView;

fn at(s: u64) -> SimTime {
    SimTime(secs(s).0)
}

type Fingerprint = (u64, u64, SimTime, usize, ClusterView, Vec<GroupView>, LedgerSummary);

fn fingerprint(sim: &Simulation) -> Fingerprint {
    let (view, groups) = (sim.view(), groups_view(sim));
    (sim.trace_hash(), sim.events(), sim.now(), sim.command_log().len(), view, groups, sim.ledger().summary.clone())
}

/// The whole timeline's command log: the past and what a rewind left pending.
fn timeline(p: &Player) -> Vec<LoggedCommand> {
    p.simulation().command_log().iter().chain(p.pending.iter()).cloned().collect()
}

/// Seeks to `t` and checks the result against a replay from time zero.
fn seek_and_check(p: &mut Player, t: SimTime, what: &str) {
    let log = timeline(p);
    p.seek(t).unwrap();
    let split = log.partition_point(|c| c.at <= t);
    let expected = Simulation::replay(p.config.clone(), &log[..split], t).unwrap();
    assert_eq!(fingerprint(p.simulation()), fingerprint(&expected), "seek {what} to {t:?}");
    assert_eq!(p.pending.iter().cloned().collect::<Vec<_>>(), log[split..], "pending after seek {what}");
}

/// The lively cluster with a two-member group, a broker killed and restarted,
/// played partly in short frames whose event budget runs out and partly in
/// one go: 4 simulated minutes.
fn busy_player() -> Player {
    let mut p = Player::lively(9);
    p.run_line("sim consumer start c1 --group g --topic orders");
    p.run_line("sim consumer start c2 --group g --topic orders");
    let mut behind = false;
    while p.now() < at(60) {
        behind |= p.advance_to(p.now().plus(secs(2)), 200).behind;
    }
    assert!(behind, "some frames ran out of event budget");
    p.run_line("sim broker kill 2");
    p.advance_to(at(120), u32::MAX);
    p.run_line("sim broker start 2");
    p.advance_to(at(240), u32::MAX);
    p
}

#[test]
fn seeks_through_checkpoints_match_a_replay_from_zero() {
    let mut p = busy_player();
    let (end, end_hash) = (p.now(), p.simulation().trace_hash());
    let cps: Vec<Position> = p.checkpoints().positions().collect();
    assert!(cps.len() >= 8, "checkpoints were taken: {cps:?}");
    let (first, mid) = (cps[0].now, cps[cps.len() / 2].now);
    let between = SimTime((cps[3].now.0 + cps[4].now.0) / 2);
    seek_and_check(&mut p, between, "between checkpoints");
    seek_and_check(&mut p, mid, "right at a checkpoint");
    seek_and_check(&mut p, SimTime(first.0 - 1), "before the first checkpoint");
    seek_and_check(&mut p, at(60), "to a rewound command's instant");
    seek_and_check(&mut p, at(61), "past a rewound command");
    seek_and_check(&mut p, SimTime(between.0 + 1), "forward, jumping to a checkpoint ahead");
    seek_and_check(&mut p, SimTime(end.0 - 1_000), "forward, just before the end");
    seek_and_check(&mut p, at(30), "backwards again");
    seek_and_check(&mut p, SimTime(at(30).0 + micros(250).0), "forward a little, playing on");
    p.seek(end).unwrap();
    assert_eq!(p.simulation().trace_hash(), end_hash, "the same future, bit for bit");
    assert_eq!(p.checkpoints().positions().collect::<Vec<_>>(), cps, "rewinding keeps the timeline's checkpoints");
}

#[test]
fn a_fork_drops_the_checkpoints_past_the_present() {
    let mut p = busy_player();
    p.seek(at(90)).unwrap();
    assert!(p.pending() > 0);
    assert!(p.checkpoints().positions().any(|c| c.now > at(90)));
    // Any line forks, even one that applies no command: the restart of broker 2 is dropped.
    let commands = p.simulation().command_log().len();
    p.run_line("kafka-topics --bootstrap-server localhost:9092 --list");
    assert_eq!((p.pending(), p.simulation().command_log().len()), (0, commands));
    let present = Position::of(p.simulation());
    assert!(p.checkpoints().positions().all(|c| c.now <= at(90) && c.events <= present.events));
    p.advance_to(at(150), u32::MAX);
    assert!(p.checkpoints().positions().any(|c| c.now > at(100)), "the new future gets checkpoints");
    for t in [at(40), at(89), at(90), at(95), at(130), at(20)] {
        seek_and_check(&mut p, t, "after a fork");
    }
}

#[test]
fn a_command_at_a_rewound_instant_with_nothing_pending_drops_later_checkpoints() {
    let mut p = Player::lively(4);
    p.advance_to(at(120), u32::MAX);
    p.seek(at(50)).unwrap();
    assert_eq!(p.pending(), 0, "the lively commands come before 50 s");
    p.run_line("sim broker kill 1");
    assert!(p.checkpoints().positions().all(|c| c.now <= at(50)));
    p.advance_to(at(100), u32::MAX);
    for t in [at(70), at(45), at(99)] {
        seek_and_check(&mut p, t, "after a command at a rewound instant");
    }
}

#[test]
fn a_failed_replay_changes_nothing() {
    let mut p = Player::lively(4);
    p.advance_to(at(40), u32::MAX);
    p.run_line("sim broker kill 1");
    p.advance_to(at(60), u32::MAX);
    p.seek(at(10)).unwrap();
    // A timeline whose pending command cannot be re-applied (broker 9 does not exist).
    let kill = p.pending[0].clone();
    p.pending[0] = LoggedCommand { command: Command::Broker(BrokerCommand::Kill(BrokerId(9))), ..kill.clone() };
    let t = kill.at.plus(crate::sim::time::ms(1));
    let from = p.checkpoints().latest_at_or_before(t).expect("a checkpoint");
    assert_eq!(from.command_log().len(), p.simulation().command_log().len(), "the replay re-applies the command");
    let (before, pending, transcript) = (fingerprint(p.simulation()), p.pending.clone(), p.transcript());
    assert!(p.seek(t).is_err());
    assert_eq!(fingerprint(p.simulation()), before);
    assert_eq!(p.pending, pending);
    assert_eq!(p.transcript(), transcript);
}

#[test]
fn swapping_the_console_starts_the_checkpoints_afresh() {
    let mut p = Player::lively(4);
    p.advance_to(at(60), u32::MAX);
    assert!(!p.checkpoints().is_empty());
    let mut other = Console::new(5, 1);
    p.swap_console(&mut other);
    assert!(p.checkpoints().is_empty());
    assert_eq!(p.checkpoints().spacing(), FIRST_SPACING);
    let swapped_at = p.now();
    p.advance_to(swapped_at.plus(secs(30)), u32::MAX);
    assert!(p.checkpoints().len() >= 3);
    assert!(p.checkpoints().positions().all(|c| c.now >= swapped_at));
    seek_and_check(&mut p, swapped_at.plus(secs(12)), "after a swap");
}

#[test]
fn a_seek_keeps_the_consoles_files() {
    let mut p = Player::lively(1);
    p.advance_to(at(20), u32::MAX);
    for line in ["cat > offsets.json <<EOF", r#"{"partitions":[],"version":1}"#, "EOF"] {
        p.run_line(line);
    }
    p.seek(at(5)).expect("seek back");
    let out = crate::console::output::render(&p.run_line("cat offsets.json").lines);
    assert!(out.contains(r#"{"partitions":[],"version":1}"#), "{out}");
}
