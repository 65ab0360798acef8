//! Commands that act on consumers: start, stop (close), kill, stall, commit,
//! seek, pause. Like every command they validate first and change nothing on
//! error (`IllegalArgumentException` / `ConfigException`, as the Java client
//! throws them), then act at the current instant.

use super::client::consumer::config::ConsumerConfig;
use super::client::consumer::{Consumer, ConsumerInput};
use super::commands::{Command, CommandError, CommandOutput};
use super::ids::{ClientId, TopicName};
use super::messages::{ClientNodeId, NodeId};
use super::node::Observation;
use super::simulation::Simulation;
use super::trace::Category;

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
            format!("command: {client_id} {} {partitions:?}", if *paused { "pause" } else { "resume" })
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
        let topics = topics.iter().map(|t| TopicName(t.clone())).collect();
        self.consumers.insert(node, Consumer::new(node, config, topics, *processing_ms, bootstrap));
        self.client_ids.insert(ClientId(client_id.clone()), node);
        self.with_consumer(node, |c, ctx| c.handle(ctx, ConsumerInput::Start));
        Ok(CommandOutput::Done)
    }
}
