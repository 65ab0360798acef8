//! Retention, DeleteRecords and compaction in the running cluster (issue 14):
//! a consumer that falls behind retention, a follower that comes back below
//! its leader's log start, the cleaner on every replica, Kafka's errors, and
//! the ledgers telling expected removals from loss.
mod common;
use common::*;
use kafkasim::sim::commands::{CommandOutput, TopicCommand};
use kafkasim::sim::error::ErrorKind;
use kafkasim::sim::ids::{BrokerId, TopicPartition};
use kafkasim::sim::ledger::RecordStatus;
use kafkasim::sim::trace::TraceEvent;

const RETENTION: [(&str, &str); 2] = [("retention.ms", "60000"), ("segment.ms", "10000")];

fn log_start(c: &Cluster, topic: &str, b: u32) -> i64 {
    c.sim.disk_log(BrokerId(b), &TopicPartition::new(topic, 0)).expect("a replica").log_start_offset()
}

fn removed_unread_traced(c: &Cluster) -> bool {
    c.sim.trace().lines().any(|l| matches!(l.event, TraceEvent::RemovedUnread { .. }))
}

/// A group stalled past retention: on resuming it gets OFFSET_OUT_OF_RANGE,
/// resets to the log start, and the records it never read count as removed, not skipped or lost.
#[test]
fn a_lagging_consumer_gets_offset_out_of_range_and_resets_to_the_log_start() {
    let mut c = Cluster::new(14, 3);
    c.check = false;
    c.create_topic("t", 1, 3, &RETENTION);
    c.workload("w", "t", 20, 5, &[]);
    c.consumer("c", "g", &["t"], "range", &[("auto.offset.reset", "earliest")]);
    c.run_until(seconds(30), "a first commit", |c| c.committed("g", "t", 0).is_some_and(|o| o > 0));
    c.stall_consumer("c", true);
    c.run_for(seconds(7 * 60));
    let start = log_start(&c, "t", c.leader("t", 0).expect("a leader").0);
    assert!(start > 0, "retention moved the log start offset");
    c.stall_consumer("c", false);
    c.run_until(seconds(120), "the group reads past the old log start", |c| {
        c.committed("g", "t", 0).is_some_and(|o| o >= start)
    });
    let g = c.ledger("g");
    assert!(g.removed_unread > 0, "{g:?}");
    assert_eq!(g.skipped, 0, "removed by retention is not a skip: {g:?}");
    assert!(removed_unread_traced(&c));
    let s = &c.sim.ledger().summary;
    assert!(s.removed_by_retention > 0 && s.acked_lost == 0, "{s:?}");
    c.assert_invariants();
}

#[test]
fn with_auto_offset_reset_none_the_consumer_fails_with_kafkas_exception() {
    let mut c = Cluster::new(15, 3);
    c.check = false;
    c.create_topic("t", 1, 3, &RETENTION);
    c.workload("w", "t", 20, 5, &[]);
    c.consumer("c", "g", &["t"], "range", &[("auto.offset.reset", "earliest")]);
    c.run_for(seconds(5));
    c.stop_consumer("c");
    c.run_for(seconds(7 * 60));
    c.consumer("late", "g", &["t"], "range", &[("auto.offset.reset", "none")]);
    c.run_for(seconds(30));
    let late = c.sim.consumers().values().find(|x| x.config.client_id == "late").expect("started");
    let err = late.no_offset_error.clone().unwrap_or_default();
    assert!(
        err.starts_with(
            "org.apache.kafka.clients.consumer.OffsetOutOfRangeException: Fetch position FetchPosition{offset="
        ),
        "{err}"
    );
    assert!(err.ends_with("is out of range for partition t-0"), "{err}");
}

#[test]
fn a_follower_back_below_its_leaders_log_start_restarts_there() {
    let mut c = Cluster::new(16, 3);
    c.check = false;
    c.create_topic("t", 1, 3, &RETENTION);
    let leader = c.leader("t", 0).expect("a leader").0;
    let follower = (1..=3).find(|b| *b != leader).expect("a follower");
    c.workload("w", "t", 20, 5, &[]);
    c.run_for(seconds(10));
    c.kill(follower);
    c.run_for(seconds(7 * 60));
    let held = c.sim.disk_log(BrokerId(follower), &TopicPartition::new("t", 0)).expect("its disk").log_end_offset();
    assert!(log_start(&c, "t", leader) > held, "the leader's retention passed what the follower holds");
    c.start(follower);
    c.run_until(seconds(60), "the follower rejoins the ISR", |c| c.isr("t", 0).contains(&follower));
    assert!(log_start(&c, "t", follower) >= log_start(&c, "t", leader) - 1_000, "restarted near the leader's start");
    assert!(log_start(&c, "t", follower) > held);
    assert_eq!(c.sim.ledger().summary.acked_lost, 0);
    c.assert_invariants();
}

#[test]
fn the_cleaner_keeps_the_latest_value_per_key_on_every_replica_with_offsets_unchanged() {
    let mut c = Cluster::new(17, 3);
    c.check = false;
    let configs = [("cleanup.policy", "compact"), ("segment.ms", "10000"), ("min.cleanable.dirty.ratio", "0.01")];
    c.create_topic("k", 1, 3, &configs);
    c.producer("p", &[]);
    let mut offsets = Vec::new();
    for round in 0..6 {
        for key in ["a", "b", "c"] {
            let id = c.send("p", "k", Some(key), &format!("{key}{round}"));
            c.run_for(seconds(3));
            if let RecordStatus::Acked { offset, .. } = c.status(id) {
                offsets.push((offset, key, round));
            }
        }
    }
    c.send("p", "k", Some("z"), "roll");
    c.run_for(seconds(90));
    let latest: Vec<i64> = ["a", "b", "c"]
        .iter()
        .map(|k| offsets.iter().filter(|(_, key, _)| key == k).map(|(o, _, _)| *o).max().expect("sent"))
        .collect();
    for b in 1..=3 {
        let log = c.sim.disk_log(BrokerId(b), &TopicPartition::new("k", 0)).expect("a replica");
        let checkpoint = log.cleaner_checkpoint().expect("the cleaner ran on every replica");
        for (o, key, round) in &offsets {
            let held = log.get(*o).map(|r| r.data.value.clone());
            if latest.contains(o) {
                assert_eq!(held, Some(Some(format!("{key}{round}"))), "broker {b}: latest {key} at {o}");
            } else if offsets.iter().any(|(n, k, _)| k == key && n > o && *n < checkpoint) {
                assert_eq!(held, None, "broker {b}: {key} at {o}, superseded inside the cleaned part");
            }
        }
    }
    let s = &c.sim.ledger().summary;
    assert!(s.removed_by_compaction > 0 && s.acked_lost == 0, "{s:?}");
    c.assert_invariants();
}

#[test]
fn a_compacted_topic_refuses_records_without_a_key() {
    let mut c = Cluster::new(18, 3);
    c.create_topic("k", 1, 3, &[("cleanup.policy", "compact")]);
    c.producer("p", &[]);
    let id = c.send("p", "k", None, "no key");
    c.run_for(seconds(5));
    match c.status(id) {
        RecordStatus::Failed { error, .. } => assert!(error.contains("InvalidRecordException"), "{error}"),
        other => panic!("{other:?}"),
    }
}

fn delete_records(c: &mut Cluster, topic: &str, offset: i64) -> Result<i64, (ErrorKind, String)> {
    let tp = TopicPartition::new(topic, 0);
    match c.apply(TopicCommand::DeleteRecords { partitions: vec![(tp, offset)] }.into()) {
        CommandOutput::LowWatermarks(mut v) => v.remove(0).1.map_err(|e| (e.kind, e.message)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn delete_records_moves_every_replicas_log_start_and_refuses_what_kafka_refuses() {
    let mut c = Cluster::new(19, 3);
    c.create_topic("t", 1, 3, &[]);
    c.create_topic("k", 1, 3, &[("cleanup.policy", "compact")]);
    c.producer("p", &[]);
    c.fill("p", "t", 0, 20);
    c.run_for(seconds(3));
    assert_eq!(delete_records(&mut c, "t", 12), Ok(12));
    let (kind, message) = delete_records(&mut c, "t", 99).unwrap_err();
    assert_eq!(kind, ErrorKind::OffsetOutOfRange);
    assert_eq!(
        message,
        "Cannot increment the log start offset to 99 of partition t-0 since it is larger than the high watermark 20"
    );
    let (kind, message) = delete_records(&mut c, "k", 0).unwrap_err();
    assert_eq!(kind, ErrorKind::PolicyViolation);
    assert_eq!(message, "Records of partition k-0 can not be deleted due to the configured policy");
    assert_eq!(delete_records(&mut c, "nope", 0).unwrap_err().0, ErrorKind::UnknownTopicOrPartition);
    assert_eq!(delete_records(&mut c, "t", -1), Ok(20), "-1 is the high watermark");
    c.fill("p", "t", 0, 1);
    c.run_for(seconds(3));
    for b in 1..=3 {
        assert_eq!(log_start(&c, "t", b), 20, "broker {b} followed its leader");
    }
    assert_eq!(c.sim.ledger().summary.removed_by_delete_records, 20);
}

#[test]
fn a_run_with_retention_and_compaction_replays_to_the_same_trace() {
    let run = || {
        let mut c = Cluster::new(20, 3);
        c.check = false;
        c.create_topic("t", 2, 3, &RETENTION);
        c.create_topic("k", 1, 3, &[("cleanup.policy", "compact"), ("segment.ms", "10000")]);
        c.workload("w", "t", 30, 5, &[]);
        c.workload("x", "k", 10, 3, &[]);
        c.consumer("c", "g", &["t"], "range", &[]);
        c.run_for(seconds(8 * 60));
        assert!(c.sim.ledger().summary.removed_by_retention > 0);
        (c.sim.trace_hash(), c.sim.events())
    };
    assert_eq!(run(), run());
}
