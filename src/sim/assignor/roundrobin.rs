//! The `roundrobin` assignor: all partitions dealt out one at a time.
//!
//! Follows apache/kafka `clients/src/main/java/org/apache/kafka/clients/
//! consumer/RoundRobinAssignor.java` (4.0). The partitions of every topic that
//! any member subscribes to are listed sorted by topic name, then partition
//! (`allPartitionsSorted`). The members, sorted in
//! `AbstractPartitionAssignor.MemberInfo` order (static members first by
//! `group.instance.id`, then by member id), form a circular iterator. For each
//! partition the iterator skips members not subscribed to the partition's
//! topic, hands the partition to the next member that is, and moves past it.
//!
//! With identical subscriptions this is perfectly balanced (counts differ by
//! at most one). With different subscriptions it can be far from optimal,
//! which is what the sticky assignor's general path fixes. Topics missing from
//! the metadata are skipped.

use super::{compare_members, empty_assignment, Assignment, MemberId, Subscription};
use crate::sim::ids::{TopicName, TopicPartition};
use crate::vecmap::VecMap;

/// Assigns `partitions_per_topic` (topics somebody subscribes to) round-robin.
pub fn assign(
    partitions_per_topic: &VecMap<TopicName, u32>,
    subscriptions: &VecMap<MemberId, Subscription>,
) -> Assignment {
    let mut assignment = empty_assignment(subscriptions);
    let mut members: Vec<(&MemberId, &Subscription)> = subscriptions.iter().collect();
    members.sort_by(|a, b| compare_members(*a, *b));
    if members.is_empty() {
        return assignment;
    }
    let mut next = 0; // position of the circular iterator
    for (topic, &num_partitions) in partitions_per_topic {
        if !members.iter().any(|(_, s)| s.subscribes(topic)) {
            continue;
        }
        for partition in 0..num_partitions {
            while !members[next].1.subscribes(topic) {
                next = (next + 1) % members.len();
            }
            let list = assignment.get_mut(members[next].0).expect("member present");
            list.push(TopicPartition { topic: topic.clone(), partition });
            next = (next + 1) % members.len();
        }
    }
    assignment
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::{assign as run, AssignorKind};
    use super::*;

    fn round_robin(topics_: &[(&str, u32)], members: &[M<'_>]) -> Assignment {
        run(AssignorKind::RoundRobin, &topics(topics_), &subs(members))
    }

    struct Vector {
        test: &'static str,
        topics: &'static [(&'static str, u32)],
        members: Vec<M<'static>>,
        expect: &'static [(&'static str, &'static [&'static str])],
    }

    const T12: &[&str] = &["topic1", "topic2"];

    #[rustfmt::skip]
    fn vectors() -> Vec<Vector> {
        vec![
            Vector { test: "testOneConsumerOneTopic", topics: &[("topic", 3)], members: vec![m("consumer", &["topic"])], expect: &[("consumer", &["topic-0", "topic-1", "topic-2"])] },
            Vector { test: "testOneConsumerMultipleTopics", topics: &[("topic1", 1), ("topic2", 2)], members: vec![m("consumer", T12)], expect: &[("consumer", &["topic1-0", "topic2-0", "topic2-1"])] },
            Vector { test: "testTwoConsumersOneTopicOnePartition", topics: &[("topic", 1)], members: vec![m("consumer1", &["topic"]), m("consumer2", &["topic"])], expect: &[("consumer1", &["topic-0"]), ("consumer2", &[])] },
            Vector { test: "testTwoConsumersOneTopicTwoPartitions", topics: &[("topic", 2)], members: vec![m("consumer1", &["topic"]), m("consumer2", &["topic"])], expect: &[("consumer1", &["topic-0"]), ("consumer2", &["topic-1"])] },
            Vector { test: "testMultipleConsumersMixedTopics", topics: &[("topic1", 3), ("topic2", 2)], members: vec![m("consumer1", &["topic1"]), m("consumer2", T12), m("consumer3", &["topic1"])], expect: &[("consumer1", &["topic1-0"]), ("consumer2", &["topic1-1", "topic2-0", "topic2-1"]), ("consumer3", &["topic1-2"])] },
            Vector { test: "testTwoDynamicConsumersTwoTopicsSixPartitions", topics: &[("topic1", 3), ("topic2", 3)], members: vec![m("consumer1", T12), m("consumer2", T12)], expect: &[("consumer1", &["topic1-0", "topic1-2", "topic2-1"]), ("consumer2", &["topic1-1", "topic2-0", "topic2-2"])] },
            Vector { test: "testTwoStaticConsumersTwoTopicsSixPartitions", topics: &[("topic1", 3), ("topic2", 3)], members: vec![st("consumer-b", "instance1", T12), st("consumer-a", "instance2", T12)], expect: &[("consumer-b", &["topic1-0", "topic1-2", "topic2-1"]), ("consumer-a", &["topic1-1", "topic2-0", "topic2-2"])] },
            Vector { test: "testStaticMemberRoundRobinAssignmentPersistent", topics: &[("topic1", 3), ("topic2", 3)], members: vec![st("consumer1", "instance1", T12), st("consumer2", "instance2", T12), st("consumer3", "instance3", T12), m("consumer4", T12)], expect: &[("consumer1", &["topic1-0", "topic2-1"]), ("consumer2", &["topic1-1", "topic2-2"]), ("consumer3", &["topic1-2"]), ("consumer4", &["topic2-0"])] },
            Vector { test: "testStaticMemberRoundRobinAssignmentPersistent (then consumer5 replaces consumer4)", topics: &[("topic1", 3), ("topic2", 3)], members: vec![st("consumer1", "instance1", T12), st("consumer2", "instance2", T12), st("consumer3", "instance3", T12), m("consumer5", T12)], expect: &[("consumer1", &["topic1-0", "topic2-1"]), ("consumer2", &["topic1-1", "topic2-2"]), ("consumer3", &["topic1-2"]), ("consumer5", &["topic2-0"])] },
            Vector { test: "RoundRobinAssignor Javadoc example 1", topics: &[("t0", 3), ("t1", 3)], members: vec![m("C0", &["t0", "t1"]), m("C1", &["t0", "t1"])], expect: &[("C0", &["t0-0", "t0-2", "t1-1"]), ("C1", &["t0-1", "t1-0", "t1-2"])] },
            Vector { test: "RoundRobinAssignor Javadoc example 2", topics: &[("t0", 1), ("t1", 2), ("t2", 3)], members: vec![m("C0", &["t0"]), m("C1", &["t0", "t1"]), m("C2", &["t0", "t1", "t2"])], expect: &[("C0", &["t0-0"]), ("C1", &["t1-0"]), ("C2", &["t1-1", "t2-0", "t2-1", "t2-2"])] },
        ]
    }

    #[test]
    fn round_robin_assignor_test_vectors() {
        for v in vectors() {
            assert_eq!(round_robin(v.topics, &v.members), expect(v.expect), "{}", v.test);
        }
    }

    /// testStaticMemberRoundRobinAssignmentPersistentAfterMemberIdChanges.
    #[test]
    #[rustfmt::skip]
    fn test_static_member_round_robin_assignment_persistent_after_member_id_changes() {
        let t = &[("topic1", 5), ("topic2", 5)];
        let by_instance = |members: &[M<'_>]| -> VecMap<String, Vec<TopicPartition>> {
            let result = round_robin(t, members);
            members.iter().map(|mm| (mm.instance.unwrap().to_string(), result[&MemberId::new(mm.id)].clone())).collect()
        };
        let expected: VecMap<String, Vec<TopicPartition>> = [
            ("instance1", tps(&["topic1-0", "topic1-3", "topic2-1", "topic2-4"])),
            ("instance2", tps(&["topic1-1", "topic1-4", "topic2-2"])),
            ("instance3", tps(&["topic1-2", "topic2-0", "topic2-3"])),
        ]
        .into_iter()
        .map(|(i, p)| (i.to_string(), p))
        .collect();
        let before = by_instance(&[st("consumer1", "instance1", T12), st("consumer2", "instance2", T12), st("consumer3", "instance3", T12)]);
        assert_eq!(before, expected);
        let after = by_instance(&[st("consumer1", "instance1", T12), st("consumer5", "instance2", T12), st("consumer4", "instance3", T12)]);
        assert_eq!(after, expected);
    }
}
