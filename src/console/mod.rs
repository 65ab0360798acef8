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
//! - a here-document (`cat > offsets.json <<EOF`) takes every following
//!   line, echoed `> <line>`, up to its delimiter line; the console keeps
//!   such files for the tools that read one ([`shell`]: `cat`, `echo`, `ls`, `rm`);
//! - then comes what the tool prints, stdout and stderr interleaved in the
//!   order written (each line keeps its [`Stream`]).
//!
//! `kafka-console-consumer` runs to its end within its line (a script), or,
//! on an interactive console ([`Console::set_interactive`], the browser), as
//! a foreground process: [`Console::pump`] prints what it received each time
//! the simulation moved, until it ends or [`Console::interrupt`] stops it.
//!
//! Errors are printed as the real tool prints them and the console goes on;
//! [`Console::failed`] says whether any command failed (the native tool's exit
//! status). Simulated time moves only when a command needs it: a record waits
//! in the producer's accumulator and closing the producer (`^C`, end of input)
//! runs until every record is acknowledged or failed (with `--sync` each
//! record waits for its own), an unreachable bootstrap server waits out the
//! admin timeout, and `sim advance` moves time explicitly. When the
//! simulation plays (the browser), [`Console::pump`] logs the producer's
//! failed sends as they complete.
//! Kafka texts follow Kafka 4.0 (see docs/console.md).

pub mod args;
mod bootstrap;
pub mod budget;
mod common;
mod configs;
mod consumer;
mod consumer_groups;
mod delete_records;
pub mod duration;
mod get_offsets;
pub mod java;
mod leader_election;
mod log_dirs;
pub mod output;
mod producer;
mod quorum;
pub mod shell;
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
        ("kafka-delete-records", &delete_records::SPECS),
        ("kafka-get-offsets", &get_offsets::SPECS),
        ("kafka-log-dirs", &log_dirs::SPECS),
        ("sim producer start", &sim_cmds::PRODUCER_SPECS),
        ("sim consumer start", &sim_cmds::CONSUMER_SPECS),
    ]
}

/// Every command the console runs: the Kafka tools, `sim`, and the shell's
/// own commands ([`shell::COMMANDS`]). A tool may be typed with a path and
/// `.sh` (`bin/kafka-topics.sh`).
pub const TOOLS: [&str; 15] = [
    "kafka-topics",
    "kafka-configs",
    "kafka-console-consumer",
    "kafka-console-producer",
    "kafka-consumer-groups",
    "kafka-leader-election",
    "kafka-metadata-quorum",
    "kafka-delete-records",
    "kafka-get-offsets",
    "kafka-log-dirs",
    "sim",
    "cat",
    "echo",
    "ls",
    "rm",
];

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
    /// Interactive: the console consumer runs in the foreground.
    interactive: bool,
    /// The console consumer running in the foreground.
    consumer: Option<consumer::Process>,
    /// The start of a command continued with a trailing `\`.
    continued: String,
    /// Most simulated events one line may process ([`budget`]).
    line_budget: u64,
    /// The console's files (here-documents, `echo > F`).
    files: shell::Files,
    /// A command reading its here-document.
    heredoc: Option<shell::Heredoc>,
    /// Input lines read so far (bash's here-document warning names a line).
    lines_read: u64,
}

impl Console {
    /// A fresh cluster of `brokers` brokers with `seed`, run until every
    /// broker has registered and been unfenced (the cluster has started).
    pub fn new(seed: u64, brokers: u32) -> Console {
        let mut sim = Simulation::new(SimConfig::new(seed, brokers));
        sim.run_until_condition(secs(30), |s| s.brokers().keys().all(|b| s.controller().image.is_active(*b)));
        Console::with_simulation(sim)
    }

    /// A console over an existing simulation (the browser's cluster on screen).
    pub fn with_simulation(sim: Simulation) -> Console {
        Console {
            sim,
            transcript: Vec::new(),
            failed: false,
            producer: None,
            interactive: false,
            consumer: None,
            continued: String::new(),
            line_budget: budget::LINE_EVENT_BUDGET,
            files: shell::Files::default(),
            heredoc: None,
            lines_read: 0,
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

    /// Whether the console reads lines that are not commands: a console
    /// producer's records or a here-document (the prompt is `>`).
    pub fn reading_records(&self) -> bool {
        self.producer.is_some() || self.heredoc.is_some()
    }

    /// Whether a here-document is open (bash's prompt is `> `).
    pub fn reading_heredoc(&self) -> bool {
        self.heredoc.is_some()
    }

    /// The prompt before the next line: `$ `, the producer's `>`, or bash's `> `.
    pub fn prompt(&self) -> &'static str {
        match (&self.producer, &self.heredoc) {
            (Some(_), _) => ">",
            (None, Some(_)) => "> ",
            (None, None) => "$ ",
        }
    }

    /// The console's files (what `ls` lists).
    pub fn files(&self) -> &shell::Files {
        &self.files
    }

    /// Makes `kafka-console-consumer` a foreground process (the browser's
    /// console) instead of running it to its end within its line.
    pub fn set_interactive(&mut self, interactive: bool) {
        self.interactive = interactive;
    }

    /// Whether a console consumer runs in the foreground.
    pub fn consumer_running(&self) -> bool {
        self.consumer.is_some()
    }

    /// After the simulation moved: the console producer's callbacks log the
    /// sends that failed, and the foreground consumer prints what it
    /// received, and ends if it is done (`--max-messages`, `--timeout-ms`, an
    /// error) unless `replaying` (a shared run journals how it ended).
    pub fn pump(&mut self, replaying: bool) -> Output {
        let mut out = Output::default();
        if let Some(session) = self.producer.as_mut() {
            session.report(&self.sim, &mut out);
        }
        let mode = if replaying { consumer::Mode::Replay } else { consumer::Mode::Foreground };
        if let Some(mut process) = self.consumer.take() {
            if process.poll(&mut self.sim, &mut out, mode) {
                self.consumer = Some(process);
            } else {
                process.finish(&mut self.sim, &mut out, consumer::Mode::Foreground);
            }
        }
        self.record(out)
    }

    /// Runs one input line, within the work budget of one line ([`budget`]).
    pub fn run_line(&mut self, line: &str) -> Output {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut out = Output::default();
        self.lines_read += 1;
        budget::start(&mut self.sim, self.line_budget);
        if let Some(mut doc) = self.heredoc.take() {
            out.echo(&format!("> {line}"));
            if doc.feed(line) {
                self.end_heredoc(doc, &mut out);
            } else {
                self.heredoc = Some(doc);
            }
        } else if let Some(mut session) = self.producer.take() {
            if line.trim() == "^C" {
                out.echo(">^C");
                session.close(&mut self.sim, &mut out);
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

    /// Ctrl+C: cancels a here-document, ends a producer session, else the
    /// foreground consumer (a no-op otherwise).
    pub fn interrupt(&mut self) -> Output {
        if self.heredoc.take().is_some() {
            let mut out = Output::default();
            out.echo("> ^C");
            return self.record(out);
        }
        if self.producer.is_some() {
            return self.run_line("^C");
        }
        self.stop_consumer()
    }

    /// Ctrl+C, Esc or the stop button: ends the foreground consumer (a no-op without one).
    pub fn stop_consumer(&mut self) -> Output {
        let mut out = Output::default();
        if let Some(process) = self.consumer.take() {
            out.echo("^C");
            process.finish(&mut self.sim, &mut out, consumer::Mode::Foreground);
        }
        self.record(out)
    }

    /// End of input: a reading producer sees EOF and closes.
    pub fn finish(&mut self) -> Output {
        let mut out = Output::default();
        if let Some(doc) = self.heredoc.take() {
            out.err(&doc.eof_warning());
            self.end_heredoc(doc, &mut out);
        }
        if let Some(mut session) = self.producer.take() {
            out.echo(">");
            // Closing the producer waits for its records, within one line's budget.
            budget::start(&mut self.sim, self.line_budget);
            session.close(&mut self.sim, &mut out);
            if budget::exhausted(&self.sim) {
                budget::note(&self.sim, self.line_budget, &mut out);
            }
            budget::end(&mut self.sim);
        }
        if let Some(process) = self.consumer.take() {
            process.finish(&mut self.sim, &mut out, consumer::Mode::Foreground);
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
        if shell::COMMANDS.contains(&name) {
            self.heredoc = shell::run(&mut self.files, name, rest, self.lines_read, out);
            return;
        }
        // bash reads a command's here-document before it runs the command.
        if let Some(doc) = shell::Heredoc::open(tool, rest, self.lines_read) {
            self.heredoc = Some(doc);
            return;
        }
        if self.consumer.is_some() && (name == "kafka-console-consumer" || name == "kafka-console-producer") {
            return out.fail(&format!(
                "{name}: a console consumer is running in the foreground; stop it first (Ctrl+C, Esc or the stop button)"
            ));
        }
        let sim = &mut self.sim;
        match name {
            "kafka-topics" => topics::run(sim, rest, out),
            "kafka-console-producer" => self.producer = producer::start(sim, rest, out),
            "kafka-configs" => configs::run(sim, rest, out),
            "kafka-leader-election" => leader_election::run(sim, rest, out),
            "kafka-metadata-quorum" => quorum::run(sim, rest, out),
            "sim" => sim_cmds::run(sim, rest, out),
            "kafka-console-consumer" if !self.interactive => consumer::run(sim, rest, out),
            "kafka-console-consumer" => self.start_consumer(rest, out),
            "kafka-consumer-groups" => consumer_groups::run(sim, rest, out),
            "kafka-delete-records" => delete_records::run(sim, &self.files, rest, out),
            "kafka-get-offsets" => get_offsets::run(sim, &self.files, rest, out),
            "kafka-log-dirs" => log_dirs::run(sim, &self.files, rest, out),
            _ => out.fail(&format!("{tool}: command not found")),
        }
    }

    /// A here-document is complete: its command runs. KafkaSim's Kafka
    /// tools read files, not standard input, so they refuse one.
    fn end_heredoc(&mut self, doc: shell::Heredoc, out: &mut Output) {
        let command = doc.command().to_string();
        let name = command.rsplit('/').next().unwrap_or(&command);
        let name = name.strip_suffix(".sh").unwrap_or(name);
        if shell::COMMANDS.contains(&name) {
            doc.finish(&mut self.files, out);
        } else if TOOLS.contains(&name) {
            out.fail(&format!(
                "kafkasim: {name} does not read a here-document here: write it to a file (cat > F <<EOF) and pass the file"
            ));
        } else {
            out.fail(&format!("{command}: command not found"));
        }
    }

    /// Starts the foreground console consumer.
    fn start_consumer(&mut self, words: &[String], out: &mut Output) {
        let Some(mut process) = consumer::start(&mut self.sim, words, out) else { return };
        if process.poll(&mut self.sim, out, consumer::Mode::Foreground) {
            self.consumer = Some(process);
        } else {
            process.finish(&mut self.sim, out, consumer::Mode::Foreground);
        }
    }
}
