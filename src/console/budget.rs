//! The work budget of one console line.
//!
//! A console line that moves simulated time (a console consumer reading a
//! busy topic, `sim advance`, a produce waiting for its acknowledgement) runs
//! simulated events. However busy the cluster, one line never processes more
//! than [`LINE_EVENTS`] events: a tool that would go on stops with a note
//! (see docs/console.md, "Work budget"). The fuzzer checks every line against
//! the same constant, so a hang is a reported failure, not a timeout.

use crate::sim::simulation::Simulation;

/// Most simulated events one console line may process.
pub const LINE_EVENTS: u64 = 1_000_000;

/// The budget of one line, counted from the events processed when it started.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    start: u64,
    limit: u64,
}

impl Budget {
    /// The whole per-line budget, starting now.
    pub fn line(sim: &Simulation) -> Budget {
        Budget::with_limit(sim, LINE_EVENTS)
    }

    /// A budget of `limit` events, starting now.
    pub fn with_limit(sim: &Simulation, limit: u64) -> Budget {
        Budget { start: sim.events(), limit }
    }

    /// Events processed since the budget started.
    pub fn spent(&self, sim: &Simulation) -> u64 {
        sim.events().saturating_sub(self.start)
    }

    /// Whether the budget is used up.
    pub fn exhausted(&self, sim: &Simulation) -> bool {
        self.spent(sim) >= self.limit
    }
}
