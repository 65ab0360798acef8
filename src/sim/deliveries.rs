//! Records a consumer's application finished processing, kept for a reader
//! outside the simulation (the console consumer prints them).
//!
//! Keeping is off by default. [`Simulation::keep_deliveries`] turns it on for
//! one consumer and [`Simulation::take_deliveries`] drains what was kept
//! since the last call, so a reader that drains regularly does work linear in
//! the records delivered. The buffer is bounded ([`KEPT_CAP`]): records past
//! it are only counted, so a reader that stops draining (a rewound browser
//! console) cannot make a checkpoint grow without bound. Keeping never
//! changes what the simulation does.

use super::ids::TopicPartition;
use super::record::Record;
use std::collections::VecDeque;

/// Most records kept between two drains.
pub const KEPT_CAP: usize = 10_000;

/// The records kept for one consumer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Deliveries {
    pub(crate) kept: VecDeque<(TopicPartition, Record)>,
    /// Records processed while the buffer was full (not kept).
    pub(crate) dropped: u64,
}

impl Deliveries {
    /// Keeps one processed record (or counts it when full).
    pub fn push(&mut self, tp: TopicPartition, r: Record) {
        if self.kept.len() < KEPT_CAP {
            self.kept.push_back((tp, r));
        } else {
            self.dropped += 1;
        }
    }
}

/// What one drain returns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Drained {
    /// Kept records, in processing order.
    pub records: Vec<(TopicPartition, Record)>,
    /// Records processed after these while the buffer was full.
    pub dropped: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::ids::{LeaderEpoch, ProducerEpoch, ProducerId};
    use crate::sim::record::{RecordData, RecordId};
    use std::rc::Rc;

    #[test]
    fn the_buffer_is_bounded_and_counts_the_rest() {
        let data = Rc::new(RecordData { key: None, value: Some("v".into()), headers: vec![] });
        let r = Record {
            offset: 0,
            batch_base_offset: 0,
            leader_epoch: LeaderEpoch(0),
            timestamp_ms: 0,
            producer_id: ProducerId::NONE,
            producer_epoch: ProducerEpoch::NONE,
            sequence: -1,
            id: RecordId(0),
            data,
        };
        let mut d = Deliveries::default();
        for _ in 0..KEPT_CAP + 5 {
            d.push(TopicPartition::new("t", 0), r.clone());
        }
        assert_eq!(d.kept.len(), KEPT_CAP);
        assert_eq!(d.dropped, 5);
    }
}
