//! A classic consumer group as the coordinator keeps it (Kafka's `ClassicGroup`).
//!
//! Source: apache/kafka `group-coordinator/src/main/java/org/apache/kafka/
//! coordinator/group/classic/ClassicGroup.java`, `ClassicGroupState.java` and
//! `ClassicGroupMember.java` (4.0 line), summarised in
//! `design/kafka-semantics.md` §4.2.
//!
//! States: `Empty → PreparingRebalance → CompletingRebalance → Stable`, back to
//! `PreparingRebalance` on any membership change, and `Dead`. Transitions not
//! in Kafka's table are refused ([`ClassicGroup::transition_to`]). Each
//! completed join phase starts a new *generation*; the protocol (assignor) is
//! chosen by vote among those every member supports, and a member whose
//! protocols share none with the group's is refused
//! ([`ClassicGroup::supports_protocols`]); offset commits are
//! validated against member id, instance id and generation
//! ([`ClassicGroup::validate_offset_commit`]).

use crate::sim::ids::{GroupId, LeaderEpoch, Offset, TopicPartition};
use crate::sim::messages::group::{JoinProtocol, ProtocolSubscription};
use crate::sim::messages::{ErrorCode, NodeId};
use crate::vecmap::{VecMap, VecSet};
use serde::{Deserialize, Serialize};

pub use crate::sim::messages::group::GroupState;

/// `ClassicGroupMember`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub client: NodeId,
    pub session_timeout_ms: u64,
    pub rebalance_timeout_ms: u64,
    /// `protocolType`: `consumer` for every consumer.
    pub protocol_type: String,
    pub protocols: Vec<JoinProtocol>,
    pub assignment: Vec<TopicPartition>,
    /// A JoinGroup is parked until the join phase completes.
    pub awaiting_join: bool,
    /// A SyncGroup is parked until the leader's assignment arrives.
    pub awaiting_sync: bool,
}

impl Member {
    /// `ClassicGroupMember.vote`: the first of its protocols among `candidates`.
    pub fn vote(&self, candidates: &VecSet<String>) -> Option<String> {
        self.protocols.iter().find(|p| candidates.contains(&p.name)).map(|p| p.name.clone())
    }

    /// The metadata it sent for `protocol`.
    pub fn metadata(&self, protocol: &str) -> ProtocolSubscription {
        self.protocols.iter().find(|p| p.name == protocol).map(|p| p.metadata.clone()).unwrap_or_default()
    }
}

/// A refused state transition (a bug in the caller, as in Kafka).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IllegalTransition {
    pub from: GroupState,
    pub to: GroupState,
}

/// `ClassicGroup`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassicGroup {
    pub group_id: GroupId,
    pub state: GroupState,
    pub generation: i32,
    /// The first member's protocol type; every member must share it.
    pub protocol_type: Option<String>,
    pub protocol_name: Option<String>,
    pub leader: Option<String>,
    pub members: VecMap<String, Member>,
    /// Member ids handed out with MEMBER_ID_REQUIRED, not joined yet.
    pub pending_members: VecSet<String>,
    /// `group.instance.id` → member id.
    pub static_members: VecMap<String, String>,
    /// Committed offsets (the coordinator's cache of `__consumer_offsets`).
    pub offsets: VecMap<TopicPartition, Offset>,
    /// The committed offsets' `leaderEpoch` (`OffsetAndMetadata`), where known.
    #[serde(default)]
    pub offset_leader_epochs: VecMap<TopicPartition, LeaderEpoch>,
    /// When the current join phase started (ms), for the initial-delay bound.
    pub join_started_ms: u64,
    /// A member joined since the initial-delay timer was last armed.
    pub new_member_joined: bool,
}

impl ClassicGroup {
    pub fn new(group_id: &str) -> ClassicGroup {
        ClassicGroup {
            group_id: GroupId::new(group_id),
            state: GroupState::Empty,
            generation: 0,
            protocol_type: None,
            protocol_name: None,
            leader: None,
            members: VecMap::new(),
            pending_members: VecSet::new(),
            static_members: VecMap::new(),
            offsets: VecMap::new(),
            offset_leader_epochs: VecMap::new(),
            join_started_ms: 0,
            new_member_joined: false,
        }
    }

    /// `transitionTo`, checking `validPreviousStates`.
    pub fn transition_to(&mut self, to: GroupState) -> Result<(), IllegalTransition> {
        if !to.valid_previous_states().contains(&self.state) {
            return Err(IllegalTransition { from: self.state, to });
        }
        self.state = to;
        Ok(())
    }

    /// Like [`Self::transition_to`] for transitions the coordinator has already checked.
    pub(crate) fn go(&mut self, to: GroupState) {
        if let Err(e) = self.transition_to(to) {
            debug_assert!(false, "illegal group transition {e:?}");
        }
    }

    /// `canRebalance`.
    pub fn can_rebalance(&self) -> bool {
        GroupState::PreparingRebalance.valid_previous_states().contains(&self.state)
    }

    /// `add`: the first member sets the protocol type, and becomes leader when there is none.
    pub fn add_member(&mut self, member: Member) {
        if self.members.is_empty() {
            self.protocol_type = Some(member.protocol_type.clone());
        }
        if self.leader.is_none() {
            self.leader = Some(member.member_id.clone());
        }
        if let Some(i) = &member.group_instance_id {
            self.static_members.insert(i.clone(), member.member_id.clone());
        }
        self.pending_members.remove(&member.member_id);
        self.members.insert(member.member_id.clone(), member);
    }

    /// `remove`: a new leader is the first remaining member.
    pub fn remove_member(&mut self, member_id: &str) -> Option<Member> {
        let m = self.members.remove(member_id)?;
        if let Some(i) = &m.group_instance_id {
            if self.static_members.get(i).map(String::as_str) == Some(member_id) {
                self.static_members.remove(i);
            }
        }
        if self.leader.as_deref() == Some(member_id) {
            self.leader = self.members.keys().next().cloned();
        }
        Some(m)
    }

    /// `candidateProtocols`: names every member supports.
    pub fn candidate_protocols(&self) -> VecSet<String> {
        let mut it = self.members.values();
        let Some(first) = it.next() else { return VecSet::new() };
        let mut set: VecSet<String> = first.protocols.iter().map(|p| p.name.clone()).collect();
        for m in it {
            set.retain(|n| m.protocols.iter().any(|p| &p.name == n));
        }
        set
    }

    /// `supportsProtocols`: an Empty group takes any non-empty protocol type and
    /// protocol list; otherwise the type must be the group's and one of the
    /// protocols must be supported by every member.
    pub fn supports_protocols(&self, protocol_type: &str, protocols: &[JoinProtocol]) -> bool {
        if self.state == GroupState::Empty {
            return !protocol_type.is_empty() && !protocols.is_empty();
        }
        let supported_by_all =
            |p: &JoinProtocol| self.members.values().all(|m| m.protocols.iter().any(|q| q.name == p.name));
        self.protocol_type.as_deref() == Some(protocol_type) && protocols.iter().any(supported_by_all)
    }

    /// `selectProtocol`: each member votes for its first candidate; most votes wins.
    // Simplification: Kafka breaks ties by Java HashMap order; here the
    // alphabetically first of the tied names wins.
    pub fn select_protocol(&self) -> Option<String> {
        let candidates = self.candidate_protocols();
        let mut votes: VecMap<String, u32> = VecMap::new();
        for m in self.members.values() {
            if let Some(v) = m.vote(&candidates) {
                *votes.entry(v).or_insert(0) += 1;
            }
        }
        let best = votes.values().copied().max()?;
        votes.into_iter().find(|(_, n)| *n == best).map(|(name, _)| name)
    }

    /// `initNextGeneration`.
    pub fn init_next_generation(&mut self) {
        self.generation += 1;
        if self.members.is_empty() {
            self.protocol_name = None;
            self.go(GroupState::Empty);
        } else {
            self.protocol_name = self.select_protocol();
            self.go(GroupState::CompletingRebalance);
        }
    }

    /// `hasAllMembersJoined`.
    pub fn has_all_members_joined(&self) -> bool {
        self.pending_members.is_empty() && self.members.values().all(|m| m.awaiting_join)
    }

    /// Largest rebalance timeout of any member (the join phase's limit).
    pub fn rebalance_timeout_ms(&self) -> u64 {
        self.members.values().map(|m| m.rebalance_timeout_ms).max().unwrap_or(0)
    }

    /// `validateMember`.
    pub fn validate_member(&self, member_id: &str, instance: Option<&str>) -> Result<(), ErrorCode> {
        if let Some(i) = instance {
            match self.static_members.get(i) {
                None => return Err(ErrorCode::UnknownMemberId),
                Some(existing) if existing != member_id => return Err(ErrorCode::FencedInstanceId),
                _ => {}
            }
        }
        if !self.members.contains_key(member_id) {
            return Err(ErrorCode::UnknownMemberId);
        }
        Ok(())
    }

    /// `validateOffsetCommit` (with 4.0's shortcut for transactional commits
    /// that carry no member, generation or instance).
    pub fn validate_offset_commit(
        &self,
        member_id: &str,
        instance: Option<&str>,
        generation: i32,
        transactional: bool,
    ) -> Result<(), ErrorCode> {
        if self.state == GroupState::Dead {
            return Err(ErrorCode::CoordinatorNotAvailable);
        }
        if generation < 0 && self.state == GroupState::Empty {
            return Ok(());
        }
        if transactional && generation == -1 && member_id.is_empty() && instance.is_none() {
            return Ok(());
        }
        if generation >= 0 || !member_id.is_empty() || instance.is_some() {
            self.validate_member(member_id, instance)?;
            if generation != self.generation {
                return Err(ErrorCode::IllegalGeneration);
            }
        } else if self.state != GroupState::Empty {
            return Err(ErrorCode::UnknownMemberId);
        }
        if self.state == GroupState::CompletingRebalance {
            return Err(ErrorCode::RebalanceInProgress);
        }
        Ok(())
    }

    /// `replaceStaticMember`: the instance's member id changes; the old one is fenced.
    pub fn replace_static_member(&mut self, instance: &str, old_id: &str, new_id: &str) {
        let Some(mut m) = self.members.remove(old_id) else { return };
        m.member_id = new_id.to_string();
        self.members.insert(new_id.to_string(), m);
        self.static_members.insert(instance.to_string(), new_id.to_string());
        if self.leader.as_deref() == Some(old_id) {
            self.leader = Some(new_id.to_string());
        }
    }

    /// DescribeGroups' `protocolData` (`GroupMetadataManager.describeGroups`):
    /// the selected protocol only while Stable, empty during a rebalance.
    pub fn described_protocol(&self) -> Option<String> {
        if self.state == GroupState::Stable {
            self.protocol_name.clone()
        } else {
            None
        }
    }

    /// Who owns each partition in the current generation (for invariants and the view).
    pub fn owners(&self) -> VecMap<&TopicPartition, Vec<&str>> {
        let mut out: VecMap<&TopicPartition, Vec<&str>> = VecMap::new();
        for m in self.members.values() {
            for tp in &m.assignment {
                out.entry(tp).or_default().push(&m.member_id);
            }
        }
        out
    }
}

#[cfg(test)]
#[path = "group_tests.rs"]
mod tests;
