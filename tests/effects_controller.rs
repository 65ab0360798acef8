//! The controller's handler, one input at a time (issue 13 item 5): the node is
//! taken from a running cluster (or built fresh), fed one input through
//! `Ctx::new(now)`, and the exact effects it records are checked.

mod common;

use common::effects::{traces, without_traces};
use common::{seconds, Cluster};
use kafkasim::sim::config::BrokerConfig;
use kafkasim::sim::controller::{Controller, ControllerInput};
use kafkasim::sim::ids::{BrokerId, LeaderEpoch, TopicPartition};
use kafkasim::sim::messages::{Message, NodeId};
use kafkasim::sim::metadata::{MetadataRecord, PartitionState};
use kafkasim::sim::node::{Ctx, Effect, Observation, TimerKind};
use kafkasim::sim::rng::SimRng;
use kafkasim::sim::time::ms;
use std::rc::Rc;

/// Three brokers, `t-0` replicated on all three with min ISR 2.
fn cluster() -> Cluster {
    let mut c = Cluster::new(5, 3);
    c.create_topic("t", 1, 3, &[("min.insync.replicas", "2")]);
    c.run_for(seconds(1));
    c
}

fn feed(ctl: &mut Controller, c: &Cluster, input: ControllerInput) -> Vec<Effect> {
    let mut ctx = Ctx::new(c.sim.now());
    ctl.handle(&mut ctx, input);
    ctx.effects
}

fn heartbeat(b: BrokerId, broker_epoch: u64, metadata_offset: u64) -> ControllerInput {
    let msg = Message::BrokerHeartbeat { broker_epoch, metadata_offset, want_shutdown: false };
    ControllerInput::Message { from: NodeId::Broker(b), msg }
}

/// A metadata push of `records` from `base_offset` to every registered broker, in id order.
fn pushes(brokers: &[u32], base_offset: u64, records: Vec<MetadataRecord>) -> Vec<Effect> {
    let records = Rc::new(records);
    let push = |b: &u32| Effect::Send {
        to: NodeId::Broker(BrokerId(*b)),
        msg: Message::MetadataPush { base_offset, records: records.clone() },
    };
    brokers.iter().map(push).collect()
}

/// The leader's session expires: it is fenced, and the controller elects the
/// first other ISR replica in replica order (`PartitionChangeBuilder`),
/// bumping the leader and partition epochs, and pushes both records.
#[test]
fn controller_session_expiry_fences_and_elects() {
    let c = cluster();
    let tp = TopicPartition::new("t", 0);
    let before = c.partition("t", 0);
    let old = before.leader.unwrap();
    let new = *before.replicas.iter().find(|r| **r != old).unwrap();
    let mut ctl = c.sim.controller().clone();
    let base = ctl.image.offset;
    let fx = feed(&mut ctl, &c, ControllerInput::Timer(TimerKind::BrokerSession(old)));
    let isr: Vec<BrokerId> = before.isr.iter().copied().filter(|b| *b != old).collect();
    let state = PartitionState {
        isr: isr.clone(),
        leader: Some(new),
        leader_epoch: LeaderEpoch(before.leader_epoch.0 + 1),
        partition_epoch: before.partition_epoch + 1,
        ..before.clone()
    };
    let mut expected = vec![
        Effect::Observe(Observation::Election { tp: tp.clone(), unclean: false }),
        Effect::Observe(Observation::IsrChanged { tp: tp.clone(), shrink: true }),
    ];
    let records = vec![MetadataRecord::BrokerFenced { broker: old }, MetadataRecord::Partition { tp, state }];
    expected.extend(pushes(&[1, 2, 3], base, records));
    assert_eq!(without_traces(&fx), expected);
    let isr = isr.iter().map(|b| b.0.to_string()).collect::<Vec<_>>().join(",");
    assert_eq!(
        traces(&fx),
        vec![
            format!("broker {old} missed heartbeats for 9.0 s → fenced"),
            format!("t-0 (broker {old} fenced): leader {old} → {new}, epoch 1, ISR [{isr}]"),
        ]
    );
    assert_eq!(ctl.image.offset, base + 2);
}

/// A heartbeat from a broker the controller never registered is ignored:
/// no response, no record, no timer.
#[test]
fn controller_heartbeat_from_unknown_broker_does_nothing() {
    let c = cluster();
    let mut ctl = c.sim.controller().clone();
    let fx = feed(&mut ctl, &c, heartbeat(BrokerId(7), 1, 0));
    assert_eq!(fx, vec![]);
    assert_eq!(ctl.image.offset, c.sim.controller().image.offset);
}

/// A heartbeat with an old broker epoch (a previous incarnation) is ignored
/// too: the broker re-registers.
#[test]
fn controller_heartbeat_with_stale_broker_epoch_does_nothing() {
    let c = cluster();
    let mut ctl = c.sim.controller().clone();
    let b = BrokerId(2);
    let (epoch, offset) = (ctl.image.brokers[&b].broker_epoch, ctl.image.offset);
    let fx = feed(&mut ctl, &c, heartbeat(b, epoch - 1, offset));
    assert_eq!(fx, vec![]);
}

/// A fenced broker that heartbeats again, caught up with the metadata log,
/// renews its session and is unfenced; the response carries the new record
/// and every broker is pushed it.
#[test]
fn controller_heartbeat_from_fenced_caught_up_broker_unfences() {
    let c = cluster();
    let b = BrokerId(2);
    let mut ctl = c.sim.controller().clone();
    feed(&mut ctl, &c, ControllerInput::Timer(TimerKind::BrokerSession(b)));
    assert!(ctl.image.brokers[&b].fenced);
    let (epoch, offset) = (ctl.image.brokers[&b].broker_epoch, ctl.image.offset);
    let fx = feed(&mut ctl, &c, heartbeat(b, epoch, offset));
    let records = Rc::new(vec![MetadataRecord::BrokerUnfenced { broker: b }]);
    let response =
        Message::BrokerHeartbeatResponse { fenced: false, should_shutdown: false, base_offset: offset, records };
    let mut expected = vec![
        Effect::SetTimer { kind: TimerKind::BrokerSession(b), after: ms(9_000) },
        Effect::Send { to: NodeId::Broker(b), msg: response },
    ];
    expected.extend(pushes(&[1, 2, 3], offset, vec![MetadataRecord::BrokerUnfenced { broker: b }]));
    assert_eq!(without_traces(&fx), expected);
    assert_eq!(traces(&fx), vec!["broker 2 caught up with the metadata log → unfenced"]);
    assert!(!ctl.image.brokers[&b].fenced);
}

/// A new incarnation registering while the old one's session is valid is
/// refused (`DuplicateBrokerRegistrationException`): only a trace line.
#[test]
fn controller_registration_while_session_valid_is_refused() {
    let c = cluster();
    let mut ctl = c.sim.controller().clone();
    let msg = Message::BrokerRegistration { incarnation: 9, metadata_offset: 0 };
    let fx = feed(&mut ctl, &c, ControllerInput::Message { from: NodeId::Broker(BrokerId(1)), msg });
    assert_eq!(without_traces(&fx), vec![]);
    assert_eq!(traces(&fx), vec!["broker 1 registration refused: previous incarnation still has a session"]);
}

/// The first registration on a fresh controller: broker epoch 1, a session
/// timer, the response, and the `RegisterBroker` record pushed to the broker.
#[test]
fn controller_first_registration_starts_a_session() {
    let mut ctl = Controller::new(BrokerConfig::default(), SimRng::new(1));
    let mut ctx = Ctx::new(kafkasim::sim::time::SimTime::ZERO);
    let b = BrokerId(1);
    let msg = Message::BrokerRegistration { incarnation: 0, metadata_offset: 0 };
    ctl.handle(&mut ctx, ControllerInput::Message { from: NodeId::Broker(b), msg });
    let record = MetadataRecord::RegisterBroker { broker: b, broker_epoch: 1 };
    let mut expected = vec![
        Effect::SetTimer { kind: TimerKind::BrokerSession(b), after: ms(9_000) },
        Effect::Send { to: NodeId::Broker(b), msg: Message::BrokerRegistrationResponse { broker_epoch: 1 } },
    ];
    expected.extend(pushes(&[1], 0, vec![record]));
    assert_eq!(without_traces(&ctx.effects), expected);
    assert_eq!(traces(&ctx.effects), vec!["broker 1 registered with broker epoch 1 (fenced until caught up)"]);
}

/// The leader asks to shrink the ISR (`AlterPartition` with its broker epoch
/// and the current leader and partition epochs): the controller commits it
/// with a new partition epoch, answers the leader and pushes the record.
#[test]
fn controller_alter_partition_shrinks_the_isr() {
    let c = cluster();
    let tp = TopicPartition::new("t", 0);
    let before = c.partition("t", 0);
    let l = before.leader.unwrap();
    let out = *before.isr.iter().rfind(|b| **b != l).unwrap();
    let new_isr: Vec<BrokerId> = before.isr.iter().copied().filter(|b| *b != out).collect();
    let mut ctl = c.sim.controller().clone();
    let (base, broker_epoch) = (ctl.image.offset, ctl.image.brokers[&l].broker_epoch);
    let msg = Message::AlterPartition {
        broker_epoch,
        tp: tp.clone(),
        leader_epoch: before.leader_epoch,
        partition_epoch: before.partition_epoch,
        new_isr: new_isr.clone(),
    };
    let fx = feed(&mut ctl, &c, ControllerInput::Message { from: NodeId::Broker(l), msg });
    let state = PartitionState { isr: new_isr.clone(), partition_epoch: before.partition_epoch + 1, ..before };
    let mut expected = vec![
        Effect::Observe(Observation::IsrChanged { tp: tp.clone(), shrink: true }),
        Effect::Send { to: NodeId::Broker(l), msg: Message::AlterPartitionResponse { tp: tp.clone(), error: None } },
    ];
    expected.extend(pushes(&[1, 2, 3], base, vec![MetadataRecord::Partition { tp, state }]));
    assert_eq!(without_traces(&fx), expected);
    let isr = new_isr.iter().map(|b| b.0.to_string()).collect::<Vec<_>>().join(",");
    assert_eq!(traces(&fx), vec![format!("t-0 (leader {l} shrinks ISR): ISR [{isr}]")]);
}
