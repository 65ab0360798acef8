//! Failures the fuzzer found, replayed from their minimised scripts.
//!
//! Each script starts with the `# seed:` / `# brokers:` headers the fuzzer
//! prints; [`replay`] runs it line by line with every fuzz check
//! (`kafkasim::fuzz::check::run_checked`) and returns the first problem.
#![cfg(not(target_arch = "wasm32"))]
use kafkasim::console::Console;
use kafkasim::fuzz::check::run_checked;
use kafkasim::sim::invariants::Invariants;

/// Runs a minimised fuzz script; `Err` names the first failing line and its problem.
fn replay(script: &str, budget: u64) -> Result<Console, String> {
    let header = |name: &str| {
        script.lines().find_map(|l| l.strip_prefix(&format!("# {name}: ")).map(|v| v.trim().parse::<u64>().unwrap()))
    };
    let mut c = Console::new(header("seed").unwrap(), header("brokers").unwrap() as u32);
    c.set_line_budget(budget);
    let mut invariants = Invariants::new(false);
    for line in script.lines().filter(|l| !l.starts_with("# ")) {
        if let Err(p) = run_checked(&mut c, &mut invariants, line) {
            return Err(format!("{line}: {p}"));
        }
    }
    Ok(c)
}

/// Seed 1, episode 278: a coordinator appended the Empty group's record
/// (generation 2) and was isolated before it replicated; the new coordinator
/// loaded generation 1, the last committed record, as Kafka's does (an
/// uncommitted write dies with its leader; `CoordinatorRuntime` completes a
/// request only once its records commit). The invariant compared in-memory
/// generations and reported "generation 1 after 2"; it now compares the
/// committed generation.
#[test]
fn fuzz_ep278_uncommitted_generation_is_lost_with_its_coordinator() {
    let script = "# seed: 5384
# brokers: 2
kafka-topics --bootstrap-server localhost:9092 --create --topic t --partitions 3 --replication-factor 1
kafka-topics --bootstrap-server localhost:9092 --create --topic orders --partitions 2
sim broker slow 2 .5s
kafka-console-consumer --bootstrap-server localhost:9093 --topic orders 0 --enable-systest-events
sim broker isolate 2
sim advance 14394ms
sim broker heal 2
sim consumer start load --topic orders --group-instance-id load --group g2 --processing-ms 1
sim advance 23308ms";
    let c = replay(script, 100_000).unwrap_or_else(|e| panic!("{e}"));
    // The scenario is the one described: broker 1 took the group over at generation 1.
    let loaded = c
        .simulation()
        .trace()
        .lines()
        .map(|t| kafkasim::i18n::trace::line_text(t, kafkasim::i18n::Lang::En))
        .any(|t| t.starts_with("broker 1 loaded group console-consumer-") && t.contains("generation 1,"));
    assert!(loaded, "broker 1 did not load the group at generation 1");
}

/// Seed 1, episode 175: static member `p1` (consumer `load`, on `t`) was
/// replaced by a consumer with the same `group.instance.id` on `orders`. As
/// the returning static leader it skipped the assignment (KIP-814) and was
/// handed `load`'s partitions of `t`, which it took although it does not
/// subscribe to `t`; so it and the zombie `load` both held `t-0` in
/// generation 1. Kafka's `ConsumerCoordinator.onJoinComplete` refuses an
/// assignment outside the subscription and rejoins.
/// Episode 175's start: static member `p1` (`load`, on `t`) joins while both
/// brokers are slowed, so its coordinator answers late.
const EP175_START: &str = "# seed: 477772
# brokers: 2
kafka-topics --bootstrap-server localhost:9092 --create --topic t --partitions 3 --replication-factor 1
kafka-topics --bootstrap-server localhost:9092 --create --topic orders --partitions 2
sim broker slow 2 1s
sim consumer start load --group orders-app --topic t --group-instance-id p1 --processing-ms 5
kafka-console-consumer --bootstrap-server localhost:9092 --topic t --from-beginning --property retention.bytes
sim broker slow 1 13856ms
sim advance 10s
";

#[test]
fn fuzz_ep175_assignment_outside_subscription_rejoins() {
    let script = &format!("{EP175_START}sim consumer start console-producer --consumer-property '$\t,*\t$:, ' --group-instance-id p1 --assignor range --topic orders --group orders-app
sim advance 7s
sim advance 20s");
    let c = replay(script, 100_000).unwrap_or_else(|e| panic!("{e}"));
    let sim = c.simulation();
    let trace: Vec<String> =
        sim.trace().lines().map(|t| kafkasim::i18n::trace::line_text(t, kafkasim::i18n::Lang::En)).collect();
    assert!(
        trace.iter().any(|t| t.starts_with("consumer console-producer generation 1: received assignment")
            && t.ends_with("does not match the current subscription (t-0 is not subscribed); will re-join")),
        "{trace:#?}"
    );
    // It rejoined and now holds what it subscribes to.
    let cp = sim.consumers().values().find(|c| c.config.client_id == "console-producer").unwrap();
    assert!(cp.generation > 1, "generation {}", cp.generation);
    assert!(cp.assigned.keys().all(|tp| tp.topic.as_str() == "orders"), "{:?}", cp.assigned.keys().collect::<Vec<_>>());
    assert!(!cp.assigned.is_empty());
}

/// Episode 175 with one subscription: the new instance of static member
/// `p1` takes over the old one's member id, generation and partitions without
/// a rebalance (KIP-345), while the old instance, its coordinator too slow to
/// tell it, still believes it owns them — as in Kafka, until its next request
/// fails with FENCED_INSTANCE_ID. The invariant leaves such a zombie out.
#[test]
fn fuzz_ep175_replaced_static_member_is_a_zombie() {
    let script = &format!("{EP175_START}sim consumer start console-producer --group-instance-id p1 --assignor range --topic t --group orders-app
sim advance 7s");
    let c = replay(script, 100_000).unwrap_or_else(|e| panic!("{e}"));
    let sim = c.simulation();
    let by_name = |n: &str| sim.consumers().values().find(|c| c.config.client_id == n).unwrap();
    let (old, new) = (by_name("load"), by_name("console-producer"));
    // The situation the invariant must tolerate: both in generation 1 with t-0.
    let t0 = kafkasim::sim::ids::TopicPartition::new("t", 0);
    assert_eq!((old.generation, new.generation), (1, 1));
    assert!(old.assigned.contains_key(&t0) && new.assigned.contains_key(&t0));
    assert!(sim.trace().lines().any(|t| kafkasim::i18n::trace::line_text(t, kafkasim::i18n::Lang::En)
        .contains("static member p1 rejoined as console-producer")));
}
