//! The durability ledger: what happened to every record a producer sent.
//!
//! The simulation sees everything, so it can say what no real client can:
//! which *acknowledged* records were later lost, which records were written
//! twice (one send at two offsets), and where records from the same producer
//! landed on a partition out of send order (Kafka's ordering guarantee is per
//! partition, for keyed and keyless records alike). Each loss comes with the story of
//! how it happened — "acked at t=3.1s by leader 1 (acks=1); broker 2 became
//! leader of orders-0 at t=12.0s (epoch 3) without it; truncated on broker 1 at
//! t=15.2s" — built from the observations nodes report.
//!
//! A record counts as lost when a new leader's log does not hold it at its
//! acknowledged offset (the leader's log is what every follower converges to),
//! or when a replica truncates it and the current leader lacks it.

use super::broker::partition::Role;
use super::ids::{BrokerId, LeaderEpoch, Offset, TopicPartition};
use super::messages::acks::Acks;
use super::messages::ClientNodeId;
use super::node::Observation;
use super::process::BrokerProcess;
use super::record::RecordId;
use super::record_map::RecordMap;
use super::time::SimTime;
use crate::sim::trace::{LossExplanation, RemovalReason, TraceEvent};
use crate::vecmap::VecMap;
use serde::{Deserialize, Serialize};

/// What became of one record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordStatus {
    Pending,
    Acked {
        offset: Offset,
        at: SimTime,
        by: BrokerId,
    },
    /// `at`: when the producer failed it (its callback's moment).
    Failed {
        error: String,
        at: SimTime,
    },
}

/// One sent record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub producer: ClientNodeId,
    pub key: Option<String>,
    pub acks: Acks,
    pub tp: Option<TopicPartition>,
    pub sent_at: SimTime,
    pub status: RecordStatus,
    pub lost: bool,
}

/// A lost acknowledged record and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Loss {
    pub id: RecordId,
    pub tp: TopicPartition,
    pub offset: Offset,
    pub detected_at: SimTime,
    pub explanation: LossExplanation,
}

/// The counters the UI and `sim ledger` show.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerSummary {
    pub sent: u64,
    pub acked: u64,
    pub failed: u64,
    pub acked_lost: u64,
    pub duplicated: u64,
    pub reordered: u64,
    /// Records removed by retention (`retention.ms`, `retention.bytes`).
    #[serde(default)]
    pub removed_by_retention: u64,
    /// Records removed by `kafka-delete-records`.
    #[serde(default)]
    pub removed_by_delete_records: u64,
    /// Records the cleaner removed (a later value of the key, or an expired tombstone).
    #[serde(default)]
    pub removed_by_compaction: u64,
}

/// The ledger.
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    /// Shared between clones of the simulation (rewind checkpoints) until written.
    pub entries: RecordMap<LedgerEntry>,
    acked_by_tp: VecMap<TopicPartition, VecMap<Offset, RecordId>>,
    appended: RecordMap<(BrokerId, Offset)>,
    /// Per producer and partition: acknowledged offsets by send order (record
    /// ids grow with every send), keyed or keyless records alike.
    send_order: VecMap<(ClientNodeId, TopicPartition), VecMap<RecordId, Offset>>,
    last_election: VecMap<TopicPartition, (SimTime, BrokerId, LeaderEpoch)>,
    pub summary: LedgerSummary,
    pub losses: Vec<Loss>,
}

type Brokers = VecMap<BrokerId, BrokerProcess>;

impl Ledger {
    /// Feeds one observation; returns trace lines for anything alarming.
    pub fn observe(&mut self, now: SimTime, o: &Observation, brokers: &Brokers) -> Vec<TraceEvent> {
        match o {
            Observation::Produced { id, producer, key, acks, .. } => {
                self.summary.sent += 1;
                let e = LedgerEntry {
                    producer: *producer,
                    key: key.clone(),
                    acks: *acks,
                    tp: None,
                    sent_at: now,
                    status: RecordStatus::Pending,
                    lost: false,
                };
                self.entries.insert(*id, e);
            }
            Observation::Sent { id, tp, .. } => {
                if let Some(e) = self.entries.get_mut(id) {
                    e.tp = Some(tp.clone());
                }
            }
            Observation::Failed { id, error } => {
                if let Some(e) = self.entries.get_mut(id) {
                    if e.status == RecordStatus::Pending {
                        self.summary.failed += 1;
                        e.status = RecordStatus::Failed { error: error.clone(), at: now };
                    }
                }
            }
            Observation::LeaderAppend { tp, broker, base_offset, ids, .. } => {
                return self.on_append(tp, *broker, *base_offset, ids, brokers)
            }
            Observation::Acked { id, tp, offset, by } => return self.on_ack(now, *id, tp, *offset, *by),
            Observation::NeverWritten { tp, broker, ids } => return self.on_never_written(now, tp, *broker, ids),
            Observation::BecameLeader { tp, broker, epoch } => {
                self.last_election.insert(tp.clone(), (now, *broker, *epoch));
                return self.check_leader(now, tp, *broker, brokers, None);
            }
            Observation::Removed { tp, reason, ids, .. } => self.on_removed(tp, *reason, ids),
            Observation::Truncated { tp, broker, removed, .. } if !removed.is_empty() => {
                let leader = leader_of(tp, brokers);
                if let Some(l) = leader {
                    return self.check_leader(now, tp, l, brokers, Some(*broker));
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn on_append(
        &mut self,
        tp: &TopicPartition,
        broker: BrokerId,
        base: Offset,
        ids: &[RecordId],
        brokers: &Brokers,
    ) -> Vec<TraceEvent> {
        let mut lines = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            let offset = base + i as Offset;
            if let Some((prev_broker, prev)) = self.appended.insert(*id, (broker, offset)) {
                let still_there = log_has(brokers, broker, tp, prev, *id);
                if prev != offset && still_there {
                    self.summary.duplicated += 1;
                    lines.push(TraceEvent::WrittenTwice {
                        id: *id,
                        tp: tp.clone(),
                        first: prev,
                        second: offset,
                        first_via: prev_broker,
                    });
                }
            }
        }
        lines
    }

    fn on_ack(
        &mut self,
        now: SimTime,
        id: RecordId,
        tp: &TopicPartition,
        offset: Offset,
        by: BrokerId,
    ) -> Vec<TraceEvent> {
        let Some(e) = self.entries.get_mut(&id) else { return Vec::new() };
        if e.status != RecordStatus::Pending {
            return Vec::new();
        }
        e.status = RecordStatus::Acked { offset, at: now, by };
        e.tp = Some(tp.clone());
        self.summary.acked += 1;
        if offset < 0 {
            return Vec::new();
        }
        match self.acked_by_tp.get_mut(tp) {
            Some(m) => {
                m.insert(offset, id);
            }
            None => {
                self.acked_by_tp.insert(tp.clone(), VecMap::from([(offset, id)]));
            }
        }
        // Kafka's ordering guarantee is per partition (keyed or not): compare
        // this producer's send order with the log order on `tp`.
        let order = self.send_order.entry((e.producer, tp.clone())).or_default();
        let before = order.range(..id).next_back().map(|(_, o)| *o);
        let after = order.range(id..).next().map(|(_, o)| *o);
        order.insert(id, offset);
        if before.is_some_and(|b| b > offset) || after.is_some_and(|a| a < offset) {
            self.summary.reordered += 1;
            return vec![TraceEvent::Reordered { key: e.key.clone(), tp: tp.clone(), offset }];
        }
        Vec::new()
    }

    /// `acks=0` records the producer counted as sent that reached a dead
    /// broker: acknowledged (as far as the client knows) and lost.
    fn on_never_written(
        &mut self,
        now: SimTime,
        tp: &TopicPartition,
        broker: BrokerId,
        ids: &[RecordId],
    ) -> Vec<TraceEvent> {
        let mut lines = Vec::new();
        for id in ids {
            let Some(e) = self.entries.get_mut(id) else { continue };
            if e.lost || !matches!(e.status, RecordStatus::Acked { .. }) {
                continue;
            }
            e.lost = true;
            self.summary.acked_lost += 1;
            let explanation = LossExplanation::NeverWritten { sent_at: e.sent_at, broker };
            lines.push(TraceEvent::AckedRecordLost { tp: tp.clone(), offset: -1, explanation: explanation.clone() });
            self.losses.push(Loss { id: *id, tp: tp.clone(), offset: -1, detected_at: now, explanation });
        }
        lines
    }

    /// Records left the front of a log: counted once each (the first replica
    /// to drop them), then forgotten (no longer checked for loss, and the
    /// ledger's memory stays bounded when a topic has retention).
    fn on_removed(&mut self, tp: &TopicPartition, reason: RemovalReason, ids: &[RecordId]) {
        for id in ids {
            let Some(e) = self.entries.get(id) else { continue };
            if e.lost || !matches!(e.status, RecordStatus::Acked { .. }) {
                continue;
            }
            let e = self.entries.remove(id).expect("just found");
            self.appended.remove(id);
            if let Some(order) = self.send_order.get_mut(&(e.producer, tp.clone())) {
                order.remove(id);
            }
            match reason {
                RemovalReason::RetentionTime | RemovalReason::RetentionSize => self.summary.removed_by_retention += 1,
                RemovalReason::DeleteRecords | RemovalReason::LogStartOffset => {
                    self.summary.removed_by_delete_records += 1
                }
                RemovalReason::Compaction => self.summary.removed_by_compaction += 1,
            }
            if let (RecordStatus::Acked { offset, .. }, Some(m)) = (&e.status, self.acked_by_tp.get_mut(tp)) {
                m.remove(offset);
            }
        }
    }

    /// A deleted topic takes its records with it: they are no longer tracked
    /// (a topic created again under the same name starts empty, not "lost").
    pub fn forget_topic(&mut self, topic: &str) {
        self.acked_by_tp.retain(|tp, _| tp.topic.as_str() != topic);
        self.last_election.retain(|tp, _| tp.topic.as_str() != topic);
        self.send_order.retain(|(_, tp), _| tp.topic.as_str() != topic);
    }

    /// Finds acknowledged records of `tp` that the leader `leader` lacks.
    fn check_leader(
        &mut self,
        now: SimTime,
        tp: &TopicPartition,
        leader: BrokerId,
        brokers: &Brokers,
        truncated_on: Option<BrokerId>,
    ) -> Vec<TraceEvent> {
        let Some(acked) = self.acked_by_tp.get(tp) else { return Vec::new() };
        let missing: Vec<(Offset, RecordId)> =
            acked.iter().filter(|(o, id)| !log_has(brokers, leader, tp, **o, **id)).map(|(o, id)| (*o, *id)).collect();
        let mut lines = Vec::new();
        for (offset, id) in missing {
            let Some(e) = self.entries.get_mut(&id) else { continue };
            if e.lost {
                continue;
            }
            e.lost = true;
            self.summary.acked_lost += 1;
            let explanation = self.explain(now, tp, id, leader, truncated_on);
            lines.push(TraceEvent::AckedRecordLost { tp: tp.clone(), offset, explanation: explanation.clone() });
            self.losses.push(Loss { id, tp: tp.clone(), offset, detected_at: now, explanation });
        }
        if let Some(a) = self.acked_by_tp.get_mut(tp) {
            a.retain(|_, id| !self.entries.get(id).is_some_and(|e| e.lost));
        }
        lines
    }

    fn explain(
        &self,
        now: SimTime,
        tp: &TopicPartition,
        id: RecordId,
        leader: BrokerId,
        truncated_on: Option<BrokerId>,
    ) -> LossExplanation {
        let e = &self.entries[&id];
        let acked = match &e.status {
            RecordStatus::Acked { at, by, .. } => Some((*at, *by, e.acks)),
            _ => None,
        };
        LossExplanation::Missing {
            acked,
            election: self.last_election.get(tp).copied(),
            tp: tp.clone(),
            leader,
            truncated: truncated_on.map(|t| (t, now)),
        }
    }
}

fn leader_of(tp: &TopicPartition, brokers: &Brokers) -> Option<BrokerId> {
    brokers.iter().find_map(|(b, p)| match p {
        BrokerProcess::Running(br) if br.partitions.get(tp).is_some_and(|p| p.role == Role::Leader) => Some(*b),
        _ => None,
    })
}

fn log_has(brokers: &Brokers, broker: BrokerId, tp: &TopicPartition, offset: Offset, id: RecordId) -> bool {
    let log = match brokers.get(&broker) {
        Some(BrokerProcess::Running(br)) => br.partitions.get(tp).map(|p| &p.log),
        Some(BrokerProcess::Crashed(d)) | Some(BrokerProcess::Stopped(d)) => d.get(tp),
        None => None,
    };
    log.and_then(|l| l.get(offset)).is_some_and(|r| r.id == id)
}
