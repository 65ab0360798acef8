//! Retention and `DeleteRecords`: the front of the log moves.
//!
//! Kafka's `UnifiedLog.deleteOldSegments` runs on every
//! `log.retention.check.interval.ms` pass, in this order: segments wholly
//! below the log start offset (after a `DeleteRecords`), then, when
//! `cleanup.policy` contains `delete`, segments beyond `retention.bytes`, then
//! segments older than `retention.ms`. Candidates are taken oldest first and
//! the scan stops at the first one that is kept. A segment is deletable only
//! if the high watermark has passed all of it, and an empty active segment
//! never is; when every segment would go, a new active segment is rolled
//! first. The log start offset becomes the first remaining segment's base.
//!
//! `DeleteRecords` moves the log start offset at once, up to the HW
//! (`maybeIncrementLogStartOffset`); the records below it become unreadable
//! immediately and their segments are deleted on the next pass.

use super::segment::Segment;
use super::PartitionLog;
use crate::sim::error::{ErrorKind, KafkaError};
use crate::sim::ids::{Offset, TopicPartition};
use crate::sim::record::RecordId;
pub use crate::sim::trace::RemovalReason;

/// What one removal did to one replica's log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Removal {
    pub reason: RemovalReason,
    /// Segments deleted (retention) or rewritten (compaction).
    pub segments: u32,
    /// Records that became unreadable.
    pub ids: Vec<RecordId>,
    pub log_start_offset: Offset,
}

impl PartitionLog {
    /// One retention pass (`deleteOldSegments`) at `now_ms`.
    pub fn delete_old_segments(&mut self, now_ms: u64) -> Vec<Removal> {
        let mut out = Vec::new();
        let start = self.log_start_offset;
        out.extend(
            self.delete_segments(RemovalReason::LogStartOffset, |_, next| {
                next.is_some_and(|n| n.base_offset() <= start)
            }),
        );
        if !self.config.delete {
            return out;
        }
        let limit = self.config.retention_bytes;
        let size = self.size_bytes() as i64;
        if limit >= 0 && size >= limit {
            let mut diff = size - limit;
            out.extend(self.delete_segments(RemovalReason::RetentionSize, |s, _| {
                let fits = diff - s.size_bytes() as i64 >= 0;
                if fits {
                    diff -= s.size_bytes() as i64;
                }
                fits
            }));
        }
        let retention_ms = self.config.retention_ms;
        if retention_ms >= 0 {
            out.extend(self.delete_segments(RemovalReason::RetentionTime, |s, _| {
                now_ms as i64 - s.largest_timestamp_ms() as i64 > retention_ms
            }));
        }
        out
    }

    /// `deletableSegments` + `deleteSegments` for one predicate.
    fn delete_segments(
        &mut self,
        reason: RemovalReason,
        mut predicate: impl FnMut(&Segment, Option<&Segment>) -> bool,
    ) -> Option<Removal> {
        let mut count = 0;
        for (i, s) in self.segments.iter().enumerate() {
            let next = self.segments.get(i + 1);
            let upper = next.map_or(self.log_end_offset, Segment::base_offset);
            let last_and_empty = next.is_none() && s.is_empty();
            if last_and_empty || self.high_watermark < upper || !predicate(s, next) {
                break;
            }
            count += 1;
        }
        if count == 0 {
            return None;
        }
        if count == self.segments.len() {
            self.segments.push(Segment::new(self.log_end_offset));
        }
        let start = self.log_start_offset;
        let ids =
            self.segments.drain(..count).flat_map(|s| s.from_offset(start).map(|r| r.id).collect::<Vec<_>>()).collect();
        let new_start = self.segments[0].base_offset().max(start);
        self.set_log_start_offset(new_start);
        Some(Removal { reason, segments: count as u32, ids, log_start_offset: new_start })
    }

    /// `DeleteRecords` on the leader (`maybeIncrementLogStartOffset`): moves
    /// the log start offset to `offset`; a no-op at or below it. Past the HW
    /// it fails with Kafka's `OffsetOutOfRangeException` text.
    pub fn delete_records(&mut self, tp: &TopicPartition, offset: Offset) -> Result<Option<Removal>, KafkaError> {
        if offset > self.high_watermark {
            return Err(KafkaError::new(
                ErrorKind::OffsetOutOfRange,
                format!(
                    "Cannot increment the log start offset to {offset} of partition {tp} since it is larger than the high watermark {}",
                    self.high_watermark
                ),
            ));
        }
        Ok(self.advance_log_start(offset, RemovalReason::DeleteRecords))
    }

    /// A follower takes its leader's log start offset from a fetch response
    /// (`LeaderOffsetIncremented`), never past its own HW.
    pub fn follow_log_start_offset(&mut self, leader_log_start: Offset) -> Option<Removal> {
        self.advance_log_start(leader_log_start.min(self.high_watermark), RemovalReason::DeleteRecords)
    }

    fn advance_log_start(&mut self, offset: Offset, reason: RemovalReason) -> Option<Removal> {
        if offset <= self.log_start_offset {
            return None;
        }
        let ids = self.ids_between(self.log_start_offset, offset);
        self.set_log_start_offset(offset);
        Some(Removal { reason, segments: 0, ids, log_start_offset: offset })
    }

    fn set_log_start_offset(&mut self, offset: Offset) {
        self.log_start_offset = offset;
        self.epochs.truncate_from_start(offset);
        self.high_watermark = self.high_watermark.max(offset);
        self.cleaner_checkpoint = self.cleaner_checkpoint.filter(|c| *c >= offset);
    }
}
