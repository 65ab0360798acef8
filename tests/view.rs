//! The snapshot the UI renders: complete, consistent with the simulation, serialisable.
mod common;
use common::*;
use kafkasim::sim::ids::BrokerId;
use kafkasim::sim::view::{BrokerState, ClusterView};

#[test]
fn view_shows_brokers_partitions_and_failover() {
    let mut c = Cluster::new(30, 3);
    c.create_topic("orders", 3, 3, &[]);
    c.workload("w", "orders", 50, 10, &[]);
    c.run_for(seconds(2));
    let v = c.sim.view();
    assert_eq!(v.brokers.len(), 3);
    assert!(v.brokers.iter().all(|b| b.state == BrokerState::Running && !b.fenced));
    assert_eq!(v.partitions.len(), 3);
    for p in &v.partitions {
        assert_eq!(p.replicas.iter().filter(|r| r.is_leader).count(), 1, "exactly one leader marked");
        assert!(p.replicas.iter().all(|r| r.in_isr && r.high_watermark <= r.log_end_offset));
    }
    assert!(v.ledger.acked > 0);
    assert!(c.sim.run_until_condition(ms(100), |s| !s.messages_in_flight().is_empty()), "messages flow");
    let v = c.sim.view();
    assert!(!v.messages.is_empty());
    assert!(v.messages.iter().all(|m| m.sent_at <= v.now && m.deliver_at >= v.now));
    assert!(v.messages.iter().all(|m| [
        "Produce",
        "ProduceResponse",
        "Fetch",
        "FetchResponse",
        "Metadata",
        "MetadataResponse",
        "BrokerHeartbeat",
        "BrokerHeartbeatResponse",
        "MetadataPush",
        "AlterPartition",
        "AlterPartitionResponse"
    ]
    .contains(&m.api.as_str())));
    assert_eq!(v.producers[0].client_id, "w");

    let victim = v.partitions[0].leader.unwrap();
    c.kill(victim.0);
    c.run_for(seconds(12));
    let v = c.sim.view();
    let b = v.brokers.iter().find(|b| b.id == victim).unwrap();
    assert_eq!((b.state, b.fenced), (BrokerState::Crashed, true));
    let p0 = &v.partitions[0];
    assert_ne!(p0.leader, Some(victim));
    assert!(p0.under_replicated);
    let r = p0.replicas.iter().find(|r| r.broker == victim).unwrap();
    assert!(!r.online && !r.in_isr);

    let json = serde_json::to_string(&v).unwrap();
    let back: ClusterView = serde_json::from_str(&json).unwrap();
    assert_eq!(back, v);
    c.apply(kafkasim::sim::commands::Command::Broker(kafkasim::sim::commands::BrokerCommand::Isolate(BrokerId(
        v.partitions[1].leader.unwrap().0,
    ))));
    let v = c.sim.view();
    assert!(v.brokers.iter().any(|b| b.state == BrokerState::Isolated));
}
