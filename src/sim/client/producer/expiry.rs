//! `delivery.timeout.ms` and what an idempotent producer does after it
//! (Kafka 4.0 `Sender.sendProducerData`, `RecordAccumulator.expiredBatches`,
//! `TransactionManager`).
//!
//! Every loop expires batches older than `delivery.timeout.ms`, waiting in the
//! accumulator or in flight, with `TimeoutException: Expiring N record(s) for
//! tp:X ms has passed since batch creation`. An idempotent producer whose
//! expired batch already had a sequence cannot know which sequences the broker
//! holds: the partition's sequence is *unresolved* (KIP-360). Once none of its
//! batches is in flight the producer bumps its epoch locally
//! (`bumpIdempotentProducerEpoch`) and restarts that partition's sequences at
//! 0 (`startSequencesAtBeginning`); other partitions restart at 0 when they
//! next assign a sequence (`maybeUpdateProducerIdAndEpoch`). A broker accepts
//! sequence 0 for a new epoch, so sending resumes
//! (`SenderTest.testExpiryOfAllSentBatchesShouldCauseUnresolvedSequences`).
//!
//! Simplification: the epoch never overflows (Kafka requests a new producer
//! id at `Short.MAX_VALUE`).

use super::{Producer, ProducerBatch};
use crate::sim::ids::{ProducerEpoch, TopicPartition};
use crate::sim::node::{Ctx, TimerKind};
use crate::sim::time::{ms, SimTime};
use crate::sim::trace::TraceEvent;

impl Producer {
    fn delivery_timeout(&self) -> u64 {
        self.config.delivery_timeout_ms.max(0) as u64
    }

    /// Expires queued and in-flight batches past `delivery.timeout.ms`, then
    /// resolves sequences; arms a wake-up for the next expiry.
    pub(super) fn expire_batches(&mut self, ctx: &mut Ctx) {
        let limit = self.delivery_timeout();
        let now = ctx.now;
        let old = |b: &ProducerBatch| now.since(b.created_at).as_millis() >= limit;
        let mut expired = Vec::new();
        for q in self.accumulator.values_mut() {
            while q.front().is_some_and(old) {
                expired.push(q.pop_front().expect("front"));
            }
        }
        for f in self.in_flight.values_mut() {
            let (gone, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut f.batches).into_iter().partition(old);
            f.batches = kept;
            expired.extend(gone);
        }
        self.in_flight.retain(|_, f| !f.batches.is_empty());
        self.accumulator.retain(|_, q| !q.is_empty());
        for b in expired {
            self.expire_batch(ctx, b);
        }
        self.maybe_bump_epoch(ctx);
        // The request timer (armed for far deadlines already) wakes the
        // producer for the next expiry: no extra timer events per batch.
        if let Some(at) = self.next_expiry() {
            self.request_timer.arm(ctx, TimerKind::RequestTimeout, at);
        }
    }

    /// The earliest time a batch reaches `delivery.timeout.ms`.
    fn next_expiry(&self) -> Option<SimTime> {
        let queued = self.accumulator.values().filter_map(|q| q.front());
        let flying = self.in_flight.values().flat_map(|f| f.batches.iter());
        let first = queued.chain(flying).map(|b| b.created_at).min()?;
        Some(first.plus(ms(self.delivery_timeout())))
    }

    /// Fails one batch with Kafka's expiry text (`Sender.sendProducerData`).
    pub(super) fn expire_batch(&mut self, ctx: &mut Ctx, b: ProducerBatch) {
        let text = format!(
            "org.apache.kafka.common.errors.TimeoutException: Expiring {} record(s) for {}:{} ms has passed since batch creation",
            b.records.len(),
            b.tp,
            ctx.now.since(b.created_at).as_millis()
        );
        if self.config.enable_idempotence && b.base_sequence >= 0 && !self.unresolved.contains(&b.tp) {
            self.unresolved.push(b.tp.clone());
        }
        self.release(&b);
        for r in &b.records {
            self.fail_record(ctx, r.id, text.clone());
        }
    }

    /// `TransactionManager.bumpIdempotentProducerEpoch`, once no batch of an
    /// unresolved partition is in flight.
    fn maybe_bump_epoch(&mut self, ctx: &mut Ctx) {
        if self.unresolved.is_empty() || self.unresolved.iter().any(|tp| self.partition_in_flight(tp)) {
            return;
        }
        self.producer_epoch = ProducerEpoch(self.producer_epoch.0.saturating_add(1));
        for tp in std::mem::take(&mut self.unresolved) {
            ctx.trace(TraceEvent::EpochBumped {
                producer: self.config.client_id.clone(),
                tp: tp.clone(),
                epoch: self.producer_epoch,
            });
            self.start_sequences_at_beginning(&tp);
        }
    }

    /// `TxnPartitionMap.startSequencesAtBeginning`: queued batches that
    /// already have a sequence are renumbered from 0 in the new epoch.
    fn start_sequences_at_beginning(&mut self, tp: &TopicPartition) {
        let epoch = self.producer_epoch;
        let mut next = 0;
        if let Some(q) = self.accumulator.get_mut(tp) {
            for b in q.iter_mut().filter(|b| b.base_sequence >= 0) {
                b.base_sequence = next;
                b.epoch = epoch;
                next = crate::sim::record::increment_sequence(next, b.records.len() as i32);
            }
        }
        self.next_sequence.insert(tp.clone(), next);
        self.sequence_epoch.insert(tp.clone(), epoch);
    }

    /// `maybeUpdateProducerIdAndEpoch`: a partition whose sequences count in
    /// an older epoch restarts at 0 when it next assigns one.
    pub(super) fn restart_sequences_if_stale(&mut self, tp: &TopicPartition) {
        let epoch = self.producer_epoch;
        if self.sequence_epoch.get(tp).is_some_and(|e| *e != epoch) {
            self.next_sequence.insert(tp.clone(), 0);
        }
        self.sequence_epoch.insert(tp.clone(), epoch);
    }
}
