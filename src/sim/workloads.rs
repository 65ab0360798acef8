//! Reference workloads: the benchmark's W1 and the golden determinism run.
//!
//! **W1** (the core benchmark): 5 brokers; topics `orders` (12 partitions,
//! RF 3, `min.insync.replicas=2`), `clicks` (12, RF 3) and `payments` (6, RF 3);
//! two idempotent `acks=all` producers at 100 records/s each (one on `orders`,
//! one on `clicks`) with keys drawn from 1,000 user ids; two consumer groups
//! of four members each (`orders-app` with `range` on `orders`, `clicks-app`
//! with `cooperative-sticky` on `clicks`, 100 ms of processing per poll);
//! broker 3 crashes at 2 min and restarts at 4 min. The same function drives the golden trace
//! hash checked natively and in the browser.

use super::client::producer::Workload;
use super::commands::{BrokerCommand, Command, ConsumerCommand, ProducerCommand, TopicCommand};
use super::ids::{BrokerId, TopicName};
use super::simulation::{SimConfig, Simulation};
use super::time::{secs, SimTime};
use crate::vecmap::VecMap;

fn topic(name: &str, partitions: u32, configs: &[(&str, &str)]) -> Command {
    let configs: VecMap<String, String> = configs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    Command::Topic(TopicCommand::Create { name: name.into(), partitions, replication_factor: 3, configs })
}

fn producer(id: &str, topic: &str) -> Command {
    Command::Producer(ProducerCommand::Start {
        client_id: id.into(),
        properties: vec![("acks".into(), "all".into()), ("enable.idempotence".into(), "true".into())],
        workload: Some(Workload { topic: TopicName::new(topic), rate: 100, keys: 1_000 }),
    })
}

fn consumer(id: &str, group: &str, topic: &str, assignor: &str) -> Command {
    Command::Consumer(ConsumerCommand::Start {
        client_id: id.into(),
        group: group.into(),
        topics: vec![topic.into()],
        assignor: Some(assignor.into()),
        group_instance_id: None,
        properties: Vec::new(),
        processing_ms: 100,
    })
}

/// W1's cluster, booted, with topics, producers and consumers started at t=3s.
pub fn w1_setup(seed: u64) -> Simulation {
    w1_setup_with(seed, true)
}

/// W1 with or without its two consumer groups (the core issue's W1 has none;
/// the consumer-groups issue adds them).
pub fn w1_setup_with(seed: u64, groups: bool) -> Simulation {
    let mut sim = Simulation::new(SimConfig::new(seed, 5));
    sim.run_until(SimTime(secs(3).0));
    for c in [
        topic("orders", 12, &[("min.insync.replicas", "2")]),
        topic("clicks", 12, &[]),
        topic("payments", 6, &[]),
        producer("orders-producer", "orders"),
        producer("clicks-producer", "clicks"),
    ] {
        sim.apply(c).expect("W1 commands are valid");
    }
    for i in (1..=4).filter(|_| groups) {
        sim.apply(consumer(&format!("orders-app-{i}"), "orders-app", "orders", "range")).expect("valid");
        sim.apply(consumer(&format!("clicks-app-{i}"), "clicks-app", "clicks", "cooperative-sticky")).expect("valid");
    }
    sim
}

/// Runs W1 for `minutes` simulated minutes (the fault schedule applies when reached).
pub fn run_w1(seed: u64, minutes: u64) -> Simulation {
    run_w1_with(seed, minutes, true)
}

/// [`run_w1`], with or without the consumer groups.
pub fn run_w1_with(seed: u64, minutes: u64, groups: bool) -> Simulation {
    let mut sim = w1_setup_with(seed, groups);
    let end = SimTime(secs(minutes * 60).0);
    let schedule = [
        (120, Command::Broker(BrokerCommand::Kill(BrokerId(3)))),
        (240, Command::Broker(BrokerCommand::Start(BrokerId(3)))),
    ];
    for (at, cmd) in schedule {
        let t = SimTime(secs(at).0);
        if t > end {
            break;
        }
        sim.run_until(t);
        sim.apply(cmd).expect("W1 faults are valid");
    }
    sim.run_until(end);
    sim
}

/// The golden run: W1 for 30 simulated seconds with seed 42.
pub fn golden_trace_hash() -> u64 {
    let mut sim = w1_setup(42);
    sim.run_until(SimTime(secs(30).0));
    sim.trace_hash()
}
