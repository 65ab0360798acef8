//! Test helpers: compact builders for the assignor test vectors of
//! `design/kafka-semantics.md` section 2, and a tiny deterministic LCG for the
//! property tests.

use super::{Assignment, MemberId, Subscription};
use crate::sim::ids::{TopicName, TopicPartition};
use crate::vecmap::VecMap;

/// Parses Kafka's printed form `topic-n` (the last `-` splits).
pub fn tp(s: &str) -> TopicPartition {
    let (topic, n) = s.rsplit_once('-').expect("topic-n");
    TopicPartition::new(topic, n.parse().expect("partition number"))
}

pub fn tps(list: &[&str]) -> Vec<TopicPartition> {
    list.iter().map(|s| tp(s)).collect()
}

pub fn topics(list: &[(&str, u32)]) -> VecMap<TopicName, u32> {
    list.iter().map(|(t, n)| (TopicName::new(t), *n)).collect()
}

/// A member for a vector: id, instance id, topics, owned, generation.
pub struct M<'a> {
    pub id: &'a str,
    pub instance: Option<&'a str>,
    pub topics: &'a [&'a str],
    pub owned: &'a [&'a str],
    pub generation: Option<i32>,
}

/// A dynamic member without owned partitions.
pub fn m<'a>(id: &'a str, topics: &'a [&'a str]) -> M<'a> {
    M { id, instance: None, topics, owned: &[], generation: None }
}

/// A member owning `owned` in `generation`.
pub fn owned<'a>(id: &'a str, topics: &'a [&'a str], owned: &'a [&'a str], gen: i32) -> M<'a> {
    M { id, instance: None, topics, owned, generation: Some(gen) }
}

/// A static member (with `group.instance.id`).
pub fn st<'a>(id: &'a str, instance: &'a str, topics: &'a [&'a str]) -> M<'a> {
    M { id, instance: Some(instance), topics, owned: &[], generation: None }
}

pub fn subs(members: &[M<'_>]) -> VecMap<MemberId, Subscription> {
    members
        .iter()
        .map(|mm| {
            let mut s = Subscription::new(mm.topics);
            s.owned_partitions = tps(mm.owned);
            s.generation = mm.generation;
            s.group_instance_id = mm.instance.map(str::to_string);
            (MemberId::new(mm.id), s)
        })
        .collect()
}

pub fn expect(list: &[(&str, &[&str])]) -> Assignment {
    list.iter().map(|(mm, p)| (MemberId::new(mm), tps(p))).collect()
}

/// The same assignment with every member's list sorted (for set comparisons).
pub fn as_sets(a: &Assignment) -> Assignment {
    a.iter()
        .map(|(mm, p)| {
            let mut p = p.clone();
            p.sort();
            (mm.clone(), p)
        })
        .collect()
}

/// Feeds `assignment` back as owned partitions in `generation`.
pub fn with_owned(
    subscriptions: &VecMap<MemberId, Subscription>,
    assignment: &Assignment,
    generation: i32,
) -> VecMap<MemberId, Subscription> {
    subscriptions
        .iter()
        .map(|(mm, s)| {
            let mut s = s.clone();
            s.owned_partitions = assignment.get(mm).cloned().unwrap_or_default();
            s.generation = Some(generation);
            (mm.clone(), s)
        })
        .collect()
}

/// Knuth's MMIX linear congruential generator: enough to vary inputs.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next_u32(&mut self) -> u32 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) as u32
    }

    /// Uniform-ish in `0..n` (n > 0).
    pub fn below(&mut self, n: u32) -> u32 {
        self.next_u32() % n
    }
}
