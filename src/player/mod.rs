//! The player: the browser runner's logic, without the browser.
//!
//! A [`Player`] owns the [`Console`] (and through it the [`Simulation`]) that
//! the page shows. The UI's runner calls [`Player::tick`] once per animation
//! frame with the wall time elapsed; the player turns it into simulated time
//! (× the speed factor, with the wall step capped so a backgrounded tab does
//! not come back to a jump) and runs at most [`EVENT_BUDGET`] events. If the
//! budget runs out, simulated time stops at the last event instead of
//! accumulating debt, so the page stays responsive at 100×.
//!
//! **Rewind and fork** (RaftScope's model, architecture principle 5): the
//! state at any earlier instant is rebuilt by deterministic replay of the
//! seed and the command log. Commands after the chosen instant stay
//! *pending*: playing on re-applies each one when the simulation reaches the
//! event count it was first applied at, so the same future unfolds again.
//! Typing or clicking anything while commands are pending forks a new future:
//! the pending commands are dropped and the timeline ends at the present.
//!
//! **Checkpoints** make a seek cheap however long the run ([`checkpoints`]):
//! while the cluster moves, the player keeps clones of the simulation at
//! least a spacing of simulated time apart (10 s at first; at most
//! [`MAX_CHECKPOINTS`], thinned to every other one with the spacing doubled
//! when full). [`Player::seek`] to an instant `t` starts from the latest
//! checkpoint at or before `t` — when `t` is in the past, or when that
//! checkpoint lies ahead of the present on the same timeline — and replays
//! from there ([`Simulation::replay_from`]): the result is bit for bit the
//! state of a replay from time zero. A rewind keeps the checkpoints past the
//! present (the pending commands bring back the same future); a fork, or a
//! command applied at a rewound instant, drops them; swapping the console
//! (lessons) starts afresh. Clones share logs and ledger maps until written
//! ([`crate::sim::shared_vec`]): a checkpoint of a 30-minute lively run copies
//! about 3 MB; seeks take ≈ 2–20 ms natively after 30 minutes, against
//! 135–245 ms from zero (`kafkasim bench --rewind`). The console's files
//! (`cat > F <<EOF`) are the learner's, not the timeline's: a seek keeps them.
//!
//! Every action reaches the simulation as a console line ([`Player::run_line`]),
//! so the transcript shows the command for everything a user clicked.
//! This module is pure and tested natively.

use std::collections::VecDeque;
use std::rc::Rc;

use crate::console::{Console, Line, Output, Stream};
use crate::sim::error::KafkaError;
use crate::sim::simulation::{LoggedCommand, SimConfig, Simulation};
use crate::sim::time::SimTime;
use crate::viz::timeline::{self, Mark};
pub use checkpoints::{Checkpoints, Position, FIRST_SPACING, MAX_CHECKPOINTS};

mod checkpoints;

/// Slowest and fastest speed factors.
pub const SPEED_MIN: f64 = 0.1;
pub const SPEED_MAX: f64 = 100.0;
/// Longest wall-clock step one frame may turn into simulated time.
pub const MAX_FRAME_WALL_MS: f64 = 100.0;
/// Most events one frame runs.
pub const EVENT_BUDGET: u32 = 3_000;
/// Transcript lines kept.
const TRANSCRIPT_CAP: usize = 4_000;
/// Timeline marks kept (the newest).
pub const MARKS_CAP: usize = 500;

/// The lines that set up the lively start: a replicated topic, a producer and
/// a two-member consumer group.
pub const LIVELY_SCRIPT: &[&str] = &[
    "kafka-topics --bootstrap-server localhost:9092 --create --topic orders --partitions 3 --replication-factor 3",
    "sim producer start orders-producer --topic orders --rate 20 --keys 50",
    "sim consumer start orders-app-1 --group orders-app --topic orders",
    "sim consumer start orders-app-2 --group orders-app --topic orders",
];

/// The lines that set up the busy start: W1's shape (`crate::sim::workloads`)
/// typed as console lines on five brokers: three topics (30 partitions, RF 3),
/// two idempotent `acks=all` producers at 100 records/s and two groups of four.
pub const BUSY_SCRIPT: &[&str] = &[
    "kafka-topics --bootstrap-server localhost:9092 --create --topic orders --partitions 12 --replication-factor 3 --config min.insync.replicas=2",
    "kafka-topics --bootstrap-server localhost:9092 --create --topic clicks --partitions 12 --replication-factor 3",
    "kafka-topics --bootstrap-server localhost:9092 --create --topic payments --partitions 6 --replication-factor 3",
    "sim producer start orders-producer --topic orders --rate 100 --keys 1000 --producer-property acks=all --producer-property enable.idempotence=true",
    "sim producer start clicks-producer --topic clicks --rate 100 --keys 1000 --producer-property acks=all --producer-property enable.idempotence=true",
    "sim consumer start orders-app-1 --group orders-app --topic orders --assignor range --processing-ms 100",
    "sim consumer start orders-app-2 --group orders-app --topic orders --assignor range --processing-ms 100",
    "sim consumer start orders-app-3 --group orders-app --topic orders --assignor range --processing-ms 100",
    "sim consumer start orders-app-4 --group orders-app --topic orders --assignor range --processing-ms 100",
    "sim consumer start clicks-app-1 --group clicks-app --topic clicks --assignor cooperative-sticky --processing-ms 100",
    "sim consumer start clicks-app-2 --group clicks-app --topic clicks --assignor cooperative-sticky --processing-ms 100",
    "sim consumer start clicks-app-3 --group clicks-app --topic clicks --assignor cooperative-sticky --processing-ms 100",
    "sim consumer start clicks-app-4 --group clicks-app --topic clicks --assignor cooperative-sticky --processing-ms 100",
];

/// The free-play starts a page can open with (`?scenario=lively|blank|busy`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Start {
    /// [`Player::lively`], the default.
    #[default]
    Lively,
    /// [`Player::blank`].
    Blank,
    /// [`Player::busy`].
    Busy,
}

impl Start {
    /// The `scenario=` value's start, if it names one.
    pub fn parse(name: &str) -> Option<Start> {
        match name {
            "lively" => Some(Start::Lively),
            "blank" => Some(Start::Blank),
            "busy" => Some(Start::Busy),
            _ => None,
        }
    }
}

/// What one frame did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Frame {
    pub events: u32,
    /// The event budget ran out before the target time.
    pub behind: bool,
}

/// The runner's state: the console, the replay log and the play controls.
pub struct Player {
    console: Console,
    config: SimConfig,
    pending: VecDeque<LoggedCommand>,
    horizon: SimTime,
    /// Snapshots of the timeline, so a seek replays from the nearest one.
    checkpoints: Checkpoints,
    transcript: Rc<Vec<Line>>,
    /// Timeline marks from trace lines before index `marks_seen` (kept across a
    /// rewind, since replay rewrites the same lines with the same indices;
    /// dropped past the present on a fork).
    marks: Rc<Vec<Mark>>,
    marks_seen: u64,
    pub playing: bool,
    speed: f64,
    /// The foreground console consumer ended by itself since the last
    /// [`Player::take_consumer_ended`] (a shared run journals it).
    consumer_ended: bool,
}

impl Player {
    /// The blank cluster of `kafkasim console --seed <seed>`, paused.
    pub fn blank(seed: u64) -> Player {
        Player::from_console(Console::new(seed, 3))
    }

    /// Three brokers, a topic with 3 partitions and RF 3, and a producer; playing at 1×.
    pub fn lively(seed: u64) -> Player {
        let mut p = Player::blank(seed);
        for line in LIVELY_SCRIPT {
            p.run_line(line);
        }
        p.playing = true;
        p
    }

    /// W1's busy shape (see [`BUSY_SCRIPT`]) on five brokers; playing at 1×.
    pub fn busy(seed: u64) -> Player {
        let mut p = Player::from_console(Console::new(seed, 5));
        for line in BUSY_SCRIPT {
            p.run_line(line);
        }
        p.playing = true;
        p
    }

    /// The player for a free-play start.
    pub fn start(start: Start, seed: u64) -> Player {
        match start {
            Start::Lively => Player::lively(seed),
            Start::Blank => Player::blank(seed),
            Start::Busy => Player::busy(seed),
        }
    }

    /// The player a page URL asks for: `?seed=N` (default 1) and
    /// `?scenario=blank` for the paused blank cluster of `kafkasim console --seed N`,
    /// `?scenario=busy` for W1's shape; otherwise the lively start.
    pub fn from_query(query: &str) -> Player {
        let param = |name: &str| {
            let prefix = format!("{name}=");
            query.trim_start_matches('?').split('&').find_map(|p| p.strip_prefix(prefix.as_str()).map(str::to_string))
        };
        let seed = param("seed").and_then(|s| s.parse().ok()).unwrap_or(1);
        Player::start(param("scenario").as_deref().and_then(Start::parse).unwrap_or_default(), seed)
    }

    /// A paused player over `console` (made interactive: a console consumer
    /// runs in the foreground as the cluster plays).
    pub fn from_console(mut console: Console) -> Player {
        console.set_interactive(true);
        let config = console.simulation().config().clone();
        let horizon = console.simulation().now();
        Player {
            console,
            config,
            pending: VecDeque::new(),
            horizon,
            checkpoints: Checkpoints::default(),
            transcript: Rc::new(Vec::new()),
            marks: Rc::new(Vec::new()),
            marks_seen: 0,
            playing: false,
            speed: 1.0,
            consumer_ended: false,
        }
    }

    pub fn simulation(&self) -> &Simulation {
        self.console.simulation()
    }

    pub fn console(&self) -> &Console {
        &self.console
    }

    pub fn now(&self) -> SimTime {
        self.simulation().now()
    }

    /// The end of the run so far (the timeline's right end).
    pub fn horizon(&self) -> SimTime {
        self.horizon.max(self.now())
    }

    /// Commands a rewind left ahead of the present.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// The rewind checkpoints of the timeline.
    pub fn checkpoints(&self) -> &Checkpoints {
        &self.checkpoints
    }

    pub fn speed(&self) -> f64 {
        self.speed
    }

    /// Sets the speed factor, clamped to [`SPEED_MIN`]..=[`SPEED_MAX`].
    pub fn set_speed(&mut self, speed: f64) {
        self.speed = if speed.is_finite() { speed.clamp(SPEED_MIN, SPEED_MAX) } else { 1.0 };
    }

    /// The timeline marks (crashes, elections, lost records) of the run so far.
    pub fn marks(&self) -> Rc<Vec<Mark>> {
        Rc::clone(&self.marks)
    }

    fn update_marks(&mut self) {
        let seen = self.marks_seen;
        let sim = self.console.simulation();
        let mut fresh: Vec<&crate::sim::trace::TraceLine> =
            sim.trace().lines().rev().take_while(|l| l.index >= seen).collect();
        if !fresh.is_empty() {
            fresh.reverse();
            let marks = Rc::make_mut(&mut self.marks);
            marks.extend(timeline::marks(fresh.into_iter()));
            // Bounded like the trace: an hour of faults keeps the newest marks.
            if marks.len() > MARKS_CAP {
                marks.drain(..marks.len() - MARKS_CAP);
            }
        }
        self.marks_seen = self.marks_seen.max(sim.trace().count());
    }

    /// The console transcript shown in the page (shared, cheap to clone).
    pub fn transcript(&self) -> Rc<Vec<Line>> {
        Rc::clone(&self.transcript)
    }

    /// One animation frame: `wall_ms` of wall time passed. Runs only when playing.
    pub fn tick(&mut self, wall_ms: f64) -> Frame {
        match self.frame_target(wall_ms) {
            Some(target) => self.advance_to(target, EVENT_BUDGET),
            None => Frame::default(),
        }
    }

    /// The simulated instant one frame of `wall_ms` reaches (None when paused or for no time).
    pub fn frame_target(&self, wall_ms: f64) -> Option<SimTime> {
        if !self.playing || wall_ms.is_nan() || wall_ms <= 0.0 {
            return None;
        }
        let sim_us = wall_ms.min(MAX_FRAME_WALL_MS) * self.speed * 1_000.0;
        Some(self.now().plus(crate::sim::time::micros(sim_us.round() as u64)))
    }

    /// Runs events up to `target` (at most `budget`), re-applying pending
    /// commands where they were first applied.
    pub fn advance_to(&mut self, target: SimTime, budget: u32) -> Frame {
        let mut frame = Frame::default();
        let mut checkpoint_due = self.checkpoints.next_due(self.now());
        loop {
            self.apply_due(target);
            let next = self.simulation().next_event_time();
            if next.is_none_or(|t| t > target) {
                self.apply_due(target);
                // No event is due up to `target`: only the clock moves.
                self.console.simulation_mut().run_until(target);
                break;
            }
            if frame.events >= budget {
                frame.behind = true;
                break;
            }
            self.console.simulation_mut().step();
            frame.events += 1;
            if self.now() >= checkpoint_due {
                self.checkpoints.maybe_take(self.console.simulation());
                checkpoint_due = self.checkpoints.next_due(self.now());
            }
        }
        self.pump(false);
        self.settle();
        frame
    }

    /// The console producer logs failed sends; the foreground console
    /// consumer prints what arrived (and, unless `replaying`, ends when it is done).
    fn pump(&mut self, replaying: bool) {
        if !self.console.consumer_running() && !self.console.reading_records() {
            return;
        }
        let out = self.console.pump(replaying);
        self.consumer_ended |= !self.console.consumer_running();
        self.keep(&out);
    }

    /// Whether the foreground console consumer ended by itself since the last call.
    pub fn take_consumer_ended(&mut self) -> bool {
        std::mem::take(&mut self.consumer_ended)
    }

    /// Whether a console consumer runs in the foreground (the stop button shows).
    pub fn consumer_running(&self) -> bool {
        self.console.consumer_running()
    }

    /// After the cluster moved: the timeline's end, its marks, a checkpoint if one is due.
    fn settle(&mut self) {
        self.horizon = self.horizon();
        self.update_marks();
        self.checkpoints.maybe_take(self.console.simulation());
    }

    /// Processes exactly one event (the step button).
    pub fn step(&mut self) -> bool {
        self.apply_due(SimTime(u64::MAX));
        let stepped = self.console.simulation_mut().step();
        self.pump(false);
        self.settle();
        stepped
    }

    /// Applies pending commands whose moment has come (same event count, not after `limit`).
    fn apply_due(&mut self, limit: SimTime) {
        while let Some(c) = self.pending.front() {
            if c.after_events > self.simulation().events() || c.at > limit {
                return;
            }
            let c = self.pending.pop_front().expect("front exists");
            // The command was valid when first applied at this same state.
            let _ = self.console.simulation_mut().apply_logged(c);
        }
    }

    /// Runs one console line against the cluster on screen; forks the future
    /// if a rewind left commands pending.
    pub fn run_line(&mut self, line: &str) -> Output {
        if !line.trim().is_empty() {
            self.fork();
        }
        self.through_console(|c| c.run_line(line))
    }

    /// Ctrl+C: ends a console producer, else the foreground console consumer.
    pub fn interrupt(&mut self) -> Output {
        self.through_console(Console::interrupt)
    }

    /// Runs `input` on the console; a command it applies changes the future
    /// after the present, so checkpoints past the present go.
    fn through_console(&mut self, input: impl FnOnce(&mut Console) -> Output) -> Output {
        let before = Position::of(self.simulation());
        let out = input(&mut self.console);
        if self.simulation().command_log().len() > before.commands {
            self.checkpoints.keep_up_to(before);
        }
        self.keep(&out);
        out
    }

    /// Whether the console producer is reading records (the prompt is `>`).
    pub fn reading_records(&self) -> bool {
        self.console.reading_records()
    }

    fn fork(&mut self) {
        if !self.pending.is_empty() {
            self.pending.clear();
            self.checkpoints.keep_up_to(Position::of(self.simulation()));
            self.horizon = self.now();
            let now = self.now();
            Rc::make_mut(&mut self.marks).retain(|m| m.at <= now);
            self.marks_seen = self.simulation().trace().count();
        }
    }

    fn keep(&mut self, out: &Output) {
        self.settle();
        if out.lines.is_empty() {
            return;
        }
        let t = Rc::make_mut(&mut self.transcript);
        t.extend(out.lines.iter().cloned());
        if t.len() > TRANSCRIPT_CAP {
            t.drain(..t.len() - TRANSCRIPT_CAP);
        }
    }

    /// Swaps the console on screen with `other` (a lesson hands its console
    /// over and takes it back); the timeline starts afresh at the new present.
    pub fn swap_console(&mut self, other: &mut Console) {
        std::mem::swap(&mut self.console, other);
        self.config = self.console.simulation().config().clone();
        self.pending.clear();
        self.checkpoints.clear();
        self.horizon = self.now();
        self.marks = Rc::new(Vec::new());
        self.marks_seen = self.simulation().trace().count();
    }

    /// The console on screen, to swap briefly with a lesson's (reading a task's state).
    pub fn console_mut(&mut self) -> &mut Console {
        &mut self.console
    }

    /// Replaces the transcript shown (a lesson keeps its own).
    pub fn set_transcript(&mut self, lines: Vec<Line>) {
        self.transcript = Rc::new(lines);
    }

    /// Runs events until exactly `events` have been processed, then sets the
    /// clock to `at` (a shared run's moments). Fails if the queue runs dry,
    /// the count is already past, time would go backwards, or more than
    /// `budget` events would be needed.
    pub fn advance_exact(&mut self, at: SimTime, events: u64, budget: u64) -> Result<(), String> {
        self.console.simulation_mut().advance_exact(at, events, budget)?;
        // A shared run's foreground consumer prints; its end is a journaled interrupt.
        self.pump(true);
        self.settle();
        Ok(())
    }

    /// Moves the cluster to `t` (clamped to the run so far): from the latest
    /// checkpoint at or before `t` if that is behind `t` and ahead of the
    /// present or `t` is in the past (replaying the command log from there),
    /// otherwise by playing on. A failed replay changes nothing.
    pub fn seek(&mut self, t: SimTime) -> Result<(), KafkaError> {
        // A foreground console consumer is stopped first (as by Ctrl+C): the
        // rebuilt console has no process to print for it.
        if self.console.consumer_running() {
            self.through_console(Console::stop_consumer);
        }
        let t = t.min(self.horizon());
        let now = self.now();
        let jump_ahead = self.checkpoints.latest_at_or_before(t).is_some_and(|c| c.now() > now);
        if t >= now && !jump_ahead {
            self.advance_to(t, u32::MAX);
            return Ok(());
        }
        let mut log: Vec<LoggedCommand> = self.simulation().command_log().to_vec();
        log.extend(self.pending.iter().cloned());
        let split = log.partition_point(|c| c.at <= t);
        let sim = self.checkpoints.rebuild(&self.config, &log[..split], t)?;
        let horizon = self.horizon();
        let files = self.console.files().clone();
        self.console = Console::with_simulation(sim);
        self.console.set_files(files);
        self.console.set_interactive(true);
        self.pending = log.split_off(split).into();
        self.horizon = horizon;
        if t < now {
            let note = Line { stream: Stream::Echo, text: format!("# rewound to {}", crate::viz::timeline::clock(t)) };
            Rc::make_mut(&mut self.transcript).push(note);
        }
        self.settle();
        Ok(())
    }
}

#[cfg(test)]
mod rewind_tests;
#[cfg(test)]
mod tests;
