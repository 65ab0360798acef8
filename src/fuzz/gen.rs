//! Random console lines from a seed: valid, half-valid and garbage.
//!
//! The tools and their options come from the console's own tables
//! ([`crate::console::option_tables`], [`crate::console::SIM_HELP`],
//! [`crate::console::QUORUM_WORDS`]), so an option added to a table is fuzzed
//! without touching this file. A line is one of: a Kafka tool with a random
//! subset of its options (values chosen by option name, see [`super::values`]);
//! a `sim` command built from its `sim help` line (faults, workloads,
//! `sim advance` with durations up to 99999h); a valid line mutated (a word
//! dropped, doubled, swapped or replaced by an extreme value, an option
//! abbreviated or written `--name=value`); a line of the console's shell
//! (`cat > F <<EOF` and its document, mostly `kafka-delete-records` JSON,
//! `cat`, `echo > F`, `ls`, `rm`); or shell garbage.

use super::values::{self, pick};
use crate::console::args::{Arg, Spec};
use crate::console::{option_tables, QUORUM_WORDS, SIM_HELP};
use crate::sim::rng::SimRng;

/// The line generator of one episode.
pub struct Gen {
    rng: SimRng,
    tables: Vec<(&'static str, &'static [Spec])>,
    /// Each `sim help` command as its words (`<id>`, `[--one-way]` ...).
    sim: Vec<Vec<&'static str>>,
    /// The delimiter of the last here-document opened.
    delimiter: String,
    /// Lines given to that here-document so far.
    doc_lines: u32,
}

/// What the console reads next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    Commands,
    /// A console producer's records.
    Records,
    /// A here-document's lines.
    Heredoc,
}

impl Reading {
    /// What `console` reads next.
    pub fn of(console: &crate::console::Console) -> Reading {
        if console.reading_heredoc() {
            Reading::Heredoc
        } else if console.reading_records() {
            Reading::Records
        } else {
            Reading::Commands
        }
    }
}

/// A few lines that give a fresh cluster something to work on.
const SETUP: [&str; 5] = [
    "kafka-topics --bootstrap-server localhost:9092 --create --topic t --partitions 3 --replication-factor 1",
    "kafka-topics --bootstrap-server localhost:9092 --create --topic orders --partitions 2",
    "sim producer start p1 --topic t --rate 20 --keys 3",
    "sim consumer start c1 --group g --topic t,orders",
    "sim consumer start c2 --group g --topic t --assignor sticky",
];

impl Gen {
    pub fn new(seed: u64) -> Gen {
        let mut sim: Vec<Vec<&'static str>> = Vec::new();
        for l in SIM_HELP.lines() {
            let usage = l.trim_start().split("  ").next().unwrap_or("");
            if l.starts_with("sim ") {
                sim.push(usage.split_whitespace().skip(1).collect());
            } else if l.trim_start().starts_with('[') {
                sim.last_mut().into_iter().for_each(|t| t.extend(usage.split_whitespace()));
            }
        }
        Gen { rng: SimRng::stream(seed, "fuzz"), tables: option_tables(), sim, delimiter: "EOF".into(), doc_lines: 0 }
    }

    /// The setup lines an episode starts with (some of them, in order).
    pub fn setup(&mut self) -> Vec<String> {
        let mut lines = vec![SETUP[0].to_string()];
        lines.extend(SETUP[1..].iter().filter(|_| self.rng.chance(3, 4)).map(|s| s.to_string()));
        lines
    }

    /// The next line for a console that reads `reading`.
    pub fn line(&mut self, reading: Reading) -> String {
        match reading {
            Reading::Records => return self.record(),
            Reading::Heredoc => return self.document_line(),
            Reading::Commands => {}
        }
        match self.rng.below(22) {
            20 | 21 => self.shell_line(),
            0..=7 => self.tool_line(),
            8..=10 => self.sim_line(),
            11..=13 => format!("sim advance {}", values::duration(&mut self.rng)),
            14..=17 => {
                let valid = if self.rng.chance(1, 2) { self.tool_line() } else { self.sim_line() };
                self.mutate(&valid)
            }
            18 => pick(&mut self.rng, &["", "# comment", "^C", "kafka-topics \\", "sim status", "sim ledger"]).into(),
            _ => values::garbage(&mut self.rng),
        }
    }

    /// A line of the console's shell: mostly opening a here-document for a file a tool reads.
    fn shell_line(&mut self) -> String {
        let file = values::file_name(&mut self.rng);
        match self.rng.below(14) {
            12 => format!("kafka-delete-records --bootstrap-server localhost:9092 --offset-json-file {}", quote(&file)),
            13 => {
                let time = values::option_value(&mut self.rng, "time");
                format!("kafka-get-offsets --bootstrap-server localhost:9092 --time {}", quote(&time))
            }
            0..=4 => {
                self.doc_lines = 0;
                self.delimiter = pick(&mut self.rng, &["EOF", "EOF", "EOF", "END", "'EOF'"]).trim_matches('\'').into();
                let (redirect, q) = (pick(&mut self.rng, &[">", ">>", "> ", ""]), pick(&mut self.rng, &["", "'", "-"]));
                let doc =
                    if q == "-" { format!("<<-{}", self.delimiter) } else { format!("<<{q}{}{q}", self.delimiter) };
                if redirect.is_empty() {
                    format!("cat {doc}")
                } else {
                    format!("cat {redirect}{} {doc}", quote(&file))
                }
            }
            5 => format!("cat {}", quote(&file)),
            6 => format!("echo {} > {}", quote(&values::offsets_json(&mut self.rng)), quote(&file)),
            7 => format!("rm {}{}", pick(&mut self.rng, &["", "-f "]), quote(&file)),
            8 => pick(&mut self.rng, &["ls", "ls -l", "cat", "cat >", "cat > <<EOF", "rm", "echo", "cat <<"]).into(),
            9 => format!("ls {}", quote(&file)),
            10 => format!("kafka-console-producer --bootstrap-server localhost:9092 --topic t <<{}", self.delimiter),
            _ => format!("cat {} > {}", quote(&file), quote(&values::file_name(&mut self.rng))),
        }
    }

    /// A line of an open here-document: JSON for `kafka-delete-records`, junk, or its end.
    fn document_line(&mut self) -> String {
        self.doc_lines += 1;
        if self.doc_lines == 1 && self.rng.chance(3, 4) {
            return values::offsets_json(&mut self.rng);
        }
        match self.rng.below(8) {
            0..=2 => self.delimiter.clone(),
            3 => format!("\t{}", self.delimiter),
            4 => values::garbage(&mut self.rng),
            5 => "x".repeat(self.rng.below(70_000) as usize),
            _ => values::offsets_json(&mut self.rng),
        }
    }

    /// A record line for a reading console producer.
    fn record(&mut self) -> String {
        match self.rng.below(12) {
            0 => "^C".into(),
            1 => String::new(),
            2 => format!("k{}:v", self.rng.below(5)),
            3 => values::weird_name(&mut self.rng, &["null", ":", "::"]),
            4 => values::garbage(&mut self.rng),
            _ => format!("record-{}", self.rng.below(1000)),
        }
    }

    /// A Kafka tool with some of its options.
    fn tool_line(&mut self) -> String {
        let i = self.rng.below(self.tables.len() as u64 + 1) as usize;
        let Some(&(tool, specs)) = self.tables.get(i) else { return self.quorum_line() };
        let mut words: Vec<String> = tool.split(' ').map(str::to_string).collect();
        if tool.starts_with("sim ") {
            words.push(values::client_id(&mut self.rng));
        } else if self.rng.chance(9, 10) {
            words.push("--bootstrap-server".into());
            words.push(values::bootstrap(&mut self.rng));
        }
        if specs.iter().any(|s| s.name == "topic") && self.rng.chance(2, 3) {
            words.push("--topic".into());
            words.push(values::topic(&mut self.rng));
        }
        let n = 1 + self.rng.below(5);
        for _ in 0..n {
            let spec = specs[self.rng.below(specs.len() as u64) as usize];
            if spec.name == "help" || spec.name == "version" {
                if self.rng.chance(1, 4) {
                    words.push(format!("--{}", spec.name));
                }
                continue;
            }
            words.push(format!("--{}", spec.name));
            if spec.arg == Arg::Required || spec.arg == Arg::Optional && self.rng.chance(1, 2) {
                words.push(values::option_value(&mut self.rng, spec.name));
            }
        }
        join(&words)
    }

    fn quorum_line(&mut self) -> String {
        let mut words = vec!["kafka-metadata-quorum".to_string()];
        for _ in 0..self.rng.below(5) {
            let w = pick(&mut self.rng, &QUORUM_WORDS);
            words.push(w.into());
            if w.starts_with("--bootstrap") {
                words.push(values::bootstrap(&mut self.rng));
            }
        }
        join(&words)
    }

    /// A `sim` command from its help line, placeholders filled in.
    fn sim_line(&mut self) -> String {
        let template = self.sim[self.rng.below(self.sim.len() as u64) as usize].clone();
        let mut words = vec!["sim".to_string()];
        let mut optional = false;
        let mut keep = true;
        for token in template {
            if token.starts_with('[') {
                optional = true;
                keep = self.rng.chance(1, 2);
            }
            if !optional || keep {
                let repeat = if token.ends_with("]...") { self.rng.below(3) } else { 1 };
                let bare = token.trim_start_matches('[');
                let bare = if optional { bare.trim_end_matches("...").trim_end_matches(']') } else { bare };
                for _ in 0..repeat {
                    words.push(self.fill(bare));
                }
            }
            if token.ends_with(']') || token.ends_with("]...") {
                optional = false;
            }
        }
        join(&words)
    }

    /// One placeholder of a `sim help` line.
    fn fill(&mut self, token: &str) -> String {
        let r = &mut self.rng;
        match token {
            "<id>" | "<a>" | "<b>" => values::broker(r),
            "<duration>" | "<latency>" => values::duration(r),
            "<client-id>" => values::client_id(r),
            "<n>" | "N" | "n" => values::number(r),
            "T" | "T[,T2...]" => {
                if r.chance(1, 4) {
                    format!("{},{}", values::topic(r), values::topic(r))
                } else {
                    values::topic(r)
                }
            }
            "G" => values::group(r),
            "I" => values::client_id(r),
            "k=v" => values::key_value(r),
            t if t.contains('|') => {
                let alternatives: Vec<&str> = t.split('|').collect();
                pick(r, &alternatives).to_string()
            }
            t => t.to_string(),
        }
    }

    /// A valid line, broken a little.
    fn mutate(&mut self, line: &str) -> String {
        let mut words: Vec<String> = crate::console::args::split_words(line).unwrap_or_default();
        if words.is_empty() {
            return line.to_string();
        }
        for _ in 0..1 + self.rng.below(2) {
            let i = self.rng.below(words.len() as u64) as usize;
            match self.rng.below(8) {
                0 if words.len() > 1 => {
                    words.remove(i);
                }
                1 => words.insert(i, words[i].clone()),
                2 => {
                    let j = self.rng.below(words.len() as u64) as usize;
                    words.swap(i, j);
                }
                3 => words[i] = values::number(&mut self.rng),
                4 => words[i] = values::weird_name(&mut self.rng, &["--", "-", "--nope"]),
                5 if words[i].len() > 4 && words[i].starts_with("--") => {
                    let cut = 3 + self.rng.below(words[i].len() as u64 - 3) as usize;
                    words[i].truncate(cut);
                }
                6 if i + 1 < words.len() && words[i].starts_with("--") => {
                    let value = words.remove(i + 1);
                    words[i] = format!("{}={value}", words[i]);
                }
                _ => words.truncate(i.max(1)),
            }
        }
        join(&words)
    }
}

/// Words joined into a line the console splits back into the same words.
pub fn join(words: &[String]) -> String {
    words.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" ")
}

fn quote(word: &str) -> String {
    let plain = !word.is_empty() && word.chars().all(|c| c.is_alphanumeric() || "-_.,:=/+@%^*".contains(c));
    if plain {
        word.to_string()
    } else if !word.contains('\'') {
        format!("'{word}'")
    } else {
        let escaped: String =
            word.chars().flat_map(|c| if "\"\\$`".contains(c) { vec!['\\', c] } else { vec![c] }).collect();
        format!("\"{escaped}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_words_split_back() {
        let words: Vec<String> =
            ["a b", "", "it's", "\\x", "\"q\"", "ü", "--x=1"].iter().map(|s| s.to_string()).collect();
        assert_eq!(crate::console::args::split_words(&join(&words)).unwrap(), words);
    }

    #[test]
    fn every_table_and_sim_command_is_reachable() {
        let g = Gen::new(1);
        assert!(g.tables.len() >= 8);
        assert!(g.sim.iter().any(|t| t.first() == Some(&"advance")));
        assert!(g.sim.iter().any(|t| t.first() == Some(&"link")));
    }
}
