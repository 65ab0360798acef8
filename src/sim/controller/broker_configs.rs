//! Dynamic broker configs in the controller (`ConfigurationControlManager`).
//!
//! An `AlterConfigs` of resource `BROKER` replaces the entity's dynamic set
//! (the legacy request `kafka-configs` sends for brokers, `ConfigCommand.alterConfig`)
//! after `DynamicBrokerConfig.validateConfigs` accepted it. A change of the
//! cluster-wide default re-resolves every topic's effective config, so
//! brokers (`min.insync.replicas`) and the controller
//! (`unclean.leader.election.enable`) act on it; a per-broker set reaches
//! only that broker (see [`MetadataImage::min_insync_replicas_on`]).
//!
//! [`MetadataImage::min_insync_replicas_on`]: crate::sim::metadata::MetadataImage::min_insync_replicas_on

use super::election::ElectionType;
use super::Controller;
use crate::sim::config::TopicConfig;
use crate::sim::dynamic_config::{self, DEFAULT_ENTITY};
use crate::sim::error::{ErrorKind, KafkaError};
use crate::sim::ids::{BrokerId, TopicName};
use crate::sim::metadata::MetadataRecord;
use crate::sim::node::Ctx;
use crate::sim::trace::TraceEvent;
use crate::vecmap::VecMap;

impl Controller {
    /// The static topic defaults with the cluster-wide dynamic default applied:
    /// what a topic without an override gets (`resolveEffectiveTopicConfigs`).
    pub(crate) fn cluster_topic_defaults(&self) -> TopicConfig {
        dynamic_config::apply(&self.config.topic_defaults, self.image.broker_configs.get(DEFAULT_ENTITY))
    }

    /// Sets and deletes dynamic configs of `broker` (`None` = the cluster-wide
    /// default). On error nothing changes; the error is the broker's
    /// `InvalidRequestException` (`ConfigAdminManager.validateBrokerConfigChange`).
    pub fn alter_broker_config(
        &mut self,
        ctx: &mut Ctx,
        broker: Option<BrokerId>,
        set: &VecMap<String, String>,
        delete: &[String],
    ) -> Result<(), KafkaError> {
        let entity = broker.map_or_else(|| DEFAULT_ENTITY.to_string(), |b| b.to_string());
        let mut configs = self.image.broker_configs.get(&entity).cloned().unwrap_or_default();
        for k in delete {
            configs.remove(k);
        }
        configs.extend(set.iter().map(|(k, v)| (k.trim().to_string(), v.trim().to_string())));
        dynamic_config::validate(&configs).map_err(|e| e.with_kind(ErrorKind::InvalidRequest))?;
        let pairs = configs.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        ctx.trace(TraceEvent::BrokerConfigs { broker, configs: pairs });
        self.append(MetadataRecord::BrokerConfig { entity, configs });
        if broker.is_none() {
            self.reresolve_topic_configs(ctx);
        }
        self.flush_now(ctx);
        Ok(())
    }

    /// Recomputes every topic's effective config from the new cluster-wide
    /// defaults; runs unclean elections where they became allowed.
    fn reresolve_topic_configs(&mut self, ctx: &mut Ctx) {
        let defaults = self.cluster_topic_defaults();
        let topics: Vec<(TopicName, VecMap<String, String>)> =
            self.image.topics.iter().map(|(n, t)| (n.clone(), t.overrides.clone())).collect();
        let mut unclean = Vec::new();
        for (name, overrides) in topics {
            let Ok(config) = defaults.with_overrides(&overrides) else { continue };
            let old = &self.image.topics[&name].config;
            if *old == config {
                continue;
            }
            if config.unclean_leader_election_enable && !old.unclean_leader_election_enable {
                unclean.push(name.clone());
            }
            self.append(MetadataRecord::TopicConfigChanged { name, config, overrides });
        }
        for name in unclean {
            // Simplification: as for a topic override, the unclean election runs
            // at once rather than on the controller's periodic task.
            self.elect_offline(ctx, Some(&name), ElectionType::Unclean);
        }
    }
}
