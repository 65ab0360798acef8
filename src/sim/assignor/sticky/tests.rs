//! Vectors of `AbstractStickyAssignorTest`, `StickyAssignorTest` and
//! `CooperativeStickyAssignorTest` (apache/kafka 4.0), from
//! `design/kafka-semantics.md` sections 2.4 and 2.5. Owned partitions carry
//! generation 1 unless a vector says otherwise.

use super::super::testkit::*;
use super::super::{assign as run, Assignment, AssignorKind, MemberId, Subscription};
use super::{assign, assign_cooperative, java_hash_map_order};
use crate::sim::ids::{TopicName, TopicPartition};
use crate::vecmap::VecMap;

enum Expect {
    /// Exact per-member lists (Kafka asserts `List` equality).
    Lists(&'static [(&'static str, &'static [&'static str])]),
    /// Per-member sets, for the members listed.
    Sets(&'static [(&'static str, &'static [&'static str])]),
}

struct Vector {
    test: &'static str,
    topics: &'static [(&'static str, u32)],
    members: Vec<M<'static>>,
    expect: Expect,
    /// `partitionsTransferringOwnership`, when the test asserts it.
    transferring: Option<&'static [(&'static str, &'static str)]>,
}

const T: &[&str] = &["topic"];
const T12: &[&str] = &["topic1", "topic2"];
const T_T2: &[&str] = &["topic", "topic2"];
const T_T2_T3: &[&str] = &["topic", "topic2", "topic3"];
const T_ALL4: &[&str] = &["topic", "topic1", "topic2", "topic3"];

#[rustfmt::skip]
fn vectors() -> Vec<Vector> {
    use Expect::*;
    vec![
        Vector { test: "testOneConsumerOneTopic", topics: &[("topic", 3)], members: vec![m("consumer", T)], expect: Lists(&[("consumer", &["topic-0", "topic-1", "topic-2"])]), transferring: None },
        Vector { test: "testOnlyAssignsPartitionsFromSubscribedTopics", topics: &[("topic", 2)], members: vec![owned("consumer", T, &["topic-0", "topic-1", "other-0", "other-1"], 1)], expect: Lists(&[("consumer", &["topic-0", "topic-1"])]), transferring: None },
        Vector { test: "testOneConsumerMultipleTopics", topics: &[("topic1", 1), ("topic2", 2)], members: vec![m("consumer", T12)], expect: Lists(&[("consumer", &["topic1-0", "topic2-0", "topic2-1"])]), transferring: None },
        Vector { test: "testTwoConsumersOneTopicTwoPartitions", topics: &[("topic", 2)], members: vec![m("consumer1", T), m("consumer2", T)], expect: Lists(&[("consumer1", &["topic-0"]), ("consumer2", &["topic-1"])]), transferring: None },
        Vector { test: "testMultipleConsumersMixedTopicSubscriptions", topics: &[("topic1", 3), ("topic2", 2)], members: vec![m("consumer1", &["topic1"]), m("consumer2", T12), m("consumer3", &["topic1"])], expect: Lists(&[("consumer1", &["topic1-0", "topic1-2"]), ("consumer2", &["topic2-0", "topic2-1"]), ("consumer3", &["topic1-1"])]), transferring: None },
        Vector { test: "testTwoConsumersTwoTopicsSixPartitions", topics: &[("topic1", 3), ("topic2", 3)], members: vec![m("consumer1", T12), m("consumer2", T12)], expect: Lists(&[("consumer1", &["topic1-0", "topic1-2", "topic2-1"]), ("consumer2", &["topic1-1", "topic2-0", "topic2-2"])]), transferring: None },
        Vector { test: "testConsumerOwningMinQuotaExpectedMaxQuota", topics: &[("topic1", 2), ("topic2", 3)], members: vec![owned("consumer1", T12, &["topic1-0", "topic2-1"], 1), owned("consumer2", T12, &["topic1-1", "topic2-2"], 1)], expect: Lists(&[("consumer1", &["topic1-0", "topic2-1", "topic2-0"]), ("consumer2", &["topic1-1", "topic2-2"])]), transferring: Some(&[]) },
        // Depends on Java HashMap iteration order (consumer2 is walked before
        // consumer1, so consumer2 keeps maxQuota); reproduced by
        // `java_hash_map_order`, see `hash_map_order_of_consumer_ids`.
        Vector { test: "testMaxQuotaConsumerMoreThanNumExpectedMaxCapacityMembers", topics: &[("topic1", 2), ("topic2", 2)], members: vec![owned("consumer1", T12, &["topic1-0", "topic2-0"], 1), owned("consumer2", T12, &["topic1-1", "topic2-1"], 1), owned("consumer3", T12, &[], 1)], expect: Lists(&[("consumer1", &["topic1-0"]), ("consumer2", &["topic1-1", "topic2-1"]), ("consumer3", &["topic2-0"])]), transferring: Some(&[("topic2-0", "consumer3")]) },
        Vector { test: "testAllConsumersAreUnderMinQuota", topics: &[("topic1", 2), ("topic2", 3)], members: vec![owned("consumer1", T12, &["topic1-0"], 1), owned("consumer2", T12, &["topic1-1"], 1), owned("consumer3", T12, &[], 1)], expect: Lists(&[("consumer1", &["topic1-0", "topic2-1"]), ("consumer2", &["topic1-1", "topic2-2"]), ("consumer3", &["topic2-0"])]), transferring: Some(&[]) },
        Vector { test: "testAllConsumersReachExpectedQuotaAndAreConsideredFilled", topics: &[("topic", 4)], members: vec![owned("consumer1", T, &["topic-0", "topic-1"], 1), owned("consumer2", T, &["topic-2"], 1), owned("consumer3", T, &[], 1)], expect: Lists(&[("consumer1", &["topic-0", "topic-1"]), ("consumer2", &["topic-2"]), ("consumer3", &["topic-3"])]), transferring: Some(&[]) },
        Vector { test: "testOwnedPartitionsAreInvalidatedForConsumerWithStaleGeneration", topics: &[("topic", 3), ("topic2", 3)], members: vec![owned("consumer1", T_T2, &["topic-0", "topic-2", "topic2-1"], 10), owned("consumer2", T_T2, &["topic-0", "topic-2", "topic2-1"], 9)], expect: Sets(&[("consumer1", &["topic-0", "topic-2", "topic2-1"]), ("consumer2", &["topic-1", "topic2-0", "topic2-2"])]), transferring: None },
        Vector { test: "testOwnedPartitionsAreInvalidatedForConsumerWithNoGeneration", topics: &[("topic", 3), ("topic2", 3)], members: vec![owned("consumer1", T_T2, &["topic-0", "topic-2", "topic2-1"], 10), owned("consumer2", T_T2, &["topic-0", "topic-2", "topic2-1"], -1)], expect: Sets(&[("consumer1", &["topic-0", "topic-2", "topic2-1"]), ("consumer2", &["topic-1", "topic2-0", "topic2-2"])]), transferring: None },
        Vector { test: "testPartitionsTransferringOwnershipIncludeThePartitionClaimedByMultipleConsumersInSameGeneration", topics: &[("topic", 3)], members: vec![owned("consumer1", T, &["topic-0", "topic-1"], 1), owned("consumer2", T, &["topic-0", "topic-2"], 1), owned("consumer3", T, &[], 1)], expect: Lists(&[("consumer1", &["topic-1"]), ("consumer2", &["topic-2"]), ("consumer3", &["topic-0"])]), transferring: Some(&[("topic-0", "consumer3")]) },
        Vector { test: "testEnsurePartitionsAssignedToHighestGeneration", topics: &[("topic", 3), ("topic2", 3), ("topic3", 3)], members: vec![owned("consumer1", T_T2_T3, &["topic-0", "topic2-0", "topic3-0"], 10), owned("consumer2", T_T2_T3, &["topic-1", "topic2-1", "topic3-1"], 9), owned("consumer3", T_T2_T3, &["topic2-1", "topic3-0", "topic3-2"], 8)], expect: Sets(&[("consumer1", &["topic-0", "topic2-0", "topic3-0"]), ("consumer2", &["topic-1", "topic2-1", "topic3-1"]), ("consumer3", &["topic-2", "topic2-2", "topic3-2"])]), transferring: None },
        Vector { test: "testNoReassignmentOnCurrentMembers", topics: &[("topic", 3), ("topic1", 3), ("topic2", 3), ("topic3", 3)], members: vec![owned("consumer1", T_ALL4, &[], -1), owned("consumer2", T_ALL4, &["topic-0", "topic2-0", "topic1-0"], 9), owned("consumer3", T_ALL4, &["topic3-2", "topic2-2", "topic1-1"], 8), owned("consumer4", T_ALL4, &["topic3-1", "topic-1", "topic-2"], 7)], expect: Sets(&[("consumer1", &["topic1-2", "topic2-1", "topic3-0"])]), transferring: Some(&[]) },
        Vector { test: "testOwnedPartitionsAreInvalidatedForConsumerWithMultipleGeneration", topics: &[("topic", 3), ("topic2", 3)], members: vec![owned("consumer1", T_T2, &["topic-0", "topic2-1", "topic-1"], 10), owned("consumer2", T_T2, &["topic-0", "topic2-1", "topic2-2"], 8)], expect: Sets(&[("consumer1", &["topic-0", "topic2-1", "topic-1"]), ("consumer2", &["topic-2", "topic2-2", "topic2-0"])]), transferring: None },
        Vector { test: "StickyAssignor Javadoc example 1 (fresh)", topics: &[("t0", 2), ("t1", 2), ("t2", 2), ("t3", 2)], members: vec![m("C0", &["t0", "t1", "t2", "t3"]), m("C1", &["t0", "t1", "t2", "t3"]), m("C2", &["t0", "t1", "t2", "t3"])], expect: Sets(&[("C0", &["t0-0", "t1-1", "t3-0"]), ("C1", &["t0-1", "t2-0", "t3-1"]), ("C2", &["t1-0", "t2-1"])]), transferring: None },
        Vector { test: "StickyAssignor Javadoc example 2", topics: &[("t0", 1), ("t1", 2), ("t2", 3)], members: vec![m("C0", &["t0"]), m("C1", &["t0", "t1"]), m("C2", &["t0", "t1", "t2"])], expect: Sets(&[("C0", &["t0-0"]), ("C1", &["t1-0", "t1-1"]), ("C2", &["t2-0", "t2-1", "t2-2"])]), transferring: None },
        Vector { test: "StickyAssignor Javadoc example 2 (C0 removed)", topics: &[("t0", 1), ("t1", 2), ("t2", 3)], members: vec![owned("C1", &["t0", "t1"], &["t1-0", "t1-1"], 1), owned("C2", &["t0", "t1", "t2"], &["t2-0", "t2-1", "t2-2"], 1)], expect: Lists(&[("C1", &["t1-0", "t1-1", "t0-0"]), ("C2", &["t2-0", "t2-1", "t2-2"])]), transferring: None },
    ]
}

fn transfers(list: &[(&str, &str)]) -> VecMap<TopicPartition, MemberId> {
    list.iter().map(|(p, mm)| (tp(p), MemberId::new(mm))).collect()
}

fn check(v: &Vector, got: &Assignment) {
    match v.expect {
        Expect::Lists(e) => assert_eq!(*got, expect(e), "{}", v.test),
        Expect::Sets(e) => {
            let got = as_sets(got);
            for (mm, want) in as_sets(&expect(e)) {
                assert_eq!(got[&mm], want, "{} {}", v.test, mm);
            }
        }
    }
}

#[test]
fn sticky_assignor_test_vectors() {
    for v in vectors() {
        let outcome = assign(&topics(v.topics), &subs(&v.members));
        check(&v, &outcome.assignment);
        if let Some(t) = v.transferring {
            assert_eq!(outcome.transferring, Some(transfers(t)), "{}", v.test);
        }
        let via_kind = run(AssignorKind::Sticky, &topics(v.topics), &subs(&v.members));
        assert_eq!(via_kind, outcome.assignment, "{}", v.test);
    }
}

/// The cooperative assignor withholds exactly the transferring partitions in
/// the first round, then converges within 4 follow-up rebalances (the bound
/// `CooperativeStickyAssignorTest.verifyValidityAndBalance` asserts).
#[test]
fn cooperative_sticky_runs_the_shared_vectors() {
    for v in vectors() {
        let (t, s) = (topics(v.topics), subs(&v.members));
        let eager = assign(&t, &s);
        let first = assign_cooperative(&t, &s);
        if let Some(list) = v.transferring {
            let mut withheld = eager.assignment.clone();
            for (p, mm) in transfers(list) {
                withheld.get_mut(&mm).unwrap().retain(|x| *x != p);
            }
            assert_eq!(first, withheld, "{}", v.test);
        }
        let converged = converge(&t, &s, first, v.test);
        let all: usize = t.values().map(|n| *n as usize).sum();
        assert_eq!(converged.values().map(Vec::len).sum::<usize>(), all, "{}", v.test);
    }
}

/// Re-runs cooperative rebalances feeding back the result as owned partitions
/// until nothing is withheld; panics after 4 follow-ups.
fn converge(
    t: &VecMap<TopicName, u32>,
    s: &VecMap<MemberId, Subscription>,
    mut current: Assignment,
    test: &str,
) -> Assignment {
    for round in 0..=4 {
        let next_subs = with_owned(s, &current, 2 + round);
        let next = assign_cooperative(t, &next_subs);
        if next == current && assign(t, &next_subs).assignment == next {
            return next;
        }
        current = next;
    }
    panic!("{test}: cooperative rebalances did not converge");
}

#[test]
#[rustfmt::skip]
fn test_add_remove_consumer_one_topic() {
    let t = topics(&[("topic", 3)]);
    let s1 = subs(&[m("consumer1", T)]);
    let a1 = assign(&t, &s1);
    assert_eq!(a1.assignment, expect(&[("consumer1", &["topic-0", "topic-1", "topic-2"])]));
    let s2 = subs(&[owned("consumer1", T, &["topic-0", "topic-1", "topic-2"], 1), owned("consumer2", T, &[], 1)]);
    let a2 = assign(&t, &s2);
    assert_eq!(a2.assignment, expect(&[("consumer1", &["topic-0", "topic-1"]), ("consumer2", &["topic-2"])]));
    assert_eq!(a2.transferring, Some(transfers(&[("topic-2", "consumer2")])));
    // Cooperative first round: topic-2 is revoked, not yet given to consumer2.
    assert_eq!(assign_cooperative(&t, &s2), expect(&[("consumer1", &["topic-0", "topic-1"]), ("consumer2", &[])]));
    let s3 = subs(&[owned("consumer2", T, &["topic-2"], 2)]);
    let a3 = assign(&t, &s3);
    assert_eq!(as_sets(&a3.assignment), expect(&[("consumer2", &["topic-0", "topic-1", "topic-2"])]));
    assert_eq!(a3.transferring, Some(VecMap::new()));
}

#[test]
#[rustfmt::skip]
fn test_add_remove_two_consumers_two_topics() {
    let t = topics(&[("topic1", 3), ("topic2", 4)]);
    let a1 = assign(&t, &subs(&[m("consumer1", T12), m("consumer2", T12)])).assignment;
    assert_eq!(a1, expect(&[("consumer1", &["topic1-0", "topic1-2", "topic2-1", "topic2-3"]), ("consumer2", &["topic1-1", "topic2-0", "topic2-2"])]));
    let s2 = with_owned(&subs(&[m("consumer1", T12), m("consumer2", T12), m("consumer3", T12), m("consumer4", T12)]), &a1, 1);
    let a2 = assign(&t, &s2);
    assert_eq!(a2.assignment, expect(&[("consumer1", &["topic1-0", "topic2-1"]), ("consumer2", &["topic2-0", "topic1-1"]), ("consumer3", &["topic1-2", "topic2-3"]), ("consumer4", &["topic2-2"])]));
    assert_eq!(a2.transferring, Some(transfers(&[("topic1-2", "consumer3"), ("topic2-3", "consumer3"), ("topic2-2", "consumer4")])));
    let s3 = with_owned(&subs(&[m("consumer3", T12), m("consumer4", T12)]), &a2.assignment, 2);
    let a3 = assign(&t, &s3);
    assert_eq!(a3.assignment, expect(&[("consumer3", &["topic1-2", "topic2-3", "topic1-0", "topic2-1"]), ("consumer4", &["topic2-2", "topic1-1", "topic2-0"])]));
    assert_eq!(a3.transferring, Some(VecMap::new()));
}

/// CooperativeStickyAssignorTest vectors (section 2.5). `consumer3` owns
/// nothing; `v1` members report owned partitions without a generation.
#[test]
#[rustfmt::skip]
fn cooperative_sticky_assignor_test_vectors() {
    let coop = |t: &[(&str, u32)], members: &[M<'_>]| run(AssignorKind::CooperativeSticky, &topics(t), &subs(members));
    let claims = [owned("consumer1", T, &["topic-0", "topic-1"], 1), owned("consumer2", T, &["topic-0", "topic-2"], 1), owned("consumer3", T, &[], 1)];
    // ...ClaimedByMultipleConsumersInSameGenerationWithEqualPartitionsPerConsumer
    assert_eq!(coop(&[("topic", 3)], &claims), expect(&[("consumer1", &["topic-1"]), ("consumer2", &["topic-2"]), ("consumer3", &[])]));
    // ...WithUnequalPartitionsPerConsumer
    assert_eq!(coop(&[("topic", 4)], &claims), expect(&[("consumer1", &["topic-1", "topic-3"]), ("consumer2", &["topic-2"]), ("consumer3", &[])]));
    // testAssignorWithOldVersionSubscriptions
    let v1 = |id: &'static str, p: &'static [&'static str]| M { id, instance: None, topics: &["topic1"], owned: p, generation: None };
    let old = [v1("consumer1", &["topic1-0"]), v1("consumer2", &["topic1-1"]), owned("consumer3", &["topic1"], &[], 1)];
    assert_eq!(coop(&[("topic1", 3)], &old), expect(&[("consumer1", &["topic1-0"]), ("consumer2", &["topic1-1"]), ("consumer3", &["topic1-2"])]));
}

/// The Java `HashMap` iteration order section 2.1 derives for these ids.
#[test]
fn hash_map_order_of_consumer_ids() {
    let ids: Vec<MemberId> =
        ["consumer1", "consumer2", "consumer3", "consumer4"].iter().map(|s| MemberId::new(s)).collect();
    let order: Vec<String> = java_hash_map_order(ids.iter()).into_iter().map(|m| m.0).collect();
    assert_eq!(order, ["consumer4", "consumer3", "consumer2", "consumer1"]);
}

/// The order-independent facts of testMaxQuotaConsumerMoreThanNumExpected
/// MaxCapacityMembers, which hold whichever of consumer1/consumer2 Java's
/// HashMap happens to walk first: balanced 2/1/1, consumer3 gets exactly one
/// partition that another member gave up, and the other two keep only owned
/// partitions.
#[test]
#[rustfmt::skip]
fn max_quota_vector_order_independent_properties() {
    let t = topics(&[("topic1", 2), ("topic2", 2)]);
    for (a, b) in [("consumer1", "consumer2"), ("consumer2", "consumer1")] {
        let s = subs(&[owned(a, T12, &["topic1-0", "topic2-0"], 1), owned(b, T12, &["topic1-1", "topic2-1"], 1), owned("consumer3", T12, &[], 1)]);
        let out = assign(&t, &s);
        let mut sizes: Vec<usize> = out.assignment.values().map(Vec::len).collect();
        sizes.sort();
        assert_eq!(sizes, [1, 1, 2]);
        let c3 = &out.assignment[&MemberId::new("consumer3")];
        assert_eq!(c3.len(), 1);
        assert_eq!(out.transferring.unwrap().get(&c3[0]), Some(&MemberId::new("consumer3")));
        for (mm, sub) in &s {
            if mm.0 != "consumer3" {
                assert!(out.assignment[mm].iter().all(|p| sub.owned_partitions.contains(p)));
            }
        }
    }
}
