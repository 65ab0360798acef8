//! The consumer's handler, one input at a time (issue 13 item 5): a consumer
//! is built fresh or cloned out of a quiet cluster, fed one input through
//! `Ctx::new(now)`, and the exact effects it records are checked.

mod common;

use common::effects::{client, coordinator_of, quiet_cluster, traces, without_traces};
use common::Cluster;
use kafkasim::sim::client::consumer::config::ConsumerConfig;
use kafkasim::sim::client::consumer::{Consumer, ConsumerInput};
use kafkasim::sim::ids::{BrokerId, TopicName};
use kafkasim::sim::messages::{ClientNodeId, Message, NodeId};
use kafkasim::sim::node::{Ctx, Effect, TimerKind};
use kafkasim::sim::time::{ms, SimTime};

fn feed(k: &mut Consumer, c: &Cluster, input: ConsumerInput) -> Vec<Effect> {
    let mut ctx = Ctx::new(c.sim.now());
    k.handle(&mut ctx, input);
    ctx.effects
}

/// Start: ask a bootstrap broker for the subscribed topics' metadata, poll
/// at once, and start the heartbeat clock (`heartbeat.interval.ms` = 3 s).
#[test]
fn consumer_start_requests_metadata_and_polls() {
    let topics = vec![TopicName::new("t")];
    let mut k = Consumer::new(ClientNodeId(9), ConsumerConfig::default(), topics, 0, vec![BrokerId(1), BrokerId(2)]);
    let mut ctx = Ctx::new(SimTime::ZERO);
    k.handle(&mut ctx, ConsumerInput::Start);
    assert_eq!(
        ctx.effects,
        vec![
            Effect::Send {
                to: NodeId::Broker(BrokerId(1)),
                msg: Message::Metadata { correlation_id: 1, topics: vec![TopicName::new("t")] }
            },
            Effect::SetTimer { kind: TimerKind::MetadataTimeout(0), after: ms(1_000) },
            Effect::SetTimer { kind: TimerKind::Poll, after: ms(0) },
            Effect::SetTimer { kind: TimerKind::GroupHeartbeat, after: ms(3_000) },
        ]
    );
}

/// Poll with no coordinator and no assignment: FindCoordinator for the group
/// (to the least loaded broker), a timer for its answer
/// (`request.timeout.ms`), and the next poll.
#[test]
fn consumer_poll_without_coordinator_finds_it() {
    let c = quiet_cluster();
    let mut k = c.sim.consumers()[&client(&c, "c2")].clone();
    assert!(k.coordinator.is_none() && k.assigned.is_empty());
    let fx = feed(&mut k, &c, ConsumerInput::Timer(TimerKind::Poll));
    let [Effect::Send { to: NodeId::Broker(_), msg }, rest @ ..] = &fx[..] else { panic!("{fx:?}") };
    assert_eq!(msg, &Message::FindCoordinator { group: "h".into() });
    assert_eq!(
        rest,
        &[
            Effect::SetTimer { kind: TimerKind::CoordinatorTimeout, after: ms(30_000) },
            Effect::SetTimer { kind: TimerKind::Poll, after: ms(100) },
        ]
    );
}

/// The FindCoordinator answer only records the coordinator (and says so in
/// the trace); the JoinGroup goes with the next poll.
#[test]
fn consumer_find_coordinator_response_records_the_coordinator() {
    let c = quiet_cluster();
    let coordinator = coordinator_of(&c, "h");
    let mut k = c.sim.consumers()[&client(&c, "c2")].clone();
    let msg = Message::FindCoordinatorResponse { group: "h".into(), error: None, coordinator: Some(coordinator) };
    let fx = feed(&mut k, &c, ConsumerInput::Message { from: NodeId::Broker(coordinator), msg });
    assert_eq!(without_traces(&fx), vec![]);
    assert_eq!(traces(&fx), vec![format!("consumer c2: group coordinator is broker {coordinator}")]);
    assert_eq!(k.coordinator, Some(coordinator));
}

/// Poll with a coordinator but no member id: JoinGroup as a new member (empty
/// member id, generation -1, no owned partitions) with the consumer's
/// session and rebalance timeouts and its assignor's subscription.
#[test]
fn consumer_poll_with_coordinator_joins_the_group() {
    let c = quiet_cluster();
    let coordinator = coordinator_of(&c, "h");
    let mut k = c.sim.consumers()[&client(&c, "c2")].clone();
    let msg = Message::FindCoordinatorResponse { group: "h".into(), error: None, coordinator: Some(coordinator) };
    feed(&mut k, &c, ConsumerInput::Message { from: NodeId::Broker(coordinator), msg });
    let fx = feed(&mut k, &c, ConsumerInput::Timer(TimerKind::Poll));
    let [Effect::Send { to, msg: Message::JoinGroup(r) }, rest @ ..] = &fx[..] else { panic!("{fx:?}") };
    assert_eq!(*to, NodeId::Broker(coordinator));
    assert_eq!((r.group.as_str(), r.client_id.as_str(), r.member_id.as_str()), ("h", "c2", ""));
    assert_eq!((r.session_timeout_ms, r.rebalance_timeout_ms), (45_000, 300_000));
    assert_eq!(r.protocol_type, "consumer");
    let [p] = &r.protocols[..] else { panic!("one protocol") };
    assert_eq!((p.name.as_str(), &p.metadata.topics, p.metadata.generation), ("range", &vec![TopicName::new("t")], -1));
    assert!(p.metadata.owned_partitions.is_empty());
    assert_eq!(
        rest,
        &[
            Effect::SetTimer { kind: TimerKind::CoordinatorTimeout, after: ms(30_000) },
            Effect::SetTimer { kind: TimerKind::Poll, after: ms(100) },
        ]
    );
}
