//! The broker's handler, one input at a time (issue 13 item 5): a broker is
//! cloned out of a quiet cluster (or built fresh), fed one input through
//! `Ctx::new(now)`, and the exact effects it records are checked. Produce
//! requests are the ones a real producer of the cluster emits.

mod common;

use common::effects::{client, first_sent, quiet_cluster, sends, traces, without_traces};
use common::Cluster;
use kafkasim::sim::broker::{Broker, BrokerInput};
use kafkasim::sim::client::producer::{ProducerInput, SendRequest};
use kafkasim::sim::config::BrokerConfig;
use kafkasim::sim::ids::{BrokerId, LeaderEpoch, TopicName, TopicPartition};
use kafkasim::sim::messages::{ErrorCode, FetchPartition, Message, NodeId, ProducePartitionResponse, RequiredAcks};
use kafkasim::sim::node::{Ctx, Effect, Observation, TimerKind};
use kafkasim::sim::record::RecordId;
use kafkasim::sim::time::{ms, SimTime};
use kafkasim::vecmap::VecMap;

fn feed(br: &mut Broker, c: &Cluster, input: BrokerInput) -> Vec<Effect> {
    let mut ctx = Ctx::new(c.sim.now());
    br.handle(&mut ctx, input);
    ctx.effects
}

fn tp() -> TopicPartition {
    TopicPartition::new("t", 0)
}

/// The Produce request producer `p0` sends for one record to `t-0` (acks=all),
/// with the record's id.
fn produce_request(c: &Cluster) -> (Message, RecordId) {
    let mut p = c.sim.producers()[&client(c, "p0")].clone();
    let mut ctx = Ctx::new(c.sim.now());
    let req = SendRequest { topic: TopicName::new("t"), partition: Some(0), key: None, value: Some("v".into()) };
    p.handle(&mut ctx, ProducerInput::Send(req));
    let msg = first_sent(&ctx.effects, |m| matches!(m, Message::Produce { .. }));
    let Message::Produce { batches, .. } = &msg else { unreachable!() };
    let id = batches[0].1.records[0].id;
    (msg, id)
}

fn from_p0(c: &Cluster, msg: Message) -> BrokerInput {
    BrokerInput::Message { from: NodeId::Client(client(c, "p0")), msg }
}

/// First boot: register with the controller and retry on the heartbeat interval.
#[test]
fn broker_start_registers_with_the_controller() {
    let mut br = Broker::restart(BrokerId(4), BrokerConfig::default(), 0, VecMap::new());
    let mut ctx = Ctx::new(SimTime::ZERO);
    br.handle(&mut ctx, BrokerInput::Start);
    let registration = Message::BrokerRegistration { incarnation: 0, metadata_offset: 0 };
    assert_eq!(
        ctx.effects,
        vec![
            Effect::Send { to: NodeId::Controller, msg: registration },
            Effect::SetTimer { kind: TimerKind::Heartbeat, after: ms(2_000) },
        ]
    );
}

/// A running broker's heartbeat timer: `BrokerHeartbeat` with its broker
/// epoch and metadata offset, and the timer set again.
#[test]
fn broker_heartbeat_timer_sends_heartbeat_and_rearms() {
    let c = quiet_cluster();
    let mut br = c.sim.broker(BrokerId(2)).unwrap().clone();
    let (broker_epoch, metadata_offset) = (br.broker_epoch, br.metadata.offset);
    let fx = feed(&mut br, &c, BrokerInput::Timer(TimerKind::Heartbeat));
    let heartbeat = Message::BrokerHeartbeat { broker_epoch, metadata_offset, want_shutdown: false };
    assert_eq!(
        fx,
        vec![
            Effect::Send { to: NodeId::Controller, msg: heartbeat },
            Effect::SetTimer { kind: TimerKind::Heartbeat, after: ms(2_000) },
        ]
    );
}

/// `acks=all` on the leader: the batch is appended with the leader's epoch,
/// the parked follower fetches are answered at once with it (Kafka's
/// `DelayedFetch` completes on append), and the request waits in the produce
/// purgatory for `timeout_ms` — no response until the HW passes it.
#[test]
fn broker_produce_acks_all_on_leader_waits_in_purgatory() {
    let c = quiet_cluster();
    let l = c.leader("t", 0).unwrap();
    let (msg, id) = produce_request(&c);
    let mut br = c.sim.broker(l).unwrap().clone();
    let (leo, hw) = (br.partitions[&tp()].log.log_end_offset(), br.partitions[&tp()].log.high_watermark());
    let fx = feed(&mut br, &c, from_p0(&c, msg));
    let append =
        Observation::LeaderAppend { tp: tp(), broker: l, epoch: LeaderEpoch(0), base_offset: leo, ids: vec![id] };
    assert_eq!(fx[0], Effect::Observe(append));
    let followers: Vec<NodeId> = c.partition("t", 0).isr.into_iter().filter(|b| *b != l).map(NodeId::Broker).collect();
    let sent = sends(&fx);
    assert_eq!(sent.iter().map(|(to, _)| *to).collect::<Vec<_>>(), followers, "one fetch response per follower");
    for (_, m) in &sent {
        let Message::FetchResponse { partitions } = m else { panic!("only fetch responses: {m:?}") };
        assert_eq!(partitions.len(), 1);
        let r = &partitions[0];
        assert_eq!((&r.tp, r.error, r.high_watermark, r.diverging_epoch), (&tp(), None, hw, None));
        assert_eq!(r.records.iter().map(|x| (x.offset, x.id)).collect::<Vec<_>>(), vec![(leo, id)]);
    }
    assert_eq!(fx.last(), Some(&Effect::SetTimer { kind: TimerKind::ProducePurgatory, after: ms(30_000) }));
    assert_eq!(fx.len(), 2 + followers.len());
    assert_eq!(traces(&fx), Vec::<String>::new());
}

/// `acks=1` on the leader: appended and answered at once with its offset.
#[test]
fn broker_produce_acks_1_on_leader_answers_at_once() {
    let c = quiet_cluster();
    let l = c.leader("t", 0).unwrap();
    let (mut msg, id) = produce_request(&c);
    let Message::Produce { acks, correlation_id, .. } = &mut msg else { unreachable!() };
    *acks = RequiredAcks::Leader;
    let correlation_id = *correlation_id;
    let mut br = c.sim.broker(l).unwrap().clone();
    let leo = br.partitions[&tp()].log.log_end_offset();
    let fx = feed(&mut br, &c, from_p0(&c, msg));
    let append =
        Observation::LeaderAppend { tp: tp(), broker: l, epoch: LeaderEpoch(0), base_offset: leo, ids: vec![id] };
    assert_eq!(fx[0], Effect::Observe(append));
    let response = Message::ProduceResponse {
        correlation_id,
        partitions: vec![ProducePartitionResponse { tp: tp(), error: None, base_offset: leo }],
    };
    assert_eq!(fx.last(), Some(&Effect::Send { to: NodeId::Client(client(&c, "p0")), msg: response }));
    assert!(!fx.iter().any(|e| matches!(e, Effect::SetTimer { .. })), "no purgatory for acks=1");
}

/// A produce to a follower: `NOT_LEADER_OR_FOLLOWER`, nothing appended.
/// (The purgatory timer is armed although nothing waits in it; it fires and
/// finds nothing. Kafka's `ReplicaManager.appendRecords` skips the purgatory
/// when no partition was appended.)
#[test]
fn broker_produce_on_follower_answers_not_leader() {
    let c = quiet_cluster();
    let l = c.leader("t", 0).unwrap();
    let f = *c.partition("t", 0).replicas.iter().find(|b| **b != l).unwrap();
    let (msg, _) = produce_request(&c);
    let Message::Produce { correlation_id, .. } = &msg else { unreachable!() };
    let correlation_id = *correlation_id;
    let mut br = c.sim.broker(f).unwrap().clone();
    let leo = br.partitions[&tp()].log.log_end_offset();
    let fx = feed(&mut br, &c, from_p0(&c, msg));
    let error = Some(ErrorCode::NotLeaderOrFollower);
    let response = Message::ProduceResponse {
        correlation_id,
        partitions: vec![ProducePartitionResponse { tp: tp(), error, base_offset: -1 }],
    };
    assert_eq!(
        without_traces(&fx),
        vec![
            Effect::SetTimer { kind: TimerKind::ProducePurgatory, after: ms(30_000) },
            Effect::Send { to: NodeId::Client(client(&c, "p0")), msg: response },
        ]
    );
    assert_eq!(br.partitions[&tp()].log.log_end_offset(), leo, "nothing appended");
}

/// The follower fetches that move the HW past an `acks=all` batch complete it:
/// the first follower's fetch (its LEO now past the batch) only parks, as the
/// other ISR member still lacks it; the second moves the HW, which answers
/// the producer (`DelayedProduce`) and the consumer parked on the HW
/// (`DelayedFetch`). The followers learn the new HW at their next fetch.
#[test]
fn broker_follower_fetches_complete_the_delayed_produce() {
    let c = quiet_cluster();
    let l = c.leader("t", 0).unwrap();
    let (msg, id) = produce_request(&c);
    let Message::Produce { correlation_id, .. } = &msg else { unreachable!() };
    let correlation_id = *correlation_id;
    let mut br = c.sim.broker(l).unwrap().clone();
    let base_offset = br.partitions[&tp()].log.log_end_offset();
    feed(&mut br, &c, from_p0(&c, msg));
    let followers: Vec<BrokerId> = c.partition("t", 0).isr.into_iter().filter(|b| *b != l).collect();
    let fetch = |f: BrokerId| {
        let at = FetchPartition {
            tp: tp(),
            fetch_offset: base_offset + 1,
            last_fetched_epoch: LeaderEpoch(0),
            current_leader_epoch: LeaderEpoch(0),
        };
        BrokerInput::Message { from: NodeId::Broker(f), msg: Message::Fetch { replica: Some(f), partitions: vec![at] } }
    };
    assert_eq!(feed(&mut br, &c, fetch(followers[0])), vec![], "parked; its wait timer is already armed");
    let fx = feed(&mut br, &c, fetch(followers[1]));
    let hw = base_offset + 1;
    assert_eq!(fx[0], Effect::Observe(Observation::HighWatermark { tp: tp(), broker: l, hw }));
    let response = Message::ProduceResponse {
        correlation_id,
        partitions: vec![ProducePartitionResponse { tp: tp(), error: None, base_offset }],
    };
    assert_eq!(fx[1], Effect::Send { to: NodeId::Client(client(&c, "p0")), msg: response });
    let [Effect::Send { to, msg: Message::FetchResponse { partitions } }] = &fx[2..] else { panic!("{fx:?}") };
    assert_eq!(*to, NodeId::Client(client(&c, "c1")), "the group's consumer, parked on the HW");
    assert_eq!(partitions[0].high_watermark, hw);
    assert_eq!(partitions[0].records.iter().map(|r| r.id).collect::<Vec<_>>(), vec![id]);
}
