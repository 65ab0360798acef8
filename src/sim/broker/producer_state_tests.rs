//! Tests of `producer_state`, after Kafka's `ProducerStateManagerTest`,
//! `UnifiedLogTest` and `TransactionManagerTest`.

use super::*;
use crate::sim::record::{decrement_sequence, increment_sequence};

const PID: ProducerId = ProducerId(1);
const MAX: i32 = i32::MAX;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Want {
    Ok,
    Dup(Offset, Offset),
    Epoch,
    OutOfOrder,
}

/// One batch: epoch, first/last sequence, origin, first/last offset if
/// appended, expected outcome.
type Step = (i16, i32, i32, AppendOrigin, (Offset, Offset), Want);

use AppendOrigin::{Client, Replication};

/// Applies steps with `check` (log layer, `dedup`) or `validate`
/// (`ProducerAppendInfo` layer), recording each accepted batch.
fn run(test: &str, steps: &[Step], dedup: bool) -> ProducerStateManager {
    let mut mgr = ProducerStateManager::new();
    for (i, &(epoch, first, last, origin, (fo, lo), want)) in steps.iter().enumerate() {
        let epoch = ProducerEpoch(epoch);
        let got = if dedup {
            mgr.check(PID, epoch, first, last, origin)
        } else {
            mgr.validate(PID, epoch, first, origin).map(|()| Append::New)
        };
        let got = match got {
            Ok(Append::New) => Want::Ok,
            Ok(Append::Duplicate { first_offset, last_offset }) => Want::Dup(first_offset, last_offset),
            Err(ProducerStateError::InvalidProducerEpoch { .. }) => Want::Epoch,
            Err(ProducerStateError::OutOfOrderSequence { .. }) => Want::OutOfOrder,
        };
        assert_eq!(got, want, "{test} step {}", i + 1);
        if got == Want::Ok {
            mgr.record(PID, epoch, first, last, fo, lo);
        }
    }
    mgr
}

fn summary(mgr: &ProducerStateManager) -> (i16, i32, i32, Offset, Offset) {
    let e = mgr.entry(PID).unwrap();
    (e.producer_epoch.0, e.first_seq(), e.last_seq(), e.first_data_offset(), e.last_data_offset())
}

/// `ProducerStateManagerTest.testBasicIdMapping` (all offsets 0).
#[test]
fn producer_state_manager_test_basic_id_mapping() {
    let z = (0, 0);
    let steps: &[Step] = &[
        (0, 0, 0, Client, z, Want::Ok),
        (0, 1, 1, Client, z, Want::Ok),
        (0, 1, 1, Client, z, Want::OutOfOrder),
        (0, 5, 5, Client, z, Want::OutOfOrder),
        (1, 0, 0, Client, z, Want::Ok),
        (0, 0, 0, Client, z, Want::Epoch),
    ];
    run("testBasicIdMapping", steps, false);
}

/// `ProducerStateManagerTest` wrap-around and replication-loading tests:
/// steps, then the entry's (epoch, firstSeq, lastSeq, firstDataOffset,
/// lastDataOffset) if the test asserts it.
#[test]
fn producer_state_manager_test_wrap_around_and_replication() {
    type Case = (&'static str, &'static [Step], Option<(i16, i32, i32, Offset, Offset)>);
    let cases: &[Case] = &[
        (
            "testProducerSequenceWrapAround",
            &[(15, MAX, MAX, Replication, (735, 735), Want::Ok), (15, 0, 0, Client, (1235, 1235), Want::Ok)],
            Some((15, MAX, 0, 735, 1235)),
        ),
        (
            "testProducerSequenceInvalidWrapAround",
            &[(15, MAX, MAX, Replication, (735, 735), Want::Ok), (15, 1, 1, Client, (1235, 1235), Want::OutOfOrder)],
            Some((15, MAX, MAX, 735, 735)),
        ),
        (
            "testProducerSequenceWithWrapAroundBatchRecord",
            &[(15, 2_147_483_637, 9, Replication, (2000, 2020), Want::Ok)],
            Some((15, 2_147_483_637, 9, 2000, 2020)),
        ),
        (
            "testNoValidationOnFirstEntryWhenLoadingLog",
            &[(5, 16, 16, Replication, (735, 735), Want::Ok)],
            Some((5, 16, 16, 735, 735)),
        ),
        (
            "testAcceptAppendWithSequenceGapsOnReplica",
            &[
                (0, 0, 0, Client, (0, 0), Want::Ok),
                (0, 3, 3, Client, (1, 1), Want::OutOfOrder),
                (0, 3, 3, Replication, (1, 1), Want::Ok),
            ],
            Some((0, 0, 3, 0, 1)),
        ),
    ];
    for &(test, steps, expect) in cases {
        let mgr = run(test, steps, true);
        if let Some(expect) = expect {
            assert_eq!(summary(&mgr), expect, "{test}");
        }
    }
}

/// In testAcceptAppendWithSequenceGapsOnReplica the rejected client batch
/// leaves the last sequence at 0.
#[test]
fn rejected_batch_leaves_state_unchanged() {
    let mgr = run("testAcceptAppendWithSequenceGapsOnReplica", &[(0, 0, 0, Client, (0, 0), Want::Ok)], true);
    assert!(mgr.check(PID, ProducerEpoch(0), 3, 3, Client).is_err());
    assert_eq!(mgr.entry(PID).unwrap().last_seq(), 0);
}

/// `UnifiedLogTest.testDuplicateAppends` (pid 1, epoch 0), via check+record.
#[test]
fn unified_log_test_duplicate_appends() {
    let mut steps: Vec<Step> = (0..6).map(|s| (0, s, s, Client, (s.into(), s.into()), Want::Ok)).collect();
    steps.extend_from_slice(&[
        // 2. a 3-record batch, seq 6..8 at offsets 6..8
        (0, 6, 8, Client, (6, 8), Want::Ok),
        // 3. the same batch again: original offsets, nothing appended
        (0, 6, 8, Client, (0, 0), Want::Dup(6, 8)),
        // 4. a partial duplicate, seq 7..8
        (0, 7, 8, Client, (0, 0), Want::OutOfOrder),
        // 5. seq 2 is within the last 5 batches
        (0, 2, 2, Client, (0, 0), Want::Dup(2, 2)),
        // 6. seq 1 is older than the last 5 batches
        (0, 1, 1, Client, (0, 0), Want::OutOfOrder),
        // 7. a new record at seq 9, then its re-send
        (0, 9, 9, Client, (9, 9), Want::Ok),
        (0, 9, 9, Client, (0, 0), Want::Dup(9, 9)),
    ]);
    let mgr = run("testDuplicateAppends", &steps, true);
    let cached: Vec<(i32, i32)> = mgr.entry(PID).unwrap().batches().map(|b| (b.first_seq, b.last_seq)).collect();
    assert_eq!(cached, vec![(3, 3), (4, 4), (5, 5), (6, 8), (9, 9)]);
}

/// `UnifiedLogTest.testOldProducerEpoch`, plus a new epoch that does not
/// start at 0 (section 5.2 rule 3) and a duplicate from an older epoch.
#[test]
fn unified_log_test_old_producer_epoch() {
    let steps: &[Step] = &[
        (1, 0, 0, Client, (0, 0), Want::Ok),
        (0, 0, 0, Client, (1, 1), Want::Epoch),
        (2, 5, 5, Client, (1, 1), Want::OutOfOrder),
        (2, 0, 0, Client, (1, 1), Want::Ok),
        (1, 0, 0, Client, (2, 2), Want::Epoch),
    ];
    let mgr = run("testOldProducerEpoch", steps, true);
    assert_eq!(summary(&mgr), (2, 0, 0, 1, 1), "a new epoch clears the cached batches");
}

/// `TransactionManagerTest.testDefaultSequenceNumber` and
/// `testSequenceNumberOverflow`, and `decrement_sequence` as its inverse.
#[test]
fn transaction_manager_test_sequence_numbers() {
    let cases: &[(&str, i32, i32, i32)] = &[
        ("testDefaultSequenceNumber", 0, 3, 3),
        ("testSequenceNumberOverflow", 0, MAX, MAX),
        ("testSequenceNumberOverflow", MAX, 100, 99),
        ("testSequenceNumberOverflow", 99, MAX, 98),
    ];
    for &(test, seq, inc, want) in cases {
        assert_eq!(increment_sequence(seq, inc), want, "{test}: {seq} + {inc}");
        assert_eq!(decrement_sequence(want, inc), seq, "{test}: {want} - {inc}");
    }
}

/// Error names and codes as in Kafka's `Errors`.
#[test]
fn error_names_and_codes() {
    let mgr = run("setup", &[(1, 0, 0, Client, (0, 0), Want::Ok)], true);
    let epoch = mgr.check(PID, ProducerEpoch(0), 0, 0, Client).unwrap_err();
    assert_eq!((epoch.kafka_error_name(), epoch.error_code()), ("INVALID_PRODUCER_EPOCH", 47));
    assert_eq!(epoch.to_string(), "Epoch of producer 1 is 0, which is smaller than the last seen epoch 1");
    let seq = mgr.check(PID, ProducerEpoch(1), 4, 4, Client).unwrap_err();
    assert_eq!((seq.kafka_error_name(), seq.error_code()), ("OUT_OF_ORDER_SEQUENCE_NUMBER", 45));
    assert_eq!(
        seq.to_string(),
        "Out of order sequence number for producer 1: 4 (incoming seq. number), 0 (current end sequence number)"
    );
}
