//! The trace in English: byte for byte the lines the core wrote before the
//! trace was typed (the golden transcripts pin them).

use super::trace_fmt::{brokers, config_map, partitions, string_list};
use crate::sim::trace::{
    CoordinatorLoss, DisruptionCause, LeaveReason, LossExplanation, MemberRemoval, PartitionChangeReason,
    RebalanceReason, RemovalReason, TraceEvent as E,
};

/// `event` in English.
pub(super) fn render(event: &E) -> String {
    lifecycle(event)
        .or_else(|| controller(event))
        .or_else(|| group(event))
        .or_else(|| consumer(event))
        .or_else(|| producer_and_ledger(event))
        .unwrap_or_default()
}

fn lifecycle(event: &E) -> Option<String> {
    Some(match event {
        E::Command(c) => c.describe(),
        E::BrokerCrashed(b) => format!("broker {b} crashed"),
        E::BrokerStarted(b) => format!("broker {b} started"),
        E::BrokerStopped(b) => format!("broker {b} stopped"),
        E::ConsumerKilled(c) => format!("consumer {c} killed"),
        E::ControlledShutdownBegins(b) => format!("broker {b} begins controlled shutdown"),
        E::ControlledShutdownCompleted(b) => format!("broker {b} completed controlled shutdown"),
        E::BecameLeader { broker, tp, epoch, leo } => {
            format!("broker {broker} is now leader of {tp} (epoch {epoch}, LEO {leo})")
        }
        E::Truncated { broker, tp, to, epoch, epoch_end, removed } => format!(
            "broker {broker} truncates {tp} to offset {to} (diverging epoch {epoch} ends at {epoch_end}), removing {removed} record(s)"
        ),
        E::ShrinkIsr { leader, tp, out, lag_ms } => format!(
            "leader {leader} of {tp}: follower(s) {} not caught up for {lag_ms} ms → shrink ISR",
            brokers(out)
        ),
        E::SegmentsDeleted { broker, tp, reason, segments, records, log_start } => match reason {
            RemovalReason::DeleteRecords => format!(
                "broker {broker}: log start offset of {tp} moves to {log_start} (DeleteRecords), {records} record(s) no longer readable"
            ),
            _ => format!(
                "broker {broker} deletes {segments} segment(s) of {tp} ({}), {records} record(s); log start offset {log_start}",
                removal_reason(*reason)
            ),
        },
        E::LogCleaned { broker, tp, first_dirty, end, removed, dirty_ratio_ppm } => format!(
            "log cleaner on broker {broker} compacts {tp} [{first_dirty}, {end}) (dirty ratio {}%): {removed} record(s) removed, offsets unchanged",
            dirty_ratio_ppm / 10_000
        ),
        _ => return None,
    })
}

/// Why segments went, in English.
pub(super) fn removal_reason(r: RemovalReason) -> &'static str {
    match r {
        RemovalReason::RetentionTime => "retention.ms",
        RemovalReason::RetentionSize => "retention.bytes",
        RemovalReason::LogStartOffset => "below the log start offset",
        RemovalReason::DeleteRecords => "DeleteRecords",
        RemovalReason::Compaction => "compaction",
    }
}

fn partition_reason(r: &PartitionChangeReason) -> String {
    use PartitionChangeReason as R;
    match r {
        R::BrokerFenced(b) => format!("broker {b} fenced"),
        R::BrokerInControlledShutdown(b) => format!("broker {b} in controlled shutdown"),
        R::BrokerUnfenced(b) => format!("broker {b} unfenced"),
        R::LeaderShrinksIsr(b) => format!("leader {b} shrinks ISR"),
        R::LeaderExpandsIsr(b) => format!("leader {b} expands ISR"),
        R::AutoLeaderRebalance => "auto leader rebalance".to_string(),
        R::LeaderElection => "leader election".to_string(),
        R::LeaderElectionTool => "kafka-leader-election".to_string(),
    }
}

fn leader_id(l: Option<crate::sim::ids::BrokerId>) -> String {
    l.map_or("none".to_string(), |b| b.0.to_string())
}

fn controller(event: &E) -> Option<String> {
    Some(match event {
        E::PartitionChanged { tp, reason, leader, isr, unclean, offline } => {
            let mut text = format!("{tp} ({}):", partition_reason(reason));
            if let Some((old, new, epoch)) = leader {
                text += &format!(" leader {} → {}, epoch {epoch},", leader_id(*old), leader_id(*new));
            }
            text += &format!(" ISR {}", brokers(isr));
            if *unclean {
                text += " — UNCLEAN election: a replica outside the ISR leads; records it lacks are lost";
            } else if *offline {
                text += " — offline: no live in-sync replica";
            }
            text
        }
        E::ControlledShutdownRequested(b) => {
            format!("broker {b} asked for controlled shutdown → moving its leaderships away")
        }
        E::RegistrationRefused(b) => {
            format!("broker {b} registration refused: previous incarnation still has a session")
        }
        E::Registered { broker, broker_epoch } => {
            format!("broker {broker} registered with broker epoch {broker_epoch} (fenced until caught up)")
        }
        E::Unfenced(b) => format!("broker {b} caught up with the metadata log → unfenced"),
        E::Fenced { broker, timeout_ms: t } => {
            format!("broker {broker} missed heartbeats for {}.{} s → fenced", t / 1000, t % 1000 / 100)
        }
        E::BrokerConfigs { broker: Some(b), configs } => {
            format!("broker {b} dynamic configs now {}", config_map(configs))
        }
        E::BrokerConfigs { broker: None, configs } => {
            format!("cluster-wide default broker configs now {}", config_map(configs))
        }
        E::TopicCreated { name, partitions, replication_factor } => {
            format!("created topic {name} with {partitions} partition(s), replication factor {replication_factor}")
        }
        E::TopicCreateFailed { name, message } => format!("could not create {name}: {message}"),
        E::TopicDeleted(t) => format!("deleted topic {t}"),
        E::PartitionsAdded { topic, from, to } => format!("topic {topic}: {from} → {to} partitions"),
        E::TopicConfigs { topic, overrides } => format!("topic {topic} configs now {}", config_map(overrides)),
        _ => return None,
    })
}

pub(super) fn removal(why: &MemberRemoval) -> String {
    match why {
        MemberRemoval::SessionTimeout { ms } => format!("session timeout ({ms} ms without a heartbeat)"),
        MemberRemoval::Left => "left the group (LeaveGroup)".to_string(),
    }
}

fn rebalance(why: &RebalanceReason) -> String {
    use RebalanceReason as R;
    match why {
        R::NewStaticMember => "a new static member joined".to_string(),
        R::StaticMemberNewMetadata => "a static member rejoined with new metadata".to_string(),
        R::MemberJoined(m) => format!("member {m} joined"),
        R::MemberMetadataChanged => "member metadata changed".to_string(),
        R::LeaderRejoined => "the leader rejoined".to_string(),
        R::MemberRemoved { member, why } => format!("member {member} {}", removal(why)),
    }
}

/// A group ledger cause in English.
pub(super) fn cause(c: &DisruptionCause) -> String {
    use DisruptionCause as C;
    match c {
        C::Unknown => "unknown".to_string(),
        C::Rebalance(why) => format!("rebalance: {}", rebalance(why)),
        C::MemberRemoved { member, why } => format!("member {member} {}", removal(why)),
        C::ConsumerCrashed(c) => format!("consumer {c} crashed"),
        C::PollTimeoutExceeded(c) => format!("consumer {c} exceeded max.poll.interval.ms"),
        C::Seek { tp, offset } => format!("seek of {tp} to {offset}"),
        C::OffsetsReset { tp, offset } => format!("offsets of {tp} reset to {offset}"),
    }
}

fn or_dash(t: &str) -> &str {
    if t.is_empty() {
        "-"
    } else {
        t
    }
}

fn group(event: &E) -> Option<String> {
    Some(match event {
        E::InconsistentProtocol { group, client, offered_type, offered, group_type, group_protocols } => format!(
            "group {group}: JoinGroup of {client} refused with INCONSISTENT_GROUP_PROTOCOL: it offers {} {}, the group runs {} {}",
            or_dash(offered_type),
            string_list(offered),
            or_dash(group_type),
            string_list(group_protocols)
        ),
        E::StaticMemberRejoined { group, instance, new_id, old_id } => {
            format!("group {group}: static member {instance} rejoined as {new_id}; old id {old_id} is fenced")
        }
        E::PreparingRebalance { group, generation, why, delay_ms } => format!(
            "group {group} → PreparingRebalance (generation {generation}): {}; join phase up to {delay_ms} ms",
            rebalance(why)
        ),
        E::MembersRemoved { group, members } => {
            format!("group {group}: removed {} (did not rejoin within the rebalance timeout)", string_list(members))
        }
        E::JoinCompleted { group, state, generation, members, leader, protocol } => format!(
            "group {group} → {} generation {generation}: members {}, leader {leader}, protocol {}",
            state.name(),
            string_list(members),
            protocol.as_deref().unwrap_or("-")
        ),
        E::SyncCompleted { group, generation, assignments } => {
            let lines: Vec<String> = assignments.iter().map(|(m, tps)| format!("{m}: {}", partitions(tps))).collect();
            format!("group {group} → Stable generation {generation}: {}", lines.join("; "))
        }
        E::MemberRemoved { group, member, why } => format!("group {group}: member {member} removed: {}", removal(why)),
        E::CoordinatorResigned { broker, tp } => {
            format!("broker {broker} resigns as coordinator of {tp} (no longer its leader)")
        }
        E::GroupLoaded { broker, group, tp, state, generation, members, offsets } => format!(
            "broker {broker} loaded group {group} from {tp}: {} generation {generation}, {members} member(s), {offsets} committed offset(s)",
            state.name()
        ),
        _ => return None,
    })
}

fn coordinator_loss(why: &CoordinatorLoss) -> &'static str {
    match why {
        CoordinatorLoss::RequestTimedOut => "request timed out",
        CoordinatorLoss::ConnectionRefused => "connection refused",
        CoordinatorLoss::Error(e) => e.name(),
    }
}

fn consumer(event: &E) -> Option<String> {
    Some(match event {
        E::CoordinatorUnavailable { consumer, broker, why } => {
            format!("consumer {consumer}: coordinator broker {broker} unavailable ({})", coordinator_loss(why))
        }
        E::CoordinatorFound { consumer, broker } => {
            format!("consumer {consumer}: group coordinator is broker {}", broker.map_or(-1, |b| i64::from(b.0)))
        }
        E::ConsumerFatal { consumer, error } => format!("consumer {consumer}: fatal {}; it stops", error.name()),
        E::PartitionsLostOnError { consumer, error, lost } => {
            format!("consumer {consumer}: {} → partitions lost {}", error.name(), partitions(lost))
        }
        E::PartitionsLost { consumer, lost } => format!("consumer {consumer}: partitions lost {}", partitions(lost)),
        E::EagerRevoke { consumer, revoked } => {
            format!("consumer {consumer}: eager rebalance revokes {}", partitions(revoked))
        }
        E::AssignmentMismatch { consumer, generation, assignment, tp } => format!(
            "consumer {consumer} generation {generation}: received assignment {} does not match the current subscription ({tp} is not subscribed); will re-join",
            partitions(assignment)
        ),
        E::Assigned { consumer, generation, assigned, added, revoked } => format!(
            "consumer {consumer} generation {generation}: assigned {}, added {}, revoked {}",
            partitions(assigned),
            partitions(added),
            partitions(revoked)
        ),
        E::PollTimeout { consumer, max_poll_interval_ms } => format!(
            "consumer {consumer}: consumer poll timeout has expired (max.poll.interval.ms {max_poll_interval_ms} ms): leaving the group"
        ),
        E::LeaveGroup { consumer, why } => {
            let why = match why {
                LeaveReason::PollTimeout => "poll timeout",
                LeaveReason::ConsumerClosed => "consumer closed",
            };
            format!("consumer {consumer} sends LeaveGroup ({why})")
        }
        E::CommitFailed { consumer, error } => {
            format!("consumer {consumer}: offset commit failed: {} (CommitFailedException)", error.name())
        }
        E::FetchConnectionClosed { consumer, broker } => {
            format!("consumer {consumer}: connection to broker {broker} closed; the fetch in flight failed")
        }
        E::NoOffsetForPartition { consumer, partitions } => {
            format!("consumer {consumer}: NoOffsetForPartitionException: {}", no_offset_message(partitions))
        }
        _ => return consumer_leader(event),
    })
}

/// Kafka's `NoOffsetForPartitionException` message.
pub fn no_offset_message(tps: &[crate::sim::ids::TopicPartition]) -> String {
    let names: Vec<String> = tps.iter().map(ToString::to_string).collect();
    format!("Undefined offset with no reset policy for partitions: [{}]", names.join(", "))
}

fn consumer_leader(event: &E) -> Option<String> {
    Some(match event {
        E::StaticLeaderSkipsAssignment { consumer, generation } => format!(
            "consumer {consumer} (leader, generation {generation}) skipped assignment for returning static leader; it continues with its existing assignment"
        ),
        E::LeaderFetchesMetadata { consumer, generation, topics } => format!(
            "consumer {consumer} (leader, generation {generation}) fetches metadata of the group's topics {} before assigning",
            topics.join(",")
        ),
        E::LeaderAssigns { consumer, generation, assignor } => {
            format!("consumer {consumer} (leader, generation {generation}) computes the {assignor} assignment")
        }
        E::ConsumerStalled { consumer, stalled } => {
            let verb = if *stalled { "stalls (stops calling poll())" } else { "resumes polling" };
            format!("consumer {consumer} {verb}")
        }
        _ => return None,
    })
}

fn producer_and_ledger(event: &E) -> Option<String> {
    Some(match event {
        E::BatchFailed { producer, tp, error } => format!("{producer}: batch for {tp} failed: {}", error.name()),
        E::BatchRetry { producer, error, tp, backoff_ms, attempt } => {
            format!("{producer}: {} on {tp} → retry in {backoff_ms} ms (attempt {attempt})", error.name())
        }
        E::ConnectionRefused { producer, broker, backoff_ms } => format!(
            "{producer}: connection to broker {broker} refused → not ready, batches stay in the accumulator (reconnect in {backoff_ms} ms)"
        ),
        E::EpochBumped { producer, tp, epoch } => format!(
            "{producer}: sequence of {tp} unresolved after expired batches → producer epoch bumped to {}, sequences restart at 0",
            epoch.0
        ),
        E::WrittenTwice { id, tp, first, second, first_via } => format!(
            "ledger: record {} written twice to {tp}: offsets {first} and {second} (a retry without idempotence; first written via broker {first_via})",
            id.0
        ),
        E::Reordered { key: Some(key), tp, offset } => {
            format!("ledger: key {key} reordered on {tp}: a later send landed at a lower offset ({offset})")
        }
        E::Reordered { key: None, tp, offset } => {
            format!("ledger: a record without key reordered on {tp}: a later send landed at a lower offset ({offset})")
        }
        E::AckedRecordLost { tp, offset, explanation: e } => {
            format!("ledger: ACKNOWLEDGED RECORD LOST on {tp} offset {offset}: {}", explanation(e))
        }
        E::Redelivered { group, tp, offset, cause: c } => {
            format!("ledger: group {group} processed {tp} offset {offset} again (redelivery after: {})", cause(c))
        }
        E::Skipped { group, missing, tp, offset, cause: c } => format!(
            "ledger: group {group} skipped {missing} record(s) of {tp} below committed offset {offset} that were never processed ({})",
            cause(c)
        ),
        E::OffsetsExpired { broker, group, partitions: parts } => format!(
            "coordinator {broker}: group {group} has been empty for offsets.retention.minutes; its committed offsets of {} expire (tombstones written)",
            partitions(parts)
        ),
        E::RemovedUnread { group, tp, missing, position, reset_to } => format!(
            "ledger: group {group} at offset {position} of {tp} fell below the log start (OFFSET_OUT_OF_RANGE): {missing} record(s) it never read were removed by retention, not lost; it resumes at {reset_to}"
        ),
        _ => return None,
    })
}

/// The ledger's explanation of a lost record in English.
pub(super) fn explanation(e: &LossExplanation) -> String {
    match e {
        LossExplanation::NeverWritten { sent_at, broker } => format!(
            "sent at t={sent_at} with acks=0 and counted as acked; it reached broker {broker} after its process had died, so it was never written"
        ),
        LossExplanation::Missing { acked, election, tp, leader, truncated } => {
            let mut s = match acked {
                Some((at, by, acks)) => format!("acked at t={at} by leader {by} (acks={})", acks.as_kafka_str()),
                None => "acked".to_string(),
            };
            match election {
                Some((t, b, epoch)) => s += &format!("; broker {b} became leader of {tp} at t={t} (epoch {epoch}) without it"),
                None => s += &format!("; leader {leader} does not have it"),
            }
            if let Some((t, now)) = truncated {
                s += &format!("; truncated on broker {t} at t={now}");
            }
            s
        }
    }
}
