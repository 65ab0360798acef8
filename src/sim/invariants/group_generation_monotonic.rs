//! A group's generation id never decreases — not even when the coordinator
//! moves to another broker (the new one loads the generation from the group
//! record in `__consumer_offsets`). Generations fence zombie members
//! (`ILLEGAL_GENERATION`); one going back would let a zombie commit.

use super::{coordinated_groups, Violation};
use crate::sim::simulation::Simulation;
use crate::vecmap::VecMap;

#[derive(Clone, Debug, Default)]
pub struct State {
    last: VecMap<String, i32>,
}

impl State {
    pub fn check(&mut self, sim: &Simulation, out: &mut Vec<Violation>) {
        for (b, g) in coordinated_groups(sim) {
            let last = self.last.entry(g.group_id.clone()).or_insert(g.generation);
            if g.generation < *last {
                out.push(Violation {
                    property: "group generation never decreases",
                    detail: format!("coordinator {b}: group {} generation {} after {last}", g.group_id, g.generation),
                });
            }
            *last = (*last).max(g.generation);
        }
    }
}
