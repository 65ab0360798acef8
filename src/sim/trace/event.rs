//! The typed trace events: one variant per kind of happening, with the ids,
//! epochs and offsets it concerns. The core records these values and formats
//! no text; `crate::i18n::trace` renders them in English or Korean, and the
//! trace hash is taken over their binary encoding (`super::hash`).

use super::Category;
use crate::sim::assignor::AssignorKind;
use crate::sim::commands::Command;
use crate::sim::ids::{BrokerId, GroupId, LeaderEpoch, Offset, ProducerEpoch, TopicPartition};
use crate::sim::messages::acks::Acks;
use crate::sim::messages::group::GroupState;
use crate::sim::messages::ErrorCode;
use crate::sim::record::RecordId;
use crate::sim::time::SimTime;
use serde::{Deserialize, Serialize};

/// Why the controller changed a partition's leader or ISR.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PartitionChangeReason {
    BrokerFenced(BrokerId),
    BrokerInControlledShutdown(BrokerId),
    BrokerUnfenced(BrokerId),
    LeaderShrinksIsr(BrokerId),
    LeaderExpandsIsr(BrokerId),
    AutoLeaderRebalance,
    LeaderElection,
    /// `kafka-leader-election`.
    LeaderElectionTool,
}

/// Why records left the front of a log: expected removals, never losses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RemovalReason {
    /// `retention.ms`: the segment's newest record was older.
    RetentionTime,
    /// `retention.bytes`: the log was larger.
    RetentionSize,
    /// The log start offset had passed the segment (after `DeleteRecords`,
    /// or a follower restarting at its leader's log start).
    LogStartOffset,
    /// `kafka-delete-records` moved the log start offset.
    DeleteRecords,
    /// The cleaner kept a later record with the same key, or a tombstone's time was up.
    Compaction,
}

/// Why a group coordinator removed a member.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum MemberRemoval {
    /// No heartbeat within `session.timeout.ms`.
    SessionTimeout { ms: u64 },
    /// The member sent LeaveGroup.
    Left,
}

/// Why a group rebalances.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RebalanceReason {
    NewStaticMember,
    StaticMemberNewMetadata,
    MemberJoined(String),
    MemberMetadataChanged,
    LeaderRejoined,
    MemberRemoved { member: String, why: MemberRemoval },
}

/// What last disturbed a group (the group ledger's redelivery causes).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DisruptionCause {
    Unknown,
    Rebalance(RebalanceReason),
    MemberRemoved {
        member: String,
        why: MemberRemoval,
    },
    ConsumerCrashed(String),
    /// The consumer exceeded `max.poll.interval.ms`.
    PollTimeoutExceeded(String),
    Seek {
        tp: TopicPartition,
        offset: Offset,
    },
    OffsetsReset {
        tp: TopicPartition,
        offset: Offset,
    },
}

/// Why a consumer forgot its coordinator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CoordinatorLoss {
    RequestTimedOut,
    ConnectionRefused,
    Error(ErrorCode),
}

/// Why a consumer sends LeaveGroup.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LeaveReason {
    PollTimeout,
    ConsumerClosed,
}

/// How the ledger explains one lost acknowledged record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LossExplanation {
    /// `acks=0`: the record reached a dead broker.
    NeverWritten { sent_at: SimTime, broker: BrokerId },
    /// The current leader lacks an acknowledged record.
    Missing {
        /// `(at, by, acks)` of the acknowledgement, if it was one.
        acked: Option<(SimTime, BrokerId, Acks)>,
        /// The last election of the partition, `(at, broker, epoch)`.
        election: Option<(SimTime, BrokerId, LeaderEpoch)>,
        tp: TopicPartition,
        leader: BrokerId,
        /// `(broker, at)` when a truncation revealed the loss.
        truncated: Option<(BrokerId, SimTime)>,
    },
}

/// One thing that happened. The category derives from the variant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TraceEvent {
    // --- Commands and process lifecycle (simulation) ---
    Command(Box<Command>),
    BrokerCrashed(BrokerId),
    BrokerStarted(BrokerId),
    BrokerStopped(BrokerId),
    ConsumerKilled(String),
    // --- Broker ---
    ControlledShutdownBegins(BrokerId),
    ControlledShutdownCompleted(BrokerId),
    BecameLeader {
        broker: BrokerId,
        tp: TopicPartition,
        epoch: LeaderEpoch,
        leo: Offset,
    },
    Truncated {
        broker: BrokerId,
        tp: TopicPartition,
        to: Offset,
        epoch: LeaderEpoch,
        epoch_end: Offset,
        removed: u64,
    },
    ShrinkIsr {
        leader: BrokerId,
        tp: TopicPartition,
        out: Vec<BrokerId>,
        lag_ms: u64,
    },
    // --- Controller ---
    PartitionChanged {
        tp: TopicPartition,
        reason: PartitionChangeReason,
        /// `(old, new)` leader and the new epoch, when the leader moved.
        leader: Option<(Option<BrokerId>, Option<BrokerId>, LeaderEpoch)>,
        isr: Vec<BrokerId>,
        unclean: bool,
        offline: bool,
    },
    ControlledShutdownRequested(BrokerId),
    RegistrationRefused(BrokerId),
    Registered {
        broker: BrokerId,
        broker_epoch: u64,
    },
    Unfenced(BrokerId),
    Fenced {
        broker: BrokerId,
        timeout_ms: u64,
    },
    BrokerConfigs {
        broker: Option<BrokerId>,
        configs: Vec<(String, String)>,
    },
    TopicCreated {
        name: String,
        partitions: u32,
        replication_factor: u32,
    },
    TopicCreateFailed {
        name: String,
        message: String,
    },
    TopicDeleted(String),
    PartitionsAdded {
        topic: String,
        from: u32,
        to: u32,
    },
    TopicConfigs {
        topic: String,
        overrides: Vec<(String, String)>,
    },
    // --- Group coordinator ---
    InconsistentProtocol {
        group: GroupId,
        client: String,
        offered_type: String,
        offered: Vec<String>,
        group_type: String,
        group_protocols: Vec<String>,
    },
    StaticMemberRejoined {
        group: GroupId,
        instance: String,
        new_id: String,
        old_id: String,
    },
    PreparingRebalance {
        group: GroupId,
        generation: i32,
        why: RebalanceReason,
        delay_ms: u64,
    },
    MembersRemoved {
        group: GroupId,
        members: Vec<String>,
    },
    JoinCompleted {
        group: GroupId,
        state: GroupState,
        generation: i32,
        members: Vec<String>,
        leader: String,
        protocol: Option<String>,
    },
    SyncCompleted {
        group: GroupId,
        generation: i32,
        assignments: Vec<(String, Vec<TopicPartition>)>,
    },
    MemberRemoved {
        group: GroupId,
        member: String,
        why: MemberRemoval,
    },
    CoordinatorResigned {
        broker: BrokerId,
        tp: TopicPartition,
    },
    GroupLoaded {
        broker: BrokerId,
        group: GroupId,
        tp: TopicPartition,
        state: GroupState,
        generation: i32,
        members: u64,
        offsets: u64,
    },
    // --- Consumer ---
    CoordinatorUnavailable {
        consumer: String,
        broker: BrokerId,
        why: CoordinatorLoss,
    },
    CoordinatorFound {
        consumer: String,
        broker: Option<BrokerId>,
    },
    ConsumerFatal {
        consumer: String,
        error: ErrorCode,
    },
    PartitionsLostOnError {
        consumer: String,
        error: ErrorCode,
        lost: Vec<TopicPartition>,
    },
    PartitionsLost {
        consumer: String,
        lost: Vec<TopicPartition>,
    },
    EagerRevoke {
        consumer: String,
        revoked: Vec<TopicPartition>,
    },
    AssignmentMismatch {
        consumer: String,
        generation: i32,
        assignment: Vec<TopicPartition>,
        tp: TopicPartition,
    },
    Assigned {
        consumer: String,
        generation: i32,
        assigned: Vec<TopicPartition>,
        added: Vec<TopicPartition>,
        revoked: Vec<TopicPartition>,
    },
    PollTimeout {
        consumer: String,
        max_poll_interval_ms: u64,
    },
    LeaveGroup {
        consumer: String,
        why: LeaveReason,
    },
    CommitFailed {
        consumer: String,
        error: ErrorCode,
    },
    FetchConnectionClosed {
        consumer: String,
        broker: BrokerId,
    },
    NoOffsetForPartition {
        consumer: String,
        partitions: Vec<TopicPartition>,
    },
    StaticLeaderSkipsAssignment {
        consumer: String,
        generation: i32,
    },
    LeaderFetchesMetadata {
        consumer: String,
        generation: i32,
        topics: Vec<String>,
    },
    LeaderAssigns {
        consumer: String,
        generation: i32,
        assignor: AssignorKind,
    },
    ConsumerStalled {
        consumer: String,
        stalled: bool,
    },
    // --- Producer ---
    BatchFailed {
        producer: String,
        tp: TopicPartition,
        error: ErrorCode,
    },
    BatchRetry {
        producer: String,
        error: ErrorCode,
        tp: TopicPartition,
        backoff_ms: u64,
        attempt: u32,
    },
    ConnectionRefused {
        producer: String,
        broker: BrokerId,
        backoff_ms: u64,
    },
    EpochBumped {
        producer: String,
        tp: TopicPartition,
        epoch: ProducerEpoch,
    },
    // --- Ledgers ---
    WrittenTwice {
        id: RecordId,
        tp: TopicPartition,
        first: Offset,
        second: Offset,
        first_via: BrokerId,
    },
    Reordered {
        key: Option<String>,
        tp: TopicPartition,
        offset: Offset,
    },
    AckedRecordLost {
        tp: TopicPartition,
        offset: Offset,
        explanation: LossExplanation,
    },
    Redelivered {
        group: GroupId,
        tp: TopicPartition,
        offset: Offset,
        cause: DisruptionCause,
    },
    Skipped {
        group: GroupId,
        missing: u64,
        tp: TopicPartition,
        offset: Offset,
        cause: DisruptionCause,
    },
    /// Retention deleted whole segments (or `DeleteRecords` moved the log start).
    SegmentsDeleted {
        broker: BrokerId,
        tp: TopicPartition,
        reason: RemovalReason,
        segments: u32,
        records: u64,
        log_start: Offset,
    },
    /// The log cleaner compacted `[first_dirty, end)` of a log.
    LogCleaned {
        broker: BrokerId,
        tp: TopicPartition,
        first_dirty: Offset,
        end: Offset,
        removed: u64,
        dirty_ratio_ppm: u32,
    },
    /// A group's position fell below the log start: `missing` records it
    /// never read were removed by retention or `DeleteRecords`; it resumes at `reset_to`.
    RemovedUnread {
        group: GroupId,
        tp: TopicPartition,
        missing: u64,
        position: Offset,
        reset_to: Offset,
    },
    /// A coordinator expired an empty group's committed offsets (`offsets.retention.minutes`).
    OffsetsExpired {
        broker: BrokerId,
        group: GroupId,
        partitions: Vec<TopicPartition>,
    },
}

impl TraceEvent {
    /// The event log's filter this event falls under.
    pub fn category(&self) -> Category {
        use TraceEvent as E;
        match self {
            E::Command(_) => Category::Command,
            E::BrokerCrashed(_)
            | E::BrokerStarted(_)
            | E::BrokerStopped(_)
            | E::ControlledShutdownBegins(_)
            | E::ControlledShutdownCompleted(_) => Category::Broker,
            E::BecameLeader { .. }
            | E::Truncated { .. }
            | E::ShrinkIsr { .. }
            | E::SegmentsDeleted { .. }
            | E::LogCleaned { .. } => Category::Replication,
            E::PartitionChanged { .. }
            | E::ControlledShutdownRequested(_)
            | E::RegistrationRefused(_)
            | E::Registered { .. }
            | E::Unfenced(_)
            | E::Fenced { .. }
            | E::BrokerConfigs { .. }
            | E::TopicCreated { .. }
            | E::TopicCreateFailed { .. }
            | E::TopicDeleted(_)
            | E::PartitionsAdded { .. }
            | E::TopicConfigs { .. } => Category::Controller,
            E::InconsistentProtocol { .. }
            | E::StaticMemberRejoined { .. }
            | E::PreparingRebalance { .. }
            | E::MembersRemoved { .. }
            | E::JoinCompleted { .. }
            | E::SyncCompleted { .. }
            | E::MemberRemoved { .. }
            | E::CoordinatorResigned { .. }
            | E::GroupLoaded { .. }
            | E::Redelivered { .. }
            | E::Skipped { .. }
            | E::RemovedUnread { .. }
            | E::OffsetsExpired { .. } => Category::Group,
            E::ConsumerKilled(_)
            | E::CoordinatorUnavailable { .. }
            | E::CoordinatorFound { .. }
            | E::ConsumerFatal { .. }
            | E::PartitionsLostOnError { .. }
            | E::PartitionsLost { .. }
            | E::EagerRevoke { .. }
            | E::AssignmentMismatch { .. }
            | E::Assigned { .. }
            | E::PollTimeout { .. }
            | E::LeaveGroup { .. }
            | E::CommitFailed { .. }
            | E::FetchConnectionClosed { .. }
            | E::NoOffsetForPartition { .. }
            | E::StaticLeaderSkipsAssignment { .. }
            | E::LeaderFetchesMetadata { .. }
            | E::LeaderAssigns { .. }
            | E::ConsumerStalled { .. }
            | E::BatchFailed { .. }
            | E::BatchRetry { .. }
            | E::ConnectionRefused { .. }
            | E::EpochBumped { .. }
            | E::WrittenTwice { .. }
            | E::Reordered { .. }
            | E::AckedRecordLost { .. } => Category::Client,
        }
    }
}
