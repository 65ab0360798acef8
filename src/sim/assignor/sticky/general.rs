//! The general builder: members subscribe to different topics.
//!
//! Port of `AbstractStickyAssignor.GeneralAssignmentBuilder` (apache/kafka
//! 4.0, without the rack-aware steps) and its `PartitionMovements` helper.
//!
//! 1. *Previous assignment*: partitions that members of older generations
//!    reported, remembered with the newest such generation
//!    (`prepopulateCurrentAssignments`). A partition that drifted away from
//!    such a previous owner is moved back to it when that helps balance.
//! 2. Members keep their valid owned partitions of topics they still
//!    subscribe to; dropping any others sets `revocationRequired`.
//! 3. All partitions are ordered by topic (fewest potential consumers first,
//!    then name) and partition. Each unassigned one goes to the member with
//!    the fewest partitions (ties by member id) that subscribes to its topic.
//! 4. Topics with fewer than two potential consumers and members that cannot
//!    change are set aside. Partitions are then moved from a member to a
//!    less loaded eligible one while that is more than one partition lighter,
//!    first among newly assigned partitions (unless a revocation is needed
//!    anyway), then among all, until the assignment is balanced
//!    (`isBalanced`). A move that reverses an earlier move of a partition of
//!    the same topic moves that earlier partition back instead, to stay
//!    sticky (`getTheActualPartitionToBeMoved`).
//! 5. Unless the group was starting from nothing, the result is dropped in
//!    favour of the pre-balancing one if it is not strictly better by the
//!    balance score (sum of count differences over all member pairs).

use super::OwnedClaims;
use crate::sim::assignor::{Assignment, MemberId, Subscription};
use crate::sim::ids::{TopicName, TopicPartition};
use crate::vecmap::{VecMap, VecSet};

/// A bound on balancing rounds. Kafka's loop has none; it terminates in
/// practice, and this only guards the simulator against a pathological input.
const MAX_BALANCE_ROUNDS: u32 = 10_000;

struct Builder<'a> {
    partitions_per_topic: &'a VecMap<TopicName, u32>,
    total_partitions: u32,
    topic_consumers: VecMap<TopicName, Vec<MemberId>>,
    consumer_topics: VecMap<MemberId, Vec<TopicName>>,
    current: Assignment,
    owner: VecMap<TopicPartition, MemberId>,
    by_size: VecSet<(u32, MemberId)>,
    previous: VecMap<TopicPartition, (MemberId, i32)>,
    movements: Movements,
}

/// Runs the general builder.
pub(super) fn build(
    partitions_per_topic: &VecMap<TopicName, u32>,
    subscriptions: &VecMap<MemberId, Subscription>,
    claims: OwnedClaims,
    order: &[MemberId],
) -> Assignment {
    let mut b = Builder::new(partitions_per_topic, subscriptions, claims.owned);
    b.previous = previous_assignment(subscriptions, order, claims.max_generation);
    let mut revocation_required = false;
    let mut assigned = VecSet::new();
    for (member, list) in b.current.iter_mut() {
        let topics = &b.consumer_topics[member];
        let before = list.len();
        list.retain(|tp| topics.contains(&tp.topic));
        revocation_required |= list.len() != before;
        assigned.extend(list.iter().cloned());
    }
    let sorted_all = b.sorted_all_partitions();
    let unassigned: Vec<TopicPartition> = sorted_all.iter().filter(|tp| !assigned.contains(tp)).cloned().collect();
    b.by_size = b.current.iter().map(|(m, l)| (l.len() as u32, m.clone())).collect();
    b.balance(sorted_all, unassigned, revocation_required);
    b.current
}

/// `prepopulateCurrentAssignments`: owned partitions reported with a
/// generation older than the newest, keeping the newest per partition.
fn previous_assignment(
    subscriptions: &VecMap<MemberId, Subscription>,
    order: &[MemberId],
    max_generation: i32,
) -> VecMap<TopicPartition, (MemberId, i32)> {
    let mut previous: VecMap<TopicPartition, (MemberId, i32)> = VecMap::new();
    for member in order {
        let sub = &subscriptions[member];
        let generation = match sub.generation {
            Some(g) if g < max_generation => g,
            None if max_generation > super::DEFAULT_GENERATION => super::DEFAULT_GENERATION,
            _ => continue,
        };
        for tp in &sub.owned_partitions {
            if previous.get(tp).is_none_or(|(_, g)| generation > *g) {
                previous.insert(tp.clone(), (member.clone(), generation));
            }
        }
    }
    previous
}

impl<'a> Builder<'a> {
    fn new(
        partitions_per_topic: &'a VecMap<TopicName, u32>,
        subscriptions: &VecMap<MemberId, Subscription>,
        current: Assignment,
    ) -> Self {
        let mut topic_consumers: VecMap<TopicName, Vec<MemberId>> =
            partitions_per_topic.keys().map(|t| (t.clone(), Vec::new())).collect();
        let mut consumer_topics = VecMap::new();
        for (member, sub) in subscriptions {
            let topics: Vec<TopicName> =
                sub.topics.iter().filter(|t| topic_consumers.contains_key(*t)).cloned().collect();
            for t in &topics {
                topic_consumers.get_mut(t).expect("known topic").push(member.clone());
            }
            consumer_topics.insert(member.clone(), topics);
        }
        let owner = current.iter().flat_map(|(m, l)| l.iter().map(move |tp| (tp.clone(), m.clone()))).collect();
        Builder {
            partitions_per_topic,
            total_partitions: partitions_per_topic.values().sum(),
            topic_consumers,
            consumer_topics,
            current,
            owner,
            by_size: VecSet::new(),
            previous: VecMap::new(),
            movements: Movements::default(),
        }
    }

    /// All partitions, topics ordered by (potential consumers, name).
    fn sorted_all_partitions(&self) -> Vec<TopicPartition> {
        let mut topics: Vec<(&TopicName, u32)> =
            self.topic_consumers.iter().map(|(t, c)| (t, c.len() as u32)).collect();
        topics.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(b.0)));
        topics
            .into_iter()
            .flat_map(|(t, _)| {
                let n = self.partitions_per_topic[t];
                (0..n).map(move |p| TopicPartition { topic: t.clone(), partition: p })
            })
            .collect()
    }

    fn size(&self, member: &MemberId) -> u32 {
        self.current.get(member).map_or(0, |l| l.len() as u32)
    }

    fn subscribes(&self, member: &MemberId, topic: &TopicName) -> bool {
        self.consumer_topics.get(member).is_some_and(|t| t.contains(topic))
    }

    /// `balance`: steps 3 to 5.
    fn balance(
        &mut self,
        mut sorted_all: Vec<TopicPartition>,
        mut unassigned: Vec<TopicPartition>,
        revocation_required: bool,
    ) {
        let initializing = self.by_size.last().is_none_or(|(n, _)| *n == 0);
        for tp in &unassigned {
            self.assign_to_least_loaded(tp);
        }
        let movable = |b: &Self, t: &TopicName| b.topic_consumers[t].len() >= 2;
        sorted_all.retain(|tp| movable(self, &tp.topic));
        unassigned.retain(|tp| movable(self, &tp.topic));
        let mut fixed = Vec::new();
        let members: Vec<MemberId> = self.consumer_topics.keys().cloned().collect();
        for member in members {
            if !self.can_participate(&member) {
                self.by_size.remove(&(self.size(&member), member.clone()));
                let list = self.current.remove(&member).unwrap_or_default();
                fixed.push((member, list));
            }
        }
        let pre_balance = (self.current.clone(), self.owner.clone());
        if !revocation_required {
            self.perform_reassignments(&unassigned);
        }
        let performed = self.perform_reassignments(&sorted_all);
        if !initializing && performed && balance_score(&self.current) >= balance_score(&pre_balance.0) {
            (self.current, self.owner) = pre_balance;
        }
        self.current.extend(fixed);
    }

    /// `maybeAssignPartition`: the least-loaded subscribed member takes `tp`.
    fn assign_to_least_loaded(&mut self, tp: &TopicPartition) {
        let Some((n, member)) = self.by_size.iter().find(|(_, m)| self.subscribes(m, &tp.topic)).cloned() else {
            return;
        };
        self.by_size.remove(&(n, member.clone()));
        self.current.get_mut(&member).expect("member").push(tp.clone());
        self.owner.insert(tp.clone(), member.clone());
        self.by_size.insert((n + 1, member));
    }

    /// The most partitions `member` could hold (`getMaxAssignmentSize`).
    fn max_assignment_size(&self, member: &MemberId) -> u32 {
        let topics = &self.consumer_topics[member];
        if topics.len() == self.partitions_per_topic.len() {
            return self.total_partitions;
        }
        topics.iter().map(|t| self.partitions_per_topic[t]).sum()
    }

    fn can_participate(&self, member: &MemberId) -> bool {
        self.size(member) < self.max_assignment_size(member)
            || self.current[member].iter().any(|tp| self.topic_consumers[&tp.topic].len() >= 2)
    }

    /// `isBalanced`: counts differ by at most one, or no partition could move
    /// to a member more than one partition lighter than its owner.
    fn is_balanced(&self) -> bool {
        let (Some((min, _)), Some((max, _))) = (self.by_size.first(), self.by_size.last()) else {
            return true;
        };
        if *min + 1 >= *max {
            return true;
        }
        for (count, member) in &self.by_size {
            if *count == self.max_assignment_size(member) {
                continue;
            }
            for topic in &self.consumer_topics[member] {
                for p in 0..self.partitions_per_topic[topic] {
                    let tp = TopicPartition { topic: topic.clone(), partition: p };
                    if self.current[member].contains(&tp) {
                        continue;
                    }
                    let other = self.owner.get(&tp).filter(|o| self.current.contains_key(*o));
                    if other.is_some_and(|o| count + 1 < self.size(o)) {
                        return false;
                    }
                }
            }
        }
        true
    }

    /// `performReassignments`: returns whether anything moved.
    fn perform_reassignments(&mut self, partitions: &[TopicPartition]) -> bool {
        let mut performed = false;
        for _ in 0..MAX_BALANCE_ROUNDS {
            let mut modified = false;
            for tp in partitions {
                if self.is_balanced() {
                    break;
                }
                let Some(consumer) = self.owner.get(tp).cloned() else {
                    continue;
                };
                // Simplification: skip a previous owner that no longer
                // subscribes to the topic (Java would move it there anyway).
                if let Some((prev, _)) = self.previous.get(tp).cloned() {
                    if self.current.contains_key(&prev)
                        && self.subscribes(&prev, &tp.topic)
                        && self.size(&consumer) > self.size(&prev) + 1
                    {
                        self.reassign(tp, prev);
                        (performed, modified) = (true, true);
                        continue;
                    }
                }
                let heavier = |o: &MemberId| self.size(&consumer) > self.size(o) + 1;
                if self.topic_consumers[&tp.topic].iter().any(heavier) {
                    let target = self.by_size.iter().find(|(_, m)| self.subscribes(m, &tp.topic));
                    let target = target.expect("an eligible member").1.clone();
                    self.reassign(tp, target);
                    (performed, modified) = (true, true);
                }
            }
            if !modified {
                break;
            }
        }
        performed
    }

    /// `reassignPartition(partition, newConsumer)`.
    fn reassign(&mut self, tp: &TopicPartition, new_owner: MemberId) {
        let old_owner = self.owner[tp].clone();
        let to_move = self.movements.actual_partition_to_move(tp, &old_owner, &new_owner);
        let old_owner = self.owner[&to_move].clone();
        self.by_size.remove(&(self.size(&old_owner), old_owner.clone()));
        self.by_size.remove(&(self.size(&new_owner), new_owner.clone()));
        self.movements.move_partition(&to_move, &old_owner, &new_owner);
        let old_list = self.current.get_mut(&old_owner).expect("owner");
        if let Some(i) = old_list.iter().position(|p| *p == to_move) {
            old_list.remove(i);
        }
        self.current.get_mut(&new_owner).expect("member").push(to_move.clone());
        self.owner.insert(to_move, new_owner.clone());
        self.by_size.insert((self.size(&new_owner), new_owner));
        self.by_size.insert((self.size(&old_owner), old_owner));
    }
}

/// `getBalanceScore`: sum of |count difference| over all member pairs.
fn balance_score(assignment: &Assignment) -> i64 {
    let sizes: Vec<i64> = assignment.values().map(|l| l.len() as i64).collect();
    let mut score = 0;
    for (i, a) in sizes.iter().enumerate() {
        score += sizes[i + 1..].iter().map(|b| (a - b).abs()).sum::<i64>();
    }
    score
}

/// `PartitionMovements`: where each moved partition came from, per topic.
#[derive(Default)]
struct Movements {
    by_partition: VecMap<TopicPartition, (MemberId, MemberId)>,
    by_topic: VecMap<TopicName, VecMap<(MemberId, MemberId), VecSet<TopicPartition>>>,
}

impl Movements {
    fn remove_record(&mut self, tp: &TopicPartition) -> Option<(MemberId, MemberId)> {
        let pair = self.by_partition.remove(tp)?;
        if let Some(topic) = self.by_topic.get_mut(&tp.topic) {
            if let Some(set) = topic.get_mut(&pair) {
                set.remove(tp);
                if set.is_empty() {
                    topic.remove(&pair);
                }
            }
            if topic.is_empty() {
                self.by_topic.remove(&tp.topic);
            }
        }
        Some(pair)
    }

    fn add_record(&mut self, tp: &TopicPartition, pair: (MemberId, MemberId)) {
        self.by_partition.insert(tp.clone(), pair.clone());
        let topic = self.by_topic.entry(tp.topic.clone()).or_default();
        topic.entry(pair).or_default().insert(tp.clone());
    }

    fn move_partition(&mut self, tp: &TopicPartition, old: &MemberId, new: &MemberId) {
        match self.remove_record(tp) {
            Some((src, _)) if src != *new => self.add_record(tp, (src, new.clone())),
            Some(_) => {} // moved back to where it came from
            None => self.add_record(tp, (old.clone(), new.clone())),
        }
    }

    /// `getTheActualPartitionToBeMoved`. Simplification: Java takes "any"
    /// element of a `HashSet`; we take the smallest.
    fn actual_partition_to_move(&self, tp: &TopicPartition, old: &MemberId, new: &MemberId) -> TopicPartition {
        let Some(topic) = self.by_topic.get(&tp.topic) else {
            return tp.clone();
        };
        let old = self.by_partition.get(tp).map_or(old, |(src, _)| src);
        let reverse = (new.clone(), old.clone());
        topic.get(&reverse).and_then(|s| s.first()).cloned().unwrap_or_else(|| tp.clone())
    }
}
