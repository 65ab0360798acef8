//! One partition replica on a broker: its role, and on the leader the state of
//! every follower, the ISR and the high watermark.
//!
//! Kafka's rules (source `core/src/main/scala/kafka/cluster/Partition.scala`
//! and `Replica.scala`, Kafka 4.0):
//! - **HW**: the minimum LEO over the leader and every replica in the *maximal*
//!   ISR (the committed ISR plus a pending AlterPartition's additions, KIP-497);
//!   it only moves forward, and since 3.7 never while the committed ISR is
//!   smaller than `min(min.insync.replicas, RF)` (KAFKA-15583).
//! - **Caught up**: a follower whose LEO equals the leader's, or that was caught
//!   up within `replica.lag.time.max.ms` (`lastCaughtUpTimeMs`, updated on each
//!   fetch by `updateFetchStateOrThrow`).
//! - **Shrink**: ISR followers that are not caught up leave the ISR.
//! - **Expand**: a follower joins once its LEO reaches both the HW and the
//!   start offset of the leader's current epoch (KIP-320 rule 4).

use super::log::PartitionLog;
use crate::sim::ids::{BrokerId, LeaderEpoch, Offset, TopicPartition, UNDEFINED_OFFSET};
use crate::sim::metadata::PartitionState;
use crate::vecmap::VecMap;

/// What this broker is for the partition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// No leader known (offline partition, or metadata not yet received).
    Offline,
    Leader,
    Follower(BrokerId),
}

/// The leader's view of one follower (Kafka's `Replica` state).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FollowerState {
    /// The follower's LEO as of its last fetch; -1 when unknown.
    pub leo: Offset,
    pub last_caught_up_ms: u64,
    pub last_fetch_leader_leo: Offset,
    pub last_fetch_ms: u64,
    /// The HW last sent to this follower (incremental fetch sessions).
    pub last_sent_hw: Offset,
    /// The log start offset last sent to this follower.
    pub last_sent_log_start: Offset,
}

/// A replica of one partition on this broker.
#[derive(Clone, Debug)]
pub struct Partition {
    pub tp: TopicPartition,
    pub log: PartitionLog,
    pub role: Role,
    pub leader_epoch: LeaderEpoch,
    pub partition_epoch: u32,
    pub replicas: Vec<BrokerId>,
    /// The committed ISR (as of the last metadata this broker applied).
    pub isr: Vec<BrokerId>,
    /// An ISR change sent to the controller and not yet committed.
    pub pending_isr: Option<Vec<BrokerId>>,
    pub followers: VecMap<BrokerId, FollowerState>,
    /// The LEO when this broker became leader in `leader_epoch`.
    pub epoch_start_offset: Offset,
    /// The topic's `min.insync.replicas`, as of the last metadata applied.
    pub min_insync_replicas: u32,
}

impl Partition {
    pub fn new(tp: TopicPartition, log: PartitionLog) -> Partition {
        Partition {
            tp,
            log,
            role: Role::Offline,
            leader_epoch: LeaderEpoch::UNDEFINED,
            partition_epoch: 0,
            replicas: Vec::new(),
            isr: Vec::new(),
            pending_isr: None,
            followers: VecMap::new(),
            epoch_start_offset: 0,
            min_insync_replicas: 1,
        }
    }

    /// Kafka's `makeLeader`: record the new epoch in the cache and reset
    /// follower state (`resetReplicaState`).
    pub fn make_leader(&mut self, me: BrokerId, state: &PartitionState, now_ms: u64) {
        let leo = self.log.log_end_offset();
        let _ = self.log.epochs.assign(state.leader_epoch, leo);
        self.role = Role::Leader;
        self.leader_epoch = state.leader_epoch;
        self.epoch_start_offset = leo;
        self.apply_state(state);
        self.followers = state
            .replicas
            .iter()
            .filter(|r| **r != me)
            .map(|r| {
                let caught_up = if state.isr.contains(r) { now_ms } else { 0 };
                let f = FollowerState {
                    leo: UNDEFINED_OFFSET,
                    last_caught_up_ms: caught_up,
                    last_fetch_leader_leo: UNDEFINED_OFFSET,
                    last_fetch_ms: 0,
                    last_sent_hw: UNDEFINED_OFFSET,
                    last_sent_log_start: UNDEFINED_OFFSET,
                };
                (*r, f)
            })
            .collect();
    }

    /// Kafka's `makeFollower`. Truncation happens later, driven by the fetch
    /// response's diverging epoch (KIP-320), never to the local HW.
    pub fn make_follower(&mut self, state: &PartitionState) {
        self.role = match state.leader {
            Some(l) => Role::Follower(l),
            None => Role::Offline,
        };
        self.leader_epoch = state.leader_epoch;
        self.apply_state(state);
        self.followers.clear();
    }

    /// Takes the committed replicas, ISR and partition epoch from metadata.
    pub fn apply_state(&mut self, state: &PartitionState) {
        self.replicas = state.replicas.clone();
        self.isr = state.isr.clone();
        self.partition_epoch = state.partition_epoch;
        self.pending_isr = None;
    }

    /// The committed ISR plus pending additions (KIP-497 `maximalIsr`).
    pub fn maximal_isr(&self) -> Vec<BrokerId> {
        let mut m = self.isr.clone();
        if let Some(p) = &self.pending_isr {
            m.extend(p.iter().filter(|b| !self.isr.contains(b)));
        }
        m
    }

    /// `isUnderMinIsr`: committed ISR smaller than `min(min.insync.replicas, RF)`.
    pub fn is_under_min_isr(&self, min_insync_replicas: u32) -> bool {
        let effective = min_insync_replicas.min(self.replicas.len() as u32);
        (self.isr.len() as u32) < effective
    }

    /// `Replica.updateFetchStateOrThrow` on a follower fetch at `fetch_offset`.
    pub fn update_follower_fetch(&mut self, follower: BrokerId, fetch_offset: Offset, now_ms: u64) {
        let leader_leo = self.log.log_end_offset();
        let Some(f) = self.followers.get_mut(&follower) else { return };
        if fetch_offset >= leader_leo {
            f.last_caught_up_ms = f.last_caught_up_ms.max(now_ms);
        } else if fetch_offset >= f.last_fetch_leader_leo {
            f.last_caught_up_ms = f.last_caught_up_ms.max(f.last_fetch_ms);
        }
        f.leo = fetch_offset;
        f.last_fetch_leader_leo = leader_leo.max(f.last_fetch_leader_leo);
        f.last_fetch_ms = now_ms;
    }

    /// `isCaughtUp`: at the leader's LEO, or caught up within `lag_ms`.
    pub fn is_caught_up(&self, follower: BrokerId, now_ms: u64, lag_ms: u64) -> bool {
        let leader_leo = self.log.log_end_offset();
        self.followers
            .get(&follower)
            .is_some_and(|f| f.leo == leader_leo || now_ms.saturating_sub(f.last_caught_up_ms) <= lag_ms)
    }

    /// `maybeIncrementLeaderHW`; returns whether the HW moved.
    pub fn maybe_increment_high_watermark(&mut self, min_insync_replicas: u32) -> bool {
        if self.role != Role::Leader || self.is_under_min_isr(min_insync_replicas) {
            return false;
        }
        let mut new_hw = self.log.log_end_offset();
        let pending = self.pending_isr.iter().flatten();
        for b in self.isr.iter().chain(pending) {
            if let Some(f) = self.followers.get(b) {
                new_hw = new_hw.min(f.leo);
            }
        }
        new_hw >= 0 && self.log.maybe_increment_high_watermark(new_hw)
    }

    /// ISR followers to drop (`getOutOfSyncReplicas`).
    pub fn out_of_sync_followers(&self, now_ms: u64, lag_ms: u64) -> Vec<BrokerId> {
        self.isr
            .iter()
            .copied()
            .filter(|b| self.followers.contains_key(b) && !self.is_caught_up(*b, now_ms, lag_ms))
            .collect()
    }

    /// `isFollowerInSync` for expansion: LEO ≥ HW and ≥ the epoch start offset.
    pub fn can_join_isr(&self, follower: BrokerId) -> bool {
        !self.isr.contains(&follower)
            && !self.pending_isr.as_ref().is_some_and(|p| p.contains(&follower))
            && self
                .followers
                .get(&follower)
                .is_some_and(|f| f.leo >= self.log.high_watermark() && f.leo >= self.epoch_start_offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::ids::{ProducerEpoch, ProducerId};
    use crate::sim::record::{Record, RecordData, RecordId};
    use std::rc::Rc;

    const L: BrokerId = BrokerId(1);
    const R1: BrokerId = BrokerId(2);
    const R2: BrokerId = BrokerId(3);

    fn leader_with(records: i64, epoch: i32, replicas: &[BrokerId], isr: &[BrokerId], now: u64) -> Partition {
        let mut p = Partition::new(TopicPartition::new("t", 0), PartitionLog::new());
        append(&mut p, records, epoch);
        let state = PartitionState {
            replicas: replicas.to_vec(),
            isr: isr.to_vec(),
            leader: Some(L),
            leader_epoch: LeaderEpoch(epoch),
            partition_epoch: 1,
            recovering: false,
        };
        p.make_leader(L, &state, now);
        p
    }

    fn append(p: &mut Partition, n: i64, epoch: i32) {
        let base = p.log.log_end_offset();
        let data = Rc::new(RecordData { key: None, value: Some("v".into()), headers: vec![] });
        let recs = (0..n)
            .map(|i| Record {
                offset: base + i,
                batch_base_offset: base,
                leader_epoch: LeaderEpoch(epoch),
                timestamp_ms: 0,
                producer_id: ProducerId::NONE,
                producer_epoch: ProducerEpoch::NONE,
                sequence: -1,
                id: RecordId((base + i) as u64),
                data: data.clone(),
            })
            .collect();
        p.log.append(recs);
    }

    /// PartitionTest.testMaybeShrinkIsr.
    #[test]
    fn shrink_after_lag_time_and_hw_follows() {
        let mut p = leader_with(10, 5, &[L, R1, R2], &[L, R1, R2], 0);
        p.update_follower_fetch(R1, 10, 0);
        assert!(p.out_of_sync_followers(0, 30_000).is_empty(), "R2 counts as caught up at init");
        assert!(!p.maybe_increment_high_watermark(1), "R2's LEO is unknown: HW stays 0");
        assert_eq!(p.out_of_sync_followers(30_001, 30_000), vec![R2]);
        p.isr = vec![L, R1];
        assert!(p.maybe_increment_high_watermark(1));
        assert_eq!(p.log.high_watermark(), 10);
    }

    /// PartitionTest.testHighWatermarkAdvanceShouldNotAdvanceWhenUnderMinISR.
    #[test]
    fn hw_frozen_under_min_isr() {
        let mut p = leader_with(10, 5, &[L, R1, R2], &[L, R1], 0);
        assert!(p.is_under_min_isr(3));
        p.update_follower_fetch(R1, 10, 1);
        p.update_follower_fetch(R2, 10, 1);
        p.pending_isr = Some(vec![L, R1, R2]);
        assert!(!p.maybe_increment_high_watermark(3));
        assert_eq!(p.log.high_watermark(), 0);
        p.isr = vec![L, R1, R2];
        p.pending_isr = None;
        assert!(p.maybe_increment_high_watermark(3));
        assert_eq!(p.log.high_watermark(), 10);
    }

    /// PartitionTest.testShouldNotShrinkIsrIfPreviousFetchIsCaughtUp.
    #[test]
    fn previous_fetch_counts_as_caught_up() {
        let mut p = leader_with(10, 5, &[L, R1], &[L, R1], 0);
        p.update_follower_fetch(R1, 5, 5_000);
        assert_eq!(p.followers[&R1].last_caught_up_ms, 0);
        assert!(p.maybe_increment_high_watermark(1));
        assert_eq!(p.log.high_watermark(), 5);
        append(&mut p, 5, 5);
        p.update_follower_fetch(R1, 10, 10_001);
        assert_eq!(p.followers[&R1].last_caught_up_ms, 5_000);
        assert!(p.out_of_sync_followers(10_001, 30_000).is_empty());
    }

    /// PartitionTest.testShouldNotShrinkIsrIfFollowerCaughtUpToLogEnd.
    #[test]
    fn follower_at_log_end_never_shrinks() {
        let mut p = leader_with(10, 5, &[L, R1], &[L, R1], 0);
        p.update_follower_fetch(R1, 10, 0);
        assert!(p.out_of_sync_followers(30_001, 30_000).is_empty());
    }

    /// PartitionTest.testIsrExpansion and
    /// testFollowerDoesNotJoinISRUntilCaughtUpToOffsetWithinCurrentLeaderEpoch.
    #[test]
    fn expansion_needs_hw_and_epoch_start() {
        let mut p = leader_with(10, 5, &[L, R1], &[L], 0);
        p.update_follower_fetch(R1, 3, 1);
        assert!(!p.can_join_isr(R1));
        p.update_follower_fetch(R1, 10, 2);
        assert!(p.can_join_isr(R1));
        // Epoch start: a new epoch starting at LEO 10, HW behind it.
        let mut q = leader_with(5, 8, &[L, R1, R2], &[L, R2], 0);
        q.update_follower_fetch(R2, 1, 0);
        assert!(q.maybe_increment_high_watermark(1));
        let state = PartitionState {
            replicas: vec![L, R1, R2],
            isr: vec![L, R2],
            leader: Some(L),
            leader_epoch: LeaderEpoch(10),
            partition_epoch: 3,
            recovering: false,
        };
        q.make_leader(L, &state, 0);
        append(&mut q, 2, 10);
        q.update_follower_fetch(R1, 1, 1);
        assert!(!q.can_join_isr(R1), "LEO 1 ≥ HW 1 but < epoch start 5");
        q.update_follower_fetch(R1, 5, 2);
        assert!(q.can_join_isr(R1));
    }

    /// PartitionTest.testIsUnderMinIsr / testAtMinIsr.
    #[test]
    fn under_min_isr_uses_effective_min() {
        let p = leader_with(0, 0, &[L, R1], &[L, R1], 0);
        assert!(!p.is_under_min_isr(2));
        let q = leader_with(0, 0, &[L, R1], &[L], 0);
        assert!(q.is_under_min_isr(2));
        let r = leader_with(0, 0, &[L], &[L], 0);
        assert!(!r.is_under_min_isr(3), "min(min.insync.replicas, RF) = 1");
    }
}
