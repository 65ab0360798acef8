//! The consumer's side of the group protocol (`AbstractCoordinator`,
//! `ConsumerCoordinator`): find the coordinator, join, sync, heartbeat,
//! commit, leave — and what each error means.
//!
//! - `NOT_COORDINATOR`, `COORDINATOR_NOT_AVAILABLE`, a refused connection or a
//!   request timeout: the coordinator is unknown; FindCoordinator again.
//! - `MEMBER_ID_REQUIRED`: join again with the id the coordinator handed out.
//! - `UNKNOWN_MEMBER_ID`: forget the member id and generation, rejoin.
//! - `ILLEGAL_GENERATION`: forget the generation, rejoin (partitions lost).
//! - `REBALANCE_IN_PROGRESS`: rejoin (keeping the member id).
//! - `FENCED_INSTANCE_ID` (for a static member), `INVALID_SESSION_TIMEOUT`,
//!   `INCONSISTENT_GROUP_PROTOCOL`: fatal; `poll()` throws and the consumer stops.

use super::{Consumer, JoinState};
use crate::sim::ids::{BrokerId, LeaderEpoch, Offset, TopicPartition};
use crate::sim::messages::group::{JoinGroupRequest, JoinGroupResponse, JoinProtocol, CONSUMER_PROTOCOL_TYPE};
use crate::sim::messages::MemberFields;
use crate::sim::messages::{ErrorCode, Message, NodeId};
use crate::sim::node::{Ctx, Observation, TimerKind};
use crate::sim::time::ms;
use crate::sim::trace::{CoordinatorLoss, DisruptionCause, LeaveReason, TraceEvent};
use crate::vecmap::VecMap;

impl Consumer {
    pub(crate) fn send_to_coordinator(&mut self, ctx: &mut Ctx, msg: Message) {
        let Some(c) = self.coordinator else { return };
        ctx.send(NodeId::Broker(c), msg);
        ctx.set_timer(TimerKind::CoordinatorTimeout, ms(self.config.request_timeout_ms));
    }

    pub(crate) fn next_bootstrap(&mut self) -> BrokerId {
        let b = self.bootstrap[(self.next_broker as usize) % self.bootstrap.len()];
        self.next_broker = self.next_broker.wrapping_add(1);
        b
    }

    pub(crate) fn find_coordinator(&mut self, ctx: &mut Ctx) {
        if self.finding_coordinator || self.bootstrap.is_empty() {
            return;
        }
        self.finding_coordinator = true;
        let b = self.next_bootstrap();
        ctx.send(NodeId::Broker(b), Message::FindCoordinator { group: self.group().into() });
        ctx.set_timer(TimerKind::CoordinatorTimeout, ms(self.config.request_timeout_ms));
    }

    /// `markCoordinatorUnknown`: requests in flight are abandoned.
    pub(crate) fn coordinator_unknown(&mut self, ctx: &mut Ctx, why: CoordinatorLoss) {
        if let Some(c) = self.coordinator.take() {
            ctx.trace(TraceEvent::CoordinatorUnavailable { consumer: self.name().to_string(), broker: c, why });
        }
        self.finding_coordinator = false;
        self.heartbeat_in_flight = false;
        self.clear_resolving();
        if matches!(self.join_state, JoinState::Joining | JoinState::Syncing | JoinState::Committing) {
            self.join_state = JoinState::Unjoined;
            self.rejoin_needed = true;
        }
        if self.sync_commit_in_flight.take().is_some() {
            self.wake_poll(ctx, 0);
        }
        if self.closing {
            self.closed = true;
        }
    }

    /// Partitions waiting for OffsetFetch / ListOffsets are asked for again on the next poll.
    fn clear_resolving(&mut self) {
        for a in self.assigned.values_mut().filter(|a| a.position.is_none()) {
            a.resolving = false;
        }
    }

    pub(crate) fn coordinator_timeout(&mut self, ctx: &mut Ctx) {
        let waiting = self.finding_coordinator
            || self.heartbeat_in_flight
            || self.sync_commit_in_flight.is_some()
            || self.assigned.values().any(|a| a.resolving)
            || matches!(self.join_state, JoinState::Joining | JoinState::Syncing | JoinState::Committing);
        if waiting {
            self.coordinator_unknown(ctx, CoordinatorLoss::RequestTimedOut);
        }
    }

    pub(crate) fn on_refused(&mut self, ctx: &mut Ctx, from: NodeId) {
        let NodeId::Broker(b) = from else { return };
        if self.fetch_in_flight.remove(&b).is_some() {
            self.refresh_metadata_after_backoff(ctx);
        }
        // An OffsetFetch or ListOffsets to this broker is lost: ask again later.
        self.clear_resolving();
        if self.coordinator == Some(b) || (self.coordinator.is_none() && self.finding_coordinator) {
            self.coordinator_unknown(ctx, CoordinatorLoss::ConnectionRefused);
        }
    }

    pub(crate) fn on_group_message(&mut self, ctx: &mut Ctx, _from: NodeId, msg: Message) {
        match msg {
            Message::FindCoordinatorResponse { error, coordinator, .. } => {
                self.finding_coordinator = false;
                if error.is_none() {
                    self.coordinator = coordinator;
                    ctx.trace(TraceEvent::CoordinatorFound { consumer: self.name().to_string(), broker: coordinator });
                }
            }
            Message::JoinGroupResponse(r) => self.on_join_response(ctx, *r),
            Message::SyncGroupResponse { error, assignment, .. } => self.on_sync_response(ctx, error, assignment),
            Message::HeartbeatResponse { error, .. } => {
                self.heartbeat_in_flight = false;
                if let Some(e) = error {
                    self.on_group_error(ctx, e, "Heartbeat");
                }
            }
            Message::OffsetCommitResponse { correlation_id, error, offsets, .. } => {
                self.on_commit_response(ctx, correlation_id, error, offsets)
            }
            Message::OffsetFetchResponse { error, offsets, leader_epochs, .. } => match error {
                Some(e) => self.on_group_error(ctx, e, "OffsetFetch"),
                None => self.on_committed_offsets(ctx, offsets, &leader_epochs),
            },
            _ => {}
        }
    }

    /// What an error from the coordinator means for the member.
    fn on_group_error(&mut self, ctx: &mut Ctx, e: ErrorCode, api: &str) {
        self.stats.last_error = Some(format!("{api}: {}", e.name()));
        match e {
            ErrorCode::NotCoordinator | ErrorCode::CoordinatorNotAvailable | ErrorCode::CoordinatorLoadInProgress => {
                self.coordinator_unknown(ctx, CoordinatorLoss::Error(e))
            }
            ErrorCode::UnknownMemberId => {
                self.member_id.clear();
                self.reset_generation(ctx, e);
            }
            ErrorCode::IllegalGeneration => self.reset_generation(ctx, e),
            ErrorCode::RebalanceInProgress => {
                self.rejoin_needed = true;
                if matches!(self.join_state, JoinState::Joining | JoinState::Syncing) {
                    self.join_state = JoinState::Unjoined;
                }
            }
            ErrorCode::FencedInstanceId | ErrorCode::InvalidSessionTimeout | ErrorCode::InconsistentGroupProtocol => {
                // `poll()` throws the error to the application, which stops.
                ctx.trace(TraceEvent::ConsumerFatal { consumer: self.name().to_string(), error: e });
                self.fatal_error = Some(e);
                self.closed = true;
            }
            _ => {}
        }
    }

    /// `resetGenerationOnError`: partitions are *lost* (no commit, no revoke callback).
    fn reset_generation(&mut self, ctx: &mut Ctx, error: ErrorCode) {
        self.generation = -1;
        self.join_state = JoinState::Unjoined;
        self.rejoin_needed = true;
        if !self.assigned.is_empty() {
            let lost = self.assigned.keys().cloned().collect();
            ctx.trace(TraceEvent::PartitionsLostOnError { consumer: self.name().to_string(), error, lost });
            self.assigned.clear();
        }
    }

    /// `onJoinPrepare` then JoinGroup.
    pub(crate) fn start_join(&mut self, ctx: &mut Ctx) {
        if self.config.auto_commit() && self.generation >= 0 && !self.assigned.is_empty() {
            self.join_state = JoinState::Committing;
            self.commit_positions(ctx, true);
            return;
        }
        self.send_join(ctx);
    }

    pub(crate) fn send_join(&mut self, ctx: &mut Ctx) {
        if self.generation < 0 && !self.assigned.is_empty() {
            // `onPartitionsLost`: without a valid generation nothing is owned any more.
            let lost = self.assigned.keys().cloned().collect();
            ctx.trace(TraceEvent::PartitionsLost { consumer: self.name().to_string(), lost });
            self.assigned.clear();
        }
        if !self.cooperative() && !self.assigned.is_empty() {
            let revoked = self.assigned.keys().cloned().collect();
            ctx.trace(TraceEvent::EagerRevoke { consumer: self.name().to_string(), revoked });
            self.assigned.clear();
        }
        // `onJoinPrepare`: only a leader watches the whole group's topics.
        self.group_subscription.clear();
        self.pending_leader = None;
        let protocols = self
            .config
            .assignors
            .iter()
            .map(|a| JoinProtocol { name: a.name().to_string(), metadata: self.protocol_metadata(*a) })
            .collect();
        let req = JoinGroupRequest {
            group: self.group().into(),
            client_id: self.config.client_id.clone(),
            member_id: self.member_id.clone(),
            group_instance_id: self.config.group_instance_id.clone(),
            session_timeout_ms: self.config.session_timeout_ms,
            rebalance_timeout_ms: self.config.max_poll_interval_ms,
            protocol_type: CONSUMER_PROTOCOL_TYPE.to_string(),
            protocols,
        };
        self.join_state = JoinState::Joining;
        self.rejoin_needed = false;
        self.send_to_coordinator(ctx, Message::JoinGroup(Box::new(req)));
    }

    fn on_join_response(&mut self, ctx: &mut Ctx, r: JoinGroupResponse) {
        if self.join_state != JoinState::Joining {
            return;
        }
        match r.error {
            Some(ErrorCode::MemberIdRequired) => {
                self.member_id = r.member_id;
                return self.send_join(ctx);
            }
            Some(e) => {
                self.on_group_error(ctx, e, "JoinGroup");
                self.join_state = JoinState::Unjoined;
                self.rejoin_needed = true;
                return;
            }
            None => {}
        }
        self.member_id = r.member_id.clone();
        self.generation = r.generation;
        self.protocol = r.protocol_name.clone();
        if r.leader == r.member_id {
            return self.on_leader_elected(ctx, r);
        }
        self.send_sync(ctx, Vec::new());
    }

    fn on_sync_response(&mut self, ctx: &mut Ctx, error: Option<ErrorCode>, assignment: Vec<TopicPartition>) {
        if self.join_state != JoinState::Syncing {
            return;
        }
        if let Some(e) = error {
            self.on_group_error(ctx, e, "SyncGroup");
            self.join_state = JoinState::Unjoined;
            self.rejoin_needed = true;
            return;
        }
        if let Some(tp) = assignment.iter().find(|tp| !self.topics.contains(&tp.topic)) {
            // `ConsumerCoordinator.onJoinComplete`: an assignment outside the
            // subscription (`SubscriptionState.checkAssignmentMatchedSubscription`;
            // e.g. a static member that replaced one with other topics and was
            // handed that member's assignment) is not taken: rejoin instead.
            ctx.trace(TraceEvent::AssignmentMismatch {
                consumer: self.name().to_string(),
                generation: self.generation,
                assignment: assignment.clone(),
                tp: tp.clone(),
            });
            self.join_state = JoinState::Stable;
            self.rejoin_needed = true;
            return self.wake_poll(ctx, 0);
        }
        self.stats.rebalances += 1;
        let revoked: Vec<TopicPartition> =
            self.assigned.keys().filter(|tp| !assignment.contains(tp)).cloned().collect();
        for tp in &revoked {
            self.assigned.remove(tp);
        }
        let added: Vec<TopicPartition> =
            assignment.iter().filter(|tp| !self.assigned.contains_key(*tp)).cloned().collect();
        for tp in &added {
            self.assigned.insert(tp.clone(), Default::default());
        }
        self.join_state = JoinState::Stable;
        self.remember_assignment(&assignment);
        ctx.trace(TraceEvent::Assigned {
            consumer: self.name().to_string(),
            generation: self.generation,
            assigned: assignment.clone(),
            added,
            revoked: revoked.clone(),
        });
        if !revoked.is_empty() && self.cooperative() {
            // KIP-429: revoked partitions are released, then a second rebalance hands them out.
            self.rejoin_needed = true;
        }
        self.wake_poll(ctx, 0);
    }

    /// The heartbeat thread (`AbstractCoordinator.HeartbeatThread.run`):
    /// heartbeat every `heartbeat.interval.ms`, and leave the group once
    /// `max.poll.interval.ms` passed without `poll()`. Between heartbeats the
    /// thread sleeps `retry.backoff.ms` at a time, so it notices an expired poll
    /// timer within one backoff; the timer here fires only when that wake-up
    /// matters (the poll deadline falls before the next heartbeat).
    pub(crate) fn heartbeat_tick(&mut self, ctx: &mut Ctx) {
        self.expire_fetches(ctx);
        let now = ctx.now_ms();
        let member = self.generation >= 0 && matches!(self.join_state, JoinState::Stable);
        // `Heartbeat.pollTimeoutExpired`: `Timer.isExpired` is `now >= deadline`.
        let poll_deadline = self.last_poll_ms.saturating_add(self.config.max_poll_interval_ms);
        if member && now >= poll_deadline {
            self.poll_timeout_expired(ctx);
        } else if now >= self.next_heartbeat_ms {
            self.next_heartbeat_ms = now + self.config.heartbeat_interval_ms;
            if member && !self.heartbeat_in_flight && self.coordinator.is_some() {
                self.heartbeat_in_flight = true;
                let msg = Message::Heartbeat { member: self.member_fields(self.config.group_instance_id.clone()) };
                self.send_to_coordinator(ctx, msg);
            }
        }
        if self.next_heartbeat_ms <= now {
            self.next_heartbeat_ms = now + self.config.heartbeat_interval_ms;
        }
        let mut next = self.next_heartbeat_ms;
        let member = self.generation >= 0 && matches!(self.join_state, JoinState::Stable);
        if member && poll_deadline > now && poll_deadline < next {
            let backoff = self.config.retry_backoff_ms.max(1);
            next = now + (poll_deadline - now).div_ceil(backoff) * backoff;
        }
        ctx.set_timer(TimerKind::GroupHeartbeat, ms(next - now));
    }

    /// `handlePollTimeoutExpiry`: leave the group (a static member only stops heartbeating).
    fn poll_timeout_expired(&mut self, ctx: &mut Ctx) {
        ctx.trace(TraceEvent::PollTimeout {
            consumer: self.name().to_string(),
            max_poll_interval_ms: self.config.max_poll_interval_ms,
        });
        ctx.observe(Observation::GroupDisruption {
            group: self.group().into(),
            cause: DisruptionCause::PollTimeoutExceeded(self.name().to_string()),
        });
        if self.config.group_instance_id.is_none() {
            self.leave_group(ctx, LeaveReason::PollTimeout);
            self.member_id.clear();
        }
        self.generation = -1;
        self.join_state = JoinState::Unjoined;
        self.rejoin_needed = true;
    }

    /// This member's identity for a group request.
    pub(crate) fn member_fields(&self, group_instance_id: Option<String>) -> Box<MemberFields> {
        Box::new(MemberFields {
            group: self.group().into(),
            generation: self.generation,
            member_id: self.member_id.clone(),
            group_instance_id,
        })
    }

    pub(crate) fn leave_group(&mut self, ctx: &mut Ctx, why: LeaveReason) {
        if self.member_id.is_empty() || self.config.group_instance_id.is_some() {
            return;
        }
        ctx.trace(TraceEvent::LeaveGroup { consumer: self.name().to_string(), why });
        let mut member = self.member_fields(None);
        member.generation = -1;
        let msg = Message::LeaveGroup { member };
        self.send_to_coordinator(ctx, msg);
    }

    /// Commits every assigned partition's position; `sync` blocks the application until answered.
    pub(crate) fn commit_positions(&mut self, ctx: &mut Ctx, sync: bool) {
        let offsets: Vec<(TopicPartition, Offset)> =
            self.assigned.iter().filter_map(|(tp, a)| a.position.map(|p| (tp.clone(), p))).collect();
        self.commit(ctx, offsets, sync);
    }

    /// `allConsumed`'s `OffsetAndMetadata.leaderEpoch` of the committed positions.
    fn position_epochs(&self, offsets: &[(TopicPartition, Offset)]) -> VecMap<TopicPartition, LeaderEpoch> {
        offsets.iter().filter_map(|(tp, _)| Some((tp.clone(), self.assigned.get(tp)?.offset_epoch?))).collect()
    }

    pub fn commit(&mut self, ctx: &mut Ctx, offsets: Vec<(TopicPartition, Offset)>, sync: bool) {
        let blocked = self.coordinator.is_none() || offsets.is_empty();
        if blocked {
            if self.join_state == JoinState::Committing {
                self.send_join(ctx);
            } else if self.closing {
                self.leave_group(ctx, LeaveReason::ConsumerClosed);
                self.closed = true;
            }
            return;
        }
        self.next_correlation += 1;
        let correlation_id = self.next_correlation;
        if sync || self.join_state == JoinState::Committing || self.closing {
            self.sync_commit_in_flight = Some(correlation_id);
        }
        let member = self.member_fields(self.config.group_instance_id.clone());
        let leader_epochs = self.position_epochs(&offsets);
        let msg = Message::OffsetCommit { correlation_id, member, offsets, leader_epochs };
        self.send_to_coordinator(ctx, msg);
    }

    fn on_commit_response(
        &mut self,
        ctx: &mut Ctx,
        correlation_id: u64,
        error: Option<ErrorCode>,
        offsets: Vec<(TopicPartition, Offset)>,
    ) {
        match error {
            None => {
                self.stats.commits += 1;
                self.committed.extend(offsets);
            }
            Some(e) => {
                self.stats.failed_commits += 1;
                ctx.trace(TraceEvent::CommitFailed { consumer: self.name().to_string(), error: e });
                if self.join_state != JoinState::Committing {
                    self.on_group_error(ctx, e, "OffsetCommit");
                }
            }
        }
        if self.sync_commit_in_flight != Some(correlation_id) {
            return;
        }
        self.sync_commit_in_flight = None;
        if self.closing {
            self.leave_group(ctx, LeaveReason::ConsumerClosed);
            self.closed = true;
        } else if self.join_state == JoinState::Committing {
            self.send_join(ctx);
        } else {
            self.wake_poll(ctx, 0);
        }
    }
}
