//! The constrained builder: every member subscribes to the same topics.
//!
//! Port of `AbstractStickyAssignor.ConstrainedAssignmentBuilder` (apache/kafka
//! 4.0, without the rack-aware step). With `P` partitions and `N` members:
//! `minQuota = floor(P/N)`, `maxQuota = ceil(P/N)`, and exactly `P % N`
//! members end with `maxQuota`.
//!
//! 1. Walking members in Java `HashMap` order, each keeps its valid owned
//!    partitions sorted by `(partition, topic)`: all of them if fewer than
//!    `minQuota` (the member goes to the *under-min* list); `maxQuota` of them
//!    if it owns at least that many and a `maxQuota` slot is still free;
//!    otherwise `minQuota` of them (and it may still receive one more, so it
//!    goes to the *exactly-min* list while `maxQuota` slots remain). Owned
//!    partitions beyond what is kept are *revoked*.
//! 2. Both lists are sorted by member id. The unassigned partitions, sorted by
//!    `(topic, partition)`, are dealt round-robin over the under-min list; a
//!    member reaching `minQuota` moves to the exactly-min list. When the
//!    under-min list is empty, partitions go one each to the head of the
//!    exactly-min list.
//! 3. A partition given to a member that did not own it, and that was revoked
//!    from someone or claimed by several members, is *transferring ownership*.

use super::OwnedClaims;
use crate::sim::assignor::{Assignment, MemberId};
use crate::sim::ids::{TopicName, TopicPartition};
use crate::vecmap::{VecMap, VecSet};
use std::collections::VecDeque;

struct Builder<'a> {
    min_quota: u32,
    max_quota: u32,
    expected_over_min: u32,
    current_over_min: u32,
    multiple_owners: &'a VecSet<TopicPartition>,
    assignment: Assignment,
    assigned: VecSet<TopicPartition>,
    revoked: VecSet<TopicPartition>,
    under_min: Vec<MemberId>,
    exactly_min: VecDeque<MemberId>,
    transferring: VecMap<TopicPartition, MemberId>,
}

/// Runs the constrained builder; returns the assignment and the partitions
/// transferring ownership.
pub(super) fn build(
    partitions_per_topic: &VecMap<TopicName, u32>,
    claims: &OwnedClaims,
    order: &[MemberId],
) -> (Assignment, VecMap<TopicPartition, MemberId>) {
    let total: u32 = partitions_per_topic.values().sum();
    let members = order.len() as u32;
    let mut b = Builder {
        min_quota: total / members,
        max_quota: total.div_ceil(members),
        expected_over_min: total % members,
        current_over_min: 0,
        multiple_owners: &claims.multiple_owners,
        assignment: order.iter().map(|m| (m.clone(), Vec::new())).collect(),
        assigned: VecSet::new(),
        revoked: VecSet::new(),
        under_min: Vec::new(),
        exactly_min: VecDeque::new(),
        transferring: VecMap::new(),
    };
    for member in order {
        b.assign_owned(member, &claims.owned[member]);
    }
    let unassigned: Vec<TopicPartition> = partitions_per_topic
        .iter()
        .flat_map(|(t, &n)| (0..n).map(move |p| TopicPartition { topic: t.clone(), partition: p }))
        .filter(|tp| !b.assigned.contains(tp))
        .collect();
    b.under_min.sort();
    b.exactly_min.make_contiguous().sort();
    b.assign_round_robin(unassigned);
    (b.assignment, b.transferring)
}

impl Builder<'_> {
    /// Step 1 for one member (`assignOwnedPartitions`).
    fn assign_owned(&mut self, member: &MemberId, owned: &[TopicPartition]) {
        let mut owned: Vec<TopicPartition> =
            owned.iter().filter(|tp| !self.multiple_owners.contains(tp)).cloned().collect();
        owned.sort_by(|a, b| a.partition.cmp(&b.partition).then_with(|| a.topic.cmp(&b.topic)));
        let count = owned.len() as u32;
        let keep = if count < self.min_quota {
            self.under_min.push(member.clone());
            count
        } else if count >= self.max_quota && self.current_over_min < self.expected_over_min {
            self.current_over_min += 1;
            if self.current_over_min == self.expected_over_min {
                self.exactly_min.clear();
            }
            self.max_quota
        } else {
            if self.current_over_min < self.expected_over_min {
                self.exactly_min.push_back(member.clone());
            }
            self.min_quota
        };
        let (kept, revoked) = owned.split_at(keep as usize);
        self.assigned.extend(kept.iter().cloned());
        self.revoked.extend(revoked.iter().cloned());
        self.assignment.get_mut(member).expect("member").extend_from_slice(kept);
    }

    /// Steps 2 and 3 (`assignRoundRobin`). The index emulates Java's
    /// iterator over the under-min list, including removal while iterating.
    fn assign_round_robin(&mut self, unassigned: Vec<TopicPartition>) {
        let mut next = 0usize;
        for tp in unassigned {
            let (member, from_under_min) = if next < self.under_min.len() {
                next += 1;
                (self.under_min[next - 1].clone(), true)
            } else if !self.under_min.is_empty() {
                next = 1;
                (self.under_min[0].clone(), true)
            } else if let Some(m) = self.exactly_min.pop_front() {
                (m, false)
            } else {
                // Kafka throws IllegalStateException here; the quotas make it
                // unreachable. Stay total: give it to the least-loaded member.
                (self.least_loaded(), false)
            };
            let count = self.assign_new(tp, &member);
            if count == self.min_quota && from_under_min {
                next -= 1;
                self.under_min.remove(next);
                self.exactly_min.push_back(member);
            } else if count == self.max_quota {
                self.current_over_min += 1;
            }
        }
    }

    fn least_loaded(&self) -> MemberId {
        let (member, _) =
            self.assignment.iter().min_by_key(|(m, list)| (list.len(), (*m).clone())).expect("at least one member");
        member.clone()
    }

    /// `assignNewPartition`: returns the member's new partition count.
    fn assign_new(&mut self, tp: TopicPartition, member: &MemberId) -> u32 {
        if self.revoked.contains(&tp) || self.multiple_owners.contains(&tp) {
            self.transferring.insert(tp.clone(), member.clone());
        }
        let list = self.assignment.get_mut(member).expect("member");
        list.push(tp);
        list.len() as u32
    }
}
