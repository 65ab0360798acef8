//! The rewind timeline: formatting simulated time, and the moments worth a
//! mark (crashes, elections, lost records) found in the trace.

use crate::sim::time::SimTime;
use crate::sim::trace::{TraceEvent, TraceLine};

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
    match &line.event {
        TraceEvent::AckedRecordLost { .. } => Some(MarkKind::Loss),
        TraceEvent::Command(c) => {
            let t = c.describe();
            (t.contains("kill broker") || t.contains("stop broker") || t.contains("isolate")).then_some(MarkKind::Fault)
        }
        // A leader that moves (or a controlled shutdown moving leaderships).
        TraceEvent::PartitionChanged { leader: Some(_), .. } | TraceEvent::ControlledShutdownRequested(_) => {
            Some(MarkKind::Election)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::commands::Command;
    use crate::sim::ids::{BrokerId, LeaderEpoch, TopicPartition};
    use crate::sim::trace::{LossExplanation, PartitionChangeReason};

    fn line(at: u64, event: TraceEvent) -> TraceLine {
        TraceLine { index: 0, at: SimTime(at), event }
    }

    fn elected(p: u32, new: u32) -> TraceEvent {
        TraceEvent::PartitionChanged {
            tp: TopicPartition::new("t", p),
            reason: PartitionChangeReason::BrokerFenced(BrokerId(2)),
            leader: Some((Some(BrokerId(2)), Some(BrokerId(new)), LeaderEpoch(1))),
            isr: vec![BrokerId(new)],
            unclean: false,
            offline: false,
        }
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
            line(
                1_000_000,
                TraceEvent::Command(Box::new(Command::Broker(crate::sim::commands::BrokerCommand::Kill(BrokerId(2))))),
            ),
            line(9_000_000, elected(0, 3)),
            line(9_010_000, elected(1, 1)),
            line(9_500_000, TraceEvent::BrokerStarted(BrokerId(1))),
            line(
                9_600_000,
                TraceEvent::AckedRecordLost {
                    tp: TopicPartition::new("t", 0),
                    offset: 3,
                    explanation: LossExplanation::NeverWritten { sent_at: SimTime(1), broker: BrokerId(2) },
                },
            ),
        ];
        let m = marks(lines.iter());
        assert_eq!(
            m.iter().map(|m| m.kind).collect::<Vec<_>>(),
            vec![MarkKind::Fault, MarkKind::Election, MarkKind::Loss]
        );
        assert_eq!(m[1].at, SimTime(9_000_000));
    }
}
