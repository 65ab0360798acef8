//! What the group coordinator needs from the broker that hosts it.
//!
//! The coordinator is its own state machine ([`super::GroupCoordinator`]); it
//! does not know the broker. Each handler borrows, besides its own state and
//! the [`Ctx`], an [`OffsetsLog`]: the hosting broker's view of the
//! `__consumer_offsets` partitions (which it leads, in which leader epoch,
//! their records and high watermarks) and a way to append to them. This is
//! the openraft handler style: borrow only what is needed. In Kafka the
//! coordinator likewise writes through a `CoordinatorRuntime` over the
//! `PartitionWriter` the broker gives it (`group-coordinator/.../
//! GroupCoordinatorService.java`, `coordinator-common/.../PartitionWriter.java`).

use crate::sim::ids::{BrokerId, LeaderEpoch, Offset, TopicPartition};
use crate::sim::node::Ctx;
use crate::sim::record::Record;

/// The hosting broker, as the coordinator sees it.
pub trait OffsetsLog {
    /// The hosting broker (named in trace lines and member ids).
    fn broker_id(&self) -> BrokerId;
    /// Partitions of `__consumer_offsets` in the broker's metadata image (None: no such topic yet).
    fn offsets_partitions(&self) -> Option<u32>;
    /// The leader of `tp` in the broker's metadata image (for FindCoordinator).
    fn metadata_leader(&self, tp: &TopicPartition) -> Option<BrokerId>;
    /// The leader epoch of `tp` if this broker leads it now.
    fn led_epoch(&self, tp: &TopicPartition) -> Option<LeaderEpoch>;
    /// The `__consumer_offsets` partitions this broker leads, with their leader epochs, in partition order.
    fn led_offsets_partitions(&self) -> Vec<(TopicPartition, LeaderEpoch)>;
    /// The records of a hosted partition's log.
    fn records(&self, tp: &TopicPartition) -> Vec<Record>;
    /// A hosted partition's log end offset.
    fn log_end_offset(&self, tp: &TopicPartition) -> Option<Offset>;
    /// A hosted partition's high watermark.
    fn high_watermark(&self, tp: &TopicPartition) -> Option<Offset>;
    /// Appends `records` to a partition this broker leads and wakes the
    /// follower fetches parked on it; false if it does not lead `tp`.
    fn append(&mut self, ctx: &mut Ctx, tp: &TopicPartition, records: Vec<Record>) -> bool;
    /// Advances the HW of a led partition if its ISR allows, running the
    /// broker's own consequences (acks=all produces, parked consumer fetches);
    /// returns whether it moved. The coordinator's waiting commits are left to
    /// the caller ([`super::GroupCoordinator::complete_pending_commits`]).
    fn advance_high_watermark(&mut self, ctx: &mut Ctx, tp: &TopicPartition) -> bool;
}
