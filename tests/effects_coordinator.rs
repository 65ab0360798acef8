//! The group coordinator's handler, one input at a time (issue 13 item 5).
//! Inputs go in through the broker's public entry point (`Broker::handle`),
//! which hands group requests to the coordinator it owns; the requests are
//! the ones a real consumer of the cluster emits.

mod common;
use kafkasim::sim::ids::GroupId;
use kafkasim::sim::trace::{DisruptionCause, RebalanceReason};

use common::effects::{client, coordinator_of, first_sent, quiet_cluster, traces, without_traces};
use common::Cluster;
use kafkasim::sim::broker::BrokerInput;
use kafkasim::sim::client::consumer::ConsumerInput;
use kafkasim::sim::ids::BrokerId;
use kafkasim::sim::messages::{ErrorCode, MemberFields, Message, NodeId};
use kafkasim::sim::node::{Ctx, Effect, Observation, TimerKind};
use kafkasim::sim::time::ms;

fn feed_broker(c: &Cluster, b: BrokerId, from: &str, msg: Message) -> Vec<Effect> {
    let mut br = c.sim.broker(b).unwrap().clone();
    let mut ctx = Ctx::new(c.sim.now());
    br.handle(&mut ctx, BrokerInput::Message { from: NodeId::Client(client(c, from)), msg });
    ctx.effects
}

/// The JoinGroup consumer `c2` (group `h`, not yet known to any coordinator)
/// sends once it has found its coordinator.
fn first_join(c: &Cluster) -> Message {
    let coordinator = coordinator_of(c, "h");
    let mut k = c.sim.consumers()[&client(c, "c2")].clone();
    let found = Message::FindCoordinatorResponse { group: "h".into(), error: None, coordinator: Some(coordinator) };
    k.handle(&mut Ctx::new(c.sim.now()), ConsumerInput::Message { from: NodeId::Broker(coordinator), msg: found });
    let mut ctx = Ctx::new(c.sim.now());
    k.handle(&mut ctx, ConsumerInput::Timer(TimerKind::Poll));
    first_sent(&ctx.effects, |m| matches!(m, Message::JoinGroup(..)))
}

/// Any broker answers FindCoordinator with the leader of the group's
/// `__consumer_offsets` partition (`FindCoordinatorRequest`, key type GROUP).
#[test]
fn coordinator_find_coordinator_names_the_offsets_partition_leader() {
    let c = quiet_cluster();
    let coordinator = coordinator_of(&c, "h");
    for b in 1..=3 {
        let fx = feed_broker(&c, BrokerId(b), "c2", Message::FindCoordinator { group: "h".into() });
        let answer =
            Message::FindCoordinatorResponse { group: "h".into(), error: None, coordinator: Some(coordinator) };
        assert_eq!(fx, vec![Effect::Send { to: NodeId::Client(client(&c, "c2")), msg: answer }], "broker {b}");
    }
}

/// A new member joining without a member id gets `MEMBER_ID_REQUIRED` and the
/// id to use (KIP-394); the group is not touched and no timer is set.
#[test]
fn coordinator_join_without_member_id_requires_one() {
    let c = quiet_cluster();
    let coordinator = coordinator_of(&c, "h");
    let fx = feed_broker(&c, coordinator, "c2", first_join(&c));
    let [Effect::Send { to, msg: Message::JoinGroupResponse(r) }] = &fx[..] else { panic!("one response: {fx:?}") };
    assert_eq!(*to, NodeId::Client(client(&c, "c2")));
    assert_eq!((r.group.as_str(), r.error, r.generation), ("h", Some(ErrorCode::MemberIdRequired), -1));
    assert_eq!(r.member_id, format!("c2-b{}-1", coordinator.0));
    assert!(r.leader.is_empty() && r.members.is_empty());
}

/// The first member joins with its id: the group goes to PreparingRebalance,
/// the member's session timer and the join timer (the initial rebalance
/// delay, `group.initial.rebalance.delay.ms` = 3 s) are set, the ledger hears
/// of the rebalance, and the JoinGroup response waits for the join phase.
#[test]
fn coordinator_first_member_join_arms_the_join_timer() {
    let c = quiet_cluster();
    let coordinator = coordinator_of(&c, "h");
    let mut br = c.sim.broker(coordinator).unwrap().clone();
    let from = NodeId::Client(client(&c, "c2"));
    let join = first_join(&c);
    br.handle(&mut Ctx::new(c.sim.now()), BrokerInput::Message { from, msg: join.clone() });
    let member = format!("c2-b{}-1", coordinator.0);
    let mut join = join;
    let Message::JoinGroup(req) = &mut join else { unreachable!() };
    req.member_id = member.clone();
    let mut ctx = Ctx::new(c.sim.now());
    br.handle(&mut ctx, BrokerInput::Message { from, msg: join });
    let cause = DisruptionCause::Rebalance(RebalanceReason::MemberJoined(member.clone()));
    assert_eq!(
        without_traces(&ctx.effects),
        vec![
            Effect::SetTimer {
                kind: TimerKind::GroupSession(Box::new((GroupId::new("h"), member.clone()))),
                after: ms(45_000)
            },
            Effect::SetTimer { kind: TimerKind::GroupJoin(GroupId::new("h")), after: ms(3_000) },
            Effect::Observe(Observation::GroupDisruption { group: "h".into(), cause }),
        ]
    );
    assert_eq!(
        traces(&ctx.effects),
        vec![format!("group h → PreparingRebalance (generation 0): member {member} joined; join phase up to 3000 ms")]
    );
}

/// A heartbeat from a member the group does not know: `UNKNOWN_MEMBER_ID`.
#[test]
fn coordinator_heartbeat_from_unknown_member_is_rejected() {
    let c = quiet_cluster();
    let coordinator = coordinator_of(&c, "g");
    let generation = c.group("g").generation;
    let member = MemberFields { group: "g".into(), generation, member_id: "nobody".into(), group_instance_id: None };
    let fx = feed_broker(&c, coordinator, "c2", Message::Heartbeat { member: Box::new(member) });
    let answer = Message::HeartbeatResponse { group: "g".into(), error: Some(ErrorCode::UnknownMemberId) };
    assert_eq!(without_traces(&fx), vec![Effect::Send { to: NodeId::Client(client(&c, "c2")), msg: answer }]);
}
