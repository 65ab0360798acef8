//! What a lesson can ask of the simulation: [`Query`] reads one value (as a
//! string, so a prediction's choices can be compared with it) and
//! [`Condition`] is a yes/no question (waits and tasks). Both are pure
//! functions of the [`Simulation`] (plus, for `leader_changed`, the leaders
//! when the step began).

use super::log_queries;
use crate::sim::groups_view::{committed_offsets, groups_view, leader_offsets};
use crate::sim::ids::{BrokerId, GroupId, TopicPartition};
use crate::sim::ledger::RecordStatus;
use crate::sim::simulation::{BrokerProcess, Simulation};
use crate::vecmap::VecMap;
use serde::{Deserialize, Serialize};

/// Ledger counters a lesson may name (`sim ledger` plus `sent` and `failed`).
pub const LEDGER_COUNTERS: &[&str] = &[
    "sent",
    "acked",
    "failed",
    "acked-lost",
    "duplicated",
    "reordered",
    "redelivered",
    "skipped",
    "removed-by-retention",
    "removed-by-delete-records",
    "removed-by-compaction",
    "removed-unread",
];

/// Per-group ledger counters.
pub const GROUP_COUNTERS: &[&str] = &["processed", "redelivered", "skipped", "removed-unread"];

/// One value read from the simulation, rendered as a string
/// (`"2"`, `"none"`, `"1,3"`, `"Stable"`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Query {
    /// The leader of `topic-p` as the controller says: a broker id or `none`.
    Leader(String),
    /// The ISR of `topic-p`, ascending, comma-separated.
    Isr(String),
    IsrSize(String),
    /// The leader epoch of `topic-p`.
    LeaderEpoch(String),
    /// High watermark on the current leader (`-1` without a live leader).
    Hw(String),
    /// Log end offset on the current leader.
    Leo(String),
    /// The partition records with `key` were sent to (`none` if none were).
    KeyPartition {
        topic: String,
        key: String,
    },
    /// A cluster-wide ledger counter (see [`LEDGER_COUNTERS`]).
    Ledger(String),
    /// A group's ledger counter (see [`GROUP_COUNTERS`]).
    GroupLedger {
        group: GroupId,
        counter: String,
    },
    /// `Stable`, `PreparingRebalance`, `CompletingRebalance`, `Empty`, `Dead` (or `none`).
    GroupState(String),
    /// Members the coordinator knows.
    GroupMembers(String),
    /// Members with no partition.
    IdleMembers(String),
    /// The client id owning `partition` in `group` (or `none`).
    Owner {
        group: GroupId,
        partition: String,
    },
    /// How many partitions a consumer holds (its own view; 0 if it is gone).
    Owned(String),
    /// The group's committed offset of `partition` (or `none`).
    Committed {
        group: GroupId,
        partition: String,
    },
    /// `running`, `crashed`, `stopped` or `isolated`.
    BrokerState(u32),
    /// `true` if the controller has the broker fenced (or unregistered).
    Fenced(u32),
    /// The log start offset of `topic-p` on the current leader (`-1` without a live leader).
    LogStart(String),
    /// How many segments the current leader's log of `topic-p` has (the last is the active one).
    Segments(String),
    /// How many records of `topic-p` the current leader can still serve (after retention and compaction).
    Records(String),
    /// The value at `offset` of `partition` on the current leader: the value,
    /// `null` for a tombstone, `none` if no record is there (removed or never written).
    ValueAt {
        partition: String,
        offset: i64,
    },
    /// The offsets of the records with `key` in `partition` on the current
    /// leader, ascending and comma-separated (`""` if none): `"1,4,7"` before
    /// compaction, `"7"` after.
    KeyOffsets {
        partition: String,
        key: String,
    },
    /// The value of the newest readable record with `key` in `partition` on
    /// the current leader: the value, `null` for a tombstone, `none` if there is none.
    LatestValue {
        partition: String,
        key: String,
    },
    /// A topic config as the controller resolves it (override or default), or `none`.
    TopicConfig {
        topic: String,
        key: String,
    },
    /// `yes` or `no`: whether a condition holds (for yes/no predictions).
    Holds(Box<Condition>),
}

/// A yes/no question about the simulation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    BrokerFenced(u32),
    BrokerUnfenced(u32),
    /// The leader of `topic-p` differs from its leader when the step began.
    LeaderChanged(String),
    /// The ISR size of a partition is within bounds.
    IsrSize {
        partition: String,
        #[serde(default)]
        at_least: Option<i64>,
        #[serde(default)]
        at_most: Option<i64>,
    },
    /// The coordinator has the group `Stable`.
    GroupStable(String),
    /// Some record failed with an error containing this text (e.g. `NotEnoughReplicasException`).
    RecordFailed(String),
    /// A query's value equals `equals` and/or, as a number, is within bounds.
    Check {
        query: Query,
        #[serde(default)]
        equals: Option<String>,
        #[serde(default)]
        at_least: Option<i64>,
        #[serde(default)]
        at_most: Option<i64>,
    },
    /// Two queries have the same value, e.g. two groups processed as many records.
    Equal(Query, Query),
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

/// Leaders when a step began (for `leader_changed`).
pub type Baseline = VecMap<String, Option<BrokerId>>;

/// The leaders of every partition now.
pub fn leaders(sim: &Simulation) -> Baseline {
    sim.controller().image.partitions().map(|(tp, p)| (tp.to_string(), p.leader)).collect()
}

/// Parses `topic-p`.
pub fn parse_partition(text: &str) -> Option<TopicPartition> {
    let (topic, p) = text.rsplit_once('-')?;
    if topic.is_empty() || p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(TopicPartition::new(topic, p.parse().ok()?))
}

fn tp(text: &str) -> TopicPartition {
    parse_partition(text).unwrap_or_else(|| TopicPartition::new(text, u32::MAX))
}

fn within(v: i64, at_least: Option<i64>, at_most: Option<i64>) -> bool {
    at_least.is_none_or(|l| v >= l) && at_most.is_none_or(|m| v <= m)
}

impl Query {
    /// The value now; `baseline` is the leaders when the step began.
    pub fn eval(&self, sim: &Simulation, baseline: &Baseline) -> String {
        let image = &sim.controller().image;
        let none = || "none".to_string();
        match self {
            Query::Leader(p) => image.partition(&tp(p)).and_then(|s| s.leader).map_or_else(none, |b| b.0.to_string()),
            Query::Isr(p) => {
                let mut isr: Vec<u32> =
                    image.partition(&tp(p)).map_or(Vec::new(), |s| s.isr.iter().map(|b| b.0).collect());
                isr.sort_unstable();
                isr.iter().map(u32::to_string).collect::<Vec<_>>().join(",")
            }
            Query::IsrSize(p) => image.partition(&tp(p)).map_or(0, |s| s.isr.len()).to_string(),
            Query::LeaderEpoch(p) => image.partition(&tp(p)).map_or_else(none, |s| s.leader_epoch.0.to_string()),
            Query::Hw(p) => leader_offsets(sim, &tp(p)).1.to_string(),
            Query::Leo(p) => leader_offsets(sim, &tp(p)).0.to_string(),
            Query::KeyPartition { topic, key } => key_partition(sim, topic, key).map_or_else(none, |p| p.to_string()),
            Query::Ledger(counter) => ledger_counter(sim, counter).to_string(),
            Query::GroupLedger { group, counter } => group_ledger_counter(sim, group, counter).to_string(),
            Query::GroupState(g) => group(sim, g).map_or_else(none, |v| {
                if v.coordinator.is_some() {
                    v.state.name().to_string()
                } else {
                    none()
                }
            }),
            Query::GroupMembers(g) => group(sim, g).map_or(0, |v| v.members.len()).to_string(),
            Query::IdleMembers(g) => {
                group(sim, g).map_or(0, |v| v.members.iter().filter(|m| m.assignment.is_empty()).count()).to_string()
            }
            Query::Owner { group: g, partition } => owner(sim, g, &tp(partition)).unwrap_or_else(none),
            Query::Owned(client) => owned(sim, client).to_string(),
            Query::Committed { group, partition } => {
                committed_offsets(sim, group).get(&tp(partition)).map_or_else(none, |o| o.to_string())
            }
            Query::BrokerState(b) => broker_state(sim, BrokerId(*b)).to_string(),
            Query::Fenced(b) => image.brokers.get(&BrokerId(*b)).is_none_or(|r| r.fenced).to_string(),
            Query::LogStart(p) => log_queries::log_start(sim, &tp(p)).to_string(),
            Query::Segments(p) => log_queries::segments(sim, &tp(p)).to_string(),
            Query::Records(p) => log_queries::records(sim, &tp(p)).to_string(),
            Query::ValueAt { partition, offset } => log_queries::value_at(sim, &tp(partition), *offset),
            Query::KeyOffsets { partition, key } => log_queries::key_offsets(sim, &tp(partition), key),
            Query::LatestValue { partition, key } => log_queries::latest_value(sim, &tp(partition), key),
            Query::TopicConfig { topic, key } => log_queries::topic_config(sim, topic, key).unwrap_or_else(none),
            Query::Holds(c) => if c.holds(sim, baseline) { "yes" } else { "no" }.to_string(),
        }
    }
}

/// The partition the ledger saw `key` written to in `topic`.
fn key_partition(sim: &Simulation, topic: &str, key: &str) -> Option<u32> {
    sim.ledger()
        .entries
        .values()
        .filter(|e| e.key.as_deref() == Some(key))
        .filter_map(|e| e.tp.as_ref())
        .find(|t| t.topic.as_str() == topic)
        .map(|t| t.partition)
}

/// One of the group ledger's counters (`processed`, `redelivered`, `skipped`).
fn group_ledger_counter(sim: &Simulation, group: &str, counter: &str) -> u64 {
    let s = sim.group_ledger().summary(group);
    match counter {
        "processed" => s.processed,
        "redelivered" => s.redelivered,
        "skipped" => s.skipped,
        "removed-unread" => s.removed_unread,
        _ => 0,
    }
}

/// The client id of the open consumer of `group` that owns `t`.
fn owner(sim: &Simulation, group: &str, t: &TopicPartition) -> Option<String> {
    sim.consumers()
        .values()
        .filter(|c| !c.closed && c.group() == group && c.assigned.contains_key(t))
        .map(|c| c.config.client_id.clone())
        .next()
}

/// How many partitions the open consumer `client` owns.
fn owned(sim: &Simulation, client: &str) -> usize {
    sim.client_ids()
        .get(&crate::sim::ids::ClientId(client.to_string()))
        .and_then(|n| sim.consumers().get(n))
        .filter(|c| !c.closed)
        .map_or(0, |c| c.assigned.len())
}

/// `running`, `crashed`, `stopped`, `isolated`, or `none` for no such broker.
fn broker_state(sim: &Simulation, b: BrokerId) -> &'static str {
    match sim.brokers().get(&b) {
        None => "none",
        Some(BrokerProcess::Crashed(_)) => "crashed",
        Some(BrokerProcess::Stopped(_)) => "stopped",
        Some(BrokerProcess::Running(_)) if sim.network().is_isolated(crate::sim::messages::NodeId::Broker(b)) => {
            "isolated"
        }
        Some(BrokerProcess::Running(_)) => "running",
    }
}

fn group(sim: &Simulation, g: &str) -> Option<crate::sim::groups_view::GroupView> {
    groups_view(sim).into_iter().find(|v| v.group_id == g)
}

/// A cluster-wide ledger counter by its `sim ledger` name.
pub fn ledger_counter(sim: &Simulation, counter: &str) -> u64 {
    let s = &sim.ledger().summary;
    let groups = || sim.group_ledger().groups.keys().map(|g| sim.group_ledger().summary(g));
    match counter {
        "sent" => s.sent,
        "acked" => s.acked,
        "failed" => s.failed,
        "acked-lost" => s.acked_lost,
        "duplicated" => s.duplicated,
        "reordered" => s.reordered,
        "redelivered" => groups().map(|g| g.redelivered).sum(),
        "skipped" => groups().map(|g| g.skipped).sum(),
        "removed-by-retention" => s.removed_by_retention,
        "removed-by-delete-records" => s.removed_by_delete_records,
        "removed-by-compaction" => s.removed_by_compaction,
        "removed-unread" => groups().map(|g| g.removed_unread).sum(),
        _ => 0,
    }
}

impl Condition {
    /// Whether it holds now; `baseline` is the leaders when the step began.
    pub fn holds(&self, sim: &Simulation, baseline: &Baseline) -> bool {
        let image = &sim.controller().image;
        match self {
            Condition::BrokerFenced(b) => image.brokers.get(&BrokerId(*b)).is_none_or(|r| r.fenced),
            Condition::BrokerUnfenced(b) => image.brokers.get(&BrokerId(*b)).is_some_and(|r| !r.fenced),
            Condition::LeaderChanged(p) => {
                let now = image.partition(&tp(p)).and_then(|s| s.leader);
                baseline.get(p).is_some_and(|before| *before != now)
            }
            Condition::IsrSize { partition, at_least, at_most } => {
                let n = image.partition(&tp(partition)).map_or(0, |s| s.isr.len()) as i64;
                within(n, *at_least, *at_most)
            }
            Condition::GroupStable(g) => Query::GroupState(g.clone()).eval(sim, baseline) == "Stable",
            Condition::RecordFailed(text) => sim
                .ledger()
                .entries
                .values()
                .any(|e| matches!(&e.status, RecordStatus::Failed { error, .. } if error.contains(text.as_str()))),
            Condition::Check { query, equals, at_least, at_most } => {
                let v = query.eval(sim, baseline);
                let eq = equals.as_ref().is_none_or(|e| *e == v);
                let bounded = at_least.is_some() || at_most.is_some();
                eq && (!bounded || v.parse::<i64>().is_ok_and(|n| within(n, *at_least, *at_most)))
            }
            Condition::Equal(a, b) => a.eval(sim, baseline) == b.eval(sim, baseline),
            Condition::All(cs) => cs.iter().all(|c| c.holds(sim, baseline)),
            Condition::Any(cs) => cs.iter().any(|c| c.holds(sim, baseline)),
            Condition::Not(c) => !c.holds(sim, baseline),
        }
    }
}
