//! The console consumer's kept deliveries, read through a query (the
//! [`crate::sim::deliveries`] types stay a leaf the consumer client can hold).

use super::Simulation;
use crate::sim::deliveries::{Deliveries, Drained};
use crate::sim::messages::ClientNodeId;

impl Simulation {
    /// Starts keeping the records consumer `node` finishes processing.
    pub fn keep_deliveries(&mut self, node: ClientNodeId) {
        if let Some(c) = self.consumer_mut(node) {
            c.delivered.get_or_insert_with(Deliveries::default);
        }
    }

    /// Stops keeping them and drops what was kept.
    pub fn forget_deliveries(&mut self, node: ClientNodeId) {
        if let Some(c) = self.consumer_mut(node) {
            c.delivered = None;
        }
    }

    /// Drains the records kept for `node` since the last call.
    pub fn take_deliveries(&mut self, node: ClientNodeId) -> Drained {
        let Some(d) = self.consumer_mut(node).and_then(|c| c.delivered.as_mut()) else {
            return Drained::default();
        };
        let d = std::mem::take(d);
        Drained { records: d.kept.into(), dropped: d.dropped }
    }
}
