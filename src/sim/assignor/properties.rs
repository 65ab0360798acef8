//! Property tests over generated groups (a tiny LCG, no external crates).
//!
//! For every assignor: each partition of a subscribed topic is assigned
//! exactly once (cooperative-sticky may withhold a partition that changes
//! owner, and only such a partition), members only get partitions of topics
//! they subscribe to, and every member has an entry. With identical
//! subscriptions, roundrobin, sticky and cooperative-sticky (once converged)
//! are balanced: counts differ by at most one.

use super::testkit::{with_owned, Lcg};
use super::{assign, subscribed_partitions_per_topic, Assignment, AssignorKind, MemberId};
use super::{sticky, Subscription};
use crate::sim::ids::{TopicName, TopicPartition};
use crate::vecmap::{VecMap, VecSet};

const CASES: u32 = 400;

struct Group {
    topics: VecMap<TopicName, u32>,
    subscriptions: VecMap<MemberId, Subscription>,
    identical: bool,
}

fn generate(rng: &mut Lcg) -> Group {
    let topic_count = 1 + rng.below(4);
    let topics: VecMap<TopicName, u32> =
        (0..topic_count).map(|i| (TopicName::new(&format!("t{i}")), rng.below(9))).collect();
    let names: Vec<TopicName> = topics.keys().cloned().collect();
    let identical = rng.below(2) == 0;
    let mut subscriptions = VecMap::new();
    for i in 0..1 + rng.below(6) {
        let topics = if identical {
            names.clone()
        } else {
            let picked: Vec<TopicName> = names.iter().filter(|_| rng.below(2) == 0).cloned().collect();
            if picked.is_empty() {
                vec![names[rng.below(topic_count) as usize].clone()]
            } else {
                picked
            }
        };
        let mut sub = Subscription { topics, ..Subscription::default() };
        if rng.below(4) == 0 {
            sub.group_instance_id = Some(format!("instance{}", rng.below(100)));
        }
        subscriptions.insert(MemberId(format!("member-{}", rng.below(1000) * 10 + i)), sub);
    }
    Group { topics, subscriptions, identical }
}

/// Gives members plausible owned partitions: a previous assignment of a
/// random assignor, with a few members dropped or claims shuffled.
fn with_history(rng: &mut Lcg, g: &Group) -> VecMap<MemberId, Subscription> {
    let kind = AssignorKind::ALL[rng.below(4) as usize];
    let previous = assign(kind, &g.topics, &g.subscriptions);
    let mut subs = with_owned(&g.subscriptions, &previous, 1 + rng.below(3) as i32);
    for sub in subs.values_mut() {
        match rng.below(6) {
            0 => sub.owned_partitions.clear(),
            1 => sub.generation = None,
            2 => sub.generation = Some(rng.below(4) as i32),
            _ => {}
        }
    }
    subs
}

fn all_partitions(topics: &VecMap<TopicName, u32>) -> VecSet<TopicPartition> {
    topics.iter().flat_map(|(t, &n)| (0..n).map(move |p| TopicPartition { topic: t.clone(), partition: p })).collect()
}

/// Validity: subscribed topics only, no partition twice, every member present.
fn check_valid(kind: AssignorKind, subs: &VecMap<MemberId, Subscription>, a: &Assignment) {
    assert_eq!(a.keys().collect::<Vec<_>>(), subs.keys().collect::<Vec<_>>(), "{kind}");
    let mut seen = VecSet::new();
    for (member, list) in a {
        for tp in list {
            assert!(subs[member].subscribes(&tp.topic), "{kind}: {member} got {tp}");
            assert!(seen.insert(tp.clone()), "{kind}: {tp} assigned twice");
        }
    }
}

fn assigned_set(a: &Assignment) -> VecSet<TopicPartition> {
    a.values().flatten().cloned().collect()
}

fn spread(a: &Assignment) -> usize {
    let sizes = a.values().map(Vec::len);
    sizes.clone().max().unwrap_or(0) - sizes.min().unwrap_or(0)
}

#[test]
fn every_partition_once_and_only_to_subscribers() {
    let mut rng = Lcg(0x5eed);
    for _ in 0..CASES {
        let g = generate(&mut rng);
        let subs = with_history(&mut rng, &g);
        let expected = all_partitions(&subscribed_partitions_per_topic(&g.topics, &subs));
        for kind in [AssignorKind::Range, AssignorKind::RoundRobin, AssignorKind::Sticky] {
            let a = assign(kind, &g.topics, &subs);
            check_valid(kind, &subs, &a);
            assert_eq!(assigned_set(&a), expected, "{kind}");
            assert_eq!(a, assign(kind, &g.topics, &subs), "{kind} is deterministic");
        }
    }
}

#[test]
fn cooperative_sticky_only_withholds_moving_partitions() {
    let mut rng = Lcg(0xc00b);
    for _ in 0..CASES {
        let g = generate(&mut rng);
        let subs = with_history(&mut rng, &g);
        let eager = sticky::assign(&g.topics, &subs).assignment;
        let coop = assign(AssignorKind::CooperativeSticky, &g.topics, &subs);
        check_valid(AssignorKind::CooperativeSticky, &subs, &coop);
        for (member, list) in &eager {
            for tp in list.iter().filter(|tp| !coop[member].contains(tp)) {
                assert!(!subs[member].owned_partitions.contains(tp), "kept {tp} withheld");
                let claimed = subs.iter().any(|(m, s)| m != member && s.owned_partitions.contains(tp));
                assert!(claimed, "{tp} withheld from {member} but nobody gives it up");
            }
            assert!(coop[member].iter().all(|tp| list.contains(tp)));
        }
    }
}

#[test]
fn balanced_for_identical_subscriptions() {
    let mut rng = Lcg(0xba1);
    for _ in 0..CASES {
        let g = generate(&mut rng);
        if !g.identical {
            continue;
        }
        let subs = with_history(&mut rng, &g);
        for kind in [AssignorKind::RoundRobin, AssignorKind::Sticky] {
            assert!(spread(&assign(kind, &g.topics, &subs)) <= 1, "{kind}");
        }
        // Cooperative: balanced once the withheld partitions are handed out.
        let mut current = assign(AssignorKind::CooperativeSticky, &g.topics, &subs);
        for round in 0..4 {
            let next_subs = with_owned(&subs, &current, 10 + round);
            current = assign(AssignorKind::CooperativeSticky, &g.topics, &next_subs);
        }
        assert!(spread(&current) <= 1, "cooperative-sticky converged unbalanced");
        assert_eq!(assigned_set(&current), all_partitions(&g.topics));
    }
}
