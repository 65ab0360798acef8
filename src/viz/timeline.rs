//! The rewind timeline: formatting simulated time, and the moments worth a
//! mark (crashes, elections, lost records) found in the trace.

use crate::sim::time::SimTime;
use crate::sim::trace::{Category, TraceLine};

/// `12.3s`, or `2:05.0` from one minute on (what the time display shows).
pub fn clock(t: SimTime) -> String {
    let tenths = t.0 / 100_000;
    let (secs, tenth) = (tenths / 10, tenths % 10);
    if secs < 60 {
        format!("{secs}.{tenth}s")
    } else {
        format!("{}:{:02}.{tenth}", secs / 60, secs % 60)
    }
}

/// What a timeline mark stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    /// A broker crashed, stopped or was cut off.
    Fault,
    /// A partition got a new leader.
    Election,
    /// An acknowledged record was lost.
    Loss,
}

/// A mark on the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub at: SimTime,
    pub kind: MarkKind,
}

/// The marks for `lines`, at most one per kind per 100 ms so a burst of
/// elections draws one tick.
pub fn marks<'a>(lines: impl Iterator<Item = &'a TraceLine>) -> Vec<Mark> {
    let mut out: Vec<Mark> = Vec::new();
    for line in lines {
        let Some(kind) = classify(line) else { continue };
        let close = out.iter().rev().take(8).any(|m| m.kind == kind && line.at.0.abs_diff(m.at.0) < 100_000);
        if !close {
            out.push(Mark { at: line.at, kind });
        }
    }
    out
}

fn classify(line: &TraceLine) -> Option<MarkKind> {
    let t = &line.text;
    if t.contains("RECORD LOST") {
        return Some(MarkKind::Loss);
    }
    match line.category {
        Category::Command if t.contains("kill broker") || t.contains("stop broker") || t.contains("isolate") => {
            Some(MarkKind::Fault)
        }
        Category::Controller if t.contains("leader") && t.contains("→") => Some(MarkKind::Election),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(at: u64, category: Category, text: &str) -> TraceLine {
        TraceLine { index: 0, at: SimTime(at), category, text: text.into() }
    }

    #[test]
    fn clock_switches_to_minutes() {
        assert_eq!(clock(SimTime(0)), "0.0s");
        assert_eq!(clock(SimTime(12_345_678)), "12.3s");
        assert_eq!(clock(SimTime(125_000_000)), "2:05.0");
    }

    #[test]
    fn faults_and_elections_are_marked_once_per_burst() {
        let lines = [
            line(1_000_000, Category::Command, "command: kill broker 2 (crash, no controlled shutdown)"),
            line(9_000_000, Category::Controller, "t-0 leader 2 → 3, epoch 1"),
            line(9_010_000, Category::Controller, "t-1 leader 2 → 1, epoch 1"),
            line(9_500_000, Category::Replication, "fetch"),
            line(9_600_000, Category::Client, "ledger: ACKNOWLEDGED RECORD LOST on t-0 offset 3: why"),
        ];
        let m = marks(lines.iter());
        assert_eq!(
            m.iter().map(|m| m.kind).collect::<Vec<_>>(),
            vec![MarkKind::Fault, MarkKind::Election, MarkKind::Loss]
        );
        assert_eq!(m[1].at, SimTime(9_000_000));
    }
}
