//! `--delete` (`ConsumerGroupService.deleteGroups`, Kafka 4.0): the failures
//! print as `* Group 'g' could not be deleted due to: <cause>`, the cause
//! being the `ExecutionException`'s (`failed.put(g, e.getCause())`), in the
//! `HashMap<String, Throwable>` order of the group ids.

use super::{known_groups, map_order, print_error};
use crate::console::java::Throwable;
use crate::console::output::Output;
use crate::sim::simulation::Simulation;

const ERRORS: &str = "org.apache.kafka.common.errors";

/// Prints the failure list (every group failed).
pub(super) fn print_failures(out: &mut Output, failed: Vec<(String, Throwable)>) {
    print_error(out, "Deletion of some consumer groups failed:", None);
    let ids = map_order(failed.iter().map(|(g, _)| g.clone()).collect());
    for id in ids {
        if let Some((_, e)) = failed.iter().find(|(g, _)| *g == id) {
            out.out(&format!("* Group '{id}' could not be deleted due to: {e}"));
        }
    }
}

pub(super) fn delete(sim: &Simulation, groups: &[String], out: &mut Output) {
    let known = known_groups(sim);
    let mut failed = Vec::new();
    for id in groups {
        match known.iter().find(|g| &g.group_id == id) {
            None => failed.push((
                id.clone(),
                Throwable::new(&format!("{ERRORS}.GroupIdNotFoundException"), "The group id does not exist."),
            )),
            Some(g) if !g.members.is_empty() => failed.push((
                id.clone(),
                Throwable::new(&format!("{ERRORS}.GroupNotEmptyException"), "The group is not empty."),
            )),
            Some(_) => return out.fail(&format!("Deleting group '{id}' is not supported by KafkaSim yet")),
        }
    }
    print_failures(out, failed);
}
