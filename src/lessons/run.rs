//! Playing a lesson: [`LessonRun`].
//!
//! Position `n` means the scenario and steps `1..=n` have been applied
//! (0 = the scenario only, before step 1). Going forward applies the next
//! steps; going back rebuilds the run from the seed and replays steps
//! `1..=n`, so the simulation is exactly as when step `n` was first reached
//! (same trace hash). Lines the learner typed in between are not replayed.

use super::condition::{leaders, Baseline};
use super::wait::{PendingWait, WaitNext};
use super::{Highlights, Lang, Lesson, Prediction, Step, Task};
use crate::console::{Console, Line, Output};
use crate::sim::simulation::Simulation;

/// What happened when a step was entered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepOutcome {
    /// 1-based.
    pub step: usize,
    /// Action lines that failed, with their output.
    pub failed: Vec<(String, String)>,
    /// The wait's condition held (true for `for` waits and steps without a wait).
    pub wait_met: bool,
    /// The prediction's answer, computed after the actions and the wait.
    pub answer: Option<String>,
    pub trace_hash: u64,
    /// Simulated time after the step, in microseconds.
    pub now_us: u64,
}

/// A lesson could not be played.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunError {
    /// A scenario setup line failed: the lesson is broken.
    Setup { line: String, output: String },
    /// No such step (positions are 0..=steps).
    NoSuchStep { step: usize, steps: usize },
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Setup { line, output } => write!(f, "setup line failed: {line}\n{output}"),
            RunError::NoSuchStep { step, steps } => write!(f, "no step {step} (the lesson has {steps})"),
        }
    }
}

/// A lesson being played.
pub struct LessonRun {
    lesson: Lesson,
    console: Console,
    position: usize,
    outcomes: Vec<StepOutcome>,
    transcript: Vec<Line>,
    /// Leaders when the current step began (for `leader_changed`).
    baseline: Baseline,
    /// The current step's wait, while it is not over ([`super::wait`]).
    waiting: Option<PendingWait>,
}

impl LessonRun {
    /// Builds the scenario (position 0, before step 1).
    pub fn start(lesson: Lesson) -> Result<LessonRun, RunError> {
        let console = Console::new(lesson.scenario.seed, lesson.scenario.brokers);
        let baseline = leaders(console.simulation());
        let mut run = LessonRun {
            lesson,
            console,
            position: 0,
            outcomes: Vec::new(),
            transcript: Vec::new(),
            baseline,
            waiting: None,
        };
        let setup = run.lesson.scenario.setup.clone();
        for line in &setup {
            let out = run.line(line);
            if out.failed {
                return Err(RunError::Setup { line: line.clone(), output: out.text() });
            }
        }
        run.close_producer();
        run.baseline = leaders(run.console.simulation());
        Ok(run)
    }

    /// Starts `lesson` and goes to `step` (0 = before step 1).
    pub fn at(lesson: Lesson, step: usize) -> Result<LessonRun, RunError> {
        let mut run = LessonRun::start(lesson)?;
        run.goto(step)?;
        Ok(run)
    }

    pub fn lesson(&self) -> &Lesson {
        &self.lesson
    }

    /// Number of steps.
    pub fn steps(&self) -> usize {
        self.lesson.steps.len()
    }

    /// Steps applied so far: 0 before step 1, `steps()` at the last one.
    pub fn position(&self) -> usize {
        self.position
    }

    /// The step being shown (None at position 0).
    pub fn current(&self) -> Option<&Step> {
        self.position.checked_sub(1).map(|i| &self.lesson.steps[i])
    }

    /// The lesson's title.
    pub fn title(&self, lang: Lang) -> &str {
        self.lesson.title.get(lang)
    }

    /// The current step's narration (the summary at position 0).
    pub fn narration(&self, lang: Lang) -> &str {
        self.current().map_or(self.lesson.summary.get(lang), |s| s.narration.get(lang))
    }

    /// What to spotlight now.
    pub fn highlights(&self) -> Highlights {
        self.current().map(|s| s.highlights.clone()).unwrap_or_default()
    }

    /// The question to ask before entering the next step, if it has one.
    pub fn upcoming_prediction(&self) -> Option<&Prediction> {
        self.lesson.steps.get(self.position).and_then(|s| s.prediction.as_ref())
    }

    /// The current step's prediction (already answered by the simulation).
    pub fn prediction(&self) -> Option<&Prediction> {
        self.current().and_then(|s| s.prediction.as_ref())
    }

    /// The current step's outcome.
    pub fn outcome(&self) -> Option<&StepOutcome> {
        self.position.checked_sub(1).and_then(|i| self.outcomes.get(i))
    }

    /// The right answer to the current step's prediction (a choice value).
    pub fn answer(&self) -> Option<&str> {
        self.outcome().and_then(|o| o.answer.as_deref())
    }

    /// Whether `choice` (a choice value) is the right answer to the current step's prediction.
    pub fn is_correct(&self, choice: &str) -> Option<bool> {
        self.answer().map(|a| a == choice)
    }

    /// The current step's task.
    pub fn task(&self) -> Option<&Task> {
        self.current().and_then(|s| s.task.as_ref())
    }

    /// Whether the current step's task is done (None without a task).
    pub fn task_done(&self) -> Option<bool> {
        self.task().map(|t| t.check.holds(self.console.simulation(), &self.baseline))
    }

    /// Runs the current task's solution lines (the "show me" button; the tests).
    pub fn run_solution(&mut self) -> Vec<Output> {
        let lines = self.task().map(|t| t.solution.clone()).unwrap_or_default();
        let outs = lines.iter().map(|l| self.line(l)).collect();
        self.close_producer();
        outs
    }

    /// Enters the next step; None at the last one.
    pub fn next_step(&mut self) -> Option<&StepOutcome> {
        if self.position >= self.steps() {
            return None;
        }
        self.apply_next();
        self.outcome()
    }

    /// Goes back one step by replay (a no-op at position 0).
    pub fn prev(&mut self) -> Result<(), RunError> {
        self.goto(self.position.saturating_sub(1))
    }

    /// Goes to position `n` (0..=steps): forward by applying steps, backward by replay from the seed.
    pub fn goto(&mut self, n: usize) -> Result<(), RunError> {
        if n > self.steps() {
            return Err(RunError::NoSuchStep { step: n, steps: self.steps() });
        }
        if n < self.position {
            *self = LessonRun::start(self.lesson.clone())?;
        }
        while self.position < n {
            self.apply_next();
        }
        Ok(())
    }

    /// Plays every remaining step; returns the outcomes of all steps.
    pub fn run_to_end(&mut self) -> &[StepOutcome] {
        while self.position < self.steps() {
            self.apply_next();
        }
        &self.outcomes
    }

    /// A console line typed by the learner (also `sim consumer ...`).
    pub fn run_line(&mut self, line: &str) -> Output {
        self.line(line)
    }

    /// Ctrl+C in the console.
    pub fn interrupt(&mut self) -> Output {
        let out = self.console.interrupt();
        self.transcript.extend(out.lines.iter().cloned());
        out
    }

    pub fn simulation(&self) -> &Simulation {
        self.console.simulation()
    }

    /// The console, for a player that shows the lesson on screen (swapped in and out).
    pub fn console_mut(&mut self) -> &mut Console {
        &mut self.console
    }

    pub fn console(&self) -> &Console {
        &self.console
    }

    /// Every console line of the run so far (lesson actions and the learner's).
    pub fn transcript(&self) -> &[Line] {
        &self.transcript
    }

    pub fn trace_hash(&self) -> u64 {
        self.console.simulation().trace_hash()
    }

    fn line(&mut self, line: &str) -> Output {
        let out = self.console.run_line(line);
        self.transcript.extend(out.lines.iter().cloned());
        out
    }

    /// A lesson's lines always end a console producer (validation requires `^C`); be safe anyway.
    fn close_producer(&mut self) {
        if self.console.reading_records() {
            self.interrupt();
        }
    }

    fn apply_next(&mut self) {
        self.enter_next();
        self.finish_wait();
    }

    /// Enters the next step: its actions run and its wait begins (a step
    /// whose wait is already over is answered at once). The caller plays the
    /// wait ([`LessonRun::wait_next`], [`LessonRun::end_wait`]); a wait left
    /// pending is finished at once first.
    pub fn enter_next(&mut self) -> bool {
        self.finish_wait();
        if self.position >= self.steps() {
            return false;
        }
        let step = self.lesson.steps[self.position].clone();
        self.position += 1;
        self.outcomes.truncate(self.position - 1);
        self.baseline = leaders(self.console.simulation());
        let mut failed = Vec::new();
        for line in &step.actions {
            let out = self.line(line);
            if out.failed {
                failed.push((line.clone(), out.text()));
            }
        }
        self.close_producer();
        self.waiting = Some(PendingWait::begin(step.wait.as_ref(), self.console.simulation().now(), failed));
        true
    }

    /// Whether the current step's wait is still playing.
    pub fn waiting(&self) -> bool {
        self.waiting.is_some()
    }

    /// The pending wait judged on `sim` (the simulation on screen, which may
    /// be this run's console swapped out to a player); None when none is pending.
    pub fn wait_next(&self, sim: &Simulation) -> Option<WaitNext> {
        let w = self.waiting.as_ref()?;
        let until = self.current().and_then(|s| s.wait.as_ref()).and_then(|w| w.until.as_ref());
        Some(w.next(until, sim, &self.baseline))
    }

    /// Ends the pending wait on `sim`: the step's prediction is answered now.
    pub fn end_wait(&mut self, sim: &Simulation, wait_met: bool) {
        if let Some(o) = self.outcome_on(sim, wait_met) {
            self.settle(o);
        }
    }

    /// The current step's outcome if its pending wait ended on `sim` now.
    fn outcome_on(&self, sim: &Simulation, wait_met: bool) -> Option<StepOutcome> {
        let w = self.waiting.as_ref()?;
        let step = &self.lesson.steps[self.position - 1];
        Some(StepOutcome {
            step: self.position,
            failed: w.failed.clone(),
            wait_met,
            answer: step.prediction.as_ref().map(|p| p.answer.eval(sim, &self.baseline)),
            trace_hash: sim.trace_hash(),
            now_us: sim.now().0,
        })
    }

    fn settle(&mut self, outcome: StepOutcome) {
        self.waiting = None;
        self.outcomes.truncate(self.position - 1);
        self.outcomes.push(outcome);
    }

    /// Runs the pending wait to its end at once (natively, and when the
    /// learner moves on before it is over).
    fn finish_wait(&mut self) {
        while let Some(next) = self.wait_next(self.console.simulation()) {
            let met = match next {
                WaitNext::Done { met } => met,
                WaitNext::RunTo(t) => {
                    let sim = self.console.simulation_mut();
                    sim.run_until(t);
                    // Only the simulation's work limit stops it short: the wait cannot go on.
                    if sim.now() >= t {
                        continue;
                    }
                    false
                }
            };
            let outcome = self.outcome_on(self.console.simulation(), met).expect("a pending wait");
            self.settle(outcome);
        }
    }
}
