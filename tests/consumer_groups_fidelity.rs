//! `kafka-consumer-groups` against Kafka 4.0's `ConsumerGroupCommand`
//! (fidelity-defects.md rows D9-D16, D30, D32, D33). Each test fails on the
//! tool as it was before the row was fixed.

use kafkasim::console::output::{Output, Stream};
use kafkasim::console::Console;

const CG: &str = "kafka-consumer-groups --bootstrap-server localhost:9092";

fn stdout(out: &Output) -> Vec<String> {
    out.texts(Stream::Stdout)
}

fn stderr(out: &Output) -> Vec<String> {
    out.texts(Stream::Stderr)
}

fn run(c: &mut Console, line: &str) -> Output {
    c.run_line(line)
}

/// `orders` (3 partitions) with a producer; `orders-app` Stable with c1 and
/// c2; `billing` Empty with committed offsets.
fn cluster() -> Console {
    let mut c = Console::new(3, 3);
    for line in [
        "kafka-topics --bootstrap-server localhost:9092 --create --topic orders --partitions 3 --replication-factor 3",
        "sim producer start p1 --topic orders --rate 20 --keys 6",
        "sim consumer start c1 --group orders-app --topic orders",
        "sim consumer start c2 --group orders-app --topic orders --assignor range",
        "sim consumer start b1 --group billing --topic orders",
        "sim advance 20s",
        "sim consumer stop b1",
        "sim advance 5s",
    ] {
        let out = run(&mut c, line);
        assert!(!out.failed, "{line}: {}", out.text());
    }
    c
}

#[test]
fn d9_list_state_prints_table() {
    let mut c = cluster();
    let out = run(&mut c, &format!("{CG} --list --state"));
    let text = stdout(&out);
    assert_eq!(text[0], format!("{:<25} {:<20}", "GROUP", "STATE"));
    assert!(text.contains(&format!("{:<25} {:<20}", "orders-app", "Stable")), "{text:?}");
    assert!(text.contains(&format!("{:<25} {:<20}", "billing", "Empty")), "{text:?}");

    let out = run(&mut c, &format!("{CG} --list --state Stable"));
    assert_eq!(
        stdout(&out),
        vec![format!("{:<25} {:<20}", "GROUP", "STATE"), format!("{:<25} {:<20}", "orders-app", "Stable")]
    );

    let out = run(&mut c, &format!("{CG} --list --type"));
    assert_eq!(stdout(&out)[0], format!("{:<25} {:<20}", "GROUP", "TYPE"));
    assert!(stdout(&out).contains(&format!("{:<25} {:<20}", "billing", "Classic")));

    let out = run(&mut c, &format!("{CG} --list --state Bogus"));
    assert!(out.failed);
    assert!(stdout(&out).is_empty());
    assert_eq!(
        stderr(&out),
        vec!["Invalid state list 'Bogus'. Valid states are: PreparingRebalance, CompletingRebalance, Stable, Dead, Empty, Assigning, Reconciling"]
    );
}

#[test]
fn d10a_describe_state_verbose_has_epoch_columns() {
    let mut c = cluster();
    let out = run(&mut c, &format!("{CG} --describe --group orders-app --state --verbose"));
    let text = stdout(&out);
    assert_eq!(text[0], "");
    assert_eq!(
        text[1],
        "GROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                GROUP-EPOCH     TARGET-ASSIGNMENT-EPOCH   #MEMBERS"
    );
    assert!(text[2].ends_with("Stable               -               -                         2"), "{:?}", text[2]);
}

#[test]
fn d10b_tables_end_without_blank_line() {
    let mut c = cluster();
    for args in [
        "--describe --group orders-app",
        "--describe --group orders-app --members",
        "--describe --group orders-app --state",
    ] {
        let out = run(&mut c, &format!("{CG} {args}"));
        let text = stdout(&out);
        assert_eq!(text.first().map(String::as_str), Some(""), "{args}");
        assert!(text.last().is_some_and(|l| l.starts_with("orders-app")), "{args}: {text:?}");
    }
    let out = run(&mut c, &format!("{CG} --reset-offsets --group billing --topic orders --to-earliest --dry-run"));
    assert!(stdout(&out).last().is_some_and(|l| l.starts_with("billing")), "{:?}", stdout(&out));
}

/// The LEADER-EPOCH of the partition's row in `--describe --verbose`.
fn leader_epoch(c: &mut Console, group: &str, partition: u32) -> String {
    let all = "localhost:9092,localhost:9093,localhost:9094";
    let out = run(c, &format!("kafka-consumer-groups --bootstrap-server {all} --describe --group {group} --verbose"));
    let text = stdout(&out);
    assert!(
        text[1].starts_with("GROUP           TOPIC           PARTITION  LEADER-EPOCH    CURRENT-OFFSET"),
        "{text:?}"
    );
    let row = text.iter().find(|l| l.split_whitespace().nth(2) == Some(&partition.to_string())).expect("row");
    row.split_whitespace().nth(3).expect("epoch").to_string()
}

#[test]
fn d10c_leader_epoch_column_follows_commits() {
    let mut c = Console::new(7, 3);
    let out = run(
        &mut c,
        "kafka-topics --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 3",
    );
    assert!(!out.failed);
    let tp = kafkasim::sim::ids::TopicPartition::new("t", 0);
    let leader = c.simulation().controller().image.partition(&tp).and_then(|p| p.leader).expect("leader");
    // The first leader fails before anything is written: the records carry
    // leader epoch 1, and so do the commits of the positions after them.
    for line in [
        format!("sim broker kill {}", leader.0),
        "sim advance 10s".into(),
        "sim producer start p --topic t --rate 10".into(),
        "sim consumer start k --group g --topic t --processing-ms 10".into(),
        "sim advance 20s".into(),
    ] {
        assert!(!run(&mut c, &line).failed, "{line}");
    }
    assert_eq!(leader_epoch(&mut c, "g", 0), "1");
    // A new member starts from the committed offset and its epoch, and
    // commits that epoch again while nothing new arrives.
    for line in [
        "sim producer stop p",
        "sim advance 5s",
        "sim consumer stop k",
        "sim consumer start k2 --group g --topic t",
        "sim advance 20s",
    ] {
        assert!(!run(&mut c, line).failed, "{line}");
    }
    assert!(c.simulation().consumers().values().any(|k| k.config.client_id == "k2" && k.stats.commits > 0));
    assert_eq!(leader_epoch(&mut c, "g", 0), "1");
    // `alterConsumerGroupOffsets` commits no epoch.
    for line in ["sim consumer stop k2", "sim advance 5s"] {
        assert!(!run(&mut c, line).failed, "{line}");
    }
    let all = "localhost:9092,localhost:9093,localhost:9094";
    let out = run(&mut c, &format!("kafka-consumer-groups --bootstrap-server {all} --reset-offsets --group g --topic t --to-earliest --execute"));
    assert!(!out.failed, "{}", out.text());
    assert_eq!(leader_epoch(&mut c, "g", 0), "-");
}

#[test]
fn d10d_dynamic_members_print_empty_instance_id() {
    let mut c = Console::new(3, 3);
    for line in [
        "kafka-topics --bootstrap-server localhost:9092 --create --topic orders --partitions 2 --replication-factor 3",
        "sim consumer start s1 --group g --topic orders --group-instance-id static-1",
        "sim consumer start d1 --group g --topic orders",
        "sim advance 15s",
    ] {
        assert!(!run(&mut c, line).failed, "{line}");
    }
    let out = run(&mut c, &format!("{CG} --describe --group g --members"));
    let text = stdout(&out);
    assert!(text[1].contains(" GROUP-INSTANCE-ID "), "{text:?}");
    let dynamic = text.iter().find(|l| l.contains(" d1 ")).expect("d1 row");
    let static_ = text.iter().find(|l| l.contains(" s1 ")).expect("s1 row");
    assert!(static_.contains(" static-1          /127.0.0.1"), "{static_:?}");
    // `groupInstanceId().orElse("")`: 17 spaces of padding, no `-`.
    assert!(dynamic.contains(&format!(" {:<17} /127.0.0.1", "")), "{dynamic:?}");
    assert!(!dynamic.contains(" - "), "{dynamic:?}");
}

#[test]
fn d10e_members_keep_coordinator_order() {
    let mut c = Console::new(3, 3);
    for line in [
        "kafka-topics --bootstrap-server localhost:9092 --create --topic orders --partitions 3 --replication-factor 3",
        "sim consumer start c1 --group orders-app --topic orders",
        "sim consumer start c2 --group orders-app --topic orders --assignor range",
        "sim advance 20s",
    ] {
        assert!(!run(&mut c, line).failed, "{line}");
    }
    let out = run(&mut c, &format!("{CG} --describe --group orders-app --members"));
    let rows: Vec<(String, String)> = stdout(&out)
        .iter()
        .skip(2)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            (w[1].to_string(), w[4].to_string())
        })
        .collect();
    // The coordinator's HashMap: "c2-b3-2" hashes to bucket 6, "c1-b3-1" to
    // bucket 9, whatever their partition counts.
    let expected = [("c2-b3-2", "1"), ("c1-b3-1", "2")].map(|(a, b)| (a.to_string(), b.to_string()));
    assert_eq!(rows, expected.to_vec(), "{}", out.text());
}

#[test]
fn d11_shift_by_without_commit_is_usage_error() {
    let mut c = cluster();
    let out = run(&mut c, &format!("{CG} --reset-offsets --group fresh --topic orders --shift-by 1 --dry-run"));
    assert!(out.failed);
    assert!(stdout(&out).is_empty(), "{}", out.text());
    assert_eq!(
        stderr(&out),
        vec!["Cannot shift offset for partition orders-0 since there is no current committed offset"]
    );
}

#[test]
fn d12_reset_unknown_topic_prints_the_unwrapped_cause() {
    let mut c = cluster();
    let out = run(&mut c, &format!("{CG} --reset-offsets --group billing --topic nope --to-earliest --dry-run"));
    assert!(out.failed);
    assert_eq!(
        stdout(&out),
        vec![
            "",
            "Error: Executing consumer group command failed due to This server does not host this topic-partition."
        ]
    );
    assert_eq!(
        stderr(&out),
        vec!["org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition."]
    );
}

#[test]
fn d13_delete_failure_uses_the_cause() {
    let mut c = cluster();
    let out = run(&mut c, &format!("{CG} --delete --group orders-app"));
    assert_eq!(
        stdout(&out),
        vec![
            "",
            "Error: Deletion of some consumer groups failed:",
            "* Group 'orders-app' could not be deleted due to: org.apache.kafka.common.errors.GroupNotEmptyException: The group is not empty."
        ]
    );
}

#[test]
fn d14_clamp_warns_follow_the_table_order() {
    let mut c = Console::new(3, 3);
    for line in [
        "kafka-topics --bootstrap-server localhost:9092 --create --topic A --partitions 3 --replication-factor 3",
        "sim consumer start k --group g --topic A",
        "sim advance 15s",
        "sim consumer stop k",
        "sim advance 5s",
    ] {
        assert!(!run(&mut c, line).failed, "{line}");
    }
    let out = run(&mut c, &format!("{CG} --reset-offsets --group g --topic A --to-offset 7 --dry-run"));
    let warned: Vec<String> = stderr(&out)
        .iter()
        .filter_map(|l| l.split("topic partition ").nth(1).and_then(|r| r.split('.').next()).map(str::to_string))
        .collect();
    let rows: Vec<String> = stdout(&out)
        .iter()
        .skip(2)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            format!("{}-{}", w[1], w[2])
        })
        .collect();
    // `HashMap<TopicPartition, Long>` order.
    assert_eq!(rows, vec!["A-2", "A-1", "A-0"], "{}", out.text());
    assert_eq!(warned, rows, "{}", out.text());
}

#[test]
fn d15_errors_print_caused_by_lines() {
    let mut c = cluster();
    let out = run(&mut c, &format!("{CG} --describe --group nope"));
    assert_eq!(
        stderr(&out),
        vec![
            "java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.GroupIdNotFoundException: Group nope not found.",
            "Caused by: org.apache.kafka.common.errors.GroupIdNotFoundException: Group nope not found."
        ]
    );
}

#[test]
fn d16_admin_timeouts_name_the_calls() {
    let mut c = cluster();
    for b in 1..=3 {
        assert!(!run(&mut c, &format!("sim broker kill {b}")).failed);
    }
    let timeout = "org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call:";
    let out = run(&mut c, &format!("{CG} --describe --group orders-app --timeout 1000"));
    assert!(
        stdout(&out).contains(&format!(
            "Error: Executing consumer group command failed due to {timeout} describeConsumerGroups(api=FIND_COORDINATOR)"
        )),
        "{}",
        out.text()
    );
    let out = run(&mut c, &format!("{CG} --list --timeout 1000"));
    let execution = format!("java.util.concurrent.ExecutionException: {timeout} findAllBrokers");
    assert!(
        stdout(&out).contains(&format!("Error: Executing consumer group command failed due to {execution}")),
        "{}",
        out.text()
    );
    let trace: Vec<String> = stderr(&out).into_iter().filter(|l| !l.starts_with('[')).collect();
    assert_eq!(
        trace,
        vec![
            format!("java.lang.RuntimeException: {execution}"),
            format!("Caused by: {execution}"),
            format!("Caused by: {timeout} findAllBrokers"),
        ]
    );
}

#[test]
fn d30_docs_agree_on_lag() {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/simplifications.md")).expect("docs");
    assert!(!docs.contains("Lag = LEO − committed"), "simplifications.md still says Lag = LEO − committed");
}

#[test]
fn d32_missing_execute_warn_has_the_space() {
    let mut c = cluster();
    let out = run(&mut c, &format!("{CG} --reset-offsets --group billing --topic orders --to-earliest"));
    assert!(stderr(&out)[0].starts_with(
        "WARN: No action will be performed as the --execute option is missing. In a future major release,"
    ));
}

#[test]
fn d33_validate_regex_needs_no_bootstrap_server() {
    let mut c = Console::new(1, 3);
    let out = run(&mut c, "kafka-consumer-groups --validate-regex \"a.*\"");
    assert!(!out.failed, "{}", out.text());
    assert_eq!(stdout(&out), vec!["The regular expression `a.*` is valid."]);
    let out = run(&mut c, "kafka-consumer-groups --bootstrap-server localhost:9092 --validate-regex \"(a\"");
    assert_eq!(stdout(&out), vec!["The regular expression `(a` is invalid: missing closing )."]);
    let out = run(&mut c, "kafka-consumer-groups --validate-regex \"t[z-a]\"");
    assert_eq!(stdout(&out), vec!["The regular expression `t[z-a]` is invalid: invalid character class range."]);
}
