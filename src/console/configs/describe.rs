//! `kafka-configs --describe`: `ConfigCommand.describeResourceConfig` and the
//! entries and synonyms the broker returns (`ConfigHelper.describeConfigs`).
//!
//! Each entity's header (`Dynamic configs for topic t are:`, `All configs for
//! broker 1 are:`, `Default configs for brokers in the cluster are:`) is
//! printed before its configs are fetched, so a missing topic still shows it.
//! Entries are sorted by name; without `--all` only those whose source is the
//! entity's dynamic source are shown. A config's synonyms list, in order, the
//! topic override, the answering broker's dynamic value
//! (`DYNAMIC_BROKER_CONFIG`), the cluster-wide dynamic default
//! (`DYNAMIC_DEFAULT_BROKER_CONFIG`) and Kafka's default (`DEFAULT_CONFIG`),
//! then drop everything before the config's own name (`configSynonyms`).

use super::{reachable_broker, unknown_topic, Entity, ToolError};
use crate::console::java::{hashmap_order, string_hash};
use crate::console::output::Output;
use crate::sim::dynamic_config::{self, DEFAULT_ENTITY, SYNONYMS};
use crate::sim::ids::{BrokerId, TopicName};
use crate::sim::simulation::Simulation;

/// `(source, name, value)` of one synonym.
type Synonym = (&'static str, String, String);

/// Runs the describe for `entity`; `answering` is the broker the bootstrap reached.
pub(super) fn describe(
    sim: &mut Simulation,
    all: bool,
    entity: &Entity,
    answering: Option<BrokerId>,
    out: &mut Output,
) -> Result<(), ToolError> {
    let label = if all { "All" } else { "Dynamic" };
    if entity.kind == "brokers" {
        return describe_brokers(sim, all, entity, out);
    }
    let names: Vec<String> = match &entity.name {
        Some(n) => vec![n.clone()],
        None => {
            let keys: Vec<String> = sim.controller().image.topics.keys().map(|t| t.as_str().to_string()).collect();
            hashmap_order(&keys, |k| string_hash(k), 16)
        }
    };
    for name in names {
        // ConfigCommand prints the header before getResourceConfig fails.
        out.out(&format!("{label} configs for topic {name} are:"));
        let topic = sim.controller().image.topics.get(&TopicName::new(&name.clone())).ok_or_else(unknown_topic)?;
        for (key, broker_key) in SYNONYMS {
            let broker_synonyms = synonyms(sim, broker_key, answering);
            let line = |value: &str, list: Vec<String>| {
                format!("  {key}={value} sensitive=false synonyms={{{}}}", list.join(", "))
            };
            if let Some(v) = topic.overrides.get(key) {
                let list = std::iter::once(format!("DYNAMIC_TOPIC_CONFIG:{key}={v}")).chain(render(&broker_synonyms));
                out.out(&line(v, list.collect()));
            } else if all {
                out.out(&line(&topic.config.get(key).unwrap_or_default(), render(&broker_synonyms).collect()));
            }
        }
    }
    Ok(())
}

fn render(list: &[Synonym]) -> impl Iterator<Item = String> + '_ {
    list.iter().map(|(source, name, value)| format!("{source}:{name}={value}"))
}

/// Brokers: one broker, the default entity, or (no name) every live broker then the default.
fn describe_brokers(sim: &mut Simulation, all: bool, entity: &Entity, out: &mut Output) -> Result<(), ToolError> {
    let entities: Vec<Option<String>> = match (&entity.name, entity.default) {
        (Some(n), _) => vec![Some(n.clone())],
        (None, true) => vec![None],
        (None, false) => {
            let live: Vec<BrokerId> = sim.brokers().keys().copied().filter(|b| sim.broker(*b).is_some()).collect();
            live.iter().map(|b| Some(b.to_string())).chain([None]).collect()
        }
    };
    for e in entities {
        let Some(name) = e else {
            out.out("Default configs for brokers in the cluster are:");
            let defaults = sim.controller().image.broker_configs.get(DEFAULT_ENTITY).cloned().unwrap_or_default();
            for (k, v) in sorted(defaults.iter().map(|(k, v)| (k.clone(), v.clone())).collect()) {
                out.out(&format!("  {k}={v} sensitive=false synonyms={{DYNAMIC_DEFAULT_BROKER_CONFIG:{k}={v}}}"));
            }
            continue;
        };
        out.out(&format!("{} configs for broker {name} are:", if all { "All" } else { "Dynamic" }));
        let b = reachable_broker(sim, &name)?;
        for (key, list) in broker_entries(sim, b) {
            let Some((source, _, value)) = list.first() else { continue };
            if all || *source == "DYNAMIC_BROKER_CONFIG" {
                let shown: Vec<String> = render(&list).collect();
                out.out(&format!("  {key}={value} sensitive=false synonyms={{{}}}", shown.join(", ")));
            }
        }
    }
    Ok(())
}

fn sorted(mut v: Vec<(String, String)>) -> Vec<(String, String)> {
    v.sort();
    v
}

/// Every config broker `b` would describe, sorted by name, with its synonyms:
/// the modelled broker synonyms of topic configs and any dynamic key set.
fn broker_entries(sim: &Simulation, b: BrokerId) -> Vec<(String, Vec<Synonym>)> {
    let image = &sim.controller().image;
    let mut keys: Vec<String> = SYNONYMS.iter().map(|s| s.1.to_string()).collect();
    for entity in [b.to_string(), DEFAULT_ENTITY.to_string()] {
        keys.extend(image.broker_configs.get(&entity).into_iter().flat_map(|c| c.keys().cloned()));
    }
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .map(|k| {
            let list = match SYNONYMS.iter().find(|s| s.1 == k) {
                Some((_, broker_key)) => synonyms(sim, broker_key, Some(b)),
                None => unmodelled_synonyms(sim, &k, b),
            };
            (k, list)
        })
        .collect()
}

/// A dynamic key KafkaSim does not model: only its dynamic values.
fn unmodelled_synonyms(sim: &Simulation, key: &str, b: BrokerId) -> Vec<Synonym> {
    let image = &sim.controller().image;
    let value = |entity: &str| image.broker_configs.get(entity).and_then(|c| c.get(key)).cloned();
    let mut list = Vec::new();
    if let Some(v) = value(&b.to_string()) {
        list.push(("DYNAMIC_BROKER_CONFIG", key.to_string(), v));
    }
    if let Some(v) = value(DEFAULT_ENTITY) {
        list.push(("DYNAMIC_DEFAULT_BROKER_CONFIG", key.to_string(), v));
    }
    list
}

/// `DynamicBrokerConfig.brokerConfigSynonyms`: the retention and the roll
/// synonyms each share one list.
fn synonym_names(broker_key: &'static str) -> Vec<&'static str> {
    const RETENTION: [&str; 3] = ["log.retention.ms", "log.retention.minutes", "log.retention.hours"];
    const ROLL: [&str; 2] = ["log.roll.ms", "log.roll.hours"];
    if RETENTION.contains(&broker_key) {
        RETENTION.to_vec()
    } else if ROLL.contains(&broker_key) {
        ROLL.to_vec()
    } else {
        vec![broker_key]
    }
}

/// `ConfigHelper.configSynonyms` for `broker_key` as broker `answering` reports it.
fn synonyms(sim: &Simulation, broker_key: &'static str, answering: Option<BrokerId>) -> Vec<Synonym> {
    let image = &sim.controller().image;
    let names = synonym_names(broker_key);
    let own = answering.and_then(|b| image.broker_configs.get(&b.to_string()));
    let cluster = image.broker_configs.get(DEFAULT_ENTITY);
    let mut list = Vec::new();
    for (source, map) in [("DYNAMIC_BROKER_CONFIG", own), ("DYNAMIC_DEFAULT_BROKER_CONFIG", cluster)] {
        for n in &names {
            if let Some(v) = map.and_then(|m| m.get(*n)) {
                list.push((source, n.to_string(), v.clone()));
            }
        }
    }
    for n in &names {
        if let Some(v) = static_default(sim, n) {
            list.push(("DEFAULT_CONFIG", n.to_string(), v));
        }
    }
    let first = list.iter().position(|s| s.1 == broker_key).unwrap_or(list.len());
    list.split_off(first)
}

/// Kafka's default of a broker config (`staticDefaultConfigs`); null defaults
/// (`log.retention.ms`, `log.retention.minutes`, `log.roll.ms`) have none.
fn static_default(sim: &Simulation, broker_key: &str) -> Option<String> {
    let defaults = &sim.config().broker.topic_defaults;
    match broker_key {
        "log.retention.ms" | "log.retention.minutes" | "log.roll.ms" => None,
        "log.retention.hours" => Some((defaults.retention_ms / 3_600_000).to_string()),
        "log.roll.hours" => Some((defaults.segment_ms / 3_600_000).to_string()),
        k => dynamic_config::topic_key(k).and_then(|t| defaults.get(t)),
    }
}
