//! Committed records are never lost (Vanlightly's `NoCommittedRecordLostGlobally`).
//!
//! A record below the high watermark a leader has reached is committed. Under
//! the safe configuration — `acks=all`, `min.insync.replicas` ≥ 2, clean
//! elections only, and at most RF − min ISR brokers down at once — every later
//! leader must hold it at the same offset. Unclean elections and `acks=1` are
//! exactly how Kafka breaks this, which is why it is only checked when the
//! scenario promises the safe configuration.
//!
//! Retention, `DeleteRecords` and compaction remove records on purpose: a
//! record below the leader's log start offset, or inside the part its cleaner
//! has compacted, is not required to be there (and is forgotten here, so the
//! check's memory stays bounded).

use super::{controller_leader, partition_key, PartitionKey, Violation};
use crate::sim::ids::{BrokerId, LeaderEpoch, Offset};
use crate::sim::record::RecordId;
use crate::sim::simulation::Simulation;
use crate::vecmap::VecMap;

#[derive(Clone, Debug, Default)]
pub struct State {
    /// Per partition: the next offset to collect, and the committed records seen.
    committed: VecMap<PartitionKey, (Offset, VecMap<Offset, RecordId>)>,
    checked_leader: VecMap<PartitionKey, (BrokerId, LeaderEpoch)>,
}

impl State {
    pub fn check(&mut self, sim: &Simulation, out: &mut Vec<Violation>) {
        for (tp, _) in sim.controller().image.partitions() {
            let Some((l, lp)) = controller_leader(sim, &tp) else { continue };
            let Some(key) = partition_key(sim, &tp) else { continue };
            let (next, committed) = self.committed.entry(key.clone()).or_default();
            let log = &lp.log;
            let kept_from = log.log_start_offset().max(log.cleaner_checkpoint().unwrap_or(0));
            committed.retain(|o, _| *o >= kept_from);
            if self.checked_leader.get(&key) != Some(&(l, lp.leader_epoch)) {
                let missing = committed.iter().find(|(o, id)| log.get(**o).map(|r| r.id) != Some(**id));
                if let Some((o, id)) = missing {
                    out.push(Violation {
                        property: "committed records never lost",
                        detail: format!("{tp} offset {o}: committed record {} missing on leader {l}", id.0),
                    });
                }
            }
            self.checked_leader.insert(key, (l, lp.leader_epoch));
            let hw = log.high_watermark();
            for r in log.read(*next, hw, u32::MAX) {
                committed.insert(r.offset, r.id);
            }
            *next = (*next).max(hw);
        }
    }
}
