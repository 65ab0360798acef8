//! At most one leader per partition and leader epoch.
//!
//! The controller bumps the leader epoch whenever it changes the leader, so
//! two brokers can never both lead the same partition in the same epoch
//! (Raft's Election Safety; Kafka: `PartitionChangeBuilder`). Two brokers may
//! both *believe* they lead — an isolated old leader and the new one — but
//! then in different epochs, and the older one is fenced by the epoch.

use super::{broker_partition_key, replicas, PartitionKey, Violation};
use crate::sim::broker::partition::Role;
use crate::sim::ids::{BrokerId, LeaderEpoch};
use crate::sim::simulation::Simulation;
use crate::vecmap::VecMap;

#[derive(Clone, Debug, Default)]
pub struct State {
    seen: VecMap<(PartitionKey, LeaderEpoch), BrokerId>,
}

impl State {
    pub fn check(&mut self, sim: &Simulation, out: &mut Vec<Violation>) {
        for (b, tp, p) in replicas(sim) {
            if p.role != Role::Leader {
                continue;
            }
            let Some(key) = broker_partition_key(sim, b, tp) else { continue };
            let first = *self.seen.entry((key, p.leader_epoch)).or_insert(b);
            if first != b {
                out.push(Violation {
                    property: "one leader per epoch",
                    detail: format!("{tp} epoch {}: brokers {first} and {b} both led", p.leader_epoch),
                });
            }
        }
    }
}
