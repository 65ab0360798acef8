use super::*;
use crate::sim::time::secs;

fn leader(p: &Player, topic: &str, partition: u32) -> Option<u32> {
    let view = p.simulation().view();
    view.partitions.iter().find(|x| x.topic == topic && x.partition == partition).and_then(|x| x.leader.map(|b| b.0))
}

fn at(s: u64) -> SimTime {
    SimTime(secs(s).0)
}

#[test]
fn lively_start_plays_with_a_topic_a_producer_and_a_two_member_group() {
    let p = Player::lively(1);
    assert!(p.playing);
    let view = p.simulation().view();
    assert_eq!(view.brokers.len(), 3);
    assert_eq!(view.partitions.len(), 3);
    assert_eq!(view.producers.len(), 1);
    let text = crate::console::output::render(&p.transcript());
    assert!(text.contains("Created topic orders."), "{text}");
    let mut p = p;
    p.advance_to(at(10), u32::MAX);
    let groups = crate::sim::groups_view::groups_view(p.simulation());
    let g = groups.iter().find(|g| g.group_id == "orders-app").expect("the lively group exists");
    assert_eq!(g.state, crate::sim::coordinator::group::GroupState::Stable);
    assert_eq!(g.members.len(), 2);
}

#[test]
fn a_frame_turns_wall_time_into_simulated_time_times_speed() {
    let mut p = Player::lively(1);
    let t0 = p.now();
    p.tick(16.0);
    assert_eq!(p.now().0 - t0.0, 16_000);
    p.set_speed(10.0);
    p.tick(16.0);
    assert_eq!(p.now().0 - t0.0, 16_000 + 160_000);
    p.set_speed(1_000.0);
    assert_eq!(p.speed(), SPEED_MAX);
    p.playing = false;
    let t1 = p.now();
    p.tick(16.0);
    assert_eq!(p.now(), t1, "paused players do not move");
}

#[test]
fn long_frames_are_capped_and_the_event_budget_holds() {
    let mut p = Player::lively(1);
    p.set_speed(SPEED_MAX);
    let t0 = p.now();
    let frame = p.tick(10_000.0);
    assert!(frame.events <= EVENT_BUDGET);
    assert!(p.now().0 - t0.0 <= (MAX_FRAME_WALL_MS * SPEED_MAX * 1_000.0) as u64);
}

#[test]
fn step_runs_one_event() {
    let mut p = Player::blank(3);
    let before = p.simulation().events();
    assert!(p.step());
    assert_eq!(p.simulation().events(), before + 1);
}

#[test]
fn rewind_shows_the_old_leader_and_playing_on_replays_the_same_future() {
    let mut p = Player::lively(5);
    p.advance_to(at(10), u32::MAX);
    let old = leader(&p, "orders", 0).expect("a leader");
    p.run_line(&format!("sim broker kill {old}"));
    p.run_line("sim advance 15s");
    let new = leader(&p, "orders", 0).expect("a new leader");
    assert_ne!(new, old);
    let (end, hash) = (p.now(), p.simulation().trace_hash());

    p.seek(at(9)).unwrap();
    assert_eq!(p.now(), at(9));
    assert_eq!(leader(&p, "orders", 0), Some(old));
    assert_eq!(p.horizon(), end, "the timeline still reaches the old present");
    assert_eq!(p.pending(), 1, "the kill is pending (`sim advance` is not a command)");

    let marks = p.marks().len();
    assert!(p.marks().iter().any(|m| m.kind == crate::viz::timeline::MarkKind::Fault));
    p.seek(end).unwrap();
    assert_eq!(p.marks().len(), marks, "replaying the same future adds no marks");
    assert_eq!(leader(&p, "orders", 0), Some(new));
    assert_eq!(p.simulation().trace_hash(), hash, "the same future, bit for bit");
}

#[test]
fn acting_at_a_rewound_moment_forks_a_new_future() {
    let mut p = Player::lively(5);
    p.advance_to(at(10), u32::MAX);
    p.run_line("sim broker kill 1");
    p.run_line("sim advance 20s");
    p.seek(at(5)).unwrap();
    assert!(p.pending() > 0);
    p.run_line("sim broker kill 2");
    assert_eq!(p.pending(), 0);
    assert_eq!(p.horizon(), p.now());
    let log: Vec<String> = p.simulation().command_log().iter().map(|c| c.command.describe()).collect();
    assert!(log.last().unwrap().contains("kill broker 2"), "{log:?}");
    assert!(!log.iter().any(|l| l.contains("kill broker 1")), "{log:?}");
}

#[test]
fn the_blank_scenario_gives_the_native_console_transcript() {
    let script = "kafka-topics --bootstrap-server localhost:9092 --create --topic demo --partitions 3 --replication-factor 3\n\
                  sim broker kill 1\nsim advance 15s\nkafka-topics --bootstrap-server localhost:9092 --describe --topic demo";
    let mut native = Console::new(42, 3);
    native.run_script(script);
    let mut player = Player::blank(42);
    for line in script.lines() {
        player.run_line(line);
    }
    assert_eq!(crate::console::output::render(&player.transcript()), native.transcript_text());
}

#[test]
fn the_url_picks_seed_and_scenario() {
    let blank = Player::from_query("?seed=42&scenario=blank&lang=ko");
    assert_eq!(blank.simulation().config().seed, 42);
    assert!(!blank.playing && blank.simulation().view().partitions.is_empty());
    assert_eq!(blank.now(), Console::new(42, 3).simulation().now());
    let lively = Player::from_query("");
    assert!(lively.playing && lively.simulation().config().seed == 1);
}

#[test]
fn the_lively_start_shows_no_countdown_frame_after_frame() {
    let mut p = Player::lively(5);
    for _ in 0..3_000 {
        p.tick(16.0);
        let view = p.simulation().view();
        assert!(view.countdowns.is_empty(), "t={}: {:?}", view.now, view.countdowns);
    }
    assert!(p.now() >= at(48), "ran 3000 frames at 1×");
    p.run_line("sim broker kill 2");
    p.tick(16.0);
    assert_eq!(p.simulation().view().countdowns.len(), 1, "the killed broker's session runs down");
}

#[test]
fn busy_start_has_w1s_shape_and_every_line_succeeds() {
    let mut p = Player::from_query("?scenario=busy&seed=3");
    assert!(p.playing);
    let text = crate::console::output::render(&p.transcript());
    assert!(!text.to_lowercase().contains("error"), "{text}");
    p.advance_to(at(20), u32::MAX);
    let view = p.simulation().view();
    assert_eq!(view.brokers.len(), 5);
    assert_eq!(view.partitions.iter().filter(|x| !x.topic.starts_with("__")).count(), 30);
    assert_eq!(view.producers.len(), 2);
    assert!(view.producers.iter().all(|x| x.acked > 1_000 && x.idempotent && x.acks == "-1"), "{:?}", view.producers);
    let groups = crate::sim::groups_view::groups_view(p.simulation());
    for name in ["orders-app", "clicks-app"] {
        let g = groups.iter().find(|g| g.group_id == name).expect("group exists");
        assert_eq!(g.members.len(), 4, "{name}");
        assert_eq!(g.state, crate::sim::coordinator::group::GroupState::Stable, "{name}");
    }
}

#[test]
fn timeline_marks_are_capped_to_the_newest() {
    let mut p = Player::lively(2);
    let mut t = 5;
    // Each crash and restart marks the timeline (crash, elections); go well past the cap.
    while p.marks().len() < MARKS_CAP && t < 20_000 {
        p.run_line("sim broker kill 2");
        t += 12;
        p.advance_to(at(t), u32::MAX);
        p.run_line("sim broker start 2");
        t += 12;
        p.advance_to(at(t), u32::MAX);
    }
    assert_eq!(p.marks().len(), MARKS_CAP, "the run made enough marks to reach the cap");
    let newest_before = p.marks().last().map(|m| m.at);
    p.run_line("sim broker kill 2");
    p.advance_to(at(t + 12), u32::MAX);
    let marks = p.marks();
    assert_eq!(marks.len(), MARKS_CAP);
    assert!(marks.last().map(|m| m.at) > newest_before, "new marks still arrive");
    assert!(marks.windows(2).all(|w| w[0].at <= w[1].at), "oldest dropped, order kept");
}
