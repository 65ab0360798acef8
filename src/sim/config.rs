//! Broker and topic configuration, with Kafka's keys, defaults and validation.
//!
//! Field names are Kafka's keys snake-cased, each with the key in its doc
//! comment so users can search Kafka's documentation. Topic configs are parsed
//! from `key=value` strings exactly as `kafka-topics --config` and
//! `kafka-configs --add-config` take them, and rejected with Kafka's own
//! `ConfigException` wording (`ConfigDef.parseType`, `ConfigDef.Range`).
//! Defaults follow Kafka 4.0 (`ServerLogConfigs`, `ReplicationConfigs`,
//! `KRaftConfigs`, `LogConfig`).
//!
//! One test-only switch, not a Kafka config: `BrokerConfig::legacy_truncate_to_hw`
//! (`#[doc(hidden)]`, default off, never set by the console or the UI, skipped
//! by serde so no share link can set it) brings back the pre-KIP-101 truncation rule for
//! `tests/invariants_fire.rs`.

use crate::sim::config_def::{
    format_ratio_ppm, parse_bool, parse_int, parse_long, parse_one_of, parse_ratio_ppm, topic_config, TOPIC_CONFIGS,
    TOPIC_CONFIG_COUNT,
};
use crate::sim::error::{ErrorKind, KafkaError};
use crate::vecmap::VecMap;
use serde::{Deserialize, Serialize};

/// Cluster-wide broker and controller settings (`server.properties`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrokerConfig {
    /// Kafka: broker.heartbeat.interval.ms
    pub broker_heartbeat_interval_ms: u64,
    /// Kafka: broker.session.timeout.ms
    pub broker_session_timeout_ms: u64,
    /// Kafka: replica.lag.time.max.ms
    pub replica_lag_time_max_ms: u64,
    /// Kafka: replica.fetch.wait.max.ms
    pub replica_fetch_wait_max_ms: u64,
    /// Kafka: replica.fetch.backoff.ms (after a fetch error)
    pub replica_fetch_backoff_ms: u64,
    /// Kafka: auto.leader.rebalance.enable
    pub auto_leader_rebalance_enable: bool,
    /// Kafka: leader.imbalance.check.interval.seconds
    pub leader_imbalance_check_interval_seconds: u64,
    /// Kafka: leader.imbalance.per.broker.percentage
    pub leader_imbalance_per_broker_percentage: u32,
    /// Kafka: num.partitions (default for `--create` without `--partitions`)
    pub num_partitions: u32,
    /// Kafka: default.replication.factor
    pub default_replication_factor: u32,
    /// Kafka: offsets.topic.num.partitions (Kafka's default, 50, so groups
    /// spread over the coordinators as in Kafka; the picture draws no chips
    /// for internal topics).
    pub offsets_topic_num_partitions: u32,
    /// Kafka: replica.high.watermark.checkpoint.interval.ms
    pub replica_high_watermark_checkpoint_interval_ms: u64,
    /// Kafka: log.retention.check.interval.ms
    #[serde(default = "default_retention_check_ms")]
    pub log_retention_check_interval_ms: u64,
    /// Kafka: log.initial.task.delay.ms (the first retention pass after start-up)
    #[serde(default = "default_initial_task_delay_ms")]
    pub log_initial_task_delay_ms: u64,
    /// Kafka: log.cleaner.backoff.ms (the cleaner's sleep when no log is cleanable)
    #[serde(default = "default_cleaner_backoff_ms")]
    pub log_cleaner_backoff_ms: u64,
    /// Kafka: offsets.retention.minutes (committed offsets of an empty group expire)
    #[serde(default = "default_offsets_retention_minutes")]
    pub offsets_retention_minutes: u64,
    /// Kafka: offsets.retention.check.interval.ms
    #[serde(default = "default_offsets_retention_check_ms")]
    pub offsets_retention_check_interval_ms: u64,
    /// Broker-level default of every topic config (`log.*` / `min.insync.replicas` ...).
    pub topic_defaults: TopicConfig,
    /// Test-only switch, default off, never set by the console or the UI:
    /// brings back the pre-KIP-101 rule (Kafka before 0.11) under which a
    /// broker that becomes a follower truncates its log to its own high
    /// watermark instead of waiting for the leader's diverging epoch.
    /// `tests/invariants_fire.rs` uses it to show that the committed-record
    /// invariant catches the data loss KIP-101 fixed. Skipped by serde, so no
    /// share link or saved run can turn it on.
    #[doc(hidden)]
    #[serde(skip)]
    pub legacy_truncate_to_hw: bool,
}

impl Default for BrokerConfig {
    fn default() -> Self {
        BrokerConfig {
            broker_heartbeat_interval_ms: 2_000,
            broker_session_timeout_ms: 9_000,
            replica_lag_time_max_ms: 30_000,
            replica_fetch_wait_max_ms: 500,
            replica_fetch_backoff_ms: 1_000,
            auto_leader_rebalance_enable: true,
            leader_imbalance_check_interval_seconds: 300,
            leader_imbalance_per_broker_percentage: 10,
            num_partitions: 1,
            default_replication_factor: 1,
            offsets_topic_num_partitions: DEFAULT_OFFSETS_TOPIC_PARTITIONS,
            replica_high_watermark_checkpoint_interval_ms: 5_000,
            log_retention_check_interval_ms: default_retention_check_ms(),
            log_initial_task_delay_ms: default_initial_task_delay_ms(),
            log_cleaner_backoff_ms: default_cleaner_backoff_ms(),
            offsets_retention_minutes: default_offsets_retention_minutes(),
            offsets_retention_check_interval_ms: default_offsets_retention_check_ms(),
            topic_defaults: TopicConfig::default(),
            legacy_truncate_to_hw: false,
        }
    }
}

/// Kafka's `cleanup.policy` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CleanupPolicy {
    Delete,
    Compact,
    CompactDelete,
}

impl CleanupPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            CleanupPolicy::Delete => "delete",
            CleanupPolicy::Compact => "compact",
            CleanupPolicy::CompactDelete => "compact,delete",
        }
    }
}

/// Per-topic configuration (Kafka's `LogConfig`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicConfig {
    /// Kafka: min.insync.replicas
    pub min_insync_replicas: u32,
    /// Kafka: unclean.leader.election.enable
    pub unclean_leader_election_enable: bool,
    /// Kafka: segment.bytes
    pub segment_bytes: u32,
    /// Kafka: retention.ms (-1 = forever)
    pub retention_ms: i64,
    /// Kafka: retention.bytes (-1 = unlimited)
    pub retention_bytes: i64,
    /// Kafka: cleanup.policy
    pub cleanup_policy: CleanupPolicy,
    /// Kafka: segment.ms
    #[serde(default = "default_week_ms")]
    pub segment_ms: i64,
    /// Kafka: delete.retention.ms (how long tombstones stay once cleaned)
    #[serde(default = "default_day_ms")]
    pub delete_retention_ms: i64,
    /// Kafka: min.compaction.lag.ms
    #[serde(default)]
    pub min_compaction_lag_ms: i64,
    /// Kafka: max.compaction.lag.ms
    #[serde(default = "default_max_lag")]
    pub max_compaction_lag_ms: i64,
    /// Kafka: min.cleanable.dirty.ratio, in parts per million (no floats in the core).
    #[serde(default = "default_dirty_ratio")]
    pub min_cleanable_dirty_ratio_ppm: u32,
    /// Kafka: max.message.bytes
    pub max_message_bytes: u32,
    /// Kafka: compression.type (`producer` keeps the producer's codec).
    // Simplification: records carry no codec; the value is validated and shown only.
    #[serde(default = "default_compression_type")]
    pub compression_type: String,
}

fn default_retention_check_ms() -> u64 {
    300_000
}

fn default_initial_task_delay_ms() -> u64 {
    30_000
}

fn default_cleaner_backoff_ms() -> u64 {
    15_000
}

fn default_offsets_retention_minutes() -> u64 {
    10_080
}

fn default_offsets_retention_check_ms() -> u64 {
    600_000
}

fn default_week_ms() -> i64 {
    604_800_000
}

fn default_day_ms() -> i64 {
    86_400_000
}

fn default_max_lag() -> i64 {
    i64::MAX
}

fn default_dirty_ratio() -> u32 {
    500_000
}

fn default_compression_type() -> String {
    topic_config("compression.type").map_or("producer", |d| d.default).to_string()
}

/// `BrokerCompressionType.names()` (server-common), the values `compression.type` accepts.
const COMPRESSION_TYPES: [&str; 6] = ["uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"];

impl Default for TopicConfig {
    /// Kafka 4.0's defaults, from [`TOPIC_CONFIGS`].
    fn default() -> Self {
        let mut c = TopicConfig {
            min_insync_replicas: 0,
            unclean_leader_election_enable: false,
            segment_bytes: 0,
            retention_ms: 0,
            retention_bytes: 0,
            cleanup_policy: CleanupPolicy::Delete,
            segment_ms: 0,
            delete_retention_ms: 0,
            min_compaction_lag_ms: 0,
            max_compaction_lag_ms: 0,
            min_cleanable_dirty_ratio_ppm: 0,
            max_message_bytes: 0,
            compression_type: String::new(),
        };
        for d in &TOPIC_CONFIGS {
            c.set(d.name, d.default).expect("a default passes its own validator");
        }
        c
    }
}

/// `offsets.topic.num.partitions` default (`GroupCoordinatorConfig`).
pub const DEFAULT_OFFSETS_TOPIC_PARTITIONS: u32 = 50;

/// The topic config keys KafkaSim models, in Kafka's alphabetical order.
pub const TOPIC_CONFIG_KEYS: [&str; TOPIC_CONFIG_COUNT] = {
    let mut keys = [""; TOPIC_CONFIG_COUNT];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = TOPIC_CONFIGS[i].name;
        i += 1;
    }
    keys
};

fn parse_cleanup_policy(value: &str) -> Result<CleanupPolicy, KafkaError> {
    let mut delete = false;
    let mut compact = false;
    for part in value.split(',').map(str::trim) {
        match part {
            "delete" => delete = true,
            "compact" => compact = true,
            _ => {
                return Err(KafkaError::invalid_config_value(
                    "cleanup.policy",
                    part,
                    "String must be one of: compact, delete",
                ))
            }
        }
    }
    Ok(match (compact, delete) {
        (true, true) => CleanupPolicy::CompactDelete,
        (true, false) => CleanupPolicy::Compact,
        _ => CleanupPolicy::Delete,
    })
}

impl TopicConfig {
    /// Applies one `key=value` override, validating it as Kafka does.
    /// On error `self` is unchanged.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), KafkaError> {
        self.set_as(key, value, key)
    }

    /// [`TopicConfig::set`], naming `shown` in error messages: a broker config
    /// (`log.retention.ms`) validates as its topic synonym (`retention.ms`) does.
    pub fn set_as(&mut self, key: &str, value: &str, shown: &str) -> Result<(), KafkaError> {
        let (name, key) = (key, shown);
        match name {
            "min.insync.replicas" => self.min_insync_replicas = parse_int(key, value, 1)? as u32,
            "unclean.leader.election.enable" => self.unclean_leader_election_enable = parse_bool(key, value)?,
            // Kafka 4.0 (KIP-1030): segment.bytes is at least 1 MiB.
            "segment.bytes" => self.segment_bytes = parse_int(key, value, 1_048_576)? as u32,
            "retention.ms" => self.retention_ms = parse_long(key, value, -1)?,
            "retention.bytes" => self.retention_bytes = parse_long(key, value, -1)?,
            "segment.ms" => self.segment_ms = parse_long(key, value, 1)?,
            "delete.retention.ms" => self.delete_retention_ms = parse_long(key, value, 0)?,
            "min.compaction.lag.ms" => self.min_compaction_lag_ms = parse_long(key, value, 0)?,
            "max.compaction.lag.ms" => self.max_compaction_lag_ms = parse_long(key, value, 1)?,
            "min.cleanable.dirty.ratio" => self.min_cleanable_dirty_ratio_ppm = parse_ratio_ppm(key, value)?,
            "max.message.bytes" => self.max_message_bytes = parse_int(key, value, 0)? as u32,
            "cleanup.policy" => {
                self.cleanup_policy = parse_cleanup_policy(value).map_err(|mut e| {
                    e.message = e.message.replacen("configuration cleanup.policy", &format!("configuration {key}"), 1);
                    e
                })?
            }
            "compression.type" => self.compression_type = parse_one_of(key, value, &COMPRESSION_TYPES)?.to_string(),
            _ => {
                return Err(KafkaError {
                    kind: ErrorKind::InvalidConfig,
                    message: format!("Unknown topic config name: {key}"),
                })
            }
        }
        Ok(())
    }

    /// The value of `key` as Kafka prints it, if `key` is a modelled topic config.
    pub fn get(&self, key: &str) -> Option<String> {
        Some(match key {
            "min.insync.replicas" => self.min_insync_replicas.to_string(),
            "unclean.leader.election.enable" => self.unclean_leader_election_enable.to_string(),
            "segment.bytes" => self.segment_bytes.to_string(),
            "retention.ms" => self.retention_ms.to_string(),
            "retention.bytes" => self.retention_bytes.to_string(),
            "segment.ms" => self.segment_ms.to_string(),
            "delete.retention.ms" => self.delete_retention_ms.to_string(),
            "min.compaction.lag.ms" => self.min_compaction_lag_ms.to_string(),
            "max.compaction.lag.ms" => self.max_compaction_lag_ms.to_string(),
            "min.cleanable.dirty.ratio" => format_ratio_ppm(u64::from(self.min_cleanable_dirty_ratio_ppm)),
            "max.message.bytes" => self.max_message_bytes.to_string(),
            "cleanup.policy" => self.cleanup_policy.as_str().to_string(),
            "compression.type" => self.compression_type.clone(),
            _ => return None,
        })
    }

    /// A copy of `self` with every override applied, or the first error.
    pub fn with_overrides(&self, overrides: &VecMap<String, String>) -> Result<TopicConfig, KafkaError> {
        let mut cfg = self.clone();
        for (k, v) in overrides {
            cfg.set(k, v)?;
        }
        cfg.validate_values()?;
        Ok(cfg)
    }

    /// `LogConfig.validateValues`: checks across keys.
    pub fn validate_values(&self) -> Result<(), KafkaError> {
        if self.min_compaction_lag_ms > self.max_compaction_lag_ms {
            return Err(KafkaError::new(
                ErrorKind::InvalidConfig,
                format!(
                    "conflict topic config setting min.compaction.lag.ms ({}) > max.compaction.lag.ms ({})",
                    self.min_compaction_lag_ms, self.max_compaction_lag_ms
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_kafka_4() {
        let b = BrokerConfig::default();
        assert_eq!(b.broker_heartbeat_interval_ms, 2_000);
        assert_eq!(b.broker_session_timeout_ms, 9_000);
        assert_eq!(b.replica_lag_time_max_ms, 30_000);
        assert_eq!(b.replica_fetch_wait_max_ms, 500);
        assert_eq!(b.leader_imbalance_check_interval_seconds, 300);
        let t = TopicConfig::default();
        assert_eq!(t.min_insync_replicas, 1);
        assert!(!t.unclean_leader_election_enable);
        assert_eq!((t.segment_bytes, t.retention_ms, t.retention_bytes), (1_073_741_824, 604_800_000, -1));
        assert_eq!((t.max_message_bytes, t.compression_type.as_str()), (1_048_588, "producer"));
        for d in &TOPIC_CONFIGS {
            assert_eq!(t.get(d.name).as_deref(), Some(d.default), "{}", d.name);
        }
    }

    #[test]
    fn parse_errors_use_kafka_wording_and_leave_config_unchanged() {
        let mut t = TopicConfig::default();
        let cases = [
            ("retention.ms", "abc", "Invalid value abc for configuration retention.ms: Not a number of type LONG"),
            ("min.insync.replicas", "x", "Invalid value x for configuration min.insync.replicas: Not a number of type INT"),
            ("min.insync.replicas", "0", "Invalid value 0 for configuration min.insync.replicas: Value must be at least 1"),
            ("unclean.leader.election.enable", "yes", "Invalid value yes for configuration unclean.leader.election.enable: Expected value to be either true or false"),
            ("cleanup.policy", "purge", "Invalid value purge for configuration cleanup.policy: String must be one of: compact, delete"),
            ("foo", "bar", "Unknown topic config name: foo"),
        ];
        for (k, v, msg) in cases {
            let err = t.set(k, v).unwrap_err();
            assert_eq!(err.message, msg);
        }
        assert_eq!(t, TopicConfig::default());
    }

    #[test]
    fn valid_values_apply() {
        let mut t = TopicConfig::default();
        t.set("min.insync.replicas", "2").unwrap();
        t.set("unclean.leader.election.enable", "TRUE").unwrap();
        t.set("cleanup.policy", "compact,delete").unwrap();
        assert_eq!(t.min_insync_replicas, 2);
        assert!(t.unclean_leader_election_enable);
        assert_eq!(t.get("cleanup.policy").unwrap(), "compact,delete");
    }
}
