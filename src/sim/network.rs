//! The simulated network: links between nodes, latency, loss and faults.
//!
//! Every message takes a latency drawn from the network's own seeded stream
//! (default 1–5 ms). Links behave like TCP connections: messages on one
//! directed link arrive in the order they were sent, so a latency draw never
//! reorders them. Faults are what an instructor can inflict: isolate a broker
//! (every link cut), cut one link (both ways or one way), slow a broker (extra
//! latency on everything it sends or receives), or lose a fraction of messages.
//! A message whose link is cut when it would arrive is dropped, as a broken
//! connection drops what was in flight.
//!
//! Messages in flight are kept with their send and delivery times so the UI
//! can draw them moving along their link.

use super::messages::{Message, NodeId};
use super::rng::SimRng;
use super::time::{SimDuration, SimTime};
use crate::vecmap::{VecMap, VecSet};
use serde::{Deserialize, Serialize};

/// Network settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkConfig {
    pub latency_us_min: u64,
    pub latency_us_max: u64,
    /// Probability of losing a message, as `loss_num / loss_den`.
    pub loss_num: u64,
    pub loss_den: u64,
}

impl Default for NetworkConfig {
    fn default() -> Self {
        NetworkConfig { latency_us_min: 1_000, latency_us_max: 5_000, loss_num: 0, loss_den: 1_000 }
    }
}

/// A message on its way.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InFlight {
    pub id: u64,
    pub from: NodeId,
    pub to: NodeId,
    pub sent_at: SimTime,
    pub deliver_at: SimTime,
    pub msg: Message,
}

/// The network state.
#[derive(Clone, Debug)]
pub struct Network {
    pub config: NetworkConfig,
    rng: SimRng,
    next_id: u64,
    /// Messages in flight (the messages themselves travel in the event queue).
    in_flight: u64,
    /// Latest delivery time per directed link (FIFO per link).
    link_clock: VecMap<(NodeId, NodeId), SimTime>,
    isolated: VecSet<NodeId>,
    /// Directed cuts `(from, to)`.
    cut: VecSet<(NodeId, NodeId)>,
    slow: VecMap<NodeId, SimDuration>,
    dropped: u64,
}

impl Network {
    pub fn new(config: NetworkConfig, rng: SimRng) -> Network {
        Network {
            config,
            rng,
            next_id: 0,
            in_flight: 0,
            link_clock: VecMap::new(),
            isolated: VecSet::new(),
            cut: VecSet::new(),
            slow: VecMap::new(),
            dropped: 0,
        }
    }

    /// Replaces the latency and loss stream (tests show that a copy drawing
    /// from another stream diverges).
    #[cfg(test)]
    pub(crate) fn reseed(&mut self, rng: SimRng) {
        self.rng = rng;
    }

    /// Whether a message from `from` to `to` can pass now.
    pub fn can_pass(&self, from: NodeId, to: NodeId) -> bool {
        !self.isolated.contains(&from) && !self.isolated.contains(&to) && !self.cut.contains(&(from, to))
    }

    /// Sends `msg`; returns the message on its way, or `None` if it is lost now.
    pub fn send(&mut self, now: SimTime, from: NodeId, to: NodeId, msg: Message) -> Option<Box<InFlight>> {
        if !self.can_pass(from, to) || self.rng.chance(self.config.loss_num, self.config.loss_den) {
            self.dropped += 1;
            return None;
        }
        let mut latency = self.rng.range_inclusive(self.config.latency_us_min, self.config.latency_us_max);
        for n in [from, to] {
            latency += self.slow.get(&n).map_or(0, |d| d.0);
        }
        let clock = self.link_clock.entry((from, to)).or_insert(SimTime::ZERO);
        let deliver_at = now.plus(SimDuration(latency)).max(*clock);
        *clock = deliver_at;
        let id = self.next_id;
        self.next_id += 1;
        self.in_flight += 1;
        Some(Box::new(InFlight { id, from, to, sent_at: now, deliver_at, msg }))
    }

    /// Takes a message out of the network at its delivery time; `None` if the
    /// link was cut meanwhile (the message is dropped).
    pub fn deliver(&mut self, m: Box<InFlight>) -> Option<Box<InFlight>> {
        self.in_flight -= 1;
        if self.can_pass(m.from, m.to) {
            Some(m)
        } else {
            self.dropped += 1;
            None
        }
    }

    pub fn isolate(&mut self, node: NodeId) {
        self.isolated.insert(node);
    }

    /// Ends an isolation and every cut and slowdown touching `node`.
    pub fn heal(&mut self, node: NodeId) {
        self.isolated.remove(&node);
        self.cut.retain(|(a, b)| *a != node && *b != node);
        self.slow.remove(&node);
    }

    pub fn cut_link(&mut self, a: NodeId, b: NodeId, one_way: bool) {
        self.cut.insert((a, b));
        if !one_way {
            self.cut.insert((b, a));
        }
    }

    pub fn heal_link(&mut self, a: NodeId, b: NodeId) {
        self.cut.remove(&(a, b));
        self.cut.remove(&(b, a));
    }

    pub fn slow_down(&mut self, node: NodeId, extra: SimDuration) {
        if extra.0 == 0 {
            self.slow.remove(&node);
        } else {
            self.slow.insert(node, extra);
        }
    }

    pub fn is_isolated(&self, node: NodeId) -> bool {
        self.isolated.contains(&node)
    }

    pub fn slowdown(&self, node: NodeId) -> Option<SimDuration> {
        self.slow.get(&node).copied()
    }

    /// Directed cut links.
    pub fn cuts(&self) -> impl Iterator<Item = &(NodeId, NodeId)> {
        self.cut.iter()
    }

    /// Messages in flight right now.
    pub fn in_flight_count(&self) -> u64 {
        self.in_flight
    }

    pub fn dropped(&self) -> u64 {
        self.dropped
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::ids::BrokerId;

    fn msg() -> Message {
        Message::Fetch { replica: None, partitions: vec![] }
    }

    #[test]
    fn latency_in_range_and_fifo_per_link() {
        let mut n = Network::new(NetworkConfig::default(), SimRng::new(3));
        let (a, b) = (NodeId::Broker(BrokerId(1)), NodeId::Broker(BrokerId(2)));
        let mut last = SimTime::ZERO;
        for i in 0..200 {
            let now = SimTime(i * 10);
            let at = n.send(now, a, b, msg()).unwrap().deliver_at;
            assert!(at >= last, "messages on one link never overtake each other");
            assert!(at.0 >= now.0 + 1_000);
            last = at;
        }
    }

    #[test]
    fn isolation_and_cuts_drop_messages() {
        let mut n = Network::new(NetworkConfig::default(), SimRng::new(3));
        let (a, b) = (NodeId::Broker(BrokerId(1)), NodeId::Broker(BrokerId(2)));
        let m = n.send(SimTime::ZERO, a, b, msg()).unwrap();
        n.cut_link(a, b, true);
        assert!(n.deliver(m).is_none(), "in flight when cut: dropped");
        assert!(n.send(SimTime::ZERO, a, b, msg()).is_none());
        assert!(n.send(SimTime::ZERO, b, a, msg()).is_some(), "one-way cut keeps the other direction");
        n.heal_link(a, b);
        n.isolate(b);
        assert!(n.send(SimTime::ZERO, a, b, msg()).is_none());
        n.heal(b);
        assert!(n.send(SimTime::ZERO, a, b, msg()).is_some());
        assert_eq!(n.dropped(), 3);
    }
}
