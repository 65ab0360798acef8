//! The producer's default partitioner: murmur2 for keyed records, the
//! "strictly uniform sticky" partitioner for keyless ones.
//!
//! **Keyed records.** Kafka hashes the serialized key with its own variant of
//! MurmurHash2 (`Utils.murmur2` in
//! `clients/src/main/java/org/apache/kafka/common/utils/Utils.java`): seed
//! `0x9747b28c`, multiplier `0x5bd1e995`, shift 24, blocks read little-endian,
//! a fall-through tail on `len % 4`, all arithmetic 32-bit wrapping. The signed
//! result is made non-negative with `Utils.toPositive` (`n & 0x7fffffff`, which
//! is deliberately *not* `abs`) and reduced modulo the partition count
//! (`BuiltInPartitioner.partitionForKey`). The count includes every partition,
//! available or not, so a key always maps to the same partition while the
//! partition count is unchanged. Tests: `UtilsTest.testMurmur2`, librdkafka's
//! `unittest_murmur2` (`src/rdmurmur2.c`) and `tests/0048-partitioner.c`.
//!
//! **Keyless records** (KIP-480, then KIP-794). Kafka's `BuiltInPartitioner`
//! (one per topic, in
//! `clients/src/main/java/org/apache/kafka/clients/producer/internals/BuiltInPartitioner.java`)
//! sticks to one partition and counts the bytes produced to it. After each
//! append it switches to a new partition when `producedBytes >= batch.size` and
//! the partition's last batch is full or absent (`enableSwitch`, computed by
//! `RecordAccumulator.allBatchesFull`), or unconditionally once
//! `producedBytes >= 2 * batch.size`. The next partition is drawn with a random
//! number among the *available* partitions (those whose leader is known); if
//! none is available, among all partitions. With adaptive partitioning
//! (`partitioner.adaptive.partitioning.enable`, default true) the accumulator
//! feeds per-partition queue sizes into `updatePartitionLoadStats`, which turns
//! them into a cumulative frequency table so that partitions with shorter
//! queues are chosen more often. Tests follow `BuiltInPartitionerTest`
//! (`testStickyPartitioning`, `unavailablePartitionsTest`,
//! `adaptivePartitionsTest`).
//!
//! Determinism: Kafka draws from `ThreadLocalRandom`; here the caller (which
//! owns the seeded simulation RNG) supplies the random numbers through a
//! closure, and only integers are used.

use serde::{Deserialize, Serialize};

/// Kafka's `Utils.murmur2`: the 32-bit MurmurHash2 variant used for keys.
pub fn murmur2(data: &[u8]) -> i32 {
    const SEED: u32 = 0x9747_b28c;
    const M: u32 = 0x5bd1_e995;
    const R: u32 = 24;
    // Java uses the int length; keys never approach 2^31 bytes.
    let mut h: u32 = SEED ^ (data.len() as u32);
    let mut blocks = data.chunks_exact(4);
    for block in &mut blocks {
        let mut k = u32::from_le_bytes([block[0], block[1], block[2], block[3]]);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h = h.wrapping_mul(M);
        h ^= k;
    }
    let tail = blocks.remainder();
    // The Java switch falls through from case 3 to case 1.
    if tail.len() >= 3 {
        h ^= u32::from(tail[2]) << 16;
    }
    if tail.len() >= 2 {
        h ^= u32::from(tail[1]) << 8;
    }
    if !tail.is_empty() {
        h ^= u32::from(tail[0]);
        h = h.wrapping_mul(M);
    }
    h ^= h >> 13;
    h = h.wrapping_mul(M);
    h ^= h >> 15;
    h as i32
}

/// Kafka's `Utils.toPositive`: clears the sign bit (not the absolute value).
pub fn to_positive(n: i32) -> i32 {
    n & 0x7fff_ffff
}

/// Kafka's `BuiltInPartitioner.partitionForKey`: `toPositive(murmur2(key)) % n`.
///
/// `num_partitions` counts all partitions of the topic, available or not.
/// Panics if it is 0 (a Kafka topic always has at least one partition).
pub fn partition_for_key(key: &[u8], num_partitions: u32) -> u32 {
    assert!(num_partitions > 0, "a topic has at least one partition");
    (to_positive(murmur2(key)) as u32) % num_partitions
}

/// What the partitioner needs to know about a topic's partitions, in the
/// order of Kafka's `Cluster` metadata lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TopicLayout<'a> {
    /// `partitionsForTopic(topic).size()`.
    pub num_partitions: u32,
    /// `availablePartitionsForTopic(topic)`: partitions whose leader is known.
    pub available: &'a [u32],
}

/// Kafka's `PartitionLoadStats`: a cumulative frequency table over partitions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionLoadStats {
    /// Strictly increasing running sums of the weights `(max+1) - queueSize`.
    pub cumulative_frequency_table: Vec<u64>,
    /// The partition each table slot stands for.
    pub partition_ids: Vec<u32>,
}

/// The error for a non-positive `batch.size` given to the sticky partitioner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidStickyBatchSize;

/// The partition currently stuck to and the bytes produced to it since.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct StickyPartitionInfo {
    partition: u32,
    produced_bytes: u64,
}

/// Kafka's `BuiltInPartitioner` for one topic (keyless records).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StickyPartitioner {
    sticky_batch_size: u32,
    current: Option<StickyPartitionInfo>,
    load_stats: Option<PartitionLoadStats>,
}

impl StickyPartitioner {
    /// A partitioner that switches after `batch.size` bytes. Kafka throws
    /// `IllegalArgumentException` for a value below 1
    /// (`BuiltInPartitionerTest.testStickyBatchSizeMoreThatZero`).
    pub fn new(sticky_batch_size: u32) -> Result<Self, InvalidStickyBatchSize> {
        if sticky_batch_size < 1 {
            return Err(InvalidStickyBatchSize);
        }
        Ok(StickyPartitioner { sticky_batch_size, current: None, load_stats: None })
    }

    /// Kafka's `nextPartition`: draws a partition with one random number.
    ///
    /// `next_random` returns a raw 32-bit value (Kafka's `nextInt()`); it is
    /// made non-negative with [`to_positive`] as Kafka does.
    pub fn next_partition(&self, layout: TopicLayout<'_>, next_random: &mut dyn FnMut() -> u32) -> u32 {
        let random = u64::from(to_positive(next_random() as i32) as u32);
        if let Some(stats) = &self.load_stats {
            let table = &stats.cumulative_frequency_table;
            let range_end = table[table.len() - 1];
            let weighted = random % range_end;
            // Arrays.binarySearch + abs(result + 1): the first slot > weighted.
            let index = table.partition_point(|&c| c <= weighted);
            return stats.partition_ids[index];
        }
        if !layout.available.is_empty() {
            let index = random % layout.available.len() as u64;
            return layout.available[index as usize];
        }
        assert!(layout.num_partitions > 0, "a topic has at least one partition");
        (random % u64::from(layout.num_partitions)) as u32
    }

    /// Kafka's `peekCurrentPartitionInfo`: the partition the next keyless
    /// record goes to, choosing one if none is current.
    pub fn peek_current_partition(&mut self, layout: TopicLayout<'_>, next_random: &mut dyn FnMut() -> u32) -> u32 {
        if let Some(info) = self.current {
            return info.partition;
        }
        let partition = self.next_partition(layout, next_random);
        self.current = Some(StickyPartitionInfo { partition, produced_bytes: 0 });
        partition
    }

    /// Kafka's `updatePartitionInfo`, called after appending `appended_bytes`
    /// to the current partition. `enable_switch` is `allBatchesFull(deque)`:
    /// the partition's last batch is full or there is none. Returns the new
    /// partition if the partitioner switched.
    pub fn update_partition_info(
        &mut self,
        appended_bytes: u32,
        enable_switch: bool,
        layout: TopicLayout<'_>,
        next_random: &mut dyn FnMut() -> u32,
    ) -> Option<u32> {
        let info = self.current.as_mut()?;
        info.produced_bytes += u64::from(appended_bytes);
        let produced = info.produced_bytes;
        let size = u64::from(self.sticky_batch_size);
        if (produced >= size && enable_switch) || produced >= 2 * size {
            let partition = self.next_partition(layout, next_random);
            self.current = Some(StickyPartitionInfo { partition, produced_bytes: 0 });
            return Some(partition);
        }
        None
    }

    /// Kafka's `updatePartitionLoadStats`.
    ///
    /// `queue_sizes[i]` is the number of batches queued for `partition_ids[i]`
    /// (only partitions eligible for the sticky choice are listed);
    /// `num_partitions` is the topic's total partition count (Kafka's
    /// `queueSizes.length`). When all partitions are listed with equal queues,
    /// or fewer than two partitions exist, the stats are cleared and the
    /// uniform choice is used.
    pub fn update_partition_load_stats(&mut self, queue_sizes: &[u32], partition_ids: &[u32], num_partitions: u32) {
        assert_eq!(queue_sizes.len(), partition_ids.len(), "one queue size per partition id");
        let length = queue_sizes.len() as u64;
        if length < 1 || num_partitions < 2 {
            self.load_stats = None;
            return;
        }
        let max = queue_sizes.iter().copied().max().unwrap_or(0);
        let all_equal = queue_sizes.iter().all(|&q| q == queue_sizes[0]);
        if all_equal && length == u64::from(num_partitions) {
            self.load_stats = None;
            return;
        }
        let max_plus_1 = u64::from(max) + 1;
        let mut running = 0u64;
        let table = queue_sizes
            .iter()
            .map(|&q| {
                running += max_plus_1 - u64::from(q);
                running
            })
            .collect();
        self.load_stats =
            Some(PartitionLoadStats { cumulative_frequency_table: table, partition_ids: partition_ids.to_vec() });
    }

    /// Kafka's `loadStatsRangeEnd` (test hook): the last CFT value, if any.
    pub fn load_stats_range_end(&self) -> Option<u64> {
        self.load_stats.as_ref().and_then(|s| s.cumulative_frequency_table.last().copied())
    }

    /// The current load statistics, if adaptive partitioning is in effect.
    pub fn load_stats(&self) -> Option<&PartitionLoadStats> {
        self.load_stats.as_ref()
    }

    /// The configured `batch.size` the switch is based on.
    pub fn sticky_batch_size(&self) -> u32 {
        self.sticky_batch_size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `UtilsTest.testMurmur2` (Kafka): ASCII inputs and their signed hashes.
    #[test]
    fn utils_test_murmur2() {
        let cases: [(&[u8], i32); 6] = [
            (b"21", -973_932_308),
            (b"foobar", -790_332_482),
            (b"a-little-bit-long-string", -985_981_536),
            (b"a-little-bit-longer-string", -1_486_304_829),
            (b"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971),
            (&[97, 98, 99], 479_470_107),
        ];
        for (input, expected) in cases {
            assert_eq!(murmur2(input), expected, "input {:?}", String::from_utf8_lossy(input));
        }
    }

    /// librdkafka `src/rdmurmur2.c` `unittest_murmur2` (`java_murmur2_results`),
    /// compared as raw u32. librdkafka hashes a NULL key like the empty key.
    #[test]
    fn librdkafka_unittest_murmur2() {
        let null_key: Option<&[u8]> = None;
        let cases: [(Option<&[u8]>, u32); 12] = [
            (Some(b"kafka"), 0xd067_cf64),
            (Some(b"giberish123456789"), 0x8f55_2b0c),
            (Some(b"1234"), 0x9fc9_7b14),
            (Some(b"234"), 0xe7c0_09ca),
            (Some(b"34"), 0x8739_30da),
            (Some(b"4"), 0x5a4b_5ca1),
            (Some(b"PreAmbleWillBeRemoved,ThePrePartThatIs"), 0x7842_4f1c),
            (Some(b"reAmbleWillBeRemoved,ThePrePartThatIs"), 0x4a62_b377),
            (Some(b"eAmbleWillBeRemoved,ThePrePartThatIs"), 0xe0e4_e09e),
            (Some(b"AmbleWillBeRemoved,ThePrePartThatIs"), 0x62b8_b43f),
            (Some(b""), 0x106e_08d9),
            (null_key, 0x106e_08d9),
        ];
        for (input, expected) in cases {
            let bytes = input.unwrap_or(&[]);
            assert_eq!(murmur2(bytes) as u32, expected, "input {:?}", String::from_utf8_lossy(bytes));
        }
    }

    /// librdkafka `tests/0048-partitioner.c` `do_test_partitioners`: the
    /// Murmur2Cli constants (toPositive of murmur2) and their partitions for
    /// 7 and 17 partitions (NULL hashed as "" by the `murmur2` partitioner).
    #[test]
    fn librdkafka_0048_partitioner_table() {
        let null_key: Option<&[u8]> = None;
        let cases: [(Option<&[u8]>, i32, u32, u32); 5] = [
            (null_key, 0x106e_08d9, 2, 11),
            (Some(b""), 0x106e_08d9, 2, 11),
            (Some(b"23456"), 0x058d_780f, 5, 9),
            (Some(b"this is another string with more length to it perhaps"), 0x4f77_03da, 1, 11),
            (Some(b"hejsan"), 0x5ec1_9395, 6, 5),
        ];
        for (key, positive, p7, p17) in cases {
            let bytes = key.unwrap_or(&[]);
            assert_eq!(to_positive(murmur2(bytes)), positive);
            assert_eq!(partition_for_key(bytes, 7), p7);
            assert_eq!(partition_for_key(bytes, 17), p17);
        }
    }

    /// kafka-semantics.md section 1.4 derived table (not a Kafka test): key,
    /// murmur2, toPositive, partitions for n = 3, 6, 10, 12, 50. The `key`/n=3
    /// row is also `DefaultPartitionerTest.testKeyPartitionIsStable`.
    #[test]
    fn derived_partition_table() {
        #[rustfmt::skip]
        let cases: [(&str, i32, i32, [u32; 5]); 13] = [
            ("21", -973_932_308, 1_173_551_340, [0, 0, 0, 0, 40]),
            ("foobar", -790_332_482, 1_357_151_166, [0, 0, 6, 6, 16]),
            ("abc", 479_470_107, 479_470_107, [0, 3, 7, 3, 7]),
            ("key", -1_079_937_367, 1_067_546_281, [1, 1, 1, 1, 31]),
            ("kafka", -798_503_068, 1_348_980_580, [1, 4, 0, 4, 30]),
            ("", 275_646_681, 275_646_681, [0, 3, 1, 9, 31]),
            ("user-1", 1_404_122_828, 1_404_122_828, [2, 2, 8, 8, 28]),
            ("user-2", -324_981_792, 1_822_501_856, [2, 2, 6, 8, 6]),
            ("order-42", 501_153_024, 501_153_024, [0, 0, 4, 0, 24]),
            ("0", 971_027_396, 971_027_396, [2, 2, 6, 8, 46]),
            ("1", -1_993_445_489, 154_038_159, [0, 3, 9, 3, 9]),
            ("2", 648_968_168, 648_968_168, [2, 2, 8, 8, 18]),
            ("3", -1_148_165_505, 999_318_143, [2, 5, 3, 11, 43]),
        ];
        for (key, hash, positive, parts) in cases {
            assert_eq!(murmur2(key.as_bytes()), hash, "key {key}");
            assert_eq!(to_positive(hash), positive, "key {key}");
            for (n, expected) in [3, 6, 10, 12, 50].into_iter().zip(parts) {
                assert_eq!(partition_for_key(key.as_bytes(), n), expected, "key {key} n {n}");
            }
        }
    }

    /// Kafka's `SequentialPartitioner` test helper: random 0, 1, 2, ...
    fn sequential() -> impl FnMut() -> u32 {
        let mut next = 0u32;
        move || {
            let r = next;
            next += 1;
            r
        }
    }

    /// A small deterministic stand-in for `ThreadLocalRandom` (xorshift32).
    fn xorshift(seed: u32) -> impl FnMut() -> u32 {
        let mut x = seed;
        move || {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x
        }
    }

    /// `BuiltInPartitionerTest.testStickyPartitioning`.
    #[test]
    fn builtin_partitioner_test_sticky_partitioning() {
        let mut random = sequential();
        let topic_a = TopicLayout { num_partitions: 3, available: &[0, 1, 2] };
        let mut a = StickyPartitioner::new(3).unwrap();
        let part_a = a.peek_current_partition(topic_a, &mut random);
        assert_eq!(part_a, 0, "sequential random 0 picks index 0");
        for _ in 0..2 {
            assert_eq!(a.update_partition_info(1, true, topic_a, &mut random), None);
            assert_eq!(a.peek_current_partition(topic_a, &mut random), part_a);
        }
        assert_eq!(a.update_partition_info(1, true, topic_a, &mut random), Some(1));
        assert_ne!(a.peek_current_partition(topic_a, &mut random), part_a);

        let topic_b = TopicLayout { num_partitions: 1, available: &[0] };
        let mut b = StickyPartitioner::new(1).unwrap();
        for _ in 0..10 {
            assert_eq!(b.peek_current_partition(topic_b, &mut random), 0);
            b.update_partition_info(1, true, topic_b, &mut random);
        }
    }

    /// `BuiltInPartitionerTest.testStickyBatchSizeMoreThatZero`.
    #[test]
    fn builtin_partitioner_test_sticky_batch_size_more_that_zero() {
        assert_eq!(StickyPartitioner::new(0), Err(InvalidStickyBatchSize));
        assert!(StickyPartitioner::new(1).is_ok());
    }

    /// `BuiltInPartitionerTest.unavailablePartitionsTest` (seeded random
    /// instead of `ThreadLocalRandom`).
    #[test]
    fn builtin_partitioner_unavailable_partitions_test() {
        let mut random = xorshift(0x1234_5678);
        // topicA: partition 1 has no leader.
        let topic_a = TopicLayout { num_partitions: 3, available: &[0, 2] };
        let mut a = StickyPartitioner::new(1).unwrap();
        let mut seen = crate::vecmap::VecSet::new();
        for _ in 0..100 {
            let p = a.peek_current_partition(topic_a, &mut random);
            assert_ne!(p, 1);
            seen.insert(p);
            a.update_partition_info(1, true, topic_a, &mut random);
        }
        assert!(seen.len() > 1, "more than one available partition is used");
        // topicB: p0 has no leader, p1 does.
        let topic_b = TopicLayout { num_partitions: 2, available: &[1] };
        let mut b = StickyPartitioner::new(1).unwrap();
        for _ in 0..100 {
            assert_eq!(b.peek_current_partition(topic_b, &mut random), 1);
            b.update_partition_info(1, true, topic_b, &mut random);
        }
        // topicC: its only partition has no leader; fall back to all partitions.
        let topic_c = TopicLayout { num_partitions: 1, available: &[] };
        let mut c = StickyPartitioner::new(1).unwrap();
        for _ in 0..10 {
            assert_eq!(c.peek_current_partition(topic_c, &mut random), 0);
            c.update_partition_info(1, true, topic_c, &mut random);
        }
    }

    /// Section 1.5 rule 3: between 1x and 2x `batch.size` the switch waits for
    /// `enableSwitch`; at 2x it is unconditional.
    #[test]
    fn switch_needs_full_batch_until_twice_batch_size() {
        let mut random = sequential();
        let layout = TopicLayout { num_partitions: 3, available: &[0, 1, 2] };
        let mut p = StickyPartitioner::new(10).unwrap();
        assert_eq!(p.peek_current_partition(layout, &mut random), 0);
        assert_eq!(p.update_partition_info(10, false, layout, &mut random), None);
        assert_eq!(p.update_partition_info(9, false, layout, &mut random), None);
        assert_eq!(p.update_partition_info(1, false, layout, &mut random), Some(1));
        assert_eq!(p.update_partition_info(10, true, layout, &mut random), Some(2));
        // Appending with no current partition does nothing (Kafka: null info).
        let mut fresh = StickyPartitioner::new(10).unwrap();
        assert_eq!(fresh.update_partition_info(100, true, layout, &mut random), None);
    }

    /// `BuiltInPartitionerTest.adaptivePartitionsTest`.
    #[test]
    fn builtin_partitioner_adaptive_partitions_test() {
        let mut random = sequential();
        let layout = TopicLayout { num_partitions: 5, available: &[0, 1, 2, 3, 4] };
        let mut p = StickyPartitioner::new(1).unwrap();
        let queue_sizes = [5, 0, 3, 0, 1];
        p.update_partition_load_stats(&queue_sizes, &[0, 1, 2, 3, 4], 5);
        let stats = p.load_stats().unwrap();
        assert_eq!(stats.cumulative_frequency_table, vec![1, 7, 10, 16, 21]);
        assert_eq!(p.load_stats_range_end(), Some(21));
        let mut counts = [0u32; 5];
        for _ in 0..2 * 21 {
            let partition = p.peek_current_partition(layout, &mut random);
            counts[partition as usize] += 1;
            p.update_partition_info(1, true, layout, &mut random);
        }
        assert_eq!(counts, [2, 12, 6, 12, 10]);
    }

    /// The worked example in `BuiltInPartitioner.updatePartitionLoadStats`:
    /// queue sizes 0 3 1 -> weights 4 1 3 -> CFT 4 5 8; random 0-3 -> first,
    /// 4 -> second, 5-7 -> third. Equal queues clear the stats.
    #[test]
    fn load_stats_comment_example_and_equal_queues() {
        let layout = TopicLayout { num_partitions: 3, available: &[0, 1, 2] };
        let mut p = StickyPartitioner::new(1).unwrap();
        p.update_partition_load_stats(&[0, 3, 1], &[7, 8, 9], 3);
        assert_eq!(p.load_stats().unwrap().cumulative_frequency_table, vec![4, 5, 8]);
        let expected = [7, 7, 7, 7, 8, 9, 9, 9, 7];
        for (r, want) in (0u32..).zip(expected) {
            assert_eq!(p.next_partition(layout, &mut || r), want, "random {r}");
        }
        p.update_partition_load_stats(&[2, 2, 2], &[0, 1, 2], 3);
        assert_eq!(p.load_stats(), None);
        p.update_partition_load_stats(&[2, 2], &[0, 1], 3);
        assert_eq!(p.load_stats_range_end(), Some(2), "a partition is excluded");
        p.update_partition_load_stats(&[4], &[0], 1);
        assert_eq!(p.load_stats(), None, "fewer than two partitions");
    }
}
