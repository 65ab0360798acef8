//! SyncGroup, Heartbeat, LeaveGroup and session expiry
//! (`GroupMetadataManager.classicGroupSync`, `classicGroupHeartbeat`,
//! `classicGroupLeave`, `onExpireHeartbeat`).
//!
//! - **SyncGroup**: in CompletingRebalance followers wait; the leader's
//!   SyncGroup carries every member's assignment, which is stored (a group
//!   record in `__consumer_offsets`) and sent to everyone: the group is Stable.
//! - **Heartbeat**: resets the member's session timer. While PreparingRebalance
//!   the answer is `REBALANCE_IN_PROGRESS`, which tells the member to rejoin.
//! - **LeaveGroup** and **session expiry** remove the member and rebalance.
//!
//! Errors are checked in Kafka's order: unknown group / Dead, member (fenced
//! static instance), generation, then the state.

use super::group::GroupState;
use super::{GroupCoordinator, OffsetsLog};
use crate::sim::ids::{GroupId, TopicPartition};
use crate::sim::messages::{ErrorCode, Message, NodeId};
use crate::sim::node::{Ctx, Observation, TimerKind};
use crate::sim::time::ms;
use crate::sim::trace::{DisruptionCause, MemberRemoval, RebalanceReason, TraceEvent};

/// Member, instance and generation of a request.
pub(crate) struct MemberRef<'a> {
    pub group: &'a str,
    pub member_id: &'a str,
    pub instance: Option<&'a str>,
    pub generation: i32,
}

impl<'a> MemberRef<'a> {
    /// The member a group request names.
    pub(crate) fn of(m: &'a crate::sim::messages::MemberFields) -> MemberRef<'a> {
        MemberRef {
            group: &m.group,
            member_id: &m.member_id,
            instance: m.group_instance_id.as_deref(),
            generation: m.generation,
        }
    }
}

impl GroupCoordinator {
    /// Checks coordinator, group, member and generation.
    fn validate_request(
        &mut self,
        ctx: &mut Ctx,
        log: &mut dyn OffsetsLog,
        r: &MemberRef,
    ) -> Result<GroupState, ErrorCode> {
        self.check_coordinator(ctx, log, r.group)?;
        let Some(g) = self.groups.get(r.group) else { return Err(ErrorCode::UnknownMemberId) };
        if g.state == GroupState::Dead {
            return Err(ErrorCode::CoordinatorNotAvailable);
        }
        g.validate_member(r.member_id, r.instance)?;
        if r.generation != g.generation {
            return Err(ErrorCode::IllegalGeneration);
        }
        Ok(g.state)
    }

    pub(crate) fn handle_sync_group(
        &mut self,
        ctx: &mut Ctx,
        log: &mut dyn OffsetsLog,
        from: NodeId,
        r: MemberRef,
        assignments: Vec<(String, Vec<TopicPartition>)>,
    ) {
        let reply = |error: Option<ErrorCode>, assignment: Vec<TopicPartition>| Message::SyncGroupResponse {
            group: r.group.into(),
            error,
            assignment,
        };
        let state = match self.validate_request(ctx, log, &r) {
            Ok(s) => s,
            Err(e) => return ctx.send(from, reply(Some(e), Vec::new())),
        };
        let g = self.group_mut(r.group);
        match state {
            GroupState::Empty => ctx.send(from, reply(Some(ErrorCode::UnknownMemberId), Vec::new())),
            GroupState::PreparingRebalance => ctx.send(from, reply(Some(ErrorCode::RebalanceInProgress), Vec::new())),
            GroupState::Stable => {
                let m = &g.members[r.member_id];
                let (client, timeout, a) = (m.client, m.session_timeout_ms, m.assignment.clone());
                ctx.set_timer(
                    TimerKind::GroupSession(Box::new((GroupId::new(r.group), r.member_id.into()))),
                    ms(timeout),
                );
                ctx.send(client, reply(None, a));
            }
            GroupState::CompletingRebalance => {
                g.members.get_mut(r.member_id).expect("validated").awaiting_sync = true;
                if g.leader.as_deref() == Some(r.member_id) {
                    for m in g.members.values_mut() {
                        m.assignment = assignments
                            .iter()
                            .find(|(id, _)| *id == m.member_id)
                            .map(|(_, a)| a.clone())
                            .unwrap_or_default();
                    }
                    self.complete_sync(ctx, log, r.group);
                }
            }
            GroupState::Dead => {}
        }
    }

    /// The leader's assignment arrived: store it, → Stable, answer every waiting member.
    fn complete_sync(&mut self, ctx: &mut Ctx, log: &mut dyn OffsetsLog, group: &str) {
        let g = self.group_mut(group);
        g.go(GroupState::Stable);
        let generation = g.generation;
        let mut assignments = Vec::new();
        for m in g.members.values_mut() {
            assignments.push((m.member_id.clone(), m.assignment.clone()));
            if m.awaiting_sync {
                m.awaiting_sync = false;
                let msg =
                    Message::SyncGroupResponse { group: group.into(), error: None, assignment: m.assignment.clone() };
                ctx.send(m.client, msg);
            }
        }
        ctx.trace(TraceEvent::SyncCompleted { group: group.into(), generation, assignments });
        // Simplification: Kafka answers the SyncGroups once the group record is
        // replicated; here the record is appended and the answers go at once.
        self.persist_group(ctx, log, group);
    }

    pub(crate) fn handle_heartbeat(&mut self, ctx: &mut Ctx, log: &mut dyn OffsetsLog, from: NodeId, r: MemberRef) {
        let error = match self.validate_request(ctx, log, &r) {
            Err(e) => Some(e),
            Ok(GroupState::Empty) => Some(ErrorCode::UnknownMemberId),
            Ok(state) => {
                let m = &self.groups[r.group].members[r.member_id];
                let timeout = m.session_timeout_ms;
                ctx.set_timer(
                    TimerKind::GroupSession(Box::new((GroupId::new(r.group), r.member_id.into()))),
                    ms(timeout),
                );
                (state == GroupState::PreparingRebalance).then_some(ErrorCode::RebalanceInProgress)
            }
        };
        ctx.send(from, Message::HeartbeatResponse { group: r.group.into(), error });
    }

    pub(crate) fn handle_leave_group(&mut self, ctx: &mut Ctx, log: &mut dyn OffsetsLog, from: NodeId, r: MemberRef) {
        let group = r.group;
        if let Err(e) = self.check_coordinator(ctx, log, group) {
            return ctx.send(from, Message::LeaveGroupResponse { group: group.into(), error: Some(e) });
        }
        let error = match self.groups.get(group) {
            None => Some(ErrorCode::UnknownMemberId),
            Some(g) => g.validate_member(r.member_id, r.instance).err(),
        };
        if error.is_none() {
            self.remove_and_rebalance(ctx, log, group, r.member_id, MemberRemoval::Left);
        }
        ctx.send(from, Message::LeaveGroupResponse { group: group.into(), error });
    }

    /// A member's session timer fired: no heartbeat for `session.timeout.ms`.
    pub(crate) fn on_session_expired(&mut self, ctx: &mut Ctx, log: &mut dyn OffsetsLog, group: &str, member_id: &str) {
        if self.check_coordinator(ctx, log, group).is_err() {
            return;
        }
        let Some(g) = self.groups.get(group) else { return };
        let Some(m) = g.members.get(member_id) else { return };
        if m.awaiting_join || m.awaiting_sync {
            // `hasSatisfiedHeartbeat`: a member waiting in a join or sync is alive.
            let kind = TimerKind::GroupSession(Box::new((GroupId::new(group), member_id.to_string())));
            return ctx.set_timer(kind, ms(m.session_timeout_ms));
        }
        let why = MemberRemoval::SessionTimeout { ms: m.session_timeout_ms };
        self.remove_and_rebalance(ctx, log, group, member_id, why);
    }

    /// `removeMemberAndUpdateClassicGroup`.
    fn remove_and_rebalance(
        &mut self,
        ctx: &mut Ctx,
        log: &mut dyn OffsetsLog,
        group: &str,
        member_id: &str,
        why: MemberRemoval,
    ) {
        ctx.cancel_timer(TimerKind::GroupSession(Box::new((GroupId::new(group), member_id.to_string()))));
        let g = self.group_mut(group);
        g.remove_member(member_id);
        ctx.trace(TraceEvent::MemberRemoved { group: group.into(), member: member_id.to_string(), why: why.clone() });
        ctx.observe(Observation::GroupDisruption {
            group: group.into(),
            cause: DisruptionCause::MemberRemoved { member: member_id.to_string(), why: why.clone() },
        });
        match g.state {
            GroupState::Stable | GroupState::CompletingRebalance => self.prepare_rebalance(
                ctx,
                log,
                group,
                RebalanceReason::MemberRemoved { member: member_id.to_string(), why },
            ),
            GroupState::PreparingRebalance => {
                // The join phase may now be complete.
                self.prepare_join_check(ctx, log, group);
            }
            _ => {}
        }
    }

    fn prepare_join_check(&mut self, ctx: &mut Ctx, log: &mut dyn OffsetsLog, group: &str) {
        let initial = self.initial_delay.get(group).copied().unwrap_or(false);
        let g = self.group_mut(group);
        if !initial && g.has_all_members_joined() {
            self.on_group_join_timer_now(ctx, log, group);
        }
    }

    fn on_group_join_timer_now(&mut self, ctx: &mut Ctx, log: &mut dyn OffsetsLog, group: &str) {
        self.initial_delay.insert(GroupId::new(group), false);
        self.on_group_join_timer(ctx, log, group);
    }
}
