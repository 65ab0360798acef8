//! Bad input changes nothing and nothing panics: random commands, many of them
//! invalid or extreme, against a running cluster, with the invariants checked.
mod common;
use common::*;
use kafkasim::sim::client::producer::{SendRequest, Workload};
use kafkasim::sim::commands::{BrokerCommand, Command, ConfigCommand, LinkCommand, ProducerCommand, TopicCommand};
use kafkasim::sim::ids::{BrokerId, TopicName, TopicPartition};
use kafkasim::sim::rng::SimRng;
use kafkasim::vecmap::VecMap;

fn topic_name(rng: &mut SimRng) -> String {
    ["t", "orders", "", "bad name", "__x", "a.b", "ü"][rng.below(7) as usize].to_string()
}

fn extreme(rng: &mut SimRng) -> u32 {
    [0, 1, 2, 3, 7, 1_000, 1_001, u32::MAX][rng.below(8) as usize]
}

fn random_command(rng: &mut SimRng) -> Command {
    let b = BrokerId(rng.below(6) as u32);
    let topic = topic_name(rng);
    let configs: VecMap<String, String> =
        [("min.insync.replicas", "2"), ("min.insync.replicas", "-1"), ("nope", "1"), ("retention.ms", "x")]
            [rng.below(4) as usize..]
            .iter()
            .take(1)
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
    match rng.below(14) {
        0 => Command::Topic(TopicCommand::Create {
            name: topic,
            partitions: extreme(rng),
            replication_factor: extreme(rng),
            configs,
        }),
        1 => Command::Topic(TopicCommand::Delete { name: topic }),
        2 => Command::Topic(TopicCommand::CreatePartitions { name: topic, count: extreme(rng) }),
        3 => Command::Config(ConfigCommand::Topic { name: topic, set: configs, delete: vec!["segment.bytes".into()] }),
        4 => Command::Topic(TopicCommand::ElectLeaders {
            preferred: rng.chance(1, 2),
            targets: Some(vec![TopicPartition::new(&topic, 9)]),
        }),
        5 => Command::Broker(BrokerCommand::Kill(b)),
        6 => Command::Broker(BrokerCommand::Start(b)),
        7 => Command::Broker(BrokerCommand::Stop(b)),
        8 => Command::Broker(BrokerCommand::Isolate(b)),
        9 => Command::Broker(BrokerCommand::Heal(b)),
        10 => Command::Broker(BrokerCommand::Slow {
            broker: b,
            extra_ms: [0, 10, 60_001, u64::MAX][rng.below(4) as usize],
        }),
        11 => Command::Producer(ProducerCommand::Start {
            client_id: ["p", "", "q"][rng.below(3) as usize].into(),
            properties: vec![("acks".into(), ["all", "2", "0"][rng.below(3) as usize].into())],
            workload: Some(Workload { topic: TopicName::new(&topic), rate: extreme(rng), keys: extreme(rng) }),
        }),
        12 => Command::Producer(ProducerCommand::Produce {
            client_id: "p".into(),
            record: SendRequest {
                topic: TopicName::new(&topic),
                partition: Some(extreme(rng)),
                key: None,
                value: None,
            },
        }),
        _ => Command::Link(LinkCommand::Cut { from: b, to: BrokerId(rng.below(5) as u32), one_way: rng.chance(1, 2) }),
    }
}

#[test]
fn random_and_invalid_commands_never_panic_or_break_invariants() {
    for seed in 1..=4 {
        let mut rng = SimRng::stream(seed, "robustness");
        let mut c = Cluster::new(seed, 3);
        c.invariants = kafkasim::sim::invariants::Invariants::new(false);
        c.create_topic("t", 3, 3, &[]);
        let mut rejected = 0;
        for _ in 0..60 {
            let cmd = random_command(&mut rng);
            let before = (c.sim.trace_hash(), c.sim.command_log().len(), c.sim.now());
            match c.sim.apply(cmd) {
                Ok(_) => {}
                Err(_) => {
                    rejected += 1;
                    assert_eq!(
                        (c.sim.trace_hash(), c.sim.command_log().len(), c.sim.now()),
                        before,
                        "a rejected command changed the run"
                    );
                }
            }
            c.run_for(ms(300));
        }
        assert!(rejected > 10, "the generator produces invalid commands ({rejected})");
    }
}
