//! A Kafka broker: partition replicas, replication, and its KRaft lifecycle.
//!
//! The broker registers with the controller, heartbeats every
//! `broker.heartbeat.interval.ms`, and replays the metadata records it
//! receives into its own [`MetadataImage`]. Each partition record that names it
//! as leader or follower turns into `make_leader` / `make_follower`
//! ([`partition`]). Leaders accept produce requests ([`produce`]), answer
//! follower fetches, track the ISR and the high watermark, and ask the
//! controller to change the ISR with `AlterPartition`; followers fetch from
//! their leader and truncate where their log diverges ([`fetch`]).
//!
//! A broker's partition logs are its disk: [`Broker::into_disk`] hands them to
//! the simulation when the broker dies, and [`Broker::restart`] starts a new
//! incarnation from them.
//!
//! Test-only: with [`BrokerConfig::legacy_truncate_to_hw`] (`#[doc(hidden)]`,
//! default off, never set by the console or UI) a new follower truncates to
//! its HW as before KIP-101, so `tests/invariants_fire.rs` can show that the
//! committed-record invariant catches the loss.

pub mod consumer_fetch;
pub mod epoch_cache;
pub mod fetch;
mod groups;
pub mod log;
mod log_tasks;
pub mod partition;
pub mod produce;
pub mod producer_state;

use super::config::BrokerConfig;
use super::ids::{BrokerId, TopicPartition};
use super::messages::{Message, NodeId};
use super::metadata::{MetadataImage, MetadataRecord};
use super::node::{Ctx, Observation, TimerKind};
use super::time::ms;
use crate::sim::trace::TraceEvent;
use crate::vecmap::VecMap;
use log::PartitionLog;
use partition::{Partition, Role};

/// Inputs a broker handles.
#[derive(Debug)]
pub enum BrokerInput {
    /// The process starts (first boot or restart).
    Start,
    /// Begin a controlled shutdown (`kill -TERM`).
    Shutdown,
    Message {
        from: NodeId,
        msg: Message,
    },
    Timer(TimerKind),
}

/// Lifecycle as the broker itself sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lifecycle {
    Registering,
    Running,
    ShuttingDown,
    /// Controlled shutdown finished: the simulation stops the process.
    Stopped,
}

/// A running broker process.
#[derive(Clone)]
pub struct Broker {
    pub id: BrokerId,
    pub config: BrokerConfig,
    pub incarnation: u64,
    pub broker_epoch: u64,
    pub lifecycle: Lifecycle,
    pub metadata: MetadataImage,
    pub partitions: VecMap<TopicPartition, Partition>,
    pub(crate) fetch: fetch::FetchState,
    pub(crate) produce: produce::ProduceState,
    pub(crate) consumer_fetch: consumer_fetch::ConsumerFetchState,
    pub coordinator: crate::sim::coordinator::GroupCoordinator,
}

impl Broker {
    /// A broker starting from `disk` (empty on first boot).
    pub fn restart(
        id: BrokerId,
        config: BrokerConfig,
        incarnation: u64,
        disk: VecMap<TopicPartition, PartitionLog>,
    ) -> Broker {
        let partitions = disk.into_iter().map(|(tp, log)| (tp.clone(), Partition::new(tp, log))).collect();
        Broker {
            id,
            config,
            incarnation,
            broker_epoch: 0,
            lifecycle: Lifecycle::Registering,
            metadata: MetadataImage::default(),
            partitions,
            fetch: Default::default(),
            produce: Default::default(),
            consumer_fetch: Default::default(),
            coordinator: Default::default(),
        }
    }

    /// What survives the process: the partition logs.
    pub fn into_disk(self) -> VecMap<TopicPartition, PartitionLog> {
        self.partitions.into_iter().map(|(tp, p)| (tp, p.log)).collect()
    }

    /// The one entry point.
    pub fn handle(&mut self, ctx: &mut Ctx, input: BrokerInput) {
        match input {
            BrokerInput::Start => self.register(ctx),
            BrokerInput::Shutdown => {
                if self.lifecycle == Lifecycle::Running {
                    self.lifecycle = Lifecycle::ShuttingDown;
                    ctx.trace(TraceEvent::ControlledShutdownBegins(self.id));
                    self.send_heartbeat(ctx);
                }
            }
            BrokerInput::Timer(kind) => self.on_timer(ctx, kind),
            BrokerInput::Message { from, msg } => self.on_message(ctx, from, msg),
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx, kind: TimerKind) {
        match kind {
            TimerKind::Heartbeat if self.lifecycle == Lifecycle::Registering => self.register(ctx),
            TimerKind::Heartbeat => self.send_heartbeat(ctx),
            TimerKind::IsrCheck => self.maybe_shrink_isrs(ctx),
            TimerKind::FetchWait(follower) => self.on_fetch_wait_timer(ctx, follower),
            TimerKind::FetchBackoff(leader) => self.fetch_from(ctx, leader, true),
            TimerKind::FetchTimeout(leader) => self.on_fetch_timeout_timer(ctx, leader),
            TimerKind::ProducePurgatory => self.expire_delayed_produces(ctx),
            TimerKind::LogRetention => self.run_retention(ctx),
            TimerKind::LogCleaner => self.run_cleaner(ctx),
            TimerKind::OffsetsRetention => self.run_offsets_expiry(ctx),
            TimerKind::ConsumerFetchWait(client) => self.on_consumer_fetch_wait(ctx, client),
            kind @ (TimerKind::GroupSession(_) | TimerKind::GroupJoin(_)) => self.on_group_timer(ctx, kind),
            _ => {}
        }
    }

    fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, msg: Message) {
        match msg {
            Message::BrokerRegistrationResponse { broker_epoch } => {
                self.broker_epoch = broker_epoch;
                self.lifecycle = Lifecycle::Running;
                self.send_heartbeat(ctx);
                ctx.set_timer(TimerKind::IsrCheck, ms(self.config.replica_lag_time_max_ms / 2));
                self.start_log_tasks(ctx);
            }
            Message::BrokerHeartbeatResponse { should_shutdown, base_offset, records, .. } => {
                self.apply_metadata(ctx, base_offset, records.as_slice());
                if should_shutdown && self.lifecycle == Lifecycle::ShuttingDown {
                    self.lifecycle = Lifecycle::Stopped;
                    ctx.trace(TraceEvent::ControlledShutdownCompleted(self.id));
                }
            }
            Message::MetadataPush { base_offset, records } => self.apply_metadata(ctx, base_offset, records.as_slice()),
            Message::AlterPartitionResponse { tp, error } => self.on_alter_partition_response(ctx, tp, error),
            Message::Fetch { replica, partitions } => self.handle_fetch(ctx, from, replica, partitions),
            Message::FetchResponse { partitions } => {
                if let NodeId::Broker(leader) = from {
                    self.on_fetch_response(ctx, leader, partitions);
                }
            }
            Message::Produce { correlation_id, acks, timeout_ms, batches } => {
                self.handle_produce(ctx, from, correlation_id, acks, timeout_ms, batches)
            }
            Message::Metadata { correlation_id, topics } => {
                self.handle_metadata_request(ctx, from, correlation_id, topics)
            }
            Message::ListOffsets { partitions } => self.handle_list_offsets(ctx, from, partitions),
            Message::ApiVersions { correlation_id } => {
                ctx.send(from, Message::ApiVersionsResponse { correlation_id });
            }
            msg => self.handle_group_message(ctx, from, msg),
        }
    }

    fn register(&mut self, ctx: &mut Ctx) {
        let msg = Message::BrokerRegistration { incarnation: self.incarnation, metadata_offset: self.metadata.offset };
        ctx.send(NodeId::Controller, msg);
        // Retried until the controller answers (a previous session may still be valid).
        ctx.set_timer(TimerKind::Heartbeat, ms(self.config.broker_heartbeat_interval_ms));
    }

    fn send_heartbeat(&mut self, ctx: &mut Ctx) {
        let msg = Message::BrokerHeartbeat {
            broker_epoch: self.broker_epoch,
            metadata_offset: self.metadata.offset,
            want_shutdown: self.lifecycle == Lifecycle::ShuttingDown,
        };
        ctx.send(NodeId::Controller, msg);
        let next =
            if self.lifecycle == Lifecycle::ShuttingDown { 200 } else { self.config.broker_heartbeat_interval_ms };
        ctx.set_timer(TimerKind::Heartbeat, ms(next));
    }

    /// Applies the records of a batch starting at metadata offset `base`: those
    /// already applied are skipped; a batch beyond a gap is ignored (the next
    /// heartbeat response fills the gap from the controller's log).
    fn apply_metadata(&mut self, ctx: &mut Ctx, base: u64, records: &[MetadataRecord]) {
        let have = self.metadata.offset;
        if base > have || base + records.len() as u64 <= have {
            return;
        }
        for r in &records[(have - base) as usize..] {
            self.metadata.apply(r);
        }
        self.reconcile_partitions(ctx);
    }

    /// Brings hosted replicas in line with the metadata image.
    fn reconcile_partitions(&mut self, ctx: &mut Ctx) {
        let me = self.id;
        let wanted: Vec<(TopicPartition, super::metadata::PartitionState)> = self
            .metadata
            .partitions()
            .filter(|(_, p)| p.replicas.contains(&me))
            .map(|(tp, p)| (tp, p.clone()))
            .collect();
        let stale: Vec<TopicPartition> =
            self.partitions.keys().filter(|tp| !wanted.iter().any(|(w, _)| w == *tp)).cloned().collect();
        for tp in stale {
            if self.metadata.partition(&tp).is_some() || !self.metadata.topics.contains_key(&tp.topic) {
                self.partitions.remove(&tp);
                self.fail_delayed_produces(ctx, &tp);
            }
        }
        for (tp, state) in wanted {
            self.reconcile_partition(ctx, tp, &state);
        }
        self.start_fetchers(ctx);
        self.reconcile_coordinators(ctx);
    }

    fn reconcile_partition(&mut self, ctx: &mut Ctx, tp: TopicPartition, state: &super::metadata::PartitionState) {
        let me = self.id;
        let now_ms = ctx.now_ms();
        let min_isr = self.metadata.min_insync_replicas_on(&tp.topic, me).unwrap_or(1);
        let log_config = self.metadata.log_config_on(&tp.topic, me);
        let p = self.partitions.entry(tp.clone()).or_insert_with(|| Partition::new(tp.clone(), PartitionLog::new()));
        p.min_insync_replicas = min_isr;
        if let Some(c) = log_config {
            p.log.config = c;
        }
        let epoch_changed = p.leader_epoch != state.leader_epoch;
        match state.leader {
            Some(l) if l == me && (epoch_changed || p.role != Role::Leader) => {
                p.make_leader(me, state, now_ms);
                ctx.observe(Observation::BecameLeader { tp: tp.clone(), broker: me, epoch: state.leader_epoch });
                ctx.trace(TraceEvent::BecameLeader {
                    broker: me,
                    tp: tp.clone(),
                    epoch: state.leader_epoch,
                    leo: p.log.log_end_offset(),
                });
                self.fail_delayed_produces(ctx, &tp);
                self.after_isr_change(ctx, &tp);
            }
            Some(l) if l != me && (epoch_changed || p.role != Role::Follower(l)) => {
                let was_leader = p.role == Role::Leader;
                p.make_follower(state);
                if self.config.legacy_truncate_to_hw {
                    legacy_truncate_to_hw(ctx, me, p);
                }
                if was_leader {
                    self.fail_delayed_produces(ctx, &tp);
                }
            }
            None if p.role != Role::Offline || epoch_changed => {
                let was_leader = p.role == Role::Leader;
                p.make_follower(state);
                if was_leader {
                    self.fail_delayed_produces(ctx, &tp);
                }
            }
            _ => {
                let isr_changed = p.isr != state.isr;
                if state.partition_epoch > p.partition_epoch || isr_changed {
                    p.apply_state(state);
                    if p.role == Role::Leader {
                        self.after_isr_change(ctx, &tp);
                    }
                }
            }
        }
    }

    /// After the committed ISR changed on a leader: the HW may move.
    fn after_isr_change(&mut self, ctx: &mut Ctx, tp: &TopicPartition) {
        self.maybe_advance_hw(ctx, tp);
    }

    /// Answers a client's `Metadata` request from this broker's image.
    // Simplification: `auto.create.topics.enable` is off — an unknown topic is
    // reported as unknown instead of being created with `num.partitions`.
    fn handle_metadata_request(
        &mut self,
        ctx: &mut Ctx,
        from: NodeId,
        correlation_id: u64,
        topics: Vec<super::ids::TopicName>,
    ) {
        use super::messages::PartitionMetadata;
        let brokers = self.metadata.brokers.iter().filter(|(_, r)| !r.fenced).map(|(b, _)| *b).collect();
        let topics = topics
            .into_iter()
            .map(|t| {
                let parts = self.metadata.topics.get(&t).map(|ti| {
                    ti.partitions
                        .iter()
                        .enumerate()
                        .map(|(i, p)| PartitionMetadata {
                            partition: i as u32,
                            leader: p.leader,
                            leader_epoch: p.leader_epoch,
                        })
                        .collect()
                });
                (t, parts)
            })
            .collect();
        ctx.send(from, Message::MetadataResponse { correlation_id, brokers, topics });
    }

    /// The min ISR config of a partition as this broker knows it.
    pub(crate) fn min_isr(&self, tp: &TopicPartition) -> u32 {
        self.partitions.get(tp).map_or(1, |p| p.min_insync_replicas)
    }
}

/// The pre-KIP-101 `makeFollower` (Kafka 0.10 `ReplicaManager.makeFollowers`
/// truncated every new follower to its high watermark). Reached only through
/// the test-only [`BrokerConfig::legacy_truncate_to_hw`] switch; it loses
/// records that were committed on the leader but whose HW had not reached
/// this follower yet.
fn legacy_truncate_to_hw(ctx: &mut Ctx, me: BrokerId, p: &mut Partition) {
    let hw = p.log.high_watermark();
    let removed = p.log.truncate_to(hw);
    if !removed.is_empty() {
        ctx.observe(Observation::Truncated { tp: p.tp.clone(), broker: me, to_offset: hw, removed });
    }
}
