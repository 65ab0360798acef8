//! `--describe [--offsets|--members|--state] [--verbose]`: Kafka 4.0's
//! `printOffsets`, `printMembers` and `printStates` (`ConsumerGroupCommand`).
//!
//! Groups come sorted by id (a `TreeMap`). Each table is printed the way
//! Java prints it: the offsets and state formats start with `\n` and a final
//! `println()` ends the last row, the members header is `"\n" + format` plus
//! `println()`. So a table starts with an empty line and has none after it.
//! Members are listed in the coordinator's order (its
//! `HashMap<String, ClassicGroupMember>`); the offsets table sorts them by
//! partition count, descending (a stable sort), drops members without
//! partitions, and lists each member's partitions in `HashMap` order, then the
//! committed partitions nobody owns.

use super::{map_order, print_error, selected, HOST};
use crate::console::bootstrap;
use crate::console::java::{hashmap_order, topic_partition_hash, Throwable};
use crate::console::output::Output;
use crate::sim::coordinator::group::GroupState;
use crate::sim::groups_view::{GroupView, MemberView};
use crate::sim::ids::TopicPartition;
use crate::sim::simulation::Simulation;
use crate::vecmap::VecMap;

/// `MISSING_COLUMN_VALUE`.
const MISSING: &str = "-";

pub(super) fn describe(
    sim: &Simulation,
    members: bool,
    state: bool,
    verbose: bool,
    groups: &[String],
    out: &mut Output,
) {
    let mut groups = match selected(sim, groups) {
        Ok(g) => g,
        Err(id) => return not_found(out, &id),
    };
    groups.sort_by(|a, b| a.group_id.cmp(&b.group_id));
    for g in &groups {
        if members {
            describe_members(out, g, verbose);
        } else if state {
            describe_state(out, g, verbose);
        } else {
            describe_offsets(out, g, verbose);
        }
    }
}

/// The admin call's `GroupIdNotFoundException`, thrown before anything prints.
fn not_found(out: &mut Output, group: &str) {
    let cause =
        Throwable::new("org.apache.kafka.common.errors.GroupIdNotFoundException", &format!("Group {group} not found."));
    let e = Throwable::wrap("java.util.concurrent.ExecutionException", cause);
    print_error(out, &format!("Executing consumer group command failed due to {}", e.message), Some(&e));
}

fn width<'a>(min: usize, values: impl Iterator<Item = &'a str>) -> usize {
    values.map(|v| v.chars().count()).max().unwrap_or(0).max(min)
}

fn dash<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| MISSING.to_string(), |v| v.to_string())
}

/// `shouldPrintMemberState`: whether the table follows (`rows` data rows).
fn print_state(out: &mut Output, g: &GroupView, rows: usize) -> bool {
    match g.state {
        GroupState::Empty => out.err(&format!("\nConsumer group '{}' has no active members.", g.group_id)),
        GroupState::PreparingRebalance | GroupState::CompletingRebalance => {
            out.err(&format!("\nWarning: Consumer group '{}' is rebalancing.", g.group_id))
        }
        GroupState::Dead => print_error(out, &format!("Consumer group '{}' does not exist.", g.group_id), None),
        GroupState::Stable => {}
    }
    g.state != GroupState::Dead && rows > 0
}

/// The members in the coordinator's order.
///
/// Simplification: Java's `HashMap` keeps join order within a bucket;
/// KafkaSim uses member-id order there (ids rarely share a bucket).
fn coordinator_order(g: &GroupView) -> Vec<&MemberView> {
    let ids = map_order(g.members.iter().map(|m| m.member_id.clone()).collect());
    ids.iter().filter_map(|id| g.members.iter().find(|m| &m.member_id == id)).collect()
}

/// One row of the offsets table: its columns after GROUP.
struct Row {
    tp: TopicPartition,
    consumer: String,
    host: String,
    client: String,
}

fn offset_rows(g: &GroupView) -> Vec<Row> {
    let mut members = coordinator_order(g);
    members.retain(|m| !m.assignment.is_empty());
    members.sort_by_key(|m| std::cmp::Reverse(m.assignment.len()));
    let order =
        |tps: &[TopicPartition]| hashmap_order(tps, |tp| topic_partition_hash(&tp.topic.to_string(), tp.partition), 16);
    let mut rows = Vec::new();
    for m in &members {
        let client = m.client_id.clone().unwrap_or_default();
        for tp in order(&m.assignment) {
            rows.push(Row { tp, consumer: m.member_id.clone(), host: HOST.into(), client: client.clone() });
        }
    }
    let rest: Vec<TopicPartition> = g
        .partitions
        .iter()
        .filter(|pp| pp.committed.is_some() && !rows.iter().any(|r| r.tp == pp.tp))
        .map(|pp| pp.tp.clone())
        .collect();
    for tp in order(&rest) {
        rows.push(Row { tp, consumer: MISSING.into(), host: MISSING.into(), client: MISSING.into() });
    }
    rows
}

fn describe_offsets(out: &mut Output, g: &GroupView, verbose: bool) {
    let rows = offset_rows(g);
    if !print_state(out, g, rows.len()) {
        return;
    }
    let gw = width(15, std::iter::once(g.group_id.as_str()));
    let tw = width(15, rows.iter().map(|r| r.tp.topic.as_str()));
    let cw = width(15, rows.iter().map(|r| r.consumer.as_str()));
    let hw = width(15, rows.iter().map(|r| r.host.as_str()));
    let line = |c: [&str; 10]| {
        let epoch = if verbose { format!("{:<15} ", c[3]) } else { String::new() };
        format!(
            "\n{:<gw$} {:<tw$} {:<10} {epoch}{:<15} {:<15} {:<15} {:<cw$} {:<hw$} {}",
            c[0], c[1], c[2], c[4], c[5], c[6], c[7], c[8], c[9]
        )
    };
    let mut text = line([
        "GROUP",
        "TOPIC",
        "PARTITION",
        "LEADER-EPOCH",
        "CURRENT-OFFSET",
        "LOG-END-OFFSET",
        "LAG",
        "CONSUMER-ID",
        "HOST",
        "CLIENT-ID",
    ]);
    for r in &rows {
        let pp = g.partitions.iter().find(|pp| pp.tp == r.tp);
        let current = pp.and_then(|pp| pp.committed);
        let end = pp.map(|pp| pp.high_watermark).filter(|e| *e >= 0);
        let lag = current.zip(end).map(|(c, e)| e - c);
        let epoch = pp.and_then(|pp| pp.committed_leader_epoch).map(|e| e.0);
        text += &line([
            &g.group_id,
            r.tp.topic.as_str(),
            &r.tp.partition.to_string(),
            &dash(epoch),
            &dash(current),
            &dash(end),
            &dash(lag),
            &r.consumer,
            &r.host,
            &r.client,
        ]);
    }
    out.out(&text);
}

fn describe_members(out: &mut Output, g: &GroupView, verbose: bool) {
    let members = coordinator_order(g);
    // `printMembers` prints the header whatever `shouldPrintMemberState` says.
    print_state(out, g, members.len());
    let clients: Vec<String> = members.iter().map(|m| m.client_id.clone().unwrap_or_default()).collect();
    // `groupInstanceId().orElse("")`.
    let instances: Vec<String> = members.iter().map(|m| m.group_instance_id.clone().unwrap_or_default()).collect();
    let with_instance = instances.iter().any(|i| !i.is_empty());
    let assignments: Vec<String> = members.iter().map(|m| assignment_text(&m.assignment)).collect();
    let gw = width(15, std::iter::once(g.group_id.as_str()));
    let cw = width(15, members.iter().map(|m| m.member_id.as_str()));
    let iw = width(17, instances.iter().map(String::as_str));
    let hw = width(15, std::iter::once(HOST));
    let lw = width(15, clients.iter().map(String::as_str));
    let aw = width(20, assignments.iter().map(String::as_str));
    let line = |c: [&str; 10]| {
        let mut s = format!("{:<gw$} {:<cw$} ", c[0], c[1]);
        if with_instance {
            s += &format!("{:<iw$} ", c[2]);
        }
        s += &format!("{:<hw$} {:<lw$} {:<15} ", c[3], c[4], c[5]);
        if verbose {
            s += &format!("{:<15} {:<aw$} {:<15} {:<20}", c[6], c[7], c[8], c[9]);
        }
        s
    };
    out.out(&format!(
        "\n{}",
        line([
            "GROUP",
            "CONSUMER-ID",
            "GROUP-INSTANCE-ID",
            "HOST",
            "CLIENT-ID",
            "#PARTITIONS",
            "CURRENT-EPOCH",
            "CURRENT-ASSIGNMENT",
            "TARGET-EPOCH",
            "TARGET-ASSIGNMENT"
        ])
    ));
    for (i, m) in members.iter().enumerate() {
        let n = m.assignment.len().to_string();
        // Classic members have no epochs and no target assignment.
        out.out(&line([
            &g.group_id,
            &m.member_id,
            &instances[i],
            HOST,
            &clients[i],
            &n,
            MISSING,
            &assignments[i],
            MISSING,
            MISSING,
        ]));
    }
}

/// `topic:p,p;topic2:p`, topics sorted, partitions sorted as strings (4.0).
fn assignment_text(tps: &[TopicPartition]) -> String {
    if tps.is_empty() {
        return MISSING.into();
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

fn describe_state(out: &mut Output, g: &GroupView, verbose: bool) {
    if !print_state(out, g, 1) {
        return;
    }
    let coordinator =
        g.coordinator.map_or_else(|| MISSING.to_string(), |b| format!("{}  ({})", bootstrap::address(b), b.0));
    let strategy = g.protocol.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| MISSING.into());
    let gw = width(15, std::iter::once(g.group_id.as_str()));
    let cw = width(25, std::iter::once(coordinator.as_str()));
    let line = |c: [&str; 7]| {
        let epochs = if verbose { format!("{:<15} {:<25} ", c[4], c[5]) } else { String::new() };
        format!("\n{:<gw$} {:<cw$} {:<20} {:<20} {epochs}{}", c[0], c[1], c[2], c[3], c[6])
    };
    let header = line([
        "GROUP",
        "COORDINATOR (ID)",
        "ASSIGNMENT-STRATEGY",
        "STATE",
        "GROUP-EPOCH",
        "TARGET-ASSIGNMENT-EPOCH",
        "#MEMBERS",
    ]);
    // Classic groups have no group epoch and no target assignment epoch.
    let n = g.members.len().to_string();
    let row = line([&g.group_id, &coordinator, &strategy, g.state.name(), MISSING, MISSING, &n]);
    out.out(&format!("{header}{row}"));
}
