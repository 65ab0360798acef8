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
//! `--all` adds the defaults of the configs KafkaSim models. Broker configs
//! change at runtime as in `DynamicBrokerConfig` (see
//! [`crate::sim::dynamic_config`]): per broker (`--entity-name 1`) or for the
//! whole cluster (`--entity-default`); read-only ones are refused with
//! Kafka's `Cannot update these configs dynamically` text. Every lookup runs
//! through `getResourceConfig`, whose `describeConfigs(...).all.get(30, SECONDS)`
//! fails with a bare `java.util.concurrent.TimeoutException` after 30 s when
//! no listed server (or the broker named) answers.

use super::args::{opt, Arg, Parsed, Spec};
use super::bootstrap;
use super::common::{self, Connect};
mod describe;
use super::output::Output;
use crate::sim::commands::{Command, ConfigCommand};
use crate::sim::dynamic_config::DEFAULT_ENTITY;
use crate::sim::ids::{BrokerId, TopicName};
use crate::sim::messages::NodeId;
use crate::sim::simulation::Simulation;
use crate::sim::time::secs;
use crate::vecmap::VecMap;
use describe::describe;

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

/// The entity: type, name, and whether it is the brokers' default entity.
pub(super) struct Entity {
    pub kind: String,
    pub name: Option<String>,
    /// `--entity-default` / `--broker-defaults` (resource name `""`).
    pub default: bool,
}

/// `getResourceConfig`'s `get(30, TimeUnit.SECONDS)`.
const GET_TIMEOUT_SECS: u64 = 30;

/// The class of the bare timeout `KafkaFutureImpl.get(timeout)` throws.
const GET_TIMEOUT: &str = "java.util.concurrent.TimeoutException";

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
    let result = match common::connect(sim, out, list, "describeConfigs", GET_TIMEOUT_SECS * 1000) {
        Connect::Failed { class, .. } if class.ends_with("TimeoutException") => {
            Err((GET_TIMEOUT.into(), String::new()))
        }
        Connect::Failed { class, message } => Err((class.to_string(), message)),
        Connect::Ok if p.has("alter") => alter(sim, &p, &entity, out),
        Connect::Ok => {
            let answering = bootstrap::parse(list, sim).ok().and_then(|b| b.reachable(sim));
            describe(sim, p.has("all"), &entity, answering, out)
        }
    };
    match result {
        Ok(()) => {}
        Err((class, message)) if class.is_empty() => out.fail(&message),
        Err((class, message)) => {
            out.fail(&format!("Error while executing config command with args '{}'", words.join(" ")));
            if class == GET_TIMEOUT {
                out.err(GET_TIMEOUT);
            } else {
                out.err(&format!("java.util.concurrent.ExecutionException: {class}: {message}"));
                out.err(&format!("Caused by: {class}: {message}"));
            }
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
    let default = kind == "brokers" && name.is_none() && (p.has("entity-default") || p.has("broker-defaults"));
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
        if name.is_none() && !default {
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
    Ok(Entity { kind, name, default })
}

pub(super) type ToolError = (String, String);

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

pub(super) fn unknown_topic() -> ToolError {
    (
        "org.apache.kafka.common.errors.UnknownTopicOrPartitionException".into(),
        "This server does not host this topic-partition.".into(),
    )
}

/// The broker a per-broker `describeConfigs` goes to (`ConstantNodeIdProvider`):
/// when it is unknown, down or cut off, the call waits until the tool's
/// `get(30, SECONDS)` gives up.
pub(super) fn reachable_broker(sim: &mut Simulation, name: &str) -> Result<BrokerId, ToolError> {
    let b = BrokerId(name.parse().unwrap_or(0));
    if sim.broker(b).is_some() && !sim.network().is_isolated(NodeId::Broker(b)) {
        return Ok(b);
    }
    sim.run_for(secs(GET_TIMEOUT_SECS));
    Err((GET_TIMEOUT.into(), String::new()))
}

fn alter(sim: &mut Simulation, p: &Parsed, entity: &Entity, out: &mut Output) -> Result<(), ToolError> {
    let add = configs_to_add(p.value("add-config").unwrap_or_default())?;
    let delete: Vec<String> = p
        .value("delete-config")
        .map(|d| d.split(',').map(|k| k.trim().to_string()).filter(|k| !k.is_empty()).collect())
        .unwrap_or_default();
    let name = entity.name.clone().unwrap_or_default();
    if entity.kind == "brokers" {
        return alter_broker(sim, entity, add, delete, out);
    }
    let Some(topic) = sim.controller().image.topics.get(&TopicName::new(&name.clone())) else {
        return Err(unknown_topic());
    };
    invalid_deletes(&delete, |k| topic.overrides.contains_key(k))?;
    let command = Command::Config(ConfigCommand::Topic { name: name.clone(), set: add, delete });
    sim.apply(command).map_err(|e| (e.class_name().to_string(), e.message))?;
    out.out(&format!("Completed updating config for topic {name}."));
    Ok(())
}

/// `alterResourceConfig`: deleting a key that is not set dynamically fails first.
fn invalid_deletes(delete: &[String], is_set: impl Fn(&str) -> bool) -> Result<(), ToolError> {
    let missing: Vec<&str> = delete.iter().map(String::as_str).filter(|k| !is_set(k)).collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err((String::new(), format!("Invalid config(s): {}", missing.join(","))))
    }
}

/// `ConfigCommand.alterConfig` for `brokers`: the entity's dynamic configs
/// (old ++ added -- deleted) go to the broker, which validates them.
fn alter_broker(
    sim: &mut Simulation,
    entity: &Entity,
    add: VecMap<String, String>,
    delete: Vec<String>,
    out: &mut Output,
) -> Result<(), ToolError> {
    let broker = match &entity.name {
        Some(n) => Some(reachable_broker(sim, n)?),
        None => None,
    };
    let key = broker.map_or_else(|| DEFAULT_ENTITY.to_string(), |b| b.to_string());
    let old = sim.controller().image.broker_configs.get(&key).cloned().unwrap_or_default();
    invalid_deletes(&delete, |k| old.contains_key(k))?;
    let command = Command::Config(ConfigCommand::Broker { broker, set: add, delete });
    sim.apply(command).map_err(|e| (e.class_name().to_string(), e.message))?;
    match broker {
        Some(b) => out.out(&format!("Completed updating config for broker {b}.")),
        None => out.out("Completed updating default config for brokers in the cluster."),
    }
    Ok(())
}
