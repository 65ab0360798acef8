//! Producer fidelity (issue 12): D4, D5, D29, S3 and items 2 and 3, each
//! against Kafka 4.0's producer (`ProducerConfig`, `Sender`,
//! `RecordAccumulator`, `TransactionManager`).
mod common;
use common::*;
use kafkasim::sim::client::producer_config::ProducerConfig;
use kafkasim::sim::error::ErrorKind;
use kafkasim::sim::ids::ClientId;
use kafkasim::sim::ledger::RecordStatus;
use kafkasim::sim::messages::NodeId;

fn config(pairs: &[(&str, &str)]) -> Result<ProducerConfig, String> {
    let props: Vec<(String, String)> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    ProducerConfig::from_properties(&props).map_err(|e| e.to_string())
}

/// D5: `ProducerConfig.postProcessAndValidateIdempotenceConfigs` (4.0) throws
/// for `max.in.flight.requests.per.connection > 5` whenever idempotence is on,
/// set explicitly or by default (`ProducerConfigTest.testUpperboundCheckOfEnableIdempotence`),
/// and also with `acks=1` (which only asks to disable idempotence afterwards).
#[test]
fn d5_max_in_flight_6_with_implicit_idempotence_is_an_error() {
    let text = format!(
        "{}: To use the idempotent producer, max.in.flight.requests.per.connection must be set to at most 5. Current value is 6.",
        ErrorKind::Config.class_name()
    );
    let mif = ("max.in.flight.requests.per.connection", "6");
    assert_eq!(config(&[mif]).unwrap_err(), text, "implicit idempotence");
    assert_eq!(config(&[mif, ("enable.idempotence", "true")]).unwrap_err(), text, "explicit idempotence");
    assert_eq!(config(&[mif, ("acks", "1")]).unwrap_err(), text, "acks=1 without enable.idempotence=false");
    let off = config(&[mif, ("acks", "1"), ("enable.idempotence", "false")]).unwrap();
    assert_eq!((off.enable_idempotence, off.max_in_flight_requests_per_connection), (false, 6));
    let five = config(&[("max.in.flight.requests.per.connection", "5")]).unwrap();
    assert!(five.enable_idempotence);
}

/// D29: the ordering guarantee is per partition, keyed or not. A non-idempotent
/// producer with several requests in flight retries a lost first send after a
/// later one landed: the ledger counts the keyless reordering.
#[test]
fn d29_keyless_retry_reorder_is_counted() {
    let mut c = Cluster::new(22, 3);
    c.create_topic("t", 1, 3, &[]);
    let props = [("enable.idempotence", "false"), ("request.timeout.ms", "1000"), ("linger.ms", "0")];
    c.producer("p", &props);
    c.send("p", "t", None, "warmup");
    c.run_for(seconds(1));
    let leader = c.leader("t", 0).unwrap();
    let client = NodeId::Client(c.sim.client_ids()[&ClientId("p".into())]);
    // The first send is lost on the way to the leader; the second gets through.
    c.sim.surgery_cut_link(client, NodeId::Broker(leader), true);
    let first = c.send("p", "t", None, "first");
    c.sim.surgery_heal_link(client, NodeId::Broker(leader));
    let second = c.send("p", "t", None, "second");
    c.run_for(seconds(5));
    let offset = |id| match c.status(id) {
        RecordStatus::Acked { offset, .. } => offset,
        s => panic!("{s:?}"),
    };
    assert!(offset(first) > offset(second), "the retried first send landed after the second");
    assert_eq!(c.sim.ledger().summary.reordered, 1);
    let line = "ledger: a record without key reordered on t-0";
    assert!(
        c.sim.trace().lines().any(|e| kafkasim::i18n::trace::line_text(e, kafkasim::i18n::Lang::En).starts_with(line)),
        "trace names the keyless reordering"
    );
}

/// The console producer's settings (`ConsoleProducer` defaults).
const CONSOLE: [(&str, &str); 4] =
    [("retries", "3"), ("request.timeout.ms", "1500"), ("linger.ms", "1000"), ("retry.backoff.ms", "100")];

fn retries(c: &Cluster, id: &str) -> u64 {
    let node = c.sim.client_ids()[&ClientId(id.into())];
    c.sim.producers()[&node].stats.retries
}

/// D4: a new producer sends to a leader that crashed but is not fenced yet.
/// The node cannot be connected to, so it is not ready (`Sender.sendProducerData`):
/// the batch waits in the accumulator, no retry is counted, and once the
/// controller fences the broker (~9 s) the batch goes to the new leader.
#[test]
fn d4_crashed_unfenced_leader_stalls_without_burning_retries() {
    for acks in ["all", "0"] {
        let mut c = Cluster::new(1, 3);
        c.create_topic("t", 1, 3, &[]);
        let old = c.leader("t", 0).unwrap();
        c.kill(old.0);
        let mut props = CONSOLE.to_vec();
        props.push(("acks", acks));
        c.producer("p", &props);
        let id = c.send("p", "t", None, "c");
        c.run_for(seconds(5));
        assert_eq!(c.status(id), RecordStatus::Pending, "acks={acks}: waits for the new leader");
        assert_eq!(retries(&c, "p"), 0, "acks={acks}: a refused connection is not a retry");
        c.run_for(seconds(10));
        let new = c.leader("t", 0).unwrap();
        assert_ne!(new, old);
        match c.status(id) {
            RecordStatus::Acked { by, .. } => assert_eq!(by, new, "acks={acks}"),
            s => panic!("acks={acks}: {s:?}"),
        }
        let (leo, _) = c.offsets("t", 0, new.0).unwrap();
        assert_eq!(leo, 1, "acks={acks}: the record was written");
        assert_eq!(retries(&c, "p"), 0, "acks={acks}");
        let s = &c.sim.ledger().summary;
        assert_eq!((s.acked, s.acked_lost), (1, 0), "acks={acks}");
    }
}

/// D4, acks=0: a record written to a connection whose broker had just died was
/// counted as sent by the producer (acks=0 completes on send) but no log holds
/// it; the ledger counts it as acked and lost instead of acked.
#[test]
fn d4_acks0_record_sent_to_a_dead_broker_is_acked_lost() {
    let mut c = Cluster::new(1, 3);
    c.create_topic("t", 1, 3, &[]);
    c.producer("p", &[("acks", "0"), ("linger.ms", "0")]);
    c.send("p", "t", None, "a");
    c.run_for(seconds(1));
    let leader = c.leader("t", 0).unwrap();
    let id = c.send("p", "t", None, "b");
    c.kill(leader.0);
    c.run_for(seconds(1));
    assert!(matches!(c.status(id), RecordStatus::Acked { .. }), "acks=0 completes on send");
    let s = &c.sim.ledger().summary;
    assert_eq!((s.acked, s.acked_lost), (2, 1));
    let why = kafkasim::i18n::trace::loss_explanation(&c.sim.ledger().losses[0].explanation, kafkasim::i18n::Lang::En);
    assert!(why.contains("never written"), "{why}");
}

/// Item 2 (KIP-360): all three brokers die under a running idempotent
/// producer; after 200 s (past `delivery.timeout.ms`) they return. Expired
/// records fail with Kafka's expiry text, the producer bumps its epoch and
/// restarts sequences at 0, and later records are acknowledged (no
/// `OutOfOrderSequenceException` storm).
#[test]
fn item2_idempotent_producer_recovers_after_expired_batches() {
    let mut c = Cluster::new(3, 3);
    c.create_topic("t", 1, 3, &[]);
    c.workload("w", "t", 100, 0, &[]);
    c.run_for(seconds(5));
    for b in 1..=3 {
        c.kill(b);
    }
    c.run_for(seconds(200));
    for b in 1..=3 {
        c.start(b);
    }
    let acked_before = c.sim.ledger().summary.acked;
    c.run_for(seconds(60));
    let node = c.sim.client_ids()[&ClientId("w".into())];
    let p = &c.sim.producers()[&node];
    assert!(p.producer_epoch.0 >= 1, "epoch bumped: {:?}", p.producer_epoch);
    assert!(
        c.sim.ledger().summary.acked > acked_before + 3_000,
        "acked {} → {}",
        acked_before,
        c.sim.ledger().summary.acked
    );
    let errors: Vec<&String> = c
        .sim
        .ledger()
        .entries
        .values()
        .filter_map(|e| match &e.status {
            RecordStatus::Failed { error, .. } => Some(error),
            _ => None,
        })
        .collect();
    assert!(!errors.is_empty());
    let expiry = "org.apache.kafka.common.errors.TimeoutException: Expiring ";
    assert!(errors.iter().all(|e| e.starts_with(expiry)), "{:?}", errors.iter().find(|e| !e.starts_with(expiry)));
    assert!(errors.iter().any(|e| e.ends_with(" record(s) for t-0:120000 ms has passed since batch creation")));
    let s = &c.sim.ledger().summary;
    assert_eq!((s.acked_lost, s.duplicated, s.reordered), (0, 0, 0));
}

/// Item 3: a 1,000 records/s producer whose partition has no leader. Batches
/// waiting in the accumulator expire after `delivery.timeout.ms`
/// (`RecordAccumulator.expiredBatches`), so 10 simulated minutes keep the
/// backlog at about two minutes of records, not ten.
#[test]
fn item3_leaderless_backlog_stays_bounded() {
    let mut c = Cluster::new(4, 3);
    c.create_topic("t", 1, 1, &[]);
    let leader = c.leader("t", 0).unwrap();
    c.kill(leader.0);
    c.run_for(seconds(15));
    assert_eq!(c.leader("t", 0), None, "RF 1: no leader once fenced");
    c.workload("w", "t", 1_000, 0, &[]);
    #[allow(clippy::disallowed_methods)] // the wall time is reported, never used by the simulation
    let started = std::time::Instant::now();
    let node = c.sim.client_ids()[&ClientId("w".into())];
    let mut peak = 0;
    for _ in 0..60 {
        c.run_for(seconds(10));
        peak = peak.max(c.sim.producers()[&node].pending_records());
    }
    eprintln!("item3: 10 simulated minutes in {:?}, peak backlog {peak}", started.elapsed());
    assert!(peak <= 121_000, "backlog bounded by delivery.timeout.ms: {peak}");
    let s = &c.sim.ledger().summary;
    assert!(s.failed > 400_000, "expired records fail: {}", s.failed);
}

/// Item 3: `buffer.memory` bounds the accumulator; a send that finds no room
/// blocks up to `max.block.ms`, then fails with `BufferPool`'s text.
#[test]
fn item3_buffer_memory_blocks_then_fails_with_kafkas_text() {
    let mut c = Cluster::new(4, 3);
    c.create_topic("t", 1, 1, &[]);
    let leader = c.leader("t", 0).unwrap();
    c.kill(leader.0);
    c.run_for(seconds(15));
    let props = [("buffer.memory", "32768"), ("batch.size", "16384"), ("max.block.ms", "2000")];
    c.producer("p", &props);
    let big = "x".repeat(20_000);
    let a = c.send("p", "t", None, &big);
    c.run_for(seconds(1));
    let b = c.send("p", "t", None, &big);
    c.run_for(seconds(1));
    assert_eq!(c.status(b), RecordStatus::Pending, "blocked, within max.block.ms");
    c.run_for(seconds(2));
    assert_eq!(c.status(a), RecordStatus::Pending, "the first waits in the accumulator");
    let want = "org.apache.kafka.clients.producer.BufferExhaustedException: Failed to allocate 20069 bytes within the configured max blocking time 2000 ms. Total memory: 32768 bytes. Available memory: 12699 bytes. Poolable size: 16384 bytes";
    assert!(matches!(c.status(b), RecordStatus::Failed { error, .. } if error == want), "{:?}", c.status(b));
}

/// Found by the fuzzer (a hang): a workload on a topic that does not exist
/// queued one record per tick in front of the metadata wait, and every
/// metadata request walked the whole queue, so the cost per event grew with
/// the backlog. `KafkaProducer.send` blocks the application thread in
/// `waitOnMetadata`, so at most one record waits for metadata, and after
/// `max.block.ms` it fails.
#[test]
fn fuzz_workload_on_a_missing_topic_blocks_in_send() {
    let mut c = Cluster::new(4, 3);
    c.create_topic("gone", 1, 1, &[]);
    c.workload("w", "gone", 1_000, 0, &[]);
    c.run_for(seconds(1));
    c.apply(kafkasim::sim::commands::Command::Topic(kafkasim::sim::commands::TopicCommand::Delete {
        name: "gone".into(),
    }));
    c.run_for(seconds(2));
    let failed_before = c.sim.ledger().summary.failed;
    let node = c.sim.client_ids()[&ClientId("w".into())];
    let mut peak = 0;
    for _ in 0..30 {
        c.run_for(seconds(1));
        peak = peak.max(c.sim.producers()[&node].pending_records());
    }
    // The batches appended before the delete, plus one record blocked in
    // send(); without the block, 1,000 a second piled up for max.block.ms.
    assert!(peak < 100, "one record blocked in send(), not a queue: {peak}");
    let failed = c.sim.ledger().summary.failed - failed_before;
    assert!(failed < 100, "one failure per max.block.ms, not one per tick: {failed}");
}
