//! The work budget of one console line: how many simulated events it may process.
//!
//! Every line that moves simulated time (`sim advance 99999h`, a record that
//! waits for its acknowledgement, an admin call that waits out its timeout, a
//! console consumer on a busy topic) runs inside a budget of
//! [`LINE_EVENT_BUDGET`] events (a [`Console`](super::Console) may set another
//! with `set_line_budget`), so the console (and the browser tab) always
//! answers: [`Console::run_line`](super::Console::run_line) sets the
//! simulation's work limit before the command and clears it after; the
//! simulation's `run_*` loops stop at the limit without skipping an event,
//! leaving the clock at the last event processed. The command then ends
//! early and [`note`] explains it on stderr. Loops that wait for simulated
//! time to pass must also end when [`exhausted`] says so.

use super::output::Output;
use crate::sim::simulation::Simulation;

// Simplification: real Kafka tools have no such bound (they run in real time
// for as long as they need); see docs/simplifications.md.
/// Most simulated events one console line may process. A busy cluster (five
/// brokers, two producers at 100 records/s, two groups: `kafkasim bench`)
/// processes about 2,000 events per simulated second, so this is about eight
/// simulated minutes of it; natively that is about half a second of work.
pub const LINE_EVENT_BUDGET: u64 = 1_000_000;

/// Starts a line's budget: `run_*` stop after `budget` more events.
pub fn start(sim: &mut Simulation, budget: u64) {
    sim.set_work_limit(Some(sim.events().saturating_add(budget)));
}

/// Ends a line's budget: after it the simulation runs without limit.
pub fn end(sim: &mut Simulation) {
    sim.set_work_limit(None);
}

/// Whether this line has used its whole budget (its waits must end now).
pub fn exhausted(sim: &Simulation) -> bool {
    sim.work_exhausted()
}

/// The note printed when a line used its whole budget of `budget` events.
pub fn note(sim: &Simulation, budget: u64, out: &mut Output) {
    out.err(&format!(
        "kafkasim: stopped at t={} after {budget} simulated events, the most one console line may \
         process (see docs/console.md); run the command again to go on",
        sim.now()
    ));
}

/// A budget of its own inside the line's (the browser's foreground console
/// consumer pumps after every frame, outside any line): counted from the
/// events processed when it started.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    start: u64,
    limit: u64,
}

impl Budget {
    /// The whole per-line budget, starting now.
    pub fn line(sim: &Simulation) -> Budget {
        Budget { start: sim.events(), limit: LINE_EVENT_BUDGET }
    }

    /// Events processed since the budget started.
    pub fn spent(&self, sim: &Simulation) -> u64 {
        sim.events().saturating_sub(self.start)
    }

    /// Whether this budget, or the line's, is used up.
    pub fn exhausted(&self, sim: &Simulation) -> bool {
        self.spent(sim) >= self.limit || exhausted(sim)
    }
}
