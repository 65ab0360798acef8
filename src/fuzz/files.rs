//! Fuzzing what a user can paste or open: share links, run files, lesson files.
//!
//! Each input starts valid (a run shared from a short session; each built-in
//! lesson file) and is broken the ways a copy goes wrong: cut short, a byte
//! flipped, two pieces swapped, a piece doubled or dropped, and (for JSON) a
//! field replaced by an extreme value, a wrong type, or removed. Opening the
//! result must give the run or lesson or a clear error (a non-empty message),
//! never a panic. A mutated run that still opens is replayed
//! ([`Session::from_shared`]) when it asks for no more events than twice the
//! original (the share module's `REPLAY_BUDGET` bounds the rest).

use super::values;
use crate::lessons::{parse_lesson, LessonRun, BUILTIN_FILES};
use crate::player::Start;
use crate::share::session::Session;
use crate::share::SharedRun;
use crate::sim::rng::SimRng;
use serde_json::Value;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// What a file campaign found.
#[derive(Clone, Debug, Default)]
pub struct FileReport {
    pub inputs: u64,
    /// Inputs that opened (the mutation left them valid).
    pub opened: u64,
    /// Distinct error messages (numbers as `N`).
    pub errors: std::collections::BTreeSet<String>,
    /// Panics and empty error messages, with the input that caused them.
    pub failures: Vec<String>,
}

/// Breaks `text` once or twice (char-safe: the result is still a `String`).
pub fn mutate_text(rng: &mut SimRng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(2) {
        if chars.is_empty() {
            break;
        }
        let len = chars.len() as u64;
        let i = rng.below(len) as usize;
        let span = (1 + rng.below(len.min(40))) as usize;
        let j = (i + span).min(chars.len());
        match rng.below(6) {
            0 => chars.truncate(i),
            1 => chars[i] = char::from_u32(u32::from(chars[i]) ^ (1 << rng.below(7))).unwrap_or('?'),
            2 => {
                let piece: Vec<char> = chars.drain(i..j).collect();
                let k = rng.below(chars.len() as u64 + 1) as usize;
                chars.splice(k..k, piece);
            }
            3 => {
                let piece: Vec<char> = chars[i..j].to_vec();
                chars.splice(i..i, piece);
            }
            4 => {
                chars.drain(i..j);
            }
            _ => chars[i] = values::pick(rng, &["\"", "{", "]", "0", "-", "ü", "\u{0}"]).chars().next().unwrap_or('x'),
        }
    }
    chars.into_iter().collect()
}

/// Replaces, retypes or removes one field somewhere in `v`.
pub fn mutate_json(rng: &mut SimRng, v: &mut Value) {
    match v {
        Value::Object(map) if !map.is_empty() && rng.chance(3, 4) => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let key = &keys[rng.below(keys.len() as u64) as usize];
            if rng.chance(1, 6) {
                map.remove(key);
            } else if let Some(child) = map.get_mut(key) {
                mutate_json(rng, child);
            }
        }
        Value::Array(items) if !items.is_empty() && rng.chance(3, 4) => {
            let i = rng.below(items.len() as u64) as usize;
            match rng.below(5) {
                0 => {
                    items.remove(i);
                }
                1 => {
                    let j = rng.below(items.len() as u64) as usize;
                    items.swap(i, j);
                }
                2 => items.insert(i, items[i].clone()),
                _ => mutate_json(rng, &mut items[i]),
            }
        }
        _ => *v = extreme(rng),
    }
}

fn extreme(rng: &mut SimRng) -> Value {
    match rng.below(9) {
        0 => Value::Null,
        1 => Value::Bool(true),
        2 => Value::from(-1),
        3 => Value::from(u64::MAX),
        4 => Value::from(i64::MIN),
        5 => Value::from(2_147_483_648u64),
        6 => Value::from(1e300),
        7 => Value::from(values::weird_name(rng, &["x"])),
        _ => Value::Array(Vec::new()),
    }
}

/// One mutation of `text`: textual, or (if it is JSON) structural.
fn mutant(rng: &mut SimRng, text: &str) -> String {
    if rng.chance(1, 2) {
        if let Ok(mut v) = serde_json::from_str::<Value>(text) {
            mutate_json(rng, &mut v);
            return v.to_string();
        }
    }
    mutate_text(rng, text)
}

/// Runs `f` on `input`; a panic or an empty error is a failure.
fn open(report: &mut FileReport, what: &str, input: &str, f: impl FnOnce() -> Result<(), String>) {
    report.inputs += 1;
    match super::check::quiet(|| catch_unwind(AssertUnwindSafe(f))) {
        Ok(Ok(())) => report.opened += 1,
        Ok(Err(e)) if e.trim().is_empty() => report.failures.push(format!("{what}: empty error for {input:?}")),
        Ok(Err(e)) => {
            report.errors.insert(super::normalise(&e));
        }
        Err(p) => report.failures.push(format!("{what}: panic {} for {input:?}", super::check::panic_message(p))),
    }
}

/// A short shared run to break.
fn sample_run(seed: u64) -> SharedRun {
    let mut s = Session::free(Start::Blank, seed);
    for line in ["kafka-topics --bootstrap-server localhost:9092 --create --topic t --partitions 2", "sim advance 2s"] {
        s.run_line(line);
    }
    s.shared()
}

/// Replays a run that opened, if it stays within twice the original's events.
fn replay(run: &SharedRun, limit: u64) -> Result<(), String> {
    if run.end_e > limit || run.ops.iter().any(|m| m.e > limit) {
        return Ok(());
    }
    Session::from_shared(run).map(|_| ()).map_err(|e| e.to_string())
}

/// `n` mutated share links and `n` mutated run files.
pub fn fuzz_share(seed: u64, n: u64) -> FileReport {
    let mut rng = SimRng::stream(seed, "fuzz share");
    let run = sample_run(seed);
    let (link, file, limit) = (run.to_fragment(), run.to_file(), run.end_e * 2);
    let mut report = FileReport::default();
    for _ in 0..n {
        let bad = mutate_text(&mut rng, &link);
        open(&mut report, "share link", &bad, || match SharedRun::from_fragment(&bad) {
            Ok(Some(r)) => replay(&r, limit),
            Ok(None) => Ok(()),
            Err(e) => Err(e.to_string()),
        });
        let bad = mutant(&mut rng, &file);
        open(&mut report, "run file", &bad, || {
            SharedRun::from_file(&bad).map_err(|e| e.to_string()).and_then(|r| replay(&r, limit))
        });
    }
    report
}

/// `n` mutants of each built-in lesson file; one that still parses is started.
pub fn fuzz_lessons(seed: u64, n: u64) -> FileReport {
    let mut rng = SimRng::stream(seed, "fuzz lessons");
    let mut report = FileReport::default();
    for (file, json) in BUILTIN_FILES {
        for _ in 0..n {
            let bad = mutant(&mut rng, json);
            open(&mut report, file, &bad, || {
                let lesson = parse_lesson(&bad).map_err(|errs| {
                    errs.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; ")
                })?;
                LessonRun::start(lesson).map(|_| ()).map_err(|e| e.to_string())
            });
        }
    }
    report
}
