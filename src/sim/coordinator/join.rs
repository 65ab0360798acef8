//! JoinGroup and the join phase of a rebalance (`GroupMetadataManager.
//! classicGroupJoin`, `prepareRebalance`, `completeClassicGroupJoin`).
//!
//! - `session.timeout.ms` outside `[group.min.session.timeout.ms,
//!   group.max.session.timeout.ms]` (6 s … 30 min) → `INVALID_SESSION_TIMEOUT`.
//! - A member whose protocol type is not the group's, or none of whose
//!   protocols (assignors) every member supports, is refused with
//!   `INCONSISTENT_GROUP_PROTOCOL` unless the group is Empty (`supportsProtocols`).
//! - A new dynamic member (empty member id) gets `MEMBER_ID_REQUIRED` with a
//!   fresh id and must join again with it (KIP-394).
//! - A static member (`group.instance.id`) that comes back with an unknown
//!   member id replaces its old id; in a Stable group whose selected protocol
//!   stays the same that is all — the group record is stored with the new id,
//!   no rebalance, it syncs and gets its stored assignment (KIP-345).
//! - Any other membership change moves the group to PreparingRebalance. The
//!   join phase ends when every member has rejoined, or when the rebalance
//!   timeout (`max.poll.interval.ms` of the slowest member) fires; members
//!   that did not rejoin are removed. A group leaving Empty waits
//!   `group.initial.rebalance.delay.ms`, extended while members keep joining.
//! - Completing the phase starts the next generation, selects the protocol and
//!   answers every parked JoinGroup; the leader's answer lists all members.

use super::group::{GroupState, Member};
use super::{GroupCoordinator, OffsetsLog};
use super::{GROUP_INITIAL_REBALANCE_DELAY_MS, GROUP_MAX_SESSION_TIMEOUT_MS, GROUP_MIN_SESSION_TIMEOUT_MS};
use crate::sim::ids::GroupId;
use crate::sim::messages::group::{JoinGroupRequest, JoinGroupResponse, JoinMember};
use crate::sim::messages::{ErrorCode, Message, NodeId};
use crate::sim::node::{Ctx, Observation, TimerKind};
use crate::sim::time::ms;
use crate::sim::trace::{DisruptionCause, RebalanceReason, TraceEvent};

/// A JoinGroup error response.
pub(crate) fn error_response(group: &str, member_id: &str, error: ErrorCode) -> Message {
    Message::JoinGroupResponse(Box::new(JoinGroupResponse {
        group: group.into(),
        error: Some(error),
        generation: -1,
        protocol_name: None,
        leader: String::new(),
        member_id: member_id.to_string(),
        members: Vec::new(),
        skip_assignment: false,
    }))
}

impl GroupCoordinator {
    pub(crate) fn handle_join_group(
        &mut self,
        ctx: &mut Ctx,
        log: &mut dyn OffsetsLog,
        from: NodeId,
        req: JoinGroupRequest,
    ) {
        if let Err(e) = self.check_coordinator(ctx, log, &req.group) {
            ctx.send(from, error_response(&req.group, &req.member_id, e));
            return;
        }
        let timeout = req.session_timeout_ms;
        if !(GROUP_MIN_SESSION_TIMEOUT_MS..=GROUP_MAX_SESSION_TIMEOUT_MS).contains(&timeout) {
            ctx.send(from, error_response(&req.group, &req.member_id, ErrorCode::InvalidSessionTimeout));
            return;
        }
        let g = self.group_mut(&req.group);
        if g.state == GroupState::Dead {
            ctx.send(from, error_response(&req.group, &req.member_id, ErrorCode::CoordinatorNotAvailable));
            return;
        }
        if !g.supports_protocols(&req.protocol_type, &req.protocols) {
            ctx.trace(TraceEvent::InconsistentProtocol {
                group: req.group.clone(),
                client: req.client_id.to_string(),
                offered_type: req.protocol_type.clone(),
                offered: req.protocols.iter().map(|p| p.name.clone()).collect(),
                group_type: g.protocol_type.clone().unwrap_or_default(),
                group_protocols: g.candidate_protocols().iter().cloned().collect(),
            });
            ctx.send(from, error_response(&req.group, &req.member_id, ErrorCode::InconsistentGroupProtocol));
            return;
        }
        if req.member_id.is_empty() {
            self.join_unknown_member(ctx, log, from, req);
        } else {
            self.join_known_member(ctx, log, from, req);
        }
    }

    fn new_member(&mut self, from: NodeId, req: &JoinGroupRequest, member_id: String) -> Member {
        Member {
            member_id,
            group_instance_id: req.group_instance_id.clone(),
            client: from,
            session_timeout_ms: req.session_timeout_ms,
            rebalance_timeout_ms: req.rebalance_timeout_ms,
            protocol_type: req.protocol_type.clone(),
            protocols: req.protocols.clone(),
            assignment: Vec::new(),
            awaiting_join: true,
            awaiting_sync: false,
        }
    }

    fn join_unknown_member(&mut self, ctx: &mut Ctx, log: &mut dyn OffsetsLog, from: NodeId, req: JoinGroupRequest) {
        self.next_member += 1;
        // Simplification: member ids are `<client.id>-b<broker>-<n>`, not `<client.id>-<UUID>`.
        let new_id = format!("{}-b{}-{}", req.client_id, log.broker_id(), self.next_member);
        let g = self.group_mut(&req.group);
        match req.group_instance_id.clone() {
            Some(instance) if g.static_members.contains_key(&instance) => {
                let old = g.static_members[&instance].clone();
                self.replace_static(ctx, log, from, &req, (&instance, &old, &new_id));
            }
            Some(_) => {
                let m = self.new_member(from, &req, new_id.clone());
                let g = self.group_mut(&req.group);
                g.add_member(m);
                g.new_member_joined = true;
                ctx.set_timer(
                    TimerKind::GroupSession(Box::new((GroupId::new(&req.group), new_id))),
                    ms(req.session_timeout_ms),
                );
                self.after_join(ctx, log, &req.group, RebalanceReason::NewStaticMember);
            }
            None => {
                // Simplification: a pending member that never joins is not expired on its
                // own timer; it is dropped when the join phase completes.
                g.pending_members.insert(new_id.clone());
                ctx.send(from, error_response(&req.group, &new_id, ErrorCode::MemberIdRequired));
            }
        }
    }

    /// KIP-345: a static member restarts; the old member id is fenced.
    fn replace_static(
        &mut self,
        ctx: &mut Ctx,
        log: &mut dyn OffsetsLog,
        from: NodeId,
        req: &JoinGroupRequest,
        (instance, old, new_id): (&str, &str, &str),
    ) {
        let group = req.group.clone();
        ctx.cancel_timer(TimerKind::GroupSession(Box::new((GroupId::new(&group), old.to_string()))));
        ctx.set_timer(
            TimerKind::GroupSession(Box::new((GroupId::new(&group), new_id.to_string()))),
            ms(req.session_timeout_ms),
        );
        let g = self.group_mut(&group);
        g.replace_static_member(instance, old, new_id);
        let m = g.members.get_mut(new_id).expect("replaced");
        m.client = from;
        m.protocols = req.protocols.clone();
        m.rebalance_timeout_ms = req.rebalance_timeout_ms;
        m.session_timeout_ms = req.session_timeout_ms;
        ctx.trace(TraceEvent::StaticMemberRejoined {
            group: group.clone(),
            instance: instance.to_string(),
            new_id: new_id.to_string(),
            old_id: old.to_string(),
        });
        if g.state == GroupState::Stable && g.select_protocol() == g.protocol_name {
            // The new member id must outlive this coordinator: store the group
            // (`newGroupMetadataRecord`), or a coordinator that reloads it would
            // fence the restarted member with the old id.
            // Simplification: Kafka answers once the record is replicated (and
            // reverts to the old id if the append fails); here the record is
            // appended and the answer goes at once, as for SyncGroup.
            // `GroupMetadataManager.updateStaticMemberThenRebalanceOrCompleteJoin`:
            // a returning static leader gets the members and `skipAssignment`.
            let is_leader = g.leader.as_deref() == Some(new_id);
            let mut resp = current_generation_response(g, new_id, is_leader);
            resp.skip_assignment = is_leader;
            ctx.send(from, Message::JoinGroupResponse(Box::new(resp)));
            self.persist_group(ctx, log, &group);
        } else {
            g.members.get_mut(new_id).expect("replaced").awaiting_join = true;
            self.after_join(ctx, log, &group, RebalanceReason::StaticMemberNewMetadata);
        }
    }

    fn join_known_member(&mut self, ctx: &mut Ctx, log: &mut dyn OffsetsLog, from: NodeId, req: JoinGroupRequest) {
        let group = req.group.clone();
        let g = self.group_mut(&group);
        if g.pending_members.contains(&req.member_id) {
            let m = self.new_member(from, &req, req.member_id.clone());
            let g = self.group_mut(&group);
            g.add_member(m);
            g.new_member_joined = true;
            ctx.set_timer(
                TimerKind::GroupSession(Box::new((GroupId::new(&group), req.member_id.clone()))),
                ms(req.session_timeout_ms),
            );
            self.after_join(ctx, log, &group, RebalanceReason::MemberJoined(req.member_id.clone()));
            return;
        }
        if let Err(e) = g.validate_member(&req.member_id, req.group_instance_id.as_deref()) {
            ctx.send(from, error_response(&group, &req.member_id, e));
            return;
        }
        let is_leader = g.leader.as_deref() == Some(req.member_id.as_str());
        let m = g.members.get_mut(&req.member_id).expect("validated");
        let changed = m.protocols != req.protocols;
        m.protocols = req.protocols.clone();
        m.client = from;
        m.rebalance_timeout_ms = req.rebalance_timeout_ms;
        m.session_timeout_ms = req.session_timeout_ms;
        match g.state {
            GroupState::PreparingRebalance => {
                m.awaiting_join = true;
                self.maybe_complete_join(ctx, log, &group);
            }
            GroupState::CompletingRebalance | GroupState::Stable if !changed && !is_leader => {
                let resp = current_generation_response(g, &req.member_id, false);
                ctx.send(from, Message::JoinGroupResponse(Box::new(resp)));
            }
            GroupState::CompletingRebalance | GroupState::Stable => {
                m.awaiting_join = true;
                let why =
                    if changed { RebalanceReason::MemberMetadataChanged } else { RebalanceReason::LeaderRejoined };
                self.prepare_rebalance(ctx, log, &group, why);
            }
            GroupState::Empty | GroupState::Dead => {
                ctx.send(from, error_response(&group, &req.member_id, ErrorCode::UnknownMemberId));
            }
        }
    }

    /// After a member was added: rebalance, or complete a running join phase.
    fn after_join(&mut self, ctx: &mut Ctx, log: &mut dyn OffsetsLog, group: &str, why: RebalanceReason) {
        if self.group_mut(group).can_rebalance() {
            self.prepare_rebalance(ctx, log, group, why);
        } else {
            self.maybe_complete_join(ctx, log, group);
        }
    }

    /// `prepareRebalance`: → PreparingRebalance and arm the join-phase timer.
    pub(crate) fn prepare_rebalance(
        &mut self,
        ctx: &mut Ctx,
        log: &mut dyn OffsetsLog,
        group: &str,
        why: RebalanceReason,
    ) {
        let now = ctx.now_ms();
        let g = self.group_mut(group);
        if !g.can_rebalance() {
            return;
        }
        if g.state == GroupState::CompletingRebalance {
            for m in g.members.values_mut().filter(|m| m.awaiting_sync) {
                m.awaiting_sync = false;
                let msg = Message::SyncGroupResponse {
                    group: group.into(),
                    error: Some(ErrorCode::RebalanceInProgress),
                    assignment: Vec::new(),
                };
                ctx.send(m.client, msg);
            }
        }
        let initial = g.state == GroupState::Empty;
        let delay = if initial {
            GROUP_INITIAL_REBALANCE_DELAY_MS.min(g.rebalance_timeout_ms())
        } else {
            g.rebalance_timeout_ms()
        };
        g.join_started_ms = now;
        g.new_member_joined = false;
        g.go(GroupState::PreparingRebalance);
        let generation = g.generation;
        self.initial_delay.insert(GroupId::new(group), initial);
        ctx.set_timer(TimerKind::GroupJoin(GroupId::new(group)), ms(delay));
        let cause = DisruptionCause::Rebalance(why.clone());
        ctx.trace(TraceEvent::PreparingRebalance { group: group.into(), generation, why, delay_ms: delay });
        ctx.observe(Observation::GroupDisruption { group: group.into(), cause });
        if !initial {
            self.maybe_complete_join(ctx, log, group);
        }
    }

    fn maybe_complete_join(&mut self, ctx: &mut Ctx, log: &mut dyn OffsetsLog, group: &str) {
        let initial = self.initial_delay.get(group).copied().unwrap_or(false);
        let g = self.group_mut(group);
        if g.state == GroupState::PreparingRebalance && !initial && g.has_all_members_joined() {
            self.complete_join(ctx, log, group);
        }
    }

    /// The join-phase timer fired.
    pub(crate) fn on_group_join_timer(&mut self, ctx: &mut Ctx, log: &mut dyn OffsetsLog, group: &str) {
        if self.check_coordinator(ctx, log, group).is_err() {
            return;
        }
        let now = ctx.now_ms();
        let initial = self.initial_delay.get(group).copied().unwrap_or(false);
        let g = self.group_mut(group);
        if g.state != GroupState::PreparingRebalance {
            return;
        }
        let elapsed = now.saturating_sub(g.join_started_ms);
        let limit = g.rebalance_timeout_ms();
        if initial && g.new_member_joined && elapsed < limit {
            g.new_member_joined = false;
            let next = GROUP_INITIAL_REBALANCE_DELAY_MS.min(limit - elapsed);
            ctx.set_timer(TimerKind::GroupJoin(GroupId::new(group)), ms(next));
            return;
        }
        self.complete_join(ctx, log, group);
    }

    /// `completeClassicGroupJoin`: drop members that did not rejoin, next generation, answer joins.
    fn complete_join(&mut self, ctx: &mut Ctx, log: &mut dyn OffsetsLog, group: &str) {
        self.initial_delay.insert(GroupId::new(group), false);
        ctx.cancel_timer(TimerKind::GroupJoin(GroupId::new(group)));
        let g = self.group_mut(group);
        let missing: Vec<String> =
            g.members.values().filter(|m| !m.awaiting_join).map(|m| m.member_id.clone()).collect();
        for id in &missing {
            g.remove_member(id);
            ctx.cancel_timer(TimerKind::GroupSession(Box::new((GroupId::new(group), id.clone()))));
        }
        g.pending_members.clear();
        if !missing.is_empty() {
            ctx.trace(TraceEvent::MembersRemoved { group: group.into(), members: missing });
        }
        g.init_next_generation();
        let (generation, protocol, state) = (g.generation, g.protocol_name.clone(), g.state);
        let members: Vec<String> = g.members.keys().cloned().collect();
        for m in g.members.values_mut() {
            m.awaiting_join = false;
        }
        let g = self.group_mut(group);
        for id in &members {
            let is_leader = g.leader.as_deref() == Some(id.as_str());
            let resp = current_generation_response(g, id, is_leader);
            let m = &g.members[id];
            ctx.send(m.client, Message::JoinGroupResponse(Box::new(resp)));
            ctx.set_timer(
                TimerKind::GroupSession(Box::new((GroupId::new(group), id.clone()))),
                ms(m.session_timeout_ms),
            );
        }
        let leader = g.leader.clone().unwrap_or_default();
        ctx.trace(TraceEvent::JoinCompleted { group: group.into(), state, generation, members, leader, protocol });
        if state == GroupState::Empty {
            self.persist_group(ctx, log, group);
        }
    }
}

/// A JoinGroup response describing the group's current generation.
pub(crate) fn current_generation_response(
    g: &super::group::ClassicGroup,
    member_id: &str,
    with_members: bool,
) -> JoinGroupResponse {
    let protocol = g.protocol_name.clone().unwrap_or_default();
    let members = if with_members {
        g.members
            .values()
            .map(|m| JoinMember {
                member_id: m.member_id.clone(),
                group_instance_id: m.group_instance_id.clone(),
                metadata: m.metadata(&protocol),
            })
            .collect()
    } else {
        Vec::new()
    };
    JoinGroupResponse {
        group: g.group_id.clone(),
        error: None,
        generation: g.generation,
        protocol_name: g.protocol_name.clone(),
        leader: g.leader.clone().unwrap_or_default(),
        member_id: member_id.to_string(),
        members,
        skip_assignment: false,
    }
}
