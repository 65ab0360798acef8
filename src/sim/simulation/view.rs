//! `ClusterView`: a read-only, serialisable snapshot of everything the UI draws.
//!
//! The UI never touches the simulation; it renders this snapshot. Building
//! it copies only what the picture needs: brokers and their state, the
//! controller, every partition with its leader, replicas, ISR and epoch, the
//! LEO / HW / log start offset of each replica, the messages in flight with
//! their send and delivery times (to interpolate their position), producers,
//! the durability ledger, the metric series and the timeouts running down.

use super::countdowns::Countdown;
use super::{BrokerProcess, Simulation};
use crate::sim::broker::partition::Role;
use crate::sim::ids::{BrokerId, LeaderEpoch, Offset};
use crate::sim::ledger::{LedgerSummary, Loss};
use crate::sim::messages::NodeId;
use crate::sim::metrics::MetricPoint;
use crate::sim::time::SimTime;
use serde::{Deserialize, Serialize};

/// What a broker is doing, as the picture shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BrokerState {
    Running,
    /// Killed: no controlled shutdown.
    Crashed,
    /// Stopped after a controlled shutdown.
    Stopped,
    /// Running, but every link cut.
    Isolated,
}

impl BrokerState {
    /// The `data-state` value of the broker node.
    pub fn as_str(self) -> &'static str {
        match self {
            BrokerState::Running => "running",
            BrokerState::Crashed => "crashed",
            BrokerState::Stopped => "stopped",
            BrokerState::Isolated => "isolated",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrokerView {
    pub id: BrokerId,
    pub state: BrokerState,
    /// Fenced by the controller (its registration, not the process).
    pub fenced: bool,
    pub slowed_ms: u64,
    /// Partitions it leads (as the controller says).
    pub leader_count: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplicaView {
    pub broker: BrokerId,
    /// The broker holds the replica and is running.
    pub online: bool,
    pub is_leader: bool,
    pub in_isr: bool,
    pub log_end_offset: Offset,
    pub high_watermark: Offset,
    pub log_start_offset: Offset,
    /// The LEO of the log on the broker's disk, up or down (-1 without a log):
    /// a crashed broker's replica keeps the log it had.
    pub disk_log_end_offset: Offset,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionView {
    pub topic: String,
    pub partition: u32,
    pub leader: Option<BrokerId>,
    pub leader_epoch: LeaderEpoch,
    pub replicas: Vec<ReplicaView>,
    pub isr: Vec<BrokerId>,
    pub under_replicated: bool,
    /// An internal topic (`__consumer_offsets`): not offered to clients' forms nor drawn as chips.
    pub internal: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    pub id: u64,
    pub from: NodeId,
    pub to: NodeId,
    /// Kafka's API name (`Produce`, `Fetch`, `AlterPartition`, ...).
    pub api: String,
    pub sent_at: SimTime,
    pub deliver_at: SimTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProducerView {
    /// The client's network node (`NodeId::Client(node)`), so the picture can
    /// draw the messages it sends and receives.
    pub node: u32,
    pub client_id: String,
    pub acks: String,
    pub idempotent: bool,
    pub topic: Option<String>,
    pub rate: u32,
    pub sent: u64,
    pub acked: u64,
    pub failed: u64,
    pub last_error: Option<String>,
}

/// How many delivered messages are remembered for the picture.
pub const RECENT_MESSAGES: u32 = 256;

/// A bounded ring of the messages delivered last. Network latency is a few
/// milliseconds, so at 1× a message is almost never in flight when a frame is
/// drawn; the picture animates these instead, each over a fixed wall-clock
/// time, so the room sees the traffic (produce, fetch, heartbeats, JoinGroup…).
#[derive(Clone, Debug, Default)]
pub struct RecentMessages {
    ring: std::collections::VecDeque<Delivered>,
}

/// A delivered message, kept small (no allocation per message).
#[derive(Clone, Copy, Debug)]
struct Delivered {
    id: u64,
    from: NodeId,
    to: NodeId,
    api: &'static str,
    sent_at: SimTime,
    deliver_at: SimTime,
}

impl RecentMessages {
    pub(crate) fn push(&mut self, m: &crate::sim::network::InFlight) {
        if self.ring.len() as u32 >= RECENT_MESSAGES {
            self.ring.pop_front();
        }
        let api = m.msg.api_name();
        self.ring.push_back(Delivered {
            id: m.id,
            from: m.from,
            to: m.to,
            api,
            sent_at: m.sent_at,
            deliver_at: m.deliver_at,
        });
    }

    /// Messages delivered at or after `since`, oldest first.
    pub fn since(&self, since: SimTime) -> Vec<MessageView> {
        self.ring
            .iter()
            .filter(|m| m.deliver_at >= since)
            .map(|m| MessageView {
                id: m.id,
                from: m.from,
                to: m.to,
                api: m.api.to_string(),
                sent_at: m.sent_at,
                deliver_at: m.deliver_at,
            })
            .collect()
    }
}

/// The whole snapshot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClusterView {
    pub now: SimTime,
    pub seed: u64,
    pub events: u64,
    pub controller_id: u32,
    pub brokers: Vec<BrokerView>,
    pub partitions: Vec<PartitionView>,
    pub messages: Vec<MessageView>,
    pub producers: Vec<ProducerView>,
    pub ledger: LedgerSummary,
    pub losses: Vec<Loss>,
    pub metrics: Vec<MetricPoint>,
    /// Timeouts running down now ([`super::countdowns`]).
    pub countdowns: Vec<Countdown>,
    pub trace_hash: u64,
}

impl Simulation {
    /// Builds the snapshot of the current instant.
    pub fn view(&self) -> ClusterView {
        ClusterView {
            now: self.now,
            seed: self.config.seed,
            events: self.events(),
            controller_id: crate::sim::controller::CONTROLLER_NODE_ID,
            brokers: self.broker_views(),
            partitions: self.partition_views(),
            messages: self
                .messages_in_flight()
                .into_iter()
                .map(|m| MessageView {
                    id: m.id,
                    from: m.from,
                    to: m.to,
                    api: m.msg.api_name().to_string(),
                    sent_at: m.sent_at,
                    deliver_at: m.deliver_at,
                })
                .collect(),
            producers: self.producer_views(),
            ledger: self.ledger.summary.clone(),
            losses: self.ledger.losses.clone(),
            metrics: self.metrics.series.iter().cloned().collect(),
            countdowns: self.countdowns(),
            trace_hash: self.trace_hash(),
        }
    }

    fn broker_views(&self) -> Vec<BrokerView> {
        let image = &self.controller.image;
        self.brokers
            .iter()
            .map(|(id, p)| {
                let node = NodeId::Broker(*id);
                let state = match p {
                    BrokerProcess::Crashed(_) => BrokerState::Crashed,
                    BrokerProcess::Stopped(_) => BrokerState::Stopped,
                    BrokerProcess::Running(_) if self.network.is_isolated(node) => BrokerState::Isolated,
                    BrokerProcess::Running(_) => BrokerState::Running,
                };
                BrokerView {
                    id: *id,
                    state,
                    fenced: image.brokers.get(id).is_none_or(|r| r.fenced),
                    slowed_ms: self.network.slowdown(node).map_or(0, |d| d.as_millis()),
                    leader_count: image.partitions().filter(|(_, p)| p.leader == Some(*id)).count() as u32,
                }
            })
            .collect()
    }

    fn partition_views(&self) -> Vec<PartitionView> {
        self.controller
            .image
            .partitions()
            .map(|(tp, state)| {
                let replicas = state
                    .replicas
                    .iter()
                    .map(|b| {
                        let part = self.broker(*b).and_then(|br| br.partitions.get(&tp));
                        ReplicaView {
                            broker: *b,
                            online: part.is_some(),
                            is_leader: state.leader == Some(*b) && part.is_some_and(|p| p.role == Role::Leader),
                            in_isr: state.isr.contains(b),
                            log_end_offset: part.map_or(-1, |p| p.log.log_end_offset()),
                            high_watermark: part.map_or(-1, |p| p.log.high_watermark()),
                            log_start_offset: part.map_or(-1, |p| p.log.log_start_offset()),
                            disk_log_end_offset: self.disk_log(*b, &tp).map_or(-1, |l| l.log_end_offset()),
                        }
                    })
                    .collect();
                PartitionView {
                    topic: tp.topic.as_str().to_string(),
                    partition: tp.partition,
                    leader: state.leader,
                    leader_epoch: state.leader_epoch,
                    replicas,
                    isr: state.isr.clone(),
                    under_replicated: state.isr.len() < state.replicas.len(),
                    internal: self.controller.image.topics.get(&tp.topic).is_some_and(|t| t.internal),
                }
            })
            .collect()
    }

    fn producer_views(&self) -> Vec<ProducerView> {
        self.producers
            .iter()
            .map(|(node, p)| ProducerView {
                node: node.0,
                client_id: p.config.client_id.clone(),
                acks: p.config.acks.as_kafka_str().to_string(),
                idempotent: p.config.enable_idempotence,
                topic: p.workload.as_ref().map(|w| w.topic.as_str().to_string()),
                rate: p.workload.as_ref().map_or(0, |w| w.rate),
                sent: p.stats.sent,
                acked: p.stats.acked,
                failed: p.stats.failed,
                last_error: p.stats.last_error.clone(),
            })
            .collect()
    }
}
