//! `kafka-delete-records`: moves partitions' log start offsets.
//!
//! Follows `org.apache.kafka.tools.DeleteRecordsCommand` (Kafka 4.0, the same
//! to 4.3): `--bootstrap-server`, `--offset-json-file` (both required) and
//! `--command-config`, read from the console's files ([`super::shell`]).
//! The JSON is `{"partitions": [{"topic": "foo", "partition": 1, "offset":
//! 1}], "version": 1}` (`offset: -1` = up to the high watermark); its errors
//! are Kafka's (`The input string is not a valid JSON`, `Missing partitions
//! field`, `Not supported version field value 2`, Jackson's `Expected
//! `Integer` value, received "0"`, `Offset json file contains duplicate
//! topic partitions: foo-1`). The tool's own `main` catches nothing, so
//! those print as the JVM prints an uncaught exception (`Exception in thread
//! "main" ...`, frames omitted) and the exit status is 1.
//!
//! Then it prints `Executing records delete operation`, `Records delete
//! operation completed:` and one line per partition, `partition: foo-1\t
//! low_watermark: 1` or `partition: foo-1\terror: <exception>`. The error is
//! what the admin client makes of the partition's error code
//! (`DeleteRecordsHandler`: `Errors.exception()`, the code's default text,
//! since the response carries no message): `OffsetOutOfRangeException: The
//! requested offset is not within the range of offsets maintained by the
//! server.`, `PolicyViolationException: Request parameters do not satisfy
//! the configured policy.` A topic that does not exist fails at the
//! metadata lookup (`Failed to fetch metadata for partition foo-0 because
//! metadata for topic `foo` could not be found`); a partition without a
//! leader, or one the topic does not have, is looked up again until
//! `default.api.timeout.ms` (60 s of simulated time) and then times out.
//! Per-partition errors do not change the exit status (0).
// Simplification: Kafka prints the partitions in the iteration order of an
// immutable map (`Collectors.toUnmodifiableMap`), which Java randomises per
// JVM run; KafkaSim prints them sorted by topic, then partition number.
// Simplification: `--command-config` must name a console file, but its
// properties are not applied.

use super::args::{opt, Arg, Spec};
use super::bootstrap;
use super::common::{self, print_uncaught};
use super::java::{hashmap_order, topic_partition_hash, Throwable};
use super::output::Output;
use super::shell::Files;
use crate::sim::commands::{Command, CommandOutput, TopicCommand};
use crate::sim::error::{ErrorKind, KafkaError};
use crate::sim::ids::{Offset, TopicName, TopicPartition};
use crate::sim::simulation::Simulation;
use crate::sim::time::ms;
use serde_json::Value;

pub(crate) const SPECS: [Spec; 5] = [
    opt("bootstrap-server", Arg::Required),
    opt("offset-json-file", Arg::Required),
    opt("command-config", Arg::Required),
    opt("help", Arg::None),
    opt("version", Arg::None),
];

/// The admin client's `default.api.timeout.ms`.
const API_TIMEOUT_MS: u64 = 60_000;
const ADMIN_OPERATION: &str = "org.apache.kafka.server.common.AdminOperationException";
const JSON_MAPPING: &str = "com.fasterxml.jackson.databind.JsonMappingException";

/// One partition of the JSON file: topic, partition (Java `int`), offset.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    pub topic: String,
    pub partition: i32,
    pub offset: i64,
}

impl Entry {
    /// `TopicPartition.toString()`.
    fn name(&self) -> String {
        format!("{}-{}", self.topic, self.partition)
    }
}

/// Runs `kafka-delete-records` with `words`.
pub fn run(sim: &mut Simulation, files: &Files, words: &[String], out: &mut Output) {
    let p = match super::args::parse(&SPECS, words) {
        Ok(p) => p,
        Err(e) => return print_uncaught(out, &Throwable::new(e.class_name(), &e.message)),
    };
    if words.is_empty() || p.has("help") {
        return out.fail("This tool helps to delete records of the given partitions down to the specified offset.");
    }
    if p.has("version") {
        return out.out("4.0.0");
    }
    for required in ["bootstrap-server", "offset-json-file"] {
        if !p.has(required) {
            return out.fail(&format!("Missing required argument \"[{required}]\""));
        }
    }
    if let Some(config) = p.value("command-config") {
        if let Err(t) = common::read_file(files, config) {
            return print_uncaught(out, &t);
        }
    }
    let boot = match bootstrap::parse(p.value("bootstrap-server").unwrap_or_default(), sim) {
        Ok(b) => b,
        Err(m) => {
            let cause = Throwable::new("org.apache.kafka.common.config.ConfigException", &m);
            let e = Throwable::with_cause(
                "org.apache.kafka.common.KafkaException",
                "Failed to create new KafkaAdminClient",
                cause,
            );
            return print_uncaught(out, &e);
        }
    };
    let entries = match common::read_file(files, p.value("offset-json-file").unwrap_or_default())
        .and_then(parse_offsets)
        .and_then(no_duplicates)
    {
        Ok(e) => e,
        Err(t) => return print_uncaught(out, &t),
    };
    out.out("Executing records delete operation");
    out.out("Records delete operation completed:");
    let results = if boot.reachable(sim).is_none() {
        boot.time_out(sim, out, "AdminClient clientId=adminclient-1", API_TIMEOUT_MS);
        entries.iter().map(|e| (e.clone(), Err(timeout()))).collect()
    } else {
        delete(sim, &entries)
    };
    for (e, result) in results {
        match result {
            Ok(lw) => out.out(&format!("partition: {}\tlow_watermark: {lw}", e.name())),
            Err(error) => out.out(&format!("partition: {}\terror: {error}", e.name())),
        }
    }
}

/// The lookup of a partition that never found a leader, after `default.api.timeout.ms`.
fn timeout() -> String {
    "org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: deleteRecords(api=METADATA)".into()
}

/// `DeleteRecordsCommand.parseOffsetJsonStringWithoutDedup` with Jackson's
/// and Kafka's JSON helpers' exceptions.
pub fn parse_offsets(text: &str) -> Result<Vec<Entry>, Throwable> {
    let invalid = || Throwable::new(ADMIN_OPERATION, "The input string is not a valid JSON");
    // Jackson's `readTree` reads the first value and ignores what follows it.
    let js: Value = match serde_json::Deserializer::from_str(text).into_iter::<Value>().next() {
        Some(Ok(v)) => v,
        _ => return Err(invalid()),
    };
    let obj = as_object(&js)?;
    let version = match obj.get("version") {
        Some(v) => to_int(v)?,
        None => 1,
    };
    if version != 1 {
        return Err(Throwable::new(ADMIN_OPERATION, &format!("Not supported version field value {version}")));
    }
    let partitions =
        obj.get("partitions").ok_or_else(|| Throwable::new(ADMIN_OPERATION, "Missing partitions field"))?;
    let Value::Array(list) = partitions else {
        return Err(mapping(&format!("Expected JSON array, received {}", node(partitions))));
    };
    let mut entries = Vec::new();
    for item in list {
        let o = as_object(item)?;
        let field = |name: &str| o.get(name).ok_or_else(|| mapping(&format!("No such field exists: `{name}`")));
        let topic = match field("topic")? {
            Value::String(s) => s.clone(),
            other => return Err(expected("String", other)),
        };
        let partition = to_int(field("partition")?)?;
        let o = field("offset")?;
        let offset = o.as_i64().filter(|_| !o.is_f64()).ok_or_else(|| expected("Long", o))?;
        entries.push(Entry { topic, partition, offset });
    }
    Ok(entries)
}

fn mapping(message: &str) -> Throwable {
    Throwable::new(JSON_MAPPING, message)
}

/// Jackson's `JsonNode.toString()`.
fn node(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn expected(kind: &str, v: &Value) -> Throwable {
    mapping(&format!("Expected `{kind}` value, received {}", node(v)))
}

fn as_object(v: &Value) -> Result<&serde_json::Map<String, Value>, Throwable> {
    v.as_object().ok_or_else(|| mapping(&format!("Expected JSON object, received {}", node(v))))
}

/// `DecodeInteger`: an integral JSON number that fits a Java `int`.
fn to_int(v: &Value) -> Result<i32, Throwable> {
    v.as_i64().filter(|_| !v.is_f64()).and_then(|n| i32::try_from(n).ok()).ok_or_else(|| expected("Integer", v))
}

/// The duplicate check: every partition named twice, in `HashSet` order.
fn no_duplicates(entries: Vec<Entry>) -> Result<Vec<Entry>, Throwable> {
    let mut seen: Vec<(String, i32)> = Vec::new();
    let mut dups: Vec<(String, i32)> = Vec::new();
    for e in &entries {
        let key = (e.topic.clone(), e.partition);
        if seen.contains(&key) {
            if !dups.contains(&key) {
                dups.push(key);
            }
        } else {
            seen.push(key);
        }
    }
    if dups.is_empty() {
        return Ok(entries);
    }
    let order = hashmap_order(&dups, |(t, p)| topic_partition_hash(t, *p as u32), 16);
    let names: Vec<String> = order.iter().map(|(t, p)| format!("{t}-{p}")).collect();
    Err(Throwable::new(
        "org.apache.kafka.server.common.AdminCommandFailedException",
        &format!("Offset json file contains duplicate topic partitions: {}", names.join(",")),
    ))
}

/// Where one partition's request goes.
enum Lookup {
    /// The topic does not exist: the metadata lookup fails at once.
    Failed(String),
    /// A partition of an existing topic (its leader may be missing).
    Partition(TopicPartition),
    /// A partition number the topic does not have: looked up until the timeout.
    Missing,
}

fn lookup(sim: &Simulation, e: &Entry) -> Lookup {
    let tp_name = e.name();
    if !legal_topic_name(&e.topic) {
        return Lookup::Failed(format!(
            "org.apache.kafka.common.errors.InvalidTopicException: Failed to fetch metadata for partition {tp_name} due to invalid topic `{}`",
            e.topic
        ));
    }
    let Some(topic) = sim.controller().image.topics.get(&TopicName::new(&e.topic)) else {
        return Lookup::Failed(format!(
            "org.apache.kafka.common.errors.UnknownTopicOrPartitionException: Failed to fetch metadata for partition {tp_name} because metadata for topic `{}` could not be found",
            e.topic
        ));
    };
    match u32::try_from(e.partition) {
        Ok(p) if (p as usize) < topic.partitions.len() => Lookup::Partition(TopicPartition::new(&e.topic, p)),
        _ => Lookup::Missing,
    }
}

/// Kafka's `Topic.validate` rules (the metadata lookup answers `INVALID_TOPIC_EXCEPTION` otherwise).
fn legal_topic_name(name: &str) -> bool {
    let legal = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-';
    !name.is_empty() && name != "." && name != ".." && name.len() <= 249 && name.chars().all(legal)
}

fn has_leader(sim: &Simulation, tp: &TopicPartition) -> bool {
    sim.controller().image.partition(tp).and_then(|p| p.leader).is_some_and(|b| sim.broker(b).is_some())
}

/// Sends the requests: partitions with a leader at once, the others when
/// their leader is known (or they time out); results sorted by partition.
fn delete(sim: &mut Simulation, entries: &[Entry]) -> Vec<(Entry, Result<Offset, String>)> {
    let mut sorted = entries.to_vec();
    sorted.sort();
    let lookups: Vec<Lookup> = sorted.iter().map(|e| lookup(sim, e)).collect();
    let mut results: Vec<Option<Result<Offset, String>>> = vec![None; sorted.len()];
    for (i, l) in lookups.iter().enumerate() {
        if let Lookup::Failed(m) = l {
            results[i] = Some(Err(m.clone()));
        }
    }
    let ready = |s: &Simulation, i: usize| matches!(&lookups[i], Lookup::Partition(tp) if has_leader(s, tp));
    send(sim, &sorted, &mut results, |s, i| ready(s, i));
    let waiting: Vec<usize> = (0..sorted.len()).filter(|i| results[*i].is_none()).collect();
    if !waiting.is_empty() {
        let all_ready = |s: &Simulation| waiting.iter().all(|i| ready(s, *i));
        sim.run_until_condition(ms(API_TIMEOUT_MS), all_ready);
        send(sim, &sorted, &mut results, |s, i| ready(s, i));
    }
    sorted.into_iter().zip(results).map(|(e, r)| (e, r.unwrap_or_else(|| Err(timeout())))).collect()
}

/// One `DeleteRecords` command for the partitions still unanswered that `ready` accepts.
fn send(
    sim: &mut Simulation,
    entries: &[Entry],
    results: &mut [Option<Result<Offset, String>>],
    ready: impl Fn(&Simulation, usize) -> bool,
) {
    let chosen: Vec<usize> = (0..entries.len()).filter(|i| results[*i].is_none() && ready(sim, *i)).collect();
    if chosen.is_empty() {
        return;
    }
    let partitions: Vec<(TopicPartition, Offset)> = chosen
        .iter()
        .map(|i| (TopicPartition::new(&entries[*i].topic, entries[*i].partition as u32), entries[*i].offset))
        .collect();
    let Ok(CommandOutput::LowWatermarks(answers)) =
        sim.apply(Command::Topic(TopicCommand::DeleteRecords { partitions }))
    else {
        return;
    };
    for (i, (_, answer)) in chosen.into_iter().zip(answers) {
        results[i] = match answer {
            Ok(lw) => Some(Ok(lw)),
            // Not the leader (any more): the lookup starts again.
            Err(e) if matches!(e.kind, ErrorKind::LeaderNotAvailable) => None,
            Err(e) => Some(Err(client_exception(&e))),
        };
    }
}

/// `Errors.exception()`: the error code's exception with its default text.
fn client_exception(e: &KafkaError) -> String {
    let text = match e.kind {
        ErrorKind::OffsetOutOfRange => {
            "The requested offset is not within the range of offsets maintained by the server."
        }
        ErrorKind::PolicyViolation => "Request parameters do not satisfy the configured policy.",
        ErrorKind::UnknownTopicOrPartition => "This server does not host this topic-partition.",
        _ => return e.to_string(),
    };
    format!("{}: {text}", e.class_name())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse_offsets(text).unwrap_err().to_string()
    }

    #[test]
    fn json_errors_are_kafkas() {
        let ok = parse_offsets(r#"{"partitions":[{"topic":"foo","partition":1,"offset":-1}],"version":1} trailing"#);
        assert_eq!(ok.unwrap(), vec![Entry { topic: "foo".into(), partition: 1, offset: -1 }]);
        let aoe = "org.apache.kafka.server.common.AdminOperationException";
        assert_eq!(err(""), format!("{aoe}: The input string is not a valid JSON"));
        assert_eq!(err("{"), format!("{aoe}: The input string is not a valid JSON"));
        assert_eq!(err(r#"{"version":2}"#), format!("{aoe}: Not supported version field value 2"));
        assert_eq!(err(r#"{"version":1}"#), format!("{aoe}: Missing partitions field"));
        let jme = "com.fasterxml.jackson.databind.JsonMappingException";
        assert_eq!(err("[1]"), format!("{jme}: Expected JSON object, received [1]"));
        assert_eq!(err(r#"{"version":"1"}"#), format!("{jme}: Expected `Integer` value, received \"1\""));
        assert_eq!(err(r#"{"partitions":{}}"#), format!("{jme}: Expected JSON array, received {{}}"));
        assert_eq!(err(r#"{"partitions":[{"topic":"a"}]}"#), format!("{jme}: No such field exists: `partition`"));
        let big = r#"{"partitions":[{"topic":"a","partition":3000000000,"offset":1}]}"#;
        assert_eq!(err(big), format!("{jme}: Expected `Integer` value, received 3000000000"));
        let float = r#"{"partitions":[{"topic":"a","partition":0,"offset":1.5}]}"#;
        assert_eq!(err(float), format!("{jme}: Expected `Long` value, received 1.5"));
    }

    #[test]
    fn duplicates_in_hash_set_order() {
        let e = |t: &str, p| Entry { topic: t.into(), partition: p, offset: 0 };
        let list = vec![e("A", 0), e("A", 1), e("A", 0), e("A", 1), e("B", 0)];
        let m = no_duplicates(list).unwrap_err().message;
        // TopicPartition.hashCode: A-0 = 1026 (bucket 2), A-1 = 1057 (bucket 1).
        assert_eq!(m, "Offset json file contains duplicate topic partitions: A-1,A-0");
    }
}
