//! The high watermark never exceeds the log end offset, on every replica.
//!
//! A replica cannot have committed what it does not hold: the leader's HW is a
//! minimum over LEOs including its own, and a follower takes
//! `min(leader HW, own LEO)` (`Partition.scala`, `UnifiedLog.updateHighWatermark`).

use super::{replicas, Violation};
use crate::sim::simulation::Simulation;

pub fn check(sim: &Simulation, out: &mut Vec<Violation>) {
    for (b, tp, p) in replicas(sim) {
        let (hw, leo) = (p.log.high_watermark(), p.log.log_end_offset());
        if hw > leo {
            out.push(Violation { property: "HW ≤ LEO", detail: format!("broker {b} {tp}: HW {hw} > LEO {leo}") });
        }
    }
}
