//! A partition's leader epoch never decreases.
//!
//! Neither in the controller's metadata nor on any broker incarnation: epochs
//! are how stale leaders and stale fetches are fenced (KIP-320), so an epoch
//! going back would let a stale leader win.

use super::{broker_partition_key, partition_key, replicas, PartitionKey, Violation};
use crate::sim::ids::{BrokerId, LeaderEpoch};
use crate::sim::simulation::Simulation;
use crate::vecmap::VecMap;

#[derive(Clone, Debug, Default)]
pub struct State {
    controller: VecMap<PartitionKey, LeaderEpoch>,
    brokers: VecMap<(BrokerId, u64, PartitionKey), LeaderEpoch>,
}

impl State {
    pub fn check(&mut self, sim: &Simulation, out: &mut Vec<Violation>) {
        for (tp, p) in sim.controller().image.partitions() {
            let Some(key) = partition_key(sim, &tp) else { continue };
            let last = self.controller.entry(key).or_insert(p.leader_epoch);
            if p.leader_epoch < *last {
                out.push(Violation {
                    property: "leader epoch never decreases",
                    detail: format!("controller: {tp} epoch {} after {}", p.leader_epoch, last),
                });
            }
            *last = p.leader_epoch;
        }
        for (b, tp, p) in replicas(sim) {
            let inc = sim.incarnation(b);
            let Some(key) = broker_partition_key(sim, b, tp) else { continue };
            let last = self.brokers.entry((b, inc, key)).or_insert(p.leader_epoch);
            if p.leader_epoch < *last {
                out.push(Violation {
                    property: "leader epoch never decreases",
                    detail: format!("broker {b}: {tp} epoch {} after {}", p.leader_epoch, last),
                });
            }
            *last = p.leader_epoch;
        }
    }
}
