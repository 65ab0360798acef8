//! The producer's `acks` setting. It lives with the messages, beside its wire
//! form [`super::RequiredAcks`], so that effects (`node::Observation`) can carry
//! it without naming the client.

use serde::{Deserialize, Serialize};

/// Kafka: `acks`. How many replicas must have a record before it is acknowledged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Acks {
    /// `acks=0`: no response is awaited.
    Zero,
    /// `acks=1`: the leader's own write suffices.
    One,
    /// `acks=all` (`-1`): every in-sync replica has the record.
    All,
}

impl Acks {
    /// The value Kafka stores after `parseAcks`: `0`, `1` or `-1`.
    pub fn as_kafka_str(self) -> &'static str {
        match self {
            Acks::Zero => "0",
            Acks::One => "1",
            Acks::All => "-1",
        }
    }
}
