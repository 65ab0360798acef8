//! Newtype identifiers and quantities shared across the core.
//!
//! Kafka's own names: a broker is identified by its `node.id`, a partition by
//! its topic and index, a leader epoch is a 32-bit signed counter, offsets are
//! 64-bit signed (Kafka uses -1 for "unknown").

use serde::{Deserialize, Serialize};
use std::fmt;
use std::rc::Rc;

/// A broker's `node.id`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct BrokerId(pub u32);

impl fmt::Display for BrokerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A partition leader epoch (Kafka: `leaderEpoch`, an `int32`). -1 means none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LeaderEpoch(pub i32);

impl LeaderEpoch {
    /// Kafka's `RecordBatch.NO_PARTITION_LEADER_EPOCH` / `UNDEFINED_EPOCH`.
    pub const UNDEFINED: LeaderEpoch = LeaderEpoch(-1);
}

impl fmt::Display for LeaderEpoch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A log offset. Kafka uses -1 (`UNDEFINED_EPOCH_OFFSET`) for "unknown".
pub type Offset = i64;

/// Kafka's `UNDEFINED_EPOCH_OFFSET`.
pub const UNDEFINED_OFFSET: Offset = -1;

/// An idempotent producer's id (Kafka: `producerId`, an `int64`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ProducerId(pub i64);

impl ProducerId {
    /// Kafka's `RecordBatch.NO_PRODUCER_ID`.
    pub const NONE: ProducerId = ProducerId(-1);
}

/// A producer epoch (Kafka: `producerEpoch`, an `int16`). -1 means none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ProducerEpoch(pub i16);

impl ProducerEpoch {
    /// Kafka's `RecordBatch.NO_PRODUCER_EPOCH`.
    pub const NONE: ProducerEpoch = ProducerEpoch(-1);
}

/// A consumer group's `group.id`. Displays as the bare name, and stores
/// (serde) as a plain string, so trace lines, tool output and the group
/// records in `__consumer_offsets` read as before.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct GroupId(pub String);

impl GroupId {
    pub fn new(name: &str) -> GroupId {
        GroupId(name.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for GroupId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A group id reads as its name wherever a `&str` is taken (a name is not a
/// group id without saying so: the other way needs `GroupId::from`).
impl std::ops::Deref for GroupId {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for GroupId {
    fn from(name: &str) -> GroupId {
        GroupId::new(name)
    }
}

impl From<&GroupId> for GroupId {
    fn from(id: &GroupId) -> GroupId {
        id.clone()
    }
}

impl From<String> for GroupId {
    fn from(name: String) -> GroupId {
        GroupId(name)
    }
}

/// Lookups by `&str` in maps keyed by `GroupId` (same order as the string's).
impl std::borrow::Borrow<str> for GroupId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<String> for GroupId {
    fn borrow(&self) -> &String {
        &self.0
    }
}

impl PartialEq<str> for GroupId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for GroupId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for GroupId {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

/// A topic name as the user typed it. Shared (`Rc<str>`): a name is copied
/// into every message and key that mentions its partitions, and cloning it
/// must not allocate.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TopicName(pub Rc<str>);

impl Ord for TopicName {
    /// Alphabetical (Kafka's tools sort topic names); two handles to the same
    /// shared name compare equal without reading it.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        if Rc::ptr_eq(&self.0, &other.0) {
            return std::cmp::Ordering::Equal;
        }
        self.0.cmp(&other.0)
    }
}

impl PartialOrd for TopicName {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl TopicName {
    pub fn new(name: &str) -> TopicName {
        TopicName(Rc::from(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TopicName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A topic and a partition index: Kafka's `TopicPartition`, printed `topic-n`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TopicPartition {
    pub topic: TopicName,
    pub partition: u32,
}

impl Ord for TopicPartition {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.topic.cmp(&other.topic).then(self.partition.cmp(&other.partition))
    }
}

impl PartialOrd for TopicPartition {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl TopicPartition {
    pub fn new(topic: &str, partition: u32) -> Self {
        TopicPartition { topic: TopicName::new(topic), partition }
    }
}

impl fmt::Display for TopicPartition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.topic, self.partition)
    }
}

/// Broker ids as the trace writes an ISR or replica list: `[1,2,3]`.
pub fn fmt_broker_ids(ids: &[BrokerId]) -> String {
    let v: Vec<String> = ids.iter().map(|b| b.0.to_string()).collect();
    format!("[{}]", v.join(","))
}

/// Topic-partitions as the trace writes a list: `["t-0", "u-1"]`.
pub fn fmt_partitions<'a>(tps: impl IntoIterator<Item = &'a TopicPartition>) -> String {
    super::text::string_list(tps.into_iter().map(TopicPartition::to_string))
}

/// A client's `client.id` (producers and consumers).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ClientId(pub String);

impl fmt::Display for ClientId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_print_like_the_trace() {
        assert_eq!(fmt_broker_ids(&[BrokerId(3), BrokerId(1)]), "[3,1]");
        assert_eq!(fmt_broker_ids(&[]), "[]");
        let tps = [TopicPartition::new("t", 1), TopicPartition::new("u", 0)];
        assert_eq!(fmt_partitions(&tps), r#"["t-1", "u-0"]"#);
        assert_eq!(fmt_partitions(&[]), "[]");
    }
}
