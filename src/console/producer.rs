//! `kafka-console-producer`: reads records line by line and sends them.
//!
//! Follows `org.apache.kafka.tools.ConsoleProducer` and `LineMessageReader`
//! (Kafka 4.0). The tool's own defaults are merged into the producer
//! properties as `maybeMergeOptions` does (an explicit tool option wins, then
//! a `--producer-property`, then the default): `acks=-1`, `retries=3`,
//! `linger.ms=1000`, `request.timeout.ms=1500`, `retry.backoff.ms=100`,
//! `batch.size=16384`, `compression.type=none`, and `client.id=console-producer`.
//!
//! Starting the tool opens a [`Session`]: the console then treats every input
//! line as a record (echoed `>line`) until `^C` or the end of input. As in
//! `ConsoleProducer.send`, each record is `producer.send(record, callback)`:
//! it waits in the accumulator for `linger.ms` (or a full `batch.size`), so
//! lines typed meanwhile travel in one batch, and typing a line does not move
//! simulated time. An `ErrorLoggingCallback` logs a failed send when it
//! completes (in the browser, as the simulation plays: [`Session::report`]):
//! `ERROR Error when sending message to topic T with key: null, value: 5
//! bytes with error:` and the exception on the next line. `^C` or the end of
//! input runs the shutdown hook's `producer.close()`: the buffered batches
//! are sent at once and the console waits until every record completed. A
//! failed send does not make the tool exit with an error. With `--sync` each
//! line is `producer.send(record).get()`: the simulation runs until the
//! record completes, and a failure ends the tool with exit status 1.
//!
//! `LineMessageReader`'s properties: `parse.key`, `key.separator`,
//! `ignore.error` and `null.marker`: a value (and with `parse.key` a key)
//! equal to the marker is sent as null, so `--property null.marker=NULL`
//! writes tombstones. A compacted topic refuses records without a key
//! (`INVALID_RECORD`); the callback logs that like any failed send.

use super::args::{key_values, opt, Arg, Parsed, Spec};
use super::bootstrap::{self, Bootstrap};
use super::budget;
use super::common;
use super::output::Output;
use crate::sim::client::producer::SendRequest;
use crate::sim::commands::{Command, CommandOutput, ProducerCommand};
use crate::sim::ids::{ClientId, TopicName};
use crate::sim::ledger::RecordStatus;
use crate::sim::record::RecordId;
use crate::sim::simulation::Simulation;
use crate::sim::time::{ms, SimTime};

pub(crate) const SPECS: [Spec; 22] = [
    opt("bootstrap-server", Arg::Required),
    opt("topic", Arg::Required),
    opt("sync", Arg::None),
    opt("compression-codec", Arg::Optional),
    opt("batch-size", Arg::Required),
    opt("max-partition-memory-bytes", Arg::Required),
    opt("message-send-max-retries", Arg::Required),
    opt("retry-backoff-ms", Arg::Required),
    opt("timeout", Arg::Required),
    opt("request-required-acks", Arg::Required),
    opt("request-timeout-ms", Arg::Required),
    opt("metadata-expiry-ms", Arg::Required),
    opt("max-block-ms", Arg::Required),
    opt("max-memory-bytes", Arg::Required),
    opt("socket-buffer-size", Arg::Required),
    opt("line-reader", Arg::Required),
    opt("property", Arg::Required),
    opt("reader-config", Arg::Required),
    opt("producer-property", Arg::Required),
    opt("producer.config", Arg::Required),
    opt("help", Arg::None),
    opt("version", Arg::None),
];

/// Numeric options and the producer config each sets, with the tool default.
const MERGED: [(&str, &str, &str); 10] = [
    ("request-required-acks", "acks", "-1"),
    ("message-send-max-retries", "retries", "3"),
    ("retry-backoff-ms", "retry.backoff.ms", "100"),
    ("timeout", "linger.ms", "1000"),
    ("request-timeout-ms", "request.timeout.ms", "1500"),
    ("batch-size", "batch.size", "16384"),
    ("metadata-expiry-ms", "metadata.max.age.ms", "300000"),
    ("max-block-ms", "max.block.ms", "60000"),
    ("max-memory-bytes", "buffer.memory", "33554432"),
    ("socket-buffer-size", "send.buffer.bytes", "102400"),
];

/// The longest a `--sync` send waits for its record (simulated ms).
const SEND_WAIT_MS: u64 = 600_000;
/// How long after `max.block.ms` a blocked send may take to fail (simulated ms).
const BLOCK_SLACK_MS: u64 = 1_000;
/// The longest closing the producer waits for its records (simulated ms).
const CLOSE_WAIT_MS: u64 = 600_000;

/// A running console producer, reading records.
#[derive(Clone, Debug)]
pub struct Session {
    client_id: String,
    topic: String,
    bootstrap: Bootstrap,
    parse_key: bool,
    key_separator: String,
    ignore_error: bool,
    null_marker: Option<String>,
    sync: bool,
    max_block_ms: u64,
    line_number: u64,
    /// Sent records whose callback has not run yet, in send order.
    pending: Vec<Callback>,
}

/// Starts `kafka-console-producer`; `None` when it exits at once.
pub fn start(sim: &mut Simulation, words: &[String], out: &mut Output) -> Option<Session> {
    let p = common::parse_or_print(&SPECS, words, out)?;
    if words.is_empty() || p.has("help") {
        out.fail("This tool helps to read data from standard input and publish it to Kafka.");
        return None;
    }
    if p.has("version") {
        out.out("4.0.0");
        return None;
    }
    if !p.has("topic") {
        out.fail("Missing required argument \"[topic]\"");
        return None;
    }
    let Some(list) = p.value("bootstrap-server") else {
        out.fail("Error while validating the bootstrap address\n");
        return None;
    };
    for (option, _, _) in MERGED.iter().skip(1) {
        if let Err(e) = common::int_value(&p, option) {
            out.fail(&e.message);
            return None;
        }
    }
    for unsupported in ["line-reader", "reader-config", "producer.config"] {
        if p.has(unsupported) {
            out.fail(&format!("--{unsupported} is not supported by KafkaSim"));
            return None;
        }
    }
    let reader = key_values(&p.values("property"));
    let get = |k: &str| reader.iter().rev().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    // `messageReader(opts)` configures the reader before the producer exists.
    if let Err(e) = check_reader(&get) {
        return exception(out, &format!("org.apache.kafka.common.KafkaException: {e}"));
    }
    if get("parse.headers").is_some_and(|v| v.trim().eq_ignore_ascii_case("true")) {
        return exception(out, "java.lang.IllegalArgumentException: parse.headers is not supported by KafkaSim");
    }
    let bootstrap = match bootstrap::parse(list, sim) {
        Ok(b) => b,
        Err(m) => return exception(out, &format!("org.apache.kafka.common.config.ConfigException: {m}")),
    };
    let props = producer_properties(&p);
    let client_id = props.iter().rev().find(|(k, _)| k == "client.id").map(|(_, v)| v.clone()).unwrap_or_default();
    let client_id = unique_client_id(sim, &client_id);
    // `maybeMergeOptions(props, MAX_BLOCK_MS_CONFIG, ...)`: the merged value (option > property > default).
    let max_block_ms = props
        .iter()
        .rev()
        .find(|(k, _)| k == "max.block.ms")
        .and_then(|(_, v)| v.trim().parse::<u64>().ok())
        .unwrap_or(60_000);
    let command =
        Command::Producer(ProducerCommand::Start { client_id: client_id.clone(), properties: props, workload: None });
    if let Err(e) = sim.apply(command) {
        return exception(out, &e.to_string());
    }
    Some(Session {
        client_id,
        topic: p.value("topic").unwrap_or_default().to_string(),
        bootstrap,
        parse_key: get("parse.key").is_some_and(|v| v.trim().eq_ignore_ascii_case("true")),
        key_separator: get("key.separator").unwrap_or_else(|| "\t".into()),
        ignore_error: get("ignore.error").is_some_and(|v| v.trim().eq_ignore_ascii_case("true")),
        null_marker: get("null.marker"),
        sync: p.has("sync"),
        max_block_ms,
        line_number: 0,
        pending: Vec::new(),
    })
}

/// `LineMessageReader.configure`'s checks of its separators and `null.marker`
/// (made even when `parse.key` and `parse.headers` are off).
fn check_reader(get: &dyn Fn(&str) -> Option<String>) -> Result<(), String> {
    let or = |k: &str, d: &str| get(k).unwrap_or_else(|| d.to_string());
    let key = or("key.separator", "\t");
    let delimiter = or("headers.delimiter", "\t");
    let separator = or("headers.separator", ",");
    let key_separator = or("headers.key.separator", ":");
    let pairs = [
        ("headers.delimiter", &delimiter, "headers.separator", &separator),
        ("headers.delimiter", &delimiter, "headers.key.separator", &key_separator),
        ("headers.separator", &separator, "headers.key.separator", &key_separator),
    ];
    if let Some((a, _, b, _)) = pairs.iter().find(|(_, x, _, y)| x == y) {
        return Err(format!("{a} and {b} may not be equal"));
    }
    let Some(marker) = get("null.marker") else { return Ok(()) };
    let others = [
        ("key.separator", &key),
        ("headers.separator", &separator),
        ("headers.delimiter", &delimiter),
        ("headers.key.separator", &key_separator),
    ];
    match others.iter().find(|(_, v)| **v == marker) {
        Some((name, _)) => Err(format!("null.marker and {name} may not be equal")),
        None => Ok(()),
    }
}

/// `e.printStackTrace()` then exit 1 (frames omitted).
fn exception(out: &mut Output, text: &str) -> Option<Session> {
    out.fail(text);
    None
}

/// The producer properties: `--producer-property` merged with the tool's options.
fn producer_properties(p: &Parsed) -> Vec<(String, String)> {
    let mut props = key_values(&p.values("producer-property"));
    let mut merge = |key: &str, explicit: Option<String>, default: Option<&str>| {
        if let Some(v) = explicit {
            props.push((key.to_string(), v));
        } else if !props.iter().any(|(k, _)| k == key) {
            if let Some(d) = default {
                props.push((key.to_string(), d.to_string()));
            }
        }
    };
    let codec = p.has("compression-codec").then(|| p.value("compression-codec").unwrap_or("gzip").to_string());
    merge("compression.type", codec, Some("none"));
    for (option, key, default) in MERGED {
        merge(key, p.value(option).map(str::to_string), Some(default));
    }
    merge("batch.size", p.value("max-partition-memory-bytes").map(str::to_string), None);
    merge("client.id", None, Some("console-producer"));
    props
}

/// `wanted`, or `wanted-2`, `wanted-3`... if a simulated client has that id.
pub(super) fn unique_client_id(sim: &Simulation, wanted: &str) -> String {
    let taken = |id: &str| sim.client_ids().contains_key(&ClientId(id.to_string()));
    if !taken(wanted) {
        return wanted.to_string();
    }
    (2..).map(|n| format!("{wanted}-{n}")).find(|id| !taken(id)).expect("some id is free")
}

impl Session {
    /// Sends one input line; false when the tool exits (an error ended it).
    pub fn record(&mut self, sim: &mut Simulation, line: &str, out: &mut Output) -> bool {
        self.line_number += 1;
        let (key, value) = match self.split(line) {
            Ok(kv) => kv,
            Err(e) => {
                // The reader's exception ends `loopReader`; the shutdown hook closes the producer.
                out.fail(&format!("org.apache.kafka.common.KafkaException: {e}"));
                self.close(sim, out);
                return false;
            }
        };
        let callback = Callback::new(RecordId(0), &key, &value);
        if self.bootstrap.reachable(sim).is_none() {
            // `KafkaProducer.waitOnMetadata` blocks `send()` for `max.block.ms`.
            sim.run_for(ms(self.max_block_ms));
            let error = format!(
                "org.apache.kafka.common.errors.TimeoutException: Topic {} not present in metadata after {} ms.",
                self.topic, self.max_block_ms
            );
            return self.completed(sim, &callback, &error, out);
        }
        let record = SendRequest { topic: TopicName::new(&self.topic.clone()), partition: None, key, value };
        let id = match sim
            .apply(Command::Producer(ProducerCommand::Produce { client_id: self.client_id.clone(), record }))
        {
            Ok(CommandOutput::Record(id)) => id,
            Ok(_) => return true,
            Err(e) => {
                let error = e.to_string();
                return self.completed(sim, &callback, &error, out);
            }
        };
        self.wait_while_blocked(sim, id);
        if self.sync {
            // `producer.send(record).get()`: the simulation runs until the record completes.
            let done = |s: &Simulation| s.ledger().entries.get(&id).is_none_or(|e| e.status != RecordStatus::Pending);
            sim.run_until_condition(ms(SEND_WAIT_MS), done);
            return match sim.ledger().entries.get(&id).map(|e| e.status.clone()) {
                Some(RecordStatus::Failed { error, .. }) => self.completed(sim, &callback, &error, out),
                _ => true,
            };
        }
        // `producer.send(record, new ErrorLoggingCallback(...))`: the record waits in
        // the accumulator (`linger.ms`) and its callback reports it when it completes.
        self.pending.push(Callback { id, ..callback });
        self.report(sim, out);
        true
    }

    /// `send()` itself blocks while the topic's metadata is missing or
    /// `buffer.memory` is full (at most `max.block.ms`), so the line does too.
    fn wait_while_blocked(&self, sim: &mut Simulation, id: RecordId) {
        let Some(node) = sim.client_ids().get(&ClientId(self.client_id.clone())).copied() else { return };
        let blocked = move |s: &Simulation| s.producers().get(&node).is_some_and(|p| p.send_blocked(id));
        if blocked(sim) {
            // The simulated producer gives up at its first check after the deadline.
            sim.run_until_condition(ms(self.max_block_ms.saturating_add(BLOCK_SLACK_MS)), |s| !blocked(s));
        }
    }

    /// A send that failed at once (or, with `--sync`, its `get()`): false when the tool exits.
    fn completed(&mut self, sim: &mut Simulation, callback: &Callback, error: &str, out: &mut Output) -> bool {
        if self.sync {
            out.fail(&format!("java.util.concurrent.ExecutionException: {error}"));
            self.close(sim, out);
            return false;
        }
        callback.log(sim.now(), &self.topic, error, out);
        true
    }

    /// `ErrorLoggingCallback.onCompletion` for each sent record that has
    /// completed since the last call: a failure is logged with the moment it
    /// failed (in that order), a success is silent.
    pub fn report(&mut self, sim: &Simulation, out: &mut Output) {
        let mut failed: Vec<(SimTime, Callback, String)> = Vec::new();
        self.pending.retain(|cb| match sim.ledger().entries.get(&cb.id).map(|e| &e.status) {
            Some(RecordStatus::Pending) => true,
            Some(RecordStatus::Failed { error, at }) => {
                failed.push((*at, cb.clone(), error.clone()));
                false
            }
            _ => false,
        });
        failed.sort_by_key(|(at, cb, _)| (*at, cb.id));
        for (at, cb, error) in failed {
            cb.log(at, &self.topic, &error, out);
        }
    }

    /// `LineMessageReader`: key and value of one line.
    fn split(&self, line: &str) -> Result<(Option<String>, Option<String>), String> {
        let (key, value) = if self.parse_key {
            match line.split_once(self.key_separator.as_str()) {
                Some((k, v)) => (Some(k.to_string()), v.to_string()),
                None if self.ignore_error => (None, line.to_string()),
                None => {
                    return Err(format!("No key separator found on line number {}: '{line}'", self.line_number));
                }
            }
        } else {
            (None, line.to_string())
        };
        let marker = |s: Option<String>| s.filter(|s| self.null_marker.as_deref() != Some(s.as_str()));
        Ok((marker(key), marker(Some(value))))
    }

    /// `^C` or the end of input: the shutdown hook's `producer.close()` sends
    /// what is buffered and waits until every record completed, its callback
    /// logging each failure as it comes, then the producer is gone.
    pub fn close(&mut self, sim: &mut Simulation, out: &mut Output) {
        let _ = sim.apply(Command::Producer(ProducerCommand::Close { client_id: self.client_id.clone() }));
        self.report(sim, out);
        let completions = |s: &Simulation| (s.ledger().summary.acked, s.ledger().summary.failed);
        // Simplification: `close()` waits without limit; the console waits up
        // to CLOSE_WAIT_MS and within the line's budget (docs/simplifications.md).
        let end = sim.now().plus(ms(CLOSE_WAIT_MS));
        while !self.pending.is_empty() && !budget::exhausted(sim) && sim.now() < end {
            let seen = completions(sim);
            sim.run_until_condition(end.since(sim.now()), |s| completions(s) != seen);
            self.report(sim, out);
        }
        let _ = sim.apply(Command::Producer(ProducerCommand::Stop { client_id: self.client_id.clone() }));
    }
}

/// A sent record and what its `ErrorLoggingCallback` prints (`logAsString` false).
#[derive(Clone, Debug)]
struct Callback {
    id: RecordId,
    key: String,
    value: String,
}

impl Callback {
    fn new(id: RecordId, key: &Option<String>, value: &Option<String>) -> Callback {
        let describe = |v: &Option<String>| v.as_ref().map_or("null".to_string(), |s| format!("{} bytes", s.len()));
        Callback { id, key: describe(key), value: describe(value) }
    }

    /// `ErrorLoggingCallback.onCompletion` with an exception.
    fn log(&self, at: SimTime, topic: &str, error: &str, out: &mut Output) {
        let message = format!(
            "Error when sending message to topic {topic} with key: {}, value: {} with error:",
            self.key, self.value
        );
        out.log(at, "ERROR", &message, "org.apache.kafka.clients.producer.internals.ErrorLoggingCallback");
        out.err(error);
    }
}
