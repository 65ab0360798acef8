//! The console lines behind the add/alter buttons.
//!
//! Every button in the picture acts through a console line, so the
//! transcript teaches the CLI for what was clicked. These functions build
//! those lines from the forms' fields; the console validates them and
//! answers with Kafka's own error if a field is wrong, exactly as if the
//! line had been typed. Free-text fields are trimmed and cut at the first
//! space, so one field cannot smuggle in another option.

use crate::sim::config::BrokerConfig;
use crate::sim::view::ClusterView;

const BOOTSTRAP: &str = "--bootstrap-server localhost:9092";

/// The `acks` choices; a form opens on the first, Kafka's default since 3.0 (`all`,
/// which `enable.idempotence=true`, also the default, requires).
pub const ACKS: [&str; 3] = ["all", "1", "0"];

/// The `--assignor` choices; a form opens on the first, `""`: no `--assignor`,
/// so the consumer keeps Kafka's default `partition.assignment.strategy`
/// (`range, cooperative-sticky`).
pub const ASSIGNORS: [&str; 5] = ["", "range", "roundrobin", "sticky", "cooperative-sticky"];

/// Kafka's default `partition.assignment.strategy`, as the assignor choice `""` is labelled.
pub const DEFAULT_ASSIGNORS: &str = "range, cooperative-sticky";

/// The topic configs the alter form offers; it opens on the first.
pub const CONFIG_KEYS: [&str; 3] = ["min.insync.replicas", "unclean.leader.election.enable", "retention.ms"];

/// What the create-topic form opens with: Kafka's `num.partitions`,
/// `default.replication.factor` and `min.insync.replicas` defaults.
pub fn topic_defaults() -> (u32, u32, u32) {
    let b = BrokerConfig::default();
    (b.num_partitions, b.default_replication_factor, b.topic_defaults.min_insync_replicas)
}

/// The topics a client form offers, each once: every topic but the internal
/// ones (`__consumer_offsets`), which clients do not produce to or subscribe to.
pub fn client_topics(view: &ClusterView) -> Vec<String> {
    let mut topics: Vec<String> = view.partitions.iter().filter(|p| !p.internal).map(|p| p.topic.clone()).collect();
    topics.dedup();
    topics
}

fn word(s: &str) -> &str {
    s.split_whitespace().next().unwrap_or("")
}

/// `kafka-topics --create` with partitions, RF and optionally `min.insync.replicas`.
pub fn create_topic(name: &str, partitions: u32, rf: u32, min_isr: Option<u32>) -> String {
    let mut line = format!(
        "kafka-topics {BOOTSTRAP} --create --topic {} --partitions {partitions} --replication-factor {rf}",
        word(name)
    );
    if let Some(m) = min_isr {
        line.push_str(&format!(" --config min.insync.replicas={m}"));
    }
    line
}

/// `kafka-topics --delete`.
pub fn delete_topic(name: &str) -> String {
    format!("kafka-topics {BOOTSTRAP} --delete --topic {}", word(name))
}

/// `sim producer start` with rate, keys, `acks` and idempotence.
pub fn start_producer(id: &str, topic: &str, rate: u32, keys: u32, acks: &str, idempotent: bool) -> String {
    let mut line = format!("sim producer start {} --topic {} --rate {rate}", word(id), word(topic));
    if keys > 0 {
        line.push_str(&format!(" --keys {keys}"));
    }
    line.push_str(&format!(" --producer-property acks={}", word(acks)));
    line.push_str(&format!(" --producer-property enable.idempotence={idempotent}"));
    line
}

/// `sim consumer start` with group, topic, assignor and optionally a session timeout.
pub fn start_consumer(id: &str, group: &str, topic: &str, assignor: &str, session_ms: Option<u32>) -> String {
    let mut line = format!("sim consumer start {} --group {} --topic {}", word(id), word(group), word(topic));
    if !word(assignor).is_empty() {
        line.push_str(&format!(" --assignor {}", word(assignor)));
    }
    if let Some(ms) = session_ms {
        line.push_str(&format!(" --consumer-property session.timeout.ms={ms}"));
    }
    line
}

/// What a consumer button does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsumerAction {
    Stop,
    Kill,
    Stall,
    Resume,
}

impl ConsumerAction {
    pub const ALL: [ConsumerAction; 4] =
        [ConsumerAction::Kill, ConsumerAction::Stall, ConsumerAction::Resume, ConsumerAction::Stop];

    /// The `sim consumer` verb (and the button's `data-action`).
    pub fn verb(self) -> &'static str {
        match self {
            ConsumerAction::Stop => "stop",
            ConsumerAction::Kill => "kill",
            ConsumerAction::Stall => "stall",
            ConsumerAction::Resume => "resume",
        }
    }
}

/// `sim consumer stop|kill|stall|resume <id>`.
pub fn consumer_action(id: &str, action: ConsumerAction) -> String {
    format!("sim consumer {} {}", action.verb(), word(id))
}

/// `kafka-configs --alter --add-config key=value` on a topic.
pub fn alter_topic_config(topic: &str, key: &str, value: &str) -> String {
    format!(
        "kafka-configs {BOOTSTRAP} --entity-type topics --entity-name {} --alter --add-config {}={}",
        word(topic),
        word(key),
        word(value)
    )
}

/// The next free name `prefix-N` not in `taken` (N from 1).
pub fn next_name(prefix: &str, taken: &[&str]) -> String {
    (1..).map(|n| format!("{prefix}-{n}")).find(|n| !taken.contains(&n.as_str())).expect("unbounded")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::{Console, Stream};

    fn ok(c: &mut Console, line: &str) {
        let out = c.run_line(line);
        assert!(out.lines.iter().all(|l| l.stream != Stream::Stderr), "{line}: {out:?}");
    }

    #[test]
    fn every_form_line_is_accepted_by_the_console() {
        let mut c = Console::new(3, 3);
        ok(&mut c, &create_topic("pay ments", 3, 3, Some(2)));
        assert!(c.simulation().controller().image.partitions().any(|(tp, _)| tp.topic.as_str() == "pay"));
        ok(&mut c, &start_producer("p1", "pay", 10, 4, "all", true));
        ok(&mut c, &start_producer("p2", "pay", 5, 0, "1", false));
        ok(&mut c, &start_consumer("c1", "g", "pay", "range", Some(6000)));
        ok(&mut c, &start_consumer("c2", "g", "pay", "", None));
        ok(&mut c, "sim advance 5s");
        ok(&mut c, &consumer_action("c2", ConsumerAction::Kill));
        for a in [ConsumerAction::Stall, ConsumerAction::Resume, ConsumerAction::Stop] {
            ok(&mut c, &consumer_action("c1", a));
        }
        ok(&mut c, &alter_topic_config("pay", "retention.ms", "60000"));
    }

    #[test]
    fn every_form_works_with_its_defaults() {
        let mut c = Console::new(3, 3);
        let (partitions, rf, min_isr) = topic_defaults();
        assert_eq!((partitions, rf, min_isr), (1, 1, 1), "Kafka's defaults");
        ok(&mut c, &create_topic("orders", partitions, rf, Some(min_isr)));
        ok(&mut c, "sim consumer start c0 --group g0 --topic orders");
        ok(&mut c, "sim advance 5s");
        let topics = client_topics(&c.simulation().view());
        assert_eq!(topics, vec!["orders".to_string()], "no internal topic");
        ok(&mut c, &start_producer("producer-1", &topics[0], 10, 10, ACKS[0], true));
        ok(&mut c, &start_consumer("consumer-1", "app", &topics[0], ASSIGNORS[0], Some(10_000)));
        ok(&mut c, &alter_topic_config(&topics[0], CONFIG_KEYS[0], "2"));
    }

    #[test]
    fn lines_read_like_the_docs() {
        assert_eq!(
            create_topic("t", 1, 3, None),
            "kafka-topics --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 3"
        );
        assert_eq!(consumer_action("c1", ConsumerAction::Kill), "sim consumer kill c1");
        assert_eq!(next_name("consumer", &["consumer-1", "consumer-3"]), "consumer-2");
    }
}
