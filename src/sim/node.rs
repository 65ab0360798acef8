//! The sans-IO contract every simulated process follows.
//!
//! A node never sends, sleeps or prints. Its one entry point receives an input
//! and a [`Ctx`]; the node *records* effects in the context (send a message,
//! set or cancel a timer, write a trace line, report an observation for the
//! durability ledger) and the simulation performs them afterwards. This is the
//! shape of `raft-rs`'s `Ready` and openraft's engine commands: it makes every
//! handler testable by feeding one input and asserting the exact effects.

use super::ids::{BrokerId, GroupId, LeaderEpoch, Offset, TopicName, TopicPartition};
use super::messages::acks::Acks;
use super::messages::{ClientNodeId, Message, NodeId};
use super::record::RecordId;
use super::time::{SimDuration, SimTime};
use crate::sim::trace::{DisruptionCause, RemovalReason, TraceEvent};
use serde::{Deserialize, Serialize};

/// A named timer of a node. Setting a timer again replaces it; the old one is
/// recognised by its generation when it fires and ignored.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum TimerKind {
    /// Broker: send the next `BrokerHeartbeat`.
    Heartbeat,
    /// Controller: a broker's session expires (`broker.session.timeout.ms`).
    BrokerSession(BrokerId),
    /// Broker (leader side): a parked follower fetch times out (`replica.fetch.wait.max.ms`).
    FetchWait(BrokerId),
    /// Broker (follower side): fetch again from this leader after a backoff.
    FetchBackoff(BrokerId),
    /// Broker (follower side): the fetch to this leader got no answer in time.
    FetchTimeout(BrokerId),
    /// Broker: the `kafka-log-retention` task (`log.retention.check.interval.ms`).
    LogRetention,
    /// Broker (group coordinator): expire offsets of empty groups (`offsets.retention.check.interval.ms`).
    OffsetsRetention,
    /// Broker: the log cleaner thread wakes (`log.cleaner.backoff.ms` when idle).
    LogCleaner,
    /// Broker: check ISRs for lagging followers (`maybeShrinkIsr`).
    IsrCheck,
    /// Broker: the earliest delayed `acks=all` produce times out.
    ProducePurgatory,
    /// Controller: the periodic preferred-leader (imbalance) check.
    LeaderImbalanceCheck,
    /// Producer: a partition's batch lingers until `linger.ms`.
    Linger,
    /// Producer: the earliest in-flight request reaches `request.timeout.ms`.
    RequestTimeout,
    /// Producer: retry after `retry.backoff.ms`, or refresh metadata.
    Retry,
    /// Producer workload: produce the next record.
    Workload,
    /// Client: the metadata request got no answer.
    MetadataTimeout(u64),
    /// Generic per-client tick.
    Client(ClientNodeId),
    /// Broker: a parked consumer fetch times out (`fetch.max.wait.ms`).
    ConsumerFetchWait(ClientNodeId),
    /// Coordinator: a member's session expires (`session.timeout.ms`): (group, member id).
    GroupSession(Box<(GroupId, String)>),
    /// Coordinator: the join phase of a rebalance ends (initial delay or rebalance timeout).
    GroupJoin(GroupId),
    /// Consumer: the application calls `poll()` again.
    Poll,
    /// Consumer: the application finished processing the last batch.
    ProcessingDone,
    /// Consumer: send the next group `Heartbeat` (`heartbeat.interval.ms`).
    GroupHeartbeat,
    /// Consumer: a coordinator request got no answer (`request.timeout.ms`).
    CoordinatorTimeout,
}

/// What a node observed that the durability ledger must know.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Observation {
    /// A leader appended records (offsets `base..base+ids.len()`).
    LeaderAppend { tp: TopicPartition, broker: BrokerId, epoch: LeaderEpoch, base_offset: Offset, ids: Vec<RecordId> },
    /// Records left the front of a replica's log (retention, DeleteRecords,
    /// compaction): expected, never a loss.
    Removed { tp: TopicPartition, broker: BrokerId, reason: RemovalReason, ids: Vec<RecordId> },
    /// A replica removed records from the end of its log.
    Truncated { tp: TopicPartition, broker: BrokerId, to_offset: Offset, removed: Vec<RecordId> },
    /// A broker became leader of a partition.
    BecameLeader { tp: TopicPartition, broker: BrokerId, epoch: LeaderEpoch },
    /// A producer saw a record acknowledged at `offset` (-1 for acks=0).
    Acked { id: RecordId, tp: TopicPartition, offset: Offset, by: BrokerId },
    /// A producer gave up on a record.
    Failed { id: RecordId, error: String },
    /// A producer was asked to send a record.
    Produced { id: RecordId, producer: ClientNodeId, topic: TopicName, key: Option<String>, acks: Acks },
    /// An `acks=0` request reached a broker whose process was down: its
    /// records were never written (the simulation sees it; no client does).
    NeverWritten { tp: TopicPartition, broker: BrokerId, ids: Vec<RecordId> },
    /// A producer (re)sent a record.
    Sent { id: RecordId, tp: TopicPartition, attempt: u32 },
    /// A leader's high watermark moved.
    HighWatermark { tp: TopicPartition, broker: BrokerId, hw: Offset },
    /// The ISR of a partition shrank or grew (committed by the controller).
    IsrChanged { tp: TopicPartition, shrink: bool },
    /// The controller elected a leader (`unclean` when outside the ISR).
    Election { tp: TopicPartition, unclean: bool },
    /// A consumer's application finished processing a record.
    /// `from`: the consumer's position when it took the record; offsets in
    /// `[from, offset)` do not exist (the cleaner removed them).
    Processed { group: GroupId, consumer: ClientNodeId, tp: TopicPartition, from: Offset, offset: Offset, id: RecordId },
    /// A consumer's fetch position fell below the log start (`OFFSET_OUT_OF_RANGE`):
    /// it resets by `auto.offset.reset`.
    OutOfRange { group: GroupId, tp: TopicPartition, position: Offset, log_start: Offset },
    /// A consumer set its position for an assigned partition (`committed` = from the group's commit).
    PositionInitialized { group: GroupId, consumer: ClientNodeId, tp: TopicPartition, offset: Offset, committed: bool },
    /// A consumer seeked explicitly (a skip that is intended, not a loss).
    Seeked { group: GroupId, tp: TopicPartition, offset: Offset },
    /// Something that can cause redelivery or skips happened to a group (crash, kick, rebalance).
    GroupDisruption { group: GroupId, cause: DisruptionCause },
    /// The coordinator stored a committed offset (`explicit_reset` for admin resets).
    OffsetCommitted { group: GroupId, tp: TopicPartition, offset: Offset, explicit_reset: bool },
}

/// One timer standing for many deadlines: armed for the earliest, re-armed
/// when it fires. Nodes use it instead of one timer per request, so the event
/// queue does not fill with timers that are almost always cancelled
/// (Kafka's purgatory uses a timing wheel for the same reason).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeadlineTimer {
    armed: Option<SimTime>,
}

impl DeadlineTimer {
    /// Makes sure the timer fires no later than `at`.
    pub fn arm(&mut self, ctx: &mut Ctx, kind: TimerKind, at: SimTime) {
        if self.armed.is_none_or(|a| at < a) {
            self.armed = Some(at);
            ctx.set_timer(kind, at.since(ctx.now));
        }
    }

    /// To be called when the timer fires.
    pub fn fired(&mut self) {
        self.armed = None;
    }
}

/// One recorded effect.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Effect {
    Send {
        to: NodeId,
        msg: Message,
    },
    SetTimer {
        kind: TimerKind,
        after: SimDuration,
    },
    CancelTimer {
        kind: TimerKind,
    },
    /// Boxed: a trace event is larger than a message, and every effect is moved
    /// at least twice (measured: +0.9 % instructions per simulated minute unboxed).
    Trace(Box<TraceEvent>),
    Observe(Observation),
}

/// The context a node handles one input in.
pub struct Ctx {
    pub now: SimTime,
    pub effects: Vec<Effect>,
}

impl Ctx {
    pub fn new(now: SimTime) -> Ctx {
        Ctx { now, effects: Vec::new() }
    }

    pub fn send(&mut self, to: NodeId, msg: Message) {
        self.effects.push(Effect::Send { to, msg });
    }

    pub fn set_timer(&mut self, kind: TimerKind, after: SimDuration) {
        self.effects.push(Effect::SetTimer { kind, after });
    }

    pub fn cancel_timer(&mut self, kind: TimerKind) {
        self.effects.push(Effect::CancelTimer { kind });
    }

    pub fn trace(&mut self, event: TraceEvent) {
        self.effects.push(Effect::Trace(Box::new(event)));
    }

    pub fn observe(&mut self, o: Observation) {
        self.effects.push(Effect::Observe(o));
    }

    /// Current time in milliseconds (what Kafka's code calls `time.milliseconds()`).
    pub fn now_ms(&self) -> u64 {
        self.now.as_millis()
    }
}
