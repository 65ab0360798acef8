//! Expiring the committed offsets of empty groups
//! (`GroupMetadataManager.cleanupGroupMetadata`, KIP-211).
//!
//! Every `offsets.retention.check.interval.ms` the coordinator looks at the
//! groups it owns. A group that has been Empty for `offsets.retention.minutes`
//! loses its committed offsets: the coordinator writes a tombstone per
//! partition to `__consumer_offsets` (the log cleaner later removes the old
//! values and, after `delete.retention.ms`, the tombstones themselves), and a
//! group left with no members and no offsets is deleted with a tombstone of
//! its own. A consumer that joins afterwards finds no committed offset and
//! starts where `auto.offset.reset` says. Groups with members never expire.
// Simplification: Kafka measures from the moment the group became Empty
// (`currentStateTimestamp`); KafkaSim from the first pass that saw it empty,
// up to one check interval later.

use super::{group_key, offset_key, offsets_partition, GroupCoordinator, OffsetsLog};
use crate::sim::ids::{GroupId, TopicPartition};
use crate::sim::messages::group::GroupState;
use crate::sim::node::Ctx;
use crate::sim::trace::TraceEvent;

impl GroupCoordinator {
    /// One expiry pass at `ctx.now`: offsets of groups empty for `retention_ms` go.
    pub(crate) fn expire_offsets(&mut self, ctx: &mut Ctx, log: &mut dyn OffsetsLog, retention_ms: u64) {
        let now = ctx.now_ms();
        let Some(n) = log.offsets_partitions() else { return };
        let empty: Vec<GroupId> = self
            .groups
            .iter()
            .filter(|(_, g)| g.state == GroupState::Empty && g.members.is_empty() && !g.offsets.is_empty())
            .map(|(id, _)| id.clone())
            .collect();
        self.empty_since.retain(|id, _| empty.contains(id));
        let mut due = Vec::new();
        for id in empty {
            let since = *self.empty_since.entry(id.clone()).or_insert(now);
            if now.saturating_sub(since) >= retention_ms {
                due.push(id);
            }
        }
        for id in due {
            self.expire_group(ctx, log, &id, &offsets_partition(id.as_str(), n));
        }
    }

    /// Writes the tombstones of `id`'s offsets and of the group, then forgets them.
    fn expire_group(&mut self, ctx: &mut Ctx, log: &mut dyn OffsetsLog, id: &GroupId, tp: &TopicPartition) {
        let Some(g) = self.groups.get(id) else { return };
        let partitions: Vec<TopicPartition> = g.offsets.keys().cloned().collect();
        let mut tombstones: Vec<(String, Option<String>)> =
            partitions.iter().map(|p| (offset_key(id.as_str(), p), None)).collect();
        tombstones.push((group_key(id.as_str()), None));
        if self.append_internal(ctx, log, tp, tombstones).is_none() {
            return;
        }
        self.groups.remove(id);
        self.empty_since.remove(id);
        ctx.trace(TraceEvent::OffsetsExpired { broker: log.broker_id(), group: id.clone(), partitions });
        self.advance_high_watermark(ctx, log, tp);
    }
}
