//! Countdowns in the view: the timeouts that decide the story appear when
//! their renewal is overdue, shrink, and vanish when the consequence happens.
mod common;
use common::*;
use kafkasim::sim::commands::{BrokerCommand, Command, LinkCommand};
use kafkasim::sim::coordinator::group::GroupState;
use kafkasim::sim::countdowns::{Countdown, CountdownKind, CountdownTarget};
use kafkasim::sim::ids::{BrokerId, TopicPartition};
use kafkasim::sim::messages::NodeId;
use kafkasim::sim::time::SimTime;

const FAST: &[(&str, &str)] = &[("session.timeout.ms", "6000"), ("heartbeat.interval.ms", "1000")];

fn broker_countdown(c: &Cluster, b: u32) -> Option<Countdown> {
    c.sim.view().countdowns.into_iter().find(|x| x.target == CountdownTarget::Broker(BrokerId(b)))
}

fn replica_countdown(c: &Cluster, tp: &TopicPartition, follower: u32) -> Option<Countdown> {
    let target = CountdownTarget::Replica { tp: tp.clone(), follower: BrokerId(follower) };
    c.sim.view().countdowns.into_iter().find(|x| x.target == target)
}

fn member_countdown(c: &Cluster, member_id: &str) -> Option<Countdown> {
    c.sim
        .countdowns()
        .into_iter()
        .find(|x| matches!(&x.target, CountdownTarget::Member { member_id: m, .. } if m == member_id))
}

/// Steps until `from` has just delivered an `api` message to `to`; returns that instant.
fn step_until_delivered(c: &mut Cluster, api: &str, from: NodeId, to: NodeId) -> SimTime {
    c.run_until(seconds(10), api, |c| {
        c.sim.recent().since(c.sim.now()).iter().any(|m| m.api == api && m.from == from && m.to == to)
    });
    c.sim.now()
}

/// A busy cluster: producers, replication and a stable group.
fn lively(seed: u64) -> Cluster {
    let mut c = Cluster::new(seed, 3);
    c.create_topic("orders", 3, 3, &[]);
    c.workload("w", "orders", 200, 20, &[]);
    c.consumer("c1", "g", &["orders"], "range", FAST);
    c.consumer("c2", "g", &["orders"], "range", FAST);
    c.run_until(seconds(20), "stable group", |c| {
        let g = c.group("g");
        g.state == GroupState::Stable && g.members.len() == 2
    });
    c
}

#[test]
fn a_healthy_lively_cluster_shows_no_countdown() {
    let mut c = lively(41);
    let end = c.sim.now().plus(seconds(40));
    let mut checked = 0u64;
    while c.sim.next_event_time().is_some_and(|t| t <= end) {
        c.sim.step();
        let running = c.sim.countdowns();
        assert!(running.is_empty(), "t={}: {running:?}", c.sim.now());
        checked += 1;
    }
    assert!(checked > 10_000, "the cluster was busy ({checked} events)");
    assert!(c.sim.ledger().summary.acked > 5_000);
}

#[test]
fn a_killed_broker_counts_down_its_session_until_fenced() {
    let mut c = lively(42);
    let session = seconds(9); // broker.session.timeout.ms default
    let last = step_until_delivered(&mut c, "BrokerHeartbeat", NodeId::Broker(BrokerId(2)), NodeId::Controller);
    assert!(broker_countdown(&c, 2).is_none(), "a heartbeat just arrived");
    c.kill(2);
    let cd = broker_countdown(&c, 2).expect("a dead broker's session runs down at once");
    assert_eq!(cd.kind, CountdownKind::BrokerSession);
    assert_eq!((cd.start, cd.deadline), (last, last.plus(session)));
    let left = cd.remaining(c.sim.now());
    c.run_for(seconds(3));
    let later = broker_countdown(&c, 2).expect("still counting");
    assert_eq!(later.deadline, cd.deadline);
    assert_eq!(later.remaining(c.sim.now()).0, left.0 - seconds(3).0, "shrinks with time");
    assert!(broker_countdown(&c, 1).is_none() && broker_countdown(&c, 3).is_none());
    c.run_until(seconds(10), "broker 2 fenced", |c| c.sim.view().brokers[1].fenced);
    assert_eq!(c.sim.now(), cd.deadline, "fenced when the countdown runs out");
    assert!(broker_countdown(&c, 2).is_none(), "gone once fenced");
    assert!(c.sim.view().countdowns.iter().all(|x| x.kind != CountdownKind::ReplicaLag), "fencing shrank the ISRs");
}

#[test]
fn an_isolated_broker_shows_a_countdown_once_its_heartbeat_is_overdue() {
    let mut c = lively(43);
    let last = step_until_delivered(&mut c, "BrokerHeartbeat", NodeId::Broker(BrokerId(3)), NodeId::Controller);
    c.apply(Command::Broker(BrokerCommand::Isolate(BrokerId(3))));
    c.run_for(ms(1_900));
    assert!(broker_countdown(&c, 3).is_none(), "not overdue within one heartbeat interval");
    c.run_for(ms(300));
    let cd = broker_countdown(&c, 3).expect("overdue after an interval and the slowest latency");
    assert_eq!((cd.start, cd.deadline), (last, last.plus(seconds(9))));
    c.run_until(seconds(8), "broker 3 fenced", |c| c.sim.view().brokers[2].fenced);
    assert!(broker_countdown(&c, 3).is_none());
}

#[test]
fn a_cut_off_follower_counts_down_replica_lag_until_the_isr_shrinks() {
    let mut c = lively(44);
    let tp = TopicPartition::new("orders", 0);
    let leader = c.leader("orders", 0).unwrap().0;
    let follower = *c.isr("orders", 0).iter().find(|b| **b != leader).unwrap();
    c.apply(Command::Link(LinkCommand::Cut { from: BrokerId(leader), to: BrokerId(follower), one_way: false }));
    c.run_for(ms(1_500));
    let cd = replica_countdown(&c, &tp, follower).expect("the follower fell behind");
    assert_eq!(cd.kind, CountdownKind::ReplicaLag);
    let caught_up =
        c.sim.broker(BrokerId(leader)).unwrap().partitions[&tp].followers[&BrokerId(follower)].last_caught_up_ms;
    assert_eq!(cd.start, SimTime(caught_up * 1_000));
    assert_eq!(cd.deadline, cd.start.plus(seconds(30)), "replica.lag.time.max.ms default");
    assert!(c.sim.now().since(cd.start) < seconds(2));
    c.run_for(seconds(10));
    let later = replica_countdown(&c, &tp, follower).expect("still behind, still in the ISR");
    assert_eq!(later.deadline, cd.deadline);
    assert_eq!(later.remaining(c.sim.now()).0, cd.deadline.0 - c.sim.now().0, "shrinks with time");
    assert!(later.remaining(c.sim.now()) < seconds(19));
    assert!(broker_countdown(&c, follower).is_none(), "its heartbeats still reach the controller");
    c.run_until(seconds(40), "ISR shrinks", |c| !c.isr("orders", 0).contains(&follower));
    assert!(c.sim.now() >= cd.deadline, "not before replica.lag.time.max.ms");
    assert!(replica_countdown(&c, &tp, follower).is_none(), "gone once out of the ISR");
}

#[test]
fn a_slowed_follower_counts_down_and_recovers_when_it_catches_up() {
    let mut c = lively(45);
    let tp = TopicPartition::new("orders", 1);
    let leader = c.leader("orders", 1).unwrap().0;
    let follower = *c.isr("orders", 1).iter().find(|b| **b != leader).unwrap();
    c.apply(Command::Broker(BrokerCommand::Slow { broker: BrokerId(follower), extra_ms: 1_500 }));
    // The countdown shows between slow fetches, not at every instant: wait for it.
    c.run_until(seconds(5), "a slow follower falls behind", |c| replica_countdown(c, &tp, follower).is_some());
    let cd = replica_countdown(&c, &tp, follower).unwrap();
    c.run_for(seconds(4));
    let renewed = |c: &Cluster| replica_countdown(c, &tp, follower).is_some_and(|l| l.start > cd.start);
    c.run_until(seconds(5), "each slow fetch renews lastCaughtUpTimeMs", renewed);
    c.apply(Command::Broker(BrokerCommand::Slow { broker: BrokerId(follower), extra_ms: 0 }));
    c.run_for(seconds(5));
    assert!(replica_countdown(&c, &tp, follower).is_none(), "caught up again");
    assert!(c.isr("orders", 1).contains(&follower), "never left the ISR");
}

#[test]
fn a_killed_consumer_counts_down_its_session_until_removed() {
    let mut c = lively(46);
    let node = c.sim.client_ids()[&kafkasim::sim::ids::ClientId("c1".into())];
    let member = c.group("g").members.iter().find(|m| m.client_id.as_deref() == Some("c1")).unwrap().member_id.clone();
    let coordinator = NodeId::Broker(c.group("g").coordinator.unwrap());
    let last = step_until_delivered(&mut c, "Heartbeat", NodeId::Client(node), coordinator);
    assert!(member_countdown(&c, &member).is_none());
    c.kill_consumer("c1");
    let cd = member_countdown(&c, &member).expect("a dead member's session runs down at once");
    assert_eq!(cd.kind, CountdownKind::ConsumerSession);
    assert_eq!((cd.start, cd.deadline), (last, last.plus(ms(6_000))));
    assert!(
        matches!(&cd.target, CountdownTarget::Member { group, client, .. } if group == "g" && *client == NodeId::Client(node))
    );
    assert_eq!(cd.remaining(c.sim.now()), ms(6_000), "killed right after that heartbeat");
    c.run_for(seconds(2));
    let later = member_countdown(&c, &member).expect("still a member");
    assert_eq!((later.deadline, later.remaining(c.sim.now())), (cd.deadline, ms(4_000)), "shrinks with time");
    c.run_until(seconds(5), "member removed", |c| c.group("g").members.len() == 1);
    assert!(c.sim.now() >= cd.deadline);
    assert!(member_countdown(&c, &member).is_none(), "gone once removed");
    assert!(c.sim.countdowns().iter().all(|x| x.kind != CountdownKind::ConsumerSession));
}

#[test]
fn a_stalled_consumer_keeps_heartbeating_so_its_session_does_not_run_down() {
    let mut c = lively(47);
    c.stall_consumer("c2", true);
    let end = c.sim.now().plus(seconds(8));
    while c.sim.next_event_time().is_some_and(|t| t <= end) {
        c.sim.step();
        let running = c.sim.countdowns();
        assert!(running.iter().all(|x| x.kind != CountdownKind::ConsumerSession), "t={}: {running:?}", c.sim.now());
    }
    assert_eq!(c.group("g").members.len(), 2, "still a member: max.poll.interval.ms is 5 min");
}
