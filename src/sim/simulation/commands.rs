//! Dispatch of the topic, config, broker, link and producer commands: each
//! validates first and changes nothing on error, then acts at the current
//! instant. Exhaustive over [`Command`] and its nested enums (no `_ =>` arm),
//! so a new variant does not compile until it is handled here or in
//! [`super::consumers`].

use super::{BrokerProcess, Simulation};
use crate::sim::broker::BrokerInput;
use crate::sim::client::producer::{Producer, ProducerInput, Workload};
use crate::sim::client::producer_config::ProducerConfig;
use crate::sim::commands::{
    BrokerCommand, Command, CommandError, CommandOutput, ConfigCommand, LinkCommand, ProducerCommand, TopicCommand,
    MAX_WORKLOAD_RATE,
};
use crate::sim::controller::CreateTopic;
use crate::sim::error::{ErrorKind, KafkaError};
use crate::sim::ids::{BrokerId, ClientId, ProducerId};
use crate::sim::ids::{Offset, TopicPartition};
use crate::sim::messages::{ClientNodeId, NodeId};
use crate::sim::node::Ctx;
use crate::sim::rng::SimRng;
use crate::sim::time::ms;
use crate::sim::trace::TraceEvent;

impl Simulation {
    fn known_broker(&self, b: BrokerId) -> Result<(), CommandError> {
        if self.brokers.contains_key(&b) {
            Ok(())
        } else {
            Err(KafkaError::new(ErrorKind::IllegalArgument, format!("Unknown broker {b}")))
        }
    }

    /// A link joins two different brokers: a node has no link to itself.
    fn distinct_brokers(&self, a: BrokerId, b: BrokerId) -> Result<(), CommandError> {
        if a == b {
            return Err(KafkaError::new(
                ErrorKind::IllegalArgument,
                format!("A link joins two different brokers: broker {a} has no link to itself"),
            ));
        }
        Ok(())
    }

    fn running(&self, b: BrokerId) -> bool {
        matches!(self.brokers.get(&b), Some(BrokerProcess::Running(_)))
    }

    /// Validates and performs `command` (see [`Simulation::apply`]).
    pub(super) fn execute(&mut self, command: &Command) -> Result<CommandOutput, CommandError> {
        match command {
            Command::Topic(c) => self.topic_command(c),
            Command::Config(c) => self.config_command(c),
            Command::Broker(c) => self.broker_command(*c).map(|()| CommandOutput::Done),
            Command::Link(c) => self.link_command(*c).map(|()| CommandOutput::Done),
            Command::Producer(c) => self.producer_command(c),
            Command::Consumer(c) => self.consumer_command(c).map(|()| CommandOutput::Done),
            Command::Group(c) => self.group_command(c).map(|()| CommandOutput::Done),
        }
    }

    /// Runs an admin request on the controller, which then writes its
    /// metadata records at once.
    fn admin(
        &mut self,
        f: impl FnOnce(&mut Simulation, &mut Ctx) -> Result<CommandOutput, KafkaError>,
    ) -> Result<CommandOutput, CommandError> {
        let mut result = Ok(CommandOutput::Done);
        self.dispatch(NodeId::Controller, |s, ctx| {
            result = f(s, ctx);
            s.controller.flush_now(ctx);
        });
        result
    }

    fn topic_command(&mut self, command: &TopicCommand) -> Result<CommandOutput, CommandError> {
        if let TopicCommand::DeleteRecords { partitions } = command {
            return Ok(CommandOutput::LowWatermarks(self.delete_records(partitions)));
        }
        self.admin(|s, ctx| {
            let c = &mut s.controller;
            match command {
                TopicCommand::Create { name, partitions, replication_factor, configs } => {
                    let req = CreateTopic {
                        name: name.clone(),
                        partitions: *partitions,
                        replication_factor: *replication_factor,
                        configs: configs.clone(),
                    };
                    c.create_topic(ctx, &req, name.starts_with("__")).map(|()| CommandOutput::Done)
                }
                TopicCommand::Delete { name } => {
                    c.delete_topic(ctx, name)?;
                    s.ledger.forget_topic(name);
                    Ok(CommandOutput::Done)
                }
                TopicCommand::CreatePartitions { name, count } => {
                    c.create_partitions(ctx, name, *count).map(|()| CommandOutput::Done)
                }
                TopicCommand::ElectLeaders { preferred, targets } => {
                    Ok(CommandOutput::Elected(c.elect_leaders(ctx, *preferred, targets.as_deref())))
                }
                TopicCommand::DeleteRecords { .. } => unreachable!("handled before the controller"),
            }
        })
    }

    /// `DeleteRecords`, sent to each partition's leader (`ReplicaManager.deleteRecords`).
    // Simplification: the answer does not wait for the followers' log start
    // offsets (Kafka's `DelayedDeleteRecords`); it reports the leader's, which
    // every live follower takes on its next fetch.
    fn delete_records(
        &mut self,
        partitions: &[(TopicPartition, Offset)],
    ) -> Vec<(TopicPartition, Result<Offset, KafkaError>)> {
        let unknown =
            || KafkaError::new(ErrorKind::UnknownTopicOrPartition, "This server does not host this topic-partition.");
        let no_leader = || {
            KafkaError::new(
                ErrorKind::LeaderNotAvailable,
                "There is no leader for this topic-partition as we are in the middle of a leadership election.",
            )
        };
        let mut out = Vec::new();
        for (tp, offset) in partitions {
            let result = match self.controller.image.partition(tp).map(|p| p.leader) {
                None => Err(unknown()),
                Some(None) => Err(no_leader()),
                Some(Some(b)) => {
                    let mut r = Err(no_leader());
                    self.dispatch(NodeId::Broker(b), |s, ctx| {
                        if let Some(BrokerProcess::Running(br)) = s.brokers.get_mut(&b) {
                            r = br.delete_records(ctx, tp, *offset);
                        }
                    });
                    r
                }
            };
            out.push((tp.clone(), result));
        }
        out
    }

    fn config_command(&mut self, command: &ConfigCommand) -> Result<CommandOutput, CommandError> {
        if let ConfigCommand::Broker { broker: Some(b), .. } = command {
            self.known_broker(*b)?;
        }
        self.admin(|s, ctx| {
            let c = &mut s.controller;
            match command {
                ConfigCommand::Topic { name, set, delete } => c.alter_topic_config(ctx, name, set, delete),
                ConfigCommand::Broker { broker, set, delete } => c.alter_broker_config(ctx, *broker, set, delete),
            }
            .map(|()| CommandOutput::Done)
        })
    }

    fn broker_command(&mut self, command: BrokerCommand) -> Result<(), CommandError> {
        match command {
            BrokerCommand::Kill(b) => {
                self.known_broker(b)?;
                if self.running(b) {
                    self.take_down(b, true);
                    self.trace.push(self.now, TraceEvent::BrokerCrashed(b));
                }
            }
            BrokerCommand::Stop(b) => {
                self.known_broker(b)?;
                self.dispatch(NodeId::Broker(b), |s, ctx| {
                    if let Some(BrokerProcess::Running(br)) = s.brokers.get_mut(&b) {
                        br.handle(ctx, BrokerInput::Shutdown);
                    }
                });
            }
            BrokerCommand::Start(b) => {
                self.known_broker(b)?;
                if !self.running(b) {
                    self.boot_broker(b);
                    self.trace.push(self.now, TraceEvent::BrokerStarted(b));
                }
            }
            BrokerCommand::Isolate(b) => {
                self.known_broker(b)?;
                self.network.isolate(NodeId::Broker(b));
            }
            BrokerCommand::Partition(b) => {
                self.known_broker(b)?;
                let node = NodeId::Broker(b);
                self.network.cut_link(node, NodeId::Controller, false);
                let others: Vec<BrokerId> = self.brokers.keys().copied().filter(|o| *o != b).collect();
                for o in others {
                    self.network.cut_link(node, NodeId::Broker(o), false);
                }
            }
            BrokerCommand::Heal(b) => {
                self.known_broker(b)?;
                self.network.heal(NodeId::Broker(b));
            }
            BrokerCommand::Slow { broker, extra_ms } => {
                self.known_broker(broker)?;
                if extra_ms > 60_000 {
                    return Err(KafkaError::new(ErrorKind::IllegalArgument, "A slowdown must be at most 60000 ms"));
                }
                self.network.slow_down(NodeId::Broker(broker), ms(extra_ms));
            }
        }
        Ok(())
    }

    fn link_command(&mut self, command: LinkCommand) -> Result<(), CommandError> {
        match command {
            LinkCommand::Cut { from, to, one_way } => {
                self.known_broker(from)?;
                self.known_broker(to)?;
                self.distinct_brokers(from, to)?;
                self.network.cut_link(NodeId::Broker(from), NodeId::Broker(to), one_way);
            }
            LinkCommand::Heal { a, b } => {
                self.known_broker(a)?;
                self.known_broker(b)?;
                self.distinct_brokers(a, b)?;
                self.network.heal_link(NodeId::Broker(a), NodeId::Broker(b));
            }
        }
        Ok(())
    }

    fn producer_command(&mut self, command: &ProducerCommand) -> Result<CommandOutput, CommandError> {
        match command {
            ProducerCommand::Start { client_id, properties, workload } => {
                self.start_producer(client_id, properties, workload.clone())
            }
            ProducerCommand::Stop { client_id } => {
                let node = self.producer_node(client_id)?;
                self.producers.remove(&node);
                self.client_ids.remove(&ClientId(client_id.clone()));
                Ok(CommandOutput::Done)
            }
            ProducerCommand::Close { client_id } => {
                let node = self.producer_node(client_id)?;
                self.dispatch(NodeId::Client(node), |s, ctx| s.producers.get_mut(&node).expect("checked").close(ctx));
                Ok(CommandOutput::Done)
            }
            ProducerCommand::Produce { client_id, record } => {
                let node = self.producer_node(client_id)?;
                if self.producers[&node].closing() {
                    // `KafkaProducer.throwIfProducerClosed`.
                    let message = "Cannot perform operation after producer has been closed";
                    return Err(KafkaError::new(ErrorKind::IllegalState, message));
                }
                let mut id = None;
                self.dispatch(NodeId::Client(node), |s, ctx| {
                    let p = s.producers.get_mut(&node).expect("checked");
                    id = Some(p.send(ctx, record.clone()));
                    p.drain_now(ctx);
                });
                Ok(CommandOutput::Record(id.expect("send returns an id")))
            }
        }
    }

    fn producer_node(&self, client_id: &str) -> Result<ClientNodeId, CommandError> {
        self.client_ids
            .get(&ClientId(client_id.to_string()))
            .copied()
            .filter(|n| self.producers.contains_key(n))
            .ok_or_else(|| KafkaError::new(ErrorKind::IllegalArgument, format!("Unknown producer {client_id}")))
    }

    fn start_producer(
        &mut self,
        client_id: &str,
        properties: &[(String, String)],
        workload: Option<Workload>,
    ) -> Result<CommandOutput, CommandError> {
        if client_id.is_empty() || self.client_ids.contains_key(&ClientId(client_id.to_string())) {
            return Err(KafkaError::new(
                ErrorKind::IllegalArgument,
                format!("A client with id '{client_id}' already exists"),
            ));
        }
        // Simplification: a workload produces at most 10,000 records/s.
        if let Some(w) = &workload {
            if w.rate > MAX_WORKLOAD_RATE {
                return Err(KafkaError::new(
                    ErrorKind::IllegalArgument,
                    format!("A workload rate must be at most {MAX_WORKLOAD_RATE} records/s"),
                ));
            }
            if !self.controller.image.topics.contains_key(&w.topic) {
                return Err(KafkaError::new(
                    ErrorKind::UnknownTopicOrPartition,
                    format!("Topic {} does not exist", w.topic),
                ));
            }
        }
        let mut config = ProducerConfig::from_properties(properties)?;
        config.client_id = client_id.to_string();
        let node = ClientNodeId(self.next_client);
        self.next_client += 1;
        let pid = ProducerId(self.next_producer_id);
        self.next_producer_id += 1;
        let bootstrap = self.brokers.keys().copied().collect();
        let rng = SimRng::stream(self.config.seed, &format!("client-{}", node.0));
        let mut producer = Producer::new(node, config, bootstrap, pid, rng);
        producer.workload = workload;
        self.producers.insert(node, producer);
        self.client_ids.insert(ClientId(client_id.to_string()), node);
        self.dispatch(NodeId::Client(node), |s, ctx| {
            s.producers.get_mut(&node).expect("inserted").handle(ctx, ProducerInput::Start);
        });
        Ok(CommandOutput::Done)
    }
}
