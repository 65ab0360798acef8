//! The `sticky` and `cooperative-sticky` assignors.
//!
//! Follows apache/kafka (4.0) `clients/src/main/java/org/apache/kafka/clients/
//! consumer/internals/AbstractStickyAssignor.java`, shared by
//! `StickyAssignor.java` (eager) and `CooperativeStickyAssignor.java`.
//!
//! Goals, in priority order: (1) a balanced assignment (member counts differ
//! by at most one where subscriptions allow it), (2) keep as many partitions
//! as possible where they were (the members report their *owned partitions*
//! and the *generation* they owned them in).
//!
//! Step 0, ownership claims (`allSubscriptionsEqual`): every member's owned
//! partitions of still-existing, subscribed-by-someone topics are collected.
//! If two members claim a partition, the higher generation keeps it; if the
//! generations are equal, both claims are dropped and the partition is
//! remembered in `partitionsWithMultiplePreviousOwners`. A missing generation
//! counts as `DEFAULT_GENERATION` (-1). At the same time the function checks
//! whether every member subscribes to the same topics.
//!
//! If they all do, the fast **constrained** builder runs ([`constrained`]):
//! quotas `floor(P/N)` and `ceil(P/N)`, members keep owned partitions up to
//! their quota, the rest is dealt round-robin. Otherwise the **general**
//! builder runs ([`general`]): keep valid owned partitions, hand out the
//! unassigned ones to the least-loaded eligible member, then move partitions
//! until no move improves balance, preferring moves back to a partition's
//! previous (older-generation) owner and undoing earlier moves (stickiness).
//!
//! The cooperative variant (KIP-429) runs the same algorithm, then removes
//! from the result every partition that changes owner
//! (`partitionsTransferringOwnership`): the old owner revokes it in this
//! rebalance, and because a revocation triggers a follow-up rebalance, the new
//! owner gets it in the next one. In the general path that set is computed by
//! comparing owned and assigned partitions (`computePartitionsTransferringOwnership`).
//!
//! Java `HashMap` iteration order: the constrained builder walks members in
//! the iteration order of a `HashMap<String, _>`, and when more members own
//! `maxQuota` partitions than may keep them, the first ones walked win
//! (`testMaxQuotaConsumerMoreThanNumExpectedMaxCapacityMembers`). We emulate
//! that order with [`java_hash_map_order`]: buckets by the spread
//! `String.hashCode`, at the capacity a default `HashMap` grows to. Within one
//! bucket Java keeps insertion order, which depends on how the caller filled
//! its map; we use member id order there (Simplification).
//!
//! Other simplifications (each also marked where it applies): no rack
//! awareness (KIP-881); where Java picks "any" element of a `HashSet` when
//! undoing a movement we pick the smallest; a move back to a previous owner
//! that no longer subscribes to the topic is skipped (Java would make it);
//! members with an empty subscription are not treated as equal to others.

mod constrained;
mod general;
#[cfg(test)]
mod tests;

use super::{subscribed_partitions_per_topic, Assignment, MemberId, Subscription};
use crate::sim::hash::java_string_hash_code;
use crate::sim::ids::{TopicName, TopicPartition};
use crate::vecmap::{VecMap, VecSet};

/// `AbstractStickyAssignor.DEFAULT_GENERATION`.
pub const DEFAULT_GENERATION: i32 = -1;

/// The result of one sticky assignment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StickyOutcome {
    /// The eager (`sticky`) assignment.
    pub assignment: Assignment,
    /// `partitionsTransferringOwnership`: partitions moving to a new owner.
    /// `None` when the general builder ran (Kafka sets it to null there).
    pub transferring: Option<VecMap<TopicPartition, MemberId>>,
}

/// The sticky assignment (eager protocol, `StickyAssignor`). Topics nobody
/// subscribes to are ignored, as in `AbstractPartitionAssignor`.
pub fn assign(
    partitions_per_topic: &VecMap<TopicName, u32>,
    subscriptions: &VecMap<MemberId, Subscription>,
) -> StickyOutcome {
    let topics = subscribed_partitions_per_topic(partitions_per_topic, subscriptions);
    let partitions_per_topic = &topics;
    if subscriptions.is_empty() {
        return StickyOutcome { assignment: Assignment::new(), transferring: None };
    }
    let order = java_hash_map_order(subscriptions.keys());
    let claims = OwnedClaims::collect(partitions_per_topic, subscriptions, &order);
    if claims.all_equal {
        let (assignment, transferring) = constrained::build(partitions_per_topic, &claims, &order);
        StickyOutcome { assignment, transferring: Some(transferring) }
    } else {
        let assignment = general::build(partitions_per_topic, subscriptions, claims, &order);
        StickyOutcome { assignment, transferring: None }
    }
}

/// The cooperative-sticky assignment: the sticky one minus every partition
/// that changes owner (`CooperativeStickyAssignor.adjustAssignment`).
pub fn assign_cooperative(
    partitions_per_topic: &VecMap<TopicName, u32>,
    subscriptions: &VecMap<MemberId, Subscription>,
) -> Assignment {
    let outcome = assign(partitions_per_topic, subscriptions);
    let mut assignment = outcome.assignment;
    let transferring = outcome.transferring.unwrap_or_else(|| compute_transferring(subscriptions, &assignment));
    for (tp, member) in &transferring {
        if let Some(list) = assignment.get_mut(member) {
            if let Some(i) = list.iter().position(|p| p == tp) {
                list.remove(i);
            }
        }
    }
    assignment
}

/// `computePartitionsTransferringOwnership`: partitions newly assigned to a
/// member that some member owned and now loses.
fn compute_transferring(
    subscriptions: &VecMap<MemberId, Subscription>,
    assignment: &Assignment,
) -> VecMap<TopicPartition, MemberId> {
    let mut added = VecMap::new();
    let mut revoked = VecSet::new();
    for (member, assigned) in assignment {
        let owned: &[TopicPartition] = subscriptions.get(member).map_or(&[], |s| &s.owned_partitions);
        for tp in assigned.iter().filter(|tp| !owned.contains(tp)) {
            added.insert(tp.clone(), member.clone());
        }
        revoked.extend(owned.iter().filter(|tp| !assigned.contains(tp)).cloned());
    }
    added.retain(|tp, _| revoked.contains(tp));
    added
}

/// The valid owned partitions after resolving conflicting claims
/// (`allSubscriptionsEqual`).
pub(crate) struct OwnedClaims {
    /// Whether every member subscribes to the same set of topics.
    pub all_equal: bool,
    /// Each member's still-valid owned partitions, in reported order.
    pub owned: VecMap<MemberId, Vec<TopicPartition>>,
    /// Partitions claimed by two members of the same generation.
    pub multiple_owners: VecSet<TopicPartition>,
    /// The highest generation any member reported.
    pub max_generation: i32,
}

impl OwnedClaims {
    fn collect(
        partitions_per_topic: &VecMap<TopicName, u32>,
        subscriptions: &VecMap<MemberId, Subscription>,
        order: &[MemberId],
    ) -> OwnedClaims {
        let topic_set = |s: &Subscription| s.topics.iter().cloned().collect::<VecSet<_>>();
        let first = topic_set(&subscriptions[&order[0]]);
        let mut claims = OwnedClaims {
            all_equal: subscriptions.values().all(|s| topic_set(s) == first),
            owned: VecMap::new(),
            multiple_owners: VecSet::new(),
            max_generation: DEFAULT_GENERATION,
        };
        let generation = |m: &MemberId| subscriptions[m].generation.unwrap_or(DEFAULT_GENERATION);
        let mut previous_owner: VecMap<TopicPartition, MemberId> = VecMap::new();
        for member in order {
            let gen = generation(member);
            claims.max_generation = claims.max_generation.max(gen);
            claims.owned.insert(member.clone(), Vec::new());
            let exists = |tp: &&TopicPartition| partitions_per_topic.get(&tp.topic).is_some_and(|n| tp.partition < *n);
            for tp in subscriptions[member].owned_partitions.iter().filter(exists) {
                let Some(other) = previous_owner.get(tp).cloned() else {
                    claims.owned.get_mut(member).expect("inserted").push(tp.clone());
                    previous_owner.insert(tp.clone(), member.clone());
                    continue;
                };
                let other_gen = generation(&other);
                if gen < other_gen {
                    continue; // the other member keeps it
                }
                if gen == other_gen {
                    claims.multiple_owners.insert(tp.clone());
                } else {
                    claims.owned.get_mut(member).expect("inserted").push(tp.clone());
                }
                claims.owned.get_mut(&other).expect("seen").retain(|p| p != tp);
                previous_owner.insert(tp.clone(), member.clone());
            }
        }
        claims
    }
}

/// The iteration order of a Java `HashMap<String, _>` holding `keys`, created
/// with the default capacity (16) and grown by doubling past load factor 0.75.
/// Keys sharing a bucket are kept in member id order (Java: insertion order).
pub fn java_hash_map_order<'a>(keys: impl Iterator<Item = &'a MemberId>) -> Vec<MemberId> {
    let mut keys: Vec<MemberId> = keys.cloned().collect();
    let len = keys.len() as u64;
    let mut capacity: u64 = 16;
    while len * 4 > capacity * 3 {
        capacity *= 2;
    }
    let bucket = |m: &MemberId| {
        let h = java_string_hash_code(&m.0) as u32;
        u64::from(h ^ (h >> 16)) & (capacity - 1)
    };
    keys.sort_by(|a, b| bucket(a).cmp(&bucket(b)).then_with(|| a.cmp(b)));
    keys
}
