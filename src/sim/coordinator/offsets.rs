//! FindCoordinator, OffsetCommit, OffsetFetch and the `__consumer_offsets` log.
//!
//! - **FindCoordinator** (any broker): the leader of the group's offsets
//!   partition. The first request auto-creates `__consumer_offsets` through
//!   the controller (`offsets.topic.num.partitions`, replication factor
//!   `min(3, brokers)`, `cleanup.policy=compact`) and answers
//!   `COORDINATOR_NOT_AVAILABLE` until a leader exists.
//! - **OffsetCommit**: validated by [`super::group::ClassicGroup::validate_offset_commit`],
//!   appended as one record per partition (key `offset/<group>/<topic>/<p>`,
//!   value the offset and the request's `committedLeaderEpoch`, see [`offset_value`]),
//!   and answered once the records are committed (the partition's HW passes
//!   them, as with `acks=-1`). Only then does the coordinator's cache change.
//! - **OffsetFetch**: the cache; -1 for partitions without a commit.
//!
//! Simplification: one error for the whole OffsetCommit (Kafka reports one
//! per partition); committed offsets never expire (`offsets.retention.minutes`).
//! `__consumer_offsets` is compacted by the log cleaner like any compacted
//! topic (`crate::sim::broker::log::cleaner`).

use super::{group_key, offset_key, offsets_partition, PendingCommit, OFFSETS_TOPIC};
use super::{GroupCoordinator, OffsetsLog};
use crate::sim::ids::GroupId;
use crate::sim::ids::{LeaderEpoch, Offset, ProducerEpoch, ProducerId, TopicPartition};
use crate::sim::messages::{ErrorCode, Message, NodeId};
use crate::sim::node::{Ctx, Observation};
use crate::sim::record::{Record, RecordData, RecordId};
use crate::vecmap::VecMap;
use std::rc::Rc;

/// An offset commit request's fields.
pub(crate) struct CommitRequest {
    pub correlation_id: u64,
    pub group: GroupId,
    pub generation: i32,
    pub member_id: String,
    pub instance: Option<String>,
    pub offsets: Vec<(TopicPartition, Offset)>,
    pub leader_epochs: VecMap<TopicPartition, LeaderEpoch>,
}

/// An offset record's value: `<offset>` or `<offset>;leaderEpoch=<epoch>`
/// (Kafka's `OffsetCommitValue` carries `offset` and `leaderEpoch`).
pub(crate) fn offset_value(offset: Offset, epoch: Option<LeaderEpoch>) -> String {
    match epoch {
        Some(e) => format!("{offset};leaderEpoch={e}"),
        None => offset.to_string(),
    }
}

/// Parses [`offset_value`].
pub(crate) fn parse_offset_value(value: &str) -> Option<(Offset, Option<LeaderEpoch>)> {
    match value.split_once(";leaderEpoch=") {
        Some((o, e)) => Some((o.parse().ok()?, Some(LeaderEpoch(e.parse().ok()?)))),
        None => Some((value.parse().ok()?, None)),
    }
}

impl GroupCoordinator {
    pub(crate) fn handle_find_coordinator(
        &mut self,
        ctx: &mut Ctx,
        log: &mut dyn OffsetsLog,
        from: NodeId,
        group: GroupId,
    ) {
        let reply = |error: Option<ErrorCode>, coordinator| Message::FindCoordinatorResponse {
            group: group.clone(),
            error,
            coordinator,
        };
        let Some(n) = log.offsets_partitions() else {
            ctx.send(NodeId::Controller, Message::CreateOffsetsTopic);
            return ctx.send(from, reply(Some(ErrorCode::CoordinatorNotAvailable), None));
        };
        let tp = offsets_partition(&group, n);
        match log.metadata_leader(&tp) {
            Some(l) => ctx.send(from, reply(None, Some(l))),
            None => ctx.send(from, reply(Some(ErrorCode::CoordinatorNotAvailable), None)),
        }
    }

    pub(crate) fn handle_offset_commit(
        &mut self,
        ctx: &mut Ctx,
        log: &mut dyn OffsetsLog,
        from: NodeId,
        req: CommitRequest,
    ) {
        let reply = |error: Option<ErrorCode>| Message::OffsetCommitResponse {
            correlation_id: req.correlation_id,
            group: req.group.clone(),
            error,
            offsets: req.offsets.clone(),
        };
        if let Err(e) = self.check_coordinator(ctx, log, &req.group) {
            return ctx.send(from, reply(Some(e)));
        }
        let exists = self.groups.contains_key(req.group.as_str());
        if !exists && req.generation >= 0 {
            return ctx.send(from, reply(Some(ErrorCode::IllegalGeneration)));
        }
        let g = self.group_mut(&req.group);
        if let Err(e) = g.validate_offset_commit(&req.member_id, req.instance.as_deref(), req.generation, false) {
            return ctx.send(from, reply(Some(e)));
        }
        let response = reply(None);
        let commit = (req.offsets.clone(), req.leader_epochs.clone());
        self.commit_offsets(ctx, log, &req.group, commit, false, (from, Some(response)));
    }

    /// Appends offset records; the cache changes and `response` goes to `to` once they are committed.
    pub(crate) fn commit_offsets(
        &mut self,
        ctx: &mut Ctx,
        log: &mut dyn OffsetsLog,
        group: &str,
        (offsets, leader_epochs): (Vec<(TopicPartition, Offset)>, VecMap<TopicPartition, LeaderEpoch>),
        explicit_reset: bool,
        (to, response): (NodeId, Option<Message>),
    ) {
        let value = |tp: &TopicPartition, o: Offset| offset_value(o, leader_epochs.get(tp).copied());
        let entries = offsets.iter().map(|(tp, o)| (offset_key(group, tp), value(tp, *o))).collect();
        let Some(n) = log.offsets_partitions() else { return };
        let tp = offsets_partition(group, n);
        let Some(last) = self.append_internal(ctx, log, &tp, entries) else { return };
        let group = GroupId::new(group);
        let pending =
            PendingCommit { hw_needed: last + 1, to, group, offsets, leader_epochs, explicit_reset, response };
        self.pending_commits.entry(tp.clone()).or_default().push(pending);
        self.advance_high_watermark(ctx, log, &tp);
        if let Some(hw) = log.high_watermark(&tp) {
            self.complete_pending_commits(ctx, &tp, hw);
        }
    }

    /// The broker's HW step for an offsets partition, then the commits it completes.
    fn advance_high_watermark(&mut self, ctx: &mut Ctx, log: &mut dyn OffsetsLog, tp: &TopicPartition) {
        if log.advance_high_watermark(ctx, tp) {
            if let Some(hw) = log.high_watermark(tp) {
                self.complete_pending_commits(ctx, tp, hw);
            }
        }
    }

    /// Called when a partition's HW moves to `hw`: commits whose records are now committed complete.
    pub(crate) fn complete_pending_commits(&mut self, ctx: &mut Ctx, tp: &TopicPartition, hw: Offset) {
        if tp.topic.as_str() != OFFSETS_TOPIC {
            return;
        }
        let Some(list) = self.pending_commits.get_mut(tp) else { return };
        let (done, rest): (Vec<_>, Vec<_>) = std::mem::take(list).into_iter().partition(|c| c.hw_needed <= hw);
        *list = rest;
        for c in done {
            let g = self.group_mut(c.group.as_str());
            for (ptp, o) in &c.offsets {
                g.offsets.insert(ptp.clone(), *o);
                match c.leader_epochs.get(ptp) {
                    Some(e) => g.offset_leader_epochs.insert(ptp.clone(), *e),
                    None => g.offset_leader_epochs.remove(ptp),
                };
                ctx.observe(Observation::OffsetCommitted {
                    group: c.group.clone(),
                    tp: ptp.clone(),
                    offset: *o,
                    explicit_reset: c.explicit_reset,
                });
            }
            if let Some(msg) = c.response {
                ctx.send(c.to, msg);
            }
        }
    }

    pub(crate) fn handle_offset_fetch(
        &mut self,
        ctx: &mut Ctx,
        log: &mut dyn OffsetsLog,
        from: NodeId,
        group: GroupId,
        parts: Vec<TopicPartition>,
    ) {
        let (error, offsets, leader_epochs) = match self.check_coordinator(ctx, log, &group) {
            Err(e) => (Some(e), Vec::new(), VecMap::new()),
            Ok(()) => {
                let g = self.groups.get(&group);
                let committed = |tp: &TopicPartition| g.and_then(|g| g.offsets.get(tp)).copied().unwrap_or(-1);
                let epochs = g.map(|g| g.offset_leader_epochs.clone()).unwrap_or_default();
                let epochs = epochs.into_iter().filter(|(tp, _)| parts.contains(tp)).collect();
                (None, parts.iter().map(|tp| (tp.clone(), committed(tp))).collect(), epochs)
            }
        };
        ctx.send(from, Message::OffsetFetchResponse { group, error, offsets, leader_epochs });
    }

    /// Stores the group's membership and assignment as a record (after a generation completes).
    pub(crate) fn persist_group(&mut self, ctx: &mut Ctx, log: &mut dyn OffsetsLog, group: &str) {
        let Some(g) = self.groups.get(group) else { return };
        let mut snap = g.clone();
        snap.offsets.clear();
        snap.offset_leader_epochs.clear();
        let Ok(value) = serde_json::to_string(&snap) else { return };
        let Some(n) = log.offsets_partitions() else { return };
        let tp = offsets_partition(group, n);
        if self.append_internal(ctx, log, &tp, vec![(group_key(group), value)]).is_some() {
            self.advance_high_watermark(ctx, log, &tp);
        }
    }

    /// Appends key/value records to a led partition; returns the last offset.
    fn append_internal(
        &mut self,
        ctx: &mut Ctx,
        log: &mut dyn OffsetsLog,
        tp: &TopicPartition,
        entries: Vec<(String, String)>,
    ) -> Option<Offset> {
        let now = ctx.now_ms();
        let leader_epoch = log.led_epoch(tp)?;
        let base = log.log_end_offset(tp)?;
        let records: Vec<Record> = entries
            .into_iter()
            .enumerate()
            .map(|(i, (k, v))| Record {
                offset: base + i as Offset,
                batch_base_offset: base,
                leader_epoch,
                timestamp_ms: now,
                producer_id: ProducerId::NONE,
                producer_epoch: ProducerEpoch::NONE,
                sequence: -1,
                // Internal records are not followed by the durability ledger.
                id: RecordId(u64::MAX),
                data: Rc::new(RecordData { key: Some(k), value: Some(v), headers: Vec::new() }),
            })
            .collect();
        let last = base + records.len() as Offset - 1;
        log.append(ctx, tp, records).then_some(last)
    }
}

#[cfg(test)]
mod tests {
    use super::{offset_value, parse_offset_value};
    use crate::sim::ids::LeaderEpoch;

    #[test]
    fn offset_values_keep_the_leader_epoch() {
        assert_eq!(offset_value(5, None), "5");
        assert_eq!(parse_offset_value("5"), Some((5, None)));
        let v = offset_value(42, Some(LeaderEpoch(3)));
        assert_eq!(parse_offset_value(&v), Some((42, Some(LeaderEpoch(3)))));
        assert_eq!(parse_offset_value("x;leaderEpoch=1"), None);
    }
}
