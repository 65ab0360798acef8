//! Partition changes: ISR updates and leader elections, as one builder.
//!
//! Mirrors `PartitionChangeBuilder.build()`: given a target ISR and an election
//! type, elect a leader ([`super::election`]), bump the leader epoch only when
//! the leader changes (an ISR change alone never bumps it in MV ≥ 3.6), bump the
//! partition epoch on any change, and after an unclean election set ISR =
//! [leader] with `leaderRecoveryState = RECOVERING`. The ISR is never emptied:
//! fencing the last ISR member leaves it there with no leader, so the partition
//! comes back when that broker does (KRaft without ELR).
//! Also here: AlterPartition validation (`ReplicationControlManager.alterPartition`),
//! controlled shutdown, unfencing, and the preferred-leader imbalance check.

use super::election::{elect_leader, ElectionType};
use super::Controller;
use crate::sim::ids::{BrokerId, LeaderEpoch, TopicPartition};
use crate::sim::messages::ErrorCode;
use crate::sim::metadata::{MetadataRecord, PartitionState};
use crate::sim::node::{Ctx, Observation};
use crate::sim::trace::{PartitionChangeReason, TraceEvent};
use crate::vecmap::VecMap;

impl Controller {
    /// Applies a target ISR and an election to `tp`; appends a record if anything
    /// changed. Returns whether it did.
    pub(crate) fn change_partition(
        &mut self,
        ctx: &mut Ctx,
        tp: &TopicPartition,
        target_isr: Vec<BrokerId>,
        election: ElectionType,
        reason: PartitionChangeReason,
    ) -> bool {
        let Some(old) = self.image.partition(tp).cloned() else { return false };
        let unclean_allowed = self.image.topic_config(&tp.topic).is_some_and(|c| c.unclean_leader_election_enable);
        let election =
            if election == ElectionType::Online && unclean_allowed { ElectionType::Unclean } else { election };
        let image = &self.image;
        let acceptable = |b: BrokerId| image.is_active(b);
        let result = elect_leader(&old.replicas, &target_isr, old.leader, &acceptable, election);
        let mut new = old.clone();
        new.isr = if result.unclean {
            vec![result.leader.expect("unclean election has a leader")]
        } else if target_isr.is_empty() {
            old.isr.clone()
        } else {
            target_isr
        };
        // Simplification: Kafka's leader reports RECOVERED in an AlterPartition once
        // it has recovered its log; here recovery ends with the first ISR expansion.
        new.recovering = result.unclean || (old.recovering && new.isr.len() <= old.isr.len());
        new.leader = result.leader;
        if new.leader != old.leader {
            new.leader_epoch = LeaderEpoch(old.leader_epoch.0 + 1);
        }
        if new == old {
            return false;
        }
        new.partition_epoch = old.partition_epoch + 1;
        self.record_partition_change(ctx, tp, &old, &new, result.unclean, reason);
        true
    }

    fn record_partition_change(
        &mut self,
        ctx: &mut Ctx,
        tp: &TopicPartition,
        old: &PartitionState,
        new: &PartitionState,
        unclean: bool,
        reason: PartitionChangeReason,
    ) {
        let leader = (new.leader != old.leader).then_some((old.leader, new.leader, new.leader_epoch));
        if leader.is_some() && new.leader.is_some() {
            ctx.observe(Observation::Election { tp: tp.clone(), unclean });
        }
        if new.isr.len() != old.isr.len() {
            ctx.observe(Observation::IsrChanged { tp: tp.clone(), shrink: new.isr.len() < old.isr.len() });
        }
        ctx.trace(TraceEvent::PartitionChanged {
            tp: tp.clone(),
            reason,
            leader,
            isr: new.isr.clone(),
            unclean,
            offline: new.leader.is_none(),
        });
        self.append(MetadataRecord::Partition { tp: tp.clone(), state: new.clone() });
    }

    /// Fencing or controlled shutdown: take `b` out of every ISR and leadership.
    pub(crate) fn remove_from_isrs_and_leadership(
        &mut self,
        ctx: &mut Ctx,
        b: BrokerId,
        reason: PartitionChangeReason,
    ) {
        let affected: Vec<(TopicPartition, Vec<BrokerId>)> = self
            .image
            .partitions()
            .filter(|(_, p)| p.isr.contains(&b) || p.leader == Some(b))
            .map(|(tp, p)| (tp, p.isr.iter().copied().filter(|r| *r != b).collect()))
            .collect();
        for (tp, isr) in affected {
            self.change_partition(ctx, &tp, isr, ElectionType::Online, reason.clone());
        }
    }

    /// KRaft `handleBrokerUnfenced`: elect leaders for partitions without one.
    pub(crate) fn on_broker_unfenced(&mut self, ctx: &mut Ctx, b: BrokerId) {
        let offline: Vec<(TopicPartition, Vec<BrokerId>)> = self
            .image
            .partitions()
            .filter(|(_, p)| p.leader.is_none() && p.replicas.contains(&b))
            .map(|(tp, p)| (tp, p.isr.clone()))
            .collect();
        for (tp, isr) in offline {
            self.change_partition(ctx, &tp, isr, ElectionType::Online, PartitionChangeReason::BrokerUnfenced(b));
        }
    }

    /// Handles a heartbeat with `wantShutDown`; true once `b` may stop.
    pub(crate) fn controlled_shutdown(&mut self, ctx: &mut Ctx, b: BrokerId, broker_offset: u64) -> bool {
        let in_shutdown = self.image.brokers.get(&b).is_some_and(|r| r.in_controlled_shutdown);
        if !in_shutdown {
            ctx.trace(TraceEvent::ControlledShutdownRequested(b));
            self.append(MetadataRecord::BrokerShuttingDown { broker: b });
            self.remove_from_isrs_and_leadership(ctx, b, PartitionChangeReason::BrokerInControlledShutdown(b));
            self.shutdown_offset.insert(b, self.image.offset);
        }
        let leads_nothing = !self.image.partitions().any(|(_, p)| p.leader == Some(b));
        // The broker may stop once it has seen every record that moved its leaderships.
        leads_nothing && broker_offset >= self.shutdown_offset.get(&b).copied().unwrap_or(0)
    }

    /// `AlterPartition` from the leader `b`: validate, then commit the new ISR.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn alter_partition(
        &mut self,
        ctx: &mut Ctx,
        b: BrokerId,
        broker_epoch: u64,
        tp: &TopicPartition,
        leader_epoch: LeaderEpoch,
        partition_epoch: u32,
        new_isr: Vec<BrokerId>,
    ) -> Option<ErrorCode> {
        if self.image.brokers.get(&b).is_none_or(|r| r.broker_epoch != broker_epoch) {
            return Some(ErrorCode::StaleBrokerEpoch);
        }
        let Some(p) = self.image.partition(tp).cloned() else { return Some(ErrorCode::UnknownTopicOrPartition) };
        if p.leader != Some(b) {
            return Some(ErrorCode::NotLeaderOrFollower);
        }
        if leader_epoch != p.leader_epoch {
            return Some(ErrorCode::FencedLeaderEpoch);
        }
        if partition_epoch != p.partition_epoch {
            return Some(ErrorCode::InvalidUpdateVersion);
        }
        let added_ineligible = new_isr.iter().any(|r| !p.isr.contains(r) && !self.image.is_active(*r));
        if added_ineligible || !new_isr.contains(&b) {
            return Some(ErrorCode::IneligibleReplica);
        }
        let shrink = new_isr.len() < p.isr.len();
        let reason = if shrink {
            PartitionChangeReason::LeaderShrinksIsr(b)
        } else {
            PartitionChangeReason::LeaderExpandsIsr(b)
        };
        self.change_partition(ctx, tp, new_isr, ElectionType::Online, reason);
        None
    }

    /// The periodic preferred-leader check (`auto.leader.rebalance.enable`):
    /// a broker whose share of non-preferred leaderships exceeds
    /// `leader.imbalance.per.broker.percentage` gets its partitions back.
    pub(crate) fn check_leader_imbalance(&mut self, ctx: &mut Ctx) {
        let mut per_broker: VecMap<BrokerId, (u32, u32)> = Default::default();
        for (_, p) in self.image.partitions() {
            if let Some(&preferred) = p.replicas.first() {
                let e = per_broker.entry(preferred).or_default();
                e.0 += 1;
                if p.leader != Some(preferred) {
                    e.1 += 1;
                }
            }
        }
        let pct = self.config.leader_imbalance_per_broker_percentage;
        for (broker, (total, not_led)) in per_broker {
            if not_led * 100 > total * pct && self.image.is_active(broker) {
                self.elect_preferred(ctx, Some(broker), PartitionChangeReason::AutoLeaderRebalance);
            }
        }
    }

    /// Preferred election for partitions whose preferred replica is `only` (or all).
    /// Returns the partitions whose leader changed.
    pub(crate) fn elect_preferred(
        &mut self,
        ctx: &mut Ctx,
        only: Option<BrokerId>,
        reason: PartitionChangeReason,
    ) -> Vec<TopicPartition> {
        let candidates: Vec<(TopicPartition, Vec<BrokerId>)> = self
            .image
            .partitions()
            .filter(|(_, p)| p.replicas.first().is_some_and(|f| only.is_none_or(|o| o == *f) && p.leader != Some(*f)))
            .map(|(tp, p)| (tp, p.isr.clone()))
            .collect();
        let mut changed = Vec::new();
        for (tp, isr) in candidates {
            if self.change_partition(ctx, &tp, isr, ElectionType::Preferred, reason.clone()) {
                changed.push(tp);
            }
        }
        changed
    }
}
