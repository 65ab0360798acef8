//! What a member puts in its JoinGroup and what the elected leader does with
//! everybody's (`ConsumerCoordinator.metadata()`, `onLeaderElected`,
//! `onAssignment`, Kafka 4.0).
//!
//! - Each protocol's metadata is the member's subscription; the eager
//!   `sticky` assignor adds its userData, the previous assignment and its
//!   generation (`StickyAssignor.subscriptionUserData` / `onAssignment`),
//!   since an eager member revokes everything before it joins.
//! - The leader first subscribes its metadata to the union of all members'
//!   topics (`updateGroupSubscription` → `ensureFreshMetadata`), so a topic
//!   only other members subscribe to is assigned too.
//! - A restarted static leader whose JoinGroup says `skipAssignment`
//!   (KIP-814) keeps the current assignment and computes nothing.

use super::Consumer;
use crate::sim::assignor::{self, AssignorKind, MemberId, Subscription};
use crate::sim::ids::{TopicName, TopicPartition};
use crate::sim::messages::group::{JoinGroupResponse, ProtocolSubscription, StickyUserData};
use crate::sim::messages::Message;
use crate::sim::node::Ctx;
use crate::sim::trace::TraceEvent;
use crate::vecmap::VecMap;

impl Consumer {
    /// `metadata()`: the subscription sent for protocol `kind`.
    pub(crate) fn protocol_metadata(&self, kind: AssignorKind) -> ProtocolSubscription {
        ProtocolSubscription {
            topics: self.topics.clone(),
            owned_partitions: self.assigned.keys().cloned().collect(),
            generation: self.generation,
            user_data: if kind == AssignorKind::Sticky { self.sticky_memory.clone() } else { None },
        }
    }

    /// `onAssignment` of the selected assignor: `StickyAssignor` remembers
    /// the assignment and its generation for its next userData.
    pub(crate) fn remember_assignment(&mut self, assignment: &[TopicPartition]) {
        if self.protocol.as_deref() == Some(AssignorKind::Sticky.name()) {
            self.sticky_memory = Some(StickyUserData { partitions: assignment.to_vec(), generation: self.generation });
        }
    }

    /// Topics the consumer asks metadata for: its own, plus (as leader) the group's.
    pub(crate) fn metadata_topics(&self) -> Vec<TopicName> {
        let mut topics = self.topics.clone();
        topics.extend(self.group_subscription.iter().filter(|t| !self.topics.contains(t)).cloned());
        topics
    }

    /// `onLeaderElected`.
    pub(crate) fn on_leader_elected(&mut self, ctx: &mut Ctx, r: JoinGroupResponse) {
        let mut topics: Vec<TopicName> = r.members.iter().flat_map(|m| m.metadata.topics.iter().cloned()).collect();
        topics.sort();
        topics.dedup();
        self.group_subscription = topics;
        if r.skip_assignment {
            ctx.trace(TraceEvent::StaticLeaderSkipsAssignment {
                consumer: self.name().to_string(),
                generation: r.generation,
            });
            return self.send_sync(ctx, Vec::new());
        }
        let unknown: Vec<&TopicName> =
            self.group_subscription.iter().filter(|t| !self.metadata.contains_key(*t)).collect();
        if unknown.is_empty() {
            let assignments = self.compute_assignment(ctx, &r);
            return self.send_sync(ctx, assignments);
        }
        // `updateGroupSubscription`: new topics → `ensureFreshMetadata` before assigning.
        let topics = unknown.iter().map(|t| t.as_str().to_string()).collect();
        ctx.trace(TraceEvent::LeaderFetchesMetadata {
            consumer: self.name().to_string(),
            generation: r.generation,
            topics,
        });
        self.refresh_for_leader(ctx, r);
    }

    /// Sends a Metadata request that the pending assignment waits for.
    fn refresh_for_leader(&mut self, ctx: &mut Ctx, r: JoinGroupResponse) {
        self.metadata_in_flight = false;
        self.request_metadata(ctx);
        self.pending_leader = Some((Box::new(r), self.next_correlation));
    }

    /// A Metadata response arrived: finish a pending assignment if it is the
    /// fresh one it waits for. Returns whether an assignment was computed
    /// (then a partition-count change is no reason to rejoin).
    pub(crate) fn leader_metadata_arrived(&mut self, ctx: &mut Ctx, correlation_id: u64) -> bool {
        let Some((r, wanted)) = self.pending_leader.take() else { return false };
        if self.join_state != super::JoinState::Joining || self.generation != r.generation {
            return false;
        }
        if correlation_id < wanted {
            // An older answer: keep waiting for the fresh one.
            self.refresh_for_leader(ctx, *r);
            return false;
        }
        let assignments = self.compute_assignment(ctx, &r);
        self.send_sync(ctx, assignments);
        true
    }

    /// The leader runs the selected assignor over every member's subscription.
    fn compute_assignment(&mut self, ctx: &mut Ctx, r: &JoinGroupResponse) -> Vec<(String, Vec<TopicPartition>)> {
        let kind: AssignorKind = r.protocol_name.as_deref().and_then(|p| p.parse().ok()).unwrap_or(AssignorKind::Range);
        let subs: VecMap<MemberId, Subscription> = r
            .members
            .iter()
            .map(|m| (MemberId(m.member_id.clone()), subscription(kind, &m.metadata, m.group_instance_id.clone())))
            .collect();
        let counts: VecMap<TopicName, u32> =
            self.metadata.iter().map(|(t, p)| (t.clone(), p.len() as u32)).filter(|(_, n)| *n > 0).collect();
        let a = assignor::assign(kind, &counts, &subs);
        ctx.trace(TraceEvent::LeaderAssigns {
            consumer: self.name().to_string(),
            generation: r.generation,
            assignor: kind,
        });
        a.into_iter().map(|(m, tps)| (m.0, tps)).collect()
    }

    /// SyncGroup, with the leader's assignments (empty for followers).
    pub(crate) fn send_sync(&mut self, ctx: &mut Ctx, assignments: Vec<(String, Vec<TopicPartition>)>) {
        self.join_state = super::JoinState::Syncing;
        let msg = Message::SyncGroup { member: self.member_fields(self.config.group_instance_id.clone()), assignments };
        self.send_to_coordinator(ctx, msg);
    }
}

/// A member's subscription as the assignor reads it. `StickyAssignor.memberData`
/// takes the owned partitions and generation from the userData only (an eager
/// member owns nothing when it joins); the other assignors from the subscription.
fn subscription(kind: AssignorKind, m: &ProtocolSubscription, group_instance_id: Option<String>) -> Subscription {
    let (owned, generation) = if kind == AssignorKind::Sticky {
        m.user_data.as_ref().map_or((Vec::new(), None), |u| (u.partitions.clone(), Some(u.generation)))
    } else {
        (m.owned_partitions.clone(), (m.generation >= 0).then_some(m.generation))
    };
    Subscription { topics: m.topics.clone(), owned_partitions: owned, generation, group_instance_id, rack: None }
}
