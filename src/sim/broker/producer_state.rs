//! Broker-side state of idempotent producers (KIP-98), per partition.
//!
//! An idempotent producer gets a producer id and epoch and numbers the records
//! it sends to each partition from 0 (the sequence wraps from
//! `Integer.MAX_VALUE` to 0). The partition leader remembers, per producer id,
//! the epoch and the metadata of the last 5 batches
//! (`ProducerStateEntry.NUM_BATCHES_TO_RETAIN`, which is why
//! `max.in.flight.requests.per.connection <= 5` is required). For each batch
//! written by a client the log layer (`UnifiedLog.analyzeAndValidateProducerState`)
//! first looks for a *duplicate*: same epoch and exactly the same
//! `(firstSeq, lastSeq)` as a cached batch, answered with the original offsets
//! and not appended again. Otherwise `ProducerAppendInfo` validates it:
//!
//! 1. an epoch older than the current one is `INVALID_PRODUCER_EPOCH` (47);
//! 2. a new epoch must start at sequence 0 unless the stored epoch is
//!    `NO_PRODUCER_EPOCH`; the same epoch must continue at `lastSeq + 1` (or 0
//!    after `Integer.MAX_VALUE`), else `OUT_OF_ORDER_SEQUENCE_NUMBER` (45);
//!    no sequence check when the stored epoch is -1 (state lost);
//! 3. replication appends (followers copying the leader) only warn about old
//!    epochs and are never sequence-checked.
//!
//! After the append, the batch is recorded (`ProducerStateEntry.addBatch`); a
//! new epoch clears the cached batches (`maybeUpdateProducerEpoch`).
//!
//! Sources: `storage/src/main/java/org/apache/kafka/storage/internals/log/ProducerAppendInfo.java`,
//! `ProducerStateEntry.java`, `core/src/main/scala/kafka/log/UnifiedLog.scala`,
//! and `DefaultRecordBatch.incrementSequence` for wrap-around. Tests follow
//! `ProducerStateManagerTest`, `UnifiedLogTest` and `TransactionManagerTest`.
//!
//! Simplification: no transactions. Transaction markers, `currentTxnFirstOffset`,
//! coordinator epochs and `InvalidTxnStateException` are not modelled, nor is
//! producer-id expiration (`producer.id.expiration.ms`); callers may
//! [`ProducerStateManager::remove`] an entry.

use crate::sim::ids::{Offset, ProducerEpoch, ProducerId};
use crate::sim::record::NO_SEQUENCE;
use crate::vecmap::VecMap;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::fmt;

/// Kafka's `ProducerStateEntry.NUM_BATCHES_TO_RETAIN`.
pub const NUM_BATCHES_TO_RETAIN: u32 = 5;

/// Who is appending: Kafka's `AppendOrigin` (CLIENT or REPLICATION).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppendOrigin {
    /// A produce request from a producer, on the leader.
    Client,
    /// A follower appending what it fetched from the leader.
    Replication,
}

/// The outcome of [`ProducerStateManager::check`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Append {
    /// Append the batch, then [`ProducerStateManager::record`] it.
    New,
    /// A retry of a cached batch: answer with its original offsets, append nothing.
    Duplicate { first_offset: Offset, last_offset: Offset },
}

/// Why a client batch is rejected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProducerStateError {
    /// `INVALID_PRODUCER_EPOCH` (47): the batch's epoch is older than the current one.
    InvalidProducerEpoch { producer_id: ProducerId, epoch: ProducerEpoch, current_epoch: ProducerEpoch },
    /// `OUT_OF_ORDER_SEQUENCE_NUMBER` (45). `current_last_seq` is `None` when
    /// the batch opens a new epoch at a non-zero sequence.
    OutOfOrderSequence {
        producer_id: ProducerId,
        epoch: ProducerEpoch,
        first_seq: i32,
        current_epoch: ProducerEpoch,
        current_last_seq: Option<i32>,
    },
}

impl ProducerStateError {
    /// Kafka's `Errors` name.
    pub fn kafka_error_name(&self) -> &'static str {
        match self {
            ProducerStateError::InvalidProducerEpoch { .. } => "INVALID_PRODUCER_EPOCH",
            ProducerStateError::OutOfOrderSequence { .. } => "OUT_OF_ORDER_SEQUENCE_NUMBER",
        }
    }

    /// Kafka's wire error code.
    pub fn error_code(&self) -> i16 {
        match self {
            ProducerStateError::InvalidProducerEpoch { .. } => 47,
            ProducerStateError::OutOfOrderSequence { .. } => 45,
        }
    }
}

impl fmt::Display for ProducerStateError {
    /// Kafka's exception messages, without the offset and partition.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProducerStateError::InvalidProducerEpoch { producer_id, epoch, current_epoch } => write!(
                f,
                "Epoch of producer {} is {}, which is smaller than the last seen epoch {}",
                producer_id.0, epoch.0, current_epoch.0
            ),
            ProducerStateError::OutOfOrderSequence { producer_id, epoch, first_seq, current_epoch, current_last_seq } => {
                match current_last_seq {
                    None => write!(
                        f,
                        "Invalid sequence number for new epoch of producer {}: {} (request epoch), {} (seq. number), {} (current producer epoch)",
                        producer_id.0, epoch.0, first_seq, current_epoch.0
                    ),
                    Some(last) => write!(
                        f,
                        "Out of order sequence number for producer {}: {} (incoming seq. number), {} (current end sequence number)",
                        producer_id.0, first_seq, last
                    ),
                }
            }
        }
    }
}

/// Kafka's `BatchMetadata`: one cached batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchMetadata {
    pub first_seq: i32,
    pub last_seq: i32,
    pub first_offset: Offset,
    pub last_offset: Offset,
}

/// Kafka's `ProducerStateEntry`: the epoch and the last 5 batches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProducerStateEntry {
    pub producer_epoch: ProducerEpoch,
    batches: VecDeque<BatchMetadata>,
}

impl ProducerStateEntry {
    /// Kafka's `ProducerStateEntry.empty`: no epoch, no batches.
    pub fn empty() -> Self {
        ProducerStateEntry { producer_epoch: ProducerEpoch::NONE, batches: VecDeque::new() }
    }

    /// The cached batches, oldest first.
    pub fn batches(&self) -> impl Iterator<Item = &BatchMetadata> {
        self.batches.iter()
    }

    /// Kafka's `firstSeq()`: the first sequence of the oldest cached batch.
    pub fn first_seq(&self) -> i32 {
        self.batches.front().map_or(NO_SEQUENCE, |b| b.first_seq)
    }

    /// Kafka's `lastSeq()`: the last sequence of the newest cached batch.
    pub fn last_seq(&self) -> i32 {
        self.batches.back().map_or(NO_SEQUENCE, |b| b.last_seq)
    }

    /// Kafka's `firstDataOffset()`; -1 without batches.
    pub fn first_data_offset(&self) -> Offset {
        self.batches.front().map_or(-1, |b| b.first_offset)
    }

    /// Kafka's `lastDataOffset()`; -1 without batches.
    pub fn last_data_offset(&self) -> Offset {
        self.batches.back().map_or(-1, |b| b.last_offset)
    }

    /// Kafka's `findDuplicateBatch`: same epoch and exact sequence range.
    pub fn find_duplicate_batch(&self, epoch: ProducerEpoch, first_seq: i32, last_seq: i32) -> Option<BatchMetadata> {
        if epoch != self.producer_epoch {
            return None;
        }
        self.batches.iter().find(|b| b.first_seq == first_seq && b.last_seq == last_seq).copied()
    }

    /// Kafka's `addBatch` (with `maybeUpdateProducerEpoch`).
    fn add_batch(&mut self, epoch: ProducerEpoch, batch: BatchMetadata) {
        if self.producer_epoch != epoch {
            self.batches.clear();
            self.producer_epoch = epoch;
        }
        if self.batches.len() as u32 == NUM_BATCHES_TO_RETAIN {
            self.batches.pop_front();
        }
        self.batches.push_back(batch);
    }
}

/// Kafka's `ProducerStateManager` for one partition.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProducerStateManager {
    producers: VecMap<ProducerId, ProducerStateEntry>,
}

impl ProducerStateManager {
    pub fn new() -> Self {
        ProducerStateManager { producers: VecMap::new() }
    }

    /// Kafka's `lastEntry(producerId)`.
    pub fn entry(&self, producer_id: ProducerId) -> Option<&ProducerStateEntry> {
        self.producers.get(&producer_id)
    }

    /// All producers, by id.
    pub fn entries(&self) -> impl Iterator<Item = (&ProducerId, &ProducerStateEntry)> {
        self.producers.iter()
    }

    /// Forget a producer (expiration, or its batches were deleted).
    pub fn remove(&mut self, producer_id: ProducerId) {
        self.producers.remove(&producer_id);
    }

    /// The log layer's check of one batch, before appending it: duplicate
    /// detection for client appends (`UnifiedLog.analyzeAndValidateProducerState`),
    /// then [`Self::validate`].
    pub fn check(
        &self,
        producer_id: ProducerId,
        epoch: ProducerEpoch,
        first_seq: i32,
        last_seq: i32,
        origin: AppendOrigin,
    ) -> Result<Append, ProducerStateError> {
        if origin == AppendOrigin::Client {
            let duplicate = self.entry(producer_id).and_then(|e| e.find_duplicate_batch(epoch, first_seq, last_seq));
            if let Some(batch) = duplicate {
                return Ok(Append::Duplicate { first_offset: batch.first_offset, last_offset: batch.last_offset });
            }
        }
        self.validate(producer_id, epoch, first_seq, origin)?;
        Ok(Append::New)
    }

    /// `ProducerAppendInfo.maybeValidateDataBatch`: the epoch check, and for
    /// client appends the sequence check. No duplicate detection here, so a
    /// repeated batch is out of order at this layer (`testBasicIdMapping`).
    pub fn validate(
        &self,
        producer_id: ProducerId,
        epoch: ProducerEpoch,
        first_seq: i32,
        origin: AppendOrigin,
    ) -> Result<(), ProducerStateError> {
        let empty = ProducerStateEntry::empty();
        let current = self.producers.get(&producer_id).unwrap_or(&empty);
        let current_epoch = current.producer_epoch;
        if epoch < current_epoch && origin == AppendOrigin::Client {
            return Err(ProducerStateError::InvalidProducerEpoch { producer_id, epoch, current_epoch });
        }
        if origin == AppendOrigin::Replication {
            // Kafka logs a warning for an old epoch on replication; nothing else.
            return Ok(());
        }
        let out_of_order = |current_last_seq| ProducerStateError::OutOfOrderSequence {
            producer_id,
            epoch,
            first_seq,
            current_epoch,
            current_last_seq,
        };
        if epoch != current_epoch {
            if first_seq != 0 && current_epoch != ProducerEpoch::NONE {
                return Err(out_of_order(None));
            }
            return Ok(());
        }
        let last_seq = current.last_seq();
        if current_epoch == ProducerEpoch::NONE || in_sequence(last_seq, first_seq) {
            Ok(())
        } else {
            Err(out_of_order(Some(last_seq)))
        }
    }

    /// Record an appended batch (`ProducerAppendInfo.appendDataBatch` then
    /// `ProducerStateManager.update`).
    pub fn record(
        &mut self,
        producer_id: ProducerId,
        epoch: ProducerEpoch,
        first_seq: i32,
        last_seq: i32,
        first_offset: Offset,
        last_offset: Offset,
    ) {
        let entry = self.producers.entry(producer_id).or_insert_with(ProducerStateEntry::empty);
        entry.add_batch(epoch, BatchMetadata { first_seq, last_seq, first_offset, last_offset });
    }
}

/// Kafka's `ProducerAppendInfo.inSequence`, computed in 64 bits.
fn in_sequence(last_seq: i32, next_seq: i32) -> bool {
    i64::from(next_seq) == i64::from(last_seq) + 1 || (next_seq == 0 && last_seq == i32::MAX)
}

#[cfg(test)]
#[path = "producer_state_tests.rs"]
mod tests;
