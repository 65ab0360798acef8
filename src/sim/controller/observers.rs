//! The metadata log's observers, as the KRaft leader tracks them.
//!
//! Brokers are observers of `__cluster_metadata`: the leader keeps, per
//! observer, the end offset of its last fetch, when that fetch came
//! (`lastFetchTimestamp`) and when it last reached the leader's end offset
//! (`lastCaughtUpTimestamp`), following `LeaderState.ReplicaState.updateFollowerState`.
//! An observer silent for `OBSERVER_SESSION_TIMEOUT_MS` is dropped
//! (`LeaderState.clearInactiveObservers`, run whenever the states are read):
//! a crashed broker stays listed for five minutes, its timestamps stale and
//! its lag growing.
// Simplification: a broker's metadata fetch is modelled by its heartbeat
// (every `broker.heartbeat.interval.ms`), which carries its metadata offset.

use super::Controller;
use crate::sim::ids::BrokerId;
use crate::sim::node::Ctx;

/// `LeaderState.OBSERVER_SESSION_TIMEOUT_MS`.
pub const OBSERVER_SESSION_TIMEOUT_MS: u64 = 300_000;

/// One observer's replica state (simulated milliseconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ObserverState {
    /// The offset of its last fetch: its log end offset.
    pub end_offset: u64,
    pub last_fetch_ms: u64,
    /// `None` until a fetch has reached the leader's end offset.
    pub last_caught_up_ms: Option<u64>,
    /// The leader's end offset at the previous fetch.
    last_fetch_leader_end: u64,
}

impl Controller {
    /// `updateFollowerState` for a fetch from `b` at `offset`.
    pub(super) fn observe_fetch(&mut self, ctx: &Ctx, b: BrokerId, offset: u64) {
        let now = ctx.now_ms();
        let leader_end = self.image.offset;
        let s = self.observers.entry(b).or_insert(ObserverState {
            end_offset: 0,
            last_fetch_ms: now,
            last_caught_up_ms: None,
            last_fetch_leader_end: 0,
        });
        if offset >= leader_end {
            s.last_caught_up_ms = Some(s.last_caught_up_ms.map_or(now, |t| t.max(now)));
        } else if s.last_fetch_leader_end > 0 && offset >= s.last_fetch_leader_end {
            s.last_caught_up_ms = Some(s.last_caught_up_ms.map_or(s.last_fetch_ms, |t| t.max(s.last_fetch_ms)));
        }
        s.last_fetch_leader_end = leader_end;
        s.last_fetch_ms = s.last_fetch_ms.max(now);
        s.end_offset = offset;
    }

    /// The observers still in session at `now_ms`, by broker id.
    pub fn active_observers(&self, now_ms: u64) -> Vec<(BrokerId, ObserverState)> {
        self.observers
            .iter()
            .filter(|(_, s)| now_ms.saturating_sub(s.last_fetch_ms) < OBSERVER_SESSION_TIMEOUT_MS)
            .map(|(b, s)| (*b, *s))
            .collect()
    }
}
