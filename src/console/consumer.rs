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
//! headers, key, value, separated by `key.separator`). It stops after
//! `--max-messages` records; with `--timeout-ms`, when no record arrived for
//! that long (the tool's `TimeoutException` is logged); otherwise once it has
//! been caught up (every assigned partition read to its high watermark) for
//! one simulated second — where the real tool would wait for Ctrl-C. Then the
//! consumer closes (committing with auto-commit, leaving the group) and
//! `Processed a total of N messages` goes to stderr.
//!
//! With `--partition` the tool uses `assign()` (no group): KafkaSim reads the
//! partition's leader log directly from the start offset (`--offset`,
//! `--from-beginning` or the end) with the same stopping rules.
//! A fatal error from the group (`INCONSISTENT_GROUP_PROTOCOL`,
//! `FENCED_INSTANCE_ID`, …) is thrown by `poll()`: the tool logs it and stops.
//! An unknown topic prints the client's metadata warning and stops at once
//! (the real tool would retry until interrupted).

use super::args::{key_values, opt, Arg, Parsed, Spec};
use super::bootstrap;
use super::common;
use super::output::{Output, EPOCH_MS};
use crate::sim::commands::Command;
use crate::sim::ids::{ClientId, TopicName, TopicPartition};
use crate::sim::messages::NodeId;
use crate::sim::record::Record;
use crate::sim::simulation::Simulation;
use crate::sim::time::{ms, SimTime};

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
/// How often the tool looks at what the consumer received (simulated).
const STEP_MS: u64 = 20;
/// Caught up and idle this long ends the tool (instead of Ctrl-C).
const IDLE_MS: u64 = 1000;
/// A consumer that never catches up still stops after this long.
const MAX_RUN_MS: u64 = 600_000;

/// `DefaultMessageFormatter`'s settings.
struct Formatter {
    timestamp: bool,
    key: bool,
    value: bool,
    partition: bool,
    offset: bool,
    headers: bool,
    key_separator: String,
    line_separator: String,
    headers_separator: String,
    null_literal: String,
}

impl Formatter {
    fn new(props: &[(String, String)]) -> Formatter {
        let get = |k: &str| props.iter().rev().find(|(key, _)| key == k).map(|(_, v)| v.clone());
        let flag = |k: &str, d: bool| get(k).map_or(d, |v| v.trim().eq_ignore_ascii_case("true"));
        Formatter {
            timestamp: flag("print.timestamp", false),
            key: flag("print.key", false),
            value: flag("print.value", true),
            partition: flag("print.partition", false),
            offset: flag("print.offset", false),
            headers: flag("print.headers", false),
            key_separator: get("key.separator").unwrap_or_else(|| "\t".into()),
            line_separator: get("line.separator").unwrap_or_else(|| "\n".into()),
            headers_separator: get("headers.separator").unwrap_or_else(|| ",".into()),
            null_literal: get("null.literal").unwrap_or_else(|| "null".into()),
        }
    }

    /// One record as `writeTo` writes it (with the line separator).
    fn format(&self, tp: &TopicPartition, r: &Record) -> String {
        let mut fields = Vec::new();
        if self.timestamp {
            fields.push(format!("CreateTime:{}", EPOCH_MS + r.timestamp_ms));
        }
        if self.partition {
            fields.push(format!("Partition:{}", tp.partition));
        }
        if self.offset {
            fields.push(format!("Offset:{}", r.offset));
        }
        if self.headers {
            if r.data.headers.is_empty() {
                fields.push("NO_HEADERS".into());
            } else {
                let hs: Vec<String> = r.data.headers.iter().map(|h| format!("{}:{}", h.key, h.value)).collect();
                fields.push(hs.join(&self.headers_separator));
            }
        }
        let or_null = |v: &Option<String>| v.clone().unwrap_or_else(|| self.null_literal.clone());
        if self.key {
            fields.push(or_null(&r.data.key));
        }
        if self.value {
            fields.push(or_null(&r.data.value));
        }
        let mut s = fields.join(&self.key_separator);
        s.push_str(&self.line_separator);
        s
    }
}

/// Where an assigned read starts.
#[derive(Clone, Copy)]
enum Start {
    Earliest,
    Latest,
    At(i64),
}

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

/// Runs `kafka-console-consumer`.
pub fn run(sim: &mut Simulation, words: &[String], out: &mut Output) {
    let Some(plan) = check(sim, words, out) else { return };
    if !sim.controller.image.topics.contains_key(&TopicName::new(&plan.topic)) {
        let group = plan.group.clone().unwrap_or_default();
        let message = format!(
            "[Consumer clientId=console-consumer, groupId={group}] The metadata response from the cluster reported a recoverable issue with correlation id 2 : {{{}=UNKNOWN_TOPIC_OR_PARTITION}}",
            plan.topic
        );
        out.log(sim.now, "WARN", &message, "org.apache.kafka.clients.NetworkClient");
        out.fail("Processed a total of 0 messages");
        return;
    }
    let count = match plan.partition {
        Some(p) => read_assigned(sim, &plan, p, out),
        None => match subscribe(sim, &plan, out) {
            Some(n) => n,
            None => return,
        },
    };
    out.err(&format!("Processed a total of {count} messages"));
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
    for name in ["partition", "max-messages", "timeout-ms"] {
        if let Err(e) = common::int_value(&p, name) {
            return usage(out, &e.message);
        }
    }
    if !p.has("bootstrap-server") {
        return usage(out, "Missing required argument \"[bootstrap-server]\"");
    }
    if p.has("topic") == p.has("include") {
        return usage(out, "Exactly one of --include/--topic is required. ");
    }
    let from_beginning = p.has("from-beginning");
    if p.has("partition") {
        if !p.has("topic") {
            return usage(out, "The topic is required when partition is specified.");
        }
        if from_beginning && p.has("offset") {
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
    let mut props = key_values(&p.values("consumer-property"));
    let prop =
        |props: &[(String, String)], k: &str| props.iter().rev().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    let group = match (p.value("group"), prop(&props, "group.id")) {
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
    let start = match p.value("offset") {
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
    };
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
    out.log(sim.now, "ERROR", "Unknown error when running consumer: ", LOGGER);
    out.fail(exception);
    None
}

/// `RANDOM.nextInt(100000)`, made reproducible: derived from the seed and
/// how many commands the run has applied.
fn random_group_number(sim: &Simulation) -> u64 {
    let mut z = sim.config.seed ^ (sim.command_log.len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) % 100_000
}

/// Stops the run: the `--timeout-ms` expiry as the tool logs it.
fn log_timeout(now: SimTime, out: &mut Output) {
    out.log(now, "ERROR", "Error processing message, terminating consumer process: ", LOGGER);
    out.err("org.apache.kafka.common.errors.TimeoutException");
}

/// Stops the run: `poll()` threw the consumer's fatal error (e.g. `INCONSISTENT_GROUP_PROTOCOL`).
fn log_fatal(now: SimTime, out: &mut Output, e: crate::sim::messages::ErrorCode) {
    let (class, message) = e.exception();
    out.log(now, "ERROR", "Error processing message, terminating consumer process: ", LOGGER);
    out.err(&format!("{class}: {message}"));
}

/// Subscribe mode: a consumer in the group; returns the number printed
/// (`None` if the consumer could not start).
fn subscribe(sim: &mut Simulation, plan: &Plan, out: &mut Output) -> Option<u64> {
    let client_id = super::producer::unique_client_id(sim, "console-consumer");
    let group = plan.group.clone().unwrap_or_default();
    let command = Command::StartConsumer {
        client_id: client_id.clone(),
        group,
        topics: vec![plan.topic.clone()],
        assignor: None,
        group_instance_id: None,
        properties: plan.properties.clone(),
        processing_ms: 0,
    };
    if let Err(e) = sim.apply(command) {
        return startup_error(sim, out, &format!("{}: {}", common::errors_class(&e.exception), e.message));
    }
    let node = sim.client_ids[&ClientId(client_id.clone())];
    if let Some(c) = sim.consumers.get_mut(&node) {
        c.delivered = Some(Vec::new());
    }
    let start = sim.now;
    let mut printed = 0usize;
    let mut last_record = sim.now;
    let mut caught_up_since: Option<SimTime> = None;
    loop {
        let delivered = sim.consumers.get(&node).and_then(|c| c.delivered.clone()).unwrap_or_default();
        for (tp, r) in delivered.iter().skip(printed) {
            if plan.max_messages.is_some_and(|m| printed as u64 >= m) {
                break;
            }
            print_record(out, &plan.formatter, tp, r);
            printed += 1;
            last_record = sim.now;
        }
        if plan.max_messages.is_some_and(|m| printed as u64 >= m) {
            break;
        }
        if let Some(e) = sim.consumers.get(&node).and_then(|c| c.fatal_error) {
            log_fatal(sim.now, out, e);
            break;
        }
        if let Some(t) = plan.timeout_ms {
            if sim.now.0 - last_record.0 >= t * 1000 {
                log_timeout(sim.now, out);
                break;
            }
        } else if caught_up(sim, node) && delivered.len() == printed {
            let since = *caught_up_since.get_or_insert(sim.now);
            if sim.now.0 - since.0 >= IDLE_MS * 1000 {
                break;
            }
        } else {
            caught_up_since = None;
        }
        if sim.now.0 - start.0 >= MAX_RUN_MS * 1000 || super::budget::exhausted(sim) {
            break;
        }
        sim.run_for(ms(STEP_MS));
    }
    let _ = sim.apply(Command::StopConsumer { client_id });
    sim.run_until_condition(ms(30_000), |s| s.consumers.get(&node).is_none_or(|c| c.closed));
    // The LeaveGroup reaches the coordinator: the member is gone from the group.
    let member = |s: &Simulation| {
        let name = |b: &crate::sim::broker::Broker| {
            b.coordinated_groups().any(|g| g.members.values().any(|m| m.client == NodeId::Client(node)))
        };
        s.brokers.keys().any(|b| s.broker(*b).is_some_and(name))
    };
    sim.run_until_condition(ms(5_000), |s| !member(s));
    if let Some(c) = sim.consumers.get_mut(&node) {
        c.delivered = None;
    }
    Some(printed as u64)
}

/// Whether the consumer is in the group and has read every assigned
/// partition up to its high watermark.
fn caught_up(sim: &Simulation, node: crate::sim::messages::ClientNodeId) -> bool {
    use crate::sim::client::consumer::JoinState;
    let Some(c) = sim.consumers.get(&node) else { return true };
    if c.join_state != JoinState::Stable || !c.processing.is_empty() {
        return false;
    }
    c.assigned.iter().all(|(tp, a)| {
        let (_, hw) = crate::sim::groups_view::leader_offsets(sim, tp);
        a.buffer.is_empty() && a.position.is_some_and(|p| p >= hw)
    })
}

fn print_record(out: &mut Output, f: &Formatter, tp: &TopicPartition, r: &Record) {
    let text = f.format(tp, r);
    out.out(text.strip_suffix('\n').unwrap_or(&text));
}

/// Assign mode: reads `topic-partition` from its leader's log.
fn read_assigned(sim: &mut Simulation, plan: &Plan, partition: u32, out: &mut Output) -> u64 {
    let tp = TopicPartition::new(&plan.topic, partition);
    let log_range = |sim: &Simulation| {
        let leader = sim.controller.image.partition(&tp).and_then(|p| p.leader);
        leader
            .and_then(|l| sim.broker(l))
            .and_then(|b| b.partitions.get(&tp))
            .map(|p| (p.log.log_start_offset(), p.log.high_watermark()))
    };
    let Some((log_start, hw)) = log_range(sim) else {
        let message = format!(
            "[Consumer clientId=console-consumer, groupId=] The metadata response from the cluster reported a recoverable issue with correlation id 2 : {{{}=UNKNOWN_TOPIC_OR_PARTITION}}",
            plan.topic
        );
        out.log(sim.now, "WARN", &message, "org.apache.kafka.clients.NetworkClient");
        out.failed = true;
        return 0;
    };
    let mut position = match plan.start {
        Start::Earliest => log_start,
        Start::Latest => hw,
        Start::At(o) if o > hw || o < log_start => {
            out.log(
                sim.now,
                "INFO",
                &format!("[Consumer clientId=console-consumer, groupId=] Resetting offset for partition {tp} to position FetchPosition{{offset={hw}}}."),
                "org.apache.kafka.clients.consumer.internals.SubscriptionState",
            );
            hw
        }
        Start::At(o) => o,
    };
    let start = sim.now;
    let mut printed = 0u64;
    let mut last_record = sim.now;
    loop {
        if let Some((_, hw)) = log_range(sim) {
            let leader = sim.controller.image.partition(&tp).and_then(|p| p.leader);
            let records = leader
                .and_then(|l| sim.broker(l))
                .and_then(|b| b.partitions.get(&tp))
                .map(|p| p.log.read(position, hw, u32::MAX))
                .unwrap_or_default();
            for r in records {
                if plan.max_messages.is_some_and(|m| printed >= m) {
                    break;
                }
                print_record(out, &plan.formatter, &tp, &r);
                printed += 1;
                position = r.offset + 1;
                last_record = sim.now;
            }
        }
        if plan.max_messages.is_some_and(|m| printed >= m) {
            break;
        }
        let idle = sim.now.0 - last_record.0;
        match plan.timeout_ms {
            Some(t) if idle >= t * 1000 => {
                log_timeout(sim.now, out);
                break;
            }
            None if idle >= IDLE_MS * 1000 => break,
            _ => {}
        }
        if sim.now.0 - start.0 >= MAX_RUN_MS * 1000 || super::budget::exhausted(sim) {
            break;
        }
        sim.run_for(ms(STEP_MS));
    }
    printed
}
