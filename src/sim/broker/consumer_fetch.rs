//! The leader's side of consumer fetches and `ListOffsets`.
//!
//! A consumer fetch (`replicaId = -1`, Kafka's `FetchRequest.CONSUMER_REPLICA_ID`)
//! reads only committed records: everything below the high watermark
//! (`FetchIsolation.HIGH_WATERMARK` for `read_uncommitted`; `ReplicaManager.
//! readFromLog`). It never changes follower state, the ISR or the HW. Errors:
//! not the leader → `NOT_LEADER_OR_FOLLOWER`; unknown partition →
//! `UNKNOWN_TOPIC_OR_PARTITION`; stale or future epoch → `FENCED_LEADER_EPOCH`
//! / `UNKNOWN_LEADER_EPOCH`; an offset outside `[log start, HW]` →
//! `OFFSET_OUT_OF_RANGE` (the consumer applies `auto.offset.reset`). With
//! nothing to return the fetch is parked until the HW moves or the consumer's
//! `fetch.max.wait.ms` passes (the long poll), like follower fetches.

use super::partition::Role;
use super::Broker;
use crate::sim::ids::{LeaderEpoch, Offset, TopicPartition};
use crate::sim::messages::{ClientNodeId, ErrorCode, FetchPartition, FetchPartitionResponse, Message, NodeId};
use crate::sim::node::{Ctx, DeadlineTimer, TimerKind};
use crate::sim::time::{ms, SimTime};
use crate::vecmap::VecMap;

/// Kafka consumer default `fetch.max.wait.ms`.
pub const CONSUMER_FETCH_MAX_WAIT_MS: u64 = 500;
/// Most records per partition per consumer fetch.
// Simplification: a record count stands in for `max.partition.fetch.bytes`.
const MAX_RECORDS_PER_CONSUMER_FETCH: u32 = 500;

/// Parked consumer fetches, by client, with their deadlines.
#[derive(Clone, Debug, Default)]
pub struct ConsumerFetchState {
    pub parked: VecMap<ClientNodeId, (Vec<FetchPartition>, SimTime)>,
    timers: VecMap<ClientNodeId, DeadlineTimer>,
}

impl Broker {
    pub(crate) fn handle_consumer_fetch(&mut self, ctx: &mut Ctx, from: NodeId, parts: Vec<FetchPartition>) {
        let NodeId::Client(client) = from else { return };
        let responses: Vec<FetchPartitionResponse> = parts.iter().map(|fp| self.consumer_read(fp)).collect();
        let ready = responses.iter().any(|r| r.error.is_some() || !r.records.is_empty());
        if ready || parts.is_empty() {
            ctx.send(from, Message::FetchResponse { partitions: responses });
        } else {
            // Simplification: the wait is the consumer default `fetch.max.wait.ms`, not a request field.
            let deadline = ctx.now.plus(ms(CONSUMER_FETCH_MAX_WAIT_MS));
            self.consumer_fetch.parked.insert(client, (parts, deadline));
            let timer = self.consumer_fetch.timers.entry(client).or_default();
            timer.arm(ctx, TimerKind::ConsumerFetchWait(client), deadline);
        }
    }

    /// One partition of a consumer fetch: committed records only.
    fn consumer_read(&self, fp: &FetchPartition) -> FetchPartitionResponse {
        let mut resp = FetchPartitionResponse {
            tp: fp.tp.clone(),
            fetch_offset: fp.fetch_offset,
            error: None,
            high_watermark: -1,
            log_start_offset: -1,
            diverging_epoch: None,
            records: Vec::new(),
        };
        let Some(p) = self.partitions.get(&fp.tp) else {
            let known = self.metadata.partition(&fp.tp).is_some();
            resp.error = Some(if known { ErrorCode::NotLeaderOrFollower } else { ErrorCode::UnknownTopicOrPartition });
            return resp;
        };
        if p.role != Role::Leader {
            resp.error = Some(ErrorCode::NotLeaderOrFollower);
            return resp;
        }
        if fp.current_leader_epoch != LeaderEpoch::UNDEFINED && fp.current_leader_epoch != p.leader_epoch {
            let older = fp.current_leader_epoch < p.leader_epoch;
            resp.error = Some(if older { ErrorCode::FencedLeaderEpoch } else { ErrorCode::UnknownLeaderEpoch });
            return resp;
        }
        let hw = p.log.high_watermark();
        resp.high_watermark = hw;
        resp.log_start_offset = p.log.log_start_offset();
        if fp.fetch_offset < p.log.log_start_offset() || fp.fetch_offset > hw {
            resp.error = Some(ErrorCode::OffsetOutOfRange);
            return resp;
        }
        resp.records = p.log.read(fp.fetch_offset, hw, MAX_RECORDS_PER_CONSUMER_FETCH);
        resp
    }

    /// The HW of `tp` moved: wake consumer fetches waiting on it and finish offset commits.
    pub(crate) fn on_high_watermark(&mut self, ctx: &mut Ctx, tp: &TopicPartition) {
        let waiting: Vec<ClientNodeId> = self
            .consumer_fetch
            .parked
            .iter()
            .filter(|(_, (parts, _))| parts.iter().any(|p| &p.tp == tp))
            .map(|(c, _)| *c)
            .collect();
        for c in waiting {
            self.complete_consumer_fetch(ctx, c);
        }
        self.complete_pending_commits(ctx, tp);
    }

    /// The wait timer of `client`'s parked fetches fired.
    pub(crate) fn on_consumer_fetch_wait(&mut self, ctx: &mut Ctx, client: ClientNodeId) {
        self.consumer_fetch.timers.entry(client).or_default().fired();
        let Some(deadline) = self.consumer_fetch.parked.get(&client).map(|(_, d)| *d) else { return };
        if deadline <= ctx.now {
            self.complete_consumer_fetch(ctx, client);
        } else {
            let timer = self.consumer_fetch.timers.entry(client).or_default();
            timer.arm(ctx, TimerKind::ConsumerFetchWait(client), deadline);
        }
    }

    /// Answers a parked consumer fetch (data arrived or `fetch.max.wait.ms` passed).
    pub(crate) fn complete_consumer_fetch(&mut self, ctx: &mut Ctx, client: ClientNodeId) {
        let Some((parts, _)) = self.consumer_fetch.parked.remove(&client) else { return };
        let partitions = parts.iter().map(|fp| self.consumer_read(fp)).collect();
        ctx.send(NodeId::Client(client), Message::FetchResponse { partitions });
    }

    /// `ListOffsets`: -2 = log start offset, -1 = the HW (read_uncommitted end offset).
    pub(crate) fn handle_list_offsets(&mut self, ctx: &mut Ctx, from: NodeId, parts: Vec<(TopicPartition, i64)>) {
        let partitions = parts
            .into_iter()
            .map(|(tp, ts)| match self.partitions.get(&tp) {
                Some(p) if p.role == Role::Leader => {
                    let hw = p.log.high_watermark();
                    let o: Offset = match ts {
                        -2 => p.log.log_start_offset(),
                        t if t >= 0 => offset_for_timestamp(&p.log, t as u64, hw),
                        _ => hw,
                    };
                    (tp, None, o)
                }
                _ => (tp, Some(ErrorCode::NotLeaderOrFollower), -1),
            })
            .collect();
        ctx.send(from, Message::ListOffsetsResponse { partitions });
    }
}

/// `UnifiedLog.fetchOffsetByTimestamp` (read_uncommitted): the first offset
/// below the HW whose record timestamp is at least `ts`.
// Simplification: with no such record Kafka answers offset -1 and the
// consumer's `by_duration` reset falls back to the latest offset; here the
// broker answers the HW (the latest offset) at once. Linear in the log.
pub fn offset_for_timestamp(log: &super::log::PartitionLog, ts: u64, hw: Offset) -> Offset {
    log.records().take_while(|r| r.offset < hw).find(|r| r.timestamp_ms >= ts).map_or(hw, |r| r.offset)
}
