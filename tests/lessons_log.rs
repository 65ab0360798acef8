//! Lessons 13 (retention) and 14 (compaction): what the room must see, step
//! by step, checked on the simulation itself (every replica's log, the
//! ledger, the trace), so a change in retention, the cleaner or the ledger
//! that breaks the story fails here, not in a classroom. `tests/lessons.rs`
//! plays every lesson end to end; this file asserts their outcome.
//! Native only: the browser build fetches lesson files instead of embedding them.
#![cfg(not(target_arch = "wasm32"))]
use kafkasim::console::output::render;
use kafkasim::lessons::{self, parse_lesson, LessonRun, Query};
use kafkasim::sim::broker::log::PartitionLog;
use kafkasim::sim::ids::{BrokerId, TopicPartition};
use kafkasim::sim::ledger::RecordStatus;
use kafkasim::sim::simulation::Simulation;
use kafkasim::sim::trace::{RemovalReason, TraceEvent};

fn at(id: &str, step: usize) -> LessonRun {
    LessonRun::at(lessons::find(id).expect("a built-in lesson"), step).expect("plays")
}

fn q(run: &LessonRun, query: Query) -> String {
    query.eval(run.simulation(), &Default::default())
}

fn num(run: &LessonRun, query: Query) -> i64 {
    let v = q(run, query.clone());
    v.parse().unwrap_or_else(|_| panic!("{query:?} is not a number: {v}"))
}

fn value_at(run: &LessonRun, partition: &str, offset: i64) -> String {
    q(run, Query::ValueAt { partition: partition.into(), offset })
}

fn key_offsets(run: &LessonRun, partition: &str, key: &str) -> String {
    q(run, Query::KeyOffsets { partition: partition.into(), key: key.into() })
}

fn tp(topic: &str) -> TopicPartition {
    TopicPartition::new(topic, 0)
}

/// Every replica's log of `topic-0` (the lessons use replication factor 3).
fn replicas<'a>(sim: &'a Simulation, topic: &str) -> Vec<(u32, &'a PartitionLog)> {
    let logs: Vec<(u32, &PartitionLog)> =
        (1..=3).filter_map(|b| sim.disk_log(BrokerId(b), &tp(topic)).map(|l| (b, l))).collect();
    assert_eq!(logs.len(), 3, "{topic}-0 has three replicas");
    logs
}

/// `(offset, key, value)` of every readable record of a log.
fn contents(log: &PartitionLog) -> Vec<(i64, String, String)> {
    log.records()
        .map(|r| {
            let key = r.data.key.clone().unwrap_or_default();
            (r.offset, key, r.data.value.clone().unwrap_or_else(|| "null".into()))
        })
        .collect()
}

/// The transcript lines a step printed.
fn printed(id: &str, step: usize) -> String {
    let before = at(id, step - 1).transcript().len();
    render(&at(id, step).transcript()[before..])
}

// ---- lesson 13: retention ------------------------------------------------

#[test]
fn retention_rolls_two_segments_and_keeps_every_click_until_the_check() {
    let run = at("retention", 2);
    for (b, log) in replicas(run.simulation(), "clicks") {
        let bases: Vec<i64> = log.segments().iter().map(|s| s.base_offset()).collect();
        assert_eq!(bases, vec![0, 3], "broker {b}: segments [0-2] and [3-8]");
        assert_eq!((log.log_start_offset(), log.log_end_offset()), (0, 9), "broker {b}");
    }
    // Step 3: past retention.ms but before the 5:30 check, offset 0 is still there.
    let run = at("retention", 3);
    let now_ms = run.simulation().now().0 / 1000;
    let oldest = replicas(run.simulation(), "clicks")[0].1.records().next().expect("a record").timestamp_ms;
    assert!(now_ms - oldest > 240_000, "click-0 is past retention.ms ({} ms old)", now_ms - oldest);
    assert!(now_ms < 330_000, "step 3 ends before the check at 5:30 (t={now_ms} ms)");
    assert_eq!(value_at(&run, "clicks-0", 0), "click-0");
    assert_eq!(num(&run, Query::LogStart("clicks-0".into())), 0);
    assert_eq!(num(&run, Query::Ledger("removed-by-retention".into())), 0);
}

#[test]
fn retention_deletes_the_whole_first_segment_and_moves_the_log_start() {
    let run = at("retention", 4);
    let sim = run.simulation();
    for (b, log) in replicas(sim, "clicks") {
        assert_eq!(log.log_start_offset(), 3, "broker {b}: the log start moved to the next segment's base");
        assert_eq!(log.segments().len(), 1, "broker {b}");
        let offsets: Vec<i64> = log.records().map(|r| r.offset).collect();
        assert_eq!(offsets, (3..9).collect::<Vec<_>>(), "broker {b}: click-3..5 stay with click-6..8, offsets kept");
    }
    assert_eq!(value_at(&run, "clicks-0", 2), "none");
    assert_eq!(value_at(&run, "clicks-0", 3), "click-3");
    // Each replica deleted on its own, by time, at the 5:30 check.
    let deletions: Vec<(u32, u64)> = sim
        .trace()
        .lines()
        .filter_map(|l| match &l.event {
            TraceEvent::SegmentsDeleted {
                broker,
                tp: t,
                reason: RemovalReason::RetentionTime,
                records,
                log_start,
                ..
            } if *t == tp("clicks") && *log_start == 3 => {
                // 30 s after the broker registered, then every 5 minutes.
                assert!((330_000_000..331_000_000).contains(&l.at.0), "the 5:30 check ran at {:?}", l.at);
                Some((broker.0, *records))
            }
            _ => None,
        })
        .collect();
    assert_eq!(deletions.len(), 3, "{deletions:?}");
    assert!(deletions.iter().all(|(_, n)| *n == 3), "{deletions:?}");
    // Counted once each as removed by retention, never as lost.
    let s = &sim.ledger().summary;
    assert_eq!((s.removed_by_retention, s.acked_lost), (3, 0));
    let text = printed("retention", 4);
    assert!(text.contains("Offset:3\tclick-3\n") && !text.contains("Offset:2\t"), "{text}");
    assert!(text.contains("Processed a total of 6 messages"), "{text}");
}

#[test]
fn a_slow_consumer_below_the_log_start_jumps_and_the_ledger_says_removed_not_lost() {
    let run = at("retention", 6);
    let sim = run.simulation();
    // Size retention moved the log start of logs-0 past where archiver was reading.
    let start = num(&run, Query::LogStart("logs-0".into()));
    assert!(start > 0, "logs-0's log start moved ({start})");
    assert!(sim.trace().lines().any(|l| matches!(&l.event,
        TraceEvent::SegmentsDeleted { tp: t, reason: RemovalReason::RetentionSize, .. } if *t == tp("logs"))));
    let jump = sim
        .trace()
        .lines()
        .find_map(|l| match &l.event {
            TraceEvent::RemovedUnread { group, tp: t, missing, position, reset_to }
                if group.as_str() == "archiver" && *t == tp("logs") =>
            {
                Some((*missing, *position, *reset_to))
            }
            _ => None,
        })
        .expect("archiver fell below the log start (OFFSET_OUT_OF_RANGE)");
    let (missing, position, reset_to) = jump;
    assert!(position < reset_to, "auto.offset.reset=earliest jumps forward: {position} -> {reset_to}");
    assert_eq!(missing, (reset_to - position) as u64, "every offset jumped over was removed unread");
    let g = sim.group_ledger().summary("archiver");
    assert_eq!(g.removed_unread, missing);
    assert_eq!(g.skipped, 0, "records removed by retention are not 'skipped'");
    assert_eq!(
        num(&run, Query::GroupLedger { group: "archiver".into(), counter: "removed-unread".into() }),
        missing as i64
    );
    // The ledger: removed by retention, nothing lost, and every removed record was acknowledged.
    let s = &sim.ledger().summary;
    assert_eq!(s.acked_lost, 0);
    assert!(s.removed_by_retention >= start as u64, "{} removed, log start {start}", s.removed_by_retention);
    // Removed records are counted once and forgotten (the ledger stays bounded).
    let removed = s.removed_by_retention + s.removed_by_compaction + s.removed_by_delete_records;
    assert_eq!(sim.ledger().entries.len() + removed, s.sent, "{s:?}");
    assert!(sim.ledger().entries.values().all(|e| !e.lost));
    // The consumer resumed: it still processes after the jump.
    assert!(g.processed > 0);
    // clicks-0 lost its last segment too at 10:30 (even the active one, once all of it expired).
    for (b, log) in replicas(sim, "clicks") {
        assert_eq!((log.log_start_offset(), log.log_end_offset()), (9, 9), "broker {b}: clicks-0 is empty");
        assert!(log.records().next().is_none());
    }
}

#[test]
fn retention_task_keeps_logs_growing_after_the_limit_is_lifted() {
    let mut run = at("retention", 8);
    let before = num(&run, Query::LogStart("logs-0".into()));
    assert_eq!(run.task_done(), Some(false));
    run.run_solution();
    assert_eq!(run.task_done(), Some(true));
    assert_eq!(q(&run, Query::TopicConfig { topic: "logs".into(), key: "retention.bytes".into() }), "-1");
    assert_eq!(num(&run, Query::LogStart("logs-0".into())), before, "the 15:30 check deleted nothing");
    assert_eq!(run.simulation().ledger().summary.acked_lost, 0);
}

// ---- lesson 14: compaction -----------------------------------------------

/// The active segment is never cleaned: it holds every offset from its base to the log end.
fn assert_active_segment_untouched(run: &LessonRun, step: usize) {
    for (b, log) in replicas(run.simulation(), "profiles") {
        let active = log.segments().last().expect("an active segment");
        let offsets: Vec<i64> = active.records().map(|r| r.offset).collect();
        let whole: Vec<i64> = (active.base_offset()..log.log_end_offset()).collect();
        assert_eq!(offsets, whole, "step {step}, broker {b}: the active segment has a gap");
    }
}

/// Every surviving record sits at the offset its write was acknowledged at.
fn assert_offsets_unchanged(run: &LessonRun) {
    let sim = run.simulation();
    for (b, log) in replicas(sim, "profiles") {
        for r in log.records() {
            let e = sim.ledger().entries.get(&r.id).expect("the ledger saw every record");
            assert!(
                matches!(e.status, RecordStatus::Acked { offset, .. } if offset == r.offset),
                "broker {b}: record at {} was acknowledged as {:?}",
                r.offset,
                e.status
            );
        }
    }
}

fn table(run: &LessonRun) -> Vec<(i64, String, String)> {
    let logs = replicas(run.simulation(), "profiles");
    let first = contents(logs[0].1);
    for (b, log) in &logs[1..] {
        assert_eq!(contents(log), first, "broker {b} compacted to the same records");
    }
    first
}

fn row(offset: i64, key: &str, value: &str) -> (i64, String, String) {
    (offset, key.to_string(), value.to_string())
}

#[test]
fn compaction_keeps_the_latest_value_per_key_with_its_offset() {
    let run = at("compaction", 1);
    assert_eq!(key_offsets(&run, "profiles-0", "alice"), "0,2");
    // Step 2: only the closed segment [0-3] is cleaned; alice:Gwangju (5) is in the active one.
    let run = at("compaction", 2);
    assert_eq!(key_offsets(&run, "profiles-0", "alice"), "2,5");
    assert_eq!(value_at(&run, "profiles-0", 0), "none");
    assert_eq!(value_at(&run, "profiles-0", 2), "Daejeon");
    assert_active_segment_untouched(&run, 2);
    assert_offsets_unchanged(&run);
    // Step 3: one record per key, at the offsets they were written at.
    let run = at("compaction", 3);
    assert_eq!(
        table(&run),
        vec![row(3, "carol", "Incheon"), row(4, "bob", "Jeju"), row(5, "alice", "Gwangju"), row(6, "dave", "Ulsan")]
    );
    assert_eq!(num(&run, Query::LogStart("profiles-0".into())), 0, "compaction never moves the log start");
    assert_eq!(num(&run, Query::Leo("profiles-0".into())), 7);
    assert_active_segment_untouched(&run, 3);
    assert_offsets_unchanged(&run);
    let text = printed("compaction", 3);
    assert!(
        text.contains(
            "Offset:3\tcarol\tIncheon\nOffset:4\tbob\tJeju\nOffset:5\talice\tGwangju\nOffset:6\tdave\tUlsan\n"
        ),
        "{text}"
    );
    // Each replica's cleaner compacted on its own and said so.
    let cleaned = run
        .simulation()
        .trace()
        .lines()
        .filter(|l| matches!(&l.event, TraceEvent::LogCleaned { tp: t, .. } if *t == tp("profiles")))
        .count();
    assert_eq!(cleaned, 6, "two passes on each of the three replicas");
}

#[test]
fn tombstones_delete_a_key_and_go_after_delete_retention_ms() {
    let run = at("compaction", 4);
    assert_eq!(value_at(&run, "profiles-0", 7), "null", "the tombstone is kept for delete.retention.ms");
    assert_eq!(value_at(&run, "profiles-0", 3), "none", "carol:Incheon is gone");
    assert_eq!(key_offsets(&run, "profiles-0", "carol"), "7");
    assert!(printed("compaction", 4).contains("Offset:7\tcarol\tnull\n"));
    assert_active_segment_untouched(&run, 4);
    let run = at("compaction", 5);
    assert_eq!(key_offsets(&run, "profiles-0", "carol"), "", "the tombstone went after delete.retention.ms");
    assert_eq!(q(&run, Query::LatestValue { partition: "profiles-0".into(), key: "carol".into() }), "none");
    assert_eq!(
        table(&run),
        vec![
            row(4, "bob", "Jeju"),
            row(5, "alice", "Gwangju"),
            row(6, "dave", "Ulsan"),
            row(8, "erin", "Suwon"),
            row(9, "frank", "Sejong")
        ]
    );
    assert_active_segment_untouched(&run, 5);
    assert_offsets_unchanged(&run);
    let s = &run.simulation().ledger().summary;
    assert_eq!((s.removed_by_compaction, s.acked_lost, s.removed_by_retention), (5, 0, 0));
    assert!(!printed("compaction", 5).contains("carol"));
}

#[test]
fn consumer_offsets_is_compacted_and_the_task_deletes_bob() {
    let run = at("compaction", 6);
    assert_eq!(
        q(&run, Query::TopicConfig { topic: "__consumer_offsets".into(), key: "cleanup.policy".into() }),
        "compact"
    );
    let text = printed("compaction", 6);
    assert!(text.contains("cleanup.policy=compact sensitive=false"), "{text}");
    let mut run = at("compaction", 7);
    assert_eq!(run.task_done(), Some(false));
    run.run_solution();
    assert_eq!(run.task_done(), Some(true));
    assert_eq!(q(&run, Query::LatestValue { partition: "profiles-0".into(), key: "bob".into() }), "null");
    assert_eq!(key_offsets(&run, "profiles-0", "bob"), "10");
    assert_offsets_unchanged(&run);
}

// ---- the new queries in the validator -------------------------------------

fn lesson_with_answer(answer: &str) -> String {
    let step = r#"{"narration": {"ko": "설명", "en": "text"}}"#;
    let asked = format!(
        r#"{{"narration": {{"ko": "설명", "en": "text"}}, "prediction": {{"question": {{"ko": "?", "en": "?"}},
            "choices": [{{"value": "0"}}, {{"value": "1"}}], "answer": {answer}}}}}"#
    );
    format!(
        r#"{{"id": "broken", "title": {{"ko": "제목", "en": "Title"}}, "summary": {{"ko": "요약", "en": "Summary"}},
            "scenario": {{"seed": 1}}, "steps": [{step}, {asked}, {step}]}}"#
    )
}

#[test]
fn the_validator_checks_the_log_queries() {
    for good in [
        r#"{"log_start": "clicks-0"}"#,
        r#"{"segments": "clicks-0"}"#,
        r#"{"records": "clicks-0"}"#,
        r#"{"value_at": {"partition": "clicks-0", "offset": 3}}"#,
        r#"{"key_offsets": {"partition": "p-0", "key": "alice"}}"#,
        r#"{"latest_value": {"partition": "p-0", "key": "alice"}}"#,
        r#"{"topic_config": {"topic": "__consumer_offsets", "key": "cleanup.policy"}}"#,
        r#"{"ledger": "removed-by-retention"}"#,
        r#"{"ledger": "removed-by-compaction"}"#,
        r#"{"group_ledger": {"group": "g", "counter": "removed-unread"}}"#,
    ] {
        assert!(
            parse_lesson(&lesson_with_answer(good)).is_ok(),
            "{good}: {:?}",
            parse_lesson(&lesson_with_answer(good))
        );
    }
    for (bad, says) in [
        (r#"{"log_start": "clicks"}"#, "'clicks' is not a partition"),
        (r#"{"segments": "0"}"#, "is not a partition"),
        (r#"{"value_at": {"partition": "clicks-0", "offset": -1}}"#, "offsets start at 0"),
        (r#"{"key_offsets": {"partition": "p", "key": "alice"}}"#, "'p' is not a partition"),
        (r#"{"latest_value": {"partition": "p-x", "key": "a"}}"#, "is not a partition"),
        (r#"{"topic_config": {"topic": "t", "key": "retention.hours"}}"#, "'retention.hours' is not a topic config"),
        (r#"{"ledger": "removed"}"#, "unknown counter 'removed'"),
        (r#"{"group_ledger": {"group": "g", "counter": "removed-by-retention"}}"#, "unknown counter"),
        (r#"{"value_at": {"partition": "clicks-0"}}"#, "missing field `offset`"),
    ] {
        let errs = parse_lesson(&lesson_with_answer(bad)).expect_err(bad);
        assert!(
            errs.iter().any(|e| e.step == Some(2) && e.field.starts_with("prediction") && e.message.contains(says)),
            "{bad}: expected '{says}', got {errs:?}"
        );
    }
}

/// Without a live leader the log queries answer "no log", not a stale replica's state.
#[test]
fn log_queries_on_a_missing_partition() {
    let run = at("retention", 1);
    assert_eq!(num(&run, Query::LogStart("nope-0".into())), -1);
    assert_eq!(num(&run, Query::Segments("nope-0".into())), 0);
    assert_eq!(num(&run, Query::Records("nope-0".into())), 0);
    assert_eq!(value_at(&run, "nope-0", 0), "none");
    assert_eq!(key_offsets(&run, "nope-0", "k"), "");
    assert_eq!(q(&run, Query::TopicConfig { topic: "nope".into(), key: "retention.ms".into() }), "none");
    assert_eq!(q(&run, Query::TopicConfig { topic: "clicks".into(), key: "retention.ms".into() }), "240000");
    assert_eq!(num(&run, Query::Records("clicks-0".into())), 3);
}

// ---- with the console's log tools (kafka-get-offsets, kafka-delete-records) ----

#[test]
fn get_offsets_prints_the_moved_log_start_and_delete_records_moves_it_by_hand() {
    let text = printed("retention", 4);
    assert!(text.contains("--time -2\nclicks:0:3\n"), "kafka-get-offsets --time -2 prints the log start:\n{text}");
    let text = printed("retention", 6);
    let start = num(&at("retention", 6), Query::LogStart("logs-0".into()));
    assert!(text.contains(&format!("logs:0:{start}\n")), "{text}");
    let mut run = at("retention", 9);
    assert_eq!(run.task_done(), Some(false));
    let outs = run.run_solution();
    assert!(outs.iter().all(|o| !o.failed), "{}", outs.iter().map(|o| o.text()).collect::<String>());
    assert_eq!(run.task_done(), Some(true));
    assert_eq!(num(&run, Query::LogStart("clicks-0".into())), 12, "the leader moved its log start at once");
    // The followers take the leader's log start from their next fetch responses.
    run.run_line("sim advance 2s");
    for (b, log) in replicas(run.simulation(), "clicks") {
        assert_eq!((log.log_start_offset(), log.log_end_offset()), (12, 12), "broker {b}");
    }
    let s = &run.simulation().ledger().summary;
    assert_eq!((s.removed_by_delete_records, s.acked_lost), (3, 0));
}

#[test]
fn the_validator_reads_here_documents_to_their_delimiter() {
    let with = |actions: &str| {
        let step = r#"{"narration": {"ko": "설명", "en": "text"}}"#;
        let doc = format!(r#"{{"narration": {{"ko": "설명", "en": "text"}}, "actions": {actions}}}"#);
        format!(
            r#"{{"id": "broken", "title": {{"ko": "제목", "en": "Title"}}, "summary": {{"ko": "요약", "en": "Summary"}},
                "scenario": {{"seed": 1}}, "steps": [{step}, {doc}, {step}]}}"#
        )
    };
    // The document's lines are not commands; the line after the delimiter is.
    let ok = with(
        r#"["cat > o.json <<EOF", "{\"version\": 1}", "not a command", "EOF", "kafka-get-offsets --bootstrap-server localhost:9092 --topic t"]"#,
    );
    assert!(parse_lesson(&ok).is_ok(), "{:?}", parse_lesson(&ok).err());
    let bad = with(r#"["cat > o.json <<EOF", "{\"version\": 1}", "EOF", "kafka-nope"]"#);
    let errs = parse_lesson(&bad).expect_err("an unknown tool after the document");
    assert!(
        errs.iter().any(|e| e.field == "actions[4]" && e.message.contains("unknown command 'kafka-nope'")),
        "{errs:?}"
    );
    let open = with(r#"["cat > o.json <<'END'", "{\"version\": 1}", "EOF"]"#);
    let errs = parse_lesson(&open).expect_err("a document never closed");
    assert!(
        errs.iter()
            .any(|e| e.step == Some(2) && e.message.contains("here-document is still open: end it with a line END")),
        "{errs:?}"
    );
}
