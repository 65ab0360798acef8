//! Lessons: guided, narrated walks through a simulated cluster.
//!
//! A lesson is data (a JSON file under `static/lessons/`, format in
//! `docs/lessons.md`): a starting scenario (seed, brokers, console lines),
//! then 3–12 steps. Each step has narration in Korean and English, console
//! lines to run (the same language as the console), an optional wait, what to
//! highlight, and optionally a prediction question (answered from the
//! simulation's state after the step) or a task for the learner (a
//! [`Condition`] checked against the simulation).
//!
//! - [`parse_lesson`] reads and validates one file, returning every problem
//!   as a [`LessonError`] with the lesson id, step number and field;
//! - [`builtin`] returns the lessons shipped with the app (embedded with
//!   `include_str!`, so the browser needs no fetch);
//! - [`LessonRun`] plays a lesson: next, previous, go to any step by
//!   deterministic replay from the start.
//!
//! Pure Rust: no browser dependencies, tested natively (`tests/lessons.rs`).

pub mod condition;
mod run;
mod validate;

pub use condition::{Condition, Query};
pub use run::{LessonRun, RunError, StepOutcome};
pub use validate::{parse_lesson, validate, LessonError};

use serde::{Deserialize, Serialize};

/// A text in both languages of the app.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub ko: String,
    pub en: String,
}

/// The languages lessons are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Ko,
    En,
}

impl Lang {
    /// `ko` or `en` (anything else is None).
    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "ko" => Some(Lang::Ko),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ko => &self.ko,
            Lang::En => &self.en,
        }
    }
}

/// A whole lesson.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// Lowercase letters, digits and `-`; used in URLs (`lesson=<id>`).
    pub id: String,
    pub title: Text,
    pub summary: Text,
    pub scenario: Scenario,
    pub steps: Vec<Step>,
}

/// How the cluster starts before step 1.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub seed: u64,
    #[serde(default = "three")]
    pub brokers: u32,
    /// Console lines run before step 1 (not shown as a step).
    #[serde(default)]
    pub setup: Vec<String>,
}

fn three() -> u32 {
    3
}

/// One step of a lesson.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub narration: Text,
    /// Console lines run when the step is entered.
    #[serde(default)]
    pub actions: Vec<String>,
    /// Run on after the actions: for a time, or until a condition holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait: Option<Wait>,
    #[serde(default)]
    pub highlights: Highlights,
    /// Asked before the step is entered; answered from the state after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prediction: Option<Prediction>,
    /// Something for the learner to do at this step, checked automatically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<Task>,
}

/// `{"for": "10s"}` or `{"until": <condition>, "timeout": "60s"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wait {
    /// Simulated time to run (a console duration: `500ms`, `10s`, `2m`).
    #[serde(default, rename = "for", skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Condition>,
    /// Longest wait for `until` (default 60s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<String>,
}

/// What the picture spotlights during a step.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Highlights {
    #[serde(default)]
    pub brokers: Vec<u32>,
    /// `topic-p`, e.g. `orders-0`.
    #[serde(default)]
    pub partitions: Vec<String>,
    /// Ledger counters: `acked`, `acked-lost`, `duplicated`, `reordered`, `failed`,
    /// `redelivered`, `skipped`.
    #[serde(default)]
    pub ledger: Vec<String>,
    /// Consumer groups.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Clients (producers and consumers) by client id.
    #[serde(default)]
    pub clients: Vec<String>,
}

impl Highlights {
    pub fn is_empty(&self) -> bool {
        self.brokers.is_empty()
            && self.partitions.is_empty()
            && self.ledger.is_empty()
            && self.groups.is_empty()
            && self.clients.is_empty()
    }
}

/// A multiple-choice question whose answer the simulation computes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prediction {
    pub question: Text,
    pub choices: Vec<Choice>,
    /// What to read from the simulation after the step: the right choice is the one with that value.
    pub answer: Query,
    /// The value the author expects (checked by the tests, so a change in the
    /// simulator that changes the story is noticed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<String>,
    /// Shown after answering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Text>,
}

/// A choice: its value (compared with the computed answer) and an optional label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
}

impl Choice {
    /// The label in `lang`, or the value itself.
    pub fn label(&self, lang: Lang) -> &str {
        self.label.as_ref().map_or(&self.value, |l| l.get(lang))
    }
}

/// A goal for the learner, checked against the simulation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub goal: Text,
    pub check: Condition,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
    /// Console lines that achieve the goal (the tests run them; the UI can offer "show me").
    pub solution: Vec<String>,
}

macro_rules! builtin_files {
    ($($name:literal),* $(,)?) => {
        /// The files of the built-in lessons, in catalog order: `(file name, JSON)`.
        pub const BUILTIN_FILES: &[(&str, &str)] = &[
            $(($name, include_str!(concat!("../../static/lessons/", $name)))),*
        ];
    };
}

builtin_files!(
    "01-the-log.json",
    "02-keys-and-partitions.json",
    "03-replication-isr.json",
    "04-broker-failure.json",
    "05-acks-durability.json",
    "06-unclean-election.json",
    "07-consumer-groups.json",
    "08-rebalancing.json",
    "09-delivery-semantics.json",
    "10-pub-sub-vs-queue.json",
    "11-idempotent-producer.json",
    "12-hello-kafka.json",
);

/// The built-in lessons, parsed and validated. A broken file is a build
/// mistake the tests catch; here it is reported and skipped so the app still opens.
pub fn builtin() -> Vec<Lesson> {
    builtin_checked().0
}

/// The built-in lessons and the errors of any that failed to load.
pub fn builtin_checked() -> (Vec<Lesson>, Vec<LessonError>) {
    let mut lessons = Vec::new();
    let mut errors = Vec::new();
    for (_, json) in BUILTIN_FILES {
        match parse_lesson(json) {
            Ok(l) => lessons.push(l),
            Err(e) => errors.extend(e),
        }
    }
    (lessons, errors)
}

/// A built-in lesson by id.
pub fn find(id: &str) -> Option<Lesson> {
    builtin().into_iter().find(|l| l.id == id)
}
