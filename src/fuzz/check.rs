//! The checks after every fuzzed line.
//!
//! - Nothing panics (`catch_unwind`; the panic's message is kept, the default
//!   hook stays quiet while the fuzzer runs).
//! - The line stays within the console's work budget: the events it
//!   processed never exceed [`Console::line_budget`].
//! - A rejected line changes nothing: a command line that failed without
//!   simulated time passing (so no tool waited) leaves the snapshot
//!   ([`Simulation::view`]), the trace hash, the command log, the clients,
//!   the cut links and the console's files exactly as they were (as
//!   `tests/console.rs` checks the golden bad input).
//! - The invariants hold ([`Invariants`], with memory across the episode).

use crate::console::{Console, Output};
use crate::sim::invariants::Invariants;
use crate::sim::view::ClusterView;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// What went wrong on a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    Panic(String),
    OverBudget {
        used: u64,
        budget: u64,
    },
    /// A rejected line changed the simulation; what differed.
    RejectedChanged(String),
    Invariant(String),
    /// The same seed gave another transcript (where they first differ).
    Nondeterministic(String),
}

impl Problem {
    /// The kind, for "the minimised script fails the same way".
    pub fn kind(&self) -> &'static str {
        match self {
            Problem::Panic(_) => "panic",
            Problem::OverBudget { .. } => "over budget",
            Problem::RejectedChanged(_) => "rejected line changed the simulation",
            Problem::Invariant(_) => "invariant violated",
            Problem::Nondeterministic(_) => "nondeterministic",
        }
    }

    /// What "fails the same way" compares while minimising: the kind, and for
    /// a broken invariant also its property (a script minimised by kind alone
    /// drifted from one invariant to another and lost the first failure).
    pub fn signature(&self) -> String {
        match self {
            Problem::Invariant(m) => format!("{}: {}", self.kind(), m.split_once(": ").map_or(m.as_str(), |p| p.0)),
            _ => self.kind().to_string(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Panic(m) => write!(f, "panic: {m}"),
            Problem::OverBudget { used, budget } => write!(f, "over budget: {used} events (budget {budget})"),
            Problem::RejectedChanged(m) => write!(f, "a rejected line changed the simulation: {m}"),
            Problem::Invariant(m) => write!(f, "invariant violated: {m}"),
            Problem::Nondeterministic(m) => write!(f, "the same seed gave another transcript, first at {m}"),
        }
    }
}

/// Everything a rejected line must leave as it was.
#[derive(PartialEq)]
struct Snapshot {
    view: ClusterView,
    commands: usize,
    clients: String,
    cuts: String,
    queued: u64,
    files: String,
}

fn snapshot(console: &Console) -> Snapshot {
    let sim = console.simulation();
    Snapshot {
        view: sim.view(),
        commands: sim.command_log().len(),
        clients: format!("{:?}", sim.client_ids()),
        cuts: format!("{:?}", sim.network().cuts().collect::<Vec<_>>()),
        queued: sim.queued(),
        files: format!("{:?}", console.files()),
    }
}

fn differences(a: &Snapshot, b: &Snapshot) -> String {
    let mut d = Vec::new();
    let mut note = |what: &str, same: bool| {
        if !same {
            d.push(what.to_string());
        }
    };
    note("trace hash", a.view.trace_hash == b.view.trace_hash);
    note("command log", a.commands == b.commands);
    note("clients", a.clients == b.clients);
    note("links", a.cuts == b.cuts);
    note("event queue", a.queued == b.queued);
    note("files", a.files == b.files);
    note("brokers", a.view.brokers == b.view.brokers);
    note("partitions", a.view.partitions == b.view.partitions);
    note("producers", a.view.producers == b.view.producers);
    note("view", a.view == b.view);
    d.join(", ")
}

/// The message of a caught panic.
pub(crate) fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into())
}

/// Runs `line` and checks it. The console is unusable after a panic.
pub fn run_checked(console: &mut Console, invariants: &mut Invariants, line: &str) -> Result<Output, Problem> {
    // A command, or the line that may close a here-document (its command runs then).
    let command = !console.reading_records() || console.reading_heredoc();
    let (events, now) = (console.simulation().events(), console.simulation().now());
    let before = command.then(|| snapshot(console));
    let out = quiet(|| catch_unwind(AssertUnwindSafe(|| console.run_line(line))))
        .map_err(|p| Problem::Panic(panic_message(p)))?;
    let sim = console.simulation();
    let used = sim.events() - events;
    if used > console.line_budget() {
        return Err(Problem::OverBudget { used, budget: console.line_budget() });
    }
    if let Some(before) = before.filter(|_| out.failed && used == 0 && sim.now() == now) {
        let after = snapshot(console);
        if before != after {
            return Err(Problem::RejectedChanged(differences(&before, &after)));
        }
    }
    if let Some(v) = invariants.check(sim).first() {
        return Err(Problem::Invariant(format!("{}: {}", v.property, v.detail)));
    }
    Ok(out)
}

thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` with the panic hook silent on this thread (other threads' panics still print).
pub(crate) fn quiet<T>(f: impl FnOnce() -> T) -> T {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                default(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let r = f();
    QUIET.with(|q| q.set(false));
    r
}
