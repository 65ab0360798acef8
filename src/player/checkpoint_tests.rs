//! The checkpoint list on its own: bounded, thinned evenly, and really used.

use super::*;
use crate::player::Player;
use crate::sim::commands::{BrokerCommand, Command};
use crate::sim::ids::BrokerId;

fn quiet_cluster() -> Simulation {
    Simulation::new(SimConfig::new(3, 1))
}

#[test]
fn an_hour_keeps_a_bounded_evenly_spread_list() {
    let mut sim = quiet_cluster();
    let mut cps = Checkpoints::default();
    let mut taken = 0;
    for _ in 0..3_600 {
        sim.run_for(secs(1));
        taken += u32::from(cps.maybe_take(&sim));
        assert!(cps.len() < MAX_CHECKPOINTS);
    }
    let times: Vec<u64> = cps.positions().map(|c| c.now.0).collect();
    assert!(taken > MAX_CHECKPOINTS as u32, "{taken} taken");
    // 10 s doubled until 32 of them cover an hour: 160 s.
    assert_eq!(cps.spacing(), secs(160));
    assert!(times.windows(2).all(|w| w[1] - w[0] >= secs(80).0 && w[1] - w[0] <= secs(160).0), "{times:?}");
    assert!(times[0] <= secs(1).0, "the oldest survives thinning: {times:?}");
    assert!(sim.now().0 - times[times.len() - 1] <= secs(160).0, "{times:?}");
}

#[test]
fn a_checkpoint_is_taken_only_a_spacing_away_from_its_neighbours() {
    let mut sim = quiet_cluster();
    let mut cps = Checkpoints::default();
    assert!(cps.maybe_take(&sim), "the first one at once");
    let early = sim.clone();
    sim.run_for(secs(25));
    assert!(cps.maybe_take(&sim));
    assert_eq!(cps.next_due(early.now()), early.now().plus(FIRST_SPACING));
    // Back between the two (after a rewind): 5 s from the older one is too soon;
    // 10 s is fine, while 15 s from the newer one.
    let mut back = early.clone();
    back.run_for(secs(5));
    assert!(!cps.maybe_take(&back));
    back.run_for(secs(5));
    assert!(cps.maybe_take(&back));
    let times: Vec<SimTime> = cps.positions().map(|c| c.now).collect();
    assert_eq!(times, vec![early.now(), early.now().plus(secs(10)), sim.now()]);
    back.run_for(secs(6));
    assert_eq!(cps.next_due(back.now()), sim.now().plus(FIRST_SPACING), "too close to the newer one");
}

#[test]
fn rebuild_starts_from_the_latest_checkpoint_at_or_before_the_target() {
    let mut sim = quiet_cluster();
    sim.run_for(secs(5));
    let mut cps = Checkpoints::default();
    cps.maybe_take(&sim);
    sim.run_for(secs(20));
    let config = sim.config().clone();
    let t = sim.now();
    let honest = cps.rebuild(&config, sim.command_log(), t).unwrap();
    assert_eq!((honest.trace_hash(), honest.events()), (sim.trace_hash(), sim.events()));
    // Tamper with the checkpoint: a rebuild that used it shows the tampering,
    // one before it (from time zero) does not.
    cps.list[0].apply(Command::Broker(BrokerCommand::Kill(BrokerId(1)))).unwrap();
    let rebuilt = cps.rebuild(&config, sim.command_log(), t).unwrap();
    assert_ne!(rebuilt.trace_hash(), sim.trace_hash(), "the checkpoint was used");
    let before = cps.list[0].now().0 - 1;
    let from_zero = cps.rebuild(&config, &[], SimTime(before)).unwrap();
    assert_eq!(from_zero.trace_hash(), Simulation::replay(config, &[], SimTime(before)).unwrap().trace_hash());
}

#[test]
fn keep_up_to_drops_what_lies_past_a_position() {
    let mut sim = quiet_cluster();
    let mut cps = Checkpoints::default();
    for i in 0..4 {
        cps.maybe_take(&sim);
        if i == 0 {
            sim.apply(Command::Broker(BrokerCommand::Kill(BrokerId(1)))).unwrap();
        }
        sim.run_for(secs(10));
    }
    let positions: Vec<Position> = cps.positions().collect();
    cps.keep_up_to(positions[1]);
    assert_eq!(cps.positions().collect::<Vec<_>>(), positions[..2]);
    // Same clock and events, one command more: past it.
    let mut later = positions[1];
    later.commands -= 1;
    cps.keep_up_to(later);
    assert_eq!(cps.positions().collect::<Vec<_>>(), positions[..1]);
    cps.clear();
    assert!(cps.is_empty());
}

/// Log chunks the checkpoints hold that `live` does not.
fn exclusive_chunks(cps: &Checkpoints, live: &Simulation) -> usize {
    let live: std::collections::BTreeSet<usize> = live.log_chunk_ids().into_iter().collect();
    let mut held = std::collections::BTreeSet::new();
    for pos in cps.positions() {
        let c = cps.latest_at_or_before(pos.now).expect("a checkpoint at its own instant");
        held.extend(c.log_chunk_ids().into_iter().filter(|id| !live.contains(id)));
    }
    held.len()
}

#[test]
fn with_retention_old_checkpoints_go_before_their_segments_pile_up() {
    let mut p = Player::lively(1);
    p.run_line(
        "kafka-configs --bootstrap-server localhost:9092 --alter --entity-type topics --entity-name orders \
         --add-config retention.ms=60000,segment.ms=10000",
    );
    let mut sim = p.simulation().clone();
    let budget = 24;
    let mut cps = Checkpoints::with_budget(budget);
    for _ in 0..(20 * 60 / 5) {
        sim.run_for(secs(5));
        if cps.maybe_take(&sim) {
            let held = exclusive_chunks(&cps, &sim);
            assert!(held <= budget, "{held} chunks held only by checkpoints at {:?}", sim.now());
        }
    }
    let oldest = cps.positions().next().expect("checkpoints are kept").now;
    // Without the budget the oldest survives every thinning (the test above).
    assert!(oldest > SimTime(secs(5 * 60).0), "the oldest checkpoints were dropped: oldest at {oldest:?}");
    assert!(cps.len() >= 2, "recent checkpoints stay: {}", cps.len());
}
