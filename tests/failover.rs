//! Behaviour tests: unclean election, KIP-101, controlled shutdown, preferred
//! leader election, zombie leaders.
mod common;
use common::*;
use kafkasim::sim::commands::{BrokerCommand, Command, CommandOutput, TopicCommand};
use kafkasim::sim::ids::{BrokerId, TopicPartition};
use kafkasim::sim::ledger::RecordStatus;

fn other_replicas(c: &Cluster, topic: &str, leader: BrokerId) -> Vec<u32> {
    c.partition(topic, 0).replicas.iter().filter(|b| **b != leader).map(|b| b.0).collect()
}

/// Unclean leader election (`unclean.leader.election.enable=true`): when no
/// ISR replica is alive, an out-of-sync replica leads, ISR = [leader]
/// (PartitionChangeBuilderTest.testUncleanLeaderElection), and records only
/// the old leader had are lost. With the default (false) the partition stays
/// offline instead and nothing is lost.
#[test]
fn unclean_election_loses_data_only_when_enabled() {
    for unclean in [false, true] {
        let mut c = Cluster::new(7, 2);
        c.check = false; // committed data is lost on purpose here
        let flag = if unclean { "true" } else { "false" };
        c.create_topic("t", 1, 2, &[("unclean.leader.election.enable", flag)]);
        let leader = c.leader("t", 0).unwrap();
        let follower = other_replicas(&c, "t", leader)[0];
        c.producer("p", &[("acks", "all")]);
        c.send_to("p", "t", 0, "before");
        c.run_for(seconds(1));
        // The follower dies; the ISR shrinks to the leader, which keeps writing.
        c.kill(follower);
        c.run_for(seconds(12));
        assert_eq!(c.isr("t", 0), vec![leader.0]);
        let id = c.send_to("p", "t", 0, "only-on-leader");
        c.run_for(seconds(1));
        assert!(matches!(c.status(id), RecordStatus::Acked { offset: 1, .. }));
        // The leader dies and the stale follower comes back.
        c.kill(leader.0);
        c.run_for(seconds(12));
        c.start(follower);
        c.run_for(seconds(6));
        let p = c.partition("t", 0);
        if unclean {
            assert_eq!(p.leader, Some(BrokerId(follower)), "out-of-sync replica elected");
            assert_eq!(p.isr, vec![BrokerId(follower)]);
            assert!(c.sim.metrics().unclean_elections >= 1);
            assert_eq!(c.sim.ledger().summary.acked_lost, 1, "the record only the old leader had");
        } else {
            assert_eq!(p.leader, None, "offline: waits for an ISR replica");
            assert_eq!(c.sim.ledger().summary.acked_lost, 0);
        }
    }
}

/// KIP-101: a follower that restarts before it learns the new HW must not
/// truncate to its stale HW; with leader-epoch truncation the committed
/// record survives when it then becomes leader.
#[test]
fn kip_101_restarted_follower_keeps_committed_record() {
    let mut c = Cluster::new(8, 2);
    c.create_topic("t", 1, 2, &[("min.insync.replicas", "2")]);
    let leader = c.leader("t", 0).unwrap();
    let follower = other_replicas(&c, "t", leader)[0];
    c.producer("p", &[("acks", "all")]);
    let id = c.send_to("p", "t", 0, "m");
    // Run until acknowledged: the follower has the record but its HW is still 0.
    assert!(c
        .sim
        .run_until_condition(seconds(2), |s| matches!(s.ledger().entries[&id].status, RecordStatus::Acked { .. })));
    let (leo, hw) = c.offsets("t", 0, follower).unwrap();
    assert_eq!((leo, hw), (1, 0), "follower has m but does not know it is committed");
    // Follower restarts; then the leader dies for good.
    c.kill(follower);
    c.start(follower);
    c.run_for(seconds(15));
    c.kill(leader.0);
    c.run_for(seconds(15));
    assert_eq!(c.leader("t", 0), Some(BrokerId(follower)));
    assert_eq!(c.offsets("t", 0, follower).unwrap().0, 1, "m survived");
    assert_eq!(c.sim.ledger().summary.acked_lost, 0);
}

/// Controlled shutdown moves leadership away before the broker stops, so the
/// partition is never offline (KRaft `BrokerHeartbeat` with `wantShutDown`).
#[test]
fn controlled_shutdown_moves_leadership_first() {
    let mut c = Cluster::new(9, 3);
    c.create_topic("t", 3, 3, &[]);
    let leaders_on_1: Vec<u32> = (0..3).filter(|p| c.leader("t", *p) == Some(BrokerId(1))).collect();
    c.apply(Command::Broker(BrokerCommand::Stop(BrokerId(1))));
    c.run_for(seconds(2));
    for p in 0..3 {
        let l = c.leader("t", p).expect("never offline");
        assert_ne!(l, BrokerId(1));
        assert!(!c.isr("t", p).contains(&1));
    }
    assert!(c.sim.broker(BrokerId(1)).is_none(), "stopped");
    assert!(!leaders_on_1.is_empty(), "broker 1 led something before stopping");
    assert!(c.sim.metrics().series.iter().all(|p| p.offline == 0), "no partition was ever offline");
}

/// Preferred leader election (`kafka-leader-election --election-type PREFERRED`)
/// gives leadership back to replicas[0] once it is back in the ISR.
#[test]
fn preferred_leader_election_restores_preferred_leader() {
    let mut c = Cluster::new(10, 3);
    c.create_topic("t", 1, 3, &[]);
    let preferred = c.partition("t", 0).replicas[0];
    assert_eq!(c.leader("t", 0), Some(preferred));
    c.kill(preferred.0);
    c.run_for(seconds(12));
    assert_ne!(c.leader("t", 0), Some(preferred));
    c.start(preferred.0);
    c.run_for(seconds(8));
    assert!(c.isr("t", 0).contains(&preferred.0));
    assert_ne!(c.leader("t", 0), Some(preferred), "no automatic move before the imbalance check");
    let out = c.apply(Command::Topic(TopicCommand::ElectLeaders {
        preferred: true,
        targets: Some(vec![TopicPartition::new("t", 0)]),
    }));
    assert_eq!(out, CommandOutput::Elected(vec![TopicPartition::new("t", 0)]));
    c.run_for(seconds(1));
    assert_eq!(c.leader("t", 0), Some(preferred));
}

/// `auto.leader.rebalance.enable`: the periodic check (every
/// `leader.imbalance.check.interval.seconds`, 300 s) moves leadership back.
#[test]
fn auto_leader_rebalance_restores_preferred_leader() {
    let mut c = Cluster::new(11, 3);
    c.check = false;
    c.create_topic("t", 3, 3, &[]);
    let preferred = c.partition("t", 0).replicas[0];
    c.kill(preferred.0);
    c.run_for(seconds(12));
    c.start(preferred.0);
    c.run_for(seconds(300));
    assert_eq!(c.leader("t", 0), Some(preferred));
}

/// A partitioned leader is a zombie: cut off from the controller and the
/// other brokers but still reachable by clients, it keeps acknowledging acks=1
/// writes after the controller fenced it and elected a new leader; when the
/// partition heals it learns the new epoch, truncates, and those acknowledged
/// writes are gone (Jepsen: Kafka, 2013). The ledger reports each with its cause.
#[test]
fn partitioned_zombie_leader_loses_acks_1_writes() {
    let mut c = Cluster::new(12, 3);
    c.check = false;
    c.create_topic("t", 1, 3, &[]);
    let leader = c.leader("t", 0).unwrap();
    c.producer("p", &[("acks", "1"), ("enable.idempotence", "false"), ("linger.ms", "0")]);
    c.send_to("p", "t", 0, "warmup");
    c.run_for(seconds(1));
    c.apply(Command::Broker(BrokerCommand::Partition(leader)));
    c.run_for(seconds(12));
    assert_ne!(c.leader("t", 0), Some(leader), "controller fenced the old leader and moved on");
    let zombie_writes: Vec<_> = (0..3).map(|i| c.send_to("p", "t", 0, &format!("z{i}"))).collect();
    c.run_for(seconds(1));
    for id in &zombie_writes {
        assert!(matches!(c.status(*id), RecordStatus::Acked { by, .. } if by == leader), "the zombie acknowledged");
    }
    c.apply(Command::Broker(BrokerCommand::Heal(leader)));
    c.run_for(seconds(10));
    assert_eq!(c.sim.ledger().summary.acked_lost, 3);
    let why = kafkasim::i18n::trace::loss_explanation(&c.sim.ledger().losses[0].explanation, kafkasim::i18n::Lang::En);
    assert!(why.contains("truncated on broker"), "{why}");
}

/// The invariant checker is not vacuous: an unclean election under acks=all
/// loses a committed record, and "committed records never lost" reports it.
#[test]
fn committed_record_invariant_catches_unclean_loss() {
    use kafkasim::sim::invariants::Invariants;
    let mut c = Cluster::new(7, 2);
    c.check = false;
    c.create_topic("t", 1, 2, &[("unclean.leader.election.enable", "true")]);
    let leader = c.leader("t", 0).unwrap();
    let follower = other_replicas(&c, "t", leader)[0];
    c.producer("p", &[("acks", "all")]);
    c.kill(follower);
    c.run_for(seconds(12));
    c.send_to("p", "t", 0, "committed-on-leader-only");
    c.run_for(seconds(1));
    let mut inv = Invariants::new(true);
    assert!(inv.check(&c.sim).is_empty());
    c.kill(leader.0);
    c.run_for(seconds(12));
    c.start(follower);
    c.run_for(seconds(6));
    let v = inv.check(&c.sim);
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].property, "committed records never lost");
}

/// Killing a partition's leader (not the group coordinator) under a running
/// consumer: the fetch parked on the dead broker fails when the host closes
/// its sockets (`NetworkClient.handleDisconnections`), the consumer refreshes
/// its metadata (`DefaultMetadataUpdater.handleServerDisconnect`) and, once
/// the controller fenced the dead broker (about 9 s), fetches from the new
/// leader. It used to wait for `request.timeout.ms` (30 s) with the fetch
/// lost, and stayed at offset 149 while its lag grew to 300.
#[test]
fn consumer_follows_new_leader_after_leader_is_killed() {
    let mut c = kafkasim::console::Console::new(2, 3);
    for l in [
        "kafka-topics --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 3",
        "sim producer start p1 --topic t --rate 10",
        "sim consumer start c1 --group g --topic t",
        "sim advance 15s",
    ] {
        assert!(!c.run_line(l).failed, "{l}");
    }
    let tp = TopicPartition::new("t", 0);
    let sim = c.simulation();
    let leader = sim.controller().image.partition(&tp).unwrap().leader.unwrap();
    let consumer = sim.consumers().values().next().unwrap();
    assert_ne!(consumer.coordinator, Some(leader), "the scenario needs a coordinator other than the leader");
    let before = consumer.assigned[&tp].position.unwrap();
    assert!(!c.run_line(&format!("sim broker kill {leader}")).failed);
    assert!(!c.run_line("sim advance 12s").failed);
    let sim = c.simulation();
    let consumer = sim.consumers().values().next().unwrap();
    let position = consumer.assigned[&tp].position.unwrap();
    assert!(position >= before + 100, "stuck at {position} (was {before})");
    let closed = format!("consumer c1: connection to broker {leader} closed; the fetch in flight failed");
    assert!(
        sim.trace().lines().any(|t| kafkasim::i18n::trace::line_text(t, kafkasim::i18n::Lang::En) == closed),
        "no {closed:?}"
    );
}
