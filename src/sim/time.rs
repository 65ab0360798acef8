//! Simulated time, in microseconds since the start of the run.
//!
//! Time only moves when the event queue pops the next event; nothing reads a
//! wall clock. Kafka's configs are in milliseconds, so helpers convert.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A point in simulated time (microseconds since the run began).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SimTime(pub u64);

/// A span of simulated time in microseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SimDuration(pub u64);

/// `n` microseconds.
pub const fn micros(n: u64) -> SimDuration {
    SimDuration(n)
}

/// `n` milliseconds.
pub const fn ms(n: u64) -> SimDuration {
    SimDuration(n * 1_000)
}

/// `n` seconds.
pub const fn secs(n: u64) -> SimDuration {
    SimDuration(n * 1_000_000)
}

impl SimTime {
    pub const ZERO: SimTime = SimTime(0);

    /// Whole milliseconds since the start (what Kafka timestamps would show).
    pub fn as_millis(self) -> u64 {
        self.0 / 1_000
    }

    /// The time `d` after this one (saturating).
    pub fn plus(self, d: SimDuration) -> SimTime {
        SimTime(self.0.saturating_add(d.0))
    }

    /// The span from `earlier` to `self`, zero if `earlier` is later.
    pub fn since(self, earlier: SimTime) -> SimDuration {
        SimDuration(self.0.saturating_sub(earlier.0))
    }
}

impl SimDuration {
    pub fn as_millis(self) -> u64 {
        self.0 / 1_000
    }
}

impl fmt::Display for SimTime {
    /// Seconds with one decimal, as the trace prints them: `t=12.3s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = self.0 / 100_000;
        write!(f, "{}.{}s", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers_convert_units() {
        assert_eq!(ms(2).0, 2_000);
        assert_eq!(secs(3).0, 3_000_000);
        assert_eq!(SimTime(12_345_678).as_millis(), 12_345);
        assert_eq!(SimTime(5).since(SimTime(9)), SimDuration(0));
        assert_eq!(SimTime(3_150_000).to_string(), "3.1s");
    }
}
