//! Log compaction: Kafka's `LogCleaner`, one pass over one log.
//!
//! A compacted log has a *clean* part (already compacted, below the cleaner's
//! checkpoint) and a *dirty* part after it. The cleanable range ends at the
//! first uncleanable offset, `min(HW, active segment base, first segment
//! newer than min.compaction.lag.ms)`, rounded down to the start of its
//! segment (`LogCleanerManager.cleanableOffsets`): the active segment is never
//! touched. The dirty ratio `cleanable / (clean + cleanable)` bytes decides
//! whether a log is worth cleaning (strictly above
//! `min.cleanable.dirty.ratio`) and which log the broker's cleaner takes first
//! (`grabFilthiestCompactedLog`); `max.compaction.lag.ms` forces a log whose
//! oldest dirty record waited too long.
//!
//! A pass builds the map *key → latest offset* over the dirty range, then
//! rewrites every segment below its end keeping a record only if it has a key,
//! no later record of the same key is in the map, and it is not a tombstone
//! past its delete horizon (`shouldRetainRecord`). Survivors keep their
//! offsets, so readers see gaps. Rewritten segments are merged while they fit
//! in `segment.bytes` (`groupSegmentsBySize`). The checkpoint moves to the end
//! of the range.
// Simplification: the offset map has no size limit (Kafka's 128 MiB dedupe
// buffer holds millions of keys, more than any lesson writes), and a batch
// emptied by cleaning is dropped even when it holds a producer's last sequence.

use super::retention::{Removal, RemovalReason};
use super::segment::Segment;
use super::PartitionLog;
use crate::sim::ids::Offset;

/// Where a log's dirty part is and how big it is (Kafka's `LogToClean`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cleanable {
    /// The first dirty offset: the cleaner's checkpoint, or the log start.
    pub first_dirty: Offset,
    /// The end of the cleanable range: a segment base offset.
    pub end: Offset,
    /// Bytes of the segments below `first_dirty` (already cleaned).
    pub clean_bytes: u64,
    /// Bytes of the segments in `[first_dirty, end)`.
    pub cleanable_bytes: u64,
    /// `max.compaction.lag.ms` has passed for the oldest dirty record.
    pub overdue: bool,
}

impl Cleanable {
    /// The dirty ratio in parts per million (for display; decisions compare exactly).
    pub fn ratio_ppm(&self) -> u64 {
        let total = self.clean_bytes + self.cleanable_bytes;
        (self.cleanable_bytes * 1_000_000).checked_div(total).unwrap_or(0)
    }

    /// `self`'s ratio is strictly above `other`'s (cross-multiplied, no floats).
    pub fn dirtier_than(&self, other: &Cleanable) -> bool {
        let a = u128::from(self.cleanable_bytes) * u128::from(other.clean_bytes + other.cleanable_bytes);
        let b = u128::from(other.cleanable_bytes) * u128::from(self.clean_bytes + self.cleanable_bytes);
        a > b
    }

    /// Worth a pass: forced by the lag, or dirtier than `min.cleanable.dirty.ratio`.
    pub fn qualifies(&self, min_ratio_ppm: u32) -> bool {
        let total = u128::from(self.clean_bytes + self.cleanable_bytes);
        let dirty = u128::from(self.cleanable_bytes) * 1_000_000 > u128::from(min_ratio_ppm) * total;
        self.cleanable_bytes > 0 && (self.overdue || dirty)
    }
}

/// What one pass did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CleanResult {
    pub removal: Removal,
    /// The range cleaned.
    pub first_dirty: Offset,
    pub end: Offset,
    /// Tombstones given a delete horizon in this pass.
    pub horizons_set: u32,
}

impl PartitionLog {
    /// The cleaner's checkpoint, if a pass has run.
    pub fn cleaner_checkpoint(&self) -> Option<Offset> {
        self.cleaner_checkpoint
    }

    /// The cleanable range of a compacted log at `now_ms`; `None` if the policy has no `compact`.
    pub fn cleanable(&self, now_ms: u64) -> Option<Cleanable> {
        if !self.config.compact {
            return None;
        }
        let checkpoint = self.cleaner_checkpoint.filter(|c| *c >= self.log_start_offset && *c <= self.log_end_offset);
        let first_dirty = checkpoint.unwrap_or(self.log_start_offset);
        let active_base = self.segments.last().map_or(0, Segment::base_offset);
        let mut first_uncleanable = self.high_watermark.min(active_base);
        let lag = self.config.min_compaction_lag_ms;
        if lag > 0 {
            let recent = self.segments.iter().find(|s| s.largest_timestamp_ms() as i64 > now_ms as i64 - lag);
            first_uncleanable = first_uncleanable.min(recent.map_or(active_base, Segment::base_offset));
        }
        let end = self.segments[self.segment_index(first_uncleanable)].base_offset().max(first_dirty);
        let (mut clean_bytes, mut cleanable_bytes, mut oldest) = (0, 0, None::<u64>);
        for (i, s) in self.segments.iter().enumerate() {
            let upper = self.segments.get(i + 1).map_or(self.log_end_offset, Segment::base_offset);
            if upper <= first_dirty {
                clean_bytes += s.size_bytes();
            } else if s.base_offset() < end {
                cleanable_bytes += s.size_bytes();
                if let Some(t) = s.first_batch_timestamp_ms() {
                    oldest = Some(oldest.map_or(t, |o| o.min(t)));
                }
            }
        }
        let max_lag = self.config.max_compaction_lag_ms;
        let overdue = oldest.is_some_and(|t| (now_ms as i64).saturating_sub(max_lag) > t as i64);
        Some(Cleanable { first_dirty, end, clean_bytes, cleanable_bytes, overdue })
    }

    /// One cleaning pass at `now_ms` over the range [`PartitionLog::cleanable`]
    /// gives (the broker's cleaner calls it only for a log that
    /// [`Cleanable::qualifies`]; with nothing dirty it still rewrites the
    /// clean part, dropping tombstones past their horizon, as Kafka's
    /// `Cleaner.clean` does).
    pub fn clean(&mut self, now_ms: u64) -> Option<CleanResult> {
        let range = self.cleanable(now_ms)?;
        let latest = self.offset_map(range.first_dirty, range.end);
        let horizon = now_ms.saturating_add(self.config.delete_retention_ms.max(0) as u64);
        let cut = self.segments.partition_point(|s| s.base_offset() < range.end);
        let groups = group_by_size(&self.segments[..cut], self.config.segment_bytes);
        let (mut removed, mut horizons_set, mut rebuilt) = (Vec::new(), 0, Vec::new());
        for (from, to) in groups {
            let (mut kept, mut marks) = (Vec::new(), Vec::new());
            for s in &self.segments[from..to] {
                for r in s.records() {
                    let newest =
                        r.data.key.as_deref().is_some_and(|k| latest_offset(&latest, k).is_none_or(|o| r.offset >= o));
                    let tombstone_ok = r.data.value.is_some() || s.horizon(r.offset).is_none_or(|h| now_ms < h);
                    if newest && tombstone_ok {
                        if r.data.value.is_none() {
                            let h = s.horizon(r.offset).unwrap_or_else(|| {
                                horizons_set += 1;
                                horizon
                            });
                            marks.push((r.offset, h));
                        }
                        kept.push(r.clone());
                    } else if r.offset >= self.log_start_offset {
                        removed.push(r.id);
                    }
                }
            }
            rebuilt.push(Segment::rebuilt(self.segments[from].base_offset(), kept, marks));
        }
        self.segments.splice(..cut, rebuilt);
        self.cleaner_checkpoint = Some(range.end);
        let removal = Removal {
            reason: RemovalReason::Compaction,
            segments: cut as u32,
            ids: removed,
            log_start_offset: self.log_start_offset,
        };
        Some(CleanResult { removal, first_dirty: range.first_dirty, end: range.end, horizons_set })
    }

    /// Key → offset of its latest record in `[from, to)` (`buildOffsetMap`),
    /// sorted by key (a sorted list keeps the first download smaller than a map type would).
    fn offset_map(&self, from: Offset, to: Offset) -> Vec<(String, Offset)> {
        let mut keyed: Vec<(String, Offset)> =
            self.read(from, to, u32::MAX).into_iter().filter_map(|r| Some((r.data.key.clone()?, r.offset))).collect();
        // Stable: a key's records stay in offset order, so the last of each run is its latest.
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        let mut map: Vec<(String, Offset)> = Vec::with_capacity(keyed.len());
        for (k, o) in keyed {
            match map.last_mut() {
                Some(last) if last.0 == k => last.1 = o,
                _ => map.push((k, o)),
            }
        }
        map
    }
}

/// The latest offset of `key` in an [`PartitionLog::offset_map`].
fn latest_offset(map: &[(String, Offset)], key: &str) -> Option<Offset> {
    map.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok().map(|i| map[i].1)
}

/// `groupSegmentsBySize`: runs of segments (index ranges) whose total size
/// fits in `max_bytes` and whose offsets fit in one segment's relative range.
fn group_by_size(segments: &[Segment], max_bytes: u64) -> Vec<(usize, usize)> {
    let mut groups = Vec::new();
    let mut from = 0;
    while from < segments.len() {
        let (mut to, mut size) = (from + 1, segments[from].size_bytes());
        while let Some(next) = segments.get(to) {
            let last = next.last().map_or(next.base_offset(), |r| r.offset);
            let span_ok = last.saturating_sub(segments[from].base_offset()) <= i64::from(i32::MAX);
            if size + next.size_bytes() > max_bytes || !span_ok {
                break;
            }
            size += next.size_bytes();
            to += 1;
        }
        groups.push((from, to));
        from = to;
    }
    groups
}
