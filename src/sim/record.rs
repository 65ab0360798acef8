//! Records and batches, as a producer sends them and a log stores them.
//!
//! A Kafka record has a key, a value, a timestamp and headers; its batch
//! carries the producer id, epoch and base sequence (idempotence) and the
//! leader epoch of the leader that appended it (KIP-101). KafkaSim adds one
//! thing real Kafka does not have: a [`RecordId`] that names each record the
//! simulation ever sent, so the durability ledger can follow it through
//! appends, replication, truncation and loss (Jepsen tags values the same way).

use super::ids::{LeaderEpoch, Offset, ProducerEpoch, ProducerId};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// Kafka's `RecordBatch.NO_SEQUENCE`.
pub const NO_SEQUENCE: i32 = -1;

/// Kafka's `DefaultRecordBatch.incrementSequence(sequence, increment)`:
/// adds with wrap-around from `i32::MAX` to 0.
pub fn increment_sequence(sequence: i32, increment: i32) -> i32 {
    if sequence > i32::MAX - increment {
        increment - (i32::MAX - sequence) - 1
    } else {
        sequence + increment
    }
}

/// Kafka's `DefaultRecordBatch.decrementSequence(sequence, decrement)`.
pub fn decrement_sequence(sequence: i32, decrement: i32) -> i32 {
    if sequence < decrement {
        i32::MAX - (decrement - sequence) + 1
    } else {
        sequence - decrement
    }
}

/// The simulation-wide identity of one sent record (not part of Kafka's format).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RecordId(pub u64);

/// A record header (`key`, `value`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub key: String,
    pub value: String,
}

/// The user-visible part of a record, shared cheaply between copies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordData {
    pub key: Option<String>,
    pub value: Option<String>,
    pub headers: Vec<Header>,
}

/// One record in a partition log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub offset: Offset,
    /// The offset of the first record of the batch this record was appended in.
    pub batch_base_offset: Offset,
    /// Kafka: the batch's `partitionLeaderEpoch`.
    pub leader_epoch: LeaderEpoch,
    /// `CreateTime` in milliseconds of simulated time.
    pub timestamp_ms: u64,
    pub producer_id: ProducerId,
    pub producer_epoch: ProducerEpoch,
    /// The record's sequence number (-1 without idempotence).
    pub sequence: i32,
    pub id: RecordId,
    pub data: Rc<RecordData>,
}

/// Records a producer sends to one partition in one request (Kafka's `ProducerBatch`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Batch {
    pub producer_id: ProducerId,
    pub producer_epoch: ProducerEpoch,
    /// -1 without idempotence.
    pub base_sequence: i32,
    pub records: Vec<PendingRecord>,
}

/// A record before the leader assigns its offset and epoch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingRecord {
    pub id: RecordId,
    pub timestamp_ms: u64,
    pub data: Rc<RecordData>,
}

impl Batch {
    /// The last sequence number of the batch (Kafka's `lastSequence`).
    pub fn last_sequence(&self) -> i32 {
        if self.base_sequence < 0 {
            return -1;
        }
        let delta = self.records.len().saturating_sub(1) as i32;
        increment_sequence(self.base_sequence, delta)
    }

    /// Bytes the batch would take, roughly (Kafka's record overhead simplified).
    pub fn size_bytes(&self) -> u32 {
        self.records.iter().map(|r| r.size_bytes()).sum::<u32>() + 61
    }
}

impl PendingRecord {
    /// Approximate serialized size ([`RecordData::size_bytes`]).
    pub fn size_bytes(&self) -> u32 {
        self.data.size_bytes()
    }
}

impl RecordData {
    /// Approximate serialized size: key + value + headers + per-record overhead.
    // Simplification: a flat 8-byte overhead instead of Kafka's varint encoding.
    pub fn size_bytes(&self) -> u32 {
        let kv = self.key.as_ref().map_or(0, |k| k.len()) + self.value.as_ref().map_or(0, |v| v.len());
        let h: usize = self.headers.iter().map(|h| h.key.len() + h.value.len()).sum();
        (kv + h) as u32 + 8
    }
}
