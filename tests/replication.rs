//! Behaviour tests: replication, high watermark, ISR, elections, failover.
mod common;
use common::*;
use kafkasim::sim::ids::BrokerId;
use kafkasim::sim::ledger::RecordStatus;

/// Kafka quickstart: brokers register, get unfenced, a topic gets leaders
/// spread by placement, and a produced record reaches every replica.
#[test]
fn records_replicate_to_every_isr_member_and_hw_follows() {
    let mut c = Cluster::new(1, 3);
    c.create_topic("orders", 3, 3, &[]);
    for p in 0..3 {
        assert_eq!(c.isr("orders", p).len(), 3, "full ISR after creation");
    }
    c.producer("p", &[]);
    let id = c.send("p", "orders", Some("user-1"), "hello");
    c.run_for(seconds(2));
    match c.status(id) {
        RecordStatus::Acked { offset, .. } => assert_eq!(offset, 0),
        s => panic!("not acked: {s:?}"),
    }
    // murmur2("user-1") % 3 == 2 (kafka-semantics.md §1.4).
    for b in 1..=3 {
        assert_eq!(c.offsets("orders", 2, b), Some((1, 1)), "broker {b} has the record and knows it is committed");
    }
}

/// KRaft fencing: a crashed broker misses heartbeats for
/// `broker.session.timeout.ms` (9 s); the controller fences it, removes it
/// from every ISR and elects the first live ISR replica (PartitionChangeBuilder).
#[test]
fn killed_leader_is_fenced_after_session_timeout_and_replaced() {
    let mut c = Cluster::new(2, 3);
    c.create_topic("orders", 1, 3, &[]);
    let old = c.leader("orders", 0).unwrap();
    let epoch = c.partition("orders", 0).leader_epoch;
    c.kill(old.0);
    // The session was last renewed at most one heartbeat (2 s) before the crash.
    c.run_for(seconds(6));
    assert_eq!(c.leader("orders", 0), Some(old), "not fenced before the 9 s session timeout");
    c.run_for(seconds(4));
    let new = c.leader("orders", 0).expect("a new leader");
    assert_ne!(new, old);
    assert!(!c.isr("orders", 0).contains(&old.0), "the fenced broker left the ISR");
    assert_eq!(c.partition("orders", 0).leader_epoch.0, epoch.0 + 1);
    let expected = c.partition("orders", 0).replicas.iter().copied().find(|b| *b != old).unwrap();
    assert_eq!(new, expected, "first live ISR replica in replica order");
}

/// A restarted broker catches up and rejoins the ISR (follower LEO reaches
/// the HW and the leader epoch start offset: `isFollowerInSync`).
#[test]
fn restarted_broker_catches_up_and_rejoins_isr() {
    let mut c = Cluster::new(3, 3);
    c.create_topic("t", 1, 3, &[]);
    c.producer("p", &[]);
    let follower = c.partition("t", 0).replicas.iter().copied().find(|b| Some(*b) != c.leader("t", 0)).unwrap();
    c.kill(follower.0);
    c.run_for(seconds(10));
    assert_eq!(c.isr("t", 0).len(), 2);
    for i in 0..5 {
        c.send_to("p", "t", 0, &format!("v{i}"));
    }
    c.run_for(seconds(1));
    c.start(follower.0);
    c.run_for(seconds(5));
    assert_eq!(c.isr("t", 0).len(), 3, "back in the ISR");
    assert_eq!(c.offsets("t", 0, follower.0).unwrap().0, 5, "caught up");
}

/// acks=all with min.insync.replicas=2 and only one ISR member: the leader
/// rejects before appending (NOT_ENOUGH_REPLICAS, ProducerFailureHandlingTest
/// .testNotEnoughReplicasAfterBrokerShutdown); the producer retries until
/// delivery.timeout.ms and the record is never appended.
#[test]
fn acks_all_under_min_isr_gets_not_enough_replicas() {
    let mut c = Cluster::new(4, 2);
    c.create_topic("t", 1, 2, &[("min.insync.replicas", "2")]);
    let leader = c.leader("t", 0).unwrap();
    let other = if leader.0 == 1 { 2 } else { 1 };
    c.kill(other);
    c.run_for(seconds(10));
    assert_eq!(c.isr("t", 0), vec![leader.0]);
    // Few retries (as kafka-console-producer's --message-send-max-retries 3):
    // the broker's error surfaces.
    c.producer("p", &[("retries", "3"), ("linger.ms", "0")]);
    let id = c.send("p", "t", None, "x");
    // With Kafka's default retries the producer retries until delivery.timeout.ms.
    c.producer("q", &[("delivery.timeout.ms", "3000"), ("request.timeout.ms", "1000"), ("linger.ms", "0")]);
    let id2 = c.send("q", "t", None, "y");
    c.run_for(seconds(5));
    match c.status(id) {
        RecordStatus::Failed { error, .. } => assert_eq!(
            error,
            "org.apache.kafka.common.errors.NotEnoughReplicasException: Messages are rejected since there are fewer in-sync replicas than required."
        ),
        s => panic!("expected failure, got {s:?}"),
    }
    match c.status(id2) {
        RecordStatus::Failed { error, .. } => {
            assert!(error.contains("TimeoutException: Expiring 1 record(s) for t-0:"), "{error}")
        }
        s => panic!("expected failure, got {s:?}"),
    }
    assert_eq!(c.offsets("t", 0, leader.0).unwrap().0, 0, "nothing appended");
}

/// The HW does not advance while the ISR is below min.insync.replicas
/// (KAFKA-15583, Kafka ≥ 3.7), even for acks=1 writes.
#[test]
fn hw_frozen_while_under_min_isr() {
    let mut c = Cluster::new(5, 2);
    c.create_topic("t", 1, 2, &[("min.insync.replicas", "2")]);
    let leader = c.leader("t", 0).unwrap();
    c.kill(if leader.0 == 1 { 2 } else { 1 });
    c.run_for(seconds(10));
    c.producer("p", &[("acks", "1")]);
    let id = c.send("p", "t", None, "x");
    c.run_for(seconds(1));
    assert!(matches!(c.status(id), RecordStatus::Acked { offset: 0, .. }));
    assert_eq!(c.offsets("t", 0, leader.0), Some((1, 0)), "appended, but HW stays 0");
}

/// acks=1 loses an acknowledged record on failover: the leader acknowledges
/// before followers copy it, dies, and a follower without it takes over
/// (ProducerConfig ACKS_DOC). The ledger reports the loss with its cause.
#[test]
fn acks_1_loses_acknowledged_record_on_failover() {
    let mut c = Cluster::new(6, 3);
    c.create_topic("t", 1, 3, &[]);
    let leader = c.leader("t", 0).unwrap();
    // Followers and leader cannot talk (both ways, so even a fetch already
    // parked at the leader cannot carry the record): it acknowledges alone.
    for b in 1..=3u32 {
        if b != leader.0 {
            c.apply(kafkasim::sim::commands::Command::Link(kafkasim::sim::commands::LinkCommand::Cut {
                from: BrokerId(b),
                to: leader,
                one_way: false,
            }));
        }
    }
    c.producer("p", &[("acks", "1"), ("enable.idempotence", "false")]);
    let id = c.send_to("p", "t", 0, "doomed");
    c.run_for(ms(100));
    assert!(matches!(c.status(id), RecordStatus::Acked { .. }));
    c.kill(leader.0);
    c.run_for(seconds(10));
    assert_ne!(c.leader("t", 0), Some(leader));
    assert_eq!(c.sim.ledger().summary.acked_lost, 1);
    let loss = &c.sim.ledger().losses[0];
    let why = kafkasim::i18n::trace::loss_explanation(&loss.explanation, kafkasim::i18n::Lang::En);
    assert!(why.contains("acks=1"), "{why}");
    assert!(why.contains("without it"), "{why}");
}

/// acks=all with min ISR 2: an acknowledged record is on every ISR member,
/// so the same failover loses nothing (docs/design.html, Availability and Durability).
#[test]
fn acks_all_survives_the_same_failover() {
    let mut c = Cluster::new(6, 3);
    c.create_topic("t", 1, 3, &[("min.insync.replicas", "2")]);
    let leader = c.leader("t", 0).unwrap();
    c.producer("p", &[("acks", "all")]);
    let id = c.send_to("p", "t", 0, "safe");
    c.run_for(ms(200));
    assert!(matches!(c.status(id), RecordStatus::Acked { .. }));
    c.kill(leader.0);
    c.run_for(seconds(12));
    assert_ne!(c.leader("t", 0), Some(leader));
    assert_eq!(c.sim.ledger().summary.acked_lost, 0);
    let new = c.leader("t", 0).unwrap();
    assert_eq!(c.offsets("t", 0, new.0).unwrap().0, 1);
}
