//! Behaviour tests: who may be a member of a classic group — static members
//! replaced across a coordinator failover, and members whose assignors have
//! nothing in common with the group's (`INCONSISTENT_GROUP_PROTOCOL`).
mod common;
use common::*;
use kafkasim::sim::client::consumer::Consumer;
use kafkasim::sim::coordinator::group::GroupState;
use kafkasim::sim::ids::ClientId;

const FAST: &[(&str, &str)] =
    &[("session.timeout.ms", "6000"), ("heartbeat.interval.ms", "1000"), ("auto.offset.reset", "earliest")];

fn consumer<'a>(c: &'a Cluster, id: &str) -> &'a Consumer {
    &c.sim.consumers[&c.sim.client_ids[&ClientId(id.to_string())]]
}

fn trace_has(c: &Cluster, text: &str) -> bool {
    c.sim.trace.lines().any(|l| l.text.contains(text))
}

/// A static member restarts while the group is Stable (its member id is
/// replaced, no rebalance), then the coordinator's broker dies. The new
/// coordinator loads the group from `__consumer_offsets` and must know the
/// *new* member id: the restarted consumer is not fenced and keeps consuming.
#[test]
fn static_member_replacement_survives_coordinator_failover() {
    let mut c = Cluster::new(41, 3);
    c.create_topic("t", 2, 3, &[]);
    c.producer("p", &[]);
    c.consumer_with("c1", "g", &["t"], "range", Some("i1"), FAST, 0);
    c.consumer_with("c2", "g", &["t"], "range", Some("i2"), FAST, 0);
    c.run_until(seconds(20), "stable", |c| c.group("g").state == GroupState::Stable && c.owned("c1").len() == 1);
    let owned = c.owned("c1");
    let generation = c.group("g").generation;
    c.kill_consumer("c1");
    c.run_for(seconds(2));
    c.consumer_with("c1", "g", &["t"], "range", Some("i1"), FAST, 0);
    c.run_until(seconds(5), "c1 back", |c| c.owned("c1") == owned);
    let new_id = consumer(&c, "c1").member_id.clone();
    assert_eq!(c.group("g").generation, generation, "the replacement caused no rebalance");
    c.run_for(seconds(1));

    let old = c.group("g").coordinator.unwrap();
    c.kill(old.0);
    c.run_until(seconds(30), "new coordinator", |c| c.group("g").coordinator.is_some_and(|b| b != old));
    c.run_for(seconds(10));

    assert!(!trace_has(&c, "FENCED_INSTANCE_ID"), "no member was fenced after the failover");
    let c1 = consumer(&c, "c1");
    assert!(!c1.closed, "c1 still runs");
    assert_eq!(c1.member_id, new_id);
    let g = c.group("g");
    assert!(g.members.iter().any(|m| m.member_id == new_id), "the reloaded group knows c1's new member id");
    assert_eq!(c.owned("c1"), owned);
    let p: u32 = owned[0].rsplit('-').next().unwrap().parse().unwrap();
    c.fill("p", "t", p, 5);
    c.run_until(seconds(30), "c1 consumes its partition", |c| c.committed("g", "t", p) == Some(5));
}
