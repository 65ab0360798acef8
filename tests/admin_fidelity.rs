//! Fidelity of the admin tools (`kafka-configs`, `kafka-topics`,
//! `kafka-leader-election`, `kafka-metadata-quorum`) and of `sim link`,
//! against Kafka 4.0's sources. Tests are named after the rows of
//! fidelity-defects.md (D8, D19-D22, D31, S2).

use kafkasim::console::Console;

/// Runs `line` and returns what it printed (stdout and stderr), one string.
fn run(c: &mut Console, line: &str) -> String {
    let out = c.run_line(line);
    out.lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n")
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
    let hash = c.simulation().trace.hash();
    let out = run(&mut c, "sim link cut 1 1");
    assert!(c.failed(), "{out}");
    assert!(out.contains("broker 1 has no link to itself"), "{out}");
    let out = run(&mut c, "sim link cut 2 2 --one-way");
    assert!(c.failed(), "{out}");
    run(&mut c, "sim link heal 3 3");
    assert!(c.failed());
    assert_eq!(c.simulation().trace.hash(), hash, "a refused link command changes nothing");
    let status = run(&mut c, "sim status");
    assert!(!status.contains("link cut"), "{status}");
}
