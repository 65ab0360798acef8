//! Issue 14, the picture: the partition detail's model of a log as Kafka
//! stores it, driven through the console as a learner would.
//!
//! - a log of several segments: base offsets, contiguous spans, one active;
//! - a compacted topic after cleaning: survivors keep their offsets, the
//!   emptied offsets are holes, clean vs dirty segments split at the checkpoint;
//! - a tombstone is flagged, and the table view is the latest value per key
//!   with the tombstone's key gone — the same before and after the cleaner
//!   ran (compaction keeps the table);
//! - the dirty ratio shown is the cleaner's own (`PartitionLog::cleanable`);
//! - removed records stay in the next pictures as gone cells for a moment,
//!   survivors in place; a rewound picture carries none.

use kafkasim::console::Console;
use kafkasim::sim::broker::log::PartitionLog;
use kafkasim::sim::ids::{BrokerId, Offset, TopicPartition};
use kafkasim::viz::logstrip::{fade, partition_detail, PartitionDetail, Strip};
use kafkasim::viz::logview::{fade_linger, Part, TableRow};

const BOOT: &str = "--bootstrap-server localhost:9092";
const CELLS: usize = 16;

fn console(lines: &[&str]) -> Console {
    let mut c = Console::new(7, 1);
    run(&mut c, lines);
    c
}

fn run(c: &mut Console, lines: &[&str]) {
    for l in lines {
        let out = c.run_line(&l.replace("$BOOT", BOOT));
        assert!(!out.failed, "{l}: {:?}", out.lines);
    }
}

/// A compacted topic `t` (one partition, one replica) rolled every 10 s, and
/// a producer of 4 keys at 1 record/s for `secs` seconds.
fn compacted(min_ratio: &str, secs: u32) -> Console {
    let create = format!(
        "kafka-topics $BOOT --create --topic t --partitions 1 --replication-factor 1 --config cleanup.policy=compact \
         --config segment.ms=10000 --config min.cleanable.dirty.ratio={min_ratio}"
    );
    let advance = format!("sim advance {secs}s");
    console(&[&create, "sim producer start p --topic t --rate 1 --keys 4", &advance, "sim producer stop p"])
}

/// Sends `records` (`key:value`, `NULL` for a tombstone) with the console producer.
fn produce(c: &mut Console, records: &[&str]) {
    run(
        c,
        &["kafka-console-producer $BOOT --topic t --property parse.key=true --property key.separator=: --property null.marker=NULL"],
    );
    run(c, records);
    c.interrupt();
}

fn detail(c: &Console) -> PartitionDetail {
    partition_detail(c.simulation(), &[], "t", 0, CELLS).expect("t-0 exists")
}

fn log(c: &Console) -> &PartitionLog {
    c.simulation().disk_log(BrokerId(1), &TopicPartition::new("t", 0)).expect("broker 1 holds t-0")
}

fn leader(d: &PartitionDetail) -> &Strip {
    d.strips.iter().find(|s| s.leader).expect("a leader")
}

fn live(s: &Strip) -> Vec<Offset> {
    s.cells.iter().filter(|c| c.gone_at.is_none()).map(|c| c.offset).collect()
}

/// The latest value per key, worked out here from the whole log, independently of the model.
fn expected_table(log: &PartitionLog) -> Vec<TableRow> {
    let mut rows: Vec<TableRow> = Vec::new();
    for r in log.records().filter(|r| r.offset < log.high_watermark()) {
        let key = r.data.key.clone().expect("keyed");
        rows.retain(|row| row.key != key);
        if let Some(v) = &r.data.value {
            rows.push(TableRow { key, value: v.clone(), offset: r.offset });
        }
    }
    rows.sort_by(|a, b| a.key.cmp(&b.key));
    rows
}

#[test]
fn a_log_of_several_segments_shows_their_base_offsets_and_the_active_one() {
    let c = console(&[
        "kafka-topics $BOOT --create --topic t --partitions 1 --replication-factor 1 --config segment.ms=10000",
        "sim producer start p --topic t --rate 1 --keys 4",
        "sim advance 45s",
    ]);
    let d = detail(&c);
    let s = leader(&d);
    let bases: Vec<Offset> = log(&c).segments().iter().map(|g| g.base_offset()).collect();
    assert!(bases.len() >= 4, "segment.ms=10000 over 45 s rolls at least 3 times: {bases:?}");
    assert_eq!(s.segments.iter().map(|g| g.base).collect::<Vec<_>>(), bases, "the model's base offsets are the log's");
    for w in s.segments.windows(2) {
        assert_eq!(w[0].end, w[1].base, "each segment ends where the next begins");
        assert!(!w[0].active && w[0].records > 0 && w[0].bytes > 0);
    }
    let last = s.segments.last().unwrap();
    assert!(last.active && last.end == s.leo, "the last segment is the active one and ends at the LEO");
    assert_eq!(s.segments.iter().filter(|g| g.active).count(), 1);
    assert!(s.segments.iter().all(|g| g.part == Part::Plain), "cleanup.policy=delete: no clean/dirty split");
    assert!(s.cleaner.is_none() && !d.compact && d.table.is_none());
    assert!(s.holes.is_empty(), "a log nobody compacted has no gaps");
    assert_eq!(s.log_start, 0);
    // The active segment covers its records' columns and the LEO's; an older one starting left of the window is cut.
    let (a, b, cut) = d.span(last).expect("the active segment is in the window");
    assert_eq!((a, b, cut), (d.column(last.base).unwrap(), d.column(d.to).unwrap() + 1, false));
    let first_seen =
        s.segments.iter().find(|g| g.base < d.from && g.end > d.from).expect("a segment across the left edge");
    assert_eq!(d.span(first_seen).map(|(a, _, cut)| (a, cut)), Some((0, true)));
    let gone = s.segments.iter().find(|g| g.end <= d.from).expect("a segment wholly left of the window");
    assert_eq!(d.span(gone), None);
}

#[test]
fn after_compaction_survivors_keep_their_offsets_and_the_gaps_show() {
    let c = compacted("0.01", 45);
    let d = detail(&c);
    let s = leader(&d);
    let l = log(&c);
    let checkpoint = l.cleaner_checkpoint().expect("the cleaner ran");
    assert!(d.compact);
    let offsets: Vec<Offset> = l.records().filter(|r| r.offset >= d.from).map(|r| r.offset).collect();
    assert_eq!(live(s), offsets, "the cells are the log's records at their own offsets");
    assert!(!s.holes.is_empty(), "compaction left gaps in the window");
    for h in &s.holes {
        assert!(*h >= s.log_start && *h < s.leo && l.get(*h).is_none(), "hole {h} is an emptied offset");
        assert!(!offsets.contains(h));
    }
    let cleaned: Vec<&Offset> = offsets.iter().filter(|o| **o < checkpoint).collect();
    assert!(cleaned.len() <= 4, "below the checkpoint at most one record per key survives: {cleaned:?}");
    let cleaner = s.cleaner.expect("a compacted topic shows the cleaner");
    assert!(cleaner.cleaned);
    assert_eq!(cleaner.first_dirty, checkpoint, "the dirty part starts at the cleaner's checkpoint");
    for g in &s.segments {
        let want = if g.end <= checkpoint && !g.active { Part::Clean } else { Part::Dirty };
        assert_eq!(g.part, want, "segment {} [{}, {})", g.base, g.base, g.end);
    }
    assert!(s.segments.iter().any(|g| g.part == Part::Clean) && s.segments.iter().any(|g| g.part == Part::Dirty));
}

#[test]
fn a_tombstone_is_flagged_and_the_table_view_drops_its_key() {
    let mut c = compacted("0.01", 25);
    produce(&mut c, &["user-1:NULL", "user-2:last"]);
    run(&mut c, &["sim advance 1s"]);
    let d = detail(&c);
    let s = leader(&d);
    let tomb =
        s.cells.iter().find(|x| x.key.as_deref() == Some("user-1") && x.tombstone()).expect("the tombstone's cell");
    assert_eq!(tomb.value, None);
    assert!(s.cells.iter().filter(|x| x.offset != tomb.offset).all(|x| !x.tombstone()), "only the null value is one");
    let table = d.table.clone().expect("a compacted topic has a table view");
    assert_eq!(table, expected_table(log(&c)));
    assert!(table.iter().all(|r| r.key != "user-1"), "the tombstone deleted user-1: {table:?}");
    let two = table.iter().find(|r| r.key == "user-2").expect("user-2");
    assert_eq!(two.value, "last");
    assert_eq!(table.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(), ["user-0", "user-2", "user-3"]);

    // The cleaner changes the log, never the table: the stream–table duality.
    run(&mut c, &["sim producer start q --topic t --rate 1 --keys 4", "sim advance 20s", "sim producer stop q"]);
    let before = expected_table(log(&c));
    let removed_before = c.simulation().view().ledger.removed_by_compaction;
    run(&mut c, &["sim advance 40s"]);
    assert!(c.simulation().view().ledger.removed_by_compaction > removed_before, "the cleaner ran again");
    assert_eq!(detail(&c).table.unwrap(), before, "same latest value per key after compaction");
}

#[test]
fn the_dirty_ratio_shown_is_the_cleaners_own() {
    // The first cleaning happens at once (nothing is clean: 100 % dirty); after it the
    // 90 % threshold holds the next one back, so the dirty part grows and shows.
    let c = compacted("0.9", 50);
    let d = detail(&c);
    let cleaner = leader(&d).cleaner.expect("compacted");
    let l = log(&c);
    let want = l.cleanable(c.simulation().now().as_millis()).expect("compacted");
    assert_eq!(cleaner.ratio_ppm, want.ratio_ppm());
    assert!(want.cleanable_bytes > 0 && want.clean_bytes > 0, "{want:?}");
    assert!(cleaner.ratio_ppm > 0 && cleaner.ratio_ppm < 900_000, "below the threshold: {}", cleaner.ratio_ppm);
    assert_eq!(cleaner.min_ratio_ppm, 900_000);
    assert_eq!(cleaner.percent(), (want.ratio_ppm() + 5_000) / 10_000);
    assert!(leader(&d).segments.iter().filter(|g| !g.active).any(|g| g.part == Part::Dirty), "a dirty segment waits");
}

#[test]
fn removed_records_fade_out_in_place_and_then_leave() {
    // A window wide enough that the records the cleaner removes are still in it.
    let detail = |c: &Console| partition_detail(c.simulation(), &[], "t", 0, 60).expect("t-0 exists");
    let mut c = compacted("0.01", 12);
    let before = detail(&c);
    let ids: Vec<u64> = leader(&before).cells.iter().map(|x| x.id).collect();
    run(&mut c, &["sim producer start q --topic t --rate 1 --keys 4", "sim advance 20s"]);
    let mut after = detail(&c);
    assert!(after.at > before.at);
    let survivors: Vec<(u64, Offset)> =
        leader(&after).cells.iter().filter(|x| ids.contains(&x.id)).map(|x| (x.id, x.offset)).collect();
    let linger = fade_linger(1.0);
    fade(&before, &mut after, linger);
    let s = leader(&after);
    let gone: Vec<_> = s.cells.iter().filter(|x| x.gone_at.is_some()).collect();
    assert!(!gone.is_empty(), "the cleaner removed records that were in the picture");
    assert!(gone.iter().all(|x| x.gone_at == Some(after.at) && ids.contains(&x.id)));
    assert!(gone.iter().all(|x| s.holes.contains(&x.offset)), "each fades over the hole it leaves");
    for (id, offset) in &survivors {
        let was = leader(&before).cells.iter().find(|x| x.id == *id).unwrap();
        assert_eq!(was.offset, *offset, "a survivor stays at its offset");
    }
    assert!(s.cells.windows(2).all(|w| w[0].offset < w[1].offset), "one cell per offset, in order");

    // A moment later (less than the linger) they are still fading; past it they are gone for good.
    let mut soon = detail(&c);
    soon.at += linger / 2;
    fade(&after, &mut soon, linger);
    assert_eq!(leader(&soon).cells.iter().filter(|x| x.gone_at.is_some()).count(), gone.len());
    let mut later = detail(&c);
    later.at += linger + 1;
    fade(&soon, &mut later, linger);
    assert!(leader(&later).cells.iter().all(|x| x.gone_at.is_none()));

    // Rewinding to the earlier picture fades nothing.
    let mut back = before.clone();
    fade(&after, &mut back, linger);
    assert_eq!(back, before);
}

#[test]
fn retention_moves_the_log_start_and_its_records_fade() {
    let mut c = console(&[
        "kafka-topics $BOOT --create --topic t --partitions 1 --replication-factor 1 --config segment.ms=10000 \
         --config retention.ms=20000",
        "sim producer start p --topic t --rate 1 --keys 4",
        "sim advance 12s",
        "sim producer stop p",
    ]);
    let before = detail(&c);
    assert_eq!(leader(&before).log_start, 0);
    run(&mut c, &["sim advance 6m"]);
    let mut after = detail(&c);
    let s = leader(&after);
    assert!(s.log_start > 0 && s.log_start == log(&c).log_start_offset(), "retention moved the log start");
    assert!(s.holes.is_empty(), "below the log start is not a hole");
    assert!(c.simulation().view().ledger.removed_by_retention > 0);
    fade(&before, &mut after, fade_linger(1.0));
    let s = leader(&after);
    assert!(s.cells.iter().filter(|x| x.offset < s.log_start).all(|x| x.gone_at.is_some()), "deleted: fading");
    assert!(s.cells.iter().any(|x| x.gone_at.is_some()));
}
