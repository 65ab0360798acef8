//! Issue 14, the console's log tools against Kafka 4.0: `kafka-delete-records`
//! (`DeleteRecordsCommand`), `kafka-get-offsets` (`GetOffsetShell`) and
//! `kafka-log-dirs` (`LogDirsCommand`): their output, each error text, and
//! what DeleteRecords does to the earliest offset and to a consumer reading
//! from the beginning. `tests/golden/log_tools.script` is a whole session;
//! `UPDATE_GOLDEN=1 cargo test --test console_log_tools` regenerates it.

use kafkasim::console::{Console, Output, Stream};
use std::path::Path;

const BOOT: &str = "--bootstrap-server localhost:9092";

fn stdout(out: &Output) -> Vec<String> {
    out.texts(Stream::Stdout)
}

fn stderr(out: &Output) -> Vec<String> {
    out.texts(Stream::Stderr)
}

/// A 3-broker cluster with `orders` (3 partitions, RF 3) and `n` keyed records on partition `p`.
fn cluster_with_records(n: usize) -> Console {
    let mut c = Console::new(1, 3);
    let out = c.run_line(&format!("kafka-topics {BOOT} --create --topic orders --partitions 3 --replication-factor 3"));
    assert!(!out.failed, "{}", out.text());
    c.run_line(&format!(
        "kafka-console-producer {BOOT} --topic orders --property parse.key=true --property key.separator=:"
    ));
    for i in 0..n {
        c.run_line(&format!("k:{i}"));
    }
    c.run_line("^C");
    c
}

/// The partition the key `k` goes to (murmur2), found from the end offsets.
fn keyed_partition(c: &mut Console) -> u32 {
    let out = c.run_line(&format!("kafka-get-offsets {BOOT} --topic orders"));
    let line = stdout(&out).into_iter().find(|l| !l.ends_with(":0")).expect("a partition with records");
    line.split(':').nth(1).unwrap().parse().unwrap()
}

fn write_file(c: &mut Console, name: &str, json: &str) {
    c.run_line(&format!("cat > {name} <<EOF"));
    for l in json.lines() {
        c.run_line(l);
    }
    let out = c.run_line("EOF");
    assert!(!out.failed, "{}", out.text());
}

#[test]
fn golden_log_tools_session() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let script = std::fs::read_to_string(dir.join("log_tools.script")).expect("script");
    let mut c = Console::new(1, 3);
    c.run_script(&script);
    let actual = c.transcript_text();
    let path = dir.join("log_tools.transcript");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    for (i, (e, a)) in expected.lines().zip(actual.lines()).enumerate() {
        assert_eq!(e, a, "log_tools.transcript line {} (UPDATE_GOLDEN=1 regenerates)", i + 1);
    }
    assert_eq!(expected.lines().count(), actual.lines().count(), "{actual}");
}

/// The mandatory check: DeleteRecords through the console moves
/// `kafka-get-offsets --time -2`, and a consumer reading from earliest
/// (group or assigned) starts at the new low watermark.
#[test]
fn delete_records_moves_earliest_and_consumers_start_there() {
    let mut c = cluster_with_records(6);
    let p = keyed_partition(&mut c);
    let earliest = |c: &mut Console| {
        let out = c.run_line(&format!("kafka-get-offsets {BOOT} --topic orders --partitions {p} --time -2"));
        stdout(&out)
    };
    assert_eq!(earliest(&mut c), vec![format!("orders:{p}:0")]);
    write_file(&mut c, "d.json", &format!(r#"{{"partitions":[{{"topic":"orders","partition":{p},"offset":4}}]}}"#));
    let out = c.run_line(&format!("kafka-delete-records {BOOT} --offset-json-file d.json"));
    assert_eq!(
        stdout(&out),
        [
            "Executing records delete operation".to_string(),
            "Records delete operation completed:".into(),
            format!("partition: orders-{p}\tlow_watermark: 4"),
        ]
    );
    assert!(!out.failed);
    assert_eq!(earliest(&mut c), vec![format!("orders:{p}:4")]);
    assert_eq!(
        stdout(&c.run_line(&format!("kafka-get-offsets {BOOT} --topic orders --partitions {p} --time earliest"))),
        vec![format!("orders:{p}:4")]
    );
    // Assigned (`--partition`) from the beginning: the log start offset.
    let out = c.run_line(&format!(
        "kafka-console-consumer {BOOT} --topic orders --partition {p} --from-beginning --property print.offset=true --max-messages 2"
    ));
    assert_eq!(stdout(&out), ["Offset:4\t4", "Offset:5\t5"]);
    // A group consumer with auto.offset.reset=earliest (--from-beginning) resets there too.
    let out = c.run_line(&format!(
        "kafka-console-consumer {BOOT} --topic orders --group fresh --from-beginning --property print.offset=true --max-messages 2"
    ));
    assert_eq!(stdout(&out), ["Offset:4\t4", "Offset:5\t5"]);
    // `-1` deletes up to the high watermark: nothing is left to read.
    write_file(
        &mut c,
        "all.json",
        &format!(r#"{{"partitions":[{{"topic":"orders","partition":{p},"offset":-1}}],"version":1}}"#),
    );
    let out = c.run_line(&format!("kafka-delete-records {BOOT} --offset-json-file all.json"));
    assert_eq!(stdout(&out)[2], format!("partition: orders-{p}\tlow_watermark: 6"));
    assert_eq!(earliest(&mut c), vec![format!("orders:{p}:6")]);
}

fn delete_with(c: &mut Console, json: &str) -> Output {
    write_file(c, "f.json", json);
    c.run_line(&format!("kafka-delete-records {BOOT} --offset-json-file f.json"))
}

/// Every error of `DeleteRecordsCommand` before it calls the broker is an
/// uncaught exception (`main` catches nothing): JVM text on stderr, exit 1,
/// and nothing in the cluster changes.
#[test]
fn delete_records_input_errors() {
    let mut c = cluster_with_records(2);
    let aoe = "org.apache.kafka.server.common.AdminOperationException";
    let jme = "com.fasterxml.jackson.databind.JsonMappingException";
    let cases = [
        ("{", format!("{aoe}: The input string is not a valid JSON")),
        (r#"{"partitions":[],"version":2}"#, format!("{aoe}: Not supported version field value 2")),
        (r#"{"version":1}"#, format!("{aoe}: Missing partitions field")),
        (r#"{"partitions":[{"topic":"orders","partition":"0","offset":1}]}"#, format!("{jme}: Expected `Integer` value, received \"0\"")),
        (r#"{"partitions":[{"partition":0,"offset":1}]}"#, format!("{jme}: No such field exists: `topic`")),
        (
            r#"{"partitions":[{"topic":"orders","partition":0,"offset":1},{"topic":"orders","partition":0,"offset":2}]}"#,
            "org.apache.kafka.server.common.AdminCommandFailedException: Offset json file contains duplicate topic partitions: orders-0".into(),
        ),
    ];
    for (json, error) in cases {
        let commands = c.simulation().command_log().len();
        let out = delete_with(&mut c, json);
        assert!(out.failed, "{json}");
        assert_eq!(stderr(&out), vec![format!("Exception in thread \"main\" {error}")], "{json}");
        assert!(stdout(&out).is_empty(), "{json}");
        assert_eq!(c.simulation().command_log().len(), commands, "{json}: nothing was sent");
    }
    let out = c.run_line(&format!("kafka-delete-records {BOOT} --offset-json-file nope.json"));
    assert_eq!(stderr(&out), ["Exception in thread \"main\" java.nio.file.NoSuchFileException: nope.json"]);
    let out =
        c.run_line(&format!("kafka-delete-records {BOOT} --offset-json-file f.json --command-config admin.properties"));
    assert_eq!(stderr(&out), ["Exception in thread \"main\" java.nio.file.NoSuchFileException: admin.properties"]);
    let out = c.run_line(&format!("kafka-delete-records {BOOT}"));
    assert_eq!(stderr(&out), ["Missing required argument \"[offset-json-file]\""]);
    let out = c.run_line("kafka-delete-records --offset-json-file f.json");
    assert_eq!(stderr(&out), ["Missing required argument \"[bootstrap-server]\""]);
    let out = c.run_line("kafka-delete-records --offset-json f.json --nope");
    assert_eq!(
        stderr(&out),
        ["Exception in thread \"main\" joptsimple.UnrecognizedOptionException: nope is not a recognized option"]
    );
    let out = c.run_line("kafka-delete-records");
    assert_eq!(
        stderr(&out),
        ["This tool helps to delete records of the given partitions down to the specified offset."]
    );
    let out = c.run_line("kafka-delete-records --bootstrap-server nohost --offset-json-file f.json");
    assert_eq!(
        stderr(&out),
        [
            "Exception in thread \"main\" org.apache.kafka.common.KafkaException: Failed to create new KafkaAdminClient",
            "Caused by: org.apache.kafka.common.config.ConfigException: Invalid url in bootstrap.servers: nohost",
        ]
    );
}

/// Per-partition errors are what `DeleteRecordsHandler` makes of the error
/// code (the code's default text): printed on stdout, exit status 0.
#[test]
fn delete_records_partition_errors() {
    let mut c = cluster_with_records(3);
    c.run_line(&format!("kafka-topics {BOOT} --create --topic profiles --partitions 1 --replication-factor 1 --config cleanup.policy=compact"));
    let p = keyed_partition(&mut c);
    let out = delete_with(
        &mut c,
        &format!(
            r#"{{"partitions":[{{"topic":"orders","partition":{p},"offset":9}},{{"topic":"orders","partition":{p},"offset":-7}},
            {{"topic":"profiles","partition":0,"offset":0}},{{"topic":"nope","partition":0,"offset":0}},{{"topic":"a b","partition":0,"offset":0}}]}}"#
        ),
    );
    // (the same partition twice is a duplicate: split into two runs)
    assert!(out.failed);
    let out = delete_with(
        &mut c,
        &format!(
            r#"{{"partitions":[{{"topic":"orders","partition":{p},"offset":9}},{{"topic":"profiles","partition":0,"offset":0}},
            {{"topic":"nope","partition":0,"offset":0}},{{"topic":"a b","partition":0,"offset":0}}]}}"#
        ),
    );
    assert!(!out.failed, "{}", out.text());
    assert_eq!(
        stdout(&out)[2..],
        [
            "partition: a b-0\terror: org.apache.kafka.common.errors.InvalidTopicException: Failed to fetch metadata for partition a b-0 due to invalid topic `a b`".to_string(),
            "partition: nope-0\terror: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: Failed to fetch metadata for partition nope-0 because metadata for topic `nope` could not be found".into(),
            format!("partition: orders-{p}\terror: org.apache.kafka.common.errors.OffsetOutOfRangeException: The requested offset is not within the range of offsets maintained by the server."),
            "partition: profiles-0\terror: org.apache.kafka.common.errors.PolicyViolationException: Request parameters do not satisfy the configured policy.".into(),
        ]
    );
    let out = delete_with(&mut c, &format!(r#"{{"partitions":[{{"topic":"orders","partition":{p},"offset":-7}}]}}"#));
    assert!(stdout(&out)[2].ends_with(
        "OffsetOutOfRangeException: The requested offset is not within the range of offsets maintained by the server."
    ));
}

/// A partition the topic does not have, or one without a leader, is looked
/// up until `default.api.timeout.ms` (60 s) and then times out; a leader that
/// comes back in time gets the request.
#[test]
fn delete_records_waits_for_a_leader() {
    let mut c = Console::new(1, 1);
    c.run_line(&format!("kafka-topics {BOOT} --create --topic t --partitions 1"));
    let before = c.simulation().now();
    let out = delete_with(&mut c, r#"{"partitions":[{"topic":"t","partition":5,"offset":0}]}"#);
    assert_eq!(
        stdout(&out)[2],
        "partition: t-5\terror: org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: deleteRecords(api=METADATA)"
    );
    let waited = (c.simulation().now().0 - before.0) / 1_000_000;
    assert!((59..=61).contains(&waited), "waited {waited} s");
    // The only broker is down: the bootstrap server does not answer at all.
    c.run_line("sim broker kill 1");
    let out = delete_with(&mut c, r#"{"partitions":[{"topic":"t","partition":0,"offset":0}]}"#);
    let text = out.text();
    assert!(text.contains("WARN [AdminClient clientId=adminclient-1] Connection to node -1 (localhost/127.0.0.1:9092) could not be established."), "{text}");
    assert!(text.ends_with("partition: t-0\terror: org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: deleteRecords(api=METADATA)\n"), "{text}");
}

#[test]
fn get_offsets_times_and_filters() {
    let mut c = cluster_with_records(5);
    let p = keyed_partition(&mut c);
    let run = |c: &mut Console, args: &str| stdout(&c.run_line(&format!("kafka-get-offsets {BOOT} {args}")));
    assert_eq!(run(&mut c, &format!("--topic ord.* --partitions {p}")), [format!("orders:{p}:5")]);
    assert_eq!(run(&mut c, &format!("--topic orders --partitions {p} --time -3")), [format!("orders:{p}:0")]);
    assert_eq!(
        run(&mut c, &format!("--topic orders --partitions {p} --time max-timestamp")),
        [format!("orders:{p}:0")]
    );
    assert_eq!(run(&mut c, &format!("--topic orders --partitions {p} --time -4")), [format!("orders:{p}:0")]);
    assert!(run(&mut c, "--topic orders --time -5").is_empty(), "no tiered storage: no offset");
    assert!(run(&mut c, "--topic orders --time 4102444800000").is_empty(), "no record after 2100");
    assert_eq!(run(&mut c, &format!("--topic orders --partitions {p} --time 0")), [format!("orders:{p}:0")]);
    // Lines sort by the string topic-partition: t-10 before t-9.
    c.run_line(&format!("kafka-topics {BOOT} --create --topic wide --partitions 12 --replication-factor 1"));
    assert_eq!(run(&mut c, "--topic-partitions wide:9-12,orders:7"), ["wide:10:0", "wide:11:0", "wide:9:0"]);
    // Internal topics are included unless excluded (a group creates __consumer_offsets).
    c.run_line(&format!("kafka-console-consumer {BOOT} --topic orders --group g --from-beginning --max-messages 1"));
    assert_eq!(run(&mut c, "--topic __consumer_offsets --partitions 0"), ["__consumer_offsets:0:0"]);
    assert!(run(&mut c, "--exclude-internal-topics").iter().all(|l| !l.starts_with("__")));
}

#[test]
fn get_offsets_errors() {
    let mut c = cluster_with_records(1);
    let err = |c: &mut Console, args: &str| {
        let out = c.run_line(&format!("kafka-get-offsets {args}"));
        assert!(out.failed, "{args}");
        stderr(&out)
    };
    assert_eq!(err(&mut c, &format!("{BOOT} --time yesterday")), ["Error occurred: Malformed time argument yesterday. Please use -1 or latest / -2 or earliest / -3 or max-timestamp / -4 or earliest-local / -5 or latest-tiered, or a specified long format timestamp"]);
    assert_eq!(
        err(&mut c, &format!("{BOOT} --topic nope")),
        ["Error occurred: Could not match any topic-partitions with the specified filters"]
    );
    assert_eq!(
        err(&mut c, &format!("{BOOT} --topic-partitions orders:0 --topic orders")),
        ["Error occurred: --topic-partitions cannot be used with --topic or --partitions"]
    );
    assert_eq!(
        err(&mut c, &format!("{BOOT} --partitions 0,x")),
        ["Error occurred: --partitions expects a comma separated list of numeric partition ids, but received: 0,x"]
    );
    assert_eq!(
        err(&mut c, &format!("{BOOT} --topic-partitions orders:x")),
        [
            "Error occurred: org.apache.kafka.tools.TerseException: Invalid rule specification: orders:x",
            "java.lang.RuntimeException: org.apache.kafka.tools.TerseException: Invalid rule specification: orders:x",
            "Caused by: org.apache.kafka.tools.TerseException: Invalid rule specification: orders:x",
        ]
    );
    assert_eq!(
        err(&mut c, "--bootstrap-server localhost --topic orders"),
        ["Please provide valid host:port like host1:9091,host2:9092", ""]
    );
    assert_eq!(err(&mut c, "--topic orders"), ["Missing required argument \"[bootstrap-server]\""]);
    assert_eq!(err(&mut c, &format!("{BOOT} --nope")), ["Error occurred: nope is not a recognized option"]);
    assert_eq!(err(&mut c, ""), ["An interactive shell for getting topic-partition offsets."]);
    let out = err(&mut c, "--bootstrap-server localhost:9099");
    assert_eq!(out[0], "[2025-01-01 00:00:02,001] WARN [AdminClient clientId=GetOffsetShell] Connection to node -1 (localhost/127.0.0.1:9099) could not be established. Node may not be available. (org.apache.kafka.clients.NetworkClient)".replace("00:00:02,001", &out[0][12..24]));
    assert_eq!(out[1..], ["Error occurred: org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: listTopics".to_string(),
        "java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: listTopics".into(),
        "Caused by: org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: listTopics".into()]);
}

#[test]
fn log_dirs_describe_and_errors() {
    let mut c = cluster_with_records(4);
    let out = c.run_line(&format!("kafka-log-dirs {BOOT} --describe --broker-list 2 --topic-list orders"));
    let out_lines = stdout(&out);
    assert_eq!(
        out_lines[..2],
        ["Querying brokers for log directories information", "Received log directory information from brokers 2"]
    );
    let json: serde_json::Value = serde_json::from_str(&out_lines[2]).expect("one line of JSON");
    assert_eq!(json["version"], 1);
    let dirs = &json["brokers"][0]["logDirs"][0];
    assert_eq!((dirs["logDir"].as_str(), dirs["error"].is_null()), (Some("/var/lib/kafka/data"), true));
    let parts = dirs["partitions"].as_array().unwrap();
    assert_eq!(parts.len(), 3);
    let size: u64 = parts.iter().map(|p| p["size"].as_u64().unwrap()).sum();
    let p = keyed_partition(&mut c);
    let on_disk = c
        .simulation()
        .disk_log(kafkasim::sim::ids::BrokerId(2), &kafkasim::sim::ids::TopicPartition::new("orders", p))
        .unwrap()
        .size_bytes();
    assert!(size > 0 && size == on_disk, "{size} vs {on_disk}");
    assert!(
        out_lines[2].starts_with(r#"{"brokers":[{"broker":2,"logDirs":[{"partitions":[{"partition":"orders-"#),
        "{}",
        out_lines[2]
    );
    assert!(out_lines[2]
        .ends_with(r#""offsetLag":0,"isFuture":false}],"error":null,"logDir":"/var/lib/kafka/data"}]}],"version":1}"#));
    let err = |c: &mut Console, args: &str| {
        let out = c.run_line(&format!("kafka-log-dirs {args}"));
        assert!(out.failed, "{args}");
        stderr(&out)
    };
    assert_eq!(
        err(&mut c, &format!("{BOOT} --describe --broker-list 0,2,17")),
        ["ERROR: The given brokers do not exist from --broker-list: 0,17. Current existent brokers: 1,2,3"]
    );
    assert_eq!(
        err(&mut c, &format!("{BOOT} --describe --broker-list 1,x")),
        ["For input string: \"x\"", "java.lang.NumberFormatException: For input string: \"x\""]
    );
    assert_eq!(err(&mut c, BOOT), ["Missing required argument \"[describe]\""]);
    assert_eq!(
        err(&mut c, &format!("{BOOT} --describe --command-config c.properties")),
        ["c.properties", "java.nio.file.NoSuchFileException: c.properties"]
    );
    assert_eq!(err(&mut c, ""), ["This tool helps to query log directory usage on the specified brokers."]);
    // A killed broker is no longer part of the cluster (once fenced).
    c.run_line("sim broker kill 3");
    c.run_line("sim advance 30s");
    assert_eq!(
        err(&mut c, &format!("{BOOT} --describe --broker-list 3")),
        ["ERROR: The given brokers do not exist from --broker-list: 3. Current existent brokers: 1,2"]
    );
}

/// A partition without a leader is looked up until `default.api.timeout.ms`
/// and then skipped (stderr); the others still print. `--command-config`
/// must name a console file.
#[test]
fn get_offsets_skips_a_partition_without_leader() {
    let mut c = Console::new(1, 3);
    c.run_line(&format!("kafka-topics {BOOT} --create --topic solo --partitions 3 --replication-factor 1"));
    let image = &c.simulation().controller().image;
    let tp = kafkasim::sim::ids::TopicPartition::new("solo", 0);
    let leader = image.partition(&tp).and_then(|p| p.leader).expect("a leader");
    c.run_line(&format!("sim broker kill {}", leader.0));
    c.run_line("sim advance 20s");
    let bootstrap = format!("--bootstrap-server localhost:{}", 9091 + if leader.0 == 1 { 2 } else { 1 });
    let before = c.simulation().now();
    let out = c.run_line(&format!("kafka-get-offsets {bootstrap} --topic solo"));
    let waited = (c.simulation().now().0 - before.0) / 1_000_000;
    assert!((59..=61).contains(&waited), "waited {waited} s");
    assert!(!out.failed);
    assert!(stderr(&out).contains(&"Skip getting offsets for topic-partition solo-0 due to error: org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: listOffsets(api=METADATA)".to_string()), "{}", out.text());
    assert!(stdout(&out).iter().all(|l| l.starts_with("solo:") && !l.starts_with("solo:0:")), "{}", out.text());
    c.run_line("echo 'request.timeout.ms=5000' > admin.properties");
    let out = c.run_line(&format!(
        "kafka-get-offsets {bootstrap} --topic solo --partitions 1,2 --command-config admin.properties"
    ));
    assert_eq!(stdout(&out).len(), 2, "{}", out.text());
    let out = c.run_line(&format!("kafka-get-offsets {bootstrap} --topic solo --command-config nope.properties"));
    assert_eq!(stderr(&out), ["Error occurred: nope.properties", "java.nio.file.NoSuchFileException: nope.properties"]);
}
