//! The one place tests write into the simulation's internals: breaking a
//! state on purpose to show an invariant fires (`tests/invariants_fire*.rs`),
//! and reading the violations back.

use super::Cluster;
use kafkasim::sim::broker::Broker;
use kafkasim::sim::client::consumer::Consumer;
use kafkasim::sim::coordinator::group::ClassicGroup;
use kafkasim::sim::coordinator::offsets_partition;
use kafkasim::sim::ids::{BrokerId, ClientId};
use kafkasim::sim::invariants::Violation;
use kafkasim::sim::simulation::Simulation;
use kafkasim::sim::time::SimDuration;

/// The running broker `b`, to corrupt.
pub fn broker_mut(sim: &mut Simulation, b: BrokerId) -> &mut Broker {
    sim.surgery_broker(b).unwrap_or_else(|| panic!("broker {b} is not running"))
}

/// Runs up to `d`, checking every invariant after every event; returns the
/// first non-empty set of violations (empty if none fired).
pub fn fired(c: &mut Cluster, d: SimDuration) -> Vec<Violation> {
    let end = c.sim.now().plus(d);
    while c.sim.next_event_time().is_some_and(|t| t <= end) {
        c.sim.step();
        let v = c.invariants.check(&c.sim);
        if !v.is_empty() {
            return v;
        }
    }
    Vec::new()
}

/// The violation of `property`, asserting that it fired and nothing else did.
pub fn only<'a>(v: &'a [Violation], property: &str) -> &'a Violation {
    assert!(!v.is_empty(), "{property}: nothing fired");
    assert!(v.iter().all(|x| x.property == property), "only {property} expected: {v:?}");
    &v[0]
}

/// The group `group` as its current coordinator holds it (the leader of the
/// group's `__consumer_offsets` partition), with that coordinator, to corrupt.
pub fn group_mut<'a>(sim: &'a mut Simulation, group: &str) -> (BrokerId, &'a mut ClassicGroup) {
    let n = sim.config().broker.offsets_topic_num_partitions;
    let tp = offsets_partition(group, n);
    let b = sim.controller().image.partition(&tp).and_then(|p| p.leader).expect("coordinator elected");
    let g = broker_mut(sim, b).coordinator.groups.get_mut(group).expect("coordinator holds the group");
    (b, g)
}

/// The consumer client `id`, to corrupt.
pub fn consumer_mut<'a>(sim: &'a mut Simulation, id: &str) -> &'a mut Consumer {
    let node = sim.client_ids()[&ClientId(id.to_string())];
    sim.surgery_consumer(node).expect("consumer exists")
}
