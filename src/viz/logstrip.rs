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

use crate::sim::broker::log::PartitionLog;
use crate::sim::groups_view::GroupView;
use crate::sim::ids::{BrokerId, Offset, TopicPartition};
use crate::sim::simulation::Simulation;
use crate::sim::trace::LossExplanation;

/// One record cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub offset: Offset,
    pub key: Option<String>,
    pub epoch: i32,
    /// At or above this replica's HW: consumers cannot read it yet.
    pub above_hw: bool,
    /// The ledger lost an acknowledged record at this offset (truncated and replaced, or gone).
    pub lost: bool,
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
    /// Records in the window, oldest first.
    pub cells: Vec<Cell>,
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
    /// The offsets shown: `from..to` (one column per offset, plus one for the LEO).
    pub from: Offset,
    pub to: Offset,
    pub strips: Vec<Strip>,
    pub groups: Vec<GroupMarks>,
    /// `(offset, explanation)` of every lost acknowledged record of this partition
    /// (the component writes the explanation in the page's language).
    pub losses: Vec<(Offset, LossExplanation)>,
}

impl PartitionDetail {
    /// The column of `offset` in the window (`0` is `from`), `None` left of it.
    pub fn column(&self, offset: Offset) -> Option<usize> {
        (offset >= self.from).then(|| (offset.min(self.to) - self.from) as usize)
    }
}

/// The detail of `topic-partition`, showing at most `max_cells` offsets
/// ending at the longest replica's LEO; `None` if no such partition exists.
/// A replica on a down broker keeps the log its disk holds (`online: false`).
pub fn partition_detail(
    sim: &Simulation,
    groups: &[GroupView],
    topic: &str,
    partition: u32,
    max_cells: usize,
) -> Option<PartitionDetail> {
    let tp = TopicPartition::new(topic, partition);
    let (_, state) = sim.controller().image.partitions().find(|(t, _)| *t == tp)?;
    let losses: Vec<(Offset, LossExplanation)> =
        sim.ledger().losses.iter().filter(|l| l.tp == tp).map(|l| (l.offset, l.explanation.clone())).collect();
    let logs: Vec<(BrokerId, Option<&PartitionLog>)> =
        state.replicas.iter().map(|b| (*b, sim.disk_log(*b, &tp))).collect();
    let to = logs.iter().filter_map(|(_, l)| l.map(|l| l.log_end_offset())).max().unwrap_or(0).max(0);
    let from = (to - max_cells as Offset).max(0);
    let lost: Vec<Offset> = losses.iter().map(|(o, _)| *o).collect();
    let strips = logs
        .iter()
        .map(|(b, log)| Strip {
            broker: b.0,
            leader: state.leader == Some(*b),
            in_isr: state.isr.contains(b),
            online: sim.broker(*b).is_some_and(|br| br.partitions.contains_key(&tp)),
            log_start: log.map_or(-1, |l| l.log_start_offset()),
            leo: log.map_or(-1, |l| l.log_end_offset()),
            hw: log.map_or(-1, |l| l.high_watermark()),
            cells: log.map_or_else(Vec::new, |l| cells(l, (from, to), &lost)),
        })
        .collect();
    Some(PartitionDetail {
        topic: topic.to_string(),
        partition,
        leader: state.leader.map(|b| b.0),
        epoch: state.leader_epoch.0,
        from,
        to,
        strips,
        groups: group_marks(groups, &tp),
        losses,
    })
}

/// The records of `log` in the window `from..to`; those at a `lost` offset are marked.
fn cells(log: &PartitionLog, (from, to): (Offset, Offset), lost: &[Offset]) -> Vec<Cell> {
    let hw = log.high_watermark();
    log.records()
        .filter(|r| r.offset >= from && r.offset < to)
        .map(|r| Cell {
            offset: r.offset,
            key: r.data.key.clone(),
            epoch: r.leader_epoch.0,
            above_hw: r.offset >= hw,
            lost: lost.contains(&r.offset),
        })
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
        let d = partition_detail(c.simulation(), &groups, "t", 0, 24).expect("t-0 exists");
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
        let d = partition_detail(c.simulation(), &[], "t", 0, 24).unwrap();
        assert_eq!((d.from, d.to), (0, 0));
        assert!(d.strips.iter().all(|s| s.cells.is_empty() && s.online));
        assert!(partition_detail(c.simulation(), &[], "t", 9, 24).is_none());
        assert!(partition_detail(c.simulation(), &[], "nope", 0, 24).is_none());
    }

    #[test]
    fn a_crashed_replica_is_offline_and_keeps_its_log() {
        let c = console(&[TOPIC, "sim producer start p --topic t --rate 20", "sim advance 3s", "sim broker kill 2"]);
        let d = partition_detail(c.simulation(), &[], "t", 0, 24).unwrap();
        let s = d.strips.iter().find(|s| s.broker == 2).unwrap();
        assert!(!s.online, "the broker is down");
        assert!(s.leo > 0 && !s.cells.is_empty(), "its disk keeps the log: LEO {}", s.leo);
        let rep = c.simulation().view().partitions[0].replicas.iter().find(|r| r.broker.0 == 2).cloned().unwrap();
        assert_eq!((rep.online, rep.log_end_offset, rep.disk_log_end_offset), (false, -1, s.leo));
    }
}
