//! `kafka-configs`: describe and alter topic and broker configs.
//!
//! Follows `kafka.admin.ConfigCommand` (Scala, Kafka 4.0). Argument errors
//! (`IllegalArgumentException`, `InvalidConfigurationException`) print their
//! message on stderr; errors from the cluster print `Error while executing
//! config command with args '...'` and the `ExecutionException` with its
//! cause (frames omitted). `--describe` lists the dynamic (non-default)
//! configs sorted by name with Kafka's synonyms
//! (`cleanup.policy=compact sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:
//! cleanup.policy=compact, DEFAULT_CONFIG:log.cleanup.policy=delete}`);
//! `--all` adds the defaults of the configs KafkaSim models. Simulated
//! brokers have no dynamic configs: altering one is refused as Kafka refuses
//! a config it cannot update dynamically.

use super::args::{opt, Arg, Parsed, Spec};
use super::common::{self, Connect};
use super::java::{hashmap_order, string_hash};
use super::output::Output;
use crate::sim::commands::Command;
use crate::sim::config::TOPIC_CONFIG_KEYS;
use crate::sim::ids::{BrokerId, TopicName};
use crate::sim::simulation::Simulation;
use crate::vecmap::VecMap;

pub(crate) const SPECS: [Spec; 21] = [
    opt("bootstrap-server", Arg::Required),
    opt("bootstrap-controller", Arg::Required),
    opt("command-config", Arg::Required),
    opt("alter", Arg::None),
    opt("describe", Arg::None),
    opt("all", Arg::None),
    opt("entity-type", Arg::Required),
    opt("entity-name", Arg::Required),
    opt("entity-default", Arg::None),
    opt("add-config", Arg::Required),
    opt("add-config-file", Arg::Required),
    opt("delete-config", Arg::Required),
    opt("topic", Arg::Required),
    opt("broker", Arg::Required),
    opt("broker-defaults", Arg::None),
    opt("broker-logger", Arg::Required),
    opt("client", Arg::Required),
    opt("user", Arg::Required),
    opt("group", Arg::Required),
    opt("help", Arg::None),
    opt("version", Arg::None),
];

const ENTITY_TYPES: [&str; 8] =
    ["topics", "clients", "users", "brokers", "ips", "client-metrics", "groups", "broker-loggers"];

/// Topic config → (broker synonym, whether the broker synonym has a value).
const SYNONYMS: [(&str, &str, bool); 7] = [
    ("cleanup.policy", "log.cleanup.policy", true),
    ("max.message.bytes", "message.max.bytes", true),
    ("min.insync.replicas", "min.insync.replicas", true),
    ("retention.bytes", "log.retention.bytes", true),
    ("retention.ms", "log.retention.ms", false),
    ("segment.bytes", "log.segment.bytes", true),
    ("unclean.leader.election.enable", "unclean.leader.election.enable", true),
];

/// The entity: type and name (`None` for the default entity).
struct Entity {
    kind: String,
    name: Option<String>,
}

/// Runs `kafka-configs` with `words`.
pub fn run(sim: &mut Simulation, words: &[String], out: &mut Output) {
    let Some(p) = common::parse_or_print(&SPECS, words, out) else { return };
    if words.is_empty() || p.has("help") {
        return out.fail("This tool helps to manipulate and describe entity config for a topic, client, user, broker, ip, client-metrics or group");
    }
    if p.has("version") {
        return out.out("4.0.0");
    }
    let entity = match check_args(&p) {
        Ok(e) => e,
        Err(message) => return out.fail(&message),
    };
    let list = p.value("bootstrap-server").or(p.value("bootstrap-controller")).unwrap_or_default();
    let call = if p.has("alter") { "incrementalAlterConfigs" } else { "describeConfigs" };
    let result = match common::connect(sim, out, list, call, 60_000) {
        Connect::Failed { class, message } => Err((class.to_string(), message)),
        Connect::Ok if p.has("alter") => alter(sim, &p, &entity, out),
        Connect::Ok => describe(sim, &p, &entity, out),
    };
    match result {
        Ok(()) => {}
        Err((class, message)) if class.is_empty() => out.fail(&message),
        Err((class, message)) => {
            out.fail(&format!("Error while executing config command with args '{}'", words.join(" ")));
            out.err(&format!("java.util.concurrent.ExecutionException: {class}: {message}"));
            out.err(&format!("Caused by: {class}: {message}"));
        }
    }
}

/// `ConfigCommandOptions.checkArgs`: the entity, or the error message.
fn check_args(p: &Parsed) -> Result<Entity, String> {
    if usize::from(p.has("alter")) + usize::from(p.has("describe")) != 1 {
        return Err("Command must include exactly one action: --describe, --alter".into());
    }
    if p.has("bootstrap-server") == p.has("bootstrap-controller") {
        return Err("Either --bootstrap-server or --bootstrap-controller must be specified.".into());
    }
    let (kind, name) = if let Some(t) = p.value("topic") {
        ("topics".to_string(), Some(t.to_string()))
    } else if let Some(b) = p.value("broker") {
        ("brokers".to_string(), Some(b.to_string()))
    } else if p.has("broker-defaults") {
        ("brokers".to_string(), None)
    } else {
        let kind = p.value("entity-type").ok_or("At least one entity type must be specified")?.to_string();
        (kind, p.value("entity-name").map(str::to_string))
    };
    if !ENTITY_TYPES.contains(&kind.as_str()) {
        return Err(format!("Invalid entity type {kind}, the entity type must be one of {} with a --bootstrap-server or --bootstrap-controller argument", ENTITY_TYPES.join(", ")));
    }
    if kind != "topics" && kind != "brokers" {
        return Err(format!("KafkaSim does not simulate {kind} configs yet (topics and brokers only)"));
    }
    if let Some(n) = name.as_deref().filter(|_| kind == "brokers") {
        if n.parse::<u32>().is_err() {
            return Err(format!("The entity name for brokers must be a valid integer broker id, found: {n}"));
        }
    }
    if p.has("alter") {
        if name.is_none() && !(kind == "brokers" && (p.has("entity-default") || p.has("broker-defaults"))) {
            return Err(format!("An entity name must be specified with --alter of {kind}"));
        }
        if !p.has("add-config") && !p.has("delete-config") && !p.has("add-config-file") {
            return Err(
                "At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter"
                    .into(),
            );
        }
    }
    if p.has("add-config-file") {
        return Err("--add-config-file is not supported by KafkaSim; use --add-config".into());
    }
    Ok(Entity { kind, name })
}

type ToolError = (String, String);

/// `parseConfigsToBeAdded`: `k=v,k2=[a,b]`.
fn configs_to_add(text: &str) -> Result<VecMap<String, String>, ToolError> {
    let mut entries = Vec::new();
    let (mut depth, mut cur) = (0, String::new());
    for c in text.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            ',' if depth == 0 => {
                entries.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    entries.push(cur);
    let mut map = VecMap::new();
    for e in entries.iter().filter(|e| !e.is_empty()) {
        let Some((k, v)) = e.split_once('=') else {
            return Err((String::new(), "requirement failed: Invalid entity config: all configs to be added must be in the format \"key=val\" or  \"key=[val1,val2]\" to group values which contain commas.".into()));
        };
        let v = v.strip_prefix('[').and_then(|v| v.strip_suffix(']')).unwrap_or(v);
        map.insert(k.trim().to_string(), v.trim().to_string());
    }
    Ok(map)
}

fn unknown_topic() -> ToolError {
    (
        "org.apache.kafka.common.errors.UnknownTopicOrPartitionException".into(),
        "This server does not host this topic-partition.".into(),
    )
}

fn broker_exists(sim: &Simulation, name: &str) -> Result<BrokerId, ToolError> {
    let b = BrokerId(name.parse().unwrap_or(0));
    if sim.brokers.contains_key(&b) {
        Ok(b)
    } else {
        Err((
            "org.apache.kafka.common.errors.TimeoutException".into(),
            "Timed out waiting for a node assignment. Call: describeConfigs".into(),
        ))
    }
}

fn alter(sim: &mut Simulation, p: &Parsed, entity: &Entity, out: &mut Output) -> Result<(), ToolError> {
    let add = configs_to_add(p.value("add-config").unwrap_or_default())?;
    let delete: Vec<String> = p
        .value("delete-config")
        .map(|d| d.split(',').map(|k| k.trim().to_string()).filter(|k| !k.is_empty()).collect())
        .unwrap_or_default();
    let name = entity.name.clone().unwrap_or_default();
    if entity.kind == "brokers" {
        if entity.name.is_some() {
            broker_exists(sim, &name)?;
        }
        let keys: Vec<String> = add.keys().cloned().chain(delete.iter().cloned()).collect();
        return Err((
            "org.apache.kafka.common.errors.InvalidRequestException".into(),
            format!("Cannot update these configs dynamically: Set({})", keys.join(", ")),
        ));
    }
    let Some(topic) = sim.controller.image.topics.get(&TopicName::new(&name.clone())) else {
        return Err(unknown_topic());
    };
    let missing: Vec<&str> = delete.iter().filter(|k| !topic.overrides.contains_key(*k)).map(String::as_str).collect();
    if !missing.is_empty() {
        return Err((String::new(), format!("Invalid config(s): {}", missing.join(","))));
    }
    let command = Command::AlterTopicConfig { name: name.clone(), set: add, delete };
    sim.apply(command).map_err(|e| (common::errors_class(&e.exception), e.message))?;
    out.out(&format!("Completed updating config for topic {name}."));
    Ok(())
}

fn describe(sim: &mut Simulation, p: &Parsed, entity: &Entity, out: &mut Output) -> Result<(), ToolError> {
    let all = p.has("all");
    let label = if all { "All" } else { "Dynamic" };
    if entity.kind == "brokers" {
        let Some(name) = &entity.name else {
            out.out("Default configs for brokers in the cluster are:");
            return Ok(());
        };
        broker_exists(sim, name)?;
        out.out(&format!("{label} configs for broker {name} are:"));
        if all {
            for (_, broker_key, has_value) in SYNONYMS.iter().filter(|s| s.2) {
                let value = broker_default(sim, broker_key, *has_value).unwrap_or_default();
                out.out(&format!(
                    "  {broker_key}={value} sensitive=false synonyms={{DEFAULT_CONFIG:{broker_key}={value}}}"
                ));
            }
        }
        return Ok(());
    }
    let names: Vec<String> = match &entity.name {
        Some(n) => vec![n.clone()],
        None => {
            let keys: Vec<String> = sim.controller.image.topics.keys().map(|t| t.as_str().to_string()).collect();
            hashmap_order(&keys, |k| string_hash(k), 16)
        }
    };
    for name in names {
        let topic = sim.controller.image.topics.get(&TopicName::new(&name.clone())).ok_or_else(unknown_topic)?;
        out.out(&format!("{label} configs for topic {name} are:"));
        for (key, broker_key, has_value) in SYNONYMS {
            let default = broker_default(sim, key, has_value);
            let broker_synonym = default.as_ref().map(|v| format!("DEFAULT_CONFIG:{broker_key}={v}")).into_iter();
            if let Some(v) = topic.overrides.get(key) {
                let synonyms: Vec<String> =
                    std::iter::once(format!("DYNAMIC_TOPIC_CONFIG:{key}={v}")).chain(broker_synonym).collect();
                out.out(&format!("  {key}={v} sensitive=false synonyms={{{}}}", synonyms.join(", ")));
            } else if all {
                let value = topic.config.get(key).unwrap_or_default();
                let synonyms: Vec<String> = broker_synonym.collect();
                out.out(&format!("  {key}={value} sensitive=false synonyms={{{}}}", synonyms.join(", ")));
            }
        }
    }
    Ok(())
}

/// The broker's default for a topic config, if its synonym has a value.
fn broker_default(sim: &Simulation, key: &str, has_value: bool) -> Option<String> {
    let topic_key = SYNONYMS.iter().find(|s| s.0 == key || s.1 == key).map_or(key, |s| s.0);
    debug_assert!(TOPIC_CONFIG_KEYS.contains(&topic_key));
    has_value.then(|| sim.config.broker.topic_defaults.get(topic_key)).flatten()
}
