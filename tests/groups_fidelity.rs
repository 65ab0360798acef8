//! Regression tests for the consumer-group rows of the fidelity list
//! (`design/fidelity-defects.md` D1, D2, D3, D6, D17, D23, D24, D27, D28):
//! each compares the simulation with what Kafka 4.0's client and group
//! coordinator do.
mod common;
use common::*;
use kafkasim::console::Console;
use kafkasim::sim::client::consumer::Consumer;
use kafkasim::sim::coordinator::group::GroupState;
use kafkasim::sim::ids::ClientId;

const FAST: &[(&str, &str)] = &[("session.timeout.ms", "6000"), ("heartbeat.interval.ms", "1000")];

fn consumer<'a>(c: &'a Cluster, id: &str) -> &'a Consumer {
    &c.sim.consumers()[&c.sim.client_ids()[&ClientId(id.to_string())]]
}

/// Trace lines (time in ms, text) containing `needle`.
fn trace_lines(c: &Cluster, needle: &str) -> Vec<(u64, String)> {
    c.sim
        .trace()
        .lines()
        .map(|l| (l.at.as_millis(), kafkasim::i18n::trace::line_text(l, kafkasim::i18n::Lang::En)))
        .filter(|(_, t)| t.contains(needle))
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn stable_with(c: &Cluster, members: usize) -> bool {
    let g = c.group("g");
    g.state == GroupState::Stable && g.members.len() == members
}

/// D1, scenario 4.4 / g4: the eager `sticky` assignor keeps what members
/// owned (`StickyAssignor` sends the previous assignment and generation in
/// its userData). After c2 leaves, Java keeps c1 `A-0,A-3` and c3 `A-2,A-5`.
#[test]
fn d1_eager_sticky_keeps_partitions_after_a_member_leaves() {
    let mut c = Cluster::new(101, 3);
    c.create_topic("A", 6, 3, &[]);
    for id in ["c1", "c2", "c3"] {
        c.consumer(id, "g", &["A"], "sticky", FAST);
    }
    c.run_until(seconds(30), "three members", |c| {
        stable_with(c, 3) && ["c1", "c2", "c3"].iter().all(|id| c.owned(id).len() == 2)
    });
    assert_eq!(sorted(c.owned("c1")), ["A-0", "A-3"]);
    assert_eq!(sorted(c.owned("c2")), ["A-1", "A-4"]);
    assert_eq!(sorted(c.owned("c3")), ["A-2", "A-5"]);
    c.stop_consumer("c2");
    c.run_until(seconds(30), "two members", |c| stable_with(c, 2) && c.owned("c1").len() == 3);
    c.run_until(seconds(10), "c3 assigned", |c| c.owned("c3").len() == 3);
    let (c1, c3) = (c.owned("c1"), c.owned("c3"));
    assert!(["A-0", "A-3"].iter().all(|p| c1.contains(&p.to_string())), "c1 keeps A-0,A-3: {c1:?}");
    assert!(["A-2", "A-5"].iter().all(|p| c3.contains(&p.to_string())), "c3 keeps A-2,A-5: {c3:?}");
}

/// D2 / issue 12 item 1: four members, the first (the leader) subscribes to
/// `t0` only, the others to `t0,t1`: `t1-0` is assigned, with every assignor.
#[test]
fn d2_leader_assigns_topics_only_other_members_subscribe_to() {
    for (seed, assignor) in [(111, "range"), (112, "roundrobin"), (113, "sticky"), (114, "cooperative-sticky")] {
        let mut c = Cluster::new(seed, 3);
        c.create_topic("t0", 4, 3, &[]);
        c.create_topic("t1", 1, 3, &[]);
        c.consumer("c1", "g", &["t0"], assignor, FAST);
        c.run_for(ms(200));
        for id in ["c2", "c3", "c4"] {
            c.consumer(id, "g", &["t0", "t1"], assignor, FAST);
        }
        c.run_until(seconds(40), "t1-0 assigned", |c| {
            stable_with(c, 4) && c.assignment("g").values().any(|a| a.contains(&"t1-0".to_string()))
        });
        let g = c.group("g");
        assert_eq!(g.leader.as_deref().map(|l| l.starts_with("c1-")), Some(true), "{assignor}: c1 leads");
        let all: Vec<String> = c.assignment("g").into_values().flatten().collect();
        assert_eq!(sorted(all), ["t0-0", "t0-1", "t0-2", "t0-3", "t1-0"], "{assignor}");
        assert!(!c.owned("c1").contains(&"t1-0".to_string()), "{assignor}: c1 does not subscribe to t1");
    }
}

/// D2 against `kafka-semantics.md` §2 `testMultipleConsumersMixedTopics`:
/// topic1 (3 partitions) and topic2 (2); consumer1 (the leader) and consumer3
/// subscribe to topic1, consumer2 to both.
#[test]
fn d2_mixed_subscriptions_match_the_assignor_vectors() {
    let range = [
        ("consumer1", vec!["topic1-0"]),
        ("consumer2", vec!["topic1-1", "topic2-0", "topic2-1"]),
        ("consumer3", vec!["topic1-2"]),
    ];
    let sticky = [
        ("consumer1", vec!["topic1-0", "topic1-2"]),
        ("consumer2", vec!["topic2-0", "topic2-1"]),
        ("consumer3", vec!["topic1-1"]),
    ];
    let cases = [
        (121, "range", &range),
        (122, "roundrobin", &range),
        (123, "sticky", &sticky),
        (124, "cooperative-sticky", &sticky),
    ];
    for (seed, assignor, expect) in cases {
        let mut c = Cluster::new(seed, 3);
        c.create_topic("topic1", 3, 3, &[]);
        c.create_topic("topic2", 2, 3, &[]);
        c.consumer("consumer1", "g", &["topic1"], assignor, FAST);
        c.run_for(ms(200));
        c.consumer("consumer2", "g", &["topic1", "topic2"], assignor, FAST);
        c.consumer("consumer3", "g", &["topic1"], assignor, FAST);
        c.run_until(seconds(40), "stable", |c| stable_with(c, 3) && c.owned("consumer2").len() >= 2);
        let a = c.assignment("g");
        for (member, parts) in expect.iter() {
            let want: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
            assert_eq!(sorted(a[&member.to_string()].clone()), sorted(want), "{assignor}: {member}");
        }
    }
}

/// D3, scenario 4.9 / off2: an Empty group with committed offsets is still
/// listed and described after its coordinator's broker dies, because the new
/// leader of its `__consumer_offsets` partition loads it on election.
#[test]
fn d3_idle_group_survives_coordinator_failover() {
    let mut c = Cluster::new(131, 3);
    c.create_topic("t", 2, 3, &[]);
    c.producer("p", &[]);
    for p in 0..2 {
        c.fill("p", "t", p, 5);
    }
    c.consumer("c1", "g", &["t"], "range", &[("auto.offset.reset", "earliest"), FAST[0], FAST[1]]);
    c.run_until(seconds(40), "committed", |c| {
        c.committed("g", "t", 0) == Some(5) && c.committed("g", "t", 1) == Some(5)
    });
    c.stop_consumer("c1");
    c.run_for(seconds(2));
    let g = c.group("g");
    assert_eq!(g.state, GroupState::Empty);
    let old = g.coordinator.expect("coordinator");
    c.kill(old.0);
    c.run_for(seconds(20));

    // A live broker: `localhost:909{1 + id}`.
    let live = if old.0 == 1 { 2 } else { 1 };
    let server = format!("--bootstrap-server localhost:{}", 9091 + live);
    let mut console = Console::with_simulation(c.sim);
    let list = console.run_line(&format!("kafka-consumer-groups {server} --list"));
    assert!(list.lines.iter().any(|l| l.text == "g"), "--list shows g: {:?}", list.lines);
    let out = console.run_line(&format!("kafka-consumer-groups {server} --describe --group g"));
    let text: Vec<&str> = out.lines.iter().map(|l| l.text.as_str()).collect();
    assert!(!out.failed, "{text:?}");
    assert!(text.iter().any(|l| l.contains("Consumer group 'g' has no active members.")), "{text:?}");
    for p in 0..2 {
        let row = text.iter().find(|l| l.split_whitespace().take(3).eq(["g", "t", &p.to_string()]));
        let row = row.unwrap_or_else(|| panic!("row for t-{p}: {text:?}"));
        assert_eq!(row.split_whitespace().nth(3), Some("5"), "committed offset of t-{p}: {row}");
    }
    let new = console
        .simulation()
        .trace()
        .lines()
        .filter(|l| kafkasim::i18n::trace::line_text(l, kafkasim::i18n::Lang::En).contains("loaded group g from"))
        .count();
    assert!(new >= 1, "the new coordinator loaded g");
}

/// D6, scenario 4.7 / o1: `auto.offset.reset=none` throws one
/// `NoOffsetForPartitionException` naming every partition without an offset.
#[test]
fn d6_no_offset_exception_names_all_partitions() {
    let mut c = Cluster::new(141, 3);
    c.create_topic("A", 2, 3, &[]);
    c.consumer("c1", "g", &["A"], "range", &[("auto.offset.reset", "none"), FAST[0], FAST[1]]);
    c.run_until(seconds(30), "exception", |c| consumer(c, "c1").no_offset_error.is_some());
    assert_eq!(
        consumer(&c, "c1").no_offset_error.as_deref(),
        Some("org.apache.kafka.clients.consumer.NoOffsetForPartitionException: Undefined offset with no reset policy for partitions: [A-0, A-1]")
    );
    assert_eq!(trace_lines(&c, "NoOffsetForPartitionException").len(), 1, "one exception, not one per partition");
}

/// D17, scenario 1.5 / rb1: DescribeGroups reports the protocol only while
/// Stable, so `--describe --state` shows `-` during a rebalance.
#[test]
fn d17_protocol_is_empty_during_a_rebalance() {
    let mut c = Cluster::new(151, 3);
    c.create_topic("t", 2, 3, &[]);
    c.consumer("c1", "g", &["t"], "range", FAST);
    c.run_until(seconds(30), "stable", |c| stable_with(c, 1) && c.owned("c1").len() == 2);
    assert_eq!(c.group("g").protocol.as_deref(), Some("range"));
    c.consumer("c2", "g", &["t"], "range", FAST);
    c.run_until(seconds(10), "rebalancing", |c| c.group("g").state == GroupState::PreparingRebalance);
    assert_eq!(c.group("g").protocol, None);
    let mut console = Console::with_simulation(c.sim);
    let out = console.run_line("kafka-consumer-groups --bootstrap-server localhost:9092 --describe --group g --state");
    let row = out.lines.iter().find(|l| l.text.starts_with("g ")).expect("state row");
    assert_eq!(row.text.split_whitespace().nth(3), Some("-"), "ASSIGNMENT-STRATEGY: {}", row.text);
}

/// D23: `auto.offset.reset=by_duration:PT30S` starts at the first record
/// produced within the last 30 s (by record timestamp).
#[test]
fn d23_by_duration_resets_by_record_timestamp() {
    let mut c = Cluster::new(161, 3);
    c.create_topic("t", 1, 3, &[]);
    c.producer("p", &[]);
    c.fill("p", "t", 0, 3);
    c.run_for(seconds(60));
    c.fill("p", "t", 0, 2);
    c.run_for(seconds(5));
    c.consumer("c1", "g", &["t"], "range", &[("auto.offset.reset", "by_duration:PT30S"), FAST[0], FAST[1]]);
    c.run_until(seconds(30), "consumed", |c| consumer(c, "c1").stats.processed >= 2);
    c.run_for(seconds(2));
    assert_eq!(consumer(&c, "c1").stats.processed, 2, "only the two recent records");
}

/// D24, scenario 4.12 / st1: `heartbeat.interval.ms >= session.timeout.ms`
/// fails in the `Heartbeat` constructor, wrapped by the consumer's.
#[test]
fn d24_heartbeat_not_below_session_timeout_fails_to_construct() {
    let mut console = Console::new(171, 3);
    console.run_line(
        "kafka-topics --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 1",
    );
    let out = console.run_line(
        "kafka-console-consumer --bootstrap-server localhost:9092 --topic t --consumer-property heartbeat.interval.ms=45000",
    );
    let text: Vec<&str> = out.lines.iter().map(|l| l.text.as_str()).collect();
    assert!(out.failed);
    assert!(text.contains(&"org.apache.kafka.common.KafkaException: Failed to construct kafka consumer"), "{text:?}");
    assert!(
        text.contains(
            &"Caused by: java.lang.IllegalArgumentException: Heartbeat must be set lower than the session timeout"
        ),
        "{text:?}"
    );
}

/// D27, scenario 4.5 / s1: a stalled consumer leaves about
/// `max.poll.interval.ms` after its last poll: the heartbeat thread checks the
/// poll timer every `retry.backoff.ms` (100 ms), not only when it heartbeats.
#[test]
fn d27_stalled_consumer_leaves_within_one_retry_backoff() {
    let mut c = Cluster::new(181, 3);
    c.create_topic("t", 1, 3, &[]);
    c.consumer("c1", "g", &["t"], "range", &[("max.poll.interval.ms", "20000")]);
    c.run_until(seconds(30), "stable", |c| stable_with(c, 1) && c.owned("c1").len() == 1);
    c.run_for(ms(1_450));
    let stalled_at = c.sim.now().as_millis();
    c.stall_consumer("c1", true);
    c.run_for(seconds(25));
    let left = trace_lines(&c, "consumer poll timeout has expired");
    assert_eq!(left.len(), 1, "{left:?}");
    let after = left[0].0 - stalled_at;
    // The last poll was at most 100 ms (the idle poll) before the stall.
    assert!((19_900..=20_100).contains(&after), "left {after} ms after the stall");
}

/// D28, scenario 4.6 / s2: a restarted static leader of a Stable group gets
/// `skipAssignment` and does not compute a new assignment.
#[test]
fn d28_returning_static_leader_skips_assignment() {
    let mut c = Cluster::new(191, 3);
    c.create_topic("t", 2, 3, &[]);
    c.consumer_with("c1", "g", &["t"], "range", Some("i1"), FAST, 0);
    c.run_for(ms(200));
    c.consumer_with("c2", "g", &["t"], "range", Some("i2"), FAST, 0);
    c.run_until(seconds(30), "stable", |c| stable_with(c, 2) && c.owned("c1").len() == 1 && c.owned("c2").len() == 1);
    assert!(c.group("g").leader.as_deref().is_some_and(|l| l.starts_with("c1-")));
    let owned = c.owned("c1");
    let generation = c.group("g").generation;
    c.kill_consumer("c1");
    c.run_for(seconds(2));
    let restarted_at = c.sim.now().as_millis();
    c.consumer_with("c1", "g", &["t"], "range", Some("i1"), FAST, 0);
    c.run_until(seconds(10), "c1 back", |c| c.owned("c1") == owned);
    assert_eq!(c.group("g").generation, generation, "no rebalance");
    let skipped = trace_lines(&c, "skipped assignment for returning static leader");
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    let computed = trace_lines(&c, "computes the range assignment");
    assert!(computed.iter().all(|(t, _)| *t < restarted_at), "no assignment after the restart: {computed:?}");
}

/// S4: `__consumer_offsets` has Kafka's default 50 partitions, so groups
/// spread over the coordinators instead of sharing one of three.
#[test]
fn s4_offsets_topic_has_kafkas_default_partitions() {
    use kafkasim::sim::ids::TopicName;
    let mut c = Cluster::new(201, 3);
    c.create_topic("t", 1, 3, &[]);
    let groups = ["g", "orders-app", "billing", "audit", "search", "mail"];
    for (i, g) in groups.iter().enumerate() {
        c.consumer(&format!("c{i}"), g, &["t"], "range", FAST);
    }
    c.run_for(seconds(10));
    let topic = &c.sim.controller().image.topics[&TopicName::new("__consumer_offsets")];
    assert_eq!(topic.partitions.len(), 50);
    let mut coordinators: Vec<_> = groups.iter().filter_map(|g| c.group(g).coordinator).collect();
    coordinators.sort();
    coordinators.dedup();
    assert!(coordinators.len() >= 2, "six groups use more than one coordinator: {coordinators:?}");
}
