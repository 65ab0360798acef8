//! A small DSL for behaviour tests: `cluster.kill(2); cluster.run_for(secs(10));`.
#![allow(dead_code)]

use kafkasim::sim::client::producer::{SendRequest, Workload};
use kafkasim::sim::commands::{BrokerCommand, Command, CommandOutput, ConsumerCommand, ProducerCommand, TopicCommand};
use kafkasim::sim::group_ledger::GroupLedgerSummary;
use kafkasim::sim::groups_view::{committed_offsets, groups_view, GroupView};
use kafkasim::sim::ids::{BrokerId, ClientId, TopicName, TopicPartition};
use kafkasim::sim::invariants::Invariants;
use kafkasim::sim::ledger::RecordStatus;
use kafkasim::sim::metadata::PartitionState;
use kafkasim::sim::record::RecordId;
use kafkasim::sim::simulation::{SimConfig, Simulation};
use kafkasim::sim::time::{secs, SimDuration};
use kafkasim::vecmap::VecMap;

pub mod corrupt;
pub mod effects;

#[allow(unused_imports)]
pub use kafkasim::sim::time::{ms, secs as seconds};

pub struct Cluster {
    pub sim: Simulation,
    /// Check every invariant after every event.
    pub check: bool,
    pub invariants: Invariants,
}

impl Cluster {
    /// `n` brokers, booted and unfenced.
    pub fn new(seed: u64, n: u32) -> Cluster {
        let mut c =
            Cluster { sim: Simulation::new(SimConfig::new(seed, n)), check: true, invariants: Invariants::new(true) };
        c.run_for(secs(3));
        c
    }

    /// Runs `d` of simulated time, checking every invariant after every event.
    pub fn run_for(&mut self, d: SimDuration) {
        let end = self.sim.now().plus(d);
        while self.sim.next_event_time().is_some_and(|t| t <= end) {
            self.sim.step();
            if self.check {
                self.assert_invariants();
            }
        }
        self.sim.run_until(end);
    }

    pub fn assert_invariants(&mut self) {
        let v = self.invariants.check(&self.sim);
        assert!(v.is_empty(), "invariant violated at t={} (seed {}): {v:?}", self.sim.now(), self.sim.config().seed);
    }

    pub fn apply(&mut self, c: Command) -> CommandOutput {
        self.sim.apply(c).expect("command accepted")
    }

    pub fn create_topic(&mut self, name: &str, partitions: u32, rf: u32, configs: &[(&str, &str)]) {
        let configs: VecMap<String, String> = configs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        self.apply(Command::Topic(TopicCommand::Create {
            name: name.into(),
            partitions,
            replication_factor: rf,
            configs,
        }));
        self.run_for(secs(1));
    }

    pub fn kill(&mut self, b: u32) {
        self.apply(Command::Broker(BrokerCommand::Kill(BrokerId(b))));
    }

    pub fn start(&mut self, b: u32) {
        self.apply(Command::Broker(BrokerCommand::Start(BrokerId(b))));
    }

    pub fn producer(&mut self, id: &str, props: &[(&str, &str)]) {
        let properties = props.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        self.apply(Command::Producer(ProducerCommand::Start { client_id: id.into(), properties, workload: None }));
    }

    pub fn workload(&mut self, id: &str, topic: &str, rate: u32, keys: u32, props: &[(&str, &str)]) {
        let properties = props.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let workload = Some(Workload { topic: TopicName::new(topic), rate, keys });
        self.apply(Command::Producer(ProducerCommand::Start { client_id: id.into(), properties, workload }));
    }

    pub fn send(&mut self, producer: &str, topic: &str, key: Option<&str>, value: &str) -> RecordId {
        let record = SendRequest {
            topic: TopicName::new(topic),
            partition: None,
            key: key.map(str::to_string),
            value: Some(value.into()),
        };
        match self.apply(Command::Producer(ProducerCommand::Produce { client_id: producer.into(), record })) {
            CommandOutput::Record(id) => id,
            other => panic!("unexpected {other:?}"),
        }
    }

    pub fn send_to(&mut self, producer: &str, topic: &str, partition: u32, value: &str) -> RecordId {
        let record = SendRequest {
            topic: TopicName::new(topic),
            partition: Some(partition),
            key: None,
            value: Some(value.into()),
        };
        match self.apply(Command::Producer(ProducerCommand::Produce { client_id: producer.into(), record })) {
            CommandOutput::Record(id) => id,
            other => panic!("unexpected {other:?}"),
        }
    }

    pub fn status(&self, id: RecordId) -> RecordStatus {
        self.sim.ledger().entries[&id].status.clone()
    }

    pub fn partition(&self, topic: &str, p: u32) -> PartitionState {
        self.sim.controller().image.partition(&TopicPartition::new(topic, p)).expect("partition exists").clone()
    }

    pub fn leader(&self, topic: &str, p: u32) -> Option<BrokerId> {
        self.partition(topic, p).leader
    }

    pub fn isr(&self, topic: &str, p: u32) -> Vec<u32> {
        self.partition(topic, p).isr.iter().map(|b| b.0).collect()
    }

    /// LEO and HW of `topic-p` on broker `b` (if running and hosting it).
    pub fn offsets(&self, topic: &str, p: u32, b: u32) -> Option<(i64, i64)> {
        let br = self.sim.broker(BrokerId(b))?;
        let part = br.partitions.get(&TopicPartition::new(topic, p))?;
        Some((part.log.log_end_offset(), part.log.high_watermark()))
    }
}

/// Consumer helpers.
impl Cluster {
    /// Starts a consumer in `group` on `topics` with `assignor` and properties.
    pub fn consumer(&mut self, id: &str, group: &str, topics: &[&str], assignor: &str, props: &[(&str, &str)]) {
        self.consumer_with(id, group, topics, assignor, None, props, 0);
    }

    #[allow(clippy::too_many_arguments)]
    pub fn consumer_with(
        &mut self,
        id: &str,
        group: &str,
        topics: &[&str],
        assignor: &str,
        instance: Option<&str>,
        props: &[(&str, &str)],
        processing_ms: u64,
    ) {
        self.apply(Command::Consumer(ConsumerCommand::Start {
            client_id: id.into(),
            group: group.into(),
            topics: topics.iter().map(|t| t.to_string()).collect(),
            assignor: Some(assignor.into()),
            group_instance_id: instance.map(str::to_string),
            properties: props.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            processing_ms,
        }));
    }

    pub fn kill_consumer(&mut self, id: &str) {
        self.apply(Command::Consumer(ConsumerCommand::Kill { client_id: id.into() }));
    }

    pub fn stop_consumer(&mut self, id: &str) {
        self.apply(Command::Consumer(ConsumerCommand::Stop { client_id: id.into() }));
    }

    pub fn stall_consumer(&mut self, id: &str, stalled: bool) {
        self.apply(Command::Consumer(ConsumerCommand::Stall { client_id: id.into(), stalled }));
    }

    pub fn group(&self, group: &str) -> GroupView {
        groups_view(&self.sim).into_iter().find(|g| g.group_id == group).expect("group known")
    }

    /// Partitions (as `topic-p` strings) each member's client owns, by client id.
    pub fn assignment(&self, group: &str) -> VecMap<String, Vec<String>> {
        self.group(group)
            .members
            .iter()
            .map(|m| (m.client_id.clone().unwrap_or_default(), m.assignment.iter().map(|tp| tp.to_string()).collect()))
            .collect()
    }

    /// Partitions a consumer currently holds (its own view).
    pub fn owned(&self, id: &str) -> Vec<String> {
        let node = self.sim.client_ids()[&ClientId(id.to_string())];
        self.sim.consumers()[&node].assigned.keys().map(|tp| tp.to_string()).collect()
    }

    pub fn committed(&self, group: &str, topic: &str, p: u32) -> Option<i64> {
        committed_offsets(&self.sim, group).get(&TopicPartition::new(topic, p)).copied()
    }

    pub fn ledger(&self, group: &str) -> GroupLedgerSummary {
        self.sim.group_ledger().summary(group)
    }

    /// Runs until `done` holds, checking invariants; panics after `limit`.
    pub fn run_until(&mut self, limit: SimDuration, what: &str, mut done: impl FnMut(&Cluster) -> bool) {
        let end = self.sim.now().plus(limit);
        while !done(self) {
            if self.sim.next_event_time().is_none_or(|t| t > end) {
                self.dump_group_trace();
                panic!("timed out waiting for {what} (t={})", self.sim.now());
            }
            self.sim.step();
            if self.check {
                self.assert_invariants();
            }
        }
    }

    /// Produces `n` records to `topic` partition `p` (values `v0..`).
    pub fn fill(&mut self, producer: &str, topic: &str, p: u32, n: u32) {
        for i in 0..n {
            self.send_to(producer, topic, p, &format!("v{i}"));
        }
    }
}

impl Cluster {
    /// Prints the group and client lines of the trace (for failing tests).
    pub fn dump_group_trace(&self) {
        use kafkasim::sim::trace::Category;
        for l in self
            .sim
            .trace()
            .lines()
            .filter(|l| matches!(l.category(), Category::Group | Category::Client | Category::Command))
        {
            eprintln!("{} {}", l.at, kafkasim::i18n::trace::line_text(l, kafkasim::i18n::Lang::En));
        }
    }
}
