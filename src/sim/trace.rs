//! The trace: one human-readable line per thing that happened, and why.
//!
//! "broker 2 missed heartbeats for 9.0 s → fenced; orders-1 leader 2 → 3,
//! epoch 5, ISR [3,1]". The UI's event log and the console's `sim trace` show
//! these lines; tests compare runs by the trace hash, an FNV-1a over every
//! line ever written (stable across platforms, unlike `DefaultHasher`). Only
//! the newest lines are kept in memory, so an hour of autoplay stays bounded.

use super::hash::{fnv1a64, fnv1a64_extend};
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

/// One line of the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceLine {
    /// Index of the line in the whole run (0-based).
    pub index: u64,
    pub at: SimTime,
    pub category: Category,
    pub text: String,
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

    pub fn push(&mut self, at: SimTime, category: Category, text: String) {
        self.hash = fnv1a64_extend(self.hash, at.0.to_le_bytes().into_iter().chain(text.bytes()));
        if self.lines.len() as u64 >= u64::from(self.capacity) {
            self.lines.pop_front();
        }
        self.lines.push_back(TraceLine { index: self.count, at, category, text });
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

    #[test]
    fn bounded_and_hash_covers_dropped_lines() {
        let mut a = Trace::new(2);
        let mut b = Trace::new(2);
        for (i, t) in ["x", "y", "z"].iter().enumerate() {
            a.push(SimTime(i as u64), Category::Broker, t.to_string());
        }
        for (i, t) in ["w", "y", "z"].iter().enumerate() {
            b.push(SimTime(i as u64), Category::Broker, t.to_string());
        }
        assert_eq!(a.lines().count(), 2);
        assert_eq!(a.count(), 3);
        assert_eq!(a.lines().next().unwrap().index, 1);
        assert_ne!(a.hash(), b.hash(), "a dropped line still counts in the hash");
    }
}
