//! `kafka-leader-election`: preferred and unclean elections on demand.
//!
//! Follows `org.apache.kafka.tools.LeaderElectionCommand` (Kafka 4.0) and the
//! controller's answers (`ReplicationControlManager.electLeaders`): for each
//! partition the election succeeds, is not needed (`Valid replica already
//! elected`), or fails (`PreferredLeaderNotAvailableException`,
//! `EligibleLeadersNotAvailableException`, `UnknownTopicOrPartitionException`).
//! With `--all-topic-partitions` partitions needing no election are omitted.
//! Partition lists print in Java `HashSet` order. Any failure ends with
//! `N replica(s) could not be elected` and the `AdminCommandFailedException`
//! on stderr (frames omitted), exit status 1.

use super::args::{opt, Arg, Parsed, Spec};
use super::common::{self, print_main_error, Connect};
use super::java::{hashmap_order, topic_partition_hash};
use super::output::Output;
use crate::sim::commands::{Command, CommandOutput, TopicCommand};
use crate::sim::ids::{TopicName, TopicPartition};
use crate::sim::simulation::Simulation;

pub(crate) const SPECS: [Spec; 9] = [
    opt("bootstrap-server", Arg::Required),
    opt("command-config", Arg::Required),
    opt("admin.config", Arg::Required),
    opt("election-type", Arg::Required),
    opt("topic", Arg::Required),
    opt("partition", Arg::Required),
    opt("all-topic-partitions", Arg::None),
    opt("path-to-json-file", Arg::Required),
    opt("help", Arg::None),
];

/// What the controller answers for one partition.
enum Outcome {
    Elect,
    NotNeeded,
    Error(String),
}

/// Runs `kafka-leader-election` with `words`.
pub fn run(sim: &mut Simulation, words: &[String], out: &mut Output) {
    let Some(p) = common::parse_or_print(&SPECS, words, out) else { return };
    if words.is_empty() || p.has("help") {
        return out.fail("This tool attempts to elect a new leader for a set of topic partitions.");
    }
    let preferred = match check_args(&p) {
        Ok(pref) => pref,
        Err((class, message)) => return print_main_error(out, class, &message),
    };
    let list = p.value("bootstrap-server").unwrap_or_default();
    if let Connect::Failed { class, message } = common::connect(sim, out, list, "electLeaders", 30_000) {
        out.out("Timeout waiting for election results");
        return print_main_error(out, class, &message);
    }
    let targets = targets(sim, &p);
    let outcomes: Vec<(TopicPartition, Outcome)> =
        targets.iter().map(|tp| (tp.clone(), outcome(sim, tp, preferred))).collect();
    let wanted: Vec<TopicPartition> =
        outcomes.iter().filter(|(_, o)| matches!(o, Outcome::Elect)).map(|(tp, _)| tp.clone()).collect();
    let elected = if wanted.is_empty() {
        Vec::new()
    } else {
        match sim.apply(Command::Topic(TopicCommand::ElectLeaders { preferred, targets: Some(wanted.clone()) })) {
            Ok(CommandOutput::Elected(list)) => list,
            _ => Vec::new(),
        }
    };
    let all = p.has("all-topic-partitions");
    report(out, preferred, all, outcomes, &elected);
}

/// The election type (`true` = preferred) or an argument error.
fn check_args(p: &Parsed) -> Result<bool, (&'static str, String)> {
    // LeaderElectionCommandOptions.validate throws AdminCommandFailedException.
    let illegal = |m: &str| ("org.apache.kafka.server.common.AdminCommandFailedException", m.to_string());
    let mut missing = Vec::new();
    if !p.has("bootstrap-server") {
        missing.push("bootstrap-server");
    }
    if !p.has("election-type") {
        missing.push("election-type");
    }
    if !missing.is_empty() {
        return Err(illegal(&format!("Missing required option(s): {}", missing.join(", "))));
    }
    let scopes = ["topic", "all-topic-partitions", "path-to-json-file"].iter().filter(|o| p.has(o)).count();
    if scopes != 1 {
        return Err(illegal(
            "One and only one of the following options is required: topic, all-topic-partitions, path-to-json-file",
        ));
    }
    if p.has("path-to-json-file") {
        return Err(illegal("--path-to-json-file is not supported by KafkaSim"));
    }
    if p.has("topic") && !p.has("partition") {
        return Err(illegal("Missing required option(s): partition"));
    }
    if p.has("partition") && !p.has("topic") {
        return Err(illegal("Option partition is only allowed if topic is used"));
    }
    if let Err(e) = common::int_value(p, "partition") {
        return Err((e.class_name(), e.message));
    }
    match p.value("election-type").unwrap_or_default().to_ascii_lowercase().as_str() {
        "preferred" => Ok(true),
        "unclean" => Ok(false),
        v => Err((
            "joptsimple.OptionArgumentConversionException",
            format!("Cannot parse argument '{v}' of option election-type"),
        )),
    }
}

fn targets(sim: &Simulation, p: &Parsed) -> Vec<TopicPartition> {
    match (p.value("topic"), p.value("partition").and_then(|v| v.parse::<u32>().ok())) {
        (Some(t), Some(n)) => vec![TopicPartition { topic: TopicName::new(t), partition: n }],
        _ => sim.controller().image.partitions().map(|(tp, _)| tp).collect(),
    }
}

fn outcome(sim: &Simulation, tp: &TopicPartition, preferred: bool) -> Outcome {
    let image = &sim.controller().image;
    if !image.topics.contains_key(&tp.topic) {
        return Outcome::Error(format!(
            "org.apache.kafka.common.errors.UnknownTopicOrPartitionException: No such topic as {}",
            tp.topic
        ));
    }
    let Some(p) = image.partition(tp) else {
        return Outcome::Error(format!(
            "org.apache.kafka.common.errors.UnknownTopicOrPartitionException: No such partition as {tp}"
        ));
    };
    if preferred {
        let first = p.replicas.first().copied();
        if first.is_some() && p.leader == first {
            return Outcome::NotNeeded;
        }
        if first.is_some_and(|b| p.isr.contains(&b) && image.is_active(b)) {
            return Outcome::Elect;
        }
        return Outcome::Error("org.apache.kafka.common.errors.PreferredLeaderNotAvailableException: The preferred leader was not available.".into());
    }
    if p.leader.is_some() {
        return Outcome::NotNeeded;
    }
    if p.replicas.iter().any(|b| image.is_active(*b)) {
        return Outcome::Elect;
    }
    Outcome::Error("org.apache.kafka.common.errors.EligibleLeadersNotAvailableException: Eligible topic partition leaders are not available.".into())
}

fn hash_order(list: Vec<TopicPartition>) -> String {
    let ordered = hashmap_order(&list, |tp| topic_partition_hash(&tp.topic.0, tp.partition), 16);
    ordered.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

fn report(
    out: &mut Output,
    preferred: bool,
    all: bool,
    outcomes: Vec<(TopicPartition, Outcome)>,
    elected: &[TopicPartition],
) {
    let kind = if preferred { "PREFERRED" } else { "UNCLEAN" };
    let mut succeeded = Vec::new();
    let mut not_needed = Vec::new();
    let mut failed = Vec::new();
    for (tp, o) in outcomes {
        match o {
            Outcome::Elect if elected.contains(&tp) => succeeded.push(tp),
            Outcome::Elect => failed.push((tp, "org.apache.kafka.common.errors.EligibleLeadersNotAvailableException: Eligible topic partition leaders are not available.".to_string())),
            Outcome::NotNeeded => not_needed.push(tp),
            Outcome::Error(e) => failed.push((tp, e)),
        }
    }
    if !succeeded.is_empty() {
        out.out(&format!("Successfully completed leader election ({kind}) for partitions {}", hash_order(succeeded)));
    }
    if !not_needed.is_empty() && !all {
        out.out(&format!("Valid replica already elected for partitions {}", hash_order(not_needed)));
    }
    if failed.is_empty() {
        return;
    }
    for (tp, e) in &failed {
        out.out(&format!("Error completing leader election ({kind}) for partition: {tp}: {e}"));
    }
    let message = format!("{} replica(s) could not be elected", failed.len());
    out.fail(&message);
    out.err(&format!("org.apache.kafka.server.common.AdminCommandFailedException: {message}"));
    for (_, e) in &failed {
        out.err(&format!("\tSuppressed: {e}"));
    }
}
