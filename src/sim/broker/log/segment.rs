//! One segment of a partition log: Kafka's `LogSegment`, without the files.
//!
//! A segment is named by its base offset and holds the records appended to it
//! while it was the active (last) segment. It knows its size in bytes (batch
//! headers plus records, [`RecordData::size_bytes`]), the largest record
//! timestamp (what time retention compares) and the timestamp of its first
//! batch (what `segment.ms` measures from, `rollingBasedTimestamp`). After
//! the cleaner has rewritten it, its offsets may have gaps; offsets never
//! change and stay in order, so lookups are binary searches.
//!
//! Tombstones the cleaner has seen carry a delete horizon
//! (`deleteHorizonMs`, KIP-534): the cleaning that first copies a tombstone
//! sets it to `now + delete.retention.ms`; a later cleaning past it drops the
//! tombstone.
// Simplification: Kafka keeps the horizon per batch; KafkaSim per tombstone
// record, which is the same for the single-record batches lessons write.

use crate::sim::ids::Offset;
use crate::sim::record::Record;
use crate::sim::shared_vec::SharedVec;

/// Kafka's `RECORD_BATCH_OVERHEAD`: the header bytes of one record batch.
pub const BATCH_OVERHEAD: u64 = 61;

/// `log.index.interval.bytes`: bytes between two offset-index entries.
pub const INDEX_INTERVAL_BYTES: u64 = 4096;

/// Entries a full time index holds: `segment.index.bytes` (10 MiB) / 12 bytes.
// Simplification: `segment.index.bytes` and `index.interval.bytes` keep Kafka's defaults.
pub const MAX_INDEX_ENTRIES: u64 = 10_485_760 / 12;

/// One segment.
#[derive(Clone, Debug, Default)]
pub struct Segment {
    base_offset: Offset,
    records: SharedVec<Record>,
    size_bytes: u64,
    largest_timestamp_ms: u64,
    /// The largest timestamp of the first batch (`rollingBasedTimestamp`).
    first_batch_timestamp_ms: Option<u64>,
    index_entries: u64,
    bytes_since_index_entry: u64,
    /// `(offset, delete horizon)` of tombstones a cleaning has copied.
    horizons: Vec<(Offset, u64)>,
}

impl Segment {
    /// An empty segment starting at `base_offset`.
    pub fn new(base_offset: Offset) -> Segment {
        Segment { base_offset, ..Segment::default() }
    }

    pub fn base_offset(&self) -> Offset {
        self.base_offset
    }

    pub fn size_bytes(&self) -> u64 {
        self.size_bytes
    }

    pub fn largest_timestamp_ms(&self) -> u64 {
        self.largest_timestamp_ms
    }

    pub fn first_batch_timestamp_ms(&self) -> Option<u64> {
        self.first_batch_timestamp_ms
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Identities of the record chunks (see `SharedVec::chunk_ids`); an
    /// active segment's partial last chunk, which its next append copies, is left out.
    pub fn chunk_ids(&self, active: bool) -> impl Iterator<Item = usize> + '_ {
        self.records.chunk_ids(!active)
    }

    /// The records, oldest first.
    pub fn records(&self) -> impl DoubleEndedIterator<Item = &Record> {
        self.records.iter()
    }

    pub fn last(&self) -> Option<&Record> {
        self.records.last()
    }

    /// The delete horizon a cleaning set on the tombstone at `offset`.
    pub fn horizon(&self, offset: Offset) -> Option<u64> {
        self.horizons.iter().find(|(o, _)| *o == offset).map(|(_, h)| *h)
    }

    /// The index of the first record at or after `offset`: direct while the
    /// segment has no gaps (never cleaned), else a binary search.
    pub fn position(&self, offset: Offset) -> usize {
        let len = self.records.len();
        let (Some(first), Some(last)) = (self.records.get(0), self.records.last()) else { return 0 };
        if last.offset - first.offset == len as Offset - 1 {
            return (offset - first.offset).clamp(0, len as Offset) as usize;
        }
        let (mut lo, mut hi) = (0usize, len);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.records.get(mid).is_some_and(|r| r.offset < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// The record at exactly `offset`.
    pub fn get(&self, offset: Offset) -> Option<&Record> {
        self.records.get(self.position(offset)).filter(|r| r.offset == offset)
    }

    /// Records at `from` and after, in order.
    pub fn from_offset(&self, from: Offset) -> impl Iterator<Item = &Record> {
        self.records.range(self.position(from), self.records.len())
    }

    /// Kafka's `LogSegment.shouldRoll`, for a batch of `batch_bytes` whose
    /// largest timestamp is `max_ts` and last offset `last_offset`.
    pub fn should_roll(
        &self,
        batch_bytes: u64,
        max_ts: u64,
        last_offset: Offset,
        segment_bytes: u64,
        segment_ms: i64,
    ) -> bool {
        let full = self.size_bytes > segment_bytes.saturating_sub(batch_bytes);
        let waited = self.first_batch_timestamp_ms.map_or(0, |t| max_ts as i64 - t as i64);
        let aged = !self.is_empty() && waited > segment_ms;
        let index_full = self.index_entries >= MAX_INDEX_ENTRIES;
        let relative_overflow = last_offset - self.base_offset > i64::from(i32::MAX);
        full || aged || index_full || relative_overflow
    }

    /// Appends one batch (records of one `batch_base_offset`).
    pub fn append_batch(&mut self, batch: Vec<Record>) {
        let (bytes, max_ts) = batch_stats(&batch);
        self.append_sized(batch, bytes, max_ts);
    }

    /// [`Segment::append_batch`] with the batch's bytes and largest timestamp known.
    pub fn append_sized(&mut self, batch: Vec<Record>, bytes: u64, max_ts: u64) {
        if self.first_batch_timestamp_ms.is_none() {
            self.first_batch_timestamp_ms = Some(max_ts);
        }
        self.largest_timestamp_ms = self.largest_timestamp_ms.max(max_ts);
        self.size_bytes += bytes;
        self.bytes_since_index_entry += bytes;
        if self.bytes_since_index_entry > INDEX_INTERVAL_BYTES {
            self.index_entries += 1;
            self.bytes_since_index_entry = 0;
        }
        for r in batch {
            self.records.push(r);
        }
    }

    /// Keeps the records below `offset` (`LogSegment.truncateTo`); returns the removed ones.
    pub fn truncate_to(&mut self, offset: Offset) -> Vec<Record> {
        let keep = self.position(offset);
        let removed: Vec<Record> = self.records.range(keep, self.records.len()).cloned().collect();
        if removed.is_empty() {
            return removed;
        }
        let kept: Vec<Record> = self.records.range(0, keep).cloned().collect();
        let horizons = std::mem::take(&mut self.horizons);
        *self = Segment::rebuilt(self.base_offset, kept, horizons);
        removed
    }

    /// A segment holding `records` (a cleaner's output, or a truncation's
    /// survivors) with its sizes and timestamps recomputed.
    pub fn rebuilt(base_offset: Offset, records: Vec<Record>, horizons: Vec<(Offset, u64)>) -> Segment {
        let mut seg = Segment::new(base_offset);
        for batch in split_batches(records) {
            seg.append_batch(batch);
        }
        seg.horizons = horizons.into_iter().filter(|(o, _)| seg.get(*o).is_some()).collect();
        seg
    }
}

/// Splits records into runs that share a `batch_base_offset`.
pub fn split_batches(records: Vec<Record>) -> Vec<Vec<Record>> {
    let mut batches: Vec<Vec<Record>> = Vec::new();
    for r in records {
        match batches.last_mut() {
            Some(b) if b[0].batch_base_offset == r.batch_base_offset => b.push(r),
            _ => batches.push(vec![r]),
        }
    }
    batches
}

/// The bytes one batch takes (its header and its records) and its largest timestamp.
pub fn batch_stats(batch: &[Record]) -> (u64, u64) {
    batch
        .iter()
        .fold((BATCH_OVERHEAD, 0), |(bytes, ts), r| (bytes + u64::from(r.data.size_bytes()), ts.max(r.timestamp_ms)))
}
