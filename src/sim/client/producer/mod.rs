//! The producer client: partitioning, batching, sending, retries, idempotence.
//!
//! Follows `KafkaProducer`, `RecordAccumulator` and `Sender` (Kafka 4.0):
//! - **Metadata** comes from any broker (`Metadata` request) and is refreshed
//!   on `NOT_LEADER_OR_FOLLOWER` / `UNKNOWN_TOPIC_OR_PARTITION`.
//! - **Partitioning**: keyed records use `murmur2` over all partitions
//!   ([`crate::sim::partitioner`]); keyless records stick to one available
//!   partition until `batch.size` bytes (KIP-480/794).
//! - **Batching**: a partition's batch is sent when full (`batch.size`) or
//!   after `linger.ms`; at most `max.in.flight.requests.per.connection`
//!   requests per broker are outstanding.
//! - **Delivery**: `acks=0` completes on send; otherwise on the response. A
//!   retriable error re-queues the batch after `retry.backoff.ms` (and
//!   refreshes metadata), while `retries` and `delivery.timeout.ms` allow;
//!   no response within `request.timeout.ms` counts as a retriable timeout.
//!   Without idempotence and with more than one request in flight, a retried
//!   batch can land after a later one: reordering.
//! - **Idempotence**: every batch carries the producer id, epoch and a
//!   per-partition sequence; a retry keeps its sequence, so the broker drops
//!   the duplicate.
//!
//! Simplification: the producer id comes from the simulation instead of an
//! `InitProducerId` round trip, and an idempotent producer keeps one batch in
//! flight per partition (Kafka allows five, ordered by sequence numbers).

use super::producer_config::ProducerConfig;
use crate::sim::ids::{BrokerId, ProducerEpoch, ProducerId, TopicName, TopicPartition};
use crate::sim::messages::{ClientNodeId, Message, NodeId, PartitionMetadata};
use crate::sim::node::{Ctx, DeadlineTimer, Observation, TimerKind};
use crate::sim::partitioner::{partition_for_key, StickyPartitioner, TopicLayout};
use crate::sim::record::{PendingRecord, RecordData, RecordId};
use crate::sim::rng::SimRng;
use crate::sim::time::{ms, SimTime};
use crate::vecmap::VecMap;
use connections::RECONNECT_BACKOFF_MS;
use sender::retry_backoff;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::rc::Rc;

pub use crate::sim::commands::{SendRequest, Workload};

/// A batch in the accumulator or in flight.
#[derive(Clone, Debug)]
struct ProducerBatch {
    tp: TopicPartition,
    records: Vec<PendingRecord>,
    bytes: u32,
    created_at: SimTime,
    attempts: u32,
    base_sequence: i32,
    retry_at: Option<SimTime>,
    /// Drained once: no more records join it (`ProducerBatch.close`).
    closed: bool,
    /// The producer epoch its sequence belongs to.
    epoch: ProducerEpoch,
    /// Bytes taken from `buffer.memory` (`BufferPool.allocate`).
    alloc: u64,
}

/// A request awaiting its response.
#[derive(Clone, Debug)]
struct InFlight {
    broker: BrokerId,
    deadline: SimTime,
    batches: Vec<ProducerBatch>,
    /// Sent on a connection not yet proven: a refusal means never sent.
    opened_connection: bool,
}

/// Counters shown in the picture and by `sim status`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProducerStats {
    pub sent: u64,
    pub acked: u64,
    pub failed: u64,
    pub retries: u64,
    /// The last error, as the client would surface it.
    pub last_error: Option<String>,
}

/// A producer client.
#[derive(Clone)]
pub struct Producer {
    pub node: ClientNodeId,
    pub config: ProducerConfig,
    pub bootstrap: Vec<BrokerId>,
    pub producer_id: ProducerId,
    pub producer_epoch: ProducerEpoch,
    pub workload: Option<Workload>,
    pub stats: ProducerStats,
    metadata: VecMap<TopicName, Vec<PartitionMetadata>>,
    brokers: Vec<BrokerId>,
    metadata_in_flight: Option<u64>,
    waiting: VecDeque<(SimTime, RecordId, SendRequest)>,
    /// `send()` blocked for buffer memory (since, record, partition); the
    /// application thread waits, so a workload produces nothing meanwhile.
    blocked: VecDeque<(SimTime, PendingRecord, TopicPartition)>,
    /// Bytes of `buffer.memory` in use.
    buffer_used: u64,
    accumulator: VecMap<TopicPartition, VecDeque<ProducerBatch>>,
    /// Requests awaiting a response: broker, deadline, batches, and whether
    /// the request opened its connection (see `connections.rs`).
    in_flight: VecMap<u64, InFlight>,
    connections: VecMap<BrokerId, connections::Conn>,
    /// Failed attempts of a connection being probed with `ApiVersions`.
    connect_failures: VecMap<BrokerId, u32>,
    request_timer: DeadlineTimer,
    linger_timer: DeadlineTimer,
    next_sequence: VecMap<TopicPartition, i32>,
    /// The epoch each partition's `next_sequence` counts in.
    sequence_epoch: VecMap<TopicPartition, ProducerEpoch>,
    /// Partitions whose sent batches expired (KIP-360): sequence unresolved.
    unresolved: Vec<TopicPartition>,
    sticky: VecMap<TopicName, StickyPartitioner>,
    next_correlation: u64,
    next_record: u64,
    workload_seq: u64,
    /// `close()` was called: every batch is sendable at once.
    closing: bool,
    rng: SimRng,
}

/// Inputs a producer handles.
#[derive(Debug)]
pub enum ProducerInput {
    Start,
    Send(SendRequest),
    Message { from: NodeId, msg: Message },
    Timer(TimerKind),
}

impl Producer {
    pub fn new(
        node: ClientNodeId,
        config: ProducerConfig,
        bootstrap: Vec<BrokerId>,
        producer_id: ProducerId,
        rng: SimRng,
    ) -> Producer {
        let idempotent = config.enable_idempotence;
        Producer {
            node,
            config,
            brokers: bootstrap.clone(),
            bootstrap,
            producer_id: if idempotent { producer_id } else { ProducerId::NONE },
            producer_epoch: if idempotent { ProducerEpoch(0) } else { ProducerEpoch::NONE },
            workload: None,
            stats: ProducerStats::default(),
            metadata: VecMap::new(),
            metadata_in_flight: None,
            waiting: VecDeque::new(),
            blocked: VecDeque::new(),
            buffer_used: 0,
            accumulator: VecMap::new(),
            in_flight: VecMap::new(),
            connections: VecMap::new(),
            connect_failures: VecMap::new(),
            request_timer: DeadlineTimer::default(),
            linger_timer: DeadlineTimer::default(),
            next_sequence: VecMap::new(),
            sequence_epoch: VecMap::new(),
            unresolved: Vec::new(),
            sticky: VecMap::new(),
            next_correlation: 0,
            next_record: 0,
            workload_seq: 0,
            closing: false,
            rng,
        }
    }

    /// The one entry point.
    pub fn handle(&mut self, ctx: &mut Ctx, input: ProducerInput) {
        match input {
            ProducerInput::Start => self.start_workload(ctx),
            ProducerInput::Send(req) => {
                self.send(ctx, req);
            }
            ProducerInput::Message { from, msg } => self.on_message(ctx, from, msg),
            ProducerInput::Timer(kind) => self.on_timer(ctx, kind),
        }
        self.drain(ctx);
        self.unblock(ctx);
    }

    /// Sends whatever is ready now (after a direct [`Producer::send`]).
    pub fn drain_now(&mut self, ctx: &mut Ctx) {
        self.drain(ctx);
    }

    /// Records neither acknowledged nor failed yet.
    pub fn pending_records(&self) -> u64 {
        let queued: usize = self.accumulator.values().flatten().map(|b| b.records.len()).sum();
        let flying: usize = self.in_flight.values().flat_map(|f| &f.batches).map(|b| b.records.len()).sum();
        (queued + flying + self.waiting.len() + self.blocked.len()) as u64
    }

    fn start_workload(&mut self, ctx: &mut Ctx) {
        if let Some(w) = &self.workload {
            if w.rate > 0 {
                ctx.set_timer(TimerKind::Workload, crate::sim::time::micros(1_000_000 / u64::from(w.rate)));
            }
        }
    }

    fn on_timer(&mut self, ctx: &mut Ctx, kind: TimerKind) {
        match kind {
            TimerKind::Workload => {
                let Some(w) = self.workload.clone() else { return };
                if !self.blocked.is_empty() || !self.waiting.is_empty() {
                    // The application thread is blocked in `send()`: for buffer
                    // memory, or for the topic's metadata
                    // (`KafkaProducer.waitOnMetadata`), so the records waiting
                    // for metadata stay one, however long the wait.
                    self.start_workload(ctx);
                    return;
                }
                let key = (w.keys > 0).then(|| numbered("user", self.rng.below(u64::from(w.keys))));
                self.workload_seq += 1;
                let value = Some(numbered(&self.config.client_id, self.workload_seq));
                self.send(ctx, SendRequest { topic: w.topic, partition: None, key, value });
                self.start_workload(ctx);
            }
            TimerKind::RequestTimeout => self.on_request_timeouts(ctx),
            TimerKind::Linger => self.linger_timer.fired(),
            TimerKind::Retry if !self.waiting.is_empty() => self.request_metadata(ctx),
            TimerKind::MetadataTimeout(corr) if self.metadata_in_flight == Some(corr) => {
                self.metadata_in_flight = None;
                self.request_metadata(ctx);
            }
            _ => {}
        }
        self.expire_batches(ctx);
    }

    /// `KafkaProducer.send`: returns the new record's id.
    pub fn send(&mut self, ctx: &mut Ctx, req: SendRequest) -> RecordId {
        let id = RecordId((u64::from(self.node.0) << 40) | self.next_record);
        self.next_record += 1;
        self.stats.sent += 1;
        ctx.observe(Observation::Produced {
            id,
            producer: self.node,
            topic: req.topic.clone(),
            key: req.key.clone(),
            acks: self.config.acks,
        });
        if self.metadata.contains_key(&req.topic) {
            self.append(ctx, id, req);
        } else {
            self.waiting.push_back((ctx.now, id, req));
            self.request_metadata(ctx);
        }
        id
    }

    fn layout_available(parts: &[PartitionMetadata]) -> Vec<u32> {
        parts.iter().filter(|p| p.leader.is_some()).map(|p| p.partition).collect()
    }

    /// `RecordAccumulator.append` after choosing the partition.
    fn append(&mut self, ctx: &mut Ctx, id: RecordId, req: SendRequest) {
        let parts: &[PartitionMetadata] = self.metadata.get(&req.topic).map_or(&[], |v| v.as_slice());
        let n = parts.len() as u32;
        if n == 0 || req.partition.is_some_and(|p| p >= n) {
            let max_block_ms = self.config.max_block_ms;
            let err = format!("org.apache.kafka.common.errors.TimeoutException: Topic {} not present in metadata after {max_block_ms} ms.", req.topic);
            self.fail_record(ctx, id, err);
            return;
        }
        let keyless = req.partition.is_none() && req.key.is_none();
        // Only the sticky (keyless) choice needs the available partitions.
        let available = if keyless { Self::layout_available(parts) } else { Vec::new() };
        let layout = TopicLayout { num_partitions: n, available: &available };
        let rng = &mut self.rng;
        let mut random = || rng.next_u32();
        let batch_size = self.config.batch_size.max(1) as u32;
        if !self.sticky.contains_key(&req.topic) {
            self.sticky.insert(req.topic.clone(), StickyPartitioner::new(batch_size).expect("batch.size > 0"));
        }
        let sticky = self.sticky.get_mut(&req.topic).expect("inserted");
        let partition = match (req.partition, &req.key) {
            (Some(p), _) => p,
            (None, Some(k)) => partition_for_key(k.as_bytes(), n),
            (None, None) => sticky.peek_current_partition(layout, &mut random),
        };
        let tp = TopicPartition { topic: req.topic.clone(), partition };
        let data = Rc::new(RecordData { key: req.key, value: req.value, headers: Vec::new() });
        let record = PendingRecord { id, timestamp_ms: ctx.now_ms(), data };
        let size = record.size_bytes();
        let Some(full) = self.accumulate(ctx.now, tp, record, batch_size, true) else { return };
        if keyless {
            let rng = &mut self.rng;
            let mut random = || rng.next_u32();
            let sticky = self.sticky.get_mut(&req.topic).expect("inserted");
            sticky.update_partition_info(size, full, layout, &mut random);
        }
    }

    /// Adds a record to its partition's open batch or a new one; `None` when
    /// `buffer.memory` has no room for a new batch (`send()` blocks), else
    /// whether the batch is now full.
    fn accumulate(
        &mut self,
        now: SimTime,
        tp: TopicPartition,
        record: PendingRecord,
        batch_size: u32,
        behind_blocked: bool,
    ) -> Option<bool> {
        let size = record.size_bytes();
        // `RecordAccumulator.append`: a new batch takes max(batch.size, record) bytes.
        let alloc = u64::from(batch_size.max(size + 61));
        let queue = self.accumulator.get(&tp);
        let fits = queue.and_then(|q| q.back()).is_some_and(|b| !b.closed && b.bytes + size <= batch_size);
        if (behind_blocked && !self.blocked.is_empty()) || (!fits && !self.buffer_room(alloc)) {
            self.blocked.push_back((now, record, tp));
            return None;
        }
        let queue = self.accumulator.entry(tp.clone()).or_default();
        if fits {
            let b = queue.back_mut().expect("checked");
            b.records.push(record);
            b.bytes += size;
        } else {
            self.buffer_used += alloc;
            queue.push_back(ProducerBatch {
                tp,
                records: vec![record],
                bytes: size + 61,
                created_at: now,
                attempts: 0,
                base_sequence: -1,
                retry_at: None,
                closed: false,
                epoch: ProducerEpoch::NONE,
                alloc,
            });
        }
        Some(queue.back().is_none_or(|b| b.bytes >= batch_size))
    }

    fn fail_record(&mut self, ctx: &mut Ctx, id: RecordId, error: String) {
        self.stats.failed += 1;
        self.stats.last_error = Some(error.clone());
        ctx.observe(Observation::Failed { id, error });
    }

    fn request_metadata(&mut self, ctx: &mut Ctx) {
        if self.metadata_in_flight.is_some() || self.brokers.is_empty() {
            return;
        }
        let corr = self.next_correlation;
        self.next_correlation += 1;
        let target = self.brokers[self.rng.below(self.brokers.len() as u64) as usize];
        let mut topics: Vec<TopicName> = self.metadata.keys().cloned().collect();
        topics.extend(self.waiting.iter().map(|(_, _, r)| r.topic.clone()));
        topics.extend(self.workload.iter().map(|w| w.topic.clone()));
        topics.sort();
        topics.dedup();
        self.metadata_in_flight = Some(corr);
        ctx.send(NodeId::Broker(target), Message::Metadata { correlation_id: corr, topics });
        ctx.set_timer(TimerKind::MetadataTimeout(corr), ms(1_000));
    }

    fn on_message(&mut self, ctx: &mut Ctx, from: NodeId, msg: Message) {
        let NodeId::Broker(from) = from else { return };
        if !matches!(msg, Message::ConnectionRefused { .. }) {
            self.heard_from(from);
        }
        match msg {
            Message::MetadataResponse { correlation_id, brokers, topics }
                if self.metadata_in_flight == Some(correlation_id) =>
            {
                self.metadata_in_flight = None;
                if !brokers.is_empty() {
                    self.brokers = brokers;
                }
                let asked: Vec<TopicName> = topics.iter().map(|(t, _)| t.clone()).collect();
                for (t, parts) in topics {
                    match parts {
                        Some(p) => {
                            self.metadata.insert(t, p);
                        }
                        None => {
                            self.metadata.remove(&t);
                        }
                    }
                }
                self.release_waiting(ctx, &asked);
            }
            Message::ProduceResponse { correlation_id, partitions } => {
                self.on_produce_response(ctx, correlation_id, partitions)
            }
            Message::ConnectionRefused { correlation_id } => {
                if self.metadata_in_flight == Some(correlation_id) {
                    ctx.set_timer(TimerKind::MetadataTimeout(correlation_id), ms(RECONNECT_BACKOFF_MS));
                } else {
                    self.on_disconnect(ctx, from, correlation_id);
                }
            }
            _ => {}
        }
    }

    /// Records that waited for metadata (the response answered `asked`):
    /// append them, or fail after `max.block.ms`.
    fn release_waiting(&mut self, ctx: &mut Ctx, asked: &[TopicName]) {
        let waiting = std::mem::take(&mut self.waiting);
        for (since, id, req) in waiting {
            if self.metadata.contains_key(&req.topic) {
                self.append(ctx, id, req);
            } else if ctx.now.since(since).as_millis() >= self.config.max_block_ms.max(0) as u64 {
                let max_block_ms = self.config.max_block_ms;
                let err = format!("org.apache.kafka.common.errors.TimeoutException: Topic {} not present in metadata after {max_block_ms} ms.", req.topic);
                self.fail_record(ctx, id, err);
            } else {
                self.waiting.push_back((since, id, req));
            }
        }
        if let Some((since, _, _)) = self.waiting.front() {
            // The next metadata retry, or the oldest record's max.block.ms deadline if sooner.
            let left = (self.config.max_block_ms.max(0) as u64).saturating_sub(ctx.now.since(*since).as_millis());
            // A topic added while this request was in flight is asked for after
            // `retry.backoff.ms` (`Metadata.timeToNextUpdate`: an update was requested,
            // the refresh backoff allows it); a topic the cluster lacks, at the slower retry.
            let backoff = self.config.retry_backoff_ms.max(1) as u64;
            let unasked = self.waiting.iter().any(|(_, _, r)| !asked.contains(&r.topic));
            let delay = if unasked { backoff } else { backoff * 10 };
            ctx.set_timer(TimerKind::Retry, ms(delay.min(left.max(1))));
        }
    }
}

/// `{prefix}-{n}`, as `format!` would write it (the workload's keys and values;
/// this runs for every record, so it avoids the formatting machinery).
fn numbered(prefix: &str, n: u64) -> String {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let mut s = String::with_capacity(prefix.len() + digits.len() - i + 1);
    s.push_str(prefix);
    s.push('-');
    s.extend(digits[i..].iter().map(|d| char::from(*d)));
    s
}

#[cfg(test)]
mod numbered_tests {
    #[test]
    fn numbered_matches_format() {
        for n in [0, 7, 10, 999, 1_000, u64::MAX] {
            assert_eq!(super::numbered("user", n), format!("user-{n}"));
            assert_eq!(super::numbered("p-", n), format!("p--{n}"));
        }
    }
}

mod buffer;
mod connections;
mod expiry;
mod sender;
