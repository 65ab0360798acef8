//! The broker's side of the group coordinator: it owns a
//! [`GroupCoordinator`] and lends it an [`OffsetsLog`] over its own
//! `__consumer_offsets` partitions.
//!
//! The coordinator runs with the broker lent to it as the `OffsetsLog`; for
//! the length of the call the broker's `coordinator` field holds an empty
//! stand-in ([`Broker::with_coordinator`]). The one broker path that reaches
//! the coordinator, the HW callback's `complete_pending_commits`, thus finds
//! nothing to do, and the coordinator completes its commits itself right
//! after [`OffsetsLog::advance_high_watermark`] returns, which keeps the order
//! of effects the same as when both were one `impl Broker`.

use super::partition::Role;
use super::Broker;
use crate::sim::coordinator::group::ClassicGroup;
use crate::sim::coordinator::{GroupCoordinator, OffsetsLog, OFFSETS_TOPIC};
use crate::sim::ids::{BrokerId, LeaderEpoch, Offset, TopicName, TopicPartition};
use crate::sim::messages::{Message, NodeId};
use crate::sim::node::{Ctx, TimerKind};
use crate::sim::record::Record;

impl OffsetsLog for Broker {
    fn broker_id(&self) -> BrokerId {
        self.id
    }

    fn offsets_partitions(&self) -> Option<u32> {
        let t = self.metadata.topics.get(&TopicName::new(OFFSETS_TOPIC))?;
        (!t.partitions.is_empty()).then_some(t.partitions.len() as u32)
    }

    fn metadata_leader(&self, tp: &TopicPartition) -> Option<BrokerId> {
        self.metadata.partition(tp).and_then(|p| p.leader)
    }

    fn led_epoch(&self, tp: &TopicPartition) -> Option<LeaderEpoch> {
        self.partitions.get(tp).filter(|p| p.role == Role::Leader).map(|p| p.leader_epoch)
    }

    fn led_offsets_partitions(&self) -> Vec<(TopicPartition, LeaderEpoch)> {
        self.partitions
            .iter()
            .filter(|(tp, p)| tp.topic.as_str() == OFFSETS_TOPIC && p.role == Role::Leader)
            .map(|(tp, p)| (tp.clone(), p.leader_epoch))
            .collect()
    }

    fn records(&self, tp: &TopicPartition) -> Vec<Record> {
        self.partitions.get(tp).map(|p| p.log.records().cloned().collect()).unwrap_or_default()
    }

    fn log_end_offset(&self, tp: &TopicPartition) -> Option<Offset> {
        self.partitions.get(tp).map(|p| p.log.log_end_offset())
    }

    fn high_watermark(&self, tp: &TopicPartition) -> Option<Offset> {
        self.partitions.get(tp).map(|p| p.log.high_watermark())
    }

    fn append(&mut self, ctx: &mut Ctx, tp: &TopicPartition, records: Vec<Record>) -> bool {
        let Some(p) = self.partitions.get_mut(tp).filter(|p| p.role == Role::Leader) else { return false };
        p.log.append(records);
        self.wake_parked_fetches(ctx, tp);
        true
    }

    fn advance_high_watermark(&mut self, ctx: &mut Ctx, tp: &TopicPartition) -> bool {
        self.maybe_advance_hw(ctx, tp)
    }
}

impl Broker {
    /// Runs `f` on the coordinator with this broker lent as its [`OffsetsLog`].
    fn with_coordinator<R>(
        &mut self,
        ctx: &mut Ctx,
        f: impl FnOnce(&mut GroupCoordinator, &mut Ctx, &mut Broker) -> R,
    ) -> R {
        let mut coordinator = std::mem::take(&mut self.coordinator);
        let r = f(&mut coordinator, ctx, self);
        self.coordinator = coordinator;
        r
    }

    /// A group request (FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit/Fetch).
    pub(crate) fn handle_group_message(&mut self, ctx: &mut Ctx, from: NodeId, msg: Message) {
        self.with_coordinator(ctx, |c, ctx, b| c.handle_message(ctx, b, from, msg));
    }

    /// The coordinator's timers: a member's session, a group's join phase.
    pub(crate) fn on_group_timer(&mut self, ctx: &mut Ctx, kind: TimerKind) {
        self.with_coordinator(ctx, |c, ctx, b| match kind {
            TimerKind::GroupSession(gm) => c.on_session_expired(ctx, b, gm.0.as_str(), &gm.1),
            TimerKind::GroupJoin(group) => c.on_group_join_timer(ctx, b, group.as_str()),
            _ => {}
        });
    }

    /// The coordinator's offsets expiry pass (`offsets.retention.minutes`).
    pub(crate) fn run_offsets_expiry(&mut self, ctx: &mut Ctx) {
        let retention_ms = self.config.offsets_retention_minutes.saturating_mul(60_000);
        self.with_coordinator(ctx, |c, ctx, b| c.expire_offsets(ctx, b, retention_ms));
        let every = self.config.offsets_retention_check_interval_ms;
        ctx.set_timer(TimerKind::OffsetsRetention, crate::sim::time::ms(every));
    }

    /// After a metadata change: resign from offsets partitions no longer led, load newly led ones.
    pub(crate) fn reconcile_coordinators(&mut self, ctx: &mut Ctx) {
        self.with_coordinator(ctx, |c, ctx, b| {
            c.resign(ctx, b);
            c.elect(ctx, b);
        });
    }

    /// An offsets partition's HW moved: finish the offset commits it covers.
    pub(crate) fn complete_pending_commits(&mut self, ctx: &mut Ctx, tp: &TopicPartition) {
        // Checked before the partition lookup: this runs on every HW move of every partition.
        if tp.topic.as_str() != OFFSETS_TOPIC {
            return;
        }
        if let Some(hw) = self.high_watermark(tp) {
            self.coordinator.complete_pending_commits(ctx, tp, hw);
        }
    }

    /// `kafka-consumer-groups --reset-offsets`: an admin commit (generation -1) if this broker coordinates `group`.
    pub(crate) fn admin_commit_offsets(&mut self, ctx: &mut Ctx, group: &str, offsets: Vec<(TopicPartition, Offset)>) {
        self.with_coordinator(ctx, |c, ctx, b| {
            if c.check_coordinator(ctx, b, group).is_ok() {
                // `alterConsumerGroupOffsets` commits `new OffsetAndMetadata(offset)`: no leader epoch.
                c.commit_offsets(ctx, b, group, (offsets, Default::default()), true, (NodeId::Controller, None));
            }
        });
    }

    /// Every group this broker coordinates right now (for the view).
    pub fn coordinated_groups(&self) -> impl Iterator<Item = &ClassicGroup> {
        self.coordinator.coordinated_groups(self)
    }
}
