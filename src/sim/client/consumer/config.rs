//! Consumer configuration: Kafka's keys and defaults (`ConsumerConfig`,
//! `CommonClientConfigs`, Kafka 4.0), parsed from `key=value` properties.

use crate::sim::assignor::{AssignorKind, RebalanceProtocol};
use crate::sim::config_def::{parse_bool, parse_long};
use crate::sim::error::{ErrorKind, KafkaError};
use serde::{Deserialize, Serialize};

/// `auto.offset.reset` (`AutoOffsetResetStrategy`, Kafka 4.0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OffsetReset {
    Earliest,
    Latest,
    None,
    /// `by_duration:<ISO-8601 duration>` (KIP-1106): the first offset whose
    /// record timestamp is at least now − duration, in milliseconds.
    ByDuration(u64),
}

impl OffsetReset {
    /// `AutoOffsetResetStrategy.fromString` (values arrive trimmed, as
    /// `ConfigDef` trims strings).
    pub fn parse(v: &str) -> Option<OffsetReset> {
        match v {
            "earliest" => Some(OffsetReset::Earliest),
            "latest" => Some(OffsetReset::Latest),
            "none" => Some(OffsetReset::None),
            _ => {
                let nanos = super::iso_duration::parse_nanos(v.strip_prefix("by_duration:")?)?;
                // Negative durations are refused; `toEpochMilli` floors now − duration.
                (nanos >= 0)
                    .then(|| OffsetReset::ByDuration(u64::try_from((nanos + 999_999) / 1_000_000).unwrap_or(u64::MAX)))
            }
        }
    }
}

/// When the simulated application commits.
// Simplification: a KafkaSim knob (`kafkasim.commit`) stands for the user's code
// calling `commitSync`/`commitAsync` before or after processing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommitMode {
    /// `enable.auto.commit` decides (commit inside `poll()` every interval).
    Auto,
    /// `commitSync()` after processing each batch: at-least-once.
    SyncAfterProcessing,
    /// `commitAsync()` after processing each batch.
    AsyncAfterProcessing,
    /// `commitSync()` right after `poll()`, before processing: at-most-once.
    BeforeProcessing,
}

/// A consumer's settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsumerConfig {
    pub client_id: String,
    /// Kafka: group.id
    pub group_id: String,
    /// Kafka: group.instance.id (static membership)
    pub group_instance_id: Option<String>,
    /// Kafka: partition.assignment.strategy (preference order)
    pub assignors: Vec<AssignorKind>,
    /// Kafka: session.timeout.ms
    pub session_timeout_ms: u64,
    /// Kafka: heartbeat.interval.ms
    pub heartbeat_interval_ms: u64,
    /// Kafka: max.poll.interval.ms (also the rebalance timeout)
    pub max_poll_interval_ms: u64,
    /// Kafka: max.poll.records
    pub max_poll_records: u32,
    /// Kafka: auto.offset.reset
    pub auto_offset_reset: OffsetReset,
    /// Kafka: enable.auto.commit
    pub enable_auto_commit: bool,
    /// Kafka: auto.commit.interval.ms
    pub auto_commit_interval_ms: u64,
    /// Kafka: request.timeout.ms
    pub request_timeout_ms: u64,
    /// Kafka: retry.backoff.ms
    pub retry_backoff_ms: u64,
    /// KafkaSim: when the application commits.
    pub commit_mode: CommitMode,
}

impl Default for ConsumerConfig {
    fn default() -> Self {
        ConsumerConfig {
            client_id: String::new(),
            group_id: String::new(),
            group_instance_id: None,
            assignors: vec![AssignorKind::Range, AssignorKind::CooperativeSticky],
            session_timeout_ms: 45_000,
            heartbeat_interval_ms: 3_000,
            max_poll_interval_ms: 300_000,
            max_poll_records: 500,
            auto_offset_reset: OffsetReset::Latest,
            enable_auto_commit: true,
            auto_commit_interval_ms: 5_000,
            request_timeout_ms: 30_000,
            retry_backoff_ms: 100,
            commit_mode: CommitMode::Auto,
        }
    }
}

/// A LONG of at least `min` (0 or 1), so it fits a `u64`.
fn num(key: &str, v: &str, min: i64) -> Result<u64, KafkaError> {
    Ok(parse_long(key, v, min)?.unsigned_abs())
}

impl ConsumerConfig {
    /// Parses properties over the defaults; unknown keys are ignored (Kafka logs a warning).
    pub fn from_properties(props: &[(String, String)]) -> Result<ConsumerConfig, KafkaError> {
        let mut c = ConsumerConfig::default();
        for (k, v) in props {
            c.set(k, v)?;
        }
        if c.heartbeat_interval_ms >= c.session_timeout_ms {
            // `new Heartbeat(...)` throws inside the `ClassicKafkaConsumer`
            // constructor, which wraps it (stack frames omitted).
            return Err(KafkaError {
                kind: ErrorKind::Kafka,
                message: "Failed to construct kafka consumer\nCaused by: java.lang.IllegalArgumentException: Heartbeat must be set lower than the session timeout".into(),
            });
        }
        Ok(c)
    }

    fn set(&mut self, k: &str, v: &str) -> Result<(), KafkaError> {
        match k {
            "session.timeout.ms" => self.session_timeout_ms = num(k, v, 1)?,
            "heartbeat.interval.ms" => self.heartbeat_interval_ms = num(k, v, 1)?,
            "max.poll.interval.ms" => self.max_poll_interval_ms = num(k, v, 1)?,
            "max.poll.records" => self.max_poll_records = num(k, v, 1)?.min(u64::from(u32::MAX)) as u32,
            "auto.commit.interval.ms" => self.auto_commit_interval_ms = num(k, v, 0)?,
            "request.timeout.ms" => self.request_timeout_ms = num(k, v, 0)?,
            "retry.backoff.ms" => self.retry_backoff_ms = num(k, v, 0)?,
            "enable.auto.commit" => self.enable_auto_commit = parse_bool(k, v)?,
            "auto.offset.reset" => {
                // `AutoOffsetResetStrategy.Validator.ensureValid`.
                let v = v.trim();
                self.auto_offset_reset = OffsetReset::parse(v).ok_or_else(|| {
                    let why = format!("Invalid value `{v}` for configuration {k}. The value must be either 'earliest', 'latest', 'none' or of the format 'by_duration:<PnDTnHnMn.nS.>'.");
                    KafkaError::invalid_config_value(k, v, &why)
                })?;
            }
            "partition.assignment.strategy" => {
                let kinds: Result<Vec<AssignorKind>, _> = v.split(',').map(|s| s.trim().parse()).collect();
                self.assignors = kinds.map_err(|e| KafkaError::invalid_config_value(k, v, &e.to_string()))?;
            }
            "group.instance.id" => self.group_instance_id = Some(v.to_string()),
            "kafkasim.commit" => {
                self.commit_mode = match v.trim() {
                    "auto" => CommitMode::Auto,
                    "sync-after-processing" => CommitMode::SyncAfterProcessing,
                    "async-after-processing" => CommitMode::AsyncAfterProcessing,
                    "before-processing" => CommitMode::BeforeProcessing,
                    _ => {
                        return Err(KafkaError::invalid_config_value(
                            k,
                            v,
                            "auto, sync-after-processing, async-after-processing or before-processing",
                        ))
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The rebalance protocol: cooperative only if every configured assignor supports it.
    pub fn rebalance_protocol(&self) -> RebalanceProtocol {
        let all = self.assignors.iter().all(|a| a.supported_protocols().contains(&RebalanceProtocol::Cooperative));
        if all && !self.assignors.is_empty() {
            RebalanceProtocol::Cooperative
        } else {
            RebalanceProtocol::Eager
        }
    }

    /// Auto commit in effect.
    pub fn auto_commit(&self) -> bool {
        self.enable_auto_commit && self.commit_mode == CommitMode::Auto
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(kv: &[(&str, &str)]) -> Vec<(String, String)> {
        kv.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn defaults_are_kafkas() {
        let c = ConsumerConfig::default();
        assert_eq!((c.session_timeout_ms, c.heartbeat_interval_ms, c.max_poll_interval_ms), (45_000, 3_000, 300_000));
        assert_eq!((c.max_poll_records, c.auto_commit_interval_ms), (500, 5_000));
        assert_eq!(c.auto_offset_reset, OffsetReset::Latest);
        assert!(c.enable_auto_commit);
        assert_eq!(c.assignors, vec![AssignorKind::Range, AssignorKind::CooperativeSticky]);
        assert_eq!(c.rebalance_protocol(), RebalanceProtocol::Eager, "range is eager-only");
    }

    #[test]
    fn cooperative_only_when_every_assignor_supports_it() {
        let c = ConsumerConfig::from_properties(&props(&[("partition.assignment.strategy", "cooperative-sticky")]));
        assert_eq!(c.unwrap().rebalance_protocol(), RebalanceProtocol::Cooperative);
    }

    #[test]
    fn invalid_values_are_config_exceptions() {
        assert!(ConsumerConfig::from_properties(&props(&[("partition.assignment.strategy", "foo")])).is_err());
    }

    /// `ConfigDef` rules shared with the producer: BOOLEAN ignores case, and a
    /// negative number fails its range (`Value must be at least`), not its type.
    #[test]
    fn config_def_rules_as_for_every_client() {
        let c = ConsumerConfig::from_properties(&props(&[("enable.auto.commit", "FALSE")])).unwrap();
        assert!(!c.enable_auto_commit);
        let e = ConsumerConfig::from_properties(&props(&[("max.poll.records", "-1")])).unwrap_err();
        assert_eq!(e.message, "Invalid value -1 for configuration max.poll.records: Value must be at least 1");
    }

    #[test]
    fn d23_auto_offset_reset_has_kafka_4_text_and_by_duration() {
        for bad in ["smallest", "by_duration", "by_duration:-PT1H", "by_duration:1H", "Earliest"] {
            let e = ConsumerConfig::from_properties(&props(&[("auto.offset.reset", bad)])).unwrap_err();
            assert_eq!(
                e.to_string(),
                format!("org.apache.kafka.common.config.ConfigException: Invalid value {bad} for configuration auto.offset.reset: Invalid value `{bad}` for configuration auto.offset.reset. The value must be either 'earliest', 'latest', 'none' or of the format 'by_duration:<PnDTnHnMn.nS.>'.")
            );
        }
        let c = ConsumerConfig::from_properties(&props(&[("auto.offset.reset", "by_duration:PT1H30M")])).unwrap();
        assert_eq!(c.auto_offset_reset, OffsetReset::ByDuration(5_400_000));
        let c = ConsumerConfig::from_properties(&props(&[("auto.offset.reset", "by_duration:PT0.0005S")])).unwrap();
        assert_eq!(c.auto_offset_reset, OffsetReset::ByDuration(1));
    }

    #[test]
    fn d24_heartbeat_not_below_session_timeout_fails_construction() {
        for hb in ["45000", "50000"] {
            let e = ConsumerConfig::from_properties(&props(&[("heartbeat.interval.ms", hb)])).unwrap_err();
            assert_eq!(
                e.to_string(),
                "org.apache.kafka.common.KafkaException: Failed to construct kafka consumer\nCaused by: java.lang.IllegalArgumentException: Heartbeat must be set lower than the session timeout"
            );
        }
        assert!(ConsumerConfig::from_properties(&props(&[("heartbeat.interval.ms", "44999")])).is_ok());
    }
}
