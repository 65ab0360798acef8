//! Dynamic broker configs: `kafka-configs --alter --entity-type brokers`.
//!
//! Kafka keeps a broker config set at runtime in the metadata log
//! (`ConfigRecord` of resource `BROKER`): under the broker's id for one broker,
//! under the empty name for the cluster-wide default. A broker resolves a
//! topic's config as topic override > its own dynamic config > the
//! cluster-wide dynamic default > `server.properties` > Kafka's default
//! (`DynamicBrokerConfig`, `LogManager.reconfigureDefaultLogConfig`). The
//! controller decides unclean elections from the topic override, the
//! cluster-wide default and its own static config only
//! (`ConfigurationControlManager.uncleanLeaderElectionEnabledForTopic`).
//!
//! Which keys may change at runtime follows `DynamicBrokerConfig.validateConfigs`:
//! the broker synonyms of topic configs (`DynamicLogConfig.ReconfigurableConfigs`,
//! from `ServerTopicConfigSynonyms`) are dynamic at both levels; the broker
//! settings KafkaSim models in [`BrokerConfig`](super::config::BrokerConfig)
//! are read-only and refused with Kafka's text.

use super::config::TopicConfig;
use super::config_def::{TOPIC_CONFIGS, TOPIC_CONFIG_COUNT};
use super::error::{ErrorKind, KafkaError};
use super::ids::BrokerId;
use super::metadata::{DynamicConfigs, MetadataImage, TopicImage};
use crate::vecmap::VecMap;

/// The resource name of the cluster-wide default (`ConfigurationControlManager.DEFAULT_NODE`).
pub const DEFAULT_ENTITY: &str = "";

/// Topic config → its broker synonym (`ServerTopicConfigSynonyms.TOPIC_CONFIG_SYNONYMS`),
/// for the topic configs KafkaSim models, in topic-config order.
pub const SYNONYMS: [(&str, &str); TOPIC_CONFIG_COUNT] = {
    let mut pairs = [("", ""); TOPIC_CONFIG_COUNT];
    let mut i = 0;
    while i < pairs.len() {
        pairs[i] = (TOPIC_CONFIGS[i].name, TOPIC_CONFIGS[i].broker_synonym);
        i += 1;
    }
    pairs
};

/// Broker configs that cannot change at runtime (`DynamicConfig.Broker.nonDynamicProps`):
/// the ones KafkaSim models, the retention synonyms that are not the primary
/// name, and the identity settings.
const READ_ONLY: [&str; 19] = [
    "log.retention.check.interval.ms",
    "log.initial.task.delay.ms",
    "broker.heartbeat.interval.ms",
    "broker.session.timeout.ms",
    "replica.lag.time.max.ms",
    "replica.fetch.wait.max.ms",
    "replica.fetch.backoff.ms",
    "auto.leader.rebalance.enable",
    "leader.imbalance.check.interval.seconds",
    "leader.imbalance.per.broker.percentage",
    "num.partitions",
    "default.replication.factor",
    "offsets.topic.num.partitions",
    "replica.high.watermark.checkpoint.interval.ms",
    "log.retention.hours",
    "log.retention.minutes",
    "node.id",
    "broker.id",
    "process.roles",
];

/// The topic config a broker config is the synonym of.
pub fn topic_key(broker_key: &str) -> Option<&'static str> {
    SYNONYMS.iter().find(|s| s.1 == broker_key).map(|s| s.0)
}

/// The broker synonym of a topic config.
pub fn broker_key(topic_key: &str) -> Option<&'static str> {
    SYNONYMS.iter().find(|s| s.0 == topic_key).map(|s| s.1)
}

/// `DynamicBrokerConfig.validateConfigs` on the whole new set of an entity:
/// read-only keys first (`Cannot update these configs dynamically: Set(...)`),
/// then each modelled value with its topic synonym's type and range. Keys
/// KafkaSim does not model are accepted as Kafka accepts them.
// Simplification: an unmodelled dynamic broker config is stored and described but has no effect.
pub fn validate(configs: &DynamicConfigs) -> Result<(), KafkaError> {
    let read_only: Vec<&str> = configs.keys().map(String::as_str).filter(|k| READ_ONLY.contains(k)).collect();
    if !read_only.is_empty() {
        return Err(KafkaError::new(
            ErrorKind::Config,
            format!("Cannot update these configs dynamically: Set({})", read_only.join(", ")),
        ));
    }
    let mut scratch = TopicConfig::default();
    for (k, v) in configs {
        if let Some(t) = topic_key(k) {
            scratch.set_as(t, v, k)?;
        }
    }
    Ok(())
}

/// `base` (the static topic defaults) with the dynamic broker synonyms in
/// `configs` applied: the defaults a broker (or, for the cluster default, the
/// controller) gives topics without an override.
pub fn apply(base: &TopicConfig, configs: Option<&DynamicConfigs>) -> TopicConfig {
    let mut cfg = base.clone();
    for (k, v) in configs.into_iter().flatten() {
        if let Some(t) = topic_key(k) {
            // Validated when it was set; a bad value keeps the default, as
            // `DynamicBrokerConfig.removeInvalidConfigs` ignores it.
            let _ = cfg.set(t, v);
        }
    }
    cfg
}

/// The configs of `topic` whose source is not `DEFAULT_CONFIG` as broker
/// `answering` describes them: the topic's overrides, plus each modelled
/// config without one that the broker's own or the cluster-wide dynamic
/// config sets (`ConfigHelper.createTopicConfigEntry`: the source is the first
/// synonym's). `kafka-topics --describe` prints these as `Configs:`
/// (`TopicCommand.TopicDescription.printDescription` drops only `isDefault()`).
pub fn non_default_topic_configs(
    image: &MetadataImage,
    topic: &TopicImage,
    answering: Option<BrokerId>,
) -> VecMap<String, String> {
    let own = answering.and_then(|b| image.broker_configs.get(&b.to_string()));
    let cluster = image.broker_configs.get(DEFAULT_ENTITY);
    let mut configs = topic.overrides.clone();
    for (topic_key, broker_key) in SYNONYMS {
        if configs.contains_key(topic_key) {
            continue;
        }
        if let Some(v) = own.and_then(|c| c.get(broker_key)).or_else(|| cluster.and_then(|c| c.get(broker_key))) {
            configs.insert(topic_key.to_string(), v.clone());
        }
    }
    configs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::config::TOPIC_CONFIG_KEYS;

    fn configs(pairs: &[(&str, &str)]) -> DynamicConfigs {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn synonyms_cover_the_modelled_topic_configs() {
        let keys: Vec<&str> = SYNONYMS.iter().map(|s| s.0).collect();
        assert_eq!(keys, TOPIC_CONFIG_KEYS);
        assert_eq!(broker_key("retention.ms"), Some("log.retention.ms"));
        assert_eq!(topic_key("message.max.bytes"), Some("max.message.bytes"));
    }

    #[test]
    fn validate_refuses_read_only_keys_and_bad_values_in_kafka_words() {
        let e = validate(&configs(&[("num.partitions", "3"), ("log.retention.hours", "1")])).unwrap_err();
        assert_eq!(e.message, "Cannot update these configs dynamically: Set(log.retention.hours, num.partitions)");
        let e = validate(&configs(&[("log.cleanup.policy", "purge")])).unwrap_err();
        assert_eq!(
            e.message,
            "Invalid value purge for configuration log.cleanup.policy: String must be one of: compact, delete"
        );
        let e = validate(&configs(&[("compression.type", "brotli")])).unwrap_err();
        assert!(e.message.ends_with("String must be one of: uncompressed, zstd, lz4, snappy, gzip, producer"));
        assert!(validate(&configs(&[("log.cleaner.threads", "2"), ("min.insync.replicas", "2")])).is_ok());
    }

    #[test]
    fn apply_maps_broker_synonyms_onto_topic_defaults() {
        let base = TopicConfig::default();
        let cfg =
            apply(&base, Some(&configs(&[("log.retention.ms", "1000"), ("unclean.leader.election.enable", "true")])));
        assert_eq!(cfg.retention_ms, 1000);
        assert!(cfg.unclean_leader_election_enable);
        assert_eq!(apply(&base, None), base);
    }
}
