//! The group ledger: what each consumer group did with the records it read.
//!
//! For every group and partition it keeps the offsets the group's
//! applications finished processing. A record processed a second time is a
//! **redelivery** (at-least-once: it was processed but its offset not yet
//! committed when a rebalance or crash moved the partition). When a member
//! starts a partition from the group's committed offset, any offset below it
//! that the group never processed is a **skip** (at-most-once: committed
//! before processing, then crashed). Each is counted per group with its
//! cause: the last disruption the group saw (a crash, a kick for
//! `max.poll.interval.ms`, a rebalance and why). An explicit seek or reset is
//! not a skip.

use super::ids::{GroupId, Offset, TopicPartition};
use super::node::Observation;
use super::time::SimTime;
use crate::sim::trace::{DisruptionCause, TraceEvent};
use crate::vecmap::VecMap;
use serde::{Deserialize, Serialize};

/// A set of offsets as disjoint half-open ranges `start → end`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffsetSet(VecMap<Offset, Offset>);

impl OffsetSet {
    pub fn contains(&self, o: Offset) -> bool {
        self.0.range(..=o).next_back().is_some_and(|(_, end)| o < *end)
    }

    /// Adds `o`; false if it was already there.
    pub fn insert(&mut self, o: Offset) -> bool {
        if self.contains(o) {
            return false;
        }
        let mut start = o;
        let mut end = o + 1;
        if let Some((&s, &e)) = self.0.range(..o).next_back() {
            if e == o {
                start = s;
                self.0.remove(&s);
            }
        }
        if let Some(e) = self.0.remove(&end) {
            end = e;
        }
        self.0.insert(start, end);
        true
    }

    /// Adds every offset of `[from, to)` (offsets the cleaner removed: nothing to process there).
    pub fn insert_range(&mut self, from: Offset, to: Offset) {
        if from >= to {
            return;
        }
        let touching: Vec<(Offset, Offset)> =
            self.0.range(..=to).filter(|(_, e)| **e >= from).map(|(s, e)| (*s, *e)).collect();
        let (mut start, mut end) = (from, to);
        for (s, e) in touching {
            start = start.min(s);
            end = end.max(e);
            self.0.remove(&s);
        }
        self.0.insert(start, end);
    }

    /// How many offsets of `[from, to)` are in the set.
    pub fn count_in(&self, from: Offset, to: Offset) -> u64 {
        self.0.iter().map(|(&s, &e)| (e.min(to) - s.max(from)).max(0) as u64).sum()
    }
}

/// Per-group counters.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupLedgerSummary {
    pub processed: u64,
    pub redelivered: u64,
    pub skipped: u64,
    /// Redeliveries by cause.
    pub redelivered_by_cause: VecMap<DisruptionCause, u64>,
    /// Skips by cause.
    pub skipped_by_cause: VecMap<DisruptionCause, u64>,
    /// Records the group never read because retention or `DeleteRecords`
    /// removed them first (`OFFSET_OUT_OF_RANGE`): expected, not lost.
    #[serde(default)]
    pub removed_unread: u64,
}

/// What the ledger knows about one group.
#[derive(Clone, Debug, Default)]
pub struct GroupRecord {
    pub processed: VecMap<TopicPartition, OffsetSet>,
    /// Offsets below this were already checked for skips (or were never expected).
    pub accounted: VecMap<TopicPartition, Offset>,
    pub last_disruption: Option<(SimTime, DisruptionCause)>,
    pub summary: GroupLedgerSummary,
    /// Explicit seeks and offset resets per partition (they may move a commit back).
    pub resets: VecMap<TopicPartition, u64>,
    /// Partitions whose position fell below the log start: `(position, log start)`
    /// until the reset lands.
    pub out_of_range: VecMap<TopicPartition, (Offset, Offset)>,
}

impl GroupRecord {
    fn cause(&self) -> DisruptionCause {
        self.last_disruption.as_ref().map_or(DisruptionCause::Unknown, |(_, c)| c.clone())
    }
}

/// The ledger of every group.
#[derive(Clone, Debug, Default)]
pub struct GroupLedger {
    pub groups: VecMap<GroupId, GroupRecord>,
}

impl GroupLedger {
    /// Feeds one observation; returns a trace line for the first redelivery or skip of a cause.
    pub fn observe(&mut self, now: SimTime, o: &Observation) -> Option<TraceEvent> {
        match o {
            Observation::Processed { group, tp, from, offset, .. } => self.on_processed(group, tp, *from, *offset),
            Observation::OutOfRange { group, tp, position, log_start } => {
                let g = self.groups.entry(group.clone()).or_default();
                g.out_of_range.insert(tp.clone(), (*position, *log_start));
                None
            }
            Observation::PositionInitialized { group, tp, offset, committed: false, .. }
                if self.groups.get(group).is_some_and(|g| g.out_of_range.contains_key(tp)) =>
            {
                self.after_out_of_range(group, tp, *offset)
            }
            Observation::PositionInitialized { group, tp, offset, committed, .. } => {
                let g = self.groups.entry(group.clone()).or_default();
                let Some(&from) = g.accounted.get(tp) else {
                    g.accounted.insert(tp.clone(), *offset);
                    return None;
                };
                if !committed {
                    *g.resets.entry(tp.clone()).or_insert(0) += 1;
                }
                if !committed || *offset <= from {
                    g.accounted.insert(tp.clone(), from.max(*offset));
                    return None;
                }
                let done = g.processed.get(tp).map_or(0, |s| s.count_in(from, *offset));
                let missing = (*offset - from) as u64 - done;
                g.accounted.insert(tp.clone(), *offset);
                if missing == 0 {
                    return None;
                }
                let cause = g.cause();
                g.summary.skipped += missing;
                *g.summary.skipped_by_cause.entry(cause.clone()).or_insert(0) += missing;
                Some(TraceEvent::Skipped { group: group.clone(), missing, tp: tp.clone(), offset: *offset, cause })
            }
            Observation::Seeked { group, tp, offset } => {
                let g = self.groups.entry(group.clone()).or_default();
                *g.resets.entry(tp.clone()).or_insert(0) += 1;
                let from = g.accounted.get(tp).copied().unwrap_or(*offset);
                g.accounted.insert(tp.clone(), from.max(*offset));
                g.last_disruption = Some((now, DisruptionCause::Seek { tp: tp.clone(), offset: *offset }));
                None
            }
            Observation::OffsetCommitted { group, tp, offset, explicit_reset: true } => {
                let g = self.groups.entry(group.clone()).or_default();
                *g.resets.entry(tp.clone()).or_insert(0) += 1;
                g.accounted.insert(tp.clone(), *offset);
                g.last_disruption = Some((now, DisruptionCause::OffsetsReset { tp: tp.clone(), offset: *offset }));
                None
            }
            Observation::GroupDisruption { group, cause } => {
                self.groups.entry(group.clone()).or_default().last_disruption = Some((now, cause.clone()));
                None
            }
            _ => None,
        }
    }

    /// A record processed: new, or a redelivery (counted by its cause).
    /// Offsets in `[from, offset)` are gaps the cleaner left: nothing to process.
    fn on_processed(
        &mut self,
        group: &GroupId,
        tp: &TopicPartition,
        from: Offset,
        offset: Offset,
    ) -> Option<TraceEvent> {
        let g = self.groups.entry(group.clone()).or_default();
        let set = g.processed.entry(tp.clone()).or_default();
        set.insert_range(from, offset);
        if set.insert(offset) {
            g.summary.processed += 1;
            return None;
        }
        let cause = g.cause();
        g.summary.redelivered += 1;
        let n = g.summary.redelivered_by_cause.entry(cause.clone()).or_insert(0);
        *n += 1;
        (*n == 1).then(|| TraceEvent::Redelivered { group: group.clone(), tp: tp.clone(), offset, cause })
    }

    /// A reset after `OFFSET_OUT_OF_RANGE` landed at `offset`: what the group
    /// had not read below the log start was removed (retention or
    /// DeleteRecords), not skipped by anyone.
    fn after_out_of_range(&mut self, group: &GroupId, tp: &TopicPartition, offset: Offset) -> Option<TraceEvent> {
        let g = self.groups.get_mut(group)?;
        let (position, log_start) = g.out_of_range.remove(tp)?;
        let read = g.processed.get(tp).map_or(0, |s| s.count_in(position, log_start));
        let missing = (log_start - position).max(0) as u64 - read;
        g.summary.removed_unread += missing;
        let from = g.accounted.get(tp).copied().unwrap_or(offset);
        g.accounted.insert(tp.clone(), from.max(offset));
        (missing > 0).then(|| TraceEvent::RemovedUnread {
            group: group.clone(),
            tp: tp.clone(),
            missing,
            position,
            reset_to: offset,
        })
    }

    /// How many explicit seeks/resets `group` made on `tp`.
    pub fn resets(&self, group: &str, tp: &TopicPartition) -> u64 {
        self.groups.get(group).and_then(|g| g.resets.get(tp)).copied().unwrap_or(0)
    }

    pub fn summary(&self, group: &str) -> GroupLedgerSummary {
        self.groups.get(group).map(|g| g.summary.clone()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_set_merges_ranges() {
        let mut s = OffsetSet::default();
        for o in [0, 2, 1, 5] {
            assert!(s.insert(o));
        }
        assert!(!s.insert(1));
        assert_eq!(s.0.len(), 2);
        assert_eq!(s.count_in(0, 10), 4);
        assert_eq!(s.count_in(1, 5), 2);
        assert!(s.contains(2) && !s.contains(3) && s.contains(5));
    }
}
