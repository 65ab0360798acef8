//! The cluster metadata: KRaft's metadata log records and the image built from them.
//!
//! In KRaft the controller writes every change (a topic created, a partition's
//! leader or ISR changed, a broker fenced) as a record in the `__cluster_metadata`
//! log, and every broker replays that log into its own *image*. The controller
//! and each broker here hold a [`MetadataImage`] and apply the same
//! [`MetadataRecord`]s in offset order, so a broker's view lags the controller's
//! exactly by the records it has not received yet.
//! Source: `metadata/src/main/java/org/apache/kafka/image/` and KIP-631.

use super::config::TopicConfig;
use super::config_def::TOPIC_CONFIGS;
use super::ids::{BrokerId, LeaderEpoch, TopicName, TopicPartition};
use super::log_config::LogConfig;
use crate::vecmap::VecMap;
use serde::{Deserialize, Serialize};

/// Dynamic configs of one entity (`""` = cluster default, else a broker id),
/// as `ConfigRecord`s leave them in the image ([`super::dynamic_config`] reads them).
pub type DynamicConfigs = VecMap<String, String>;

/// A partition's replication state (Kafka's `PartitionRegistration`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionState {
    /// The assignment; the first replica is the preferred leader.
    pub replicas: Vec<BrokerId>,
    pub isr: Vec<BrokerId>,
    pub leader: Option<BrokerId>,
    pub leader_epoch: LeaderEpoch,
    /// Bumped on every change (Kafka's `partitionEpoch`).
    pub partition_epoch: u32,
    /// Kafka's `leaderRecoveryState == RECOVERING` after an unclean election.
    pub recovering: bool,
}

/// One topic in the image.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicImage {
    /// Kafka's topic UUID, printed base64-like by the tools.
    pub topic_id: String,
    pub config: TopicConfig,
    /// Only the keys set explicitly (what `kafka-topics --describe` prints).
    pub overrides: VecMap<String, String>,
    pub partitions: Vec<PartitionState>,
    pub internal: bool,
}

/// A broker's registration as the controller sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrokerRegistration {
    pub broker_epoch: u64,
    pub fenced: bool,
    pub in_controlled_shutdown: bool,
}

/// One record of the metadata log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MetadataRecord {
    RegisterBroker {
        broker: BrokerId,
        broker_epoch: u64,
    },
    BrokerFenced {
        broker: BrokerId,
    },
    BrokerUnfenced {
        broker: BrokerId,
    },
    BrokerShuttingDown {
        broker: BrokerId,
    },
    Topic {
        name: TopicName,
        topic_id: String,
        config: TopicConfig,
        overrides: VecMap<String, String>,
        internal: bool,
    },
    TopicConfigChanged {
        name: TopicName,
        config: TopicConfig,
        overrides: VecMap<String, String>,
    },
    Partition {
        tp: TopicPartition,
        state: PartitionState,
    },
    RemoveTopic {
        name: TopicName,
    },
    /// The whole dynamic config set of a broker entity (`ConfigRecord`s of
    /// resource `BROKER`; `entity` is `""` for the cluster default).
    BrokerConfig {
        entity: String,
        configs: DynamicConfigs,
    },
}

/// The state the metadata log describes, at some offset.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetadataImage {
    /// Offset of the next record to apply (records applied so far).
    pub offset: u64,
    pub brokers: VecMap<BrokerId, BrokerRegistration>,
    pub topics: VecMap<TopicName, TopicImage>,
    /// Dynamic broker configs by entity (`""` = cluster default, else the broker id).
    #[serde(default)]
    pub broker_configs: VecMap<String, DynamicConfigs>,
}

impl MetadataImage {
    /// Applies one record (the record at `self.offset`).
    pub fn apply(&mut self, record: &MetadataRecord) {
        self.offset += 1;
        match record {
            MetadataRecord::RegisterBroker { broker, broker_epoch } => {
                self.brokers.insert(
                    *broker,
                    BrokerRegistration { broker_epoch: *broker_epoch, fenced: true, in_controlled_shutdown: false },
                );
            }
            MetadataRecord::BrokerFenced { broker } => self.set_broker(*broker, |r| r.fenced = true),
            MetadataRecord::BrokerUnfenced { broker } => self.set_broker(*broker, |r| {
                r.fenced = false;
                r.in_controlled_shutdown = false;
            }),
            MetadataRecord::BrokerShuttingDown { broker } => {
                self.set_broker(*broker, |r| r.in_controlled_shutdown = true)
            }
            MetadataRecord::Topic { name, topic_id, config, overrides, internal } => {
                self.topics.insert(
                    name.clone(),
                    TopicImage {
                        topic_id: topic_id.clone(),
                        config: config.clone(),
                        overrides: overrides.clone(),
                        partitions: Vec::new(),
                        internal: *internal,
                    },
                );
            }
            MetadataRecord::TopicConfigChanged { name, config, overrides } => {
                if let Some(t) = self.topics.get_mut(name) {
                    t.config = config.clone();
                    t.overrides = overrides.clone();
                }
            }
            MetadataRecord::Partition { tp, state } => self.apply_partition(tp, state),
            MetadataRecord::RemoveTopic { name } => {
                self.topics.remove(name);
            }
            MetadataRecord::BrokerConfig { entity, configs } if configs.is_empty() => {
                self.broker_configs.remove(entity);
            }
            MetadataRecord::BrokerConfig { entity, configs } => {
                self.broker_configs.insert(entity.clone(), configs.clone());
            }
        }
    }

    fn set_broker(&mut self, broker: BrokerId, f: impl FnOnce(&mut BrokerRegistration)) {
        if let Some(r) = self.brokers.get_mut(&broker) {
            f(r);
        }
    }

    fn apply_partition(&mut self, tp: &TopicPartition, state: &PartitionState) {
        let Some(topic) = self.topics.get_mut(&tp.topic) else { return };
        let index = tp.partition as usize;
        if index < topic.partitions.len() {
            topic.partitions[index] = state.clone();
        } else if index == topic.partitions.len() {
            topic.partitions.push(state.clone());
        }
    }

    /// The state of one partition, if it exists.
    pub fn partition(&self, tp: &TopicPartition) -> Option<&PartitionState> {
        self.topics.get(&tp.topic)?.partitions.get(tp.partition as usize)
    }

    /// The config of a topic, if it exists.
    pub fn topic_config(&self, topic: &TopicName) -> Option<&TopicConfig> {
        self.topics.get(topic).map(|t| &t.config)
    }

    /// `min.insync.replicas` of `topic` on `broker`: the topic override, else the
    /// broker's own dynamic config, else the resolved default
    /// (`DynamicBrokerConfig`: per-broker beats the cluster-wide default).
    pub fn min_insync_replicas_on(&self, topic: &TopicName, broker: BrokerId) -> Option<u32> {
        let t = self.topics.get(topic)?;
        let key = "min.insync.replicas";
        if t.overrides.contains_key(key) {
            return Some(t.config.min_insync_replicas);
        }
        let own = self.broker_configs.get(&broker.to_string()).and_then(|c| c.get(key));
        Some(own.and_then(|v| v.trim().parse().ok()).unwrap_or(t.config.min_insync_replicas))
    }

    /// The log settings of `topic` on `broker`: each key from the topic
    /// override, else the broker's own dynamic config, else the topic's
    /// resolved default (`DynamicBrokerConfig`, `LogManager.reconfigureDefaultLogConfig`).
    pub fn log_config_on(&self, topic: &TopicName, broker: BrokerId) -> Option<LogConfig> {
        let t = self.topics.get(topic)?;
        let Some(own) = self.broker_configs.get(&broker.to_string()) else {
            return Some(LogConfig::from(&t.config));
        };
        let mut cfg = t.config.clone();
        for (k, v) in own {
            let synonym = TOPIC_CONFIGS.iter().find(|d| d.broker_synonym == k.as_str());
            if let Some(d) = synonym.filter(|d| !t.overrides.contains_key(d.name)) {
                let _ = cfg.set(d.name, v);
            }
        }
        Some(LogConfig::from(&cfg))
    }

    /// Whether `broker` is registered, unfenced and not shutting down.
    pub fn is_active(&self, broker: BrokerId) -> bool {
        self.brokers.get(&broker).is_some_and(|r| !r.fenced && !r.in_controlled_shutdown)
    }

    /// Every partition, in topic then partition order.
    pub fn partitions(&self) -> impl Iterator<Item = (TopicPartition, &PartitionState)> {
        self.topics.iter().flat_map(|(name, t)| {
            t.partitions
                .iter()
                .enumerate()
                .map(move |(i, p)| (TopicPartition { topic: name.clone(), partition: i as u32 }, p))
        })
    }
}
