//! Admin operations the controller performs: create, delete and grow topics,
//! change topic configs, and run leader elections on demand.
//!
//! Each validates first and changes nothing on error; errors carry Kafka's
//! exception class and message (`ReplicationControlManager`, `Topic.validate`),
//! so the console can print them as `kafka-topics` would.

use super::election::ElectionType;
use super::placement::assign_replicas;
use super::Controller;
use crate::sim::config::TopicConfig;
use crate::sim::error::{ErrorKind, KafkaError};
use crate::sim::ids::{BrokerId, LeaderEpoch, TopicName, TopicPartition};
use crate::sim::metadata::{MetadataRecord, PartitionState};
use crate::sim::node::{Ctx, Observation};
use crate::sim::trace::{PartitionChangeReason, TraceEvent};
use crate::vecmap::VecMap;

/// Kafka: offsets.topic.segment.bytes (`GroupCoordinatorConfig`, 100 MiB).
const OFFSETS_TOPIC_SEGMENT_BYTES: &str = "104857600";

/// The most partitions one topic may have in the simulator.
pub const MAX_PARTITIONS_PER_TOPIC: u32 = 1_000;

/// A rejected admin request.
pub(super) fn err(kind: ErrorKind, message: String) -> KafkaError {
    KafkaError::new(kind, message)
}

/// A `CreateTopics` request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateTopic {
    pub name: String,
    pub partitions: u32,
    pub replication_factor: u32,
    pub configs: VecMap<String, String>,
}

/// Kafka's `Topic.validate`: legal characters and length.
pub fn validate_topic_name(name: &str) -> Result<(), KafkaError> {
    let invalid = |why: String| err(ErrorKind::InvalidTopic, format!("Topic name is invalid: {why}"));
    if name.is_empty() {
        return Err(invalid("the empty string is not allowed".into()));
    }
    if name == "." || name == ".." {
        return Err(invalid(format!("'{name}' is not allowed")));
    }
    if name.len() > 249 {
        return Err(invalid(format!("the length of '{name}' is longer than the max allowed length 249")));
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-') {
        return Err(invalid(format!(
            "'{name}' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'"
        )));
    }
    Ok(())
}

impl Controller {
    fn new_topic_id(&mut self) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let bits = (u128::from(self.rng.next_u64()) << 64) | u128::from(self.rng.next_u64());
        (0..22).map(|i| ALPHABET[((bits >> (i * 6)) & 63) as usize] as char).collect()
    }

    /// Brokers for placement: unfenced first, then fenced as a last resort.
    fn placement_brokers(&self, replication_factor: u32) -> Result<Vec<BrokerId>, KafkaError> {
        let registered: Vec<BrokerId> = self.image.brokers.keys().copied().collect();
        let unfence = |e: &str| {
            err(
                ErrorKind::InvalidReplicationFactor,
                format!("Unable to replicate the partition {replication_factor} time(s): {e}"),
            )
        };
        if (registered.len() as u32) < replication_factor {
            return Err(unfence(&format!(
                "The target replication factor of {replication_factor} cannot be reached because only {} broker(s) are registered.",
                registered.len()
            )));
        }
        let active: Vec<BrokerId> = registered.iter().copied().filter(|b| self.image.is_active(*b)).collect();
        if active.is_empty() {
            return Err(unfence("All brokers are currently fenced or in controlled shutdown."));
        }
        if (active.len() as u32) >= replication_factor {
            return Ok(active);
        }
        // Simplification: like StripedReplicaPlacer, fall back to fenced brokers.
        let mut all = active;
        all.extend(registered.iter().filter(|b| !all_contains(&all, **b)).copied().collect::<Vec<_>>());
        Ok(all)
    }

    /// `CreateTopics`.
    pub fn create_topic(&mut self, ctx: &mut Ctx, req: &CreateTopic, internal: bool) -> Result<(), KafkaError> {
        validate_topic_name(&req.name)?;
        let name = TopicName::new(&req.name.clone());
        if self.image.topics.contains_key(&name) {
            return Err(err(ErrorKind::TopicAlreadyExists, format!("Topic '{}' already exists.", req.name)));
        }
        if req.partitions == 0 {
            return Err(err(
                ErrorKind::InvalidPartitions,
                "Number of partitions was set to an invalid non-positive value.".into(),
            ));
        }
        if req.replication_factor == 0 {
            return Err(err(ErrorKind::InvalidReplicationFactor, "Replication factor must be larger than 0.".into()));
        }
        // Simplification: a simulator in a browser tab caps a topic's size.
        if req.partitions > MAX_PARTITIONS_PER_TOPIC {
            return Err(err(
                ErrorKind::InvalidPartitions,
                format!("KafkaSim supports at most {MAX_PARTITIONS_PER_TOPIC} partitions per topic."),
            ));
        }
        let config = self
            .cluster_topic_defaults()
            .with_overrides(&req.configs)
            .map_err(|e| e.with_kind(ErrorKind::InvalidConfig))?;
        let brokers = self.placement_brokers(req.replication_factor)?;
        let n = brokers.len() as u64;
        let (start, shift) = (self.rng.below(n) as u32, self.rng.below(n) as u32);
        let assignment = assign_replicas(&brokers, req.partitions, req.replication_factor, 0, start, shift);
        let topic_id = self.new_topic_id();
        self.append(MetadataRecord::Topic {
            name: name.clone(),
            topic_id,
            config,
            overrides: req.configs.clone(),
            internal,
        });
        ctx.trace(TraceEvent::TopicCreated {
            name: req.name.to_string(),
            partitions: req.partitions,
            replication_factor: req.replication_factor,
        });
        self.add_partitions(ctx, &name, 0, assignment);
        Ok(())
    }

    fn add_partitions(&mut self, ctx: &mut Ctx, name: &TopicName, first: u32, assignment: Vec<Vec<BrokerId>>) {
        for (i, replicas) in assignment.into_iter().enumerate() {
            let isr: Vec<BrokerId> = replicas.iter().copied().filter(|b| self.image.is_active(*b)).collect();
            let leader = isr.first().copied();
            let tp = TopicPartition { topic: name.clone(), partition: first + i as u32 };
            let isr = if isr.is_empty() { replicas.clone() } else { isr };
            let state = PartitionState {
                replicas,
                isr,
                leader,
                leader_epoch: LeaderEpoch(0),
                partition_epoch: 0,
                recovering: false,
            };
            if leader.is_some() {
                ctx.observe(Observation::Election { tp: tp.clone(), unclean: false });
            }
            self.append(MetadataRecord::Partition { tp, state });
        }
    }

    fn existing(&self, topic: &str) -> Result<TopicName, KafkaError> {
        let name = TopicName::new(topic);
        if self.image.topics.contains_key(&name) {
            Ok(name)
        } else {
            Err(err(ErrorKind::UnknownTopicOrPartition, "This server does not host this topic-partition.".into()))
        }
    }

    /// Auto-creation of `__consumer_offsets` on the first FindCoordinator
    /// (`offsets.topic.num.partitions`, RF `min(3, brokers)`), with the configs
    /// of `GroupCoordinatorService.groupMetadataTopicConfigs`.
    pub fn create_offsets_topic(&mut self, ctx: &mut Ctx) {
        let name = crate::sim::coordinator::OFFSETS_TOPIC;
        if self.image.topics.contains_key(&TopicName::new(name)) {
            return;
        }
        let brokers = self.image.brokers.len() as u32;
        let req = CreateTopic {
            name: name.to_string(),
            partitions: self.config.offsets_topic_num_partitions,
            replication_factor: brokers.clamp(1, 3),
            configs: [
                ("cleanup.policy", "compact"),
                ("compression.type", "producer"),
                ("segment.bytes", OFFSETS_TOPIC_SEGMENT_BYTES),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        };
        if let Err(e) = self.create_topic(ctx, &req, true) {
            ctx.trace(TraceEvent::TopicCreateFailed { name: name.to_string(), message: e.message });
        }
    }

    /// `DeleteTopics`.
    pub fn delete_topic(&mut self, ctx: &mut Ctx, topic: &str) -> Result<(), KafkaError> {
        let name = self.existing(topic)?;
        self.append(MetadataRecord::RemoveTopic { name });
        ctx.trace(TraceEvent::TopicDeleted(topic.to_string()));
        Ok(())
    }

    /// `CreatePartitions`: grow `topic` to `count` partitions.
    pub fn create_partitions(&mut self, ctx: &mut Ctx, topic: &str, count: u32) -> Result<(), KafkaError> {
        let name = self.existing(topic)?;
        let t = &self.image.topics[&name];
        let current = t.partitions.len() as u32;
        if count == current {
            return Err(err(ErrorKind::InvalidPartitions, format!("Topic already has {current} partition(s).")));
        }
        if count > MAX_PARTITIONS_PER_TOPIC {
            return Err(err(
                ErrorKind::InvalidPartitions,
                format!("KafkaSim supports at most {MAX_PARTITIONS_PER_TOPIC} partitions per topic."),
            ));
        }
        if count < current {
            return Err(err(
                ErrorKind::InvalidPartitions,
                format!("The topic {topic} currently has {current} partition(s); {count} would not be an increase."),
            ));
        }
        let rf = t.partitions.first().map_or(1, |p| p.replicas.len() as u32);
        let brokers = self.placement_brokers(rf)?;
        let n = brokers.len() as u64;
        let (start, shift) = (self.rng.below(n) as u32, self.rng.below(n) as u32);
        let assignment = assign_replicas(&brokers, count - current, rf, current, start, shift);
        ctx.trace(TraceEvent::PartitionsAdded { topic: topic.to_string(), from: current, to: count });
        self.add_partitions(ctx, &name, current, assignment);
        Ok(())
    }

    /// `IncrementalAlterConfigs` for a topic: set and delete keys.
    pub fn alter_topic_config(
        &mut self,
        ctx: &mut Ctx,
        topic: &str,
        set: &VecMap<String, String>,
        delete: &[String],
    ) -> Result<(), KafkaError> {
        let name = self.existing(topic)?;
        let mut overrides = self.image.topics[&name].overrides.clone();
        for k in delete {
            if TopicConfig::default().get(k).is_none() {
                return Err(err(ErrorKind::InvalidConfig, format!("Unknown topic config name: {k}")));
            }
            overrides.remove(k);
        }
        overrides.extend(set.iter().map(|(k, v)| (k.clone(), v.clone())));
        let config = self
            .cluster_topic_defaults()
            .with_overrides(&overrides)
            .map_err(|e| e.with_kind(ErrorKind::InvalidConfig))?;
        let pairs = overrides.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        ctx.trace(TraceEvent::TopicConfigs { topic: topic.to_string(), overrides: pairs });
        self.append(MetadataRecord::TopicConfigChanged { name: name.clone(), config: config.clone(), overrides });
        if config.unclean_leader_election_enable {
            // Simplification: Kafka's controller runs unclean elections on a periodic
            // task after the config is enabled; KafkaSim runs them at once.
            self.elect_offline(ctx, Some(&name), ElectionType::Unclean);
        }
        Ok(())
    }

    /// Elects leaders for offline partitions (of `topic`, or all).
    pub(crate) fn elect_offline(
        &mut self,
        ctx: &mut Ctx,
        topic: Option<&TopicName>,
        election: ElectionType,
    ) -> Vec<TopicPartition> {
        let offline: Vec<(TopicPartition, Vec<BrokerId>)> = self
            .image
            .partitions()
            .filter(|(tp, p)| p.leader.is_none() && topic.is_none_or(|t| *t == tp.topic))
            .map(|(tp, p)| (tp, p.isr.clone()))
            .collect();
        let mut changed = Vec::new();
        for (tp, isr) in offline {
            if self.change_partition(ctx, &tp, isr, election, PartitionChangeReason::LeaderElection) {
                changed.push(tp);
            }
        }
        changed
    }

    /// `ElectLeaders` (kafka-leader-election): PREFERRED or UNCLEAN for `targets`
    /// (all partitions when `None`). Returns the partitions whose leader changed.
    pub fn elect_leaders(
        &mut self,
        ctx: &mut Ctx,
        preferred: bool,
        targets: Option<&[TopicPartition]>,
    ) -> Vec<TopicPartition> {
        let all: Vec<TopicPartition> = self.image.partitions().map(|(tp, _)| tp).collect();
        let list = targets.map_or(all, |t| t.to_vec());
        let mut changed = Vec::new();
        for tp in list {
            let Some(p) = self.image.partition(&tp).cloned() else { continue };
            let election = if preferred { ElectionType::Preferred } else { ElectionType::Unclean };
            let eligible = if preferred { p.replicas.first() != p.leader.as_ref() } else { p.leader.is_none() };
            if eligible
                && self.change_partition(ctx, &tp, p.isr.clone(), election, PartitionChangeReason::LeaderElectionTool)
            {
                changed.push(tp);
            }
        }
        self.flush_now(ctx);
        changed
    }

    /// Pushes pending records now (for admin calls made outside `handle`).
    pub fn flush_now(&mut self, ctx: &mut Ctx) {
        self.flush(ctx);
    }
}

fn all_contains(v: &[BrokerId], b: BrokerId) -> bool {
    v.contains(&b)
}
