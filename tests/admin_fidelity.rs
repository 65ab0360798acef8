//! Fidelity of the admin tools (`kafka-configs`, `kafka-topics`,
//! `kafka-leader-election`, `kafka-metadata-quorum`) and of `sim link`,
//! against Kafka 4.0's sources. Tests are named after the rows of
//! fidelity-defects.md (D8, D19-D22, D31, S2).

use kafkasim::console::output::Stream;
use kafkasim::console::Console;

/// Runs `line` and returns what it printed (stdout and stderr), one string.
fn run(c: &mut Console, line: &str) -> String {
    let out = c.run_line(line);
    out.lines.iter().filter(|l| l.stream != Stream::Echo).map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n")
}

#[test]
fn d22_leader_election_argument_errors_are_admin_command_failed() {
    let mut c = Console::new(1, 3);
    let missing = run(&mut c, "kafka-leader-election --bootstrap-server localhost:9092 --all-topic-partitions");
    assert!(c.failed());
    assert!(
        missing.contains(
            "org.apache.kafka.server.common.AdminCommandFailedException: Missing required option(s): election-type"
        ),
        "{missing}"
    );
    let scope = run(&mut c, "kafka-leader-election --bootstrap-server localhost:9092 --election-type preferred");
    assert!(
        scope.contains("org.apache.kafka.server.common.AdminCommandFailedException: One and only one of the following options is required: topic, all-topic-partitions, path-to-json-file"),
        "{scope}"
    );
    assert!(!scope.contains("InvalidConfigurationException"), "{scope}");
}

#[test]
fn d31_link_from_a_broker_to_itself_is_refused() {
    let mut c = Console::new(1, 3);
    let hash = c.simulation().trace().hash();
    let out = run(&mut c, "sim link cut 1 1");
    assert!(c.failed(), "{out}");
    assert!(out.contains("broker 1 has no link to itself"), "{out}");
    let out = run(&mut c, "sim link cut 2 2 --one-way");
    assert!(c.failed(), "{out}");
    run(&mut c, "sim link heal 3 3");
    assert!(c.failed());
    assert_eq!(c.simulation().trace().hash(), hash, "a refused link command changes nothing");
    let status = run(&mut c, "sim status");
    assert!(!status.contains("link cut"), "{status}");
}

/// Runs every line of `script` and returns all they printed.
fn run_all(c: &mut Console, script: &str) -> String {
    script.lines().map(|l| run(c, l.trim())).collect::<Vec<_>>().join("\n")
}

/// The row of `describe --replication` for node `id`, split at its tabs.
fn replication_row(text: &str, id: u32) -> Option<Vec<String>> {
    text.lines()
        .map(|l| l.split('\t').map(|c| c.trim().to_string()).collect::<Vec<_>>())
        .find(|cells| cells.first().map(String::as_str) == Some(id.to_string().as_str()))
}

#[test]
fn d8_crashed_broker_stays_an_observer_until_its_session_times_out() {
    let mut c = Console::new(1, 3);
    run(&mut c, "sim advance 10s");
    run(&mut c, "sim broker kill 2");
    // Metadata grows while broker 2 is down: its lag must grow.
    run(
        &mut c,
        "kafka-topics --bootstrap-server localhost:9092 --create --topic t --partitions 2 --replication-factor 1",
    );
    run(&mut c, "sim advance 60s");
    let q = "kafka-metadata-quorum --bootstrap-server localhost:9092 describe";
    let rep = run(&mut c, &format!("{q} --replication"));
    let row = replication_row(&rep, 2).unwrap_or_else(|| panic!("broker 2 is still an observer:\n{rep}"));
    assert_eq!(row[6], "Observer", "{rep}");
    assert_ne!(row[3], "0", "a dead observer lags behind the metadata log:\n{rep}");
    let live = replication_row(&rep, 1).expect("broker 1");
    assert!(row[4] < live[4], "broker 2's last fetch is stale:\n{rep}");
    let status = run(&mut c, &format!("{q} --status"));
    assert!(status.contains("{\"id\": 2, "), "{status}");
    let human = run(&mut c, &format!("{q} --replication --human-readable"));
    let row = replication_row(&human, 2).expect("broker 2");
    let ago: u64 = row[4].strip_suffix(" ms ago").and_then(|n| n.parse().ok()).expect(&human);
    assert!((60_000..70_000).contains(&ago), "{human}");
    assert!(replication_row(&human, 1).expect("broker 1")[4].ends_with(" ms ago"));
    // OBSERVER_SESSION_TIMEOUT_MS = 300000 after the last fetch: gone.
    run(&mut c, "sim advance 250s");
    let rep = run(&mut c, &format!("{q} --replication"));
    assert!(replication_row(&rep, 2).is_none(), "{rep}");
    assert!(!run(&mut c, &format!("{q} --status")).contains("{\"id\": 2, "));
}

#[test]
fn d8_bootstrap_controller_reaches_the_controller_on_9091() {
    let mut c = Console::new(1, 3);
    run(&mut c, "sim advance 5s");
    let out = run(&mut c, "kafka-metadata-quorum --bootstrap-controller localhost:9091 describe --status");
    assert!(!c.failed(), "{out}");
    assert!(out.contains("LeaderId:               0"), "{out}");
}

#[test]
fn d19_consumer_offsets_has_the_group_coordinator_configs() {
    let mut c = Console::new(1, 3);
    run_all(
        &mut c,
        "kafka-topics --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 1
         sim consumer start c1 --group g --topic t
         sim advance 10s",
    );
    let out = run(&mut c, "kafka-topics --bootstrap-server localhost:9092 --describe --topic __consumer_offsets");
    assert!(out.contains("Configs: compression.type=producer,cleanup.policy=compact,segment.bytes=104857600"), "{out}");
}

#[test]
fn d20_describe_of_a_missing_topic_prints_the_header_first() {
    let mut c = Console::new(1, 3);
    let out = run(
        &mut c,
        "kafka-configs --bootstrap-server localhost:9092 --entity-type topics --entity-name nope --describe",
    );
    assert!(c.failed());
    let header = out.find("Dynamic configs for topic nope are:").expect(&out);
    let error = out.find("UnknownTopicOrPartitionException").expect(&out);
    assert!(header < error, "{out}");
}

#[test]
fn d21_unreachable_bootstrap_and_unknown_broker_time_out_after_30_s() {
    let mut c = Console::new(1, 3);
    let t0 = c.simulation().now().as_millis();
    let out = run(&mut c, "kafka-configs --bootstrap-server localhost:9999 --entity-type topics --describe");
    assert!(c.failed());
    assert_eq!(c.simulation().now().as_millis() - t0, 30_000, "{out}");
    assert!(out.lines().any(|l| l == "java.util.concurrent.TimeoutException"), "{out}");
    assert!(!out.contains("Timed out waiting for a node assignment"), "{out}");
    let t1 = c.simulation().now().as_millis();
    let out =
        run(&mut c, "kafka-configs --bootstrap-server localhost:9092 --entity-type brokers --entity-name 7 --describe");
    assert!(c.failed());
    assert_eq!(c.simulation().now().as_millis() - t1, 30_000, "{out}");
    assert!(out.contains("Dynamic configs for broker 7 are:"), "{out}");
    assert!(out.lines().any(|l| l == "java.util.concurrent.TimeoutException"), "{out}");
}

/// The replicas and leader of `t-0`.
fn placement(c: &Console, topic: &str) -> (Vec<u32>, Option<u32>) {
    let image = &c.simulation().controller().image;
    let p = &image.topics.iter().find(|(n, _)| n.as_str() == topic).expect("topic").1.partitions[0];
    (p.replicas.iter().map(|b| b.0).collect(), p.leader.map(|b| b.0))
}

const BROKERS_DEFAULT: &str = "kafka-configs --bootstrap-server localhost:9092 --entity-type brokers --entity-default";

/// [`BROKERS_DEFAULT`] through broker `via`.
fn brokers_default(via: u32) -> String {
    BROKERS_DEFAULT.replace("9092", &(9091 + via).to_string())
}

#[test]
fn s2_dynamic_unclean_leader_election_default_enables_an_unclean_election() {
    let mut c = Console::new(3, 3);
    run_all(
        &mut c,
        "sim advance 5s
         kafka-topics --bootstrap-server localhost:9092 --create --topic u --partitions 1 --replication-factor 2
         sim advance 5s",
    );
    let (replicas, leader) = placement(&c, "u");
    let leader = leader.expect("a leader");
    let follower = *replicas.iter().find(|b| **b != leader).expect("a follower");
    // The follower leaves the ISR, then the leader dies: only an unclean election helps.
    run_all(&mut c, &format!("sim broker kill {follower}\nsim advance 15s\nsim broker kill {leader}\nsim advance 15s"));
    run_all(&mut c, &format!("sim broker start {follower}\nsim advance 15s"));
    assert_eq!(placement(&c, "u").1, None, "no clean leader");
    let via = follower;
    let alter = format!(
        "kafka-configs --bootstrap-server localhost:{} --entity-type brokers --entity-default --alter --add-config unclean.leader.election.enable=true",
        9091 + via
    );
    let out = run(&mut c, &alter);
    assert!(!c.failed(), "{out}");
    assert_eq!(out, "Completed updating default config for brokers in the cluster.");
    run(&mut c, "sim advance 2s");
    assert_eq!(placement(&c, "u").1, Some(follower), "the out-of-sync replica was elected");
    let describe = run(
        &mut c,
        &format!(
            "kafka-configs --bootstrap-server localhost:{} --entity-type brokers --entity-default --describe",
            9091 + via
        ),
    );
    assert_eq!(
        describe,
        "Default configs for brokers in the cluster are:\n  unclean.leader.election.enable=true sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:unclean.leader.election.enable=true}"
    );
}

/// Produces one record with acks=all through the console producer; returns what it printed.
fn produce(c: &mut Console, via: u32, topic: &str, value: &str) -> String {
    let port = 9091 + via;
    run_all(c, &format!("kafka-console-producer --bootstrap-server localhost:{port} --topic {topic}\n{value}\n^C"))
}

#[test]
fn s2_dynamic_min_insync_replicas_default_and_per_broker_take_effect() {
    let mut c = Console::new(4, 3);
    run_all(
        &mut c,
        "sim advance 5s
         kafka-topics --bootstrap-server localhost:9092 --create --topic pay --partitions 1 --replication-factor 2
         sim advance 5s",
    );
    let (replicas, leader) = placement(&c, "pay");
    let leader = leader.expect("leader");
    let follower = *replicas.iter().find(|b| **b != leader).expect("follower");
    run_all(&mut c, &format!("sim broker kill {follower}\nsim advance 15s"));
    assert!(!produce(&mut c, leader, "pay", "one").contains("NotEnoughReplicas"), "min.insync.replicas=1 by default");
    let out = run(&mut c, &format!("{} --alter --add-config min.insync.replicas=2", brokers_default(leader)));
    assert_eq!(out, "Completed updating default config for brokers in the cluster.");
    run(&mut c, "sim advance 1s");
    let refused = produce(&mut c, leader, "pay", "two");
    assert!(refused.contains("NotEnoughReplicasException"), "{refused}");
    // TopicCommand prints every config whose source is not DEFAULT_CONFIG.
    let describe =
        run(&mut c, &format!("kafka-topics --bootstrap-server localhost:{} --describe --topic pay", 9091 + leader));
    assert!(describe.contains("\tConfigs: min.insync.replicas=2\n"), "{describe}");
    // Back to 1 for the cluster; 2 on the leader alone: per-broker wins.
    run(&mut c, &format!("{} --alter --delete-config min.insync.replicas", brokers_default(leader)));
    run(&mut c, "sim advance 1s");
    assert!(!produce(&mut c, leader, "pay", "three").contains("NotEnoughReplicas"));
    let per_broker = format!(
        "kafka-configs --bootstrap-server localhost:{} --entity-type brokers --entity-name {leader} --alter --add-config min.insync.replicas=2",
        9091 + leader
    );
    assert_eq!(run(&mut c, &per_broker), format!("Completed updating config for broker {leader}."));
    run(&mut c, "sim advance 1s");
    assert!(produce(&mut c, leader, "pay", "four").contains("NotEnoughReplicasException"));
    let describe = run(
        &mut c,
        &format!(
            "kafka-configs --bootstrap-server localhost:{} --entity-type brokers --entity-name {leader} --describe",
            9091 + leader
        ),
    );
    assert_eq!(
        describe,
        format!("Dynamic configs for broker {leader} are:\n  min.insync.replicas=2 sensitive=false synonyms={{DYNAMIC_BROKER_CONFIG:min.insync.replicas=2, DEFAULT_CONFIG:min.insync.replicas=1}}")
    );
}

#[test]
fn s2_read_only_and_invalid_broker_configs_are_refused_and_change_nothing() {
    let mut c = Console::new(1, 3);
    run(&mut c, "sim advance 5s");
    let hash = c.simulation().trace().hash();
    let out = run(&mut c, &format!("{BROKERS_DEFAULT} --alter --add-config num.partitions=3"));
    assert!(c.failed());
    assert!(
        out.contains("org.apache.kafka.common.errors.InvalidRequestException: Cannot update these configs dynamically: Set(num.partitions)"),
        "{out}"
    );
    let out = run(&mut c, &format!("{BROKERS_DEFAULT} --alter --add-config log.retention.ms=abc"));
    assert!(
        out.contains(
            "InvalidRequestException: Invalid value abc for configuration log.retention.ms: Not a number of type LONG"
        ),
        "{out}"
    );
    let out = run(&mut c, &format!("{BROKERS_DEFAULT} --alter --delete-config log.retention.ms"));
    assert_eq!(out, "Invalid config(s): log.retention.ms");
    assert_eq!(c.simulation().trace().hash(), hash);
    // A dynamic default shows on topics without an override.
    run(&mut c, &format!("{BROKERS_DEFAULT} --alter --add-config log.retention.ms=1000"));
    run(
        &mut c,
        "kafka-topics --bootstrap-server localhost:9092 --create --topic r --partitions 1 --replication-factor 1",
    );
    let all = run(&mut c, "kafka-configs --bootstrap-server localhost:9092 --topic r --describe --all");
    assert!(
        all.contains("  retention.ms=1000 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:log.retention.ms=1000, DEFAULT_CONFIG:log.retention.hours=168}"),
        "{all}"
    );
}

/// D18 is not a defect: Kafka 4.0's `TopicCommand.parseTopicConfigsToBeAdded`
/// calls `LogConfig.validate(props)` in the client before any request, so a bad
/// value is the `ConfigException` of `ConfigDef.parse`, and only an unknown
/// name reaches the controller (INVALID_CONFIG ->
/// `InvalidConfigurationException`). This pins that split.
#[test]
fn d18_topic_configs_are_validated_in_the_client_first() {
    let mut c = Console::new(1, 3);
    let create = "kafka-topics --bootstrap-server localhost:9092 --create --topic";
    let zero = run(&mut c, &format!("{create} a --config min.insync.replicas=0"));
    assert!(c.failed(), "{zero}");
    assert!(zero.contains("org.apache.kafka.common.config.ConfigException"), "{zero}");
    assert!(!zero.contains("InvalidConfigurationException"), "{zero}");
    let bad = run(&mut c, &format!("{create} b --config retention.ms=x"));
    assert!(bad.contains("org.apache.kafka.common.config.ConfigException"), "{bad}");
    let topics = run(&mut c, "kafka-topics --bootstrap-server localhost:9092 --list");
    assert!(!topics.lines().any(|t| t == "a" || t == "b"), "{topics}");
}
