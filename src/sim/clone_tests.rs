//! A cloned [`Simulation`] continues exactly like the original: the same RNG
//! streams, queue order, timer generations and ids. The player's rewind
//! checkpoints rely on it.

use super::commands::{BrokerCommand, Command, ConsumerCommand};
use super::groups_view::groups_view;
use super::ids::BrokerId;
use super::rng::SimRng;
use super::simulation::Simulation;
use super::time::{secs, SimTime};
use super::workloads::w1_setup;

fn at(s: u64) -> SimTime {
    SimTime(secs(s).0)
}

/// W1 with its groups, busy for 20 s (producers, fetches, group joins).
fn busy() -> Simulation {
    let mut sim = w1_setup(11);
    sim.run_until(at(20));
    sim
}

/// The same future for both: a crash at 30 s, a new consumer (a fresh client
/// id and member) at 35 s, a restart at 45 s, then on to 60 s.
fn future(sim: &mut Simulation) {
    sim.run_until(at(30));
    sim.apply(Command::Broker(BrokerCommand::Kill(BrokerId(3)))).expect("valid");
    sim.run_until(at(35));
    let consumer = Command::Consumer(ConsumerCommand::Start {
        client_id: "late-reader".into(),
        group: "orders-app".into(),
        topics: vec!["orders".into()],
        assignor: Some("range".into()),
        group_instance_id: None,
        properties: Vec::new(),
        processing_ms: 100,
    });
    sim.apply(consumer).expect("valid");
    sim.run_until(at(45));
    sim.apply(Command::Broker(BrokerCommand::Start(BrokerId(3)))).expect("valid");
    sim.run_until(at(60));
}

fn same_run(a: &Simulation, b: &Simulation) -> bool {
    a.trace_hash() == b.trace_hash()
        && a.events() == b.events()
        && a.view() == b.view()
        && groups_view(a) == groups_view(b)
        && a.ledger().summary == b.ledger().summary
        && a.command_log() == b.command_log()
}

#[test]
fn a_clone_continues_exactly_like_the_original() {
    let mut original = busy();
    let mut copy = original.clone();
    assert!(same_run(&original, &copy));
    future(&mut original);
    future(&mut copy);
    assert!(original.events() > 100_000, "a busy run: {} events", original.events());
    assert!(same_run(&original, &copy), "the clone diverged");
    assert!(original.ledger().summary.acked > 0);
}

#[test]
fn a_copy_with_a_reseeded_network_stream_diverges() {
    let mut original = busy();
    let mut copy = original.clone();
    copy.network_mut().reseed(SimRng::stream(11, "another network"));
    future(&mut original);
    future(&mut copy);
    assert!(!same_run(&original, &copy), "the comparison must notice a different latency stream");
    assert_ne!(original.trace_hash(), copy.trace_hash());
}
