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
