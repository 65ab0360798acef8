//! Executable correctness: the properties every run must keep, one file each.
//!
//! Tests check them after every event; a violation names the property, the
//! partition and the time. Some need memory of the run (an epoch never goes
//! back), so [`Invariants`] keeps what each property needs between checks.
//! Sources: the TLA+ specifications of Kafka replication (hachikuji's
//! `Kip320.tla`: `LeaderInIsr`, `WeakIsr`, `StrongIsr`; Vanlightly's KRaft
//! properties) and `kafka-semantics.md` §3.7.

mod committed_not_lost;
mod epoch_monotonic;
mod group_committed_le_leo;
mod group_committed_monotonic;
mod group_generation_monotonic;
mod group_no_double_owner;
mod hw_le_leo;
mod isr_agree_below_hw;
mod leader_in_isr;
mod one_leader_per_epoch;

use super::broker::partition::{Partition, Role};
use super::ids::{BrokerId, TopicName, TopicPartition};
use super::simulation::{BrokerProcess, Simulation};

/// A broken property.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub property: &'static str,
    pub detail: String,
}

/// The invariant checker with its memory.
#[derive(Clone, Debug, Default)]
pub struct Invariants {
    /// Check "committed records are never lost" (only holds under the safe
    /// configuration: acks=all, min ISR ≥ 2, clean elections, at most
    /// RF − min ISR brokers down at once).
    pub safe_configuration: bool,
    leaders: one_leader_per_epoch::State,
    epochs: epoch_monotonic::State,
    committed: committed_not_lost::State,
    agree: isr_agree_below_hw::State,
    generations: group_generation_monotonic::State,
    group_commits: group_committed_monotonic::State,
}

impl Invariants {
    pub fn new(safe_configuration: bool) -> Invariants {
        Invariants { safe_configuration, ..Default::default() }
    }

    /// Checks every property against the simulation's current state.
    pub fn check(&mut self, sim: &Simulation) -> Vec<Violation> {
        let mut v = Vec::new();
        self.leaders.check(sim, &mut v);
        self.epochs.check(sim, &mut v);
        leader_in_isr::check(sim, &mut v);
        hw_le_leo::check(sim, &mut v);
        self.agree.check(sim, &mut v);
        group_no_double_owner::check(sim, &mut v);
        self.generations.check(sim, &mut v);
        if self.safe_configuration {
            // An unclean election can lose `__consumer_offsets` records or truncate
            // a log below a commit, as in Kafka; these hold when data is safe.
            self.group_commits.check(sim, &mut v);
            group_committed_le_leo::check(sim, &mut v);
        }
        if self.safe_configuration {
            self.committed.check(sim, &mut v);
        }
        v
    }
}

/// Every partition replica on a running broker.
pub(crate) fn replicas(sim: &Simulation) -> impl Iterator<Item = (BrokerId, &TopicPartition, &Partition)> {
    sim.brokers()
        .iter()
        .flat_map(|(b, p)| match p {
            BrokerProcess::Running(br) => Some(br.partitions.iter().map(move |(tp, part)| (*b, tp, part))),
            _ => None,
        })
        .flatten()
}

/// A partition's identity across deletions: a topic deleted and created again
/// under the same name is a different topic (Kafka's topic id tells them apart).
pub(crate) type PartitionKey = (String, u32);

/// The key of `tp` as the controller knows it now.
pub(crate) fn partition_key(sim: &Simulation, tp: &TopicPartition) -> Option<PartitionKey> {
    Some((sim.controller().image.topics.get(&tp.topic)?.topic_id.clone(), tp.partition))
}

/// The key of `tp` as broker `b` knows it.
pub(crate) fn broker_partition_key(sim: &Simulation, b: BrokerId, tp: &TopicPartition) -> Option<PartitionKey> {
    Some((sim.broker(b)?.metadata.topics.get(&tp.topic)?.topic_id.clone(), tp.partition))
}

/// The replica of `tp` on broker `b`, if `b` runs and hosts it.
pub(crate) fn replica<'a>(sim: &'a Simulation, b: BrokerId, tp: &TopicPartition) -> Option<&'a Partition> {
    sim.broker(b)?.partitions.get(tp)
}

/// The leader replica of `tp` according to the controller, if it runs and knows it leads.
pub(crate) fn controller_leader<'a>(sim: &'a Simulation, tp: &TopicPartition) -> Option<(BrokerId, &'a Partition)> {
    let state = sim.controller().image.partition(tp)?;
    let l = state.leader?;
    let p = replica(sim, l, tp)?;
    (p.role == Role::Leader && p.leader_epoch == state.leader_epoch).then_some((l, p))
}

/// Every group as its current coordinator holds it, with that coordinator:
/// the broker the controller names leader of the group's `__consumer_offsets`
/// partition. A deposed leader that has not heard so yet (isolated, a zombie)
/// may still hold the group and rebalance it on its own, as in Kafka; its
/// writes never commit, and no member reaches it, so it is not the coordinator.
pub(crate) fn coordinated_groups(
    sim: &Simulation,
) -> impl Iterator<Item = (BrokerId, &crate::sim::coordinator::group::ClassicGroup)> {
    let offsets = TopicName::new(crate::sim::coordinator::OFFSETS_TOPIC);
    let n = sim.controller().image.topics.get(&offsets).map_or(1, |t| t.partitions.len().max(1) as u32);
    sim.brokers()
        .keys()
        .filter_map(|b| sim.broker(*b).map(|br| (*b, br)))
        .flat_map(|(b, br)| br.coordinated_groups().map(move |g| (b, g)))
        .filter(move |(b, g)| {
            let tp = crate::sim::coordinator::offsets_partition(g.group_id.as_str(), n);
            controller_leader(sim, &tp).is_some_and(|(l, _)| l == *b)
        })
}
