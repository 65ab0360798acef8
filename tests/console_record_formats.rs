//! Issue 14, items 5 and 6 and the new topic configs, against Kafka 4.0:
//! the console consumer's `DefaultMessageFormatter` properties, the console
//! producer's `null.marker` (tombstones) and the compacted topic's refusal
//! of records without a key as `ErrorLoggingCallback` logs it, and
//! `kafka-configs`/`kafka-topics` with `segment.ms`, `delete.retention.ms`,
//! `min.compaction.lag.ms`, `max.compaction.lag.ms` and
//! `min.cleanable.dirty.ratio`.

use kafkasim::console::{Console, Output, Stream};

const BOOT: &str = "--bootstrap-server localhost:9092";

fn texts(out: &Output, stream: Stream) -> Vec<String> {
    out.lines.iter().filter(|l| l.stream == stream).map(|l| l.text.clone()).collect()
}

/// One partition, three records: `k1:v1`, `k2:<null>`, `<null>:v3` (written with `null.marker=NULL`).
fn topic_with_nulls() -> Console {
    let mut c = Console::new(1, 1);
    c.run_line(&format!("kafka-topics {BOOT} --create --topic t --partitions 1"));
    let out = c.run_line(&format!(
        "kafka-console-producer {BOOT} --topic t --property parse.key=true --property key.separator=: --property null.marker=NULL"
    ));
    assert!(!out.failed, "{}", out.text());
    for l in ["k1:v1", "k2:NULL", "NULL:v3", "^C"] {
        c.run_line(l);
    }
    c
}

fn consume(c: &mut Console, props: &str) -> Vec<String> {
    let out = c.run_line(&format!(
        "kafka-console-consumer {BOOT} --topic t --partition 0 --offset 0 --max-messages 3 {props}"
    ));
    assert_eq!(texts(&out, Stream::Stderr), ["Processed a total of 3 messages"]);
    texts(&out, Stream::Stdout)
}

/// `null.marker`: the key and the value equal to it are sent as null (a
/// tombstone), and the formatter prints `null` (or `null.literal`) for them.
#[test]
fn null_marker_sends_nulls_and_the_formatter_prints_them() {
    let mut c = topic_with_nulls();
    let records: Vec<(Option<String>, Option<String>)> = c
        .simulation()
        .disk_log(kafkasim::sim::ids::BrokerId(1), &kafkasim::sim::ids::TopicPartition::new("t", 0))
        .unwrap()
        .records()
        .map(|r| (r.data.key.clone(), r.data.value.clone()))
        .collect();
    let s = |v: &str| Some(v.to_string());
    assert_eq!(records, [(s("k1"), s("v1")), (s("k2"), None), (None, s("v3"))]);
    assert_eq!(consume(&mut c, "--property print.key=true"), ["k1\tv1", "k2\tnull", "null\tv3"]);
    assert_eq!(
        consume(&mut c, "--property print.key=true --property key.separator=' | ' --property null.literal=<nil>"),
        ["k1 | v1", "k2 | <nil>", "<nil> | v3"]
    );
}

/// Field order and prefixes of `DefaultMessageFormatter.writeTo`:
/// timestamp, partition, offset, delivery, epoch, headers, key, value.
#[test]
fn formatter_fields_in_kafkas_order() {
    let mut c = topic_with_nulls();
    let all = consume(
        &mut c,
        "--property print.value=true --property print.key=true --property print.headers=true --property print.epoch=true \
         --property print.delivery=true --property print.offset=true --property print.partition=true --property print.timestamp=true",
    );
    assert_eq!(all.len(), 3);
    for (i, line) in all.iter().enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        let ts: u64 = f[0].strip_prefix("CreateTime:").expect("CreateTime first").parse().unwrap();
        assert!(ts >= 1_735_689_600_000, "wall-clock ms of 2025: {ts}");
        assert_eq!(
            f[1..6],
            ["Partition:0", &format!("Offset:{i}"), "Delivery:NOT_PRESENT", "Epoch:NOT_PRESENT", "NO_HEADERS"],
            "{line}"
        );
    }
    let tails: Vec<String> = all.iter().map(|l| l.split('\t').skip(6).collect::<Vec<_>>().join("\t")).collect();
    assert_eq!(tails, ["k1\tv1", "k2\tnull", "null\tv3"]);
    assert_eq!(
        consume(&mut c, "--property print.offset=true --property print.value=false"),
        ["Offset:0", "Offset:1", "Offset:2"]
    );
    assert_eq!(
        consume(&mut c, "--property print.partition=true --property print.offset=true --property key.separator=,"),
        ["Partition:0,Offset:0,v1", "Partition:0,Offset:1,null", "Partition:0,Offset:2,v3"]
    );
    // Nothing printed at all: not even an empty line.
    assert!(consume(&mut c, "--property print.value=false").is_empty());
}

/// `LineMessageReader.configure`: `null.marker` may not equal a separator
/// (the defaults count: `\t`, `,`, `:`); the producer never starts.
#[test]
fn null_marker_may_not_equal_a_separator() {
    let mut c = Console::new(1, 1);
    c.run_line(&format!("kafka-topics {BOOT} --create --topic t --partitions 1"));
    for (props, which) in [
        ("--property parse.key=true --property key.separator=: --property null.marker=:", "key.separator"),
        ("--property null.marker=,", "headers.separator"),
        ("--property null.marker=:", "headers.key.separator"),
    ] {
        let clients = c.simulation().client_ids().len();
        let out = c.run_line(&format!("kafka-console-producer {BOOT} --topic t {props}"));
        assert!(out.failed && !c.reading_records(), "{props}");
        assert_eq!(
            texts(&out, Stream::Stderr),
            [format!("org.apache.kafka.common.KafkaException: null.marker and {which} may not be equal")]
        );
        assert_eq!(c.simulation().client_ids().len(), clients);
    }
    let out = c.run_line(&format!("kafka-console-producer {BOOT} --topic t --property headers.separator=:"));
    assert_eq!(
        texts(&out, Stream::Stderr),
        ["org.apache.kafka.common.KafkaException: headers.separator and headers.key.separator may not be equal"]
    );
}

/// A compacted topic refuses a record without a key (`INVALID_RECORD`);
/// the console producer's `ErrorLoggingCallback` logs it (ERROR line, then
/// the exception) and the tool goes on; a keyed record and a tombstone
/// (key, null value) are accepted.
#[test]
fn compacted_topic_refuses_records_without_a_key() {
    let mut c = Console::new(1, 1);
    c.run_line(&format!(
        "kafka-topics {BOOT} --create --topic profiles --partitions 1 --config cleanup.policy=compact"
    ));
    c.run_line(&format!(
        "kafka-console-producer {BOOT} --topic profiles --sync --property parse.key=true --property key.separator=: --property null.marker=NULL"
    ));
    assert!(!c.run_line("alice:1").failed);
    assert!(!c.run_line("alice:NULL").failed, "a tombstone has a key");
    c.run_line("^C");
    c.run_line(&format!("kafka-console-producer {BOOT} --topic profiles"));
    c.run_line("no key here");
    let out = c.run_line("^C");
    let err = texts(&out, Stream::Stderr);
    assert_eq!(err.len(), 2, "{}", out.text());
    assert!(
        err[0].ends_with(" ERROR Error when sending message to topic profiles with key: null, value: 11 bytes with error: (org.apache.kafka.clients.producer.internals.ErrorLoggingCallback)"),
        "{}",
        err[0]
    );
    assert!(err[1].starts_with("org.apache.kafka.common.InvalidRecordException: "), "{}", err[1]);
    assert!(!out.failed, "a failed send does not fail the tool");
    let out = c.run_line(&format!("kafka-get-offsets {BOOT} --topic profiles"));
    assert_eq!(texts(&out, Stream::Stdout), ["profiles:0:2"]);
}

fn configs(c: &mut Console, args: &str) -> Output {
    c.run_line(&format!("kafka-configs {BOOT} --entity-type topics --entity-name c {args}"))
}

/// The new topic configs through `kafka-topics --config` and `kafka-configs`:
/// described with and without `--all` (with their broker synonyms), altered,
/// and refused with `ConfigDef`'s texts.
#[test]
fn new_topic_configs_describe_alter_and_validate() {
    let mut c = Console::new(1, 1);
    let out = c.run_line(&format!(
        "kafka-topics {BOOT} --create --topic c --partitions 1 --config cleanup.policy=compact --config min.cleanable.dirty.ratio=0.1 --config segment.ms=60000"
    ));
    assert!(!out.failed, "{}", out.text());
    let d = c.run_line(&format!("kafka-topics {BOOT} --describe --topic c"));
    assert!(texts(&d, Stream::Stdout)[0]
        .ends_with("\tConfigs: cleanup.policy=compact,min.cleanable.dirty.ratio=0.1,segment.ms=60000"));
    assert!(
        !configs(
            &mut c,
            "--alter --add-config delete.retention.ms=1000,min.compaction.lag.ms=5,max.compaction.lag.ms=100000"
        )
        .failed
    );
    assert_eq!(
        texts(&configs(&mut c, "--describe"), Stream::Stdout),
        [
            "Dynamic configs for topic c are:",
            "  cleanup.policy=compact sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:cleanup.policy=compact, DEFAULT_CONFIG:log.cleanup.policy=delete}",
            "  delete.retention.ms=1000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:delete.retention.ms=1000, DEFAULT_CONFIG:log.cleaner.delete.retention.ms=86400000}",
            "  max.compaction.lag.ms=100000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:max.compaction.lag.ms=100000, DEFAULT_CONFIG:log.cleaner.max.compaction.lag.ms=9223372036854775807}",
            "  min.cleanable.dirty.ratio=0.1 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:min.cleanable.dirty.ratio=0.1, DEFAULT_CONFIG:log.cleaner.min.cleanable.ratio=0.5}",
            "  min.compaction.lag.ms=5 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:min.compaction.lag.ms=5, DEFAULT_CONFIG:log.cleaner.min.compaction.lag.ms=0}",
            "  segment.ms=60000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:segment.ms=60000}",
        ]
    );
    configs(&mut c, "--alter --delete-config delete.retention.ms,min.compaction.lag.ms,max.compaction.lag.ms");
    let all = texts(&configs(&mut c, "--describe --all"), Stream::Stdout);
    for line in [
        "  delete.retention.ms=86400000 sensitive=false synonyms={DEFAULT_CONFIG:log.cleaner.delete.retention.ms=86400000}",
        "  max.compaction.lag.ms=9223372036854775807 sensitive=false synonyms={DEFAULT_CONFIG:log.cleaner.max.compaction.lag.ms=9223372036854775807}",
        "  min.compaction.lag.ms=0 sensitive=false synonyms={DEFAULT_CONFIG:log.cleaner.min.compaction.lag.ms=0}",
        "  min.cleanable.dirty.ratio=0.1 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:min.cleanable.dirty.ratio=0.1, DEFAULT_CONFIG:log.cleaner.min.cleanable.ratio=0.5}",
        "  segment.ms=60000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:segment.ms=60000}",
    ] {
        assert!(all.iter().any(|l| l == line), "--all lacks {line:?}: {all:#?}");
    }
    let invalid = "org.apache.kafka.common.errors.InvalidConfigurationException";
    for (set, message) in [
        (
            "min.cleanable.dirty.ratio=abc",
            "Invalid value abc for configuration min.cleanable.dirty.ratio: Not a number of type DOUBLE",
        ),
        (
            "min.cleanable.dirty.ratio=2",
            "Invalid value 2.0 for configuration min.cleanable.dirty.ratio: Value must be no more than 1",
        ),
        (
            "min.cleanable.dirty.ratio=-0.5",
            "Invalid value -0.5 for configuration min.cleanable.dirty.ratio: Value must be at least 0",
        ),
        ("segment.ms=0", "Invalid value 0 for configuration segment.ms: Value must be at least 1"),
        ("delete.retention.ms=-5", "Invalid value -5 for configuration delete.retention.ms: Value must be at least 0"),
        (
            "min.compaction.lag.ms=x",
            "Invalid value x for configuration min.compaction.lag.ms: Not a number of type LONG",
        ),
        (
            "max.compaction.lag.ms=0",
            "Invalid value 0 for configuration max.compaction.lag.ms: Value must be at least 1",
        ),
        (
            "min.compaction.lag.ms=20,max.compaction.lag.ms=10",
            "conflict topic config setting min.compaction.lag.ms (20) > max.compaction.lag.ms (10)",
        ),
    ] {
        let out = configs(&mut c, &format!("--alter --add-config {set}"));
        assert!(out.failed, "{set}");
        assert_eq!(
            texts(&out, Stream::Stderr)[1..],
            [
                format!("java.util.concurrent.ExecutionException: {invalid}: {message}"),
                format!("Caused by: {invalid}: {message}")
            ],
            "{set}"
        );
    }
    let out = c.run_line(&format!("kafka-topics {BOOT} --create --topic d --config segment.ms=abc"));
    assert_eq!(texts(&out, Stream::Stdout), ["Error while executing topic command : Invalid value abc for configuration segment.ms: Not a number of type LONG"]);
}
