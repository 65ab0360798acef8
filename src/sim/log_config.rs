//! The part of a topic's config a log itself reads (Kafka's `LogConfig` as
//! `UnifiedLog` holds it): how segments roll, how long they are kept, and how
//! the cleaner treats them. A small `Copy` value, refreshed from the broker's
//! metadata image whenever it changes, so appends never resolve configs.

use crate::sim::config::{CleanupPolicy, TopicConfig};

/// A log's own settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogConfig {
    pub segment_bytes: u64,
    pub segment_ms: i64,
    pub retention_ms: i64,
    pub retention_bytes: i64,
    /// `cleanup.policy` contains `delete`.
    pub delete: bool,
    /// `cleanup.policy` contains `compact`.
    pub compact: bool,
    pub delete_retention_ms: i64,
    pub min_compaction_lag_ms: i64,
    pub max_compaction_lag_ms: i64,
    pub min_cleanable_dirty_ratio_ppm: u32,
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig::from(&TopicConfig::default())
    }
}

impl From<&TopicConfig> for LogConfig {
    fn from(t: &TopicConfig) -> LogConfig {
        LogConfig {
            segment_bytes: u64::from(t.segment_bytes),
            segment_ms: t.segment_ms,
            retention_ms: t.retention_ms,
            retention_bytes: t.retention_bytes,
            delete: matches!(t.cleanup_policy, CleanupPolicy::Delete | CleanupPolicy::CompactDelete),
            compact: matches!(t.cleanup_policy, CleanupPolicy::Compact | CleanupPolicy::CompactDelete),
            delete_retention_ms: t.delete_retention_ms,
            min_compaction_lag_ms: t.min_compaction_lag_ms,
            max_compaction_lag_ms: t.max_compaction_lag_ms,
            min_cleanable_dirty_ratio_ppm: t.min_cleanable_dirty_ratio_ppm,
        }
    }
}
