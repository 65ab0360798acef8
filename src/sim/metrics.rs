//! Time series the charts draw: one point per simulated second.
//!
//! Produce throughput (records acknowledged per second), under-replicated and
//! offline partitions, ISR shrinks and expands, elections and acknowledged
//! records lost. At most [`MAX_POINTS`] points are kept, so an hour of
//! autoplay uses bounded memory.

use super::ledger::Ledger;
use super::metadata::MetadataImage;
use super::node::Observation;
use super::time::SimTime;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// Points kept (one hour at one point per second).
pub const MAX_POINTS: u32 = 3_600;

/// One sample.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetricPoint {
    pub at_s: u64,
    pub acked_per_s: u64,
    pub under_replicated: u32,
    pub offline: u32,
    pub isr_shrinks: u64,
    pub isr_expands: u64,
    pub elections: u64,
    pub unclean_elections: u64,
    pub acked_lost: u64,
}

/// Counters and the bounded series.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Metrics {
    pub isr_shrinks: u64,
    pub isr_expands: u64,
    pub elections: u64,
    pub unclean_elections: u64,
    acked_this_second: u64,
    next_sample_s: u64,
    pub series: VecDeque<MetricPoint>,
}

impl Metrics {
    pub fn observe(&mut self, _now: SimTime, o: &Observation) {
        match o {
            Observation::Acked { .. } => self.acked_this_second += 1,
            Observation::IsrChanged { shrink: true, .. } => self.isr_shrinks += 1,
            Observation::IsrChanged { shrink: false, .. } => self.isr_expands += 1,
            Observation::Election { unclean, .. } => {
                self.elections += 1;
                if *unclean {
                    self.unclean_elections += 1;
                }
            }
            _ => {}
        }
    }

    /// Takes a sample when a new simulated second has begun.
    pub fn sample(&mut self, now: SimTime, image: &MetadataImage, ledger: &Ledger) {
        let s = now.0 / 1_000_000;
        if s < self.next_sample_s {
            return;
        }
        let (mut urp, mut offline) = (0, 0);
        for (_, p) in image.partitions() {
            urp += u32::from(p.isr.len() < p.replicas.len());
            offline += u32::from(p.leader.is_none());
        }
        let point = MetricPoint {
            at_s: s,
            acked_per_s: std::mem::take(&mut self.acked_this_second),
            under_replicated: urp,
            offline,
            isr_shrinks: self.isr_shrinks,
            isr_expands: self.isr_expands,
            elections: self.elections,
            unclean_elections: self.unclean_elections,
            acked_lost: ledger.summary.acked_lost,
        };
        if self.series.len() as u32 >= MAX_POINTS {
            self.series.pop_front();
        }
        self.series.push_back(point);
        self.next_sample_s = s + 1;
    }
}
