//! `--reset-offsets`: `ConsumerGroupService.resetOffsets`,
//! `resetOffsetsForInactiveGroup`, `prepareOffsetsToReset`,
//! `checkOffsetsRange` and `printOffsetsToReset` of Kafka 4.0's
//! `ConsumerGroupCommand`.
//!
//! Per group (in the admin result's `HashMap` order): a group with members
//! gets `Error: Assignments can only be reset if the group ... is inactive`
//! and an empty plan; an inactive or unknown one gets a plan for the
//! partitions of `--topic` (or its committed ones with `--all-topics`).
//! `--to-offset`, `--shift-by` are clamped to the log range with WARNs in the
//! requested map's `HashMap` order; `--shift-by` on a partition without a
//! committed offset is a usage error. An unknown topic fails the command with
//! the unwrapped `UnknownTopicOrPartitionException`.
//!
//! Unlike Kafka, which alters each group's offsets as it goes, KafkaSim
//! plans every group first and commits only if no error stopped the command,
//! so a rejected command changes nothing.

use super::{joined, known_groups, map_order, print_error, tp_order, LOGGER, SCENARIOS};
use crate::console::args::Parsed;
use crate::console::java::Throwable;
use crate::console::output::Output;
use crate::sim::commands::ResetTo;
use crate::sim::commands::{Command, GroupCommand};
use crate::sim::coordinator::group::GroupState;
use crate::sim::groups_view::{groups_view, GroupView};
use crate::sim::ids::{Offset, TopicName, TopicPartition};
use crate::sim::simulation::Simulation;

/// Why the command stops: a usage error (stderr, exit 1) or an exception.
enum Stop {
    Usage(String),
    Error(Throwable),
}

/// Log start offset and HW of `tp` on its leader.
/// Prints why the command stopped: a usage error, or the failed call.
fn report(out: &mut Output, stop: Stop) {
    match stop {
        Stop::Usage(message) => out.fail(&message),
        Stop::Error(e) => {
            print_error(out, &format!("Executing consumer group command failed due to {}", e.message), Some(&e))
        }
    }
}

fn log_range(sim: &Simulation, tp: &TopicPartition) -> (Offset, Offset) {
    let range = || {
        let leader = sim.controller().image.partition(tp).and_then(|p| p.leader)?;
        let p = sim.broker(leader)?.partitions.get(tp)?;
        Some((p.log.log_start_offset(), p.log.high_watermark()))
    };
    range().unwrap_or((0, 0))
}

pub(super) fn reset(sim: &mut Simulation, p: &Parsed, out: &mut Output) {
    let ids: Vec<String> = if p.has("all-groups") {
        known_groups(sim).into_iter().map(|g| g.group_id).collect()
    } else {
        let mut ids = p.values("group");
        ids.sort();
        ids.dedup();
        ids
    };
    let views = groups_view(sim);
    let mut plans: Vec<(String, Vec<(TopicPartition, Offset)>)> = Vec::new();
    for id in map_order(ids) {
        let view = views.iter().find(|g| g.group_id == id && g.coordinator.is_some());
        if let Some(v) = view.filter(|v| v.state != GroupState::Empty && v.state != GroupState::Dead) {
            let state = v.state.name();
            let msg = format!(
                "Assignments can only be reset if the group '{id}' is inactive, but the current state is {state}."
            );
            print_error(out, &msg, None);
            plans.push((id, Vec::new()));
            continue;
        }
        match plan(sim, p, view, out) {
            Ok(offsets) => plans.push((id, offsets)),
            Err(stop) => return report(out, stop),
        }
    }
    if p.has("execute") {
        if let Err(stop) = execute(sim, p, &plans) {
            return report(out, stop);
        }
    }
    let mut text = String::new();
    if !plans.is_empty() {
        text = format!("\n{:<30} {:<30} {:<10} {:<15}", "GROUP", "TOPIC", "PARTITION", "NEW-OFFSET");
    }
    for (g, offsets) in &plans {
        for (tp, o) in offsets {
            text += &format!("\n{:<30} {:<30} {:<10} {:<15}", g, tp.topic.as_str(), tp.partition, o);
        }
    }
    out.out(&text);
}

/// `getPartitionsToReset`: the partitions, in the order Kafka collects them.
fn partitions(sim: &Simulation, p: &Parsed, view: Option<&GroupView>) -> Result<Vec<TopicPartition>, Stop> {
    if p.has("all-topics") {
        let committed = view.map_or_else(Vec::new, |v| {
            v.partitions.iter().filter(|pp| pp.committed.is_some()).map(|pp| pp.tp.clone()).collect::<Vec<_>>()
        });
        return Ok(tp_order(&committed));
    }
    if !p.has("topic") {
        return Err(Stop::Usage("One of the reset scopes should be defined: --all-topics, --topic.".into()));
    }
    let topics = p.values("topic");
    if let Some(t) = topics.iter().find(|t| t.contains(':')) {
        let msg =
            format!("--topic {t}: partition lists are not supported by KafkaSim (use --topic without partitions)");
        return Err(Stop::Usage(msg));
    }
    let mut tps = Vec::new();
    // `describeTopics(...).allTopicNames()`: a `HashMap` by topic name.
    for t in map_order(topics) {
        let Some(info) = sim.controller().image.topics.get(&TopicName::new(t.as_str())) else {
            // The `ExecutionException`'s `KafkaException` cause, rethrown as is.
            return Err(Stop::Error(Throwable::new(
                "org.apache.kafka.common.errors.UnknownTopicOrPartitionException",
                "This server does not host this topic-partition.",
            )));
        };
        tps.extend((0..info.partitions.len() as u32).map(|n| TopicPartition::new(&t, n)));
    }
    Ok(tps)
}

/// `prepareOffsetsToReset` for one inactive group, in `HashMap` order.
fn plan(
    sim: &Simulation,
    p: &Parsed,
    view: Option<&GroupView>,
    out: &mut Output,
) -> Result<Vec<(TopicPartition, Offset)>, Stop> {
    let tps = partitions(sim, p, view)?;
    let committed = |tp: &TopicPartition| view.and_then(|v| v.partitions.iter().find(|pp| &pp.tp == tp)?.committed);
    let number = |name: &str| p.value(name).and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let Some(scenario) = SCENARIOS.iter().copied().find(|s| p.has(s)) else {
        let set = joined(&SCENARIOS);
        return Err(Stop::Usage(format!("Option '[reset-offsets]' requires one of the following scenarios: [{set}]")));
    };
    let requested: Vec<(TopicPartition, Offset)> = match scenario {
        "to-earliest" => return Ok(ordered(tps.iter().map(|tp| (tp.clone(), log_range(sim, tp).0)).collect())),
        "to-latest" => return Ok(ordered(tps.iter().map(|tp| (tp.clone(), log_range(sim, tp).1)).collect())),
        "to-current" => {
            let current = |tp: &TopicPartition| committed(tp).unwrap_or_else(|| log_range(sim, tp).1);
            return Ok(ordered(tps.iter().map(|tp| (tp.clone(), current(tp))).collect()));
        }
        "to-offset" => tps.iter().map(|tp| (tp.clone(), number("to-offset"))).collect(),
        "shift-by" => {
            let mut v = Vec::new();
            for tp in &tps {
                let Some(c) = committed(tp) else {
                    let msg =
                        format!("Cannot shift offset for partition {tp} since there is no current committed offset");
                    return Err(Stop::Usage(msg));
                };
                v.push((tp.clone(), c.saturating_add(number("shift-by"))));
            }
            v
        }
        _ => return Err(Stop::Usage(format!("--{scenario} is not supported by KafkaSim"))),
    };
    Ok(check_range(sim, ordered(requested), out))
}

/// A `Collectors.toMap` result: entries in `HashMap<TopicPartition>` order.
fn ordered(entries: Vec<(TopicPartition, Offset)>) -> Vec<(TopicPartition, Offset)> {
    let keys: Vec<TopicPartition> = entries.iter().map(|(tp, _)| tp.clone()).collect();
    tp_order(&keys).into_iter().filter_map(|tp| entries.iter().find(|(t, _)| *t == tp).cloned()).collect()
}

/// `checkOffsetsRange`: clamps to [log start, end] with a WARN per change.
fn check_range(
    sim: &Simulation,
    requested: Vec<(TopicPartition, Offset)>,
    out: &mut Output,
) -> Vec<(TopicPartition, Offset)> {
    let mut res = Vec::new();
    for (tp, offset) in requested {
        let (start, end) = log_range(sim, &tp);
        let new = if offset > end {
            let msg = format!("New offset ({offset}) is higher than latest offset for topic partition {tp}. Value will be set to {end}");
            out.log(sim.now(), "WARN", &msg, LOGGER);
            end
        } else if offset < start {
            let msg = format!("New offset ({offset}) is lower than earliest offset for topic partition {tp}. Value will be set to {start}");
            out.log(sim.now(), "WARN", &msg, LOGGER);
            start
        } else {
            offset
        };
        res.push((tp, new));
    }
    ordered(res)
}

/// `alterConsumerGroupOffsets` for every planned group, through the coordinator.
///
/// Simplification: the coordinator command resets one topic of a group to
/// one offset (or its earliest/latest), so an `--execute` that moves one
/// topic's partitions to different offsets is refused.
fn execute(sim: &mut Simulation, p: &Parsed, plans: &[(String, Vec<(TopicPartition, Offset)>)]) -> Result<(), Stop> {
    let mut commands = Vec::new();
    for (group, offsets) in plans {
        let mut topics: Vec<&str> = offsets.iter().map(|(tp, _)| tp.topic.as_str()).collect();
        topics.sort();
        topics.dedup();
        for topic in topics {
            let mut values: Vec<Offset> =
                offsets.iter().filter(|(tp, _)| tp.topic.as_str() == topic).map(|(_, o)| *o).collect();
            values.sort();
            values.dedup();
            let to = match values.as_slice() {
                _ if p.has("to-earliest") => ResetTo::Earliest,
                _ if p.has("to-latest") => ResetTo::Latest,
                [o] => ResetTo::Offset(*o),
                _ => {
                    let scenario = SCENARIOS.iter().find(|s| p.has(s)).copied().unwrap_or_default();
                    let msg = format!("--{scenario} --execute that moves the partitions of {topic} to different offsets is not supported by KafkaSim");
                    return Err(Stop::Usage(msg));
                }
            };
            commands.push(Command::Group(GroupCommand::ResetOffsets {
                group: group.as_str().into(),
                topic: topic.to_string(),
                to,
            }));
        }
    }
    if commands.is_empty() {
        return Ok(());
    }
    for c in commands {
        sim.apply(c).map_err(|e| Stop::Error(Throwable::new(e.class_name(), &e.message)))?;
    }
    sim.run_for(crate::sim::time::ms(100));
    Ok(())
}
