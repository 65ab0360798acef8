//! `kafka-get-offsets`: each partition's offset for a time.
//!
//! Follows `org.apache.kafka.tools.GetOffsetShell` (Kafka 4.0): partitions
//! chosen by `--topic` (a Java regex, `,` for `|`) and `--partitions
//! 0,1`, or by `--topic-partitions t1:1,t2:0-3,t3,t4:5-,:-3`; internal
//! topics are included unless `--exclude-internal-topics`. `--time` is
//! `-1`/`latest` (the default: the high watermark, what `read_uncommitted`
//! may read), `-2`/`earliest` and `-4`/`earliest-local` (the log start
//! offset, which `DeleteRecords` and retention move), `-3`/`max-timestamp`
//! (the first record with the largest timestamp), `-5`/`latest-tiered`
//! (no tiered storage: no offset), or a timestamp in ms (the first record
//! at or after it, found by the broker's `ListOffsets` lookup,
//! [`crate::sim::broker::consumer_fetch::offset_for_timestamp`]). A
//! partition without an offset (`-1` from the broker: nothing at or after
//! the time, or the record is not below the high watermark yet) is left out,
//! as the tool does. Lines are `topic:partition:offset`, sorted by the
//! string `topic-partition` (so `t-10` comes before `t-2`).
//!
//! Errors print `Error occurred: <message>` on stderr (exit 1), with the
//! stack trace (frames omitted) when the exception is not the tool's own
//! `TerseException`. A partition without a leader is looked up again until
//! `default.api.timeout.ms` (60 s of simulated time), then skipped with
//! `Skip getting offsets for topic-partition t-0 due to error: ...`.
// Simplification: `--command-config` must name a console file, but its
// properties are not applied.

use super::args::{opt, Arg, Spec};
use super::bootstrap;
use super::common;
use super::java::{Pattern, Throwable};
use super::output::{Output, EPOCH_MS};
use super::shell::Files;
use crate::sim::broker::consumer_fetch::offset_for_timestamp;
use crate::sim::broker::log::PartitionLog;
use crate::sim::ids::{Offset, TopicPartition};
use crate::sim::simulation::Simulation;
use crate::sim::time::ms;

pub(crate) const SPECS: [Spec; 9] = [
    opt("bootstrap-server", Arg::Required),
    opt("topic-partitions", Arg::Required),
    opt("topic", Arg::Required),
    opt("partitions", Arg::Required),
    opt("time", Arg::Required),
    opt("command-config", Arg::Required),
    opt("exclude-internal-topics", Arg::None),
    opt("help", Arg::None),
    opt("version", Arg::None),
];

const USAGE: &str = "An interactive shell for getting topic-partition offsets.";
const TERSE: &str = "org.apache.kafka.tools.TerseException";
/// The admin client's `default.api.timeout.ms`.
const API_TIMEOUT_MS: u64 = 60_000;

/// `OffsetSpec`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Time {
    Earliest,
    Latest,
    MaxTimestamp,
    EarliestLocal,
    LatestTiered,
    /// Milliseconds since the epoch.
    At(i64),
}

/// How the tool fails: its own `TerseException` (message only) or another
/// exception (message, then the stack trace).
#[derive(Debug)]
enum Failure {
    Terse(String),
    Thrown(Throwable),
}

/// Which partitions a rule allows.
enum Partitions {
    /// `--partitions 0,1` (empty: all).
    Set(Vec<i64>),
    /// `[from, to)`.
    Range(i64, i64),
}

impl Partitions {
    fn allows(&self, p: u32) -> bool {
        let p = i64::from(p);
        match self {
            Partitions::Set(set) => set.is_empty() || set.contains(&p),
            Partitions::Range(from, to) => *from <= p && p < *to,
        }
    }
}

/// `--topic-partitions` rules, or `--topic` with `--partitions`.
struct Filter {
    rules: Vec<(Pattern, Partitions)>,
}

impl Filter {
    fn allows(&self, topic: &str, partition: u32) -> bool {
        self.rules.iter().any(|(p, part)| p.matches(topic) && part.allows(partition))
    }
}

/// Runs `kafka-get-offsets` with `words`.
pub fn run(sim: &mut Simulation, files: &Files, words: &[String], out: &mut Output) {
    if words.is_empty() {
        return out.fail(USAGE);
    }
    match execute(sim, files, words, out) {
        Ok(()) => {}
        Err(Failure::Terse(m)) => out.fail(&format!("Error occurred: {m}")),
        Err(Failure::Thrown(t)) => {
            out.fail(&format!("Error occurred: {}", t.message));
            t.stack_trace().iter().for_each(|l| out.err(l));
        }
    }
}

fn execute(sim: &mut Simulation, files: &Files, words: &[String], out: &mut Output) -> Result<(), Failure> {
    let p = super::args::parse(&SPECS, words).map_err(|e| Failure::Terse(e.message))?;
    if p.has("help") {
        out.fail(USAGE);
        return Ok(());
    }
    if p.has("version") {
        out.out("4.0.0");
        return Ok(());
    }
    let Some(list) = p.value("bootstrap-server") else {
        out.fail("Missing required argument \"[bootstrap-server]\"");
        return Ok(());
    };
    if let Err(m) = validate_bootstrap(list) {
        out.fail(&m);
        return Ok(());
    }
    if p.has("topic-partitions") && (p.has("topic") || p.has("partitions")) {
        return Err(Failure::Terse("--topic-partitions cannot be used with --topic or --partitions".into()));
    }
    let time = parse_time(p.value("time").unwrap_or("latest"))?;
    let filter = match p.value("topic-partitions") {
        Some(rules) => rule_list(rules)?,
        None => topic_and_partitions(p.value("topic"), p.value("partitions"))?,
    };
    if let Some(config) = p.value("command-config") {
        common::read_file(files, config).map_err(Failure::Thrown)?;
    }
    connect(sim, list, out)?;
    let partitions = partitions(sim, &filter, p.has("exclude-internal-topics"));
    if partitions.is_empty() {
        return Err(Failure::Terse("Could not match any topic-partitions with the specified filters".into()));
    }
    let leaderless = |s: &Simulation| partitions.iter().filter(|tp| leader_log(s, tp).is_none()).count();
    if leaderless(sim) > 0 {
        sim.run_until_condition(ms(API_TIMEOUT_MS), |s| leaderless(s) == 0);
    }
    let mut lines: Vec<(String, String)> = Vec::new();
    for tp in &partitions {
        match leader_log(sim, tp) {
            None => out.err(&format!(
                "Skip getting offsets for topic-partition {tp} due to error: org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: listOffsets(api=METADATA)"
            )),
            Some(log) => {
                if let Some(o) = offset(log, time) {
                    lines.push((tp.to_string(), format!("{}:{}:{o}", tp.topic, tp.partition)));
                }
            }
        }
    }
    lines.sort();
    lines.iter().for_each(|(_, l)| out.out(l));
    Ok(())
}

/// `ToolsUtils.validateBootstrapServer`: every `host:port` must end in `:<digits>`.
fn validate_bootstrap(list: &str) -> Result<(), String> {
    if list.trim().is_empty() {
        return Err("Error while validating the bootstrap address\n".into());
    }
    // Java's `split(",")` drops trailing empty strings.
    let parts: Vec<&str> = list.trim_end_matches(',').split(',').collect();
    for part in parts {
        let port =
            part.rsplit_once(':').map(|(_, p)| p).filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        match port {
            None => return Err("Please provide valid host:port like host1:9091,host2:9092\n".into()),
            Some(p) if p.parse::<i32>().is_err() => return Err(format!("For input string: \"{p}\"")),
            Some(_) => {}
        }
    }
    Ok(())
}

/// `parseOffsetSpec`.
fn parse_time(s: &str) -> Result<Time, Failure> {
    Ok(match s {
        "earliest" | "-2" => Time::Earliest,
        "latest" | "-1" => Time::Latest,
        "max-timestamp" | "-3" => Time::MaxTimestamp,
        "earliest-local" | "-4" => Time::EarliestLocal,
        "latest-tiered" | "-5" => Time::LatestTiered,
        _ => match java_long(s) {
            Some(t) => Time::At(t),
            None => return Err(Failure::Terse(format!(
                "Malformed time argument {s}. Please use -1 or latest / -2 or earliest / -3 or max-timestamp / -4 or earliest-local / -5 or latest-tiered, or a specified long format timestamp"
            ))),
        },
    })
}

/// `Long.parseLong`: an optional sign, then ASCII digits.
fn java_long(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

/// `TopicFilter`'s clean-up of a regex, then the pattern (`<regex> is an invalid regex.`).
fn include_list(raw: &str) -> Result<Pattern, Failure> {
    let regex: String = raw.trim().replace(',', "|").replace(' ', "");
    let regex = regex.trim_start_matches(['"', '\'']).trim_end_matches(['"', '\'']).to_string();
    Pattern::new(&regex).map_err(|_| {
        Failure::Thrown(Throwable::new("java.lang.RuntimeException", &format!("{regex} is an invalid regex.")))
    })
}

/// `Integer.parseInt` of a partition number (a `NumberFormatException` escapes).
fn java_int(s: &str) -> Result<i32, Failure> {
    s.parse::<i32>().map_err(|_| {
        Failure::Thrown(Throwable::new("java.lang.NumberFormatException", &format!("For input string: \"{s}\"")))
    })
}

/// `--topic` (default `.*`) and `--partitions` (default all).
fn topic_and_partitions(topic: Option<&str>, partitions: Option<&str>) -> Result<Filter, Failure> {
    let pattern = include_list(topic.unwrap_or(".*"))?;
    let set: Vec<i64> = match partitions.filter(|s| !s.is_empty()) {
        None => Vec::new(),
        Some(s) => s.split(',').map(|p| p.parse::<i32>().map(i64::from)).collect::<Result<_, _>>().map_err(|_| {
            Failure::Terse(format!(
                "--partitions expects a comma separated list of numeric partition ids, but received: {s}"
            ))
        })?,
    };
    Ok(Filter { rules: vec![(pattern, Partitions::Set(set))] })
}

/// `--topic-partitions`: rules `TOPIC(:N | :N-M | :N- | :-M)?`, joined by `,`.
fn rule_list(spec: &str) -> Result<Filter, Failure> {
    // Java's `split(",")` drops trailing empty strings (`","` gives no rule at all).
    let trimmed = spec.trim_end_matches(',');
    let specs: Vec<&str> =
        if trimmed.is_empty() && !spec.is_empty() { Vec::new() } else { trimmed.split(',').collect() };
    let rules = specs.into_iter().map(rule_spec).collect::<Result<_, _>>()?;
    Ok(Filter { rules })
}

/// `parseRuleSpec`: the rule's shape, then its topic regex, then its numbers.
fn rule_spec(rule: &str) -> Result<(Pattern, Partitions), Failure> {
    let (topic, part) = match rule.split_once(':') {
        Some((t, p)) => (t, Some(p)),
        None => (rule, None),
    };
    let numeric = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let bounds = match part {
        None => None,
        Some(p) if numeric(p) => Some((p, None)),
        Some(p) => match p.split_once('-') {
            Some((lo, hi)) if numeric(lo) && numeric(hi) => Some((lo, Some(hi))),
            _ => {
                let cause = Throwable::new(TERSE, &format!("Invalid rule specification: {rule}"));
                return Err(Failure::Thrown(Throwable::wrap("java.lang.RuntimeException", cause)));
            }
        },
    };
    let pattern = include_list(if topic.is_empty() { ".*" } else { topic })?;
    let number = |s: &str, empty: i64| if s.is_empty() { Ok(empty) } else { java_int(s).map(i64::from) };
    let range = match bounds {
        None | Some(("", None)) => (0, i64::from(i32::MAX)),
        Some((n, None)) => {
            let n = number(n, 0)?;
            (n, n + 1)
        }
        Some((lo, Some(hi))) => (number(lo, 0)?, number(hi, i64::from(i32::MAX))?),
    };
    Ok((pattern, Partitions::Range(range.0, range.1)))
}

/// The admin client (`client.id=GetOffsetShell`): a bad address fails its
/// creation; unreachable servers time `listTopics` out.
fn connect(sim: &mut Simulation, list: &str, out: &mut Output) -> Result<(), Failure> {
    let b = bootstrap::parse(list, sim).map_err(|m| {
        let cause = Throwable::new("org.apache.kafka.common.config.ConfigException", &m);
        Failure::Thrown(Throwable::with_cause(
            "org.apache.kafka.common.KafkaException",
            "Failed to create new KafkaAdminClient",
            cause,
        ))
    })?;
    if b.reachable(sim).is_some() {
        return Ok(());
    }
    b.time_out(sim, out, "AdminClient clientId=GetOffsetShell", API_TIMEOUT_MS);
    let cause = Throwable::new(
        "org.apache.kafka.common.errors.TimeoutException",
        "Timed out waiting for a node assignment. Call: listTopics",
    );
    Err(Failure::Thrown(Throwable::wrap("java.util.concurrent.ExecutionException", cause)))
}

/// The partitions of the topics `listTopics` names that the filter allows.
fn partitions(sim: &Simulation, filter: &Filter, exclude_internal: bool) -> Vec<TopicPartition> {
    let mut list = Vec::new();
    for (name, topic) in sim.controller().image.topics.iter() {
        if exclude_internal && topic.internal {
            continue;
        }
        for p in 0..topic.partitions.len() as u32 {
            if filter.allows(name.as_str(), p) {
                list.push(TopicPartition::new(name.as_str(), p));
            }
        }
    }
    list
}

/// The log of `tp` on its leader, if it has a running leader.
fn leader_log<'a>(sim: &'a Simulation, tp: &TopicPartition) -> Option<&'a PartitionLog> {
    let leader = sim.controller().image.partition(tp).and_then(|p| p.leader)?;
    sim.broker(leader).and_then(|b| b.partitions.get(tp)).map(|p| &p.log)
}

/// What the leader's `ListOffsets` answers (`read_uncommitted`); `None` for `-1`.
fn offset(log: &PartitionLog, time: Time) -> Option<Offset> {
    let hw = log.high_watermark();
    match time {
        Time::Latest => Some(hw),
        Time::Earliest | Time::EarliestLocal => Some(log.log_start_offset()),
        Time::LatestTiered => None,
        Time::MaxTimestamp => {
            // `maxBy` keeps the first of equal maxima: the earliest record with the largest timestamp.
            let max = log.records().map(|r| r.timestamp_ms).max()?;
            log.records().find(|r| r.timestamp_ms == max).map(|r| r.offset).filter(|o| *o < hw)
        }
        Time::At(t) => {
            let sim_ms = u64::try_from(t).unwrap_or(0).saturating_sub(EPOCH_MS);
            // The lookup answers the HW when no record below it is at or after the time.
            Some(offset_for_timestamp(log, sim_ms, hw)).filter(|o| *o < hw)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_parse_like_the_tools_pattern() {
        let f = rule_list("t1:1,t2:0-3,t3,t4:5-,:-1").unwrap();
        assert!(f.allows("t1", 1) && !f.allows("t1", 2));
        assert!(f.allows("t2", 2) && !f.allows("t2", 3));
        assert!(f.allows("t3", 7) && f.allows("t4", 5) && !f.allows("t4", 4));
        assert!(f.allows("any", 0) && !f.allows("any", 1));
        assert!(rule_list(",").unwrap().rules.is_empty());
        assert!(
            matches!(rule_list("t:x"), Err(Failure::Thrown(t)) if t.message.ends_with("Invalid rule specification: t:x"))
        );
        assert!(
            matches!(parse_time("yesterday"), Err(Failure::Terse(m)) if m.starts_with("Malformed time argument yesterday."))
        );
        assert_eq!(parse_time("-3").ok(), Some(Time::MaxTimestamp));
        assert_eq!(parse_time("1735689600000").ok(), Some(Time::At(1_735_689_600_000)));
        assert_eq!(validate_bootstrap("localhost:9092,"), Ok(()));
        assert!(validate_bootstrap("localhost").unwrap_err().starts_with("Please provide valid host:port"));
    }
}
