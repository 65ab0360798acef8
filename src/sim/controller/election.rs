//! Partition leader election, as the KRaft controller does it.
//!
//! Source: `metadata/src/main/java/org/apache/kafka/controller/PartitionChangeBuilder.java`
//! (`electLeader`, `ElectionResult`), vectors from `PartitionChangeBuilderTest.testElectLeader`.
//!
//! - `Online` / `Unclean`: keep the current leader if it is still valid (in the
//!   target ISR and acceptable: registered, unfenced, not shutting down);
//!   otherwise the first valid replica in replica order. If none and the
//!   election is `Unclean`, the first acceptable replica in replica order,
//!   flagged unclean (the caller then sets ISR = [leader]).
//! - `Preferred`: `replicas[0]` if valid; else keep the current leader if
//!   valid; else the first valid replica.
//!
//! Simplification: no ELR (KIP-966, eligible leader replicas).

use crate::sim::ids::BrokerId;

/// Kafka's `PartitionChangeBuilder.Election`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ElectionType {
    Online,
    Unclean,
    Preferred,
}

/// The chosen leader (`None` = no leader: offline) and whether it was unclean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ElectionResult {
    pub leader: Option<BrokerId>,
    pub unclean: bool,
}

/// Elects a leader for a partition with assignment `replicas`.
pub fn elect_leader(
    replicas: &[BrokerId],
    target_isr: &[BrokerId],
    current_leader: Option<BrokerId>,
    acceptable: &dyn Fn(BrokerId) -> bool,
    election: ElectionType,
) -> ElectionResult {
    let valid = |b: BrokerId| target_isr.contains(&b) && acceptable(b);
    let clean = |leader| ElectionResult { leader: Some(leader), unclean: false };
    if election == ElectionType::Preferred {
        if let Some(&first) = replicas.first() {
            if valid(first) {
                return clean(first);
            }
        }
    }
    if let Some(current) = current_leader {
        if valid(current) {
            return clean(current);
        }
    }
    if let Some(&b) = replicas.iter().find(|&&b| valid(b)) {
        return clean(b);
    }
    if election == ElectionType::Unclean {
        if let Some(&b) = replicas.iter().find(|&&b| acceptable(b)) {
            return ElectionResult { leader: Some(b), unclean: true };
        }
    }
    ElectionResult { leader: None, unclean: false }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[u32]) -> Vec<BrokerId> {
        v.iter().map(|&b| BrokerId(b)).collect()
    }

    /// PartitionChangeBuilderTest.testElectLeader, every row.
    #[test]
    fn kraft_elect_leader_vectors() {
        use ElectionType::*;
        // FOO: replicas [2,1,3], leader 1, acceptable = r != 3.
        let foo_ok = |b: BrokerId| b != BrokerId(3);
        let all_ok = |_b: BrokerId| true;
        type Row<'a> = (&'a [u32], &'a [u32], u32, &'a dyn Fn(BrokerId) -> bool, ElectionType, i64, bool);
        let rows: Vec<Row> = vec![
            (&[2, 1, 3], &[2, 1, 3], 1, &foo_ok, Preferred, 2, false),
            (&[2, 1, 3], &[2, 1, 3], 1, &foo_ok, Online, 1, false),
            (&[2, 1, 3], &[2, 1, 3], 1, &foo_ok, Unclean, 1, false),
            (&[2, 1, 3], &[1, 3], 1, &foo_ok, Online, 1, false),
            (&[2, 1, 3], &[1, 3], 1, &foo_ok, Unclean, 1, false),
            (&[2, 1, 3], &[3], 1, &foo_ok, Online, -1, false),
            (&[2, 1, 3], &[3], 1, &foo_ok, Unclean, 2, true),
            (&[2, 1, 3, 4], &[4], 1, &foo_ok, Unclean, 4, false),
            // BAZ: replicas [2,1,3], ISR [1,3], leader 3, all acceptable.
            (&[2, 1, 3], &[1, 3], 3, &all_ok, Preferred, 3, false),
            (&[2, 1, 3], &[1, 3], 3, &all_ok, Online, 3, false),
            (&[2, 1, 3], &[1, 3], 3, &all_ok, Unclean, 3, false),
        ];
        for (i, (replicas, isr, leader, ok, election, want, unclean)) in rows.into_iter().enumerate() {
            let r = elect_leader(&ids(replicas), &ids(isr), Some(BrokerId(leader)), ok, election);
            let got = r.leader.map_or(-1, |b| i64::from(b.0));
            assert_eq!((got, r.unclean), (want, unclean), "row {i}");
        }
    }

    /// PartitionLeaderElectionAlgorithmsTest (offline election part): with no
    /// current leader the KRaft rule reduces to "first live ISR replica".
    #[test]
    fn offline_election_vectors() {
        let live4 = |b: BrokerId| b == BrokerId(4);
        let r = elect_leader(&ids(&[2, 4]), &ids(&[2, 4]), None, &live4, ElectionType::Online);
        assert_eq!(r.leader, Some(BrokerId(4)));
        let r = elect_leader(&ids(&[2, 4]), &ids(&[2]), None, &live4, ElectionType::Online);
        assert_eq!(r, ElectionResult { leader: None, unclean: false });
        let r = elect_leader(&ids(&[2, 4]), &ids(&[2]), None, &live4, ElectionType::Unclean);
        assert_eq!(r, ElectionResult { leader: Some(BrokerId(4)), unclean: true });
    }

    /// Preferred election: only replicas[0] if it is live and in the ISR
    /// (PartitionLeaderElectionAlgorithmsTest preferred rows, no current leader).
    #[test]
    fn preferred_election_vectors() {
        let live = |v: &'static [u32]| move |b: BrokerId| v.contains(&b.0);
        let r = elect_leader(&ids(&[2, 4]), &ids(&[2, 4]), None, &live(&[2, 4]), ElectionType::Preferred);
        assert_eq!(r.leader, Some(BrokerId(2)));
        let r = elect_leader(&ids(&[2, 4]), &ids(&[2]), None, &live(&[]), ElectionType::Preferred);
        assert_eq!(r.leader, None);
        let r = elect_leader(&ids(&[2, 4]), &ids(&[]), None, &live(&[]), ElectionType::Preferred);
        assert_eq!(r.leader, None);
    }
}
