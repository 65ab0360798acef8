//! `kafka-topics`: create, list, describe, alter and delete topics.
//!
//! Follows `org.apache.kafka.tools.TopicCommand` (Kafka 4.0): option checks
//! first (exactly one action, `--bootstrap-server`, `Missing required
//! argument "[topic]"`, `Option "[x]" can't be used with option "[y]"`), each
//! printed on stderr; then the action against the simulated controller. An
//! error during the action prints `Error while executing topic command : <msg>`
//! on stdout and logs the exception at ERROR on stderr (frames omitted).
//! `--describe` prints Kafka's tab-separated lines: topics in Java `HashMap`
//! order, `Configs:` with the topic's overrides in `HashMap` order, `Leader:
//! none` for a partition without a live leader, and empty `Elr: ` /
//! `LastKnownElr: ` (ELR is off in 4.0). A missing topic is reported with 4.0's
//! `Topic 'Optional[name]' does not exist as expected`.

use super::args::{opt, Arg, Parsed, Spec};
use super::bootstrap;
use super::common::{self, print_main_error, Connect};
use super::java::{hashmap_order, string_hash, Pattern};
use super::output::Output;
use crate::sim::commands::{Command, TopicCommand};
use crate::sim::config::TopicConfig;
use crate::sim::dynamic_config::non_default_topic_configs;
use crate::sim::error::ErrorKind;
use crate::sim::ids::BrokerId;
use crate::sim::metadata::{PartitionState, TopicImage};
use crate::sim::simulation::Simulation;
use crate::vecmap::VecMap;

const LOGGER: &str = "org.apache.kafka.tools.TopicCommand";
const ACTIONS: [&str; 5] = ["list", "describe", "create", "alter", "delete"];
const FILTERS: [&str; 4] =
    ["under-replicated-partitions", "unavailable-partitions", "under-min-isr-partitions", "at-min-isr-partitions"];
const INTERNAL: [&str; 3] = ["__consumer_offsets", "__transaction_state", "__share_group_state"];

pub(crate) const SPECS: [Spec; 25] = [
    opt("bootstrap-server", Arg::Required),
    opt("command-config", Arg::Required),
    opt("list", Arg::None),
    opt("describe", Arg::None),
    opt("create", Arg::None),
    opt("alter", Arg::None),
    opt("delete", Arg::None),
    opt("topic", Arg::Required),
    opt("topic-id", Arg::Required),
    opt("partitions", Arg::Required),
    opt("replication-factor", Arg::Required),
    opt("replica-assignment", Arg::Required),
    opt("config", Arg::Required),
    opt("delete-config", Arg::Required),
    opt("under-replicated-partitions", Arg::None),
    opt("unavailable-partitions", Arg::None),
    opt("under-min-isr-partitions", Arg::None),
    opt("at-min-isr-partitions", Arg::None),
    opt("topics-with-overrides", Arg::None),
    opt("if-exists", Arg::None),
    opt("if-not-exists", Arg::None),
    opt("exclude-internal", Arg::None),
    opt("partition-size-limit-per-response", Arg::Required),
    opt("help", Arg::None),
    opt("version", Arg::None),
];

/// Which actions each restricted option may be used with.
const ALLOWED: [(&str, &[&str]); 9] = [
    ("config", &["create"]),
    ("partitions", &["create", "alter"]),
    ("replication-factor", &["create"]),
    ("replica-assignment", &["create", "alter"]),
    ("if-not-exists", &["create"]),
    ("if-exists", &["alter", "delete", "describe"]),
    ("exclude-internal", &["list", "describe"]),
    ("topics-with-overrides", &["describe"]),
    ("topic-id", &["describe"]),
];

/// Runs `kafka-topics` with `words` (the arguments after the tool name).
pub fn run(sim: &mut Simulation, words: &[String], out: &mut Output) {
    let Some(p) = common::parse_or_print(&SPECS, words, out) else { return };
    if words.is_empty() || p.has("help") {
        out.fail("Create, delete, describe, or change a topic.");
        return;
    }
    if p.has("version") {
        out.out("4.0.0");
        return;
    }
    let Some(action) = check_args(&p, out) else { return };
    let (partitions, rf) = match (common::int_value(&p, "partitions"), common::int_value(&p, "replication-factor")) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return print_main_error(out, e.class_name(), &e.message),
    };
    let result = match action {
        "create" => create(sim, &p, partitions, rf, out),
        "list" => list(sim, &p, out),
        "describe" => describe(sim, &p, out),
        "alter" => alter(sim, &p, partitions, out),
        _ => delete(sim, &p, out),
    };
    if let Err((class, message)) = result {
        out.out(&format!("Error while executing topic command : {message}"));
        out.log(sim.now(), "ERROR", &format!("{class}: {message}\n"), LOGGER);
        out.failed = true;
    }
}

/// `TopicCommandOptions.checkArgs`; returns the action.
fn check_args(p: &Parsed, out: &mut Output) -> Option<&'static str> {
    let actions: Vec<&str> = ACTIONS.iter().copied().filter(|a| p.has(a)).collect();
    if actions.len() != 1 {
        out.fail("Command must include exactly one action: --list, --describe, --create, --alter or --delete");
        return None;
    }
    if !p.has("bootstrap-server") {
        print_main_error(out, "java.lang.IllegalArgumentException", "--bootstrap-server must be specified");
        return None;
    }
    let action = actions[0];
    if p.has("delete-config") {
        out.fail("delete-config option is no longer supported and deprecated since version 4.0. The config will be fully removed in future releases.");
        return None;
    }
    if matches!(action, "create" | "alter" | "delete") && !p.has("topic") {
        out.fail("Missing required argument \"[topic]\"");
        return None;
    }
    for (option, allowed) in ALLOWED {
        if p.has(option) && !allowed.contains(&action) {
            out.fail(&format!("Option \"[{option}]\" can't be used with option \"[{action}]\""));
            return None;
        }
    }
    for filter in FILTERS {
        if p.has(filter) && action != "describe" {
            out.fail(&format!("Option \"[{filter}]\" can't be used with option \"[{action}]\""));
            return None;
        }
    }
    Some(action)
}

type ToolError = (String, String);

fn illegal(message: String) -> ToolError {
    ("java.lang.IllegalArgumentException".into(), message)
}

fn admin(sim: &mut Simulation, p: &Parsed, out: &mut Output, call: &str) -> Result<(), ToolError> {
    match common::connect(sim, out, p.value("bootstrap-server").unwrap_or_default(), call, 60_000) {
        Connect::Ok => Ok(()),
        Connect::Failed { class, message } => Err((class.into(), message)),
    }
}

/// `--config k=v` values, validated as `TopicCommand` and `LogConfig` do.
///
/// `TopicCommand.parseTopicConfigsToBeAdded` calls `LogConfig.validate(props)`
/// on the client, before any request: an unknown name is
/// `InvalidConfigurationException` (`validateNames`), a bad value the
/// `ConfigException` of `ConfigDef.parse` (so `min.insync.replicas=0` never
/// reaches the controller's `INVALID_CONFIG`).
fn topic_configs(p: &Parsed) -> Result<VecMap<String, String>, ToolError> {
    let mut configs = VecMap::new();
    for c in p.values("config") {
        let Some((k, v)) = c.split_once('=') else {
            return Err(illegal(
                "requirement failed: Invalid topic config: all configs to be added must be in the format \"key=val\"."
                    .into(),
            ));
        };
        configs.insert(k.trim().to_string(), v.trim().to_string());
    }
    TopicConfig::default().with_overrides(&configs).map_err(|e| {
        let class = if e.message.starts_with("Unknown topic config name") {
            "org.apache.kafka.common.errors.InvalidConfigurationException".to_string()
        } else {
            e.class_name().to_string()
        };
        (class, e.message)
    })?;
    Ok(configs)
}

fn create(
    sim: &mut Simulation,
    p: &Parsed,
    partitions: Option<i64>,
    rf: Option<i64>,
    out: &mut Output,
) -> Result<(), ToolError> {
    let name = p.value("topic").unwrap_or_default().to_string();
    let configs = topic_configs(p)?;
    if p.has("replica-assignment") {
        return Err(illegal("--replica-assignment is not supported by KafkaSim".into()));
    }
    if rf.is_some_and(|r| !(1..=32767).contains(&r)) {
        return Err(illegal("The replication factor must be between 1 and 32767 inclusive".into()));
    }
    if partitions.is_some_and(|n| n < 1) {
        return Err(illegal("The partitions must be greater than 0".into()));
    }
    admin(sim, p, out, "createTopics")?;
    if name.contains('.') || name.contains('_') {
        out.out("WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.");
    }
    let defaults = &sim.config().broker;
    let command = Command::Topic(TopicCommand::Create {
        name: name.clone(),
        partitions: partitions.map_or(defaults.num_partitions, |n| n as u32),
        replication_factor: rf.map_or(defaults.default_replication_factor, |n| n as u32),
        configs,
    });
    match sim.apply(command) {
        Ok(_) => out.out(&format!("Created topic {name}.")),
        Err(e) if e.kind == ErrorKind::TopicAlreadyExists && p.has("if-not-exists") => {}
        Err(e) => return Err((e.class_name().to_string(), e.message)),
    }
    Ok(())
}

/// Topics the command applies to: `--topic` regex (or all), internal ones
/// unless `--exclude-internal`; errors if a requested topic does not exist.
fn matching_topics(sim: &Simulation, p: &Parsed, must_exist: bool) -> Result<Vec<String>, ToolError> {
    let pattern = match p.value("topic") {
        Some(t) => Some(Pattern::new(t).map_err(|e| ("java.util.regex.PatternSyntaxException".into(), e))?),
        None => None,
    };
    let topics: Vec<String> = sim
        .controller()
        .image
        .topics
        .iter()
        .filter(|(name, t)| !(p.has("exclude-internal") && is_internal(&name.0, t)))
        .map(|(name, _)| name.as_str().to_string())
        .filter(|name| pattern.as_ref().is_none_or(|pat| pat.matches(name)))
        .collect();
    if topics.is_empty() && must_exist && !p.has("if-exists") {
        if let Some(t) = p.value("topic") {
            return Err(illegal(format!("Topic 'Optional[{t}]' does not exist as expected")));
        }
    }
    Ok(topics)
}

fn is_internal(name: &str, t: &TopicImage) -> bool {
    t.internal || INTERNAL.contains(&name)
}

fn list(sim: &mut Simulation, p: &Parsed, out: &mut Output) -> Result<(), ToolError> {
    admin(sim, p, out, "listTopics")?;
    let topics = matching_topics(sim, p, false)?;
    out.out(&topics.join("\n"));
    Ok(())
}

fn delete(sim: &mut Simulation, p: &Parsed, out: &mut Output) -> Result<(), ToolError> {
    admin(sim, p, out, "listTopics")?;
    let topics = matching_topics(sim, p, true)?;
    if let Some(t) = topics.iter().find(|t| INTERNAL.contains(&t.as_str())) {
        return Err((
            "org.apache.kafka.common.errors.InvalidTopicException".into(),
            format!("Topic {t} is a kafka internal topic and is not allowed to be marked for deletion."),
        ));
    }
    for name in topics {
        sim.apply(Command::Topic(TopicCommand::Delete { name }))
            .map_err(|e| (e.class_name().to_string(), e.message))?;
    }
    Ok(())
}

fn alter(sim: &mut Simulation, p: &Parsed, partitions: Option<i64>, out: &mut Output) -> Result<(), ToolError> {
    admin(sim, p, out, "listTopics")?;
    let topics = matching_topics(sim, p, true)?;
    if p.has("replica-assignment") {
        return Err(illegal("--replica-assignment is not supported by KafkaSim".into()));
    }
    let Some(count) = partitions else { return Ok(()) };
    for name in topics {
        let count = u32::try_from(count).unwrap_or(0);
        sim.apply(Command::Topic(TopicCommand::CreatePartitions { name, count }))
            .map_err(|e| (e.class_name().to_string(), e.message))?;
    }
    Ok(())
}

fn describe(sim: &mut Simulation, p: &Parsed, out: &mut Output) -> Result<(), ToolError> {
    if p.has("topic-id") {
        return Err(illegal("--topic-id is not supported by KafkaSim; use --topic".into()));
    }
    admin(sim, p, out, "listTopics")?;
    let topics = matching_topics(sim, p, true)?;
    let ordered = hashmap_order(&topics, |t| string_hash(t), topics.len().max(1));
    let image = &sim.controller().image;
    let live: Vec<BrokerId> = image.brokers.iter().filter(|(_, r)| !r.fenced).map(|(b, _)| *b).collect();
    let filtered = FILTERS.iter().any(|f| p.has(f));
    let answering =
        bootstrap::parse(p.value("bootstrap-server").unwrap_or_default(), sim).ok().and_then(|b| b.reachable(sim));
    for name in ordered {
        let Some(t) = image.topics.iter().find(|(n, _)| n.as_str() == name.as_str()).map(|(_, t)| t) else { continue };
        let configs = non_default_topic_configs(image, t, answering);
        if p.has("topics-with-overrides") {
            // printDescribeConfig: only topics with a non-default config.
            if !configs.is_empty() {
                out.out(&topic_line(&name, t, &configs));
            }
            continue;
        }
        if !filtered {
            out.out(&topic_line(&name, t, &configs));
        }
        for (i, part) in t.partitions.iter().enumerate() {
            if !filtered || passes_filter(p, part, &live, t.config.min_insync_replicas) {
                out.out(&partition_line(&name, i, part, &live));
            }
        }
    }
    Ok(())
}

fn passes_filter(p: &Parsed, part: &PartitionState, live: &[BrokerId], min_isr: u32) -> bool {
    let leader_live = part.leader.is_some_and(|l| live.contains(&l));
    let isr = part.isr.len() as u32;
    (p.has("under-replicated-partitions") && part.isr.len() < part.replicas.len())
        || (p.has("unavailable-partitions") && !leader_live)
        || (p.has("under-min-isr-partitions") && (!leader_live || isr < min_isr))
        || (p.has("at-min-isr-partitions") && isr == min_isr)
}

fn ids(list: &[BrokerId]) -> String {
    list.iter().map(|b| b.0.to_string()).collect::<Vec<_>>().join(",")
}

/// `TopicDescription.printDescription`; `configs` are the topic's non-default
/// configs ([`non_default_topic_configs`]).
pub fn topic_line(name: &str, t: &TopicImage, configs: &VecMap<String, String>) -> String {
    let keys: Vec<String> = configs.keys().cloned().collect();
    let configs: Vec<String> =
        hashmap_order(&keys, |k| string_hash(k), 64).into_iter().map(|k| format!("{k}={}", configs[&k])).collect();
    let rf = t.partitions.first().map_or(0, |p| p.replicas.len());
    format!(
        "Topic: {name}\tTopicId: {}\tPartitionCount: {}\tReplicationFactor: {rf}\tConfigs: {}",
        t.topic_id,
        t.partitions.len(),
        configs.join(",")
    )
}

/// `PartitionDescription.printDescription`.
pub fn partition_line(name: &str, partition: usize, p: &PartitionState, live: &[BrokerId]) -> String {
    let leader = match p.leader {
        Some(l) if live.contains(&l) => l.0.to_string(),
        _ => "none".to_string(),
    };
    format!(
        "\tTopic: {name}\tPartition: {partition}\tLeader: {leader}\tReplicas: {}\tIsr: {}\tElr: \tLastKnownElr: ",
        ids(&p.replicas),
        ids(&p.isr)
    )
}
