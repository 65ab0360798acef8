//! S3: `kafka-console-producer` sends asynchronously, as Kafka 4.0's
//! `ConsoleProducer.send` does (`producer.send(record, new ErrorLoggingCallback(...))`):
//! a typed line waits in the accumulator (`linger.ms=1000`), lines typed
//! meanwhile travel in one batch, a failure is logged by the callback when it
//! happens, and `^C` (the shutdown hook's `producer.close()`) sends what is
//! buffered and waits for it. `--sync` keeps `send(record).get()`.

use kafkasim::console::Console;
use kafkasim::sim::commands::{BrokerCommand, Command, ProducerCommand};
use kafkasim::sim::ids::BrokerId;
use kafkasim::sim::ledger::{LedgerEntry, RecordStatus};
use kafkasim::sim::time::{ms, SimTime};

const BOOT: &str = "--bootstrap-server localhost:9092";

/// A cluster of three with topic `t` (one partition, RF 3, `extra` configs) and its leader.
fn cluster(extra: &str) -> (Console, u32) {
    let mut c = Console::new(1, 3);
    let out =
        c.run_line(&format!("kafka-topics {BOOT} --create --topic t --partitions 1 --replication-factor 3 {extra}"));
    assert!(!out.failed, "{}", out.text());
    c.run_line("sim advance 5s");
    let out = c.run_line(&format!("kafka-topics {BOOT} --describe --topic t"));
    let text = out.text();
    let leader = text.split("Leader: ").nth(1).and_then(|s| s.split('\t').next()).expect("a leader");
    (c, leader.parse().expect("a broker id"))
}

fn entries(c: &Console) -> Vec<LedgerEntry> {
    c.simulation().ledger().entries.values().cloned().collect()
}

fn acked(c: &Console) -> Vec<(u64, SimTime, u32)> {
    entries(c)
        .into_iter()
        .filter_map(|e| match e.status {
            RecordStatus::Acked { offset, at, by } => Some((offset as u64, at, by.0)),
            _ => None,
        })
        .collect()
}

/// Types `line` into the running producer; asserts the line did not wait for
/// its record (only `send()` itself may block, for the topic's metadata).
fn type_line(c: &mut Console, line: &str) -> String {
    let before = c.simulation().now();
    let out = c.run_line(line);
    let waited = c.simulation().now().since(before).as_millis();
    assert!(waited < 200, "typing {line:?} waited {waited} ms");
    out.text()
}

/// The browser plays the simulation for `millis`, pumping the console as each frame does.
fn play(c: &mut Console, millis: u64) -> String {
    let mut text = String::new();
    for _ in 0..millis / 50 {
        c.simulation_mut().run_for(ms(50));
        text.push_str(&c.pump(false).text());
    }
    text
}

/// S3 (with D4): killing the leader under a running console producer is a
/// silent stall: the records typed meanwhile wait (no retry is spent on a
/// leader that cannot be connected to) and are acknowledged by the new
/// leader once the dead broker is fenced (~9 s), with no NetworkException.
#[test]
fn s3_leader_kill_under_the_console_producer_stalls_then_succeeds() {
    let (mut c, leader) = cluster("");
    assert!(!c.run_line(&format!("kafka-console-producer {BOOT} --topic t")).failed);
    let mut text = type_line(&mut c, "before");
    text.push_str(&play(&mut c, 2_000));
    assert_eq!(acked(&c).len(), 1, "acknowledged after linger.ms: {:?}", entries(&c));
    c.simulation_mut().apply(Command::Broker(BrokerCommand::Kill(BrokerId(leader)))).expect("kill");
    let killed_at = c.simulation().now();
    text.push_str(&type_line(&mut c, "during-1"));
    text.push_str(&type_line(&mut c, "during-2"));
    text.push_str(&play(&mut c, 3_000));
    assert_eq!(acked(&c).len(), 1, "the records stall while the dead leader is not fenced");
    text.push_str(&play(&mut c, 12_000));
    text.push_str(&c.run_line("^C").text());
    assert!(!text.contains("ERROR") && !text.contains("Exception"), "{text}");
    let acks = acked(&c);
    assert_eq!(acks.len(), 3, "{:?}", entries(&c));
    for (_, at, by) in &acks[1..] {
        assert_ne!(*by, leader, "acknowledged by the new leader");
        let stall = at.since(killed_at).as_millis();
        assert!((6_000..15_000).contains(&stall), "acknowledged {stall} ms after the kill");
    }
}

/// S3: `--sync` keeps `producer.send(record).get()`: each line waits for its
/// own acknowledgement (after `linger.ms`), and a failure ends the tool.
#[test]
fn s3_sync_waits_for_each_record() {
    let (mut c, _) = cluster("");
    assert!(!c.run_line(&format!("kafka-console-producer {BOOT} --topic t --sync")).failed);
    for (n, line) in ["one", "two"].into_iter().enumerate() {
        let before = c.simulation().now();
        let out = c.run_line(line);
        assert!(!out.failed, "{}", out.text());
        assert_eq!(acked(&c).len(), n + 1, "acknowledged within its line");
        assert!(c.simulation().now().since(before).as_millis() >= 1_000, "the line waited out linger.ms");
    }
    c.run_line("^C");
    let out = c.run_line(&format!("kafka-console-producer {BOOT} --topic missing --sync --max-block-ms 500"));
    assert!(!out.failed);
    let out = c.run_line("lost");
    assert!(out.failed, "a failed get() ends the tool with status 1");
    assert!(
        out.text().contains(
            "java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.TimeoutException: Topic missing not present in metadata after 500 ms."
        ),
        "{}",
        out.text()
    );
    assert!(!c.reading_records(), "the tool exited");
}

/// S3: lines typed within `linger.ms` travel together: one ProduceRequest
/// carries them (one response acknowledges all three at once, at consecutive
/// offsets), and `^C` sends the batch without waiting out the linger.
#[test]
fn s3_lines_typed_while_batching_are_sent_together() {
    let (mut c, _) = cluster("");
    assert!(!c.run_line(&format!("kafka-console-producer {BOOT} --topic t")).failed);
    for line in ["x", "y", "z"] {
        type_line(&mut c, line);
    }
    assert!(acked(&c).is_empty(), "nothing is sent before ^C or linger.ms");
    let before = c.simulation().now();
    let out = c.run_line("^C");
    assert_eq!(out.text(), ">^C\n");
    let acks = acked(&c);
    assert_eq!(acks.len(), 3, "close() waited for every record: {:?}", entries(&c));
    assert!(acks.iter().all(|(_, at, _)| *at == acks[0].1), "one response: {acks:?}");
    let mut offsets: Vec<u64> = acks.iter().map(|(o, _, _)| *o).collect();
    offsets.sort_unstable();
    assert_eq!(offsets, [0, 1, 2]);
    assert!(acks[0].1.since(before).as_millis() < 1_000, "close() does not linger");
}

/// S3: while the simulation plays, a failed send is logged by its callback at
/// the moment it failed, and the producer reads on (no exit status 1).
#[test]
fn s3_callback_logs_a_failure_when_it_happens() {
    let (mut c, leader) = cluster("--config min.insync.replicas=3");
    // Not broker 1: the tool's bootstrap server must stay up.
    let follower = (2..=3).find(|b| *b != leader).expect("a follower");
    c.simulation_mut().apply(Command::Broker(BrokerCommand::Kill(BrokerId(follower)))).expect("kill");
    let _ = play(&mut c, 20_000);
    assert!(!c.run_line(&format!("kafka-console-producer {BOOT} --topic t")).failed);
    type_line(&mut c, "payment");
    let text = play(&mut c, 10_000);
    assert!(
        text.contains("ERROR Error when sending message to topic t with key: null, value: 7 bytes with error: (org.apache.kafka.clients.producer.internals.ErrorLoggingCallback)\norg.apache.kafka.common.errors.NotEnoughReplicasException"),
        "{text}"
    );
    let failed_at = entries(&c)
        .iter()
        .find_map(|e| match &e.status {
            RecordStatus::Failed { at, .. } => Some(*at),
            _ => None,
        })
        .expect("failed");
    assert!(text.contains(&kafkasim::console::output::wall_clock(failed_at)), "logged at its moment: {text}");
    assert!(c.reading_records() && !c.failed());
    assert_eq!(c.run_line("^C").text(), ">^C\n", "already reported");
}

/// S3: after `close()` the producer refuses new records, as `KafkaProducer.throwIfProducerClosed`.
#[test]
fn s3_closed_producer_refuses_records() {
    let (mut c, _) = cluster("");
    let sim = c.simulation_mut();
    let p = "p".to_string();
    sim.apply(Command::Producer(ProducerCommand::Start {
        client_id: p.clone(),
        properties: Vec::new(),
        workload: None,
    }))
    .expect("start");
    sim.apply(Command::Producer(ProducerCommand::Close { client_id: p.clone() })).expect("close");
    let record = kafkasim::sim::client::producer::SendRequest {
        topic: kafkasim::sim::ids::TopicName::new("t"),
        partition: None,
        key: None,
        value: Some("v".into()),
    };
    let e = sim.apply(Command::Producer(ProducerCommand::Produce { client_id: p, record })).expect_err("refused");
    assert_eq!(e.kind, kafkasim::sim::error::ErrorKind::IllegalState);
    assert_eq!(e.message, "Cannot perform operation after producer has been closed");
}
