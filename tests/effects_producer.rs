//! The producer's handler, one input at a time (issue 13 item 5): a producer
//! is built fresh or cloned out of a quiet cluster, fed one input through
//! `Ctx::new(now)`, and the exact effects it records are checked.

mod common;

use common::effects::{client, quiet_cluster, traces};
use common::Cluster;
use kafkasim::sim::client::producer::{Producer, ProducerInput, SendRequest};
use kafkasim::sim::client::producer_config::{Acks, ProducerConfig};
use kafkasim::sim::ids::{BrokerId, ProducerId, TopicName, TopicPartition};
use kafkasim::sim::messages::{ClientNodeId, Message, NodeId, RequiredAcks};
use kafkasim::sim::node::{Ctx, Effect, Observation, TimerKind};
use kafkasim::sim::rng::SimRng;
use kafkasim::sim::time::{ms, SimTime};

fn send_v() -> ProducerInput {
    ProducerInput::Send(SendRequest {
        topic: TopicName::new("t"),
        partition: Some(0),
        key: None,
        value: Some("v".into()),
    })
}

fn feed(c: &Cluster, id: &str, input: ProducerInput) -> (Producer, Vec<Effect>) {
    let mut p = c.sim.producers()[&client(c, id)].clone();
    let mut ctx = Ctx::new(c.sim.now());
    p.handle(&mut ctx, input);
    (p, ctx.effects)
}

/// A send for a topic the producer has no metadata for: the record is
/// reported to the ledger, and a Metadata request goes to a bootstrap broker
/// with a timer for its answer (`KafkaProducer.waitOnMetadata`).
#[test]
fn producer_send_without_metadata_requests_it() {
    let node = ClientNodeId(8);
    let bootstrap = vec![BrokerId(1), BrokerId(2)];
    let mut p = Producer::new(node, ProducerConfig::default(), bootstrap.clone(), ProducerId(0), SimRng::new(1));
    let mut ctx = Ctx::new(SimTime::ZERO);
    p.handle(&mut ctx, send_v());
    let [Effect::Observe(Observation::Produced { id, producer, topic, key, acks }), Effect::Send { to, msg }, timer] =
        &ctx.effects[..]
    else {
        panic!("three effects: {:?}", ctx.effects)
    };
    assert_eq!((*producer, topic, key, *acks), (node, &TopicName::new("t"), &None, Acks::All));
    assert_eq!(id.0 >> 40, 8, "record ids are numbered per producer node");
    assert!(matches!(to, NodeId::Broker(b) if bootstrap.contains(b)), "{to}");
    assert_eq!(msg, &Message::Metadata { correlation_id: 0, topics: vec![TopicName::new("t")] });
    assert_eq!(timer, &Effect::SetTimer { kind: TimerKind::MetadataTimeout(0), after: ms(1_000) });
}

/// `linger.ms=5`: the record waits in its batch; only the Linger timer is set.
#[test]
fn producer_send_with_linger_sets_the_linger_timer() {
    let c = quiet_cluster();
    let (p, fx) = feed(&c, "p5", send_v());
    let [Effect::Observe(Observation::Produced { .. }), timer] = &fx[..] else { panic!("two effects: {fx:?}") };
    assert_eq!(timer, &Effect::SetTimer { kind: TimerKind::Linger, after: ms(5) });
    assert_eq!(p.pending_records(), 1);
    assert_eq!(traces(&fx), Vec::<String>::new());
}

/// `linger.ms=0` with metadata known: the batch goes at once to the
/// partition's leader, idempotent (producer id, epoch, next sequence), with
/// `acks=all` and `request.timeout.ms` as the produce timeout, and the
/// request-timeout timer is armed for it.
#[test]
fn producer_send_without_linger_sends_produce_to_the_leader() {
    let c = quiet_cluster();
    let l = c.leader("t", 0).unwrap();
    let (_, fx) = feed(&c, "p0", send_v());
    let [Effect::Observe(Observation::Produced { id, .. }), Effect::Send { to, msg }, timer] = &fx[..] else {
        panic!("three effects: {fx:?}")
    };
    assert_eq!(timer, &Effect::SetTimer { kind: TimerKind::RequestTimeout, after: ms(30_000) });
    assert_eq!(*to, NodeId::Broker(l));
    let Message::Produce { acks, timeout_ms, batches, .. } = msg else { panic!("{msg:?}") };
    assert_eq!((*acks, *timeout_ms), (RequiredAcks::All, 30_000));
    let [(tp, batch)] = &batches[..] else { panic!("one batch") };
    assert_eq!(tp, &TopicPartition::new("t", 0));
    assert_eq!(batch.base_sequence, 1, "the second record of this producer");
    assert_eq!(
        batch.records.iter().map(|r| (r.id, r.data.value.as_deref())).collect::<Vec<_>>(),
        vec![(*id, Some("v"))]
    );
}
