//! The leader is a member of the ISR (TLA+ `LeaderInIsr`).
//!
//! In the controller's metadata the leader is always in the ISR: clean
//! elections pick from it and an unclean election sets ISR = [leader]. A
//! broker that leads also finds itself in the ISR it was given.

use super::{replicas, Violation};
use crate::sim::broker::partition::Role;
use crate::sim::simulation::Simulation;

pub fn check(sim: &Simulation, out: &mut Vec<Violation>) {
    for (tp, p) in sim.controller().image.partitions() {
        if let Some(l) = p.leader {
            if !p.isr.contains(&l) {
                out.push(Violation {
                    property: "leader in ISR",
                    detail: format!("{tp}: leader {l} not in ISR {:?}", p.isr),
                });
            }
        }
    }
    for (b, tp, p) in replicas(sim) {
        if p.role == Role::Leader && !p.isr.contains(&b) {
            out.push(Violation {
                property: "leader in ISR",
                detail: format!("broker {b} leads {tp} outside its ISR {:?}", p.isr),
            });
        }
    }
}
