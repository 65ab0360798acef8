//! The fuzzer: random console lines against a simulated cluster, checked after every line.
//!
//! A run is a sequence of *episodes*: a fresh [`Console`] (1 to 4 brokers,
//! a seed derived from the run's seed and the episode number), a few setup
//! lines, then random lines from [`gen::Gen`] — every tool and option,
//! out-of-range numbers, empty, huge and non-ASCII names, durations up to
//! 99999h, broker and link faults, workloads and `sim advance`. After each
//! line [`check::run_checked`] checks for panics, the line's work budget,
//! rejected lines that changed the simulation, and the invariants; every
//! `DETERMINISM_EVERY`-th episode is run twice and must give a byte-identical
//! transcript. A failure is reported with its seed, episode and a script
//! minimised by delta debugging ([`minimise::ddmin`]) that a
//! `kafkasim console --seed N --brokers N` reproduces.
//!
//! [`files`] fuzzes share links, run files and lesson files the same way.
//! `kafkasim fuzz` runs it from the command line; `tests/fuzz.rs` in CI.

pub mod check;
pub mod cli;
pub mod files;
pub mod gen;
pub mod minimise;
pub mod values;

use crate::console::{Console, Stream};
use crate::sim::hash::fnv1a64;
use crate::sim::invariants::Invariants;
use crate::sim::rng::SimRng;
use check::Problem;
use std::collections::BTreeSet;

/// Every this many episodes, one is run twice and compared byte for byte.
pub const DETERMINISM_EVERY: u64 = 25;

/// What to fuzz.
#[derive(Clone, Debug)]
pub struct FuzzConfig {
    pub seed: u64,
    /// Lines in all (setup lines included).
    pub lines: u64,
    /// Lines per episode (a fresh cluster each).
    pub episode_lines: u64,
    /// The work budget of one line, in simulated events.
    pub line_budget: u64,
}

impl FuzzConfig {
    pub fn new(seed: u64, lines: u64) -> FuzzConfig {
        FuzzConfig { seed, lines, episode_lines: 200, line_budget: 100_000 }
    }
}

/// A failed check, with what reproduces it.
#[derive(Clone, Debug)]
pub struct Failure {
    pub seed: u64,
    pub episode: u64,
    /// The seed and broker count of the episode's console.
    pub console_seed: u64,
    pub brokers: u32,
    pub line_budget: u64,
    pub problem: Problem,
    /// The line that failed.
    pub line: String,
    /// The episode's lines up to the failing one, minimised.
    pub script: Vec<String>,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "fuzz failure (seed {}, episode {}): {}", self.seed, self.episode, self.problem)?;
        writeln!(f, "line: {}", self.line)?;
        writeln!(f, "minimised script ({} lines; line budget {} events):", self.script.len(), self.line_budget)?;
        writeln!(f, "# seed: {}", self.console_seed)?;
        writeln!(f, "# brokers: {}", self.brokers)?;
        for l in &self.script {
            writeln!(f, "{l}")?;
        }
        Ok(())
    }
}

/// What a run found.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub lines: u64,
    pub episodes: u64,
    /// Simulated events processed by all lines.
    pub events: u64,
    /// Lines that used their whole work budget (stopped early, with a note).
    pub budget_stops: u64,
    /// Lines that failed (the tool's exit status would be 1).
    pub failed_lines: u64,
    /// Every distinct stderr text (numbers replaced by `N`, log dates dropped).
    pub errors: BTreeSet<String>,
    /// A hash of every episode's transcript, in order.
    pub transcript_hash: u64,
    pub failures: Vec<Failure>,
}

/// `KAFKASIM_FUZZ_TRACE=1`: print every line before it runs (finds the line of a hang).
fn trace_lines() -> bool {
    std::env::var_os("KAFKASIM_FUZZ_TRACE").is_some()
}

/// The console of `episode`: its seed and broker count.
pub fn episode_console(seed: u64, episode: u64) -> (u64, u32) {
    let mut rng = SimRng::stream(seed, &format!("fuzz episode {episode}"));
    (rng.next_u64() % 1_000_000, 1 + rng.below(4) as u32)
}

/// Runs the whole fuzz campaign; `progress` is called after every episode.
pub fn run(config: &FuzzConfig, mut progress: impl FnMut(&Report)) -> Report {
    let mut report = Report::default();
    let mut episode = 0;
    while report.lines < config.lines {
        let n = config.episode_lines.min(config.lines - report.lines);
        let transcript = run_episode(config, episode, n, &mut report);
        if episode % DETERMINISM_EVERY == 0 {
            let again = run_episode(config, episode, n, &mut Report::default());
            if again != transcript {
                report.failures.push(nondeterministic(config, episode, &transcript, &again));
            }
        }
        report.transcript_hash =
            fnv1a64(&[report.transcript_hash.to_le_bytes(), fnv1a64(transcript.as_bytes()).to_le_bytes()].concat());
        report.episodes += 1;
        episode += 1;
        progress(&report);
    }
    report
}

fn nondeterministic(config: &FuzzConfig, episode: u64, a: &str, b: &str) -> Failure {
    let (console_seed, brokers) = episode_console(config.seed, episode);
    let first = a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(0);
    Failure {
        seed: config.seed,
        episode,
        console_seed,
        brokers,
        line_budget: config.line_budget,
        problem: Problem::Nondeterministic(format!("transcript line {}", first + 1)),
        line: String::new(),
        script: Vec::new(),
    }
}

/// The transcript of one episode of a run (what `kafkasim fuzz --show N` prints).
pub fn episode_transcript(config: &FuzzConfig, episode: u64) -> String {
    run_episode(config, episode, config.episode_lines, &mut Report::default())
}

/// The lines of `episode`, generated as they are run (a line depends on whether a producer reads records).
fn run_episode(config: &FuzzConfig, episode: u64, n: u64, report: &mut Report) -> String {
    let (console_seed, brokers) = episode_console(config.seed, episode);
    let mut console = Console::new(console_seed, brokers);
    console.set_line_budget(config.line_budget);
    let mut invariants = Invariants::new(false);
    let mut gen = gen::Gen::new(console_seed);
    let mut lines: Vec<String> = gen.setup();
    lines.truncate(n as usize);
    let mut i = 0;
    while (i as u64) < n {
        if i == lines.len() {
            lines.push(gen.line(gen::Reading::of(&console)));
        }
        let events = console.simulation().events();
        report.lines += 1;
        if trace_lines() {
            eprintln!("fuzz line (episode {episode}): {}", lines[i]);
        }
        match check::run_checked(&mut console, &mut invariants, &lines[i]) {
            Ok(out) => {
                report.events += console.simulation().events() - events;
                report.failed_lines += u64::from(out.failed);
                for l in out.lines.iter().filter(|l| l.stream == Stream::Stderr) {
                    report.budget_stops += u64::from(l.text.starts_with("kafkasim: stopped at"));
                    report.errors.insert(normalise(&l.text));
                }
            }
            Err(problem) => {
                let script = minimise::minimise(console_seed, brokers, config.line_budget, &lines[..=i], &problem);
                report.failures.push(Failure {
                    seed: config.seed,
                    episode,
                    console_seed,
                    brokers,
                    line_budget: config.line_budget,
                    problem,
                    line: lines[i].clone(),
                    script,
                });
                return format!("(episode {episode} stopped at line {i})");
            }
        }
        i += 1;
    }
    console.finish();
    console.transcript_text()
}

/// An error text without its log date and with every number as `N`.
pub fn normalise(text: &str) -> String {
    let text = match text.strip_prefix('[').and_then(|t| t.split_once("] ")) {
        Some((_, rest)) => rest,
        None => text,
    };
    let mut s = String::new();
    let mut digits = false;
    for c in text.chars().take(300) {
        if c.is_ascii_digit() {
            if !digits {
                s.push('N');
            }
            digits = true;
        } else {
            digits = false;
            s.push(c);
        }
    }
    s
}
