//! Read-only queries on the simulation: the only way code outside `src/sim`
//! sees its state (the fields are private; changes go through commands).

use super::{ArmedTimer, BrokerProcess, Event, LoggedCommand, RecentMessages, SimConfig, Simulation};
use crate::sim::broker::log::PartitionLog;
use crate::sim::broker::Broker;
use crate::sim::client::consumer::Consumer;
use crate::sim::client::producer::Producer;
use crate::sim::controller::Controller;
use crate::sim::group_ledger::GroupLedger;
use crate::sim::ids::{BrokerId, ClientId, TopicPartition};
use crate::sim::ledger::Ledger;
use crate::sim::messages::{ClientNodeId, NodeId};
use crate::sim::metrics::Metrics;
use crate::sim::network::{InFlight, Network};
use crate::sim::node::TimerKind;
use crate::sim::time::SimTime;
use crate::sim::trace::Trace;
use crate::vecmap::VecMap;

impl Simulation {
    /// How many times broker `b` has booted (0: never).
    pub fn incarnation(&self, b: BrokerId) -> u64 {
        self.incarnations.get(&b).copied().unwrap_or(0)
    }

    /// How the run started.
    pub fn config(&self) -> &SimConfig {
        &self.config
    }

    /// The simulated clock.
    pub fn now(&self) -> SimTime {
        self.now
    }

    pub fn network(&self) -> &Network {
        &self.network
    }

    pub fn controller(&self) -> &Controller {
        &self.controller
    }

    /// Every broker process slot, running or down.
    pub fn brokers(&self) -> &VecMap<BrokerId, BrokerProcess> {
        &self.brokers
    }

    pub fn producers(&self) -> &VecMap<ClientNodeId, Producer> {
        &self.producers
    }

    pub fn consumers(&self) -> &VecMap<ClientNodeId, Consumer> {
        &self.consumers
    }

    pub fn group_ledger(&self) -> &GroupLedger {
        &self.group_ledger
    }

    /// Client ids in use and their nodes.
    pub fn client_ids(&self) -> &VecMap<ClientId, ClientNodeId> {
        &self.client_ids
    }

    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// The durability ledger.
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// Every command applied so far, in order.
    pub fn command_log(&self) -> &[LoggedCommand] {
        &self.command_log
    }

    /// The last messages delivered, for the picture to animate.
    pub fn recent(&self) -> &RecentMessages {
        &self.recent
    }

    /// Events processed so far.
    pub fn events(&self) -> u64 {
        self.events
    }

    /// When the next event happens, if any.
    pub fn next_event_time(&self) -> Option<SimTime> {
        self.queue.peek_time()
    }

    /// Messages on their way, oldest first (for the picture to animate).
    pub fn messages_in_flight(&self) -> Vec<&InFlight> {
        let mut v: Vec<&InFlight> = self
            .queue
            .iter()
            .filter_map(|e| match e {
                Event::Deliver(m) => Some(&**m),
                Event::Timer { .. } => None,
            })
            .collect();
        v.sort_by_key(|m| m.id);
        v
    }

    /// `node`'s timer `kind`, if it is armed (set, not yet fired or cancelled).
    pub fn armed_timer(&self, node: NodeId, kind: &TimerKind) -> Option<ArmedTimer> {
        self.timers.get(&node)?.get(kind)?.armed
    }

    /// Events waiting in the queue.
    pub fn queued(&self) -> u64 {
        self.queue.len()
    }

    /// The running broker `b`, if it is up.
    pub fn broker(&self, b: BrokerId) -> Option<&Broker> {
        match self.brokers.get(&b) {
            Some(BrokerProcess::Running(br)) => Some(br),
            _ => None,
        }
    }

    /// Broker `b`'s log of `tp` as it is on its disk, whether the broker runs
    /// or is down (a crashed or stopped broker keeps its log until it restarts).
    pub fn disk_log(&self, b: BrokerId, tp: &TopicPartition) -> Option<&PartitionLog> {
        match self.brokers.get(&b)? {
            BrokerProcess::Running(br) => br.partitions.get(tp).map(|p| &p.log),
            BrokerProcess::Crashed(disk) | BrokerProcess::Stopped(disk) => disk.get(tp),
        }
    }

    /// Identities of every record chunk the partition logs hold (running
    /// brokers and down brokers' disks): two clones of a simulation share a
    /// chunk until one writes it, so counting the ids one holds and another
    /// does not estimates what keeping both costs (the player's checkpoints).
    pub fn log_chunk_ids(&self) -> Vec<usize> {
        let mut ids = Vec::new();
        for b in self.brokers.values() {
            let logs: Vec<&PartitionLog> = match b {
                BrokerProcess::Running(br) => br.partitions.values().map(|p| &p.log).collect(),
                BrokerProcess::Crashed(disk) | BrokerProcess::Stopped(disk) => disk.values().collect(),
            };
            for log in logs {
                let last = log.segments().len() - 1;
                ids.extend(log.segments().iter().enumerate().flat_map(|(i, s)| s.chunk_ids(i == last)));
            }
        }
        ids
    }

    /// A hash of the whole trace so far (stable across platforms).
    pub fn trace_hash(&self) -> u64 {
        self.trace.hash()
    }

    /// Consumer `node`, to change (for the deliveries it keeps, [`crate::sim::deliveries`]).
    pub(in crate::sim) fn consumer_mut(&mut self, node: ClientNodeId) -> Option<&mut Consumer> {
        self.consumers.get_mut(&node)
    }

    /// The network, to change (tests of the core).
    #[cfg(test)]
    pub(in crate::sim) fn network_mut(&mut self) -> &mut Network {
        &mut self.network
    }
}
