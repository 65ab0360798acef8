//! The log picture of issue 14: a replica's log as Kafka stores it, and what
//! a compacted topic means.
//!
//! - [`segments`]: the replica's segments as spans of offsets, each with its
//!   base offset, the active (last) one marked and, on a compacted topic, on
//!   which side of the cleaner's checkpoint it lies (clean or dirty).
//! - [`cleaner`]: the cleaner's checkpoint and the dirty ratio
//!   ([`PartitionLog::cleanable`]) that decides when it cleans next.
//! - [`table_view`]: the latest value per key, as a KTable built from the
//!   topic would hold it: the leader's readable records (below its HW) in
//!   order, a tombstone (a record whose value is null) deleting its key. This
//!   is the stream–table duality a compacted topic stands for.
//! - [`columns`]: the window's columns. One per offset that holds a record
//!   (in any replica) or a record fading out; a run of offsets the cleaner
//!   emptied in every replica folds into one *gap* column, labelled with its
//!   range, so a compacted log's survivors come into view with their own
//!   offsets (never renumbered). A run never spans a segment boundary.
//! - [`fade_linger`]: how long a removed record stays in the picture, fading
//!   out, holding its column.

use crate::sim::broker::log::PartitionLog;
use crate::sim::ids::Offset;

/// Wall milliseconds a removed record takes to fade out (the stylesheet's transition is a little shorter).
pub const FADE_MS: f64 = 900.0;

/// Simulated microseconds a removed record stays in the picture at `speed`.
pub fn fade_linger(speed: f64) -> u64 {
    let s = if speed.is_finite() && speed > 0.0 { speed } else { 1.0 };
    (FADE_MS * s * 1_000.0) as u64
}

/// Which side of the cleaner's checkpoint a segment lies on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The topic is not compacted.
    Plain,
    /// Wholly below the checkpoint: already compacted.
    Clean,
    /// At or past the checkpoint: written since the last cleaning.
    Dirty,
}

/// One segment of a replica's log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegmentSpan {
    pub base: Offset,
    /// The next segment's base offset; the LEO for the active segment.
    pub end: Offset,
    pub records: usize,
    pub bytes: u64,
    /// The last segment, the one appends go to (never cleaned, never deleted while it holds records).
    pub active: bool,
    pub part: Part,
}

/// A compacted log's cleaner state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CleanerMark {
    /// Where the dirty part starts: the cleaner's checkpoint, or the log start before any cleaning.
    pub first_dirty: Offset,
    /// A cleaning has run (`cleaner-offset-checkpoint` holds this log).
    pub cleaned: bool,
    /// `cleanable / (clean + cleanable)` bytes, in parts per million.
    pub ratio_ppm: u64,
    /// `min.cleanable.dirty.ratio`, in parts per million.
    pub min_ratio_ppm: u32,
}

impl CleanerMark {
    /// The dirty ratio in whole percent, rounded to nearest.
    pub fn percent(&self) -> u64 {
        (self.ratio_ppm + 5_000) / 10_000
    }
}

/// One row of the table view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableRow {
    pub key: String,
    pub value: String,
    /// The offset of the record that set this value.
    pub offset: Offset,
}

/// The cleaner's state of `log` at `now_ms`; `None` unless the topic is compacted.
pub fn cleaner(log: &PartitionLog, now_ms: u64) -> Option<CleanerMark> {
    let c = log.cleanable(now_ms)?;
    Some(CleanerMark {
        first_dirty: c.first_dirty,
        cleaned: log.cleaner_checkpoint().is_some(),
        ratio_ppm: c.ratio_ppm(),
        min_ratio_ppm: log.config.min_cleanable_dirty_ratio_ppm,
    })
}

/// The segments of `log`, oldest first; `first_dirty` (a compacted log's) splits clean from dirty.
pub fn segments(log: &PartitionLog, first_dirty: Option<Offset>) -> Vec<SegmentSpan> {
    let segs = log.segments();
    segs.iter()
        .enumerate()
        .map(|(i, s)| {
            let next = segs.get(i + 1);
            let end = next.map_or(log.log_end_offset(), |n| n.base_offset());
            let part = match first_dirty {
                None => Part::Plain,
                Some(d) if end <= d && next.is_some() => Part::Clean,
                Some(_) => Part::Dirty,
            };
            SegmentSpan {
                base: s.base_offset(),
                end,
                records: s.len(),
                bytes: s.size_bytes(),
                active: next.is_none(),
                part,
            }
        })
        .collect()
}

/// The latest value per key among `log`'s records below its HW; a tombstone deletes its key.
pub fn table_view(log: &PartitionLog) -> Vec<TableRow> {
    let hw = log.high_watermark();
    // Sorted by key: each record finds its key's row by binary search.
    let mut rows: Vec<TableRow> = Vec::new();
    for r in log.records() {
        if r.offset >= hw {
            break;
        }
        let Some(key) = &r.data.key else { continue };
        match (rows.binary_search_by(|x| x.key.as_str().cmp(key)), &r.data.value) {
            (Ok(i), Some(v)) => (rows[i].value, rows[i].offset) = (v.clone(), r.offset),
            (Ok(i), None) => {
                rows.remove(i);
            }
            (Err(i), Some(v)) => rows.insert(i, TableRow { key: key.clone(), value: v.clone(), offset: r.offset }),
            (Err(_), None) => {}
        }
    }
    rows
}

/// The window's columns `[start, end)`, oldest first: at most `n` ending at
/// `to`, then the LEO's column `[to, to + 1)`. An offset holding a record of
/// one of `logs`, or in `fading`, has its own column, and so has each offset
/// below every log's start (nothing there to fold); a run of other offsets
/// folds into one column, cut at every segment base offset.
pub fn columns(logs: &[&PartitionLog], fading: &[Offset], to: Offset, n: usize) -> Vec<(Offset, Offset)> {
    let (mut held, mut bases, mut lo) = (fading.to_vec(), Vec::new(), to);
    for l in logs {
        let start = l.log_start_offset();
        lo = lo.min(start);
        // The n newest records of each log: a column older than all of one log's is never reached.
        let mut left = n;
        for s in l.segments().iter().rev() {
            bases.push(s.base_offset());
            for r in s.records().rev() {
                if left == 0 || r.offset < start {
                    break;
                }
                held.push(r.offset);
                left -= 1;
            }
        }
    }
    held.sort();
    held.dedup();
    bases.sort();
    let mut cols = vec![(to, to + 1)];
    let mut cursor = to;
    while cols.len() <= n && cursor > 0 {
        let o = cursor - 1;
        let below = held.partition_point(|x| *x <= o);
        let start = match below.checked_sub(1).map(|i| held[i]) {
            Some(h) if h == o => o,
            _ if o < lo => o,
            h => {
                let base = bases.partition_point(|b| *b <= o).checked_sub(1).map_or(0, |i| bases[i]);
                h.map_or(0, |h| h + 1).max(base).max(lo)
            }
        };
        cols.push((start, cursor));
        cursor = start;
    }
    cols.reverse();
    cols
}
