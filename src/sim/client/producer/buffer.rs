//! `buffer.memory` (Kafka 4.0 `BufferPool`): the accumulator's bytes are
//! bounded. A new batch takes `max(batch.size, record size)` bytes, returned
//! when the batch is acknowledged, fails or expires. When a record needs a
//! new batch and the pool has no room, `send()` blocks the application thread
//! up to `max.block.ms`, then fails with `BufferExhaustedException`.
//!
//! Simplification: record sizes are the simulator's approximation
//! (`PendingRecord::size_bytes` plus a 61-byte batch header), and a blocked
//! workload produces nothing until room frees (its thread is blocked), so
//! its rate counts attempts, as the real application's loop would.

use super::{Producer, ProducerBatch};
use crate::sim::node::Ctx;
use crate::sim::record::RecordId;
use crate::sim::time::ms;

impl Producer {
    /// Whether `send()` of record `id` is still blocked: waiting for the
    /// topic's metadata (`KafkaProducer.waitOnMetadata`) or for room in
    /// `buffer.memory` (`BufferPool.allocate`), both up to `max.block.ms`.
    pub fn send_blocked(&self, id: RecordId) -> bool {
        self.waiting.iter().any(|(_, r, _)| *r == id) || self.blocked.iter().any(|(_, r, _)| r.id == id)
    }

    /// Whether the pool can give `bytes` now.
    pub(super) fn buffer_room(&self, bytes: u64) -> bool {
        self.buffer_used + bytes <= self.config.buffer_memory.max(0) as u64
    }

    /// A batch is done: its memory returns to the pool (`BufferPool.deallocate`).
    pub(super) fn release(&mut self, b: &ProducerBatch) {
        self.buffer_used = self.buffer_used.saturating_sub(b.alloc);
    }

    /// Blocked sends proceed in order while there is room; those that have
    /// waited `max.block.ms` fail (`BufferPool.allocate`).
    pub(super) fn unblock(&mut self, ctx: &mut Ctx) {
        let max_block = self.config.max_block_ms.max(0) as u64;
        let batch_size = self.config.batch_size.max(1) as u32;
        while let Some((since, record, tp)) = self.blocked.pop_front() {
            let size = u64::from(batch_size.max(record.size_bytes() + 61));
            let fits_open = self
                .accumulator
                .get(&tp)
                .and_then(|q| q.back())
                .is_some_and(|b| !b.closed && b.bytes + record.size_bytes() <= batch_size);
            if fits_open || self.buffer_room(size) {
                self.accumulate(ctx.now, tp, record, batch_size, false);
                continue;
            }
            if ctx.now.since(since).as_millis() >= max_block {
                let total = self.config.buffer_memory.max(0) as u64;
                let text = format!(
                    "org.apache.kafka.clients.producer.BufferExhaustedException: Failed to allocate {size} bytes within the configured max blocking time {max_block} ms. Total memory: {total} bytes. Available memory: {} bytes. Poolable size: {batch_size} bytes",
                    total.saturating_sub(self.buffer_used)
                );
                self.fail_record(ctx, record.id, text);
                continue;
            }
            self.blocked.push_front((since, record, tp));
            self.linger_timer.arm(ctx, crate::sim::node::TimerKind::Linger, since.plus(ms(max_block)));
            break;
        }
    }
}
