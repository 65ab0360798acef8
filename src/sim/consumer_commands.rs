//! Commands that act on consumers: start, stop (close), kill, stall, commit,
//! seek, pause, and the admin's offset reset. Like every command they validate first and change nothing on
//! error (`IllegalArgumentException` / `ConfigException`, as the Java client
//! throws them), then act at the current instant.

use super::client::consumer::config::ConsumerConfig;
use super::client::consumer::{Consumer, ConsumerInput};
use super::commands::{Command, CommandError, CommandOutput};
use super::coordinator::group::GroupState;
use super::coordinator::offsets_partition;
use super::ids::{fmt_partitions, ClientId, Offset, TopicName, TopicPartition};
use super::messages::{ClientNodeId, NodeId};
use super::node::Observation;
use super::simulation::Simulation;
use super::trace::Category;
use serde::{Deserialize, Serialize};

/// Where `--reset-offsets` moves a group's committed offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResetTo {
    /// `--to-earliest`: the log start offset.
    Earliest,
    /// `--to-latest`: the end offset (the HW).
    Latest,
    /// `--to-offset N`, clamped to `[earliest, latest]` as the tool does.
    Offset(Offset),
}

/// The trace line of a consumer command.
pub fn describe(c: &Command) -> String {
    match c {
        Command::StartConsumer { client_id, group, topics, .. } => {
            format!("command: start consumer {client_id} in group {group} on {topics:?}")
        }
        Command::StopConsumer { client_id } => format!("command: stop consumer {client_id} (close, LeaveGroup)"),
        Command::KillConsumer { client_id } => format!("command: kill consumer {client_id} (no LeaveGroup)"),
        Command::StallConsumer { client_id, stalled: true } => format!("command: stall consumer {client_id}"),
        Command::StallConsumer { client_id, .. } => format!("command: resume consumer {client_id}"),
        Command::CommitConsumer { client_id } => format!("command: {client_id} commitSync()"),
        Command::SeekConsumer { client_id, tp, offset } => format!("command: {client_id} seek {tp} to {offset}"),
        Command::PauseConsumer { client_id, partitions, paused } => {
            let verb = if *paused { "pause" } else { "resume" };
            format!("command: {client_id} {verb} {}", fmt_partitions(partitions))
        }
        Command::ResetGroupOffsets { group, topic, to } => {
            format!("command: reset offsets of group {group} on {topic} to {to:?}")
        }
        _ => String::new(),
    }
}

fn illegal(msg: String) -> CommandError {
    CommandError::new("IllegalArgumentException", msg)
}

impl Simulation {
    fn consumer_node(&self, client_id: &str) -> Result<ClientNodeId, CommandError> {
        self.client_ids
            .get(&ClientId(client_id.to_string()))
            .copied()
            .filter(|n| self.consumers.get(n).is_some_and(|c| !c.closed))
            .ok_or_else(|| illegal(format!("Unknown consumer {client_id}")))
    }

    fn with_consumer(&mut self, node: ClientNodeId, f: impl FnOnce(&mut Consumer, &mut super::node::Ctx)) {
        self.dispatch(NodeId::Client(node), |s, ctx| {
            if let Some(c) = s.consumers.get_mut(&node) {
                f(c, ctx);
            }
        });
    }

    pub(crate) fn consumer_command(&mut self, command: &Command) -> Result<CommandOutput, CommandError> {
        match command {
            Command::StartConsumer { .. } => return self.start_consumer(command),
            Command::ResetGroupOffsets { group, topic, to } => return self.reset_group_offsets(group, topic, *to),
            Command::StopConsumer { client_id } => {
                let node = self.consumer_node(client_id)?;
                self.with_consumer(node, |c, ctx| c.close(ctx));
                self.client_ids.remove(&ClientId(client_id.clone()));
            }
            Command::KillConsumer { client_id } => {
                let node = self.consumer_node(client_id)?;
                let group = self.consumers[&node].group().to_string();
                self.consumers.remove(&node);
                self.client_ids.remove(&ClientId(client_id.clone()));
                let cause = format!("consumer {client_id} crashed");
                self.dispatch(NodeId::Client(node), |_, ctx| {
                    ctx.observe(Observation::GroupDisruption { group, cause })
                });
                self.trace.push(self.now, Category::Client, format!("consumer {client_id} killed"));
            }
            Command::StallConsumer { client_id, stalled } => {
                let node = self.consumer_node(client_id)?;
                self.with_consumer(node, |c, ctx| c.set_stalled(ctx, *stalled));
            }
            Command::CommitConsumer { client_id } => {
                let node = self.consumer_node(client_id)?;
                self.with_consumer(node, |c, ctx| c.commit_positions(ctx, true));
            }
            Command::SeekConsumer { client_id, tp, offset } => {
                let node = self.consumer_node(client_id)?;
                if *offset < 0 || !self.consumers[&node].assigned.contains_key(tp) {
                    return Err(CommandError::new(
                        "IllegalStateException",
                        format!("No current assignment for partition {tp}"),
                    ));
                }
                self.with_consumer(node, |c, ctx| {
                    c.seek(ctx, tp, *offset);
                });
            }
            Command::PauseConsumer { client_id, partitions, paused } => {
                let node = self.consumer_node(client_id)?;
                self.with_consumer(node, |c, _| c.pause(partitions, *paused));
            }
            _ => {}
        }
        Ok(CommandOutput::Done)
    }

    fn start_consumer(&mut self, command: &Command) -> Result<CommandOutput, CommandError> {
        let Command::StartConsumer { client_id, group, topics, assignor, group_instance_id, properties, processing_ms } =
            command
        else {
            return Ok(CommandOutput::Done);
        };
        if client_id.is_empty() || self.client_ids.contains_key(&ClientId(client_id.clone())) {
            return Err(illegal(format!("A client with id '{client_id}' already exists")));
        }
        if group.is_empty() {
            return Err(CommandError::new(
                "InvalidGroupIdException",
                "To use the group management or offset commit APIs, you must provide a valid group.id in the consumer configuration.",
            ));
        }
        if topics.is_empty() {
            return Err(illegal("Topic collection to subscribe to cannot be empty".into()));
        }
        let mut props = properties.clone();
        if let Some(a) = assignor {
            props.push(("partition.assignment.strategy".into(), a.clone()));
        }
        if let Some(i) = group_instance_id {
            props.push(("group.instance.id".into(), i.clone()));
        }
        let mut config =
            ConsumerConfig::from_properties(&props).map_err(|e| CommandError::new(&e.exception_class, e.message))?;
        config.client_id = client_id.clone();
        config.group_id = group.clone();
        let node = ClientNodeId(self.next_client);
        self.next_client += 1;
        let bootstrap = self.brokers.keys().copied().collect();
        let topics = topics.iter().map(|t| TopicName::new(t)).collect();
        self.consumers.insert(node, Consumer::new(node, config, topics, *processing_ms, bootstrap));
        self.client_ids.insert(ClientId(client_id.clone()), node);
        self.with_consumer(node, |c, ctx| c.handle(ctx, ConsumerInput::Start));
        Ok(CommandOutput::Done)
    }
}

impl Simulation {
    /// `kafka-consumer-groups --reset-offsets`: commits new offsets as an admin
    /// (generation -1), allowed only while the group has no members.
    fn reset_group_offsets(&mut self, group: &str, topic: &str, to: ResetTo) -> Result<CommandOutput, CommandError> {
        let image = &self.controller.image;
        let parts = image.topics.get(&TopicName::new(topic)).map(|t| t.partitions.len() as u32);
        let Some(parts) = parts else {
            return Err(CommandError::new(
                "UnknownTopicOrPartitionException",
                "This server does not host this topic-partition.",
            ));
        };
        let n = image
            .topics
            .get(&TopicName::new(super::coordinator::OFFSETS_TOPIC))
            .map_or(0, |t| t.partitions.len() as u32);
        let coordinator = (n > 0).then(|| offsets_partition(group, n)).and_then(|tp| image.partition(&tp)?.leader);
        let Some(b) = coordinator.filter(|b| self.broker(*b).is_some()) else {
            return Err(CommandError::new("CoordinatorNotAvailableException", "The coordinator is not available."));
        };
        let state =
            self.broker(b).and_then(|br| br.coordinated_groups().find(|g| g.group_id == group).map(|g| g.state));
        if let Some(s) = state.filter(|s| *s != GroupState::Empty && *s != GroupState::Dead) {
            return Err(CommandError::new(
                "IllegalStateException",
                format!(
                    "Assignments can only be reset if the group '{group}' is inactive, but the current state is {}.",
                    s.name()
                ),
            ));
        }
        let mut offsets = Vec::new();
        for p in 0..parts {
            let tp = TopicPartition::new(topic, p);
            let (start, hw) = self.log_range(&tp);
            let o = match to {
                ResetTo::Earliest => start,
                ResetTo::Latest => hw,
                ResetTo::Offset(o) => o.clamp(start, hw),
            };
            offsets.push((tp, o));
        }
        let group = group.to_string();
        self.dispatch(NodeId::Broker(b), |s, ctx| {
            if let Some(super::simulation::BrokerProcess::Running(br)) = s.brokers.get_mut(&b) {
                br.admin_commit_offsets(ctx, &group, offsets);
            }
        });
        Ok(CommandOutput::Done)
    }

    /// Log start offset and HW of `tp` on its leader (0, 0 if unknown).
    fn log_range(&self, tp: &TopicPartition) -> (Offset, Offset) {
        let leader = self.controller.image.partition(tp).and_then(|p| p.leader);
        leader
            .and_then(|l| self.broker(l))
            .and_then(|br| br.partitions.get(tp))
            .map_or((0, 0), |p| (p.log.log_start_offset(), p.log.high_watermark()))
    }
}
