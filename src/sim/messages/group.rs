//! The wire shapes of the classic group protocol that travel inside
//! [`super::Message`]: JoinGroup protocols and members, and the
//! consumer's embedded `ConsumerProtocolSubscription`.
//!
//! Kafka serialises the subscription into opaque bytes (`ConsumerProtocol`,
//! `clients/src/main/java/org/apache/kafka/clients/consumer/internals/
//! ConsumerProtocol.java`); the coordinator never looks inside, except to know
//! the topics. Here it is a plain struct so the picture can show it.

use crate::sim::ids::{GroupId, TopicName, TopicPartition};
use serde::{Deserialize, Serialize};

/// `ConsumerProtocol.PROTOCOL_TYPE`: the protocol type every consumer joins with.
pub const CONSUMER_PROTOCOL_TYPE: &str = "consumer";

/// `ConsumerProtocolSubscription` (version 3 fields that matter here).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProtocolSubscription {
    pub topics: Vec<TopicName>,
    pub owned_partitions: Vec<TopicPartition>,
    /// The generation `owned_partitions` were owned in (-1 = none).
    pub generation: i32,
    /// The assignor's `subscriptionUserData`: only the eager `sticky`
    /// assignor sends one (`StickyAssignor.subscriptionUserData`).
    #[serde(default)]
    pub user_data: Option<StickyUserData>,
}

/// `StickyAssignor`'s userData (`serializeTopicPartitionAssignment`): the
/// member's previous assignment and the generation it got it in. An eager
/// member owns nothing when it rejoins, so this is how the leader's
/// `StickyAssignor.memberData` learns what to keep.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StickyUserData {
    pub partitions: Vec<TopicPartition>,
    pub generation: i32,
}

/// One entry of JoinGroup's `protocols`: an assignor name and its metadata.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinProtocol {
    pub name: String,
    pub metadata: ProtocolSubscription,
}

/// One entry of the leader's JoinGroup response `members`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinMember {
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub metadata: ProtocolSubscription,
}

/// JoinGroup request fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinGroupRequest {
    pub group: GroupId,
    /// The client's `client.id` (Kafka takes it from the request header).
    pub client_id: String,
    /// Empty for a new member (`JoinGroupRequest.UNKNOWN_MEMBER_ID`).
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub session_timeout_ms: u64,
    pub rebalance_timeout_ms: u64,
    /// `protocolType` ([`CONSUMER_PROTOCOL_TYPE`] for consumers).
    pub protocol_type: String,
    pub protocols: Vec<JoinProtocol>,
}

/// JoinGroup response fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinGroupResponse {
    pub group: GroupId,
    pub error: Option<super::ErrorCode>,
    pub generation: i32,
    pub protocol_name: Option<String>,
    pub leader: String,
    pub member_id: String,
    /// Filled for the leader only.
    pub members: Vec<JoinMember>,
    /// KIP-814: a static leader that rejoined a Stable group keeps the
    /// current assignment and must not compute a new one.
    #[serde(default)]
    pub skip_assignment: bool,
}

/// `ClassicGroupState`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum GroupState {
    Empty,
    PreparingRebalance,
    CompletingRebalance,
    Stable,
    Dead,
}

impl GroupState {
    /// Kafka's display name (`kafka-consumer-groups --describe --state`).
    pub fn name(self) -> &'static str {
        match self {
            GroupState::Empty => "Empty",
            GroupState::PreparingRebalance => "PreparingRebalance",
            GroupState::CompletingRebalance => "CompletingRebalance",
            GroupState::Stable => "Stable",
            GroupState::Dead => "Dead",
        }
    }

    /// `validPreviousStates()`.
    pub fn valid_previous_states(self) -> &'static [GroupState] {
        use GroupState::*;
        match self {
            Empty => &[PreparingRebalance],
            PreparingRebalance => &[Stable, CompletingRebalance, Empty],
            CompletingRebalance => &[PreparingRebalance],
            Stable => &[CompletingRebalance],
            Dead => &[Stable, PreparingRebalance, CompletingRebalance, Empty, Dead],
        }
    }
}
