//! State surgery for tests: faults no command describes (a cut between a
//! client and a broker) and violating states built by hand (to show an
//! invariant fires). Not logged, so not replayable; the console, the player
//! and the UI never call these (`tests/structure.rs` checks it) — they change
//! the simulation only through commands.

use super::{BrokerProcess, Simulation};
use crate::sim::broker::Broker;
use crate::sim::client::consumer::Consumer;
use crate::sim::ids::BrokerId;
use crate::sim::messages::NodeId;

impl Simulation {
    /// Cuts the link `from` → `to` (and back unless `one_way`), for any two nodes.
    pub fn surgery_cut_link(&mut self, from: NodeId, to: NodeId, one_way: bool) {
        self.network.cut_link(from, to, one_way);
    }

    /// Heals the link between `a` and `b`, for any two nodes.
    pub fn surgery_heal_link(&mut self, a: NodeId, b: NodeId) {
        self.network.heal_link(a, b);
    }

    /// The running broker `b`, to change by hand.
    pub fn surgery_broker(&mut self, b: BrokerId) -> Option<&mut Broker> {
        match self.brokers.get_mut(&b) {
            Some(BrokerProcess::Running(br)) => Some(br),
            _ => None,
        }
    }

    /// The consumer client `node`, to change by hand.
    pub fn surgery_consumer(&mut self, node: crate::sim::messages::ClientNodeId) -> Option<&mut Consumer> {
        self.consumers.get_mut(&node)
    }

    /// The controller, to change by hand.
    pub fn surgery_controller(&mut self) -> &mut crate::sim::controller::Controller {
        &mut self.controller
    }
}
