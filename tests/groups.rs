//! Behaviour tests: consumer groups, rebalances, offsets, the group ledger.
mod common;
use common::*;
use kafkasim::sim::coordinator::group::GroupState;

const FAST: &[(&str, &str)] = &[("session.timeout.ms", "6000"), ("heartbeat.interval.ms", "1000")];

/// Three consumers on three partitions with `range`: one partition each, a Stable group.
#[test]
fn group_forms_and_consumes_everything() {
    let mut c = Cluster::new(11, 3);
    c.create_topic("t", 3, 3, &[]);
    c.producer("p", &[]);
    for p in 0..3 {
        c.fill("p", "t", p, 10);
    }
    for id in ["c1", "c2", "c3"] {
        c.consumer(id, "g", &["t"], "range", &[("auto.offset.reset", "earliest")]);
    }
    c.run_for(seconds(15));
    let g = c.group("g");
    assert_eq!(g.state, GroupState::Stable);
    for (client, parts) in c.assignment("g") {
        assert_eq!(parts.len(), 1, "{client} owns one partition");
    }
    assert_eq!(c.ledger("g").processed, 30, "every record processed once");
    c.run_for(seconds(6));
    for p in 0..3 {
        assert_eq!(c.committed("g", "t", p), Some(10), "auto-commit reached the end of t-{p}");
        let pos = g.partitions.iter().find(|x| x.tp.partition == p).unwrap();
        assert_eq!((pos.log_end_offset, pos.high_watermark), (10, 10));
    }
}

#[test]
#[ignore]
fn dump_trace() {
    let mut c = Cluster::new(11, 3);
    c.create_topic("t", 3, 3, &[]);
    c.producer("p", &[]);
    c.fill("p", "t", 0, 10);
    c.consumer("c1", "g", &["t"], "range", &[("auto.offset.reset", "earliest")]);
    c.consumer("c2", "g", &["t"], "range", &[("auto.offset.reset", "earliest")]);
    c.run_for(seconds(12));
    c.kill_consumer("c1");
    c.run_for(seconds(60));
    for l in c.sim.trace.lines() {
        println!("{} {:?} {}", l.at, l.category, l.text);
    }
    println!("{:#?}", c.group("g"));
}
