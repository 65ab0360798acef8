//! `kafka-log-dirs --describe`: each broker's partition logs and their sizes.
//!
//! Follows `org.apache.kafka.tools.LogDirsCommand` (Kafka 4.0):
//! `--bootstrap-server` and `--describe` (required), `--broker-list 1,2`
//! (default: every broker in the cluster), `--topic-list t1,t2` (default:
//! every topic), `--command-config`. It prints `Querying brokers for log
//! directories information`, `Received log directory information from
//! brokers 1,2,3` and one line of JSON, written by Jackson from nested
//! `HashMap`s, so every object's keys come in `HashMap` order (computed
//! with [`super::java::hashmap_order`]: `brokers` then `version`; `broker`
//! then `logDirs`; `partitions`, `error`, `logDir`; `partition`, `size`,
//! `offsetLag`, `isFuture`), as do the brokers and each directory's
//! partitions. Each broker has one log directory, `/var/lib/kafka/data`;
//! `size` is the partition log's bytes ([`PartitionLog::size_bytes`]) and
//! `offsetLag` what the broker answers for a current (not future) log,
//! `max(HW - LEO, 0)` of its own replica (`ReplicaManager.getLogEndOffsetLag`),
//! which is 0 for a leader and, since a follower's HW never passes its LEO,
//! for a follower too. A broker id not in the cluster fails with `ERROR: The
//! given brokers do not exist from --broker-list: 4. Current existent
//! brokers: 1,2,3` (stderr, exit 1).
// Simplification: "the cluster" is the brokers registered and unfenced whose
// process runs; Kafka still lists a crashed broker until the controller
// fences it, and the describe call to it then times out.
// Simplification: `--command-config` must name a console file, but its
// properties are not applied.

use super::args::{opt, Arg, Spec};
use super::bootstrap;
use super::common::{self, print_main_error};
use super::java::{hashmap_order, string_hash, topic_partition_hash, Throwable};
use super::output::Output;
use super::shell::Files;
use crate::sim::broker::log::PartitionLog;
use crate::sim::ids::{BrokerId, TopicPartition};
use crate::sim::simulation::Simulation;

pub(crate) const SPECS: [Spec; 7] = [
    opt("bootstrap-server", Arg::Required),
    opt("command-config", Arg::Required),
    opt("describe", Arg::None),
    opt("topic-list", Arg::Required),
    opt("broker-list", Arg::Required),
    opt("help", Arg::None),
    opt("version", Arg::None),
];

/// The one log directory of every simulated broker.
pub const LOG_DIR: &str = "/var/lib/kafka/data";
/// The admin client's `default.api.timeout.ms`.
const API_TIMEOUT_MS: u64 = 60_000;

/// Runs `kafka-log-dirs` with `words`.
pub fn run(sim: &mut Simulation, files: &Files, words: &[String], out: &mut Output) {
    let Some(p) = common::parse_or_print(&SPECS, words, out) else { return };
    if words.is_empty() || p.has("help") {
        return out.fail("This tool helps to query log directory usage on the specified brokers.");
    }
    if p.has("version") {
        return out.out("4.0.0");
    }
    for required in ["bootstrap-server", "describe"] {
        if !p.has(required) {
            return out.fail(&format!("Missing required argument \"[{required}]\""));
        }
    }
    if let Err(t) = p.value("command-config").map_or(Ok(""), |f| common::read_file(files, f)) {
        return thrown(out, &t);
    }
    if let Err(t) = connect(sim, p.value("bootstrap-server").unwrap_or_default(), out) {
        return thrown(out, &t);
    }
    let topics = split(p.value("topic-list").unwrap_or_default());
    let cluster = cluster_brokers(sim);
    let mut asked = Vec::new();
    for b in split(p.value("broker-list").unwrap_or_default()) {
        match b.parse::<i32>() {
            Ok(id) if !asked.contains(&id) => asked.push(id),
            Ok(_) => {}
            Err(_) => {
                let t = Throwable::new("java.lang.NumberFormatException", &format!("For input string: \"{b}\""));
                return thrown(out, &t);
            }
        }
    }
    let missing: Vec<i32> = asked.iter().copied().filter(|b| !cluster.contains(b)).collect();
    if !missing.is_empty() {
        return out.fail(&format!(
            "ERROR: The given brokers do not exist from --broker-list: {}. Current existent brokers: {}",
            int_set(&missing),
            int_set(&cluster)
        ));
    }
    let brokers = if asked.is_empty() { cluster } else { asked };
    out.out("Querying brokers for log directories information");
    out.out(&format!("Received log directory information from brokers {}", int_set(&brokers)));
    out.out(&json(sim, &brokers, &topics));
}

/// `mainNoExit`'s catch-all: the message, then the stack trace (frames omitted).
fn thrown(out: &mut Output, t: &Throwable) {
    print_main_error(out, &t.class, &t.message);
    for cause in t.stack_trace().iter().skip(1) {
        out.err(cause);
    }
}

/// `splitAtCommasAndFilterOutEmpty`.
fn split(list: &str) -> Vec<String> {
    list.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// The admin client (`client.id=log-dirs-tool`); `describeCluster` times out
/// when no listed server answers.
fn connect(sim: &mut Simulation, list: &str, out: &mut Output) -> Result<(), Throwable> {
    let b = bootstrap::parse(list, sim).map_err(|m| {
        let cause = Throwable::new("org.apache.kafka.common.config.ConfigException", &m);
        Throwable::with_cause("org.apache.kafka.common.KafkaException", "Failed to create new KafkaAdminClient", cause)
    })?;
    if b.reachable(sim).is_some() {
        return Ok(());
    }
    b.time_out(sim, out, "AdminClient clientId=log-dirs-tool", API_TIMEOUT_MS);
    let cause = Throwable::new(
        "org.apache.kafka.common.errors.TimeoutException",
        "Timed out waiting for a node assignment. Call: listNodes",
    );
    Err(Throwable::wrap("java.util.concurrent.ExecutionException", cause))
}

/// `describeCluster().nodes()`: the live brokers.
fn cluster_brokers(sim: &Simulation) -> Vec<i32> {
    let image = &sim.controller().image;
    sim.brokers().keys().filter(|b| image.is_active(**b) && sim.broker(**b).is_some()).map(|b| b.0 as i32).collect()
}

/// A `HashSet<Integer>` joined by `,` (`Integer.hashCode` is the value).
fn int_set(ids: &[i32]) -> String {
    let order = hashmap_order(ids, |b| *b as u32, 16);
    order.iter().map(i32::to_string).collect::<Vec<_>>().join(",")
}

/// A Jackson object from a `HashMap` filled in `entries`' order.
fn object(entries: Vec<(&str, String)>) -> String {
    let order = hashmap_order(&entries, |(k, _)| string_hash(k), 16);
    let fields: Vec<String> = order.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
    format!("{{{}}}", fields.join(","))
}

/// Jackson's string.
fn string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// The JSON line: `{"brokers":[...],"version":1}` in `HashMap` key order.
fn json(sim: &Simulation, brokers: &[i32], topics: &[String]) -> String {
    let order = hashmap_order(brokers, |b| *b as u32, brokers.len().max(1));
    let entries: Vec<String> = order
        .iter()
        .map(|b| {
            let log_dir = object(vec![
                ("logDir", string(LOG_DIR)),
                ("error", "null".into()),
                ("partitions", format!("[{}]", partitions(sim, BrokerId(*b as u32), topics).join(","))),
            ]);
            object(vec![("broker", b.to_string()), ("logDirs", format!("[{log_dir}]"))])
        })
        .collect();
    object(vec![("version", "1".into()), ("brokers", format!("[{}]", entries.join(",")))])
}

/// One broker's partition logs (of `topics`, or all), in `HashMap` order.
fn partitions(sim: &Simulation, broker: BrokerId, topics: &[String]) -> Vec<String> {
    let Some(b) = sim.broker(broker) else { return Vec::new() };
    let logs: Vec<(&TopicPartition, &PartitionLog)> = b
        .partitions
        .iter()
        .filter(|(tp, _)| topics.is_empty() || topics.iter().any(|t| t == tp.topic.as_str()))
        .map(|(tp, p)| (tp, &p.log))
        .collect();
    let order = hashmap_order(&logs, |(tp, _)| topic_partition_hash(tp.topic.as_str(), tp.partition), 16);
    order
        .iter()
        .map(|(tp, log)| {
            let lag = (log.high_watermark() - log.log_end_offset()).max(0);
            object(vec![
                ("partition", string(&tp.to_string())),
                ("size", log.size_bytes().to_string()),
                ("offsetLag", lag.to_string()),
                ("isFuture", "false".into()),
            ])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_orders_are_the_hashmaps() {
        let keys = |o: String| o;
        assert_eq!(
            keys(object(vec![("version", "1".into()), ("brokers", "[]".into())])),
            r#"{"brokers":[],"version":1}"#
        );
        assert_eq!(
            keys(object(vec![("broker", "1".into()), ("logDirs", "[]".into())])),
            r#"{"broker":1,"logDirs":[]}"#
        );
        let dir = object(vec![("logDir", "\"d\"".into()), ("error", "null".into()), ("partitions", "[]".into())]);
        assert_eq!(dir, r#"{"partitions":[],"error":null,"logDir":"d"}"#);
        let p = object(vec![
            ("partition", "\"t-0\"".into()),
            ("size", "1".into()),
            ("offsetLag", "0".into()),
            ("isFuture", "false".into()),
        ]);
        assert_eq!(p, r#"{"partition":"t-0","size":1,"offsetLag":0,"isFuture":false}"#);
        assert_eq!(int_set(&[3, 1, 2]), "1,2,3");
    }
}
