//! Reading and checking lesson files. Every problem is reported, each with
//! the lesson id, the step number (1-based) and the field, so an instructor
//! can fix a file in one pass.

use super::condition::{parse_partition, Condition, Query, GROUP_COUNTERS, LEDGER_COUNTERS};
use super::{Highlights, Lesson, Prediction, Step, Task, Text, Wait};
use crate::console::args::split_words;
use crate::console::duration::parse_duration;
use serde_json::Value;
use std::fmt;

/// Fewest and most steps in a lesson.
pub const MIN_STEPS: usize = 3;
pub const MAX_STEPS: usize = 12;

/// One problem in a lesson file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonError {
    /// The lesson's id (`?` if the file has none).
    pub lesson: String,
    /// The step (1-based), or None for the lesson itself.
    pub step: Option<usize>,
    /// The field, e.g. `narration.ko`, `actions[2]`, `wait`.
    pub field: String,
    pub message: String,
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "lesson {}", self.lesson)?;
        if let Some(s) = self.step {
            write!(f, ", step {s}")?;
        }
        if !self.field.is_empty() {
            write!(f, ", {}", self.field)?;
        }
        write!(f, ": {}", self.message)
    }
}

struct Errors {
    lesson: String,
    list: Vec<LessonError>,
}

impl Errors {
    fn add(&mut self, step: Option<usize>, field: &str, message: impl Into<String>) {
        self.list.push(LessonError {
            lesson: self.lesson.clone(),
            step,
            field: field.to_string(),
            message: message.into(),
        });
    }
}

/// Step fields and a check that their value has the right shape (to name the field of a serde error).
const STEP_FIELDS: &[&str] = &["narration", "actions", "wait", "highlights", "prediction", "task"];

fn field_error(key: &str, v: &Value) -> Option<String> {
    // Through an owned Value, like `from_value` below: deserialising from
    // `&Value` would compile every lesson type's deserializer a second time.
    fn check<T: serde::de::DeserializeOwned>(v: &Value) -> Option<String> {
        serde_json::from_value::<T>(v.clone()).err().map(|e| e.to_string())
    }
    match key {
        "narration" | "title" | "summary" => check::<Text>(v),
        "actions" => check::<Vec<String>>(v),
        "wait" => check::<super::Wait>(v),
        "highlights" => check::<super::Highlights>(v),
        "prediction" => check::<super::Prediction>(v),
        "task" => check::<super::Task>(v),
        "scenario" => check::<super::Scenario>(v),
        "id" => check::<String>(v),
        _ => None,
    }
}

/// Parses one lesson file and validates it.
pub fn parse_lesson(json: &str) -> Result<Lesson, Vec<LessonError>> {
    let value: Value = match serde_json::from_str(json) {
        Ok(v) => v,
        Err(e) => {
            return Err(vec![LessonError {
                lesson: "?".into(),
                step: None,
                field: String::new(),
                message: format!("not valid JSON: {e}"),
            }])
        }
    };
    let id = value.get("id").and_then(Value::as_str).unwrap_or("?").to_string();
    let mut errs = Errors { lesson: id, list: Vec::new() };
    let Some(obj) = value.as_object() else {
        errs.add(None, "", "a lesson is a JSON object");
        return Err(errs.list);
    };
    // The lesson without its steps, then each step on its own, so errors say where.
    let mut head = obj.clone();
    let steps = head.insert("steps".into(), Value::Array(Vec::new()));
    let mut lesson: Option<Lesson> = match serde_json::from_value::<Lesson>(Value::Object(head.clone())) {
        Ok(l) => Some(l),
        Err(e) => {
            let field = head.iter().find(|(k, v)| field_error(k, v).is_some()).map(|(k, _)| k.clone());
            let msg = e.to_string();
            let field = field.or_else(|| unknown_field(&msg)).unwrap_or_default();
            errs.add(None, &field, msg);
            None
        }
    };
    let mut parsed = Vec::new();
    match steps {
        Some(Value::Array(steps)) => {
            for (i, s) in steps.iter().enumerate() {
                match serde_json::from_value::<Step>(s.clone()) {
                    Ok(step) => parsed.push(step),
                    Err(e) => {
                        let msg = e.to_string();
                        let field = s
                            .as_object()
                            .and_then(|o| {
                                o.iter().find(|(k, v)| STEP_FIELDS.contains(&k.as_str()) && field_error(k, v).is_some())
                            })
                            .map(|(k, _)| k.clone())
                            .or_else(|| unknown_field(&msg))
                            .unwrap_or_default();
                        errs.add(Some(i + 1), &field, msg);
                    }
                }
            }
        }
        Some(_) => errs.add(None, "steps", "steps must be a list"),
        None => errs.add(None, "steps", "missing field `steps`"),
    }
    if !errs.list.is_empty() {
        return Err(errs.list);
    }
    let mut lesson = lesson.take().expect("parsed without errors");
    lesson.steps = parsed;
    let problems = validate(&lesson);
    if problems.is_empty() {
        Ok(lesson)
    } else {
        Err(problems)
    }
}

/// The field named in serde's `unknown field `x`` / `missing field `x`` messages.
fn unknown_field(msg: &str) -> Option<String> {
    let start = msg.find('`')? + 1;
    let end = start + msg[start..].find('`')?;
    Some(msg[start..end].to_string())
}

/// Checks a parsed lesson: translations, step count, console lines, durations, conditions.
pub fn validate(lesson: &Lesson) -> Vec<LessonError> {
    let mut e = Errors { lesson: lesson.id.clone(), list: Vec::new() };
    if lesson.id.is_empty() || !lesson.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        e.add(None, "id", "an id is lowercase letters, digits and '-'");
    }
    text(&mut e, None, "title", &lesson.title);
    text(&mut e, None, "summary", &lesson.summary);
    let brokers = lesson.scenario.brokers;
    if !(1..=9).contains(&brokers) {
        e.add(None, "scenario.brokers", format!("{brokers} brokers: a lesson has 1 to 9"));
    }
    lines(&mut e, None, "scenario.setup", &lesson.scenario.setup);
    let n = lesson.steps.len();
    if !(MIN_STEPS..=MAX_STEPS).contains(&n) {
        e.add(None, "steps", format!("{n} steps: a lesson has {MIN_STEPS} to {MAX_STEPS}"));
    }
    for (i, step) in lesson.steps.iter().enumerate() {
        let s = Some(i + 1);
        text(&mut e, s, "narration", &step.narration);
        lines(&mut e, s, "actions", &step.actions);
        if let Some(w) = &step.wait {
            wait(&mut e, s, w, brokers);
        }
        highlights(&mut e, s, &step.highlights, brokers);
        if let Some(p) = &step.prediction {
            prediction(&mut e, s, p, brokers);
        }
        if let Some(t) = &step.task {
            task(&mut e, s, t, brokers);
        }
    }
    e.list
}

/// A step's `wait`: `for` or `until` (with an optional timeout).
fn wait(e: &mut Errors, s: Option<usize>, w: &Wait, brokers: u32) {
    match (&w.duration, &w.until) {
        (Some(_), Some(_)) | (None, None) => e.add(s, "wait", "a wait has either `for` or `until`"),
        _ => {}
    }
    for (name, d) in [("wait.for", &w.duration), ("wait.timeout", &w.timeout)] {
        if let Some(d) = d {
            if let Err(m) = parse_duration(d) {
                e.add(s, name, m);
            }
        }
    }
    if w.timeout.is_some() && w.until.is_none() {
        e.add(s, "wait.timeout", "a timeout goes with `until`");
    }
    if let Some(c) = &w.until {
        condition(e, s, "wait.until", c, brokers);
    }
}

/// A step's highlights name brokers, partitions and counters that exist.
fn highlights(e: &mut Errors, s: Option<usize>, h: &Highlights, brokers: u32) {
    for b in &h.brokers {
        broker(e, s, "highlights.brokers", *b, brokers);
    }
    for p in &h.partitions {
        partition(e, s, "highlights.partitions", p);
    }
    for c in &h.ledger {
        if !LEDGER_COUNTERS.contains(&c.as_str()) {
            e.add(
                s,
                "highlights.ledger",
                format!("unknown ledger counter '{c}' (one of {})", LEDGER_COUNTERS.join(", ")),
            );
        }
    }
}

/// A prediction: a question, two or more distinct choices, an answer query.
fn prediction(e: &mut Errors, s: Option<usize>, p: &Prediction, brokers: u32) {
    text(e, s, "prediction.question", &p.question);
    if p.choices.len() < 2 {
        e.add(s, "prediction.choices", "a prediction has at least two choices");
    }
    for (j, c) in p.choices.iter().enumerate() {
        if p.choices[..j].iter().any(|o| o.value == c.value) {
            e.add(s, "prediction.choices", format!("choice '{}' appears twice", c.value));
        }
        if let Some(l) = &c.label {
            text(e, s, &format!("prediction.choices[{j}].label"), l);
        }
    }
    query(e, s, "prediction.answer", &p.answer, brokers);
    if let Some(x) = &p.expect {
        if !p.choices.iter().any(|c| c.value == *x) {
            e.add(s, "prediction.expect", format!("'{x}' is not one of the choices"));
        }
    }
    if let Some(t) = &p.explanation {
        text(e, s, "prediction.explanation", t);
    }
}

/// A task: a goal, a check and a solution the tests can run.
fn task(e: &mut Errors, s: Option<usize>, t: &Task, brokers: u32) {
    text(e, s, "task.goal", &t.goal);
    if let Some(h) = &t.hint {
        text(e, s, "task.hint", h);
    }
    condition(e, s, "task.check", &t.check, brokers);
    if t.solution.is_empty() {
        e.add(s, "task.solution", "a task has a solution (console lines the tests run)");
    }
    lines(e, s, "task.solution", &t.solution);
}

fn text(e: &mut Errors, step: Option<usize>, field: &str, t: &Text) {
    if t.ko.trim().is_empty() {
        e.add(step, &format!("{field}.ko"), "missing Korean text");
    }
    if t.en.trim().is_empty() {
        e.add(step, &format!("{field}.en"), "missing English text");
    }
}

fn broker(e: &mut Errors, step: Option<usize>, field: &str, b: u32, brokers: u32) {
    if b == 0 || b > brokers {
        e.add(step, field, format!("unknown broker {b} (brokers are 1..{brokers})"));
    }
}

fn partition(e: &mut Errors, step: Option<usize>, field: &str, p: &str) {
    if parse_partition(p).is_none() {
        e.add(step, field, format!("'{p}' is not a partition (write topic-n, e.g. orders-0)"));
    }
}

fn counter(e: &mut Errors, step: Option<usize>, field: &str, c: &str, known: &[&str]) {
    if !known.contains(&c) {
        e.add(step, field, format!("unknown counter '{c}' (one of {})", known.join(", ")));
    }
}

fn query(e: &mut Errors, s: Option<usize>, field: &str, q: &Query, brokers: u32) {
    match q {
        Query::Leader(p)
        | Query::Isr(p)
        | Query::IsrSize(p)
        | Query::LeaderEpoch(p)
        | Query::Hw(p)
        | Query::Leo(p)
        | Query::LogStart(p)
        | Query::Segments(p)
        | Query::Records(p)
        | Query::KeyOffsets { partition: p, .. }
        | Query::LatestValue { partition: p, .. } => partition(e, s, field, p),
        Query::ValueAt { partition: p, offset } => {
            partition(e, s, field, p);
            if *offset < 0 {
                e.add(s, field, format!("offset {offset}: offsets start at 0"));
            }
        }
        Query::TopicConfig { key, .. } => {
            if crate::sim::config::TopicConfig::default().get(key).is_none() {
                e.add(s, field, format!("'{key}' is not a topic config KafkaSim models"));
            }
        }
        Query::Owner { partition: p, .. } | Query::Committed { partition: p, .. } => partition(e, s, field, p),
        Query::Ledger(c) => counter(e, s, field, c, LEDGER_COUNTERS),
        Query::GroupLedger { counter: c, .. } => counter(e, s, field, c, GROUP_COUNTERS),
        Query::BrokerState(b) | Query::Fenced(b) => broker(e, s, field, *b, brokers),
        Query::Holds(c) => condition(e, s, field, c, brokers),
        Query::KeyPartition { .. }
        | Query::GroupState(_)
        | Query::GroupMembers(_)
        | Query::IdleMembers(_)
        | Query::Owned(_) => {}
    }
}

fn condition(e: &mut Errors, s: Option<usize>, field: &str, c: &Condition, brokers: u32) {
    match c {
        Condition::BrokerFenced(b) | Condition::BrokerUnfenced(b) => broker(e, s, field, *b, brokers),
        Condition::LeaderChanged(p) | Condition::IsrSize { partition: p, .. } => partition(e, s, field, p),
        Condition::GroupStable(_) | Condition::RecordFailed(_) => {}
        Condition::Check { query: q, equals, at_least, at_most } => {
            query(e, s, field, q, brokers);
            if equals.is_none() && at_least.is_none() && at_most.is_none() {
                e.add(s, field, "a check needs `equals`, `at_least` or `at_most`");
            }
        }
        Condition::Equal(a, b) => {
            query(e, s, field, a, brokers);
            query(e, s, field, b, brokers);
        }
        Condition::All(cs) | Condition::Any(cs) => {
            for c in cs {
                condition(e, s, field, c, brokers);
            }
        }
        Condition::Not(c) => condition(e, s, field, c, brokers),
    }
}

/// The Kafka tools the console knows.
pub const TOOLS: &[&str] = &[
    "kafka-topics",
    "kafka-console-producer",
    "kafka-console-consumer",
    "kafka-consumer-groups",
    "kafka-configs",
    "kafka-leader-election",
    "kafka-metadata-quorum",
    "kafka-delete-records",
    "kafka-get-offsets",
    "kafka-log-dirs",
    "cat",
    "echo",
    "ls",
    "rm",
];

/// `sim` subcommands.
pub const SIM_COMMANDS: &[&str] =
    &["advance", "broker", "link", "producer", "consumer", "ledger", "trace", "status", "seed", "help"];

/// Checks a `sim` line: a known subcommand, and `sim advance`'s duration.
fn sim_line(e: &mut Errors, s: Option<usize>, f: &str, words: &[String]) {
    match words.get(1) {
        Some(sub) if SIM_COMMANDS.contains(&sub.as_str()) => {
            if sub == "advance" {
                if let Some(Err(m)) = words.get(2).map(|d| parse_duration(d)) {
                    e.add(s, f, m);
                }
            }
        }
        Some(sub) => e.add(s, f, format!("unknown command 'sim {sub}' (one of {})", SIM_COMMANDS.join(", "))),
        None => e.add(s, f, "'sim' needs a subcommand"),
    }
}

/// Checks console lines: known tools and `sim` subcommands; a console
/// producer reads records until a `^C` in the same list, a here-document
/// (`cat > F <<EOF`) its lines up to its delimiter.
fn lines(e: &mut Errors, s: Option<usize>, field: &str, lines: &[String]) {
    let mut heredoc: Option<(String, bool)> = None;
    let mut producing = false;
    let mut continued = false;
    // A console producer whose command line continues with `\`.
    let mut producer_pending = false;
    for (i, line) in lines.iter().enumerate() {
        let f = format!("{field}[{}]", i + 1);
        let t = line.trim();
        if let Some((delimiter, strip_tabs)) = &heredoc {
            let body = if *strip_tabs { line.trim_start_matches('\t') } else { line.as_str() };
            if body == delimiter {
                heredoc = None;
            }
            continue;
        }
        if producing {
            producing = t != "^C";
            continue;
        }
        let was_continued = continued;
        continued = t.ends_with('\\');
        if was_continued {
            if !continued && std::mem::take(&mut producer_pending) {
                producing = true;
            }
            continue;
        }
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let words = match split_words(t) {
            Ok(w) => w,
            Err(m) => {
                e.add(s, &f, m);
                continue;
            }
        };
        let Some(tool) = words.first() else { continue };
        let name = tool.rsplit('/').next().unwrap_or(tool);
        let name = name.strip_suffix(".sh").unwrap_or(name);
        if name == "sim" {
            sim_line(e, s, &f, &words);
        } else if !TOOLS.contains(&name) {
            e.add(s, &f, format!("unknown command '{tool}' (the console knows {} and sim)", TOOLS.join(", ")));
        } else if name == "kafka-console-producer" {
            producing = !continued;
            producer_pending = continued;
        } else if crate::console::shell::COMMANDS.contains(&name) {
            heredoc = crate::console::shell::heredoc_delimiter(&words[1..]);
        }
    }
    if let Some((delimiter, _)) = heredoc {
        e.add(s, field, format!("a here-document is still open: end it with a line {delimiter}"));
    }
    if producing {
        e.add(s, field, "kafka-console-producer is still reading records: end them with a line ^C");
    }
    if continued {
        e.add(s, field, "the last line ends with '\\' (continued)");
    }
}
