//! The producer's `Sender`: drains ready batches into requests and completes
//! or retries them from the responses.

use super::connections::{Conn, Readiness};
use super::{InFlight, Producer, ProducerBatch};
use crate::sim::ids::{BrokerId, TopicPartition};
use crate::sim::messages::acks::Acks;
use crate::sim::messages::{ErrorCode, Message, NodeId, ProducePartitionResponse, RequiredAcks};
use crate::sim::node::{Ctx, Observation, TimerKind};
use crate::sim::record::Batch;
use crate::sim::time::{ms, SimTime};
use crate::sim::trace::TraceEvent;
use crate::vecmap::VecMap;

impl Producer {
    /// `KafkaProducer.close()`: the application sends no more (a workload
    /// stops) and `RecordAccumulator.close()` makes every batch sendable
    /// without waiting for `linger.ms`; the sender keeps running until all
    /// is sent (`Sender.run`), so the records still complete or fail.
    pub fn close(&mut self, ctx: &mut Ctx) {
        self.closing = true;
        self.workload = None;
        self.drain(ctx);
    }

    /// Whether [`Producer::close`] was called.
    pub fn closing(&self) -> bool {
        self.closing
    }

    fn leader_of(&self, tp: &TopicPartition) -> Option<BrokerId> {
        self.metadata.get(&tp.topic)?.get(tp.partition as usize)?.leader
    }

    fn required_acks(&self) -> RequiredAcks {
        match self.config.acks {
            Acks::Zero => RequiredAcks::None,
            Acks::One => RequiredAcks::Leader,
            Acks::All => RequiredAcks::All,
        }
    }

    fn in_flight_to(&self, broker: BrokerId) -> i32 {
        self.in_flight.values().filter(|f| f.broker == broker).count() as i32
    }

    pub(super) fn partition_in_flight(&self, tp: &TopicPartition) -> bool {
        self.in_flight.values().any(|f| f.batches.iter().any(|b| &b.tp == tp))
    }

    /// A batch is ready when full, lingered long enough, the producer is
    /// closing (`RecordAccumulator.ready`: `closed` makes a batch sendable),
    /// or due for retry (a backing-off batch waits even when closing).
    fn ready(&self, b: &ProducerBatch, now: SimTime) -> bool {
        match b.retry_at {
            Some(t) => now >= t,
            None => {
                self.closing
                    || b.bytes >= self.config.batch_size as u32
                    || now.since(b.created_at).as_millis() >= self.config.linger_ms.max(0) as u64
            }
        }
    }

    /// `Sender.sendProducerData`: one request per leader with its ready batches.
    pub(super) fn drain(&mut self, ctx: &mut Ctx) {
        if self.accumulator.is_empty() {
            return;
        }
        let mut per_broker: VecMap<BrokerId, Vec<ProducerBatch>> = VecMap::new();
        let mut opened: VecMap<BrokerId, bool> = VecMap::new();
        let mut next_wake: Option<SimTime> = None;
        let mut need_metadata = false;
        let tps: Vec<TopicPartition> = self.accumulator.keys().cloned().collect();
        for tp in tps {
            let Some(front) = self.accumulator[&tp].front() else { continue };
            let Some(leader) = self.leader_of(&tp) else {
                need_metadata = true;
                continue;
            };
            if !self.ready(front, ctx.now) {
                let at = front.retry_at.unwrap_or(front.created_at.plus(ms(self.config.linger_ms.max(0) as u64)));
                next_wake = Some(next_wake.map_or(at, |w| w.min(at)));
                continue;
            }
            let busy = self.in_flight_to(leader) >= self.config.max_in_flight_requests_per_connection;
            if busy || (self.config.enable_idempotence && self.partition_in_flight(&tp)) {
                continue;
            }
            // `Sender.sendProducerData`: nodes that are not ready are skipped.
            let proven = match self.readiness(ctx, leader) {
                Readiness::Ready { proven } => proven,
                Readiness::NotReady(at) => {
                    if let Some(at) = at {
                        next_wake = Some(next_wake.map_or(at, |w| w.min(at)));
                    }
                    continue;
                }
            };
            opened.entry(leader).or_insert(!proven);
            let mut batch = self.accumulator.get_mut(&tp).expect("present").pop_front().expect("front");
            if self.config.enable_idempotence && batch.base_sequence < 0 {
                self.restart_sequences_if_stale(&tp);
                batch.epoch = self.producer_epoch;
                let seq = self.next_sequence.entry(tp.clone()).or_insert(0);
                batch.base_sequence = *seq;
                *seq = crate::sim::record::increment_sequence(*seq, batch.records.len() as i32);
            }
            per_broker.entry(leader).or_default().push(batch);
        }
        self.accumulator.retain(|_, q| !q.is_empty());
        for (broker, batches) in per_broker {
            let opens = opened.get(&broker).copied().unwrap_or(false);
            self.send_request(ctx, broker, batches, opens);
        }
        if need_metadata {
            self.request_metadata(ctx);
        }
        if let Some(at) = next_wake {
            self.linger_timer.arm(ctx, TimerKind::Linger, at);
        }
    }

    fn send_request(&mut self, ctx: &mut Ctx, broker: BrokerId, mut batches: Vec<ProducerBatch>, opens: bool) {
        let corr = self.next_correlation;
        self.next_correlation += 1;
        let acks = self.required_acks();
        for b in batches.iter_mut() {
            b.attempts += 1;
            b.retry_at = None;
            b.closed = true;
        }
        let wire = batches
            .iter()
            .map(|b| {
                let batch = Batch {
                    producer_id: self.producer_id,
                    producer_epoch: if b.base_sequence < 0 { self.producer_epoch } else { b.epoch },
                    base_sequence: b.base_sequence,
                    records: b.records.clone(),
                };
                (b.tp.clone(), batch)
            })
            .collect();
        let timeout_ms = self.config.request_timeout_ms.max(0) as u64;
        ctx.send(NodeId::Broker(broker), Message::Produce { correlation_id: corr, acks, timeout_ms, batches: wire });
        if acks == RequiredAcks::None {
            // acks=0: complete on send, offset unknown (-1).
            for b in batches {
                self.complete_batch(ctx, &b, broker, -1);
            }
            return;
        }
        let deadline = ctx.now.plus(ms(timeout_ms));
        self.request_timer.arm(ctx, TimerKind::RequestTimeout, deadline);
        self.in_flight.insert(corr, InFlight { broker, deadline, batches, opened_connection: opens });
    }

    fn complete_batch(&mut self, ctx: &mut Ctx, b: &ProducerBatch, broker: BrokerId, base_offset: i64) {
        self.release(b);
        for (i, r) in b.records.iter().enumerate() {
            let offset = if base_offset < 0 { -1 } else { base_offset + i as i64 };
            self.stats.acked += 1;
            ctx.observe(Observation::Acked { id: r.id, tp: b.tp.clone(), offset, by: broker });
        }
    }

    pub(super) fn on_produce_response(&mut self, ctx: &mut Ctx, corr: u64, parts: Vec<ProducePartitionResponse>) {
        let Some(InFlight { broker, batches, .. }) = self.in_flight.remove(&corr) else { return };
        for batch in batches {
            let resp = parts.iter().find(|p| p.tp == batch.tp);
            match resp.and_then(|r| r.error) {
                None => {
                    let base = resp.map_or(-1, |r| r.base_offset);
                    self.complete_batch(ctx, &batch, broker, base);
                }
                Some(e) => self.retry_or_fail(ctx, batch, e),
            }
        }
    }

    /// `broker` refused the connection that request `corr` used. A request
    /// that opened the connection was never sent (its batches wait, no retry);
    /// one on an established connection failed in flight (`NetworkException`,
    /// retriable). Either way the node is not ready until the reconnect backoff.
    pub(super) fn on_disconnect(&mut self, ctx: &mut Ctx, broker: BrokerId, corr: u64) {
        if self.probe_of(corr) == Some(broker) {
            self.connection_failed(ctx, broker);
            return;
        }
        let request = self.in_flight.remove(&corr);
        if self.connections.get(&broker) == Some(&Conn::Ready) {
            // An established connection broke: a fresh failure count.
            self.connections.remove(&broker);
        }
        self.connection_failed(ctx, broker);
        let Some(request) = request else { return };
        if request.opened_connection {
            self.never_sent(request.batches);
            return;
        }
        for batch in request.batches {
            self.retry_or_fail(ctx, batch, ErrorCode::NetworkException);
        }
    }

    /// The request timer fired: requests past `request.timeout.ms` fail with a
    /// retriable timeout; the timer is re-armed for the next deadline.
    pub(super) fn on_request_timeouts(&mut self, ctx: &mut Ctx) {
        self.request_timer.fired();
        let due: Vec<u64> = self.in_flight.iter().filter(|(_, f)| f.deadline <= ctx.now).map(|(c, _)| *c).collect();
        for corr in due {
            let request = self.in_flight.remove(&corr).expect("listed");
            for batch in request.batches {
                self.retry_or_fail(ctx, batch, ErrorCode::RequestTimedOut);
            }
        }
        let probes = self.expire_probes(ctx);
        let next = self.in_flight.values().map(|f| f.deadline).chain(probes).min();
        if let Some(next) = next {
            self.request_timer.arm(ctx, TimerKind::RequestTimeout, next);
        }
    }

    /// `Sender.canRetry`: retriable error, attempts left, delivery timeout not passed.
    fn retry_or_fail(&mut self, ctx: &mut Ctx, mut batch: ProducerBatch, error: ErrorCode) {
        let (class, message) = error.exception();
        let age_ms = ctx.now.since(batch.created_at).as_millis();
        if error.is_retriable() && age_ms >= self.config.delivery_timeout_ms.max(0) as u64 {
            // Past `delivery.timeout.ms` Kafka has already expired it
            // (`Sender.getExpiredInflightBatches`), not failed it with the error.
            self.expire_batch(ctx, batch);
            return;
        }
        let can_retry = error.is_retriable() && (batch.attempts as i64) <= i64::from(self.config.retries);
        if matches!(
            error,
            ErrorCode::NotLeaderOrFollower
                | ErrorCode::UnknownTopicOrPartition
                | ErrorCode::RequestTimedOut
                | ErrorCode::NetworkException
        ) {
            self.request_metadata(ctx);
        }
        if !can_retry {
            let text = format!("{class}: {message}");
            ctx.trace(TraceEvent::BatchFailed { producer: self.config.client_id.clone(), tp: batch.tp.clone(), error });
            self.release(&batch);
            for r in &batch.records {
                self.fail_record(ctx, r.id, text.clone());
            }
            return;
        }
        self.stats.retries += 1;
        self.stats.last_error = Some(format!("{class}: {message}"));
        let backoff = retry_backoff(self.config.retry_backoff_ms, batch.attempts);
        ctx.trace(TraceEvent::BatchRetry {
            producer: self.config.client_id.clone(),
            error,
            tp: batch.tp.clone(),
            backoff_ms: backoff,
            attempt: batch.attempts + 1,
        });
        batch.retry_at = Some(ctx.now.plus(ms(backoff)));
        for r in &batch.records {
            ctx.observe(Observation::Sent { id: r.id, tp: batch.tp.clone(), attempt: batch.attempts });
        }
        self.requeue(batch);
    }

    /// Puts a drained batch back at the head of its partition's queue, in
    /// sequence order (`RecordAccumulator.reenqueue` / `insertInSequenceOrder`).
    pub(super) fn requeue(&mut self, batch: ProducerBatch) {
        let queue = self.accumulator.entry(batch.tp.clone()).or_default();
        let pos = queue
            .iter()
            .position(|b| b.base_sequence < 0 || b.base_sequence > batch.base_sequence)
            .unwrap_or(queue.len());
        let pos = if batch.base_sequence < 0 { 0 } else { pos };
        queue.insert(pos, batch);
    }
}

/// Kafka: `retry.backoff.max.ms` (KIP-580, default 1000).
const RETRY_BACKOFF_MAX_MS: u64 = 1_000;

/// KIP-580 exponential backoff: `retry.backoff.ms * 2^(attempts-1)`, capped at
/// `retry.backoff.max.ms`.
// Simplification: without Kafka's ±20 % jitter, which would need randomness here.
pub(super) fn retry_backoff(base_ms: i64, attempts: u32) -> u64 {
    let base = base_ms.max(0) as u64;
    let exp = attempts.saturating_sub(1).min(20);
    base.saturating_mul(1 << exp).min(RETRY_BACKOFF_MAX_MS.max(base))
}

#[cfg(test)]
mod tests {
    use super::retry_backoff;

    #[test]
    fn kip_580_backoff_doubles_up_to_the_cap() {
        let got: Vec<u64> = (1..=6).map(|a| retry_backoff(100, a)).collect();
        assert_eq!(got, [100, 200, 400, 800, 1_000, 1_000]);
        assert_eq!(retry_backoff(5_000, 3), 5_000, "a base above the cap is kept");
    }
}
