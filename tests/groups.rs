//! Behaviour tests: consumer groups, rebalances, offsets, the group ledger.
mod common;
use common::*;
use kafkasim::i18n::trace::disruption_cause;
use kafkasim::i18n::Lang;
use kafkasim::sim::commands::ResetTo;
use kafkasim::sim::commands::{BrokerCommand, Command, ConsumerCommand, GroupCommand};
use kafkasim::sim::coordinator::group::GroupState;
use kafkasim::sim::ids::TopicPartition;

const FAST: &[(&str, &str)] = &[("session.timeout.ms", "6000"), ("heartbeat.interval.ms", "1000")];

/// Three consumers on three partitions with `range`: one partition each, a Stable group.
#[test]
fn group_forms_and_consumes_everything() {
    let mut c = Cluster::new(11, 3);
    c.create_topic("t", 3, 3, &[]);
    c.producer("p", &[]);
    for p in 0..3 {
        c.fill("p", "t", p, 10);
    }
    for id in ["c1", "c2", "c3"] {
        c.consumer(id, "g", &["t"], "range", &[("auto.offset.reset", "earliest")]);
    }
    c.run_for(seconds(15));
    let g = c.group("g");
    assert_eq!(g.state, GroupState::Stable);
    for (client, parts) in c.assignment("g") {
        assert_eq!(parts.len(), 1, "{client} owns one partition");
    }
    assert_eq!(c.ledger("g").processed, 30, "every record processed once");
    c.run_for(seconds(6));
    for p in 0..3 {
        assert_eq!(c.committed("g", "t", p), Some(10), "auto-commit reached the end of t-{p}");
        let pos = g.partitions.iter().find(|x| x.tp.partition == p).unwrap();
        assert_eq!((pos.log_end_offset, pos.high_watermark), (10, 10));
    }
}

fn with(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut v = FAST.to_vec();
    v.extend_from_slice(extra);
    v
}

fn setup(seed: u64, partitions: u32) -> Cluster {
    let mut c = Cluster::new(seed, 3);
    c.create_topic("t", partitions, 3, &[]);
    c.producer("p", &[]);
    c
}

/// A killed consumer sends no LeaveGroup: its partitions stay assigned until
/// the coordinator's session timer (session.timeout.ms = 6 s here) expires.
#[test]
fn killed_consumer_partitions_move_after_session_timeout() {
    let mut c = setup(12, 2);
    let props = with(&[("auto.offset.reset", "earliest")]);
    c.consumer("c1", "g", &["t"], "range", &props);
    c.consumer("c2", "g", &["t"], "range", &props);
    c.run_until(seconds(20), "stable group", |c| c.group("g").state == GroupState::Stable && c.owned("c1").len() == 1);
    let generation = c.group("g").generation;
    c.kill_consumer("c1");
    c.run_for(seconds(4));
    assert_eq!(c.group("g").members.len(), 2, "still a member 4 s after the crash");
    c.run_until(seconds(10), "c2 owns both", |c| c.owned("c2").len() == 2);
    let g = c.group("g");
    assert_eq!(g.members.len(), 1);
    assert!(g.generation > generation);
}

/// Kafka's default session.timeout.ms is 45 s.
#[test]
fn killed_consumer_with_default_session_timeout() {
    let mut c = setup(13, 2);
    c.consumer("c1", "g", &["t"], "range", &[]);
    c.consumer("c2", "g", &["t"], "range", &[]);
    c.run_until(seconds(20), "stable group", |c| c.group("g").state == GroupState::Stable && c.owned("c1").len() == 1);
    c.kill_consumer("c1");
    c.run_for(seconds(40));
    assert_eq!(c.group("g").members.len(), 2, "not expired before 45 s - one heartbeat interval");
    c.run_until(seconds(10), "c2 owns both", |c| c.owned("c2").len() == 2);
}

/// A consumer whose application stops calling poll() is kicked out by its own
/// heartbeat thread after max.poll.interval.ms (LeaveGroup), and the group rebalances.
#[test]
fn stalled_consumer_is_kicked_after_max_poll_interval() {
    let mut c = setup(14, 2);
    let props = with(&[("max.poll.interval.ms", "10000")]);
    c.consumer("c1", "g", &["t"], "range", &props);
    c.consumer("c2", "g", &["t"], "range", &props);
    c.run_until(seconds(20), "stable group", |c| c.group("g").state == GroupState::Stable && c.owned("c1").len() == 1);
    c.stall_consumer("c1", true);
    c.run_for(ms(8_000));
    assert_eq!(c.group("g").members.len(), 2, "heartbeats continue while stalled");
    c.run_until(seconds(6), "c1 kicked", |c| c.group("g").members.len() == 1);
    c.run_until(seconds(5), "c2 owns both", |c| c.owned("c2").len() == 2 && c.group("g").state == GroupState::Stable);
    c.stall_consumer("c1", false);
    c.run_until(seconds(20), "c1 rejoins", |c| {
        c.group("g").members.len() == 2 && c.group("g").state == GroupState::Stable
    });
}

/// More consumers than partitions: the extra members are idle.
#[test]
fn more_consumers_than_partitions_leaves_idle_members() {
    let mut c = setup(15, 2);
    for id in ["c1", "c2", "c3", "c4"] {
        c.consumer(id, "g", &["t"], "roundrobin", FAST);
    }
    c.run_until(seconds(30), "four members", |c| {
        let g = c.group("g");
        g.state == GroupState::Stable && g.members.len() == 4
    });
    let sizes: Vec<usize> = c.assignment("g").values().map(Vec::len).collect();
    assert_eq!(sizes.iter().filter(|n| **n == 1).count(), 2);
    assert_eq!(sizes.iter().filter(|n| **n == 0).count(), 2, "two idle members");
}

/// Cooperative rebalancing: when c3 joins, c1 and c2 keep what stays, only
/// release what moves (then a second rebalance hands it to c3), and no
/// partition ever has two owners (the invariant is checked after every event).
#[test]
fn cooperative_rebalance_keeps_partitions_that_stay() {
    let mut c = setup(16, 6);
    c.consumer("c1", "g", &["t"], "cooperative-sticky", FAST);
    c.consumer("c2", "g", &["t"], "cooperative-sticky", FAST);
    c.run_until(seconds(20), "two members", |c| c.owned("c1").len() == 3 && c.owned("c2").len() == 3);
    let before: Vec<Vec<String>> = vec![c.owned("c1"), c.owned("c2")];
    c.consumer("c3", "g", &["t"], "cooperative-sticky", FAST);
    let mut lost: Vec<Vec<String>> = vec![Vec::new(), Vec::new()];
    let end = c.sim.now().plus(seconds(30));
    while c.sim.now() < end && c.owned("c3").len() < 2 {
        c.sim.step();
        c.assert_invariants();
        for (i, id) in ["c1", "c2"].iter().enumerate() {
            for tp in &before[i] {
                if !c.owned(id).contains(tp) && !lost[i].contains(tp) {
                    lost[i].push(tp.clone());
                }
            }
        }
    }
    c.run_for(seconds(2));
    assert_eq!(c.owned("c3").len(), 2);
    for (i, id) in ["c1", "c2"].iter().enumerate() {
        let now = c.owned(id);
        assert_eq!(now.len(), 2, "{id} keeps two");
        for tp in &lost[i] {
            assert!(!now.contains(tp), "{id} gave up {tp} only because it moved");
        }
        assert_eq!(lost[i].len(), 1, "{id} released exactly the partition that moved");
    }
}

/// A static member that restarts within the session timeout gets its
/// partitions back without a rebalance (same generation); the old id is fenced.
#[test]
fn static_member_restart_causes_no_rebalance() {
    let mut c = setup(17, 2);
    c.consumer_with("c1", "g", &["t"], "range", Some("i1"), FAST, 0);
    c.consumer_with("c2", "g", &["t"], "range", Some("i2"), FAST, 0);
    c.run_until(seconds(20), "stable", |c| c.group("g").state == GroupState::Stable && c.owned("c1").len() == 1);
    let generation = c.group("g").generation;
    let owned = c.owned("c1");
    c.kill_consumer("c1");
    c.run_for(seconds(2));
    c.consumer_with("c1", "g", &["t"], "range", Some("i1"), FAST, 0);
    c.run_until(seconds(5), "c1 back", |c| c.owned("c1") == owned);
    c.run_for(seconds(10));
    let g = c.group("g");
    assert_eq!(g.generation, generation, "no rebalance");
    assert_eq!(g.state, GroupState::Stable);
    assert_eq!(c.owned("c1"), owned);
}

/// The coordinator's broker dies: the offsets partition gets a new leader,
/// clients rediscover the coordinator, the group keeps its committed offsets
/// and generation, and consumption continues.
#[test]
fn coordinator_failover_keeps_committed_offsets() {
    let mut c = setup(18, 2);
    let props = with(&[("auto.offset.reset", "earliest"), ("auto.commit.interval.ms", "1000")]);
    c.consumer("c1", "g", &["t"], "range", &props);
    c.fill("p", "t", 0, 20);
    c.fill("p", "t", 1, 20);
    c.run_until(seconds(30), "committed", |c| {
        c.committed("g", "t", 0) == Some(20) && c.committed("g", "t", 1) == Some(20)
    });
    let old = c.group("g").coordinator.unwrap();
    let generation = c.group("g").generation;
    c.kill(old.0);
    c.run_until(seconds(30), "new coordinator", |c| {
        groups_view_has(c, "g") && c.group("g").coordinator.is_some_and(|b| b != old)
    });
    assert_eq!(c.committed("g", "t", 0), Some(20), "offsets loaded from __consumer_offsets");
    assert_eq!(c.committed("g", "t", 1), Some(20));
    assert!(c.group("g").generation >= generation);
    c.fill("p", "t", 0, 5);
    c.run_until(seconds(30), "consumption continues", |c| c.committed("g", "t", 0) == Some(25));
    assert_eq!(c.ledger("g").redelivered, 0);
}

fn groups_view_has(c: &Cluster, g: &str) -> bool {
    kafkasim::sim::groups_view::groups_view(&c.sim).iter().any(|v| v.group_id == g)
}

/// At-least-once: auto-commit runs every 5 s inside poll(); a crash before the
/// next commit means the records processed since are processed again.
#[test]
fn auto_commit_then_crash_redelivers() {
    let mut c = setup(19, 1);
    let props = with(&[("auto.offset.reset", "earliest")]);
    c.consumer("c1", "g", &["t"], "range", &props);
    c.run_until(seconds(20), "c1 owns t-0", |c| c.owned("c1").len() == 1);
    c.consumer("c2", "g", &["t"], "range", &props);
    c.run_until(seconds(20), "two members", |c| {
        c.group("g").members.len() == 2 && c.group("g").state == GroupState::Stable
    });
    c.run_until(seconds(2), "c1 keeps t-0, c2 is idle", |c| c.owned("c1").len() == 1 && c.owned("c2").is_empty());
    c.fill("p", "t", 0, 30);
    c.run_until(seconds(3), "processed", |c| c.ledger("g").processed == 30);
    c.kill_consumer("c1");
    c.run_until(seconds(20), "c2 reprocesses", |c| c.ledger("g").redelivered > 0 && c.ledger("g").processed == 30);
    c.run_for(seconds(2));
    let l = c.ledger("g");
    assert!(l.redelivered > 0 && l.redelivered <= 30);
    assert_eq!(l.skipped, 0);
    assert!(
        l.redelivered_by_cause.keys().any(|k| disruption_cause(k, Lang::En).contains("c1")),
        "{:?}",
        l.redelivered_by_cause
    );
}

/// At-most-once: committing right after poll() and before processing, then
/// crashing mid-processing, skips the batch — the next owner starts after it.
#[test]
fn commit_before_processing_then_crash_skips() {
    let mut c = setup(20, 1);
    let props = with(&[
        ("auto.offset.reset", "earliest"),
        ("enable.auto.commit", "false"),
        ("kafkasim.commit", "before-processing"),
    ]);
    c.consumer_with("c1", "g", &["t"], "range", None, &props, 10_000);
    c.run_until(seconds(20), "c1 owns t-0", |c| c.owned("c1").len() == 1);
    c.consumer_with("c2", "g", &["t"], "range", None, &props, 10);
    c.run_until(seconds(20), "two members", |c| {
        c.group("g").members.len() == 2 && c.group("g").state == GroupState::Stable
    });
    c.fill("p", "t", 0, 40);
    c.run_until(seconds(5), "committed before processing", |c| c.committed("g", "t", 0) == Some(40));
    assert_eq!(c.ledger("g").processed, 0, "still processing");
    c.kill_consumer("c1");
    c.run_until(seconds(20), "c2 takes over", |c| c.owned("c2").len() == 1);
    c.run_for(seconds(2));
    let l = c.ledger("g");
    assert_eq!(l.skipped, 40);
    assert_eq!(l.processed, 0);
    assert!(
        l.skipped_by_cause.keys().any(|k| disruption_cause(k, Lang::En).contains("c1")),
        "{:?}",
        l.skipped_by_cause
    );
}

/// Publish-subscribe: two groups read the same topic independently; each gets every record.
#[test]
fn two_groups_each_get_every_record() {
    let mut c = setup(21, 3);
    let props = with(&[("auto.offset.reset", "earliest")]);
    c.consumer("a1", "ga", &["t"], "range", &props);
    c.consumer("a2", "ga", &["t"], "range", &props);
    c.consumer("b1", "gb", &["t"], "cooperative-sticky", &props);
    for p in 0..3 {
        c.fill("p", "t", p, 15);
    }
    c.run_until(seconds(30), "both groups done", |c| c.ledger("ga").processed == 45 && c.ledger("gb").processed == 45);
    c.run_for(seconds(7));
    for g in ["ga", "gb"] {
        assert_eq!(c.ledger(g).redelivered, 0);
        for p in 0..3 {
            assert_eq!(c.committed(g, "t", p), Some(15), "{g} t-{p}");
            let pos = c.group(g).partitions.iter().find(|x| x.tp.partition == p).cloned().unwrap();
            assert_eq!(pos.lag, Some(0));
            assert_eq!(pos.position, Some(15));
        }
    }
}

/// Kafka's default max.poll.interval.ms is 5 minutes.
#[test]
fn stalled_consumer_with_default_max_poll_interval() {
    let mut c = setup(22, 2);
    c.consumer("c1", "g", &["t"], "range", &[]);
    c.consumer("c2", "g", &["t"], "range", &[]);
    c.run_until(seconds(20), "stable group", |c| c.group("g").state == GroupState::Stable && c.owned("c1").len() == 1);
    c.stall_consumer("c1", true);
    c.run_for(seconds(290));
    assert_eq!(c.group("g").members.len(), 2, "still a member before 300 s");
    c.run_until(seconds(15), "c1 kicked", |c| c.group("g").members.len() == 1);
}

/// `--reset-offsets` needs an inactive group; then the next consumer starts from the reset offset.
#[test]
fn reset_offsets_requires_inactive_group_then_replays() {
    let mut c = setup(23, 1);
    let props = with(&[("auto.offset.reset", "earliest"), ("auto.commit.interval.ms", "1000")]);
    c.consumer("c1", "g", &["t"], "range", &props);
    c.fill("p", "t", 0, 10);
    c.run_until(seconds(30), "committed", |c| c.committed("g", "t", 0) == Some(10));
    let reset =
        Command::Group(GroupCommand::ResetOffsets { group: "g".into(), topic: "t".into(), to: ResetTo::Earliest });
    let err = c.sim.apply(reset.clone()).unwrap_err();
    assert_eq!(err.kind, kafkasim::sim::error::ErrorKind::IllegalState);
    assert!(err.message.contains("inactive"), "{}", err.message);
    c.stop_consumer("c1");
    c.run_until(seconds(10), "group empty", |c| c.group("g").state == GroupState::Empty);
    c.apply(reset);
    c.run_until(seconds(2), "reset", |c| c.committed("g", "t", 0) == Some(0));
    c.consumer("c2", "g", &["t"], "range", &props);
    c.run_until(seconds(20), "replayed", |c| c.ledger("g").redelivered == 10);
    assert_eq!(c.ledger("g").skipped, 0);
}

/// The group invariants can fail: corrupt the coordinator's state and they report it.
#[test]
fn group_invariants_detect_corruption() {
    let mut c = setup(24, 2);
    let props = with(&[("auto.offset.reset", "earliest"), ("auto.commit.interval.ms", "1000")]);
    c.consumer("c1", "g", &["t"], "range", &props);
    c.consumer("c2", "g", &["t"], "range", &props);
    c.fill("p", "t", 0, 5);
    c.run_until(seconds(30), "committed", |c| c.committed("g", "t", 0) == Some(5));
    c.assert_invariants();
    let b = c.group("g").coordinator.unwrap();
    let Some(br) = c.sim.surgery_broker(b) else { panic!() };
    let g = br.coordinator.groups.get_mut("g").unwrap();
    g.offsets.insert(TopicPartition::new("t", 0), 3);
    g.offsets.insert(TopicPartition::new("t", 1), 99);
    g.generation -= 1;
    let first = g.members.values().next().unwrap().assignment.clone();
    g.members.values_mut().nth(1).unwrap().assignment.extend(first);
    let v = c.invariants.check(&c.sim);
    let props: Vec<&str> = v.iter().map(|v| v.property).collect();
    for p in [
        "no partition owned by two members of a group in one generation",
        "group generation never decreases",
        "committed offsets never move backwards (without a seek or reset)",
        "committed offset ≤ log end offset",
    ] {
        assert!(props.contains(&p), "{p} not reported: {v:?}");
    }
}

/// Same seed, same commands → same trace, with consumer groups in the run.
#[test]
fn consumer_groups_are_deterministic() {
    let run = || {
        let mut c = setup(25, 3);
        c.consumer("a", "g", &["t"], "cooperative-sticky", FAST);
        c.consumer("b", "g", &["t"], "range,cooperative-sticky", FAST);
        c.workload("w", "t", 200, 10, &[]);
        c.run_for(seconds(20));
        c.kill_consumer("a");
        c.run_for(seconds(20));
        (c.sim.trace_hash(), c.ledger("g"))
    };
    assert_eq!(run(), run());
}

/// Consumers only see committed records: below the high watermark, never above.
/// With a dead follower still in the ISR, acks=1 records sit above the HW
/// (unreadable) until the ISR shrinks after replica.lag.time.max.ms (30 s).
#[test]
fn consumers_read_only_below_high_watermark() {
    let mut c = setup(26, 1);
    let props = with(&[("auto.offset.reset", "earliest")]);
    c.consumer("c1", "g", &["t"], "range", &props);
    c.run_until(seconds(20), "c1 owns t-0", |c| c.owned("c1").len() == 1);
    let leader = c.leader("t", 0).unwrap();
    let follower = c.partition("t", 0).replicas.iter().copied().find(|b| *b != leader).unwrap();
    c.kill(follower.0);
    c.producer("p1", &[("acks", "1")]);
    c.fill("p1", "t", 0, 5);
    c.run_for(seconds(5));
    assert_eq!(c.offsets("t", 0, leader.0), Some((5, 0)), "LEO 5, HW stuck at 0");
    assert_eq!(c.ledger("g").processed, 0, "nothing above the HW is delivered");
    let pos = c.group("g").partitions[0].clone();
    assert_eq!((pos.log_end_offset, pos.high_watermark), (5, 0));
    c.run_until(seconds(40), "ISR shrinks, HW moves", |c| c.ledger("g").processed == 5);
}

/// A small seed sweep: broker crashes, consumer crashes, stalls and restarts
/// under load; every invariant holds after every event and the group recovers.
#[test]
fn seed_sweep_with_faults_keeps_group_invariants() {
    for seed in 100..106u64 {
        let mut c = Cluster::new(seed, 3);
        c.create_topic("t", 4, 3, &[("min.insync.replicas", "2")]);
        c.workload("w", "t", 50, 20, &[("acks", "all")]);
        let assignors = ["range", "cooperative-sticky", "roundrobin,range"];
        let mut rng = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let mut next = |n: u64| {
            rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (rng >> 33) % n
        };
        let a = assignors[(seed % 3) as usize];
        let mut live: Vec<String> = Vec::new();
        for i in 0..3 {
            let id = format!("c{i}");
            c.consumer(&id, "g", &["t"], a, FAST);
            live.push(id);
        }
        let mut fresh = 3;
        for _ in 0..8 {
            c.run_for(seconds(5 + next(10)));
            match next(5) {
                0 => {
                    let b = 1 + next(3) as u32;
                    c.kill(b);
                    c.run_for(seconds(12));
                    c.start(b);
                }
                1 if live.len() > 1 => {
                    let id = live.remove(next(live.len() as u64) as usize);
                    c.kill_consumer(&id);
                }
                2 if live.len() > 1 => {
                    let id = live.remove(next(live.len() as u64) as usize);
                    c.stop_consumer(&id);
                }
                _ => {
                    let id = format!("c{fresh}");
                    fresh += 1;
                    c.consumer(&id, "g", &["t"], a, FAST);
                    live.push(id);
                }
            }
        }
        c.run_until(seconds(60), "group recovers", |c| {
            let g = c.group("g");
            g.state == GroupState::Stable
                && g.members.len() == live.len()
                && g.members.iter().map(|m| m.assignment.len()).sum::<usize>() == 4
        });
    }
}

/// Controlled shutdown of the coordinator's broker: leadership of the offsets
/// partition moves first, the old broker resigns (NOT_COORDINATOR), the new
/// one loads the group, and consumption continues with no redelivery.
#[test]
fn coordinator_moves_on_controlled_shutdown() {
    let mut c = setup(27, 2);
    let props = with(&[("auto.offset.reset", "earliest"), ("auto.commit.interval.ms", "1000")]);
    c.consumer("c1", "g", &["t"], "range", &props);
    c.consumer("c2", "g", &["t"], "range", &props);
    c.fill("p", "t", 0, 10);
    c.run_until(seconds(30), "committed", |c| c.committed("g", "t", 0) == Some(10));
    let old = c.group("g").coordinator.unwrap();
    c.apply(Command::Broker(BrokerCommand::Stop(old)));
    c.run_until(seconds(30), "moved", |c| {
        groups_view_has(c, "g") && c.group("g").coordinator.is_some_and(|b| b != old)
    });
    c.fill("p", "t", 0, 10);
    c.run_until(seconds(30), "consumption continues", |c| c.committed("g", "t", 0) == Some(20));
    assert_eq!(c.ledger("g").redelivered, 0);
    assert_eq!(c.ledger("g").processed, 20);
}

/// Eager rebalancing (range): every member revokes everything before rejoining.
#[test]
fn eager_rebalance_revokes_everything_first() {
    let mut c = setup(28, 4);
    c.consumer("c1", "g", &["t"], "range", FAST);
    c.run_until(seconds(20), "c1 owns all", |c| c.owned("c1").len() == 4);
    c.consumer("c2", "g", &["t"], "range", FAST);
    c.run_until(seconds(10), "c1 revoked everything", |c| c.owned("c1").is_empty());
    c.run_until(seconds(10), "two each", |c| c.owned("c1").len() == 2 && c.owned("c2").len() == 2);
}

/// A graceful stop sends LeaveGroup: the partitions move at once, not after the session timeout.
#[test]
fn stopped_consumer_leaves_at_once() {
    let mut c = setup(29, 2);
    c.consumer("c1", "g", &["t"], "range", &[]);
    c.consumer("c2", "g", &["t"], "range", &[]);
    c.run_until(seconds(20), "stable", |c| c.group("g").state == GroupState::Stable && c.owned("c1").len() == 1);
    c.stop_consumer("c1");
    c.run_until(seconds(3), "c2 owns both well before 45 s", |c| c.owned("c2").len() == 2);
}

/// `auto.offset.reset=none` without a committed offset: NoOffsetForPartitionException, nothing consumed;
/// `latest` starts at the end; `seek` moves the position; `pause` stops delivery.
#[test]
fn offset_reset_policies_seek_and_pause() {
    let mut c = setup(30, 1);
    c.fill("p", "t", 0, 5);
    c.run_for(seconds(1));
    c.consumer("n", "gn", &["t"], "range", &[("auto.offset.reset", "none")]);
    c.consumer("l", "gl", &["t"], "range", &[("auto.offset.reset", "latest")]);
    c.run_until(seconds(20), "both assigned", |c| c.owned("n").len() == 1 && c.owned("l").len() == 1);
    c.run_for(seconds(2));
    assert!(c.sim.trace().lines().any(
        |l| kafkasim::i18n::trace::line_text(l, kafkasim::i18n::Lang::En).contains("NoOffsetForPartitionException")
    ));
    assert_eq!(c.group("gn").partitions[0].position, None);
    assert_eq!(c.group("gl").partitions[0].position, Some(5), "latest = the end offset");
    let tp = TopicPartition::new("t", 0);
    c.apply(Command::Consumer(ConsumerCommand::Pause {
        client_id: "l".into(),
        partitions: vec![tp.clone()],
        paused: true,
    }));
    c.fill("p", "t", 0, 3);
    c.run_for(seconds(2));
    assert_eq!(c.ledger("gl").processed, 0, "paused");
    c.apply(Command::Consumer(ConsumerCommand::Pause {
        client_id: "l".into(),
        partitions: vec![tp.clone()],
        paused: false,
    }));
    c.run_until(seconds(3), "resumed", |c| c.ledger("gl").processed == 3);
    c.apply(Command::Consumer(ConsumerCommand::Seek { client_id: "n".into(), tp: tp.clone(), offset: 6 }));
    c.run_until(seconds(3), "n reads from 6", |c| c.ledger("gn").processed == 2);
    let bad = c.sim.apply(Command::Consumer(ConsumerCommand::Seek {
        client_id: "n".into(),
        tp: TopicPartition::new("t", 9),
        offset: 0,
    }));
    assert_eq!(bad.unwrap_err().kind, kafkasim::sim::error::ErrorKind::IllegalState);
}

/// A kicked (stalled) consumer that resumes is a zombie: its commit is fenced.
#[test]
fn zombie_commit_is_fenced_after_kick() {
    let mut c = setup(31, 1);
    let props = with(&[
        ("max.poll.interval.ms", "8000"),
        ("auto.offset.reset", "earliest"),
        ("enable.auto.commit", "false"),
        ("kafkasim.commit", "sync-after-processing"),
    ]);
    c.consumer_with("c1", "g", &["t"], "range", None, &props, 20_000);
    c.run_until(seconds(20), "c1 owns t-0", |c| c.owned("c1").len() == 1);
    c.consumer_with("c2", "g", &["t"], "range", None, &props, 10);
    c.run_until(seconds(20), "stable", |c| c.group("g").members.len() == 2 && c.group("g").state == GroupState::Stable);
    c.fill("p", "t", 0, 10);
    c.run_until(seconds(20), "c1 kicked, c2 processed", |c| c.ledger("g").processed == 10 && c.owned("c2").len() == 1);
    c.run_until(seconds(30), "c1's late processing counted as redelivery", |c| c.ledger("g").redelivered == 10);
    c.run_for(seconds(2));
    assert!(
        c.sim.trace().lines().any(|l| kafkasim::i18n::trace::line_text(l, kafkasim::i18n::Lang::En)
            .contains("consumer c1: offset commit failed")),
        "zombie commit rejected"
    );
    assert_eq!(c.committed("g", "t", 0), Some(10));
}
