//! The group invariants shown to fire (issue 13 item 4; the replication ones
//! are in `invariants_fire.rs`): each test breaks one property of a Stable,
//! committing group and checks that [`Invariants::check`] names the property,
//! the coordinator, the group and the partition.

mod common;

use common::corrupt::{broker_mut, consumer_mut, group_mut, only};
use common::{seconds, Cluster};
use kafkasim::sim::coordinator::group::GroupState;
use kafkasim::sim::coordinator::{group_key, offsets_partition};
use kafkasim::sim::ids::TopicPartition;
use kafkasim::sim::record::{Record, RecordData};
use std::rc::Rc;

/// Three brokers, topic `t` (2 partitions, 10 records each), consumers c1 and
/// c2 of group `g` Stable with one partition each and their offsets committed.
/// Invariants were checked after every event, so the checker remembers the run.
fn committing_group() -> Cluster {
    let mut c = Cluster::new(31, 3);
    c.create_topic("t", 2, 3, &[]);
    c.producer("p", &[]);
    for p in 0..2 {
        c.fill("p", "t", p, 10);
    }
    for id in ["c1", "c2"] {
        c.consumer(id, "g", &["t"], "range", &[("auto.offset.reset", "earliest")]);
    }
    c.run_for(seconds(20));
    assert_eq!(c.group("g").state, GroupState::Stable);
    assert_eq!((c.committed("g", "t", 0), c.committed("g", "t", 1)), (Some(10), Some(10)));
    assert!(c.invariants.check(&c.sim).is_empty());
    c
}

fn tp(p: u32) -> TopicPartition {
    TopicPartition::new("t", p)
}

#[test]
fn group_committed_le_leo_fires_on_a_commit_past_the_log_end() {
    let mut c = committing_group();
    let (b, g) = group_mut(&mut c.sim, "g");
    g.offsets.insert(tp(0), 15);
    let v = c.invariants.check(&c.sim);
    let v = only(&v, "committed offset ≤ log end offset");
    assert_eq!(v.detail, format!("coordinator {b}: group g t-0: committed 15 > LEO 10"));
}

#[test]
fn group_committed_monotonic_fires_on_a_commit_moving_back() {
    let mut c = committing_group();
    let (b, g) = group_mut(&mut c.sim, "g");
    g.offsets.insert(tp(1), 4);
    let v = c.invariants.check(&c.sim);
    let v = only(&v, "committed offsets never move backwards (without a seek or reset)");
    assert_eq!(v.detail, format!("coordinator {b}: group g t-1: committed 4 after 10"));
}

#[test]
fn group_generation_monotonic_fires_on_a_generation_going_back() {
    let mut c = committing_group();
    let (b, g) = group_mut(&mut c.sim, "g");
    let generation = g.generation;
    assert!(generation >= 1);
    g.generation = generation - 1;
    let v = c.invariants.check(&c.sim);
    let v = only(&v, "group generation never decreases");
    let expected =
        format!("coordinator {b}: group g generation {} below committed generation {generation}", generation - 1);
    assert_eq!(v.detail, expected);
}

/// The coordinator's stored assignment hands one partition to both members.
#[test]
fn group_no_double_owner_fires_on_the_coordinators_assignment() {
    let mut c = committing_group();
    let (b, g) = group_mut(&mut c.sim, "g");
    let generation = g.generation;
    let first = g.members.values().next().unwrap().assignment.clone();
    g.members.values_mut().last().unwrap().assignment.extend(first.clone());
    let v = c.invariants.check(&c.sim);
    let v = only(&v, "no partition owned by two members of a group in one generation");
    let prefix = format!("coordinator {b}: group g generation {generation}: {} owned by", first[0]);
    assert!(v.detail.starts_with(&prefix), "{}", v.detail);
}

/// Two live consumers of one generation both believe they hold a partition.
#[test]
fn group_no_double_owner_fires_on_the_consumers_own_view() {
    let mut c = committing_group();
    let generation = c.group("g").generation;
    let (held, a) = {
        let c1 = consumer_mut(&mut c.sim, "c1");
        c1.assigned.iter().next().map(|(tp, a)| (tp.clone(), a.clone())).unwrap()
    };
    consumer_mut(&mut c.sim, "c2").assigned.insert(held.clone(), a);
    let v = c.invariants.check(&c.sim);
    let v = only(&v, "no partition owned by two members of a group in one generation");
    assert_eq!(v.detail, format!("group g generation {generation}: consumers c1 and c2 both hold {held}"));
}

/// The group record last committed in `__consumer_offsets` carries a lower
/// generation than one committed before (a coordinator writing a stale
/// snapshot): the committed generation went back.
#[test]
fn group_generation_monotonic_fires_on_a_committed_generation_going_back() {
    let mut c = committing_group();
    let generation = c.group("g").generation;
    let (b, _) = group_mut(&mut c.sim, "g");
    let offsets_tp = offsets_partition("g", c.sim.config().broker.offsets_topic_num_partitions);
    let log = &mut broker_mut(&mut c.sim, b).partitions.get_mut(&offsets_tp).unwrap().log;
    let key = group_key("g");
    let last = log.records().rev().find(|r| r.data.key.as_deref() == Some(key.as_str())).unwrap().clone();
    let value = last.data.value.as_deref().unwrap();
    let stale = value.replace(&format!("\"generation\":{generation}"), &format!("\"generation\":{}", generation - 1));
    assert_ne!(stale, value, "the group record names its generation");
    let leo = log.log_end_offset();
    let data = Rc::new(RecordData { value: Some(stale), ..(*last.data).clone() });
    log.append(vec![Record { offset: leo, batch_base_offset: leo, data, ..last }]);
    log.maybe_increment_high_watermark(leo + 1);
    let v = c.invariants.check(&c.sim);
    let v = only(&v, "group generation never decreases");
    assert_eq!(
        v.detail,
        format!("coordinator {b}: group g committed generation {} after {generation}", generation - 1)
    );
}
