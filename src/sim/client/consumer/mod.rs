//! The consumer client: group membership, positions, fetching and the poll loop.
//!
//! Follows `KafkaConsumer` with the classic protocol (`ClassicKafkaConsumer`,
//! `ConsumerCoordinator`, `AbstractCoordinator`, `Fetcher`, Kafka 4.0):
//! - The **application thread** calls `poll()`: it (re)joins the group when
//!   needed, auto-commits every `auto.commit.interval.ms`, and returns up to
//!   `max.poll.records` buffered records, advancing the positions. The
//!   simulated application then *processes* them for `processing_ms` before
//!   polling again. A rebalance only completes inside `poll()`, so a slow
//!   application delays it — which is what `max.poll.interval.ms` bounds.
//! - The **heartbeat thread** sends `Heartbeat` every `heartbeat.interval.ms`
//!   and leaves the group (LeaveGroup) when `poll()` was not called within
//!   `max.poll.interval.ms`.
//! - **Positions** come from the group's committed offsets (OffsetFetch) or,
//!   without one, from `auto.offset.reset` (ListOffsets earliest/latest, or an
//!   error for `none`). Fetches go to each partition's leader and only return
//!   records below the high watermark.
//! - **Rebalancing**: eager revokes every partition before joining;
//!   cooperative (all assignors cooperative) keeps its partitions, revokes only
//!   those the new assignment takes away and then rejoins (KIP-429).
//!
//! Files: [`coordination`] (coordinator, join, sync, heartbeat, commits),
//! [`leader`] (subscriptions and the leader's assignment),
//! [`fetcher`] (metadata, positions, fetches).
//! Simplification: the two threads are one state machine; `poll()` without
//! records returns after 100 ms instead of blocking for the user's timeout.

pub mod config;
pub mod coordination;
pub mod fetcher;
pub mod iso_duration;
pub mod leader;

use crate::sim::assignor::RebalanceProtocol;
use crate::sim::ids::{BrokerId, GroupId, LeaderEpoch, Offset, TopicName, TopicPartition};
use crate::sim::messages::group::{JoinGroupResponse, StickyUserData};
use crate::sim::messages::{ClientNodeId, ErrorCode, Message, NodeId, PartitionMetadata};
use crate::sim::node::{Ctx, DeadlineTimer, Observation, TimerKind};
use crate::sim::record::Record;
use crate::sim::time::ms;
use crate::sim::trace::{LeaveReason, TraceEvent};
use crate::vecmap::VecMap;
use config::{CommitMode, ConsumerConfig};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// How long an empty `poll()` waits before the application polls again.
const POLL_IDLE_MS: u64 = 100;

/// Membership as the consumer sees it (`AbstractCoordinator.MemberState`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum JoinState {
    Unjoined,
    /// Waiting for an offset commit before joining (eager `onJoinPrepare`).
    Committing,
    Joining,
    Syncing,
    Stable,
}

/// One assigned partition.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Assigned {
    /// The offset of the next record `poll()` returns.
    pub position: Option<Offset>,
    /// The position's `offsetEpoch`: the leader epoch of the last record
    /// consumed, or of the committed offset it started from; `None` after a
    /// seek or an offset reset (`SubscriptionState.FetchPosition`).
    pub offset_epoch: Option<LeaderEpoch>,
    pub paused: bool,
    pub buffer: VecDeque<Record>,
    /// Waiting for OffsetFetch / ListOffsets.
    pub resolving: bool,
    /// `auto.offset.reset=none` and no committed offset.
    pub no_offset: bool,
}

/// Counters for the picture.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsumerStats {
    pub polled: u64,
    pub processed: u64,
    pub commits: u64,
    pub failed_commits: u64,
    pub rebalances: u64,
    pub last_error: Option<String>,
}

/// Inputs a consumer handles.
#[derive(Debug)]
pub enum ConsumerInput {
    Start,
    Message { from: NodeId, msg: Message },
    Timer(TimerKind),
}

/// A consumer client.
#[derive(Clone)]
pub struct Consumer {
    pub node: ClientNodeId,
    pub config: ConsumerConfig,
    pub topics: Vec<TopicName>,
    pub processing_ms: u64,
    pub bootstrap: Vec<BrokerId>,
    pub metadata: VecMap<TopicName, Vec<PartitionMetadata>>,
    pub coordinator: Option<BrokerId>,
    pub member_id: String,
    pub generation: i32,
    pub protocol: Option<String>,
    pub join_state: JoinState,
    pub rejoin_needed: bool,
    pub assigned: VecMap<TopicPartition, Assigned>,
    /// Offsets this consumer last committed successfully.
    pub committed: VecMap<TopicPartition, Offset>,
    /// The batch the application is processing.
    pub processing: Vec<(TopicPartition, Offset, Record)>,
    pub stalled: bool,
    /// Closed gracefully; ignores everything.
    pub closed: bool,
    /// The fatal error that stopped it: the exception `poll()` throws to the application.
    pub fatal_error: Option<ErrorCode>,
    pub stats: ConsumerStats,
    /// The records the application finished processing, in order, when
    /// kept (`Some`, see [`crate::sim::deliveries`]): the console consumer
    /// drains and prints them. `None` by default.
    pub(crate) delivered: Option<crate::sim::deliveries::Deliveries>,
    /// The last `NoOffsetForPartitionException` `poll()` threw (class and
    /// message, `auto.offset.reset=none`); not fatal: each `poll()` throws again.
    pub no_offset_error: Option<String>,
    /// As leader: the union of the members' topics (`groupSubscription`).
    pub(crate) group_subscription: Vec<TopicName>,
    /// As leader: the JoinGroup response whose assignment waits for fresh
    /// metadata, and the correlation id of that Metadata request.
    pub(crate) pending_leader: Option<(Box<JoinGroupResponse>, u64)>,
    /// `StickyAssignor.memberAssignment` / `generation`: its next userData.
    pub(crate) sticky_memory: Option<StickyUserData>,
    /// When the heartbeat thread sends the next heartbeat (ms).
    pub(crate) next_heartbeat_ms: u64,
    pub(crate) last_poll_ms: u64,
    pub(crate) next_auto_commit_ms: u64,
    pub(crate) finding_coordinator: bool,
    pub(crate) heartbeat_in_flight: bool,
    /// Leaders with a fetch outstanding, and when it was sent (ms).
    pub(crate) fetch_in_flight: VecMap<BrokerId, u64>,
    pub(crate) metadata_in_flight: bool,
    pub(crate) sync_commit_in_flight: Option<u64>,
    pub(crate) closing: bool,
    pub(crate) next_correlation: u64,
    pub(crate) next_broker: u32,
    poll_timer: DeadlineTimer,
}

impl Consumer {
    pub fn new(
        node: ClientNodeId,
        config: ConsumerConfig,
        topics: Vec<TopicName>,
        processing_ms: u64,
        bootstrap: Vec<BrokerId>,
    ) -> Consumer {
        Consumer {
            node,
            config,
            topics,
            processing_ms,
            bootstrap,
            metadata: VecMap::new(),
            coordinator: None,
            member_id: String::new(),
            generation: -1,
            protocol: None,
            join_state: JoinState::Unjoined,
            rejoin_needed: true,
            assigned: VecMap::new(),
            committed: VecMap::new(),
            processing: Vec::new(),
            stalled: false,
            closed: false,
            fatal_error: None,
            stats: ConsumerStats::default(),
            delivered: None,
            no_offset_error: None,
            group_subscription: Vec::new(),
            pending_leader: None,
            sticky_memory: None,
            next_heartbeat_ms: 0,
            last_poll_ms: 0,
            next_auto_commit_ms: 0,
            finding_coordinator: false,
            heartbeat_in_flight: false,
            fetch_in_flight: VecMap::new(),
            metadata_in_flight: false,
            sync_commit_in_flight: None,
            closing: false,
            next_correlation: 0,
            next_broker: 0,
            poll_timer: DeadlineTimer::default(),
        }
    }

    pub fn group(&self) -> &str {
        &self.config.group_id
    }

    fn name(&self) -> &str {
        &self.config.client_id
    }

    /// The one entry point.
    pub fn handle(&mut self, ctx: &mut Ctx, input: ConsumerInput) {
        if self.closed {
            return;
        }
        match input {
            ConsumerInput::Start => {
                self.last_poll_ms = ctx.now_ms();
                self.next_auto_commit_ms = ctx.now_ms() + self.config.auto_commit_interval_ms;
                self.request_metadata(ctx);
                self.wake_poll(ctx, 0);
                ctx.set_timer(TimerKind::GroupHeartbeat, ms(self.config.heartbeat_interval_ms));
            }
            ConsumerInput::Timer(kind) => self.on_timer(ctx, kind),
            ConsumerInput::Message { from, msg } => self.on_message(ctx, from, msg),
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx, kind: TimerKind) {
        match kind {
            TimerKind::Poll => {
                self.poll_timer.fired();
                self.poll(ctx)
            }
            TimerKind::ProcessingDone => self.processing_done(ctx),
            TimerKind::GroupHeartbeat => self.heartbeat_tick(ctx),
            TimerKind::CoordinatorTimeout => self.coordinator_timeout(ctx),
            TimerKind::MetadataTimeout(_) => {
                self.metadata_in_flight = false;
                self.request_metadata(ctx);
            }
            _ => {}
        }
    }

    fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, msg: Message) {
        match msg {
            Message::MetadataResponse { correlation_id, topics, .. } => self.on_metadata(ctx, correlation_id, topics),
            Message::FetchResponse { partitions } => self.on_fetch_response(ctx, from, partitions),
            Message::ListOffsetsResponse { partitions } => self.on_list_offsets(ctx, partitions),
            Message::ConnectionRefused { .. } => self.on_refused(ctx, from),
            Message::ConnectionClosed => self.on_fetch_connection_closed(ctx, from),
            msg => self.on_group_message(ctx, from, msg),
        }
    }

    /// The application calls `poll()` again no later than `after_ms` from now.
    pub(crate) fn wake_poll(&mut self, ctx: &mut Ctx, after_ms: u64) {
        let at = ctx.now.plus(ms(after_ms));
        self.poll_timer.arm(ctx, TimerKind::Poll, at);
    }

    /// The application calls `poll()`.
    pub(crate) fn poll(&mut self, ctx: &mut Ctx) {
        if self.stalled || !self.processing.is_empty() || self.sync_commit_in_flight.is_some() || self.closing {
            return;
        }
        self.last_poll_ms = ctx.now_ms();
        if self.coordinator.is_none() {
            self.find_coordinator(ctx);
            return self.wake_poll(ctx, POLL_IDLE_MS);
        }
        if self.rejoin_needed && matches!(self.join_state, JoinState::Unjoined | JoinState::Stable) {
            self.start_join(ctx);
        }
        if self.join_state != JoinState::Stable {
            return self.wake_poll(ctx, POLL_IDLE_MS);
        }
        if self.config.auto_commit() && ctx.now_ms() >= self.next_auto_commit_ms {
            self.next_auto_commit_ms = ctx.now_ms() + self.config.auto_commit_interval_ms;
            self.commit_positions(ctx, false);
        }
        self.resolve_positions(ctx);
        self.send_fetches(ctx);
        let batch = self.take_records();
        if batch.is_empty() {
            return self.wake_poll(ctx, POLL_IDLE_MS);
        }
        self.stats.polled += batch.len() as u64;
        self.processing = batch;
        self.send_fetches(ctx);
        if self.config.commit_mode == CommitMode::BeforeProcessing {
            self.commit_positions(ctx, false);
        }
        ctx.set_timer(TimerKind::ProcessingDone, ms(self.processing_ms));
    }

    /// Up to `max.poll.records` buffered records of fetchable partitions; positions advance.
    /// Each with the position it was taken at (below it when the cleaner left a gap).
    fn take_records(&mut self) -> Vec<(TopicPartition, Offset, Record)> {
        let mut out = Vec::new();
        let max = self.config.max_poll_records as usize;
        for (tp, a) in self.assigned.iter_mut() {
            if a.paused {
                continue;
            }
            while out.len() < max {
                let Some(pos) = a.position else { break };
                match a.buffer.front() {
                    // After compaction the next record may lie past the position.
                    Some(r) if r.offset >= pos => {
                        let r = a.buffer.pop_front().expect("front");
                        a.position = Some(r.offset + 1);
                        // `FetchCollector`: the next position carries `lastEpoch`.
                        a.offset_epoch = Some(r.leader_epoch);
                        out.push((tp.clone(), pos, r));
                    }
                    Some(_) => {
                        a.buffer.clear();
                        break;
                    }
                    None => break,
                }
            }
        }
        out
    }

    /// The application finished the batch (unless stalled: then it never does until resumed).
    fn processing_done(&mut self, ctx: &mut Ctx) {
        if self.stalled || self.processing.is_empty() {
            return;
        }
        let group = GroupId::new(&self.config.group_id);
        for (tp, from, r) in std::mem::take(&mut self.processing) {
            self.stats.processed += 1;
            ctx.observe(Observation::Processed {
                group: group.clone(),
                consumer: self.node,
                tp: tp.clone(),
                from,
                offset: r.offset,
                id: r.id,
            });
            if let Some(d) = self.delivered.as_mut() {
                d.push(tp, r);
            }
        }
        match self.config.commit_mode {
            CommitMode::SyncAfterProcessing => self.commit_positions(ctx, true),
            CommitMode::AsyncAfterProcessing => self.commit_positions(ctx, false),
            _ => {}
        }
        // The application's loop calls poll() again at once.
        self.poll(ctx);
    }

    /// `StallConsumer`: the application stops calling `poll()` (or resumes).
    pub fn set_stalled(&mut self, ctx: &mut Ctx, stalled: bool) {
        self.stalled = stalled;
        if !stalled {
            ctx.set_timer(TimerKind::ProcessingDone, ms(0));
            self.wake_poll(ctx, 0);
        }
        ctx.trace(TraceEvent::ConsumerStalled { consumer: self.name().to_string(), stalled });
    }

    /// Whether this consumer rebalances cooperatively.
    pub fn cooperative(&self) -> bool {
        self.config.rebalance_protocol() == RebalanceProtocol::Cooperative
    }

    /// `seek`: the next `poll()` returns records from `offset`.
    pub fn seek(&mut self, ctx: &mut Ctx, tp: &TopicPartition, offset: Offset) -> bool {
        let Some(a) = self.assigned.get_mut(tp) else { return false };
        a.position = Some(offset);
        a.offset_epoch = None;
        a.buffer.clear();
        a.no_offset = false;
        ctx.observe(Observation::Seeked { group: self.config.group_id.as_str().into(), tp: tp.clone(), offset });
        true
    }

    /// `pause` / `resume`.
    pub fn pause(&mut self, tps: &[TopicPartition], paused: bool) {
        for tp in tps {
            if let Some(a) = self.assigned.get_mut(tp) {
                a.paused = paused;
            }
        }
    }

    /// `close()`: commit (auto-commit) then LeaveGroup.
    pub fn close(&mut self, ctx: &mut Ctx) {
        self.closing = true;
        if self.config.auto_commit() && self.generation >= 0 && !self.assigned.is_empty() {
            self.commit_positions(ctx, true);
        } else {
            self.leave_group(ctx, LeaveReason::ConsumerClosed);
            self.closed = true;
        }
    }
}
