//! The broker's log maintenance: the `kafka-log-retention` task, the log
//! cleaner thread and `DeleteRecords` (`LogManager`, `LogCleaner`,
//! `ReplicaManager.deleteRecords`).
//!
//! Retention runs on every replica, leader and follower alike, first
//! `log.initial.task.delay.ms` after start-up and then every
//! `log.retention.check.interval.ms`. The cleaner wakes, takes the filthiest
//! compacted log this broker holds, cleans it and looks again at once; with
//! nothing to clean it sleeps `log.cleaner.backoff.ms`. Each replica's log
//! is cleaned on its own, so replicas compact at different moments, as in
//! Kafka. Every removal is reported to the ledger as expected, never as loss.
// Simplification: one cleaning pass takes no simulated time (Kafka's takes
// I/O time, throttled by `log.cleaner.io.max.bytes.per.second`).

use super::log::cleaner::Cleanable;
use super::log::retention::Removal;
use super::partition::Role;
use super::Broker;
use crate::sim::error::{ErrorKind, KafkaError};
use crate::sim::ids::{BrokerId, Offset, TopicPartition};
use crate::sim::node::{Ctx, Observation, TimerKind};
use crate::sim::time::ms;
use crate::sim::trace::TraceEvent;

/// Reports one removal: a trace line and the ledger's observation.
pub(crate) fn report_removal(ctx: &mut Ctx, broker: BrokerId, tp: &TopicPartition, removal: Removal) {
    ctx.trace(TraceEvent::SegmentsDeleted {
        broker,
        tp: tp.clone(),
        reason: removal.reason,
        segments: removal.segments,
        records: removal.ids.len() as u64,
        log_start: removal.log_start_offset,
    });
    if !removal.ids.is_empty() {
        ctx.observe(Observation::Removed { tp: tp.clone(), broker, reason: removal.reason, ids: removal.ids });
    }
}

impl Broker {
    /// Arms the retention task and the cleaner (on registration), and the
    /// coordinator's offsets expiry (`super::groups`).
    pub(crate) fn start_log_tasks(&mut self, ctx: &mut Ctx) {
        ctx.set_timer(TimerKind::LogRetention, ms(self.config.log_initial_task_delay_ms));
        ctx.set_timer(TimerKind::LogCleaner, ms(self.config.log_cleaner_backoff_ms));
        ctx.set_timer(TimerKind::OffsetsRetention, ms(self.config.offsets_retention_check_interval_ms));
    }

    /// One `kafka-log-retention` pass over every replica on this broker.
    pub(crate) fn run_retention(&mut self, ctx: &mut Ctx) {
        let (me, now) = (self.id, ctx.now_ms());
        for (tp, p) in self.partitions.iter_mut() {
            for removal in p.log.delete_old_segments(now) {
                report_removal(ctx, me, tp, removal);
            }
        }
        ctx.set_timer(TimerKind::LogRetention, ms(self.config.log_retention_check_interval_ms));
    }

    /// The cleaner wakes: cleans the filthiest qualifying log, if any.
    pub(crate) fn run_cleaner(&mut self, ctx: &mut Ctx) {
        let now = ctx.now_ms();
        let Some((tp, range)) = self.filthiest_log(now) else {
            ctx.set_timer(TimerKind::LogCleaner, ms(self.config.log_cleaner_backoff_ms));
            return;
        };
        let me = self.id;
        let p = self.partitions.get_mut(&tp).expect("chosen from this broker's partitions");
        if let Some(done) = p.log.clean(now) {
            ctx.trace(TraceEvent::LogCleaned {
                broker: me,
                tp: tp.clone(),
                first_dirty: done.first_dirty,
                end: done.end,
                removed: done.removal.ids.len() as u64,
                dirty_ratio_ppm: range.ratio_ppm() as u32,
            });
            if !done.removal.ids.is_empty() {
                let reason = done.removal.reason;
                ctx.observe(Observation::Removed { tp, broker: me, reason, ids: done.removal.ids });
            }
        }
        ctx.set_timer(TimerKind::LogCleaner, ms(0));
    }

    /// `grabFilthiestCompactedLog`: the qualifying log with the highest dirty
    /// ratio (the first in partition order on a tie).
    fn filthiest_log(&self, now: u64) -> Option<(TopicPartition, Cleanable)> {
        let mut best: Option<(&TopicPartition, Cleanable)> = None;
        for (tp, p) in &self.partitions {
            let Some(c) = p.log.cleanable(now) else { continue };
            if c.qualifies(p.log.config.min_cleanable_dirty_ratio_ppm) && best.is_none_or(|(_, b)| c.dirtier_than(&b)) {
                best = Some((tp, c));
            }
        }
        best.map(|(tp, c)| (tp.clone(), c))
    }

    /// `DeleteRecords` for one partition this broker leads: the new low
    /// watermark, or Kafka's error (`Partition.deleteRecordsOnLeader`).
    pub(crate) fn delete_records(
        &mut self,
        ctx: &mut Ctx,
        tp: &TopicPartition,
        offset: Offset,
    ) -> Result<Offset, KafkaError> {
        let me = self.id;
        let p = self.partitions.get_mut(tp).filter(|p| p.role == Role::Leader).ok_or_else(|| {
            KafkaError::new(
                ErrorKind::LeaderNotAvailable,
                "There is no leader for this topic-partition as we are in the middle of a leadership election.",
            )
        })?;
        if !p.log.config.delete {
            return Err(KafkaError::new(
                ErrorKind::PolicyViolation,
                format!("Records of partition {tp} can not be deleted due to the configured policy"),
            ));
        }
        let offset = if offset == -1 { p.log.high_watermark() } else { offset };
        if offset < 0 {
            return Err(KafkaError::new(
                ErrorKind::OffsetOutOfRange,
                format!("The offset {offset} for partition {tp} is not valid"),
            ));
        }
        if let Some(removal) = p.log.delete_records(tp, offset)? {
            report_removal(ctx, me, tp, removal);
        }
        Ok(p.log.log_start_offset())
    }
}
