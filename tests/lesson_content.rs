//! What the room must see in particular lessons (issue 20, item 3): facts
//! about their content, beyond "every lesson plays" (tests/lessons.rs).
//! Native only: the browser build fetches lesson files instead of embedding them.
#![cfg(not(target_arch = "wasm32"))]
use kafkasim::console::output::render;
use kafkasim::lessons::{self, LessonRun, Query};

fn at(id: &str, step: usize) -> LessonRun {
    LessonRun::at(lessons::find(id).expect("a built-in lesson"), step).expect("plays")
}

fn leo(run: &LessonRun, partition: &str) -> i64 {
    let v = Query::Leo(partition.into()).eval(run.simulation(), &Default::default());
    v.parse().unwrap_or_else(|_| panic!("LEO of {partition}: {v}"))
}

/// Lesson 4 fails over `orders-0`: it must hold records before its leader dies,
/// and the new leader must have them.
#[test]
fn broker_failure_fails_over_a_partition_that_holds_records() {
    let before = leo(&at("broker-failure", 1), "orders-0");
    assert!(before > 0, "orders-0 holds no record before its leader dies (LEO {before})");
    let after = leo(&at("broker-failure", 2), "orders-0");
    assert!(after >= before, "the new leader of orders-0 has the records (LEO {after} < {before})");
}

/// Lesson 12 reads the four names with the book's `kafka-console-consumer --from-beginning`.
#[test]
fn hello_kafka_prints_the_four_names_with_the_books_console_consumer() {
    let before = at("hello-kafka", 3).transcript().len();
    let run = at("hello-kafka", 4);
    let text = render(&run.transcript()[before..]);
    assert!(
        text.contains("$ kafka-console-consumer --bootstrap-server localhost:9092 --topic users --from-beginning"),
        "step 4 runs the book's command:\n{text}"
    );
    for name in ["mitch", "elyse", "isabelle", "Sammy"] {
        assert!(text.lines().any(|l| l == name), "{name} is printed:\n{text}");
    }
    assert!(text.contains("Processed a total of 4 messages"), "{text}");
}

/// Lesson 8: one second into the eager rebalance r1 has revoked everything,
/// and its chip says so, while cooperative a1 still lists the two it keeps.
#[test]
fn rebalancing_shows_r1_revoked_and_a1_keeping_its_partitions() {
    use kafkasim::sim::groups_view::groups_view;
    use kafkasim::viz::groups::group_pictures;
    let run = at("rebalancing", 4);
    let sim = run.simulation();
    let pictures = group_pictures(sim, &groups_view(sim));
    let member = |group: &str, client: &str| {
        let g = pictures.iter().find(|g| g.group_id == group).expect("the group is drawn");
        g.members.iter().find(|m| m.client_id == client).expect("the member is drawn").clone()
    };
    let r1 = member("reports", "r1");
    assert!(r1.revoked && r1.owned.is_empty(), "r1 revoked all: {r1:?}");
    assert_eq!(r1.chip(), "revoked");
    let a1 = member("alerts", "a1");
    assert_eq!((a1.revoked, a1.owned.len()), (false, 2), "{a1:?}");
    assert!(a1.chip().starts_with('P'), "a1 lists its partitions: {}", a1.chip());
    // After the rebalance, r1's chip lists its partitions again.
    let run = at("rebalancing", 6);
    let sim = run.simulation();
    let pictures = group_pictures(sim, &groups_view(sim));
    let r1 = pictures.iter().flat_map(|g| &g.members).find(|m| m.client_id == "r1").expect("r1").clone();
    assert!(!r1.revoked && !r1.owned.is_empty() && r1.chip().starts_with('P'), "{r1:?}");
}
