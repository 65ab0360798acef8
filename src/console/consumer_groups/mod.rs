//! `kafka-consumer-groups`: list, describe, reset offsets of and delete
//! consumer groups, and validate regular expressions.
//!
//! Follows `org.apache.kafka.tools.consumer.group.ConsumerGroupCommand` and
//! `ConsumerGroupCommandOptions` (Kafka 4.0): the option checks in
//! `checkArgs` order ([`check`], usage errors on stderr), then the action:
//! [`list`], [`describe`], [`reset`], [`delete`], [`regex`]
//! (`--validate-regex` needs no `--bootstrap-server` and no admin client).
//!
//! Errors print as `ConsumerGroupCommand.printError` does: `\nError: <msg>`
//! on stdout, then the exception's `printStackTrace()` on stderr (without
//! frames: the exception line and its `Caused by:` lines). The 4.0 tool exits
//! 0 there; the console counts such a command as failed.
//!
//! Simplification: an `Empty` group without committed offsets (what a console
//! consumer without `--group` leaves) is not listed — Kafka deletes such
//! groups at its next cleanup. Every member runs on the simulated host
//! `/127.0.0.1`. `--delete-offsets` is not simulated.

mod check;
mod delete;
mod describe;
mod list;
pub mod regex;
mod reset;

use super::args::{opt, Arg, Parsed, Spec};
use super::common::{self, Connect};
use super::java::{hashmap_order, string_hash, topic_partition_hash, Throwable};
use super::output::Output;
use crate::sim::coordinator::group::GroupState;
use crate::sim::groups_view::{groups_view, GroupView};
use crate::sim::ids::TopicPartition;
use crate::sim::simulation::Simulation;

const LOGGER: &str = "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand";
const HOST: &str = "/127.0.0.1";

pub(crate) const SPECS: [Spec; 31] = [
    opt("bootstrap-server", Arg::Required),
    opt("group", Arg::Required),
    opt("topic", Arg::Required),
    opt("all-topics", Arg::None),
    opt("list", Arg::None),
    opt("describe", Arg::None),
    opt("all-groups", Arg::None),
    opt("delete", Arg::None),
    opt("timeout", Arg::Required),
    opt("command-config", Arg::Required),
    opt("reset-offsets", Arg::None),
    opt("delete-offsets", Arg::None),
    opt("dry-run", Arg::None),
    opt("execute", Arg::None),
    opt("export", Arg::None),
    opt("to-offset", Arg::Required),
    opt("from-file", Arg::Required),
    opt("to-datetime", Arg::Required),
    opt("by-duration", Arg::Required),
    opt("to-earliest", Arg::None),
    opt("to-latest", Arg::None),
    opt("to-current", Arg::None),
    opt("shift-by", Arg::Required),
    opt("members", Arg::None),
    opt("verbose", Arg::None),
    opt("offsets", Arg::None),
    opt("state", Arg::Optional),
    opt("type", Arg::Optional),
    opt("validate-regex", Arg::Required),
    opt("help", Arg::None),
    opt("version", Arg::None),
];

const SCENARIOS: [&str; 8] =
    ["to-offset", "shift-by", "to-datetime", "by-duration", "to-earliest", "to-latest", "to-current", "from-file"];

/// A Java `HashSet` of option specs in iteration order (`List.hashCode` of `[name]`).
fn spec_set(names: &[&'static str]) -> Vec<&'static str> {
    hashmap_order(names, |n| 31u32.wrapping_add(string_hash(n)), 16)
}

fn joined(names: &[&'static str]) -> String {
    spec_set(names).iter().map(|n| format!("[{n}]")).collect::<Vec<_>>().join(", ")
}

/// Strings in the order a Java `HashMap<String, _>` iterates them.
fn map_order(keys: Vec<String>) -> Vec<String> {
    hashmap_order(&keys, |k| string_hash(k), 16)
}

/// Partitions in the order a Java `HashMap<TopicPartition, _>` iterates them.
fn tp_order(tps: &[TopicPartition]) -> Vec<TopicPartition> {
    hashmap_order(tps, |tp| topic_partition_hash(tp.topic.as_str(), tp.partition), 16)
}

/// `printError`: `\nError: msg` on stdout, then the stack trace on stderr.
fn print_error(out: &mut Output, msg: &str, e: Option<&Throwable>) {
    out.out(&format!("\nError: {msg}"));
    for line in e.map(Throwable::stack_trace).unwrap_or_default() {
        out.err(&line);
    }
    out.failed = true;
}

/// Runs `kafka-consumer-groups`.
pub fn run(sim: &mut Simulation, words: &[String], out: &mut Output) {
    let Some(p) = common::parse_or_print(&SPECS, words, out) else { return };
    if p.has("version") && !p.has("help") {
        return out.out("4.0.0");
    }
    if let Err(message) = check::check(&p, words, out) {
        return out.fail(&message);
    }
    // `ConsumerGroupCommand.run`: before the admin client is created.
    if let Some(re) = p.value("validate-regex") {
        return regex::validate(re, out);
    }
    if p.has("delete-offsets") {
        return out.fail("--delete-offsets is not supported by KafkaSim");
    }
    for name in ["timeout", "to-offset", "shift-by"] {
        if let Some(v) = p.value(name) {
            if v.parse::<i64>().is_err() {
                let message = format!("Cannot parse argument '{v}' of option {name}");
                return common::print_main_error(out, "joptsimple.OptionArgumentConversionException", &message);
            }
        }
    }
    let timeout: u64 = p.value("timeout").and_then(|v| v.parse().ok()).unwrap_or(5000);
    let (call, _) = admin_call(&p);
    if let Connect::Failed { class, message } =
        common::connect(sim, out, p.value("bootstrap-server").unwrap_or_default(), call, timeout)
    {
        return admin_failed(out, &p, class, &message);
    }
    let groups = || group_ids(sim, &p);
    if p.has("list") {
        let optional = |name| p.has(name).then(|| p.value(name));
        list::list(sim, optional("state"), optional("type"), out);
    } else if p.has("describe") {
        describe::describe(sim, p.has("members"), p.has("state"), p.has("verbose"), &groups(), out);
    } else if p.has("reset-offsets") {
        reset::reset(sim, &p, out);
    } else if p.has("delete") {
        delete::delete(sim, &groups(), out);
    }
}

/// The admin call that times out first and whether the tool wraps its
/// `ExecutionException` in a `RuntimeException`
/// (`listConsumerGroups()`, `resetOffsets`).
fn admin_call(p: &Parsed) -> (&'static str, bool) {
    if p.has("list") {
        // `listConsumerGroupsWithFilters` lets the ExecutionException through.
        return ("findAllBrokers", !p.has("state") && !p.has("type"));
    }
    if p.has("all-groups") {
        return ("findAllBrokers", true);
    }
    if p.has("delete") {
        return ("deleteConsumerGroups(api=FIND_COORDINATOR)", false);
    }
    // `AdminApiDriver`: `handler.apiName() + "(api=" + apiKey + ")"`.
    ("describeConsumerGroups(api=FIND_COORDINATOR)", p.has("reset-offsets"))
}

/// The admin client could not be created or its first call timed out.
fn admin_failed(out: &mut Output, p: &Parsed, class: &str, message: &str) {
    let cause = Throwable::new(class, message);
    if class.ends_with("ConfigException") {
        // `KafkaAdminClient.createInternal` wraps every creation failure.
        let msg = "Failed to create new KafkaAdminClient";
        let e = Throwable::with_cause("org.apache.kafka.common.KafkaException", msg, cause);
        return print_error(out, &format!("Executing consumer group command failed due to {msg}"), Some(&e));
    }
    let (_, wrapped) = admin_call(p);
    if p.has("delete") && !p.has("all-groups") {
        let mut ids = p.values("group");
        ids.sort();
        ids.dedup();
        return delete::print_failures(out, ids.into_iter().map(|g| (g, cause.clone())).collect());
    }
    let mut e = Throwable::wrap("java.util.concurrent.ExecutionException", cause);
    if wrapped {
        e = Throwable::wrap("java.lang.RuntimeException", e);
    }
    print_error(out, &format!("Executing consumer group command failed due to {}", e.message), Some(&e));
}

/// The groups the coordinators know, without the ones Kafka would have cleaned up.
fn known_groups(sim: &Simulation) -> Vec<GroupView> {
    groups_view(sim)
        .into_iter()
        .filter(|g| g.coordinator.is_some())
        .filter(|g| g.state != GroupState::Empty || g.partitions.iter().any(|pp| pp.committed.is_some()))
        .collect()
}

/// The ids `--group`/`--all-groups` name (deduplicated, as the admin's key set).
fn group_ids(sim: &Simulation, p: &Parsed) -> Vec<String> {
    let mut ids: Vec<String> = if p.has("all-groups") {
        known_groups(sim).into_iter().map(|g| g.group_id).collect()
    } else {
        p.values("group")
    };
    ids.sort();
    ids.dedup();
    ids
}

/// The views of `ids`, or the first unknown id in the admin result's
/// (`HashMap`) order.
fn selected(sim: &Simulation, ids: &[String]) -> Result<Vec<GroupView>, String> {
    let known = known_groups(sim);
    map_order(ids.to_vec()).into_iter().map(|id| known.iter().find(|g| g.group_id == id).cloned().ok_or(id)).collect()
}
