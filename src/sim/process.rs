//! A broker's process slot, shared by the simulation (which owns it) and the
//! durability ledger (which reads the disks): running, or down with its disk.

use super::broker::log::PartitionLog;
use super::broker::Broker;
use super::ids::TopicPartition;
use crate::vecmap::VecMap;

/// A broker process slot: running, or down with its disk.
#[derive(Clone)]
pub enum BrokerProcess {
    Running(Box<Broker>),
    Crashed(VecMap<TopicPartition, PartitionLog>),
    Stopped(VecMap<TopicPartition, PartitionLog>),
}
