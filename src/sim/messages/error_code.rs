//! Kafka's protocol error codes (`org.apache.kafka.common.protocol.Errors`)
//! that travel in the simulated responses: their numbers, names, whether a
//! client retries them, and the Java exception a client surfaces.

use serde::{Deserialize, Serialize};

/// Kafka's protocol error codes (`org.apache.kafka.common.protocol.Errors`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ErrorCode {
    UnknownTopicOrPartition,
    NotLeaderOrFollower,
    RequestTimedOut,
    NotEnoughReplicas,
    NotEnoughReplicasAfterAppend,
    FencedLeaderEpoch,
    UnknownLeaderEpoch,
    OutOfOrderSequenceNumber,
    InvalidProducerEpoch,
    InvalidUpdateVersion,
    StaleBrokerEpoch,
    IneligibleReplica,
    OffsetOutOfRange,
    BrokerNotAvailable,
    NetworkException,
    CoordinatorLoadInProgress,
    CoordinatorNotAvailable,
    NotCoordinator,
    IllegalGeneration,
    UnknownMemberId,
    RebalanceInProgress,
    MemberIdRequired,
    FencedInstanceId,
    InvalidSessionTimeout,
    InconsistentGroupProtocol,
    InvalidRecord,
}

impl ErrorCode {
    /// Kafka's numeric code.
    pub fn code(self) -> i16 {
        match self {
            ErrorCode::OffsetOutOfRange => 1,
            ErrorCode::UnknownTopicOrPartition => 3,
            ErrorCode::NotLeaderOrFollower => 6,
            ErrorCode::RequestTimedOut => 7,
            ErrorCode::BrokerNotAvailable => 8,
            ErrorCode::NetworkException => 13,
            ErrorCode::NotEnoughReplicas => 19,
            ErrorCode::NotEnoughReplicasAfterAppend => 20,
            ErrorCode::OutOfOrderSequenceNumber => 45,
            ErrorCode::InvalidProducerEpoch => 47,
            ErrorCode::InvalidUpdateVersion => 95,
            ErrorCode::FencedLeaderEpoch => 74,
            ErrorCode::UnknownLeaderEpoch => 75,
            ErrorCode::StaleBrokerEpoch => 77,
            ErrorCode::IneligibleReplica => 107,
            ErrorCode::CoordinatorLoadInProgress => 14,
            ErrorCode::CoordinatorNotAvailable => 15,
            ErrorCode::NotCoordinator => 16,
            ErrorCode::IllegalGeneration => 22,
            ErrorCode::UnknownMemberId => 25,
            ErrorCode::RebalanceInProgress => 27,
            ErrorCode::MemberIdRequired => 79,
            ErrorCode::FencedInstanceId => 82,
            ErrorCode::InvalidSessionTimeout => 26,
            ErrorCode::InconsistentGroupProtocol => 23,
            ErrorCode::InvalidRecord => 87,
        }
    }

    /// Kafka's error name, e.g. `NOT_ENOUGH_REPLICAS`.
    pub fn name(self) -> &'static str {
        match self {
            ErrorCode::OffsetOutOfRange => "OFFSET_OUT_OF_RANGE",
            ErrorCode::UnknownTopicOrPartition => "UNKNOWN_TOPIC_OR_PARTITION",
            ErrorCode::NotLeaderOrFollower => "NOT_LEADER_OR_FOLLOWER",
            ErrorCode::RequestTimedOut => "REQUEST_TIMED_OUT",
            ErrorCode::BrokerNotAvailable => "BROKER_NOT_AVAILABLE",
            ErrorCode::NetworkException => "NETWORK_EXCEPTION",
            ErrorCode::NotEnoughReplicas => "NOT_ENOUGH_REPLICAS",
            ErrorCode::NotEnoughReplicasAfterAppend => "NOT_ENOUGH_REPLICAS_AFTER_APPEND",
            ErrorCode::OutOfOrderSequenceNumber => "OUT_OF_ORDER_SEQUENCE_NUMBER",
            ErrorCode::InvalidProducerEpoch => "INVALID_PRODUCER_EPOCH",
            ErrorCode::InvalidUpdateVersion => "INVALID_UPDATE_VERSION",
            ErrorCode::FencedLeaderEpoch => "FENCED_LEADER_EPOCH",
            ErrorCode::UnknownLeaderEpoch => "UNKNOWN_LEADER_EPOCH",
            ErrorCode::StaleBrokerEpoch => "STALE_BROKER_EPOCH",
            ErrorCode::IneligibleReplica => "INELIGIBLE_REPLICA",
            ErrorCode::CoordinatorLoadInProgress => "COORDINATOR_LOAD_IN_PROGRESS",
            ErrorCode::CoordinatorNotAvailable => "COORDINATOR_NOT_AVAILABLE",
            ErrorCode::NotCoordinator => "NOT_COORDINATOR",
            ErrorCode::IllegalGeneration => "ILLEGAL_GENERATION",
            ErrorCode::UnknownMemberId => "UNKNOWN_MEMBER_ID",
            ErrorCode::RebalanceInProgress => "REBALANCE_IN_PROGRESS",
            ErrorCode::MemberIdRequired => "MEMBER_ID_REQUIRED",
            ErrorCode::FencedInstanceId => "FENCED_INSTANCE_ID",
            ErrorCode::InvalidSessionTimeout => "INVALID_SESSION_TIMEOUT",
            ErrorCode::InconsistentGroupProtocol => "INCONSISTENT_GROUP_PROTOCOL",
            ErrorCode::InvalidRecord => "INVALID_RECORD",
        }
    }

    /// Whether a client retries on this error (Kafka's `RetriableException`).
    pub fn is_retriable(self) -> bool {
        !matches!(
            self,
            ErrorCode::InvalidProducerEpoch
                | ErrorCode::FencedInstanceId
                | ErrorCode::InvalidSessionTimeout
                | ErrorCode::InconsistentGroupProtocol
                | ErrorCode::InvalidRecord
        )
    }

    /// The Java exception a client surfaces, with its message.
    pub fn exception(self) -> (&'static str, &'static str) {
        match self {
            ErrorCode::NotEnoughReplicas => (
                "org.apache.kafka.common.errors.NotEnoughReplicasException",
                "Messages are rejected since there are fewer in-sync replicas than required.",
            ),
            ErrorCode::NotEnoughReplicasAfterAppend => (
                "org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException",
                "Messages are written to the log, but to fewer in-sync replicas than required.",
            ),
            ErrorCode::NotLeaderOrFollower => (
                "org.apache.kafka.common.errors.NotLeaderOrFollowerException",
                "For requests intended only for the leader, this error indicates that the broker is not the current leader. For requests intended for any replica, this error indicates that the broker is not a replica of the topic partition.",
            ),
            ErrorCode::UnknownTopicOrPartition => (
                "org.apache.kafka.common.errors.UnknownTopicOrPartitionException",
                "This server does not host this topic-partition.",
            ),
            ErrorCode::OutOfOrderSequenceNumber => (
                "org.apache.kafka.common.errors.OutOfOrderSequenceException",
                "The broker received an out of order sequence number.",
            ),
            ErrorCode::InvalidProducerEpoch => (
                "org.apache.kafka.common.errors.InvalidProducerEpochException",
                "Producer attempted to produce with an old epoch.",
            ),
            ErrorCode::NetworkException => (
                "org.apache.kafka.common.errors.NetworkException",
                "The server disconnected before a response was received.",
            ),
            ErrorCode::FencedInstanceId => (
                "org.apache.kafka.common.errors.FencedInstanceIdException",
                "The broker rejected this static consumer since another consumer with the same group.instance.id has registered with a different member.id.",
            ),
            ErrorCode::InvalidSessionTimeout => (
                "org.apache.kafka.common.errors.InvalidSessionTimeoutException",
                "The session timeout is not within the range allowed by the broker (as configured by group.min.session.timeout.ms and group.max.session.timeout.ms).",
            ),
            ErrorCode::InconsistentGroupProtocol => (
                "org.apache.kafka.common.errors.InconsistentGroupProtocolException",
                "The group member's supported protocols are incompatible with those of existing members or first group member tried to join with empty protocol type or empty protocol list.",
            ),
            // Simplification: the broker's detail ("Compacted topic cannot accept
            // message without key in topic partition <tp>.") is not carried in
            // the response; the client shows `Errors.INVALID_RECORD`'s default text.
            ErrorCode::InvalidRecord => (
                "org.apache.kafka.common.InvalidRecordException",
                "This record has failed the validation on broker and hence will be rejected.",
            ),
            _ => ("org.apache.kafka.common.errors.TimeoutException", "The request timed out."),
        }
    }
}
