//! Behaviour tests: who may be a member of a classic group — static members
//! replaced across a coordinator failover, and members whose assignors have
//! nothing in common with the group's (`INCONSISTENT_GROUP_PROTOCOL`).
mod common;
use common::*;
use kafkasim::sim::client::consumer::Consumer;
use kafkasim::sim::coordinator::group::GroupState;
use kafkasim::sim::ids::ClientId;
use kafkasim::sim::messages::ErrorCode;

const FAST: &[(&str, &str)] =
    &[("session.timeout.ms", "6000"), ("heartbeat.interval.ms", "1000"), ("auto.offset.reset", "earliest")];

fn consumer<'a>(c: &'a Cluster, id: &str) -> &'a Consumer {
    &c.sim.consumers()[&c.sim.client_ids()[&ClientId(id.to_string())]]
}

fn trace_has(c: &Cluster, text: &str) -> bool {
    c.sim.trace().lines().any(|l| kafkasim::i18n::trace::line_text(l, kafkasim::i18n::Lang::En).contains(text))
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

/// Kafka's `supportsProtocols`: a member whose assignors share none with the
/// group's is refused with `INCONSISTENT_GROUP_PROTOCOL`, which is fatal for
/// the client (`poll()` throws it); the group keeps its protocol and members.
#[test]
fn member_without_a_common_assignor_is_refused() {
    let mut c = Cluster::new(43, 3);
    c.create_topic("t", 2, 3, &[]);
    c.consumer("c1", "g", &["t"], "roundrobin", FAST);
    c.run_until(seconds(20), "stable", |c| c.group("g").state == GroupState::Stable && c.owned("c1").len() == 2);
    let generation = c.group("g").generation;
    c.consumer("c2", "g", &["t"], "range", FAST);
    c.run_for(seconds(10));

    let c2 = consumer(&c, "c2");
    assert_eq!(c2.fatal_error, Some(ErrorCode::InconsistentGroupProtocol));
    assert!(c2.closed, "the error is fatal: c2 stops");
    assert_eq!(c2.stats.last_error.as_deref(), Some("JoinGroup: INCONSISTENT_GROUP_PROTOCOL"));
    assert!(trace_has(&c, "JoinGroup of c2 refused with INCONSISTENT_GROUP_PROTOCOL"));
    assert!(trace_has(&c, "consumer c2: fatal INCONSISTENT_GROUP_PROTOCOL; it stops"));
    let g = c.group("g");
    assert_eq!((g.state, g.generation), (GroupState::Stable, generation), "no rebalance");
    assert_eq!(g.protocol.as_deref(), Some("roundrobin"));
    assert_eq!(g.members.len(), 1);
    assert_eq!(c.owned("c1").len(), 2);

    // A member that shares one assignor (its second choice) is accepted.
    c.consumer_with("c3", "g", &["t"], "range,roundrobin", None, FAST, 0);
    c.run_until(seconds(20), "c3 joined", |c| c.group("g").members.len() == 2 && c.owned("c3").len() == 1);
    assert_eq!(consumer(&c, "c3").fatal_error, None);
    assert_eq!(c.group("g").protocol.as_deref(), Some("roundrobin"));
}
