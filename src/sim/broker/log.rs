//! A partition's log on one broker: records, high watermark, leader-epoch cache
//! and idempotent-producer state.
//!
//! The log end offset (LEO) is the offset the next record will get; the high
//! watermark (HW) is the offset below which records are committed and visible
//! to consumers. The epoch cache maps each leader epoch to its first offset
//! (KIP-101), which is what lets a returning follower find where its log
//! diverges from the leader's. The log is what survives a crash: a killed
//! broker keeps it and comes back with it.
//!
//! Simplification: one in-memory segment; `segment.bytes` is recorded but logs
//! are not split into segment files, and the HW survives a restart exactly
//! (Kafka checkpoints it every 5 s; KafkaSim's truncation never relies on it).
//!
//! Test-only: [`PartitionLog::corrupt_high_watermark`] (`#[doc(hidden)]`)
//! sets the HW past the LEO so `tests/invariants_fire.rs` can show the
//! `HW ≤ LEO` invariant fire; nothing in the simulation, console or UI calls it.
//!
//! Simplification: no retention (`retention.ms`, `retention.bytes`): logs keep
//! every record for the whole run.

use super::epoch_cache::LeaderEpochCache;
use super::producer_state::ProducerStateManager;
use crate::sim::ids::{LeaderEpoch, Offset, ProducerId};
use crate::sim::record::{Record, RecordId};
use crate::sim::shared_vec::SharedVec;

/// One replica's log.
#[derive(Clone, Debug, Default)]
pub struct PartitionLog {
    /// Shared between clones of the simulation (rewind checkpoints) until written.
    records: SharedVec<Record>,
    log_start_offset: Offset,
    high_watermark: Offset,
    pub epochs: LeaderEpochCache,
    pub producers: ProducerStateManager,
}

impl PartitionLog {
    pub fn new() -> PartitionLog {
        PartitionLog::default()
    }

    /// The log end offset.
    pub fn log_end_offset(&self) -> Offset {
        self.log_start_offset + self.records.len() as Offset
    }

    pub fn log_start_offset(&self) -> Offset {
        self.log_start_offset
    }

    pub fn high_watermark(&self) -> Offset {
        self.high_watermark
    }

    /// Moves the HW forward only (`maybeIncrementHighWatermark`); true if it moved.
    pub fn maybe_increment_high_watermark(&mut self, hw: Offset) -> bool {
        let hw = hw.min(self.log_end_offset());
        if hw > self.high_watermark {
            self.high_watermark = hw;
            true
        } else {
            false
        }
    }

    /// A follower's HW: `min(leader HW, own LEO)`; may move back after truncation.
    pub fn update_follower_high_watermark(&mut self, leader_hw: Offset) {
        self.high_watermark = leader_hw.min(self.log_end_offset()).max(self.log_start_offset);
    }

    /// Test-only: sets the high watermark with no check, so that
    /// `tests/invariants_fire.rs` can build a replica whose HW passed its LEO
    /// (the state `invariants::hw_le_leo` exists to catch). Nothing in the
    /// simulation, the console or the UI calls it.
    #[doc(hidden)]
    pub fn corrupt_high_watermark(&mut self, hw: Offset) {
        self.high_watermark = hw;
    }

    /// The record at `offset`, if present.
    pub fn get(&self, offset: Offset) -> Option<&Record> {
        let i = offset - self.log_start_offset;
        if i < 0 {
            return None;
        }
        self.records.get(i as usize)
    }

    /// All records, oldest first.
    pub fn records(&self) -> impl DoubleEndedIterator<Item = &Record> {
        self.records.iter()
    }

    /// The leader epoch of the last record (KIP-595 `lastFetchedEpoch`).
    pub fn last_fetched_epoch(&self) -> LeaderEpoch {
        self.records
            .last()
            .map_or_else(|| self.epochs.latest_epoch().unwrap_or(LeaderEpoch::UNDEFINED), |r| r.leader_epoch)
    }

    /// Records in `[from, until)`, at most `max`.
    pub fn read(&self, from: Offset, until: Offset, max: u32) -> Vec<Record> {
        let start = (from - self.log_start_offset).max(0) as usize;
        let end = ((until - self.log_start_offset).max(0) as usize).min(self.records.len());
        if start >= end {
            return Vec::new();
        }
        let end = end.min(start + max as usize);
        self.records.range(start, end).cloned().collect()
    }

    /// Appends records whose offsets and epochs are already set (leader or follower).
    /// Producer state is updated per batch (records sharing `batch_base_offset`).
    pub fn append(&mut self, records: Vec<Record>) {
        record_batches(&mut self.producers, records.iter());
        for r in records {
            debug_assert_eq!(r.offset, self.log_end_offset(), "records are appended in offset order");
            let _ = self.epochs.assign(r.leader_epoch, r.offset);
            self.records.push(r);
        }
    }

    /// Removes every record at or after `offset`; returns the removed records' ids.
    pub fn truncate_to(&mut self, offset: Offset) -> Vec<RecordId> {
        let keep = (offset - self.log_start_offset).max(0) as usize;
        if keep >= self.records.len() {
            return Vec::new();
        }
        let removed: Vec<RecordId> = self.records.range(keep, self.records.len()).map(|r| r.id).collect();
        self.records.truncate(keep);
        self.epochs.truncate_from_end(offset);
        self.high_watermark = self.high_watermark.min(self.log_end_offset());
        self.rebuild_producer_state();
        removed
    }

    /// Kafka rebuilds producer state from the log after truncation.
    fn rebuild_producer_state(&mut self) {
        self.producers = ProducerStateManager::new();
        record_batches(&mut self.producers, self.records.iter());
    }
}

/// Records each idempotent batch in `records` (runs sharing `batch_base_offset`) in the producer state.
fn record_batches<'a>(producers: &mut ProducerStateManager, records: impl Iterator<Item = &'a Record>) {
    let mut batches: Vec<(&Record, &Record)> = Vec::new();
    for r in records {
        match batches.last_mut() {
            Some((first, last)) if first.batch_base_offset == r.batch_base_offset => *last = r,
            _ => batches.push((r, r)),
        }
    }
    for (first, last) in batches {
        if first.producer_id != ProducerId::NONE && first.sequence >= 0 {
            producers.record(
                first.producer_id,
                first.producer_epoch,
                first.sequence,
                last.sequence,
                first.offset,
                last.offset,
            );
        }
    }
}
