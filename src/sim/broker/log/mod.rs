//! A partition's log on one broker: segments, the log start offset, the high
//! watermark, the leader-epoch cache and idempotent-producer state.
//!
//! The log end offset (LEO) is the offset the next record will get; the high
//! watermark (HW) is the offset below which records are committed and visible
//! to consumers; the log start offset is the first offset a reader may ask
//! for. Retention, `DeleteRecords` and the cleaner move or thin out the
//! front of the log, never its end. The epoch cache maps each leader epoch to
//! its first offset (KIP-101), which is what lets a returning follower find
//! where its log diverges from the leader's. The log is what survives a
//! crash: a killed broker keeps it and comes back with it.
//!
//! The records live in [`segment::Segment`]s, as in Kafka's `LocalLog`: the
//! last is the active segment, and a new one is rolled on append when
//! `segment.bytes` or `segment.ms` is exceeded or an index would be full
//! (`LogSegment.shouldRoll`). Every replica rolls on its own appends, so a
//! leader's and a follower's segments need not line up, as in Kafka.
//! [`retention`] deletes whole segments; [`cleaner`] compacts them.
//!
//! Simplification: the HW survives a restart exactly (Kafka checkpoints it
//! every 5 s; KafkaSim's truncation never relies on it), and deleted segments
//! vanish at once (Kafka renames them `.deleted` and removes the files
//! `file.delete.delay.ms` later; the log start offset moves at once in both).
//!
//! Test-only: [`PartitionLog::corrupt_high_watermark`] (`#[doc(hidden)]`)
//! sets the HW past the LEO so `tests/invariants_fire.rs` can show the
//! `HW ≤ LEO` invariant fire; nothing in the simulation, console or UI calls it.

pub mod cleaner;
pub mod retention;
pub mod segment;
#[cfg(test)]
mod tests;

use super::epoch_cache::LeaderEpochCache;
use super::producer_state::ProducerStateManager;
use crate::sim::ids::{LeaderEpoch, Offset, ProducerId};
pub use crate::sim::log_config::LogConfig;
use crate::sim::record::{Record, RecordId};
use segment::{batch_stats, split_batches, Segment};

/// One replica's log.
#[derive(Clone, Debug)]
pub struct PartitionLog {
    /// Never empty: the last one is the active segment.
    segments: Vec<Segment>,
    log_start_offset: Offset,
    log_end_offset: Offset,
    high_watermark: Offset,
    pub epochs: LeaderEpochCache,
    pub producers: ProducerStateManager,
    /// The topic's settings as this broker resolves them.
    pub config: LogConfig,
    /// The cleaner's checkpoint (`cleaner-offset-checkpoint`): where the dirty part starts.
    cleaner_checkpoint: Option<Offset>,
}

impl Default for PartitionLog {
    fn default() -> Self {
        PartitionLog {
            segments: vec![Segment::new(0)],
            log_start_offset: 0,
            log_end_offset: 0,
            high_watermark: 0,
            epochs: LeaderEpochCache::default(),
            producers: ProducerStateManager::default(),
            config: LogConfig::default(),
            cleaner_checkpoint: None,
        }
    }
}

impl PartitionLog {
    pub fn new() -> PartitionLog {
        PartitionLog::default()
    }

    /// The log end offset.
    pub fn log_end_offset(&self) -> Offset {
        self.log_end_offset
    }

    pub fn log_start_offset(&self) -> Offset {
        self.log_start_offset
    }

    pub fn high_watermark(&self) -> Offset {
        self.high_watermark
    }

    /// The segments, oldest first; the last is the active one.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The log's size in bytes: every segment, the active one included (`UnifiedLog.size`).
    pub fn size_bytes(&self) -> u64 {
        self.segments.iter().map(Segment::size_bytes).sum()
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

    /// The index of the segment that holds `offset` (the last whose base is at or below it).
    fn segment_index(&self, offset: Offset) -> usize {
        self.segments.partition_point(|s| s.base_offset() <= offset).saturating_sub(1)
    }

    /// The record at `offset`, if present (not below the log start, not cleaned away).
    pub fn get(&self, offset: Offset) -> Option<&Record> {
        if offset < self.log_start_offset {
            return None;
        }
        self.segments[self.segment_index(offset)].get(offset)
    }

    /// All readable records, oldest first.
    pub fn records(&self) -> impl DoubleEndedIterator<Item = &Record> {
        let start = self.log_start_offset;
        self.segments.iter().flat_map(|s| s.records()).filter(move |r| r.offset >= start)
    }

    /// The leader epoch of the last record (KIP-595 `lastFetchedEpoch`).
    pub fn last_fetched_epoch(&self) -> LeaderEpoch {
        let active = self.segments.last().and_then(Segment::last);
        active
            .or_else(|| self.segments.iter().rev().find_map(|s| s.last()))
            .map_or_else(|| self.epochs.latest_epoch().unwrap_or(LeaderEpoch::UNDEFINED), |r| r.leader_epoch)
    }

    /// Records in `[from, until)`, at most `max`, from the log start on. A
    /// read at an offset the cleaner removed starts at the next survivor.
    pub fn read(&self, from: Offset, until: Offset, max: u32) -> Vec<Record> {
        let from = from.max(self.log_start_offset);
        if from >= until {
            return Vec::new();
        }
        let first = self.segment_index(from);
        self.segments[first..]
            .iter()
            .flat_map(|s| s.from_offset(from))
            .take_while(|r| r.offset < until)
            .take(max as usize)
            .cloned()
            .collect()
    }

    /// Appends records whose offsets and epochs are already set (leader or
    /// follower), batch by batch, rolling a new segment first where Kafka would.
    /// Producer state is updated per batch (records sharing `batch_base_offset`).
    pub fn append(&mut self, records: Vec<Record>) {
        record_batches(&mut self.producers, records.iter());
        let Some(first) = records.first() else { return };
        if records.iter().all(|r| r.batch_base_offset == first.batch_base_offset) {
            return self.append_batch(records);
        }
        for batch in split_batches(records) {
            self.append_batch(batch);
        }
    }

    fn append_batch(&mut self, batch: Vec<Record>) {
        let (first, last) = (batch[0].offset, batch[batch.len() - 1].offset);
        debug_assert!(first >= self.log_end_offset, "records are appended in offset order");
        let (bytes, max_ts) = batch_stats(&batch);
        let active = self.segments.last().expect("a log has an active segment");
        if active.should_roll(bytes, max_ts, last, self.config.segment_bytes, self.config.segment_ms) {
            self.roll(first);
        }
        for r in &batch {
            let _ = self.epochs.assign(r.leader_epoch, r.offset);
        }
        self.log_end_offset = last + 1;
        self.segments.last_mut().expect("an active segment").append_sized(batch, bytes, max_ts);
    }

    /// Starts a new active segment at `base` (`UnifiedLog.roll`); an empty
    /// active segment is replaced instead of followed.
    fn roll(&mut self, base: Offset) {
        if self.segments.last().is_some_and(Segment::is_empty) {
            self.segments.pop();
        }
        self.segments.push(Segment::new(base));
    }

    /// Removes every record at or after `offset`; returns the removed records' ids.
    pub fn truncate_to(&mut self, offset: Offset) -> Vec<RecordId> {
        if offset >= self.log_end_offset {
            return Vec::new();
        }
        if offset < self.log_start_offset {
            return self.truncate_fully_and_start_at(offset);
        }
        let keep = self.segments.partition_point(|s| s.base_offset() <= offset).max(1);
        let mut removed: Vec<RecordId> = self.segments.drain(keep..).flat_map(|s| ids(s.records())).collect();
        let tail = self.segments.last_mut().expect("the first segment starts at or below the log start");
        let mut cut: Vec<RecordId> = tail.truncate_to(offset).iter().map(|r| r.id).collect();
        cut.append(&mut removed);
        self.log_end_offset = offset;
        self.epochs.truncate_from_end(offset);
        self.high_watermark = self.high_watermark.min(offset);
        self.cleaner_checkpoint = self.cleaner_checkpoint.filter(|c| *c <= offset);
        self.rebuild_producer_state();
        cut
    }

    /// Empties the log and starts it at `offset` (`truncateFullyAndStartAt`):
    /// a follower whose fetch offset fell below its leader's log start.
    pub fn truncate_fully_and_start_at(&mut self, offset: Offset) -> Vec<RecordId> {
        let removed = self.segments.drain(..).flat_map(|s| ids(s.records())).collect();
        self.segments.push(Segment::new(offset));
        self.log_start_offset = offset;
        self.log_end_offset = offset;
        self.high_watermark = offset;
        self.cleaner_checkpoint = None;
        self.epochs.clear();
        self.producers = ProducerStateManager::new();
        removed
    }

    /// Kafka rebuilds producer state from the log after truncation.
    fn rebuild_producer_state(&mut self) {
        self.producers = ProducerStateManager::new();
        let records: Vec<&Record> = self.segments.iter().flat_map(|s| s.records()).collect();
        record_batches(&mut self.producers, records.into_iter());
    }

    /// Ids of the records in `[from, to)` still held.
    fn ids_between(&self, from: Offset, to: Offset) -> Vec<RecordId> {
        self.read(from, to, u32::MAX).iter().map(|r| r.id).collect()
    }
}

fn ids<'a>(records: impl Iterator<Item = &'a Record>) -> Vec<RecordId> {
    records.map(|r| r.id).collect()
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
