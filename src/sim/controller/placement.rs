//! Replica placement for new topics and partitions.
//!
//! The rack-unaware algorithm of Kafka's `AdminUtils.assignReplicasToBrokers`
//! (`assignReplicasToBrokersRackUnaware`): the first replica of partition `p`
//! goes to broker `(p + startIndex) % n`; the followers are shifted by
//! `nextReplicaShift`, which grows by one every `n` partitions, so leadership
//! and followers spread evenly. `startIndex` and the initial shift are drawn
//! from the seeded placement stream.
//!
//! Simplification: Kafka 4.x's KRaft controller uses `StripedReplicaPlacer`,
//! which also randomises per rack; this classic algorithm gives the same
//! balance properties and is easier to follow on a projector.

use crate::sim::ids::BrokerId;

fn replica_index(first: u32, second_shift: u32, replica: u32, n: u32) -> u32 {
    let shift = 1 + (second_shift + replica) % (n - 1);
    (first + shift) % n
}

/// Assigns `partitions` partitions starting at `start_partition` over `brokers`.
/// `start_index` and `shift` are the random draws (each `< brokers.len()`).
pub fn assign_replicas(
    brokers: &[BrokerId],
    partitions: u32,
    replication_factor: u32,
    start_partition: u32,
    start_index: u32,
    shift: u32,
) -> Vec<Vec<BrokerId>> {
    let n = brokers.len() as u32;
    assert!(n > 0 && replication_factor >= 1 && replication_factor <= n, "placement preconditions");
    let mut next_shift = shift;
    let mut out = Vec::new();
    for p in start_partition..start_partition + partitions {
        if p > 0 && p % n == 0 {
            next_shift += 1;
        }
        let first = (p + start_index) % n;
        let mut replicas = vec![brokers[first as usize]];
        for j in 0..replication_factor - 1 {
            replicas.push(brokers[replica_index(first, next_shift, j, n) as usize]);
        }
        out.push(replicas);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(v: &[u32]) -> Vec<BrokerId> {
        v.iter().map(|&x| BrokerId(x)).collect()
    }

    /// AdminRackAwareTest / AssignmentTest-style fixed start: brokers 0..4,
    /// startIndex 0, shift 0 gives Kafka's documented layout.
    #[test]
    fn fixed_start_matches_kafka_layout() {
        let brokers = b(&[0, 1, 2, 3, 4]);
        let got = assign_replicas(&brokers, 10, 3, 0, 0, 0);
        let want: Vec<Vec<BrokerId>> = [
            [0, 1, 2],
            [1, 2, 3],
            [2, 3, 4],
            [3, 4, 0],
            [4, 0, 1],
            [0, 2, 3],
            [1, 3, 4],
            [2, 4, 0],
            [3, 0, 1],
            [4, 1, 2],
        ]
        .iter()
        .map(|r| b(r))
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn every_partition_has_distinct_replicas_and_leaders_spread() {
        let brokers = b(&[1, 2, 3]);
        let got = assign_replicas(&brokers, 6, 3, 0, 2, 1);
        for r in &got {
            let mut s = r.clone();
            s.sort();
            s.dedup();
            assert_eq!(s.len(), 3);
        }
        for broker in &brokers {
            assert_eq!(got.iter().filter(|r| r[0] == *broker).count(), 2);
        }
    }
}
