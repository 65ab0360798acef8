//! The leader epoch cache and the follower truncation rule (KIP-101, KIP-279,
//! KIP-320).
//!
//! Every replica keeps, next to its log, a list of `(epoch, startOffset)`
//! pairs: the first offset written in each leader epoch. Kafka's
//! `LeaderEpochFileCache`
//! (`storage/src/main/java/org/apache/kafka/storage/internals/epoch/LeaderEpochFileCache.java`)
//! maintains it: a leader `assign`s a new entry when it appends the first batch
//! of its epoch, a follower when it appends a fetched batch carrying a new
//! epoch. Entries must stay monotonic in both epoch and start offset, so an
//! assignment first removes newer entries that conflict with it
//! (`maybeTruncateNonMonotonicEntries`).
//!
//! `endOffsetFor(epoch)` answers "where does this epoch end in *my* log": the
//! start offset of the next higher epoch, or the log end offset for the
//! current epoch, together with the largest epoch `<=` the one requested. A
//! follower that became a follower (or whose fetch reports a diverging epoch)
//! compares that answer with its own cache to find the offset where the two
//! logs stop agreeing, and truncates there. This replaced truncation to the
//! high watermark, which lost acknowledged data (KIP-101). When the follower
//! does not even know the epoch the leader answered with, it truncates to its
//! own end of the largest smaller epoch and asks again (KIP-279); see
//! [`truncation_offset`], which follows `AbstractFetcherThread.getOffsetTruncationState`
//! (`core/src/main/scala/kafka/server/AbstractFetcherThread.scala`).
//! The leader side of the modern inline check (`lastFetchedEpoch` in Fetch,
//! answered with `divergingEpoch`) is [`diverging_epoch`], following
//! `Partition.fetchRecords`.
//!
//! Tests follow `LeaderEpochFileCacheTest`
//! (`core/src/test/scala/unit/kafka/server/epoch/LeaderEpochFileCacheTest.scala`)
//! and `AbstractFetcherThreadTest` (`testTruncation`, `testDivergingEpochs`,
//! `testTruncateToHighWatermarkIfLeaderEpochInfoNotAvailable`).
//!
//! Simplification: the cache is kept in memory only (Kafka checkpoints it to
//! `leader-epoch-checkpoint`); the simulator's "disk" owns persistence.

use crate::sim::ids::{LeaderEpoch, Offset, UNDEFINED_OFFSET};
use serde::{Deserialize, Serialize};

/// One cache entry: Kafka's `EpochEntry(epoch, startOffset)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EpochEntry {
    pub epoch: LeaderEpoch,
    pub start_offset: Offset,
}

/// Kafka's `LeaderEpochFileCache`, ordered by epoch (and so by start offset).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaderEpochCache {
    entries: Vec<EpochEntry>,
}

/// A negative epoch or start offset given to [`LeaderEpochCache::assign`]
/// (Kafka throws `IllegalArgumentException`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidEpochEntry(pub EpochEntry);

impl LeaderEpochCache {
    pub fn new() -> Self {
        LeaderEpochCache { entries: Vec::new() }
    }

    /// Kafka's `assign(epoch, startOffset)`. Returns whether the cache changed.
    ///
    /// A no-op unless the cache is empty, the epoch differs from the latest,
    /// or the start offset is below the latest entry's (`isUpdateNeeded`).
    /// Otherwise newer entries with `epoch >= e || startOffset >= o` are
    /// removed from the end (`maybeTruncateNonMonotonicEntries`) and the entry
    /// is inserted.
    pub fn assign(&mut self, epoch: LeaderEpoch, start_offset: Offset) -> Result<bool, InvalidEpochEntry> {
        let entry = EpochEntry { epoch, start_offset };
        if epoch.0 < 0 || start_offset < 0 {
            return Err(InvalidEpochEntry(entry));
        }
        let update_needed = match self.entries.last() {
            None => true,
            Some(latest) => epoch != latest.epoch || start_offset < latest.start_offset,
        };
        if !update_needed {
            return Ok(false);
        }
        while let Some(last) = self.entries.last() {
            if last.epoch >= epoch || last.start_offset >= start_offset {
                self.entries.pop();
            } else {
                break;
            }
        }
        self.entries.push(entry);
        Ok(true)
    }

    /// Kafka's `latestEpoch()`; `None` when the cache is empty.
    pub fn latest_epoch(&self) -> Option<LeaderEpoch> {
        self.entries.last().map(|e| e.epoch)
    }

    /// Kafka's `latestEntry()`.
    pub fn latest_entry(&self) -> Option<EpochEntry> {
        self.entries.last().copied()
    }

    /// Kafka's `earliestEntry()`.
    pub fn earliest_entry(&self) -> Option<EpochEntry> {
        self.entries.first().copied()
    }

    /// All entries, oldest first (Kafka's `epochEntries()`).
    pub fn entries(&self) -> &[EpochEntry] {
        &self.entries
    }

    /// Kafka's `endOffsetFor(requestedEpoch, logEndOffset)`: the largest
    /// epoch `<=` the requested one and the offset where the requested epoch
    /// ends. `(UNDEFINED, UNDEFINED_OFFSET)` when it cannot be answered.
    pub fn end_offset_for(&self, requested: LeaderEpoch, log_end_offset: Offset) -> (LeaderEpoch, Offset) {
        let undefined = (LeaderEpoch::UNDEFINED, UNDEFINED_OFFSET);
        if requested == LeaderEpoch::UNDEFINED {
            return undefined;
        }
        if self.latest_epoch() == Some(requested) {
            return (requested, log_end_offset);
        }
        let Some(higher) = self.entries.iter().find(|e| e.epoch > requested) else {
            return undefined;
        };
        match self.entries.iter().rev().find(|e| e.epoch <= requested) {
            None => (requested, higher.start_offset),
            Some(floor) => (floor.epoch, higher.start_offset),
        }
    }

    /// Kafka's `epochForOffset`: the epoch whose range contains `offset`.
    pub fn epoch_for_offset(&self, offset: Offset) -> Option<LeaderEpoch> {
        let mut previous = None;
        for entry in &self.entries {
            if entry.start_offset == offset {
                return Some(entry.epoch);
            }
            if entry.start_offset > offset {
                return previous;
            }
            previous = Some(entry.epoch);
        }
        previous
    }

    /// Kafka's `truncateFromEnd(endOffset)`: the log was truncated to
    /// `end_offset`, so entries starting at or after it are removed.
    pub fn truncate_from_end(&mut self, end_offset: Offset) {
        if end_offset < 0 {
            return;
        }
        self.entries.retain(|e| e.start_offset < end_offset);
    }

    /// Kafka's `truncateFromStart(startOffset)`: the log start moved to
    /// `start_offset` (retention, DeleteRecords). Entries starting at or before
    /// it are removed and the last of them is kept, moved to `start_offset`.
    pub fn truncate_from_start(&mut self, start_offset: Offset) {
        let Some(first) = self.entries.first() else { return };
        if start_offset < 0 || first.start_offset >= start_offset {
            return;
        }
        let removed = self.entries.iter().take_while(|e| e.start_offset <= start_offset).count();
        let kept_epoch = self.entries[removed - 1].epoch;
        self.entries.drain(..removed);
        self.entries.insert(0, EpochEntry { epoch: kept_epoch, start_offset });
    }

    /// Kafka's `clearAndFlush`.
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

/// The follower's decision: Kafka's `OffsetTruncationState`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TruncationState {
    /// Truncate the log to this offset (entries at or after it are removed).
    pub offset: Offset,
    /// False when the follower must ask the leader again (KIP-279).
    pub truncation_completed: bool,
}

/// Kafka's `AbstractFetcherThread.getOffsetTruncationState`.
///
/// `leader` is the leader's `(epoch, endOffset)` answer (an
/// `OffsetForLeaderEpoch` response or a Fetch `divergingEpoch`);
/// `follower_fetch_offset` is the follower's current fetch offset, which is its
/// high watermark right after becoming a follower.
pub fn truncation_offset(
    follower_cache: &LeaderEpochCache,
    follower_leo: Offset,
    follower_fetch_offset: Offset,
    leader: (LeaderEpoch, Offset),
) -> TruncationState {
    let (leader_epoch, leader_end) = leader;
    if leader_end == UNDEFINED_OFFSET {
        // The leader has no epoch information: fall back to the fetch offset.
        return TruncationState { offset: follower_fetch_offset, truncation_completed: true };
    }
    if leader_epoch == LeaderEpoch::UNDEFINED {
        return TruncationState { offset: leader_end.min(follower_leo), truncation_completed: true };
    }
    // UnifiedLog.endOffsetForEpoch: None when the cache cannot answer.
    let (follower_epoch, follower_end) = follower_cache.end_offset_for(leader_epoch, follower_leo);
    if follower_end == UNDEFINED_OFFSET {
        return TruncationState { offset: leader_end.min(follower_leo), truncation_completed: true };
    }
    if follower_epoch != leader_epoch {
        // KIP-279: the follower does not know the leader's epoch; truncate to
        // the end of its largest smaller epoch and ask again.
        return TruncationState { offset: follower_end.min(follower_leo), truncation_completed: false };
    }
    TruncationState { offset: follower_end.min(leader_end).min(follower_leo), truncation_completed: true }
}

/// The leader side of a Fetch with `lastFetchedEpoch` (Kafka's
/// `Partition.fetchRecords` via `lastOffsetForLeaderEpoch`): `Some((epoch,
/// endOffset))` as the response's `divergingEpoch` when the follower's last
/// fetched epoch ends earlier in the leader's log than the fetch offset, or
/// the leader only knows a smaller epoch.
pub fn diverging_epoch(
    leader_cache: &LeaderEpochCache,
    leader_leo: Offset,
    last_fetched_epoch: LeaderEpoch,
    fetch_offset: Offset,
) -> Option<(LeaderEpoch, Offset)> {
    let (epoch, end) = leader_cache.end_offset_for(last_fetched_epoch, leader_leo);
    if epoch < last_fetched_epoch || end < fetch_offset {
        Some((epoch, end))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Pair = (i32, i64);

    struct Case {
        test: &'static str,
        assign: &'static [Pair],
        /// Expected cache contents, when the Kafka test asserts them.
        entries: Option<&'static [Pair]>,
        /// `((requested epoch, LEO), (epoch, end offset))`.
        queries: &'static [(Pair, Pair)],
    }

    const CASES: &[Case] = &[
        Case {
            test: "shouldAddEpochAndMessageOffsetToCache",
            assign: &[(2, 10)],
            entries: Some(&[(2, 10)]),
            queries: &[((2, 11), (2, 11))],
        },
        Case {
            test: "shouldReturnLogEndOffsetIfLatestEpochRequested",
            assign: &[(2, 11), (2, 12)],
            entries: None,
            queries: &[((2, 14), (2, 14))],
        },
        Case {
            test: "shouldReturnUndefinedOffsetIfUndefinedEpochRequested",
            assign: &[(2, 11), (3, 12)],
            entries: None,
            queries: &[((-1, 0), (-1, -1))],
        },
        Case {
            test: "shouldNotOverwriteLogEndOffsetForALeaderEpochOnceItHasBeenAssigned",
            assign: &[(2, 9), (2, 10)],
            entries: Some(&[(2, 9)]),
            queries: &[],
        },
        Case {
            test: "shouldEnforceMonotonicallyIncreasingStartOffsets",
            assign: &[(2, 9), (3, 9)],
            entries: Some(&[(3, 9)]),
            queries: &[],
        },
        Case {
            test: "shouldReturnUnsupportedIfNoEpochRecorded",
            assign: &[],
            entries: Some(&[]),
            queries: &[((0, 0), (-1, -1))],
        },
        Case {
            test: "shouldReturnFirstEpochIfRequestedEpochLessThanFirstEpoch",
            assign: &[(5, 11), (6, 12), (7, 13)],
            entries: None,
            queries: &[((4, 0), (4, 11))],
        },
        Case {
            test: "shouldTruncateIfMatchingEpochButEarlierStartingOffset",
            assign: &[(5, 11), (6, 12), (7, 13), (7, 12)],
            entries: Some(&[(5, 11), (7, 12)]),
            queries: &[((5, 0), (5, 12)), ((6, 0), (5, 12))],
        },
        Case {
            test: "shouldGetFirstOffsetOfSubsequentEpochWhenOffsetRequestedForPreviousEpoch",
            assign: &[(1, 11), (1, 12), (2, 13), (2, 14), (3, 15), (3, 16)],
            entries: Some(&[(1, 11), (2, 13), (3, 15)]),
            queries: &[((2, 17), (2, 15))],
        },
        Case {
            test: "shouldReturnNextAvailableEpochIfThereIsNoExactEpochForTheOneRequested",
            assign: &[(0, 10), (2, 13), (4, 17)],
            entries: None,
            queries: &[((1, 0), (0, 13)), ((2, 0), (2, 17)), ((3, 0), (2, 17))],
        },
        Case {
            test: "shouldNotUpdateEpochAndStartOffsetIfItDidNotChange",
            assign: &[(2, 6), (2, 7)],
            entries: Some(&[(2, 6)]),
            queries: &[],
        },
        Case {
            test: "shouldReturnInvalidOffsetIfEpochIsRequestedWhichIsNotCurrentlyTracked",
            assign: &[(2, 100)],
            entries: None,
            queries: &[((3, 100), (-1, -1))],
        },
        Case {
            test: "shouldSupportEpochsThatDoNotStartFromZero",
            assign: &[(2, 6)],
            entries: None,
            queries: &[((2, 7), (2, 7))],
        },
    ];

    fn cache_of(assign: &[Pair]) -> LeaderEpochCache {
        let mut cache = LeaderEpochCache::new();
        for &(epoch, offset) in assign {
            cache.assign(LeaderEpoch(epoch), offset).unwrap();
        }
        cache
    }

    fn pairs(cache: &LeaderEpochCache) -> Vec<Pair> {
        cache.entries().iter().map(|e| (e.epoch.0, e.start_offset)).collect()
    }

    /// 13 of the 14 `LeaderEpochFileCacheTest` vectors (the multi-step one is
    /// below).
    #[test]
    fn leader_epoch_file_cache_test_vectors() {
        for case in CASES {
            let cache = cache_of(case.assign);
            if let Some(entries) = case.entries {
                assert_eq!(pairs(&cache), entries.to_vec(), "{}", case.test);
            }
            for &((epoch, leo), (want_epoch, want_offset)) in case.queries {
                let got = cache.end_offset_for(LeaderEpoch(epoch), leo);
                assert_eq!(got, (LeaderEpoch(want_epoch), want_offset), "{} query {epoch}", case.test);
            }
        }
    }

    /// `LeaderEpochFileCacheTest.shouldIncreaseAndTrackEpochsAsLeadersChangeManyTimes`.
    #[test]
    fn should_increase_and_track_epochs_as_leaders_change_many_times() {
        let mut cache = cache_of(&[(0, 0), (1, 0)]);
        assert_eq!(cache.latest_epoch(), Some(LeaderEpoch(1)));
        let q = |c: &LeaderEpochCache, e: i32, leo: i64| {
            let (epoch, offset) = c.end_offset_for(LeaderEpoch(e), leo);
            (epoch.0, offset)
        };
        assert_eq!(q(&cache, 1, 0), (1, 0));
        assert_eq!(q(&cache, 0, 0), (0, 0));
        assert_eq!(q(&cache, 1, 5), (1, 5));
        assert_eq!(q(&cache, 0, 5), (0, 0));
        cache.assign(LeaderEpoch(2), 5).unwrap();
        assert_eq!(q(&cache, 2, 10), (2, 10));
        assert_eq!(q(&cache, 1, 10), (1, 5));
        assert_eq!(q(&cache, 0, 10), (0, 0));
    }

    /// Kafka rejects a negative epoch or offset with IllegalArgumentException.
    #[test]
    fn assign_rejects_negative_values() {
        let mut cache = LeaderEpochCache::new();
        assert!(cache.assign(LeaderEpoch(-1), 0).is_err());
        assert!(cache.assign(LeaderEpoch(0), -1).is_err());
        assert_eq!(cache.assign(LeaderEpoch(0), 0), Ok(true));
        assert_eq!(cache.assign(LeaderEpoch(0), 3), Ok(false));
    }

    /// `LeaderEpochFileCache.truncateFromEnd` / `truncateFromStart` /
    /// `epochForOffset` as read in the source; the values are ours, not from
    /// a Kafka test vector.
    #[test]
    fn truncate_from_end_start_and_epoch_for_offset() {
        let base = cache_of(&[(2, 6), (3, 8), (4, 11)]);
        let mut end = base.clone();
        end.truncate_from_end(9);
        assert_eq!(pairs(&end), vec![(2, 6), (3, 8)]);
        end.truncate_from_end(8);
        assert_eq!(pairs(&end), vec![(2, 6)]);
        let mut start = base.clone();
        start.truncate_from_start(9);
        assert_eq!(pairs(&start), vec![(3, 9), (4, 11)]);
        start.truncate_from_start(11);
        assert_eq!(pairs(&start), vec![(4, 11)]);
        start.truncate_from_start(5);
        assert_eq!(pairs(&start), vec![(4, 11)]);
        assert_eq!(base.epoch_for_offset(5), None);
        assert_eq!(base.epoch_for_offset(6), Some(LeaderEpoch(2)));
        assert_eq!(base.epoch_for_offset(10), Some(LeaderEpoch(3)));
        assert_eq!(base.epoch_for_offset(100), Some(LeaderEpoch(4)));
    }

    /// `AbstractFetcherThreadTest.testTruncation`: follower epochs 0,2,4 and
    /// leader epochs 1,3,5 at offsets 0..2 converge to offset 0 in three
    /// OffsetForLeaderEpoch rounds (two KIP-279 intermediate steps).
    #[test]
    fn abstract_fetcher_thread_test_truncation() {
        let leader = cache_of(&[(1, 0), (3, 1), (5, 2)]);
        let leader_leo = 3;
        let mut follower = cache_of(&[(0, 0), (2, 1), (4, 2)]);
        let mut follower_leo = 3;
        let mut rounds = Vec::new();
        loop {
            let asked = follower.latest_epoch().unwrap();
            let answer = leader.end_offset_for(asked, leader_leo);
            let state = truncation_offset(&follower, follower_leo, 0, answer);
            follower.truncate_from_end(state.offset);
            follower_leo = follower_leo.min(state.offset);
            rounds.push((state.offset, state.truncation_completed));
            if state.truncation_completed {
                break;
            }
        }
        assert_eq!(rounds, vec![(2, false), (1, false), (0, true)]);
        assert_eq!(pairs(&follower), vec![]);
    }

    /// `AbstractFetcherThreadTest.testDivergingEpochs`: follower epochs 0,2,4,
    /// leader 0,2,5; the Fetch reports a diverging epoch and the follower
    /// truncates to offset 2, so its last fetched epoch becomes 2.
    #[test]
    fn abstract_fetcher_thread_test_diverging_epochs() {
        let leader = cache_of(&[(0, 0), (2, 1), (5, 2)]);
        let mut follower = cache_of(&[(0, 0), (2, 1), (4, 2)]);
        let diverging = diverging_epoch(&leader, 3, LeaderEpoch(4), 3);
        assert_eq!(diverging, Some((LeaderEpoch(2), 2)));
        let state = truncation_offset(&follower, 3, 0, diverging.unwrap());
        assert_eq!(state, TruncationState { offset: 2, truncation_completed: true });
        follower.truncate_from_end(state.offset);
        assert_eq!(follower.latest_epoch(), Some(LeaderEpoch(2)));
        // Once the logs agree the leader reports no divergence.
        assert_eq!(diverging_epoch(&leader, 3, LeaderEpoch(2), 2), None);
        assert_eq!(diverging_epoch(&leader, 3, LeaderEpoch(5), 3), None);
    }

    /// `AbstractFetcherThreadTest.testTruncateToHighWatermarkIfLeaderEpochInfoNotAvailable`
    /// (and `...RequestNotSupported`): an undefined end offset truncates to the
    /// fetch offset (the high watermark, 2). Also the pre-KIP-279 fallbacks.
    #[test]
    fn truncation_fallbacks() {
        let follower = cache_of(&[(0, 0), (2, 1), (4, 2)]);
        let undefined = (LeaderEpoch::UNDEFINED, UNDEFINED_OFFSET);
        assert_eq!(
            truncation_offset(&follower, 3, 2, undefined),
            TruncationState { offset: 2, truncation_completed: true }
        );
        // Leader answers without an epoch: min(leader end, follower LEO).
        let no_epoch = (LeaderEpoch::UNDEFINED, 1);
        assert_eq!(
            truncation_offset(&follower, 3, 0, no_epoch),
            TruncationState { offset: 1, truncation_completed: true }
        );
        // Follower tracks no epochs: min(leader end, follower LEO).
        let empty = LeaderEpochCache::new();
        let answer = (LeaderEpoch(3), 5);
        assert_eq!(truncation_offset(&empty, 7, 0, answer), TruncationState { offset: 5, truncation_completed: true });
        // Same epoch, leader ends later than the follower's log: keep the LEO.
        let same = (LeaderEpoch(4), 10);
        assert_eq!(truncation_offset(&follower, 3, 0, same), TruncationState { offset: 3, truncation_completed: true });
    }
}
