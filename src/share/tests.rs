use super::session::Session;
use super::*;
use crate::sim::time::SimTime;

fn played_free_run() -> Session {
    let mut s = Session::free(crate::player::Start::Lively, 7);
    s.player.advance_to(SimTime(1_500_000), u32::MAX);
    s.run_line(
        "kafka-topics --bootstrap-server localhost:9092 --create --topic pay --partitions 2 --replication-factor 3",
    );
    s.player.advance_to(SimTime(2_250_000), u32::MAX);
    s.run_line("sim broker kill 2");
    s.run_line("no-such-tool --x");
    s.player.step();
    s.player.step();
    s
}

#[test]
fn a_free_run_round_trips_through_a_link() {
    let s = played_free_run();
    let shared = s.shared();
    assert_eq!(shared.ops.len(), 3);
    let frag = shared.to_fragment();
    assert!(frag.starts_with("run=1."));
    let back = SharedRun::from_fragment(&format!("#{frag}")).unwrap().unwrap();
    assert_eq!(back, shared);
    let r = Session::from_shared(&back).unwrap();
    assert_eq!(r.player.now(), s.player.now());
    assert_eq!(r.player.simulation().events(), s.player.simulation().events());
    assert_eq!(r.player.simulation().trace_hash(), s.player.simulation().trace_hash());
    assert_eq!(*r.player.transcript(), *s.player.transcript());
    // And the same link twice is the same text (deterministic).
    assert_eq!(played_free_run().shared().to_fragment(), frag);
}

#[test]
fn a_lesson_run_round_trips_including_going_back() {
    let lesson = crate::lessons::find("broker-failure").unwrap();
    let mut s = Session::lesson(lesson, 0).unwrap();
    s.next_step();
    s.next_step();
    play_out(&mut s);
    let at2 = s.player.simulation().trace_hash();
    s.player.advance_to(SimTime(s.player.now().0 + 300_000), u32::MAX);
    s.next_step();
    s.prev().unwrap();
    assert_eq!(s.lesson_run().unwrap().position(), 2);
    assert_eq!(s.player.simulation().trace_hash(), at2, "previous really goes back");
    s.next_step();
    s.run_line("kafka-topics --bootstrap-server localhost:9092 --describe");
    let shared = s.shared();
    let r = Session::from_shared(&SharedRun::from_fragment(&shared.to_fragment()).unwrap().unwrap()).unwrap();
    assert_eq!(r.lesson_run().unwrap().position(), 3);
    assert_eq!(r.player.simulation().trace_hash(), s.player.simulation().trace_hash());
    assert_eq!(*r.player.transcript(), *s.player.transcript());
}

/// Plays frames of 50 ms until the step's wait is over.
fn play_out(s: &mut Session) {
    for _ in 0..10_000 {
        if !s.waiting() {
            return;
        }
        s.tick(50.0);
    }
    panic!("the wait never ended");
}

#[test]
fn a_lesson_steps_wait_plays_in_frames_and_ends_where_it_ends_natively() {
    let lesson = crate::lessons::find("broker-failure").unwrap();
    let mut native = crate::lessons::LessonRun::at(lesson.clone(), 2).unwrap();
    let mut s = Session::lesson(lesson, 1).unwrap();
    s.next_step();
    // Step 2 kills the leader of orders-0: the wait for the new leader plays.
    assert!(s.waiting() && s.player.playing, "the wait plays");
    assert_eq!(s.lesson_run().unwrap().answer(), None, "no answer before the leader changed");
    let start = s.player.now();
    s.tick(1_000.0);
    assert!(s.waiting() && s.player.now() > start, "a frame moves the clock, the wait goes on");
    // Shared in the middle of the wait, the run comes back there, still waiting.
    let mid = Session::from_shared(&s.shared()).unwrap();
    assert!(mid.waiting());
    assert_eq!(mid.player.simulation().trace_hash(), s.player.simulation().trace_hash());
    play_out(&mut s);
    assert!(!s.player.playing, "paused where the wait ends");
    let o = native.outcome().unwrap().clone();
    assert_eq!(s.player.now().0, o.now_us);
    assert_eq!(s.player.simulation().trace_hash(), o.trace_hash);
    assert_eq!(s.lesson_run().unwrap().answer(), native.answer());
    assert!(s.player.now().0 - start.0 > 5_000_000, "the room watched the session timeout run out");
    // Moving on during a wait finishes it at once: the same state as the native run's.
    let mut s = Session::lesson(crate::lessons::find("broker-failure").unwrap(), 1).unwrap();
    s.next_step();
    s.next_step();
    native.next_step();
    assert_eq!(s.lesson_run().unwrap().position(), 3);
    assert_eq!(s.player.simulation().trace_hash(), native.trace_hash());
}

#[test]
fn a_file_round_trips() {
    let shared = played_free_run().shared();
    let file = shared.to_file();
    assert_eq!(SharedRun::from_file(&file).unwrap(), shared);
    assert!(matches!(SharedRun::from_file("{\"hello\": 1}"), Err(ShareError::Invalid(_))));
    assert!(matches!(SharedRun::from_file("not json"), Err(ShareError::Malformed(_))));
    assert!(matches!(SharedRun::from_file(&file[..file.len() / 2]), Err(ShareError::Malformed(_))));
}

#[test]
fn truncated_links_are_refused() {
    let frag = played_free_run().shared().to_fragment();
    for cut in [frag.len() - 1, frag.len() - 5, frag.len() / 2, 8] {
        let r = SharedRun::from_fragment(&frag[..cut]);
        assert!(matches!(r, Err(ShareError::Malformed(_) | ShareError::Checksum)), "cut at {cut}: {r:?}");
    }
    assert!(matches!(SharedRun::from_fragment("run=1"), Err(ShareError::Malformed(_))));
    assert!(matches!(SharedRun::from_fragment("run=1.!!!"), Err(ShareError::Malformed(_))));
    assert_eq!(SharedRun::from_fragment("#other"), Ok(None));
    assert_eq!(SharedRun::from_fragment(""), Ok(None));
}

#[test]
fn tampered_links_are_refused() {
    let shared = played_free_run().shared();
    // Change a byte of the JSON and keep the old checksum.
    let mut bytes = serde_json::to_vec(&shared).unwrap();
    let sum = fnv1a64(&bytes);
    let pos = bytes.windows(4).position(|w| w == b"kill").unwrap();
    bytes[pos] = b'f';
    bytes.extend_from_slice(&sum.to_le_bytes());
    let frag = format!("run=1.{}", codec::b64_encode(&lz77::compress(&bytes)));
    assert_eq!(SharedRun::from_fragment(&frag), Err(ShareError::Checksum));
    // Every single-character change of the payload is refused, or (a match
    // pointing at other but identical bytes) decodes to the same run.
    let good = shared.to_fragment();
    let mut refused = 0;
    for i in (7..good.len()).step_by(3) {
        let mut t: Vec<u8> = good.clone().into_bytes();
        t[i] = if t[i] == b'A' { b'B' } else { b'A' };
        let t = String::from_utf8(t).unwrap();
        match SharedRun::from_fragment(&t) {
            Err(_) => refused += 1,
            Ok(run) => assert_eq!(run.as_ref(), Some(&shared), "change at {i} gave another run"),
        }
    }
    assert!(refused * 10 >= (good.len() - 7) / 3 * 9, "only {refused} changes refused");
}

#[test]
fn unknown_versions_are_named() {
    assert_eq!(SharedRun::from_fragment("run=2.AAAA"), Err(ShareError::Version("2".into())));
    let mut shared = played_free_run().shared();
    shared.version = 9;
    let text = serde_json::to_string(&shared).unwrap();
    assert_eq!(SharedRun::from_file(&text), Err(ShareError::Version("9".into())));
}

#[test]
fn invalid_runs_are_refused() {
    let base = played_free_run().shared();
    // A command recorded as succeeding that fails on replay.
    let mut bad = base.clone();
    bad.ops[2].op = Op::Line { line: "no-such-tool --x".into(), failed: false };
    assert!(matches!(Session::from_shared(&bad), Err(ShareError::Replay(_))));
    // A different command with the same outcome: the hash catches it.
    let mut bad = base.clone();
    bad.ops[1].op = Op::Line { line: "sim broker kill 3".into(), failed: false };
    assert!(matches!(Session::from_shared(&bad), Err(ShareError::Replay(_))));
    // Control characters, time going backwards, unknown lessons, next outside a lesson.
    let mut bad = base.clone();
    bad.ops[0].op = Op::Line { line: "a\u{7}b".into(), failed: false };
    assert!(matches!(bad.validate(), Err(ShareError::Invalid(_))));
    let mut bad = base.clone();
    bad.ops[1].t = 0;
    assert!(matches!(bad.validate(), Err(ShareError::Invalid(_))));
    let mut bad = base.clone();
    bad.scenario = Scenario::Lesson { id: "nope".into(), step: 0 };
    assert!(matches!(bad.validate(), Err(ShareError::Lesson(_))));
    let mut bad = base.clone();
    bad.ops[0].op = Op::Next;
    assert!(matches!(bad.validate(), Err(ShareError::Invalid(_))));
    // A hostile event count is refused, not replayed.
    let mut bad = base;
    bad.end_e = u64::MAX / 2;
    assert!(matches!(Session::from_shared(&bad), Err(ShareError::Replay(_))));
}

#[test]
fn every_string_has_both_languages() {
    use crate::i18n::panels::{t, T};
    use crate::i18n::Lang;
    for k in [T::Lessons, T::Next, T::Prev, T::LoadError, T::Keys, T::Share, T::QrHint] {
        assert!(!t(Lang::Ko, k).is_empty() && !t(Lang::En, k).is_empty());
        assert_ne!(t(Lang::Ko, k), t(Lang::En, k));
    }
}

/// Issue 13 item 8: the link is the LZ77 of `json ‖ checksum` in base64url (the crate), version 1.
#[test]
fn links_are_lz77_in_base64url() {
    let shared = played_free_run().shared();
    let v1 = format!("run=1.{}", codec::b64_encode(&lz77::compress(&shared.checked_json())));
    assert_eq!(shared.to_fragment(), v1);
    assert_eq!(SharedRun::from_fragment(&v1), Ok(Some(shared)));
}

/// A free-play session of 30 console lines (topics, producers, consumers, faults).
fn thirty_command_session() -> Session {
    let mut s = Session::free(crate::player::Start::Lively, 3);
    let bs = "--bootstrap-server localhost:9092";
    let mut lines = Vec::new();
    for t in ["pay", "ship", "audit"] {
        lines.push(format!("kafka-topics {bs} --create --topic {t} --partitions 3 --replication-factor 3"));
        lines.push(format!("kafka-topics {bs} --describe --topic {t}"));
        lines.push(format!(
            "kafka-configs {bs} --entity-type topics --entity-name {t} --alter --add-config min.insync.replicas=2"
        ));
    }
    for b in 1..=3 {
        lines.push(format!("sim broker kill {b}"));
        lines.push(format!("sim broker start {b}"));
    }
    for g in ["billing", "reports"] {
        lines.push(format!("kafka-consumer-groups {bs} --list"));
        lines.push(format!("kafka-consumer-groups {bs} --describe --group {g}"));
    }
    while lines.len() < 30 {
        lines.push(format!("kafka-topics {bs} --list"));
    }
    for (i, l) in lines.iter().enumerate() {
        s.player.advance_to(SimTime(s.player.now().0 + 250_000 + i as u64 * 1_000), u32::MAX);
        s.run_line(l);
    }
    s
}

/// Issue 13 item 8: the old LZ77 and deflate on real links (every built-in
/// lesson at its last step, and a 30-command session). Prints the sizes and
/// times (`cargo test --lib share::tests::share_link_sizes -- --nocapture`);
/// asserts round trips and nothing about speed.
// The wall clock only times the codecs for the printout; nothing depends on it.
#[allow(clippy::disallowed_methods)]
#[test]
fn share_link_sizes() {
    let mut runs: Vec<(String, SharedRun)> = crate::lessons::catalog()
        .iter()
        .filter_map(|e| crate::lessons::find(e.id))
        .map(|l| {
            // Played through with Next, as a learner does (each step is an op of the link).
            let (id, steps) = (l.id.clone(), l.steps.len());
            let mut s = Session::lesson(l, 0).expect("a lesson opens");
            for _ in 0..steps {
                s.next_step();
            }
            (id, s.shared())
        })
        .collect();
    let session = thirty_command_session();
    assert_eq!(session.shared().ops.len(), 30);
    runs.push(("30 commands".into(), session.shared()));
    assert!(runs.len() >= 13, "every lesson and the session");
    let (mut lz_total, mut df_total, mut json_total) = (0, 0, 0);
    let (mut lz_time, mut df_time) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
    println!("{:<28} {:>6} {:>8} {:>8}", "run", "json", "lz77 b64", "defl b64");
    for (name, run) in &runs {
        let bytes = run.checked_json();
        let t = std::time::Instant::now();
        let lz = codec::b64_encode(&lz77::compress(&bytes));
        assert_eq!(lz77::decompress(&codec::b64_decode(&lz).unwrap()).as_deref(), Some(&bytes[..]));
        lz_time += t.elapsed();
        let t = std::time::Instant::now();
        let df = codec::b64_encode(&codec::deflate(&bytes));
        assert_eq!(codec::inflate(&codec::b64_decode(&df).unwrap()).as_deref(), Some(&bytes[..]));
        df_time += t.elapsed();
        println!("{name:<28} {:>6} {:>8} {:>8}", bytes.len(), lz.len(), df.len());
        (lz_total, df_total, json_total) = (lz_total + lz.len(), df_total + df.len(), json_total + bytes.len());
    }
    println!("{:<28} {json_total:>6} {lz_total:>8} {df_total:>8}", "total");
    println!("encode+decode time, all runs: lz77 {lz_time:?}, deflate {df_time:?}");
}
