//! A group's committed offset for a partition never moves backwards, except
//! through an explicit seek or offset reset (counted by the group ledger).
//! Stale commits from fenced members are rejected by generation, and a new
//! coordinator only loads commits that were replicated (below the HW).

use super::{coordinated_groups, Violation};
use crate::sim::ids::{Offset, TopicPartition};
use crate::sim::simulation::Simulation;
use crate::vecmap::VecMap;

#[derive(Clone, Debug, Default)]
pub struct State {
    /// Last committed offset and the reset count when it was seen.
    last: VecMap<(crate::sim::ids::GroupId, TopicPartition), (Offset, u64)>,
}

impl State {
    pub fn check(&mut self, sim: &Simulation, out: &mut Vec<Violation>) {
        for (b, g) in coordinated_groups(sim) {
            for (tp, &o) in &g.offsets {
                let resets = sim.group_ledger().resets(g.group_id.as_str(), tp);
                let key = (g.group_id.clone(), tp.clone());
                if let Some(&(prev, prev_resets)) = self.last.get(&key) {
                    if o < prev && resets == prev_resets {
                        out.push(Violation {
                            property: "committed offsets never move backwards (without a seek or reset)",
                            detail: format!("coordinator {b}: group {} {tp}: committed {o} after {prev}", g.group_id),
                        });
                    }
                }
                self.last.insert(key, (o, resets));
            }
        }
    }
}
