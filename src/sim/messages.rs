//! The messages nodes exchange, named after Kafka's APIs, and Kafka's error codes.
//!
//! Control plane (KRaft): `BrokerRegistration`, `BrokerHeartbeat`,
//! `AlterPartition`, `ControlledShutdown` (in KRaft a heartbeat with
//! `wantShutDown`), and metadata records pushed to brokers.
//! Data plane: `Produce`, `Fetch` (followers and, later, consumers) and
//! `Metadata` for clients.
//!
//! Simplification: KRaft brokers *fetch* the metadata log from the controller;
//! here the controller pushes each new record batch to every broker, and a broker
//! that missed some catches up from the heartbeat response (same end state).

use super::ids::{BrokerId, GroupId, LeaderEpoch, Offset, TopicName, TopicPartition};
use super::metadata::MetadataRecord;
use super::record::{Batch, Record};
use crate::vecmap::VecMap;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::rc::Rc;

pub mod acks;
mod error_code;
pub mod group;

pub use error_code::ErrorCode;
use group::{JoinGroupRequest, JoinGroupResponse};

/// A client node (producer or consumer) in the simulation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ClientNodeId(pub u32);

/// Any node that sends or receives messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum NodeId {
    /// The active KRaft controller.
    Controller,
    Broker(BrokerId),
    Client(ClientNodeId),
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NodeId::Controller => write!(f, "controller"),
            NodeId::Broker(b) => write!(f, "broker {b}"),
            NodeId::Client(c) => write!(f, "client {}", c.0),
        }
    }
}

/// Kafka's `acks` as it travels in a produce request (`-1`, `0`, `1`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RequiredAcks {
    None,
    Leader,
    All,
}

/// One partition of a replica or consumer fetch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FetchPartition {
    pub tp: TopicPartition,
    pub fetch_offset: Offset,
    /// KIP-320/595: the epoch of the last record the fetcher has (for divergence).
    pub last_fetched_epoch: LeaderEpoch,
    /// KIP-320: the fetcher's idea of the leader epoch, fenced if stale.
    pub current_leader_epoch: LeaderEpoch,
}

/// The answer for one partition of a fetch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FetchPartitionResponse {
    pub tp: TopicPartition,
    /// The offset the request asked from: a reader takes the records only
    /// if it still stands there (after compaction the first record may be later).
    pub fetch_offset: Offset,
    pub error: Option<ErrorCode>,
    pub high_watermark: Offset,
    pub log_start_offset: Offset,
    /// Set when the fetcher's log diverges: `(epoch, end offset)` to truncate to.
    pub diverging_epoch: Option<(LeaderEpoch, Offset)>,
    pub records: Vec<Record>,
}

/// A produce response for one partition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProducePartitionResponse {
    pub tp: TopicPartition,
    pub error: Option<ErrorCode>,
    pub base_offset: Offset,
}

/// Partition metadata as a client sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionMetadata {
    pub partition: u32,
    pub leader: Option<BrokerId>,
    pub leader_epoch: LeaderEpoch,
}

/// Who sends a group request: the fields SyncGroup, Heartbeat, LeaveGroup and
/// OffsetCommit share. Boxed in [`Message`], which every delivery moves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberFields {
    pub group: GroupId,
    /// -1 where the request has none (LeaveGroup).
    pub generation: i32,
    pub member_id: String,
    pub group_instance_id: Option<String>,
}

/// Everything that travels between nodes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Message {
    BrokerRegistration {
        incarnation: u64,
        metadata_offset: u64,
    },
    BrokerRegistrationResponse {
        broker_epoch: u64,
    },
    BrokerHeartbeat {
        broker_epoch: u64,
        metadata_offset: u64,
        want_shutdown: bool,
    },
    BrokerHeartbeatResponse {
        fenced: bool,
        should_shutdown: bool,
        base_offset: u64,
        records: Rc<Vec<MetadataRecord>>,
    },
    /// Controller → broker: new metadata records (KRaft's metadata log, pushed).
    MetadataPush {
        base_offset: u64,
        records: Rc<Vec<MetadataRecord>>,
    },
    AlterPartition {
        broker_epoch: u64,
        tp: TopicPartition,
        leader_epoch: LeaderEpoch,
        partition_epoch: u32,
        new_isr: Vec<BrokerId>,
    },
    AlterPartitionResponse {
        tp: TopicPartition,
        error: Option<ErrorCode>,
    },
    Fetch {
        replica: Option<BrokerId>,
        partitions: Vec<FetchPartition>,
    },
    FetchResponse {
        partitions: Vec<FetchPartitionResponse>,
    },
    Produce {
        correlation_id: u64,
        acks: RequiredAcks,
        timeout_ms: u64,
        batches: Vec<(TopicPartition, Batch)>,
    },
    ProduceResponse {
        correlation_id: u64,
        partitions: Vec<ProducePartitionResponse>,
    },
    Metadata {
        correlation_id: u64,
        topics: Vec<TopicName>,
    },
    /// Client → broker: the first request on a new connection
    /// (`NetworkClient` sends it before the node counts as ready). Only the
    /// producer's `acks=0` connections use it; see `producer/connections.rs`.
    ApiVersions {
        correlation_id: u64,
    },
    ApiVersionsResponse {
        correlation_id: u64,
    },
    /// The target process is down: the client's connection is refused (TCP RST).
    ConnectionRefused {
        correlation_id: u64,
    },
    /// The target process died with this connection open (the host closes
    /// its sockets): requests in flight on it fail at once
    /// (`NetworkClient.handleDisconnections`), they are not left to time out.
    ConnectionClosed,
    MetadataResponse {
        correlation_id: u64,
        brokers: Vec<BrokerId>,
        topics: Vec<(TopicName, Option<Vec<PartitionMetadata>>)>,
    },
    /// Consumer → any broker: who coordinates `group`?
    FindCoordinator {
        group: GroupId,
    },
    FindCoordinatorResponse {
        group: GroupId,
        error: Option<ErrorCode>,
        coordinator: Option<BrokerId>,
    },
    /// Broker → controller: create `__consumer_offsets` (auto-creation on first use).
    CreateOffsetsTopic,
    JoinGroup(Box<JoinGroupRequest>),
    JoinGroupResponse(Box<JoinGroupResponse>),
    SyncGroup {
        member: Box<MemberFields>,
        /// Filled by the leader only.
        assignments: Vec<(String, Vec<TopicPartition>)>,
    },
    SyncGroupResponse {
        group: GroupId,
        error: Option<ErrorCode>,
        assignment: Vec<TopicPartition>,
    },
    Heartbeat {
        member: Box<MemberFields>,
    },
    HeartbeatResponse {
        group: GroupId,
        error: Option<ErrorCode>,
    },
    LeaveGroup {
        member: Box<MemberFields>,
    },
    LeaveGroupResponse {
        group: GroupId,
        error: Option<ErrorCode>,
    },
    OffsetCommit {
        correlation_id: u64,
        member: Box<MemberFields>,
        offsets: Vec<(TopicPartition, Offset)>,
        /// `committedLeaderEpoch` of the partitions that have one: the epoch
        /// of the last record consumed (`SubscriptionState.allConsumed`).
        leader_epochs: VecMap<TopicPartition, LeaderEpoch>,
    },
    OffsetCommitResponse {
        correlation_id: u64,
        group: GroupId,
        error: Option<ErrorCode>,
        offsets: Vec<(TopicPartition, Offset)>,
    },
    OffsetFetch {
        group: GroupId,
        partitions: Vec<TopicPartition>,
    },
    OffsetFetchResponse {
        group: GroupId,
        error: Option<ErrorCode>,
        /// -1 when the group has no committed offset for the partition.
        offsets: Vec<(TopicPartition, Offset)>,
        /// The committed offsets' leader epochs (where known).
        leader_epochs: VecMap<TopicPartition, LeaderEpoch>,
    },
    /// `ListOffsets`: timestamp -2 = earliest, -1 = latest (the HW for read_uncommitted).
    ListOffsets {
        partitions: Vec<(TopicPartition, i64)>,
    },
    ListOffsetsResponse {
        partitions: Vec<(TopicPartition, Option<ErrorCode>, Offset)>,
    },
}

impl Message {
    /// Kafka's API name, for the picture and the trace.
    pub fn api_name(&self) -> &'static str {
        match self {
            Message::BrokerRegistration { .. } => "BrokerRegistration",
            Message::BrokerRegistrationResponse { .. } => "BrokerRegistrationResponse",
            Message::BrokerHeartbeat { .. } => "BrokerHeartbeat",
            Message::BrokerHeartbeatResponse { .. } => "BrokerHeartbeatResponse",
            Message::MetadataPush { .. } => "MetadataPush",
            Message::AlterPartition { .. } => "AlterPartition",
            Message::AlterPartitionResponse { .. } => "AlterPartitionResponse",
            Message::Fetch { .. } => "Fetch",
            Message::FetchResponse { .. } => "FetchResponse",
            Message::Produce { .. } => "Produce",
            Message::ProduceResponse { .. } => "ProduceResponse",
            Message::Metadata { .. } => "Metadata",
            Message::MetadataResponse { .. } => "MetadataResponse",
            Message::ApiVersions { .. } => "ApiVersions",
            Message::ApiVersionsResponse { .. } => "ApiVersionsResponse",
            Message::ConnectionRefused { .. } => "ConnectionRefused",
            Message::ConnectionClosed => "ConnectionClosed",
            Message::FindCoordinator { .. } => "FindCoordinator",
            Message::FindCoordinatorResponse { .. } => "FindCoordinatorResponse",
            Message::CreateOffsetsTopic => "CreateTopics",
            Message::JoinGroup(_) => "JoinGroup",
            Message::JoinGroupResponse(_) => "JoinGroupResponse",
            Message::SyncGroup { .. } => "SyncGroup",
            Message::SyncGroupResponse { .. } => "SyncGroupResponse",
            Message::Heartbeat { .. } => "Heartbeat",
            Message::HeartbeatResponse { .. } => "HeartbeatResponse",
            Message::LeaveGroup { .. } => "LeaveGroup",
            Message::LeaveGroupResponse { .. } => "LeaveGroupResponse",
            Message::OffsetCommit { .. } => "OffsetCommit",
            Message::OffsetCommitResponse { .. } => "OffsetCommitResponse",
            Message::OffsetFetch { .. } => "OffsetFetch",
            Message::OffsetFetchResponse { .. } => "OffsetFetchResponse",
            Message::ListOffsets { .. } => "ListOffsets",
            Message::ListOffsetsResponse { .. } => "ListOffsetsResponse",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorCode::*;

    /// `org.apache.kafka.common.protocol.Errors` (4.0): codes are unique and Kafka's.
    #[test]
    fn error_codes_are_kafkas() {
        let all = [
            (OffsetOutOfRange, 1),
            (UnknownTopicOrPartition, 3),
            (NotLeaderOrFollower, 6),
            (RequestTimedOut, 7),
            (BrokerNotAvailable, 8),
            (NetworkException, 13),
            (CoordinatorLoadInProgress, 14),
            (CoordinatorNotAvailable, 15),
            (NotCoordinator, 16),
            (NotEnoughReplicas, 19),
            (NotEnoughReplicasAfterAppend, 20),
            (IllegalGeneration, 22),
            (InconsistentGroupProtocol, 23),
            (InvalidRecord, 87),
            (UnknownMemberId, 25),
            (InvalidSessionTimeout, 26),
            (RebalanceInProgress, 27),
            (OutOfOrderSequenceNumber, 45),
            (InvalidProducerEpoch, 47),
            (FencedLeaderEpoch, 74),
            (UnknownLeaderEpoch, 75),
            (StaleBrokerEpoch, 77),
            (MemberIdRequired, 79),
            (FencedInstanceId, 82),
            (InvalidUpdateVersion, 95),
            (IneligibleReplica, 107),
        ];
        for (e, code) in all {
            assert_eq!(e.code(), code, "{}", e.name());
        }
        let mut codes: Vec<i16> = all.iter().map(|(e, _)| e.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "no two errors share a code");
        assert!(!InconsistentGroupProtocol.is_retriable());
        assert_eq!(
            InconsistentGroupProtocol.exception().0,
            "org.apache.kafka.common.errors.InconsistentGroupProtocolException"
        );
    }
}
