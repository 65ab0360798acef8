//! Segment, retention and cleaner tests, from Kafka's `UnifiedLogTest`,
//! `LogCleanerTest` and `LogCleanerManagerTest` vectors
//! (`../shared/design/kafka-semantics.md` §6, `kafka-semantics-next.md` §1).

use super::retention::RemovalReason;
use super::*;
use crate::sim::config::TopicConfig;
use crate::sim::ids::{ProducerEpoch, TopicPartition};
use crate::sim::record::RecordData;
use std::rc::Rc;

fn record(offset: Offset, key: Option<&str>, value: Option<&str>, ts: u64) -> Record {
    Record {
        offset,
        batch_base_offset: offset,
        leader_epoch: LeaderEpoch(0),
        timestamp_ms: ts,
        producer_id: ProducerId::NONE,
        producer_epoch: ProducerEpoch(-1),
        sequence: -1,
        id: RecordId(offset as u64 + 1000),
        data: Rc::new(RecordData { key: key.map(str::to_string), value: value.map(str::to_string), headers: vec![] }),
    }
}

/// A log whose segments hold `per_segment` one-record batches of value `v`
/// (each batch 61 + 9 + key bytes): rolled by size, as Kafka's tests do.
fn log_with(config: &[(&str, &str)]) -> PartitionLog {
    let mut t = TopicConfig::default();
    for (k, v) in config {
        t.set(k, v).unwrap();
    }
    PartitionLog { config: LogConfig::from(&t), ..PartitionLog::new() }
}

fn append(log: &mut PartitionLog, key: Option<&str>, value: Option<&str>, ts: u64) {
    let o = log.log_end_offset();
    log.append(vec![record(o, key, value, ts)]);
}

/// Rolls the active segment (the next append starts a new one): Kafka's `log.roll()`.
fn roll(log: &mut PartitionLog) {
    let leo = log.log_end_offset();
    log.roll(leo);
}

fn fill(log: &mut PartitionLog, n: usize, per_segment: usize, ts: u64) {
    for i in 0..n {
        if i > 0 && i % per_segment == 0 {
            roll(log);
        }
        append(log, Some(&format!("k{i}")), Some("v"), ts);
    }
}

fn bases(log: &PartitionLog) -> Vec<Offset> {
    log.segments().iter().map(|s| s.base_offset()).collect()
}

fn offsets(log: &PartitionLog) -> Vec<Offset> {
    log.records().map(|r| r.offset).collect()
}

/// Keys of records with a value (Kafka's `LogTestUtils.keysInLog`).
fn keys(log: &PartitionLog) -> Vec<String> {
    log.records().filter(|r| r.data.value.is_some()).map(|r| r.data.key.clone().unwrap_or_default()).collect()
}

fn hw_at_leo(log: &mut PartitionLog) {
    let leo = log.log_end_offset();
    log.maybe_increment_high_watermark(leo);
}

#[test]
fn segment_ms_rolls_on_append_only_and_segment_bytes_has_kafkas_minimum() {
    let mut log = log_with(&[("segment.ms", "1000")]);
    append(&mut log, Some("a"), Some("1"), 0);
    append(&mut log, Some("a"), Some("2"), 1000);
    assert_eq!(bases(&log), vec![0], "waited exactly segment.ms: no roll (strict >)");
    append(&mut log, Some("a"), Some("3"), 1001);
    assert_eq!(bases(&log), vec![0, 2]);
    let err = TopicConfig::default().set("segment.bytes", "1000").unwrap_err();
    assert_eq!(err.message, "Invalid value 1000 for configuration segment.bytes: Value must be at least 1048576");
}

#[test]
fn segment_bytes_rolls_before_the_batch_that_would_not_fit() {
    let mut log = log_with(&[("segment.bytes", "1048576")]);
    let big = "x".repeat(400_000);
    for _ in 0..3 {
        append(&mut log, Some("k"), Some(&big), 0);
    }
    assert_eq!(bases(&log), vec![0, 2], "two 400 kB batches fit in 1 MiB, the third does not");
}

#[test]
fn should_delete_size_based_segments() {
    // UnifiedLogTest.shouldDeleteSizeBasedSegments: 15 records, 5 per segment, retention 10 records.
    let mut log = log_with(&[]);
    fill(&mut log, 15, 5, 0);
    hw_at_leo(&mut log);
    let seg = log.segments()[0].size_bytes() as i64;
    log.config.retention_bytes = seg * 2;
    let removed = log.delete_old_segments(0);
    assert_eq!(log.segments().len(), 2);
    assert_eq!(removed[0].reason, RemovalReason::RetentionSize);
    assert_eq!(log.log_start_offset(), 5);
    let mut under = log_with(&[]);
    fill(&mut under, 15, 5, 0);
    hw_at_leo(&mut under);
    under.config.retention_bytes = seg * 3;
    assert!(under.delete_old_segments(0).is_empty());
    assert_eq!(under.segments().len(), 3, "shouldNotDeleteSizeBasedSegmentsWhenUnderRetentionSize");
}

#[test]
fn should_delete_time_based_segments_and_roll_when_all_go() {
    // shouldDeleteTimeBasedSegmentsReadyToBeDeleted: timestamps 10, retention.ms 10000.
    let mut log = log_with(&[("retention.ms", "10000")]);
    fill(&mut log, 15, 5, 10);
    hw_at_leo(&mut log);
    let removed = log.delete_old_segments(20_000);
    assert_eq!(bases(&log), vec![15], "all three deleted, an empty active segment rolled");
    assert_eq!(removed[0].ids.len(), 15);
    assert_eq!((log.log_start_offset(), log.log_end_offset()), (15, 15));
    // ...NoneReadyToBeDeleted
    let mut fresh = log_with(&[("retention.ms", "10000000")]);
    fill(&mut fresh, 15, 5, 20_000);
    hw_at_leo(&mut fresh);
    assert!(fresh.delete_old_segments(20_000).is_empty());
    assert_eq!(fresh.segments().len(), 3);
}

#[test]
fn policy_decides_whether_time_and_size_apply() {
    let mut compact = log_with(&[("cleanup.policy", "compact"), ("retention.ms", "10000")]);
    fill(&mut compact, 15, 5, 10);
    hw_at_leo(&mut compact);
    assert!(compact.delete_old_segments(20_000).is_empty(), "shouldNotDeleteSegmentsWhenPolicyDoesNotIncludeDelete");
    let mut both = log_with(&[("cleanup.policy", "compact,delete"), ("retention.ms", "10000")]);
    fill(&mut both, 15, 5, 10);
    hw_at_leo(&mut both);
    both.delete_old_segments(20_000);
    assert_eq!(both.segments().len(), 1, "shouldDeleteSegmentsReadyToBeDeletedWhenCleanupPolicyIsCompactAndDelete");
}

#[test]
fn log_start_breached_segments_go_even_without_delete() {
    // shouldDeleteStartOffsetBreachedSegmentsWhenPolicyDoesNotIncludeDelete and testLogDeletionAfterDeleteRecords.
    let tp = TopicPartition::new("t", 0);
    let mut log = log_with(&[("cleanup.policy", "compact")]);
    fill(&mut log, 15, 5, 0);
    hw_at_leo(&mut log);
    for (start, segments) in [(1, 3), (6, 2), (15, 1)] {
        log.delete_records(&tp, start).unwrap();
        assert_eq!(log.log_start_offset(), start);
        log.delete_old_segments(0);
        assert_eq!(log.segments().len(), segments, "log start {start}");
        assert!(log.segments()[0].base_offset() <= start);
    }
}

#[test]
fn delete_records_moves_the_start_at_once_and_never_past_the_hw() {
    let tp = TopicPartition::new("t", 0);
    let mut log = log_with(&[]);
    fill(&mut log, 30, 10, 0);
    log.maybe_increment_high_watermark(25);
    let err = log.delete_records(&tp, 26).unwrap_err();
    assert_eq!(err.kind, crate::sim::error::ErrorKind::OffsetOutOfRange);
    assert_eq!(
        err.message,
        "Cannot increment the log start offset to 26 of partition t-0 since it is larger than the high watermark 25"
    );
    let removal = log.delete_records(&tp, 12).unwrap().unwrap();
    assert_eq!((removal.reason, removal.ids.len()), (RemovalReason::DeleteRecords, 12));
    assert_eq!(log.get(11), None, "unreadable at once");
    assert_eq!(log.read(0, 25, 100)[0].offset, 12);
    assert_eq!(log.segments().len(), 3, "segments go on the next retention pass");
    assert!(log.delete_records(&tp, 5).unwrap().is_none(), "at or below the start: a no-op");
}

#[test]
fn segments_at_or_above_the_high_watermark_are_never_deleted() {
    // testCannotDeleteSegmentsAtOrAboveHighWatermark
    for hw in 0..=30 {
        let mut log = log_with(&[("retention.ms", "999")]);
        fill(&mut log, 30, 5, 0);
        log.maybe_increment_high_watermark(hw);
        log.delete_old_segments(10_000);
        assert!(log.log_start_offset() <= hw, "hw {hw}");
        for s in &log.segments()[1..] {
            assert!(s.base_offset() > hw || hw == 30, "hw {hw}: only the first segment may start at or below it");
        }
    }
}

#[test]
fn truncation_keeps_segments_below_and_fully_restarts_below_the_start() {
    let mut log = log_with(&[]);
    fill(&mut log, 15, 5, 0);
    let removed = log.truncate_to(7);
    assert_eq!((removed.len(), bases(&log), log.log_end_offset()), (8, vec![0, 5], 7));
    let all = log.truncate_fully_and_start_at(40);
    assert_eq!((all.len(), bases(&log), log.log_start_offset(), log.log_end_offset()), (7, vec![40], 40, 40));
}

fn keyed(log: &mut PartitionLog, keys: &[&str]) {
    for k in keys {
        append(log, Some(k), Some(k), 0);
    }
}

#[test]
fn compaction_keeps_the_latest_value_per_key_with_offsets_unchanged() {
    // Derived end state of testPartialSegmentClean: [0:k0,1:k1,2:k0,3:k1,4:k0] -> [3:k1, 4:k0].
    let mut log = log_with(&[("cleanup.policy", "compact")]);
    keyed(&mut log, &["k0", "k1", "k0", "k1", "k0"]);
    roll(&mut log);
    hw_at_leo(&mut log);
    let result = log.clean(0).unwrap();
    assert_eq!((offsets(&log), keys(&log)), (vec![3, 4], vec!["k1".to_string(), "k0".to_string()]));
    assert_eq!((result.removal.ids.len(), result.end, log.cleaner_checkpoint()), (3, 5, Some(5)));
    assert_eq!(log.get(2), None);
    assert_eq!(
        log.read(0, 5, 10).iter().map(|r| r.offset).collect::<Vec<_>>(),
        vec![3, 4],
        "a read at a gap starts at the next survivor"
    );
}

#[test]
fn the_active_segment_is_never_cleaned() {
    let mut log = log_with(&[("cleanup.policy", "compact")]);
    keyed(&mut log, &["a", "a", "a"]);
    hw_at_leo(&mut log);
    let c = log.cleanable(0).unwrap();
    assert_eq!((c.end, c.cleanable_bytes), (0, 0), "testLogToClean: the active segment is excluded");
    let pass = log.clean(0).unwrap();
    assert_eq!((pass.removal.ids.len(), pass.removal.segments), (0, 0));
    assert_eq!(offsets(&log), vec![0, 1, 2], "an uncleanable active segment stays as it is");
}

#[test]
fn nothing_at_or_above_the_high_watermark_is_cleaned() {
    let mut log = log_with(&[("cleanup.policy", "compact")]);
    keyed(&mut log, &["a", "a"]);
    roll(&mut log);
    keyed(&mut log, &["a", "a"]);
    roll(&mut log);
    keyed(&mut log, &["b"]);
    log.maybe_increment_high_watermark(3);
    let c = log.cleanable(0).unwrap();
    assert_eq!(c.end, 2, "the HW's segment (base 2) is uncleanable");
    log.clean(0);
    assert_eq!(offsets(&log), vec![1, 2, 3, 4]);
}

#[test]
fn tombstones_stay_for_delete_retention_ms_from_their_first_cleaning() {
    // testCleanTombstone: the horizon is set by the first cleaning, not the record's timestamp.
    let mut log = log_with(&[("cleanup.policy", "compact"), ("delete.retention.ms", "1000")]);
    keyed(&mut log, &["a", "b"]);
    append(&mut log, Some("a"), None, 0);
    roll(&mut log);
    hw_at_leo(&mut log);
    let first = log.clean(50_000).unwrap();
    assert_eq!((offsets(&log), first.horizons_set), (vec![1, 2], 1), "a's value gone, its tombstone kept");
    append(&mut log, Some("c"), Some("c"), 50_000);
    roll(&mut log);
    hw_at_leo(&mut log);
    log.clean(50_999);
    assert_eq!(offsets(&log), vec![1, 2, 3], "before the horizon (now + 1000) the tombstone stays");
    append(&mut log, Some("d"), Some("d"), 51_000);
    roll(&mut log);
    hw_at_leo(&mut log);
    let r = log.clean(51_000).unwrap();
    assert_eq!(offsets(&log), vec![1, 3, 4], "at the horizon it is removed");
    assert_eq!(r.removal.ids, vec![RecordId(1002)]);
}

#[test]
fn unkeyed_records_and_deleted_keys_leave_at_cleaning() {
    // testCleaningWithDeletes: tombstones for even keys; no even key remains.
    let mut log = log_with(&[("cleanup.policy", "compact"), ("delete.retention.ms", "0")]);
    for i in 0..6 {
        append(&mut log, Some(&i.to_string()), Some("v"), 0);
    }
    for i in (0..6).step_by(2) {
        append(&mut log, Some(&i.to_string()), None, 0);
    }
    append(&mut log, None, Some("no key"), 0);
    roll(&mut log);
    hw_at_leo(&mut log);
    log.clean(0);
    log.clean(1);
    assert_eq!(keys(&log), vec!["1", "3", "5"]);
}

#[test]
fn dirty_ratio_decides_and_cleaned_segments_merge() {
    // testLogToCleanWithUncleanableSection: clean = seg0..1, cleanable = seg2..3.
    let mut log = log_with(&[("cleanup.policy", "compact")]);
    for i in 0..6 {
        append(&mut log, Some(&format!("k{i}")), Some("v"), 0);
        roll(&mut log);
    }
    log.maybe_increment_high_watermark(4);
    log.cleaner_checkpoint = Some(2);
    let c = log.cleanable(0).unwrap();
    let seg = log.segments()[0].size_bytes();
    assert_eq!((c.first_dirty, c.end, c.clean_bytes, c.cleanable_bytes), (2, 4, 2 * seg, 2 * seg));
    assert_eq!(c.ratio_ppm(), 500_000);
    assert!(!c.qualifies(500_000), "min.cleanable.dirty.ratio is a strict >");
    assert!(c.qualifies(499_999));
    log.clean(0);
    assert_eq!(bases(&log), vec![0, 4, 5, 6], "the four cleaned segments merge into one (groupSegmentsBySize)");
    assert_eq!(offsets(&log), vec![0, 1, 2, 3, 4, 5]);
}

#[test]
fn min_compaction_lag_holds_recent_segments_back() {
    // testCleanableOffsetsForTime
    let mut log = log_with(&[("cleanup.policy", "compact"), ("min.compaction.lag.ms", "3600000")]);
    keyed(&mut log, &["a"]);
    roll(&mut log);
    append(&mut log, Some("a"), Some("b"), 4_000_000);
    roll(&mut log);
    append(&mut log, Some("a"), Some("c"), 4_000_000);
    hw_at_leo(&mut log);
    assert_eq!(log.cleanable(4_000_000).unwrap().end, 1, "the segment written at t1 is too recent");
    assert_eq!(log.cleanable(8_000_000).unwrap().end, 2);
}

#[test]
fn max_compaction_lag_forces_a_clean_ratio() {
    let mut log = log_with(&[("cleanup.policy", "compact"), ("max.compaction.lag.ms", "1000")]);
    keyed(&mut log, &["a", "b", "c", "d"]);
    roll(&mut log);
    hw_at_leo(&mut log);
    log.clean(0);
    append(&mut log, Some("a"), Some("x"), 10);
    roll(&mut log);
    append(&mut log, Some("z"), Some("x"), 10);
    hw_at_leo(&mut log);
    let c = log.cleanable(500).unwrap();
    assert!(!c.qualifies(900_000) && !c.overdue);
    assert!(log.cleanable(1_011).unwrap().qualifies(900_000), "past max.compaction.lag.ms");
}
