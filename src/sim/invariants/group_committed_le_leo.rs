//! A committed offset never exceeds the partition's log end offset (on its
//! current leader): a consumer can only commit positions it reached by
//! reading records that exist. (An unclean election that truncates the log
//! below a commit would break this, as it breaks Kafka; the consumer then
//! gets `OFFSET_OUT_OF_RANGE` and resets.)

use super::{coordinated_groups, Violation};
use crate::sim::groups_view::leader_offsets;
use crate::sim::simulation::Simulation;

pub fn check(sim: &Simulation, out: &mut Vec<Violation>) {
    for (b, g) in coordinated_groups(sim) {
        for (tp, &o) in &g.offsets {
            let (leo, _) = leader_offsets(sim, tp);
            if leo >= 0 && o > leo {
                out.push(Violation {
                    property: "committed offset ≤ log end offset",
                    detail: format!("coordinator {b}: group {} {tp}: committed {o} > LEO {leo}", g.group_id),
                });
            }
        }
    }
}
