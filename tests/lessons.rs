//! Lessons: every built-in lesson parses, validates and plays start to end;
//! going back restores the earlier state; broken lessons are reported with
//! the right location; runs are deterministic.
//! Native only: the browser build fetches lesson files instead of embedding them.
#![cfg(not(target_arch = "wasm32"))]
use kafkasim::lessons::{self, parse_lesson, Lang, Lesson, LessonError, LessonRun};

fn all() -> Vec<Lesson> {
    let (lessons, errors) = lessons::builtin_checked();
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "built-in lessons do not validate:\n{}", text.join("\n"));
    lessons
}

#[test]
fn builtin_lessons_parse_and_validate() {
    let lessons = all();
    assert_eq!(lessons.len(), lessons::BUILTIN_FILES.len());
    assert_eq!(lessons.len(), 14);
    let mut ids: Vec<&str> = lessons.iter().map(|l| l.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), lessons.len(), "lesson ids are unique");
    for l in &lessons {
        assert!((3..=12).contains(&l.steps.len()), "{}", l.id);
        // The files round-trip through serde (what the format documents is what we read).
        let back = serde_json::to_string(l).unwrap();
        assert_eq!(&parse_lesson(&back).unwrap(), l);
    }
}

/// Plays a lesson to the end: every action succeeds, every wait's condition
/// holds, every prediction's computed answer is a choice (and the author's
/// expectation), every task is not done before its solution and done after.
fn play(lesson: &Lesson) -> Vec<u64> {
    let mut run = LessonRun::start(lesson.clone()).unwrap_or_else(|e| panic!("{}: {e}", lesson.id));
    let mut hashes = vec![run.trace_hash()];
    for n in 1..=run.steps() {
        let asked = run.upcoming_prediction().cloned();
        let out = run.next_step().expect("a next step").clone();
        let at = format!("lesson {}, step {n}", lesson.id);
        assert_eq!(out.step, n);
        assert!(out.failed.is_empty(), "{at}: actions failed: {:?}", out.failed);
        assert!(out.wait_met, "{at}: the wait's condition never held");
        assert_eq!(run.prediction().cloned(), asked);
        if let Some(p) = run.prediction() {
            let answer = run.answer().expect("computed").to_string();
            assert!(p.choices.iter().any(|c| c.value == answer), "{at}: answer '{answer}' is not a choice");
            if let Some(x) = &p.expect {
                assert_eq!(&answer, x, "{at}: the simulation answers '{answer}', the lesson expects '{x}'");
            }
            assert_eq!(run.is_correct(&answer), Some(true));
        }
        assert!(!run.narration(Lang::Ko).is_empty() && !run.narration(Lang::En).is_empty());
        hashes.push(run.trace_hash());
        if run.task().is_some() {
            assert_eq!(run.task_done(), Some(false), "{at}: the task is done before the learner acts");
            for o in run.run_solution() {
                assert!(!o.failed, "{at}: solution line failed:\n{}", o.text());
            }
            assert_eq!(run.task_done(), Some(true), "{at}: the solution does not achieve the task");
        }
    }
    assert!(run.next_step().is_none());
    hashes
}

#[test]
fn every_lesson_runs_start_to_end() {
    for l in all() {
        play(&l);
    }
}

/// Going back a step gives exactly the state of the first visit.
#[test]
fn previous_restores_the_earlier_state() {
    for l in all() {
        let mut run = LessonRun::start(l.clone()).unwrap();
        let mut first = vec![run.trace_hash()];
        while run.next_step().is_some() {
            first.push(run.trace_hash());
        }
        let steps = run.steps();
        for n in (0..steps).rev() {
            run.prev().unwrap();
            assert_eq!(run.position(), n);
            assert_eq!(run.trace_hash(), first[n], "lesson {}: back to step {n}", l.id);
        }
        run.goto(steps).unwrap();
        assert_eq!(run.trace_hash(), first[steps], "lesson {}: forward again", l.id);
        let mid = steps / 2;
        run.goto(mid).unwrap();
        assert_eq!(run.trace_hash(), first[mid], "lesson {}: jump to {mid}", l.id);
        assert!(run.goto(steps + 1).is_err());
    }
}

/// Typing in the console and then going back discards what was typed.
#[test]
fn going_back_discards_the_learners_commands() {
    let l = lessons::find("the-log").unwrap();
    let mut run = LessonRun::at(l, 2).unwrap();
    let at2 = run.trace_hash();
    run.next_step();
    let at3 = run.trace_hash();
    run.run_line("sim broker kill 1");
    assert_ne!(run.trace_hash(), at3);
    run.prev().unwrap();
    assert_eq!(run.trace_hash(), at2);
}

#[test]
fn lessons_are_deterministic() {
    for l in all() {
        assert_eq!(play(&l), play(&l), "lesson {}", l.id);
    }
}

// ---- broken lessons ------------------------------------------------------

fn step(extra: &str) -> String {
    format!(r#"{{"narration": {{"ko": "설명", "en": "text"}}, "actions": ["sim advance 1s"]{extra}}}"#)
}

fn lesson_with(steps: &[String], head_extra: &str) -> String {
    format!(
        r#"{{"id": "broken", "title": {{"ko": "제목", "en": "Title"}}, "summary": {{"ko": "요약", "en": "Summary"}},
            "scenario": {{"seed": 1, "brokers": 3, "setup": []}}{head_extra}, "steps": [{}]}}"#,
        steps.join(",")
    )
}

fn errors(json: &str) -> Vec<LessonError> {
    parse_lesson(json).expect_err("the lesson is broken")
}

fn assert_error(json: &str, step: Option<usize>, field: &str, text: &str) {
    let errs = errors(json);
    assert!(
        errs.iter().any(|e| e.lesson == "broken" && e.step == step && e.field == field && e.message.contains(text)),
        "expected step {step:?} field {field} '{text}', got {errs:#?}"
    );
}

#[test]
fn a_good_lesson_parses() {
    let ok = lesson_with(&[step(""), step(""), step("")], "");
    assert!(parse_lesson(&ok).is_ok(), "{:?}", parse_lesson(&ok).err());
}

#[test]
fn broken_lessons_are_reported_where_they_break() {
    let s = step("");
    // Unknown command in an action line.
    let bad = step(r#", "actions": ["kafka-topicz --list"]"#).replace(r#""actions": ["sim advance 1s"], "#, "");
    assert_error(
        &lesson_with(&[s.clone(), bad, s.clone()], ""),
        Some(2),
        "actions[1]",
        "unknown command 'kafka-topicz'",
    );
    let bad =
        r#"{"narration": {"ko": "설명", "en": "text"}, "actions": ["sim advance 1s", "sim explode 2"]}"#.to_string();
    assert_error(
        &lesson_with(&[s.clone(), s.clone(), bad], ""),
        Some(3),
        "actions[2]",
        "unknown command 'sim explode'",
    );
    // A console producer left reading.
    let bad = r#"{"narration": {"ko": "설명", "en": "text"}, "actions": ["kafka-console-producer --bootstrap-server localhost:9092 --topic t", "hello"]}"#.to_string();
    assert_error(&lesson_with(&[bad, s.clone(), s.clone()], ""), Some(1), "actions", "^C");
    // Unknown field in a step and at the top.
    assert_error(
        &lesson_with(&[s.clone(), step(r#", "narattion": 1"#), s.clone()], ""),
        Some(2),
        "narattion",
        "unknown field",
    );
    assert_error(
        &lesson_with(&[s.clone(), s.clone(), s.clone()], r#", "autor": "me""#),
        None,
        "autor",
        "unknown field",
    );
    // Missing translation.
    let bad = r#"{"narration": {"ko": "", "en": "text"}}"#.to_string();
    assert_error(&lesson_with(&[s.clone(), s.clone(), bad], ""), Some(3), "narration.ko", "missing Korean");
    let bad = r#"{"narration": {"ko": "설명", "en": " "}}"#.to_string();
    assert_error(&lesson_with(&[bad, s.clone(), s.clone()], ""), Some(1), "narration.en", "missing English");
    let bad = r#"{"narration": {"ko": "설명"}}"#.to_string();
    assert_error(&lesson_with(&[bad, s.clone(), s.clone()], ""), Some(1), "narration", "missing field `en`");
    // Bad duration.
    assert_error(
        &lesson_with(&[s.clone(), step(r#", "wait": {"for": "10 seconds"}"#), s.clone()], ""),
        Some(2),
        "wait.for",
        "invalid duration",
    );
    assert_error(
        &lesson_with(
            &[
                step(r#", "actions": ["sim advance 5x"]"#).replacen(r#""actions": ["sim advance 1s"], "#, "", 1),
                s.clone(),
                s.clone(),
            ],
            "",
        ),
        Some(1),
        "actions[1]",
        "invalid duration",
    );
    // Step count.
    assert_error(&lesson_with(&[s.clone(), s.clone()], ""), None, "steps", "2 steps");
    assert_error(&lesson_with(&vec![s.clone(); 13], ""), None, "steps", "13 steps");
    // Unknown condition kind.
    let bad = step(r#", "wait": {"until": {"broker_exploded": 2}}"#);
    assert_error(&lesson_with(&[s.clone(), s.clone(), bad], ""), Some(3), "wait", "unknown variant `broker_exploded`");
    // Semantic checks of conditions, highlights and predictions.
    let bad = step(r#", "wait": {"until": {"broker_fenced": 7}}"#);
    assert_error(&lesson_with(&[bad, s.clone(), s.clone()], ""), Some(1), "wait.until", "unknown broker 7");
    let bad = step(r#", "highlights": {"partitions": ["orders"], "ledger": ["lost"]}"#);
    let errs = errors(&lesson_with(&[s.clone(), bad, s.clone()], ""));
    assert!(errs.iter().any(|e| e.field == "highlights.partitions" && e.step == Some(2)), "{errs:?}");
    assert!(errs.iter().any(|e| e.field == "highlights.ledger" && e.message.contains("'lost'")), "{errs:?}");
    let bad = step(
        r#", "prediction": {"question": {"ko": "누가?", "en": "Who?"}, "choices": [{"value": "1"}, {"value": "2"}],
             "answer": {"leader": "orders-0"}, "expect": "3"}"#,
    );
    assert_error(
        &lesson_with(&[s.clone(), s.clone(), bad], ""),
        Some(3),
        "prediction.expect",
        "'3' is not one of the choices",
    );
    let bad = step(
        r#", "task": {"goal": {"ko": "해보세요", "en": "Do it"}, "check": {"record_failed": "X"}, "solution": []}"#,
    );
    assert_error(&lesson_with(&[s.clone(), bad, s.clone()], ""), Some(2), "task.solution", "solution");
    // Not JSON at all; no id.
    let errs = errors("{ not json");
    assert_eq!(errs[0].lesson, "?");
    assert!(errs[0].message.contains("not valid JSON"));
    // Several problems are all reported, and printed with their location.
    let bad1 = r#"{"narration": {"ko": "", "en": "text"}}"#.to_string();
    let bad2 = step(r#", "wait": {"for": "soon"}"#);
    let errs = errors(&lesson_with(&[bad1, bad2, s.clone()], ""));
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert_eq!(errs[0].to_string(), "lesson broken, step 1, narration.ko: missing Korean text");
    assert!(errs[1].to_string().starts_with("lesson broken, step 2, wait.for: invalid duration 'soon'"));
}

/// An instructor's helper: `LESSON=static/lessons/x.json cargo test --test lessons explore -- --ignored --nocapture`
/// prints the transcript and the state after every step.
#[test]
#[ignore]
fn explore() {
    let path = std::env::var("LESSON").expect("LESSON=<file>");
    let json = std::fs::read_to_string(path).unwrap();
    let lesson = match parse_lesson(&json) {
        Ok(l) => l,
        Err(e) => panic!("{}", e.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")),
    };
    let mut run = LessonRun::start(lesson).unwrap();
    let mut shown = 0;
    while let Some(o) = run.next_step().cloned() {
        let t = run.transcript();
        println!("===== step {} (t={}us) {:?}", o.step, o.now_us, o);
        println!("{}", kafkasim::console::output::render(&t[shown..]));
        shown = t.len();
        let sim = run.simulation();
        for p in sim.view().partitions.iter().filter(|p| !p.topic.starts_with("__")) {
            let reps: Vec<String> = p
                .replicas
                .iter()
                .map(|r| format!("{}:{}/{}", r.broker.0, r.log_end_offset, r.high_watermark))
                .collect();
            println!(
                "  {}-{} leader {:?} isr {:?} {}",
                p.topic,
                p.partition,
                p.leader.map(|b| b.0),
                p.isr.iter().map(|b| b.0).collect::<Vec<_>>(),
                reps.join(" ")
            );
        }
        for g in kafkasim::sim::groups_view::groups_view(sim) {
            println!(
                "  group {} {:?} gen {} members {:?}",
                g.group_id,
                g.state,
                g.generation,
                g.members
                    .iter()
                    .map(|m| (m.client_id.clone(), m.assignment.iter().map(|t| t.to_string()).collect::<Vec<_>>()))
                    .collect::<Vec<_>>()
            );
            println!("    ledger {:?}", sim.group_ledger().summary(&g.group_id));
        }
        println!("  ledger {:?}", sim.ledger().summary);
        if run.task().is_some() {
            println!("  task done before: {:?}", run.task_done());
            for o in run.run_solution() {
                print!("{}", o.text());
            }
            println!("  task done after: {:?}", run.task_done());
        }
    }
}

/// Issue 13 item 7: the UI spotlights from these answers (no DOM queries).
#[test]
fn highlights_answer_for_brokers_partitions_and_counters() {
    let h = lessons::Highlights {
        brokers: vec![3],
        partitions: vec!["orders-1".into(), "my-topic-12".into()],
        ledger: vec!["acked-lost".into()],
        ..Default::default()
    };
    assert!(h.broker(3) && !h.broker(1));
    assert!(h.partition("orders", 1) && !h.partition("orders", 0) && !h.partition("orders", 11));
    assert!(h.partition("my-topic", 12) && !h.partition("my", 12) && !h.partition("order", 1));
    assert!(h.ledger("acked-lost") && !h.ledger("acked"));
}

/// Issue 13 item 7: the highlights at a position (the UI's spotlight), empty at the
/// introduction and past the end, and the same as a run's at that position.
#[test]
fn lesson_highlights_at_follow_the_position() {
    let lesson = all().into_iter().find(|l| l.id == "the-log").expect("lesson the-log");
    assert!(lesson.highlights_at(0).is_empty());
    assert!(lesson.highlights_at(lesson.steps.len() + 1).is_empty());
    let mut run = LessonRun::start(lesson.clone()).expect("starts");
    run.next_step();
    assert_eq!(lesson.highlights_at(1), lesson.steps[0].highlights);
    assert_eq!(lesson.highlights_at(run.position()), run.highlights());
    assert!(!lesson.highlights_at(1).is_empty());
}
