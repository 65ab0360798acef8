//! Committed records are never lost (Vanlightly's `NoCommittedRecordLostGlobally`).
//!
//! A record below the high watermark a leader has reached is committed. Under
//! the safe configuration — `acks=all`, `min.insync.replicas` ≥ 2, clean
//! elections only, and at most RF − min ISR brokers down at once — every later
//! leader must hold it at the same offset. Unclean elections and `acks=1` are
//! exactly how Kafka breaks this, which is why it is only checked when the
//! scenario promises the safe configuration.

use super::{controller_leader, partition_key, PartitionKey, Violation};
use crate::sim::ids::{BrokerId, LeaderEpoch, Offset};
use crate::sim::record::RecordId;
use crate::sim::simulation::Simulation;
use crate::vecmap::VecMap;

#[derive(Clone, Debug, Default)]
pub struct State {
    committed: VecMap<PartitionKey, Vec<RecordId>>,
    checked_leader: VecMap<PartitionKey, (BrokerId, LeaderEpoch)>,
}

impl State {
    pub fn check(&mut self, sim: &Simulation, out: &mut Vec<Violation>) {
        for (tp, _) in sim.controller().image.partitions() {
            let Some((l, lp)) = controller_leader(sim, &tp) else { continue };
            let Some(key) = partition_key(sim, &tp) else { continue };
            let committed = self.committed.entry(key.clone()).or_default();
            let new_leader = self.checked_leader.get(&key) != Some(&(l, lp.leader_epoch));
            let from = if new_leader { 0 } else { committed.len() as Offset };
            for (i, id) in committed.iter().enumerate().skip(from as usize) {
                if lp.log.get(i as Offset).map(|r| r.id) != Some(*id) {
                    out.push(Violation {
                        property: "committed records never lost",
                        detail: format!("{tp} offset {i}: committed record {} missing on leader {l}", id.0),
                    });
                    break;
                }
            }
            self.checked_leader.insert(key, (l, lp.leader_epoch));
            let hw = lp.log.high_watermark();
            while (committed.len() as Offset) < hw {
                match lp.log.get(committed.len() as Offset) {
                    Some(r) => committed.push(r.id),
                    None => break,
                }
            }
        }
    }
}
