//! Replay and checkpoints: re-applying a command log where each command was
//! first applied, and moving the clock to a recorded moment. The player
//! restores time only through these (the clock is private).

use super::{LoggedCommand, SimConfig, Simulation};
use crate::sim::commands::{CommandError, CommandOutput};
use crate::sim::time::SimTime;

impl Simulation {
    /// Replays `log` on a fresh simulation with `config`, then runs to `until`.
    pub fn replay(config: SimConfig, log: &[LoggedCommand], until: SimTime) -> Result<Simulation, CommandError> {
        Simulation::new(config).replay_from(log, until)
    }

    /// Goes on from this state (a fresh one or a snapshot taken on the way):
    /// re-applies each command of `log` (those after the ones already
    /// applied) when it was first applied, then runs to `until`.
    pub fn replay_from(self, log: &[LoggedCommand], until: SimTime) -> Result<Simulation, CommandError> {
        let mut sim = self;
        // A replay is exact: it never stops at a console line's work budget.
        sim.work_limit = None;
        for c in log {
            sim.apply_logged(c.clone())?;
        }
        sim.run_until(until);
        Ok(sim)
    }

    /// Re-applies a logged command at its moment: plays on until the events
    /// processed before it first have been (or the queue is empty), moves
    /// the clock to its instant if that is later, then applies it.
    pub fn apply_logged(&mut self, c: LoggedCommand) -> Result<CommandOutput, CommandError> {
        while self.events < c.after_events && self.step() {}
        self.now = self.now.max(c.at);
        self.apply(c.command)
    }

    /// Runs events until exactly `events` have been processed, then sets the
    /// clock to `at` (a recorded moment, e.g. a shared run's). Fails, having
    /// processed no event, if the count is already past or more than `budget`
    /// events would be needed; fails if the queue runs dry or time would go
    /// backwards.
    pub fn advance_exact(&mut self, at: SimTime, events: u64, budget: u64) -> Result<(), String> {
        if events < self.events {
            return Err(format!("event {events} is in the past (now at {})", self.events));
        }
        if events - self.events > budget {
            return Err(format!("{} events is too long a run", events - self.events));
        }
        while self.events < events {
            if !self.step() {
                return Err(format!("the run ends before event {events}"));
            }
        }
        if self.now > at {
            return Err(format!("time goes backwards at event {events}"));
        }
        self.now = at;
        Ok(())
    }
}
