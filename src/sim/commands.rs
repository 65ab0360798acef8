//! Commands: every action from outside the cluster.
//!
//! A console line, a click in the picture or a lesson step becomes a
//! [`Command`]. [`Simulation::apply`] validates it against the current state
//! and either returns a [`CommandError`] with Kafka's exception name and
//! message — changing nothing — or applies it at the current instant and
//! records it in the command log and the trace, so the run can be replayed,
//! shared and rewound.

use super::client::producer::{Producer, ProducerInput, SendRequest, Workload};
use super::client::producer_config::ProducerConfig;
use super::controller::CreateTopic;
use super::ids::{BrokerId, ClientId, ProducerId, TopicPartition};
use super::messages::{ClientNodeId, NodeId};
use super::record::RecordId;
use super::rng::SimRng;
use super::simulation::{BrokerProcess, Simulation};
use super::time::ms;
use crate::sim::trace::text::{string_list, string_map};
use crate::sim::trace::TraceEvent;
use crate::vecmap::VecMap;
use serde::{Deserialize, Serialize};

/// The highest rate a workload producer may have (records per second).
pub const MAX_WORKLOAD_RATE: u32 = 10_000;

/// An action from outside the cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    CreateTopic {
        name: String,
        partitions: u32,
        replication_factor: u32,
        configs: VecMap<String, String>,
    },
    DeleteTopic {
        name: String,
    },
    CreatePartitions {
        name: String,
        count: u32,
    },
    AlterTopicConfig {
        name: String,
        set: VecMap<String, String>,
        delete: Vec<String>,
    },
    /// `kafka-configs --entity-type brokers --alter`; `broker: None` = the
    /// cluster-wide default (`--entity-default`).
    AlterBrokerConfig {
        broker: Option<BrokerId>,
        set: VecMap<String, String>,
        delete: Vec<String>,
    },
    /// `kafka-leader-election`; `targets: None` = all partitions.
    ElectLeaders {
        preferred: bool,
        targets: Option<Vec<TopicPartition>>,
    },
    /// Crash: no controlled shutdown.
    KillBroker(BrokerId),
    /// Controlled shutdown, then stop.
    StopBroker(BrokerId),
    StartBroker(BrokerId),
    IsolateBroker(BrokerId),
    /// Cut the broker off from the controller and the other brokers, but not
    /// from clients: a network partition that makes a zombie leader.
    PartitionBroker(BrokerId),
    HealBroker(BrokerId),
    CutLink {
        from: BrokerId,
        to: BrokerId,
        one_way: bool,
    },
    HealLink {
        a: BrokerId,
        b: BrokerId,
    },
    /// Extra latency in milliseconds on everything the broker sends or receives (0 = normal).
    SlowBroker {
        broker: BrokerId,
        extra_ms: u64,
    },
    /// Creates a producer client; with a workload it produces continuously.
    StartProducer {
        client_id: String,
        properties: Vec<(String, String)>,
        workload: Option<Workload>,
    },
    /// `close()`: sends what the producer buffered without lingering; the
    /// producer stays until `StopProducer` (see `Producer::close`).
    CloseProducer {
        client_id: String,
    },
    StopProducer {
        client_id: String,
    },
    /// One record from an existing producer.
    Produce {
        client_id: String,
        record: SendRequest,
    },
    /// Creates a consumer in `group` subscribed to `topics`; it polls in a loop,
    /// spending `processing_ms` on each batch.
    StartConsumer {
        client_id: String,
        group: String,
        topics: Vec<String>,
        /// `partition.assignment.strategy`, e.g. `range` or `range,cooperative-sticky` (None = Kafka's default).
        assignor: Option<String>,
        group_instance_id: Option<String>,
        properties: Vec<(String, String)>,
        processing_ms: u64,
    },
    /// `close()`: commit if auto-commit, LeaveGroup, stop.
    StopConsumer {
        client_id: String,
    },
    /// The process dies: no LeaveGroup; the coordinator waits for the session timeout.
    KillConsumer {
        client_id: String,
    },
    /// The application stops calling `poll()` (`stalled: true`) or resumes.
    StallConsumer {
        client_id: String,
        stalled: bool,
    },
    /// `commitSync()` of the current positions.
    CommitConsumer {
        client_id: String,
    },
    /// `seek(tp, offset)` on an assigned partition.
    SeekConsumer {
        client_id: String,
        tp: TopicPartition,
        offset: i64,
    },
    /// `pause` / `resume`.
    PauseConsumer {
        client_id: String,
        partitions: Vec<TopicPartition>,
        paused: bool,
    },
    /// `kafka-consumer-groups --reset-offsets --execute` for every partition of `topic`
    /// (the group must be inactive).
    ResetGroupOffsets {
        group: String,
        topic: String,
        to: super::consumer_commands::ResetTo,
    },
}

/// A rejected command: Kafka's exception (simple class name) and message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandError {
    pub exception: String,
    pub message: String,
}

impl CommandError {
    pub fn new(exception: &str, message: impl Into<String>) -> CommandError {
        CommandError { exception: exception.to_string(), message: message.into() }
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.exception, self.message)
    }
}

/// What a successful command returns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommandOutput {
    Done,
    /// The id of the record a `Produce` sent.
    Record(RecordId),
    /// Partitions whose leader an election changed.
    Elected(Vec<TopicPartition>),
}

impl Command {
    /// The trace line for the command, in the console's language.
    pub fn describe(&self) -> String {
        match self {
            Command::CreateTopic { name, partitions, replication_factor, .. } => {
                format!("command: create topic {name} ({partitions} partitions, RF {replication_factor})")
            }
            Command::DeleteTopic { name } => format!("command: delete topic {name}"),
            Command::CreatePartitions { name, count } => format!("command: {name} → {count} partitions"),
            Command::AlterTopicConfig { name, set, delete } => {
                format!("command: alter {name} configs {} delete {}", string_map(set.iter()), string_list(delete))
            }
            Command::AlterBrokerConfig { broker: Some(b), set, delete } => {
                format!(
                    "command: alter broker {b} dynamic configs {} delete {}",
                    string_map(set.iter()),
                    string_list(delete)
                )
            }
            Command::AlterBrokerConfig { broker: None, set, delete } => {
                format!(
                    "command: alter cluster-wide default broker configs {} delete {}",
                    string_map(set.iter()),
                    string_list(delete)
                )
            }
            Command::ElectLeaders { preferred, .. } => {
                format!("command: {} leader election", if *preferred { "preferred" } else { "unclean" })
            }
            Command::KillBroker(b) => format!("command: kill broker {b} (crash, no controlled shutdown)"),
            Command::StopBroker(b) => format!("command: stop broker {b} (controlled shutdown)"),
            Command::StartBroker(b) => format!("command: start broker {b}"),
            Command::IsolateBroker(b) => format!("command: isolate broker {b} (all its links cut)"),
            Command::PartitionBroker(b) => {
                format!(
                    "command: partition broker {b} from the controller and the other brokers (clients still reach it)"
                )
            }
            Command::HealBroker(b) => format!("command: heal broker {b}"),
            Command::CutLink { from, to, one_way } => {
                format!("command: cut link {from} {} {to}", if *one_way { "→" } else { "↔" })
            }
            Command::HealLink { a, b } => format!("command: heal link {a} ↔ {b}"),
            Command::SlowBroker { broker, extra_ms } => format!("command: slow broker {broker} by {extra_ms} ms"),
            Command::StartProducer { client_id, workload, .. } => match workload {
                Some(w) => format!("command: start producer {client_id} → {} at {}/s", w.topic, w.rate),
                None => format!("command: start producer {client_id}"),
            },
            Command::CloseProducer { client_id } => {
                format!("command: close producer {client_id} (sends what it buffered)")
            }
            Command::StopProducer { client_id } => format!("command: stop producer {client_id}"),
            Command::Produce { client_id, record } => format!("command: {client_id} sends to {}", record.topic),
            other => super::consumer_commands::describe(other),
        }
    }
}

impl Simulation {
    fn known_broker(&self, b: BrokerId) -> Result<(), CommandError> {
        if self.brokers.contains_key(&b) {
            Ok(())
        } else {
            Err(CommandError::new("IllegalArgumentException", format!("Unknown broker {b}")))
        }
    }

    /// A link joins two different brokers: a node has no link to itself.
    fn distinct_brokers(&self, a: BrokerId, b: BrokerId) -> Result<(), CommandError> {
        if a == b {
            return Err(CommandError::new(
                "IllegalArgumentException",
                format!("A link joins two different brokers: broker {a} has no link to itself"),
            ));
        }
        Ok(())
    }

    fn running(&self, b: BrokerId) -> bool {
        matches!(self.brokers.get(&b), Some(BrokerProcess::Running(_)))
    }

    /// Validates and performs `command` (see [`Simulation::apply`]).
    pub(crate) fn execute(&mut self, command: &Command) -> Result<CommandOutput, CommandError> {
        match command {
            Command::CreateTopic { .. }
            | Command::DeleteTopic { .. }
            | Command::CreatePartitions { .. }
            | Command::AlterTopicConfig { .. }
            | Command::ElectLeaders { .. } => self.admin(command),
            Command::AlterBrokerConfig { broker, .. } => {
                if let Some(b) = broker {
                    self.known_broker(*b)?;
                }
                self.admin(command)
            }
            Command::KillBroker(_)
            | Command::StopBroker(_)
            | Command::StartBroker(_)
            | Command::IsolateBroker(_)
            | Command::PartitionBroker(_)
            | Command::HealBroker(_)
            | Command::CutLink { .. }
            | Command::HealLink { .. }
            | Command::SlowBroker { .. } => self.fault(command),
            Command::StartProducer { client_id, properties, workload } => {
                self.start_producer(client_id, properties, workload.clone())
            }
            Command::StopProducer { client_id } => {
                let node = self.producer_node(client_id)?;
                self.producers.remove(&node);
                self.client_ids.remove(&ClientId(client_id.clone()));
                Ok(CommandOutput::Done)
            }
            Command::CloseProducer { client_id } => {
                let node = self.producer_node(client_id)?;
                self.dispatch(NodeId::Client(node), |s, ctx| s.producers.get_mut(&node).expect("checked").close(ctx));
                Ok(CommandOutput::Done)
            }
            Command::Produce { client_id, record } => {
                let node = self.producer_node(client_id)?;
                if self.producers[&node].closing() {
                    // `KafkaProducer.throwIfProducerClosed`.
                    let message = "Cannot perform operation after producer has been closed";
                    return Err(CommandError::new("IllegalStateException", message));
                }
                let mut id = None;
                self.dispatch(NodeId::Client(node), |s, ctx| {
                    let p = s.producers.get_mut(&node).expect("checked");
                    id = Some(p.send(ctx, record.clone()));
                    p.drain_now(ctx);
                });
                Ok(CommandOutput::Record(id.expect("send returns an id")))
            }
            _ => self.consumer_command(command),
        }
    }

    fn producer_node(&self, client_id: &str) -> Result<ClientNodeId, CommandError> {
        self.client_ids
            .get(&ClientId(client_id.to_string()))
            .copied()
            .filter(|n| self.producers.contains_key(n))
            .ok_or_else(|| CommandError::new("IllegalArgumentException", format!("Unknown producer {client_id}")))
    }

    fn admin(&mut self, command: &Command) -> Result<CommandOutput, CommandError> {
        let mut result = Ok(CommandOutput::Done);
        let mut failed = None;
        self.dispatch(NodeId::Controller, |s, ctx| {
            let c = &mut s.controller;
            let r = match command {
                Command::CreateTopic { name, partitions, replication_factor, configs } => {
                    let req = CreateTopic {
                        name: name.clone(),
                        partitions: *partitions,
                        replication_factor: *replication_factor,
                        configs: configs.clone(),
                    };
                    c.create_topic(ctx, &req, name.starts_with("__"))
                }
                Command::DeleteTopic { name } => {
                    let r = c.delete_topic(ctx, name);
                    if r.is_ok() {
                        s.ledger.forget_topic(name);
                    }
                    r
                }
                Command::CreatePartitions { name, count } => c.create_partitions(ctx, name, *count),
                Command::AlterTopicConfig { name, set, delete } => c.alter_topic_config(ctx, name, set, delete),
                Command::AlterBrokerConfig { broker, set, delete } => c.alter_broker_config(ctx, *broker, set, delete),
                Command::ElectLeaders { preferred, targets } => {
                    result = Ok(CommandOutput::Elected(c.elect_leaders(ctx, *preferred, targets.as_deref())));
                    Ok(())
                }
                _ => Ok(()),
            };
            if let Err(e) = r {
                failed = Some(CommandError::new(e.exception, e.message));
            }
            c.flush_now(ctx);
        });
        match failed {
            Some(e) => Err(e),
            None => result,
        }
    }

    fn fault(&mut self, command: &Command) -> Result<CommandOutput, CommandError> {
        match command {
            Command::KillBroker(b) => {
                self.known_broker(*b)?;
                if self.running(*b) {
                    self.take_down(*b, true);
                    self.trace.push(self.now, TraceEvent::BrokerCrashed(*b));
                }
            }
            Command::StopBroker(b) => {
                self.known_broker(*b)?;
                let b = *b;
                self.dispatch(NodeId::Broker(b), |s, ctx| {
                    if let Some(BrokerProcess::Running(br)) = s.brokers.get_mut(&b) {
                        br.handle(ctx, super::broker::BrokerInput::Shutdown);
                    }
                });
            }
            Command::StartBroker(b) => {
                self.known_broker(*b)?;
                if !self.running(*b) {
                    self.boot_broker(*b);
                    self.trace.push(self.now, TraceEvent::BrokerStarted(*b));
                }
            }
            Command::IsolateBroker(b) => {
                self.known_broker(*b)?;
                self.network.isolate(NodeId::Broker(*b));
            }
            Command::PartitionBroker(b) => {
                self.known_broker(*b)?;
                let node = NodeId::Broker(*b);
                self.network.cut_link(node, NodeId::Controller, false);
                let others: Vec<BrokerId> = self.brokers.keys().copied().filter(|o| o != b).collect();
                for o in others {
                    self.network.cut_link(node, NodeId::Broker(o), false);
                }
            }
            Command::HealBroker(b) => {
                self.known_broker(*b)?;
                self.network.heal(NodeId::Broker(*b));
            }
            Command::CutLink { from, to, one_way } => {
                self.known_broker(*from)?;
                self.known_broker(*to)?;
                self.distinct_brokers(*from, *to)?;
                self.network.cut_link(NodeId::Broker(*from), NodeId::Broker(*to), *one_way);
            }
            Command::HealLink { a, b } => {
                self.known_broker(*a)?;
                self.known_broker(*b)?;
                self.distinct_brokers(*a, *b)?;
                self.network.heal_link(NodeId::Broker(*a), NodeId::Broker(*b));
            }
            Command::SlowBroker { broker, extra_ms } => {
                self.known_broker(*broker)?;
                if *extra_ms > 60_000 {
                    return Err(CommandError::new("IllegalArgumentException", "A slowdown must be at most 60000 ms"));
                }
                self.network.slow_down(NodeId::Broker(*broker), ms(*extra_ms));
            }
            _ => {}
        }
        Ok(CommandOutput::Done)
    }

    fn start_producer(
        &mut self,
        client_id: &str,
        properties: &[(String, String)],
        workload: Option<Workload>,
    ) -> Result<CommandOutput, CommandError> {
        if client_id.is_empty() || self.client_ids.contains_key(&ClientId(client_id.to_string())) {
            return Err(CommandError::new(
                "IllegalArgumentException",
                format!("A client with id '{client_id}' already exists"),
            ));
        }
        // Simplification: a workload produces at most 10,000 records/s.
        if let Some(w) = &workload {
            if w.rate > MAX_WORKLOAD_RATE {
                return Err(CommandError::new(
                    "IllegalArgumentException",
                    format!("A workload rate must be at most {MAX_WORKLOAD_RATE} records/s"),
                ));
            }
            if !self.controller.image.topics.contains_key(&w.topic) {
                return Err(CommandError::new(
                    "UnknownTopicOrPartitionException",
                    format!("Topic {} does not exist", w.topic),
                ));
            }
        }
        let mut config = ProducerConfig::from_properties(properties)
            .map_err(|e| CommandError::new(&e.exception_class, e.message))?;
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
