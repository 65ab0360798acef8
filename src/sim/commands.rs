//! Commands: every action from outside the cluster, as types.
//!
//! A console line, a click in the picture or a lesson step becomes a
//! [`Command`], nested per area. `Simulation::apply` validates it against the
//! current state and either returns a [`CommandError`] with Kafka's exception
//! name and message — changing nothing — or applies it at the current instant
//! and records it in the command log and the trace, so the run can be
//! replayed, shared and rewound.
//!
//! Every match over these enums is exhaustive (no `_ =>` arm; checked by
//! `tests/structure.rs`), so a new variant does not compile until its
//! dispatch (`simulation/commands.rs`, `simulation/consumers.rs`) and its
//! [`Command::describe`] handle it. This module imports nothing of the
//! simulation.

use super::error::KafkaError;
use super::ids::{fmt_partitions, BrokerId, GroupId, Offset, TopicName, TopicPartition};
use super::record::RecordId;
use super::text::{string_list, string_map};
use crate::vecmap::VecMap;
use serde::{Deserialize, Serialize};

/// The highest rate a workload producer may have (records per second).
pub const MAX_WORKLOAD_RATE: u32 = 10_000;

/// An action from outside the cluster, by area.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    Topic(TopicCommand),
    Config(ConfigCommand),
    Broker(BrokerCommand),
    Link(LinkCommand),
    Producer(ProducerCommand),
    Consumer(ConsumerCommand),
    Group(GroupCommand),
}

/// `kafka-topics` and `kafka-leader-election`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TopicCommand {
    Create {
        name: String,
        partitions: u32,
        replication_factor: u32,
        configs: VecMap<String, String>,
    },
    Delete {
        name: String,
    },
    CreatePartitions {
        name: String,
        count: u32,
    },
    /// `kafka-leader-election`; `targets: None` = all partitions.
    ElectLeaders {
        preferred: bool,
        targets: Option<Vec<TopicPartition>>,
    },
    /// `kafka-delete-records`: move each partition's log start offset
    /// (`-1` = up to the high watermark).
    DeleteRecords {
        partitions: Vec<(TopicPartition, Offset)>,
    },
}

/// `kafka-configs --alter`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConfigCommand {
    Topic {
        name: String,
        set: VecMap<String, String>,
        delete: Vec<String>,
    },
    /// `--entity-type brokers`; `broker: None` = the cluster-wide default (`--entity-default`).
    Broker {
        broker: Option<BrokerId>,
        set: VecMap<String, String>,
        delete: Vec<String>,
    },
}

/// Faults and repairs of one broker process or its network.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BrokerCommand {
    /// Crash: no controlled shutdown.
    Kill(BrokerId),
    /// Controlled shutdown, then stop.
    Stop(BrokerId),
    Start(BrokerId),
    Isolate(BrokerId),
    /// Cut the broker off from the controller and the other brokers, but not
    /// from clients: a network partition that makes a zombie leader.
    Partition(BrokerId),
    Heal(BrokerId),
    /// Extra latency in milliseconds on everything the broker sends or receives (0 = normal).
    Slow {
        broker: BrokerId,
        extra_ms: u64,
    },
}

/// One link between two brokers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkCommand {
    Cut { from: BrokerId, to: BrokerId, one_way: bool },
    Heal { a: BrokerId, b: BrokerId },
}

/// Producer clients.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProducerCommand {
    /// Creates a producer client; with a workload it produces continuously.
    Start {
        client_id: String,
        properties: Vec<(String, String)>,
        workload: Option<Workload>,
    },
    /// `close()`: sends what the producer buffered without lingering; the
    /// producer stays until `Stop` (see `Producer::close`).
    Close {
        client_id: String,
    },
    Stop {
        client_id: String,
    },
    /// One record from an existing producer.
    Produce {
        client_id: String,
        record: SendRequest,
    },
}

/// Consumer clients.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConsumerCommand {
    /// Creates a consumer in `group` subscribed to `topics`; it polls in a loop,
    /// spending `processing_ms` on each batch.
    Start {
        client_id: String,
        group: GroupId,
        topics: Vec<String>,
        /// `partition.assignment.strategy`, e.g. `range` or `range,cooperative-sticky` (None = Kafka's default).
        assignor: Option<String>,
        group_instance_id: Option<String>,
        properties: Vec<(String, String)>,
        processing_ms: u64,
    },
    /// `close()`: commit if auto-commit, LeaveGroup, stop.
    Stop { client_id: String },
    /// The process dies: no LeaveGroup; the coordinator waits for the session timeout.
    Kill { client_id: String },
    /// The application stops calling `poll()` (`stalled: true`) or resumes.
    Stall { client_id: String, stalled: bool },
    /// `commitSync()` of the current positions.
    Commit { client_id: String },
    /// `seek(tp, offset)` on an assigned partition.
    Seek { client_id: String, tp: TopicPartition, offset: i64 },
    /// `pause` / `resume`.
    Pause { client_id: String, partitions: Vec<TopicPartition>, paused: bool },
}

/// `kafka-consumer-groups` actions on a group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GroupCommand {
    /// `--reset-offsets --execute` for every partition of `topic` (the group must be inactive).
    ResetOffsets { group: GroupId, topic: String, to: ResetTo },
}

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

/// One record the user asked to send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendRequest {
    pub topic: TopicName,
    pub partition: Option<u32>,
    pub key: Option<String>,
    pub value: Option<String>,
}

/// A continuous workload (`sim producer start`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workload {
    pub topic: TopicName,
    /// Records per second.
    pub rate: u32,
    /// Keys are `user-0` .. `user-{keys-1}`; 0 = keyless.
    pub keys: u32,
}

/// A rejected command: Kafka's error and message ([`KafkaError`]).
pub type CommandError = KafkaError;

/// What a successful command returns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommandOutput {
    Done,
    /// The id of the record a `Produce` sent.
    Record(RecordId),
    /// Partitions whose leader an election changed.
    Elected(Vec<TopicPartition>),
    /// `DeleteRecords`: each partition's new low watermark, or its error.
    LowWatermarks(Vec<(TopicPartition, Result<Offset, KafkaError>)>),
}

macro_rules! from_area {
    ($($area:ident($ty:ty)),*) => {$(
        impl From<$ty> for Command {
            fn from(c: $ty) -> Command {
                Command::$area(c)
            }
        }
    )*};
}
from_area!(
    Topic(TopicCommand),
    Config(ConfigCommand),
    Broker(BrokerCommand),
    Link(LinkCommand),
    Producer(ProducerCommand),
    Consumer(ConsumerCommand),
    Group(GroupCommand)
);

impl Command {
    /// The trace line for the command (the trace's command echo).
    pub fn describe(&self) -> String {
        let text = match self {
            Command::Topic(c) => c.describe(),
            Command::Config(c) => c.describe(),
            Command::Broker(c) => c.describe(),
            Command::Link(c) => c.describe(),
            Command::Producer(c) => c.describe(),
            Command::Consumer(c) => c.describe(),
            Command::Group(c) => c.describe(),
        };
        format!("command: {text}")
    }
}

impl TopicCommand {
    fn describe(&self) -> String {
        match self {
            TopicCommand::Create { name, partitions, replication_factor, .. } => {
                format!("create topic {name} ({partitions} partitions, RF {replication_factor})")
            }
            TopicCommand::Delete { name } => format!("delete topic {name}"),
            TopicCommand::CreatePartitions { name, count } => format!("{name} → {count} partitions"),
            TopicCommand::ElectLeaders { preferred, .. } => {
                format!("{} leader election", if *preferred { "preferred" } else { "unclean" })
            }
            TopicCommand::DeleteRecords { partitions } => {
                let parts: Vec<String> = partitions.iter().map(|(tp, o)| format!("{tp}@{o}")).collect();
                format!("delete records before {}", parts.join(", "))
            }
        }
    }
}

impl ConfigCommand {
    fn describe(&self) -> String {
        match self {
            ConfigCommand::Topic { name, set, delete } => {
                format!("alter {name} configs {} delete {}", string_map(set.iter()), string_list(delete))
            }
            ConfigCommand::Broker { broker: Some(b), set, delete } => {
                format!("alter broker {b} dynamic configs {} delete {}", string_map(set.iter()), string_list(delete))
            }
            ConfigCommand::Broker { broker: None, set, delete } => {
                format!(
                    "alter cluster-wide default broker configs {} delete {}",
                    string_map(set.iter()),
                    string_list(delete)
                )
            }
        }
    }
}

impl BrokerCommand {
    fn describe(&self) -> String {
        match self {
            BrokerCommand::Kill(b) => format!("kill broker {b} (crash, no controlled shutdown)"),
            BrokerCommand::Stop(b) => format!("stop broker {b} (controlled shutdown)"),
            BrokerCommand::Start(b) => format!("start broker {b}"),
            BrokerCommand::Isolate(b) => format!("isolate broker {b} (all its links cut)"),
            BrokerCommand::Partition(b) => {
                format!("partition broker {b} from the controller and the other brokers (clients still reach it)")
            }
            BrokerCommand::Heal(b) => format!("heal broker {b}"),
            BrokerCommand::Slow { broker, extra_ms } => format!("slow broker {broker} by {extra_ms} ms"),
        }
    }
}

impl LinkCommand {
    fn describe(&self) -> String {
        match self {
            LinkCommand::Cut { from, to, one_way } => {
                format!("cut link {from} {} {to}", if *one_way { "→" } else { "↔" })
            }
            LinkCommand::Heal { a, b } => format!("heal link {a} ↔ {b}"),
        }
    }
}

impl ProducerCommand {
    fn describe(&self) -> String {
        match self {
            ProducerCommand::Start { client_id, workload: Some(w), .. } => {
                format!("start producer {client_id} → {} at {}/s", w.topic, w.rate)
            }
            ProducerCommand::Start { client_id, workload: None, .. } => format!("start producer {client_id}"),
            ProducerCommand::Close { client_id } => format!("close producer {client_id} (sends what it buffered)"),
            ProducerCommand::Stop { client_id } => format!("stop producer {client_id}"),
            ProducerCommand::Produce { client_id, record } => format!("{client_id} sends to {}", record.topic),
        }
    }
}

impl ConsumerCommand {
    fn describe(&self) -> String {
        match self {
            ConsumerCommand::Start { client_id, group, topics, .. } => {
                format!("start consumer {client_id} in group {group} on {}", string_list(topics))
            }
            ConsumerCommand::Stop { client_id } => format!("stop consumer {client_id} (close, LeaveGroup)"),
            ConsumerCommand::Kill { client_id } => format!("kill consumer {client_id} (no LeaveGroup)"),
            ConsumerCommand::Stall { client_id, stalled: true } => format!("stall consumer {client_id}"),
            ConsumerCommand::Stall { client_id, stalled: false } => format!("resume consumer {client_id}"),
            ConsumerCommand::Commit { client_id } => format!("{client_id} commitSync()"),
            ConsumerCommand::Seek { client_id, tp, offset } => format!("{client_id} seek {tp} to {offset}"),
            ConsumerCommand::Pause { client_id, partitions, paused } => {
                let verb = if *paused { "pause" } else { "resume" };
                format!("{client_id} {verb} {}", fmt_partitions(partitions))
            }
        }
    }
}

impl GroupCommand {
    fn describe(&self) -> String {
        match self {
            GroupCommand::ResetOffsets { group, topic, to } => {
                let to = match to {
                    ResetTo::Earliest => "Earliest".to_string(),
                    ResetTo::Latest => "Latest".to_string(),
                    ResetTo::Offset(o) => format!("Offset({o})"),
                };
                format!("reset offsets of group {group} on {topic} to {to}")
            }
        }
    }
}
