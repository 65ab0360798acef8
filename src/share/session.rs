//! The engine the browser runner drives: a [`Player`] for the picture and
//! the clock, an optional [`LessonRun`] for lesson mode, and a journal of
//! everything typed since the run's start (or the lesson step it was last
//! rebuilt at), so the run can be shared as a [`SharedRun`] and rebuilt
//! exactly from one.
//!
//! In lesson mode the player shows the lesson's console: it is swapped into
//! the [`LessonRun`] for each lesson operation (next, go to, a typed line, so
//! tasks are checked on what the learner did) and back out, without copying.
//! Going back rebuilds the lesson from its seed ([`LessonRun::goto`]).
//!
//! A lesson step's wait is played, not jumped over ([`crate::lessons::wait`]):
//! entering a step runs its actions and sets the player playing; each frame
//! runs to the next instant the wait is judged at most, and the player
//! pauses where the wait ends, when the step's prediction is answered.
//! Moving on before then finishes the wait at once. A shared run is replayed
//! the same way, so it stops its waits where the presenter's did.

use super::{Moment, Op, Scenario, ShareError, SharedRun, VERSION};
use crate::console::{Console, Output};
use crate::lessons::{self, Lesson, LessonRun, RunError, WaitNext};
use crate::player::{Frame, Player, Start, EVENT_BUDGET};
use crate::sim::time::SimTime;

/// Most events a shared run may ask to replay (a guard against a hostile link).
pub const REPLAY_BUDGET: u64 = 30_000_000;

/// Player, lesson and journal.
pub struct Session {
    pub player: Player,
    lesson: Option<LessonRun>,
    scenario: Scenario,
    seed: u64,
    journal: Vec<Moment>,
}

impl Session {
    /// Free play: the lively or busy cluster (playing) or the blank one (paused).
    pub fn free(start: Start, seed: u64) -> Session {
        let player = Player::start(start, seed);
        let scenario = match start {
            Start::Lively => Scenario::Lively,
            Start::Blank => Scenario::Blank,
            Start::Busy => Scenario::Busy,
        };
        Session { player, lesson: None, scenario, seed, journal: Vec::new() }
    }

    /// A lesson at `step` (0 = before step 1), paused.
    pub fn lesson(lesson: Lesson, step: usize) -> Result<Session, RunError> {
        let seed = lesson.scenario.seed;
        let id = lesson.id.clone();
        let mut run = LessonRun::at(lesson, step)?;
        let mut player = Player::from_console(Console::new(seed, 1));
        player.swap_console(run.console_mut());
        player.set_transcript(run.transcript().to_vec());
        Ok(Session { player, lesson: Some(run), scenario: Scenario::Lesson { id, step }, seed, journal: Vec::new() })
    }

    /// The lesson being played, if any (its console is the player's: read the simulation from the player).
    pub fn lesson_run(&self) -> Option<&LessonRun> {
        self.lesson.as_ref()
    }

    /// Runs `f` on the lesson with the player's console swapped in.
    fn with_lesson<R>(&mut self, f: impl FnOnce(&mut LessonRun) -> R) -> Option<R> {
        let run = self.lesson.as_mut()?;
        self.player.swap_console(run.console_mut());
        let r = f(run);
        self.player.swap_console(run.console_mut());
        self.player.set_transcript(run.transcript().to_vec());
        Some(r)
    }

    fn moment(&self, op: Op) -> Moment {
        let sim = self.player.simulation();
        Moment { t: sim.now().0, e: sim.events(), op }
    }

    /// Drops journal entries past the present (a rewind then a new action forks the future).
    fn fork(&mut self) {
        let e = self.player.simulation().events();
        self.journal.retain(|m| m.e <= e);
    }

    /// A console line typed (or clicked) by the user.
    pub fn run_line(&mut self, line: &str) -> Output {
        let at = self.moment(Op::Interrupt);
        let out = if self.lesson.is_some() {
            self.fork();
            self.with_lesson(|run| run.run_line(line)).expect("in a lesson")
        } else {
            if !line.trim().is_empty() {
                self.fork();
            }
            self.player.run_line(line)
        };
        self.journal.push(Moment { op: Op::Line { line: line.to_string(), failed: out.failed }, ..at });
        out
    }

    /// Ctrl+C.
    pub fn interrupt(&mut self) {
        let at = self.moment(Op::Interrupt);
        if self.lesson.is_some() {
            self.with_lesson(|run| run.interrupt());
        } else {
            self.player.interrupt();
        }
        self.journal.push(at);
    }

    /// Journals the foreground console consumer's own end (`--max-messages`,
    /// `--timeout-ms`, an error) as an interrupt at this moment, so a shared
    /// run stops it at the same event. Call after anything that moved the player.
    pub fn journal_consumer_end(&mut self) {
        if self.player.take_consumer_ended() {
            let at = self.moment(Op::Interrupt);
            self.journal.push(at);
        }
    }

    /// The lesson's next step (false at the last one or outside a lesson).
    /// A wait still playing is finished first; the new step's wait starts playing.
    pub fn next_step(&mut self) -> bool {
        let at = self.moment(Op::Next);
        if self.lesson.as_ref().is_none_or(|r| r.position() >= r.steps()) {
            return false;
        }
        self.play_wait(SimTime(u64::MAX), u32::MAX);
        let moved = self.with_lesson(LessonRun::enter_next).unwrap_or(false);
        if moved {
            self.fork();
            self.journal.push(at);
            let now = self.player.now();
            self.play_wait(now, 0);
            self.player.playing = self.waiting();
        }
        moved
    }

    /// Whether the lesson step's wait is still playing.
    pub fn waiting(&self) -> bool {
        self.lesson.as_ref().is_some_and(LessonRun::waiting)
    }

    /// One animation frame of `wall_ms`: the player plays on, and a step's
    /// wait stops where it ends.
    pub fn tick(&mut self, wall_ms: f64) -> Frame {
        match self.player.frame_target(wall_ms) {
            Some(target) if self.waiting() => self.play_wait(target, EVENT_BUDGET),
            Some(target) => self.player.advance_to(target, EVENT_BUDGET),
            None => Frame::default(),
        }
    }

    /// Plays the pending wait towards `target` (at most `budget` events),
    /// stopping at each instant it is judged at; where it ends, the step is
    /// answered and the player pauses.
    fn play_wait(&mut self, target: SimTime, budget: u32) -> Frame {
        let mut frame = Frame::default();
        while let Some(next) = self.lesson.as_ref().and_then(|r| r.wait_next(self.player.simulation())) {
            let stop = match next {
                WaitNext::RunTo(stop) => stop,
                WaitNext::Done { met } => {
                    if let Some(run) = self.lesson.as_mut() {
                        run.end_wait(self.player.simulation(), met);
                    }
                    self.player.playing = false;
                    break;
                }
            };
            let f = self.player.advance_to(stop.min(target), budget.saturating_sub(frame.events));
            frame.events += f.events;
            frame.behind |= f.behind;
            if f.behind || self.player.now() < stop {
                break;
            }
        }
        frame
    }

    /// Replays to a shared run's moment `(t, e)` as it was made: a pending
    /// wait is judged at its instants on the way. `budget` is what is left of
    /// [`REPLAY_BUDGET`].
    fn replay_to(&mut self, t: u64, e: u64, budget: &mut u64) -> Result<(), ShareError> {
        let before = self.player.simulation().events();
        while let Some(WaitNext::RunTo(stop)) = self.lesson.as_ref().and_then(|r| r.wait_next(self.player.simulation()))
        {
            if stop.0 >= t {
                break;
            }
            let left = budget.saturating_sub(self.player.simulation().events() - before);
            if self.player.advance_to(stop, u32::try_from(left).unwrap_or(u32::MAX)).behind {
                return Err(ShareError::Replay(format!("more than {left} events to replay")));
            }
            self.play_wait(stop, 0);
        }
        let left = budget.saturating_sub(self.player.simulation().events() - before);
        self.player.advance_exact(SimTime(t), e, left).map_err(ShareError::Replay)?;
        let now = self.player.now();
        self.play_wait(now, 0);
        *budget = budget.saturating_sub(self.player.simulation().events() - before);
        Ok(())
    }

    /// Goes to lesson position `n` (0..=steps): forward step by step, back by replay from the seed.
    pub fn goto(&mut self, n: usize) -> Result<(), RunError> {
        let Some(run) = &self.lesson else { return Ok(()) };
        let (pos, steps) = (run.position(), run.steps());
        if n > steps {
            return Err(RunError::NoSuchStep { step: n, steps });
        }
        if n >= pos {
            for _ in pos..n {
                self.next_step();
            }
            return Ok(());
        }
        let lesson = run.lesson().clone();
        let speed = self.player.speed();
        *self = Session::lesson(lesson, n)?;
        self.player.set_speed(speed);
        Ok(())
    }

    /// Back one step (by replay).
    pub fn prev(&mut self) -> Result<(), RunError> {
        let pos = self.lesson.as_ref().map_or(0, LessonRun::position);
        self.goto(pos.saturating_sub(1))
    }

    /// Whether the current step's task is done (None without a task or lesson).
    pub fn task_done(&mut self) -> Option<bool> {
        let run = self.lesson.as_mut()?;
        std::mem::swap(self.player.console_mut(), run.console_mut());
        let done = run.task_done();
        std::mem::swap(self.player.console_mut(), run.console_mut());
        done
    }

    /// The run so far, to share.
    pub fn shared(&self) -> SharedRun {
        let sim = self.player.simulation();
        let e = sim.events();
        SharedRun {
            format: "kafkasim-run".into(),
            version: VERSION,
            scenario: self.scenario.clone(),
            seed: self.seed,
            ops: self.journal.iter().filter(|m| m.e <= e && m.t <= sim.now().0).cloned().collect(),
            end_t: sim.now().0,
            end_e: e,
            hash: sim.trace_hash(),
            speed: self.player.speed(),
        }
    }

    /// Rebuilds a shared run exactly (paused at its end), or says why it cannot.
    pub fn from_shared(run: &SharedRun) -> Result<Session, ShareError> {
        run.validate()?;
        let mut s = match &run.scenario {
            Scenario::Lively => Session::free(Start::Lively, run.seed),
            Scenario::Blank => Session::free(Start::Blank, run.seed),
            Scenario::Busy => Session::free(Start::Busy, run.seed),
            Scenario::Lesson { id, step } => {
                let lesson = lessons::find(id).ok_or_else(|| ShareError::Lesson(format!("no lesson {id:?}")))?;
                Session::lesson(lesson, *step).map_err(|e| ShareError::Lesson(e.to_string()))?
            }
        };
        s.player.playing = false;
        s.player.set_speed(run.speed);
        let mut budget = REPLAY_BUDGET;
        for (i, m) in run.ops.iter().enumerate() {
            s.replay_to(m.t, m.e, &mut budget)?;
            match &m.op {
                Op::Line { line, failed } => {
                    let out = s.run_line(line);
                    if out.failed != *failed {
                        return Err(ShareError::Replay(format!("operation {}: {line:?} behaved differently", i + 1)));
                    }
                }
                Op::Interrupt => s.interrupt(),
                Op::Next => {
                    if !s.next_step() {
                        return Err(ShareError::Replay(format!("operation {}: no next step", i + 1)));
                    }
                }
            }
        }
        s.replay_to(run.end_t, run.end_e, &mut budget)?;
        if s.player.simulation().trace_hash() != run.hash {
            return Err(ShareError::Replay("the trace hash differs".into()));
        }
        s.player.playing = false;
        Ok(s)
    }
}
