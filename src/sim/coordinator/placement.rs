//! Coordinator placement: which `__consumer_offsets` partition owns a group.
//!
//! Kafka stores a group's metadata and committed offsets in one partition of
//! the internal `__consumer_offsets` topic; the leader of that partition is the
//! group's coordinator. The partition is
//! `Utils.abs(groupId.hashCode()) % offsets.topic.num.partitions`
//! (apache/kafka `group-coordinator/src/main/java/org/apache/kafka/coordinator/
//! group/GroupCoordinatorService.java` `partitionFor`, and the older
//! `core/src/main/scala/kafka/coordinator/group/GroupMetadataManager.scala`).
//! `offsets.topic.num.partitions` defaults to 50.
//!
//! Two Java details matter for bit-exact placement:
//! - `String.hashCode` runs over UTF-16 code units, `s[0]*31^(n-1) + ... +
//!   s[n-1]`, with 32-bit wrapping arithmetic;
//! - `Utils.abs` (`clients/src/main/java/org/apache/kafka/common/utils/
//!   Utils.java`) maps `Integer.MIN_VALUE` to 0 instead of overflowing. It is
//!   not `Utils.toPositive` (which masks the sign bit) used by the partitioner.

use crate::sim::hash::java_string_hash_code;

/// Kafka's `Utils.abs`: `Math.abs`, except `Integer.MIN_VALUE` maps to 0.
pub fn kafka_abs(n: i32) -> i32 {
    if n == i32::MIN {
        0
    } else {
        n.abs()
    }
}

/// The `__consumer_offsets` partition that holds `group_id`.
///
/// Panics if `num_offsets_partitions` is 0 (Kafka rejects that config).
pub fn coordinator_partition(group_id: &str, num_offsets_partitions: u32) -> u32 {
    assert!(num_offsets_partitions > 0, "offsets.topic.num.partitions must be > 0");
    let abs = kafka_abs(java_string_hash_code(group_id)) as u32;
    abs % num_offsets_partitions
}

#[cfg(test)]
mod tests {
    use super::*;

    /// UtilsTest.testAbs.
    #[test]
    fn test_abs() {
        assert_eq!(kafka_abs(i32::MIN), 0);
        assert_eq!(kafka_abs(-10), 10);
        assert_eq!(kafka_abs(10), 10);
        assert_eq!(kafka_abs(0), 0);
        assert_eq!(kafka_abs(-1), 1);
    }

    /// design/kafka-semantics.md section 4.1 (derived with 50 partitions).
    #[test]
    fn coordinator_partitions_for_known_group_ids() {
        let table: &[(&str, i32, u32)] = &[
            ("group", 98629247, 47),
            ("my-group", -1906497762, 12),
            ("test-group", 627841412, 12),
            ("groupId", 293428218, 18),
            ("consumer-group-1", 147483020, 20),
            ("foo", 101574, 24),
            ("bar", 97299, 49),
            ("", 0, 0),
        ];
        for &(group, hash, partition) in table {
            assert_eq!(java_string_hash_code(group), hash, "{group}");
            let got = coordinator_partition(group, crate::sim::config::DEFAULT_OFFSETS_TOPIC_PARTITIONS);
            assert_eq!(got, partition, "{group}");
        }
    }
}
