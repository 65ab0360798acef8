//! ISR replicas agree on every offset below the leader's high watermark
//! (TLA+ `StrongIsr` in `Kip320.tla`).
//!
//! For each partition whose controller-designated leader is up and leading,
//! every running member of the committed ISR holds exactly the leader's records
//! below the leader's HW. Checked incrementally: the prefix already verified
//! for a replica is skipped until that replica's log shrinks or restarts.
//!
//! Retention and the cleaner run on each replica on its own, so below a
//! replica's log start offset or inside its cleaned part a record may be gone
//! on one side only; two records at one offset must still be the same.

use super::{controller_leader, partition_key, replica, PartitionKey, Violation};
use crate::sim::ids::{BrokerId, Offset};
use crate::sim::simulation::Simulation;
use crate::vecmap::VecMap;

#[derive(Clone, Debug, Default)]
pub struct State {
    /// (leader, follower, tp) → (verified below, follower LEO when verified, leader epoch).
    verified: VecMap<(BrokerId, BrokerId, PartitionKey), (Offset, Offset, i32)>,
}

impl State {
    pub fn check(&mut self, sim: &Simulation, out: &mut Vec<Violation>) {
        for (tp, state) in sim.controller().image.partitions() {
            let Some((l, lp)) = controller_leader(sim, &tp) else { continue };
            let hw = lp.log.high_watermark();
            for &r in state.isr.iter().filter(|r| **r != l) {
                let Some(rp) = replica(sim, r, &tp) else { continue };
                let leo = rp.log.log_end_offset();
                let Some(pk) = partition_key(sim, &tp) else { continue };
                let key = (l, r, pk);
                let (mut from, last_leo, epoch) = self.verified.get(&key).copied().unwrap_or((0, 0, -1));
                if leo < last_leo || epoch != lp.leader_epoch.0 {
                    from = 0;
                }
                let upto = hw.min(leo);
                let start = lp.log.log_start_offset().max(rp.log.log_start_offset());
                let cleaned = |log: &crate::sim::broker::log::PartitionLog, o: Offset| {
                    log.cleaner_checkpoint().is_some_and(|c| o < c)
                };
                for o in from.max(start)..upto {
                    let (a, b) = (lp.log.get(o).map(|x| x.id), rp.log.get(o).map(|x| x.id));
                    let compacted = (a.is_none() && cleaned(&lp.log, o)) || (b.is_none() && cleaned(&rp.log, o));
                    if a != b && !compacted {
                        out.push(Violation {
                            property: "ISR agrees below HW",
                            detail: format!(
                                "{tp} offset {o}: leader {l} has {a:?}, ISR member {r} has {b:?} (HW {hw})"
                            ),
                        });
                        break;
                    }
                }
                self.verified.insert(key, (upto.max(from.min(upto)), leo, lp.leader_epoch.0));
            }
        }
    }
}
