//! Behaviour tests: the idempotent producer (KIP-98) — retries without duplicates.
mod common;
use common::*;
use kafkasim::sim::ids::{BrokerId, ClientId};
use kafkasim::sim::ledger::RecordStatus;
use kafkasim::sim::messages::NodeId;

/// A produce response is lost; after `request.timeout.ms` the producer resends
/// the same batch. Without idempotence the leader appends it again (one send,
/// two offsets); with idempotence the broker recognises the sequence in its
/// five-batch window and returns the original offset
/// (UnifiedLogTest.testDuplicateAppends).
#[test]
fn lost_response_retry_duplicates_only_without_idempotence() {
    for idempotent in [false, true] {
        let mut c = Cluster::new(20, 3);
        c.create_topic("t", 1, 3, &[]);
        let flag = if idempotent { "true" } else { "false" };
        c.producer("p", &[("enable.idempotence", flag), ("request.timeout.ms", "2000"), ("linger.ms", "0")]);
        c.send_to("p", "t", 0, "warmup");
        c.run_for(seconds(1));
        let leader = c.leader("t", 0).unwrap();
        let client = NodeId::Client(c.sim.client_ids()[&ClientId("p".into())]);
        // Responses from the leader to the producer are dropped.
        c.sim.surgery_cut_link(NodeId::Broker(leader), client, true);
        let id = c.send_to("p", "t", 0, "once");
        c.run_for(ms(1500));
        c.sim.surgery_heal_link(NodeId::Broker(leader), client);
        c.run_for(seconds(5));
        assert!(matches!(c.status(id), RecordStatus::Acked { .. }), "{:?}", c.status(id));
        let (leo, _) = c.offsets("t", 0, leader.0).unwrap();
        if idempotent {
            assert_eq!(leo, 2, "warmup + once, no duplicate");
            assert_eq!(c.sim.ledger().summary.duplicated, 0);
        } else {
            assert_eq!(leo, 3, "warmup + once twice");
            assert_eq!(c.sim.ledger().summary.duplicated, 1);
        }
    }
}

/// Idempotent producers keep per-key order across a leader failover: every
/// acknowledged record is in the new leader's log, in send order, once.
#[test]
fn idempotent_workload_survives_failover_in_order() {
    let mut c = Cluster::new(21, 3);
    c.create_topic("t", 3, 3, &[("min.insync.replicas", "2")]);
    c.workload("w", "t", 200, 20, &[]);
    c.run_for(seconds(5));
    let leader = c.leader("t", 0).unwrap();
    c.kill(leader.0);
    c.run_for(seconds(20));
    c.start(leader.0);
    c.run_for(seconds(20));
    let s = &c.sim.ledger().summary;
    assert!(s.acked > 5_000, "acked {}", s.acked);
    assert_eq!((s.acked_lost, s.duplicated, s.reordered), (0, 0, 0));
    assert!(c.sim.broker(BrokerId(leader.0)).is_some());
}

/// Without idempotence, `max.in.flight.requests.per.connection` > 1 lets a
/// retried batch land after a later one: per-key order breaks (ProducerConfig
/// docs on `max.in.flight.requests.per.connection` and retries). The ledger
/// counts the reordering; with idempotence the same schedule keeps order.
#[test]
fn retries_reorder_only_without_idempotence() {
    for idempotent in [false, true] {
        let mut c = Cluster::new(22, 3);
        c.create_topic("t", 1, 3, &[]);
        let flag = if idempotent { "true" } else { "false" };
        let props = [("enable.idempotence", flag), ("request.timeout.ms", "1000"), ("linger.ms", "0")];
        c.producer("p", &props);
        c.send("p", "t", Some("k"), "warmup");
        c.run_for(seconds(1));
        let leader = c.leader("t", 0).unwrap();
        let client = NodeId::Client(c.sim.client_ids()[&ClientId("p".into())]);
        // The first send is lost on the way to the leader; the second gets through.
        c.sim.surgery_cut_link(client, NodeId::Broker(leader), true);
        let first = c.send("p", "t", Some("k"), "first");
        c.sim.surgery_heal_link(client, NodeId::Broker(leader));
        let second = c.send("p", "t", Some("k"), "second");
        c.run_for(seconds(5));
        let offset = |id| match c.status(id) {
            RecordStatus::Acked { offset, .. } => offset,
            s => panic!("{s:?}"),
        };
        if idempotent {
            assert!(offset(first) < offset(second), "one batch in flight per partition keeps send order");
            assert_eq!(c.sim.ledger().summary.reordered, 0);
        } else {
            assert!(offset(first) > offset(second), "the retried first send landed after the second");
            assert_eq!(c.sim.ledger().summary.reordered, 1);
        }
    }
}
