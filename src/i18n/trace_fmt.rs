//! How trace text writes lists and maps, shared by the English and Korean
//! renderers (`trace_en`, `trace_ko`): a leaf, so the renderers and the
//! dispatcher in `trace` do not import each other in a circle.

use crate::sim::ids::{BrokerId, TopicPartition};
use crate::sim::text;

/// Strings as the trace writes a list: `["a", "b"]`.
pub fn string_list<S: AsRef<str>>(items: &[S]) -> String {
    text::string_list(items)
}

/// Topic-partitions as the trace writes a list: `["t-0", "u-1"]`.
pub fn partitions(tps: &[TopicPartition]) -> String {
    crate::sim::ids::fmt_partitions(tps)
}

/// Broker ids as the trace writes them: `[1,2,3]`.
pub fn brokers(ids: &[BrokerId]) -> String {
    crate::sim::ids::fmt_broker_ids(ids)
}

/// A config map as the trace writes it: `{"k": "v"}`.
pub fn config_map(pairs: &[(String, String)]) -> String {
    text::string_map(pairs.iter().map(|(k, v)| (k, v)))
}
