//! `kafka-consumer-groups`: list, describe, reset offsets of and delete
//! consumer groups.
//!
//! Follows `org.apache.kafka.tools.consumer.group.ConsumerGroupCommand` and
//! `ConsumerGroupCommandOptions` (Kafka 4.0): the option checks in
//! `checkArgs` order (usage errors on stderr), then the action.
//! - `--list`: one group id per line, sorted. Simplification: an `Empty`
//!   group without committed offsets (what a console consumer without
//!   `--group` leaves) is not listed — Kafka deletes such groups at its next
//!   cleanup.
//! - `--describe [--offsets]`: `GROUP TOPIC PARTITION CURRENT-OFFSET
//!   LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID`, each line starting with
//!   `\n` (so a blank line first), widths `max(15, longest)`. LOG-END-OFFSET is
//!   the end offset the tool lists (`ListOffsets` latest = the high watermark
//!   for `read_uncommitted`), so LAG = HW − committed offset; `-` when a value
//!   is missing. Rows: members by partition count (descending), partitions in
//!   Java `HashMap` order, then committed partitions nobody owns.
//! - `--describe --members [--verbose]` and `--describe --state`: Kafka's
//!   layouts; the coordinator is `localhost:<port>  (id)` (two spaces).
//! - `--reset-offsets`: 4.0's fixed 30-column table; `--execute` commits
//!   through the coordinator (refused while the group has members).
//! - `--delete`: refused for a group with members or an unknown group.
//!
//! Every member runs on the simulated host `/127.0.0.1`.

use super::args::{opt, Arg, Parsed, Spec};
use super::bootstrap;
use super::common::{self, Connect};
use super::java::{hashmap_order, string_hash, topic_partition_hash};
use super::output::Output;
use crate::sim::commands::Command;
use crate::sim::consumer_commands::ResetTo;
use crate::sim::coordinator::group::GroupState;
use crate::sim::groups_view::{groups_view, GroupView, PartitionPositions};
use crate::sim::ids::{TopicName, TopicPartition};
use crate::sim::simulation::Simulation;
use crate::vecmap::VecMap;

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

const ACTIONS: [&str; 6] = ["list", "describe", "delete", "reset-offsets", "delete-offsets", "validate-regex"];
const SCENARIOS: [&str; 8] =
    ["to-offset", "shift-by", "to-datetime", "by-duration", "to-earliest", "to-latest", "to-current", "from-file"];

/// A Java `HashSet` of option specs in iteration order (`List.hashCode` of `[name]`).
fn spec_set(names: &[&'static str]) -> Vec<&'static str> {
    hashmap_order(names, |n| 31u32.wrapping_add(string_hash(n)), 16)
}

fn joined(names: &[&'static str]) -> String {
    spec_set(names).iter().map(|n| format!("[{n}]")).collect::<Vec<_>>().join(", ")
}

/// Runs `kafka-consumer-groups`.
pub fn run(sim: &mut Simulation, words: &[String], out: &mut Output) {
    let Some(p) = common::parse_or_print(&SPECS, words, out) else { return };
    if p.has("version") && !p.has("help") {
        return out.out("4.0.0");
    }
    if let Err(message) = check(&p, words, out) {
        out.fail(&message);
        return;
    }
    for name in ["timeout", "to-offset", "shift-by"] {
        if let Some(v) = p.value(name) {
            if v.parse::<i64>().is_err() {
                let message = format!("Cannot parse argument '{v}' of option {name}");
                common::print_main_error(out, "joptsimple.OptionArgumentConversionException", &message);
                return;
            }
        }
    }
    let call = if p.has("list") { "listGroups" } else { "describeConsumerGroups" };
    let timeout: u64 = p.value("timeout").and_then(|v| v.parse().ok()).unwrap_or(5000);
    if let Connect::Failed { class, message } =
        common::connect(sim, out, p.value("bootstrap-server").unwrap_or_default(), call, timeout)
    {
        out.out(&format!("\nError: Executing consumer group command failed due to {class}: {message}"));
        out.fail(&format!("java.util.concurrent.ExecutionException: {class}: {message}"));
        return;
    }
    if p.has("list") {
        list(sim, out);
    } else if p.has("describe") {
        describe(sim, &p, out);
    } else if p.has("reset-offsets") {
        reset(sim, &p, out);
    } else if p.has("delete") {
        delete(sim, &p, out);
    } else {
        out.fail("--delete-offsets and --validate-regex are not supported by KafkaSim");
    }
}

/// `checkArgs` (and the action count of `run`), in their order.
fn check(p: &Parsed, words: &[String], out: &mut Output) -> Result<(), String> {
    if words.is_empty() || p.has("help") {
        return Err("This tool helps to list all consumer groups, describe a consumer group, delete consumer group info, or reset consumer group offsets.".into());
    }
    let actions = ACTIONS.iter().filter(|a| p.has(a)).count();
    if actions != 1 {
        return Err("Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets, --validate-regex".into());
    }
    for (sub, allowed) in [
        ("members", &["describe"][..]),
        ("verbose", &["describe"]),
        ("offsets", &["describe"]),
        ("state", &["describe", "list"]),
        ("type", &["list"]),
    ] {
        if p.has(sub) && !allowed.iter().any(|a| p.has(a)) {
            return Err(format!("Option(s) [{sub}] are unavailable given other options on the command line"));
        }
    }
    if !p.has("bootstrap-server") {
        return Err("Missing required argument \"[bootstrap-server]\"".into());
    }
    let scope = ["group", "all-groups"];
    if p.has("describe") {
        if !p.has("group") && !p.has("all-groups") {
            return Err(format!("Option [describe] takes one of these options: {}", joined(&scope)));
        }
        if ["members", "offsets", "state"].iter().filter(|o| p.has(o)).count() > 1 {
            return Err("Option [describe] takes at most one of these options: [members], [offsets], [state]".into());
        }
        if p.value("state").is_some() {
            return Err("Option [describe] does not take a value for [state]".into());
        }
    }
    if p.has("delete") {
        if !p.has("group") && !p.has("all-groups") {
            return Err(format!("Option [delete] takes one of these options: {}", joined(&scope)));
        }
        if p.has("topic") {
            return Err("The consumer does not support topic-specific offset deletion from a consumer group.".into());
        }
    }
    if p.has("delete-offsets") && (!p.has("group") || !p.has("topic")) {
        return Err(format!("Option [delete-offsets] takes the following options: {}", joined(&["group", "topic"])));
    }
    if p.has("reset-offsets") {
        if p.has("dry-run") && p.has("execute") {
            return Err("Option [reset-offsets] only accepts one of [execute] and [dry-run]".into());
        }
        if !p.has("dry-run") && !p.has("execute") {
            out.err("WARN: No action will be performed as the --execute option is missing.In a future major release, the default behavior of this command will be to prompt the user before executing the reset rather than doing a dry run. You should add the --dry-run option explicitly if you are scripting this command and want to keep the current default behavior without prompting.");
        }
        if !p.has("group") && !p.has("all-groups") {
            return Err(format!("Option [reset-offsets] takes one of these options: {}", joined(&scope)));
        }
        for s in SCENARIOS {
            if p.has(s) {
                let others: Vec<&'static str> = SCENARIOS.iter().copied().filter(|o| *o != s).collect();
                if let Some(o) = spec_set(&others).into_iter().find(|o| p.has(o)) {
                    return Err(format!("Option \"[{s}]\" can't be used with option \"[{o}]\""));
                }
            }
        }
    }
    if p.has("group") {
        if p.has("all-groups") {
            return Err("Option \"[group]\" can't be used with option \"[all-groups]\"".into());
        }
        if p.has("list") {
            return Err("Option \"[group]\" can't be used with option \"[list]\"".into());
        }
    }
    if p.has("topic") {
        if let Some(o) = spec_set(&["list", "describe"]).into_iter().find(|o| p.has(o)) {
            return Err(format!("Option \"[topic]\" can't be used with option \"[{o}]\""));
        }
    }
    Ok(())
}

/// The groups the coordinators know, without the ones Kafka would have cleaned up.
fn known_groups(sim: &Simulation) -> Vec<GroupView> {
    groups_view(sim)
        .into_iter()
        .filter(|g| g.coordinator.is_some())
        .filter(|g| g.state != GroupState::Empty || g.partitions.iter().any(|pp| pp.committed.is_some()))
        .collect()
}

fn list(sim: &Simulation, out: &mut Output) {
    for g in known_groups(sim) {
        out.out(&g.group_id);
    }
}

/// The groups `--group`/`--all-groups` name, with the unknown ones as `Err(id)`.
fn selected(sim: &Simulation, p: &Parsed) -> Vec<Result<GroupView, String>> {
    let known = known_groups(sim);
    if p.has("all-groups") {
        return known.into_iter().map(Ok).collect();
    }
    let mut ids = p.values("group");
    ids.sort();
    ids.dedup();
    ids.into_iter().map(|id| known.iter().find(|g| g.group_id == id).cloned().ok_or(id)).collect()
}

fn not_found(out: &mut Output, group: &str) {
    let e = format!("org.apache.kafka.common.errors.GroupIdNotFoundException: Group {group} not found.");
    out.out(&format!("\nError: Executing consumer group command failed due to {e}"));
    out.fail(&format!("java.util.concurrent.ExecutionException: {e}"));
}

fn width<'a>(min: usize, values: impl Iterator<Item = &'a str>) -> usize {
    values.map(|v| v.chars().count()).max().unwrap_or(0).max(min)
}

fn dash(v: Option<i64>) -> String {
    v.map_or_else(|| "-".to_string(), |v| v.to_string())
}

/// `shouldPrintMemberState`: true when the table follows.
fn print_state(out: &mut Output, g: &GroupView) -> bool {
    match g.state {
        GroupState::Empty => out.err(&format!("\nConsumer group '{}' has no active members.", g.group_id)),
        GroupState::PreparingRebalance | GroupState::CompletingRebalance => {
            out.err(&format!("\nWarning: Consumer group '{}' is rebalancing.", g.group_id))
        }
        GroupState::Dead => {
            out.out(&format!("\nError: Consumer group '{}' does not exist.", g.group_id));
            return false;
        }
        GroupState::Stable => {}
    }
    true
}

fn describe(sim: &Simulation, p: &Parsed, out: &mut Output) {
    let groups = selected(sim, p);
    for g in groups {
        let g = match g {
            Ok(g) => g,
            Err(id) => return not_found(out, &id),
        };
        if p.has("members") {
            describe_members(out, &g, p.has("verbose"));
        } else if p.has("state") {
            describe_state(out, &g);
        } else {
            describe_offsets(out, &g, p.has("verbose"));
        }
    }
}

/// One row of the offsets table.
struct Row {
    group: String,
    topic: String,
    partition: u32,
    current: Option<i64>,
    end: Option<i64>,
    consumer: String,
    client: String,
    host: String,
}

fn describe_offsets(out: &mut Output, g: &GroupView, verbose: bool) {
    if !print_state(out, g) {
        return;
    }
    let mut members: Vec<_> = g.members.iter().collect();
    members.sort_by_key(|m| std::cmp::Reverse(m.assignment.len()));
    let position = |tp: &TopicPartition| g.partitions.iter().find(|pp| &pp.tp == tp);
    let row = |tp: &TopicPartition, pp: Option<&PartitionPositions>, consumer: &str, client: &str, host: &str| Row {
        group: g.group_id.clone(),
        topic: tp.topic.to_string(),
        partition: tp.partition,
        current: pp.and_then(|pp| pp.committed),
        end: pp.map(|pp| pp.high_watermark).filter(|e| *e >= 0),
        consumer: consumer.to_string(),
        client: client.to_string(),
        host: host.to_string(),
    };
    let order =
        |tps: &[TopicPartition]| hashmap_order(tps, |tp| topic_partition_hash(&tp.topic.to_string(), tp.partition), 16);
    let mut rows = Vec::new();
    let mut assigned = Vec::new();
    for m in &members {
        let client = m.client_id.clone().unwrap_or_else(|| "-".into());
        for tp in order(&m.assignment) {
            rows.push(row(&tp, position(&tp), &m.member_id, &client, HOST));
            assigned.push(tp);
        }
    }
    let rest: Vec<TopicPartition> = g
        .partitions
        .iter()
        .filter(|pp| pp.committed.is_some() && !assigned.contains(&pp.tp))
        .map(|pp| pp.tp.clone())
        .collect();
    for tp in order(&rest) {
        rows.push(row(&tp, position(&tp), "-", "-", "-"));
    }
    if rows.is_empty() && g.state != GroupState::Stable {
        return;
    }
    let gw = width(15, rows.iter().map(|r| r.group.as_str()).chain([g.group_id.as_str()]));
    let tw = width(15, rows.iter().map(|r| r.topic.as_str()));
    let cw = width(15, rows.iter().map(|r| r.consumer.as_str()));
    let hw = width(15, rows.iter().map(|r| r.host.as_str()));
    let line = |cols: [&str; 9]| {
        format!(
            "\n{:<gw$} {:<tw$} {:<10} {}{:<15} {:<15} {:<15} {:<cw$} {:<hw$} {}",
            cols[0],
            cols[1],
            cols[2],
            if verbose {
                format!("{:<15} ", if cols[0] == "GROUP" { "LEADER-EPOCH" } else { "-" })
            } else {
                String::new()
            },
            cols[3],
            cols[4],
            cols[5],
            cols[6],
            cols[7],
            cols[8]
        )
    };
    let mut text = line([
        "GROUP",
        "TOPIC",
        "PARTITION",
        "CURRENT-OFFSET",
        "LOG-END-OFFSET",
        "LAG",
        "CONSUMER-ID",
        "HOST",
        "CLIENT-ID",
    ]);
    for r in &rows {
        let lag = match (r.current, r.end) {
            (Some(c), Some(e)) => Some(e - c),
            _ => None,
        };
        text += &line([
            &r.group,
            &r.topic,
            &r.partition.to_string(),
            &dash(r.current),
            &dash(r.end),
            &dash(lag),
            &r.consumer,
            &r.host,
            &r.client,
        ]);
    }
    out.out(&text);
    out.out("");
}

fn describe_members(out: &mut Output, g: &GroupView, verbose: bool) {
    if !print_state(out, g) {
        return;
    }
    let mut members: Vec<_> = g.members.iter().collect();
    members.sort_by_key(|m| std::cmp::Reverse(m.assignment.len()));
    let clients: Vec<String> = members.iter().map(|m| m.client_id.clone().unwrap_or_else(|| "-".into())).collect();
    let instances: Vec<String> =
        members.iter().map(|m| m.group_instance_id.clone().unwrap_or_else(|| "-".into())).collect();
    let with_instance = members.iter().any(|m| m.group_instance_id.is_some());
    let assignments: Vec<String> = members.iter().map(|m| assignment_text(&m.assignment)).collect();
    let gw = width(15, std::iter::once(g.group_id.as_str()));
    let cw = width(15, members.iter().map(|m| m.member_id.as_str()));
    let iw = width(17, instances.iter().map(String::as_str));
    let hw = width(15, std::iter::once(HOST));
    let lw = width(15, clients.iter().map(String::as_str));
    let aw = width(20, assignments.iter().map(String::as_str));
    let line = |cols: &[&str]| {
        let mut s = format!("{:<gw$} {:<cw$} ", cols[0], cols[1]);
        let mut i = 2;
        if with_instance {
            s += &format!("{:<iw$} ", cols[2]);
            i = 3;
        }
        s += &format!("{:<hw$} {:<lw$} {:<15} ", cols[i], cols[i + 1], cols[i + 2]);
        if verbose {
            s += &format!("{:<15} {:<aw$} {:<15} {:<20}", cols[i + 3], cols[i + 4], cols[i + 5], cols[i + 6]);
        }
        s
    };
    let mut header = vec!["GROUP", "CONSUMER-ID"];
    if with_instance {
        header.push("GROUP-INSTANCE-ID");
    }
    header.extend([
        "HOST",
        "CLIENT-ID",
        "#PARTITIONS",
        "CURRENT-EPOCH",
        "CURRENT-ASSIGNMENT",
        "TARGET-EPOCH",
        "TARGET-ASSIGNMENT",
    ]);
    out.out(&format!("\n{}", line(&header)));
    for (i, m) in members.iter().enumerate() {
        let n = m.assignment.len().to_string();
        let mut cols = vec![g.group_id.as_str(), m.member_id.as_str()];
        if with_instance {
            cols.push(&instances[i]);
        }
        cols.extend([HOST, clients[i].as_str(), n.as_str(), "-", assignments[i].as_str(), "-", "-"]);
        out.out(&line(&cols));
    }
    out.out("");
}

/// `topic:p,p;topic2:p`, topics sorted, partitions sorted as strings (4.0).
fn assignment_text(tps: &[TopicPartition]) -> String {
    if tps.is_empty() {
        return "-".into();
    }
    let mut by_topic: VecMap<String, Vec<String>> = Default::default();
    for tp in tps {
        by_topic.entry(tp.topic.to_string()).or_default().push(tp.partition.to_string());
    }
    by_topic
        .into_iter()
        .map(|(t, mut ps)| {
            ps.sort();
            format!("{t}:{}", ps.join(","))
        })
        .collect::<Vec<_>>()
        .join(";")
}

fn describe_state(out: &mut Output, g: &GroupView) {
    if !print_state(out, g) {
        return;
    }
    let coordinator =
        g.coordinator.map_or_else(|| "-".to_string(), |b| format!("{}  ({})", bootstrap::address(b), b.0));
    let strategy = g.protocol.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| "-".into());
    let gw = width(15, std::iter::once(g.group_id.as_str()));
    let cw = width(25, std::iter::once(coordinator.as_str()));
    out.out(&format!(
        "\n{:<gw$} {:<cw$} {:<20} {:<20} {}",
        "GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "#MEMBERS"
    ));
    out.out(&format!(
        "{:<gw$} {:<cw$} {:<20} {:<20} {}",
        g.group_id,
        coordinator,
        strategy,
        g.state.name(),
        g.members.len()
    ));
    out.out("");
}

/// Log start offset and HW of `tp` on its leader.
fn log_range(sim: &Simulation, tp: &TopicPartition) -> Option<(i64, i64)> {
    let leader = sim.controller.image.partition(tp).and_then(|p| p.leader)?;
    let p = sim.broker(leader)?.partitions.get(tp)?;
    Some((p.log.log_start_offset(), p.log.high_watermark()))
}

fn reset(sim: &mut Simulation, p: &Parsed, out: &mut Output) {
    let Some(scenario) = SCENARIOS.iter().copied().find(|s| p.has(s)) else {
        let set: Vec<String> = spec_set(&SCENARIOS).iter().map(|s| format!("[{s}]")).collect();
        out.fail(&format!("Option '[reset-offsets]' requires one of the following scenarios: [{}]", set.join(", ")));
        return;
    };
    if !matches!(scenario, "to-earliest" | "to-latest" | "to-offset" | "to-current" | "shift-by") {
        out.fail(&format!("--{scenario} is not supported by KafkaSim"));
        return;
    }
    let topics: Vec<String> = if p.has("all-topics") {
        Vec::new()
    } else if p.has("topic") {
        p.values("topic")
    } else {
        out.fail("One of the reset scopes should be defined: --all-topics, --topic.");
        return;
    };
    if let Some(t) = topics.iter().find(|t| t.contains(':')) {
        out.fail(&format!(
            "--topic {t}: partition lists are not supported by KafkaSim (use --topic without partitions)"
        ));
        return;
    }
    if let Some(t) = topics.iter().find(|t| !sim.controller.image.topics.contains_key(&TopicName::new(t.as_str()))) {
        out.out("\nError: Executing consumer group command failed due to org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.");
        out.fail(&format!("java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition. (topic {t})"));
        return;
    }
    let mut ids = if p.has("all-groups") {
        known_groups(sim).into_iter().map(|g| g.group_id).collect()
    } else {
        p.values("group")
    };
    ids.sort();
    ids.dedup();
    let views = groups_view(sim);
    let mut table: Vec<(String, TopicPartition, i64)> = Vec::new();
    let mut plans: Vec<(String, String, ResetTo)> = Vec::new();
    for id in &ids {
        let view = views.iter().find(|g| &g.group_id == id);
        if let Some(v) = view.filter(|v| v.state != GroupState::Empty && v.state != GroupState::Dead) {
            out.out(&format!(
                "\nError: Assignments can only be reset if the group '{id}' is inactive, but the current state is {}.",
                v.state.name()
            ));
            out.failed = true;
            continue;
        }
        let committed = |tp: &TopicPartition| view.and_then(|v| v.partitions.iter().find(|pp| &pp.tp == tp)?.committed);
        let group_topics: Vec<String> = if p.has("all-topics") {
            let mut ts: Vec<String> = view
                .map(|v| {
                    v.partitions.iter().filter(|pp| pp.committed.is_some()).map(|pp| pp.tp.topic.to_string()).collect()
                })
                .unwrap_or_default();
            ts.sort();
            ts.dedup();
            ts
        } else {
            topics.clone()
        };
        for t in group_topics {
            let n =
                sim.controller.image.topics.get(&TopicName::new(t.as_str())).map_or(0, |ti| ti.partitions.len() as u32);
            let mut targets = Vec::new();
            for part in 0..n {
                let tp = TopicPartition::new(&t, part);
                let (start, end) = log_range(sim, &tp).unwrap_or((0, 0));
                let wanted = match scenario {
                    "to-earliest" => start,
                    "to-latest" => end,
                    "to-current" => committed(&tp).unwrap_or(end),
                    "to-offset" => p.value("to-offset").and_then(|v| v.parse().ok()).unwrap_or(0),
                    _ => {
                        committed(&tp).unwrap_or(end)
                            + p.value("shift-by").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0)
                    }
                };
                let new = if wanted > end {
                    out.log(sim.now, "WARN", &format!("New offset ({wanted}) is higher than latest offset for topic partition {tp}. Value will be set to {end}"), LOGGER);
                    end
                } else if wanted < start {
                    out.log(sim.now, "WARN", &format!("New offset ({wanted}) is lower than earliest offset for topic partition {tp}. Value will be set to {start}"), LOGGER);
                    start
                } else {
                    wanted
                };
                targets.push((tp, new));
            }
            let to = match scenario {
                "to-earliest" => Some(ResetTo::Earliest),
                "to-latest" => Some(ResetTo::Latest),
                _ if targets.iter().all(|(_, o)| Some(*o) == targets.first().map(|(_, o)| *o)) => {
                    Some(ResetTo::Offset(targets.first().map_or(0, |(_, o)| *o)))
                }
                _ => None,
            };
            match to {
                Some(to) => plans.push((id.clone(), t.clone(), to)),
                None if p.has("execute") => {
                    out.fail(&format!("--{scenario} --execute that moves the partitions of {t} to different offsets is not supported by KafkaSim"));
                    return;
                }
                None => {}
            }
            table.extend(targets.into_iter().map(|(tp, o)| (id.clone(), tp, o)));
        }
    }
    if p.has("execute") && !plans.is_empty() {
        for (group, topic, to) in plans {
            if let Err(e) = sim.apply(Command::ResetGroupOffsets { group, topic, to }) {
                out.out(&format!(
                    "\nError: Executing consumer group command failed due to {}: {}",
                    common::errors_class(&e.exception),
                    e.message
                ));
                out.failed = true;
                return;
            }
        }
        sim.run_for(crate::sim::time::ms(100));
    }
    let tps: Vec<(String, TopicPartition, i64)> = table;
    let keys: Vec<TopicPartition> = tps.iter().map(|(_, tp, _)| tp.clone()).collect();
    let ordered = hashmap_order(&keys, |tp| topic_partition_hash(&tp.topic.to_string(), tp.partition), 16);
    let mut text = format!("\n{:<30} {:<30} {:<10} {:<15}", "GROUP", "TOPIC", "PARTITION", "NEW-OFFSET");
    for tp in ordered {
        if let Some((g, _, o)) = tps.iter().find(|(_, t, _)| *t == tp) {
            text += &format!("\n{:<30} {:<30} {:<10} {:<15}", g, tp.topic.to_string(), tp.partition, o);
        }
    }
    out.out(&text);
    out.out("");
}

fn delete(sim: &Simulation, p: &Parsed, out: &mut Output) {
    let mut failures = Vec::new();
    for g in selected(sim, p) {
        match g {
            Err(id) => failures.push((id, "GroupIdNotFoundException: The group id does not exist.")),
            Ok(g) if !g.members.is_empty() => {
                failures.push((g.group_id, "GroupNotEmptyException: The group is not empty."))
            }
            Ok(g) => {
                out.fail(&format!("Deleting group '{}' is not supported by KafkaSim yet", g.group_id));
                return;
            }
        }
    }
    out.out("\nError: Deletion of some consumer groups failed:");
    for (id, e) in failures {
        out.out(&format!(
            "* Group '{id}' could not be deleted due to: java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.{e}"
        ));
    }
    out.failed = true;
}
