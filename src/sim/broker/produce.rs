//! The leader's side of `Produce`: min-ISR check, idempotence, append, and the
//! delayed response of `acks=all`.
//!
//! Kafka's order (`ReplicaManager.appendRecords`, `Partition.appendRecordsToLeader`,
//! `UnifiedLog.analyzeAndValidateProducerState`):
//! 1. Not the leader → `NOT_LEADER_OR_FOLLOWER`.
//! 2. `acks=all` and the ISR smaller than `min(min.insync.replicas, RF)` →
//!    `NOT_ENOUGH_REPLICAS`, and nothing is appended.
//! 3. Idempotent batch: a duplicate of one of the producer's last five batches
//!    returns the original offsets without appending; an old epoch is
//!    `INVALID_PRODUCER_EPOCH`; a sequence gap is `OUT_OF_ORDER_SEQUENCE_NUMBER`.
//! 4. Append with the leader's epoch. `acks=0` gets no response at all,
//!    `acks=1` an immediate one; `acks=all` waits in the produce purgatory until
//!    the HW passes the batch (then `NONE`, or `NOT_ENOUGH_REPLICAS_AFTER_APPEND`
//!    if the ISR shrank below the minimum meanwhile), the request times out
//!    (`REQUEST_TIMED_OUT`), or leadership moves (`NOT_LEADER_OR_FOLLOWER`).

use super::partition::{Partition, Role};
use super::producer_state::{Append, AppendOrigin, ProducerStateError};
use super::Broker;
use crate::sim::ids::{Offset, ProducerId, TopicPartition};
use crate::sim::messages::{ErrorCode, Message, NodeId, ProducePartitionResponse, RequiredAcks};
use crate::sim::node::{Ctx, DeadlineTimer, Observation, TimerKind};
use crate::sim::record::{Batch, Record};
use crate::sim::time::{ms, SimTime};
use crate::vecmap::VecMap;

/// An `acks=all` request waiting for the high watermark.
#[derive(Clone, Debug)]
pub struct DelayedProduce {
    pub from: NodeId,
    pub deadline: SimTime,
    pub correlation_id: u64,
    /// Per partition: the response so far and the offset the HW must reach.
    pub partitions: Vec<(ProducePartitionResponse, Option<Offset>)>,
}

/// Produce bookkeeping on one broker.
#[derive(Clone, Debug, Default)]
pub struct ProduceState {
    pub delayed: VecMap<(NodeId, u64), DelayedProduce>,
    pub timer: DeadlineTimer,
}

impl Broker {
    pub(crate) fn handle_produce(
        &mut self,
        ctx: &mut Ctx,
        from: NodeId,
        correlation_id: u64,
        acks: RequiredAcks,
        timeout_ms: u64,
        batches: Vec<(TopicPartition, Batch)>,
    ) {
        let mut parts = Vec::with_capacity(batches.len());
        for (tp, batch) in batches {
            let (resp, last) = self.append_to_leader(ctx, &tp, batch, acks);
            let wait = if resp.error.is_none() && acks == RequiredAcks::All { last } else { None };
            parts.push((resp, wait));
            self.wake_parked_fetches(ctx, &tp);
            self.maybe_advance_hw(ctx, &tp);
        }
        match acks {
            RequiredAcks::None => {}
            RequiredAcks::Leader => {
                let partitions = parts.into_iter().map(|(r, _)| r).collect();
                ctx.send(from, Message::ProduceResponse { correlation_id, partitions });
            }
            RequiredAcks::All => {
                let deadline = ctx.now.plus(ms(timeout_ms));
                let d = DelayedProduce { from, deadline, correlation_id, partitions: parts };
                self.produce.delayed.insert((from, correlation_id), d);
                self.produce.timer.arm(ctx, TimerKind::ProducePurgatory, deadline);
                self.try_complete(ctx, (from, correlation_id));
            }
        }
    }

    /// Steps 1–4 for one partition; returns the response and the batch's last offset.
    fn append_to_leader(
        &mut self,
        ctx: &mut Ctx,
        tp: &TopicPartition,
        batch: Batch,
        acks: RequiredAcks,
    ) -> (ProducePartitionResponse, Option<Offset>) {
        let me = self.id;
        let min_isr = self.min_isr(tp);
        let mut resp = ProducePartitionResponse { tp: tp.clone(), error: None, base_offset: -1 };
        let Some(p) = self.partitions.get_mut(tp).filter(|p| p.role == Role::Leader) else {
            let known = self.metadata.partition(tp).is_some();
            resp.error = Some(if known { ErrorCode::NotLeaderOrFollower } else { ErrorCode::UnknownTopicOrPartition });
            return (resp, None);
        };
        if let Some(e) = refusal(p, &batch, acks, min_isr) {
            resp.error = Some(e);
            return (resp, None);
        }
        let idempotent = batch.producer_id != ProducerId::NONE && batch.base_sequence >= 0;
        if idempotent {
            let check = p.log.producers.check(
                batch.producer_id,
                batch.producer_epoch,
                batch.base_sequence,
                batch.last_sequence(),
                AppendOrigin::Client,
            );
            match check {
                Ok(Append::Duplicate { first_offset, last_offset }) => {
                    resp.base_offset = first_offset;
                    return (resp, Some(last_offset));
                }
                Ok(Append::New) => {}
                Err(ProducerStateError::InvalidProducerEpoch { .. }) => {
                    resp.error = Some(ErrorCode::InvalidProducerEpoch);
                    return (resp, None);
                }
                Err(ProducerStateError::OutOfOrderSequence { .. }) => {
                    resp.error = Some(ErrorCode::OutOfOrderSequenceNumber);
                    return (resp, None);
                }
            }
        }
        let base = p.log.log_end_offset();
        let epoch = p.leader_epoch;
        let ids = batch.records.iter().map(|r| r.id).collect();
        let records: Vec<Record> = batch
            .records
            .into_iter()
            .enumerate()
            .map(|(i, r)| Record {
                offset: base + i as Offset,
                batch_base_offset: base,
                leader_epoch: epoch,
                timestamp_ms: r.timestamp_ms,
                producer_id: batch.producer_id,
                producer_epoch: batch.producer_epoch,
                sequence: if idempotent { batch.base_sequence.wrapping_add(i as i32) } else { -1 },
                id: r.id,
                data: r.data,
            })
            .collect();
        let last = base + records.len() as Offset - 1;
        p.log.append(records);
        ctx.observe(Observation::LeaderAppend { tp: tp.clone(), broker: me, epoch, base_offset: base, ids });
        resp.base_offset = base;
        (resp, Some(last))
    }

    /// Completes the delayed produce `key` if every partition is done.
    fn try_complete(&mut self, ctx: &mut Ctx, key: (NodeId, u64)) {
        let Some(d) = self.produce.delayed.get_mut(&key) else { return };
        let mut done = true;
        for (resp, wait) in d.partitions.iter_mut() {
            let Some(last) = *wait else { continue };
            let p = self.partitions.get(&resp.tp).filter(|p| p.role == Role::Leader);
            match p {
                None => {
                    resp.error = Some(ErrorCode::NotLeaderOrFollower);
                    *wait = None;
                }
                Some(p) if p.log.high_watermark() > last => {
                    if (p.maximal_isr().len() as u32) < p.min_insync_replicas.min(p.replicas.len() as u32) {
                        resp.error = Some(ErrorCode::NotEnoughReplicasAfterAppend);
                    }
                    *wait = None;
                }
                Some(_) => done = false,
            }
        }
        if done {
            let d = self.produce.delayed.remove(&key).expect("present");
            let partitions = d.partitions.into_iter().map(|(r, _)| r).collect();
            ctx.send(d.from, Message::ProduceResponse { correlation_id: d.correlation_id, partitions });
        }
    }

    /// The HW of `tp` moved: complete the delayed produces waiting on it.
    pub(crate) fn complete_delayed_produces(&mut self, ctx: &mut Ctx, tp: &TopicPartition) {
        let keys: Vec<(NodeId, u64)> = self
            .produce
            .delayed
            .iter()
            .filter(|(_, d)| d.partitions.iter().any(|(r, w)| &r.tp == tp && w.is_some()))
            .map(|(k, _)| *k)
            .collect();
        for k in keys {
            self.try_complete(ctx, k);
        }
    }

    /// Leadership of `tp` moved: waiting produces fail with `NOT_LEADER_OR_FOLLOWER`.
    pub(crate) fn fail_delayed_produces(&mut self, ctx: &mut Ctx, tp: &TopicPartition) {
        self.complete_delayed_produces(ctx, tp);
    }

    /// The purgatory timer fired: expire what is due, re-arm for the rest.
    pub(crate) fn expire_delayed_produces(&mut self, ctx: &mut Ctx) {
        self.produce.timer.fired();
        let due: Vec<(NodeId, u64)> =
            self.produce.delayed.iter().filter(|(_, d)| d.deadline <= ctx.now).map(|(k, _)| *k).collect();
        for (client, id) in due {
            self.expire_delayed_produce(ctx, client, id);
        }
        if let Some(next) = self.produce.delayed.values().map(|d| d.deadline).min() {
            self.produce.timer.arm(ctx, TimerKind::ProducePurgatory, next);
        }
    }

    /// `request.timeout.ms` passed: unfinished partitions get `REQUEST_TIMED_OUT`.
    fn expire_delayed_produce(&mut self, ctx: &mut Ctx, client: NodeId, id: u64) {
        let Some(d) = self.produce.delayed.remove(&(client, id)) else { return };
        let partitions = d
            .partitions
            .into_iter()
            .map(|(mut r, w)| {
                if w.is_some() {
                    r.error = Some(ErrorCode::RequestTimedOut);
                }
                r
            })
            .collect();
        ctx.send(d.from, Message::ProduceResponse { correlation_id: d.correlation_id, partitions });
    }
}

/// Why the leader refuses a batch before looking at its sequence numbers:
/// too few in-sync replicas for `acks=all`, or an unkeyed record on a
/// compacted topic (`LogValidator`: "Compacted topic cannot accept message without key").
fn refusal(p: &Partition, batch: &Batch, acks: RequiredAcks, min_isr: u32) -> Option<ErrorCode> {
    if acks == RequiredAcks::All && p.is_under_min_isr(min_isr) {
        return Some(ErrorCode::NotEnoughReplicas);
    }
    (p.log.config.compact && batch.records.iter().any(|r| r.data.key.is_none())).then_some(ErrorCode::InvalidRecord)
}
