//! Queries about a partition's log as its current leader holds it
//! (retention and compaction lessons): the log start offset, segments,
//! records still readable, what is at an offset, where a key's records are,
//! and a topic's config. All read the simulation only.

use crate::sim::broker::log::PartitionLog;
use crate::sim::ids::{Offset, TopicName, TopicPartition};
use crate::sim::record::Record;
use crate::sim::simulation::Simulation;

/// The current leader's log of `tp` (None without a live leader).
fn leader_log<'a>(sim: &'a Simulation, tp: &TopicPartition) -> Option<&'a PartitionLog> {
    let leader = sim.controller().image.partition(tp).and_then(|p| p.leader)?;
    sim.broker(leader).and_then(|b| b.partitions.get(tp)).map(|p| &p.log)
}

/// The log start offset (`-1` without a live leader).
pub fn log_start(sim: &Simulation, tp: &TopicPartition) -> Offset {
    leader_log(sim, tp).map_or(-1, PartitionLog::log_start_offset)
}

/// Segments in the log, the active one included (0 without a live leader).
pub fn segments(sim: &Simulation, tp: &TopicPartition) -> usize {
    leader_log(sim, tp).map_or(0, |l| l.segments().len())
}

/// Records a reader can still get (0 without a live leader).
pub fn records(sim: &Simulation, tp: &TopicPartition) -> usize {
    leader_log(sim, tp).map_or(0, |l| l.records().count())
}

/// The value at `offset`: the value, `null` for a tombstone, `none` for no record.
pub fn value_at(sim: &Simulation, tp: &TopicPartition, offset: Offset) -> String {
    value(leader_log(sim, tp).and_then(|l| l.get(offset)))
}

/// Offsets of the readable records with `key`, ascending, comma-separated.
pub fn key_offsets(sim: &Simulation, tp: &TopicPartition, key: &str) -> String {
    let Some(log) = leader_log(sim, tp) else { return String::new() };
    let offsets: Vec<String> =
        log.records().filter(|r| r.data.key.as_deref() == Some(key)).map(|r| r.offset.to_string()).collect();
    offsets.join(",")
}

/// The newest readable record with `key`: its value, `null` for a tombstone, `none` if none.
pub fn latest_value(sim: &Simulation, tp: &TopicPartition, key: &str) -> String {
    let newest = leader_log(sim, tp).and_then(|l| l.records().rev().find(|r| r.data.key.as_deref() == Some(key)));
    value(newest)
}

/// `key` of `topic`'s config as the controller resolves it.
pub fn topic_config(sim: &Simulation, topic: &str, key: &str) -> Option<String> {
    sim.controller().image.topic_config(&TopicName::new(topic))?.get(key)
}

/// A record's value as a query answers it: `null` for a tombstone, `none` for no record.
fn value(record: Option<&Record>) -> String {
    match record {
        None => "none".to_string(),
        Some(r) => r.data.value.clone().unwrap_or_else(|| "null".to_string()),
    }
}
