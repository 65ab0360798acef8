//! The `range` assignor: contiguous ranges of each topic, topic by topic.
//!
//! Follows apache/kafka `clients/src/main/java/org/apache/kafka/clients/
//! consumer/RangeAssignor.java` (4.0). For every topic separately, take the
//! members subscribed to it, sorted by `AbstractPartitionAssignor.MemberInfo`
//! order (static members first by `group.instance.id`, then dynamic members by
//! member id; see [`super::compare_members`]). With `n` partitions and `c`
//! members, each member gets `n / c` consecutive partitions and the first
//! `n % c` members get one more.
//!
//! Because the same members come first for every topic, range is unbalanced
//! when a group consumes many topics with few partitions each: with two
//! members and two 3-partition topics the first gets 4 partitions and the
//! second 2. That is Kafka's documented behaviour (the Javadoc example) and the
//! reason it is co-partitioning friendly: partition `i` of every topic with
//! the same partition count lands on the same member.
//!
//! Each member's list is ordered by topic name, then partition, which is the
//! order Kafka's tests assert. Topics missing from the metadata are skipped.
//!
//! Simplification: the rack-aware path of KIP-881 (used only when both
//! consumer and broker racks are known) is not modelled.

use super::{empty_assignment, sorted_members_for_topic, Assignment, MemberId, Subscription};
use crate::sim::ids::{TopicName, TopicPartition};
use crate::vecmap::VecMap;

/// Assigns `partitions_per_topic` (topics somebody subscribes to) by ranges.
pub fn assign(
    partitions_per_topic: &VecMap<TopicName, u32>,
    subscriptions: &VecMap<MemberId, Subscription>,
) -> Assignment {
    let mut assignment = empty_assignment(subscriptions);
    for (topic, &num_partitions) in partitions_per_topic {
        let members = sorted_members_for_topic(topic, subscriptions);
        if members.is_empty() {
            continue;
        }
        let count = members.len() as u32;
        let per_member = num_partitions / count;
        let with_extra = num_partitions % count;
        for (i, member) in (0u32..).zip(members) {
            let start = per_member * i + i.min(with_extra);
            let len = per_member + u32::from(i < with_extra);
            let list = assignment.get_mut(member).expect("member present");
            list.extend((start..start + len).map(|p| TopicPartition { topic: topic.clone(), partition: p }));
        }
    }
    assignment
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::super::{assign as run, AssignorKind};
    use super::*;

    fn range(topics_: &[(&str, u32)], members: &[M<'_>]) -> Assignment {
        run(AssignorKind::Range, &topics(topics_), &subs(members))
    }

    struct Vector {
        test: &'static str,
        topics: &'static [(&'static str, u32)],
        members: Vec<M<'static>>,
        expect: &'static [(&'static str, &'static [&'static str])],
    }

    const T12: &[&str] = &["topic1", "topic2"];
    const T123: &[&str] = &["t1", "t2", "t3"];

    #[rustfmt::skip]
    fn vectors() -> Vec<Vector> {
        vec![
            Vector { test: "testOneConsumerNoTopic", topics: &[], members: vec![m("consumer1", &[])], expect: &[("consumer1", &[])] },
            Vector { test: "testOneConsumerNonexistentTopic", topics: &[], members: vec![m("consumer1", &["topic1"])], expect: &[("consumer1", &[])] },
            Vector { test: "testOneConsumerOneTopic", topics: &[("topic1", 3)], members: vec![m("consumer1", &["topic1"])], expect: &[("consumer1", &["topic1-0", "topic1-1", "topic1-2"])] },
            Vector { test: "testOnlyAssignsPartitionsFromSubscribedTopics", topics: &[("topic1", 3), ("other", 3)], members: vec![m("consumer1", &["topic1"])], expect: &[("consumer1", &["topic1-0", "topic1-1", "topic1-2"])] },
            Vector { test: "testOneConsumerMultipleTopics", topics: &[("topic1", 1), ("topic2", 2)], members: vec![m("consumer1", T12)], expect: &[("consumer1", &["topic1-0", "topic2-0", "topic2-1"])] },
            Vector { test: "testTwoConsumersOneTopicOnePartition", topics: &[("topic1", 1)], members: vec![m("consumer1", &["topic1"]), m("consumer2", &["topic1"])], expect: &[("consumer1", &["topic1-0"]), ("consumer2", &[])] },
            Vector { test: "testTwoConsumersOneTopicTwoPartitions", topics: &[("topic1", 2)], members: vec![m("consumer1", &["topic1"]), m("consumer2", &["topic1"])], expect: &[("consumer1", &["topic1-0"]), ("consumer2", &["topic1-1"])] },
            Vector { test: "testMultipleConsumersMixedTopics", topics: &[("topic1", 3), ("topic2", 2)], members: vec![m("consumer1", &["topic1"]), m("consumer2", T12), m("consumer3", &["topic1"])], expect: &[("consumer1", &["topic1-0"]), ("consumer2", &["topic1-1", "topic2-0", "topic2-1"]), ("consumer3", &["topic1-2"])] },
            Vector { test: "testTwoConsumersTwoTopicsSixPartitions", topics: &[("topic1", 3), ("topic2", 3)], members: vec![m("consumer1", T12), m("consumer2", T12)], expect: &[("consumer1", &["topic1-0", "topic1-1", "topic2-0", "topic2-1"]), ("consumer2", &["topic1-2", "topic2-2"])] },
            Vector { test: "testTwoStaticConsumersTwoTopicsSixPartitions", topics: &[("topic1", 3), ("topic2", 3)], members: vec![st("consumer-b", "instance1", T12), st("consumer-a", "instance2", T12)], expect: &[("consumer-b", &["topic1-0", "topic1-1", "topic2-0", "topic2-1"]), ("consumer-a", &["topic1-2", "topic2-2"])] },
            Vector { test: "testOneStaticConsumerAndOneDynamicConsumerTwoTopicsSixPartitions", topics: &[("topic1", 3), ("topic2", 3)], members: vec![st("consumer-b", "instance1", T12), m("consumer-a", T12)], expect: &[("consumer-b", &["topic1-0", "topic1-1", "topic2-0", "topic2-1"]), ("consumer-a", &["topic1-2", "topic2-2"])] },
            Vector { test: "testStaticMemberRangeAssignmentPersistent", topics: &[("topic1", 5), ("topic2", 4)], members: vec![st("consumer1", "instance1", T12), st("consumer2", "instance2", T12), st("consumer3", "instance3", T12), m("consumer4", T12)], expect: &[("consumer1", &["topic1-0", "topic1-1", "topic2-0"]), ("consumer2", &["topic1-2", "topic2-1"]), ("consumer3", &["topic1-3", "topic2-2"]), ("consumer4", &["topic1-4", "topic2-3"])] },
            Vector { test: "testStaticMemberRangeAssignmentPersistent (then consumer5 replaces consumer4)", topics: &[("topic1", 5), ("topic2", 4)], members: vec![st("consumer1", "instance1", T12), st("consumer2", "instance2", T12), st("consumer3", "instance3", T12), m("consumer5", T12)], expect: &[("consumer1", &["topic1-0", "topic1-1", "topic2-0"]), ("consumer2", &["topic1-2", "topic2-1"]), ("consumer3", &["topic1-3", "topic2-2"]), ("consumer5", &["topic1-4", "topic2-3"])] },
            Vector { test: "testRackAwareAssignmentWithUniformSubscription", topics: &[("t1", 6), ("t2", 7), ("t3", 2)], members: vec![m("consumer0", T123), m("consumer1", T123), m("consumer2", T123)], expect: &[("consumer0", &["t1-0", "t1-1", "t2-0", "t2-1", "t2-2", "t3-0"]), ("consumer1", &["t1-2", "t1-3", "t2-3", "t2-4", "t3-1"]), ("consumer2", &["t1-4", "t1-5", "t2-5", "t2-6"])] },
            Vector { test: "testRackAwareAssignmentWithNonEqualSubscription", topics: &[("t1", 6), ("t2", 7), ("t3", 2)], members: vec![m("consumer0", T123), m("consumer1", T123), m("consumer2", &["t1", "t3"])], expect: &[("consumer0", &["t1-0", "t1-1", "t2-0", "t2-1", "t2-2", "t2-3", "t3-0"]), ("consumer1", &["t1-2", "t1-3", "t2-4", "t2-5", "t2-6", "t3-1"]), ("consumer2", &["t1-4", "t1-5"])] },
            Vector { test: "testRackAwareAssignmentWithCoPartitioning", topics: &[("t1", 6), ("t2", 6), ("t3", 2), ("t4", 2)], members: vec![m("consumer0", &["t1", "t2"]), m("consumer1", &["t1", "t2"]), m("consumer2", &["t3", "t4"]), m("consumer3", &["t3", "t4"])], expect: &[("consumer0", &["t1-0", "t1-1", "t1-2", "t2-0", "t2-1", "t2-2"]), ("consumer1", &["t1-3", "t1-4", "t1-5", "t2-3", "t2-4", "t2-5"]), ("consumer2", &["t3-0", "t4-0"]), ("consumer3", &["t3-1", "t4-1"])] },
            Vector { test: "RangeAssignor Javadoc example", topics: &[("t0", 3), ("t1", 3)], members: vec![m("C0", &["t0", "t1"]), m("C1", &["t0", "t1"])], expect: &[("C0", &["t0-0", "t0-1", "t1-0", "t1-1"]), ("C1", &["t0-2", "t1-2"])] },
        ]
    }

    #[test]
    fn range_assignor_test_vectors() {
        for v in vectors() {
            assert_eq!(range(v.topics, &v.members), expect(v.expect), "{}", v.test);
        }
    }

    /// testStaticMemberRangeAssignmentPersistentAfterMemberIdChanges: the
    /// assignment follows the instance ids, not the member ids.
    #[test]
    #[rustfmt::skip]
    fn test_static_member_range_assignment_persistent_after_member_id_changes() {
        let t = &[("topic1", 5), ("topic2", 5)];
        let by_instance = |members: &[M<'_>]| -> VecMap<String, Vec<TopicPartition>> {
            let result = range(t, members);
            members.iter().map(|mm| (mm.instance.unwrap().to_string(), result[&MemberId::new(mm.id)].clone())).collect()
        };
        let before = by_instance(&[st("consumer1", "instance1", T12), st("consumer2", "instance2", T12), st("consumer3", "instance3", T12)]);
        let expected: VecMap<String, Vec<TopicPartition>> = [
            ("instance1", tps(&["topic1-0", "topic1-1", "topic2-0", "topic2-1"])),
            ("instance2", tps(&["topic1-2", "topic1-3", "topic2-2", "topic2-3"])),
            ("instance3", tps(&["topic1-4", "topic2-4"])),
        ]
        .into_iter()
        .map(|(i, p)| (i.to_string(), p))
        .collect();
        assert_eq!(before, expected);
        let after = by_instance(&[st("consumer1", "instance1", T12), st("consumer5", "instance2", T12), st("consumer4", "instance3", T12)]);
        assert_eq!(after, expected);
    }
}
