//! The group coordinator: classic consumer groups hosted by brokers.
//!
//! Kafka runs one coordinator per `__consumer_offsets` partition on the broker
//! that leads it (`GroupCoordinatorService`, `GroupMetadataManager`,
//! `OffsetMetadataManager`; apache/kafka `group-coordinator/`, 4.0 line). A
//! group belongs to partition `Utils.abs(groupId.hashCode()) % n`
//! ([`placement`]). Group metadata and committed offsets are *records* in that
//! partition, replicated like any topic; a broker that becomes leader of the
//! partition replays them and takes over the groups, and one that stops being
//! leader drops them and answers `NOT_COORDINATOR`.
//!
//! [`GroupCoordinator`] is a state machine of its own, owned by the broker:
//! its handlers take `&mut self`, the [`Ctx`] and an [`OffsetsLog`], the
//! hosting broker's offsets partitions ([`host`]); it never names the broker.
//!
//! The state machine of one group is [`group::ClassicGroup`]; the request
//! handlers live in [`join`] (JoinGroup and the join phase), [`membership`]
//! (SyncGroup, Heartbeat, LeaveGroup, session expiry) and [`offsets`]
//! (FindCoordinator, OffsetCommit, OffsetFetch, the log).
//!
//! A broker loads an offsets partition as soon as it is elected its leader
//! (`GroupCoordinatorService.onElection`), so an idle group with committed
//! offsets stays visible to the tools across a failover.
//! Simplification: the load takes no simulated time (Kafka replays in the
//! background and answers `COORDINATOR_LOAD_IN_PROGRESS` meanwhile, which
//! clients and the admin client retry), so that error never shows; the group
//! metadata record is a JSON snapshot of the whole group rather than Kafka's
//! `GroupMetadataValue` schema.

mod expiry;
pub mod group;
pub mod host;
pub mod join;
pub mod membership;
pub mod offsets;
pub mod placement;

#[cfg(test)]
mod host_tests;

use crate::sim::ids::{GroupId, LeaderEpoch, Offset, TopicPartition};
use crate::sim::messages::MemberFields;
use crate::sim::messages::{ErrorCode, Message, NodeId};
use crate::sim::node::{Ctx, TimerKind};
use crate::sim::time::ms;
use crate::sim::trace::TraceEvent;
use crate::vecmap::VecMap;
use group::{ClassicGroup, GroupState};
pub use host::OffsetsLog;

/// The internal topic holding group metadata and committed offsets.
pub const OFFSETS_TOPIC: &str = "__consumer_offsets";

/// Kafka: `group.initial.rebalance.delay.ms`.
pub const GROUP_INITIAL_REBALANCE_DELAY_MS: u64 = 3_000;
/// Kafka: `group.min.session.timeout.ms` / `group.max.session.timeout.ms`.
pub const GROUP_MIN_SESSION_TIMEOUT_MS: u64 = 6_000;
pub const GROUP_MAX_SESSION_TIMEOUT_MS: u64 = 1_800_000;

/// An offset commit waiting for its record to be replicated (acks=-1).
#[derive(Clone, Debug)]
pub struct PendingCommit {
    /// The HW the offsets partition must reach.
    pub hw_needed: Offset,
    pub to: NodeId,
    pub group: GroupId,
    pub offsets: Vec<(TopicPartition, Offset)>,
    pub leader_epochs: VecMap<TopicPartition, LeaderEpoch>,
    pub explicit_reset: bool,
    pub response: Option<Message>,
}

/// Coordinator state on one broker.
#[derive(Clone, Debug, Default)]
pub struct GroupCoordinator {
    pub groups: VecMap<GroupId, ClassicGroup>,
    /// Offsets partitions loaded, with the leader epoch they were loaded in.
    pub loaded: VecMap<u32, LeaderEpoch>,
    /// Groups waiting for the initial rebalance delay (vs the rebalance timeout).
    pub initial_delay: VecMap<GroupId, bool>,
    pub pending_commits: VecMap<TopicPartition, Vec<PendingCommit>>,
    pub next_member: u64,
    /// Empty groups with offsets, and when an expiry pass first saw them empty.
    pub empty_since: VecMap<GroupId, u64>,
}

/// The `__consumer_offsets` partition of `group` given `n` partitions.
pub fn offsets_partition(group: &str, n: u32) -> TopicPartition {
    TopicPartition::new(OFFSETS_TOPIC, placement::coordinator_partition(group, n))
}

impl GroupCoordinator {
    /// Whether this broker coordinates `group` now; loads its partition if new.
    pub(crate) fn check_coordinator(
        &mut self,
        ctx: &mut Ctx,
        log: &mut dyn OffsetsLog,
        group: &str,
    ) -> Result<(), ErrorCode> {
        let Some(n) = log.offsets_partitions() else { return Err(ErrorCode::CoordinatorNotAvailable) };
        let tp = offsets_partition(group, n);
        let Some(epoch) = log.led_epoch(&tp) else {
            self.unload(tp.partition, n);
            return Err(ErrorCode::NotCoordinator);
        };
        if self.loaded.get(&tp.partition) != Some(&epoch) {
            self.load(ctx, log, &tp, n, epoch);
        }
        Ok(())
    }

    /// Drops the groups of offsets partition `p` (leadership moved away).
    fn unload(&mut self, p: u32, n: u32) {
        if self.loaded.remove(&p).is_some() {
            self.groups.retain(|g, _| placement::coordinator_partition(g.as_str(), n) != p);
            self.pending_commits.remove(&TopicPartition::new(OFFSETS_TOPIC, p));
        }
    }

    /// After a metadata change: resign from offsets partitions this broker no
    /// longer leads, answering waiting joins, syncs and commits with `NOT_COORDINATOR`
    /// (Kafka's `onResignation` / `unloadCoordinator`).
    pub(crate) fn resign(&mut self, ctx: &mut Ctx, log: &mut dyn OffsetsLog) {
        let Some(n) = log.offsets_partitions() else { return };
        let lost: Vec<u32> = self
            .loaded
            .keys()
            .copied()
            .filter(|p| log.led_epoch(&TopicPartition::new(OFFSETS_TOPIC, *p)).is_none())
            .collect();
        for p in lost {
            let err = Some(ErrorCode::NotCoordinator);
            for g in self.groups.values().filter(|g| placement::coordinator_partition(g.group_id.as_str(), n) == p) {
                for m in g.members.values() {
                    let group = g.group_id.clone();
                    if m.awaiting_join {
                        ctx.send(
                            m.client,
                            join::error_response(group.as_str(), &m.member_id, ErrorCode::NotCoordinator),
                        );
                    }
                    if m.awaiting_sync {
                        ctx.send(
                            m.client,
                            Message::SyncGroupResponse { group: group.clone(), error: err, assignment: Vec::new() },
                        );
                    }
                }
            }
            let tp = TopicPartition::new(OFFSETS_TOPIC, p);
            for c in self.pending_commits.remove(&tp).unwrap_or_default() {
                if let Some(Message::OffsetCommitResponse { correlation_id, group, offsets, .. }) = c.response {
                    ctx.send(c.to, Message::OffsetCommitResponse { correlation_id, group, error: err, offsets });
                }
            }
            ctx.trace(TraceEvent::CoordinatorResigned { broker: log.broker_id(), tp: tp.clone() });
            self.unload(p, n);
        }
    }

    /// `GroupCoordinatorService.onElection`: loads every offsets partition this
    /// broker leads and has not loaded in its current leader epoch.
    pub(crate) fn elect(&mut self, ctx: &mut Ctx, log: &mut dyn OffsetsLog) {
        let Some(n) = log.offsets_partitions() else { return };
        let mut elected = log.led_offsets_partitions();
        elected.retain(|(tp, epoch)| self.loaded.get(&tp.partition) != Some(epoch));
        for (tp, epoch) in elected {
            self.load(ctx, log, &tp, n, epoch);
        }
    }

    /// Replays the offsets partition's log: group snapshots and committed offsets.
    fn load(&mut self, ctx: &mut Ctx, log: &dyn OffsetsLog, tp: &TopicPartition, n: u32, epoch: LeaderEpoch) {
        self.groups.retain(|g, _| placement::coordinator_partition(g.as_str(), n) != tp.partition);
        let mut groups: VecMap<GroupId, ClassicGroup> = VecMap::new();
        for r in &log.records(tp) {
            let Some(key) = r.data.key.as_deref() else { continue };
            match r.data.value.as_deref() {
                Some(value) => apply_record(&mut groups, key, value),
                None => apply_tombstone(&mut groups, key),
            }
        }
        let me = log.broker_id();
        for (id, g) in groups.iter_mut() {
            for m in g.members.values() {
                let kind = TimerKind::GroupSession(Box::new((id.clone(), m.member_id.clone())));
                ctx.set_timer(kind, ms(m.session_timeout_ms));
            }
            ctx.trace(TraceEvent::GroupLoaded {
                broker: me,
                group: id.into(),
                tp: tp.clone(),
                state: g.state,
                generation: g.generation,
                members: g.members.len() as u64,
                offsets: g.offsets.len() as u64,
            });
        }
        self.groups.extend(groups);
        self.loaded.insert(tp.partition, epoch);
    }

    /// The group, created Empty if unknown (after [`Self::check_coordinator`]).
    pub(crate) fn group_mut(&mut self, group: &str) -> &mut ClassicGroup {
        self.groups.entry(GroupId::new(group)).or_insert_with(|| ClassicGroup::new(group))
    }

    /// Every group this broker coordinates right now (for the view).
    pub fn coordinated_groups<'a>(&'a self, log: &'a dyn OffsetsLog) -> impl Iterator<Item = &'a ClassicGroup> + 'a {
        let n = log.offsets_partitions().unwrap_or(1);
        self.groups.values().filter(move |g| {
            let tp = offsets_partition(g.group_id.as_str(), n);
            log.led_epoch(&tp).is_some() && self.loaded.contains_key(&tp.partition)
        })
    }
}

/// Record keys: `offset/<group>/<topic>/<partition>` and `group/<group>`.
pub fn offset_key(group: &str, tp: &TopicPartition) -> String {
    format!("offset/{group}/{}/{}", tp.topic, tp.partition)
}

pub fn group_key(group: &str) -> String {
    format!("group/{group}")
}

/// A tombstone (expired offsets, a deleted group) removes what its key named.
fn apply_tombstone(groups: &mut VecMap<GroupId, ClassicGroup>, key: &str) {
    if let Some(rest) = key.strip_prefix("group/") {
        groups.remove(rest);
    } else if let Some((group, tp)) = key.strip_prefix("offset/").and_then(parse_offset_key) {
        if let Some(g) = groups.get_mut(group) {
            g.offsets.remove(&tp);
            g.offset_leader_epochs.remove(&tp);
        }
    }
}

/// `<group>/<topic>/<partition>` of an offset key.
fn parse_offset_key(rest: &str) -> Option<(&str, TopicPartition)> {
    let mut parts = rest.rsplitn(3, '/');
    let (p, topic, group) = (parts.next()?, parts.next()?, parts.next()?);
    Some((group, TopicPartition::new(topic, p.parse().ok()?)))
}

fn apply_record(groups: &mut VecMap<GroupId, ClassicGroup>, key: &str, value: &str) {
    if let Some(rest) = key.strip_prefix("group/") {
        // Through a `Value`, like the lessons and share links: one copy of
        // the typed readers in the wasm instead of a second one for `&str`.
        let snap = serde_json::from_str(value).and_then(serde_json::from_value::<ClassicGroup>);
        if let Ok(mut snap) = snap {
            let old = groups.remove(rest);
            snap.offsets = old.as_ref().map(|g| g.offsets.clone()).unwrap_or_default();
            snap.offset_leader_epochs = old.map(|g| g.offset_leader_epochs).unwrap_or_default();
            for m in snap.members.values_mut() {
                m.awaiting_join = false;
                m.awaiting_sync = false;
            }
            if snap.state != GroupState::Empty {
                // Simplification: a group caught mid-rebalance resumes as Stable
                // with its last stored assignment; members rejoin if needed.
                snap.state = GroupState::Stable;
            }
            groups.insert(GroupId::new(rest), snap);
        }
    } else if let Some((group, tp)) = key.strip_prefix("offset/").and_then(parse_offset_key) {
        let Some((offset, epoch)) = offsets::parse_offset_value(value) else { return };
        let g = groups.entry(GroupId::new(group)).or_insert_with(|| ClassicGroup::new(group));
        g.offsets.insert(tp.clone(), offset);
        match epoch {
            Some(e) => g.offset_leader_epochs.insert(tp, e),
            None => g.offset_leader_epochs.remove(&tp),
        };
    }
}

impl GroupCoordinator {
    /// Dispatches the group coordinator's requests.
    pub(crate) fn handle_message(&mut self, ctx: &mut Ctx, log: &mut dyn OffsetsLog, from: NodeId, msg: Message) {
        use membership::MemberRef;
        match msg {
            Message::FindCoordinator { group } => self.handle_find_coordinator(ctx, log, from, group),
            Message::JoinGroup(req) => self.handle_join_group(ctx, log, from, *req),
            Message::SyncGroup { member, assignments } => {
                self.handle_sync_group(ctx, log, from, MemberRef::of(&member), assignments)
            }
            Message::Heartbeat { member } => self.handle_heartbeat(ctx, log, from, MemberRef::of(&member)),
            Message::LeaveGroup { member } => {
                // LeaveGroup carries no generation.
                self.handle_leave_group(ctx, log, from, MemberRef { generation: -1, ..MemberRef::of(&member) })
            }
            Message::OffsetCommit { correlation_id, member, offsets, leader_epochs } => {
                let MemberFields { group, generation, member_id, group_instance_id } = *member;
                let req = offsets::CommitRequest {
                    correlation_id,
                    group,
                    generation,
                    member_id,
                    instance: group_instance_id,
                    offsets,
                    leader_epochs,
                };
                self.handle_offset_commit(ctx, log, from, req)
            }
            Message::OffsetFetch { group, partitions } => self.handle_offset_fetch(ctx, log, from, group, partitions),
            _ => {}
        }
    }
}
