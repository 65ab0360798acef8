//! The trace: one typed event per thing that happened, and why.
//!
//! `TraceEvent::Fenced { broker: 2, timeout_ms: 9000 }` renders as "broker 2
//! missed heartbeats for 9.0 s → fenced" (`crate::i18n::trace`). The UI's
//! event log and the console's `sim trace` show the rendered lines; tests
//! compare runs by the trace hash, an FNV-1a over the binary encoding of every
//! event ever recorded (`hash`; stable across platforms and languages). Only
//! the newest events are kept in memory, so an hour of autoplay stays bounded.

mod event;
pub mod hash;

pub use event::{
    CoordinatorLoss, DisruptionCause, LeaveReason, LossExplanation, MemberRemoval, PartitionChangeReason,
    RebalanceReason, RemovalReason, TraceEvent,
};

use super::hash::fnv1a64;
use super::time::SimTime;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// What a trace line is about (the event log's filters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Category {
    /// Broker lifecycle, registration, fencing, faults.
    Broker,
    /// Controller decisions: elections, ISR changes, topics.
    Controller,
    /// Replication: fetch, truncation, high watermark.
    Replication,
    /// Producers and consumers.
    Client,
    /// Consumer groups.
    Group,
    /// Commands from outside (console, clicks, lessons).
    Command,
}

/// One entry of the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceLine {
    /// Index of the line in the whole run (0-based).
    pub index: u64,
    pub at: SimTime,
    pub event: TraceEvent,
}

impl TraceLine {
    /// What the line is about (the event log's filters).
    pub fn category(&self) -> Category {
        self.event.category()
    }
}

/// The bounded trace with a running hash.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Trace {
    lines: VecDeque<TraceLine>,
    capacity: u32,
    count: u64,
    hash: u64,
}

impl Trace {
    /// A trace keeping at most `capacity` lines in memory.
    pub fn new(capacity: u32) -> Trace {
        Trace { lines: VecDeque::new(), capacity: capacity.max(1), count: 0, hash: fnv1a64(b"") }
    }

    pub fn push(&mut self, at: SimTime, event: TraceEvent) {
        self.hash = hash::hash_value(hash::hash_value(self.hash, &at.0), &event);
        if self.lines.len() as u64 >= u64::from(self.capacity) {
            self.lines.pop_front();
        }
        self.lines.push_back(TraceLine { index: self.count, at, event });
        self.count += 1;
    }

    /// The hash of every line written so far.
    pub fn hash(&self) -> u64 {
        self.hash
    }

    /// Lines written in the whole run.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The lines kept in memory, oldest first.
    pub fn lines(&self) -> impl DoubleEndedIterator<Item = &TraceLine> {
        self.lines.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::ids::BrokerId;

    #[test]
    fn bounded_and_hash_covers_dropped_lines() {
        let mut a = Trace::new(2);
        let mut b = Trace::new(2);
        for (i, t) in [1, 2, 3].iter().enumerate() {
            a.push(SimTime(i as u64), TraceEvent::BrokerStarted(BrokerId(*t)));
        }
        for (i, t) in [4, 2, 3].iter().enumerate() {
            b.push(SimTime(i as u64), TraceEvent::BrokerStarted(BrokerId(*t)));
        }
        assert_eq!(a.lines().count(), 2);
        assert_eq!(a.count(), 3);
        assert_eq!(a.lines().next().unwrap().index, 1);
        assert_ne!(a.hash(), b.hash(), "a dropped line still counts in the hash");
    }

    #[test]
    fn hash_changes_with_one_event_field() {
        let at = SimTime(5);
        let fenced = |ms| TraceEvent::Fenced { broker: BrokerId(2), timeout_ms: ms };
        let hash_of = |e| {
            let mut t = Trace::new(4);
            t.push(at, e);
            t.hash()
        };
        assert_eq!(hash_of(fenced(9000)), hash_of(fenced(9000)));
        assert_ne!(hash_of(fenced(9000)), hash_of(fenced(9100)));
        assert_eq!(fenced(1).category(), Category::Controller);
    }
}
