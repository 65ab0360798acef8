//! Replication by fetching: the leader's side (answer, park, track followers)
//! and the follower's side (fetch, append, truncate).
//!
//! Followers pull. Each follower keeps one fetch outstanding per leader broker
//! (`num.replica.fetchers=1`), covering every partition it follows there. The
//! leader answers at once when it has records, an error or a divergence to
//! report; otherwise it *parks* the fetch (Kafka's fetch purgatory) until new
//! records arrive or `replica.fetch.wait.max.ms` passes — the long poll.
//!
//! Every fetch tells the leader the follower's LEO (its fetch offset), which
//! updates the follower's caught-up time, may add it to the ISR and may move
//! the high watermark. The fetch also carries the epoch of the follower's last
//! record (KIP-595 `lastFetchedEpoch`); if the leader's epoch cache says the
//! follower's log diverges, the response names the diverging epoch and its
//! end offset, and the follower truncates there ([`super::epoch_cache::truncation_offset`]),
//! possibly over several rounds (KIP-279) — never to its own, possibly stale, HW (KIP-101).
//!
//! Leaders also run `maybeShrinkIsr` every `replica.lag.time.max.ms / 2`.

use super::epoch_cache::{diverging_epoch, truncation_offset};
use super::log::retention::{Removal, RemovalReason};
use super::log::PartitionLog;
use super::log_tasks::report_removal;
use super::partition::Role;
use super::Broker;
use crate::sim::ids::{BrokerId, LeaderEpoch, Offset, TopicPartition};
use crate::sim::messages::{ErrorCode, FetchPartition, FetchPartitionResponse, Message, NodeId};
use crate::sim::node::{Ctx, DeadlineTimer, Observation, TimerKind};
use crate::sim::time::ms;
use crate::sim::time::SimTime;
use crate::sim::trace::TraceEvent;
use crate::vecmap::{VecMap, VecSet};

/// Most records returned per partition per fetch (stands in for `replica.fetch.max.bytes`).
const MAX_RECORDS_PER_FETCH: u32 = 500;
/// Simplification: a lost fetch is retried after this (Kafka: `replica.socket.timeout.ms`).
const FETCH_REQUEST_TIMEOUT_MS: u64 = 30_000;

/// A fetch the leader holds until data arrives or the wait expires.
#[derive(Clone, Debug)]
pub struct ParkedFetch {
    pub from: NodeId,
    pub partitions: Vec<FetchPartition>,
    pub deadline: SimTime,
}

/// Fetch bookkeeping on one broker.
#[derive(Clone, Debug, Default)]
pub struct FetchState {
    /// Leader side: parked follower fetches by follower.
    pub parked: VecMap<BrokerId, ParkedFetch>,
    /// Follower side: leaders with a fetch outstanding, and when it times out.
    pub in_flight: VecMap<BrokerId, SimTime>,
    pub wait_timers: VecMap<BrokerId, DeadlineTimer>,
    pub timeout_timers: VecMap<BrokerId, DeadlineTimer>,
}

impl Broker {
    /// Leader side: a `Fetch` from a follower (or a consumer: `replica == None`).
    pub(crate) fn handle_fetch(
        &mut self,
        ctx: &mut Ctx,
        from: NodeId,
        replica: Option<BrokerId>,
        parts: Vec<FetchPartition>,
    ) {
        let Some(follower) = replica else { return self.handle_consumer_fetch(ctx, from, parts) };
        let mut responses = Vec::new();
        let mut ready = false;
        for fp in &parts {
            if let Some(r) = self.fetch_partition(ctx, follower, fp) {
                // Records, an error or a divergence answer the fetch now; a new
                // HW alone waits (as in Kafka's DelayedFetch) and rides along.
                ready |= r.error.is_some() || r.diverging_epoch.is_some() || !r.records.is_empty();
                responses.push(r);
            }
        }
        if ready || parts.is_empty() {
            self.send_fetch_response(ctx, from, follower, responses);
        } else {
            let deadline = ctx.now.plus(ms(self.config.replica_fetch_wait_max_ms));
            self.fetch.parked.insert(follower, ParkedFetch { from, partitions: parts, deadline });
            let timer = self.fetch.wait_timers.entry(follower).or_default();
            timer.arm(ctx, TimerKind::FetchWait(follower), deadline);
        }
    }

    /// Answers one partition of a follower fetch and updates that follower's
    /// state. `None` when there is nothing new for it: no records, no error, no
    /// divergence and the same HW as last time (KIP-227 incremental fetch
    /// sessions leave such partitions out of the response).
    fn fetch_partition(
        &mut self,
        ctx: &mut Ctx,
        follower: BrokerId,
        fp: &FetchPartition,
    ) -> Option<FetchPartitionResponse> {
        let respond = |error, hw, diverging_epoch, records| FetchPartitionResponse {
            tp: fp.tp.clone(),
            fetch_offset: fp.fetch_offset,
            error,
            high_watermark: hw,
            log_start_offset: 0,
            diverging_epoch,
            records,
        };
        let Some(p) = self.partitions.get_mut(&fp.tp).filter(|p| p.role == Role::Leader) else {
            return Some(respond(Some(ErrorCode::NotLeaderOrFollower), -1, None, Vec::new()));
        };
        if fp.current_leader_epoch != p.leader_epoch {
            let older = fp.current_leader_epoch < p.leader_epoch;
            let e = if older { ErrorCode::FencedLeaderEpoch } else { ErrorCode::UnknownLeaderEpoch };
            return Some(respond(Some(e), -1, None, Vec::new()));
        }
        let leo = p.log.log_end_offset();
        if fp.fetch_offset < p.log.log_start_offset() {
            // The follower fell behind retention: it restarts at our log start.
            return Some(below_log_start(fp, &p.log));
        }
        if fp.last_fetched_epoch != LeaderEpoch::UNDEFINED {
            if let Some(d) = diverging_epoch(&p.log.epochs, leo, fp.last_fetched_epoch, fp.fetch_offset) {
                return Some(respond(None, p.log.high_watermark(), Some(d), Vec::new()));
            }
        }
        let moved = p.followers.get(&follower).is_none_or(|f| f.leo != fp.fetch_offset);
        p.update_follower_fetch(follower, fp.fetch_offset, ctx.now_ms());
        // `maybeExpandIsr`: ask the controller to add a caught-up, eligible follower.
        let expand = p.pending_isr.is_none() && p.can_join_isr(follower) && self.metadata.is_active(follower);
        let alter = expand.then(|| {
            let mut new_isr = p.isr.clone();
            new_isr.push(follower);
            p.pending_isr = Some(new_isr.clone());
            let (leader_epoch, partition_epoch) = (p.leader_epoch, p.partition_epoch);
            Message::AlterPartition {
                broker_epoch: self.broker_epoch,
                tp: fp.tp.clone(),
                leader_epoch,
                partition_epoch,
                new_isr,
            }
        });
        // Only a follower whose LEO moved can move the HW.
        let hw_moved = moved && p.maybe_increment_high_watermark(p.min_insync_replicas);
        let hw = p.log.high_watermark();
        let f = p.followers.get_mut(&follower)?;
        let start = p.log.log_start_offset();
        let news = fp.fetch_offset < leo || f.last_sent_hw != hw || f.last_sent_log_start != start;
        let response = news.then(|| {
            let records = p.log.read(fp.fetch_offset, leo, MAX_RECORDS_PER_FETCH);
            let mut r = respond(None, hw, None, records);
            r.log_start_offset = p.log.log_start_offset();
            r
        });
        if let Some(m) = alter {
            ctx.send(NodeId::Controller, m);
        }
        if hw_moved {
            self.after_hw_moved(ctx, &fp.tp, hw);
        }
        response
    }

    /// Wakes parked fetches that include `tp` (new data arrived).
    pub(crate) fn wake_parked_fetches(&mut self, ctx: &mut Ctx, tp: &TopicPartition) {
        let waiting: Vec<BrokerId> = self
            .fetch
            .parked
            .iter()
            .filter(|(_, f)| f.partitions.iter().any(|p| &p.tp == tp))
            .map(|(b, _)| *b)
            .collect();
        for follower in waiting {
            self.complete_parked_fetch(ctx, follower);
        }
    }

    /// The wait timer of `follower`'s parked fetch fired.
    pub(crate) fn on_fetch_wait_timer(&mut self, ctx: &mut Ctx, follower: BrokerId) {
        self.fetch.wait_timers.entry(follower).or_default().fired();
        let Some(deadline) = self.fetch.parked.get(&follower).map(|p| p.deadline) else { return };
        if deadline <= ctx.now {
            self.complete_parked_fetch(ctx, follower);
        } else {
            self.fetch.wait_timers.entry(follower).or_default().arm(ctx, TimerKind::FetchWait(follower), deadline);
        }
    }

    /// The timeout timer of our fetch to `leader` fired.
    pub(crate) fn on_fetch_timeout_timer(&mut self, ctx: &mut Ctx, leader: BrokerId) {
        self.fetch.timeout_timers.entry(leader).or_default().fired();
        let Some(deadline) = self.fetch.in_flight.get(&leader).copied() else { return };
        if deadline <= ctx.now {
            self.fetch_from(ctx, leader, true);
        } else {
            self.fetch.timeout_timers.entry(leader).or_default().arm(ctx, TimerKind::FetchTimeout(leader), deadline);
        }
    }

    /// Answers a parked fetch now (data arrived or the wait expired).
    pub(crate) fn complete_parked_fetch(&mut self, ctx: &mut Ctx, follower: BrokerId) {
        let Some(parked) = self.fetch.parked.remove(&follower) else { return };
        let responses = parked.partitions.iter().filter_map(|fp| self.fetch_partition(ctx, follower, fp)).collect();
        self.send_fetch_response(ctx, parked.from, follower, responses);
    }

    /// Sends a fetch response and remembers the HW each partition carried.
    fn send_fetch_response(
        &mut self,
        ctx: &mut Ctx,
        to: NodeId,
        follower: BrokerId,
        parts: Vec<FetchPartitionResponse>,
    ) {
        for r in parts.iter().filter(|r| r.error.is_none()) {
            if let Some(f) = self.partitions.get_mut(&r.tp).and_then(|p| p.followers.get_mut(&follower)) {
                f.last_sent_hw = r.high_watermark;
                f.last_sent_log_start = r.log_start_offset;
            }
        }
        ctx.send(to, Message::FetchResponse { partitions: parts });
    }

    /// Follower side: start a fetcher for every leader we follow without one.
    pub(crate) fn start_fetchers(&mut self, ctx: &mut Ctx) {
        let leaders: VecSet<BrokerId> = self
            .partitions
            .values()
            .filter_map(|p| match p.role {
                Role::Follower(l) => Some(l),
                _ => None,
            })
            .collect();
        for l in leaders {
            if !self.fetch.in_flight.contains_key(&l) {
                self.fetch_from(ctx, l, false);
            }
        }
    }

    /// Sends one fetch to `leader` for every partition we follow there.
    pub(crate) fn fetch_from(&mut self, ctx: &mut Ctx, leader: BrokerId, retry: bool) {
        if retry {
            self.fetch.in_flight.remove(&leader);
        }
        if self.fetch.in_flight.contains_key(&leader) {
            return;
        }
        // Sized up front: a fetch session lists every followed partition
        // (50 of `__consumer_offsets` among them), and regrowing cost more than building it.
        let mut partitions: Vec<FetchPartition> = Vec::with_capacity(self.partitions.len());
        partitions.extend(self.partitions.values().filter(|p| p.role == Role::Follower(leader)).map(|p| {
            FetchPartition {
                tp: p.tp.clone(),
                fetch_offset: p.log.log_end_offset(),
                last_fetched_epoch: p.log.last_fetched_epoch(),
                current_leader_epoch: p.leader_epoch,
            }
        }));
        if partitions.is_empty() {
            return;
        }
        let deadline = ctx.now.plus(ms(FETCH_REQUEST_TIMEOUT_MS));
        self.fetch.in_flight.insert(leader, deadline);
        ctx.send(NodeId::Broker(leader), Message::Fetch { replica: Some(self.id), partitions });
        self.fetch.timeout_timers.entry(leader).or_default().arm(ctx, TimerKind::FetchTimeout(leader), deadline);
    }

    /// Follower side: apply a fetch response from `leader`, then fetch again.
    pub(crate) fn on_fetch_response(&mut self, ctx: &mut Ctx, leader: BrokerId, parts: Vec<FetchPartitionResponse>) {
        self.fetch.in_flight.remove(&leader);
        let mut all_failed = !parts.is_empty();
        for r in parts {
            all_failed &= r.error.is_some_and(|e| e != ErrorCode::OffsetOutOfRange);
            self.apply_fetched(ctx, leader, r);
        }
        if all_failed {
            let backoff = ms(self.config.replica_fetch_backoff_ms);
            ctx.set_timer(TimerKind::FetchBackoff(leader), backoff);
            self.fetch.in_flight.insert(leader, ctx.now.plus(backoff).plus(ms(FETCH_REQUEST_TIMEOUT_MS)));
        } else {
            self.fetch_from(ctx, leader, false);
        }
    }

    fn apply_fetched(&mut self, ctx: &mut Ctx, leader: BrokerId, r: FetchPartitionResponse) {
        let me = self.id;
        let Some(p) = self.partitions.get_mut(&r.tp) else { return };
        if p.role != Role::Follower(leader) {
            return;
        }
        if r.error == Some(ErrorCode::OffsetOutOfRange) && r.log_start_offset > p.log.log_end_offset() {
            // `truncateFullyAndStartAt(leaderLogStartOffset)`: what we hold is below the leader's retention.
            let ids = p.log.truncate_fully_and_start_at(r.log_start_offset);
            let removal = Removal {
                reason: RemovalReason::LogStartOffset,
                segments: 0,
                ids,
                log_start_offset: r.log_start_offset,
            };
            report_removal(ctx, me, &r.tp, removal);
            return;
        }
        if r.error.is_some() {
            return;
        }
        if let Some(d) = r.diverging_epoch {
            let leo = p.log.log_end_offset();
            let t = truncation_offset(&p.log.epochs, leo, p.log.high_watermark(), d);
            let removed = p.log.truncate_to(t.offset);
            ctx.trace(TraceEvent::Truncated {
                broker: me,
                tp: r.tp.clone(),
                to: t.offset,
                epoch: d.0,
                epoch_end: d.1,
                removed: removed.len() as u64,
            });
            ctx.observe(Observation::Truncated { tp: r.tp.clone(), broker: me, to_offset: t.offset, removed });
            return;
        }
        let leo = p.log.log_end_offset();
        if r.fetch_offset == leo && !r.records.is_empty() {
            p.log.append(r.records);
        }
        p.log.update_follower_high_watermark(r.high_watermark);
        if let Some(removal) = p.log.follow_log_start_offset(r.log_start_offset) {
            report_removal(ctx, me, &r.tp, removal);
        }
    }

    /// Periodic `maybeShrinkIsr` over every partition this broker leads.
    pub(crate) fn maybe_shrink_isrs(&mut self, ctx: &mut Ctx) {
        let lag = self.config.replica_lag_time_max_ms;
        let now_ms = ctx.now_ms();
        let mut shrinks = Vec::new();
        for (tp, p) in &self.partitions {
            if p.role == Role::Leader && p.pending_isr.is_none() {
                let out = p.out_of_sync_followers(now_ms, lag);
                if !out.is_empty() {
                    let new_isr: Vec<BrokerId> = p.isr.iter().copied().filter(|b| !out.contains(b)).collect();
                    shrinks.push((tp.clone(), new_isr, out));
                }
            }
        }
        for (tp, new_isr, out) in shrinks {
            ctx.trace(TraceEvent::ShrinkIsr { leader: self.id, tp: tp.clone(), out, lag_ms: lag });
            self.send_alter_partition(ctx, &tp, new_isr);
        }
        ctx.set_timer(TimerKind::IsrCheck, ms(lag / 2));
    }

    fn send_alter_partition(&mut self, ctx: &mut Ctx, tp: &TopicPartition, new_isr: Vec<BrokerId>) {
        let Some(p) = self.partitions.get_mut(tp) else { return };
        p.pending_isr = Some(new_isr.clone());
        let msg = Message::AlterPartition {
            broker_epoch: self.broker_epoch,
            tp: tp.clone(),
            leader_epoch: p.leader_epoch,
            partition_epoch: p.partition_epoch,
            new_isr,
        };
        ctx.send(NodeId::Controller, msg);
    }

    /// A failed AlterPartition is dropped; the next check or fetch retries.
    pub(crate) fn on_alter_partition_response(&mut self, _ctx: &mut Ctx, tp: TopicPartition, error: Option<ErrorCode>) {
        if error.is_some() {
            if let Some(p) = self.partitions.get_mut(&tp) {
                p.pending_isr = None;
            }
        }
    }

    /// Recomputes the HW of a led partition; completes produces and wakes fetches if it moved (returns whether it did).
    pub(crate) fn maybe_advance_hw(&mut self, ctx: &mut Ctx, tp: &TopicPartition) -> bool {
        let Some(p) = self.partitions.get_mut(tp) else { return false };
        let moved = p.maybe_increment_high_watermark(p.min_insync_replicas);
        if moved {
            let hw = p.log.high_watermark();
            self.after_hw_moved(ctx, tp, hw);
        }
        moved
    }

    /// The HW of a led partition moved: acks=all produces and waiting
    /// consumer fetches may complete.
    fn after_hw_moved(&mut self, ctx: &mut Ctx, tp: &TopicPartition, hw: Offset) {
        ctx.observe(Observation::HighWatermark { tp: tp.clone(), broker: self.id, hw });
        self.complete_delayed_produces(ctx, tp);
        self.on_high_watermark(ctx, tp);
    }
}

/// `OFFSET_OUT_OF_RANGE` for a follower fetching below the leader's log start
/// offset, with that offset to restart from.
fn below_log_start(fp: &FetchPartition, log: &PartitionLog) -> FetchPartitionResponse {
    FetchPartitionResponse {
        tp: fp.tp.clone(),
        fetch_offset: fp.fetch_offset,
        error: Some(ErrorCode::OffsetOutOfRange),
        high_watermark: log.high_watermark(),
        log_start_offset: log.log_start_offset(),
        diverging_epoch: None,
        records: Vec::new(),
    }
}
