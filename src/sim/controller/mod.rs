//! The active KRaft controller: broker liveness, partition leadership, topics.
//!
//! One controller node (KIP-500/631) owns the cluster metadata. Brokers register
//! and heartbeat (`broker.heartbeat.interval.ms`); a broker silent for
//! `broker.session.timeout.ms` is *fenced*: removed from every ISR (never
//! emptying one) and replaced as leader by the election rules of [`election`].
//! Leaders ask for ISR changes with `AlterPartition`; the controller checks the
//! leader and partition epochs and commits them. A broker that wants to stop
//! cleanly asks through its heartbeat (`wantShutDown`); the controller moves
//! its leaderships away first. Every change is a [`MetadataRecord`] appended to
//! the metadata log and pushed to the brokers.
//!
//! Sources: `ReplicationControlManager.java`, `ClusterControlManager.java`,
//! `BrokerHeartbeatManager.java`, `PartitionChangeBuilder.java` (Kafka 4.0).
//! Simplification: a single controller that never fails (no Raft quorum).

mod broker_configs;
pub mod election;
mod observers;
mod partition_change;
pub mod placement;
mod topics;

pub use observers::{ObserverState, OBSERVER_SESSION_TIMEOUT_MS};
pub use topics::CreateTopic;

use super::config::BrokerConfig;
use super::ids::BrokerId;
use super::messages::{Message, NodeId};
use super::metadata::{MetadataImage, MetadataRecord};
use super::node::{Ctx, TimerKind};
use super::rng::SimRng;
use super::time::{ms, secs};
use crate::sim::trace::{PartitionChangeReason, TraceEvent};
use crate::vecmap::VecMap;
use std::rc::Rc;

/// The controller's node id, as `kafka-metadata-quorum` prints it.
// Simplification: a dedicated controller with node.id 0 beside brokers 1..N.
pub const CONTROLLER_NODE_ID: u32 = 0;

/// Inputs the controller handles.
#[derive(Debug)]
pub enum ControllerInput {
    Start,
    Message { from: NodeId, msg: Message },
    Timer(TimerKind),
}

/// The controller's state.
#[derive(Clone)]
pub struct Controller {
    pub config: BrokerConfig,
    pub image: MetadataImage,
    /// The metadata log, every record since the start.
    pub log: Vec<MetadataRecord>,
    next_broker_epoch: u64,
    /// Metadata offset each broker must reach before it is unfenced.
    registration_offset: VecMap<BrokerId, u64>,
    /// Brokers with a live session (heartbeat within the timeout).
    session_valid: VecMap<BrokerId, bool>,
    /// Metadata offset a broker in controlled shutdown must reach before stopping.
    pub(crate) shutdown_offset: VecMap<BrokerId, u64>,
    /// The metadata log's observers (the brokers) by their last fetch (raft `LeaderState`).
    pub observers: VecMap<BrokerId, ObserverState>,
    /// Records appended while handling the current input, pushed at the end.
    pending: Vec<MetadataRecord>,
    pub(crate) rng: SimRng,
}

impl Controller {
    pub fn new(config: BrokerConfig, rng: SimRng) -> Controller {
        Controller {
            config,
            image: MetadataImage::default(),
            log: Vec::new(),
            next_broker_epoch: 1,
            registration_offset: VecMap::new(),
            session_valid: VecMap::new(),
            shutdown_offset: VecMap::new(),
            observers: VecMap::new(),
            pending: Vec::new(),
            rng,
        }
    }

    /// The one entry point.
    pub fn handle(&mut self, ctx: &mut Ctx, input: ControllerInput) {
        match input {
            ControllerInput::Start => self.arm_imbalance_check(ctx),
            ControllerInput::Timer(TimerKind::BrokerSession(b)) => self.on_session_expired(ctx, b),
            ControllerInput::Timer(TimerKind::LeaderImbalanceCheck) => {
                self.check_leader_imbalance(ctx);
                self.arm_imbalance_check(ctx);
            }
            ControllerInput::Timer(_) => {}
            ControllerInput::Message { from: NodeId::Broker(b), msg } => self.on_broker_message(ctx, b, msg),
            ControllerInput::Message { .. } => {}
        }
        self.flush(ctx);
    }

    fn on_broker_message(&mut self, ctx: &mut Ctx, b: BrokerId, msg: Message) {
        match msg {
            Message::BrokerRegistration { metadata_offset, .. } => {
                self.observe_fetch(ctx, b, metadata_offset);
                self.on_registration(ctx, b, metadata_offset)
            }
            Message::BrokerHeartbeat { broker_epoch, metadata_offset, want_shutdown } => {
                self.observe_fetch(ctx, b, metadata_offset);
                self.on_heartbeat(ctx, b, broker_epoch, metadata_offset, want_shutdown)
            }
            Message::AlterPartition { broker_epoch, tp, leader_epoch, partition_epoch, new_isr } => {
                let error = self.alter_partition(ctx, b, broker_epoch, &tp, leader_epoch, partition_epoch, new_isr);
                ctx.send(NodeId::Broker(b), Message::AlterPartitionResponse { tp, error });
            }
            Message::CreateOffsetsTopic => self.create_offsets_topic(ctx),
            _ => {}
        }
    }

    /// Appends a record to the metadata log and the image.
    pub(crate) fn append(&mut self, record: MetadataRecord) {
        self.image.apply(&record);
        self.log.push(record.clone());
        self.pending.push(record);
    }

    /// Pushes the records appended while handling this input to every broker.
    pub(crate) fn flush(&mut self, ctx: &mut Ctx) {
        if self.pending.is_empty() {
            return;
        }
        let records = Rc::new(std::mem::take(&mut self.pending));
        let base_offset = self.image.offset - records.len() as u64;
        for b in self.image.brokers.keys() {
            ctx.send(NodeId::Broker(*b), Message::MetadataPush { base_offset, records: records.clone() });
        }
    }

    fn on_registration(&mut self, ctx: &mut Ctx, b: BrokerId, _metadata_offset: u64) {
        // ClusterControlManager.registerBroker: a new incarnation is refused while
        // the old one's session is still valid (DuplicateBrokerRegistrationException).
        if self.session_valid.get(&b).copied().unwrap_or(false) {
            ctx.trace(TraceEvent::RegistrationRefused(b));
            return;
        }
        let broker_epoch = self.next_broker_epoch;
        self.next_broker_epoch += 1;
        self.append(MetadataRecord::RegisterBroker { broker: b, broker_epoch });
        self.registration_offset.insert(b, self.image.offset);
        self.session_valid.insert(b, true);
        ctx.set_timer(TimerKind::BrokerSession(b), ms(self.config.broker_session_timeout_ms));
        ctx.trace(TraceEvent::Registered { broker: b, broker_epoch });
        ctx.send(NodeId::Broker(b), Message::BrokerRegistrationResponse { broker_epoch });
    }

    fn on_heartbeat(&mut self, ctx: &mut Ctx, b: BrokerId, epoch: u64, offset: u64, want_shutdown: bool) {
        let Some(reg) = self.image.brokers.get(&b).cloned() else { return };
        if reg.broker_epoch != epoch {
            return; // STALE_BROKER_EPOCH: the broker will re-register.
        }
        // A fenced broker that heartbeats again (a healed partition) renews its
        // session and is unfenced once caught up, like a new registration.
        self.session_valid.insert(b, true);
        ctx.set_timer(TimerKind::BrokerSession(b), ms(self.config.broker_session_timeout_ms));
        let caught_up = offset >= self.registration_offset.get(&b).copied().unwrap_or(0);
        let mut should_shutdown = false;
        if want_shutdown {
            should_shutdown = self.controlled_shutdown(ctx, b, offset);
        } else if reg.fenced && caught_up {
            self.append(MetadataRecord::BrokerUnfenced { broker: b });
            ctx.trace(TraceEvent::Unfenced(b));
            self.on_broker_unfenced(ctx, b);
        }
        let fenced = self.image.brokers.get(&b).is_none_or(|r| r.fenced);
        let start = (offset as usize).min(self.log.len());
        let records = Rc::new(self.log[start..].to_vec());
        let base_offset = start as u64;
        ctx.send(NodeId::Broker(b), Message::BrokerHeartbeatResponse { fenced, should_shutdown, base_offset, records });
    }

    fn on_session_expired(&mut self, ctx: &mut Ctx, b: BrokerId) {
        self.session_valid.insert(b, false);
        let Some(reg) = self.image.brokers.get(&b) else { return };
        if reg.fenced {
            return;
        }
        let timeout = self.config.broker_session_timeout_ms;
        ctx.trace(TraceEvent::Fenced { broker: b, timeout_ms: timeout });
        self.append(MetadataRecord::BrokerFenced { broker: b });
        self.remove_from_isrs_and_leadership(ctx, b, PartitionChangeReason::BrokerFenced(b));
    }

    fn arm_imbalance_check(&mut self, ctx: &mut Ctx) {
        if self.config.auto_leader_rebalance_enable {
            ctx.set_timer(TimerKind::LeaderImbalanceCheck, secs(self.config.leader_imbalance_check_interval_seconds));
        }
    }

    /// Whether `b` may lead or join an ISR: registered, unfenced, not shutting down.
    pub fn is_active(&self, b: BrokerId) -> bool {
        self.image.is_active(b)
    }
}
