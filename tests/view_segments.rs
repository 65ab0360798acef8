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
use kafkasim::viz::logstrip::{partition_detail, Cell, PartitionDetail, Strip};
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
    compacted_with(10_000, 4, min_ratio, secs)
}

fn compacted_with(segment_ms: u32, keys: u32, min_ratio: &str, secs: u32) -> Console {
    let create = format!(
        "kafka-topics $BOOT --create --topic t --partitions 1 --replication-factor 1 --config cleanup.policy=compact \
         --config segment.ms={segment_ms} --config min.cleanable.dirty.ratio={min_ratio}"
    );
    let produce = format!("sim producer start p --topic t --rate 1 --keys {keys}");
    let advance = format!("sim advance {secs}s");
    console(&[&create, &produce, &advance, "sim producer stop p"])
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
    partition_detail(c.simulation(), &[], "t", 0, CELLS, None).expect("t-0 exists")
}

/// The detail after `prev`, whose removed records linger `linger` µs.
fn detail_after(c: &Console, cells: usize, prev: &PartitionDetail, linger: u64) -> PartitionDetail {
    partition_detail(c.simulation(), &[], "t", 0, cells, Some((prev, linger))).expect("t-0 exists")
}

fn gone(s: &Strip) -> Vec<&Cell> {
    s.cells.iter().filter(|c| c.gone_at.is_some()).collect()
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
    assert!(d.cols.iter().all(|(a, b)| b - a == 1), "one column per offset");
    assert_eq!((d.cols.len(), d.from), (CELLS + 1, d.to - CELLS as Offset), "the window and the LEO's column");
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
    // As tests/e2e/log_compaction.spec.mjs does: segments of 5 s, 3 keys, cleaned when half dirty.
    let mut c = compacted_with(5_000, 3, "0.5", 73);
    produce(&mut c, &["user-1:NULL", "user-2:sold-out"]);
    run(&mut c, &["sim advance 1s"]);
    let d = detail(&c);
    let s = leader(&d);
    let l = log(&c);
    let checkpoint = l.cleaner_checkpoint().expect("the cleaner ran");
    assert!(d.compact);
    let offsets: Vec<Offset> = l.records().filter(|r| r.offset >= d.from).map(|r| r.offset).collect();
    assert_eq!(live(s), offsets, "the cells are the log's records at their own offsets");
    for x in &s.cells {
        let (a, b) = d.cols[d.column(x.offset).unwrap()];
        assert_eq!((a, b), (x.offset, x.offset + 1), "a record has its own column, headed by its offset");
    }
    // The emptied runs fold into gap columns, so the cleaned survivors come into the window.
    let gaps: Vec<&(Offset, Offset)> = d.cols.iter().filter(|(a, b)| b - a > 1).collect();
    assert!(!gaps.is_empty(), "compaction left gaps: {:?}", d.cols);
    let cleaned: Vec<&Offset> = offsets.iter().filter(|o| **o < checkpoint).collect();
    assert!(!cleaned.is_empty() && cleaned.len() <= 3, "one survivor per key below the checkpoint: {cleaned:?}");
    assert!(d.cols.len() <= CELLS - CELLS / 4 + 1 && d.from == 0, "a narrower window, reaching back to offset 0");
    assert!(d.cols.windows(2).all(|w| w[0].1 == w[1].0), "contiguous columns");
    assert!(!s.holes.is_empty());
    for h in &s.holes {
        let (a, b) = d.cols[d.column(*h).unwrap()];
        assert_eq!(a, *h, "a hole is a column");
        assert!(a >= s.log_start && b <= s.leo && (a..b).all(|o| l.get(o).is_none()), "[{a}, {b}) was emptied");
    }
    for g in &s.segments {
        assert!(d.cols.iter().all(|(a, b)| !(*a < g.base && g.base < *b)), "no gap spans segment base {}", g.base);
    }
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
    const WIDE: usize = 60;
    let linger = fade_linger(1.0);
    let mut c = compacted("0.01", 12);
    let before = partition_detail(c.simulation(), &[], "t", 0, WIDE, None).unwrap();
    let ids: Vec<u64> = leader(&before).cells.iter().map(|x| x.id).collect();
    run(&mut c, &["sim producer start q --topic t --rate 1 --keys 4", "sim advance 20s", "sim producer stop q"]);
    let after = detail_after(&c, WIDE, &before, linger);
    let s = leader(&after);
    let faded = gone(s);
    assert!(!faded.is_empty(), "the cleaner removed records that were in the picture");
    assert!(faded.iter().all(|x| x.gone_at == Some(after.at) && ids.contains(&x.id)));
    for x in &faded {
        assert_eq!(after.cols[after.column(x.offset).unwrap()], (x.offset, x.offset + 1), "it keeps its column");
        assert!(s.holes.contains(&x.offset), "and fades over the hole it leaves");
    }
    for x in s.cells.iter().filter(|x| x.gone_at.is_none() && ids.contains(&x.id)) {
        let was = leader(&before).cells.iter().find(|y| y.id == x.id).unwrap();
        assert_eq!(was.offset, x.offset, "a survivor keeps its offset");
    }
    let mut offsets: Vec<Offset> = s.cells.iter().map(|x| x.offset).collect();
    offsets.sort_unstable();
    offsets.dedup();
    assert_eq!(offsets.len(), s.cells.len(), "one cell per offset");

    // Within the linger they are still fading; past it they are gone and their runs fold.
    run(&mut c, &["sim advance 100ms"]);
    let soon = detail_after(&c, WIDE, &after, linger);
    assert_eq!(gone(leader(&soon)).len(), faded.len());
    assert!(gone(leader(&soon)).iter().all(|x| x.gone_at == Some(after.at)), "gone at the same time");
    run(&mut c, &["sim advance 1s"]);
    let later = detail_after(&c, WIDE, &soon, linger);
    assert!(gone(leader(&later)).is_empty());
    assert!(faded.iter().any(|x| later.cols.iter().any(|(a, b)| *a <= x.offset && x.offset < *b && b - a > 1)));

    // A picture taken before the previous one (a rewind) fades nothing.
    let mut future = later.clone();
    future.at += 10_000_000;
    let mut ghost = leader(&later).cells[0].clone();
    (ghost.offset, ghost.id) = (faded[0].offset, 999_999);
    future.strips[0].cells.insert(0, ghost);
    assert!(gone(leader(&detail_after(&c, WIDE, &future, linger))).is_empty());
    let mut past = future.clone();
    past.at = later.at;
    assert_eq!(
        gone(leader(&detail_after(&c, WIDE, &past, linger))).len(),
        1,
        "the same picture, not rewound, fades it"
    );
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
    let after = detail_after(&c, CELLS, &before, fade_linger(1.0));
    let s = leader(&after);
    assert!(s.log_start > 0 && s.log_start == log(&c).log_start_offset(), "retention moved the log start");
    assert!(s.holes.is_empty(), "below the log start is not a hole");
    assert!(c.simulation().view().ledger.removed_by_retention > 0);
    assert!(!gone(s).is_empty() && s.cells.iter().all(|x| (x.offset < s.log_start) == x.gone_at.is_some()));
    assert_eq!(after.from, before.from, "the window stays where it was: the survivors do not move");
}
