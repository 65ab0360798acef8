//! The KafkaSim console: Kafka's command-line tools against the simulated
//! cluster, plus `sim` commands for what real Kafka cannot do on demand.
//!
//! One interpreter serves the native tool (`kafkasim console`) and the
//! browser's console panel, so a script gives the same transcript in both.
//! A [`Console`] owns a [`Simulation`]; [`Console::run_line`] takes one input
//! line and returns its [`Output`], which is also appended to the transcript:
//!
//! - a command is echoed `$ <command>`; blank lines and `#` comments are
//!   ignored; a line ending in `\` continues on the next line (as in the
//!   book's examples) and the joined command is echoed once;
//! - `kafka-console-producer` opens a producer session: every following line
//!   is a record, echoed `><line>`, until a line `^C` (echoed `>^C`) or the
//!   end of input ([`Console::finish`], echoed `>`);
//! - then comes what the tool prints, stdout and stderr interleaved in the
//!   order written (each line keeps its [`Stream`]).
//!
//! Errors are printed as the real tool prints them and the console goes on;
//! [`Console::failed`] says whether any command failed (the native tool's exit
//! status). Simulated time moves only when a command needs it: a produce runs
//! until the record is acknowledged or failed, an unreachable bootstrap server
//! waits out the admin timeout, and `sim advance` moves time explicitly.
//! Kafka texts follow Kafka 4.0 (see docs/console.md).

pub mod args;
mod bootstrap;
pub mod budget;
mod common;
mod configs;
mod consumer;
mod consumer_groups;
pub mod duration;
pub mod java;
mod leader_election;
pub mod output;
mod producer;
mod quorum;
mod sim_cmds;
mod topics;

pub use output::{Line, Output, Stream};

use crate::sim::simulation::{SimConfig, Simulation};
use crate::sim::time::secs;

/// Every Kafka tool with its jopt option table, and the `sim` subcommands
/// with theirs (the fuzzer derives its lines from these, so a new option is
/// fuzzed as soon as it is in a table).
pub fn option_tables() -> Vec<(&'static str, &'static [args::Spec])> {
    vec![
        ("kafka-topics", &topics::SPECS),
        ("kafka-configs", &configs::SPECS),
        ("kafka-console-consumer", &consumer::SPECS),
        ("kafka-console-producer", &producer::SPECS),
        ("kafka-consumer-groups", &consumer_groups::SPECS),
        ("kafka-leader-election", &leader_election::SPECS),
        ("sim producer start", &sim_cmds::PRODUCER_SPECS),
        ("sim consumer start", &sim_cmds::CONSUMER_SPECS),
    ]
}

/// The words `kafka-metadata-quorum` (an argparse4j tool, no jopt table) accepts.
pub const QUORUM_WORDS: [&str; 7] = [
    "describe",
    "--status",
    "--replication",
    "--human-readable",
    "--bootstrap-server",
    "--bootstrap-controller",
    "add-controller",
];

/// The text of `sim help` (every `sim` command with its arguments).
pub const SIM_HELP: &str = sim_cmds::HELP;

/// The interpreter and its simulated cluster.
pub struct Console {
    sim: Simulation,
    transcript: Vec<Line>,
    failed: bool,
    producer: Option<producer::Session>,
    /// The start of a command continued with a trailing `\`.
    continued: String,
    /// Most simulated events one line may process ([`budget`]).
    line_budget: u64,
}

impl Console {
    /// A fresh cluster of `brokers` brokers with `seed`, run until every
    /// broker has registered and been unfenced (the cluster has started).
    pub fn new(seed: u64, brokers: u32) -> Console {
        let mut sim = Simulation::new(SimConfig::new(seed, brokers));
        sim.run_until_condition(secs(30), |s| s.brokers.keys().all(|b| s.controller.image.is_active(*b)));
        Console::with_simulation(sim)
    }

    /// A console over an existing simulation (the browser's cluster on screen).
    pub fn with_simulation(sim: Simulation) -> Console {
        Console {
            sim,
            transcript: Vec::new(),
            failed: false,
            producer: None,
            continued: String::new(),
            line_budget: budget::LINE_EVENT_BUDGET,
        }
    }

    /// Sets the work budget of each following line (default [`budget::LINE_EVENT_BUDGET`]).
    pub fn set_line_budget(&mut self, events: u64) {
        self.line_budget = events;
    }

    /// The work budget of one line, in simulated events.
    pub fn line_budget(&self) -> u64 {
        self.line_budget
    }

    pub fn simulation(&self) -> &Simulation {
        &self.sim
    }

    pub fn simulation_mut(&mut self) -> &mut Simulation {
        &mut self.sim
    }

    /// Every line so far (echoes and outputs).
    pub fn transcript(&self) -> &[Line] {
        &self.transcript
    }

    /// The transcript as a terminal shows it.
    pub fn transcript_text(&self) -> String {
        output::render(&self.transcript)
    }

    /// Whether any command failed so far (exit status 1).
    pub fn failed(&self) -> bool {
        self.failed
    }

    /// Whether a console producer is reading records (the prompt is `>`).
    pub fn reading_records(&self) -> bool {
        self.producer.is_some()
    }

    /// Runs one input line, within the work budget of one line ([`budget`]).
    pub fn run_line(&mut self, line: &str) -> Output {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut out = Output::default();
        budget::start(&mut self.sim, self.line_budget);
        if let Some(mut session) = self.producer.take() {
            if line.trim() == "^C" {
                out.echo(">^C");
                session.close(&mut self.sim);
            } else {
                out.echo(&format!(">{line}"));
                if session.record(&mut self.sim, line, &mut out) {
                    self.producer = Some(session);
                }
            }
        } else {
            self.command_line(line, &mut out);
        }
        if budget::exhausted(&self.sim) {
            budget::note(&self.sim, self.line_budget, &mut out);
        }
        budget::end(&mut self.sim);
        self.record(out)
    }

    /// Ctrl+C: ends a producer session (a no-op otherwise).
    pub fn interrupt(&mut self) -> Output {
        if self.producer.is_some() {
            self.run_line("^C")
        } else {
            Output::default()
        }
    }

    /// End of input: a reading producer sees EOF and closes.
    pub fn finish(&mut self) -> Output {
        let mut out = Output::default();
        if let Some(session) = self.producer.take() {
            out.echo(">");
            session.close(&mut self.sim);
        }
        self.continued.clear();
        self.record(out)
    }

    /// Runs every line of `script`, then [`Console::finish`]; returns all output.
    pub fn run_script(&mut self, script: &str) -> Output {
        let mut all = Output::default();
        for line in script.lines() {
            all.extend(self.run_line(line));
        }
        all.extend(self.finish());
        all
    }

    fn record(&mut self, out: Output) -> Output {
        self.failed |= out.failed;
        self.transcript.extend(out.lines.iter().cloned());
        out
    }

    fn command_line(&mut self, line: &str, out: &mut Output) {
        let trimmed = line.trim();
        if let Some(start) = trimmed.strip_suffix('\\').filter(|s| !s.ends_with('\\')) {
            self.continued.push_str(start.trim());
            self.continued.push(' ');
            return;
        }
        let full = format!("{}{trimmed}", std::mem::take(&mut self.continued));
        let full = full.trim();
        if full.is_empty() || full.starts_with('#') || full == "^C" {
            return;
        }
        out.echo(&format!("$ {full}"));
        let words = match args::split_words(full) {
            Ok(w) => w,
            Err(e) => return out.fail(&format!("bash: {e}")),
        };
        self.dispatch(&words, out);
    }

    fn dispatch(&mut self, words: &[String], out: &mut Output) {
        let Some((tool, rest)) = words.split_first() else { return };
        let name = tool.rsplit('/').next().unwrap_or(tool);
        let name = name.strip_suffix(".sh").unwrap_or(name);
        let sim = &mut self.sim;
        match name {
            "kafka-topics" => topics::run(sim, rest, out),
            "kafka-console-producer" => self.producer = producer::start(sim, rest, out),
            "kafka-configs" => configs::run(sim, rest, out),
            "kafka-leader-election" => leader_election::run(sim, rest, out),
            "kafka-metadata-quorum" => quorum::run(sim, rest, out),
            "sim" => sim_cmds::run(sim, rest, out),
            "kafka-console-consumer" => consumer::run(sim, rest, out),
            "kafka-consumer-groups" => consumer_groups::run(sim, rest, out),
            _ => out.fail(&format!("{tool}: command not found")),
        }
    }
}
