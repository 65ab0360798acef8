//! Commands that act on consumers (start, stop (close), kill, stall, commit,
//! seek, pause) and on groups (the admin's offset reset). Like every command
//! they validate first and change nothing on error
//! (`IllegalArgumentException` / `ConfigException`, as the Java client throws
//! them), then act at the current instant.

use super::{BrokerProcess, Simulation};
use crate::sim::client::consumer::config::ConsumerConfig;
use crate::sim::client::consumer::{Consumer, ConsumerInput};
use crate::sim::commands::{CommandError, ConsumerCommand, GroupCommand, ResetTo};
use crate::sim::coordinator::group::GroupState;
use crate::sim::coordinator::{offsets_partition, OFFSETS_TOPIC};
use crate::sim::error::{ErrorKind, KafkaError};
use crate::sim::ids::{ClientId, Offset, TopicName, TopicPartition};
use crate::sim::messages::{ClientNodeId, NodeId};
use crate::sim::node::{Ctx, Observation};
use crate::sim::trace::{DisruptionCause, TraceEvent};

fn illegal(msg: String) -> CommandError {
    KafkaError::new(ErrorKind::IllegalArgument, msg)
}

impl Simulation {
    fn consumer_node(&self, client_id: &str) -> Result<ClientNodeId, CommandError> {
        self.client_ids
            .get(&ClientId(client_id.to_string()))
            .copied()
            .filter(|n| self.consumers.get(n).is_some_and(|c| !c.closed))
            .ok_or_else(|| illegal(format!("Unknown consumer {client_id}")))
    }

    fn with_consumer(&mut self, node: ClientNodeId, f: impl FnOnce(&mut Consumer, &mut Ctx)) {
        self.dispatch(NodeId::Client(node), |s, ctx| {
            if let Some(c) = s.consumers.get_mut(&node) {
                f(c, ctx);
            }
        });
    }

    pub(super) fn consumer_command(&mut self, command: &ConsumerCommand) -> Result<(), CommandError> {
        match command {
            ConsumerCommand::Start {
                client_id,
                group,
                topics,
                assignor,
                group_instance_id,
                properties,
                processing_ms,
            } => {
                let mut props = properties.clone();
                if let Some(a) = assignor {
                    props.push(("partition.assignment.strategy".into(), a.clone()));
                }
                if let Some(i) = group_instance_id {
                    props.push(("group.instance.id".into(), i.clone()));
                }
                self.start_consumer(client_id, group, topics, &props, *processing_ms)?;
            }
            ConsumerCommand::Stop { client_id } => {
                let node = self.consumer_node(client_id)?;
                self.with_consumer(node, |c, ctx| c.close(ctx));
                self.client_ids.remove(&ClientId(client_id.clone()));
            }
            ConsumerCommand::Kill { client_id } => {
                let node = self.consumer_node(client_id)?;
                let group = self.consumers[&node].group().to_string();
                self.consumers.remove(&node);
                self.client_ids.remove(&ClientId(client_id.clone()));
                let cause = DisruptionCause::ConsumerCrashed(client_id.clone());
                self.dispatch(NodeId::Client(node), |_, ctx| {
                    ctx.observe(Observation::GroupDisruption { group: group.into(), cause })
                });
                self.trace.push(self.now, TraceEvent::ConsumerKilled(client_id.clone()));
            }
            ConsumerCommand::Stall { client_id, stalled } => {
                let node = self.consumer_node(client_id)?;
                self.with_consumer(node, |c, ctx| c.set_stalled(ctx, *stalled));
            }
            ConsumerCommand::Commit { client_id } => {
                let node = self.consumer_node(client_id)?;
                self.with_consumer(node, |c, ctx| c.commit_positions(ctx, true));
            }
            ConsumerCommand::Seek { client_id, tp, offset } => {
                let node = self.consumer_node(client_id)?;
                if *offset < 0 || !self.consumers[&node].assigned.contains_key(tp) {
                    return Err(KafkaError::new(
                        ErrorKind::IllegalState,
                        format!("No current assignment for partition {tp}"),
                    ));
                }
                self.with_consumer(node, |c, ctx| {
                    c.seek(ctx, tp, *offset);
                });
            }
            ConsumerCommand::Pause { client_id, partitions, paused } => {
                let node = self.consumer_node(client_id)?;
                self.with_consumer(node, |c, _| c.pause(partitions, *paused));
            }
        }
        Ok(())
    }

    pub(super) fn group_command(&mut self, command: &GroupCommand) -> Result<(), CommandError> {
        match command {
            GroupCommand::ResetOffsets { group, topic, to } => self.reset_group_offsets(group, topic, *to),
        }
    }

    /// `props` already carry the assignor and `group.instance.id`.
    fn start_consumer(
        &mut self,
        client_id: &str,
        group: &str,
        topics: &[String],
        props: &[(String, String)],
        processing_ms: u64,
    ) -> Result<(), CommandError> {
        if client_id.is_empty() || self.client_ids.contains_key(&ClientId(client_id.to_string())) {
            return Err(illegal(format!("A client with id '{client_id}' already exists")));
        }
        if group.is_empty() {
            return Err(KafkaError::new(
                ErrorKind::InvalidGroupId,
                "To use the group management or offset commit APIs, you must provide a valid group.id in the consumer configuration.",
            ));
        }
        if topics.is_empty() {
            return Err(illegal("Topic collection to subscribe to cannot be empty".into()));
        }
        let mut config = ConsumerConfig::from_properties(props)?;
        config.client_id = client_id.to_string();
        config.group_id = group.to_string();
        let node = ClientNodeId(self.next_client);
        self.next_client += 1;
        let bootstrap = self.brokers.keys().copied().collect();
        let topics = topics.iter().map(|t| TopicName::new(t)).collect();
        self.consumers.insert(node, Consumer::new(node, config, topics, processing_ms, bootstrap));
        self.client_ids.insert(ClientId(client_id.to_string()), node);
        self.with_consumer(node, |c, ctx| c.handle(ctx, ConsumerInput::Start));
        Ok(())
    }
}

impl Simulation {
    /// `kafka-consumer-groups --reset-offsets`: commits new offsets as an admin
    /// (generation -1), allowed only while the group has no members.
    fn reset_group_offsets(&mut self, group: &str, topic: &str, to: ResetTo) -> Result<(), CommandError> {
        let image = &self.controller.image;
        let parts = image.topics.get(&TopicName::new(topic)).map(|t| t.partitions.len() as u32);
        let Some(parts) = parts else {
            return Err(KafkaError::new(
                ErrorKind::UnknownTopicOrPartition,
                "This server does not host this topic-partition.",
            ));
        };
        let n = image.topics.get(&TopicName::new(OFFSETS_TOPIC)).map_or(0, |t| t.partitions.len() as u32);
        let coordinator = (n > 0).then(|| offsets_partition(group, n)).and_then(|tp| image.partition(&tp)?.leader);
        let Some(b) = coordinator.filter(|b| self.broker(*b).is_some()) else {
            return Err(KafkaError::new(ErrorKind::CoordinatorNotAvailable, "The coordinator is not available."));
        };
        let state =
            self.broker(b).and_then(|br| br.coordinated_groups().find(|g| g.group_id == group).map(|g| g.state));
        if let Some(s) = state.filter(|s| *s != GroupState::Empty && *s != GroupState::Dead) {
            return Err(KafkaError::new(
                ErrorKind::IllegalState,
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
            if let Some(BrokerProcess::Running(br)) = s.brokers.get_mut(&b) {
                br.admin_commit_offsets(ctx, &group, offsets);
            }
        });
        Ok(())
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
