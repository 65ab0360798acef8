//! A group's *committed* generation never decreases — not even when the
//! coordinator moves to another broker (the new one loads the generation from
//! the group record in `__consumer_offsets`). Generations fence zombie members
//! (`ILLEGAL_GENERATION`); one going back would let a zombie commit.
//!
//! The committed generation is the one in the group's last record below the
//! offsets partition's high watermark. The coordinator's in-memory generation
//! may run ahead of it and be lost: Kafka's `CoordinatorRuntime` applies a
//! write to its in-memory state at once and completes the request only once
//! the records commit; a leader that fails before they replicate takes that
//! uncommitted generation with it, and the new coordinator resumes from the
//! last replicated record (`GroupMetadataManager.replay`). So the check is:
//! the committed generation never goes back, and the current coordinator's
//! generation is never below a generation that was once committed.

use super::{coordinated_groups, replica, Violation};
use crate::sim::coordinator::{group_key, offsets_partition, OFFSETS_TOPIC};
use crate::sim::ids::{BrokerId, Offset, TopicName};
use crate::sim::simulation::Simulation;
use crate::vecmap::VecMap;

/// Only the generation of a group record (the snapshot's other fields are ignored).
#[derive(serde::Deserialize)]
struct GenerationOnly {
    generation: i32,
}

#[derive(Clone, Debug, Default)]
pub struct State {
    /// The highest committed generation seen per group.
    last: VecMap<crate::sim::ids::GroupId, i32>,
    /// Per (coordinator, group): the offset scanned up to and the committed
    /// generation found below it (so each check reads only new records).
    scanned: VecMap<(BrokerId, String), (Offset, Option<i32>)>,
}

impl State {
    pub fn check(&mut self, sim: &Simulation, out: &mut Vec<Violation>) {
        let offsets = TopicName::new(OFFSETS_TOPIC);
        let n = sim.controller().image.topics.get(&offsets).map_or(1, |t| t.partitions.len().max(1) as u32);
        for (b, g) in coordinated_groups(sim) {
            let committed = self.committed_generation(sim, b, g.group_id.as_str(), n);
            let last = self.last.get(&g.group_id).copied();
            if let Some(last) = last.filter(|l| committed.is_some_and(|c| c < *l) || g.generation < *l) {
                let detail = match committed {
                    Some(c) if c < last => {
                        format!("coordinator {b}: group {} committed generation {c} after {last}", g.group_id)
                    }
                    _ => format!(
                        "coordinator {b}: group {} generation {} below committed generation {last}",
                        g.group_id, g.generation
                    ),
                };
                out.push(Violation { property: "group generation never decreases", detail });
            }
            if let Some(c) = committed {
                let l = self.last.entry(g.group_id.clone()).or_insert(c);
                *l = (*l).max(c);
            }
        }
    }

    /// The generation in `group`'s last record below the HW of its offsets
    /// partition on broker `b` (`None`: no group record committed there).
    fn committed_generation(&mut self, sim: &Simulation, b: BrokerId, group: &str, n: u32) -> Option<i32> {
        let tp = offsets_partition(group, n);
        let log = &replica(sim, b, &tp)?.log;
        let hw = log.high_watermark();
        let entry = self.scanned.entry((b, group.to_string())).or_insert((log.log_start_offset(), None));
        if hw < entry.0 {
            // The log was truncated below what was scanned (an unclean election): rescan.
            *entry = (log.log_start_offset(), None);
        }
        let key = group_key(group);
        for offset in entry.0.max(log.log_start_offset())..hw {
            let Some(r) = log.get(offset) else { continue };
            if r.data.key.as_deref() == Some(key.as_str()) {
                if let Some(v) = r.data.value.as_deref() {
                    entry.1 = serde_json::from_str::<GenerationOnly>(v).ok().map(|g| g.generation).or(entry.1);
                }
            }
        }
        entry.0 = hw;
        entry.1
    }
}
