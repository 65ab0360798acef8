//! Coverage of the trace's rendering (`i18n::trace::render`): rich scenarios
//! record every kind of trace event, and each event's Korean rendering must
//! contain Hangul and keep no English word outside Kafka's own terms and the
//! scenarios' ids. An event added to the core without Korean text fails here.
mod common;
use common::*;
use kafkasim::console::Console;
use kafkasim::i18n::trace::render;
use kafkasim::i18n::Lang;
use kafkasim::sim::commands::ResetTo;
use kafkasim::sim::commands::{
    BrokerCommand, Command, ConsumerCommand, GroupCommand, LinkCommand, ProducerCommand, TopicCommand,
};
use kafkasim::sim::coordinator::group::GroupState;
use kafkasim::sim::ids::{BrokerId, ClientId, TopicPartition};
use kafkasim::sim::messages::NodeId;
use kafkasim::sim::simulation::Simulation;
use kafkasim::sim::time::{secs, SimTime};
use kafkasim::sim::trace::TraceEvent;
use kafkasim::sim::workloads::w1_setup;
use std::collections::BTreeMap;
use std::path::Path;

/// The names the scenarios give topics, groups and clients (ids, not English).
const IDS: &[&str] = &[
    "t", "u", "w", "x", "g", "h", "n", "a", "p", "c", "orders", "clicks", "payments", "users", "events", "loadgen",
    "gc", "profiles",
];

/// Kafka's own words that Korean Kafka material writes in English: API and
/// method names, group states, exception names, assignors, rebalance modes,
/// the consumer protocol type, topic config values, and the unit `ms`.
/// Ids, numbers, config keys (with a `.`, `-`, `_` or `=`) and all-capital
/// names (ISR, HW, LEO, RF, error codes) are allowed without being listed.
const KEPT_TERMS: &[&str] = &[
    "ms",
    "acks",
    "poll",
    "seek",
    "commitSync",
    "eager",
    "range",
    "roundrobin",
    "sticky",
    "consumer",
    "JoinGroup",
    "SyncGroup",
    "LeaveGroup",
    "Heartbeat",
    "OffsetCommit",
    "OffsetFetch",
    "Empty",
    "PreparingRebalance",
    "CompletingRebalance",
    "Stable",
    "Dead",
    "CommitFailedException",
    "NoOffsetForPartitionException",
    "KafkaSim",
    "compact",
    "delete",
    "log",
    "start",
    "offset",
    "DeleteRecords",
    "true",
    "false",
];

/// Whether `text` contains a Hangul syllable.
fn has_hangul(text: &str) -> bool {
    text.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

/// The words of `korean` still in English that are neither in [`KEPT_TERMS`]
/// nor in `ids`, and are not id-like (digits, `.`, `-`, `_`, `=`) or all capitals.
fn untranslated_words<'a>(korean: &'a str, ids: &[&str]) -> Vec<&'a str> {
    korean
        .split(|c: char| !(c.is_ascii_alphanumeric() || "._=-".contains(c)))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit() || "._=-".contains(c)))
        .filter(|w| !(w.len() > 1 && w.chars().all(|c| c.is_ascii_uppercase())))
        .filter(|w| !KEPT_TERMS.contains(w) && !ids.contains(w))
        .collect()
}

/// Every distinct event, keyed by its English line.
type Lines = BTreeMap<String, TraceEvent>;

/// Every trace event written so far that `seen` has not collected yet.
fn collect(sim: &Simulation, seen: &mut u64, out: &mut Lines) {
    assert!(sim.trace().lines().next().is_none_or(|l| l.index <= *seen), "collect before the trace drops lines");
    out.extend(sim.trace().lines().filter(|l| l.index >= *seen).map(|l| (render(&l.event, Lang::En), l.event.clone())));
    *seen = sim.trace().count();
}

/// The golden console scripts, each on its own cluster (`# seed:` / `# brokers:` headers).
fn golden_scripts(out: &mut Lines) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut paths: Vec<_> =
        std::fs::read_dir(&dir).expect("golden dir").filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.retain(|p| p.extension().is_some_and(|x| x == "script"));
    assert!(paths.len() >= 5, "golden scripts found");
    for path in paths {
        let script = std::fs::read_to_string(&path).expect("script");
        let header = |key: &str, default: u64| {
            { script.lines().find_map(|l| l.strip_prefix(&format!("# {key}: ")).and_then(|v| v.trim().parse().ok())) }
                .unwrap_or(default)
        };
        let mut console = Console::new(header("seed", 1), header("brokers", 3) as u32);
        let mut seen = 0;
        for line in script.lines() {
            console.run_line(line);
            collect(console.simulation(), &mut seen, out);
        }
        console.finish();
        collect(console.simulation(), &mut seen, out);
    }
}

/// W1 with its two consumer groups for five minutes: broker 3 dies at 2:00 and returns at 4:00.
fn w1_with_groups(out: &mut Lines) {
    let mut sim = w1_setup(42);
    let mut seen = 0;
    for t in 4..=300u64 {
        sim.run_until(SimTime(secs(t).0));
        match t {
            120 => sim.apply(Command::Broker(BrokerCommand::Kill(BrokerId(3)))).map(|_| ()).expect("kill"),
            240 => sim.apply(Command::Broker(BrokerCommand::Start(BrokerId(3)))).map(|_| ()).expect("start"),
            _ => {}
        }
        collect(&sim, &mut seen, out);
    }
}

/// A `Cluster` whose lines are collected after every `run_for`.
struct Run<'a> {
    c: Cluster,
    seen: u64,
    out: &'a mut Lines,
}

impl Run<'_> {
    fn new(seed: u64, brokers: u32, out: &mut Lines) -> Run<'_> {
        let mut c = Cluster::new(seed, brokers);
        c.check = false; // data is lost on purpose; the behaviour tests check invariants
        Run { c, seen: 0, out }
    }

    fn run(&mut self, s: u64) {
        for _ in 0..s {
            self.c.run_for(seconds(1));
            collect(&self.c.sim, &mut self.seen, self.out);
        }
    }

    fn apply(&mut self, command: Command) {
        self.c.sim.apply(command).expect("command accepted");
        collect(&self.c.sim, &mut self.seen, self.out);
    }
}

/// Unclean election, truncation, an acknowledged record lost, a lagging
/// follower shrunk out of the ISR, a partitioned broker, lost responses retried
/// without idempotence, and the admin commands.
fn failover(out: &mut Lines) {
    let mut r = Run::new(7, 3, out);
    r.c.create_topic("u", 1, 2, &[("unclean.leader.election.enable", "true")]);
    r.c.create_topic("t", 1, 3, &[]);
    let leader = r.c.leader("u", 0).expect("leader").0;
    let follower = r.c.partition("u", 0).replicas.iter().map(|b| b.0).find(|b| *b != leader).expect("follower");
    r.c.producer("p", &[("acks", "1")]);
    r.c.send_to("p", "u", 0, "before");
    r.run(1);
    r.c.kill(follower);
    r.run(12);
    r.c.send_to("p", "u", 0, "only-on-leader");
    r.run(1);
    r.c.kill(leader);
    r.run(12);
    r.c.start(follower);
    r.run(6);
    r.c.start(leader);
    r.run(10);
    // A follower of t that cannot fetch for longer than replica.lag.time.max.ms.
    let t_leader = r.c.leader("t", 0).expect("leader");
    let lagging = r.c.partition("t", 0).replicas.iter().copied().find(|b| *b != t_leader).expect("follower");
    r.c.workload("w", "t", 5, 0, &[]);
    r.apply(Command::Link(LinkCommand::Cut { from: lagging, to: t_leader, one_way: false }));
    r.run(40);
    r.apply(Command::Link(LinkCommand::Heal { a: lagging, b: t_leader }));
    r.apply(Command::Producer(ProducerCommand::Stop { client_id: "w".into() }));
    r.apply(Command::Broker(BrokerCommand::Partition(lagging)));
    r.run(12);
    r.apply(Command::Broker(BrokerCommand::Heal(lagging)));
    r.run(12);
    // Lost produce responses, retried without idempotence: one send, two offsets.
    r.c.producer("p1", &[("enable.idempotence", "false"), ("request.timeout.ms", "2000"), ("linger.ms", "0")]);
    let t_leader = r.c.leader("t", 0).expect("leader");
    let client = NodeId::Client(r.c.sim.client_ids()[&ClientId("p1".into())]);
    r.c.sim.surgery_cut_link(NodeId::Broker(t_leader), client, true);
    r.c.send_to("p1", "t", 0, "once");
    r.run(2);
    r.c.sim.surgery_heal_link(NodeId::Broker(t_leader), client);
    r.run(5);
    r.apply(Command::Topic(TopicCommand::ElectLeaders { preferred: false, targets: None }));
    r.apply(Command::Topic(TopicCommand::ElectLeaders { preferred: true, targets: None }));
    r.apply(Command::Broker(BrokerCommand::Stop(BrokerId(1))));
    r.run(10);
    r.apply(Command::Broker(BrokerCommand::Start(BrokerId(1))));
    r.run(10);
}

/// Static members, a coordinator failover, a stalled and a killed member,
/// commits before processing, seek, pause, commitSync and an offset reset.
fn groups(out: &mut Lines) {
    let fast = [("session.timeout.ms", "6000"), ("heartbeat.interval.ms", "1000"), ("auto.offset.reset", "earliest")];
    let mut r = Run::new(31, 3, out);
    r.c.create_topic("t", 2, 3, &[]);
    r.c.producer("p", &[]);
    r.c.consumer_with("c1", "g", &["t"], "range", Some("i1"), &fast, 0);
    r.c.consumer_with("c2", "g", &["t"], "range", Some("i2"), &fast, 0);
    r.c.consumer("c3", "h", &["t"], "roundrobin", &[("max.poll.interval.ms", "8000"), fast[0], fast[1], fast[2]]);
    r.c.consumer(
        "c4",
        "h",
        &["t"],
        "roundrobin",
        &[("enable.auto.commit", "false"), ("kafkasim.commit", "before-processing")],
    );
    r.c.fill("p", "t", 0, 30);
    r.run(20);
    r.c.kill_consumer("c1");
    r.run(2);
    r.c.consumer_with("c1", "g", &["t"], "range", Some("i1"), &fast, 0);
    r.run(5);
    r.apply(Command::Consumer(ConsumerCommand::Commit { client_id: "c2".into() }));
    let owned = r.c.owned("c2");
    let partition = owned.first().and_then(|tp| tp.strip_prefix("t-")).expect("c2 owns a partition of t");
    let tp = TopicPartition::new("t", partition.parse().expect("partition number"));
    r.apply(Command::Consumer(ConsumerCommand::Seek { client_id: "c2".into(), tp: tp.clone(), offset: 0 }));
    r.apply(Command::Consumer(ConsumerCommand::Pause {
        client_id: "c2".into(),
        partitions: vec![tp.clone()],
        paused: true,
    }));
    r.apply(Command::Consumer(ConsumerCommand::Pause { client_id: "c2".into(), partitions: vec![tp], paused: false }));
    r.c.stall_consumer("c3", true);
    r.run(15);
    r.c.stall_consumer("c3", false);
    r.c.kill_consumer("c4");
    r.c.fill("p", "t", 1, 30);
    r.run(20);
    // The coordinator moves twice: by controlled shutdown (it resigns), then by a crash.
    let coordinator = r.c.group("g").coordinator.expect("coordinator");
    r.apply(Command::Broker(BrokerCommand::Stop(coordinator)));
    r.run(15);
    r.c.start(coordinator.0);
    r.run(10);
    let coordinator = r.c.group("g").coordinator.expect("coordinator");
    r.c.kill(coordinator.0);
    r.run(30);
    r.c.start(coordinator.0);
    r.run(10);
    for id in ["c1", "c2"] {
        // A member may already have stopped by itself (a fenced static member does).
        let _ = r.c.sim.apply(Command::Consumer(ConsumerCommand::Stop { client_id: id.into() }));
    }
    r.run(10); // static members leave by session timeout
    assert_eq!(r.c.group("g").state, GroupState::Empty, "g is empty before its offsets are reset");
    for to in [ResetTo::Earliest, ResetTo::Latest, ResetTo::Offset(3)] {
        r.apply(Command::Group(GroupCommand::ResetOffsets { group: "g".into(), topic: "t".into(), to }));
    }
    r.run(2);
}

/// At-most-once: a member commits before processing and crashes mid-batch;
/// the next owner starts after records nobody processed.
fn skipped_records(out: &mut Lines) {
    let mut r = Run::new(20, 3, out);
    r.c.create_topic("x", 1, 3, &[]);
    r.c.producer("p", &[]);
    let fast = [("session.timeout.ms", "6000"), ("heartbeat.interval.ms", "1000"), ("auto.offset.reset", "earliest")];
    let props = [fast[0], fast[1], fast[2], ("enable.auto.commit", "false"), ("kafkasim.commit", "before-processing")];
    r.c.consumer_with("c1", "n", &["x"], "range", None, &props, 10_000);
    r.run(20);
    r.c.consumer_with("c2", "n", &["x"], "range", None, &props, 10);
    r.run(20);
    r.c.fill("p", "x", 0, 40);
    r.run(3);
    r.c.kill_consumer("c1");
    r.run(20);
}

fn all_lines() -> Lines {
    let mut out = BTreeMap::new();
    golden_scripts(&mut out);
    w1_with_groups(&mut out);
    failover(&mut out);
    groups(&mut out);
    skipped_records(&mut out);
    out
}

#[test]
fn every_trace_line_reads_in_korean() {
    let lines = all_lines();
    // The scenarios really write the kinds of lines they are here for.
    let missing: Vec<&str> = [
        "crashed",
        "controlled shutdown",
        "→ fenced",
        "UNCLEAN election",
        "truncates",
        "shrink ISR",
        "shrinks ISR",
        "expands ISR",
        "ACKNOWLEDGED RECORD LOST",
        "written twice",
        "→ retry in",
        "static member",
        "INCONSISTENT_GROUP_PROTOCOL",
        "PreparingRebalance",
        "Stable generation",
        "session timeout",
        "poll timeout has expired",
        "loaded group",
        "resigns as coordinator",
        "skipped",
        "again (redelivery",
        "commitSync()",
        "seek",
        "pause",
        "reset offsets",
        "partition broker",
        "unclean leader election",
    ]
    .into_iter()
    .filter(|kind| !lines.keys().any(|l| l.contains(kind)))
    .collect();
    assert!(missing.is_empty(), "no scenario wrote a line with {missing:?}");
    let bad: Vec<String> = lines
        .iter()
        .filter_map(|(en, event)| {
            let ko = render(event, Lang::Ko);
            let words = untranslated_words(&ko, IDS);
            (!has_hangul(&ko) || !words.is_empty()).then(|| format!("{en}\n    → {ko}\n    English left: {words:?}"))
        })
        .collect();
    assert!(bad.is_empty(), "{} of {} lines are not Korean:\n{}", bad.len(), lines.len(), bad.join("\n"));
}

/// The English trace writes ids the way Kafka and the rest of the trace do
/// (`[3,1]`, `["t-1"]`), never in Rust's debug form (`BrokerId(3)`,
/// `TopicPartition { topic: TopicName("t"), partition: 1 }`).
#[test]
fn no_trace_line_prints_rust_debug_forms() {
    let lines = all_lines();
    let debug: Vec<&String> = lines
        .keys()
        .filter(|l| ["BrokerId(", "TopicPartition {", "TopicName("].iter().any(|d| l.contains(d)))
        .collect();
    assert!(debug.is_empty(), "Rust debug output in the trace: {debug:#?}");
    let shrink = lines.keys().find(|l| l.contains("→ shrink ISR")).expect("a shrink line");
    let followers = shrink.split("follower(s) [").nth(1).and_then(|r| r.split(']').next()).expect("follower list");
    assert!(followers.split(',').all(|b| b.parse::<u32>().is_ok()), "ISR style broker list: {shrink}");
    for verb in ["pause", "resume"] {
        let line = lines.keys().find(|l| l.starts_with("command: c2 ") && l.contains(verb)).expect("pause/resume line");
        assert!(line.contains(&format!("{verb} [\"t-")), "topic-partitions as t-n: {line}");
    }
}
