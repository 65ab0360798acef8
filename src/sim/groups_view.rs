//! What the UI shows of consumer groups: a pure function of the simulation.
//!
//! Per group (as its current coordinator knows it): state, generation, the
//! selected assignor, members with their client id and partitions; and per
//! partition the four positions of `kafka-consumer-groups --describe`: log end
//! offset, high watermark, the owning consumer's position, the last committed
//! offset, and lag = LEO − committed, as the issue asks.
//!
//! Simplification: `kafka-consumer-groups` computes lag against the end
//! offset `ListOffsets` returns, which for read_uncommitted is the HW; the two
//! differ only while records await replication. Without a commit the lag is
//! unknown (`-` in Kafka's tool, `None` here).

use super::coordinator::group::GroupState;
use super::ids::{BrokerId, LeaderEpoch, Offset, TopicPartition};
use super::messages::NodeId;
use super::simulation::Simulation;
use crate::vecmap::VecMap;
use serde::{Deserialize, Serialize};

/// One member of a group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub member_id: String,
    pub client_id: Option<String>,
    pub group_instance_id: Option<String>,
    pub assignment: Vec<TopicPartition>,
}

/// The four positions of one partition for one group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionPositions {
    pub tp: TopicPartition,
    pub log_end_offset: Offset,
    pub high_watermark: Offset,
    /// The owning consumer's position (None if unowned or not yet known).
    pub position: Option<Offset>,
    pub committed: Option<Offset>,
    /// The committed offset's leader epoch (`OffsetAndMetadata.leaderEpoch`).
    pub committed_leader_epoch: Option<LeaderEpoch>,
    /// LEO − committed (None without a commit).
    pub lag: Option<Offset>,
    pub owner: Option<String>,
}

/// One consumer group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupView {
    pub group_id: String,
    pub coordinator: Option<BrokerId>,
    pub state: GroupState,
    pub generation: i32,
    /// The assignor as DescribeGroups reports it: only while Stable.
    pub protocol: Option<String>,
    pub leader: Option<String>,
    pub members: Vec<MemberView>,
    pub partitions: Vec<PartitionPositions>,
}

/// Every group some coordinator holds or some consumer belongs to.
pub fn groups_view(sim: &Simulation) -> Vec<GroupView> {
    let mut out: VecMap<String, GroupView> = VecMap::new();
    for (b, _) in sim.brokers().iter() {
        let Some(br) = sim.broker(*b) else { continue };
        for g in br.coordinated_groups() {
            let members = g
                .members
                .values()
                .map(|m| MemberView {
                    member_id: m.member_id.clone(),
                    client_id: client_name(sim, m.client),
                    group_instance_id: m.group_instance_id.clone(),
                    assignment: m.assignment.clone(),
                })
                .collect();
            let view = GroupView {
                group_id: g.group_id.to_string(),
                coordinator: Some(*b),
                state: g.state,
                generation: g.generation,
                // Simplification: Kafka's DescribeGroups also drops the members'
                // assignments during a rebalance; they stay here for the picture.
                protocol: g.described_protocol(),
                leader: g.leader.clone(),
                members,
                partitions: Vec::new(),
            };
            out.insert(g.group_id.to_string(), view);
        }
    }
    for c in sim.consumers().values().filter(|c| !c.closed) {
        out.entry(c.group().to_string()).or_insert_with(|| GroupView {
            group_id: c.group().to_string(),
            coordinator: None,
            state: GroupState::Empty,
            generation: -1,
            protocol: None,
            leader: None,
            members: Vec::new(),
            partitions: Vec::new(),
        });
    }
    for v in out.values_mut() {
        v.partitions = positions(sim, v);
    }
    out.into_values().collect()
}

fn client_name(sim: &Simulation, node: NodeId) -> Option<String> {
    let NodeId::Client(c) = node else { return None };
    sim.consumers().get(&c).map(|k| k.config.client_id.clone())
}

/// Committed offsets of a group from its coordinator.
pub fn committed_offsets(sim: &Simulation, group: &str) -> VecMap<TopicPartition, Offset> {
    for (b, _) in sim.brokers().iter() {
        if let Some(g) = sim.broker(*b).and_then(|br| br.coordinated_groups().find(|g| g.group_id == group)) {
            return g.offsets.clone();
        }
    }
    VecMap::new()
}

/// The leader epochs of a group's committed offsets (where known).
pub fn committed_leader_epochs(sim: &Simulation, group: &str) -> VecMap<TopicPartition, LeaderEpoch> {
    for (b, _) in sim.brokers().iter() {
        if let Some(g) = sim.broker(*b).and_then(|br| br.coordinated_groups().find(|g| g.group_id == group)) {
            return g.offset_leader_epochs.clone();
        }
    }
    VecMap::new()
}

fn positions(sim: &Simulation, v: &GroupView) -> Vec<PartitionPositions> {
    let committed = committed_offsets(sim, &v.group_id);
    let epochs = committed_leader_epochs(sim, &v.group_id);
    let mut tps: Vec<TopicPartition> = committed.keys().cloned().collect();
    let consumers: Vec<_> = sim.consumers().values().filter(|c| c.group() == v.group_id && !c.closed).collect();
    for c in &consumers {
        for t in &c.topics {
            let n = sim.controller().image.topics.get(t).map_or(0, |ti| ti.partitions.len() as u32);
            tps.extend((0..n).map(|p| TopicPartition { topic: t.clone(), partition: p }));
        }
    }
    tps.sort();
    tps.dedup();
    tps.into_iter()
        .map(|tp| {
            let (leo, hw) = leader_offsets(sim, &tp);
            let owner = consumers.iter().find(|c| c.assigned.contains_key(&tp));
            let c = committed.get(&tp).copied();
            PartitionPositions {
                log_end_offset: leo,
                high_watermark: hw,
                position: owner.and_then(|o| o.assigned[&tp].position),
                committed: c,
                committed_leader_epoch: epochs.get(&tp).copied(),
                lag: c.map(|c| (leo - c).max(0)),
                owner: owner.map(|o| o.config.client_id.clone()),
                tp,
            }
        })
        .collect()
}

/// LEO and HW on the partition's current leader (-1 if unknown).
pub fn leader_offsets(sim: &Simulation, tp: &TopicPartition) -> (Offset, Offset) {
    let leader = sim.controller().image.partition(tp).and_then(|p| p.leader);
    leader
        .and_then(|l| sim.broker(l))
        .and_then(|br| br.partitions.get(tp))
        .map_or((-1, -1), |p| (p.log.log_end_offset(), p.log.high_watermark()))
}
