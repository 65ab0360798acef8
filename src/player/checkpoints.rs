//! Rewind checkpoints: snapshots of the simulation taken while it plays, so a
//! seek replays from the nearest one instead of from time zero.
//!
//! A checkpoint is a plain clone of the [`Simulation`] (a clone continues
//! exactly like the original; `src/sim/clone_tests.rs` proves it). Its own
//! command log says how many commands of the timeline it has applied, its
//! event count and clock say where it stands. [`Checkpoints::rebuild`] clones
//! the latest checkpoint at or before the target instant `t` and goes on with
//! [`Simulation::replay_from`]: the commands it has not applied yet (those up
//! to `t`) are re-applied after the event count they were first applied
//! after, then every event up to `t` runs. The result is the state a replay
//! from time zero gives, bit for bit.
//!
//! Why "at or before `t`" is enough: every checkpoint lies on the present
//! timeline (the [`Player`](super::Player) drops those past the present when
//! the future changes — a fork, or a command applied at a rewound instant —
//! and all of them when the console is swapped). A checkpoint at clock `c ≤ t`
//! has processed only events at or before `c`, which the replay to `t`
//! processes too, and applied only commands at or before `c`, which the replay
//! applies too; the commands it has not applied come after it on the timeline,
//! so their event counts are still ahead of it.
//!
//! Memory stays bounded: a checkpoint is taken only when the clock is at least
//! `spacing` past the previous one (and before the next one, after a rewind);
//! when [`MAX_CHECKPOINTS`] are held, every other one is dropped and the
//! spacing doubles. An hour of autoplay keeps at most that many, spread evenly.
//! What one copies is small: partition logs and the ledger's per-record maps
//! share their chunks with the live simulation until written
//! ([`crate::sim::shared_vec`]); the rest (≈ 3 MB after 30 lively minutes)
//! is copied. Once retention or the cleaner drop old segments from the live
//! logs, each checkpoint keeps the segments it saw; the oldest checkpoints go
//! when together they hold more than [`MAX_EXCLUSIVE_CHUNKS`] chunks the live
//! simulation does not.

use crate::sim::error::KafkaError;
use crate::sim::simulation::{LoggedCommand, SimConfig, Simulation};
use crate::sim::time::{secs, SimDuration, SimTime};

/// Most checkpoints kept.
pub const MAX_CHECKPOINTS: usize = 32;
/// Record chunks (of `SharedVec`'s 256 records) the checkpoints may hold that
/// the live simulation no longer does: with retention or compaction the live
/// logs drop old segments, but a checkpoint keeps the ones it saw. About
/// 65,000 records, a few megabytes.
pub const MAX_EXCLUSIVE_CHUNKS: usize = 256;
/// Sim-time between checkpoints until the first thinning.
pub const FIRST_SPACING: SimDuration = secs(10);

/// Where a simulation stands on its timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub events: u64,
    pub commands: usize,
    pub now: SimTime,
}

impl Position {
    pub fn of(sim: &Simulation) -> Position {
        Position { events: sim.events(), commands: sim.command_log().len(), now: sim.now() }
    }

    /// Whether this position is at or before `other` on the same timeline.
    fn not_after(&self, other: &Position) -> bool {
        self.events <= other.events && self.commands <= other.commands && self.now <= other.now
    }
}

/// The snapshots of one timeline, oldest first.
pub struct Checkpoints {
    list: Vec<Simulation>,
    spacing: SimDuration,
    /// [`MAX_EXCLUSIVE_CHUNKS`] (smaller in tests).
    budget_chunks: usize,
}

impl Default for Checkpoints {
    fn default() -> Self {
        Checkpoints { list: Vec::new(), spacing: FIRST_SPACING, budget_chunks: MAX_EXCLUSIVE_CHUNKS }
    }
}

impl Checkpoints {
    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The current spacing between checkpoints.
    pub fn spacing(&self) -> SimDuration {
        self.spacing
    }

    /// Where each checkpoint stands, oldest first.
    pub fn positions(&self) -> impl Iterator<Item = Position> + '_ {
        self.list.iter().map(Position::of)
    }

    /// The earliest instant from `now` on at which a checkpoint may be taken:
    /// at least `spacing` after the one before and before the one after.
    pub fn next_due(&self, now: SimTime) -> SimTime {
        let mut t = now;
        for c in &self.list {
            if c.now().plus(self.spacing) <= t {
                continue;
            }
            if t.plus(self.spacing) <= c.now() {
                break;
            }
            t = c.now().plus(self.spacing);
        }
        t
    }

    /// Takes a snapshot of `sim` if one is due; true if it did.
    pub fn maybe_take(&mut self, sim: &Simulation) -> bool {
        if self.next_due(sim.now()) > sim.now() {
            return false;
        }
        let i = self.list.partition_point(|c| c.now() <= sim.now());
        self.list.insert(i, sim.clone());
        if self.list.len() >= MAX_CHECKPOINTS {
            let mut index = 0;
            self.list.retain(|_| {
                index += 1;
                index % 2 == 1
            });
            self.spacing = SimDuration(self.spacing.0.saturating_mul(2));
        }
        self.trim_to_budget(sim);
        true
    }

    /// Drops the oldest checkpoints while, together, they hold more than
    /// [`MAX_EXCLUSIVE_CHUNKS`] log chunks that `live` does not: memory stays
    /// bounded when retention deletes old segments. A seek before the oldest
    /// kept checkpoint replays from time zero, which is only slower.
    fn trim_to_budget(&mut self, live: &Simulation) {
        let mut live = live.log_chunk_ids();
        live.sort_unstable();
        let mut exclusive = Vec::new();
        let mut keep_from = 0;
        for (i, c) in self.list.iter().enumerate().rev() {
            exclusive.extend(c.log_chunk_ids().into_iter().filter(|id| live.binary_search(id).is_err()));
            exclusive.sort_unstable();
            exclusive.dedup();
            if exclusive.len() > self.budget_chunks {
                keep_from = i + 1;
                break;
            }
        }
        self.list.drain(..keep_from);
    }

    /// Keeps only the checkpoints at or before `present` (the future after it changed).
    pub fn keep_up_to(&mut self, present: Position) {
        self.list.retain(|c| Position::of(c).not_after(&present));
    }

    /// Drops every checkpoint (another timeline) and starts over with the first spacing.
    pub fn clear(&mut self) {
        *self = Checkpoints { budget_chunks: self.budget_chunks, ..Checkpoints::default() };
    }

    /// A list with a smaller chunk budget (tests).
    #[cfg(test)]
    pub fn with_budget(budget_chunks: usize) -> Checkpoints {
        Checkpoints { budget_chunks, ..Checkpoints::default() }
    }

    /// The latest checkpoint at or before `t`.
    pub fn latest_at_or_before(&self, t: SimTime) -> Option<&Simulation> {
        self.list[..self.list.partition_point(|c| c.now() <= t)].last()
    }

    /// The state at `t` of the timeline whose commands up to `t` are `log`:
    /// from the latest checkpoint at or before `t`, or from time zero.
    pub fn rebuild(&self, config: &SimConfig, log: &[LoggedCommand], t: SimTime) -> Result<Simulation, KafkaError> {
        match self.latest_at_or_before(t) {
            Some(c) => {
                let applied = c.command_log().len().min(log.len());
                c.clone().replay_from(&log[applied..], t)
            }
            None => Simulation::replay(config.clone(), log, t),
        }
    }
}

#[cfg(test)]
#[path = "checkpoint_tests.rs"]
mod tests;
