//! The partition detail: one log strip per replica, and the markers that
//! tell the story of a partition (the four positions of
//! `kafka-consumer-groups --describe`).
//!
//! Every strip shows the same window of offsets, so the replicas' cells line
//! up in columns and a follower that lags, or a log that was truncated, is
//! plain to see. Each cell is one record: its offset, its key and the leader
//! epoch it was written in. Cells at or above the replica's high watermark
//! are *not yet visible to consumers* (drawn shaded); cells at an offset
//! where the durability ledger recorded an acknowledged record as lost are
//! marked. Under the strips, per consumer group: its consumer's position and
//! its last committed offset. Markers that fall left of the window say so
//! (the component draws them pinned at the left edge with an arrow).
//!
//! Each strip also carries its log as Kafka stores it ([`super::logview`]):
//! its segments, the offsets the cleaner emptied (survivors keep their
//! offsets, so the columns never renumber), tombstones flagged, and on a
//! compacted topic the cleaner's checkpoint and dirty ratio; the detail
//! carries the table view (latest value per key) of the leader's log.

use super::logview::{self, CleanerMark, SegmentSpan, TableRow};
use crate::sim::broker::log::PartitionLog;
use crate::sim::groups_view::GroupView;
use crate::sim::ids::{BrokerId, Offset, TopicPartition};
use crate::sim::record::Record;
use crate::sim::simulation::Simulation;
use crate::sim::trace::LossExplanation;

/// One record cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub offset: Offset,
    /// The record's identity (the page keys its element by it).
    pub id: u64,
    pub key: Option<String>,
    /// `None`: a tombstone.
    pub value: Option<String>,
    pub epoch: i32,
    /// At or above this replica's HW: consumers cannot read it yet.
    pub above_hw: bool,
    /// The ledger lost an acknowledged record at this offset (truncated and replaced, or gone).
    pub lost: bool,
    /// Removed (retention, the cleaner, a truncation) at this simulated time: drawn fading out.
    pub gone_at: Option<u64>,
}

impl Cell {
    /// A record whose value is null: it deletes its key from a compacted topic.
    pub fn tombstone(&self) -> bool {
        self.value.is_none()
    }
}

/// One replica's strip.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Strip {
    pub broker: u32,
    pub leader: bool,
    pub in_isr: bool,
    /// The broker holds the replica and runs; a down broker's strip shows the
    /// log its disk keeps, greyed, with the LEO it had.
    pub online: bool,
    pub log_start: Offset,
    pub leo: Offset,
    pub hw: Offset,
    /// Records in the window, oldest first, then those fading out (at most one cell per offset).
    pub cells: Vec<Cell>,
    /// The first offset of each column in `[log start, LEO)` where this replica
    /// holds no record: emptied by the cleaner (the records fading out there included).
    pub holes: Vec<Offset>,
    /// The log's segments, oldest first (the last is the active one).
    pub segments: Vec<SegmentSpan>,
    /// The cleaner's checkpoint and dirty ratio, on a compacted topic.
    pub cleaner: Option<CleanerMark>,
}

/// One consumer group's two markers on this partition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupMarks {
    pub group: String,
    pub owner: Option<String>,
    pub position: Option<Offset>,
    pub committed: Option<Offset>,
    pub lag: Option<Offset>,
}

/// Everything the partition detail draws.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionDetail {
    pub topic: String,
    pub partition: u32,
    pub leader: Option<u32>,
    pub epoch: i32,
    /// The offsets shown: `from..to`, plus a column for the LEO.
    pub from: Offset,
    pub to: Offset,
    /// The columns, `[start, end)` each: one offset, or a run the cleaner emptied
    /// ([`logview::columns`]); the last is the LEO's.
    pub cols: Vec<(Offset, Offset)>,
    pub strips: Vec<Strip>,
    pub groups: Vec<GroupMarks>,
    /// `(offset, explanation)` of every lost acknowledged record of this partition
    /// (the component writes the explanation in the page's language).
    pub losses: Vec<(Offset, LossExplanation)>,
    /// `cleanup.policy` contains `compact` (on the leader's log, else the first replica's).
    pub compact: bool,
    /// The table view of a compacted topic: latest value per key of the leader's readable records.
    pub table: Option<Vec<TableRow>>,
    /// The simulated time of the picture (microseconds).
    pub at: u64,
}

impl PartitionDetail {
    /// The column holding `offset` (`0` is `from`'s), `None` left of the
    /// window; an offset past the LEO is in the LEO's column.
    pub fn column(&self, offset: Offset) -> Option<usize> {
        (offset >= self.from).then(|| self.cols.partition_point(|c| c.1 <= offset).min(self.cols.len() - 1))
    }

    /// The columns `[start, end)` a segment covers (the active one also the
    /// LEO's column) and whether it starts left of the window; `None` if it
    /// lies wholly left of it.
    pub fn span(&self, s: &SegmentSpan) -> Option<(usize, usize, bool)> {
        let end = self.column(s.end)? + usize::from(s.active);
        let (start, cut) = self.column(s.base).map_or((0, true), |c| (c, false));
        (end > start).then_some((start, end, cut))
    }
}

/// The previous picture of a partition and how long (simulated µs) its removed records linger.
pub type Fade<'a> = Option<(&'a PartitionDetail, u64)>;

/// The detail of `topic-partition`, showing at most `max_cells` columns
/// (three quarters of them on a compacted topic) ending at the longest
/// replica's LEO; `None` if no such partition exists.
/// A replica on a down broker keeps the log its disk holds (`online: false`).
/// Records of `fade`'s picture that are gone now (retention, the cleaner, a
/// truncation) stay, marked gone, for its linger: the page fades them out
/// where they stood. A picture from before `fade`'s (a rewind) carries none.
pub fn partition_detail(
    sim: &Simulation,
    groups: &[GroupView],
    topic: &str,
    partition: u32,
    max_cells: usize,
    fade: Fade,
) -> Option<PartitionDetail> {
    let tp = TopicPartition::new(topic, partition);
    let (_, state) = sim.controller().image.partitions().find(|(t, _)| *t == tp)?;
    let losses: Vec<(Offset, LossExplanation)> =
        sim.ledger().losses.iter().filter(|l| l.tp == tp).map(|l| (l.offset, l.explanation.clone())).collect();
    let logs: Vec<(BrokerId, Option<&PartitionLog>)> =
        state.replicas.iter().map(|b| (*b, sim.disk_log(*b, &tp))).collect();
    let to = logs.iter().filter_map(|(_, l)| l.map(|l| l.log_end_offset())).max().unwrap_or(0).max(0);
    let now = sim.now().0;
    let fade = fade.filter(|(p, _)| p.at <= now && p.topic == topic && p.partition == partition);
    let gone: Vec<Vec<Cell>> = logs.iter().map(|(b, l)| gone_cells(fade, b.0, *l, now)).collect();
    let present: Vec<&PartitionLog> = logs.iter().filter_map(|(_, l)| *l).collect();
    let leader_log = logs.iter().find(|(b, _)| state.leader == Some(*b)).and_then(|(_, l)| *l);
    let compact = leader_log.or(present.first().copied()).is_some_and(|l| l.config.compact);
    // A compacted topic's window is a quarter narrower: its table view stands beside it.
    let n = if compact { max_cells - max_cells / 4 } else { max_cells };
    let fading: Vec<Offset> = gone.iter().flatten().map(|c| c.offset).collect();
    let cols = logview::columns(&present, &fading, to, n);
    let lost: Vec<Offset> = losses.iter().map(|(o, _)| *o).collect();
    let strips = logs
        .iter()
        .zip(gone)
        .map(|((b, log), gone)| {
            let mut s = Strip {
                broker: b.0,
                leader: state.leader == Some(*b),
                in_isr: state.isr.contains(b),
                online: sim.broker(*b).is_some_and(|br| br.partitions.contains_key(&tp)),
                log_start: -1,
                leo: -1,
                hw: -1,
                cells: Vec::new(),
                holes: Vec::new(),
                segments: Vec::new(),
                cleaner: None,
            };
            if let Some(l) = log {
                fill(&mut s, l, (&cols, gone), &lost, now / 1_000);
            }
            s
        })
        .collect();
    Some(PartitionDetail {
        topic: topic.to_string(),
        partition,
        leader: state.leader.map(|b| b.0),
        epoch: state.leader_epoch.0,
        from: cols[0].0,
        to,
        cols,
        strips,
        groups: group_marks(groups, &tp),
        losses,
        compact,
        table: leader_log.filter(|_| compact).map(logview::table_view),
        at: now,
    })
}

/// Fills a strip from its replica's log: positions, cells (with its `gone`
/// ones in the window), holes, segments and the cleaner.
fn fill(
    s: &mut Strip,
    log: &PartitionLog,
    (cols, gone): (&[(Offset, Offset)], Vec<Cell>),
    lost: &[Offset],
    now_ms: u64,
) {
    let (from, to) = (cols[0].0, cols[cols.len() - 1].0);
    s.log_start = log.log_start_offset();
    s.leo = log.log_end_offset();
    s.hw = log.high_watermark();
    s.cells = log.read(from, to, u32::MAX).iter().map(|r| cell(r, s.hw, lost)).collect();
    s.holes = cols
        .iter()
        .filter(|(a, b)| *a >= s.log_start && *a < s.leo && !s.cells.iter().any(|c| c.offset >= *a && c.offset < *b))
        .map(|(a, _)| *a)
        .collect();
    s.cells.extend(gone.into_iter().filter(|c| c.offset >= from));
    s.cleaner = logview::cleaner(log, now_ms);
    s.segments = logview::segments(log, s.cleaner.map(|c| c.first_dirty));
}

/// One record's cell; `lost` offsets are marked.
fn cell(r: &Record, hw: Offset, lost: &[Offset]) -> Cell {
    Cell {
        offset: r.offset,
        id: r.id.0,
        key: r.data.key.clone(),
        value: r.data.value.clone(),
        epoch: r.leader_epoch.0,
        above_hw: r.offset >= hw,
        lost: lost.contains(&r.offset),
        gone_at: None,
    }
}

/// The cells of `broker`'s strip in `fade`'s picture whose offset holds no
/// record now, marked with the time they went, while their linger lasts.
fn gone_cells(fade: Fade, broker: u32, log: Option<&PartitionLog>, now: u64) -> Vec<Cell> {
    let Some((prev, linger)) = fade else { return Vec::new() };
    let Some(old) = prev.strips.iter().find(|s| s.broker == broker) else { return Vec::new() };
    old.cells
        .iter()
        .filter(|c| log.is_none_or(|l| l.get(c.offset).is_none()))
        .filter(|c| c.gone_at.is_none_or(|t| now.saturating_sub(t) < linger))
        .map(|c| Cell { gone_at: Some(c.gone_at.unwrap_or(now)), ..c.clone() })
        .collect()
}

/// Each group's position and committed offset on `tp` (groups that do not consume it are left out).
fn group_marks(groups: &[GroupView], tp: &TopicPartition) -> Vec<GroupMarks> {
    groups
        .iter()
        .filter_map(|g| {
            let pos = g.partitions.iter().find(|p| p.tp == *tp)?;
            Some(GroupMarks {
                group: g.group_id.clone(),
                owner: pos.owner.clone(),
                position: pos.position,
                committed: pos.committed,
                lag: pos.lag,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::Console;
    use crate::sim::groups_view::groups_view;

    fn console(lines: &[&str]) -> Console {
        let mut c = Console::new(7, 3);
        for l in lines {
            c.run_line(l);
        }
        c
    }

    const TOPIC: &str =
        "kafka-topics --bootstrap-server localhost:9092 --create --topic t --partitions 1 --replication-factor 3";

    #[test]
    fn strips_line_up_and_show_leo_hw_and_group_positions() {
        let c = console(&[
            TOPIC,
            "sim producer start p --topic t --rate 20 --keys 5",
            "sim consumer start c1 --group g --topic t",
            "sim advance 8s",
        ]);
        let groups = groups_view(c.simulation());
        let d = partition_detail(c.simulation(), &groups, "t", 0, 24, None).expect("t-0 exists");
        assert_eq!(d.strips.len(), 3);
        assert_eq!(d.to - d.from, 24, "a full window once the log is long enough");
        let leader = d.strips.iter().find(|s| s.leader).expect("a leader");
        assert_eq!(leader.leo, d.to, "the leader has the longest log");
        assert!(leader.hw <= leader.leo);
        assert_eq!(leader.cells.len(), 24);
        assert!(leader.cells.iter().all(|x| x.above_hw == (x.offset >= leader.hw)));
        assert!(leader.cells.iter().all(|x| x.key.is_some()), "keyed producer");
        let g = d.groups.iter().find(|g| g.group == "g").expect("the group consumes t-0");
        assert_eq!(g.owner.as_deref(), Some("c1"));
        assert!(g.position.is_some());
        assert_eq!(d.column(d.from), Some(0));
        assert_eq!(d.column(d.from - 1), None);
        assert_eq!(d.column(d.to + 5), Some(24), "past the LEO pins to the LEO column");
    }

    #[test]
    fn a_short_log_starts_at_zero_and_an_unknown_partition_has_no_detail() {
        let c = console(&[TOPIC, "sim advance 1s"]);
        let d = partition_detail(c.simulation(), &[], "t", 0, 24, None).unwrap();
        assert_eq!((d.from, d.to), (0, 0));
        assert!(d.strips.iter().all(|s| s.cells.is_empty() && s.online));
        assert!(partition_detail(c.simulation(), &[], "t", 9, 24, None).is_none());
        assert!(partition_detail(c.simulation(), &[], "nope", 0, 24, None).is_none());
    }

    #[test]
    fn a_crashed_replica_is_offline_and_keeps_its_log() {
        let c = console(&[TOPIC, "sim producer start p --topic t --rate 20", "sim advance 3s", "sim broker kill 2"]);
        let d = partition_detail(c.simulation(), &[], "t", 0, 24, None).unwrap();
        let s = d.strips.iter().find(|s| s.broker == 2).unwrap();
        assert!(!s.online, "the broker is down");
        assert!(s.leo > 0 && !s.cells.is_empty(), "its disk keeps the log: LEO {}", s.leo);
        let rep = c.simulation().view().partitions[0].replicas.iter().find(|r| r.broker.0 == 2).cloned().unwrap();
        assert_eq!((rep.online, rep.log_end_offset, rep.disk_log_end_offset), (false, -1, s.leo));
    }
}
