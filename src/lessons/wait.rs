//! A step's wait, played rather than jumped over.
//!
//! A step runs its actions, then waits: for a time (`{"for": "10s"}`), until
//! a condition holds (`{"until": …, "timeout": "30s"}`), or both in that
//! order. Natively ([`super::LessonRun::next_step`]) the wait runs at once;
//! in the page the room should *see* it (the countdown ring of a killed
//! broker shrinking for nine seconds before the controller fences it), so
//! the player plays it at its speed and asks [`PendingWait::next`] after
//! every stretch where to stop next.
//!
//! Both ways give the same run: the condition is judged only at the instants
//! `hold + k × WAIT_CHECK` and at the deadline, and the simulation is a pure
//! function of its events, so running to an instant in one go or in frames
//! reaches the same state there. The wait ends at the first of these instants
//! where the condition holds; the step's prediction is answered then, not
//! before.

use super::condition::{Baseline, Condition};
use super::Wait;
use crate::console::duration::parse_duration;
use crate::sim::simulation::Simulation;
use crate::sim::time::{ms, secs, SimDuration, SimTime};

/// How often a wait `until` checks its condition (simulated time).
pub const WAIT_CHECK: SimDuration = ms(10);

/// Longest `until` wait when the lesson names no timeout.
const DEFAULT_TIMEOUT: SimDuration = secs(60);

/// What a pending wait needs next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitNext {
    /// The wait is over (`met`: its condition held; always true for a `for` wait).
    Done { met: bool },
    /// Run the simulation to this instant, then ask again.
    RunTo(SimTime),
}

/// The wait of the step just entered, not yet over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingWait {
    /// Where the `for` part ends (the step's start without one).
    hold: SimTime,
    /// Where `until` gives up (None without `until`).
    deadline: Option<SimTime>,
    /// Action lines that failed when the step was entered, with their output.
    pub failed: Vec<(String, String)>,
}

impl PendingWait {
    /// The wait `wait` of a step entered at `now`.
    pub fn begin(wait: Option<&Wait>, now: SimTime, failed: Vec<(String, String)>) -> PendingWait {
        let duration = wait.and_then(|w| w.duration.as_deref()).and_then(|d| parse_duration(d).ok());
        let hold = duration.map_or(now, |d| now.plus(d));
        let deadline = wait
            .filter(|w| w.until.is_some())
            .map(|w| hold.plus(w.timeout.as_deref().and_then(|d| parse_duration(d).ok()).unwrap_or(DEFAULT_TIMEOUT)));
        PendingWait { hold, deadline, failed }
    }

    /// Judged on `sim`: over, or where to run to first. `until` is the
    /// step's condition and `baseline` the leaders when the step began.
    pub fn next(&self, until: Option<&Condition>, sim: &Simulation, baseline: &Baseline) -> WaitNext {
        let now = sim.now();
        if now < self.hold {
            return WaitNext::RunTo(self.hold);
        }
        let (Some(condition), Some(deadline)) = (until, self.deadline) else { return WaitNext::Done { met: true } };
        let since = now.since(self.hold).0;
        let at_check = since.is_multiple_of(WAIT_CHECK.0) || now >= deadline;
        if at_check && condition.holds(sim, baseline) {
            return WaitNext::Done { met: true };
        }
        if now >= deadline {
            return WaitNext::Done { met: false };
        }
        let next = SimTime(self.hold.0 + (since / WAIT_CHECK.0 + 1) * WAIT_CHECK.0);
        WaitNext::RunTo(next.min(deadline))
    }
}
