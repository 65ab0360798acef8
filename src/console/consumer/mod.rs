//! `kafka-console-consumer`: reads records and prints them with Kafka's
//! `DefaultMessageFormatter`.
//!
//! Follows `org.apache.kafka.tools.consumer.ConsoleConsumer` and
//! `ConsoleConsumerOptions` (Kafka 4.0): option checks in the tool's order
//! (`Missing required argument "[bootstrap-server]"`, `Exactly one of
//! --include/--topic is required. `, the `--partition`/`--offset`/`--group`
//! rules), then a consumer with `client.id=console-consumer` and, without a
//! group, `group.id=console-consumer-<n>` and `enable.auto.commit=false`.
//! `--from-beginning` sets `auto.offset.reset=earliest` (otherwise `latest`).
//!
//! With `--topic` the tool subscribes: a simulated consumer joins the group
//! and the simulation runs; every record it processes is printed (fields in
//! the formatter's order: `CreateTime:<ms>`, `Partition:<n>`, `Offset:<n>`,
//! `Delivery:NOT_PRESENT`, `Epoch:NOT_PRESENT`, headers, key, value,
//! separated by `key.separator`; null as `null.literal`, see [`format`]). It stops after
//! `--max-messages` records or, with `--timeout-ms`, when no record arrived
//! for that long (the tool's `TimeoutException` is logged). Otherwise a
//! script's tool ends once caught up and idle for one simulated second, and
//! the browser's foreground tool runs until Ctrl-C ([`process`] has the
//! lifetime rules and the work cap). Then the consumer closes (committing
//! with auto-commit, leaving the group) and `Processed a total of N
//! messages` goes to stderr. Records come through the core's drain
//! ([`crate::sim::deliveries`]), so the work is linear in what is printed.
//!
//! With `--partition` the tool uses `assign()` (no group): KafkaSim reads the
//! partition's leader log directly from the start offset (`--offset`,
//! `--from-beginning` or the end) with the same stopping rules; a partition
//! the topic does not have is waited for, with no error (the real consumer
//! just polls nothing).
//! A fatal error from the group (`INCONSISTENT_GROUP_PROTOCOL`,
//! `FENCED_INSTANCE_ID`, …) is thrown by `poll()`: the tool logs it and stops.
//! An unknown topic prints the client's metadata warning and stops at once
//! (the real tool would retry until interrupted).

mod format;
mod process;

pub use process::{Mode, Process};

use super::args::{key_values, opt, Arg, Parsed, Spec};
use super::bootstrap;
use super::common;
use super::output::Output;
use crate::sim::commands::{Command, ConsumerCommand};
use crate::sim::ids::{ClientId, TopicName, TopicPartition};
use crate::sim::simulation::Simulation;
use crate::sim::time::ms;
use format::Formatter;
use process::{Source, Start, STEP_MS};

pub(crate) const SPECS: [Spec; 21] = [
    opt("bootstrap-server", Arg::Required),
    opt("topic", Arg::Required),
    opt("include", Arg::Required),
    opt("partition", Arg::Required),
    opt("offset", Arg::Required),
    opt("from-beginning", Arg::None),
    opt("max-messages", Arg::Required),
    opt("timeout-ms", Arg::Required),
    opt("group", Arg::Required),
    opt("isolation-level", Arg::Required),
    opt("formatter", Arg::Required),
    opt("property", Arg::Required),
    opt("formatter-config", Arg::Required),
    opt("consumer-property", Arg::Required),
    opt("consumer.config", Arg::Required),
    opt("key-deserializer", Arg::Required),
    opt("value-deserializer", Arg::Required),
    opt("skip-message-on-error", Arg::None),
    opt("enable-systest-events", Arg::None),
    opt("help", Arg::None),
    opt("version", Arg::None),
];

const LOGGER: &str = "org.apache.kafka.tools.consumer.ConsoleConsumer";

/// What the tool was asked to do, once every option is checked.
struct Plan {
    topic: String,
    partition: Option<u32>,
    start: Start,
    group: Option<String>,
    max_messages: Option<u64>,
    timeout_ms: Option<u64>,
    properties: Vec<(String, String)>,
    formatter: Formatter,
}

/// Runs `kafka-console-consumer` in a script: until it ends by itself.
pub fn run(sim: &mut Simulation, words: &[String], out: &mut Output) {
    let Some(mut process) = start(sim, words, out) else { return };
    while process.poll(sim, out, Mode::Script) {
        sim.run_for(ms(STEP_MS));
    }
    process.finish(sim, out, Mode::Script);
}

/// Starts the tool: `None` when it ends at once (bad options, an unknown
/// topic, a consumer that cannot start), having printed why.
pub fn start(sim: &mut Simulation, words: &[String], out: &mut Output) -> Option<Process> {
    let plan = check(sim, words, out)?;
    if !sim.controller().image.topics.contains_key(&TopicName::new(&plan.topic)) {
        let group = plan.group.clone().unwrap_or_default();
        let message = format!(
            "[Consumer clientId=console-consumer, groupId={group}] The metadata response from the cluster reported a recoverable issue with correlation id 2 : {{{}=UNKNOWN_TOPIC_OR_PARTITION}}",
            plan.topic
        );
        out.log(sim.now(), "WARN", &message, "org.apache.kafka.clients.NetworkClient");
        out.fail("Processed a total of 0 messages");
        return None;
    }
    // `--partition` on an existing topic: assign() even if the partition does
    // not exist; the consumer just waits (no topic-level error).
    let source = match plan.partition {
        Some(p) => Source::Assigned { tp: TopicPartition::new(&plan.topic, p), start: plan.start, position: None },
        None => subscribe(sim, &plan, out)?,
    };
    Some(Process::new(sim, plan.formatter, plan.max_messages, plan.timeout_ms, source))
}

/// The option checks of `ConsoleConsumerOptions`, in its order.
fn check(sim: &Simulation, words: &[String], out: &mut Output) -> Option<Plan> {
    let p = common::parse_or_print(&SPECS, words, out)?;
    if words.is_empty() || p.has("help") {
        out.fail("This tool helps to read data from Kafka topics and outputs it to standard output.");
        return None;
    }
    if p.has("version") {
        out.out("4.0.0");
        return None;
    }
    check_options(&p, out)?;
    let from_beginning = p.has("from-beginning");
    let mut props = key_values(&p.values("consumer-property"));
    let group = group_id(&p, &props, out)?;
    let start = start_offset(&p, from_beginning, out)?;
    let reset = prop(&props, "auto.offset.reset");
    if from_beginning && reset.as_deref().is_some_and(|r| r != "earliest") {
        out.fail(&format!(
            "Can't simultaneously specify --from-beginning and 'auto.offset.reset={}', please remove one option",
            reset.unwrap_or_default()
        ));
        return None;
    }
    if reset.is_none() {
        props.push(("auto.offset.reset".into(), if from_beginning { "earliest" } else { "latest" }.into()));
    }
    if let Some(level) = p.value("isolation-level") {
        if level != "read_committed" && level != "read_uncommitted" {
            return startup_error(
                sim,
                out,
                &format!("org.apache.kafka.common.config.ConfigException: Invalid value {level} for configuration isolation.level: String must be one of: read_committed, read_uncommitted"),
            );
        }
    }
    let (group, auto_commit_default) = match group {
        Some(g) => (Some(g), "true"),
        None if p.has("partition") => (None, "false"),
        None => (Some(format!("console-consumer-{}", random_group_number(sim))), "false"),
    };
    if prop(&props, "enable.auto.commit").is_none() {
        props.push(("enable.auto.commit".into(), auto_commit_default.into()));
    }
    if let Err(e) = bootstrap::parse(p.value("bootstrap-server").unwrap_or_default(), sim) {
        return startup_error(sim, out, &format!("org.apache.kafka.common.config.ConfigException: {e}"));
    }
    Some(Plan {
        topic: p.value("topic").unwrap_or_default().to_string(),
        partition: int(&p, "partition").map(|n| n as u32),
        start,
        group,
        max_messages: int(&p, "max-messages").filter(|n| *n >= 0).map(|n| n as u64),
        timeout_ms: int(&p, "timeout-ms").filter(|n| *n >= 0).map(|n| n as u64),
        properties: props,
        formatter: Formatter::new(&key_values(&p.values("property"))),
    })
}

/// The last value of property `k`.
fn prop(props: &[(String, String)], k: &str) -> Option<String> {
    props.iter().rev().find(|(key, _)| key == k).map(|(_, v)| v.clone())
}

/// `ConsoleConsumerOptions`' checks of the options alone, in Kafka's order.
fn check_options(p: &Parsed, out: &mut Output) -> Option<()> {
    for name in ["partition", "max-messages", "timeout-ms"] {
        if let Err(e) = common::int_value(p, name) {
            return usage(out, &e.message);
        }
    }
    if !p.has("bootstrap-server") {
        return usage(out, "Missing required argument \"[bootstrap-server]\"");
    }
    if p.has("topic") == p.has("include") {
        return usage(out, "Exactly one of --include/--topic is required. ");
    }
    if p.has("partition") {
        if !p.has("topic") {
            return usage(out, "The topic is required when partition is specified.");
        }
        if p.has("from-beginning") && p.has("offset") {
            return usage(out, "Options from-beginning and offset cannot be specified together.");
        }
    } else if p.has("offset") {
        return usage(out, "The partition is required when offset is specified.");
    }
    for unsupported in
        ["include", "formatter", "formatter-config", "consumer.config", "key-deserializer", "value-deserializer"]
    {
        if p.has(unsupported) {
            return usage(out, &format!("--{unsupported} is not supported by KafkaSim"));
        }
    }
    Some(())
}

/// The group from `--group` or `group.id` (which must agree); none with `--partition`.
fn group_id(p: &Parsed, props: &[(String, String)], out: &mut Output) -> Option<Option<String>> {
    let group = match (p.value("group"), prop(props, "group.id")) {
        (Some(a), Some(b)) if a != b => {
            return usage(
                out,
                &format!("The group ids provided in different places (directly using '--group', via '--consumer-property', or via '--consumer.config') do not match. Detected group ids: '{a}', '{b}'"),
            );
        }
        (Some(a), _) => Some(a.to_string()),
        (None, b) => b,
    };
    if group.is_some() && p.has("partition") {
        return usage(out, "Options group and partition cannot be specified together.");
    }
    Some(group)
}

/// Where to start: `--offset` (`earliest`, `latest` or a non-negative long) or `--from-beginning`.
fn start_offset(p: &Parsed, from_beginning: bool, out: &mut Output) -> Option<Start> {
    Some(match p.value("offset") {
        None if from_beginning => Start::Earliest,
        None => Start::Latest,
        Some(o) if o.eq_ignore_ascii_case("earliest") => Start::Earliest,
        Some(o) if o.eq_ignore_ascii_case("latest") => Start::Latest,
        Some(o) => match o.parse::<i64>() {
            Ok(n) if n >= 0 => Start::At(n),
            _ => {
                return usage(
                    out,
                    &format!("The provided offset value '{o}' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long."),
                )
            }
        },
    })
}

fn int(p: &Parsed, name: &str) -> Option<i64> {
    common::int_value(p, name).ok().flatten()
}

/// `CommandLineUtils.printUsageAndExit`: the message on stderr, exit 1.
fn usage<T>(out: &mut Output, message: &str) -> Option<T> {
    out.fail(message);
    None
}

/// `Unknown error when running consumer: ` and the exception, exit 1.
fn startup_error<T>(sim: &Simulation, out: &mut Output, exception: &str) -> Option<T> {
    out.log(sim.now(), "ERROR", "Unknown error when running consumer: ", LOGGER);
    out.fail(exception);
    None
}

/// `RANDOM.nextInt(100000)`, made reproducible: derived from the seed and
/// how many commands the run has applied.
fn random_group_number(sim: &Simulation) -> u64 {
    let mut z = sim.config().seed ^ (sim.command_log().len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) % 100_000
}

/// Subscribe mode: a consumer in the group whose deliveries are kept
/// (`None` if the consumer could not start).
fn subscribe(sim: &mut Simulation, plan: &Plan, out: &mut Output) -> Option<Source> {
    let client_id = super::producer::unique_client_id(sim, "console-consumer");
    let group = plan.group.clone().unwrap_or_default();
    let command = Command::Consumer(ConsumerCommand::Start {
        client_id: client_id.clone(),
        group: group.into(),
        topics: vec![plan.topic.clone()],
        assignor: None,
        group_instance_id: None,
        properties: plan.properties.clone(),
        processing_ms: 0,
    });
    if let Err(e) = sim.apply(command) {
        return startup_error(sim, out, &e.to_string());
    }
    let node = sim.client_ids()[&ClientId(client_id.clone())];
    sim.keep_deliveries(node);
    Some(Source::Group { client_id, node })
}
