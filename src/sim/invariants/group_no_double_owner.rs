//! Within a generation no partition is owned by two members of a group.
//!
//! Checked on both sides: the coordinator's stored assignment, and what the
//! consumers themselves hold — two live consumers of one group in the same
//! generation must never both believe they own a partition (the KIP-848 TLA+
//! spec's `NoDoubleClientAssignment`, which holds for the classic protocol
//! too because eager members revoke before joining and cooperative members
//! release before the partition is handed out).
//!
//! A consumer the current coordinator no longer counts as a member is a
//! zombie and is left out: a static member replaced by a new instance with
//! the same `group.instance.id` in a Stable group hands its member id over
//! without a rebalance (KIP-345; `GroupMetadataManager.
//! updateStaticMemberThenRebalanceOrCompleteJoin`), so the new instance gets
//! the same generation and assignment while the old one, cut off from the
//! coordinator, still believes it owns them until a request of its fails with
//! `FENCED_INSTANCE_ID`, as in Kafka.

use super::{coordinated_groups, Violation};
use crate::sim::client::consumer::{Consumer, JoinState};
use crate::sim::coordinator::group::ClassicGroup;
use crate::sim::ids::TopicPartition;
use crate::sim::simulation::Simulation;
use crate::vecmap::VecMap;

const PROPERTY: &str = "no partition owned by two members of a group in one generation";

pub fn check(sim: &Simulation, out: &mut Vec<Violation>) {
    for (b, g) in coordinated_groups(sim) {
        for (tp, owners) in g.owners() {
            if owners.len() > 1 {
                let detail = format!(
                    "coordinator {b}: group {} generation {}: {tp} owned by {owners:?}",
                    g.group_id, g.generation
                );
                out.push(Violation { property: PROPERTY, detail });
            }
        }
    }
    let groups: VecMap<&str, &ClassicGroup> = coordinated_groups(sim).map(|(_, g)| (g.group_id.as_str(), g)).collect();
    let zombie = |c: &Consumer| groups.get(c.group()).is_some_and(|g| !g.members.contains_key(&c.member_id));
    let mut held: VecMap<(&str, i32, &TopicPartition), &str> = VecMap::new();
    for c in sim.consumers().values() {
        if c.closed || c.generation < 0 || c.join_state != JoinState::Stable || zombie(c) {
            continue;
        }
        for tp in c.assigned.keys() {
            if let Some(other) = held.insert((c.group(), c.generation, tp), &c.config.client_id) {
                let detail = format!(
                    "group {} generation {}: consumers {other} and {} both hold {tp}",
                    c.group(),
                    c.generation,
                    c.config.client_id
                );
                out.push(Violation { property: PROPERTY, detail });
            }
        }
    }
}
